import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { exportedHref, externalResources, hasMath, headingId, indexMarkdown, markdownPageHtml, notebookHtml } from '../../tools/export-html.js';
import type { Notebook } from '../../tools/run-notebook.js';

const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function notebook(markdown = '# Title\n\nSome *prose* and a `code` span.'): Notebook {
  return {
    metadata: {},
    cells: [
      { cell_type: 'markdown', source: [markdown] },
      {
        cell_type: 'code', source: ["const a = 'x' < 'y';"], execution_count: 3, outputs: [
          { output_type: 'stream', name: 'stdout', text: ['\u001b[33m1 < 2\u001b[39m\n'] },
          { output_type: 'display_data', data: { 'text/html': ['<div id="chart"></div><script>window.drawn = true;</script>'], 'text/plain': ['chart'] }, metadata: {} },
          { output_type: 'display_data', data: { 'image/png': png }, metadata: {} },
          { output_type: 'display_data', data: { 'text/markdown': ['| a | b |\n| --- | --- |\n| 1 | 2 |'] }, metadata: {} },
        ],
      },
    ],
  };
}

describe('notebook → HTML in Node', () => {
  it('renders Markdown, highlighted code with its prompt, and every output inline', () => {
    const html = notebookHtml(notebook(), 'demo');
    assert.match(html, /<title>demo<\/title>/);
    assert.match(html, /<h1 id="title">Title<\/h1>\s*<p>Some <em>prose<\/em> and a <code>code<\/code> span\.<\/p>/);
    assert.match(html, /In \[3\]:/);
    assert.match(html, /<span class="hljs-keyword">const<\/span> a = <span class="hljs-string">&#x27;x&#x27;<\/span> &lt; <span class="hljs-string">&#x27;y&#x27;<\/span>;/);
    assert.match(html, /<pre class="output-stream stdout">1 &lt; 2\n<\/pre>/, 'ANSI colours dropped, text escaped');
    assert.match(html, /<div class="output-html"><div id="chart"><\/div><script>window.drawn = true;<\/script><\/div>/, 'HTML outputs (and their scripts) as they are');
    assert.ok(!html.includes('>chart<'), 'the richest representation only');
    assert.match(html, new RegExp(`<img src="data:image/png;base64,${png.replace(/[+/]/g, (c) => `\\${c}`)}"`));
    assert.match(html, /<table>\s*<thead>\s*<tr>\s*<th>a<\/th>/);
    assert.deepEqual(externalResources(html), [], 'nothing loaded from elsewhere');
  });

  it('adds MathJax (async) only for a notebook with math', () => {
    assert.equal(hasMath(notebook()), false);
    assert.ok(!notebookHtml(notebook(), 'x').includes('MathJax'));
    const withMath = notebook('The loss $\\frac{1}{n}\\sum x^2$.');
    assert.equal(hasMath(withMath), true);
    assert.match(notebookHtml(withMath, 'x'), /<script async src="https:\/\/cdnjs\.cloudflare\.com\/ajax\/libs\/mathjax\/2\.7\.7\/MathJax\.js\?/);
  });

  it('externalResources: flags what an exported page would fetch, but data: URLs and async MathJax', () => {
    const html = [
      '<script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js"></script>',
      '<script async src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config=TeX-AMS_CHTML-full,Safe"></script>',
      "<script src='file:///usr/share/javascript/requirejs/require.min.js'></script>",
      '<img alt="grid" src="data:image/png;base64,iVBOR">',
      '<link rel="stylesheet" href="https://fonts.example/x.css">',
      '<script>var s = "<img src=x>";</script>',
      '<a href="https://example.com/">links are fine</a>',
    ].join('\n');
    assert.deepEqual(externalResources(html), [
      'https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js',
      'file:///usr/share/javascript/requirejs/require.min.js',
      'https://fonts.example/x.css',
    ]);
  });
});

describe('links and anchors in exported pages', () => {
  it('headings get the anchors GitHub and Jupyter give lowercase headings', () => {
    assert.equal(headingId('latent code'), 'latent-code');
    assert.equal(headingId('AUROC (area under the ROC curve)'), 'auroc-area-under-the-roc-curve');
  });

  it('links to the glossary and to other notebooks point at their exported pages', () => {
    assert.equal(exportedHref('glossary.md#latent-code'), 'glossary.html#latent-code');
    assert.equal(exportedHref('02-latent-dimension.ipynb'), '02-latent-dimension.html');
    assert.equal(exportedHref('https://example.org/readme.md'), 'https://example.org/readme.md');
    assert.equal(exportedHref('#local'), '#local');
    const html = markdownPageHtml('### latent code\n\nSee [PCA](glossary.md#pca).', 'Glossary');
    assert.match(html, /<h3 id="latent-code">latent code<\/h3>/);
    assert.match(html, /<a href="glossary\.html#pca">PCA<\/a>/);
  });
});

describe('the static site\'s index', () => {
  /** A project folder with a README, two notebooks (the second holding a trainer under "## Try it") and a glossary. */
  function project(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ae-index-'));
    fs.mkdirSync(path.join(root, 'notebooks'));
    fs.writeFileSync(path.join(root, 'README.md'), '# The project\n\nText.\n');
    const write = (file: string, cells: object[]) => fs.writeFileSync(path.join(root, 'notebooks', file), JSON.stringify({ metadata: {}, cells }));
    write('02-second.ipynb', [
      { cell_type: 'markdown', source: ['# 2 · Second\n\nIt trains. More text.\n\n## Try it\n'] },
      { cell_type: 'code', source: [''], outputs: [{ output_type: 'display_data', data: { 'text/html': ['<div class="ae-trainer" id="t">…</div>'] }, metadata: {} }] },
    ]);
    write('01-first.ipynb', [{ cell_type: 'markdown', source: ['# 1 · First\n\nIt starts here, e.g. with data.\nAnd goes on.'] }]);
    fs.writeFileSync(path.join(root, 'notebooks', 'glossary.md'), '# Glossary\n');
    return root;
  }

  it('lists the notebooks in order with their first sentence, the trainer at its heading, and the glossary', () => {
    const root = project();
    try {
      const text = indexMarkdown(root);
      assert.match(text, /^# The project\n/);
      assert.match(text, /\[The trainer\]\(02-second\.ipynb#try-it\)/);
      assert.match(text, /1\. \[1 · First\]\(01-first\.ipynb\): It starts here, e\.g\. with data\.\n2\. \[2 · Second\]\(02-second\.ipynb\): It trains\.\n/);
      assert.match(text, /\[Glossary\]\(glossary\.md\)/);
      const html = markdownPageHtml(text, 'Index');
      assert.match(html, /href="02-second\.html#try-it"/);
      assert.match(html, /href="glossary\.html"/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
