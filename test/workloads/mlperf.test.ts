// MLPerf Storage semantics of the ai-training workload on the DLIO configs (validation README B.1/B.2):
// with storage far faster than needed AU >= 99% and the read demand per accelerator is the derived
// figure; with storage bandwidth B, the most accelerators meeting the AU threshold is B / (demand x AU).
import { join } from 'node:path';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';

const dlioDir = join(import.meta.dirname, '..', '..', 'scenarios', 'mlperf-storage', 'dlio');

/** Derived MB/s per accelerator at 100% AU (validation README B.1) and the AU threshold. */
const CASES: [string, number, number, string][] = [
  ['unet3d_a100', 1613.5e6, 0.9, '30 GB/s'],
  ['unet3d_h100', 3177.1e6, 0.9, '60 GB/s'],
  ['resnet50_a100', 105.4e6, 0.9, '2 GB/s'],
  ['resnet50_h100', 204.8e6, 0.9, '4 GB/s'],
  ['cosmoflow_a100', 513.3e6, 0.7, '7.5 GB/s'],
  ['cosmoflow_h100', 808.1e6, 0.7, '12 GB/s'],
];

interface Training { acceleratorUtilization: number; readDemandPerAccelerator: number; batch?: number }

function train(config: string, accelerators: number, storage: string, stepsPerEpoch: number): Training {
  const batch = { unet3d: 7, resnet50: 400, cosmoflow: 1 }[config.split('_')[0] as 'unet3d']!;
  const yaml = `name: mlperf
system:
  nodes:
    - id: client
      nic: { bandwidth: 100 TB/s }
      tiers:
        - { id: dram, kind: dram, bandwidth: 100 TB/s }
  storage:
    - { id: storage, kind: pfs, bandwidth: ${storage}, attach: { bandwidth: 100 TB/s } }
  network: { kind: star }
workloads:
  - kind: ai-training
    id: t
    dlio: ${join(dlioDir, config + '.yaml')}
    nodes: client
    acceleratorsPerNode: ${accelerators}
    dataset: { location: storage, samples: ${stepsPerEpoch * batch * accelerators} }
    epochs: 1
`;
  return runScenario(loadScenarioText(yaml, join(dlioDir, '..', 'test.yaml'))).workloads[0] as unknown as Training;
}

describe('MLPerf Storage workloads', () => {
  test.each(CASES)('%s with storage far faster than needed: AU >= 99%%, demand within 2%% of the derived figure', (config, demand) => {
    const r = train(config, 4, '1000 TB/s', 200);
    expect(r.acceleratorUtilization).toBeGreaterThanOrEqual(0.99);
    expect(Math.abs(r.readDemandPerAccelerator - demand) / demand).toBeLessThan(0.02);
  });

  test.each(CASES)('%s on storage of bandwidth B: the most accelerators meeting the AU threshold is B / (demand x AU) within 5%%', (config, demand, minAU, storage) => {
    const B = Number(storage.split(' ')[0]) * 1e9;
    const expected = B / (demand * minAU);
    // bisection on the accelerator count (AU falls as accelerators are added)
    let lo = 1, hi = 64, evaluations = 0;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      evaluations++;
      if (train(config, mid, storage, 60).acceleratorUtilization >= minAU) lo = mid;
      else hi = mid - 1;
    }
    expect(Math.abs(lo - expected) / expected).toBeLessThan(0.05);
    expect(evaluations).toBeLessThanOrEqual(8);
  });
});
