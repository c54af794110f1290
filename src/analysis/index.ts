export * from './output-range';
