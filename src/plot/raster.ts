/**
 * SVG to pixels with resvg, drawing text in Noto Sans from npm (never a system font), so a
 * figure with labels renders the same bytes on every machine.
 */
import { Resvg } from '@resvg/resvg-js';

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

/** Renders `svg` at its own size (its width and height attributes), text in {@link FIGURE_FONT}. */
export function rasterizeSvg(svg: string): Rgba {
  const rendered = new Resvg(svg, {
    font: { fontFiles: [FIGURE_FONT.file], loadSystemFonts: false, defaultFontFamily: FIGURE_FONT.family },
  }).render();
  return { width: rendered.width, height: rendered.height, pixels: new Uint8Array(rendered.pixels) };
}
