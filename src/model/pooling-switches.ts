import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * Where each 2×2 max-pooling window found its maximum, as a 0/1 mask of the
 * pre-pooling shape: exactly one 1 per window and channel.
 *
 * This is what PyTorch's `MaxPool2d(return_indices=True)` hands to
 * `MaxUnpool2d`, in a form tfjs layers can carry: `upsample(pooled) * mask`
 * is max-unpooling (the pooled value goes back to the position it came from,
 * zeros elsewhere). The mask comes from tfjs's `maxPoolWithArgmax`, so ties
 * (common after ReLU, where a window can be all zeros) go to the single
 * position that op reports, not to every tied position.
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
  // customGrad cuts the tape here: Equal and FloorDiv have no gradients in tfjs.
  const routed = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => ({
    value: tf.tidy(() => {
      const { indexes } = tf.maxPoolWithArgmax(inputs[0] as tf.Tensor4D, 2, 2, 'valid', false);
      // indexes = (row * width + col) * channels + channel, per example.
      const row = tf.floorDiv(indexes, width * channels);
      const col = tf.floorDiv(tf.mod(indexes, width * channels), channels);
      const slot = tf.add(tf.mul(tf.mod(row, 2), 2), tf.mod(col, 2)); // 0..3 = (dy, dx) in the window
      const masks = [0, 1, 2, 3].map((k) => tf.cast(tf.equal(slot, k), 'float32'));
      // depthToSpace(2) puts channel block k = dy*2+dx at (2i+dy, 2j+dx): the window's own layout.
      return tf.depthToSpace(tf.concat(masks, 3) as tf.Tensor4D, 2, 'NHWC');
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
  registered = true;
}
