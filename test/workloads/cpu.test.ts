// Loader preprocessing on a modelled CPU: the workers of a node share its cores.
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';

/** A training workload on node group `g` of `system`, preprocessing every sample on the CPU. */
const training = (system: string, g: string, w: { gpus: number; samples: number; batch: number; workers: number; compute: string }) => `
name: cpu
system: ${system}
workloads:
  - kind: ai-training
    id: t
    nodes: ${g}
    acceleratorsPerNode: ${w.gpus}
    dataset: { location: ${g}/dram, to: ${g}/dram, samples: ${w.samples}, sampleSize: 1 kB }
    loader: { batchSize: ${w.batch}, readThreads: ${w.workers}, preprocessTime: 10 ms }
    computeTime: ${w.compute}
    epochs: 1
`;
const scenario = (cpus: string) => training(`
  nodes:
    - id: n
      ${cpus}
      tiers: [{ id: dram, kind: dram, capacity: 1 TB, bandwidth: 1000 TB/s }]`, 'n', { gpus: 2, samples: 20000, batch: 10, workers: 4, compute: '20 ms' });
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
  const yaml = training('{ base: dgx1-v100 }', 'dgx1', { gpus: 8, samples: 160000, batch: 100, workers: 8, compute: '10 ms' });
  const r = runScenario(loadScenarioText(yaml, 'dgx1-cpu.yaml'));
  expect((r.workloads[0] as unknown as { stepTime: number }).stepTime).toBeCloseTo(0.2, 2);
  expect(r.resources.find((x) => x.id === 'dgx1[0]:cpu')!.capacity).toBe(40);
});
