/**
 * SVG to pixels with resvg, drawing text in Noto Sans from npm (never a system font), so a
 * figure with labels renders the same bytes on every machine.
 */
import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';

/** The one font of PNG figures: Noto Sans Regular, from the `@expo-google-fonts/noto-sans` package. */
export const FIGURE_FONT = Object.freeze({
  family: 'Noto Sans',
  file: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
});

/** An RGBA raster, row by row. */
export interface Rgba {
  width: number;
  height: number;
  /** `width · height · 4` bytes. */
  pixels: Uint8Array;
}

/** Renders `svg` at its own size (its width and height attributes), text in {@link FIGURE_FONT}, on `background` if given (a CSS colour). */
export function rasterizeSvg(svg: string, background?: string): Rgba {
  const rendered = new Resvg(svg, {
    font: { fontFiles: [FIGURE_FONT.file], loadSystemFonts: false, defaultFontFamily: FIGURE_FONT.family },
    ...(background === undefined ? {} : { background }),
  }).render();
  return { width: rendered.width, height: rendered.height, pixels: new Uint8Array(rendered.pixels) };
}

/**
 * `svg` as a PNG on white, text in {@link FIGURE_FONT}, with `besides` (opaque PNGs) to its right,
 * each vertically centred, 16 px apart: a chart and the images that go with it as one figure.
 */
export function svgToPng(svg: string, besides: readonly Buffer[] = []): Buffer {
  // Observable Plot's axis-label arrows (↑ →) are not in the figure font: drop them rather than draw boxes.
  const chart = rasterizeSvg(svg.replace(/[↑→↓←]\s?|\s?[↑→↓←]/g, ''), 'white'); // opaque: no alpha to blend below
  const images = besides.map((buffer) => PNG.sync.read(buffer));
  const gap = 16;
  const width = chart.width + images.reduce((sum, image) => sum + gap + image.width, 0) + (images.length > 0 ? gap : 0);
  const height = Math.max(chart.height, ...images.map((image) => image.height));
  const out = new PNG({ width, height });
  out.data.fill(255);
  const blit = (pixels: Uint8Array, w: number, h: number, left: number, top: number): void => {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const from = (y * w + x) * 4;
        const to = ((top + y) * width + left + x) * 4;
        for (let c = 0; c < 3; c++) out.data[to + c] = pixels[from + c]!;
        out.data[to + 3] = 255;
      }
    }
  };
  blit(chart.pixels, chart.width, chart.height, 0, Math.floor((height - chart.height) / 2));
  let left = chart.width + gap;
  for (const image of images) {
    blit(image.data, image.width, image.height, left, Math.floor((height - image.height) / 2));
    left += image.width + gap;
  }
  return PNG.sync.write(out);
}
