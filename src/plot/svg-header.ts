/**
 * A title and a legend drawn inside the chart's own SVG, above the chart. Given a title or a legend,
 * Observable Plot wraps the chart in an HTML <figure> (an <h2>, and swatches made of <div>s and <span>s);
 * that is not SVG, so it could not be saved as a `.svg` file nor shown as an `image/svg+xml` output.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const TITLE_HEIGHT = 24;
const BOTTOM_GAP = 6;
const TITLE_FONT_SIZE = 14;
/** Each title line after the first adds this much. */
const TITLE_LINE_HEIGHT = 18;
/**
 * A generous average glyph width of the bold 14px title in common sans-serif fonts (measured
 * about 8.2px in Chromium's default): titles wider than the chart at this estimate wrap.
 */
const TITLE_CHARACTER_WIDTH = 8.6;
const ROW_HEIGHT = 18;
const SWATCH_WIDTH = 18;
const SWATCH_GAP = 5;
const ENTRY_GAP = 16;
/** A rough average glyph width at Plot's 10px system-ui font; only used to space legend entries. */
const CHARACTER_WIDTH = 6;

/** How a legend item shows what it names: a series color, a line style, the dots, or a line through dots. */
export type LegendSymbol = 'square' | 'line' | 'dashed line' | 'dot' | 'line with dots';

/** One legend item: its symbol in `color`, then the label. */
export interface LegendEntry {
  label: string;
  color: string;
  symbol: LegendSymbol;
}

/** What goes above the chart. */
export interface ChartHeader {
  title?: string;
  legend: readonly LegendEntry[];
}

/** Dash pattern of the dashed lines, shared with the marks so the legend matches them. */
export const DASH_ARRAY = '5,3';

interface PlacedEntry {
  entry: LegendEntry;
  x: number;
  y: number;
}

/** The title broken at spaces into lines that fit `width` by the glyph-width estimate (a longer word keeps its own line). */
function titleLines(title: string, width: number): string[] {
  const fits = Math.max(1, Math.floor(width / TITLE_CHARACTER_WIDTH));
  const lines: string[] = [];
  for (const word of title.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= fits) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** Positions of the legend entries, flowing left to right and wrapping at `width`, and the header's total height. */
function layOut(header: ChartHeader, width: number): { height: number; entries: PlacedEntry[] } {
  const top = header.title === undefined ? 0 : TITLE_HEIGHT + (titleLines(header.title, width).length - 1) * TITLE_LINE_HEIGHT;
  let x = 0;
  let row = 0;
  const entries = header.legend.map((entry) => {
    const entryWidth = SWATCH_WIDTH + SWATCH_GAP + entry.label.length * CHARACTER_WIDTH;
    if (x > 0 && x + entryWidth > width) {
      x = 0;
      row++;
    }
    const placed = { entry, x, y: top + row * ROW_HEIGHT + ROW_HEIGHT / 2 };
    x += entryWidth + ENTRY_GAP;
    return placed;
  });
  const height = top + (entries.length > 0 ? (row + 1) * ROW_HEIGHT : 0);
  return { height: height === 0 ? 0 : height + BOTTOM_GAP, entries };
}

/** Pixels the header needs above a chart of this width. */
export function headerHeight(header: ChartHeader, width: number): number {
  return layOut(header, width).height;
}

function svgElement(document: Document, name: string, attributes: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

/** The swatch of a legend item, centered on y = 0 and SWATCH_WIDTH wide. */
function symbolElements(document: Document, { symbol, color }: LegendEntry): SVGElement[] {
  const elements: SVGElement[] = [];
  if (symbol === 'square') elements.push(svgElement(document, 'rect', { x: SWATCH_WIDTH / 2 - 5, y: -5, width: 10, height: 10, fill: color }));
  if (symbol === 'line' || symbol === 'dashed line' || symbol === 'line with dots') {
    const line = svgElement(document, 'line', { x2: SWATCH_WIDTH, stroke: color, 'stroke-width': 1.5 });
    if (symbol === 'dashed line') line.setAttribute('stroke-dasharray', DASH_ARRAY);
    elements.push(line);
  }
  if (symbol === 'dot' || symbol === 'line with dots') elements.push(svgElement(document, 'circle', { cx: SWATCH_WIDTH / 2, r: 3, fill: color }));
  return elements;
}

/**
 * Draws the header above the chart in `svg`, which grows by {@link headerHeight}: Plot's content moves down
 * (its y-axis label sits at the very top of its own SVG), and the header comes first, for screen readers.
 */
export function prependHeader(svg: SVGSVGElement, header: ChartHeader): void {
  const width = Number(svg.getAttribute('width'));
  const { height, entries } = layOut(header, width);
  if (height === 0) return;
  const document = svg.ownerDocument;
  const chart = svgElement(document, 'g', { transform: `translate(0,${height})` });
  // Plot's <style> stays a direct child: its selectors start at the <svg>.
  for (const child of [...svg.childNodes]) if (child.nodeName !== 'style') chart.append(child);
  const group = svgElement(document, 'g', { 'aria-label': 'header', 'text-anchor': 'start' });
  if (header.title !== undefined) {
    const title = svgElement(document, 'text', { y: TITLE_FONT_SIZE + 2, 'font-size': TITLE_FONT_SIZE, 'font-weight': 'bold' });
    const lines = titleLines(header.title, width);
    if (lines.length === 1) title.textContent = header.title;
    else {
      for (const [index, line] of lines.entries()) {
        const span = svgElement(document, 'tspan', { x: 0, ...(index > 0 ? { dy: TITLE_LINE_HEIGHT } : {}) });
        span.textContent = line;
        title.append(span);
      }
    }
    group.append(title);
  }
  if (entries.length > 0) {
    const legend = svgElement(document, 'g', { 'aria-label': 'legend' });
    for (const { entry, x, y } of entries) {
      const label = svgElement(document, 'text', { x: SWATCH_WIDTH + SWATCH_GAP, dy: '0.32em' });
      label.textContent = entry.label;
      const item = svgElement(document, 'g', { transform: `translate(${x},${y})` });
      item.append(...symbolElements(document, entry), label);
      legend.append(item);
    }
    group.append(legend);
  }
  svg.append(group, chart);
  const totalHeight = Number(svg.getAttribute('height')) + height;
  svg.setAttribute('height', String(totalHeight));
  svg.setAttribute('viewBox', `0 0 ${width} ${totalHeight}`);
}
