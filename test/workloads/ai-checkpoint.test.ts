// AI training checkpoints: synchronous to a fast tier with an asynchronous drain to a lower one, and
// a resumed job reading its checkpoint back before training.
import { runScenario } from '../../src/scenario/run.ts';
import { join } from 'node:path';
import { loadScenarioText, loadScenarioFile } from '../../src/scenario/load.ts';
import { parseOverrides } from '../../src/scenario/overrides.ts';

/** 2 nodes of 4 accelerators (`nodes`: 1 node with PCIe links and accelerator memory instead). */
const scenario = (checkpoint: string, nodes = 2) => `
name: ai-ckpt
system:
  nodes:
    - id: gpu
      count: ${nodes}
      nic: { bandwidth: 100 GB/s }${nodes === 1 ? `
      pcie: { bandwidth: 25 GB/s }` : ''}
      tiers:${nodes === 1 ? `
        - { id: hbm, kind: hbm, capacity: 320 GB, bandwidth: 8 TB/s }` : ''}
        - { id: dram, kind: dram, capacity: 1 TB, bandwidth: 200 GB/s }
        - { id: nvme, kind: ssd, capacity: 10 TB, readBandwidth: 10 GB/s, writeBandwidth: 10 GB/s }
  storage:
    - { id: pfs, kind: pfs, readBandwidth: 4 GB/s, writeBandwidth: 2 GB/s, attach: { bandwidth: 100 GB/s } }
  network: { kind: star }
workloads:
  - kind: ai-training
    id: t
    nodes: gpu
    acceleratorsPerNode: 4
    dataset: { location: gpu/nvme, samples: 8000, sampleSize: 1 MB }
    loader: { batchSize: 10, readThreads: 4 }
    computeTime: 1 s
    epochs: 2
    ${checkpoint ? `checkpoint: ${checkpoint}` : ''}
`;
type T = { stallFractions: { checkpoint: number }; projectedTime: number; checkpoints: number; drainedBytes?: number; lastDrainEnd?: number; restartTime?: number };
const run = (ck: string) => {
  const r = runScenario(loadScenarioText(scenario(ck), 'ai-ckpt.yaml'));
  return { r, w: r.workloads[0] as unknown as T };
};

describe('ai-training checkpoints', () => {
  // Every accelerator writes 20 GB: 80 GB per node. To node NVMe at 10 GB/s: 8 s. To the PFS:
  // 160 GB from both nodes at 2 GB/s: 80 s.
  const ck = (more: string) => `{ everyEpochs: 1, size: 20 GB, to: gpu/nvme, writers: all${more} }`;

  test('a drain to the PFS runs behind training: the job waits only for the NVMe write', () => {
    const sync = run(ck(''));
    const pfs = run('{ everyEpochs: 1, size: 20 GB, to: pfs, writers: all }');
    const drained = run(ck(', drainTo: pfs'));
    // 2 checkpoints of 8 s to NVMe; 2 of 80 s straight to the PFS
    expect(sync.w.projectedTime - 2 * 8).toBeCloseTo(pfs.w.projectedTime - 2 * 80, 3);
    // training with the drain takes as long as with NVMe alone (the drain overlaps epoch 2, and the
    // last one runs after training)
    expect(drained.w.drainedBytes).toBe(2 * 2 * 80e9);
    expect(drained.w.projectedTime).toBeCloseTo(sync.w.projectedTime, 0);
    // the run ends when the last drain does: 80 s after the last checkpoint
    expect(drained.r.simulatedTime).toBeCloseTo(drained.w.projectedTime + 80, 0);
  });

  test('a resumed job reads its checkpoint back first, from the drain tier', () => {
    const resumed = run(ck(', drainTo: pfs, restart: true'));
    // 160 GB from the PFS at 4 GB/s
    expect(resumed.w.restartTime).toBeCloseTo(40, 6);
    const fresh = run(ck(', drainTo: pfs'));
    expect(resumed.w.projectedTime - fresh.w.projectedTime).toBeCloseTo(40, 3);
  });

  test('draining to the tier written to is refused', () => {
    expect(() => run('{ everyEpochs: 1, size: 20 GB, to: pfs, drainTo: pfs }')).toThrow(/cannot drain to the tier it is written to/);
  });

  test('an asynchronous checkpoint: a snapshot from the accelerators\' memory to host memory, each GPU over its own PCIe, then a drain behind training', () => {
    // 4 GPUs write 10 GB each. Snapshot: 10 GB over each GPU's own 25 GB/s PCIe link = 0.4 s (host
    // memory takes the 40 GB at 200 GB/s: 0.2 s). Straight to the PFS from host memory: 40 GB at 2 GB/s = 20 s.
    const go = (ck: string) => runScenario(loadScenarioText(scenario(ck, 1), 'async.yaml')).workloads[0] as unknown as T;
    const none = go('');
    const sync = go('{ everyEpochs: 1, size: 10 GB, writers: all, to: pfs }');
    const snap = go('{ everyEpochs: 1, size: 10 GB, writers: all, from: gpu/hbm, to: gpu/dram, drainTo: pfs, keep: 1 }');
    expect(sync.projectedTime - none.projectedTime).toBeCloseTo(2 * 20, 3);
    expect(snap.projectedTime - none.projectedTime).toBeCloseTo(2 * 0.4, 3);
    expect(snap.drainedBytes).toBe(2 * 40e9);
    // what held the writes training waited for: the PFS, or each GPU's PCIe link for the snapshot
    expect((sync as unknown as { checkpointBottleneck: { resource: string } }).checkpointBottleneck.resource).toBe('pfs:write');
    expect((snap as unknown as { checkpointBottleneck: { resource: string } }).checkpointBottleneck.resource).toBe('gpu[*]:pcie');
    expect((none as unknown as Record<string, unknown>).checkpointBottleneck).toBeUndefined();
    // copied from the accelerators' memory: one tier cannot be both ends
    expect(() => go('{ everyEpochs: 1, size: 10 GB, from: gpu/hbm, to: gpu/hbm }')).toThrow(/another tier than the one it is copied from \(gpu\/hbm\)/);
    expect(() => go('{ everyEpochs: 1, size: 10 GB, from: pfs, to: gpu/dram }')).toThrow(/copied from a tier of the training nodes/);
  });

  test('scenarios/llm-checkpoint/llama3-8b-training-async.yaml: 10 synchronous checkpoints of 113 GB at 170 GB/s, or 10 snapshots of 3.5 GB a GPU over 31 GB/s PCIe', () => {
    const file = join(import.meta.dirname, '..', '..', 'scenarios', 'llm-checkpoint', 'llama3-8b-training-async.yaml');
    const paused = (sets: string[]) => {
      const w = runScenario(loadScenarioFile(file, { overrides: parseOverrides(sets) })).workloads[0] as unknown as T & { checkpointSize: number };
      return { seconds: w.stallFractions.checkpoint * w.projectedTime, size: w.checkpointSize };
    };
    const sync = paused([]);
    expect(sync.size).toBeCloseTo(8.05e9 * 14, -6);
    expect(sync.seconds).toBeCloseTo(10 * (8.05e9 * 14) / 170e9, 1);
    const snap = paused(['workloads[0].checkpoint.from=dgx/hbm', 'workloads[0].checkpoint.to=dgx/dram', 'workloads[0].checkpoint.drainTo=pfs', 'workloads[0].checkpoint.keep=1']);
    expect(snap.seconds).toBeCloseTo(10 * (8.05e9 * 14 / 32) / 31e9, 1);
  });
});
