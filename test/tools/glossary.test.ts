/** The glossary (notebooks/glossary.md) and the notebooks' links into it. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findProjectRoot } from '../../src/util/paths.js';
import { headingId } from '../../tools/export-html.js';

const notebooks = path.join(findProjectRoot(__dirname), 'notebooks');

describe('the glossary', () => {
  const text = fs.readFileSync(path.join(notebooks, 'glossary.md'), 'utf8');
  const terms = [...text.matchAll(/^### (.+)$/gm)].map((match) => match[1]!);

  it('defines each term once, in alphabetical order, each with its definition', () => {
    assert.ok(terms.length >= 30, `${terms.length} terms`);
    assert.deepEqual(terms, [...new Set(terms)].sort((a, b) => a.localeCompare(b)));
    for (const term of terms) assert.match(text, new RegExp(`^### ${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n\\S`, 'm'), `${term} has a definition right below it`);
  });

  it('every link from a notebook (and the student edition) names a term it defines', () => {
    const anchors = new Set(terms.map(headingId));
    const files = [...fs.readdirSync(notebooks).filter((name) => name.endsWith('.ipynb')), ...fs.readdirSync(path.join(notebooks, 'student')).map((name) => `student/${name}`)];
    let links = 0;
    for (const file of files) {
      for (const match of fs.readFileSync(path.join(notebooks, file), 'utf8').matchAll(/glossary\.md#([\w-]+)/g)) {
        links++;
        assert.ok(anchors.has(match[1]!), `${file} links glossary.md#${match[1]}, which no term defines`);
      }
    }
    assert.ok(links >= 50, `${links} links`);
  });

  it('every term is linked from a notebook (at its first use, which the glossary promises)', () => {
    const linked = new Set<string>();
    for (const file of fs.readdirSync(notebooks).filter((name) => name.endsWith('.ipynb'))) {
      for (const match of fs.readFileSync(path.join(notebooks, file), 'utf8').matchAll(/glossary\.md#([\w-]+)/g)) linked.add(match[1]!);
    }
    assert.deepEqual(terms.map(headingId).filter((anchor) => !linked.has(anchor)), []);
  });
});
