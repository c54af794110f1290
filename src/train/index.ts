export * from './checkpoint';
export * from './fit';
export * from './optimizer';
export * from './snapshot';
export * from './sweep';
export * from './presets';
