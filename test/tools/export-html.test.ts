import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { exportNotebooks, exportedHref, externalResources, hasMath, headingId, indexMarkdown, markdownPageHtml, notebookHtml } from '../../tools/export-html.js';
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

  it('exports the Korean edition beside the English one, each page linking to its twin, in its language', () => {
    const root = project();
    try {
      const ko = path.join(root, 'notebooks', 'ko');
      fs.mkdirSync(ko);
      fs.writeFileSync(path.join(ko, '01-first.ipynb'), JSON.stringify({ metadata: {}, cells: [{ cell_type: 'markdown', source: ['# 1 · 첫째\n\n여기서 시작합니다. 더 있습니다.'] }] }));
      fs.writeFileSync(path.join(ko, 'glossary.md'), '# 용어집\n');
      const logged: string[] = [];
      const log = console.log;
      console.log = (line: string) => logged.push(line);
      try {
        exportNotebooks(root, ['01-first', '02-second'].map((name) => path.join(root, 'notebooks', `${name}.ipynb`)));
      } finally {
        console.log = log;
      }
      const page = (file: string) => fs.readFileSync(path.join(root, 'figures', 'html', file), 'utf8');
      assert.deepEqual(fs.readdirSync(path.join(root, 'figures', 'html', 'ko')).sort(), ['01-first.html', 'glossary.html', 'index.html'], 'no Korean page for a notebook without a Korean twin');
      assert.match(page('01-first.html'), /<html lang="en">[\s\S]*<nav class="edition"><a href="ko\/01-first\.html" hreflang="ko" lang="ko">한국어<\/a><\/nav>/);
      assert.doesNotMatch(page('02-second.html'), /<nav class="edition">/);
      assert.match(page('ko/01-first.html'), /<html lang="ko">[\s\S]*<nav class="edition"><a href="\.\.\/01-first\.html" hreflang="en" lang="en">English<\/a><\/nav>[\s\S]*여기서 시작합니다/);
      assert.match(page('glossary.html'), /href="ko\/glossary\.html"/);
      assert.match(page('ko/glossary.html'), /href="\.\.\/glossary\.html"[\s\S]*<h1 id="용어집">용어집<\/h1>/);
      assert.match(page('index.html'), /href="ko\/index\.html"/);
      assert.match(page('ko/index.html'), /<h1 id="[^"]*">The project \(한국어판\)<\/h1>[\s\S]*<a href="01-first\.html">1 · 첫째<\/a>: 여기서 시작합니다\.[\s\S]*<a href="glossary\.html">용어집<\/a>/);
      assert.equal(logged.at(-1)?.startsWith('exported 3 notebook pages to HTML'), true, logged.join('\n'));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

