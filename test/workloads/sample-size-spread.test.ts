// A spread in the sample size (dataset.sampleSizeStdev, DLIO record_length_bytes_stdev): each
// accelerator's batch of b samples is N(b x mean, sqrt(b) x stdev) bytes; a node's accelerators read
// the mean of their draws together, so the bytes are the sum of the draws. Where the node's reads
// share one bandwidth, all bytes move at the full rate until the last is done, so the mean step time
// is the flat one (the spread moves bytes between steps and nodes, not in total).
import { join } from 'node:path';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { readDlio } from '../../src/scenario/dlio.ts';

// 8 accelerators on one node read from the node's SSD into DRAM, one batch of 4 samples of 1 MB each
// per step, the training process loading each batch itself (readThreads 0), 1 ms of compute.
const scenario = (ssd: string, extra = '') => `
name: spread
system:
  nodes:
    - id: gpu
      count: 1
      tiers:
        - { id: dram, kind: dram, bandwidth: 1000 TB/s }
        - { id: ssd, kind: ssd, ${ssd} }
workloads:
  - kind: ai-training
    id: t
    nodes: gpu
    acceleratorsPerNode: 8
    dataset: { location: gpu/ssd, samples: ${8 * 4 * 4000}, sampleSize: 1 MB, sampleSizeStdev: 0.5 MB }
    loader: { batchSize: 4, readThreads: 0 }
    computeTime: 1 ms
    epochs: 1
    ${extra}
`;
interface W { stepTime: number; bytesRead: number }
const run = (yaml: string, seed?: number) => runScenario(loadScenarioText(yaml, 's.yaml'), seed === undefined ? {} : { seed });

describe('sample size spread', () => {
  const shared = 'readBandwidth: 8 GB/s, writeBandwidth: 8 GB/s';
  const flatOf = (yaml: string) => yaml.replace('sampleSizeStdev: 0.5 MB', 'sampleSizeStdev: 0 B');

  test('one shared bandwidth: the mean step time and the bytes read are the flat ones, within their standard errors', () => {
    // 8 batches of 4 MB +- 1 MB share 8 GB/s: 32 MB +- 2.83 MB a step, 4 ms +- 0.35 ms, then 1 ms of
    // compute; over 4000 steps the standard error of the mean is 0.045 MB (0.14%)
    const w = run(scenario(shared)).workloads[0] as unknown as W;
    const flat = run(flatOf(scenario(shared))).workloads[0] as unknown as W;
    expect(flat.stepTime * 1e3).toBeCloseTo(4 + 1, 6);
    expect(Math.abs(w.bytesRead / flat.bytesRead - 1)).toBeLessThan(4 * 0.0014);
    expect(Math.abs(w.stepTime / flat.stepTime - 1)).toBeLessThan(4 * 0.0014 * 0.8);
    // the spread is drawn: bytes differ from the flat run's, and are whole numbers (sums of whole-byte draws)
    expect(w.bytesRead).not.toBe(flat.bytesRead);
    expect(Number.isInteger(w.bytesRead)).toBe(true);
  });

  test('per-sample reads draw every sample, with the same mean', () => {
    const perSample = (y: string) => y.replace('readThreads: 0 }', 'readThreads: 0, readPerSample: true }');
    const w = run(perSample(scenario(shared))).workloads[0] as unknown as W;
    const flat = run(flatOf(perSample(scenario(shared)))).workloads[0] as unknown as W;
    expect(Math.abs(w.bytesRead / flat.bytesRead - 1)).toBeLessThan(4 * 0.0014);
    expect(w.bytesRead).not.toBe(flat.bytesRead);
  });

  test('drawn from the seeded generator: the same seed gives the same result, another seed another', () => {
    const a = JSON.stringify(run(scenario(shared)));
    expect(JSON.stringify(run(scenario(shared)))).toBe(a);
    const r = run(scenario(shared), 2);
    expect(JSON.stringify(r)).not.toBe(a);
    expect(r.randomStreams).toContain('t/sizes/gpu[0]');
  });

  test('a DLIO file\'s record_length_bytes_stdev is the spread (unet3d: 68,341,808 B), and it is simulated', () => {
    const d = readDlio(join(import.meta.dirname, '..', '..', 'scenarios', 'mlperf-storage', 'dlio', 'unet3d_a100.yaml'));
    expect(d.workload!.sampleSizeStdev).toBe(68341808);
    expect(d.workload!.notModelled.join(' ')).not.toMatch(/record_length/);
  });
});
