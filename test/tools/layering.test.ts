import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkEngineIsolation, checkLayering, checkProjectLayering, formatViolation, importsOf, readRules, renderRules } from '../../tools/layering';
import { findProjectRoot } from '../../src/util/paths';

const root = findProjectRoot();

/** A throwaway project: `files` (path → text) under a temporary root; returns the root. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layering-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const RULES = JSON.stringify({
  folders: {
    util: { imports: [] },
    model: { imports: ['util', 'tfjs-wasm-training'] },
    plot: { imports: ['util'], typeOnly: ['model'], noPackages: ['@tensorflow/'] },
  },
});

describe('layering', () => {
  it('every import of src/ follows src/dependency-rules.json, and the engine imports nothing of the tutorial', () => {
    const violations = checkProjectLayering(root);
    assert.deepEqual(violations.map(formatViolation), []);
  });

  it("README's block is the rule file rendered", () => {
    const rendered = renderRules(readRules(path.join(root, 'src', 'dependency-rules.json')));
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    assert.ok(readme.includes(`\`\`\`text\n${rendered}\n\`\`\``), `README.md must show the rules as:\n${rendered}`);
  });

  it('reports a wrong import, a value import where only types are allowed, a forbidden package and a folder without a rule', () => {
    const dir = project({
      'src/rules.json': RULES,
      'src/util/files.ts': "import { x } from '../model/thing';\n",
      'src/model/thing.ts': "import { f } from '../util/files';\nimport { FastConv2D } from 'tfjs-wasm-training';\nexport const x = 1;\n",
      'src/plot/ok.ts': "import type { T } from '../model/thing';\nimport { type U } from '../model/thing';\n",
      'src/plot/bad.ts': "import { x } from '../model/thing';\nimport * as tf from '@tensorflow/tfjs-core';\nimport { y } from '../../tools/y';\n",
      'src/extra/new.ts': 'export const z = 1;\n',
      'src/model/generated/g.ts': "import x = require('../../plot/bad');\nconst y = require(`../${'plot'}/ok`);\n",
    });
    const found = checkLayering(dir, path.join(dir, 'src'), readRules(path.join(dir, 'src', 'rules.json'))).map(formatViolation);
    assert.deepEqual(found, [
      "src/extra/new.ts:1: src/extra has no rule in the rule file",
      "src/model/generated/g.ts:1: '../../plot/bad': model may not import plot",
      "src/model/generated/g.ts:2: '(computed) `../${'plot'}/ok`': an import whose module is computed cannot be checked: name the module",
      "src/plot/bad.ts:1: '../model/thing': plot may not import model (only types from it)",
      "src/plot/bad.ts:2: '@tensorflow/tfjs-core': plot may not import @tensorflow/tfjs-core",
      "src/plot/bad.ts:3: '../../tools/y': src/ may not import from outside src/ (tools/y)",
      "src/util/files.ts:1: '../model/thing': util may not import model",
    ]);
  });

  it('reports an engine source that imports the tutorial or reaches outside its package', () => {
    const dir = project({
      'packages/engine/src/a.ts': "import { ae } from 'mnist-latent-autoencoders';\nimport { b } from './b';\nimport { c } from '../../../src/c';\n",
      'packages/engine/src/b.ts': 'export const b = 1;\n',
    });
    assert.deepEqual(checkEngineIsolation(dir, path.join(dir, 'packages', 'engine')).map(formatViolation), [
      "packages/engine/src/a.ts:1: 'mnist-latent-autoencoders': the engine may not import the tutorial (mnist-latent-autoencoders)",
      "packages/engine/src/a.ts:3: '../../../src/c': the engine may not import from outside its package",
    ]);
  });

  it('reads imports, exports, import() and require(), telling type-only ones apart', () => {
    const text = [
      "import a from './a';",
      "import type { B } from './b';",
      "import { type C, type D } from './c';",
      "import { type E, f } from './e';",
      "export { g } from './g';",
      "export type { H } from './h';",
      "const i = require('./i');",
      "const j = import('./j');",
      "let k: import('./k').K;",
      "import l = require('./l');",
      "const m = import('./m', { with: { type: 'json' } });",
      'const n = require(name);',
      "const o = require(require.resolve('zeromq', { paths: [here] }));",
    ].join('\n');
    assert.deepEqual(importsOf('x.ts', text).map((found) => `${found.line} ${found.specifier} ${found.typeOnly ? 'type' : 'value'}`), [
      '1 ./a value', '2 ./b type', '3 ./c type', '4 ./e value', '5 ./g value', '6 ./h type', '7 ./i value', '8 ./j value', '9 ./k type',
      '10 ./l value', '11 ./m value', '12 (computed) name value', '13 zeromq value',
    ]);
  });

  it('refuses a rule file that names an unknown folder, naming the file', () => {
    const dir = project({ 'rules.json': JSON.stringify({ folders: { a: { imports: ['b'] } } }) });
    assert.throws(() => readRules(path.join(dir, 'rules.json')), /rules\.json: folders\.a lists "b", which is neither a ruled folder nor tfjs-wasm-training/);
  });
});
