export * from './image-grid';
export * from './latent-grid';
export { describeMsePoint, mseSeries } from './results';
export type { LatentDimMse, LossHistory, MsePoint, MseSeries } from './results';
export * from './observable';
export * from './plotly';
export * from './plotly-figures';
export { codeAxisSvg, codePlaneSvg } from './code-charts';
export type { CodePoint } from './code-charts';
