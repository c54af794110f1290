export * from './display';
export * from './progress';
