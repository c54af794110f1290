export * from './display';
export * from './progress';
export * from './plotly';
export * from './explorer';
export * from './self-check';
export * from './run-times';
export * from './your-turn';
