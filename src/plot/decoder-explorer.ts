/**
 * The decoder explorer: a trained decoder run in the page, so that a reader holds the code and
 * sees what it draws. Views:
 *
 * - `plane` (a 2-number code): the test set's codes coloured by digit; the pointer picks a code,
 *   and near a plotted test code it snaps to that exact code;
 * - `sliders` (any code size): one slider per code number, starting from the code of a test image
 *   the reader picks.
 *
 * One self-contained HTML fragment holds all views: their decoders' weights (float32, base64),
 * TensorFlow.js's core and cpu-backend bundles from node_modules, inlined once for all views (the
 * smallest tfjs that decodes: no layers, no webgl; the decoder runs as a handful of tf ops), and a
 * static fallback (still images of the same views) for viewers that run no scripts, such as
 * GitHub's. Nothing is loaded from the network, so it works from `file://`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import type { DecoderProgram, DecoderStep } from '../model/decoder-program';
import type { EncodedPlaneView, EncodedProgram, EncodedSlidersView, EncodedStep, ExplorerData, PageTf } from './explorer-page/data';
import { escapeHtml, escapeInlineScript } from './escape-html';
import { SERIES_COLORS } from './scales';

/** A code plane: a decoder of 2-number codes, and the test set's codes and labels to draw under the pointer. */
export interface PlaneView {
  kind: 'plane';
  title: string;
  program: DecoderProgram;
  /** The codes of test images 0..n−1, two numbers each. */
  codes: Float32Array;
  labels: Uint8Array;
  /** The test image whose code is shown first. */
  start: number;
}

/** One slider per code number, from the code of a test image the reader picks. */
export interface SlidersView {
  kind: 'sliders';
  title: string;
  program: DecoderProgram;
  /** The test images to start from: a label for the menu, the image's code and its pixels (bytes). */
  starts: readonly { label: string; code: Float32Array; image: Uint8Array }[];
  /** Each slider's [min, max]. */
  ranges: readonly (readonly [number, number])[];
}

export type ExplorerView = PlaneView | SlidersView;

export interface DecoderExplorerOptions {
  /** The container's id (a letter, then letters, digits, `-`, `_`), unique in the page. */
  id: string;
  /** HTML shown where scripts don't run (removed once the explorer is live). */
  fallback: string;
  /** Each image pixel drawn as a `pixelScale × pixelScale` block; default 7. */
  pixelScale?: number;
  /** Side of the plane's square canvas in CSS pixels; default 420. */
  planeSize?: number;
}

const VALID_ID = /^[A-Za-z][\w-]*$/;

/** The tf ops the page's decoder runs (./explorer-page/explorer.ts), and the cpu kernels behind them. */
const TFJS_OPS: readonly (keyof PageTf)[] = ['setBackend', 'tidy', 'tensor1d', 'tensor2d', 'tensor4d', 'add', 'mul', 'matMul', 'reshape', 'conv2dTranspose', 'batchNorm', 'relu', 'sigmoid', 'slice'];
const CPU_KERNELS = {
  Add: 'addConfig', BatchMatMul: 'batchMatMulConfig', BatchNorm: 'batchNormConfig', Cast: 'castConfig', Conv2DBackpropInput: 'conv2DBackpropInputConfig',
  Identity: 'identityConfig', Multiply: 'multiplyConfig', Relu: 'reluConfig', Reshape: 'reshapeConfig', Sigmoid: 'sigmoidConfig', Slice: 'sliceConfig',
};

// Every op the page's script may call is in the bundle (a compile error otherwise).
type MissingOps = Exclude<keyof PageTf, (typeof TFJS_OPS)[number]>;
const everyOpBundled: [MissingOps] extends [never] ? true : MissingOps = true;
void everyOpBundled;

let runtime: string | undefined;
let pageScript: string | undefined;

/** Where `npm run build` bundles the page's script (./explorer-page/explorer.ts). */
const EXPLORER_PAGE_SCRIPT_FILE = path.join(__dirname, 'explorer-page.js');

/**
 * The page's script, bundled by `npm run build`: it defines `aeDecoderExplorer(id)`.
 *
 * @throws Error naming the file when it was not built.
 */
function explorerPageScript(): string {
  if (pageScript === undefined) {
    if (!fs.existsSync(EXPLORER_PAGE_SCRIPT_FILE)) throw new Error(`decoder explorer: ${EXPLORER_PAGE_SCRIPT_FILE} is missing; run npm run build`);
    pageScript = fs.readFileSync(EXPLORER_PAGE_SCRIPT_FILE, 'utf8');
  }
  return pageScript;
}

/**
 * The smallest TensorFlow.js that decodes: tfjs-core with just the ops the page runs and the cpu
 * backend with just their kernels, bundled from node_modules by esbuild (tree-shaken, minified;
 * about a third of the two prebuilt bundles), as one script that defines `window.tf` unless an
 * earlier output did. It sets that global even in Jupyter's page, which has RequireJS.
 */
export function tfjsRuntimeScript(): string {
  if (runtime !== undefined) return runtime;
  const entry = [
    `import { registerBackend, registerKernel, ${TFJS_OPS.join(', ')} } from '@tensorflow/tfjs-core';`,
    "import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu/dist/backend_cpu';",
    ...Object.entries(CPU_KERNELS).map(([file, name]) => `import { ${name} } from '@tensorflow/tfjs-backend-cpu/dist/kernels/${file}';`),
    "registerBackend('cpu', () => new MathBackendCPU(), 1);",
    `[${Object.values(CPU_KERNELS).join(', ')}].forEach(registerKernel);`,
    `window.tf = { ${TFJS_OPS.join(', ')} };`,
  ].join('\n');
  const built = buildSync({
    stdin: { contents: entry, resolveDir: __dirname, loader: 'js' },
    bundle: true, write: false, minify: true, format: 'iife', platform: 'browser', target: 'es2017', legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const code = built.outputFiles[0]!.text;
  return (runtime = `if (typeof window.tf === "undefined" || typeof window.tf.conv2dTranspose !== "function") {\n${code}}`);
}

function base64(array: Float32Array | Uint8Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

/** A step with its weights as base64 float32, for the page. */
function encodeStep(step: DecoderStep): EncodedStep {
  return Object.fromEntries(Object.entries(step).map(([key, value]) => [key, value instanceof Float32Array ? base64(value) : value])) as Encoded<DecoderStep>;
}

/** A decoder step with its Float32Array weights as base64 strings: what the page's contract (EncodedStep) must accept. */
type Encoded<T> = T extends unknown ? { [K in keyof T]: T[K] extends Float32Array ? string : T[K] } : never;

function encodeProgram(program: DecoderProgram): EncodedProgram {
  return { latentDim: program.latentDim, height: program.height, width: program.width, steps: program.steps.map(encodeStep) };
}

function checkView(view: ExplorerView, size: { height: number; width: number }): void {
  const { program } = view;
  if (program.height !== size.height || program.width !== size.width) throw new Error('decoderExplorerHtml: every view must decode images of one size');
  if (view.kind === 'plane') {
    if (program.latentDim !== 2) throw new Error(`decoderExplorerHtml: a plane view needs a 2-number code, got ${program.latentDim}`);
    if (view.codes.length !== 2 * view.labels.length) throw new Error(`decoderExplorerHtml: ${view.codes.length} code numbers for ${view.labels.length} labels`);
    if (!(view.start >= 0 && view.start < view.labels.length)) throw new Error(`decoderExplorerHtml: start ${view.start} is not a test image of the plane`);
    return;
  }
  if (view.ranges.length !== program.latentDim) throw new Error(`decoderExplorerHtml: ${view.ranges.length} slider ranges for a ${program.latentDim}-number code`);
  if (view.starts.length === 0) throw new Error('decoderExplorerHtml: a sliders view needs a test image to start from');
  for (const start of view.starts) {
    if (start.code.length !== program.latentDim || start.image.length !== size.height * size.width) throw new Error(`decoderExplorerHtml: start "${start.label}" has a code or image of the wrong size`);
  }
}

/** The views' data as the page reads it. */
function encodeView(view: ExplorerView): EncodedPlaneView | EncodedSlidersView {
  const common = { title: view.title, program: encodeProgram(view.program) };
  if (view.kind === 'plane') {
    let [xMin, xMax, yMin, yMax] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < view.labels.length; i++) {
      xMin = Math.min(xMin, view.codes[2 * i]!); xMax = Math.max(xMax, view.codes[2 * i]!);
      yMin = Math.min(yMin, view.codes[2 * i + 1]!); yMax = Math.max(yMax, view.codes[2 * i + 1]!);
    }
    const pad = (min: number, max: number): [number, number] => [min - 0.03 * (max - min || 1), max + 0.03 * (max - min || 1)];
    return { kind: 'plane', ...common, codes: base64(view.codes), labels: base64(view.labels), start: view.start, domain: [pad(xMin, xMax), pad(yMin, yMax)] };
  }
  return {
    kind: 'sliders',
    ...common,
    ranges: view.ranges,
    starts: view.starts.map((start) => ({ label: start.label, code: Array.from(start.code), image: base64(start.image) })),
  };
}

const STYLE = `
.ae-explorer { font: 13px/1.4 system-ui, sans-serif; color: #222; }
.ae-explorer-view { margin: 0.5em 0 1.2em; }
.ae-explorer-title { font-weight: 600; margin-bottom: 0.4em; }
.ae-explorer-row { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.ae-explorer-plane { cursor: crosshair; touch-action: none; border: 1px solid #ddd; }
.ae-explorer-image { margin: 0; }
.ae-explorer-image canvas { border: 1px solid #ddd; display: block; }
.ae-explorer-image figcaption { font-size: 12px; color: #555; max-width: 220px; }
.ae-explorer-legend { display: flex; gap: 10px; margin-top: 4px; }
.ae-explorer-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 3px; }
.ae-explorer-sliders label { display: grid; grid-template-columns: 110px 200px 50px; align-items: center; gap: 6px; }
.ae-explorer-value { font-variant-numeric: tabular-nums; text-align: right; }
.ae-explorer-controls { margin-bottom: 0.5em; }
.ae-explorer-info { font-variant-numeric: tabular-nums; margin-top: 4px; max-width: 220px; }
`;

/**
 * The explorer as one HTML fragment (see the module comment): a container `#id` with the
 * fallback, the live views once the script has run (`data-ready="true"` on the container), and
 * the hook `container.aeExplorer.views[i]` (`code`, `pixels`, `nearest`, `plot`).
 */
export function decoderExplorerHtml(views: readonly ExplorerView[], options: DecoderExplorerOptions): string {
  if (views.length === 0) throw new Error('decoderExplorerHtml: no views');
  if (!VALID_ID.test(options.id)) throw new Error(`decoderExplorerHtml: id must match ${VALID_ID}, got ${JSON.stringify(options.id)}`);
  const size = { height: views[0]!.program.height, width: views[0]!.program.width };
  views.forEach((view) => checkView(view, size));
  const data: ExplorerData = {
    ...size,
    pixelScale: options.pixelScale ?? 7,
    planeSize: options.planeSize ?? 420,
    colors: SERIES_COLORS,
    views: views.map(encodeView),
  };
  // JSON inside <script>: `<` escaped so that no `</script>` can end it early.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const script = `${tfjsRuntimeScript()}\n${explorerPageScript()}\naeDecoderExplorer(${JSON.stringify(options.id)});`;
  return [
    `<div class="ae-explorer" id="${options.id}">`,
    `<style>${STYLE}</style>`,
    `<div class="ae-explorer-fallback">${options.fallback}</div>`,
    '<div class="ae-explorer-live" hidden></div>',
    `<script type="application/json" class="ae-explorer-data">${json}</script>`,
    `<script>${escapeInlineScript(script)}</script>`,
    '</div>',
  ].join('\n');
}

/** An explorer fragment ({@link decoderExplorerHtml}) as a complete page, for `figures/*.html` files opened from disk. */
export function decoderExplorerPage(fragment: string, title: string): string {
  return [
    '<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>', '<body>', fragment, '</body>', '</html>', '',
  ].join('\n');
}
