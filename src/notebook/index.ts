export * from './display';
export * from './progress';
export * from './plotly';
export * from './explorer';
