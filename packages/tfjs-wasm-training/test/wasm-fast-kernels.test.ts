import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import seedrandom from 'seedrandom';
// Registers every gradient function (tfjs-core's node bundle registers none).
import '@tensorflow/tfjs-layers';
import { FAST_WASM_KERNELS, selectBackend, unregisterFastWasmKernels } from '../src/node';
import { registerFastWasmKernels } from '../src/wasm-fast-kernels';
import { type ConvCase, assertClose, attrsOf, describeCase, outSize, prod, randomCase, randomData } from './conv-cases';

type Backend = 'wasm' | 'cpu';
type Values = Float32Array | Int32Array | Uint8Array;

/** Runs one kernel on `backend` from plain data and checks that it leaves nothing behind. */
async function runKernel(
  backend: Backend,
  kernelName: string,
  inputs: Record<string, { values: Values; shape: number[]; dtype?: tf.DataType }>,
  attrs: Record<string, unknown>,
): Promise<{ shape: number[]; values: Values }> {
  await tf.setBackend(backend);
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, t] of Object.entries(inputs)) tensors[name] = tf.tensor(t.values, t.shape, t.dtype ?? 'float32');
  const tensorsBefore = tf.memory().numTensors;
  const idsBefore = tf.engine().backend.numDataIds();
  const out = tf.engine().runKernel<tf.Tensor>(kernelName, tensors, attrs as tf.NamedAttrMap);
  assert.equal(tf.memory().numTensors, tensorsBefore + 1, `${backend} ${kernelName}: tensors leaked`);
  assert.equal(tf.engine().backend.numDataIds(), idsBefore + 1, `${backend} ${kernelName}: backend buffers leaked`);
  const result = { shape: out.shape, values: (await out.data()) as Values };
  tf.dispose([...Object.values(tensors), out]);
  return result;
}

/** Same kernel, same data on wasm and cpu; exact for data movement, `assertClose` for arithmetic. */
async function compare(
  kernelName: string,
  inputs: Parameters<typeof runKernel>[2],
  attrs: Record<string, unknown>,
  what: string,
  exact: boolean,
): Promise<void> {
  const got = await runKernel('wasm', kernelName, inputs, attrs);
  const want = await runKernel('cpu', kernelName, inputs, attrs);
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  if (exact) assert.deepEqual(Array.from(got.values), Array.from(want.values), what);
  else assertClose(got.values, want.values, what);
}

const int = (rng: () => number, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

function randomShape(rng: () => number, rank: number, max: number): number[] {
  return Array.from({ length: rank }, () => int(rng, 1, max));
}

function dataOf(rng: () => number, shape: number[], dtype: 'float32' | 'int32'): Values {
  const values = randomData(rng, prod(shape));
  return dtype === 'float32' ? values : Int32Array.from(values, (v) => Math.round(v * 100));
}

/** Conv2DBackpropInput on wasm and cpu for one geometry, random dy and filter. */
async function compareInputGradient(rng: () => number, c: ConvCase): Promise<void> {
  const [oh, ow] = outSize(c);
  const dyShape = [c.xShape[0], oh, ow, c.filterShape[3]];
  await compare(
    'Conv2DBackpropInput',
    { dy: { values: randomData(rng, prod(dyShape)), shape: dyShape }, filter: { values: randomData(rng, prod(c.filterShape)), shape: c.filterShape } },
    attrsOf(c, 'input'),
    describeCase(c),
    false,
  );
}

describe('wasm fast kernels (replacements of slow wasm kernels)', () => {
  before(async () => {
    await selectBackend({ backend: 'wasm', log: () => undefined });
  });

  test('are registered for wasm, and registration is idempotent', () => {
    const first = FAST_WASM_KERNELS.map((k) => tf.getKernel(k, 'wasm')?.kernelFunc);
    assert.ok(first.every((k) => k !== undefined));
    registerFastWasmKernels();
    assert.deepEqual(FAST_WASM_KERNELS.map((k) => tf.getKernel(k, 'wasm')?.kernelFunc), first);
  });

  test('Slice equals cpu exactly on 40 seeded random slices (rank 2-5, float32 and int32)', async () => {
    const rng = seedrandom('ae-fast-slice');
    for (let i = 0; i < 40; i++) {
      const shape = randomShape(rng, int(rng, 2, 5), 7);
      const begin = shape.map((n) => int(rng, 0, n - 1));
      const size = shape.map((n, d) => (rng() < 0.3 ? -1 : int(rng, 1, n - begin[d]!)));
      const dtype = rng() < 0.7 ? 'float32' : 'int32';
      const what = `slice ${shape.join('x')} begin ${begin.join(',')} size ${size.join(',')} ${dtype}`;
      await compare('Slice', { x: { values: dataOf(rng, shape, dtype), shape, dtype } }, { begin, size }, what, true);
    }
  });

  test('Slice crops at the model sizes exactly (Cropping2D, padding gradients)', async () => {
    const rng = seedrandom('ae-fast-slice-model');
    const cases = [
      { shape: [128, 29, 29, 1], begin: [0, 1, 1, 0], size: [128, 28, 28, 1] },
      { shape: [128, 15, 15, 8], begin: [0, 1, 1, 0], size: [128, 14, 14, 8] },
      { shape: [128, 30, 30, 1], begin: [0, 1, 1, 0], size: [128, 28, 28, 1] },
    ];
    for (const c of cases) {
      await compare('Slice', { x: { values: dataOf(rng, c.shape, 'float32'), shape: c.shape } }, { begin: c.begin, size: c.size }, `slice ${c.shape.join('x')}`, true);
    }
  });

  test('Tile equals cpu exactly on 30 seeded random tilings, BatchNorm’s [1,1,1,C] one included', async () => {
    const rng = seedrandom('ae-fast-tile');
    const cases = [{ shape: [1, 1, 1, 8], reps: [128, 14, 14, 1] }];
    for (let i = 0; i < 30; i++) {
      const shape = randomShape(rng, int(rng, 1, 4), 4);
      cases.push({ shape, reps: shape.map(() => int(rng, 1, 4)) });
    }
    for (const c of cases) {
      const dtype = rng() < 0.7 ? 'float32' : 'int32';
      await compare('Tile', { x: { values: dataOf(rng, c.shape, dtype), shape: c.shape, dtype } }, { reps: c.reps }, `tile ${c.shape.join('x')} by ${c.reps.join(',')}`, true);
    }
  });

  test('PadV2 equals cpu exactly on 30 seeded random paddings (rank 1-5, constants, float32 and int32)', async () => {
    const rng = seedrandom('ae-fast-pad');
    const cases = [{ shape: [128, 28, 28, 1], paddings: [[0, 0], [1, 1], [1, 1], [0, 0]], constantValue: 0 }];
    for (let i = 0; i < 30; i++) {
      const shape = randomShape(rng, int(rng, 1, 5), 5);
      cases.push({ shape, paddings: shape.map(() => [int(rng, 0, 2), int(rng, 0, 2)]), constantValue: rng() < 0.5 ? 0 : int(rng, -3, 3) });
    }
    for (const c of cases) {
      const dtype = rng() < 0.7 ? 'float32' : 'int32';
      const what = `pad ${c.shape.join('x')} by ${JSON.stringify(c.paddings)} with ${c.constantValue} ${dtype}`;
      await compare('PadV2', { x: { values: dataOf(rng, c.shape, dtype), shape: c.shape, dtype } }, { paddings: c.paddings, constantValue: c.constantValue }, what, true);
    }
  });

  test('Sum matches cpu on 30 seeded random reductions (leading axes in SIMD, any other axes and int32 by wasm, keepDims both ways)', async () => {
    const rng = seedrandom('ae-fast-sum');
    const cases: { shape: number[]; axis: number[] }[] = [{ shape: [128, 7, 7, 16], axis: [0, 1, 2] }, { shape: [128, 288], axis: [0] }, { shape: [6, 5, 3], axis: [-3, -2] }];
    for (let i = 0; i < 27; i++) {
      const shape = randomShape(rng, int(rng, 2, 4), 20);
      const leading = rng() < 0.6;
      cases.push({ shape, axis: leading ? shape.slice(0, -1).map((_, k) => k) : shape.map((_, k) => k).filter(() => rng() < 0.5) });
    }
    for (const c of cases) {
      const dtype = rng() < 0.8 ? 'float32' : 'int32';
      const keepDims = rng() < 0.5;
      await compare('Sum', { x: { values: dataOf(rng, c.shape, dtype), shape: c.shape, dtype } }, { axis: c.axis, keepDims }, `sum ${c.shape.join('x')} over ${c.axis} ${dtype}`, dtype === 'int32');
    }
  });

  test('Add matches cpu exactly for per-channel biases and one-element tensors in either order, and for other broadcasts', async () => {
    const rng = seedrandom('ae-fast-add');
    const cases: [number[], number[]][] = [
      [[128, 15, 15, 8], [8]], [[8], [128, 15, 15, 8]], [[128, 7, 7, 16], [1, 1, 1, 16]], [[5, 3], [3]], [[4, 6, 7], [7]],
      [[4, 6, 7], [6, 1]], [[3, 4], [3, 4]], [[1], [5, 2]], [[2, 3], [1]], [[128, 28, 28, 1], []], [[], [2, 2]], [[1, 1], [1]],
    ];
    for (const [aShape, bShape] of cases) {
      await compare('Add', { a: { values: dataOf(rng, aShape, 'float32'), shape: aShape }, b: { values: dataOf(rng, bShape, 'float32'), shape: bShape } }, {}, `add ${aShape.join('x')} + ${bShape.join('x')}`, true);
    }
  });

  test('ReLU’s gradient matches cpu (zeros, negatives and positives, SIMD body and scalar tail)', async () => {
    const rng = seedrandom('ae-fast-relu-grad');
    for (const shape of [[128, 14, 14, 8], [3, 7], [5]]) {
      const x = Float32Array.from(randomData(rng, prod(shape)), (v, i) => (i % 7 === 0 ? 0 : v));
      const dy = randomData(rng, prod(shape));
      const grads: Float32Array[] = [];
      for (const backend of ['wasm', 'cpu']) {
        await tf.setBackend(backend);
        const [xt, dyt] = [tf.tensor(x, shape), tf.tensor(dy, shape)];
        const before = tf.memory().numTensors;
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), dyt)))(xt);
        assert.equal(tf.memory().numTensors, before + 1, `${backend}: tensors leaked`);
        // tfjs's dy · step(x) gives −0 where dy < 0 and x ≤ 0; the kernel gives 0. The same number.
        grads.push(Float32Array.from(g.dataSync(), (v) => v + 0));
        tf.dispose([xt, dyt, g]);
      }
      assert.deepEqual(Array.from(grads[0]!), Array.from(grads[1]!), `relu gradient ${shape.join('x')}`);
    }
    await tf.setBackend('wasm');
  });

  test('BatchMatMul matches cpu for every transpose combination, batched and broadcast', async () => {
    const rng = seedrandom('ae-fast-matmul');
    const shapes = [
      { batchA: [] as number[], batchB: [] as number[], m: 128, k: 288, n: 128 },
      { batchA: [3], batchB: [3], m: 5, k: 7, n: 4 },
      { batchA: [2, 3], batchB: [1, 3], m: 4, k: 6, n: 5 },
      { batchA: [1], batchB: [4], m: 9, k: 1, n: 3 },
    ];
    for (const s of shapes) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const aShape = [...s.batchA, ...(transposeA ? [s.k, s.m] : [s.m, s.k])];
          const bShape = [...s.batchB, ...(transposeB ? [s.n, s.k] : [s.k, s.n])];
          const what = `matmul ${aShape.join('x')}${transposeA ? 'ᵀ' : ''} · ${bShape.join('x')}${transposeB ? 'ᵀ' : ''}`;
          await compare(
            'BatchMatMul',
            { a: { values: dataOf(rng, aShape, 'float32'), shape: aShape }, b: { values: dataOf(rng, bShape, 'float32'), shape: bShape } },
            { transposeA, transposeB },
            what,
            false,
          );
        }
      }
    }
  });

  test('BatchMatMul gives XNNPACK’s bits (wasm’s own kernel on the operands transposed beforehand) on 24 seeded random single products, every transpose combination', async () => {
    // wasm's own kernel hands a transposed A to a slower loop that sums k in blocks of 48; the
    // replacement before this one transposed first and called XNNPACK, which sums in order.
    const rng = seedrandom('ae-fast-matmul-bits');
    const transposed = (values: Values, rows: number, columns: number): Values => {
      const out = new Float32Array(values.length);
      for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c * rows + r] = values[r * columns + c]!;
      return out;
    };
    const cases = Array.from({ length: 24 }, (_, i) => {
      const [m, k, n] = [int(rng, 1, 70), int(rng, 1, 300), int(rng, 1, 70)];
      const batch = i % 3 === 0 ? [1] : [];
      const transposeA = i % 2 === 1;
      const transposeB = i % 4 >= 2;
      const aShape = [...batch, ...(transposeA ? [k, m] : [m, k])];
      const bShape = [...batch, ...(transposeB ? [n, k] : [k, n])];
      const a = dataOf(rng, aShape, 'float32');
      const b = dataOf(rng, bShape, 'float32');
      return {
        what: `matmul ${aShape.join('x')}${transposeA ? 'ᵀ' : ''} · ${bShape.join('x')}${transposeB ? 'ᵀ' : ''}`,
        inputs: { a: { values: a, shape: aShape }, b: { values: b, shape: bShape } },
        attrs: { transposeA, transposeB },
        plain: {
          a: { values: transposeA ? transposed(a, k, m) : a, shape: [...batch, m, k] },
          b: { values: transposeB ? transposed(b, n, k) : b, shape: [...batch, k, n] },
        },
      };
    });
    const ours = [];
    for (const c of cases) ours.push(await runKernel('wasm', 'BatchMatMul', c.inputs, c.attrs));
    unregisterFastWasmKernels();
    try {
      for (const [i, c] of cases.entries()) {
        const xnnpack = await runKernel('wasm', 'BatchMatMul', c.plain, { transposeA: false, transposeB: false });
        assert.deepEqual(ours[i]!.shape, xnnpack.shape, `${c.what}: shape`);
        assert.deepEqual(Array.from(ours[i]!.values), Array.from(xnnpack.values), c.what);
      }
    } finally {
      registerFastWasmKernels();
    }
  });

  test('Conv2D without padding matches cpu on 30 seeded random geometries (1-40 channels each way, strides 1-3)', async () => {
    const rng = seedrandom('ae-fast-conv2d-cpu');
    for (let i = 0; i < 30; i++) {
      const random = randomCase(rng);
      const ci = 1 + Math.floor(rng() * 40);
      const co = 1 + Math.floor(rng() * 40);
      const c: ConvCase = {
        ...random,
        xShape: [random.xShape[0], random.xShape[1], random.xShape[2], ci],
        filterShape: [random.filterShape[0], random.filterShape[1], ci, co],
        pad: i % 3 === 2 ? [[0, 0], [0, 0], [0, 0], [0, 0]] : 'valid',
      };
      delete c.dimRoundingMode;
      const [oh, ow] = outSize(c);
      if (oh < 1 || ow < 1) continue;
      await compare(
        'Conv2D',
        { x: { values: randomData(rng, prod(c.xShape)), shape: c.xShape }, filter: { values: randomData(rng, prod(c.filterShape)), shape: c.filterShape } },
        { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: 1 },
        describeCase(c),
        false,
      );
    }
  });

  test('Conv2D without padding gives the bits of wasm’s own (XNNPACK) on 40 seeded random geometries, and hands padded ones back', async () => {
    const rng = seedrandom('ae-fast-conv2d-bits');
    const cases = [];
    for (let i = 0; i < 40; i++) {
      const random = randomCase(rng);
      const ci = [1, 2, 3, 8, 16, 5, 13][i % 7]!;
      const co = 1 + Math.floor(rng() * 40);
      const c: ConvCase = {
        ...random,
        xShape: [random.xShape[0], random.xShape[1], random.xShape[2], ci],
        filterShape: [random.filterShape[0], random.filterShape[1], ci, co],
        pad: i % 4 === 3 ? 'same' : 'valid',
      };
      delete c.dimRoundingMode;
      const [oh, ow] = outSize(c);
      if (oh < 1 || ow < 1) continue;
      cases.push({ c, inputs: { x: { values: randomData(rng, prod(c.xShape)), shape: c.xShape }, filter: { values: randomData(rng, prod(c.filterShape)), shape: c.filterShape } } });
    }
    const ours = [];
    for (const { c, inputs } of cases) ours.push(await runKernel('wasm', 'Conv2D', inputs, { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: 1 }));
    unregisterFastWasmKernels();
    try {
      for (const [i, { c, inputs }] of cases.entries()) {
        const xnnpack = await runKernel('wasm', 'Conv2D', inputs, { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: 1 });
        assert.deepEqual(ours[i]!.shape, xnnpack.shape, `${describeCase(c)}: shape`);
        assert.deepEqual(Array.from(ours[i]!.values), Array.from(xnnpack.values), describeCase(c));
      }
    } finally {
      registerFastWasmKernels();
    }
    assert.ok(cases.length >= 30, `${cases.length} geometries`);
  });

  test('Conv2DBackpropInput matches cpu on 40 seeded random geometries (strides 1-3, every padding kind)', async () => {
    const rng = seedrandom('ae-fast-conv2d-backprop-input');
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const c = randomCase(rng);
      seen.add(typeof c.pad === 'string' ? c.pad : typeof c.pad);
      await compareInputGradient(rng, c);
    }
    assert.deepEqual([...seen].sort(), ['number', 'object', 'same', 'valid']);
  });

  test('Conv2DBackpropInput matches cpu on 40 seeded random geometries with 1-40 input channels (few-channel path, SIMD blocks of 16, 8 and 4)', async () => {
    const rng = seedrandom('ae-fast-conv2d-backprop-input-channels');
    const inChannels = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const random = randomCase(rng);
      const ci = 1 + Math.floor(rng() * 40);
      const c = { ...random, xShape: [random.xShape[0], random.xShape[1], random.xShape[2], ci] as [number, number, number, number], filterShape: [random.filterShape[0], random.filterShape[1], ci, random.filterShape[3]] as [number, number, number, number] };
      inChannels.add(ci >= 16 ? '16+' : ci >= 4 ? '4-15' : '1-3');
      await compareInputGradient(rng, c);
    }
    assert.deepEqual([...inChannels].sort(), ['1-3', '16+', '4-15']);
  });

  test('Conv2DBackpropFilter matches cpu on 40 seeded random geometries (1-40 output channels: SIMD blocks of 16 and 4, scalar tail)', async () => {
    const rng = seedrandom('ae-fast-conv2d-backprop-filter');
    const outChannels = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const random = randomCase(rng);
      const co = 1 + Math.floor(rng() * 40);
      const c = { ...random, filterShape: [random.filterShape[0], random.filterShape[1], random.filterShape[2], co] as [number, number, number, number] };
      outChannels.add(co >= 16 ? '16+' : co >= 4 ? '4-15' : '1-3');
      const [oh, ow] = outSize(c);
      const dyShape = [c.xShape[0], oh, ow, co];
      await compare(
        'Conv2DBackpropFilter',
        { x: { values: randomData(rng, prod(c.xShape)), shape: c.xShape }, dy: { values: randomData(rng, prod(dyShape)), shape: dyShape } },
        attrsOf(c),
        describeCase(c),
        false,
      );
    }
    assert.deepEqual([...outChannels].sort(), ['1-3', '16+', '4-15']);
  });

  test('Conv2DBackpropInput matches cpu where it takes four images at a time (batch 4-11, 4-36 input channels)', async () => {
    const rng = seedrandom('ae-fast-conv2d-backprop-input-four-images');
    const channelCounts = [4, 8, 12, 16, 20, 24, 36, 5, 9, 17];
    for (let i = 0; i < 30; i++) {
      const random = randomCase(rng);
      const batch = 4 + Math.floor(rng() * 8);
      const ci = channelCounts[i % channelCounts.length]!;
      const c = { ...random, xShape: [batch, random.xShape[1], random.xShape[2], ci] as [number, number, number, number], filterShape: [random.filterShape[0], random.filterShape[1], ci, random.filterShape[3]] as [number, number, number, number] };
      await compareInputGradient(rng, c);
    }
  });

  test('Conv2DBackpropInput matches cpu for 1-3 channels through a 3×3 filter without padding (products added straight into dx)', async () => {
    const rng = seedrandom('ae-fast-conv2d-backprop-input-three-by-three');
    for (let i = 0; i < 24; i++) {
      const stride = 1 + (i % 3);
      const c: ConvCase = {
        xShape: [1 + Math.floor(rng() * 5), 3 + Math.floor(rng() * 14), 3 + Math.floor(rng() * 14), 1 + (i % 3)],
        filterShape: [3, 3, 1 + (i % 3), 1 + Math.floor(rng() * 12)],
        strides: [stride, stride],
        pad: 'valid',
      };
      await compareInputGradient(rng, c);
    }
  });

  test('Conv2DBackpropFilter matches cpu on its blocked paths (one input channel, three taps at a time; taps that see every output position)', async () => {
    const rng = seedrandom('ae-fast-conv2d-backprop-filter-blocked');
    for (let i = 0; i < 30; i++) {
      const random = randomCase(rng);
      const oneChannel = i % 2 === 0;
      const ci = oneChannel ? 1 : [2, 4, 6, 8, 16][Math.floor(rng() * 5)]!;
      const co = oneChannel ? [8, 16, 24][Math.floor(rng() * 3)]! : [16, 32][Math.floor(rng() * 2)]!;
      const kw = oneChannel ? 3 + Math.floor(rng() * 3) : random.filterShape[1];
      const c: ConvCase = { ...random, xShape: [random.xShape[0], random.xShape[1], Math.max(random.xShape[2], kw), ci], filterShape: [random.filterShape[0], kw, ci, co] };
      if (i % 3 === 0) {
        c.pad = 'valid';
        delete c.dimRoundingMode;
      }
      const [oh, ow] = outSize(c);
      if (oh < 1 || ow < 1) continue;
      const dyShape = [c.xShape[0], oh, ow, co];
      await compare(
        'Conv2DBackpropFilter',
        { x: { values: randomData(rng, prod(c.xShape)), shape: c.xShape }, dy: { values: randomData(rng, prod(dyShape)), shape: dyShape } },
        attrsOf(c),
        describeCase(c),
        false,
      );
    }
  });

  test('conv2dTranspose and the conv2d input gradient match cpu at the model sizes (batch 128)', async () => {
    const rng = seedrandom('ae-fast-model-sizes');
    const transposed = [
      { x: [128, 3, 3, 32], filter: [3, 3, 16, 32], out: [128, 7, 7, 16], pad: 'valid' as const },
      { x: [128, 7, 7, 16], filter: [3, 3, 8, 16], out: [128, 15, 15, 8], pad: 'valid' as const },
      { x: [128, 14, 14, 8], filter: [3, 3, 1, 8], out: [128, 28, 28, 1], pad: [[0, 0], [1, 0], [1, 0], [0, 0]] as tf.backend_util.ExplicitPadding },
    ];
    for (const c of transposed) {
      const x = randomData(rng, prod(c.x));
      const w = randomData(rng, prod(c.filter));
      const run = async (backend: Backend): Promise<Values> => {
        await tf.setBackend(backend);
        const y = tf.conv2dTranspose(tf.tensor4d(x, c.x as [number, number, number, number]), tf.tensor4d(w, c.filter as [number, number, number, number]), c.out as [number, number, number, number], 2, c.pad);
        const values = await y.data();
        tf.dispose(y);
        return values;
      };
      assertClose(await run('wasm'), await run('cpu'), `conv2dTranspose ${c.x.join('x')} → ${c.out.join('x')}`);
    }
  });

  test('Identity shares the buffer: a clone outlives its source and a variable’s later assign, and frees it last', async () => {
    await tf.setBackend('wasm');
    const idsBefore = tf.engine().backend.numDataIds();
    const source = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const copy = tf.clone(source);
    assert.equal(tf.engine().backend.numDataIds(), idsBefore + 1, 'the clone must not allocate');
    source.dispose();
    assert.deepEqual(Array.from(await copy.data()), [1, 2, 3, 4]);
    copy.dispose();
    assert.equal(tf.engine().backend.numDataIds(), idsBefore, 'the shared buffer is freed with its last owner');

    const variable = tf.variable(tf.tensor1d([5, 6]));
    const saved = tf.clone(variable);
    variable.assign(tf.tensor1d([7, 8]));
    assert.deepEqual(Array.from(await saved.data()), [5, 6]);
    assert.deepEqual(Array.from(await variable.data()), [7, 8]);
    tf.dispose([variable, saved]);
  });
});
