export * from './image-grid';
export * from './latent-grid';
export type { LatentDimMse, LossHistory } from './results';
export * from './observable';
export * from './plotly';
export * from './plotly-figures';
