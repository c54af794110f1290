/**
 * The data module: reading, verifying and batching MNIST as plain typed arrays.
 * It knows nothing of tensors, training or plotting.
 */
export * from './idx.js';
export * from './mnist.js';
export * from './transforms.js';
export * from './batching.js';
