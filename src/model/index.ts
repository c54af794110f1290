export { createAutoencoder, DECODER_VARIANTS, IMAGE_SIZE, resolveOptions, splitAutoencoder, trainableParameterCount } from './autoencoder';
export type { Autoencoder, AutoencoderOptions, DecoderVariant } from './autoencoder';
export { registerCustomLayers } from './pooling-switches';
export { reconstruct, reconstructImages, reconstructPixels } from './reconstruct';
export { codeRanges, decodeCodes, encodeImages, interpolateCodes, latticeCodes } from './codes';
export { decoderProgram } from './decoder-program';
export { readDigits } from './digit-reader';
export type { DigitReading } from './digit-reader';
