import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstDifference, maskTimings } from '../../tools/compare-notebooks.js';

const nb = (text: string, html = '<b>x</b>') => ({
  metadata: { kernelspec: { name: 'tslab' } },
  cells: [{ cell_type: 'code', source: 'run()', execution_count: 1, outputs: [{ output_type: 'stream', name: 'stdout', text: [text] }, { output_type: 'display_data', data: { 'text/html': [html] }, metadata: {} }] }],
});

describe('comparing two executions of a notebook', () => {
  it('masks durations, progress-table timings and Markdown timing columns, nothing else', () => {
    assert.equal(maskTimings('trained in 4.2 s, then 3 min; 15 epoch(s), AUROC 93.0 %'), 'trained in # s, then # min; 15 epoch(s), AUROC 93.0 %');
    assert.equal(maskTimings('<div class="ae-progress"><tr><td>d 4</td><td>0.19</td><td>1,211</td><td>0.4</td></tr>'),
      '<div class="ae-progress"><tr><td>d 4</td><td>0.19</td><td>#</td><td>#</td></tr>');
    assert.equal(maskTimings('| decoder | MSE | images/s |\n| --- | --- | --- |\n| transposed | 0.20058 | 2,530 |\n\nafter'),
      '| decoder | MSE | images/s |\n| --- | --- | --- |\n| transposed | 0.20058 | # |\n\nafter');
  });

  it('finds no difference but timings, and names the first cell that differs otherwise', () => {
    assert.equal(firstDifference(nb('done in 4.2 s\n'), nb('done in 5.9 s\n')), undefined);
    assert.match(firstDifference(nb('MSE 0.0201\n'), nb('MSE 0.0202\n')) ?? '', /^cell 1 differs: .*0\.0201.* against .*0\.0202/);
    assert.match(firstDifference(nb('a\n'), nb('a\n', '<b>y</b>')) ?? '', /^cell 1 differs/);
  });
});
