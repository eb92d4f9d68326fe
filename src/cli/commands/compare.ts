/** `tiersim compare A B`: two scenarios (run here) or two saved result.json files. */
import type { Streams } from '../io.ts';
import { loadResultOrScenario } from '../result-input.ts';
import { compareText } from '../../report/compare.ts';
import { ExitCode } from '../errors.ts';

export function compareCommand(a: string, b: string, io: Streams): number {
  const x = loadResultOrScenario(a), y = loadResultOrScenario(b);
  io.stdout(compareText(a, b, x.inputs, y.inputs, x.result, y.result));
  return ExitCode.OK;
}
