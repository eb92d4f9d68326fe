/** `tiersim run [SCENARIO]`: simulate and print a summary, the JSON result, or write them to --out. */
import { basename, join } from 'node:path';
import { simulationProgress } from '../progress.ts';
import { writeCharts } from '../charts-out.ts';
import { VERSION } from '../../version.ts';
import type { Streams } from '../io.ts';
import { writeFileAtomic } from '../io.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { SimulationFailure } from '../../engine/simulation.ts';
import { summarize } from '../../report/summary.ts';
import { parseOverrides } from '../../scenario/overrides.ts';
import { InputError, type Issue } from '../../issues.ts';
import { parseQuantity } from '../../units/quantity.ts';
import { defaultScenarioPath } from '../../paths.ts';
import { ExitCode } from '../errors.ts';

export interface RunArgs {
  scenario?: string;
  seed?: string | number;
  until?: string;
  out?: string;
  theme?: 'print' | 'slide';
  json?: boolean;
  quiet?: boolean;
  set?: string[];
}


export async function runCommand(args: RunArgs, io: Streams): Promise<number> {
  const file = args.scenario ?? defaultScenarioPath();
  let until: number | undefined;
  const issues: Issue[] = [];
  if (args.until !== undefined) {
    const r = parseQuantity(/^[0-9.eE+-]+$/.test(String(args.until)) ? `${args.until} s` : args.until, 'duration');
    if (!r.ok || r.value <= 0) issues.push({ file: '--until', path: [], message: r.ok ? 'must be greater than zero' : r.message, hint: 'e.g. --until "2 h" or --until 3600' });
    else until = r.value;
  }
  // a bad --until is reported together with the scenario's and --set's problems
  let loaded;
  try {
    loaded = loadScenarioFile(file, { overrides: parseOverrides(args.set, '--set') });
  } catch (e) {
    if (e instanceof InputError) throw new InputError([...issues, ...e.issues]);
    throw e;
  }
  if (issues.length) throw new InputError(issues);
  let result;
  // on a terminal, a long run says how far it has got
  const progress = io.stderrIsTTY ? simulationProgress(io.stderr, `tiersim: running ${basename(file)}`) : null;
  try {
    result = runScenario(loaded, { ...(args.seed !== undefined ? { seed: args.seed } : {}), ...(until !== undefined ? { until } : {}), ...(progress ? { onProgress: progress.onProgress } : {}) });
  } catch (e) {
    progress?.done();
    if (e instanceof SimulationFailure) {
      io.stderr(`tiersim: the simulation of ${file} failed: ${e.message}\n`);
      return ExitCode.SIMULATED_FAILURE;
    }
    throw e;
  } finally {
    progress?.done();
  }
  // the scenario as run, so that a result.json says what produced it (and compare can diff two)
  if (loaded.format === 'tiersim') result = { ...result, input: loaded.data };
  // result.json is indented; --json is indented on a terminal and compact when piped (as gh does).
  const json = args.out !== undefined || (args.json && io.stdoutIsTTY) ? JSON.stringify(result, null, 1) + '\n' : '';
  const summary = args.json && args.out === undefined ? '' : summarize(result);
  if (args.out !== undefined) {
    const { reportHtml } = await import('../../report/html.ts'); // markdown rendering only for the report
    writeFileAtomic(join(args.out, 'result.json'), json);
    writeFileAtomic(join(args.out, 'summary.md'), summary);
    const charts = await writeCharts(result, join(args.out, 'charts'), args.theme ?? 'print');
    writeFileAtomic(join(args.out, 'report.html'), reportHtml(result.scenario, summary, charts, VERSION));
  }
  if (args.json) io.stdout(io.stdoutIsTTY ? json : JSON.stringify(result) + '\n');
  else if (!args.quiet) {
    io.stdout(summary);
    if (args.out !== undefined) io.stdout(`\nWrote ${join(args.out, 'report.html')} (open it in a browser; works offline), result.json, summary.md and charts/ in ${args.out}.\n`);
  }
  return ExitCode.OK;
}
