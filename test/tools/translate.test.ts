/** The Korean edition (tools/translate.ts): translations keyed by cell id, drift as an error. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  type TranslationFile, cellTranslation, englishHash, glossarySections, importWorklist, lineChanges, lostInTranslation, parseWorklist, translateGlossary, translateNotebook,
  translationFileFor, worklist,
} from '../../tools/translate.js';

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

  it('fails on a translation that lost a number, a code span, a formula, a link target or a heading', () => {
    const en = '## Results\n\nWith `AE_PRESET=full`, d = 4 reaches 0.0123 MSE ($\\sigma$); see [PCA](glossary.md#pca).';
    assert.deepEqual(lostInTranslation(en, '## 결과\n\n`AE_PRESET=full`에서 d = 4는 0.0123 MSE($\\sigma$)에 이릅니다. [PCA](glossary.md#pca) 참고.'), []);
    assert.deepEqual(lostInTranslation(en, '## 결과\n\n`AE_PRESET=quick`에서 d = 4는 0.0132 MSE에 이릅니다. [PCA](glossary.md#mse) 참고.'),
      ['`AE_PRESET=full`', '$\\sigma$', '(glossary.md#pca)', '0.0123']);
    assert.deepEqual(lostInTranslation(en, '### 결과\n\n`AE_PRESET=full`, d = 4, 0.0123, $\\sigma$, [PCA](glossary.md#pca).'), ['headings ## (the Korean has ###)']);
    assert.deepEqual(lostInTranslation('A <img width="300"> figure, 2 of them.', '그림 2개.'), [], 'numbers inside HTML tags are not prose');
    const { problems } = translateNotebook(english, { notebook: '01.ipynb', cells: { ...translations.cells, next: cellTranslation('Next: notebook 02.', '다음 노트북.') } }, '01.ipynb');
    assert.deepEqual(problems.map((problem) => [problem.kind, problem.cell]), [['lost', 'next']]);
    assert.match(problems[0]!.message, /01\.ipynb cell next: the Korean lacks what the English has: 02/);
  });
});

describe('the Korean glossary', () => {
  const glossary = '# Glossary\n\nTerms.\n\n### latent code\nThe numbers a [decoder](#decoder) reads.\n\n### decoder\nCode → image.\n';
  const terms: TranslationFile = {
    notebook: 'glossary.md',
    cells: {
      preamble: cellTranslation('# Glossary\n\nTerms.', '# 용어집\n\n용어.'),
      'latent-code': cellTranslation('### latent code\nThe numbers a [decoder](#decoder) reads.', '### 잠재 코드 (latent code)\n[디코더](#decoder)가 읽는 수.'),
      decoder: cellTranslation('### decoder\nCode → image.', '### 디코더 (decoder)\n코드 → 이미지.'),
    },
  };

  it('is cut into the text before the first term and one piece per term, keyed by its anchor', () => {
    assert.deepEqual(glossarySections(glossary).map((section) => section.id), ['preamble', 'latent-code', 'decoder']);
    assert.equal(glossarySections(glossary)[1]!.text, '### latent code\nThe numbers a [decoder](#decoder) reads.');
  });

  it('keeps the English anchors before the Korean terms, so links into it work in both editions', () => {
    const { text, problems } = translateGlossary(glossary, terms);
    assert.deepEqual(problems, []);
    assert.equal(text, '# 용어집\n\n용어.\n\n<a id="latent-code"></a>\n\n### 잠재 코드 (latent code)\n[디코더](#decoder)가 읽는 수.\n\n<a id="decoder"></a>\n\n### 디코더 (decoder)\n코드 → 이미지.\n');
  });

  it('names a term whose English changed, and one that is gone', () => {
    const { text, problems } = translateGlossary(glossary.replace('Code → image.', 'Latent code → image.').replace('### latent code', '### code'), terms);
    assert.equal(text, undefined);
    assert.deepEqual(problems.map((problem) => [problem.kind, problem.cell]).sort(), [['changed', 'decoder'], ['missing', 'code'], ['orphaned', 'latent-code']]);
  });
});

describe("a translator's worklist", () => {
  /** A project with one notebook (two Markdown cells, one translated) and a glossary of one term. */
  function project(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-translate-'));
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    fs.mkdirSync(path.join(root, 'notebooks'));
    fs.writeFileSync(path.join(root, 'notebooks', '01.ipynb'), JSON.stringify(english));
    fs.writeFileSync(path.join(root, 'notebooks', 'glossary.md'), '# Glossary\n\n### seed\nA number.\n');
    const file = translationFileFor(root, '01.ipynb');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ notebook: '01.ipynb', cells: { next: translations.cells['next'] } }));
    return root;
  }
  const sources = (root: string) => [path.join(root, 'notebooks', '01.ipynb'), path.join(root, 'notebooks', 'glossary.md')];

  it('lists the untranslated cells with a hash of their English, and records their Korean in the source order', () => {
    const root = project();
    try {
      const list = worklist(root, sources(root));
      assert.equal(list, `=== 01.ipynb\n=== cell intro ${englishHash(translations.cells['intro']!.en).slice(0, 12)}\n${translations.cells['intro']!.en}\n`
        + `=== glossary.md\n=== cell preamble ${englishHash('# Glossary').slice(0, 12)}\n# Glossary\n=== cell seed ${englishHash('### seed\nA number.').slice(0, 12)}\n### seed\nA number.\n`);
      const done = list.replace(translations.cells['intro']!.en, translations.cells['intro']!.ko).replace('# Glossary\n', '# 용어집\n').replace('### seed\nA number.', '### 시드 (seed)\n수 하나.');
      fs.writeFileSync(path.join(root, 'done.txt'), done);
      assert.equal(importWorklist(root, path.join(root, 'done.txt')), 3);
      assert.equal(worklist(root, sources(root)), '');
      const recorded = JSON.parse(fs.readFileSync(translationFileFor(root, '01.ipynb'), 'utf8')) as TranslationFile;
      assert.deepEqual(Object.keys(recorded.cells), ['intro', 'next']);
      assert.deepEqual(recorded.cells['intro'], translations.cells['intro']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses, writing nothing, a block whose English changed since, an unknown cell, or a Korean that lost a link', () => {
    const root = project();
    try {
      const file = path.join(root, 'done.txt');
      const before = fs.readFileSync(translationFileFor(root, '01.ipynb'), 'utf8');
      const attempt = (text: string) => {
        fs.writeFileSync(file, text);
        return () => importWorklist(root, file);
      };
      assert.throws(attempt(`=== 01.ipynb\n=== cell intro 000000000000\n${translations.cells['intro']!.ko}\n`), /done\.txt: 01\.ipynb cell intro: the English changed since the worklist was made/);
      assert.throws(attempt('=== 01.ipynb\n=== cell outro\n끝.\n'), /01\.ipynb cell outro: 01\.ipynb has no Markdown cell/);
      assert.throws(attempt('=== 01.ipynb\n=== cell intro\n# 1 · 데이터셋\n\n잠재 코드는 적은 것만 담는다.\n'), /cell intro: the Korean lacks what the English has: \(glossary\.md#latent-code\)/);
      assert.throws(attempt('=== cell intro\n글.\n'), /done\.txt:1: a cell before any/);
      assert.equal(fs.readFileSync(translationFileFor(root, '01.ipynb'), 'utf8'), before);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('parses blocks under their files, with or without hashes and tags', () => {
    const parsed = parseWorklist('=== a.ipynb\n=== cell x 0123456789ab\n\n가\n\n=== cell y  [tags: observe]\n나\n=== glossary.md\n=== cell seed\n시드\n');
    assert.deepEqual([...parsed], [['a.ipynb', [{ id: 'x', hash: '0123456789ab', text: '가' }, { id: 'y', text: '나' }]], ['glossary.md', [{ id: 'seed', text: '시드' }]]]);
  });
});

