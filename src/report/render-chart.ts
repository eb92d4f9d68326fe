/**
 * Headless rendering of a vega-lite spec to SVG and PNG. vega, vega-lite and resvg are imported on
 * first use only (they cost ~0.3 s to load), so runs that draw nothing do not pay for them.
 * PNG text uses the DejaVu Sans files of the `dejavu-fonts-ttf` package, never system fonts, so a
 * PNG is the same on every machine (resvg with no font draws no text at all, silently).
 */
import { createRequire } from 'node:module';
import type { ChartSpec } from './charts.ts';
import { importExternal } from '../external-import.ts';
import { loadFontMetrics, vegaTextWidth } from './text-width.ts';

let measuring = false;

export async function renderSvg(spec: ChartSpec): Promise<string> {
  // One after the other: jest's ESM loader fails on the shared vega-util when both load at once.
  const vl = await importExternal<typeof import('vega-lite')>('vega-lite');
  const vega = await importExternal<typeof import('vega')>('vega');
  if (!measuring) {
    // Lay the text out with the widths of the font the PNG draws it in (vega alone guesses 0.8 em a character).
    const [regular, bold] = fontFiles().map(loadFontMetrics) as [ReturnType<typeof loadFontMetrics>, ReturnType<typeof loadFontMetrics>];
    (vega as unknown as { textMetrics: { width: unknown } }).textMetrics.width = vegaTextWidth(regular, bold);
    measuring = true;
  }
  const compiled = vl.compile(spec as unknown as import('vega-lite').TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function fontFiles(): string[] {
  const require = createRequire(import.meta.url);
  const dir = require.resolve('dejavu-fonts-ttf/package.json').replace(/package\.json$/, 'ttf/');
  return [`${dir}DejaVuSans.ttf`, `${dir}DejaVuSans-Bold.ttf`];
}

/** PNG at `zoom`× the SVG's size (2: crisp on slides and in print). */
export async function svgToPng(svg: string, zoom = 2): Promise<Uint8Array> {
  const { Resvg } = await importExternal<typeof import('@resvg/resvg-js')>('@resvg/resvg-js');
  const r = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: zoom },
    font: { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return r.render().asPng();
}
