/** What the benchmarks share about the PyTorch reference (Debian's python3-torch). */

/** The system interpreter, which has python3-torch (a pyenv or venv python on PATH would not). */
export const PYTHON = '/usr/bin/python3';

/**
 * PyTorch's dense layers and transposed convolutions run on the system BLAS: without OpenBLAS
 * (python3-torch recommends it; `--no-install-recommends` leaves netlib's reference BLAS) it is
 * ~3.5× slower, and a ratio against it flatters this project.
 */
export function warnIfReferenceBlas(blas: string): void {
  if (blas !== 'OpenBLAS') {
    console.error(`warning: PyTorch runs on ${blas}, not OpenBLAS, so its figures here are far below its usual speed: apt-get install libopenblas0`);
  }
}
