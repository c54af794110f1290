import * as tfl from '@tensorflow/tfjs-layers';
import type { Initializer } from '@tensorflow/tfjs-layers/dist/initializers';

/** Seeded PyTorch-style initializers, a different stream per layer. */
export interface Initializers {
  /** Weight and bias initializers for the next layer, whose fan-in is `fanIn`. */
  next(fanIn: number): { kernelInitializer: Initializer; biasInitializer: Initializer };
}

/**
 * PyTorch's default initialization, seeded: weights and biases uniform in ±1/√fanIn (PyTorch's
 * `kaiming_uniform_(a=√5)`). Each call of `next` gives the next layer its own two streams, so the
 * same seed and the same layer order always give the same weights.
 */
export function seededInitializers(seed: number): Initializers {
  let layerIndex = 0;
  return {
    next(fanIn: number) {
      // Two streams per layer; the multiplier keeps seeds of different model seeds apart.
      const layerSeed = seed * 1000 + 2 * layerIndex;
      layerIndex += 1;
      const bound = 1 / Math.sqrt(fanIn);
      return {
        // varianceScaling(scale 1/3, fanIn, uniform) has limit √(3·scale/fanIn) = 1/√fanIn.
        kernelInitializer: tfl.initializers.varianceScaling({ scale: 1 / 3, mode: 'fanIn', distribution: 'uniform', seed: layerSeed }),
        biasInitializer: tfl.initializers.randomUniform({ minval: -bound, maxval: bound, seed: layerSeed + 1 }),
      };
    },
  };
}
