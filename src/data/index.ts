/**
 * The data module: reading, verifying and batching MNIST as plain typed arrays.
 * It knows nothing of training or plotting; `tensors.ts` alone turns a batch into a tensor.
 */
export * from './idx.js';
export * from './mnist.js';
export * from './transforms.js';
export * from './batching.js';
export * from './loaders.js';
export * from './split.js';
export * from './corruptions.js';
export * from './tensors.js';
