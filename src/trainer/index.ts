/**
 * The browser trainer (notebook 06): one model trained in the reader's browser, with the same code
 * and images as in Node. `job.ts` runs in both; `page/` holds the page's and the Worker's scripts.
 */
export { TRAINER_CHOICES, TRAINER_SUBSETS, checkTrainerJob, describeTrainerJob, runTrainerJob, showcaseImages, trainerLoaders } from './job';
export type { TrainerCallbacks, TrainerData, TrainerEpoch, TrainerJob, TrainerLoaders, TrainerResult } from './job';
export { trainInNode, trainerData, trainerLoaderOptions } from './node';
export { trainerDataDescription, trainerHtml } from './page-html';
export type { TrainerHtmlOptions, TrainerSizes } from './page-html';
export { trainerStill } from './still';
