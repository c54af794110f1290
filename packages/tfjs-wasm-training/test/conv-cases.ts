/** Shared by the wasm kernel tests: random convolution geometries and a tolerance check against the cpu backend. */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';

// Float32 sums over up to ~25k products (batch 128 x 14 x 14 at the real
// sizes) accumulate in a different order on wasm (XNNPACK GEMM) and cpu
// (naive loops); the observed drift is ~1e-5..1e-4 of the largest entry, so
// 1e-3 relative to max|reference| is tight enough to catch any indexing or
// padding error (those are O(1) relative) without flaking on rounding.
export const REL_TOL = 1e-3;

export type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

export interface ConvCase {
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  strides: [number, number];
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export function assertClose(actual: Float32Array | Int32Array | Uint8Array, expected: Float32Array | Int32Array | Uint8Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs((actual[i] ?? NaN) - (expected[i] ?? NaN)));
    maxRef = Math.max(maxRef, Math.abs(expected[i] ?? NaN));
  }
  const rel = maxDiff / (maxRef + 1e-12);
  assert.ok(rel <= REL_TOL, `${what}: max|a-b|/max|b| = ${rel.toExponential(2)} > ${REL_TOL} (max|b| = ${maxRef})`);
}

export const prod = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function randomData(rng: () => number, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng() * 2 - 1;
  return a;
}

export function outSize(c: ConvCase): [number, number] {
  const info = tf.backend_util.computeConv2DInfo(c.xShape, c.filterShape, c.strides, 1, c.pad, c.dimRoundingMode);
  return [info.outHeight, info.outWidth];
}

/** The attributes of the case's Conv2DBackpropFilter kernel, or with `'input'` its Conv2DBackpropInput kernel. */
export function attrsOf(c: ConvCase, gradient: 'filter' | 'input' = 'filter'): tf.NamedAttrMap {
  const shape = gradient === 'filter' ? { filterShape: c.filterShape } : { inputShape: c.xShape };
  const attrs: Record<string, unknown> = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', ...shape };
  if (c.dimRoundingMode !== undefined) attrs['dimRoundingMode'] = c.dimRoundingMode;
  return attrs as tf.NamedAttrMap;
}

export function randomCase(rng: () => number): ConvCase {
  const int = (lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
  for (;;) {
    const b = int(1, 6);
    const h = int(3, 17);
    const w = int(3, 17);
    const ci = int(1, 8);
    const co = int(1, 8);
    const kh = int(1, 5);
    const kw = rng() < 0.7 ? kh : int(1, 5);
    const strides: [number, number] = rng() < 0.7 ? [int(1, 3), 0] : [int(1, 3), int(1, 3)];
    if (strides[1] === 0) strides[1] = strides[0];
    const kind = int(0, 3);
    let pad: Pad;
    let dimRoundingMode: ConvCase['dimRoundingMode'];
    if (kind === 0) pad = 'valid';
    else if (kind === 1) pad = 'same';
    else if (kind === 2) {
      pad = int(0, 2);
      const r = int(0, 3);
      if (r > 0) dimRoundingMode = (['floor', 'round', 'ceil'] as const)[r - 1];
    } else pad = [[0, 0], [int(0, 2), int(0, 2)], [int(0, 2), int(0, 2)], [0, 0]];
    const c: ConvCase = { xShape: [b, h, w, ci], filterShape: [kh, kw, ci, co], strides, pad };
    if (dimRoundingMode !== undefined) c.dimRoundingMode = dimRoundingMode;
    const [oh, ow] = outSize(c);
    if (oh >= 1 && ow >= 1) return c; // e.g. 'valid' with a kernel taller than the input
  }
}

export const describeCase = (c: ConvCase): string =>
  `x ${c.xShape.join('x')} k ${c.filterShape.join('x')} s ${c.strides.join(',')} pad ${JSON.stringify(c.pad)}` +
  (c.dimRoundingMode ? ` ${c.dimRoundingMode}` : '');

