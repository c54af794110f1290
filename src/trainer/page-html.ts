/**
 * The browser trainer as one self-contained HTML fragment (notebook 06's output): its page script,
 * its Worker's script (tfjs, the wasm backend, the training engine and ./job.ts), tfjs's wasm
 * binary, the images of {@link TRAINER_SUBSETS}, and the decoder explorer's scripts, all inlined.
 * The Worker's script, the binary and the images are gzipped and base64-encoded, and the page
 * gunzips them with the browser's DecompressionStream. Nothing is loaded from elsewhere, so the
 * page trains opened from `file://` with no network.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fixedExamplesPerClass } from '../data/batching';
import { EXPLORER_STYLE, VALID_ID, explorerScripts } from '../plot/decoder-explorer';
import { escapeInlineScript } from '../plot/escape-html';
import { TRAINER_CHOICES, TRAINER_SUBSETS, type TrainerData } from './job';
import type { TrainerConfig } from './page/messages';

/** Where `npm run build` bundles the two scripts (tools/bundle-page-scripts.cjs). */
const SCRIPTS = { page: path.join(__dirname, 'page-script.js'), worker: path.join(__dirname, 'worker-script.js') };

/** The tfjs-backend-wasm binary the Worker runs: SIMD, single-threaded (a page from disk cannot share memory between threads). */
const WASM_BINARY = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm');

/** Options of {@link trainerHtml}. */
export interface TrainerHtmlOptions {
  /** The container's id (a letter, then letters, digits, `-`, `_`), unique in the page. */
  id: string;
  /** HTML shown where scripts don't run (removed once the trainer is live). */
  fallback: string;
}

/** What the fragment carries, in bytes as inlined (base64 of gzip, or text): the page's size budget, itemized. */
export interface TrainerSizes {
  images: number;
  worker: number;
  wasm: number;
  /** The page script and the explorer's scripts (tfjs core and cpu backend for decoding). */
  pageScripts: number;
  total: number;
}

function builtScript(file: string): string {
  if (!fs.existsSync(file)) throw new Error(`trainer: ${file} is missing; run npm run build`);
  return fs.readFileSync(file, 'utf8');
}

function gzipBase64(bytes: Uint8Array | string): string {
  return gzipSync(bytes, { level: 9 }).toString('base64');
}

/** The images as the page carries them: train images, train labels, validation images, labels, test images, labels. */
function packImages(data: TrainerData): Uint8Array {
  const parts = [data.train, data.validation, data.test].flatMap((split) => [split.images, split.labels]);
  return Buffer.concat(parts);
}

/** One sentence on the images the page carries. */
export function trainerDataDescription(data: TrainerData): string {
  const { train, validation, test } = TRAINER_SUBSETS;
  return `It trains on ${data.train.count.toLocaleString('en-US')} MNIST training images (${train.perClass} of each digit), chooses the epoch on ${data.validation.count.toLocaleString('en-US')} held-out validation images (${validation.perClass} of each) and scores ${data.test.count.toLocaleString('en-US')} test images (${test.perClass} of each).`;
}

const STYLE = `
.ae-trainer { font: 13px/1.4 system-ui, sans-serif; color: #222; }
.ae-trainer-controls { display: flex; flex-wrap: wrap; gap: 14px; align-items: center; margin-bottom: 6px; }
.ae-trainer-controls input { width: 5em; }
.ae-trainer-controls button { padding: 3px 14px; }
.ae-trainer-status { margin: 4px 0 8px; min-height: 1.4em; font-variant-numeric: tabular-nums; }
.ae-trainer-row { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
.ae-trainer-curves { border: 1px solid #ddd; background: #fff; }
.ae-trainer-reconstructions { display: block; border: 1px solid #ddd; }
.ae-trainer-numbers { margin-top: 6px; font-variant-numeric: tabular-nums; border-collapse: collapse; }
.ae-trainer-numbers th { text-align: left; font-weight: normal; padding: 1px 12px 1px 0; }
.ae-trainer-numbers td { text-align: right; }
.ae-trainer-explorer { margin-top: 14px; }
`;

/**
 * The trainer fragment (see the module comment) over `data`: a container `#id` with the fallback,
 * the live trainer once the script has run, and its hook `container.aeTrainer` (state, losses,
 * history) with the state also in `data-state`. Returns the HTML and its size budget.
 *
 * @throws Error for an invalid id, or when `npm run build` has not bundled the scripts.
 */
export function trainerHtml(data: TrainerData, options: TrainerHtmlOptions): { html: string; sizes: TrainerSizes } {
  if (!VALID_ID.test(options.id)) throw new Error(`trainerHtml: id must match ${VALID_ID}, got ${JSON.stringify(options.id)}`);
  const config: TrainerConfig = {
    layout: { rows: data.train.rows, cols: data.train.cols, train: data.train.count, validation: data.validation.count, test: data.test.count },
    latentDims: [...TRAINER_CHOICES.latentDims],
    maxEpochs: TRAINER_CHOICES.maxEpochs,
    maxSeed: TRAINER_CHOICES.maxSeed,
    defaults: { ...TRAINER_CHOICES.defaults },
    dataDescription: trainerDataDescription(data),
    showcase: Array.from(fixedExamplesPerClass(data.test.labels, 1)),
  };
  const images = gzipBase64(packImages(data));
  const worker = gzipBase64(builtScript(SCRIPTS.worker));
  const wasm = gzipBase64(fs.readFileSync(WASM_BINARY));
  const script = escapeInlineScript(`${explorerScripts()}\n${builtScript(SCRIPTS.page)}\naeTrainer(${JSON.stringify(options.id)});`);
  const html = [
    `<div class="ae-trainer" id="${options.id}">`,
    `<style>${STYLE}${EXPLORER_STYLE}</style>`,
    `<div class="ae-trainer-fallback">${options.fallback}</div>`,
    '<div class="ae-trainer-live" hidden></div>',
    `<script type="application/json" class="ae-trainer-config">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>`,
    `<script type="text/plain" class="ae-trainer-data">${images}</script>`,
    `<script type="text/plain" class="ae-trainer-wasm">${wasm}</script>`,
    `<script type="text/plain" class="ae-trainer-worker">${worker}</script>`,
    `<script>${script}</script>`,
    '</div>',
  ].join('\n');
  const pageScripts = Buffer.byteLength(script);
  return { html, sizes: { images: images.length, worker: worker.length, wasm: wasm.length, pageScripts, total: Buffer.byteLength(html) } };
}
