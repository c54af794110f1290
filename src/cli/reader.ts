#!/usr/bin/env node
/**
 * `npm run reader`: trains the digit reader the notebooks measure reconstructions with, on the clean
 * training part of MNIST (the autoencoders' validation split held out), chooses its epoch on the
 * validation images, scores the test split once, and saves it. The shipped one is
 * `npm run reader -- --out data/pretrained/digit-reader`.
 */
import * as path from 'node:path';
import { Option } from 'commander';
import { type BackendName, selectBackend } from '../train/backend';
import { loadMnist } from '../data/mnist';
import { findProjectRoot } from '../util/paths';
import { READER_DEFAULTS, type ReaderMetadata, defaultCheckpointRoot, fitDigitReader, refuseShippedFolder, saveDigitReader } from '../train';
import { lockFolder } from '../util/folder-lock';
import { recoverFolder } from '../util/folder-swap';
import { backendOption, cliCommand, integer, nonNegativeInteger, positiveInteger } from './parse';

interface CliOptions {
  epochs: number;
  seed: number;
  maxShift: number;
  out: string;
  backend?: BackendName | 'auto';
}

const percent = (share: number) => `${(100 * share).toFixed(2)} %`;

async function main(argv: string[]): Promise<void> {
  const root = findProjectRoot();
  const options = cliCommand('reader', 'Train the digit reader (a small CNN classifier) on the clean MNIST training images.')
    .addOption(new Option('--epochs <n>', 'epochs; the epoch with the best validation accuracy is kept').default(READER_DEFAULTS.epochs).argParser(positiveInteger))
    .addOption(new Option('--seed <n>', 'seed of weights and shuffling').default(READER_DEFAULTS.seed).argParser(integer))
    .addOption(new Option('--max-shift <pixels>', 'move each training image by up to this many pixels (0: never)').default(READER_DEFAULTS.maxShift).argParser(nonNegativeInteger))
    .addOption(new Option('--out <dir>', 'folder to save it in (npm run ship copies it into data/pretrained)').default(path.join(defaultCheckpointRoot(), 'digit-reader')))
    .addOption(backendOption())
    .parse(argv)
    .opts<CliOptions>();
  refuseShippedFolder(options.out);
  const lock = lockFolder(options.out);
  try {
    await trainAndSave(root, options);
  } finally {
    lock.release();
  }
}

async function trainAndSave(root: string, options: CliOptions): Promise<void> {
  recoverFolder(options.out);
  const backend = await selectBackend(options.backend !== undefined ? { backend: options.backend } : {});
  const mnist = loadMnist();
  console.log(`digit reader: ${options.epochs} epochs, seed ${options.seed}, shifts of up to ${options.maxShift} pixels, backend ${backend}`);
  const { reader, result, training } = await fitDigitReader(mnist, { epochs: options.epochs, seed: options.seed, maxShift: options.maxShift }, (progress) => {
    console.log(`epoch ${progress.epoch + 1}/${progress.epochs}: train loss ${progress.trainLoss.toFixed(4)}, validation accuracy ` +
      `${percent(progress.valAccuracy)}${progress.isBest ? ' (best)' : ''}, ${Math.round(progress.imagesPerSecond)} images/s`);
  });
  console.log(`kept epoch ${result.bestEpoch + 1}: validation accuracy ${percent(result.bestValAccuracy)}; test accuracy (scored once) ${percent(result.testAccuracy)}`);
  const metadata: ReaderMetadata = {
    model: { architecture: 'digit-reader', seed: options.seed, input: 'pixels in [0, 1]' },
    training, ...result, backend, dataChecksums: mnist.checksums, savedAt: new Date().toISOString(),
  };
  await saveDigitReader(options.out, reader, metadata);
  console.log(`saved to ${path.relative(root, options.out) || options.out}`);
}

main(process.argv).catch((error: unknown) => {
  console.error(`reader: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
