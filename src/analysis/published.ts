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

/** One method's row of a published table that reports no standard deviation (one value per digit, whether from one run or a mean of several): AUROC as a fraction per normal digit 0..9, and the table's own mean. */
export interface PublishedNoSdRow {
  method: string;
  /** The paper's reference for the method, as its table gives it (e.g. `[26]`). */
  source: string;
  auroc: readonly number[];
  /** The MEAN column as printed (four decimals), not recomputed. */
  reportedMean: number;
  /** Set when the paper's own text puts the row under another protocol than its table's. */
  protocolDoubt?: string;
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

/**
 * Perera, Nallapati and Xiang, "OCGAN: One-Class Novelty Detection Using GANs With Constrained
 * Latent Representations", CVPR 2019, Table 2: MNIST under their "Protocol 2" (train on the
 * training images of one digit, its training split also used for validation; test on all 10,000
 * test images, the other nine digits as anomalies), AUROC as a fraction, one value per digit and
 * no standard deviation (its DSVDD row holds Ruff et al.'s means over 10 seeds, as reprinted).
 *
 * How the rows were checked: against a full-text copy of the paper (page 8 of the CVPR version,
 * in the repository AlessandroPata/mvtec-anomaly-detection, `relazione/sources/paper_ocgan.txt`),
 * every value. Each printed mean is the mean of its row's ten printed values to within the
 * rounding of those values (OCGAN's 0.9750 against 0.9749; the others exactly). Two things to say
 * where they are cited: the paper's text says that AND [1] and
 * DSVDD [21] used its "Protocol 1" on MNIST (80 % of a class for training, a test set half
 * anomalies), yet both rows stand in this Protocol 2 table; and the DSVDD row equals Ruff et al.'s
 * Table 1 means ({@link RUFF_2018_MNIST}), a third source for that row.
 */
export const PERERA_2019_OCGAN_MNIST: { citation: string; rows: readonly PublishedNoSdRow[] } = Object.freeze({
  citation: 'Perera et al., "OCGAN", CVPR 2019, Table 2 (MNIST, Protocol 2)',
  rows: Object.freeze([
    { method: 'OCSVM', source: '[26]', auroc: [0.988, 0.999, 0.902, 0.950, 0.955, 0.968, 0.978, 0.965, 0.853, 0.955], reportedMean: 0.9513 },
    { method: 'KDE', source: '[2]', auroc: [0.885, 0.996, 0.710, 0.693, 0.844, 0.776, 0.861, 0.884, 0.669, 0.825], reportedMean: 0.8143 },
    { method: 'DAE', source: '[4]', auroc: [0.894, 0.999, 0.792, 0.851, 0.888, 0.819, 0.944, 0.922, 0.740, 0.917], reportedMean: 0.8766 },
    { method: 'VAE', source: '[6]', auroc: [0.997, 0.999, 0.936, 0.959, 0.973, 0.964, 0.993, 0.976, 0.923, 0.976], reportedMean: 0.9696 },
    { method: 'PixCNN', source: '[28]', auroc: [0.531, 0.995, 0.476, 0.517, 0.739, 0.542, 0.592, 0.789, 0.340, 0.662], reportedMean: 0.6183 },
    { method: 'GAN', source: '[25]', auroc: [0.926, 0.995, 0.805, 0.818, 0.823, 0.803, 0.890, 0.898, 0.817, 0.887], reportedMean: 0.8662 },
    { method: 'AND', source: '[1]', auroc: [0.984, 0.995, 0.947, 0.952, 0.960, 0.971, 0.991, 0.970, 0.922, 0.979], reportedMean: 0.9671, protocolDoubt: "OCGAN's text says Protocol 1" },
    { method: 'AnoGAN', source: '[25]', auroc: [0.966, 0.992, 0.850, 0.887, 0.894, 0.883, 0.947, 0.935, 0.849, 0.924], reportedMean: 0.9127 },
    { method: 'DSVDD', source: '[21]', auroc: [0.980, 0.997, 0.917, 0.919, 0.949, 0.885, 0.983, 0.946, 0.939, 0.965], reportedMean: 0.9480, protocolDoubt: "OCGAN's text says Protocol 1" },
    { method: 'OCGAN', source: 'this paper', auroc: [0.998, 0.999, 0.942, 0.963, 0.975, 0.980, 0.991, 0.981, 0.939, 0.981], reportedMean: 0.9750 },
  ].map((row) => Object.freeze({ ...row, auroc: Object.freeze(row.auroc) }))),
});
