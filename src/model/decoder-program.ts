/**
 * A trained decoder as plain data: its layers, in order, as a short list of steps with their
 * weights as Float32Arrays. A page can run it with TensorFlow.js's ops alone (no tfjs-layers,
 * no model files), which is what the in-page decoder explorer does (src/plot/decoder-explorer.ts).
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Autoencoder } from './autoencoder';

/** One step of a {@link DecoderProgram}; shapes are NHWC without the batch axis. */
export type DecoderStep =
  | { op: 'dense'; units: number; kernel: Float32Array; bias: Float32Array }
  | { op: 'reshape'; shape: number[] }
  | { op: 'conv2dTranspose'; filters: number; kernelSize: [number, number]; strides: [number, number]; padding: 'valid' | 'same'; kernel: Float32Array; bias: Float32Array }
  | { op: 'batchNorm'; mean: Float32Array; variance: Float32Array; gamma: Float32Array; beta: Float32Array; epsilon: number }
  | { op: 'relu' | 'sigmoid' }
  | { op: 'crop'; top: number; bottom: number; left: number; right: number }
  | { op: 'rescale'; scale: number; offset: number };

/** A decoder as steps: code (`latentDim` numbers) in, a `height × width` image of [0, 1] pixels out. */
export interface DecoderProgram {
  latentDim: number;
  height: number;
  width: number;
  steps: DecoderStep[];
}

type Config = Record<string, unknown>;

function pair(value: unknown, name: string): [number, number] {
  const values = Array.isArray(value) ? value.map(Number) : [Number(value), Number(value)];
  if (values.length !== 2 || values.some((v) => !Number.isInteger(v))) throw new Error(`decoderProgram: ${name} ${JSON.stringify(value)} is not a pair of integers`);
  return [values[0]!, values[1]!];
}

function activationStep(activation: unknown, layer: string): DecoderStep[] {
  if (activation === undefined || activation === null || activation === 'linear') return [];
  if (activation === 'relu' || activation === 'sigmoid') return [{ op: activation }];
  throw new Error(`decoderProgram: layer ${layer} has activation ${String(activation)}, which the explorer does not run`);
}

function weightsOf(layer: tfl.layers.Layer): Float32Array[] {
  return layer.getWeights().map((weight) => Float32Array.from(weight.dataSync()));
}

/** The steps of one layer of a decoder. */
function stepsOf(layer: tfl.layers.Layer): DecoderStep[] {
  const config = layer.getConfig() as Config;
  const name = layer.name;
  switch (layer.getClassName()) {
    case 'InputLayer':
      return [];
    case 'Dense': {
      const [kernel, bias] = weightsOf(layer);
      return [{ op: 'dense', units: Number(config['units']), kernel: kernel!, bias: bias ?? new Float32Array(Number(config['units'])) }, ...activationStep(config['activation'], name)];
    }
    case 'Reshape':
      return [{ op: 'reshape', shape: (config['targetShape'] as number[]).map(Number) }];
    case 'Conv2DTranspose': {
      if (config['dataFormat'] !== undefined && config['dataFormat'] !== 'channelsLast') throw new Error(`decoderProgram: layer ${name} is not channels-last`);
      const [kernel, bias] = weightsOf(layer);
      const filters = Number(config['filters']);
      const padding = config['padding'];
      if (padding !== 'valid' && padding !== 'same') throw new Error(`decoderProgram: layer ${name} has padding ${String(padding)}`);
      return [{
        op: 'conv2dTranspose', filters, kernelSize: pair(config['kernelSize'], 'kernelSize'), strides: pair(config['strides'], 'strides'), padding,
        kernel: kernel!, bias: bias ?? new Float32Array(filters),
      }, ...activationStep(config['activation'], name)];
    }
    case 'BatchNormalization': {
      if (config['center'] === false || config['scale'] === false) throw new Error(`decoderProgram: layer ${name} has no center or scale`);
      const [gamma, beta, mean, variance] = weightsOf(layer);
      return [{ op: 'batchNorm', gamma: gamma!, beta: beta!, mean: mean!, variance: variance!, epsilon: Number(config['epsilon']) }];
    }
    case 'Activation':
      return activationStep(config['activation'], name);
    case 'Cropping2D': {
      const [[top, bottom], [left, right]] = config['cropping'] as [[number, number], [number, number]];
      return [{ op: 'crop', top, bottom, left, right }];
    }
    case 'Rescaling':
      return [{ op: 'rescale', scale: Number(config['scale']), offset: Number(config['offset']) }];
    default:
      throw new Error(`decoderProgram: layer ${name} (${layer.getClassName()}) is not one the explorer runs; only the transposed decoder is`);
  }
}

/**
 * The model's decoder as a {@link DecoderProgram} whose output is [0, 1] pixels (the model's
 * output normalization is undone by a last `rescale` step), as {@link decodeCodes} returns them.
 * Only the `transposed` decoder: the `unpooling` one needs its encoder's pooling switches.
 */
export function decoderProgram(model: Pick<Autoencoder, 'decoder' | 'options'>): DecoderProgram {
  const { latentDim, decoder, normalization } = model.options;
  if (decoder !== 'transposed') throw new Error(`decoderProgram: the ${decoder} decoder needs its encoder's pooling switches, not a code alone`);
  const steps = model.decoder.layers.flatMap((layer) => stepsOf(layer));
  steps.push({ op: 'rescale', scale: normalization.std, offset: normalization.mean });
  const shape = model.decoder.outputs[0]!.shape;
  return { latentDim, height: Number(shape[1]), width: Number(shape[2]), steps };
}
