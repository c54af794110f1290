/** The public API: a curated list, and every name a notebook uses is in it. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ae from '../src/index.js';

const root = path.resolve(__dirname, '..', '..');

/** The runtime names the index exports (types leave no trace at run time). */
const PUBLIC = [
  'ALL_LATENT_DIMS', 'BatchLoader', 'DECODER_VARIANTS', 'DEFAULT_BATCH_SIZE', 'DivergedError', 'IMAGE_SIZE',
  'LiveProgress', 'PRESETS', 'SEED_NORMALIZATION', 'TRAINING_DEFAULTS', 'VALIDATION_SPLIT', 'accuracy', 'auroc',
  'backendInfo', 'batchTensor', 'classCounts', 'codeAxisSvg', 'codePlaneSvg', 'componentsMatching', 'corrupt',
  'createAutoencoder', 'createLoaders', 'decodeCodes', 'defaultCheckpointRoot', 'denormalize', 'describeCorruption',
  'describeJob', 'describeJobSource', 'describeMsePoint', 'encodeImages', 'fit', 'fitPca', 'fixedExamplesPerClass', 'imageGridPng',
  'imagesAt', 'inkPerImage', 'interpolateCodes', 'knnPredict', 'labeledRowsHtml', 'largest', 'latticeCodes',
  'loadCheckpoint', 'loadFinishedJobs', 'loadMnist', 'lossCurvesPlotly', 'lossCurvesSvg', 'markdownTable',
  'mseByClass', 'mseByLatentDimPlotly', 'mseByLatentDimSvg', 'mseFloor', 'mseSeries', 'normalize', 'normalizePixels',
  'normalizedRange', 'pcaDecode', 'pcaEncode', 'pcaMseByComponents', 'pcaReconstruct', 'perImageMse', 'pixelMeanStd',
  'planLatentSweep', 'presetCheckpoints', 'presetFromEnv', 'pretrainedCheckpointRoot', 'probeCodes',
  'readCheckpointMetadata', 'reconstruct', 'reconstructImages', 'reconstructPixels', 'rocCurve', 'runJobs',
  'saveCheckpoint', 'saveFigure', 'selectBackend', 'selectIndices', 'showHtml', 'showMarkdown',
  'showPlotly', 'showPng', 'showSvg', 'smallest', 'splitValidation', 'stackedRowsPng', 'sweepLatentDims', 'testEpoch',
  'toUnitRange', 'trainableParameterCount', 'trainingJob',
  'meanByClass', 'meanSquaredError', 'planOneClassSweep', 'planPresetSweep', 'quantilesOf',
  'aurocByAnomalyClass', 'codeDistances', 'errorMaps', 'fitCodeGaussian', 'perImageBlurredMse', 'rocCurvesPlotly', 'rocCurvesSvg',
  'RUFF_2018_MNIST', 'truePositiveRateAt',
  'ANOMALY_SCORES', 'PERERA_2019_OCGAN_MNIST', 'anomalyProtocols', 'combinedScore', 'oneClassScores', 'zScores',
  'anomalyComparisonTable', 'gapToPublished', 'meanOverDigits', 'oneClassConfigurations', 'oneClassModelName', 'planOneClassJobs', 'sampleSd',
  'planeExplorer', 'slidersExplorer', 'showDecoderExplorer',
  'check', 'checkShape', 'checkYourTurn', 'notDoneYet', 'runTimeLine', 'showRunTimes',
  'copiedPart', 'flipRate', 'keptDigit', 'loadDigitReader', 'readDigits', 'runSpread', 'runsApart', 'checkerboardLevel', 'readReconstructions', 'readingCaptions', 'meanImageMse', 'shareAbove', 'thresholdAtFalseAlarms',
  'corruptionEffects', 'differenceImages', 'levelByDimHeatmapSvg', 'knnValidationAccuracy', 'changeOutsideCorruption',
  'TRAINER_CHOICES', 'TRAINER_SUBSETS', 'describeTrainerJob', 'trainInNode', 'trainerData', 'trainerDataDescription', 'trainerStill', 'showTrainer', 'trainerLoaderOptions', 'trainerLoaders', 'loaderIndices',
];

describe('the public API', () => {
  it('exports exactly the curated names, none of them undefined', () => {
    assert.deepEqual(Object.keys(ae).sort(), [...PUBLIC].sort());
    for (const name of PUBLIC) assert.notEqual((ae as Record<string, unknown>)[name], undefined, name);
  });

  it('holds every ae.<name> the notebooks call', () => {
    const notebooks = fs.readdirSync(path.join(root, 'notebooks')).filter((name) => name.endsWith('.ipynb'));
    assert.ok(notebooks.length >= 2);
    for (const notebook of notebooks) {
      const cells = (JSON.parse(fs.readFileSync(path.join(root, 'notebooks', notebook), 'utf8')) as { cells: { cell_type: string; source: string[] }[] }).cells;
      const code = cells.filter((cell) => cell.cell_type === 'code').map((cell) => cell.source.join('')).join('\n');
      const used = new Set([...code.matchAll(/\bae\.([A-Za-z_]\w*)/g)].map((match) => match[1]!));
      assert.ok(used.size > 5, `${notebook}: no ae.* calls found`);
      // Type names (ae.LabeledRow) are in the index too but leave no runtime trace: check them in the .d.ts.
      const declarations = fs.readFileSync(path.join(root, 'dist', 'src', 'index.d.ts'), 'utf8');
      for (const name of used) {
        assert.ok(name in ae || new RegExp(`\\b${name}\\b`).test(declarations), `${notebook} uses ae.${name}, which the public API does not export`);
      }
    }
  });
});
