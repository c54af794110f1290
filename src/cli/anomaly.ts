#!/usr/bin/env node
/**
 * `npm run anomaly -- --preset quick`: notebook 04's result outside the notebook. Trains (or
 * loads from their checkpoints) the preset's per-digit candidate models, scores the validation
 * and test images with every candidate score, runs both selection protocols (the strict one's
 * configuration fixed in advance; the known-anomaly one's chosen by mean validation AUROC), and
 * prints their test AUROCs per normal digit (mean ± sd over the seeds) beside OCGAN's Table 2
 * and Ruff et al.'s Deep SVDD.
 */
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { anomalyProtocols } from '../analysis/anomaly-protocols';
import { type AnomalyScoreName, oneClassConfigurations, oneClassScores } from '../analysis/anomaly-scores';
import { anomalyComparisonTable } from '../analysis/anomaly-table';
import type { SplitScores } from '../analysis/anomaly-protocols';
import { selectBackend } from '../train/backend';
import { loadMnist } from '../data/mnist';
import { splitValidation } from '../data/split';
import { markdownTable } from '../notebook/display';
import { PRESETS, describeJob, planOneClassJobs, presetCheckpoints, presetFromEnv, runJobs } from '../train';
import { backendOption, cliCommand, optionParser, presetOption, type PresetCommandOptions, parseDigits, positiveInteger } from './parse';

interface CliOptions extends PresetCommandOptions {
  digits?: number[];
  workers?: number;
}

function buildProgram(): Command {
  return cliCommand('anomaly', "AUROC of one autoencoder per normal digit on MNIST's test set, under both selection protocols (trains the models a checkpoint does not hold).")
    .addOption(presetOption("whose models: the preset's digits, candidate models, seeds and epochs"))
    .addOption(new Option('--digits <list>', "only these normal digits, e.g. 1,8 (default: all ten); the protocols then choose on these alone").argParser(optionParser(parseDigits)))
    .addOption(new Option('--checkpoints <dir>', 'where the models are trained into and loaded from (default: data/checkpoints)'))
    .addOption(new Option('--workers <n>', 'models trained at once (default: the number of cores)').argParser(positiveInteger))
    .addOption(backendOption());
}

async function main(argv: string[]): Promise<void> {
  const options = buildProgram().parse(argv).opts<CliOptions>();
  const preset = options.preset !== undefined ? PRESETS[options.preset] : presetFromEnv();
  const plan = preset.oneClass;
  const digits = options.digits ?? plan.digits;
  const { candidates, strict } = oneClassConfigurations(plan);

  const backend = await selectBackend(options.backend !== undefined ? { backend: options.backend } : {});
  const mnist = loadMnist();
  const split = splitValidation(mnist.train.labels);
  const started = performance.now();
  const scores = new Map<string, Record<AnomalyScoreName, SplitScores>>(); // `${model}/${digit}/${seed}`
  const planned = planOneClassJobs(preset).filter((entry) => digits.includes(entry.digit));
  const plannedByJob = new Map(planned.map((entry) => [entry.job, entry]));
  await runJobs(mnist, planned.map(({ job }) => job), {
    checkpoints: options.checkpoints !== undefined ? { dir: path.resolve(options.checkpoints), reuse: true } : presetCheckpoints(),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    onEpoch: (job, progress) => {
      console.log(`${describeJob(job)}: epoch ${progress.epoch + 1}/${progress.epochs}, validation MSE ${progress.valLoss.toFixed(5)}${progress.isBest ? ' *' : ''}`);
    },
    onModel: (entry, model) => {
      const { model: candidate, digit, seed } = plannedByJob.get(entry.job)!;
      scores.set(`${candidate}/${digit}/${seed}`, oneClassScores(model, mnist, split, digit));
      const how = entry.source === 'checkpoint' ? 'loaded' : 'trained';
      console.log(`${describeJob(entry.job)}: ${how}, best epoch ${entry.result.bestEpoch + 1}/${plan.epochs}, scored`);
    },
  });
  const byName = new Map(candidates.map((candidate) => [candidate.name, candidate]));
  const result = anomalyProtocols({
    candidates: candidates.map((candidate) => candidate.name),
    strict: strict.name,
    digits,
    seeds: plan.seeds,
    scores: (name, digit, seed) => { const candidate = byName.get(name)!; return scores.get(`${candidate.model}/${digit}/${seed}`)![candidate.score]; },
    validationLabels: Array.from(split.validation, (index) => mnist.train.labels[index]!),
    testLabels: mnist.test.labels,
  });
  const minutes = ((performance.now() - started) / 60000).toFixed(1);
  console.log(`\n${preset.name} preset: ${plan.epochs} epoch(s) per model at learning rate ${plan.learningRate}, seeds ${plan.seeds.join(', ')}, backend ${backend}, ${minutes} min\n`);
  const percent = (value: number) => (100 * value).toFixed(2);
  console.log(markdownTable(['configuration (model · score)', 'mean validation AUROC %', 'strict protocol', 'known-anomaly protocol'],
    candidates.map(({ name }) => [name, percent(result.knownAnomalies.validationAuroc[name]!), name === strict.name ? 'fixed in advance' : '', name === result.knownAnomalies.candidate ? 'chosen' : ''])));
  console.log('');
  const { header, rows } = anomalyComparisonTable([
    { method: `ours, strict: ${result.strict.candidate}`, source: 'this run, mean ± sd of seeds', runs: result.strict.testAuroc },
    { method: `ours, known anomalies: ${result.knownAnomalies.candidate}`, source: 'this run, mean ± sd of seeds', runs: result.knownAnomalies.testAuroc },
  ], digits);
  console.log(markdownTable(header, rows));
}

main(process.argv).catch((error: unknown) => {
  console.error(`anomaly: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
