/**
 * The public API the notebooks import (`import * as ae from 'mnist-latent-autoencoders'`): what
 * a reader calls from a cell, chosen by name. Internals (kernels, worker messages, file helpers,
 * the CLI) stay out; tests and benchmarks import them from their modules.
 */

// Backend: which TensorFlow.js runs the numbers.
export { backendInfo, selectBackend } from './train/backend';
export type { BackendInfo, BackendName } from './train/backend';

// Data: MNIST as plain arrays, subsets, loaders, the original's normalization.
export {
  BatchLoader, DEFAULT_BATCH_SIZE, SEED_NORMALIZATION, VALIDATION_SPLIT, batchTensor, classCounts, corrupt, createLoaders, denormalize, describeCorruption,
  fixedExamplesPerClass, imagesAt, loadMnist, loaderIndices, normalize, normalizePixels, normalizedRange, selectIndices, splitValidation, toUnitRange,
} from './data';
export type { Batch, Corruption, LoaderOptions, Loaders, Mnist, MnistSplit, Normalization, SubsetOptions, TrainValidationIndices, ValidationSplitOptions } from './data';

// Model: the autoencoder and what comes out of it.
export {
  DECODER_VARIANTS, IMAGE_SIZE, createAutoencoder, decodeCodes, encodeImages, interpolateCodes, latticeCodes, readDigits, reconstruct, reconstructImages,
  reconstructPixels, trainableParameterCount,
} from './model';
export type { Autoencoder, AutoencoderOptions, DecoderVariant, DigitReading } from './model';

// Training: one model, a list of jobs, a latent sweep, checkpoints, presets.
export {
  ALL_LATENT_DIMS, DivergedError, PRESETS, TRAINING_DEFAULTS, defaultCheckpointRoot, describeJob, describeJobSource, fit, loadCheckpoint, loadDigitReader,
  loadFinishedJobs, planLatentSweep, planOneClassJobs, planOneClassSweep, planPresetSweep, presetCheckpoints, presetFromEnv, pretrainedCheckpointRoot, readCheckpointMetadata, runJobs, saveCheckpoint, sweepLatentDims, testEpoch, trainingJob,
} from './train';
export type {
  BatchProgress, CheckpointMetadata, EpochProgress, FitOptions, FitResult, JobEntry, JobSpec, LoadedCheckpoint, LoadedDigitReader, OneClassJob, OneClassModel, OneClassPreset, Preset,
  PresetName, RunOptions, SweepEntry, SweepOptions, TrainJob, TrainingConfig,
} from './train';

// Analysis: the numbers the notebooks' argument rests on.
export {
  accuracy, auroc, aurocByAnomalyClass, codeDistances, componentsMatching, checkerboardLevel, changeOutsideCorruption, copiedPart, corruptionEffects, differenceImages, errorMaps, flipRate, keptDigit, meanImageMse, readReconstructions, readingCaptions, fitCodeGaussian, perImageBlurredMse, fitPca, inkPerImage, knnPredict, knnValidationAccuracy, largest, meanByClass, meanSquaredError, mseByClass, mseFloor, pcaDecode, pcaEncode,
  pcaMseByComponents, pcaReconstruct, perImageMse, pixelMeanStd, planeExplorer, probeCodes, quantilesOf, rocCurve, shareAbove, slidersExplorer, smallest, thresholdAtFalseAlarms, truePositiveRateAt,
} from './analysis';
export {
  ANOMALY_SCORES, PERERA_2019_OCGAN_MNIST, RUFF_2018_MNIST, anomalyComparisonTable, anomalyProtocols, combinedScore, gapToPublished, meanOverDigits, oneClassConfigurations, oneClassModelName,
  oneClassScores, zScores,
} from './analysis';
export { runSpread, runsApart, sampleSd } from './util/spread';
export type { RunSpread } from './util/spread';
export type { AnomalyProtocolResult, AnomalyScoreName, OneClassConfiguration, OurAurocRow, ProtocolOutcome, PublishedNoSdRow, SplitScores } from './analysis';
export type { CodeGaussian, Confusion, CorruptionEffect, CorruptionEffects, ExplorerPart, KeptDigit, ReconstructionReport, LabeledCodes, PcaModel, PublishedAurocRow, ProbeResult, ProbeSettings, RocPoint } from './analysis';

// Plots: plain numbers and pixels in, PNG / SVG / HTML out.
export {
  codeAxisSvg, codePlaneSvg, describeMsePoint, imageGridPng, labeledRowsHtml, levelByDimHeatmapSvg, lossCurvesPlotly, lossCurvesSvg, mseByLatentDimPlotly, mseByLatentDimSvg,
  mseSeries, rocCurvesPlotly, rocCurvesSvg, stackedRowsPng,
} from './plot';
export type { CodePoint, HeatmapCell, HeatmapOptions, LabeledRow, RocSeries, LatentDimMse, LossHistory, MsePoint, MseSeries, StackedRowsOptions } from './plot';

// The browser trainer: one model trained in the reader's page, and the same job in Node.
export { TRAINER_CHOICES, TRAINER_SUBSETS, describeTrainerJob, trainInNode, trainerData, trainerDataDescription, trainerLoaderOptions, trainerLoaders, trainerStill } from './trainer';
export type { TrainerData, TrainerJob, TrainerResult, TrainerSizes } from './trainer';

// Notebook: showing things in a cell and saving them to figures/.
export {
  LiveProgress, check, checkShape, checkYourTurn, markdownTable, notDoneYet, runTimeLine, saveFigure, showDecoderExplorer, showHtml, showMarkdown, showPlotly, showPng, showRunTimes, showSvg,
  showTrainer,
} from './notebook';
export type { CheckRange, CheckResult, ShowTrainerOptions } from './notebook';
