import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { createAutoencoder, DECODER_VARIANTS } from '../../src/model/index.js';
import { type CheckpointMetadata, CHECKPOINT_FILES, fit, loadCheckpoint, saveCheckpoint } from '../../src/train/index.js';
import { resolveTrainingConfig } from '../../src/train/defaults.js';
import { smallLoaders, useBackend } from '../helpers.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-checkpoint-'));

function metadataFor(options: CheckpointMetadata['model'], valLoss: number): CheckpointMetadata {
  return {
    model: options, training: resolveTrainingConfig({ epochs: 1 }), trainLoss: [valLoss], valLoss: [valLoss], bestEpoch: 0, bestValLoss: valLoss, imagesPerSecond: 1000,
    backend: 'wasm', dataChecksums: { 'train-images-idx3-ubyte': 'ab'.repeat(32) }, savedAt: new Date(0).toISOString(),
  };
}

function someImages(): tf.Tensor4D {
  return tf.randomUniform([4, 28, 28, 1], -0.5, 0.5, 'float32', 11) as tf.Tensor4D;
}

describe('checkpoints', () => {
  before(() => useBackend('wasm'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  for (const decoder of DECODER_VARIANTS) {
    it(`${decoder}: save → load gives identical reconstructions, encoder and metadata`, async () => {
      const model = createAutoencoder({ latentDim: 3, decoder, seed: 4 });
      // Train briefly so BatchNorm's moving statistics differ from their initial values.
      const result = await fit(model.autoencoder, smallLoaders(256, 128, 4), { epochs: 1 });
      const dir = path.join(root, decoder);
      await saveCheckpoint(dir, model.autoencoder, metadataFor(model.options, result.bestValLoss));
      assert.deepEqual(fs.readdirSync(dir).sort(), [CHECKPOINT_FILES.model, CHECKPOINT_FILES.metadata, CHECKPOINT_FILES.weights].sort());

      const loaded = await loadCheckpoint(dir);
      const images = someImages();
      const pairs = [[model.autoencoder, loaded.autoencoder], [model.encoder, loaded.encoder]] as const;
      for (const [original, restored] of pairs) {
        const a = original.predict(images);
        const b = restored.predict(images);
        const [first, second] = [Array.isArray(a) ? a[0]! : a, Array.isArray(b) ? b[0]! : b];
        assert.deepEqual(second.dataSync(), first.dataSync());
        tf.dispose([a, b]);
      }
      assert.deepEqual(loaded.metadata.valLoss, [result.bestValLoss]);
      assert.deepEqual(loaded.options, model.options);
      tf.dispose(images);
      model.autoencoder.dispose();
      loaded.autoencoder.dispose();
    });
  }

  it('a save that fails midway leaves the previous checkpoint intact and no temporary folder', async () => {
    const dir = path.join(root, 'interrupted');
    const first = createAutoencoder({ latentDim: 2, seed: 1 });
    await saveCheckpoint(dir, first.autoencoder, metadataFor(first.options, 0.5));
    const before = Object.fromEntries(fs.readdirSync(dir).map((name) => [name, fs.readFileSync(path.join(dir, name))]));

    const second = createAutoencoder({ latentDim: 2, seed: 2 });
    // JSON cannot encode a BigInt: the weights and model.json are already written when this throws.
    const broken = { ...metadataFor(second.options, 0.25), training: { epochs: 1n } } as unknown as CheckpointMetadata;
    await assert.rejects(saveCheckpoint(dir, second.autoencoder, broken), /^Error: could not save checkpoint .*interrupted: .*BigInt/);

    const after = Object.fromEntries(fs.readdirSync(dir).map((name) => [name, fs.readFileSync(path.join(dir, name))]));
    assert.deepEqual(after, before);
    assert.deepEqual(fs.readdirSync(root).filter((name) => name.startsWith('interrupted')), ['interrupted']);
    first.autoencoder.dispose();
    second.autoencoder.dispose();
  });

  it('a second save replaces the first', async () => {
    const dir = path.join(root, 'replaced');
    for (const seed of [1, 2]) {
      const model = createAutoencoder({ latentDim: 2, seed });
      await saveCheckpoint(dir, model.autoencoder, metadataFor(model.options, seed));
      model.autoencoder.dispose();
    }
    const loaded = await loadCheckpoint(dir);
    assert.equal(loaded.metadata.model.seed, 2);
    assert.deepEqual(fs.readdirSync(root).filter((name) => name.startsWith('replaced')), ['replaced']);
    loaded.autoencoder.dispose();
  });

  it('a damaged checkpoint gives an error naming the file', async () => {
    const dir = path.join(root, 'damaged');
    const model = createAutoencoder({ latentDim: 2 });
    await saveCheckpoint(dir, model.autoencoder, metadataFor(model.options, 1));
    model.autoencoder.dispose();
    const weights = path.join(dir, CHECKPOINT_FILES.weights);
    fs.truncateSync(weights, 100);
    await assert.rejects(loadCheckpoint(dir), (error: Error) => error.message.startsWith(`${weights}: 100 bytes, model.json expects`));
    fs.writeFileSync(path.join(dir, CHECKPOINT_FILES.metadata), '{ not json');
    await assert.rejects(loadCheckpoint(dir), (error: Error) => error.message.startsWith(path.join(dir, CHECKPOINT_FILES.metadata)));
    fs.rmSync(path.join(dir, CHECKPOINT_FILES.model));
    await assert.rejects(loadCheckpoint(dir), (error: Error) => error.message === `${path.join(dir, CHECKPOINT_FILES.model)}: missing (not a checkpoint folder?)`);
  });
});
