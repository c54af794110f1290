/**
 * Prints the tutorial's validation split of MNIST's training images as JSON,
 * `{"size": 5000, "seed": 0, "train": [...], "validation": [...]}` (indices in file order), so that
 * `bench/pytorch_reference.py` trains, chooses and tests on exactly the images this project does.
 */
import { loadMnist } from '../src/data/mnist';
import { VALIDATION_SPLIT, splitValidation } from '../src/data/split';

const { train, validation } = splitValidation(loadMnist().train.labels, VALIDATION_SPLIT);
process.stdout.write(`${JSON.stringify({ ...VALIDATION_SPLIT, train: Array.from(train), validation: Array.from(validation) })}\n`);
