import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';
// tfjs-core's node bundle registers no gradient functions; tfjs-layers' bundle
// registers all of them (as it does for the training code), so tf.grad needs it.
import '@tensorflow/tfjs-layers';
import { FILLED_WASM_KERNELS, selectBackend, unregisterFastWasmKernels } from '../src/node';
import { registerFastWasmKernels } from '../src/wasm-fast-kernels';
import { registerFilledWasmKernels } from '../src/wasm-kernels';
import { type ConvCase, assertClose, attrsOf, describeCase, outSize, prod, randomCase, randomData } from './conv-cases';

/** Runs the Conv2DBackpropFilter kernel on `backend` and checks it leaks nothing. */
async function backpropFilter(backend: 'wasm' | 'cpu', c: ConvCase, x: Float32Array, dy: Float32Array): Promise<Float32Array> {
  await tf.setBackend(backend);
  const [oh, ow] = outSize(c);
  const xt = tf.tensor4d(x, c.xShape);
  const dyt = tf.tensor4d(dy, [c.xShape[0], oh, ow, c.filterShape[3]]);
  const tensorsBefore = tf.memory().numTensors;
  const idsBefore = tf.engine().backend.numDataIds();
  const out = tf.engine().runKernel<tf.Tensor>('Conv2DBackpropFilter', { x: xt, dy: dyt }, attrsOf(c));
  assert.equal(tf.memory().numTensors, tensorsBefore + 1, `${backend}: tensors leaked`);
  assert.equal(tf.engine().backend.numDataIds(), idsBefore + 1, `${backend}: backend buffers leaked`);
  assert.deepEqual(out.shape, c.filterShape);
  const data = (await out.data()) as Float32Array;
  tf.dispose([xt, dyt, out]);
  return data;
}

/** d(sum(conv2d(x, w) * dy))/dw through tf.grad: the path training takes. */
async function gradViaConv2d(backend: 'wasm' | 'cpu', c: ConvCase, x: Float32Array, w: Float32Array, dy: Float32Array): Promise<Float32Array> {
  await tf.setBackend(backend);
  const [oh, ow] = outSize(c);
  const xt = tf.tensor4d(x, c.xShape);
  const wt = tf.tensor4d(w, c.filterShape);
  const dyt = tf.tensor4d(dy, [c.xShape[0], oh, ow, c.filterShape[3]]);
  const before = tf.memory().numTensors;
  const g = tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xt, f as tf.Tensor4D, c.strides, c.pad), dyt)))(wt);
  assert.equal(tf.memory().numTensors, before + 1, `${backend}: tf.grad leaked tensors`);
  const data = (await g.data()) as Float32Array;
  tf.dispose([xt, wt, dyt, g]);
  return data;
}

describe('wasm Conv2DBackpropFilter (filled)', () => {
  // The fill itself, without the SIMD kernel that replaces it (tested with the fast kernels).
  before(async () => {
    await selectBackend({ backend: 'wasm', log: () => undefined });
    unregisterFastWasmKernels();
  });
  after(async () => {
    registerFastWasmKernels();
    await tf.setBackend('wasm');
  });

  test('is registered once for wasm, and registration is idempotent', () => {
    const first = FILLED_WASM_KERNELS.map((k) => tf.getKernel(k, 'wasm'));
    assert.ok(first.every((k) => k !== undefined));
    registerFilledWasmKernels();
    const second = FILLED_WASM_KERNELS.map((k) => tf.getKernel(k, 'wasm'));
    first.forEach((k, i) => assert.equal(second[i], k));
  });

  test('matches the cpu kernel on 30 seeded random geometries', async () => {
    const rng = seedrandom('ae-backend-conv2d-backprop-filter');
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const c = randomCase(rng);
      seen.add(typeof c.pad === 'string' ? c.pad : typeof c.pad);
      const [oh, ow] = outSize(c);
      const x = randomData(rng, prod(c.xShape));
      const dy = randomData(rng, c.xShape[0] * oh * ow * c.filterShape[3]);
      const got = await backpropFilter('wasm', c, x, dy);
      const want = await backpropFilter('cpu', c, x, dy);
      assertClose(got, want, describeCase(c));
    }
    // The seed must keep covering every padding kind.
    assert.deepEqual([...seen].sort(), ['number', 'object', 'same', 'valid']);
  });

  test('matches cpu through tf.grad(conv2d) at the real model sizes (batch 128)', async () => {
    const rng = seedrandom('ae-backend-real-sizes');
    const cases: ConvCase[] = [
      { xShape: [128, 28, 28, 1], filterShape: [3, 3, 1, 8], strides: [2, 2], pad: 1 },
      { xShape: [128, 14, 14, 8], filterShape: [3, 3, 8, 16], strides: [2, 2], pad: 1 },
    ];
    for (const c of cases) {
      const [oh, ow] = outSize(c);
      const x = randomData(rng, prod(c.xShape));
      const w = randomData(rng, prod(c.filterShape));
      const dy = randomData(rng, c.xShape[0] * oh * ow * c.filterShape[3]);
      assertClose(await gradViaConv2d('wasm', c, x, w, dy), await gradViaConv2d('cpu', c, x, w, dy), describeCase(c));
    }
  });

  test('makes conv2dTranspose filter gradients match cpu (same and valid, stride 2)', async () => {
    const rng = seedrandom('ae-backend-conv2d-transpose');
    const cases = [
      { x: [16, 7, 7, 16], filter: [3, 3, 8, 16], out: [16, 14, 14, 8], pad: 'same' as const },
      { x: [5, 7, 7, 4], filter: [3, 3, 2, 4], out: [5, 15, 15, 2], pad: 'valid' as const },
    ] as const;
    for (const c of cases) {
      const x = randomData(rng, prod(c.x));
      const w = randomData(rng, prod(c.filter));
      const up = randomData(rng, prod(c.out));
      const run = async (backend: 'wasm' | 'cpu'): Promise<Float32Array> => {
        await tf.setBackend(backend);
        const xt = tf.tensor4d(x, [...c.x]);
        const wt = tf.tensor4d(w, [...c.filter]);
        const upt = tf.tensor4d(up, [...c.out]);
        const before = tf.memory().numTensors;
        const f = (k: tf.Tensor): tf.Scalar =>
          tf.sum(tf.mul(tf.conv2dTranspose(xt, k as tf.Tensor4D, [...c.out], 2, c.pad), upt));
        const g = tf.grad(f)(wt);
        assert.equal(tf.memory().numTensors, before + 1, `${backend}: leaked tensors`);
        const data = (await g.data()) as Float32Array;
        tf.dispose([xt, wt, upt, g]);
        return data;
      };
      assertClose(await run('wasm'), await run('cpu'), `conv2dTranspose ${c.pad}`);
    }
  });

  test('rejects NCHW and forward dilations with a clear error', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 5, 5, 2]) as tf.Tensor4D;
    const dy = tf.zeros([1, 3, 3, 4]) as tf.Tensor4D;
    const base = { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 2, 4] };
    const before = tf.memory().numTensors;
    assert.throws(
      () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...base, dataFormat: 'NCHW' }),
      /dataFormat 'NCHW' is not supported/,
    );
    assert.throws(
      () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...base, dilations: [2, 2] }),
      /dilations \[2,2\] are not supported/,
    );
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, dy]);
  });
});

describe('wasm UnsortedSegmentSum (filled)', () => {
  before(async () => {
    await selectBackend({ backend: 'wasm', log: () => undefined });
  });

  test('matches cpu directly (with out-of-range ids) and as the tf.gather gradient', async () => {
    const rng = seedrandom('ae-backend-segment-sum');
    const x = randomData(rng, 6 * 3 * 2);
    const ids = [2, 0, -1, 2, 4, 1]; // -1 and 4 (>= numSegments) must be dropped
    const params = randomData(rng, 5 * 4);
    const run = async (backend: 'wasm' | 'cpu'): Promise<[Float32Array, Float32Array]> => {
      await tf.setBackend(backend);
      const xt = tf.tensor3d(x, [6, 3, 2]);
      const idt = tf.tensor1d(ids, 'int32');
      const pt = tf.tensor2d(params, [5, 4]);
      const before = tf.memory().numTensors;
      const s = tf.unsortedSegmentSum(xt, idt, 4);
      assert.deepEqual(s.shape, [4, 3, 2]);
      const g = tf.grad((p: tf.Tensor) => tf.sum(tf.square(tf.gather(p, [3, 0, 3, 1], 0))))(pt);
      assert.equal(tf.memory().numTensors, before + 2, `${backend}: leaked tensors`);
      const out: [Float32Array, Float32Array] = [(await s.data()) as Float32Array, (await g.data()) as Float32Array];
      tf.dispose([xt, idt, pt, s, g]);
      return out;
    };
    const [ws, wg] = await run('wasm');
    const [cs, cg] = await run('cpu');
    assertClose(ws, cs, 'unsortedSegmentSum');
    assertClose(wg, cg, 'gather gradient');
  });
});
