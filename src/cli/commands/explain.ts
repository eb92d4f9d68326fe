/** `tiersim explain SCENARIO`: a plain-language walk through the result, with a measured what-if. */
import type { Streams } from '../io.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { explain } from '../../report/explain.ts';
import { parseOverrides } from '../../scenario/overrides.ts';
import { ExitCode } from '../errors.ts';

export function explainCommand(file: string, sets: string[] | undefined, io: Streams): number {
  const loaded = loadScenarioFile(file, { overrides: parseOverrides(sets) });
  const base = runScenario(loaded);
  // Double the bottleneck; if another limit of the same device binds at once (its combined
  // read+write bandwidth, say), double that too, so the what-if is "twice the device".
  let doubled = null;
  const scaled: string[] = [];
  if (base.bottleneck) {
    scaled.push(base.bottleneck.resource);
    doubled = runScenario(loaded, { scale: { resources: scaled, factor: 2 } });
    for (let i = 0; i < 2 && doubled.bottleneck && doubled.bottleneck.owner === base.bottleneck.owner && !scaled.includes(doubled.bottleneck.resource); i++) {
      scaled.push(doubled.bottleneck.resource);
      doubled = runScenario(loaded, { scale: { resources: scaled, factor: 2 } });
    }
  }
  io.stdout(explain(base, doubled, scaled));
  return ExitCode.OK;
}
