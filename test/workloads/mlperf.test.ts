// MLPerf Storage semantics of the ai-training workload on the DLIO configs (validation README B.1/B.2):
// with storage far faster than needed AU >= 99% and the read demand per accelerator is the derived
// figure; with storage bandwidth B, the most accelerators meeting the AU threshold is B / (demand x AU).
import { join } from 'node:path';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { summarize } from '../../src/report/summary.ts';

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

function scenarioText(config: string, accelerators: number, storage: string, stepsPerEpoch: number): string {
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
  return yaml;
}

function train(config: string, accelerators: number, storage: string, stepsPerEpoch: number): Training {
  return runScenario(loadScenarioText(scenarioText(config, accelerators, storage, stepsPerEpoch), join(dlioDir, '..', 'test.yaml'))).workloads[0] as unknown as Training;
}

describe('MLPerf Storage workloads', () => {
  test.each(CASES)('%s with storage far faster than needed: AU >= 99%%, demand within 2%% of the derived figure', (config, demand) => {
    const r = train(config, 4, '1000 TB/s', 200);
    expect(r.acceleratorUtilization).toBeGreaterThanOrEqual(0.99);
    expect(Math.abs(r.readDemandPerAccelerator - demand) / demand).toBeLessThan(0.02);
  });

  test('the summary also gives the read rates as MLPerf Storage prints them (MiB/s), as in B.1', () => {
    // unet3d on an H100: 3177.1 MB/s per accelerator at 100% AU = 3029.9 MiB/s (validation README B.1)
    const text = summarize(runScenario(loadScenarioText(scenarioText('unet3d_h100', 4, '1000 TB/s', 200), join(dlioDir, '..', 'test.yaml'))));
    const m = /As MLPerf Storage reports it \("MB\/s", which are MiB\/s\): ([\d,]+) MiB\/s in all, ([\d,]+) MiB\/s per accelerator\./.exec(text);
    expect(m).not.toBeNull();
    const [all, each] = [m![1]!, m![2]!].map((x) => Number(x.replace(/,/g, ''))) as [number, number];
    expect(Math.abs(each - 3029.9) / 3029.9).toBeLessThan(0.02);
    expect(Math.abs(all - 4 * each)).toBeLessThanOrEqual(2);
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
