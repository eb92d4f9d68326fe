/** `tiersim chart RESULT.json|SCENARIO --out DIR`: the charts of a run as SVG and PNG, with their vega-lite specs. */
import { join } from 'node:path';
import { writeFileAtomic, type Streams } from '../io.ts';
import { loadResultOrScenario } from '../result-input.ts';
import { chartsFor, type Theme } from '../../report/charts.ts';
import { renderSvg, svgToPng } from '../../report/render-chart.ts';
import type { RunResult } from '../../scenario/result.ts';
import { ExitCode } from '../errors.ts';

/** Writes DIR/NAME.svg, NAME.png and NAME.vl.json for every chart; returns each chart's SVG and file. */
export async function writeCharts(result: RunResult, dir: string, theme: Theme): Promise<{ name: string; svg: string; file: string }[]> {
  const files: { name: string; svg: string; file: string }[] = [];
  for (const { name, spec } of chartsFor(result, theme)) {
    const svg = await renderSvg(spec);
    writeFileAtomic(join(dir, `${name}.vl.json`), JSON.stringify(spec, null, 2) + '\n');
    writeFileAtomic(join(dir, `${name}.svg`), svg);
    writeFileAtomic(join(dir, `${name}.png`), await svgToPng(svg));
    files.push({ name, svg, file: join(dir, `${name}.svg`) });
  }
  return files;
}

export async function chartCommand(input: string, out: string, theme: Theme, io: Streams): Promise<number> {
  const { result } = loadResultOrScenario(input);
  const files = await writeCharts(result, out, theme);
  io.stdout(files.length === 0 ? 'This result has nothing to chart.\n' : `Wrote ${files.map((f) => f.file).join(', ')} (with .png renderings and the .vl.json specs beside them).\n`);
  return ExitCode.OK;
}
