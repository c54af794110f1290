/**
 * One variable's Adam step with the coupled L2 term, four lanes at a time: the arithmetic of
 * `adamStepValues` (../src/adam-kernel.ts) in the same order. wasm's f32x4 add, mul, div and sqrt
 * round like scalar float32, so lanes and scalar tail give the same bits as that function.
 * Pointers are byte offsets into tfjs-backend-wasm's heap; outputs may not alias inputs.
 */
export function adamStep(
  x: usize, g: usize, m: usize, v: usize, outX: usize, outM: usize, outV: usize, n: i32,
  decay: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32,
  correction1: f32, correction2: f32, epsilon: f32, step: f32,
): void {
  const vDecay = f32x4.splat(decay);
  const vBeta1 = f32x4.splat(beta1);
  const vOneMinusBeta1 = f32x4.splat(oneMinusBeta1);
  const vBeta2 = f32x4.splat(beta2);
  const vOneMinusBeta2 = f32x4.splat(oneMinusBeta2);
  const vCorrection1 = f32x4.splat(correction1);
  const vCorrection2 = f32x4.splat(correction2);
  const vEpsilon = f32x4.splat(epsilon);
  const vStep = f32x4.splat(step);
  const vectorEnd = n & ~3;
  let i = 0;
  for (; i < vectorEnd; i += 4) {
    const at = (<usize>i) << 2;
    const xi = v128.load(x + at);
    // No decay term at all when λ = 0 (g + 0·x would turn −0 gradients into +0).
    const gi = decay == 0 ? v128.load(g + at) : f32x4.add(v128.load(g + at), f32x4.mul(xi, vDecay));
    const mi = f32x4.add(f32x4.mul(v128.load(m + at), vBeta1), f32x4.mul(gi, vOneMinusBeta1));
    const vi = f32x4.add(f32x4.mul(v128.load(v + at), vBeta2), f32x4.mul(f32x4.mul(gi, gi), vOneMinusBeta2));
    v128.store(outM + at, mi);
    v128.store(outV + at, vi);
    const mHat = f32x4.div(mi, vCorrection1);
    const vHat = f32x4.div(vi, vCorrection2);
    v128.store(outX + at, f32x4.add(f32x4.mul(f32x4.div(mHat, f32x4.add(f32x4.sqrt(vHat), vEpsilon)), vStep), xi));
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    const xi = load<f32>(x + at);
    const gi = decay == 0 ? load<f32>(g + at) : load<f32>(g + at) + xi * decay;
    const mi = load<f32>(m + at) * beta1 + gi * oneMinusBeta1;
    const vi = load<f32>(v + at) * beta2 + gi * gi * oneMinusBeta2;
    store<f32>(outM + at, mi);
    store<f32>(outV + at, vi);
    store<f32>(outX + at, (mi / correction1 / (Mathf.sqrt(vi / correction2) + epsilon)) * step + xi);
  }
}
