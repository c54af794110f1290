import * as tf from '@tensorflow/tfjs-core';
import { registerTrainingLayers } from 'tfjs-wasm-training';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * Where each 2×2 max-pooling window found its maximum, as a 0/1 mask of the
 * pre-pooling shape: exactly one 1 per window and channel.
 *
 * This is what PyTorch's `MaxPool2d(return_indices=True)` hands to
 * `MaxUnpool2d`, in a form tfjs layers can carry: `upsample(pooled) * mask`
 * is max-unpooling (the pooled value goes back to the position it came from,
 * zeros elsewhere). Ties (common after ReLU, where a window can be all zeros)
 * go to the first position in row-major order, as in PyTorch, not to every
 * tied position. (tfjs's `maxPoolWithArgmax` is not used: on the wasm backend
 * 4.22 it reports index 0 for windows whose values are all negative.)
 *
 * The mask is a routing decision, not a function to differentiate: its
 * gradient is zero, as the gradient of PyTorch's integer indices is.
 */
export class PoolingSwitches extends tfl.layers.Layer {
  /** Name under which tfjs serializes this layer in `model.json`. */
  static readonly className = 'PoolingSwitches';

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return switchesOf(x);
  }

  override getClassName(): string {
    return PoolingSwitches.className;
  }
}

/** The switch mask of `x` (shape [batch, height, width, channels], even height and width). */
export function switchesOf(x: tf.Tensor4D): tf.Tensor4D {
  const [, height, width, channels] = x.shape;
  if (height % 2 !== 0 || width % 2 !== 0) {
    throw new Error(`PoolingSwitches: height and width must be even for 2×2 pooling, got ${height}×${width}`);
  }
  const [batch] = x.shape;
  const [rows, cols] = [height / 2, width / 2];
  // customGrad cuts the tape here: ArgMax and OneHot have no gradients in tfjs.
  const routed = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => ({
    value: tf.tidy(() => {
      // [b, 2i+dy, 2j+dx, c] → [b, i, j, c, 2·dy+dx]: each window's four values on the last axis.
      const windows = tf.reshape(
        tf.transpose(tf.reshape(inputs[0] as tf.Tensor, [batch, rows, 2, cols, 2, channels]), [0, 1, 3, 5, 2, 4]),
        [batch, rows, cols, channels, 4],
      );
      // argMax returns the first maximum on ties, as PyTorch's max_pool2d does.
      // (int32 one-hot, then cast: wasm 4.22's OneHot ignores a float32 dtype and returns int bits.)
      const mask = tf.cast(tf.oneHot(tf.argMax(windows, 4), 4), 'float32');
      return tf.reshape(
        tf.transpose(tf.reshape(mask, [batch, rows, cols, channels, 2, 2]), [0, 1, 4, 2, 5, 3]),
        [batch, height, width, channels],
      );
    }),
    gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
  }));
  return routed(x) as tf.Tensor4D;
}

let registered = false;

/** Makes the custom layers known to tfjs's deserializer (idempotent; needed before loading a checkpoint). */
export function registerCustomLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(PoolingSwitches);
  // The engine's Conv2D and BatchNormalization, under tfjs-layers' class names: loaded checkpoints train fast too.
  registerTrainingLayers();
  registered = true;
}
