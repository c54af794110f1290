/**
 * SIMD kernels in AssemblyScript, compiled by `npm run build` and embedded in the package's
 * JavaScript (../scripts/generate-simd.cjs writes ../src/generated/; ../src/simd-kernels.ts
 * loads it). The exports' signatures are the kernels' interface: the generated bindings call
 * them by parameter name. The module imports tfjs-backend-wasm's own memory and
 * has no data, globals or allocator of its own: every function works in place on buffers tfjs
 * allocated, given as byte offsets, so nothing is copied in or out.
 */
export * from './adam';
export * from './batch-norm';
export * from './conv-filter-grad';
export * from './conv-input-grad';
export * from './elementwise';
export * from './copy';
export * from './matmul';
export * from './conv2d';
