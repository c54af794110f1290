/** The committed Korean edition (notebooks/ko/): made from the English notebooks, code for code. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findProjectRoot } from '../../src/util/paths.js';
import { listNotebooks } from '../../tools/notebooks.js';
import { koreanStudentDir, studentDir } from '../../tools/student.js';
import { headingId, koreanNotebookDir } from '../../tools/export-html.js';
import { koreanEdition } from '../../tools/translate.js';

const root = findProjectRoot(__dirname);

type Cell = { id?: string; cell_type: string; metadata: object; source: string[]; outputs?: unknown[]; execution_count?: number | null };
const cellsOf = (file: string): Cell[] => (JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: Cell[] }).cells;
const englishNotebooks = listNotebooks(root);

describe('the Korean edition', () => {
  it('has a Korean notebook and a Korean student notebook for every English one, and nothing else', () => {
    const names = englishNotebooks.map((file) => path.basename(file)).sort();
    assert.ok(names.length >= 6, `${names.length} notebooks`);
    const ipynb = (dir: string) => fs.readdirSync(dir).filter((name) => name.endsWith('.ipynb')).sort();
    assert.deepEqual(ipynb(koreanNotebookDir(root)), names);
    assert.deepEqual(ipynb(koreanStudentDir(root)), names);
  });

  it('is what `npm run translate` writes now: every Markdown cell translated from the English it has now', () => {
    const { files, problems } = koreanEdition(root, englishNotebooks);
    assert.deepEqual(problems.map((problem) => problem.message), []);
    for (const [file, text] of files) assert.ok(fs.readFileSync(file, 'utf8') === text, `${path.relative(root, file)} is stale: run npm run translate`);
  });

  for (const [edition, english, korean] of [['notebooks', path.join(root, 'notebooks'), koreanNotebookDir(root)], ['student editions', studentDir(root), koreanStudentDir(root)]] as const) {
    it(`keeps the ${edition}' code cells, their outputs and every cell's id, type and tags byte for byte`, () => {
      let code = 0;
      for (const file of englishNotebooks) {
        const name = path.basename(file);
        const en = cellsOf(path.join(english, name));
        const ko = cellsOf(path.join(korean, name));
        assert.deepEqual(ko.map((cell) => [cell.id, cell.cell_type, JSON.stringify(cell.metadata)]), en.map((cell) => [cell.id, cell.cell_type, JSON.stringify(cell.metadata)]), name);
        en.forEach((cell, k) => {
          if (cell.cell_type === 'markdown') return;
          code++;
          assert.equal(JSON.stringify(ko[k]), JSON.stringify(cell), `${name} cell ${cell.id}`);
        });
      }
      assert.ok(code >= 60, `${code} code cells`);
    });
  }

  it("translates the Markdown: no English notebook's Markdown cell is left as it is in Korean", () => {
    for (const file of englishNotebooks) {
      const name = path.basename(file);
      const ko = cellsOf(path.join(koreanNotebookDir(root), name));
      cellsOf(file).forEach((cell, k) => {
        if (cell.cell_type !== 'markdown') return;
        assert.notEqual(ko[k]!.source.join(''), cell.source.join(''), `${name} cell ${cell.id}`);
        assert.match(ko[k]!.source.join(''), /[\uac00-\ud7a3]/, `${name} cell ${cell.id} has no Hangul`);
      });
    }
  });

  it("hands out the Korean worksheets with the cells the student edition adds in Korean", () => {
    for (const file of englishNotebooks) {
      const cells = cellsOf(path.join(koreanStudentDir(root), path.basename(file)));
      const added = cells.filter((cell) => cell.id?.endsWith('-answer') || cell.id?.endsWith('-run-times'));
      assert.ok(added.length >= 2, `${path.basename(file)}: ${added.length} added cells`);
      for (const cell of added) assert.match(cell.source.join(''), /^(\*나의 답:\* |\*\*이 노트북에 걸리는 시간\*\*)/, `${path.basename(file)} cell ${cell.id}`);
    }
  });

  it("names every notebook's cells for good (nbNN-…), so that a translation's key never changes under it", () => {
    for (const file of englishNotebooks) {
      const prefix = `nb${/^(\d\d)/.exec(path.basename(file))![1]}-`;
      const ids = cellsOf(file).map((cell) => cell.id ?? '(none)');
      assert.deepEqual(ids.filter((id) => !id.startsWith(prefix)), [], `${path.basename(file)}: cell ids a tool made up (Jupyter gives a new cell a random one): name them ${prefix}…`);
      assert.equal(new Set(ids).size, ids.length, `${path.basename(file)}: ids repeat`);
    }
  });
});

describe('the Korean glossary', () => {
  const english = fs.readFileSync(path.join(root, 'notebooks', 'glossary.md'), 'utf8');
  const korean = fs.readFileSync(path.join(koreanNotebookDir(root), 'glossary.md'), 'utf8');

  it('holds the same terms in the same order, under the English anchors, with the English term in parentheses', () => {
    const terms = [...english.matchAll(/^### (.+)$/gm)].map((match) => match[1]!);
    const entries = [...korean.matchAll(/^<a id="([\w-]+)"><\/a>\n\n### (.+)$/gm)];
    assert.deepEqual(entries.map((match) => match[1]), terms.map(headingId));
    entries.forEach((match, k) => assert.ok(match[2]!.toLowerCase().includes(terms[k]!.toLowerCase()), `"### ${match[2]}" does not name "${terms[k]}"`));
  });

  it('defines every term the Korean notebooks (and their student edition) link to', () => {
    const anchors = new Set([...korean.matchAll(/<a id="([\w-]+)"><\/a>/g)].map((match) => match[1]!));
    let links = 0;
    for (const dir of [koreanNotebookDir(root), koreanStudentDir(root)]) {
      for (const name of fs.readdirSync(dir).filter((file) => file.endsWith('.ipynb'))) {
        for (const match of fs.readFileSync(path.join(dir, name), 'utf8').matchAll(/glossary\.md#([\w-]+)/g)) {
          links++;
          assert.ok(anchors.has(match[1]!), `${path.relative(root, path.join(dir, name))} links glossary.md#${match[1]}, which the Korean glossary lacks`);
        }
      }
    }
    assert.ok(links >= 50, `${links} links`);
  });
});
