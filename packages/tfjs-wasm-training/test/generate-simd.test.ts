import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { SIMD_KERNEL_ARITY } from '../src/generated/simd-bindings';

// The generator is a plain CommonJS script (it runs before tsc); its functions are exported for this test.
const generator = require(path.join(__dirname, '..', '..', 'scripts', 'generate-simd.cjs')) as {
  parseKernelSignatures(source: string, file: string): { name: string; params: { name: string; type: string }[]; summary: string }[];
  bindingsModule(kernels: unknown[]): string;
  readKernels(): { name: string; params: unknown[] }[];
};

const SOURCE = `
/** Adds. Second line. */
export function addTwo(x: usize, n: i32, value: f32, y: usize): void {}
function helper(a: i32): i32 { return a; }
export function scale(y: usize, factor: f32): void {}
`;

describe('SIMD bindings generated from the AssemblyScript signatures', () => {
  it('reads every exported function with its parameter names and types, in order', () => {
    const kernels = generator.parseKernelSignatures(SOURCE, 'assembly/x.ts');
    assert.deepEqual(kernels.map((k) => [k.name, k.params.map((p) => `${p.name}: ${p.type}`).join(', '), k.summary]), [
      ['addTwo', 'x: usize, n: i32, value: f32, y: usize', 'Adds. Second line.'],
      ['scale', 'y: usize, factor: f32', ''],
    ]);
  });

  it('calls each raw export with the named arguments in the signature\'s order', () => {
    const text = generator.bindingsModule(generator.parseKernelSignatures(SOURCE, 'assembly/x.ts'));
    assert.match(text, /addTwo: \(a\) => raw\.addTwo\(a\.x, a\.n, a\.value, a\.y\),/);
    assert.match(text, /export interface AddTwoArgs \{[^}]*value: number;[^}]*\}/);
    assert.match(text, /addTwo: 4,\n {2}scale: 2,/);
  });

  it('refuses a parameter that is not a number type, and a kernel that returns a value', () => {
    assert.throws(() => generator.parseKernelSignatures('export function f(x: string): void {}', 'assembly/f.ts'), /assembly\/f\.ts: f\(x: string\): kernel parameters must be one of/);
    assert.throws(() => generator.parseKernelSignatures('export function g(x: i32): i32 { return x; }', 'assembly/g.ts'), /assembly\/g\.ts: g must return void/);
  });

  it('the compiled bindings cover every kernel of assembly/, with its parameter count', () => {
    const kernels = generator.readKernels();
    assert.ok(kernels.length >= 10);
    assert.deepEqual(Object.fromEntries(kernels.map((k) => [k.name, k.params.length])), SIMD_KERNEL_ARITY);
  });
});
