// The copy of each batch to accelerator memory (loader.copyTo): every step, after taking the batch,
// the training process copies batch x copyBytesPerSample from host memory to the hbm tier over the
// node's PCIe link, before computing: exposed, and counted with the hand-off in the I/O stall.
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { InputError } from '../../src/issues.ts';

const scenario = (perNode: number, loader = 'copyTo: gpu/hbm, copyBytesPerSample: 602112 B') => `
name: copy
system:
  nodes:
    - id: gpu
      count: 1
      pcie: { bandwidth: 15.75 GB/s }
      tiers:
        - { id: data, kind: dram, bandwidth: 1000 TB/s }
        - { id: dram, kind: dram, bandwidth: 1000 TB/s }
        - { id: hbm, kind: hbm, capacity: 32 GB, bandwidth: 900 GB/s }
workloads:
  - kind: ai-training
    id: t
    nodes: gpu
    acceleratorsPerNode: ${perNode}
    dataset: { location: gpu/data, to: gpu/dram, samples: ${32 * perNode * 500}, sampleSize: 100 kB }
    loader: { batchSize: 32, readThreads: 2, ${loader} }
    computeTime: 10 ms
    epochs: 1
`;
interface W { stepTime: number; hostToDeviceFraction?: number; stallFractions: { io: number }; ioStallCauses: { handoff: number } }
const run = (yaml: string) => runScenario(loadScenarioText(yaml, 's.yaml')).workloads[0] as unknown as W;

test('each step waits for its batch to cross PCIe: 32 x 602,112 B at 15.75 GB/s = 1.2233 ms, on every accelerator\'s own link', () => {
  const copy = (32 * 602112) / 15.75e9;
  const one = run(scenario(1));
  expect(one.stepTime).toBeCloseTo(0.010 + copy, 6);
  expect(one.hostToDeviceFraction).toBeCloseTo(copy / (0.010 + copy), 3);
  expect(one.ioStallCauses.handoff).toBeCloseTo(one.hostToDeviceFraction!, 6);
  // pcie.bandwidth is each accelerator's link (as the catalog's PCIe 4.0 x16, 31 GB/s per GPU): two
  // accelerators copy at the same time, each at the full rate (host memory here is far faster)
  const two = run(scenario(2));
  expect(two.stepTime).toBeCloseTo(0.010 + copy, 6);
  const none = run(scenario(1, 'prefetch: 2'));
  expect(none.stepTime).toBeCloseTo(0.010, 6);
  expect(none.hostToDeviceFraction).toBeUndefined();
});

test('copyTo must be accelerator memory on the training nodes', () => {
  const issues = (loader: string) => {
    try {
      loadScenarioText(scenario(1, loader), 's.yaml');
      return '';
    } catch (e) {
      return (e as InputError).message;
    }
  };
  expect(issues('copyTo: gpu/dram')).toMatch(/"gpu\/dram" is a dram tier, not accelerator memory/);
  expect(issues('copyTo: gpu/hmb')).toMatch(/did you mean "hbm"/);
});

test('evaluation steps copy their batches to accelerator memory too', () => {
  const copy = (32 * 602112) / 15.75e9;
  const yaml = scenario(1).replace('    epochs: 1\n', '    epochs: 1\n    evaluation: { samples: 3200, batchSize: 32, computeTime: 5 ms }\n');
  const r = runScenario(loadScenarioText(yaml, 's.yaml')).workloads[0] as unknown as { evaluations: number; evaluationFraction: number; makespan: number };
  expect(r.evaluations).toBe(1);
  // 100 evaluation steps of 5 ms compute + the copy (the loaders keep ahead)
  expect(r.evaluationFraction * r.makespan).toBeCloseTo(100 * (0.005 + copy), 3);
});
