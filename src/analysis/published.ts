/**
 * Published results the notebooks compare with, quoted with their source and with how they were
 * checked. Numbers here are typed in, never computed by this project.
 */

/** One method's row of a published table: AUROC in % per normal digit 0..9, mean ± std over seeds. */
export interface PublishedAurocRow {
  method: string;
  mean: readonly number[];
  /** Standard deviation over the paper's seeds, per digit. */
  std: readonly number[];
}

/**
 * Ruff et al., "Deep One-Class Classification", ICML 2018 (PMLR 80:4393–4402), Table 1, MNIST:
 * AUROC in % per normal digit, mean ± std over 10 seeds. Their protocol: train on the training
 * images of one digit, score the 10,000 test images, the other nine digits as anomalies;
 * preprocessing by global contrast normalization (L1) then min–max scaling to [0, 1].
 *
 * How the row was checked: not against the paper itself (no copy could be read offline), but
 * against two later texts that reprint it and agree on all ten means: Table 2, column
 * "DeepSVDD*" ("from original papers") of the submission "On Unsupervised-Supervised Risk and
 * One-Class Neural Networks", which also gives the standard deviations; and the "original" row
 * of an unofficial Deep SVDD re-implementation's README (means only). The table's other rows
 * (OC-SVM, KDE, Isolation Forest, DCAE, AnoGAN, soft-boundary Deep SVDD) are left out: no
 * reprint of them was found to check them against.
 */
export const RUFF_2018_MNIST: { citation: string; rows: readonly PublishedAurocRow[] } = Object.freeze({
  citation: 'Ruff et al., "Deep One-Class Classification", ICML 2018, Table 1 (MNIST)',
  rows: Object.freeze([
    {
      method: 'One-Class Deep SVDD',
      mean: [98.0, 99.7, 91.7, 91.9, 94.9, 88.5, 98.3, 94.6, 93.9, 96.5],
      std: [0.7, 0.1, 0.8, 1.5, 0.8, 0.9, 0.5, 0.9, 1.6, 0.3],
    },
  ]),
});
