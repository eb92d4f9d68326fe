// File-format overhead: bytes a sample carries on storage besides its data (dataset.recordOverhead;
// TFRecord frames each record with 16 B) and bytes per file (dataset.fileOverhead, e.g. a .npy
// header), read with the samples: every epoch reads samples x (size + record + file / per-file).
import { join } from 'node:path';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { readDlio } from '../../src/scenario/dlio.ts';

const scenario = (dataset: string) => `
name: format
system:
  nodes:
    - { id: gpu, count: 2, nic: { bandwidth: 100 GB/s }, tiers: [{ id: dram, kind: dram, bandwidth: 1000 TB/s }] }
  storage:
    - { id: pfs, kind: pfs, readBandwidth: 10 GB/s, writeBandwidth: 10 GB/s, attach: { bandwidth: 100 GB/s } }
  network: { kind: star }
workloads:
  - kind: ai-training
    id: t
    nodes: gpu
    acceleratorsPerNode: 2
    dataset: { location: pfs, samples: 4000, sampleSize: 1 MB, samplesPerFile: 4${dataset} }
    loader: { batchSize: 10, readThreads: 2 }
    computeTime: 1 ms
    epochs: 2
`;
const bytesRead = (dataset: string) => (runScenario(loadScenarioText(scenario(dataset), 's.yaml')).workloads[0] as { bytesRead: number }).bytesRead;

test('every sample read also moves its record framing and its share of its file\'s header', () => {
  expect(bytesRead('')).toBe(2 * 4000 * 1e6);
  expect(bytesRead(', recordOverhead: 16 B, fileOverhead: 128 B')).toBeCloseTo(2 * 4000 * (1e6 + 16 + 128 / 4), 0);
});

test('a DLIO file of format tfrecord has 16 B per record (length + two CRCs); npz has none set', () => {
  const dlio = (f: string) => readDlio(join(import.meta.dirname, '..', '..', 'scenarios', 'mlperf-storage', 'dlio', f)).workload!;
  expect(dlio('resnet50_a100.yaml').recordOverhead).toBe(16);
  expect(dlio('cosmoflow_a100.yaml').recordOverhead).toBe(16);
  expect(dlio('unet3d_a100.yaml').recordOverhead).toBeUndefined();
});
