/** Writing a run's charts to a folder (used by `run --out` and `tiersim chart`). */
import { join } from 'node:path';
import { writeFileAtomic } from './io.ts';
import { chartsFor, type ChartSpec, type Theme } from '../report/charts.ts';
import { renderSvg, svgToPng } from '../report/render-chart.ts';
import type { RunResult } from '../scenario/result.ts';

/** Renders one chart and writes DIR/NAME.svg, NAME.png and NAME.vl.json; returns the SVG. */
export async function writeChart(dir: string, name: string, spec: ChartSpec): Promise<string> {
  const svg = await renderSvg(spec);
  writeFileAtomic(join(dir, `${name}.vl.json`), JSON.stringify(spec, null, 2) + '\n');
  writeFileAtomic(join(dir, `${name}.svg`), svg);
  writeFileAtomic(join(dir, `${name}.png`), await svgToPng(svg));
  return svg;
}

/** Every chart of a result into DIR; returns each chart's SVG and file. */
export async function writeCharts(result: RunResult, dir: string, theme: Theme): Promise<{ name: string; svg: string; file: string }[]> {
  const files: { name: string; svg: string; file: string }[] = [];
  for (const { name, spec } of chartsFor(result, theme)) files.push({ name, svg: await writeChart(dir, name, spec), file: join(dir, `${name}.svg`) });
  return files;
}
