import * as tfl from '@tensorflow/tfjs-layers';
import { type Normalization, SEED_NORMALIZATION, normalizedRange } from '../data/transforms';
import { FastBatchNormalization, FastConv2D } from 'tfjs-wasm-training';
import { type Initializers, seededInitializers } from './initializers';
import { PoolingSwitches, registerCustomLayers } from './pooling-switches';

/**
 * How the decoder grows the 3×3 code back to 28×28.
 * - `transposed`: stride-2 transposed convolutions, the published PyTorch architecture.
 * - `unpooling`: max-unpooling driven by the encoder's pooling switches (the original
 *   tutorial's `name='unpooling'`). Note that the switches travel from encoder to decoder
 *   *beside* the latent code: they carry "where" information around the bottleneck, so
 *   at small latent dimensions this variant reconstructs more than the code alone holds.
 */
export type DecoderVariant = 'transposed' | 'unpooling';

/** The decoder variants, for validating user input. */
export const DECODER_VARIANTS: readonly DecoderVariant[] = ['transposed', 'unpooling'];

/** Options of {@link createAutoencoder}. */
export interface AutoencoderOptions {
  /** Size of the latent code (the tutorial sweeps 1..10). */
  latentDim: number;
  /** Decoder variant; default `transposed`. */
  decoder?: DecoderVariant;
  /** Seed of every weight initializer; default 0. Same seed ⇒ same initial weights. */
  seed?: number;
  /** The input normalization; the output layer is built to cover exactly its range. Default (0.5, 1.0). */
  normalization?: Normalization;
}

/** The three models {@link createAutoencoder} returns. They share layers (and so weights). */
export interface Autoencoder {
  /** Image [batch, 28, 28, 1] → latent [batch, latentDim] (plus the pooling switches for `unpooling`). */
  encoder: tfl.LayersModel;
  /** Latent (plus switches for `unpooling`) → image in the normalized range. */
  decoder: tfl.LayersModel;
  /** Image → reconstruction, the model that is trained and saved. */
  autoencoder: tfl.LayersModel;
  /** The options it was built with, defaults filled in. */
  options: Required<AutoencoderOptions>;
}

/** Side of the square MNIST image. */
export const IMAGE_SIZE = 28;

const ENCODER_NAME = 'encoder';
const DECODER_NAME = 'decoder';

// PyTorch's BatchNorm2d defaults: running = 0.9·running + 0.1·batch, eps 1e-5
// (tfjs's own defaults are momentum 0.99 and epsilon 1e-3).
const BATCH_NORM = { momentum: 0.9, epsilon: 1e-5 } as const;

/**
 * Builds the tutorial's convolutional autoencoder.
 *
 * `transposed` mirrors the published PyTorch model layer for layer, including its padding
 * alignment (explicit zero padding before `valid` convolutions; `valid` transposed
 * convolutions cropped by one row/column at the top-left, which is what PyTorch's
 * `padding=1, output_padding=1` does):
 *
 * Encoder: Conv(1→8, k3, s2, p1) → ReLU → Conv(8→16, k3, s2, p1) → BatchNorm → ReLU →
 * Conv(16→32, k3, s2, p0) → ReLU → Flatten(288) → Dense(128) → ReLU → Dense(latentDim).
 * Decoder: Dense(128) → ReLU → Dense(288) → ReLU → Reshape(3,3,32) → ConvT(32→16, k3, s2) →
 * BatchNorm → ReLU → ConvT(16→8, k3, s2, p1, op1) → BatchNorm → ReLU → ConvT(8→1, k3, s2, p1, op1) → output.
 *
 * `unpooling` replaces the first two stride-2 convolutions by stride-1 convolutions and 2×2
 * max-pooling, and the last two transposed convolutions by max-unpooling (at the encoder's
 * switch positions) followed by a stride-1 convolution; the parameter count of the
 * convolutions is unchanged apart from the channel ordering of the decoder's convolutions.
 *
 * **Output activation.** The inputs are normalized to `(x − mean) / std`; with the tutorial's
 * (0.5, 1.0) they lie in [−0.5, 0.5]. The original ends in a sigmoid, whose outputs lie in
 * (0, 1): every dark pixel (target −0.5) is at least 0.5 away, a floor under the MSE.
 * Here the output is `(sigmoid(z) − mean) / std`, the sigmoid's [0, 1] mapped by the same
 * normalization as the inputs, so it covers exactly the target range.
 *
 * **Initialization** mirrors PyTorch's defaults, seeded: weights and biases uniform in
 * ±1/√fanIn (PyTorch's `kaiming_uniform_(a=√5)`), BatchNorm γ=1, β=0.
 *
 * Nothing is built until this is called; every call builds fresh, independent weights.
 */
export function createAutoencoder(options: AutoencoderOptions): Autoencoder {
  const resolved = resolveOptions(options);
  registerCustomLayers();
  const init = seededInitializers(resolved.seed);

  const image = tfl.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, 1], name: 'image' });
  const encoder = resolved.decoder === 'transposed'
    ? buildTransposedEncoder(image, resolved.latentDim, init)
    : buildPoolingEncoder(image, resolved.latentDim, init);

  const latent = tfl.input({ shape: [resolved.latentDim], name: 'latent' });
  const decoder = resolved.decoder === 'transposed'
    ? buildTransposedDecoder(latent, resolved.normalization, init)
    : buildUnpoolingDecoder(latent, resolved.normalization, init);

  const reconstruction = decoder.apply(encoder.apply(image) as tfl.SymbolicTensor | tfl.SymbolicTensor[]);
  const autoencoder = tfl.model({ inputs: image, outputs: reconstruction as tfl.SymbolicTensor, name: 'autoencoder' });
  return { encoder, decoder, autoencoder, options: resolved };
}

/**
 * Number of trainable parameters: what PyTorch's `sum(p.numel() for p in model.parameters())`
 * counts. (tfjs's `countParams()` also counts BatchNorm's moving statistics, which PyTorch
 * keeps as buffers.)
 */
export function trainableParameterCount(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((sum, weight) => sum + (weight.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

/**
 * The encoder and decoder inside an autoencoder model, e.g. one loaded from a checkpoint.
 */
export function splitAutoencoder(autoencoder: tfl.LayersModel): { encoder: tfl.LayersModel; decoder: tfl.LayersModel } {
  return {
    encoder: autoencoder.getLayer(ENCODER_NAME) as unknown as tfl.LayersModel,
    decoder: autoencoder.getLayer(DECODER_NAME) as unknown as tfl.LayersModel,
  };
}

/** Validates options and fills in defaults; throws a one-line error naming the bad option. */
export function resolveOptions(options: AutoencoderOptions): Required<AutoencoderOptions> {
  const { latentDim, decoder = 'transposed', seed = 0, normalization = SEED_NORMALIZATION } = options;
  if (!Number.isInteger(latentDim) || latentDim < 1) {
    throw new Error(`latentDim must be a positive integer, got ${String(latentDim)}`);
  }
  if (!DECODER_VARIANTS.includes(decoder)) {
    throw new Error(`decoder must be one of ${DECODER_VARIANTS.join(', ')}, got ${String(decoder)}`);
  }
  if (!Number.isInteger(seed)) {
    throw new Error(`seed must be an integer, got ${String(seed)}`);
  }
  normalizedRange(normalization); // validates mean and std
  return { latentDim, decoder, seed, normalization };
}

type Symbolic = tfl.SymbolicTensor;

function conv(x: Symbolic, name: string, inChannels: number, filters: number, strides: number, init: Initializers): Symbolic {
  return new FastConv2D({
    name, filters, kernelSize: 3, strides, padding: 'valid', ...init.next(inChannels * 9),
  }).apply(x) as Symbolic;
}

/** Same-size 3×3 convolution (PyTorch padding=1, stride 1: symmetric, so tfjs 'same' is exact). */
function convSame(x: Symbolic, name: string, inChannels: number, filters: number, init: Initializers): Symbolic {
  return new FastConv2D({
    name, filters, kernelSize: 3, strides: 1, padding: 'same', ...init.next(inChannels * 9),
  }).apply(x) as Symbolic;
}

function pad1(x: Symbolic, name: string): Symbolic {
  return tfl.layers.zeroPadding2d({ name, padding: [[1, 1], [1, 1]] }).apply(x) as Symbolic;
}

function convTranspose(x: Symbolic, name: string, filters: number, init: Initializers): Symbolic {
  // PyTorch's fan-in of a transposed convolution is out_channels·k·k (its weight is [in, out, k, k]).
  return tfl.layers.conv2dTranspose({
    name, filters, kernelSize: 3, strides: 2, padding: 'valid', ...init.next(filters * 9),
  }).apply(x) as Symbolic;
}

/** PyTorch's padding=1, output_padding=1 on a stride-2 transposed conv: drop the first row and column. */
function cropTopLeft(x: Symbolic, name: string): Symbolic {
  return tfl.layers.cropping2D({ name, cropping: [[1, 0], [1, 0]] }).apply(x) as Symbolic;
}

function dense(x: Symbolic, name: string, inUnits: number, units: number, init: Initializers, activation?: 'relu'): Symbolic {
  return tfl.layers.dense({ name, units, ...(activation ? { activation } : {}), ...init.next(inUnits) }).apply(x) as Symbolic;
}

function relu(x: Symbolic, name: string): Symbolic {
  return tfl.layers.activation({ name, activation: 'relu' }).apply(x) as Symbolic;
}

function batchNorm(x: Symbolic, name: string): Symbolic {
  return new FastBatchNormalization({ name, ...BATCH_NORM }).apply(x) as Symbolic;
}

function denseHead(x: Symbolic, latentDim: number, init: Initializers): Symbolic {
  const flat = tfl.layers.flatten({ name: 'enc_flatten' }).apply(x) as Symbolic;
  const hidden = dense(flat, 'enc_dense1', 288, 128, init, 'relu');
  return dense(hidden, 'enc_latent', 128, latentDim, init);
}

function denseStem(latent: Symbolic, latentDim: number, init: Initializers): Symbolic {
  const hidden = dense(latent, 'dec_dense1', latentDim, 128, init, 'relu');
  const wide = dense(hidden, 'dec_dense2', 128, 288, init, 'relu');
  return tfl.layers.reshape({ name: 'dec_unflatten', targetShape: [3, 3, 32] }).apply(wide) as Symbolic;
}

/** sigmoid → [0, 1] pixels → the same normalization as the inputs. */
function normalizedSigmoid(x: Symbolic, normalization: Normalization): Symbolic {
  const pixels = tfl.layers.activation({ name: 'dec_sigmoid', activation: 'sigmoid' }).apply(x) as Symbolic;
  return tfl.layers.rescaling({
    name: 'dec_normalize', scale: 1 / normalization.std, offset: -normalization.mean / normalization.std,
  }).apply(pixels) as Symbolic;
}

function buildTransposedEncoder(image: Symbolic, latentDim: number, init: Initializers): tfl.LayersModel {
  let x = relu(conv(pad1(image, 'enc_pad1'), 'enc_conv1', 1, 8, 2, init), 'enc_relu1'); // 14×14×8
  x = conv(pad1(x, 'enc_pad2'), 'enc_conv2', 8, 16, 2, init); // 7×7×16
  x = relu(batchNorm(x, 'enc_bn2'), 'enc_relu2');
  x = relu(conv(x, 'enc_conv3', 16, 32, 2, init), 'enc_relu3'); // 3×3×32
  return tfl.model({ inputs: image, outputs: denseHead(x, latentDim, init), name: ENCODER_NAME });
}

function buildTransposedDecoder(latent: Symbolic, normalization: Normalization, init: Initializers): tfl.LayersModel {
  let x = denseStem(latent, latent.shape[1] as number, init);
  x = convTranspose(x, 'dec_deconv1', 16, init); // 7×7×16
  x = relu(batchNorm(x, 'dec_bn1'), 'dec_relu1');
  x = cropTopLeft(convTranspose(x, 'dec_deconv2', 8, init), 'dec_crop2'); // 15 → 14
  x = relu(batchNorm(x, 'dec_bn2'), 'dec_relu2');
  x = cropTopLeft(convTranspose(x, 'dec_deconv3', 1, init), 'dec_crop3'); // 29 → 28
  return tfl.model({ inputs: latent, outputs: normalizedSigmoid(x, normalization), name: DECODER_NAME });
}

function maxPool(x: Symbolic, name: string): Symbolic {
  return tfl.layers.maxPooling2d({ name, poolSize: 2, strides: 2 }).apply(x) as Symbolic;
}

function switches(x: Symbolic, name: string): Symbolic {
  return new PoolingSwitches({ name }).apply(x) as Symbolic;
}

function buildPoolingEncoder(image: Symbolic, latentDim: number, init: Initializers): tfl.LayersModel {
  const a1 = relu(convSame(image, 'enc_conv1', 1, 8, init), 'enc_relu1'); // 28×28×8
  const s1 = switches(a1, 'enc_switches1');
  let x = maxPool(a1, 'enc_pool1'); // 14×14×8
  x = convSame(x, 'enc_conv2', 8, 16, init);
  const a2 = relu(batchNorm(x, 'enc_bn2'), 'enc_relu2'); // 14×14×16
  const s2 = switches(a2, 'enc_switches2');
  x = maxPool(a2, 'enc_pool2'); // 7×7×16
  x = relu(conv(x, 'enc_conv3', 16, 32, 2, init), 'enc_relu3'); // 3×3×32
  return tfl.model({ inputs: image, outputs: [denseHead(x, latentDim, init), s1, s2], name: ENCODER_NAME });
}

function unpool(x: Symbolic, mask: Symbolic, name: string): Symbolic {
  const spread = tfl.layers.upSampling2d({ name: `${name}_spread`, size: [2, 2] }).apply(x) as Symbolic;
  return tfl.layers.multiply({ name }).apply([spread, mask]) as Symbolic;
}

function buildUnpoolingDecoder(latent: Symbolic, normalization: Normalization, init: Initializers): tfl.LayersModel {
  const s1 = tfl.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, 8], name: 'switches1' });
  const s2 = tfl.input({ shape: [IMAGE_SIZE / 2, IMAGE_SIZE / 2, 16], name: 'switches2' });
  let x = denseStem(latent, latent.shape[1] as number, init);
  x = convTranspose(x, 'dec_deconv1', 16, init); // 7×7×16
  x = relu(batchNorm(x, 'dec_bn1'), 'dec_relu1');
  x = unpool(x, s2, 'dec_unpool2'); // 14×14×16
  x = relu(batchNorm(convSame(x, 'dec_conv2', 16, 8, init), 'dec_bn2'), 'dec_relu2'); // 14×14×8
  x = unpool(x, s1, 'dec_unpool1'); // 28×28×8
  x = convSame(x, 'dec_conv3', 8, 1, init); // 28×28×1
  return tfl.model({ inputs: [latent, s1, s2], outputs: normalizedSigmoid(x, normalization), name: DECODER_NAME });
}
