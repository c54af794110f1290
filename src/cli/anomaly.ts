#!/usr/bin/env node
/**
 * `npm run anomaly -- --preset quick`: notebook 04's AUROC table outside the notebook. Trains
 * (or loads from their checkpoints) the preset's per-digit models, scores the 10,000 test images
 * of MNIST by reconstruction error, and prints the AUROC of each normal digit and the mean, per
 * latent dim, beside Ruff et al.'s published table.
 */
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { auroc } from '../analysis/roc';
import { RUFF_2018_MNIST } from '../analysis/published';
import { perImageMse } from '../analysis/per-image';
import { selectBackend } from '../backend';
import { loadMnist } from '../data/mnist';
import { PRESETS, describeJob, planOneClassSweep, presetCheckpoints, presetFromEnv, runJobs } from '../train';
import { backendOption, cliCommand, optionParser, presetOption, type PresetCommandOptions, parseDigits, parseDims, positiveInteger } from './parse';

interface CliOptions extends PresetCommandOptions {
  dims?: number[];
  digits?: number[];
  workers?: number;
}

function buildProgram(): Command {
  return cliCommand('anomaly', "AUROC of one autoencoder per normal digit on MNIST's test set (trains the models a checkpoint does not hold).")
    .addOption(presetOption("whose models: the preset's digits, latent dims and epochs"))
    .addOption(new Option('--dims <list>', "only these of the preset's latent dims, e.g. 32").argParser(optionParser(parseDims)))
    .addOption(new Option('--digits <list>', "only these normal digits, e.g. 1,8 (default: all ten)").argParser(optionParser(parseDigits)))
    .addOption(new Option('--checkpoints <dir>', 'where the models are trained into and loaded from (default: data/checkpoints)'))
    .addOption(new Option('--workers <n>', 'models trained at once (default: the number of cores)').argParser(positiveInteger))
    .addOption(backendOption());
}

const percent = (value: number): string => (100 * value).toFixed(1);

async function main(argv: string[]): Promise<void> {
  const options = buildProgram().parse(argv).opts<CliOptions>();
  const preset = options.preset !== undefined ? PRESETS[options.preset] : presetFromEnv();
  const { dims: presetDims, headlineDim, epochs } = preset.oneClass;
  const dims = options.dims ?? presetDims;
  const digits = options.digits ?? preset.oneClass.digits;
  const unknown = dims.filter((dim) => !presetDims.includes(dim));
  if (unknown.length > 0) throw new Error(`--dims ${unknown.join(',')}: the ${preset.name} preset's per-digit models have latent dims ${presetDims.join(', ')}`);

  const backend = await selectBackend(options.backend !== undefined ? { backend: options.backend } : {});
  const mnist = loadMnist();
  const isAnomaly = (digit: number) => Array.from(mnist.test.labels, (label) => label !== digit);
  const started = performance.now();
  const aurocs = new Map<string, number[]>(); // `${dim}/${digit}`: one per seed
  const planned = planOneClassSweep(preset).filter((job) => dims.includes(job.model.latentDim) && digits.includes(job.training.subset.classes![0]!));
  await runJobs(mnist, planned, {
    checkpoints: options.checkpoints !== undefined ? { dir: path.resolve(options.checkpoints), reuse: true } : presetCheckpoints(),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    onEpoch: (job, progress) => {
      console.log(`${describeJob(job)}: epoch ${progress.epoch + 1}/${progress.epochs}, validation MSE ${progress.valLoss.toFixed(5)}${progress.isBest ? ' *' : ''}`);
    },
    onModel: (entry, model) => {
      const digit = entry.job.training.subset.classes![0]!;
      const value = auroc(perImageMse(model, mnist.test), isAnomaly(digit));
      const which = `${entry.job.model.latentDim}/${digit}`;
      aurocs.set(which, [...(aurocs.get(which) ?? []), value]);
      const how = entry.source === 'checkpoint' ? 'loaded' : 'trained';
      console.log(`${describeJob(entry.job)}: ${how}, best epoch ${entry.result.bestEpoch + 1}/${epochs}, AUROC ${percent(value)} %`);
    },
  });
  const minutes = ((performance.now() - started) / 60000).toFixed(1);
  console.log(`\n${preset.name} preset: ${epochs} epoch(s) per model, seeds ${preset.oneClass.seeds.join(', ')}, score = per-image MSE, backend ${backend}, ${minutes} min\n`);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  // Ours: mean ± sample sd over the seeds, as Ruff et al. report theirs over 10 seeds.
  const sd = (values: number[]) => (values.length < 2 ? 0 : Math.sqrt(values.reduce((sum, value) => sum + (value - mean(values)) ** 2, 0) / (values.length - 1)));
  const plusMinus = (values: number[]) => `${percent(mean(values))} ± ${(100 * sd(values)).toFixed(1)}`;

  const ruff = RUFF_2018_MNIST.rows;
  const dimColumn = (dim: number) => `AUROC %, d = ${dim}${dim === headlineDim ? ' (headline)' : ''}, mean ± sd of seeds`;
  console.log(`| normal digit | ${dims.map(dimColumn).join(' | ')} | ${ruff.map((row) => `${row.method} (Ruff et al. 2018)`).join(' | ')} |`);
  console.log(`|---|${dims.map(() => '---|').join('')}${ruff.map(() => '---|').join('')}`);
  for (const digit of digits) {
    const ours = dims.map((dim) => plusMinus(aurocs.get(`${dim}/${digit}`)!));
    console.log(`| ${digit} | ${ours.join(' | ')} | ${ruff.map((row) => `${row.mean[digit]!.toFixed(1)} ± ${row.std[digit]!.toFixed(1)}`).join(' | ')} |`);
  }
  const seedCount = preset.oneClass.seeds.length;
  const ourMeans = dims.map((dim) => plusMinus(Array.from({ length: seedCount }, (_, run) => mean(digits.map((digit) => aurocs.get(`${dim}/${digit}`)![run]!)))));
  console.log(`| mean${digits.length < 10 ? ` of ${digits.join(', ')}` : ''} | ${ourMeans.join(' | ')} | ${ruff.map((row) => mean(digits.map((digit) => row.mean[digit]!)).toFixed(1)).join(' | ')} |`);
}

main(process.argv).catch((error: unknown) => {
  console.error(`anomaly: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
