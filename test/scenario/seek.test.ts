// Goal seeking by bisection: the same answer as a scan, in at most log2(range) + 2 evaluations.
import { join } from 'node:path';
import { seek, parseRange, parseCondition } from '../../src/scenario/seek.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { parseOverride, type Override } from '../../src/scenario/overrides.ts';

const file = join(import.meta.dirname, '..', '..', 'scenarios', 'mlperf-storage', 'unet3d-a100.yaml');
// a smaller, faster case: 1 node, 30 GB/s of storage, 60 steps per epoch, 1 epoch
const base = ['system.nodes[0].count=1', 'system.storage[0].readBandwidth=30 GB/s', 'workloads[0].epochs=1', 'workloads[0].dataset.samples=13440'].map((s) => parseOverride(s) as Override);

test('the most accelerators with AU >= 0.9 equals what a scan finds, within log2(range) + 2 evaluations', () => {
  const a = seek(file, 'workloads[0].acceleratorsPerNode', '1..32', 'acceleratorUtilization >= 0.9', { overrides: base });
  expect(a.direction).toBe('largest');
  expect(a.evaluations).toBeLessThanOrEqual(Math.ceil(Math.log2(32)) + 2);
  const au = (n: number) => (runScenario(loadScenarioFile(file, { overrides: [...base, parseOverride(`workloads[0].acceleratorsPerNode=${n}`) as Override] })).workloads[0] as unknown as { acceleratorUtilization: number }).acceleratorUtilization;
  expect(au(a.value!)).toBeGreaterThanOrEqual(0.9);
  expect(au(a.value! + 1)).toBeLessThan(0.9);
});

test('a condition met over the whole range says so (direction all, value its top), not an end picked at random', () => {
  const a = seek(file, 'workloads[0].acceleratorsPerNode', '1..2', 'acceleratorUtilization >= 0.5', { overrides: base });
  expect(a).toMatchObject({ direction: 'all', value: 2, evaluations: 2 });
  expect(a.points.every((p) => p.ok)).toBe(true);
});

describe('a condition that does not flip once over the range', () => {
  // the all-reduce of 26 GB in buckets: small buckets pay the latency often, large ones leave a
  // large last bucket after the compute; the time against the bucket size is U-shaped
  const allreduce = join(import.meta.dirname, '..', '..', 'scenarios', 'allreduce-dgx-a100.yaml');
  const vary = 'workloads[0].parallelism.bucketSize';

  test('holding only inside the range: five points inside are tried, and the best is named (not "none")', () => {
    const a = seek(allreduce, vary, '100 MB..26 GB', 'projectedTime <= 20.5');
    expect(a.direction).toBe('inside');
    expect(a.evaluations).toBe(7);
    const best = a.points.find((p) => p.value === a.value)!;
    expect(best.ok).toBe(true);
    for (const p of a.points) if (p.ok) expect(best.metric).toBeLessThanOrEqual(p.metric);
    expect(a.points.filter((p) => p.value === 100e6 || p.value === 26e9).every((p) => !p.ok)).toBe(true);
  });

  test('holding at both ends but not between: said so (not "all")', () => {
    expect(seek(allreduce, vary, '100 MB..26 GB', 'projectedTime >= 20.5')).toMatchObject({ direction: 'not-between', value: null, evaluations: 7 });
  });

  test('a caller that knows its metric is monotone (dlio --max-accelerators) skips the look inside', () => {
    expect(seek(allreduce, vary, '100 MB..26 GB', 'projectedTime <= 20.5', { monotone: true })).toMatchObject({ direction: 'smallest', value: null, evaluations: 2 });
  });
});

test('ranges and conditions are parsed, with units', () => {
  expect(parseRange('10 GB/s..200 GB/s')).toEqual({ lo: 10e9, hi: 200e9, integer: false, unit: 'B/s' });
  expect(parseRange('1..64')).toMatchObject({ lo: 1, hi: 64, integer: true });
  expect(parseCondition('projectedTime <= 7200')).toEqual({ metric: 'projectedTime', op: '<=', threshold: 7200 });
  expect(() => parseCondition('AU is high')).toThrow(/not a condition/);
  expect(() => parseRange('fast..slow')).toThrow(/not a range/);
});

test('a metric the result does not have is refused with a did-you-mean', () => {
  expect(() => seek(file, 'workloads[0].acceleratorsPerNode', '1..2', 'acceleratorUtilisation >= 0.9', { overrides: base }))
    .toThrow(expect.objectContaining({ issues: [expect.objectContaining({ message: expect.stringContaining('no number at "acceleratorUtilisation"'), hint: expect.stringContaining('did you mean "acceleratorUtilization"?') })] }));
});

test('a bad range, a bad condition and a misspelt path are reported together, before anything runs', () => {
  let issues: { file: string; message: string; hint?: string }[] = [];
  try {
    seek(file, 'workloads[0].acceleratorPerNode', '1..32x', 'AU => 0.9', { overrides: base });
  } catch (e) {
    issues = (e as { issues: typeof issues }).issues;
  }
  expect(issues.map((i) => i.file.split('/').pop())).toEqual(['--range', '--until', '--vary']); // the misspelt path is --vary's, not the file's
  expect(issues[2]!.message).toBe('unknown key "acceleratorPerNode"');
  expect(issues[2]!.hint).toContain('did you mean "acceleratorsPerNode"?');
  // with a good range, a value the parameter cannot take is reported too
  expect(() => seek(file, 'workloads[0].acceleratorsPerNode', '0..4', 'acceleratorUtilization >= 0.9', { overrides: base }))
    .toThrow(expect.objectContaining({ issues: [expect.objectContaining({ message: expect.stringContaining('must be at least 1') })] }));
});
