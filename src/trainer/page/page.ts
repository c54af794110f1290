/**
 * The trainer's page script (../page-html.ts inlines it): the controls, the live loss curves,
 * reconstructions, test MSE and speed, and the explorer on the trained decoder. Training itself
 * runs in a Worker (./worker.ts), started from a `blob:` URL made of the inlined, gzipped bundle;
 * the images and the wasm binary are inlined and gzipped too, and gunzipped here with the
 * browser's DecompressionStream, so the page loads nothing and works from `file://`.
 *
 * `npm run build` type-checks it (./tsconfig.json: DOM, ES2017) and bundles it with esbuild into
 * `dist/src/trainer/page.js`, which defines the global `aeTrainer(id)`. It leaves a read-only hook
 * on the container, `element.aeTrainer` ({@link TrainerHook}), and its state in `data-state`, so a
 * test can drive the controls and read what a reader sees.
 */
import type { ExplorerData } from '../../plot/explorer-page/data';
import { base64Bytes, el } from '../../plot/explorer-page/dom';
import type { PageHistory, PageJob, StartMessage, TrainerConfig, WorkerMessage } from './messages';

/** What the page leaves on its container for tests. */
interface TrainerHook {
  state: 'loading' | 'ready' | 'training' | 'done' | 'stopped' | 'error';
  job?: PageJob;
  /** Per epoch so far: the losses and the speed. */
  trainLoss: number[];
  valLoss: number[];
  epochImagesPerSecond: number[];
  testLossUntrained?: number;
  /** The finished job's history. */
  history?: PageHistory;
  /** How many training kernels of this project's engine the Worker registered. */
  kernels?: number;
  error?: string;
  /** Jobs started since the page loaded. */
  runs: number;
}

/** Same-origin scripts the explorer's inlined bundle defines. */
declare const aeDecoderExplorer: (id: string) => void;

const SERIES = { train: '#4269d0', validation: '#efb118' };
const DIGITS = 10;

function svgEl(tag: string, attributes: Record<string, string | number> = {}, text?: string): SVGElement {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const key of Object.keys(attributes)) node.setAttribute(key, String(attributes[key]));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The text of an inlined `<script type="text/plain">` (base64 of gzip), gunzipped. */
async function gunzipInlined(root: HTMLElement, className: string): Promise<ArrayBuffer> {
  const text = root.querySelector('script.' + className)!.textContent!;
  const stream = new Blob([base64Bytes(text)]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

/** Whether this browser runs WebAssembly SIMD (the training kernels need it): a module with one v128 instruction. */
function hasWasmSimd(): boolean {
  const module = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
  return typeof WebAssembly === 'object' && WebAssembly.validate(module);
}

function format(value: number, digits = 4): string {
  return value.toFixed(digits);
}

function thousands(value: number): string {
  return Math.round(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Loss curves: train and validation MSE per epoch, axes and legend drawn inside the SVG. */
function drawCurves(svg: SVGSVGElement, trainLoss: number[], valLoss: number[], epochs: number): void {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const width = 460;
  const height = 260;
  const margin = { left: 62, right: 16, top: 30, bottom: 40 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const values = trainLoss.concat(valLoss);
  const top = values.length > 0 ? Math.max(...values) * 1.08 : 0.1;
  const x = (epoch: number): number => margin.left + (epochs <= 1 ? plotWidth / 2 : ((epoch - 1) / (epochs - 1)) * plotWidth);
  const y = (value: number): number => margin.top + plotHeight - (value / top) * plotHeight;
  svg.appendChild(svgEl('text', { x: margin.left, y: 16, 'font-size': 13, 'font-weight': 600 }, 'MSE per pixel by epoch'));
  svg.appendChild(svgEl('line', { x1: margin.left, y1: margin.top + plotHeight, x2: margin.left + plotWidth, y2: margin.top + plotHeight, stroke: '#888' }));
  svg.appendChild(svgEl('line', { x1: margin.left, y1: margin.top, x2: margin.left, y2: margin.top + plotHeight, stroke: '#888' }));
  for (let k = 0; k <= 4; k++) {
    const value = (top * k) / 4;
    svg.appendChild(svgEl('text', { x: margin.left - 6, y: y(value) + 4, 'font-size': 11, 'text-anchor': 'end' }, value.toFixed(3)));
    svg.appendChild(svgEl('line', { x1: margin.left, y1: y(value), x2: margin.left + plotWidth, y2: y(value), stroke: '#eee' }));
  }
  const step = Math.max(1, Math.ceil(epochs / 10));
  for (let epoch = 1; epoch <= epochs; epoch += step) {
    svg.appendChild(svgEl('text', { x: x(epoch), y: margin.top + plotHeight + 16, 'font-size': 11, 'text-anchor': 'middle' }, String(epoch)));
  }
  svg.appendChild(svgEl('text', { x: margin.left + plotWidth / 2, y: height - 6, 'font-size': 12, 'text-anchor': 'middle' }, 'epoch'));
  const series: [string, number[], string][] = [['training', trainLoss, SERIES.train], ['validation', valLoss, SERIES.validation]];
  series.forEach(([name, losses, color], s) => {
    if (losses.length > 0) {
      const points = losses.map((loss, i) => `${x(i + 1).toFixed(1)},${y(loss).toFixed(1)}`).join(' ');
      svg.appendChild(svgEl('polyline', { points, fill: 'none', stroke: color, 'stroke-width': 2 }));
      losses.forEach((loss, i) => svg.appendChild(svgEl('circle', { cx: x(i + 1), cy: y(loss), r: 3, fill: color })));
    }
    const legendX = margin.left + plotWidth - 170 + s * 90;
    svg.appendChild(svgEl('line', { x1: legendX, y1: 12, x2: legendX + 18, y2: 12, stroke: color, 'stroke-width': 3 }));
    svg.appendChild(svgEl('text', { x: legendX + 22, y: 16, 'font-size': 12 }, name));
  });
}

/** Rows of ten 28×28 images ([0, 1], white = 1), each row labelled on its left. */
function drawRows(canvas: HTMLCanvasElement, rows: { label: string; pixels: ArrayLike<number> }[], size: number): void {
  const scale = 2;
  const labelWidth = 130;
  const tile = size * scale;
  canvas.width = labelWidth + DIGITS * (tile + 2);
  canvas.height = rows.length * (tile + 4);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  rows.forEach((row, r) => {
    const top = r * (tile + 4);
    context.fillStyle = '#222';
    context.font = '12px system-ui, sans-serif';
    context.fillText(row.label, 4, top + tile / 2 + 4);
    const image = context.createImageData(tile, tile);
    for (let d = 0; d < DIGITS; d++) {
      for (let yy = 0; yy < tile; yy++) {
        for (let xx = 0; xx < tile; xx++) {
          const value = row.pixels[d * size * size + Math.floor(yy / scale) * size + Math.floor(xx / scale)]!;
          const grey = Math.round(Math.min(1, Math.max(0, value)) * 255);
          const at = (yy * tile + xx) * 4;
          image.data[at] = grey;
          image.data[at + 1] = grey;
          image.data[at + 2] = grey;
          image.data[at + 3] = 255;
        }
      }
      context.putImageData(image, labelWidth + d * (tile + 2), top);
    }
  });
}

function aeTrainer(id: string): void {
  const root = document.getElementById(id) as (HTMLElement & { aeTrainer?: TrainerHook }) | null;
  if (!root || root.aeTrainer) return;
  const config = JSON.parse(root.querySelector('script.ae-trainer-config')!.textContent!) as TrainerConfig;
  const live = root.querySelector<HTMLElement>('.ae-trainer-live')!;
  const hook: TrainerHook = { state: 'loading', trainLoss: [], valLoss: [], epochImagesPerSecond: [], runs: 0 };
  root.aeTrainer = hook;
  const setState = (state: TrainerHook['state']): void => {
    hook.state = state;
    root.setAttribute('data-state', state);
  };
  setState('loading');

  if (!hasWasmSimd() || typeof Worker === 'undefined' || typeof DecompressionStream === 'undefined') {
    live.hidden = false;
    live.textContent = 'This browser cannot run the trainer: it needs WebAssembly SIMD, Web Workers and DecompressionStream (any current Chrome, Edge, Firefox or Safari has them).';
    hook.error = live.textContent;
    setState('error');
    return;
  }

  const { layout } = config;
  const imageSize = layout.rows;
  const latentDim = el('select', { 'aria-label': 'latent dim', name: 'latentDim' }, config.latentDims.map((d) => el('option', { value: String(d), text: String(d) })));
  latentDim.value = String(config.defaults.latentDim);
  const epochs = el('input', { type: 'number', min: '1', max: String(config.maxEpochs), step: '1', value: String(config.defaults.epochs), 'aria-label': 'epochs', name: 'epochs' });
  const seed = el('input', { type: 'number', min: '0', max: String(config.maxSeed), step: '1', value: String(config.defaults.seed), 'aria-label': 'seed', name: 'seed' });
  const trainButton = el('button', { type: 'button', text: 'Train', class: 'ae-trainer-train', disabled: '' });
  const stopButton = el('button', { type: 'button', text: 'Stop', class: 'ae-trainer-stop', disabled: '' });
  const status = el('div', { class: 'ae-trainer-status', role: 'status', text: 'Unpacking the images and the training code…' });
  const curves = svgEl('svg', { width: 460, height: 260, class: 'ae-trainer-curves', role: 'img', 'aria-label': 'training and validation MSE per pixel by epoch' }) as SVGSVGElement;
  const rowsCanvas = el('canvas', { class: 'ae-trainer-reconstructions', 'aria-label': 'the fixed test digits and their reconstructions' });
  const numbers = el('table', { class: 'ae-trainer-numbers' });
  const explorerSlot = el('div', { class: 'ae-trainer-explorer' });
  live.appendChild(el('div', { class: 'ae-trainer-controls' }, [
    el('label', {}, ['latent dim ', latentDim]), el('label', {}, ['epochs ', epochs]), el('label', {}, ['seed ', seed]), trainButton, stopButton,
  ]));
  live.appendChild(status);
  live.appendChild(el('div', { class: 'ae-trainer-row' }, [curves, el('div', {}, [rowsCanvas, numbers])]));
  live.appendChild(explorerSlot);
  live.hidden = false;
  const fallback = root.querySelector('.ae-trainer-fallback');
  if (fallback) fallback.remove();
  drawCurves(curves, [], [], Number(epochs.value));

  let workerSource = '';
  let data: ArrayBuffer | undefined;
  let wasm: ArrayBuffer | undefined;
  let worker: Worker | undefined;
  let showcase: Float32Array | undefined;
  let untrained: Float32Array | undefined;

  function showNumbers(rows: [string, string][]): void {
    while (numbers.firstChild) numbers.removeChild(numbers.firstChild);
    rows.forEach(([name, value]) => numbers.appendChild(el('tr', {}, [el('th', { text: name }), el('td', { text: value })])));
  }

  function stop(state: 'stopped' | 'error' | 'done'): void {
    worker?.terminate();
    worker = undefined;
    trainButton.disabled = false;
    stopButton.disabled = true;
    setState(state);
  }

  function onMessage(message: WorkerMessage, job: PageJob): void {
    switch (message.type) {
      case 'ready':
        hook.kernels = message.kernels;
        status.textContent = `Training on ${message.backend} with ${message.kernels} training kernels…`;
        return;
      case 'start':
        hook.testLossUntrained = message.testLossUntrained;
        untrained = message.reconstructions;
        drawRows(rowsCanvas, [{ label: 'test digits', pixels: showcase! }, { label: 'untrained', pixels: untrained }], imageSize);
        showNumbers([['test MSE, untrained', format(message.testLossUntrained)]]);
        return;
      case 'batch':
        status.textContent = `Epoch ${message.epoch + 1} of ${job.epochs}: batch ${message.batch + 1} of ${message.numBatches}, loss ${format(message.loss)}`;
        return;
      case 'epoch':
        hook.trainLoss.push(message.trainLoss);
        hook.valLoss.push(message.valLoss);
        hook.epochImagesPerSecond.push(message.imagesPerSecond);
        drawCurves(curves, hook.trainLoss, hook.valLoss, job.epochs);
        drawRows(rowsCanvas, [
          { label: 'test digits', pixels: showcase! }, { label: 'untrained', pixels: untrained! },
          { label: `after epoch ${message.epoch + 1}`, pixels: message.reconstructions },
        ], imageSize);
        showNumbers([
          ['test MSE, untrained', format(hook.testLossUntrained!)],
          ['training MSE, last epoch', format(message.trainLoss)],
          ['validation MSE, last epoch', format(message.valLoss)],
          ['images/s, last epoch', thousands(message.imagesPerSecond)],
        ]);
        return;
      case 'done': {
        hook.history = message.history;
        const history = message.history;
        showNumbers([
          ['test MSE, untrained', format(history.testLossUntrained)],
          [`test MSE, kept weights (epoch ${history.bestEpoch + 1})`, format(history.testLoss)],
          ['validation MSE, kept weights', format(history.bestValLoss)],
          ['images/s, whole run', thousands(history.imagesPerSecond)],
        ]);
        status.textContent = `Done: ${job.epochs} epoch${job.epochs === 1 ? '' : 's'}; the epoch with the lowest validation MSE (${history.bestEpoch + 1}) is kept and scored once on the test images.`;
        showExplorer(message.explorer);
        stop('done');
        return;
      }
      case 'error':
        hook.error = message.message;
        status.textContent = 'Training failed: ' + message.message;
        stop('error');
        return;
    }
  }

  function showExplorer(explorer: ExplorerData): void {
    while (explorerSlot.firstChild) explorerSlot.removeChild(explorerSlot.firstChild);
    const explorerId = `${id}-explorer-${hook.runs}`;
    const json = el('script', { type: 'application/json', class: 'ae-explorer-data' });
    json.textContent = JSON.stringify(explorer);
    explorerSlot.appendChild(el('div', { class: 'ae-explorer', id: explorerId }, [el('div', { class: 'ae-explorer-live', hidden: '' }), json]));
    aeDecoderExplorer(explorerId);
  }

  function start(): void {
    const job: PageJob = { latentDim: Number(latentDim.value), epochs: Number(epochs.value), seed: Number(seed.value) };
    if (!(Number.isInteger(job.epochs) && job.epochs >= 1 && job.epochs <= config.maxEpochs)) {
      status.textContent = `Epochs must be a whole number from 1 to ${config.maxEpochs}.`;
      return;
    }
    if (!(Number.isInteger(job.seed) && job.seed >= 0 && job.seed <= config.maxSeed)) {
      status.textContent = `The seed must be a whole number from 0 to ${config.maxSeed}.`;
      return;
    }
    worker?.terminate();
    hook.runs += 1;
    hook.job = job;
    hook.trainLoss = [];
    hook.valLoss = [];
    hook.epochImagesPerSecond = [];
    delete hook.history;
    delete hook.error;
    delete hook.testLossUntrained;
    while (explorerSlot.firstChild) explorerSlot.removeChild(explorerSlot.firstChild);
    drawCurves(curves, [], [], job.epochs);
    status.textContent = 'Starting the Worker…';
    trainButton.disabled = true;
    stopButton.disabled = false;
    setState('training');
    const current = new Worker(URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' })));
    worker = current;
    current.onmessage = (event: MessageEvent<WorkerMessage>) => {
      if (worker === current) onMessage(event.data, job);
    };
    current.onerror = (event: ErrorEvent) => {
      if (worker !== current) return;
      hook.error = event.message;
      status.textContent = 'Training failed: ' + event.message;
      stop('error');
    };
    const message: StartMessage = { type: 'start', job, layout, data: data!.slice(0), wasm: wasm!.slice(0) };
    current.postMessage(message, [message.data, message.wasm]);
  }

  trainButton.addEventListener('click', start);
  stopButton.addEventListener('click', () => {
    status.textContent = `Stopped after ${hook.trainLoss.length} epoch${hook.trainLoss.length === 1 ? '' : 's'}.`;
    stop('stopped');
  });

  Promise.all([gunzipInlined(root, 'ae-trainer-worker'), gunzipInlined(root, 'ae-trainer-data'), gunzipInlined(root, 'ae-trainer-wasm')]).then(([script, images, binary]) => {
    workerSource = new TextDecoder().decode(script);
    data = images;
    wasm = binary;
    const perImage = layout.rows * layout.cols;
    const testImages = new Uint8Array(images, (layout.train + layout.validation) * (perImage + 1), layout.test * perImage);
    showcase = new Float32Array(config.showcase.length * perImage);
    config.showcase.forEach((index, k) => {
      for (let p = 0; p < perImage; p++) showcase![k * perImage + p] = testImages[index * perImage + p]! / 255;
    });
    drawRows(rowsCanvas, [{ label: 'test digits', pixels: showcase }], imageSize);
    status.textContent = `Ready. ${config.dataDescription} Pick a latent dim, epochs and a seed, and press Train.`;
    trainButton.disabled = false;
    setState('ready');
  }).catch((error: unknown) => {
    hook.error = String(error);
    status.textContent = 'The trainer could not start: ' + String(error);
    setState('error');
  });
}

(window as unknown as { aeTrainer: typeof aeTrainer }).aeTrainer = aeTrainer;
