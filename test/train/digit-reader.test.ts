import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { imagesAt } from '../../src/data/batching.js';
import { loadMnist } from '../../src/data/mnist.js';
import { toUnitRange } from '../../src/data/transforms.js';
import { readDigits } from '../../src/model/index.js';
import { type ReaderMetadata, fitDigitReader, loadDigitReader, pretrainedCheckpointRoot, saveDigitReader } from '../../src/train/index.js';
import { shiftImages } from '../../src/train/digit-reader.js';
import { useBackend } from '../helpers.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-reader-'));

describe('fitDigitReader', () => {
  before(() => useBackend('wasm'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('learns to read digits from 2,048 clean images, keeps its best validation epoch, and saves and loads it', async () => {
    const mnist = loadMnist();
    const epochs: number[] = [];
    const { reader, result, training } = await fitDigitReader(mnist, { epochs: 3, subset: { first: 2048 } }, (progress) => epochs.push(progress.epoch));
    assert.deepEqual(epochs, [0, 1, 2]);
    assert.equal(result.valAccuracy.length, 3);
    assert.equal(result.bestValAccuracy, Math.max(...result.valAccuracy));
    assert.equal(result.valAccuracy[result.bestEpoch], result.bestValAccuracy);
    // Chance is 10 %; after three epochs on 2,048 images a CNN reads most digits.
    assert.ok(result.bestValAccuracy > 0.8, `validation accuracy ${result.bestValAccuracy}`);
    assert.ok(result.testAccuracy > 0.8, `test accuracy ${result.testAccuracy}`);

    const dir = path.join(root, 'reader');
    const metadata: ReaderMetadata = {
      model: { architecture: 'digit-reader', seed: 0, input: 'pixels in [0, 1]' }, training, ...result,
      backend: 'wasm', dataChecksums: mnist.checksums, savedAt: new Date(0).toISOString(),
    };
    await saveDigitReader(dir, reader, metadata);
    const loaded = await loadDigitReader(dir);
    assert.deepEqual(loaded.metadata, metadata);
    const images = toUnitRange(imagesAt(mnist.test, Array.from({ length: 64 }, (_, i) => i)));
    assert.deepEqual(readDigits(loaded.reader, images), readDigits(reader, images));
    reader.dispose();
    loaded.reader.dispose();
  });

  it('refuses settings that are not positive integers, and a folder that holds an autoencoder', async () => {
    await assert.rejects(fitDigitReader(loadMnist(), { epochs: 0 }), /epochs must be a positive integer, got 0/);
    const autoencoder = path.join(pretrainedCheckpointRoot(), 'latent-2-transposed-seed-0-epochs-50');
    await assert.rejects(loadDigitReader(autoencoder), /training\.json: not a digit reader's/);
  });
});

describe('shiftImages', () => {
  it('moves each image by whole pixels within the bound, the same for the same seed, black where it moved from', () => {
    const image = new Float32Array(2 * 784);
    image[14 * 28 + 14] = 1;
    image[784 + 14 * 28 + 14] = 1;
    const shifted = shiftImages(image, 2, 'a');
    assert.deepEqual(shiftImages(image, 2, 'a'), shifted);
    for (const offset of [0, 784]) {
      const lit = [...shifted.subarray(offset, offset + 784).entries()].filter(([, value]) => value === 1).map(([k]) => k);
      assert.equal(lit.length, 1, 'one pixel lit, moved');
      const [y, x] = [Math.floor(lit[0]! / 28), lit[0]! % 28];
      assert.ok(Math.abs(y - 14) <= 2 && Math.abs(x - 14) <= 2, `moved to ${y}, ${x}`);
    }
    assert.deepEqual(shiftImages(image, 0, 'a'), image, 'no shift: the same image');
  });
});
