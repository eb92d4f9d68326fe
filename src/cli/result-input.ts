/**
 * A command input that is either a saved result.json (used as is; its inputs are the scenario it
 * records, null when it records none) or a scenario (run here).
 */
import { readFileSync } from 'node:fs';
import { loadScenarioFile } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';
import type { RunResult } from '../scenario/result.ts';

export function loadResultOrScenario(file: string): { inputs: unknown; result: RunResult } {
  if (file.endsWith('.json')) {
    try {
      const j = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunResult>;
      if (typeof j.tiersim === 'string' && Array.isArray(j.workloads)) return { inputs: j.input ?? null, result: j as RunResult };
    } catch {
      // not a result: read it as a scenario below
    }
  }
  const loaded = loadScenarioFile(file);
  return { inputs: loaded.data, result: runScenario(loaded) };
}
