/** The Korean edition (tools/translate.ts): translations keyed by cell id, drift as an error. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type TranslationFile, cellTranslation, englishHash, lineChanges, translateNotebook } from '../../tools/translate.js';

type Cell = { id: string; cell_type: string; source: string[] | string; outputs?: unknown[] };
const markdown = (id: string, source: string) => ({ cell_type: 'markdown', id, metadata: {}, source });
const code = (id: string, source: string) => ({ cell_type: 'code', id, metadata: {}, execution_count: 3, source, outputs: [{ output_type: 'stream', name: 'stdout', text: 'MSE 0.03\n' }] });
const notebook = (cells: object[]) => ({ cells, metadata: { kernelspec: { name: 'tslab' } }, nbformat: 4, nbformat_minor: 5 });

const english = notebook([
  markdown('intro', '# 1 · The dataset\n\nA [latent code](glossary.md#latent-code) keeps little.'),
  code('load', 'const mnist = ae.loadMnist();\nmnist.train.count'),
  markdown('next', 'Next: notebook 02.'),
]);
const translations: TranslationFile = {
  notebook: '01.ipynb',
  cells: {
    intro: cellTranslation('# 1 · The dataset\n\nA [latent code](glossary.md#latent-code) keeps little.', '# 1 · 데이터셋\n\n[잠재 코드](glossary.md#latent-code)(latent code)는 적은 것만 담는다.'),
    next: cellTranslation('Next: notebook 02.', '다음: 노트북 02.'),
  },
};

describe('the Korean edition', () => {
  it('replaces every Markdown cell by its translation and copies code cells and outputs byte for byte', () => {
    const { notebook: korean, problems } = translateNotebook(english, translations, '01.ipynb');
    assert.deepEqual(problems, []);
    const cells = (korean as { cells: Cell[] }).cells;
    assert.deepEqual(cells.map((cell) => cell.id), ['intro', 'load', 'next']);
    assert.equal((cells[0]!.source as string[]).join(''), translations.cells['intro']!.ko);
    assert.deepEqual(cells[0]!.source, ['# 1 · 데이터셋\n', '\n', '[잠재 코드](glossary.md#latent-code)(latent code)는 적은 것만 담는다.']);
    assert.equal(JSON.stringify(cells[1]), JSON.stringify(english.cells[1]));
    assert.equal((english.cells[0] as Cell).source, '# 1 · The dataset\n\nA [latent code](glossary.md#latent-code) keeps little.', 'its input is left alone');
  });

  it('fails on an English cell changed since its translation, naming the cell and showing the change', () => {
    const edited = structuredClone(english);
    (edited.cells[0] as Cell).source = '# 1 · The dataset\n\nA [latent code](glossary.md#latent-code) keeps very little.';
    const { notebook: korean, problems } = translateNotebook(edited, translations, '01.ipynb');
    assert.equal(korean, undefined);
    assert.deepEqual(problems.map((problem) => [problem.kind, problem.cell]), [['changed', 'intro']]);
    assert.match(problems[0]!.message, /01\.ipynb cell intro: the English changed since it was translated/);
    assert.match(problems[0]!.message, /- A \[latent code\]\(glossary\.md#latent-code\) keeps little\./);
    assert.match(problems[0]!.message, /\+ A \[latent code\]\(glossary\.md#latent-code\) keeps very little\./);
  });

  it('fails on a Markdown cell without a translation, a translation without its cell, and a hash that does not match its English', () => {
    const grown = notebook([...english.cells, markdown('outro', 'The end.')]);
    const extra: TranslationFile = { notebook: '01.ipynb', cells: { ...translations.cells, gone: cellTranslation('Old text.', '옛 글.'), next: { ...translations.cells['next']!, sha256: englishHash('something else') } } };
    const { problems } = translateNotebook(grown, extra, '01.ipynb');
    assert.deepEqual(problems.map((problem) => [problem.kind, problem.cell]).sort(), [['corrupt', 'next'], ['missing', 'outro'], ['orphaned', 'gone']]);
  });

  it('fails on a Markdown cell without an id', () => {
    const withoutId = notebook([{ cell_type: 'markdown', metadata: {}, source: 'No id.' }]);
    const { problems } = translateNotebook(withoutId, { notebook: '01.ipynb', cells: {} }, '01.ipynb');
    assert.deepEqual(problems.map((problem) => problem.kind), ['no-id']);
  });

  it('shows a paragraph change as removed and added lines', () => {
    assert.deepEqual(lineChanges('a\nb\nc', 'a\nB\nc\nd'), ['- b', '+ B', '+ d']);
    assert.deepEqual(lineChanges('same', 'same'), []);
  });
});
