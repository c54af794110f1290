#!/usr/bin/env node
/**
 * `npm run build`'s last step: the scripts that run in a reader's browser, type-checked by their own
 * tsconfigs before this runs, bundled by esbuild into dist/ as single IIFE files that the page
 * builders inline:
 *
 * - dist/src/plot/explorer-page.js: the decoder explorer (src/plot/explorer-page/explorer.ts);
 * - dist/src/trainer/page-script.js: the trainer's page (src/trainer/page/page.ts);
 * - dist/src/trainer/worker-script.js: the trainer's Worker with tfjs, its wasm backend and the
 *   training engine (src/trainer/page/worker.ts).
 *
 * A Node module reached from a browser script fails the build here, naming it.
 */
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const common = {
  bundle: true, format: 'iife', platform: 'browser', target: 'es2017', legalComments: 'none', logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};
const scripts = [
  { entry: 'src/plot/explorer-page/explorer.ts', out: 'dist/src/plot/explorer-page.js', minifyWhitespace: true, minifySyntax: true },
  { entry: 'src/trainer/page/page.ts', out: 'dist/src/trainer/page-script.js', minifyWhitespace: true, minifySyntax: true },
  // Whole-tfjs bundle: every minification (it is gzipped into the page as well).
  { entry: 'src/trainer/page/worker.ts', out: 'dist/src/trainer/worker-script.js', minify: true, target: 'es2020' },
];
for (const { entry, out, ...options } of scripts) {
  esbuild.buildSync({ ...common, ...options, entryPoints: [path.join(root, entry)], outfile: path.join(root, out) });
}
