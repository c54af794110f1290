export * from './output-range';
export * from './per-class';
export * from './pixel-stats';
export * from './pca';
export * from './probes';
export * from './per-image';
export * from './roc';
export * from './pass-through';
