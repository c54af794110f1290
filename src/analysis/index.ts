export * from './output-range';
export * from './per-class';
