/**
 * A trained model's views for the in-page decoder explorer (src/plot/decoder-explorer.ts), each
 * with its still: the same view as a PNG with its labels inside, shown where scripts don't run
 * and saved to figures/.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { imagesAt } from '../data/batching';
import type { MnistSplit } from '../data/mnist';
import { type Autoencoder, type DigitReading, codeRanges, decodeCodes, decoderProgram, encodeImages, readDigits } from '../model';
import { type LabeledRow, codePlaneSvg, stackedRowsPng } from '../plot';
import type { PlaneView, SlidersView } from '../plot/decoder-explorer';
import { svgToPng } from '../plot/raster';
import { readingCaptions } from './reconstruction-reading';

/** A view and its still. */
export interface ExplorerPart<View> {
  view: View;
  /** The view as a PNG, labels inside. */
  still: Buffer;
  /** One line saying what the still shows (its alt text). */
  stillCaption: string;
  /** With a `reader` in the options: what it reads in each row of images the still shows. */
  readings?: Array<{ label: string; reading: DigitReading }>;
}

/** The rows with the reader's captions under their tiles, and its readings; the rows as they are without a reader. */
function readRows(rows: LabeledRow[], reader: LayersModel | undefined): { rows: LabeledRow[]; readings?: Array<{ label: string; reading: DigitReading }> } {
  if (reader === undefined) return { rows: rows };
  const readings = rows.map((row) => ({ label: row.label, reading: readDigits(reader, row.images) }));
  const captioned = rows.map((row, r) => {
    const { reading } = readings[r]!;
    return { ...row, captions: readingCaptions(reading, reading.digits.map((_, k) => k)) };
  });
  return { rows: captioned, readings: readings };
}

const IMAGE = 28 * 28;

/**
 * The code plane of a 2-number model over the first `count` test images (default all), starting
 * at test image `start`. Its still: the plane (Observable Plot, rasterized) with the start code
 * circled, and the image decoded there.
 */
export function planeExplorer(
  model: Pick<Autoencoder, 'encoder' | 'decoder' | 'options'>, test: MnistSplit, options: { start: number; count?: number; title: string; reader?: LayersModel },
): ExplorerPart<PlaneView> {
  if (model.options.latentDim !== 2) throw new Error(`planeExplorer: the model's code has ${model.options.latentDim} numbers, not 2`);
  const count = Math.min(options.count ?? test.count, test.count);
  if (!(Number.isInteger(options.start) && options.start >= 0 && options.start < count)) throw new Error(`planeExplorer: start ${options.start} is not one of the first ${count} test images`);
  const codes = encodeImages(model, test.images.subarray(0, count * IMAGE));
  const labels = test.labels.slice(0, count);
  const start = codes.subarray(2 * options.start, 2 * options.start + 2);
  const points = Array.from(labels, (digit, i) => ({ x: codes[2 * i]!, y: codes[2 * i + 1]!, digit }));
  const stillTitle = `${options.title} (still: test image ${options.start}'s code circled)`;
  const plane = codePlaneSvg(points, { title: stillTitle, width: 480, height: 460, highlight: { x: start[0]!, y: start[1]! } });
  const read = readRows([{ label: 'decoded', images: decodeCodes(model, Float32Array.from(start)) }], options.reader);
  const decoded = stackedRowsPng(read.rows, 1, { title: `at (${start[0]!.toFixed(2)}, ${start[1]!.toFixed(2)})` });
  return {
    view: { kind: 'plane', title: options.title, program: decoderProgram(model), codes, labels, start: options.start },
    still: svgToPng(plane, [decoded]),
    stillCaption: `${stillTitle}, and the image decoded there`,
    ...(read.readings ? { readings: read.readings } : {}),
  };
}

/**
 * One slider per code number, starting from the codes of test images `starts`; each slider spans
 * that number's range over the first `count` test images (default all). Its still: what each
 * number controls, a row per code number swept over its range (`steps` images, default 7) with the
 * others held at the first start's code.
 */
export function slidersExplorer(
  model: Pick<Autoencoder, 'encoder' | 'decoder' | 'options'>, test: MnistSplit,
  options: { starts: readonly number[]; count?: number; steps?: number; title: string; reader?: LayersModel },
): ExplorerPart<SlidersView> {
  const { latentDim } = model.options;
  const count = Math.min(options.count ?? test.count, test.count);
  const steps = options.steps ?? 7;
  if (options.starts.length === 0) throw new Error('slidersExplorer: no test image to start from');
  const codes = encodeImages(model, test.images.subarray(0, count * IMAGE));
  const ranges = codeRanges(codes, latentDim);
  const startImages = imagesAt(test, options.starts);
  const startCodes = encodeImages(model, startImages);
  const starts = options.starts.map((index, s) => {
    const code = startCodes.slice(s * latentDim, (s + 1) * latentDim);
    // A start outside the sliders' ranges (an image past `count`) widens them.
    code.forEach((value, k) => (ranges[k] = [Math.min(ranges[k]![0], value), Math.max(ranges[k]![1], value)]));
    return { label: `a ${test.labels[index]} (test image ${index})`, code, image: startImages.slice(s * IMAGE, (s + 1) * IMAGE) };
  });
  const first = starts[0]!;
  const sweeps = ranges.map(([min, max], k) => {
    const row = new Float32Array(steps * latentDim);
    for (let j = 0; j < steps; j++) {
      row.set(first.code, j * latentDim);
      row[j * latentDim + k] = min + ((max - min) * j) / (steps - 1);
    }
    return { label: `code number ${k + 1}`, images: decodeCodes(model, row) };
  });
  const stillTitle = `${options.title}: each row sweeps one code number from its lowest to its highest test value, the others held at ${first.label}'s code`;
  const read = readRows(sweeps, options.reader);
  return {
    view: { kind: 'sliders', title: options.title, program: decoderProgram(model), starts, ranges },
    still: stackedRowsPng(read.rows, steps, { title: stillTitle, columnLabels: Array.from({ length: steps }, (_, j) => (j === 0 ? 'lowest' : j === steps - 1 ? 'highest' : '')) }),
    stillCaption: stillTitle,
    ...(read.readings ? { readings: read.readings } : {}),
  };
}
