/**
 * The script the decoder explorer runs in the page (../decoder-explorer.ts inlines it): DOM and
 * TensorFlow.js ops on the cpu backend (`window.tf`, defined by the inlined tfjs bundle). `npm run
 * build` type-checks it (./tsconfig.json: DOM, ES2017) and bundles it with esbuild into
 * `dist/src/plot/explorer-page.js`, which defines the global `aeDecoderExplorer(id)`.
 *
 * It reads the explorer's data from its `<script type="application/json">`, draws each view, and
 * leaves a read-only hook on the container element, `element.aeExplorer.views[i]`: the current
 * `code`, the decoded `pixels` (Float32Array, [0, 1]), the `nearest` test image a plane view
 * snapped to, and where the plane is drawn (`plot`), so a test can check what a reader sees.
 */
import { base64Bytes, el } from './dom';
import type { EncodedPlaneView, EncodedProgram, EncodedSlidersView, ExplorerData, PageTensor, PageTf, ViewHook } from './data';

declare const tf: PageTf;

type Decode = (code: ArrayLike<number>) => Float32Array;

function floats(base64: string): Float32Array {
  const raw = base64Bytes(base64);
  return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
}

/** A decoder step ready to run: its weights as tensors, made once. */
type ReadyStep =
  | { op: 'dense'; kernel: PageTensor; bias: PageTensor }
  | { op: 'reshape'; shape: number[] }
  | { op: 'conv2dTranspose'; kernel: PageTensor; bias: PageTensor; outShape: [number, number, number, number]; strides: [number, number]; padding: 'valid' | 'same' }
  | { op: 'batchNorm'; mean: PageTensor; variance: PageTensor; gamma: PageTensor; beta: PageTensor; epsilon: number }
  | { op: 'relu' | 'sigmoid' }
  | { op: 'crop'; begin: number[]; size: number[] }
  | { op: 'rescale'; scale: number; offset: number };

/** The decoder: its steps with tf ops, weights as tensors made once. */
function makeDecoder(program: EncodedProgram): Decode {
  let shape = [program.latentDim];
  const steps = program.steps.map((step): ReadyStep => {
    switch (step.op) {
      case 'dense': {
        const ready: ReadyStep = { op: 'dense', kernel: tf.tensor2d(floats(step.kernel), [shape[0]!, step.units]), bias: tf.tensor1d(floats(step.bias)) };
        shape = [step.units];
        return ready;
      }
      case 'reshape':
        shape = step.shape.slice();
        return { op: 'reshape', shape: step.shape };
      case 'conv2dTranspose': {
        const [kh, kw] = step.kernelSize;
        const [sh, sw] = step.strides;
        const h = step.padding === 'same' ? shape[0]! * sh : (shape[0]! - 1) * sh + kh;
        const w = step.padding === 'same' ? shape[1]! * sw : (shape[1]! - 1) * sw + kw;
        const ready: ReadyStep = {
          op: 'conv2dTranspose', kernel: tf.tensor4d(floats(step.kernel), [kh, kw, step.filters, shape[2]!]), bias: tf.tensor1d(floats(step.bias)),
          outShape: [1, h, w, step.filters], strides: [sh, sw], padding: step.padding,
        };
        shape = [h, w, step.filters];
        return ready;
      }
      case 'batchNorm':
        return {
          op: 'batchNorm', mean: tf.tensor1d(floats(step.mean)), variance: tf.tensor1d(floats(step.variance)),
          gamma: tf.tensor1d(floats(step.gamma)), beta: tf.tensor1d(floats(step.beta)), epsilon: step.epsilon,
        };
      case 'crop': {
        const size = [1, shape[0]! - step.top - step.bottom, shape[1]! - step.left - step.right, shape[2]!];
        shape = [size[1]!, size[2]!, shape[2]!];
        return { op: 'crop', begin: [0, step.top, step.left, 0], size };
      }
      case 'rescale':
        return { op: 'rescale', scale: step.scale, offset: step.offset };
      default:
        return { op: step.op };
    }
  });
  return (code) => tf.tidy(() => {
    let x = tf.tensor2d(Float32Array.from(code), [1, program.latentDim]);
    for (const s of steps) {
      if (s.op === 'dense') x = tf.add(tf.matMul(x, s.kernel), s.bias);
      else if (s.op === 'reshape') x = tf.reshape(x, [1, ...s.shape]);
      else if (s.op === 'conv2dTranspose') x = tf.add(tf.conv2dTranspose(x, s.kernel, s.outShape, s.strides, s.padding), s.bias);
      else if (s.op === 'batchNorm') x = tf.batchNorm(x, s.mean, s.variance, s.beta, s.gamma, s.epsilon);
      else if (s.op === 'crop') x = tf.slice(x, s.begin, s.size);
      else if (s.op === 'rescale') x = tf.add(tf.mul(x, s.scale), s.offset);
      else x = s.op === 'relu' ? tf.relu(x) : tf.sigmoid(x);
    }
    return x.dataSync();
  });
}

function format(value: number): string {
  return (value < 0 ? '\u2212' : '') + Math.abs(value).toFixed(2);
}

/** Round numbers between min and max, about `count` of them, each with the decimals its step needs. */
function niceTicks(min: number, max: number, count: number): { value: number; text: string }[] {
  let step = Math.pow(10, Math.floor(Math.log10((max - min) / count)));
  const error = (max - min) / count / step;
  if (error >= 7.5) step *= 10;
  else if (error >= 3.5) step *= 5;
  else if (error >= 1.5) step *= 2;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const ticks: { value: number; text: string }[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
    const value = Math.round(t / step) * step;
    ticks.push({ value, text: (value < 0 ? '\u2212' : '') + Math.abs(value).toFixed(decimals) });
  }
  return ticks;
}

/** Draws the explorer into the container `#id` (once), from the data inside it. */
function aeDecoderExplorer(id: string): void {
  const root = document.getElementById(id) as (HTMLElement & { aeExplorer?: { views: ViewHook[] } }) | null;
  if (!root || root.aeExplorer) return;
  const data = JSON.parse(root.querySelector('script.ae-explorer-data')!.textContent!) as ExplorerData;
  const live = root.querySelector<HTMLElement>('.ae-explorer-live')!;
  const SCALE = data.pixelScale;

  // A grey image of [0, 1] pixels, each a SCALE × SCALE block (white = 1, as MNIST is shown).
  function imageCanvas(label: string, className: string): HTMLCanvasElement {
    const canvas = el('canvas', { width: String(data.width * SCALE), height: String(data.height * SCALE), 'aria-label': label, class: className });
    canvas.style.imageRendering = 'pixelated';
    return canvas;
  }
  function drawImage(canvas: HTMLCanvasElement, pixels: ArrayLike<number>): void {
    const context = canvas.getContext('2d')!;
    const image = context.createImageData(canvas.width, canvas.height);
    for (let y = 0; y < canvas.height; y++) {
      for (let x = 0; x < canvas.width; x++) {
        const p = pixels[Math.floor(y / SCALE) * data.width + Math.floor(x / SCALE)]!;
        const v = Math.round(Math.min(1, Math.max(0, p)) * 255);
        const o = (y * canvas.width + x) * 4;
        image.data[o] = v;
        image.data[o + 1] = v;
        image.data[o + 2] = v;
        image.data[o + 3] = 255;
      }
    }
    context.putImageData(image, 0, 0);
  }
  function figure(canvas: HTMLCanvasElement, caption: string): HTMLElement {
    return el('figure', { class: 'ae-explorer-image' }, [canvas, el('figcaption', { text: caption })]);
  }

  function planeView(view: EncodedPlaneView, hook: ViewHook): HTMLElement {
    const decode = makeDecoder(view.program);
    const codes = floats(view.codes);
    const labels = base64Bytes(view.labels);
    const n = labels.length;
    const size = data.planeSize;
    const plot = { left: 48, top: 12, width: size - 60, height: size - 56, x: view.domain[0], y: view.domain[1] };
    hook.plot = plot;
    const canvas = el('canvas', { width: String(size), height: String(size), class: 'ae-explorer-plane', 'aria-label': 'the code plane: move the pointer to choose a code' });
    const decoded = imageCanvas('the decoded image', 'ae-explorer-decoded');
    const info = el('div', { class: 'ae-explorer-info' });
    const background = document.createElement('canvas');
    background.width = size;
    background.height = size;
    const px = (v: number) => plot.left + (v - plot.x[0]) / (plot.x[1] - plot.x[0]) * plot.width;
    const py = (v: number) => plot.top + (1 - (v - plot.y[0]) / (plot.y[1] - plot.y[0])) * plot.height;

    const g = background.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, size, size);
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = '#444';
    g.strokeStyle = '#e6e6e6';
    niceTicks(plot.x[0], plot.x[1], 6).forEach((t) => {
      g.beginPath(); g.moveTo(px(t.value) + 0.5, plot.top); g.lineTo(px(t.value) + 0.5, plot.top + plot.height); g.stroke();
      g.textAlign = 'center'; g.fillText(t.text, px(t.value), plot.top + plot.height + 14);
    });
    niceTicks(plot.y[0], plot.y[1], 6).forEach((t) => {
      g.beginPath(); g.moveTo(plot.left, py(t.value) + 0.5); g.lineTo(plot.left + plot.width, py(t.value) + 0.5); g.stroke();
      g.textAlign = 'right'; g.fillText(t.text, plot.left - 5, py(t.value) + 4);
    });
    g.textAlign = 'center';
    g.fillText('code number 1', plot.left + plot.width / 2, size - 8);
    g.save(); g.translate(12, plot.top + plot.height / 2); g.rotate(-Math.PI / 2); g.fillText('code number 2', 0, 0); g.restore();
    g.globalAlpha = 0.6;
    for (let i = 0; i < n; i++) {
      g.fillStyle = data.colors[labels[i]!]!;
      g.fillRect(Math.round(px(codes[2 * i]!)) - 1, Math.round(py(codes[2 * i + 1]!)) - 1, 2, 2);
    }
    g.globalAlpha = 1;

    function show(code: number[], nearest: number | null): void {
      const pixels = decode(code);
      hook.code = Float32Array.from(code);
      hook.pixels = Float32Array.from(pixels);
      hook.nearest = nearest;
      drawImage(decoded, pixels);
      const c = canvas.getContext('2d')!;
      c.drawImage(background, 0, 0);
      c.strokeStyle = '#000';
      c.lineWidth = 1.5;
      c.beginPath(); c.arc(px(code[0]!), py(code[1]!), 6, 0, 2 * Math.PI); c.stroke();
      info.textContent = 'code (' + format(code[0]!) + ', ' + format(code[1]!) + ')' +
        (nearest === null ? '' : ' \u00b7 the code of test image ' + nearest + ', a ' + labels[nearest]);
    }
    canvas.addEventListener('pointermove', (event) => {
      const box = canvas.getBoundingClientRect();
      const x = (event.clientX - box.left) * (canvas.width / box.width);
      const y = (event.clientY - box.top) * (canvas.height / box.height);
      if (x < plot.left || x > plot.left + plot.width || y < plot.top || y > plot.top + plot.height) return;
      // Near a plotted test code (within 5 px): that exact code, so a reader can call up a digit's own.
      let best: number | null = null;
      let bestDistance = 25;
      for (let i = 0; i < n; i++) {
        const dx = px(codes[2 * i]!) - x;
        const dy = py(codes[2 * i + 1]!) - y;
        const d = dx * dx + dy * dy;
        if (d < bestDistance) {
          bestDistance = d;
          best = i;
        }
      }
      const code = best === null
        ? [plot.x[0] + (x - plot.left) / plot.width * (plot.x[1] - plot.x[0]), plot.y[0] + (1 - (y - plot.top) / plot.height) * (plot.y[1] - plot.y[0])]
        : [codes[2 * best]!, codes[2 * best + 1]!];
      show(code, best);
    });
    const legend = el('div', { class: 'ae-explorer-legend' }, data.colors.map((color, digit) => {
      const swatch = el('span', { class: 'ae-explorer-swatch' });
      swatch.style.background = color;
      return el('span', {}, [swatch, document.createTextNode(String(digit))]);
    }));
    show([codes[2 * view.start]!, codes[2 * view.start + 1]!], view.start);
    return el('div', { class: 'ae-explorer-view' }, [
      el('div', { class: 'ae-explorer-title', text: view.title }),
      el('div', { class: 'ae-explorer-row' }, [el('div', {}, [canvas, legend]), el('div', {}, [figure(decoded, 'decoded from the code under the pointer'), info])]),
    ]);
  }

  function slidersView(view: EncodedSlidersView, hook: ViewHook): HTMLElement {
    const decode = makeDecoder(view.program);
    const decoded = imageCanvas('the decoded image', 'ae-explorer-decoded');
    const original = imageCanvas('the test image the code started from', 'ae-explorer-original');
    let code: number[] = [];
    const sliders = el('div', { class: 'ae-explorer-sliders' });
    const inputs = view.ranges.map((range, k) => {
      const input = el('input', { type: 'range', min: String(range[0]), max: String(range[1]), step: String((range[1] - range[0]) / 200), 'aria-label': 'code number ' + (k + 1) });
      const value = el('span', { class: 'ae-explorer-value' });
      input.addEventListener('input', () => {
        code[k] = parseFloat(input.value);
        show();
      });
      sliders.appendChild(el('label', {}, [el('span', { text: 'code number ' + (k + 1) }), input, value]));
      return { input, value };
    });
    function show(): void {
      const pixels = decode(code);
      hook.code = Float32Array.from(code);
      hook.pixels = Float32Array.from(pixels);
      drawImage(decoded, pixels);
      inputs.forEach((slider, k) => {
        slider.value.textContent = format(code[k]!);
      });
    }
    function start(s: number): void {
      const chosen = view.starts[s]!;
      code = chosen.code.slice();
      hook.start = s;
      inputs.forEach((slider, k) => {
        slider.input.value = String(code[k]);
      });
      drawImage(original, Array.from(base64Bytes(chosen.image), (v) => v / 255));
      show();
    }
    const select = el('select', { 'aria-label': 'the test image whose code the sliders start from' }, view.starts.map((s, k) => el('option', { value: String(k), text: s.label })));
    select.addEventListener('change', () => start(Number(select.value)));
    const reset = el('button', { type: 'button', text: 'back to its code' });
    reset.addEventListener('click', () => start(Number(select.value)));
    start(0);
    return el('div', { class: 'ae-explorer-view' }, [
      el('div', { class: 'ae-explorer-title', text: view.title }),
      el('div', { class: 'ae-explorer-controls' }, [el('span', { text: 'start from ' }), select, reset]),
      el('div', { class: 'ae-explorer-row' }, [sliders, figure(original, 'the test image'), figure(decoded, 'decoded from the sliders\u2019 code')]),
    ]);
  }

  tf.setBackend('cpu').then(() => {
    const hooks: ViewHook[] = data.views.map((view) => ({ kind: view.kind }));
    const parts = data.views.map((view, i) => (view.kind === 'plane' ? planeView(view, hooks[i]!) : slidersView(view, hooks[i]!)));
    parts.forEach((part) => live.appendChild(part));
    root.aeExplorer = { views: hooks };
    live.hidden = false;
    const fallback = root.querySelector('.ae-explorer-fallback');
    if (fallback) fallback.remove();
    root.setAttribute('data-ready', 'true');
  }).catch((error: unknown) => {
    live.hidden = false;
    live.textContent = 'The explorer could not start: ' + String(error);
    root.setAttribute('data-ready', 'error');
  });
}

(window as unknown as { aeDecoderExplorer: typeof aeDecoderExplorer }).aeDecoderExplorer = aeDecoderExplorer;
