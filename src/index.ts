/**
 * The public API the notebooks import (`import * as ae from 'mnist-latent-autoencoders'`).
 * The CLI is not part of it.
 */
export * from './analysis';
export * from './backend';
export * from './data';
export * from './model';
export * from './plot';
export * from './train';
export * from './notebook';
