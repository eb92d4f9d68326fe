// SimGrid's TCP models (LV08, its default, and CM02) against SimGrid 3.32 itself: the cases and
// SimGrid's completion times are in test/fixtures/simgrid-network-models.json, written by
// scripts/simgrid-network-models.py (sg_run.py --sg-defaults --cfg ...). Every completion must be
// within 1e-12 relative: the models are the same equations, not approximations of each other.
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.ts';
import { networkModelFromConfig, PURE_MAXMIN } from '../../src/topology/network-model.ts';

interface Case { scenario: Record<string, unknown>; config: string[]; completions: Record<string, number> }
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'simgrid-network-models.json'), 'utf8')) as {
  cases: Case[]; scale: { scenario: Record<string, unknown>; config: string[]; summary: { makespan: number; sum_completion: number; count: number } };
};
const dir = mkdtempSync(join(tmpdir(), 'tiersim-netmodel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let seq = 0;
async function run(scenario: Record<string, unknown>, extra: string[] = []) {
  const file = join(dir, `case${++seq}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  let out = '', err = '';
  const code = await main(['run', file, '--json', ...extra], { stdout: (s) => void (out += s), stderr: (s) => void (err += s), stderrIsTTY: false });
  return { code, err, result: code === 0 ? JSON.parse(out) as { activities: { id: string; end: number | null }[]; simulatedTime: number; networkModel: string } : null };
}
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const label = (c: Case) => `${String(c.scenario.name)} under ${c.config.length ? c.config.join(' ') : 'SimGrid defaults (LV08)'}`;

describe('SimGrid network models against SimGrid 3.32', () => {
  test('the fixture covers both models, overrides, and the reference cases', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(fixture.cases.map((c) => c.config.join(' '))).size).toBeGreaterThanOrEqual(5);
  });

  test.each(fixture.cases.map((c) => [label(c), c] as const))('%s: every completion as SimGrid', async (_, c) => {
    const { code, err, result } = await run({ ...c.scenario, config: c.config });
    expect(err).toBe('');
    expect(code).toBe(0);
    const ends = new Map(result!.activities.map((a) => [a.id, a.end]));
    expect([...ends.keys()].sort()).toEqual(Object.keys(c.completions).sort());
    let worst = 0;
    for (const [id, t] of Object.entries(c.completions)) worst = Math.max(worst, relErr(ends.get(id)!, t));
    expect(worst).toBeLessThan(1e-12);
  });

  test('the models differ where they should: LV08 is slower than CM02 on one link by its factors', () => {
    const one = fixture.cases.filter((c) => c.scenario.name === 'latency');
    const lv08 = one.find((c) => c.config.length === 0)!.completions.f!;
    const cm02 = one.find((c) => c.config.join() === 'network/model:CM02')!.completions.f!;
    // 13.01 x 1 ms + 1.05 x 100 MB / (0.97 x 100 MB/s), and 1 ms + 1.05 s
    expect(lv08).toBeCloseTo(0.01301 + 1.05 / 0.97, 12);
    expect(cm02).toBeCloseTo(0.001 + 1.05, 12);
  });

  test('without a config, pure_maxmin false is the reference runs\' configuration (a zero-latency flow has penalty 1, as in SimGrid)', async () => {
    const pureCfg = fixture.cases.filter((c) => c.config.includes('network/weight-S:0') && c.config.includes('network/crosstraffic:0'));
    expect(pureCfg.length).toBeGreaterThanOrEqual(10);
    for (const c of pureCfg) {
      const { result } = await run({ ...c.scenario, pure_maxmin: false });
      for (const a of result!.activities) expect(relErr(a.end!, c.completions[a.id]!)).toBeLessThan(1e-12);
    }
    // the case that used to differ: the flow with latency takes (almost) the whole link
    const z = pureCfg.find((c) => c.scenario.name === 'zero-latency-penalty')!;
    expect(z.completions.g!).toBeLessThan(z.completions.f!);
  });

  test('the 1e4-transfer scale test under LV08: makespan and sum of completions as SimGrid', async () => {
    const { result } = await run({ ...fixture.scale.scenario, config: fixture.scale.config });
    expect(result!.activities).toHaveLength(fixture.scale.summary.count);
    expect(result!.networkModel).toBe('LV08');
    expect(relErr(result!.simulatedTime, fixture.scale.summary.makespan)).toBeLessThan(1e-12);
    expect(relErr(result!.activities.reduce((s, a) => s + a.end!, 0), fixture.scale.summary.sum_completion)).toBeLessThan(1e-12);
  });
});

describe('SimGrid configuration lists', () => {
  const parse = (cfg: string[]) => networkModelFromConfig(cfg, () => 'a hint');

  test('defaults and overrides, named as given', () => {
    expect(parse([]).model).toMatchObject({ name: 'LV08', latencyFactor: 13.01, bandwidthFactor: 0.97, weightS: 20537, tcpGamma: 4194304, crosstraffic: true });
    expect(parse(['network/model:CM02', 'network/TCP-gamma:0', 'network/weight-S:0', 'network/optim:Full']).model)
      .toMatchObject({ name: 'CM02 (TCP-gamma 0)', latencyFactor: 1, bandwidthFactor: 1, weightS: 0, tcpGamma: 0, crosstraffic: true });
    expect(PURE_MAXMIN.penalties).toBe(false);
  });

  test('every problem at once, by entry', () => {
    const { problems } = parse(['bogus', 'network/model:LV09', 'network/tcp-gamma:0', 'network/crosstraffic:2', 'network/weight-S:-1', 'network/bandwidth-factor:0']);
    expect(problems.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(problems[1]!.message).toMatch(/"LV09" is not supported/);
    expect(problems[2]!.hint).toBe('a hint');
  });

  test('a bad configuration is refused with exit 2, path and hint; crosstraffic needs a route back', async () => {
    const base = { name: 'x', kind: 'network', hosts: ['a', 'b'], links: [{ id: 'l', bandwidth: 1e8, latency: 1e-3 }], routes: [{ src: 'a', dst: 'b', links: ['l'], symmetric: false }], transfers: [{ id: 'f', src: 'a', dst: 'b', size: 1e6 }] };
    const bad = await run({ ...base, config: ['network/TCP_gamma:0'] });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/config\[0\]: unknown configuration key "network\/TCP_gamma"/);
    expect(bad.err).toMatch(/did you mean "network\/TCP-gamma"/);
    expect(bad.err).toMatch(/no route back from "b" to "a"/);
    const ok = await run({ ...base, config: ['network/crosstraffic:0'] });
    expect(ok.code).toBe(0);
    expect(ok.result!.networkModel).toBe('LV08 (crosstraffic 0)');
  });
});
