#!/usr/bin/env node
// @ts-check
/**
 * Writes this project's own Jupyter kernelspec for tslab, the TypeScript kernel the notebooks
 * run in:
 *
 *   node_modules/.jupyter/kernels/tslab/kernel.json
 *
 * Jupyter finds it when `JUPYTER_PATH` names `node_modules/.jupyter` (`npm run jupyter -- …`
 * sets that). Its kernel is the tslab in this project's node_modules, whatever else is
 * installed on the machine. It is generated, never committed: it holds absolute paths, and it
 * lives and dies with the node_modules it points into.
 *
 * npm runs this file as `postinstall`, so the paths are those of the clone at hand. It is
 * plain CommonJS, not TypeScript, because postinstall runs before `npm run build` on a fresh
 * clone; it needs nothing but Node. `tslab install` is not used: it writes through Python's
 * jupyter_client and IPython, into a machine-wide or per-user folder.
 *
 * Notebooks `import * as ae from 'mnist-latent-autoencoders'`: the devDependency
 * `"mnist-latent-autoencoders": "file:."` links node_modules/mnist-latent-autoencoders to the
 * project, because tslab type-checks cells with moduleResolution Node10, which finds packages
 * only in node_modules (no self-reference through "exports"). That package is the compiled
 * one (dist/), so notebooks need `npm run build` first; `npm run jupyter` builds.
 *
 * Usage: node tools/install-kernel.cjs [JUPYTER_DATA_DIR]
 * (default `<project>/node_modules/.jupyter`). Never fails an install: problems are warnings.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/** Kernel name: notebooks name it in `metadata.kernelspec.name`. */
const KERNEL_NAME = 'tslab';
const DISPLAY_NAME = 'TypeScript (tslab, this project)';
const PROJECT_ROOT = path.resolve(__dirname, '..');

/**
 * The kernel.json contents, with the argv `tslab install` writes (tslab's python/install.py:
 * `[bin, 'kernel', '--config-path', '{connection_file}']`), `bin` being this project's tslab.
 * @param {string} projectRoot
 */
function kernelSpec(projectRoot) {
  return {
    argv: [path.join(projectRoot, 'node_modules', '.bin', 'tslab'), 'kernel', '--config-path', '{connection_file}'],
    display_name: DISPLAY_NAME,
    language: 'typescript',
  };
}

/**
 * Writes `<dataDir>/kernels/tslab/kernel.json` for the project at `projectRoot`; returns its path.
 * @param {string} dataDir a Jupyter data folder (an entry of JUPYTER_PATH)
 * @param {string} [projectRoot]
 */
function installKernelSpec(dataDir, projectRoot = PROJECT_ROOT) {
  const dir = path.join(dataDir, 'kernels', KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'kernel.json');
  fs.writeFileSync(file, JSON.stringify(kernelSpec(projectRoot), null, 2) + '\n');
  return file;
}

module.exports = { KERNEL_NAME, DISPLAY_NAME, kernelSpec, installKernelSpec };

if (require.main === module) {
  const dataDir = path.resolve(process.argv[2] ?? path.join(PROJECT_ROOT, 'node_modules', '.jupyter'));
  const bin = kernelSpec(PROJECT_ROOT).argv[0] ?? '';
  if (!fs.existsSync(bin)) {
    // e.g. `npm install --omit=dev`: no tslab, so no kernel to point at.
    console.warn(`install-kernel: ${path.relative(PROJECT_ROOT, bin)} is missing (devDependencies not installed?); no kernelspec written`);
  } else {
    try {
      const file = installKernelSpec(dataDir);
      console.log(`install-kernel: Jupyter kernel '${KERNEL_NAME}' → ${path.relative(process.cwd(), file) || file}`);
    } catch (e) {
      console.warn(`install-kernel: no kernelspec written: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
