export * from './autoencoder';
export { FastBatchNormalization, batchNormTraining } from './batch-norm';
export { PoolingSwitches, registerCustomLayers, switchesOf } from './pooling-switches';
export { reconstruct, reconstructPixels } from './reconstruct';
