// tiersim sweep: the grid, the same table with 1 and 2 workers, an interrupted sweep resumed to the same
// table, a failing point reported while the others complete, and bad --set values as input errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, copyFileSync, readdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseAxis, gridPoints } from '../../src/sweep/grid.ts';
import { main } from '../../src/cli/main.ts';

const root = join(import.meta.dirname, '..', '..');
const quiet = { stdout: () => {}, stderr: () => {}, stderrIsTTY: false };

test('value lists and ranges (geometric, arithmetic, with units) and their product', () => {
  expect(parseAxis('a=1,2,4')).toEqual({ path: 'a', values: ['1', '2', '4'] });
  expect(parseAxis('a=1..64:x2')).toEqual({ path: 'a', values: ['1', '2', '4', '8', '16', '32', '64'] });
  expect(parseAxis('b=10 GB/s..40 GB/s:x2')).toEqual({ path: 'b', values: ['10 GB/s', '20 GB/s', '40 GB/s'] });
  expect(parseAxis('c=0.1..0.5:+0.1')).toEqual({ path: 'c', values: ['0.1', '0.2', '0.3', '0.4', '0.5'] });
  expect(parseAxis('c=5..1:+1')).toMatchObject({ message: expect.stringContaining('END is below START') });
  expect(parseAxis('c=1..8:x1')).toMatchObject({ message: expect.stringContaining('factor') });
  expect(parseAxis('b=10 GB/s..40 MB/s:x2')).toMatchObject({ message: expect.stringContaining('different units') });
  expect(parseAxis('a=1..4')).toEqual({ path: 'a', values: ['1', '2', '3', '4'] }); // whole numbers: every one
  expect(parseAxis('b=10 GB/s..40 GB/s')).toMatchObject({ message: expect.stringContaining('needs a step') });
  expect(parseAxis('c=0.1..0.5')).toMatchObject({ message: expect.stringContaining('needs a step') });
  const pts = gridPoints([{ path: 'a', values: ['1', '2'] }, { path: 'b', values: ['x', 'y', 'z'] }]);
  expect(pts).toHaveLength(6);
  expect(pts[5]).toEqual({ index: 5, values: { a: '2', b: 'z' } });
});

const sweepArgs = (out: string, extra: string[] = []) => ['sweep', join(root, 'scenarios', 'default.yaml'),
  '--set', 'workloads[0].acceleratorsPerNode=1..4:+1', '--set', 'system.storage[0].readBandwidth=10 GB/s..40 GB/s:x2', '--out', out, ...extra];

describe('sweeps on disk', () => {
  let dir = '';
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tiersim-sweep-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('1 worker and 2 workers give the same table; the fastest point is the most accelerators on the fastest PFS', async () => {
    expect(await main(sweepArgs(join(dir, 'one'), ['-j', '1']), quiet)).toBe(0);
    expect(await main(sweepArgs(join(dir, 'two'), ['-j', '2']), quiet)).toBe(0);
    const one = readFileSync(join(dir, 'one', 'results.csv'), 'utf8');
    expect(readFileSync(join(dir, 'two', 'results.csv'), 'utf8')).toBe(one);
    const lines = one.trim().split('\n');
    expect(lines).toHaveLength(1 + 12);
    const rows = JSON.parse(readFileSync(join(dir, 'one', 'results.json'), 'utf8')).points as { values: Record<string, string>; projectedTime: number }[];
    const best = rows.reduce((a, b) => (b.projectedTime < a.projectedTime ? b : a));
    expect(best.values).toEqual({ 'workloads[0].acceleratorsPerNode': '4', 'system.storage[0].readBandwidth': '40 GB/s' });
    // More bandwidth never makes training slower at a fixed accelerator count.
    for (const n of ['1', '2', '3', '4']) {
      const t = rows.filter((r) => r.values['workloads[0].acceleratorsPerNode'] === n).map((r) => r.projectedTime);
      expect(t[1]!).toBeLessThanOrEqual(t[0]! * (1 + 1e-9));
      expect(t[2]!).toBeLessThanOrEqual(t[1]! * (1 + 1e-9));
    }
    expect(existsSync(join(dir, 'one', 'sweep.png'))).toBe(true);
    // limitedBy: the accelerators where they (almost) never wait, else the flows' bottleneck
    const full = JSON.parse(readFileSync(join(dir, 'one', 'results.json'), 'utf8')).points as { acceleratorUtilization: number; bottleneck: string; limitedBy: string }[];
    for (const r of full) expect(r.limitedBy).toBe(r.acceleratorUtilization >= 0.99 ? 'accelerators (compute)' : r.bottleneck);
    expect(full.some((r) => r.limitedBy !== 'accelerators (compute)')).toBe(true);
    expect(lines[0]).toContain(',bottleneck,limitedBy,ok,error');
  });

  test('without a scenario, sweep (like run, explain and seek) uses the default scenario', async () => {
    const axes = ['--set', 'system.storage[0].readBandwidth=10 GB/s,40 GB/s', '-j', '1'];
    expect(await main(['sweep', ...axes, '--out', join(dir, 'implicit')], quiet)).toBe(0);
    expect(await main(['sweep', join(root, 'scenarios', 'default.yaml'), ...axes, '--out', join(dir, 'explicit')], quiet)).toBe(0);
    expect(readFileSync(join(dir, 'implicit', 'results.csv'), 'utf8')).toBe(readFileSync(join(dir, 'explicit', 'results.csv'), 'utf8'));
  });

  test('an interrupted sweep keeps its points and --resume gives the same final table', async () => {
    const out = join(dir, 'resumed');
    expect(await main(sweepArgs(out, ['-j', '1']), quiet)).toBe(0);
    const full = readFileSync(join(out, 'results.csv'), 'utf8');
    // Simulate a kill half-way: 5 points finished, the 6th cut short mid-line, no final table yet.
    const lines = readFileSync(join(out, 'points.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(join(out, 'points.jsonl'), lines.slice(0, 5).join('\n') + '\n' + lines[5]!.slice(0, 20));
    rmSync(join(out, 'results.csv'));
    rmSync(join(out, 'results.json'));
    let said = '';
    // Without --resume the folder is not overwritten.
    expect(await main(sweepArgs(out), { ...quiet, stderr: (s: string) => void (said += s) })).toBe(2);
    expect(said).toContain('--resume');
    let out2 = '';
    expect(await main(sweepArgs(out, ['--resume', '-j', '2']), { ...quiet, stdout: (s: string) => void (out2 += s) })).toBe(0);
    expect(out2).toContain('5 from before, 7 now');
    expect(readFileSync(join(out, 'results.csv'), 'utf8')).toBe(full);
    // A different sweep in the same folder is refused.
    said = '';
    expect(await main([...sweepArgs(out, ['--resume']), '--set', 'workloads[0].epochs=1,2'], { ...quiet, stderr: (s: string) => void (said += s) })).toBe(2);
    expect(said).toContain('different sweep');
  });

  // The real thing: the built command with 2 workers, killed with SIGKILL after a few points, resumed.
  const built = existsSync(join(root, 'dist', 'tiersim.cjs')) && existsSync(join(root, 'dist', 'sweep-worker.js'));
  /** A 24-point sweep of a copy of the default scenario under a path of its own (to find its worker processes), and its uninterrupted table. */
  async function ownSweep(name: string) {
    const scenario = join(dir, `${name}.yaml`);
    copyFileSync(join(root, 'scenarios', 'default.yaml'), scenario);
    const args = (out: string) => ['sweep', scenario, '--set', 'workloads[0].acceleratorsPerNode=1..4:+1', '--set', 'system.storage[0].readBandwidth=5 GB/s..160 GB/s:x2', '--out', out];
    expect(await main([...args(join(dir, `${name}-whole`)), '-j', '1'], quiet)).toBe(0);
    const whole = readFileSync(join(dir, `${name}-whole`, 'results.csv'), 'utf8');
    expect(whole.trim().split('\n')).toHaveLength(1 + 24);
    return { scenario, args, whole };
  }
  /** The pids of the worker processes of the sweep of `scenario`. */
  const workersOf = (scenario: string) => readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('sweep-worker') && readFileSync(`/proc/${p}/environ`, 'utf8').includes(scenario); } catch { return false; }
  });
  (built ? test : test.skip)('a sweep killed half-way (SIGKILL, 2 workers) leaves no worker behind, and --resume gives the uninterrupted table (needs `npm run build`)', async () => {
    const { scenario, args, whole } = await ownSweep('kill-me');

    const out = join(dir, 'killed');
    const child = spawn(process.execPath, [join(root, 'bin', 'tiersim.js'), ...args(out), '-j', '2'], { stdio: 'ignore' });
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    const lines = () => (existsSync(join(out, 'points.jsonl')) ? readFileSync(join(out, 'points.jsonl'), 'utf8').split('\n').length - 1 : 0);
    for (let t = 0; t < 600 && lines() < 4; t++) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGKILL');
    await exited;
    const before = lines();
    expect(before).toBeGreaterThanOrEqual(4);
    expect(before).toBeLessThan(24);
    expect(existsSync(join(out, 'results.csv'))).toBe(false);
    // The worker processes notice the sweep is gone (their IPC channel closes) and exit.
    for (let t = 0; t < 100 && workersOf(scenario).length > 0; t++) await new Promise((r) => setTimeout(r, 50));
    expect(workersOf(scenario)).toEqual([]);

    let said = '';
    expect(await main([...args(out), '--resume', '-j', '2'], { ...quiet, stdout: (s: string) => void (said += s) })).toBe(0);
    expect(said).toMatch(new RegExp(`${before} from before, ${24 - before} now`));
    expect(readFileSync(join(out, 'results.csv'), 'utf8')).toBe(whole);
  }, 60_000);

  (built ? test : test.skip)('a worker process that dies fails only the points it held; --resume runs them again (needs `npm run build`)', async () => {
    const { scenario, args, whole } = await ownSweep('lose-a-worker');
    const out = join(dir, 'lost');
    // Kill the worker process as soon as it has started, while the sweep goes on.
    const killer = setInterval(() => {
      for (const p of workersOf(scenario)) {
        try { process.kill(Number(p), 'SIGKILL'); } catch { /* gone */ }
      }
    }, 20);
    let err = '';
    let code = -1;
    try {
      code = await main([...args(out), '-j', '2'], { ...quiet, stderr: (s: string) => void (err += s) });
    } finally {
      clearInterval(killer);
    }
    const rows = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).points as { ok: boolean; lost?: boolean }[];
    const lost = rows.filter((r) => r.lost === true).length;
    expect(rows).toHaveLength(24);
    expect(lost).toBeGreaterThan(0); // killed while starting, with its two points in hand
    expect(rows.filter((r) => !r.ok).length).toBe(lost); // nothing failed but the lost points
    expect(code).toBe(1);
    expect(err).toContain('--resume runs it again');
    expect(await main([...args(out), '--resume', '-j', '2'], quiet)).toBe(0);
    expect(readFileSync(join(out, 'results.csv'), 'utf8')).toBe(whole);
  }, 60_000);

  test('a failing point is reported and the others complete (exit 1)', async () => {
    let err = '';
    // fills-up.yaml: two 600 GB moves fit a 2 TB or 4 TB tier; with 1 TB the second fails while running.
    const code = await main(['sweep', join(root, 'test', 'fixtures', 'fills-up.yaml'), '--set', 'system.nodes[0].tiers[0].capacity=2 TB,1 TB,4 TB', '--out', join(dir, 'fail'), '-j', '1'],
      { ...quiet, stderr: (s: string) => void (err += s) });
    expect(code).toBe(1);
    expect(err).toMatch(/point 1 \(system\.nodes\[0\]\.tiers\[0\]\.capacity=1 TB\) failed/);
    const rows = JSON.parse(readFileSync(join(dir, 'fail', 'results.json'), 'utf8')).points as { ok: boolean }[];
    expect(rows.map((r) => r.ok)).toEqual([true, false, true]);
  });

  test('swept values that are invalid whatever the other axes are: all refused before anything runs (exit 2)', async () => {
    let err = '';
    const out = join(dir, 'bad-values');
    const code = await main(['sweep', join(root, 'scenarios', 'default.yaml'), '--set', 'workloads[0].acceleratorsPerNode=2,-1,4', '--set', 'system.storage[0].readBandwidth=10 GB/s,20 GBs,5 GB', '--out', out, '-j', '1'],
      { ...quiet, stderr: (s: string) => void (err += s) });
    expect(code).toBe(2);
    expect(err).toContain('3 problems in --set');
    expect(err).toMatch(/workloads\[0\]\.acceleratorsPerNode: must be at least 1, not -1/);
    expect(err).toMatch(/system\.storage\[0\]\.readBandwidth: cannot read "20 GBs": unknown unit "GBs"/);
    expect(err).toMatch(/"5 GB" is a size, not a bandwidth/);
    expect(existsSync(out)).toBe(false);
  });

  test('a value invalid only with some of the other axes\' values is not refused: those points fail alone', async () => {
    const { invalidValues } = await import('../../src/cli/commands/sweep.ts');
    const { gridPoints } = await import('../../src/sweep/grid.ts');
    // a 3 TB move fits a 4 TB tier, not the scenario's own 1 TB: suspect alone, fine in one point.
    const axes = [{ path: 'workloads[0].moves[0].size', values: ['3 TB'] }, { path: 'system.nodes[0].tiers[0].capacity', values: ['1 TB', '4 TB'] }];
    expect(invalidValues(join(root, 'test', 'fixtures', 'fills-up.yaml'), axes, gridPoints(axes))).toEqual([]);
    const bad = [{ path: 'workloads[0].moves[0].size', values: ['3 TB', '3 TBs'] }, axes[1]!];
    expect(invalidValues(join(root, 'test', 'fixtures', 'fills-up.yaml'), bad, gridPoints(bad)).map((i) => i.message)).toEqual([expect.stringContaining('unknown unit "TBs"')]);
  });

  test('a typo in a swept path: one input error, exit 2', async () => {
    let err = '';
    const code = await main(['sweep', join(root, 'scenarios', 'default.yaml'), '--set', 'workloads[0].acceleratorsPerNod=1,2', '--out', join(dir, 'typo'), '-j', '1'],
      { ...quiet, stderr: (s: string) => void (err += s) });
    expect(code).toBe(2);
    expect(err).toContain('1 problem in --set');
    expect(err).toContain('workloads[0].acceleratorsPerNod: unknown key "acceleratorsPerNod"');
    expect(err).toContain('did you mean "acceleratorsPerNode"');
    expect(existsSync(join(dir, 'typo'))).toBe(false); // the corrected command can use the same --out
  });

  test('every point invalid through a problem reported elsewhere in the scenario: one input error, exit 2', async () => {
    let err = '';
    // tiers too small for the 600 GB moves: the check names the moves, not the swept capacity.
    const code = await main(['sweep', join(root, 'test', 'fixtures', 'fills-up.yaml'), '--set', 'system.nodes[0].tiers[0].capacity=100 GB,200 GB', '--out', join(dir, 'small'), '-j', '1'],
      { ...quiet, stderr: (s: string) => void (err += s) });
    expect(code).toBe(2);
    expect(err).toContain('every point of the sweep is invalid');
    expect(err).toContain('needs more than its capacity');
    expect(existsSync(join(dir, 'small'))).toBe(false);
  });

  test('bad ranges are input errors, all reported at once', async () => {
    let err = '';
    const code = await main(['sweep', join(root, 'scenarios', 'default.yaml'), '--set', 'a=5..1:+1', '--set', 'b=1..9:x0.5', '--out', join(dir, 'bad')],
      { ...quiet, stderr: (s: string) => void (err += s) });
    expect(code).toBe(2);
    expect(err).toContain('END is below START');
    expect(err).toContain('factor');
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});
