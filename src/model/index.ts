export * from './autoencoder';
export { FastBatchNormalization, batchNormTraining } from './batch-norm';
export { FastConv2D } from './conv';
export { PoolingSwitches, registerCustomLayers, switchesOf } from './pooling-switches';
export { reconstruct, reconstructImages, reconstructPixels } from './reconstruct';
export { decodeCodes, encodeImages, interpolateCodes, latticeCodes } from './codes';
export { decoderProgram } from './decoder-program';
export type { DecoderProgram, DecoderStep } from './decoder-program';
