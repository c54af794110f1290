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
import type { PageTf } from './explorer-page/data';
import { type ExplorerLayout, type ExplorerView, explorerData } from './explorer-data';
import { escapeHtml, escapeInlineScript } from './escape-html';

export type { ExplorerView, PlaneView, SlidersView } from './explorer-data';

export interface DecoderExplorerOptions extends ExplorerLayout {
  /** The container's id (a letter, then letters, digits, `-`, `_`), unique in the page. */
  id: string;
  /** HTML shown where scripts don't run (removed once the explorer is live). */
  fallback: string;
}

/** What an explorer's (or a trainer's) container id may be: a letter, then letters, digits, `-`, `_`. */
export const VALID_ID = /^[A-Za-z][\w-]*$/;

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
 * The scripts behind every explorer: the smallest tfjs that decodes ({@link tfjsRuntimeScript})
 * and the page's script, which defines `aeDecoderExplorer(id)`.
 */
export function explorerScripts(): string {
  return `${tfjsRuntimeScript()}\n${explorerPageScript()}`;
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

/** The explorer's CSS, which a page that makes explorers of its own (the trainer) includes too. */
export const EXPLORER_STYLE = `
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
  if (!VALID_ID.test(options.id)) throw new Error(`decoderExplorerHtml: id must match ${VALID_ID}, got ${JSON.stringify(options.id)}`);
  const data = explorerData(views, options);
  // JSON inside <script>: `<` escaped so that no `</script>` can end it early.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const script = `${explorerScripts()}\naeDecoderExplorer(${JSON.stringify(options.id)});`;
  return [
    `<div class="ae-explorer" id="${options.id}">`,
    `<style>${EXPLORER_STYLE}</style>`,
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
