/**
 * The data module: reading, verifying and batching MNIST as plain typed arrays.
 * It knows nothing of training or plotting; `tensors.ts` alone turns a batch into a tensor.
 */
export { loadMnist } from './mnist';
export type { Mnist, MnistSplit } from './mnist';
export { denormalize, normalize, normalizedRange, normalizePixels, SEED_NORMALIZATION, toUnitRange } from './transforms';
export type { Normalization } from './transforms';
export { BatchLoader, classCounts, DEFAULT_BATCH_SIZE, fixedExamplesPerClass, imagesAt, selectIndices } from './batching';
export type { Batch, SubsetOptions } from './batching';
export { createLoaders, loaderIndices } from './loaders';
export type { LoaderIndices, LoaderOptions, Loaders } from './loaders';
export { splitValidation, VALIDATION_SPLIT } from './split';
export type { TrainValidationIndices, ValidationSplitOptions } from './split';
export { corrupt, describeCorruption } from './corruptions';
export type { Corruption } from './corruptions';
export { batchTensor } from './tensors';
