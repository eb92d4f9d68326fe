// An ensemble of independent training jobs sharing the storage.
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';

const scenario = (ensemble: number, nodes: number) => `
name: ensemble
system:
  nodes: [{ id: g, count: ${nodes}, nic: { bandwidth: 100 GB/s }, tiers: [{ id: dram, kind: dram, capacity: 1 TB, bandwidth: 400 GB/s }] }]
  storage: [{ id: pfs, kind: pfs, readBandwidth: 8 GB/s, writeBandwidth: 8 GB/s, attach: { bandwidth: 100 GB/s } }]
  network: { kind: star }
workloads:
  - kind: ai-training
    id: hp
    ensemble: ${ensemble}
    nodes: g
    acceleratorsPerNode: 4
    dataset: { location: pfs, samples: 40000, sampleSize: 1 MB }
    loader: { batchSize: 10, readThreads: 2 }
    computeTime: 1 ms
    epochs: 1
`;
type W = { id: string; accelerators: number; readThroughput: number; acceleratorUtilization: number };

test('each member runs on its share of the nodes, reported one by one, and they share the PFS', () => {
  const alone = runScenario(loadScenarioText(scenario(1, 1), 'e.yaml')).workloads[0] as unknown as W;
  const four = runScenario(loadScenarioText(scenario(4, 4), 'e.yaml')).workloads as unknown as W[];
  expect(four.map((w) => w.id)).toEqual(['hp#0', 'hp#1', 'hp#2', 'hp#3']);
  for (const w of four) expect(w.accelerators).toBe(4);
  // One job alone reads at the 8 GB/s of the PFS; four together share it: 2 GB/s each.
  expect(alone.readThroughput).toBeCloseTo(8e9, -8);
  for (const w of four) expect(w.readThroughput).toBeCloseTo(2e9, -8);
});

test('an ensemble that does not divide the nodes is refused', () => {
  expect(() => runScenario(loadScenarioText(scenario(3, 4), 'e.yaml'))).toThrow(/ensemble of 3 jobs cannot share the 4 nodes/);
});
