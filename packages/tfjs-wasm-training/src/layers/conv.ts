import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Conv2D } from '@tensorflow/tfjs-layers/dist/layers/convolutional';
import type { ConvLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/convolutional';

/**
 * tfjs-layers' `Conv2D` whose *training* forward pass is `conv2d` then a bias `add`, instead of
 * tfjs's fused conv-plus-bias op. Inference, weights, configuration and the saved format are the
 * parent's, and it serializes under the same class name, so checkpoints stay plain tfjs models.
 *
 * Why: the fused op's gradient computes the gradient of every input, needed or not. For the
 * first layer that is the gradient of the image itself, which nothing uses: a transposed
 * convolution over the whole batch every step (~1 ms of a ~22 ms step on wasm). Separate ops
 * let tfjs skip it, because the image does not depend on any weight.
 */
// tfjs-layers exports the class only as a type; its factory's product carries the constructor.
const Conv2DLayer = tfl.layers.conv2d({ filters: 1, kernelSize: 1 }).constructor as typeof Conv2D;

/** The parent's state this class reads (set by its constructor and `build`). */
interface ConvState {
  strides: [number, number];
  padding: 'valid' | 'same' | 'causal';
  dataFormat: 'channelsFirst' | 'channelsLast';
  dilationRate: [number, number];
  kernel: tfl.LayerVariable;
  bias: tfl.LayerVariable | null;
  activation: { apply(x: tf.Tensor): tf.Tensor; getClassName(): string };
}

/** See the module comment. Registered under tfjs-layers' own class name. */
export class FastConv2D extends Conv2DLayer {
  static override className = 'Conv2D';

  constructor(args: ConvLayerArgs & { filters: number }) {
    super(args);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const state = this as unknown as ConvState;
    const { padding } = state;
    const plain = state.dataFormat === 'channelsLast' && padding !== 'causal' && state.dilationRate.every((d) => d === 1);
    if (kwargs['training'] !== true || !plain) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      let y: tf.Tensor = tf.conv2d(x, state.kernel.read() as tf.Tensor4D, state.strides, padding);
      if (state.bias !== null) y = tf.add(y, state.bias.read());
      return state.activation.apply(y);
    });
  }
}
