/**
 * The contract between the decoder explorer's two halves: what src/plot/decoder-explorer.ts
 * writes into the page (`<script type="application/json" class="ae-explorer-data">`), and the
 * TensorFlow.js ops its bundle defines as `window.tf`, both read by the page's script
 * (./explorer.ts). Types only, so that both halves compile against one definition.
 */

/** A decoder step as the page reads it: weights are float32 arrays in base64. */
export type EncodedStep =
  | { op: 'dense'; units: number; kernel: string; bias: string }
  | { op: 'reshape'; shape: number[] }
  | { op: 'conv2dTranspose'; filters: number; kernelSize: [number, number]; strides: [number, number]; padding: 'valid' | 'same'; kernel: string; bias: string }
  | { op: 'batchNorm'; mean: string; variance: string; gamma: string; beta: string; epsilon: number }
  | { op: 'relu' | 'sigmoid' }
  | { op: 'crop'; top: number; bottom: number; left: number; right: number }
  | { op: 'rescale'; scale: number; offset: number };

/** A decoder: code (`latentDim` numbers) in, a `height × width` image of [0, 1] pixels out. */
export interface EncodedProgram {
  latentDim: number;
  height: number;
  width: number;
  steps: EncodedStep[];
}

/** A code plane: the test codes (float32 pairs, base64) and labels (bytes, base64), and the plotted domain. */
export interface EncodedPlaneView {
  kind: 'plane';
  title: string;
  program: EncodedProgram;
  codes: string;
  labels: string;
  start: number;
  /** [[x min, x max], [y min, y max]]. */
  domain: [[number, number], [number, number]];
}

/** Sliders: each slider's range, and the test images to start from (pixels as bytes, base64). */
export interface EncodedSlidersView {
  kind: 'sliders';
  title: string;
  program: EncodedProgram;
  ranges: readonly (readonly [number, number])[];
  starts: { label: string; code: number[]; image: string }[];
}

/** Everything the page reads. */
export interface ExplorerData {
  height: number;
  width: number;
  /** Each image pixel drawn as a block of this many CSS pixels. */
  pixelScale: number;
  /** Side of the plane's square canvas. */
  planeSize: number;
  /** One colour per digit. */
  colors: readonly string[];
  views: (EncodedPlaneView | EncodedSlidersView)[];
}

/** A tensor, as the page handles it: passed between ops, read once at the end. */
export interface PageTensor {
  dataSync(): Float32Array;
}

/** The TensorFlow.js ops the page runs, which the inlined bundle defines as `window.tf` (and nothing else). */
export interface PageTf {
  setBackend(name: 'cpu'): Promise<boolean>;
  tidy<T>(fn: () => T): T;
  tensor1d(values: Float32Array): PageTensor;
  tensor2d(values: Float32Array, shape: [number, number]): PageTensor;
  tensor4d(values: Float32Array, shape: [number, number, number, number]): PageTensor;
  add(a: PageTensor, b: PageTensor | number): PageTensor;
  mul(a: PageTensor, b: number): PageTensor;
  matMul(a: PageTensor, b: PageTensor): PageTensor;
  reshape(x: PageTensor, shape: number[]): PageTensor;
  conv2dTranspose(x: PageTensor, filter: PageTensor, outputShape: [number, number, number, number], strides: [number, number], pad: 'valid' | 'same'): PageTensor;
  batchNorm(x: PageTensor, mean: PageTensor, variance: PageTensor, offset: PageTensor, scale: PageTensor, epsilon: number): PageTensor;
  relu(x: PageTensor): PageTensor;
  sigmoid(x: PageTensor): PageTensor;
  slice(x: PageTensor, begin: number[], size: number[]): PageTensor;
}

/** What the page leaves on the container for tests: `element.aeExplorer.views[i]`. */
export interface ViewHook {
  kind: 'plane' | 'sliders';
  /** The code shown now. */
  code?: Float32Array;
  /** The decoded image, [0, 1]. */
  pixels?: Float32Array;
  /** Plane: the test image the pointer snapped to, or null. */
  nearest?: number | null;
  /** Sliders: the test image the sliders started from. */
  start?: number;
  /** Plane: where the plot is drawn on the canvas, and its domain. */
  plot?: { left: number; top: number; width: number; height: number; x: [number, number]; y: [number, number] };
}
