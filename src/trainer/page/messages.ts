/**
 * What the trainer's page (./page.ts) and its Worker (./worker.ts) say to each other, and what the
 * page carries (its JSON). Types only: both halves compile against one definition.
 */
import type { ExplorerData } from '../../plot/explorer-page/data';

/** A job as the page asks for it (see ../job.ts, TrainerJob). */
export interface PageJob {
  latentDim: number;
  epochs: number;
  seed: number;
}

/** How many images each subset has: the gunzipped data is train images, train labels, validation images, labels, test images, labels. */
export interface DataLayout {
  rows: number;
  cols: number;
  train: number;
  validation: number;
  test: number;
}

/** The page's JSON (`<script type="application/json" class="ae-trainer-config">`). */
export interface TrainerConfig {
  layout: DataLayout;
  latentDims: number[];
  maxEpochs: number;
  maxSeed: number;
  defaults: PageJob;
  /** One sentence on the images the page carries. */
  dataDescription: string;
  /** The showcase digits (their reconstructions are shown every epoch): indices into the test images, as ../job.ts picks them. */
  showcase: number[];
}

/** The page to its Worker: train this job on these images (gunzipped), with this wasm binary. */
export interface StartMessage {
  type: 'start';
  job: PageJob;
  layout: DataLayout;
  data: ArrayBuffer;
  wasm: ArrayBuffer;
}

/** The history of a finished job: what the test compares with Node's. */
export interface PageHistory {
  trainLoss: number[];
  valLoss: number[];
  bestEpoch: number;
  bestValLoss: number;
  testLoss: number;
  testLossUntrained: number;
  /** Training images per second of each epoch. */
  epochImagesPerSecond: number[];
  /** Over all epochs. */
  imagesPerSecond: number;
}

/** The Worker to its page. */
export type WorkerMessage =
  | { type: 'ready'; backend: string; kernels: number }
  | { type: 'start'; testLossUntrained: number; reconstructions: Float32Array }
  | { type: 'batch'; epoch: number; batch: number; numBatches: number; loss: number }
  | { type: 'epoch'; epoch: number; epochs: number; trainLoss: number; valLoss: number; isBest: boolean; imagesPerSecond: number; reconstructions: Float32Array }
  | { type: 'done'; history: PageHistory; explorer: ExplorerData }
  | { type: 'error'; message: string };
