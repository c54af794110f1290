#!/usr/bin/env node
/**
 * `npm run ship -- data/checkpoints/latent-10-transposed-seed-1-epochs-3`: the re-ship step, the
 * one way into `data/pretrained/`. Every other command refuses to write there. Each folder given
 * must hold a finished, undamaged model (an autoencoder's checkpoint or the digit reader); it is
 * copied under its own name, replacing the shipped folder of that name. `npm test` then checks
 * that the shipped folders are exactly the ones the presets need.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pretrainedCheckpointRoot, shipModelFolder } from '../train';
import { findProjectRoot } from '../util/paths';
import { cliCommand } from './parse';

function main(argv: string[]): void {
  const program = cliCommand('ship', 'Copy finished model folders into data/pretrained/ (the shipped models), checking every file first.')
    .argument('<folders...>', 'model folders, e.g. data/checkpoints/latent-4-transposed-seed-1-epochs-3')
    .parse(argv);
  const root = findProjectRoot();
  const shipped = pretrainedCheckpointRoot();
  for (const folder of program.args) {
    const existed = fs.existsSync(path.join(shipped, path.basename(path.resolve(folder))));
    const target = shipModelFolder(folder, shipped);
    console.log(`${folder} → ${path.relative(root, target)}${existed ? ' (replaced)' : ''}`);
  }
}

try {
  main(process.argv);
} catch (error) {
  console.error(`ship: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
