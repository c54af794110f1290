export * from './autoencoder';
export { PoolingSwitches, registerCustomLayers, switchesOf } from './pooling-switches';
export { reconstruct, reconstructPixels } from './reconstruct';
