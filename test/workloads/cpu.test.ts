// Loader preprocessing on a modelled CPU: the workers of a node share its cores.
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';

const scenario = (cpus: string) => `
name: cpu
system:
  nodes:
    - id: n
      ${cpus}
      tiers: [{ id: dram, kind: dram, capacity: 1 TB, bandwidth: 1000 TB/s }]
workloads:
  - kind: ai-training
    id: t
    nodes: n
    acceleratorsPerNode: 2
    dataset: { location: n/dram, to: n/dram, samples: 20000, sampleSize: 1 kB }
    loader: { batchSize: 10, readThreads: 4, preprocessTime: 10 ms }
    computeTime: 20 ms
    epochs: 1
`;
const stepTime = (cpus: string) => (runScenario(loadScenarioText(scenario(cpus), 'cpu.yaml')).workloads[0] as unknown as { stepTime: number }).stepTime;

test('8 loader workers on 4 cores take twice as long per batch as on 8', () => {
  // A batch is 10 x 10 ms = 0.1 core-seconds. With a core per worker, 4 workers per accelerator
  // make a batch every 25 ms; on 4 cores shared by 8 workers, every 50 ms: the CPU bounds the step.
  expect(stepTime('')).toBeCloseTo(0.025, 3);
  expect(stepTime('cpus: 8')).toBeCloseTo(0.025, 3);
  expect(stepTime('cpus: 4')).toBeCloseTo(0.05, 3);
});

test('the CPU shows as the bottleneck of a preprocessing-bound run', () => {
  const r = runScenario(loadScenarioText(scenario('cpus: 4'), 'cpu.yaml'));
  expect(r.resources.find((x) => x.id === 'n[0]:cpu')!.utilization).toBeGreaterThan(0.95);
});

test('catalog systems carry their nodes\' cores: 64 loader workers on a DGX-1 share its 40', () => {
  // 8 V100 x 8 workers, a batch of 100 samples x 10 ms = 1 core-second: on 40 cores the node makes
  // 40 batches a second (5 per GPU: 200 ms a step), not the 64 its workers could with a core each.
  const yaml = `
name: dgx1-cpu
system: { base: dgx1-v100 }
workloads:
  - kind: ai-training
    id: t
    nodes: dgx1
    acceleratorsPerNode: 8
    dataset: { location: dgx1/dram, to: dgx1/dram, samples: 160000, sampleSize: 1 kB }
    loader: { batchSize: 100, readThreads: 8, preprocessTime: 10 ms }
    computeTime: 10 ms
    epochs: 1
`;
  const r = runScenario(loadScenarioText(yaml, 'dgx1-cpu.yaml'));
  expect((r.workloads[0] as unknown as { stepTime: number }).stepTime).toBeCloseTo(0.2, 2);
  expect(r.resources.find((x) => x.id === 'dgx1[0]:cpu')!.capacity).toBe(40);
});
