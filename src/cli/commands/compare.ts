/** `tiersim compare A B`: two scenarios (run here) or two saved result.json files. */
import { readFileSync } from 'node:fs';
import type { Streams } from '../io.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import type { RunResult } from '../../scenario/result.ts';
import { compareText } from '../../report/compare.ts';
import { ExitCode } from '../errors.ts';

function load(file: string): { inputs: unknown; result: RunResult } {
  if (file.endsWith('.json')) {
    try {
      const j = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunResult>;
      if (typeof j.tiersim === 'string' && Array.isArray(j.workloads)) return { inputs: {}, result: j as RunResult };
    } catch {
      // not a result: read it as a scenario below
    }
  }
  const loaded = loadScenarioFile(file);
  return { inputs: loaded.data, result: runScenario(loaded) };
}

export function compareCommand(a: string, b: string, io: Streams): number {
  const x = load(a), y = load(b);
  io.stdout(compareText(a, b, x.inputs, y.inputs, x.result, y.result));
  return ExitCode.OK;
}
