/** Small, fixed results shaped like the sweep's, shared by the plot tests (and by the child process of the determinism test). */
import type { LatentDimMse, LossHistory } from '../../src/plot/index.js';

/** Test MSE per pixel for latent dimensions 1..10 (no `split`: test is implied). */
export const TEST_MSE: LatentDimMse[] = [0.0561, 0.0432, 0.0347, 0.0291, 0.0253, 0.0226, 0.0204, 0.0191, 0.0178, 0.017].map((mse, index) => ({
  latentDim: index + 1,
  mse,
}));

/** The same sweep measured on test and train, listed out of order to show the charts sort by dimension. */
export const TEST_AND_TRAIN_MSE: LatentDimMse[] = [...TEST_MSE, ...TEST_MSE.map(({ latentDim, mse }) => ({ latentDim, mse: mse * 0.93, split: 'train' }))].reverse();

/** Loss curves of three runs; losses fall from ~0.2 to ~0.02, more than a decade. */
export const HISTORIES: LossHistory[] = [2, 5, 10].map((latentDim) => ({
  label: `latent ${latentDim}`,
  trainLoss: Array.from({ length: 12 }, (_, epoch) => 0.19 / (epoch + 1) + 0.03 / latentDim),
  valLoss: Array.from({ length: 12 }, (_, epoch) => 0.2 / (epoch + 1) + 0.034 / latentDim + (epoch > 8 ? 0.004 * (epoch - 8) : 0)),
}));

/** Loss curves that stay within one decade, which keep a linear y axis. */
export const FLAT_HISTORIES: LossHistory[] = [{ label: 'latent 4', trainLoss: [0.05, 0.04, 0.035, 0.033], valLoss: [0.052, 0.043, 0.039, 0.038] }];

/** Three seeds at d = 1 (mean 0.05, range 0.047–0.052) and one at d = 2. */
export const SEEDED_MSE: LatentDimMse[] = [
  { latentDim: 1, mse: 0.051 }, { latentDim: 1, mse: 0.047 }, { latentDim: 2, mse: 0.04 }, { latentDim: 1, mse: 0.052 },
  { latentDim: 2, mse: 0.038 }, { latentDim: 2, mse: 0.045 },
];
