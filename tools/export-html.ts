/**
 * A notebook as one standalone HTML page, rendered in Node: Markdown by markdown-it, code
 * highlighted by highlight.js, every output inlined (HTML and its scripts, SVG, PNG as data URLs,
 * text). Nothing is loaded from elsewhere, except MathJax (async, only for a notebook with math),
 * so the page works opened from disk with no network.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import hljs from 'highlight.js/lib/core';
import typescript from 'highlight.js/lib/languages/typescript';
import MarkdownIt from 'markdown-it';
import { writeFileAtomic } from '../src/util/files';
import { count } from './cli';
import type { JsonObject } from './kernel';
import type { Notebook } from './run-notebook';

hljs.registerLanguage('typescript', typescript);

// html: true — the notebooks' Markdown may hold HTML, as Jupyter's renderer allows.
const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });

/** A heading's anchor as GitHub and Jupyter make it from lowercase text: `latent code` → `latent-code`. */
export function headingId(text: string): string {
  return text.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s+/g, '-');
}

/** A relative link to a sibling `.md` or `.ipynb` (the glossary, another notebook): the page exported from it. */
export function exportedHref(href: string): string {
  return /^[\w.-]+\.(?:md|ipynb)(?:#|$)/.test(href) ? href.replace(/\.(?:md|ipynb)(?=#|$)/, '.html') : href;
}

// Headings get ids (the glossary's terms are linked to by them); links to notebooks/*.md and *.ipynb point at their pages.
markdown.core.ruler.push('export_links_and_anchors', (state) => {
  state.tokens.forEach((token, index) => {
    if (token.type === 'heading_open') token.attrSet('id', headingId(state.tokens[index + 1]?.content ?? ''));
    for (const child of token.children ?? []) if (child.type === 'link_open') child.attrSet('href', exportedHref(child.attrGet('href') ?? ''));
  });
});

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** ANSI colour codes removed (tslab colours errors and printed values). */
function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function joined(value: unknown): string {
  return Array.isArray(value) ? value.join('') : typeof value === 'string' ? value : '';
}

/** Whether a notebook has math for MathJax: `$`, `\(` or `\[` in Markdown, or a text/latex output. */
export function hasMath(notebook: Notebook): boolean {
  return notebook.cells.some((cell) => (cell['cell_type'] === 'markdown' && /\$|\\\(|\\\[/.test(joined(cell['source'])))
    || (Array.isArray(cell['outputs']) && (cell['outputs'] as JsonObject[]).some((output) => 'text/latex' in ((output['data'] ?? {}) as JsonObject))));
}

/** The richest representation of a mimebundle this page can show, as HTML (Jupyter's order of preference). */
function renderMimebundle(data: JsonObject): string {
  if ('text/html' in data) return `<div class="output-html">${joined(data['text/html'])}</div>`;
  if ('image/svg+xml' in data) return `<div class="output-svg">${joined(data['image/svg+xml'])}</div>`;
  if ('image/png' in data) return `<div class="output-image"><img src="data:image/png;base64,${joined(data['image/png']).replace(/\s/g, '')}" alt=""></div>`;
  if ('text/markdown' in data) return `<div class="output-markdown">${markdown.render(joined(data['text/markdown']))}</div>`;
  if ('text/latex' in data) return `<div class="output-latex">${escapeHtml(joined(data['text/latex']))}</div>`;
  if ('text/plain' in data) return `<pre class="output-text">${escapeHtml(stripAnsi(joined(data['text/plain'])))}</pre>`;
  return '';
}

function renderOutput(output: JsonObject): string {
  switch (output['output_type']) {
    case 'stream':
      return `<pre class="output-stream ${output['name'] === 'stderr' ? 'stderr' : 'stdout'}">${escapeHtml(stripAnsi(joined(output['text'])))}</pre>`;
    case 'display_data':
    case 'execute_result':
      return renderMimebundle((output['data'] ?? {}) as JsonObject);
    case 'error':
      return `<pre class="output-error">${escapeHtml(stripAnsi((output['traceback'] as string[] | undefined)?.join('\n') || `${output['ename']}: ${output['evalue']}`))}</pre>`;
    default:
      return '';
  }
}

function renderCell(cell: JsonObject): string {
  const source = joined(cell['source']);
  if (cell['cell_type'] === 'markdown') return `<div class="cell markdown">${markdown.render(source)}</div>`;
  if (cell['cell_type'] !== 'code') return `<div class="cell raw"><pre>${escapeHtml(source)}</pre></div>`;
  const count = cell['execution_count'];
  const prompt = `In [${typeof count === 'number' ? count : ' '}]:`;
  const code = hljs.highlight(source, { language: 'typescript' }).value;
  const outputs = ((cell['outputs'] ?? []) as JsonObject[]).map(renderOutput).join('\n');
  return `<div class="cell code"><div class="input"><div class="prompt">${prompt}</div><pre class="source hljs"><code>${code}</code></pre></div>` +
    `${outputs ? `<div class="outputs">${outputs}</div>` : ''}</div>`;
}

/** Jupyter-lab-like layout and highlight.js's GitHub colours, inlined. */
const STYLE = `
body { margin: 0; background: #fff; color: #1f1f1f; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 24px 64px 24px; }
.cell { margin: 12px 0 12px 88px; }
.cell.markdown h1, .cell.markdown h2, .cell.markdown h3 { margin: 24px 0 8px; line-height: 1.25; }
.cell.markdown table, .output-markdown table, .output-html table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
.cell.markdown th, .cell.markdown td, .output-markdown th, .output-markdown td, .output-html th, .output-html td { padding: 3px 10px; text-align: left; }
.output-markdown tr:nth-child(even), .output-html tr:nth-child(even) { background: #f5f5f5; }
.output-markdown thead, .output-html thead { border-bottom: 1px solid #999; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
:not(pre) > code { background: #f2f2f2; padding: 1px 4px; border-radius: 3px; }
.input { display: flex; margin-left: -88px; }
.prompt { width: 80px; flex: none; padding: 8px 8px 0 0; text-align: right; color: #307fc1; font: 13px ui-monospace, Menlo, Consolas, monospace; }
pre { margin: 0; white-space: pre-wrap; word-break: break-word; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre.source { flex: 1; min-width: 0; background: #f7f7f7; border: 1px solid #e0e0e0; border-radius: 2px; padding: 6px 8px; }
.outputs { padding: 6px 0 0 0; overflow-x: auto; }
.outputs > * { margin: 4px 0; }
pre.stderr { background: #fdd; padding: 4px 8px; }
pre.output-error { background: #fdd; padding: 4px 8px; }
.output-image img { max-width: 100%; }
nav.edition { text-align: right; font-size: 13px; margin: 0 0 -8px 0; }
html[lang="ko"] body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK KR", "NanumGothic", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif; word-break: keep-all; }
.hljs-keyword, .hljs-built_in { color: #d73a49; } .hljs-string, .hljs-regexp { color: #032f62; }
.hljs-number, .hljs-literal { color: #005cc5; } .hljs-comment { color: #6a737d; font-style: italic; }
.hljs-title, .hljs-title.function_ { color: #6f42c1; } .hljs-type, .hljs-attr, .hljs-variable { color: #e36209; }
`;

/** MathJax 2.7 with Jupyter lab's settings, loaded async: a page without network stays complete. */
const MATHJAX = `<script>window.MathJax = { TeX: { equationNumbers: { autoNumber: "AMS", useLabelIds: true } }, tex2jax: { inlineMath: [['$','$'], ["\\\\(","\\\\)"]], displayMath: [['$$','$$'], ["\\\\[","\\\\]"]], processEscapes: true, processEnvironments: true }, displayAlign: 'center', CommonHTML: { linebreaks: { automatic: true } } };</script>
<script async src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config=TeX-AMS_CHTML-full,Safe"></script>`;

/** The languages pages are exported in: English, and the Korean edition (notebooks/ko/). */
export type Language = 'en' | 'ko';

/** A page's language and the relative link to the same page in the other language, if there is one. */
export interface Edition {
  language: Language;
  twin?: string;
}

/** The header link to a page's twin, named in the twin's own language. */
const TWIN_LINK: Record<Language, string> = { en: 'English', ko: '한국어' };

function editionNav(edition: Edition): string {
  if (edition.twin === undefined) return '';
  const other: Language = edition.language === 'en' ? 'ko' : 'en';
  return `<nav class="edition"><a href="${escapeHtml(edition.twin)}" hreflang="${other}" lang="${other}">${TWIN_LINK[other]}</a></nav>\n`;
}

/** The whole page for `notebook`, titled `title`. */
export function notebookHtml(notebook: Notebook, title: string, edition: Edition = { language: 'en' }): string {
  return page(title, notebook.cells.map(renderCell).join('\n'), hasMath(notebook), edition);
}

/** A Markdown file (the glossary) as a page of the same look. */
export function markdownPageHtml(text: string, title: string, edition: Edition = { language: 'en' }): string {
  return page(title, `<div class="cell markdown">${markdown.render(text)}</div>`, false, edition);
}

function page(title: string, body: string, math: boolean, edition: Edition): string {
  return `<!DOCTYPE html>
<html lang="${edition.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
${math ? MATHJAX : ''}
</head>
<body>
<main>
${editionNav(edition)}${body}
</main>
</body>
</html>
`;
}

/** Scripts exported pages may load: MathJax only (async, only for notebooks with math). */
export const ALLOWED_EXTERNAL_SCRIPTS = [/^https:\/\/cdnjs\.cloudflare\.com\/ajax\/libs\/mathjax\/2\.7\.7\/MathJax\.js\?/];


/** Where `npm run export` writes, and `check-html` reads. */
export function htmlDir(root: string): string {
  return path.join(root, 'figures', 'html');
}

/**
 * What an exported page would fetch from elsewhere: `<script src>`, `<link href>`, `<img src>`,
 * `<iframe src>` with a URL that is not `data:` or an in-page `#`, except {@link ALLOWED_EXTERNAL_SCRIPTS}.
 */
export function externalResources(html: string): string[] {
  const found: string[] = [];
  const tag = /<(script|link|img|iframe)\b[^>]*?\s(src|href)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
  for (let match = tag.exec(html); match !== null; match = tag.exec(html)) {
    const url = (match[3] ?? match[4] ?? '').trim();
    if (url === '' || url.startsWith('data:') || url.startsWith('#')) continue;
    if (match[1]!.toLowerCase() === 'script' && ALLOWED_EXTERNAL_SCRIPTS.some((allowed) => allowed.test(url))) continue;
    found.push(url);
  }
  return found;
}

/** The notebooks' glossary, linked from their Markdown; exported beside them. */
export const GLOSSARY = 'glossary.md';

/** The English glossary's file. */
export function glossaryFile(root: string): string {
  return path.join(root, 'notebooks', GLOSSARY);
}

/** The Korean edition's notebooks and glossary (written by tools/translate.ts). */
export function koreanNotebookDir(root: string): string {
  return path.join(root, 'notebooks', 'ko');
}

/** Where the Korean pages go: `figures/html/ko/`. */
export function koreanHtmlDir(root: string): string {
  return path.join(htmlDir(root), 'ko');
}

function readNotebook(root: string, file: string): Notebook {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
  } catch (error) {
    throw new Error(`${path.relative(root, file)} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Writes one page, refusing one that would load something from elsewhere. */
function writePage(root: string, out: string, html: string): void {
  const external = externalResources(html);
  if (external.length > 0) throw new Error(`${path.relative(root, out)} would load ${external[0]} from outside the page: it must work from disk, offline`);
  writeFileAtomic(out, html);
}

/** What {@link exportNotebooks} exports besides the English pages. */
export interface ExportOptions {
  /** Also the Korean pages, for the notebooks with a Korean twin in notebooks/ko/ (default true). */
  korean?: boolean;
}

/**
 * Writes `figures/html/<name>.html` for each notebook file, as it is (no execution), the glossary's
 * page when there is one and the index; with the Korean edition, the same in `figures/html/ko/` for
 * each of these notebooks whose Korean twin exists. Every page's header links to its twin. Says so.
 *
 * @throws Error (one line) for a notebook that is not JSON, or a page that would load something from elsewhere.
 */
export function exportNotebooks(root: string, notebooks: readonly string[], options: ExportOptions = {}): void {
  const outDir = htmlDir(root);
  const koDir = koreanHtmlDir(root);
  const koNotebooks = koreanNotebookDir(root);
  const korean = options.korean !== false && fs.existsSync(koNotebooks);
  const hasKorean = (name: string): boolean => korean && fs.existsSync(path.join(koNotebooks, name));
  fs.mkdirSync(outDir, { recursive: true });
  if (korean) fs.mkdirSync(koDir, { recursive: true });
  const started = performance.now();
  let pages = 0;
  for (const file of notebooks) {
    const name = path.basename(file, '.ipynb');
    const twin = hasKorean(`${name}.ipynb`);
    const out = path.join(outDir, `${name}.html`);
    const html = notebookHtml(readNotebook(root, file), name, { language: 'en', ...(twin ? { twin: `ko/${name}.html` } : {}) });
    writePage(root, out, html);
    console.log(`exported ${path.relative(root, out)} (${Math.round(Buffer.byteLength(html) / 1024)} kB)`);
    pages++;
    if (twin) {
      const koOut = path.join(koDir, `${name}.html`);
      writePage(root, koOut, notebookHtml(readNotebook(root, path.join(koNotebooks, `${name}.ipynb`)), name, { language: 'ko', twin: `../${name}.html` }));
      console.log(`exported ${path.relative(root, koOut)}`);
      pages++;
    }
  }
  const glossary = glossaryFile(root);
  const koGlossary = hasKorean(GLOSSARY);
  if (fs.existsSync(glossary)) writePage(root, path.join(outDir, 'glossary.html'), markdownPageHtml(fs.readFileSync(glossary, 'utf8'), 'Glossary', { language: 'en', ...(koGlossary ? { twin: 'ko/glossary.html' } : {}) }));
  if (koGlossary) writePage(root, path.join(koDir, 'glossary.html'), markdownPageHtml(fs.readFileSync(path.join(koNotebooks, GLOSSARY), 'utf8'), '용어집', { language: 'ko', twin: '../glossary.html' }));
  writePage(root, path.join(outDir, 'index.html'), markdownPageHtml(indexMarkdown(root), 'Index', { language: 'en', ...(korean ? { twin: 'ko/index.html' } : {}) }));
  if (korean) writePage(root, path.join(koDir, 'index.html'), markdownPageHtml(indexMarkdown(root, 'ko'), '목차', { language: 'ko', twin: '../index.html' }));
  console.log(`exported ${count(pages, 'notebook page')} to HTML in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Where a notebook's first output of `pattern` sits: under which heading (its anchor), if any output matches. */
function headingOfOutput(notebook: Notebook, pattern: RegExp): string | undefined {
  let heading = '';
  for (const cell of notebook.cells) {
    if (cell['cell_type'] === 'markdown') {
      const headings = [...joined(cell['source']).matchAll(/^#{1,6}\s+(.+)$/gm)];
      if (headings.length > 0) heading = headingId(headings.at(-1)![1]!);
    }
    const outputs = (cell['outputs'] ?? []) as JsonObject[];
    if (outputs.some((output) => pattern.test(joined(((output['data'] ?? {}) as JsonObject)['text/html'])))) return heading;
  }
  return undefined;
}

/** A notebook's title (its first heading) and the first sentence of its first paragraph (one that ends before a capital, not at `e.g.`), for the index. */
function notebookSummary(notebook: Notebook): { title: string; summary: string } {
  const text = notebook.cells.filter((cell) => cell['cell_type'] === 'markdown').map((cell) => joined(cell['source'])).join('\n\n');
  const title = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? '';
  const paragraphs = text.replace(/^#.*$/gm, '').split(/\n\s*\n/).map((paragraph) => paragraph.trim()).filter((paragraph) => paragraph !== '');
  const first = (paragraphs[0] ?? '').replace(/\s*\n\s*/g, ' ');
  return { title, summary: /^.*?[.!?](?=\s+[^a-z\s]|\s*$)/.exec(first)?.[0] ?? first };
}

/** The words of the static site's front page, per language. */
const INDEX_WORDS = {
  en: {
    intro: 'The tutorial\'s notebooks as pages, with every output, that work opened from disk with no network.',
    trainerHeading: 'Train in your browser',
    trainer: (link: string) => `[The trainer](${link}): pick a latent dimension, epochs and a seed, and train an autoencoder in this browser, with nothing to install.`,
    notebooks: 'The notebooks',
    reference: 'Reference',
    glossary: `- [Glossary](${GLOSSARY}): the terms the notebooks use.`,
  },
  ko: {
    intro: '튜토리얼의 노트북을 모든 출력과 함께 담은 페이지입니다. 디스크에서 바로 열리며 네트워크가 필요 없습니다. 그림 속 레이블과 코드가 출력하는 글은 영어로 남아 있습니다.',
    trainerHeading: '브라우저에서 학습하기',
    trainer: (link: string) => `[트레이너](${link}): 잠재 차원, 에포크 수, 시드를 골라 이 브라우저에서 오토인코더를 학습합니다. 설치할 것은 없습니다.`,
    notebooks: '노트북',
    reference: '참고',
    glossary: `- [용어집](${GLOSSARY}): 노트북에서 쓰는 용어.`,
  },
} as const;

/**
 * The static site's front page (`figures/html/index.html`, or the Korean one in `ko/`), as Markdown:
 * the project's title (README's first heading), the browser trainer (the notebook page that holds
 * one, at its heading), every notebook in order with its first paragraph, and the glossary. Links
 * name the notebooks' `.ipynb` files, which the exporter points at their pages, so `figures/html/`
 * can be served as it is.
 */
export function indexMarkdown(root: string, language: Language = 'en'): string {
  const words = INDEX_WORDS[language];
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const title = /^#\s+(.+)$/m.exec(readme)?.[1]?.trim() ?? 'Notebooks';
  const dir = language === 'ko' ? koreanNotebookDir(root) : path.join(root, 'notebooks');
  const files = fs.readdirSync(dir).filter((name) => name.endsWith('.ipynb')).sort();
  const lines = [`# ${title}${language === 'ko' ? ' (한국어판)' : ''}`, '', words.intro, ''];
  const notebooks = files.map((file) => ({ file, notebook: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Notebook }));
  const trainer = notebooks.map(({ file, notebook }) => ({ file, heading: headingOfOutput(notebook, /<div class="ae-trainer" id=/) })).find((found) => found.heading !== undefined);
  if (trainer) {
    lines.push(`## ${words.trainerHeading}`, '', words.trainer(`${trainer.file}${trainer.heading ? `#${encodeURIComponent(trainer.heading)}` : ''}`), '');
  }
  lines.push(`## ${words.notebooks}`, '');
  notebooks.forEach(({ file, notebook }, k) => {
    const { title: heading, summary } = notebookSummary(notebook);
    lines.push(`${k + 1}. [${heading || file}](${file})${summary ? `: ${summary}` : ''}`);
  });
  if (fs.existsSync(path.join(dir, GLOSSARY))) lines.push('', `## ${words.reference}`, '', words.glossary);
  return `${lines.join('\n')}\n`;
}
