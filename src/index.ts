/**
 * The public API the notebooks import (`import * as ae from 'mnist-latent-autoencoders'`): what
 * a reader calls from a cell, chosen by name. Internals (kernels, worker messages, file helpers,
 * the CLI) stay out; tests and benchmarks import them from their modules.
 */

// Backend: which TensorFlow.js runs the numbers.
export { backendInfo, selectBackend } from './backend';
export type { BackendInfo, BackendName } from './backend';

// Data: MNIST as plain arrays, subsets, loaders, the original's normalization.
export {
  BatchLoader, DEFAULT_BATCH_SIZE, SEED_NORMALIZATION, batchTensor, classCounts, createLoaders, denormalize,
  fixedExamplesPerClass, imagesAt, loadMnist, normalize, normalizePixels, normalizedRange, selectIndices, toUnitRange,
} from './data';
export type { Batch, LoaderOptions, Mnist, MnistSplit, Normalization, SubsetOptions } from './data';

// Model: the autoencoder and what comes out of it.
export { DECODER_VARIANTS, IMAGE_SIZE, createAutoencoder, reconstruct, reconstructPixels, trainableParameterCount } from './model';
export type { Autoencoder, AutoencoderOptions, DecoderVariant } from './model';

// Training: one model, a list of jobs, a latent sweep, checkpoints, presets.
export {
  ALL_LATENT_DIMS, DivergedError, PRESETS, TRAINING_DEFAULTS, defaultCheckpointRoot, describeJob, fit, loadCheckpoint,
  planLatentSweep, presetCheckpoints, presetFromEnv, readCheckpointMetadata, runJobs, saveCheckpoint, sweepLatentDims, testEpoch, trainingJob,
} from './train';
export type {
  BatchProgress, CheckpointMetadata, EpochProgress, FitOptions, FitResult, JobEntry, JobSpec, LoadedCheckpoint, Preset,
  PresetName, RunOptions, SweepEntry, SweepOptions, TrainJob, TrainingConfig,
} from './train';

// Analysis: the numbers the notebooks' argument rests on.
export { mseByClass, mseFloor } from './analysis';

// Plots: plain numbers and pixels in, PNG / SVG / HTML out.
export {
  imageGridPng, labeledRowsHtml, lossCurvesPlotly, lossCurvesSvg, mseByLatentDimPlotly, mseByLatentDimSvg,
  reconstructionGridPng, stackedRowsPng,
} from './plot';
export type { LabeledRow, LatentDimMse, LossHistory } from './plot';

// Notebook: showing things in a cell and saving them to figures/.
export { LiveProgress, markdownTable, saveFigure, showHtml, showMarkdown, showPlotly, showPng, showSvg } from './notebook';
