// `tiersim reproduce`: every bundled published case within its stated tolerance.
import { reproduceCases } from '../../src/cli/commands/reproduce.ts';

test.each(reproduceCases().map((c) => [c.name, c] as const))('%s', (_name, c) => {
  const sim = c.simulate();
  expect(Math.abs(sim - c.published) / c.published).toBeLessThanOrEqual(c.tolerance);
});
