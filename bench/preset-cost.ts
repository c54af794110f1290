/**
 * What the quick preset gives up: `npm run bench:preset`. Trains latent dims 2 and 10 (in
 * parallel, one worker each) for up to `--epochs` epochs on each training subset and prints
 * the best validation MSE a run of E epochs reaches (same seed ⇒ an E-epoch run is exactly the
 * first E epochs of a longer one, and its kept model is the best epoch so far) with the training
 * time per model, as a Markdown table. It chooses on validation, as training does: the test
 * split plays no part in choosing the preset. Takes about 10 minutes with the defaults. Never part
 * of `npm test`.
 *
 * `--one-class 1,8` measures notebook 04's per-digit models instead: one column per digit,
 * trained on that digit's training images only and chosen on its share of the validation split.
 * `--learning-rate` and `--batch-size` try other settings (one run each), chosen the same way.
 */
import { Command, Option } from 'commander';
import { optionParser, parseDigits, parseDims, positiveInteger, positiveNumber } from '../src/cli/parse';
import { selectBackend } from '../src/train/backend';
import { loadMnist } from '../src/data/mnist';
import type { SubsetOptions } from '../src/data/batching';
import { selectTrainingIndices } from '../src/data/loaders';
import { TRAINING_DEFAULTS, sweepLatentDims } from '../src/train';
import { exitQuietlyWhenStdoutCloses } from '../src/cli/closed-stdout';

interface Column {
  label: string;
  subset?: SubsetOptions;
}

const COLUMNS: readonly Column[] = [
  { label: '15,000 images (1,500 per digit)', subset: { perClass: 1500 } },
  { label: 'all 55,000 training images' },
];

async function main(): Promise<void> {
  const options = new Command('preset-cost')
    .addOption(new Option('--epochs <n>', 'longest run').default(10).argParser(positiveInteger))
    .addOption(new Option('--dims <list>', 'latent dims').default([2, 10], '2,10').argParser(optionParser(parseDims)))
    .addOption(new Option('--one-class <digits>', "one column per digit: trained on that digit's images only").argParser(optionParser(parseDigits)))
    .addOption(new Option('--learning-rate <x>', 'Adam learning rate').default(TRAINING_DEFAULTS.learningRate).argParser(positiveNumber))
    .addOption(new Option('--batch-size <n>', 'batch size').default(TRAINING_DEFAULTS.batchSize).argParser(positiveInteger))
    .parse(process.argv)
    .opts<{ epochs: number; dims: number[]; oneClass?: number[]; learningRate: number; batchSize: number }>();
  const columns: readonly Column[] = options.oneClass
    ? options.oneClass.map((digit) => ({ label: `only the ${digit}s`, subset: { classes: [digit] } }))
    : COLUMNS;
  const { dims } = options;
  const backend = await selectBackend({ log: () => {} });
  const mnist = loadMnist();
  const shown = [...new Set([1, 2, 3, 5, 10, 15, 20, 30, 50, options.epochs])].filter((e) => e <= options.epochs).sort((a, b) => a - b);
  const header = ['epochs'];
  const rows = shown.map((e) => [String(e)]);
  for (const column of columns) {
    const started = performance.now();
    const entries = await sweepLatentDims(mnist, {
      dims, epochs: options.epochs, learningRate: options.learningRate, batchSize: options.batchSize, ...(column.subset ? { subset: column.subset } : {}),
    });
    const wallSeconds = (performance.now() - started) / 1000;
    for (const entry of entries) {
      header.push(`d = ${entry.dim}, ${column.label}`);
      const images = selectTrainingIndices(mnist.train.labels, column.subset).length;
      shown.forEach((epochs, i) => {
        const best = Math.min(...entry.result.valLoss.slice(0, epochs));
        const seconds = (epochs * images) / entry.result.imagesPerSecond;
        rows[i]!.push(`${best.toFixed(4)} (${Math.round(seconds)} s)`);
      });
    }
    console.error(`${column.label}: dims ${dims.join(', ')} × ${options.epochs} epochs in ${Math.round(wallSeconds)} s wall (${backend})`);
  }
  console.log(`Best validation MSE per pixel ([0, 1] scale) after E epochs (learning rate ${options.learningRate}, batch ${options.batchSize}), and the training time of that one model on ${backend} while the other trained beside it:\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => ' --- ').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

exitQuietlyWhenStdoutCloses();
main().catch((error: unknown) => {
  console.error(`preset-cost: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
