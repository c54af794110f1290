/**
 * The decoder explorer's views as data, and their encoding into what the page's script reads
 * (./explorer-page/data.ts). No Node and no tfjs here: a browser trainer's Worker builds the views
 * of a model it has just trained with these functions, as the notebook does.
 */
import type { DecoderProgram, DecoderStep } from '../model/decoder-program';
import { SERIES_COLORS } from './colors';
import type { EncodedPlaneView, EncodedProgram, EncodedSlidersView, EncodedStep, ExplorerData } from './explorer-page/data';

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

/** Options of {@link explorerData}: how big the page draws. */
export interface ExplorerLayout {
  /** Each image pixel drawn as a `pixelScale × pixelScale` block; default 7. */
  pixelScale?: number;
  /** Side of the plane's square canvas in CSS pixels; default 420. */
  planeSize?: number;
}

/** Bytes as base64, in Node and in a browser alike (`btoa` over chunks of characters). */
function base64(array: Float32Array | Uint8Array): string {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
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

/**
 * What the explorer's page script reads for `views` (its JSON): the views encoded, one image size.
 *
 * @throws Error for no views, views decoding images of different sizes, or a view whose codes, labels, start or ranges do not fit its decoder.
 */
export function explorerData(views: readonly ExplorerView[], layout: ExplorerLayout = {}): ExplorerData {
  if (views.length === 0) throw new Error('decoderExplorerHtml: no views');
  const size = { height: views[0]!.program.height, width: views[0]!.program.width };
  views.forEach((view) => checkView(view, size));
  return {
    ...size,
    pixelScale: layout.pixelScale ?? 7,
    planeSize: layout.planeSize ?? 420,
    colors: SERIES_COLORS,
    views: views.map(encodeView),
  };
}
