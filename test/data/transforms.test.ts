import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { denormalize, normalize, normalizedRange, normalizePixels, SEED_NORMALIZATION, toUnitRange, type Normalization } from '../../src/data/index.js';
import { validateNormalization } from '../../src/data/transforms.js';
import { assertOneLineError } from './fixtures.js';

/** The usual MNIST statistics, a normalization that actually scales. */
const MNIST_STATS: Normalization = { mean: 0.1307, std: 0.3081 };

const allBytes = Uint8Array.from({ length: 256 }, (_, value) => value);

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-6): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance, `index ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

describe('SEED_NORMALIZATION', () => {
  it("is the original tutorial's Normalize((0.5,), (1.0,)), frozen", () => {
    assert.deepEqual({ ...SEED_NORMALIZATION }, { mean: 0.5, std: 1.0 });
    assert.ok(Object.isFrozen(SEED_NORMALIZATION));
  });
});

describe('toUnitRange', () => {
  it('divides by 255 like ToTensor', () => {
    assertClose(toUnitRange(Uint8Array.from([0, 51, 255])), [0, 0.2, 1]);
  });

  it('writes into out when given, and checks its length', () => {
    const out = new Float32Array(2);
    assert.equal(toUnitRange(Uint8Array.from([0, 255]), out), out);
    assert.deepEqual(Array.from(out), [0, 1]);
    assertOneLineError(() => toUnitRange(Uint8Array.from([1, 2]), new Float32Array(3)), /^toUnitRange: out has length 3, expected 2$/);
  });
});

describe('normalize / denormalize', () => {
  it('maps [0, 1] to [-0.5, 0.5] with the seed defaults', () => {
    assertClose(normalize(Float32Array.from([0, 0.25, 1]), SEED_NORMALIZATION), [-0.5, -0.25, 0.5]);
  });

  it('round-trips', () => {
    const x = toUnitRange(allBytes);
    for (const n of [SEED_NORMALIZATION, MNIST_STATS, { mean: -2, std: 7 }]) {
      assertClose(denormalize(normalize(x, n), n), x);
    }
  });

  it('can work in place', () => {
    const x = Float32Array.from([0, 1]);
    normalize(x, MNIST_STATS, x);
    assertClose(x, [-0.1307 / 0.3081, 0.8693 / 0.3081], 1e-5);
    denormalize(x, MNIST_STATS, x);
    assertClose(x, [0, 1]);
  });
});

describe('normalizePixels', () => {
  it('equals toUnitRange then normalize, float for float', () => {
    for (const n of [SEED_NORMALIZATION, MNIST_STATS]) {
      assert.deepEqual(normalizePixels(allBytes, n), normalize(toUnitRange(allBytes), n));
    }
  });
});

describe('normalizedRange', () => {
  it('is where 0 and 1 land', () => {
    assert.deepEqual(normalizedRange(SEED_NORMALIZATION), [-0.5, 0.5]);
    assert.deepEqual(normalizedRange({ mean: 0, std: 1 }), [0, 1]);
    const [low, high] = normalizedRange(MNIST_STATS);
    const ends = normalize(Float32Array.from([0, 1]), MNIST_STATS);
    assertClose([low, high], ends, 1e-6);
  });
});

describe('validation', () => {
  it('rejects a std that is not finite and positive, naming the option', () => {
    for (const std of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assertOneLineError(() => normalizedRange({ mean: 0.5, std }), /^normalization\.std must be a finite number > 0 \(got /);
      assertOneLineError(() => normalize(new Float32Array(1), { mean: 0.5, std }), /normalization\.std/);
    }
    assertOneLineError(() => validateNormalization({ mean: 0, std: 0 }, 'model.normalization'), /^model\.normalization\.std/);
  });

  it('rejects a mean that is not finite', () => {
    assertOneLineError(() => denormalize(new Float32Array(1), { mean: Number.NaN, std: 1 }), /^normalization\.mean must be a finite number/);
  });
});
