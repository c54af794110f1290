export * from './image-grid';
