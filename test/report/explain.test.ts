// tiersim explain: the answer, the limit and why, and a measured what-if.
import { main } from '../../src/cli/main.ts';
import { trainingLimit, limitedBy } from '../../src/report/limited-by.ts';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { parseOverrides } from '../../src/scenario/overrides.ts';

async function cli(...argv: string[]) {
  let out = '';
  const code = await main(argv, { stdout: (s) => void (out += s), stderr: () => {}, stderrIsTTY: false });
  return { code, out };
}

/** Runs `use` on the scenario written to a temporary file (removed afterwards). */
async function withScenarioFile(yaml: string, use: (file: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tiersim-explain-'));
  try {
    const f = join(dir, 's.yaml');
    writeFileSync(f, yaml);
    await use(f);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the default scenario: GPUs waiting on the PFS, and what twice the PFS would do', async () => {
  const r = await cli('explain');
  expect(r.code).toBe(0);
  expect(r.out).toContain('Your 16 accelerators compute 77.6% of the time (AU), below the 90% that MLPerf Storage asks for.');
  expect(r.out).toContain('bounded by the read bandwidth of pfs (`pfs:read`)');
  // the what-if is run, not guessed: 40 GB/s of PFS gives 2.17 min and AU 99.0% (see the compare test)
  expect(r.out).toMatch(/would cut the run from 2\.8 min to 2\.17 min \(-22\.5%\) and bring AU to 99\.0%/);
});

test('below the AU threshold, explain estimates how many accelerators the storage feeds at it, and simulation agrees', async () => {
  const r = await cli('explain');
  // 19.5 GB/s delivered / (1.57 GB/s a UNet3D A100 reads at full speed x 0.9) = 13.8
  expect(r.out).toContain('At 90% AU, the 19.5 GB/s this storage delivered would feed about 13 accelerators (each reads 1.57 GB/s when it never waits)');
  // the default scenario on 13 and 14 single-accelerator nodes (100 steps an epoch each)
  const au = (n: number) => (runScenario(loadScenarioFile(join(import.meta.dirname, '..', '..', 'scenarios', 'default.yaml'), { overrides: parseOverrides([`system.nodes[0].count=${n}`, 'workloads[0].acceleratorsPerNode=1', `workloads[0].dataset.samples=${n * 700}`]) })).workloads[0] as unknown as { acceleratorUtilization: number }).acceleratorUtilization;
  expect(au(13)).toBeGreaterThanOrEqual(0.9);
  expect(au(14)).toBeLessThan(0.9);
});

test('pipeline parallelism: explain says how much of the wait is the bubble, and that microbatches, not the network, shrink it', async () => {
  await withScenarioFile(`name: pp
system:
  nodes: [{ id: n, count: 1, nvlink: { bandwidth: 100 GB/s }, tiers: [{ id: dram, kind: dram, capacity: 10 TB, bandwidth: 1000 TB/s }] }]
workloads:
  - { kind: ai-training, id: t, nodes: n, acceleratorsPerNode: 8, dataset: { location: n/dram, to: n/dram, samples: 80, sampleSize: 1 B }, loader: { batchSize: 1 }, computeTime: 1 s, epochs: 1,
      parallelism: { gradientBytes: 1 GB, pipeline: 8, microbatches: 32, activationBytes: 1 B } }
`, async (f) => {
    const r = await cli('explain', f);
    expect(r.code).toBe(0);
    // 7/32 s of each 1 + 7/32 s step
    expect(r.out).toContain('Of the wait for communication, 17.9% of the run is the pipeline\'s bubble');
    expect(r.out).toContain('More microbatches (parallelism.microbatches, now 32) shrink it; a faster network would not.');
  });
});

test('trainingLimit names the largest loss by its cause', () => {
  const base = { acceleratorUtilization: 0.7, stallFractions: { io: 0.3, communication: 0, checkpoint: 0 } };
  expect(trainingLimit({ ...base, acceleratorUtilization: 0.995 }).limit).toBe('compute');
  expect(trainingLimit(base)).toEqual({ limit: 'storage', share: 0.3 }); // no split given: all storage
  expect(trainingLimit({ ...base, ioStallCauses: { storage: 0.05, preprocessing: 0.25, handoff: 0 } })).toEqual({ limit: 'preprocessing', share: 0.25 });
  expect(trainingLimit({ ...base, ioStallCauses: { storage: 0, preprocessing: 0.01, handoff: 0.29 } }).limit).toBe('handoff');
  expect(trainingLimit({ acceleratorUtilization: 0.8, stallFractions: { io: 0.02, communication: 0.05, checkpoint: 0.03, straggler: 0.1 } }).limit).toBe('stragglers');
  expect(trainingLimit({ acceleratorUtilization: 0.8, stallFractions: { io: 0.02, communication: 0.05, checkpoint: 0.13 } }).limit).toBe('checkpoints');
  expect(trainingLimit({ acceleratorUtilization: 0.8, stallFractions: { io: 0.02, communication: 0.15, checkpoint: 0.03 } }).limit).toBe('communication');
});

test('limitedBy labels a sweep point by its cause, the flows\' resource only when reading is the cause', () => {
  expect(limitedBy({ bottleneck: 'pfs:read', acceleratorUtilization: 0.7, limit: 'storage' })).toBe('pfs:read');
  expect(limitedBy({ bottleneck: 'pfs:read', acceleratorUtilization: 0.7, limit: 'preprocessing' })).toBe('loader CPU (preprocessing)');
  expect(limitedBy({ bottleneck: 'pfs:read', acceleratorUtilization: 0.8, limit: 'stragglers' })).toBe('stragglers');
  expect(limitedBy({ bottleneck: 'pfs:read', acceleratorUtilization: 0.995 })).toBe('accelerators (compute)');
  expect(limitedBy({ bottleneck: 'pfs:read', acceleratorUtilization: 0.7 })).toBe('pfs:read'); // a row saved before causes were recorded
});

test('a stream of requests: the answer is their response time, and what doubling the bottleneck does to it', async () => {
  const r = await cli('explain', join(import.meta.dirname, '..', '..', 'scenarios', 'hierarchy', 'tape-recall-queue.yaml'));
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/^The requests of recalls take [\d.]+ min each on average, from arrival to the last byte; one in twenty takes longer than [\d.]+ min\./);
  expect(r.out).toMatch(/would cut the mean response time from [\d.]+ min to [\d.]+ min \(-\d+\.\d%\)/);
});

test('when the loaders\' CPU work holds training back, explain measures more loader workers, not faster storage', async () => {
  const r = await cli('explain', join(import.meta.dirname, '..', '..', 'scenarios', 'pytorch-resnet50-v100.yaml'));
  expect(r.out).toMatch(/Doubling it .* would barely change the run/);
  expect(r.out).toMatch(/One loader worker per accelerator would cut the run from 4\.55 min to 2\.\d+ min \(-3\d\.\d%\) and bring AU to 9\d\.\d%\./);
});

test('a checkpointing workload: what one checkpoint costs each way, and what bounds it', async () => {
  const r = await cli('explain', join(import.meta.dirname, '..', '..', 'scenarios', 'llm-checkpoint', 'llama3-70b-mlperf.yaml'));
  expect(r.code).toBe(0);
  // 978 GB over the E1000's 170 GB/s of writes and 130 GB/s of reads
  expect(r.out).toContain('Writing one checkpoint of llama3-70b (978 GB from 64 ranks) takes 5.76 s (170 GB/s), bounded by `pfs:combined`; reading one back takes 7.53 s (130 GB/s), bounded by `pfs:read`.');
});

test('when checkpoints cost the most, explain says so and measures the checkpoint tier twice as fast, and node NVMe with a background drain', async () => {
  // the default scenario, every accelerator writing 20 GB to the PFS every 20 s
  const r = await cli('explain', '--set', 'workloads[0].checkpoint={to: pfs, interval: 20 s, size: 20 GB, writers: all}');
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/The largest loss is the checkpoints: training pauses while they are written, 5\d\.\d% of the time/);
  const faster = /Twice the write bandwidth of pfs \(`pfs:write`, `pfs:combined`\), where the checkpoints go, would cut the run from 4\.9 min to ([\d.]+) min/.exec(r.out);
  const local = /Writing the checkpoints to the nodes' nvme \(gpu\/nvme\) and draining them to pfs in the background would cut the run from 4\.9 min to ([\d.]+) min/.exec(r.out);
  expect(faster).not.toBeNull();
  expect(local).not.toBeNull();
  expect(Number(faster![1])).toBeLessThan(4.9);
  expect(Number(local![1])).toBeLessThan(4.9);
});

test('when checkpoints cost the most on nodes with accelerator memory, explain measures asynchronous checkpoints (a snapshot to host memory, the write behind training)', async () => {
  const r = await cli('explain', join(import.meta.dirname, '..', '..', 'scenarios', 'resnet50-dgx-a100-scaling.yaml'), '--set', 'workloads[0].checkpoint={to: dgx/nvme, everySteps: 20, size: 20 GB, writers: all}');
  expect(r.out).toContain('They wait for checkpoints 50.1% of the time.');
  const m = /Asynchronous checkpoints \(a snapshot from the accelerators' hbm to host dram, then the write to dgx\/nvme in the background\) would cut the run from 2\.28 min to (\d+) s/.exec(r.out);
  expect(m).not.toBeNull();
  expect(Number(m![1])).toBeLessThan(0.6 * 137);
  // what would hold the writes then: each GPU's PCIe link (the NVMe held them before)
  expect(r.out).toMatch(/Asynchronous checkpoints [^\n]*; the checkpoint writes would then be held by `dgx\[\*\]:pcie`\./);
});

test('when stragglers cost the most, explain says no resource is at fault and measures half the spread', async () => {
  const r = await cli('explain', join(import.meta.dirname, '..', '..', 'scenarios', 'stragglers-dgx-a100.yaml'), '--set', 'workloads[0].computeTimeStdev=30 ms');
  expect(r.out).toContain('The largest loss is stragglers: every step waits for the slowest of the 8 accelerators, 13.7% of the time; no resource is at fault');
  const m = /Half the spread of the time per batch \(stragglers: the slowest replica sets every step\) would cut the run from 2\.64 min to ([\d.]+) min/.exec(r.out);
  expect(m).not.toBeNull();
  // sigma x E[max of 8] halves: from 30 x 1.42 to 15 x 1.42 ms of each 273 ms step
  expect(Number(m![1])).toBeCloseTo(2.64 * (273 + 15 * 1.4236) / (273 + 30 * 1.4236), 1);
});

test('gradients over Aries: the router links a dragonfly makes on demand are doubled too, and explain finds them', async () => {
  // 16 XC nodes, one GPU each, 1.34 GB of gradients every 0.4 s step, half overlapped: the ring
  // crosses 5.25 GB/s router-to-router links, 2 x 15/16 x 1.34 GB / 5.25 GB/s = 0.479 s a step
  await withScenarioFile(`name: bert
system:
  base: cray-xc-aries
  nodes:
    - { id: xc, count: 16 }
workloads:
  - kind: ai-training
    id: bert
    nodes: xc
    acceleratorsPerNode: 1
    dataset: { location: xc/dram, to: xc/dram, samples: 64000, sampleSize: 2500 B }
    loader: { batchSize: 32 }
    computeTime: 0.4 s
    epochs: 1
    parallelism: { gradientBytes: 1.34 GB, allReduce: ring, overlap: 0.5 }
`, async (f) => {
    const loaded = loadScenarioFile(f);
    const step = (r: ReturnType<typeof runScenario>) => (r.workloads[0] as unknown as { stepTime: number }).stepTime;
    expect(step(runScenario(loaded))).toBeCloseTo(0.2 + (2 * 15 / 16) * 1.34e9 / 5.25e9, 3);
    // the router links exist only once a route needs them: the what-if scales them when they are made
    expect(step(runScenario(loaded, { scale: { resources: ['router*-router*', 'router*-router*:rx'], factor: 2 } }))).toBeCloseTo(0.2 + (2 * 15 / 16) * 1.34e9 / 10.5e9, 3);
    const r = await cli('explain', f);
    expect(r.out).toContain('They wait for communication 41.1% of the time.');
    // the ring's flows are held by the router links while the exchange runs: they head the bottleneck by time
    expect(r.out).toMatch(/The data movement is bounded by the local link of router\*-router\* \(`router\*-router\*`\)/);
    expect(r.out).toContain('Doubling it together with `router*-router*:rx` (twice the device: its other limits, or the link both ways) would cut the run from 84.8 s to 54.9 s (-35.3%) and bring AU to 91.0%');
  });
});

test('recalls queued for tape drives: explain says how long they waited and measures twice the drives', async () => {
  // 4 recalls of 400 GB on 2 drives, the mean wait 538.5 s (the schedule of the tape test in tiers.test.ts): 2184 s; on 4
  // drives only the robot serialises them: 1102 s. Twice the drives' rate would not touch the queue.
  await withScenarioFile(`name: recall
system:
  nodes: [{ id: n, nic: { bandwidth: 10 TB/s }, tiers: [{ id: ram, kind: dram, capacity: 100 TB, bandwidth: 10 TB/s }] }]
  storage:
    - { id: archive, kind: tape, drives: 2, driveRate: 400 MB/s, cartridgeCapacity: 400 GB, robots: 1, exchangeTime: 10 s, loadTime: 17 s, unloadTime: 30 s, locateTime: 45 s, attach: { bandwidth: 10 TB/s } }
  network: { kind: star }
workloads:
  - kind: transfers
    id: w
    moves:
      - { id: recall, from: archive, to: n/ram, size: 1.6 TB, files: 4, streams: 4 }
`, async (f) => {
    const r = await cli('explain', f);
    expect(r.out).toContain('Requests for the tape library `archive` waited 8.97 min for one of its 2 drives on average');
    expect(r.out).toContain('Twice the drives of the tape library `archive` (2 → 4) would cut the run from 36.4 min to 18.4 min (-49.5%).');
  });
});

test('a run waiting on its all-reduce: the other algorithms are measured, and a slower one is said to lengthen the run', async () => {
  // scenarios/allreduce-dgx-a100.yaml: 4 DGX A100, 26 GB of gradients a step over a ring of 32; the
  // hierarchical all-reduce runs its three phases one after the other: slower here
  const r = await cli('explain', join(import.meta.dirname, '..', '..', 'scenarios', 'allreduce-dgx-a100.yaml'));
  expect(r.out).toContain('They wait for communication 43.2% of the time.');
  expect(r.out).toContain('Each gradient exchange ends with a transfer held by `dgx[*]:nic` (100% of the exchange time)');
  expect(r.out).toContain('The tree all-reduce instead of the ring one would lengthen the run from 21.8 s to 22.3 s (+2.3%)');
  expect(r.out).toContain('The hierarchical all-reduce instead of the ring one would lengthen the run from 21.8 s to 27.7 s (+26.9%)');
  // what the share of flows in flight misses (7 NVLink edges beside one network edge) is measured
  expect(r.out).toContain('Doubling the network interface dgx[*]:nic (`dgx[*]:nic`, with `dgx[*]:nic:rx`) instead');
  expect(r.out).not.toContain('Gradient buckets');
});

test('a sharded run waiting on its exchange: less sharding is measured, not all-reduce algorithms', async () => {
  const r = await cli('explain', join(import.meta.dirname, '..', '..', 'scenarios', 'allreduce-dgx-a100.yaml'), '--set', 'workloads[0].parallelism.sharding=full');
  expect(r.code).toBe(0);
  expect(r.out).toContain('They wait for communication 51.4% of the time.');
  expect(r.out).toContain('sharding: gradients instead of full (ZeRO-2: the parameters gathered once a step, after it; if each accelerator has the memory for it) would cut the run from 25.5 s to 21.8 s');
  expect(r.out).toContain('sharding: none instead of full (DDP: the gradients all-reduced behind the backward pass, nothing gathered; if each accelerator has the memory for it) would cut the run from 25.5 s to 21.8 s');
  expect(r.out).not.toContain('all-reduce instead of');
  // with the model and an accelerator, what does not fit in its memory is not offered: 13 B bf16
  // parameters unsharded are 208 GB per A100 (80 GB); ZeRO-2, 2 + 14 / 32 B a parameter, fit
  const m = await cli('explain', join(import.meta.dirname, '..', '..', 'scenarios', 'allreduce-dgx-a100.yaml'), '--set', 'workloads[0].parallelism.sharding=full', '--set', 'workloads[0].model={ parameters: 13e9, weights: bf16 }', '--set', 'workloads[0].accelerator=a100');
  expect(m.code).toBe(0);
  expect(m.out).toContain('sharding: gradients instead of full (ZeRO-2: the parameters gathered once a step, after it; its training state fits in each accelerator\'s memory) would cut the run from 25.5 s to 21.8 s');
  expect(m.out).not.toContain('sharding: none');
});

test('a run the accelerators hold: twice the nodes are measured, with the scaling efficiency', async () => {
  // one DGX-1 and two: the steps halve, and the exchange between the two nodes is mostly hidden
  const r = await cli('explain', join(import.meta.dirname, '..', '..', 'scenarios', 'resnet50-dgx1-v100-scaling.yaml'));
  expect(r.out).toContain('Your 8 accelerators compute 100.0% of the time');
  const m = /Twice the nodes of `dgx1` \(1 → 2, 8 → 16 accelerators, so twice the global batch; ([\d.]+)% scaling efficiency\) would cut the run from [^(]+\(-([\d.]+)%\)/.exec(r.out);
  expect(m).not.toBeNull();
  const [eff, cut] = [Number(m![1]), Number(m![2]) / 100];
  expect(eff).toBeCloseTo(100 / (2 * (1 - cut)), 0); // efficiency = t1 / (2 t2)
  expect(eff).toBeGreaterThan(90);
  expect(eff).toBeLessThanOrEqual(100.5);
  // a run held by its storage is not asked about more accelerators
  const d = await cli('explain');
  expect(d.out).not.toContain('Twice the nodes');
});

test('a run waiting on an all-reduce in buckets: buckets twice and half as large are measured', async () => {
  const r = await cli('explain', join(import.meta.dirname, '..', '..', 'scenarios', 'allreduce-dgx-a100.yaml'), '--set', 'workloads[0].parallelism.bucketSize=1 GB');
  expect(r.out).toContain('They wait for communication 38.6% of the time.');
  expect(r.out).toContain('Gradient buckets of 2 GB instead of 1 GB (the latency paid half as often) would lengthen the run from 20.2 s to 20.4 s');
  expect(r.out).toContain('Gradient buckets of 500 MB instead of 1 GB (a smaller last bucket after the compute) would cut the run from 20.2 s to 20.1 s');
});
