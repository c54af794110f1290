/**
 * The trainer's Worker: trains one job with tfjs's wasm backend and this project's training
 * kernels, off the page's main thread, and reports as it goes (./messages.ts). `npm run build`
 * bundles it, with tfjs, into `dist/src/trainer/worker.js`; the page starts it from a `blob:` URL
 * and sends it the images and the wasm binary, both inlined in the page, so it loads nothing.
 * The page stops a job by ending the Worker.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { activeTrainingKernels, registerTrainingKernels, registerTrainingLayers } from 'tfjs-wasm-training';
import type { MnistSplit } from '../../data/mnist';
import { explorerData } from '../../plot/explorer-data';
import { type TrainerData, runTrainerJob, trainerLoaders } from '../job';
import type { DataLayout, StartMessage, WorkerMessage } from './messages';

/** The Worker's global scope, as much of it as this script uses. */
declare const self: {
  postMessage(message: WorkerMessage, transfer?: ArrayBuffer[]): void;
  onmessage: ((event: { data: StartMessage }) => void) | null;
};

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  self.postMessage(message, transfer);
}

/** The three subsets out of the gunzipped bytes: images then labels of train, validation, test. */
function splitData(bytes: Uint8Array, layout: DataLayout): TrainerData {
  const perImage = layout.rows * layout.cols;
  let at = 0;
  const take = (length: number): Uint8Array => bytes.subarray(at, (at += length));
  const split = (count: number): MnistSplit => ({ images: take(count * perImage), labels: take(count), count, rows: layout.rows, cols: layout.cols });
  const data = { train: split(layout.train), validation: split(layout.validation), test: split(layout.test) };
  if (at !== bytes.length) throw new Error(`the page's data has ${bytes.length} bytes, not the ${at} its layout says`);
  return data;
}

async function train(message: StartMessage): Promise<void> {
  const url = URL.createObjectURL(new Blob([message.wasm], { type: 'application/wasm' }));
  // The one binary the page carries stands for all three names; threads need cross-origin isolation a page from disk never has.
  setWasmPaths({ 'tfjs-backend-wasm.wasm': url, 'tfjs-backend-wasm-simd.wasm': url, 'tfjs-backend-wasm-threaded-simd.wasm': url });
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  registerTrainingKernels();
  registerTrainingLayers();
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
  post({ type: 'ready', backend: tf.getBackend(), kernels: activeTrainingKernels().length });

  const data = splitData(new Uint8Array(message.data), message.layout);
  const epochImagesPerSecond: number[] = [];
  const { result } = await runTrainerJob(trainerLoaders(data, message.job.seed), data.test, message.job, {
    onStart: (start) => post({ type: 'start', testLossUntrained: start.testLossUntrained, reconstructions: start.reconstructions }),
    onBatch: (progress) => post({ type: 'batch', epoch: progress.epoch, batch: progress.batch, numBatches: progress.numBatches, loss: progress.loss }),
    onEpoch: (epoch) => {
      epochImagesPerSecond.push(epoch.imagesPerSecond);
      post({
        type: 'epoch', epoch: epoch.epoch, epochs: epoch.epochs, trainLoss: epoch.trainLoss, valLoss: epoch.valLoss, isBest: epoch.isBest,
        imagesPerSecond: epoch.imagesPerSecond, reconstructions: epoch.reconstructions,
      });
    },
  });
  post({
    type: 'done',
    history: {
      trainLoss: result.trainLoss, valLoss: result.valLoss, bestEpoch: result.bestEpoch, bestValLoss: result.bestValLoss,
      testLoss: result.testLoss, testLossUntrained: result.testLossUntrained, epochImagesPerSecond, imagesPerSecond: result.imagesPerSecond,
    },
    explorer: explorerData([result.explorer], { pixelScale: 6, planeSize: 380 }),
  });
}

self.onmessage = (event) => {
  train(event.data).catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
};
