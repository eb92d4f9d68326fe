/**
 * `tiersim chart INPUT --out DIR`: charts as SVG and PNG, with their vega-lite specs. INPUT is a run
 * (a saved result.json, or a scenario run here) or a sweep (its --out folder, or the results.json in it).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Streams } from '../io.ts';
import { loadResultOrScenario } from '../result-input.ts';
import { writeChart, writeCharts } from '../charts-out.ts';
import { costTimeSpec, sweepSpec, type Theme } from '../../report/charts.ts';
import { ExitCode, UsageError } from '../errors.ts';

export async function chartCommand(input: string, out: string, theme: Theme, io: Streams): Promise<number> {
  const sweep = sweepResults(input);
  const files = sweep ? await writeSweepCharts(sweep, out, theme) : await writeCharts(loadResultOrScenario(input).result, out, theme);
  io.stdout(files.length === 0 ? `This ${sweep ? 'sweep' : 'result'} has nothing to chart.\n` : `Wrote ${files.map((f) => f.file).join(', ')} (with .png renderings and the .vl.json specs beside them).\n`);
  return ExitCode.OK;
}

type SweepResults = { axes: Parameters<typeof sweepSpec>[0]; points: Parameters<typeof sweepSpec>[1] & Parameters<typeof costTimeSpec>[1] };

/** The results of a sweep, when INPUT is a sweep's folder or its results.json; else undefined. */
function sweepResults(input: string): SweepResults | undefined {
  let file = input;
  if (existsSync(input) && statSync(input).isDirectory()) {
    file = join(input, 'results.json');
    if (!existsSync(file)) {
      throw new UsageError(`${input} is a folder without a sweep's results.json`, existsSync(join(input, 'sweep.json')) ? `its points have not been gathered yet: \`tiersim collect ${input}\`` : 'give a result.json, a scenario file, or the --out folder of a `tiersim sweep`');
    }
  }
  if (!file.endsWith('.json') || !existsSync(file)) return undefined;
  let j: unknown;
  try {
    j = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // not JSON: read as a scenario, which reports what is wrong with it
  }
  const s = j as Partial<SweepResults>;
  return Array.isArray(s.axes) && Array.isArray(s.points) ? (s as SweepResults) : undefined;
}

async function writeSweepCharts(s: SweepResults, out: string, theme: Theme): Promise<{ file: string }[]> {
  const files: { file: string }[] = [];
  for (const [name, spec] of [['sweep', sweepSpec(s.axes, s.points, theme)], ['sweep-cost', costTimeSpec(s.axes, s.points, theme)]] as const) {
    if (!spec) continue;
    await writeChart(out, name, spec);
    files.push({ file: join(out, `${name}.svg`) });
  }
  return files;
}
