#!/usr/bin/env node
/**
 * `npm run baseline -- --preset full`: notebook 03's baseline table outside the notebook. Fits
 * PCA on the training images and prints, per latent dim, the autoencoders' test MSE (read from
 * their finished checkpoints; nothing is trained here), PCA's test MSE with as many components,
 * and how many PCA components it takes to do as well as the autoencoder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { selectBackend } from '../train/backend';
import { imagesAt } from '../data/batching';
import { type Mnist, loadMnist } from '../data/mnist';
import { splitValidation } from '../data/split';
import { toUnitRange } from '../data/transforms';
import { componentsMatching, fitPca, pcaMseByComponents } from '../analysis/pca';
import { mseSeries } from '../plot/results';
import { findProjectRoot } from '../util/paths';
import {
  CHECKPOINT_FILES, PRESETS, TRAINING_DEFAULTS, type TrainJob, checkpointStatus, describeJob, jobFolderName, planPresetSweep,
  presetCheckpoints, presetFromEnv, readCheckpointMetadata,
} from '../train';
import { type PresetCommandOptions, backendOption, cliCommand, presetOption } from './parse';

/** PCA is fitted up to this many components: past every autoencoder of the sweep. */
const MAX_COMPONENTS = 64;

function buildProgram(): Command {
  return cliCommand('baseline', "Autoencoders' test MSE beside PCA's, and the PCA components each latent dim is worth (from finished checkpoints).")
    .addOption(presetOption("whose models: the preset's dims, epochs and extra seeds"))
    .addOption(new Option('--checkpoints <dir>', 'where their checkpoints are (default: data/pretrained, then data/checkpoints)'))
    .addOption(backendOption());
}

/** Where a preset's models are looked for: the shipped ones first (the full preset's, the quick preset's extra seeds), then data/checkpoints. */
function checkpointDirs(): string[] {
  const where = presetCheckpoints();
  return [...(where.pretrained ? [where.pretrained] : []), where.dir];
}

/** The finished checkpoint's test MSE, or what is in `folder` instead, said for an error message. */
function lookUp(folder: string, job: TrainJob, mnist: Mnist): number | string {
  if (!fs.existsSync(path.join(folder, CHECKPOINT_FILES.metadata))) return 'none';
  const status = checkpointStatus(folder, job, mnist);
  if (status === undefined) return 'one trained with other settings or data';
  if (status === 'unfinished') return 'an unfinished one';
  return readCheckpointMetadata(folder).testLoss ?? 'one without a test MSE (saved before test scoring was added)';
}

/** The sweep options that train exactly `job` into `dir`, resuming an unfinished run there. */
function sweepArguments(job: TrainJob, dir: string, shown: (dir: string) => string): string {
  const { model, training } = job;
  const subset = training.subset ?? {};
  const parts = [`--dims ${model.latentDim}`, `--epochs ${training.epochs}`];
  if (model.seed !== TRAINING_DEFAULTS.seed) parts.push(`--seed ${model.seed}`);
  if (subset.first !== undefined) parts.push(`--train-subset ${subset.first}`);
  if (subset.perClass !== undefined) parts.push(`--per-class ${subset.perClass}`);
  if (subset.classes !== undefined) parts.push(`--digits ${subset.classes.join(',')}`);
  return [...parts, `--checkpoints ${shown(dir)}`, '--reuse'].join(' ');
}

async function main(argv: string[]): Promise<void> {
  const root = findProjectRoot();
  const options = buildProgram().parse(argv).opts<PresetCommandOptions>();
  const preset = options.preset !== undefined ? PRESETS[options.preset] : presetFromEnv();
  const dirs = options.checkpoints !== undefined ? [path.resolve(options.checkpoints)] : checkpointDirs();
  const jobs = planPresetSweep(preset);
  const mnist = loadMnist();
  const shown = (dir: string) => (path.relative(root, dir).startsWith('..') ? dir : path.relative(root, dir));
  // Every checkpoint is looked up before the PCA fit, so that a missing one fails at once.
  const runs = jobs.map((job) => {
    const found = dirs.map((dir) => lookUp(path.join(dir, jobFolderName(job)), job, mnist));
    const testLoss = found.find((result) => typeof result === 'number');
    if (typeof testLoss === 'number') return { latentDim: job.model.latentDim, seed: job.model.seed, mse: testLoss };
    const why = dirs.map((dir, index) => `${shown(dir)} has ${found[index]}`).join(', ');
    const epochs = `${preset.epochs} epoch${preset.epochs === 1 ? '' : 's'}`;
    throw new Error(`no finished checkpoint with a test MSE of ${describeJob(job)} (${preset.name} preset, ${epochs}): ${why}; ` +
      `make it with npm run sweep -- ${sweepArguments(job, dirs.at(-1)!, shown)}`);
  });

  const backend = await selectBackend(options.backend !== undefined ? { backend: options.backend } : {});
  const started = performance.now();
  const split = splitValidation(mnist.train.labels);
  const pca = fitPca(toUnitRange(imagesAt(mnist.train, split.train)), mnist.train.rows * mnist.train.cols, MAX_COMPONENTS);
  const pcaMse = pcaMseByComponents(pca, toUnitRange(mnist.test.images), MAX_COMPONENTS);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`PCA fitted on the ${split.train.length} training images and scored on the ${mnist.test.count} test images in ${seconds} s (backend ${backend})`);
  console.log(`the mean image (k = 0): test MSE ${pcaMse[0]!.toFixed(5)}\n`);

  const worth = (mse: number) => String(componentsMatching(pcaMse, mse) ?? `more than ${MAX_COMPONENTS}`);
  const seeds = preset.spread ? `seeds ${[0, ...preset.spread.seeds].join(', ')}` : '';
  console.log(`| d | autoencoder test MSE (${preset.name}: ${preset.epochs} epochs, seed 0) | PCA test MSE, k = d | PCA components it is worth |${seeds ? ` ${seeds}: MSE, components worth |` : ''}`);
  console.log(`|---|---|---|---|${seeds ? '---|' : ''}`);
  for (const point of mseSeries(runs).flatMap((series) => series.rows)) {
    const seed0 = runs.find((run) => run.latentDim === point.latentDim && run.seed === 0)!.mse;
    const spread = point.runs > 1 ? ` ${point.min.toFixed(5)}–${point.max.toFixed(5)}, ${worth(point.max)}–${worth(point.min)} |` : seeds ? ' |' : '';
    console.log(`| ${point.latentDim} | ${seed0.toFixed(5)} | ${pcaMse[point.latentDim]!.toFixed(5)} | ${worth(seed0)} |${spread}`);
  }
}

main(process.argv).catch((error: unknown) => {
  console.error(`baseline: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
