import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { meanImageMse, pixelMeanStd } from '../../src/analysis/index.js';
import { loadMnist } from '../../src/data/mnist.js';

describe('pixelMeanStd', () => {
  it('is the mean and (population) standard deviation on the [0, 1] scale', () => {
    const { mean, std } = pixelMeanStd(Uint8Array.from([0, 255, 0, 255]));
    assert.equal(mean, 0.5);
    assert.equal(std, 0.5);
    assert.deepEqual(pixelMeanStd(Uint8Array.from([51, 51])), { mean: 0.2, std: 0 });
    assert.throws(() => pixelMeanStd(new Uint8Array(0)), /no pixels/);
  });

  it("gives MNIST's well-known training statistics, 0.1307 and 0.3081", () => {
    const { mean, std } = pixelMeanStd(loadMnist().train.images);
    assert.equal(mean.toFixed(4), '0.1307');
    assert.equal(std.toFixed(4), '0.3081');
  });
});

describe('meanImageMse', () => {
  it('is the MSE of drawing the mean training image for every test image', () => {
    // Two 2-pixel training images average to (0.5, 0.2); the test image (1, 0.2) is off by 0.5 in one pixel.
    const train = Uint8Array.from([0, 51, 255, 51]);
    assert.ok(Math.abs(meanImageMse(train, Uint8Array.from([255, 51]), 2) - 0.125) < 1e-12);
    assert.throws(() => meanImageMse(train, Uint8Array.from([1, 2, 3]), 2), /not whole images of 2/);
  });
});
