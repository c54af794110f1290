import { JSDOM, type DOMWindow } from 'jsdom';

let window: DOMWindow | undefined;

/** One jsdom window for every chart: Plot only creates detached elements in it, so it never fills up. */
function chartWindow(): DOMWindow {
  return (window ??= new JSDOM('').window);
}

/** The document Observable Plot creates its elements in, passed through Plot's `document` option (never a global). */
export function chartDocument(): Document {
  return chartWindow().document;
}

/**
 * The SVG as XML with its `xmlns`, so the same string is a valid `.svg` file, an `image/svg+xml` output and
 * inline HTML (the HTML parser accepts XML's self-closed tags inside `<svg>`).
 */
export function serializeSvg(svg: SVGSVGElement): string {
  return new (chartWindow().XMLSerializer)().serializeToString(svg);
}
