// A spread in the time per step (computeTimeStdev, DLIO computation_time_stdev): with a collective
// every step, the step lasts until the slowest replica is done, so the mean step time grows by
// sigma x E[max of P standard normals] (P replicas), while a single accelerator keeps the mean.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { readDlio } from '../../src/scenario/dlio.ts';
import { parseOverrides } from '../../src/scenario/overrides.ts';

/** E[max of 8 independent standard normals] (order statistics tables, e.g. Harter 1961): 1.4236. */
const EMAX8 = 1.42360;

const scenario = (nodes: number, perNode: number, extra: string) => `
name: stragglers
system:
  nodes:
    - { id: gpu, count: ${nodes}, nic: { bandwidth: 100 TB/s }, tiers: [{ id: dram, kind: dram, bandwidth: 1000 TB/s }] }
  network: { kind: star }
workloads:
  - kind: ai-training
    id: t
    nodes: gpu
    acceleratorsPerNode: ${perNode}
    dataset: { location: gpu/dram, samples: ${4000 * nodes * perNode}, sampleSize: 1 kB }
    loader: { batchSize: 1, readThreads: 2 }
    computeTime: 100 ms
    computeTimeStdev: 10 ms
    epochs: 1
    ${extra}
`;
interface W { stepTime: number; acceleratorUtilization: number; stallFractions: { communication: number; io: number; straggler?: number } }
const run = (yaml: string, seed?: number) => runScenario(loadScenarioText(yaml, 's.yaml'), seed === undefined ? {} : { seed }).workloads[0] as unknown as W;
const dp = 'parallelism: { gradientBytes: 1 kB }';

describe('compute time spread (stragglers)', () => {
  test('8 synchronous replicas on one node: each step waits for the slowest, 100 + 10 x 1.4236 ms', () => {
    // 4000 steps: the standard error of the mean of the max is ~0.6 x 10 ms / sqrt(4000) = 0.1 ms
    const w = run(scenario(1, 8, dp));
    expect(w.stepTime * 1e3).toBeGreaterThan(100 + 10 * EMAX8 - 0.5);
    expect(w.stepTime * 1e3).toBeLessThan(100 + 10 * EMAX8 + 0.5);
    // the accelerators compute 100 ms on average; the rest is waiting for the slowest
    expect(w.acceleratorUtilization).toBeCloseTo(100 / (100 + 10 * EMAX8), 2);
    expect(w.stallFractions.straggler).toBeCloseTo((10 * EMAX8) / (100 + 10 * EMAX8), 2);
    expect(w.stallFractions.communication).toBeLessThan(1e-6);
  });

  test('2 nodes x 4 replicas wait for the slowest of all 8 (the all-reduce is the barrier between nodes)', () => {
    const w = run(scenario(2, 4, dp));
    expect(Math.abs(w.stepTime * 1e3 - (100 + 10 * EMAX8))).toBeLessThan(0.5);
    // a node whose own accelerators were quick waits for the other node's slowest: straggling too
    expect(w.stallFractions.straggler).toBeCloseTo((10 * EMAX8) / (100 + 10 * EMAX8), 2);
  });

  test('with the all-reduce overlapping the backward pass, the step still waits for the slowest node', () => {
    // 8 nodes x 1 GPU, overlap 0.5: the all-reduce starts half-way through each node's compute, but
    // its last gradients leave only when that node is done, so the step is the max of the 8 again.
    const w = run(scenario(8, 1, 'parallelism: { gradientBytes: 1 kB, overlap: 0.5 }'));
    expect(Math.abs(w.stepTime * 1e3 - (100 + 10 * EMAX8))).toBeLessThan(0.5);
  });

  test('one replica, or no collective: the spread averages out (mean 100 ms)', () => {
    expect(Math.abs(run(scenario(1, 1, dp)).stepTime * 1e3 - 100)).toBeLessThan(0.5);
    const independent = run(scenario(1, 8, ''));
    expect(Math.abs(independent.stepTime * 1e3 - 100)).toBeLessThan(0.5);
    expect(independent.acceleratorUtilization).toBeGreaterThan(0.99);
    expect(independent.stallFractions).toMatchObject({ communication: 0, straggler: 0 });
  });

  test('drawn from the seeded generator: same seed, same result; another seed, another', () => {
    const yaml = scenario(1, 8, dp);
    expect(run(yaml, 7).stepTime).toBe(run(yaml, 7).stepTime);
    expect(run(yaml, 7).stepTime).not.toBe(run(yaml, 8).stepTime);
  });

  test('without a spread nothing is drawn: the result does not depend on the seed', () => {
    const yaml = scenario(1, 8, dp).replace('computeTimeStdev: 10 ms', '');
    expect(run(yaml, 1).stepTime).toBe(run(yaml, 2).stepTime);
    expect(run(yaml, 1).stepTime).toBeCloseTo(0.1, 9);
    expect(run(yaml, 1).stallFractions.straggler).toBeUndefined();
  });

  test('DLIO: computation_time_stdev, or the stdev of a computation_time distribution', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dlio-stdev-'));
    const a = join(dir, 'a.yaml'), b = join(dir, 'b.yaml');
    writeFileSync(a, 'train: { computation_time: 0.2, computation_time_stdev: 0.02, epochs: 1 }\n');
    writeFileSync(b, 'train: { computation_time: { mean: 0.3, stdev: 0.05, type: normal }, epochs: 1 }\n');
    expect(readDlio(a).workload).toMatchObject({ computeTime: 0.2, computeTimeStdev: 0.02 });
    expect(readDlio(b).workload).toMatchObject({ computeTime: 0.3, computeTimeStdev: 0.05 });
  });

  test('computeTimeSpread: the spread as a fraction of the time per batch, the same draws as the stdev it stands for', () => {
    const stdev = run(scenario(1, 8, dp));
    const spread = run(scenario(1, 8, dp).replace('computeTimeStdev: 10 ms', 'computeTimeSpread: 0.1'));
    expect(spread.stepTime).toBe(stdev.stepTime);
    // it follows the time per batch: 200 ms x 0.1 = 20 ms
    const longer = run(scenario(1, 8, dp).replace('computeTimeStdev: 10 ms', 'computeTimeSpread: 0.1').replace('computeTime: 100 ms', 'computeTime: 200 ms'));
    expect(Math.abs(longer.stepTime * 1e3 - (200 + 20 * EMAX8))).toBeLessThan(1);
    // both at once are refused; a --set of one replaces the other
    expect(() => run(scenario(1, 8, `computeTimeSpread: 0.1\n    ${dp}`))).toThrow(/computeTimeStdev and computeTimeSpread both give the spread/);
    const set = runScenario(loadScenarioText(scenario(1, 8, dp), 's.yaml', { overrides: parseOverrides(['workloads[0].computeTimeSpread=0.1'], '--set') })).workloads[0] as unknown as W;
    expect(set.stepTime).toBe(stdev.stepTime);
  });
});
