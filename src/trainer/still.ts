/** The trainer's still: what its page shows at the end of a job, drawn in Node from a job trained there. */
import { lossCurvesSvg } from '../plot/observable';
import { svgToPng } from '../plot/raster';
import { stackedRowsPng } from '../plot/latent-grid';
import { type TrainerJob, type TrainerResult, describeTrainerJob } from './job';

/**
 * The page's two pictures for `result` as one PNG, labels inside: the training and validation MSE
 * per epoch, and the showcase digits with their reconstructions, untrained and after the last epoch.
 */
export function trainerStill(job: TrainerJob, result: TrainerResult, title: string): Buffer {
  const curves = lossCurvesSvg([{ label: describeTrainerJob(job), latentDim: job.latentDim, trainLoss: result.trainLoss, valLoss: result.valLoss }], {
    title, width: 560, height: 360,
  });
  const { images, untrained, lastEpoch } = result.showcase;
  const rows = stackedRowsPng([
    { label: 'test digits', images: Float32Array.from(images, (value) => value / 255) },
    { label: 'untrained', images: untrained },
    { label: `after epoch ${job.epochs}`, images: lastEpoch },
  ], 10, { title: `test MSE: ${result.testLossUntrained.toFixed(4)} untrained, ${result.testLoss.toFixed(4)} kept (epoch ${result.bestEpoch + 1})` });
  return svgToPng(curves, [rows]);
}
