// Every case of ../shared/reference/simgrid/scenarios run through `tiersim run FILE --json`: each
// activity's end within 1e-9 relative of SimGrid's on network cases, 1e-7 on disk cases (SimGrid
// rounds disk progress to whole bytes). The scale generator is checked against SimGrid's summaries.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';

const ref = join(import.meta.dirname, '..', '..', '..', 'shared', 'reference', 'simgrid');
const available = existsSync(ref);
const describeRef = available ? describe : describe.skip;

async function runJson(args: string[]) {
  let out = '', err = '';
  const code = await main(['run', ...args, '--json'], { stdout: (s) => void (out += s), stderr: (s) => void (err += s), stderrIsTTY: false });
  if (code !== 0) throw new Error(`exit ${code}: ${err}`);
  return JSON.parse(out) as { activities: { id: string; end: number | null; start: number }[]; simulatedTime: number };
}

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describeRef('SimGrid reference cases', () => {
  const cases = available ? readdirSync(join(ref, 'scenarios')).filter((f) => f.endsWith('.json') && f !== 'scale_spec.json').sort() : [];

  test('there are reference cases to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(11);
  });

  test.each(cases)('%s: every completion time matches SimGrid', async (f) => {
    const sc = JSON.parse(readFileSync(join(ref, 'scenarios', f), 'utf8')) as { kind: string; name: string };
    const expected = JSON.parse(readFileSync(join(ref, 'results', f), 'utf8')) as { completions: Record<string, number> };
    const r = await runJson([join(ref, 'scenarios', f)]);
    const tol = sc.kind === 'disk' ? 1e-7 : 1e-9;
    const ids = Object.keys(expected.completions);
    expect(r.activities.map((a) => a.id).sort()).toEqual(ids.slice().sort());
    let worst = 0;
    for (const a of r.activities) {
      expect(a.end).not.toBeNull();
      worst = Math.max(worst, relErr(a.end!, expected.completions[a.id]!));
    }
    expect(worst).toBeLessThanOrEqual(tol);
  });

  test('rtt_weighted: the RTT-weighted mode reproduces SimGrid (f0 1.668167 s), pure max-min would give 2.222222 s', async () => {
    const r = await runJson([join(ref, 'scenarios', 'rtt_weighted.json')]);
    expect(r.activities.find((a) => a.id === 'f0')!.end).toBeCloseTo(1.6681666666666666, 12);
    const pure = await runJson([join(ref, 'scenarios', 'rtt_weighted.json'), '--set', 'pure_maxmin=true']);
    expect(pure.activities.find((a) => a.id === 'f0')!.end).toBeCloseTo(2.2222222222, 9);
  });

  test('scale generator with 1e4 transfers: makespan and sum of completions equal SimGrid\'s', async () => {
    const summary = JSON.parse(readFileSync(join(ref, 'results', 'scale.json'), 'utf8')).runs['10000'].summary as { makespan: number; sum_completion: number; count: number };
    const r = await runJson([join(ref, 'scenarios', 'scale_spec.json'), '--set', 'count=10000']);
    expect(r.activities).toHaveLength(summary.count);
    const sum = r.activities.reduce((s, a) => s + a.end!, 0);
    expect(relErr(r.simulatedTime, summary.makespan)).toBeLessThan(1e-9);
    expect(relErr(sum, summary.sum_completion)).toBeLessThan(1e-9);
  });

  test('scale generator with count 1000 gives scale_1000\'s completions one by one', async () => {
    const expected = JSON.parse(readFileSync(join(ref, 'results', 'scale_1000.json'), 'utf8')) as { completions: Record<string, number> };
    const r = await runJson([join(ref, 'scenarios', 'scale_spec.json')]);
    expect(r.activities).toHaveLength(1000);
    let worst = 0;
    for (const a of r.activities) worst = Math.max(worst, relErr(a.end!, expected.completions[a.id]!));
    expect(worst).toBeLessThan(1e-9);
  });
});

// Random cases with SimGrid's answers stored beside them (test/fixtures/simgrid-random-cases.json:
// mixed route latencies, zero ones too, tied starts; SimGrid 3.32 under the reference runs'
// configuration and under its defaults): they need no SimGrid installed.
describe('random cases SimGrid ran', () => {
  const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'simgrid-random-cases.json'), 'utf8')) as { cases: { case: { name: string; pure_maxmin?: boolean; config?: string[] }; simgrid: { completions: Record<string, number> } }[] };

  test.each(fixture.cases.map((c) => [c.case.name, c] as const))('%s: every completion time within 1e-9 of SimGrid\'s', (_, c) => {
    const r = runScenario(loadScenarioText(JSON.stringify(c.case), `${c.case.name}.json`));
    const ends = new Map(((r as unknown as { activities: { id: string; end: number }[] }).activities).map((a) => [a.id, a.end]));
    let worst = 0;
    for (const [id, t] of Object.entries(c.simgrid.completions)) worst = Math.max(worst, relErr(ends.get(id)!, t));
    expect(worst).toBeLessThanOrEqual(1e-9);
  });

  test('a case that does not say pure_maxmin runs as SimGrid ran it (1/latency weights); pure_maxmin: true asks for plain max-min', () => {
    const c = fixture.cases.find((x) => x.case.config === undefined)!;
    const run = (sc: object) => runScenario(loadScenarioText(JSON.stringify(sc), 'c.json')) as unknown as { networkModel: string; activities: { id: string; end: number }[] };
    expect(run(c.case).networkModel).toMatch(/^CM02 .*1\/latency/);
    const pure = run({ ...c.case, pure_maxmin: true });
    expect(pure.networkModel).toBe('pure max-min');
    expect(pure.activities.some((a) => relErr(a.end, c.simgrid.completions[a.id]!) > 1e-3)).toBe(true);
  });
});
