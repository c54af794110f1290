#!/usr/bin/env node
/**
 * `npm run sweep -- --dims 1-10 --epochs 5`: the tutorial's experiment from the command line.
 * Trains one autoencoder per latent dimension on real MNIST, prints losses and throughput,
 * writes a checkpoint per model and `figures/reconstruction-latent-<dim>.png`.
 */
import * as path from 'node:path';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import { type BackendName, selectBackend } from '../train/backend';
import { fixedExamplesPerClass, imagesAt } from '../data/batching';
import { selectTrainingIndices } from '../data/loaders';
import { loadMnist } from '../data/mnist';
import { toUnitRange } from '../data/transforms';
import { DECODER_VARIANTS, type DecoderVariant, reconstructPixels } from '../model';
import { describeMsePoint, mseSeries, stackedRowsPng } from '../plot';
import { writeFileAtomic } from '../util/files';
import { findProjectRoot } from '../util/paths';
import { ALL_LATENT_DIMS, type SweepEntry, TRAINING_DEFAULTS, defaultCheckpointRoot, sweepLatentDims } from '../train';
import { backendOption, cliCommand, integer, nonNegativeNumber, optionParser, parseDigits, parseDims, parseSeeds, positiveInteger, positiveNumber } from './parse';

interface CliOptions {
  dims: number[];
  epochs: number;
  batchSize: number;
  trainSubset?: number;
  perClass?: number;
  digits?: number[];
  decoder: DecoderVariant;
  backend?: BackendName | 'auto';
  seed: number;
  seeds?: number[];
  learningRate: number;
  weightDecay: number;
  checkpoints: string;
  figures: string;
  save: boolean;
  reuse: boolean;
  overwrite: boolean;
  workers?: number;
  denoiseSigma?: number;
}

function buildProgram(root: string): Command {
  return cliCommand('sweep', 'Train one convolutional autoencoder per latent dimension on MNIST.')
    .addOption(new Option('--dims <list>', 'latent dimensions: 4, 1-10 or 1,2,5,10').default([...ALL_LATENT_DIMS], '1-10').argParser(optionParser(parseDims)))
    .addOption(new Option('--epochs <n>', 'epochs per model (the original used 50)').default(5).argParser(positiveInteger))
    .addOption(new Option('--batch-size <n>', 'batch size').default(TRAINING_DEFAULTS.batchSize).argParser(positiveInteger))
    .addOption(new Option('--train-subset <n>', 'train on the first N training images').argParser(positiveInteger))
    .addOption(new Option('--per-class <n>', 'train on the first N training images of each digit').argParser(positiveInteger).conflicts('trainSubset'))
    .addOption(new Option('--digits <list>', 'only these digit classes, e.g. 3 or 0-4 (train and test)').argParser(optionParser(parseDigits)))
    .addOption(new Option('--decoder <variant>', 'decoder variant').choices(DECODER_VARIANTS).default(TRAINING_DEFAULTS.decoder))
    .addOption(backendOption())
    .addOption(new Option('--seed <n>', 'seed of weights and shuffling').default(TRAINING_DEFAULTS.seed).argParser(integer))
    .addOption(new Option('--seeds <list>', 'one model per dim and seed, e.g. 0,1,2: shows the spread between runs').argParser(optionParser(parseSeeds)).conflicts('seed'))
    .addOption(new Option('--learning-rate <x>', 'Adam learning rate').default(TRAINING_DEFAULTS.learningRate).argParser(positiveNumber))
    .addOption(new Option('--weight-decay <x>', 'L2 penalty added to the gradients, as torch.optim.Adam').default(TRAINING_DEFAULTS.weightDecay).argParser(nonNegativeNumber))
    .addOption(new Option('--checkpoints <dir>', 'checkpoint folder (one folder per model inside, named by all its settings; data/pretrained is written only by npm run ship)').default(defaultCheckpointRoot()))
    .addOption(new Option('--figures <dir>', 'figure folder').default(path.join(root, 'figures')))
    .option('--no-save', 'do not write checkpoints or figures')
    .addOption(new Option('--workers <n>', 'models trained at once, each in a worker thread (default: the number of cores; 1 on tfjs-node, which uses them all)').argParser(positiveInteger))
    .addOption(new Option('--denoise-sigma <σ>', 'train denoising autoencoders: inputs with Gaussian noise of this σ (pixels in [0, 1]), clean targets').argParser(positiveNumber))
    .option('--reuse', 'load a model from its checkpoint instead of training when one with the same settings and data exists, and go on with an unfinished one', false)
    .option('--overwrite', "replace a checkpoint made with other settings or data, or a damaged one, in a model's folder (without it, the run stops and names the folder)", false);
}

function formatLoss(value: number): string {
  return value.toFixed(5);
}

/** A checkpoint written before the test split was scored once at the end has no test MSE. */
function formatTestLoss(value: number | undefined): string {
  return value === undefined ? '-' : formatLoss(value);
}

async function main(argv: string[]): Promise<void> {
  const root = findProjectRoot();
  const program = buildProgram(root);
  program.parse(argv);
  const options = program.opts<CliOptions>();

  const backend = await selectBackend(options.backend !== undefined ? { backend: options.backend } : {});
  const mnist = loadMnist();
  console.log(`data: ${mnist.train.count} train / ${mnist.test.count} test images from ${path.relative(root, mnist.source) || mnist.source} (SHA-256 verified)`);

  const subset = {
    ...(options.trainSubset !== undefined ? { first: options.trainSubset } : {}),
    ...(options.perClass !== undefined ? { perClass: options.perClass } : {}),
    ...(options.digits !== undefined ? { classes: options.digits } : {}),
  };
  try {
    selectTrainingIndices(mnist.train.labels, subset);
  } catch (error) {
    const given = [['--train-subset', options.trainSubset], ['--per-class', options.perClass], ['--digits', options.digits]]
      .filter(([, value]) => value !== undefined).map(([name]) => name);
    throw new Error(`${given.join(' / ')}: ${(error as Error).message}`);
  }
  // The same test digits in every figure: the first test image of each (chosen) class.
  const shown = Array.from(fixedExamplesPerClass(mnist.test.labels, 1))
    .filter((index) => options.digits === undefined || options.digits.includes(mnist.test.labels[index]!));
  const shownPixels = imagesAt(mnist.test, shown);

  // One bar per model in training (several with --workers > 1); epoch lines print above them.
  const bars = new MultiBar({
    format: '{model} epoch {epoch} |{bar}| {value}/{total} batches | loss {loss} | {eta_formatted} left',
    hideCursor: true,
    clearOnComplete: true,
  }, Presets.shades_classic);
  const barOf = new Map<number, SingleBar>(); // by job index
  // Bars are drawn on a terminal only (on stderr, cli-progress's default stream); while they
  // are, lines go through the bars' log so that they print above them.
  const drawBars = process.stderr.isTTY === true;
  // Models are named by dim, and by seed too when several seeds train.
  const name = (dim: number, seed: number): string => (options.seeds ? `dim ${dim} seed ${seed}` : `dim ${dim}`);
  const say = (line: string): void => {
    if (barOf.size > 0) bars.log(`${line}\n`);
    else console.log(line);
  };

  const sweepStarted = performance.now();
  const entries = await sweepLatentDims(mnist, {
    dims: options.dims,
    epochs: options.epochs,
    batchSize: options.batchSize,
    decoder: options.decoder,
    ...(options.seeds ? { seeds: options.seeds } : { seed: options.seed }),
    subset,
    learningRate: options.learningRate,
    weightDecay: options.weightDecay,
    ...(options.denoiseSigma !== undefined ? { corruption: { kind: 'gaussian' as const, sigma: options.denoiseSigma } } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    onBatch: (job, progress, index) => {
      if (!drawBars) return;
      let bar = barOf.get(index);
      if (bar === undefined) {
        bar = bars.create(progress.numBatches, 0, { model: name(job.model.latentDim, job.model.seed), epoch: `${progress.epoch + 1}/${options.epochs}`, loss: '-' });
        barOf.set(index, bar);
      }
      bar.update(progress.batch + 1, { loss: formatLoss(progress.loss) });
    },
    onEpoch: (job, progress, index) => {
      const bar = barOf.get(index);
      if (bar !== undefined) bars.remove(bar);
      barOf.delete(index);
      say(
        `${name(job.model.latentDim, job.model.seed)} epoch ${progress.epoch + 1}/${progress.epochs}  train ${formatLoss(progress.trainLoss)}  validation ${formatLoss(progress.valLoss)}` +
        `${progress.isBest ? ' *' : '  '}  ${Math.round(progress.imagesPerSecond)} images/s  ${progress.trainSeconds.toFixed(1)} s`,
      );
    },
    ...(options.save ? { checkpoints: { dir: options.checkpoints, reuse: options.reuse, overwrite: options.overwrite } } : {}),
    onModel: (entry, model) => {
      const { dim, seed, result } = entry;
      const how = entry.source === 'checkpoint' ? 'loaded from its checkpoint (same settings)' : 'trained';
      say(`${name(dim, seed)}: ${how}, best epoch ${result.bestEpoch + 1}, validation MSE ${formatLoss(result.bestValLoss)}, test MSE ${formatTestLoss(result.testLoss)} (pixel units, [0,1] scale)`);
      if (!options.save) return;
      const reconstructed = reconstructPixels(model, shownPixels);
      const figure = path.join(options.figures, `reconstruction-latent-${dim}${options.seeds ? `-seed-${seed}` : ''}.png`);
      writeFileAtomic(figure, stackedRowsPng([{ label: 'original', images: toUnitRange(shownPixels) }, { label: `d = ${dim}`, images: reconstructed }], shown.length, {
        title: `First test image of each digit, and its reconstruction (latent dim ${dim}, ${options.epochs} epochs)`,
      }));
      const checkpoint = entry.source === 'trained' ? `${path.relative(process.cwd(), entry.checkpoint ?? '')}/ and ` : '';
      say(`${name(dim, seed)}: wrote ${checkpoint}${path.relative(process.cwd(), figure)}`);
    },
  });
  bars.stop();
  const minutes = (performance.now() - sweepStarted) / 60000;
  console.log(`\nlatent dim${options.seeds ? '  seed' : ''}  best epoch  validation MSE  test MSE   (backend ${backend}, ${minutes.toFixed(1)} min)`);
  for (const { dim, seed, result } of entries) {
    const seedColumn = options.seeds ? `  ${String(seed).padStart(4)}` : '';
    console.log(`${String(dim).padStart(10)}${seedColumn}  ${String(result.bestEpoch + 1).padStart(10)}  ${formatLoss(result.bestValLoss).padStart(14)}  ${formatTestLoss(result.testLoss).padStart(8)}`);
  }
  if (options.seeds) {
    console.log(`\nover ${options.seeds.length} seeds: mean (min–max)`);
    const spread = (split: string, values: (entry: SweepEntry) => number | undefined) => mseSeries(entries.flatMap((entry) => {
      const mse = values(entry);
      return mse === undefined ? [] : [{ latentDim: entry.dim, mse, split }];
    }));
    for (const series of [...spread('validation', (entry) => entry.result.bestValLoss), ...spread('test', (entry) => entry.result.testLoss)]) {
      for (const point of series.rows) console.log(`latent dim ${point.latentDim} ${series.split} MSE ${describeMsePoint(point)}`);
    }
  }
}

main(process.argv).catch((error: unknown) => {
  console.error(`sweep: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
