/** `tiersim chart RESULT.json|SCENARIO --out DIR`: the charts of a run as SVG and PNG, with their vega-lite specs. */
import type { Streams } from '../io.ts';
import { loadResultOrScenario } from '../result-input.ts';
import { writeCharts } from '../charts-out.ts';
import type { Theme } from '../../report/charts.ts';
import { ExitCode } from '../errors.ts';

export async function chartCommand(input: string, out: string, theme: Theme, io: Streams): Promise<number> {
  const { result } = loadResultOrScenario(input);
  const files = await writeCharts(result, out, theme);
  io.stdout(files.length === 0 ? 'This result has nothing to chart.\n' : `Wrote ${files.map((f) => f.file).join(', ')} (with .png renderings and the .vl.json specs beside them).\n`);
  return ExitCode.OK;
}
