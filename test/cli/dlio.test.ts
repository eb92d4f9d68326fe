// `tiersim dlio FILE --system SYSTEM`: a DLIO / MLPerf Storage workload file run on a catalog system
// without a scenario; the dataset sized by MLPerf's rule; checkpoint-only files as checkpointing.
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.ts';

const root = join(import.meta.dirname, '..', '..');
const dlio = (f: string) => join(root, 'scenarios', 'mlperf-storage', 'dlio', f);

async function cli(...argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), stderrIsTTY: false });
  return { code, out, err };
}

test('a training file: its dataset grown to MLPerf\'s minimum (500 steps an epoch, 5 x host memory), read from the system\'s Lustre', async () => {
  const r = await cli('dlio', dlio('unet3d_a100.yaml'), '--system', 'dgx-a100-cluster', '--node-count', '2', '--json');
  expect(r.code).toBe(0);
  // 2 DGX x 2 TB x 5 / 146,600,628 B = 136,426 samples (rounded up) > 500 steps x 7 x 16 accelerators = 56,000
  expect(r.err).toContain('sized as MLPerf Storage sizes it: 136,426 samples');
  const w = JSON.parse(r.out).workloads[0];
  expect(w).toMatchObject({ kind: 'ai-training', accelerators: 16, accelerator: 'a100', dlio: 'unet3d' });
  expect(w.stepsPerEpoch).toBe(Math.floor(136426 / (7 * 16)));
  expect(w.acceleratorUtilization).toBeGreaterThan(0.9);
});

test('a checkpoint-only file becomes a checkpointing workload; --write-scenario saves what ran, which runs the same', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tiersim-dlio-'));
  try {
    const file = join(dir, 'llama.yaml');
    const r = await cli('dlio', dlio('llama3_70b.yaml'), '--system', 'dgx-a100-cluster', '--node-count', '8', '--write-scenario', file, '--json');
    expect(r.code).toBe(0);
    const w = JSON.parse(r.out).workloads[0];
    expect(w).toMatchObject({ kind: 'checkpointing', ranks: 64, writes: 10, reads: 10, to: 'pfs' });
    expect(readFileSync(file, 'utf8')).toMatch(/kind: checkpointing/);
    const again = await cli('run', file, '--json');
    expect(JSON.parse(again.out).workloads[0].writeTime).toBe(w.writeTime);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input: an unknown system or node group, every problem at once, exit 2', async () => {
  const sys = await cli('dlio', dlio('unet3d_a100.yaml'), '--system', 'dgx-a100-clustr');
  expect(sys.code).toBe(2);
  expect(sys.err).toContain('unknown system "dgx-a100-clustr"');
  expect(sys.err).toContain('did you mean "dgx-a100-cluster"?');
  const grp = await cli('dlio', dlio('unet3d_a100.yaml'), '--system', 'dgx-a100-cluster', '--nodes', 'gpu');
  expect(grp.code).toBe(2);
  expect(grp.err).toContain('has no node group "gpu"');
  const scenario = await cli('dlio', join(root, 'scenarios', 'default.yaml'), '--system', 'dgx-a100-cluster');
  expect(scenario.code).toBe(2);
  expect(scenario.err).toMatch(/unknown DLIO section "name"/);
});

test('a DLIO file given to run points at the dlio command', async () => {
  const r = await cli('run', dlio('unet3d_a100.yaml'));
  expect(r.code).toBe(2);
  expect(r.err).toContain('tiersim dlio FILE --system dgx-a100-cluster');
});

/** A DLIO file written for a test, in a folder of its own. */
function dlioFile(text: string): { file: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tiersim-dlio-'));
  const file = join(dir, 'w.yaml');
  writeFileSync(file, text);
  return { file, done: () => rmSync(dir, { recursive: true, force: true }) };
}
const small = (name: string, extra = '') => `model: { name: ${name} }
framework: pytorch
workflow: { generate_data: False, train: True }
dataset: { data_folder: d, format: npz, num_files_train: 64, num_samples_per_file: 1, record_length_bytes: 2500 }
reader: { data_loader: pytorch, batch_size: 1, read_threads: 1 }
train: { epochs: 1, computation_time: 0.001, total_training_steps: 10 }
${extra}`;

test('MLPerf\'s sizing rule applies to MLPerf\'s workloads only, and stops at the most samples a dataset may have', async () => {
  // resnet50 with 2,500 B records on 2 DGX A100 (4 TB of memory): 5 x 4 TB / 2,500 B = 8e9 samples > 1e9
  const f = dlioFile(small('resnet50'));
  const toy = dlioFile(small('toy'));
  try {
    const r = await cli('dlio', f.file, '--system', 'dgx-a100-cluster', '--node-count', '2', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toContain('asks for 8,000,000,000 samples');
    expect(r.err).toContain('so the dataset is 1,000,000,000 samples');
    expect(JSON.parse(r.out).workloads[0].datasetStepsPerEpoch).toBe(Math.floor(1e9 / 16));
    // any other DLIO file runs with the dataset it describes: 64 samples, 4 steps of 16
    const t = await cli('dlio', toy.file, '--system', 'dgx-a100-cluster', '--node-count', '2', '--json');
    expect(t.code).toBe(0);
    expect(t.err).not.toContain('samples');
    expect(JSON.parse(t.out).workloads[0].stepsPerEpoch).toBe(4);
  } finally {
    f.done();
    toy.done();
  }
});

test('a dataset-generation file is simulated as the ranks writing the dataset\'s files', async () => {
  // 64 files of 2,500 B on 2 nodes of 8 ranks: 32 files from each node's memory to the Lustre
  const f = dlioFile(small('toy').replace('generate_data: False, train: True', 'generate_data: True, train: False'));
  const big = dlioFile(small('toy').replace('generate_data: False, train: True', 'generate_data: True, train: False').replace('record_length_bytes: 2500', 'record_length_bytes: 1000000000'));
  try {
    const r = await cli('dlio', f.file, '--system', 'dgx-a100-cluster', '--node-count', '2', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toContain('simulated as 16 ranks writing 64 files (160 kB) to pfs, 32 from each node, 8 at a time');
    const w = JSON.parse(r.out).workloads[0];
    expect(w).toMatchObject({ kind: 'transfers', bytesWritten: 64 * 2500 });
    // 64 GB: the E1000's write bandwidth sets the time (MLPerf v1.0's declared figure)
    const b = JSON.parse((await cli('dlio', big.file, '--system', 'dgx-a100-cluster', '--node-count', '2', '--json')).out);
    const pfsWrite = b.resources.find((x: { id: string }) => x.id === 'pfs:write').capacity;
    expect(b.workloads[0].bytesWritten).toBe(64e9);
    expect(b.workloads[0].makespan).toBeGreaterThanOrEqual(64e9 / pfsWrite);
    expect(b.workloads[0].makespan).toBeLessThan((64e9 / pfsWrite) * 1.05);
    // there is no AU to keep
    expect((await cli('dlio', f.file, '--system', 'dgx-a100-cluster', '--max-accelerators')).code).toBe(2);
  } finally {
    f.done();
    big.done();
  }
});

test('checkpoint ranks that are not whole model replicas are told in the command\'s terms; --world-ranks runs them as part of a larger job', async () => {
  const r = await cli('dlio', dlio('llama3_405b.yaml'), '--system', 'dgx-a100-cluster', '--node-count', '2');
  expect(r.code).toBe(2);
  expect(r.err).toContain('--node-count: 2 nodes x 8 ranks = 16 ranks, not a whole number of llama3_405b.yaml\'s model replicas: tensor 8 x pipeline 32 = 256 ranks');
  expect(r.err).toContain('--node-count 32');
  expect(r.err).toContain('--world-ranks');
  const bad = await cli('dlio', dlio('llama3_405b.yaml'), '--system', 'dgx-a100-cluster', '--node-count', '2', '--world-ranks', '500');
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('--world-ranks: 500 ranks are not a whole number');
  const ok = await cli('dlio', dlio('llama3_405b.yaml'), '--system', 'dgx-a100-cluster', '--node-count', '2', '--world-ranks', '512', '--json');
  expect(ok.code).toBe(0);
  expect(JSON.parse(ok.out).workloads[0]).toMatchObject({ kind: 'checkpointing', ranks: 16 });
});

test('a problem in the scenario the command builds names the DLIO file, not a temporary file', async () => {
  // 8 evaluation samples cannot make one step of 16 accelerators
  const f = dlioFile(small('toy', 'evaluation: { eval_time: 0.01 }\n').replace('generate_data: False, train: True', 'generate_data: False, train: True, evaluation: True').replace('num_samples_per_file: 1,', 'num_samples_per_file: 1, num_files_eval: 8,'));
  try {
    const r = await cli('dlio', f.file, '--system', 'dgx-a100-cluster', '--node-count', '2');
    expect(r.code).toBe(2);
    expect(r.err).toContain('the scenario built from w.yaml on dgx-a100-cluster: workloads[0].evaluation.samples');
    expect(r.err).toContain('--write-scenario FILE');
    expect(r.err).not.toContain(tmpdir());
  } finally {
    f.done();
  }
});

test('--max-accelerators stops at the most accelerators whose MLPerf-sized dataset fits in the storage', async () => {
  // unet3d on one DGX A100: 500 steps x 7 samples x k accelerators of 146.6 MB must fit in 20 TB: k <= 38
  const args = ['dlio', dlio('unet3d_a100.yaml'), '--system', 'dgx-a100-cluster', '--node-count', '1', '--max-accelerators', '--set', 'system.storage[0].capacity=20 TB', '--set', 'workloads[0].epochs=1', '--set', 'workloads[0].maxStepsPerEpoch=20', '--set', 'system.storage[0].bandwidth=10 TB/s'];
  const r = await cli(...args);
  expect(r.code).toBe(0);
  expect(r.err).toContain('more than 38 accelerators per node need a dataset larger than pfs (20 TB) by MLPerf\'s sizing: not tried');
  expect(r.out).toContain('up to **38 per node** (38 in all), the most whose MLPerf-sized dataset fits in pfs (20 TB)');
  const j = JSON.parse((await cli(...args, '--json')).out);
  expect(j).toMatchObject({ acceleratorsPerNode: 38, tried: '1..38', triedUpTo: 'storage capacity' });
});

test('--max-accelerators stops at the most accelerators whose prefetched batches fit in a node\'s host memory', async () => {
  // unet3d per accelerator: 4 workers x prefetch 2 = 8 batches of 7 samples held resized (2 MiB:
  // 117.4 MB), and 4 workers each reading a 146.6 MB sample (stdev 68.3 MB). 12 accelerators:
  // 12 x 117.4 MB + 48 x 146.6 MB + 4 x sqrt(48) x 68.3 MB = 1.41 + 7.04 + 1.89 = 10.3 GB > 10 GB;
  // 11: 1.29 + 6.45 + 1.81 = 9.55 GB fit
  const args = ['dlio', dlio('unet3d_a100.yaml'), '--system', 'dgx-a100-cluster', '--node-count', '1', '--max-accelerators', '--samples', '20000', '--set', 'system.nodes[0].tiers[1].capacity=10 GB', '--set', 'workloads[0].epochs=1', '--set', 'workloads[0].maxStepsPerEpoch=20', '--set', 'system.storage[0].bandwidth=10 TB/s'];
  const r = await cli(...args);
  expect(r.code).toBe(0);
  expect(r.err).toContain('more than 11 accelerators per node need more than the 10 GB of dgx/dram for their loaders\' prefetched batches (10.3 GB for 12): not tried');
  expect(r.out).toContain('up to **11 per node** (11 in all), the most whose loaders\' prefetched batches fit in the 10 GB of host memory of a node');
  expect(JSON.parse((await cli(...args, '--json')).out)).toMatchObject({ acceleratorsPerNode: 11, tried: '1..11', triedUpTo: 'host memory' });
  // and a scenario asking for 12 is refused before it runs
  const over = await cli('dlio', dlio('unet3d_a100.yaml'), '--system', 'dgx-a100-cluster', '--node-count', '1', '--accelerators-per-node', '12', '--samples', '20000', '--set', 'system.nodes[0].tiers[1].capacity=10 GB');
  expect(over.code).toBe(2);
  expect(over.err).toContain('workloads[0].loader: the loaders\' prefetched batches (8 batches of 7 samples for each of 12 accelerators, and the samples their workers read: 10.3 GB with 4 standard deviations of the sample sizes\' spread) do not fit in dgx/dram (10 GB)');
});

test('--max-accelerators: the most accelerators per node that keep AU at the file\'s threshold, by bisection, with the evidence', async () => {
  // 1 GB/s per accelerator (one 100 MB sample per 0.1 s); 10 GB/s of Lustre feeds 10 of them in
  // full, and 11.1 at AU 0.9: on 2 nodes, 5 per node (10 accelerators) keep AU >= 90%, 6 (12) do not.
  const f = dlioFile(small('toy').replace('record_length_bytes: 2500', 'record_length_bytes: 100000000').replace('num_files_train: 64', 'num_files_train: 20000').replace('computation_time: 0.001', 'computation_time: 0.1').replace('total_training_steps: 10', 'total_training_steps: 100') + 'metric: { au: 0.9 }\n');
  try {
    const r = await cli('dlio', f.file, '--system', 'dgx-a100-cluster', '--node-count', '2', '--accelerators-per-node', '16', '--max-accelerators', '--set', 'system.storage[0].bandwidth=10 GB/s', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ acceleratorsPerNode: 5, accelerators: 10, auThreshold: 0.9, nodes: 2 });
    const au = (n: number) => j.points.find((p: { acceleratorsPerNode: number }) => p.acceleratorsPerNode === n).acceleratorUtilization;
    expect(au(5)).toBeGreaterThan(0.9);
    expect(au(6)).toBeLessThan(0.9);
    expect(au(6)).toBeCloseTo(10 / 12, 1);
    const text = await cli('dlio', f.file, '--system', 'dgx-a100-cluster', '--node-count', '2', '--accelerators-per-node', '16', '--max-accelerators', '--set', 'system.storage[0].bandwidth=10 GB/s');
    expect(text.out).toContain('The most accelerators per node that keep AU >= 90% (the file\'s threshold) on 2 nodes of dgx-a100-cluster reading from pfs: **5** (10 in all');
    // a checkpoint-only file has no AU to keep
    const ck = await cli('dlio', dlio('llama3_8b.yaml'), '--system', 'dgx-a100-cluster', '--max-accelerators');
    expect(ck.code).toBe(2);
    expect(ck.err).toContain('only checkpoints');
  } finally {
    f.done();
  }
});
