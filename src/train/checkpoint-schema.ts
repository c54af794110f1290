/**
 * What a checkpoint's files must hold, as zod schemas: every field with its type and range, and
 * the history as long as the epochs done. A file that breaks them is reported in one line naming
 * the file and the field, instead of a crash, a misleading "diverged", or a silent retrain.
 */
import * as path from 'node:path';
import * as z from 'zod';

const finiteNumber = z.number();
const nonNegative = z.number().nonnegative();
const positive = z.number().positive();
const nonNegativeInt = z.int().nonnegative();
const positiveInt = z.int().positive();
const losses = z.array(nonNegative);
const checksums = z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex'));
const validation = z.strictObject({ size: positiveInt, seed: z.int() });

const modelOptions = z.strictObject({
  latentDim: positiveInt,
  decoder: z.enum(['transposed', 'unpooling']),
  seed: z.int(),
  normalization: z.strictObject({ mean: finiteNumber, std: positive }),
});

const corruption = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('gaussian'), sigma: positive }),
  z.strictObject({ kind: z.literal('salt-and-pepper'), rate: z.number().gt(0).lte(1) }),
  z.strictObject({ kind: z.literal('blot'), size: positiveInt.max(28) }),
  z.strictObject({ kind: z.literal('stroke'), width: positiveInt.max(28) }),
]);

const subset = z.strictObject({
  first: positiveInt.optional(),
  perClass: positiveInt.optional(),
  classes: z.array(z.int().min(0).max(9)).min(1).optional(),
  seed: z.int().optional(),
});

const trainingConfig = z.strictObject({
  epochs: positiveInt,
  batchSize: positiveInt,
  seed: z.int(),
  subset,
  validation,
  learningRate: positive,
  weightDecay: nonNegative,
  corruption: corruption.optional(),
});

/** The schema of an autoencoder's `training.json` ({@link CheckpointMetadata}). */
export const checkpointMetadataSchema = z.strictObject({
  model: modelOptions,
  training: trainingConfig,
  trainLoss: losses,
  valLoss: losses,
  bestEpoch: nonNegativeInt,
  bestValLoss: nonNegative,
  testLoss: nonNegative.optional(),
  imagesPerSecond: positive,
  backend: z.string().min(1),
  backendHistory: z.array(z.strictObject({ backend: z.string().min(1), epochs: positiveInt })).min(2).optional(),
  dataChecksums: checksums,
  savedAt: z.iso.datetime(),
  resume: z.strictObject({
    epochsDone: positiveInt,
    trainSeconds: positive,
    optimizer: z.strictObject({ iterations: positiveInt, accBeta1: z.number().gt(0).lt(1), accBeta2: z.number().gt(0).lt(1) }),
  }).optional(),
}).superRefine((metadata, context) => {
  const done = metadata.resume?.epochsDone ?? metadata.training.epochs;
  const because = metadata.resume ? 'resume.epochsDone' : 'training.epochs';
  if (metadata.resume && metadata.resume.epochsDone >= metadata.training.epochs) {
    context.addIssue({ code: 'custom', path: ['resume', 'epochsDone'], message: `${metadata.resume.epochsDone} epochs done of ${metadata.training.epochs}: an unfinished run has fewer` });
  }
  for (const history of ['trainLoss', 'valLoss'] as const) {
    if (metadata[history].length !== done) {
      context.addIssue({ code: 'custom', path: [history], message: `${metadata[history].length} values, ${because} says ${done}` });
    }
  }
  if (metadata.bestEpoch >= done) {
    context.addIssue({ code: 'custom', path: ['bestEpoch'], message: `${metadata.bestEpoch} is past the last epoch done (${done - 1})` });
  } else if (metadata.valLoss[metadata.bestEpoch] !== metadata.bestValLoss) {
    context.addIssue({ code: 'custom', path: ['bestValLoss'], message: `${metadata.bestValLoss} is not valLoss[${metadata.bestEpoch}]` });
  }
  const historyEpochs = metadata.backendHistory?.reduce((sum, part) => sum + part.epochs, 0);
  if (historyEpochs !== undefined && historyEpochs !== done) {
    context.addIssue({ code: 'custom', path: ['backendHistory'], message: `covers ${historyEpochs} epochs, ${because} says ${done}` });
  }
});

/** The schema of the digit reader's `training.json` ({@link ReaderMetadata}). */
export const readerMetadataSchema = z.strictObject({
  model: z.strictObject({ architecture: z.literal('digit-reader'), seed: z.int(), input: z.literal('pixels in [0, 1]') }),
  training: z.strictObject({
    epochs: positiveInt, batchSize: positiveInt, learningRate: positive, learningRateDecay: z.number().gt(0).lte(1),
    weightDecay: nonNegative, seed: z.int(), maxShift: nonNegativeInt, validation, subset: subset.optional(),
  }),
  trainLoss: losses,
  valAccuracy: z.array(z.number().min(0).max(1)),
  bestEpoch: nonNegativeInt,
  bestValAccuracy: z.number().min(0).max(1),
  testAccuracy: z.number().min(0).max(1),
  imagesPerSecond: positive,
  backend: z.string().min(1),
  dataChecksums: checksums,
  savedAt: z.iso.datetime(),
}).superRefine((metadata, context) => {
  for (const history of ['trainLoss', 'valAccuracy'] as const) {
    if (metadata[history].length !== metadata.training.epochs) {
      context.addIssue({ code: 'custom', path: [history], message: `${metadata[history].length} values, training.epochs says ${metadata.training.epochs}` });
    }
  }
  if (metadata.bestEpoch >= metadata.training.epochs) context.addIssue({ code: 'custom', path: ['bestEpoch'], message: `${metadata.bestEpoch} is past the last epoch` });
});

/** The part of tfjs's `model.json` that loading relies on; the topology itself is tfjs's to check. */
export const modelJsonSchema = z.looseObject({
  modelTopology: z.record(z.string(), z.unknown()),
  format: z.string().optional(),
  weightsManifest: z.array(z.looseObject({
    paths: z.array(z.string().min(1)).min(1),
    weights: z.array(z.looseObject({
      name: z.string().min(1),
      shape: z.array(nonNegativeInt),
      dtype: z.enum(['float32', 'int32', 'bool']),
    })),
  })).length(1),
});

/** A field's path as a reader writes it: `resume.optimizer`, `trainLoss[3]`, or `(the whole file)`. */
function fieldName(at: readonly PropertyKey[]): string {
  if (at.length === 0) return '(the whole file)';
  return at.map((part, k) => (typeof part === 'number' ? `[${part}]` : `${k === 0 ? '' : '.'}${String(part)}`)).join('');
}

/**
 * `value` (parsed from `file`) checked against `schema`.
 *
 * @throws Error (one line) naming the file and the first field that breaks the schema.
 */
export function validated(schema: z.ZodType, value: unknown, file: string): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new Error(`${path.normalize(file)}: ${fieldName(issue.path)}: ${issue.message.replace(/\s+/g, ' ')}`);
}
