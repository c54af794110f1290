/** Shared test helpers: quiet backend selection, saving and loading a model in memory, relative errors. */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { type BackendName, selectBackend } from '../src/node';

/** Activates `name` without printing the choice. */
export async function useBackend(name: BackendName): Promise<void> {
  await selectBackend({ backend: name, log: () => {} });
}

/** A model saved to memory in tfjs's format and loaded back (what a checkpoint round trip does to its layers). */
export async function savedAndLoaded(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  const saved = await new Promise<tf.io.ModelArtifacts>((resolve) => {
    void model.save(tf.io.withSaveHandler(async (artifacts) => {
      resolve(artifacts);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
  });
  return tfl.loadLayersModel(tf.io.fromMemory(saved));
}

/** Largest |a − b| relative to the largest |b|. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / (scale + 1e-12);
}

