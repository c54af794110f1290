#!/usr/bin/env node
/**
 * `npm run doctor`: a pre-flight check of a lab machine, in seconds. One line per item: `ok`, or
 * what is missing and the command that installs it. Exits non-zero only when something `npm start`
 * needs is missing (Node, zeromq, the kernelspec, tslab, a backend, MNIST, disk); Jupyter (the UI)
 * and Chromium (the HTML checks) are reported, fatal only with `--all` (CI).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { backendInfo, selectBackend } from '../src/train/backend';
import { BatchLoader, selectIndices } from '../src/data/batching';
import { loadMnist } from '../src/data/mnist';
import { batchTensor } from '../src/data/tensors';
import { createAutoencoder } from '../src/model';
import { AdamWithL2 } from '../src/train';
import { trainStep, trainableVariables } from '../src/train/fit';
import { cliCommand } from '../src/cli/parse';
import { findProjectRoot } from '../src/util/paths';
import { firstLine } from '../src/util/text';
import { runMain } from './cli';
import { checkJupyter } from './jupyter';
import { kernelArgv } from './notebooks';
import { chromiumPath } from './page-checks';

/** One item of the check: what it found, and whether `npm start` needs it. */
export interface DoctorItem {
  name: string;
  /** Needed by `npm start`: a problem with it makes the doctor exit non-zero. */
  required: boolean;
  /** Resolves to what was found (the `ok` line's detail); rejects with what is missing and how to install it. */
  run: () => Promise<string> | string;
}

/** What one item found. */
export interface DoctorLine {
  ok: boolean;
  required: boolean;
  line: string;
}

/**
 * The lowest Node version the project runs on, `[major, minor]`, as package.json's `engines.node`
 * (`>=20.19`) says: read from there, so that the two cannot disagree.
 */
export function minimumNode(root: string = findProjectRoot()): [number, number] {
  const engines = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines?: { node?: string } }).engines?.node ?? '';
  const match = /^>=\s*(\d+)\.(\d+)/.exec(engines);
  if (match === null) throw new Error(`package.json's engines.node is ${JSON.stringify(engines)}, not '>=major.minor'`);
  return [Number(match[1]), Number(match[2])];
}

/** Free space below which `npm start` may not finish writing checkpoints, figures and pages (bytes). */
export const MIN_FREE_BYTES = 500e6;

/** Whether `version` (as `process.versions.node`) is at least `minimum` ({@link minimumNode}). */
export function nodeIsRecentEnough(version: string, minimum: readonly [number, number]): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > minimum[0] || (major === minimum[0] && minor >= minimum[1]);
}

/** Runs the items in order, one line each (a thrown error's first line says what is missing). */
export async function runDoctor(items: readonly DoctorItem[], print: (line: string) => void = console.log): Promise<DoctorLine[]> {
  const lines: DoctorLine[] = [];
  for (const item of items) {
    let result: DoctorLine;
    try {
      result = { ok: true, required: item.required, line: `ok       ${item.name}: ${await item.run()}` };
    } catch (error) {
      result = { ok: false, required: item.required, line: `${item.required ? 'MISSING' : 'missing'}  ${item.name}: ${firstLine(error)}${item.required ? '' : ' (optional: npm start runs without it)'}` };
    }
    print(result.line);
    lines.push(result);
  }
  return lines;
}

/** How long a few training steps take on the backend the notebooks would choose. */
async function backendSpeed(): Promise<string> {
  const backend = await selectBackend({ log: () => {} });
  const mnist = loadMnist();
  const loader = new BatchLoader(mnist.train, { indices: selectIndices(mnist.train.labels, { first: 128 * 4 }) });
  const model = createAutoencoder({ latentDim: 4, seed: 0 });
  const optimizer = new AdamWithL2();
  const variables = trainableVariables(model.autoencoder);
  const batches = [...loader.batches(0)].map((batch) => batchTensor(batch));
  try {
    trainStep(model.autoencoder, batches[0]!, optimizer, variables); // warm-up: kernels compiled, weights packed
    const started = performance.now();
    for (const x of batches.slice(1)) trainStep(model.autoencoder, x, optimizer, variables);
    const seconds = (performance.now() - started) / 1000;
    const imagesPerSecond = ((batches.length - 1) * 128) / seconds;
    const info = backendInfo();
    return `${backend} (${info.package} ${info.version}, ${info.threads} thread${info.threads === 1 ? '' : 's'}${info.simd ? ', SIMD' : ''}), ${Math.round(imagesPerSecond).toLocaleString('en-US')} training images/s over ${batches.length - 1} steps of 128`;
  } finally {
    for (const x of batches) x.dispose();
    model.autoencoder.dispose();
    optimizer.dispose();
  }
}

/** The items a lab machine is checked for, in the order a failure would show up. */
export function doctorItems(root: string): DoctorItem[] {
  let argv: string[] | undefined;
  let zeromqLoads = false;
  return [
    {
      name: 'Node.js', required: true,
      run: () => {
        const minimum = minimumNode(root);
        if (!nodeIsRecentEnough(process.versions.node, minimum)) {
          throw new Error(`${process.version} is older than ${minimum.join('.')}: install Node.js ${minimum.join('.')} or later (https://nodejs.org, or 'nvm install 22')`);
        }
        return process.version;
      },
    },
    {
      name: 'zeromq (the native module the kernel talks through)', required: true,
      run: () => {
        try {
          require('zeromq');
        } catch (error) {
          throw new Error(`it does not load (${firstLine(error)}): run 'npm rebuild zeromq', or 'npm install' again`);
        }
        zeromqLoads = true;
        return `zeromq ${(require('zeromq/package.json') as { version: string }).version} loads`;
      },
    },
    {
      name: "the project's kernelspec", required: true,
      run: () => {
        argv = kernelArgv(root);
        return `node_modules/.jupyter/kernels/tslab/kernel.json starts ${argv[0]}`;
      },
    },
    {
      name: 'tslab runs a cell', required: true,
      run: async () => {
        if (!zeromqLoads) throw new Error('the kernel cannot be spoken to without zeromq (above)');
        if (argv === undefined) throw new Error("the kernelspec is missing (above): run 'npm install'");
        const started = performance.now();
        // Loaded here, not at the top: it needs zeromq, whose absence is an item of its own.
        const { Kernel } = require('./kernel') as typeof import('./kernel');
        const kernel = await Kernel.start({ argv: argv, cwd: root, env: process.env });
        try {
          let printed = '';
          const reply = await kernel.execute('const answer: number = 6 * 7;\nconsole.log(answer);', (message) => {
            if (message.msgType === 'stream') printed += String(message.content['text'] ?? '');
          }, 60_000);
          if (reply['status'] !== 'ok' || printed.trim() !== '42') throw new Error(`a TypeScript cell did not print 42 (status ${String(reply['status'])}, printed ${JSON.stringify(printed.trim())}): run 'npm install' again`);
        } finally {
          await kernel.shutdown();
        }
        return `started and ran a TypeScript cell in ${((performance.now() - started) / 1000).toFixed(1)} s`;
      },
    },
    { name: 'backend, and its speed', required: true, run: backendSpeed },
    {
      name: 'MNIST', required: true,
      run: () => {
        const mnist = loadMnist();
        return `${mnist.train.count.toLocaleString('en-US')} + ${mnist.test.count.toLocaleString('en-US')} images, all four SHA-256 checksums as published (${mnist.source})`;
      },
    },
    {
      name: 'free disk', required: true,
      run: () => {
        const stats = fs.statfsSync(root);
        const free = stats.bavail * stats.bsize;
        const shown = `${(free / 1e9).toFixed(1)} GB free where the project is`;
        if (free < MIN_FREE_BYTES) throw new Error(`${shown}, less than the ${MIN_FREE_BYTES / 1e9} GB that checkpoints, figures and pages may take: free some space`);
        return shown;
      },
    },
    {
      name: 'Jupyter (the notebook UI: npm run notebook)', required: false,
      run: () => `${checkJupyter(['notebook', 'nbconvert'])}, with Notebook and nbconvert`,
    },
    { name: 'Chromium (the HTML checks: npm run check:html)', required: false, run: () => chromiumPath() },
  ];
}

async function main(argv: string[]): Promise<void> {
  const { all } = cliCommand('doctor', 'Check that this machine has what the notebooks need: one line per item, ok or what to install.')
    .option('--all', 'exit non-zero when an optional item (Jupyter, Chromium) is missing too (CI)', false)
    .parse(argv)
    .opts<{ all: boolean }>();
  const lines = await runDoctor(doctorItems(findProjectRoot()));
  const needed = lines.filter((line) => !line.ok && line.required).length;
  const optional = lines.filter((line) => !line.ok && !line.required).length;
  if (needed > 0) {
    console.log(`npm start cannot run here: ${needed} of the items it needs ${needed === 1 ? 'is' : 'are'} missing (MISSING above)`);
    process.exitCode = 1;
  } else {
    console.log(`ready for npm start${optional > 0 ? `; ${optional} optional item${optional === 1 ? '' : 's'} missing (above)` : ', and everything else is there too'}`);
    if (all && optional > 0) process.exitCode = 1;
  }
}

if (require.main === module) runMain('doctor', main);
