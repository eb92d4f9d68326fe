// ai-training beyond DLIO: compute time from FLOPs and the accelerator's peak; synchronous
// checkpoints (closed forms in comments).
import { loadScenarioText, loadScenarioFile } from '../../src/scenario/load.ts';
import { parseOverride, type Override } from '../../src/scenario/overrides.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { summarize } from '../../src/report/summary.ts';
import { formatDuration } from '../../src/units/format.ts';

const scenario = (workload: string, storage = '{ id: pfs, kind: pfs, readBandwidth: 100 TB/s, writeBandwidth: 1 GB/s, attach: { bandwidth: 100 TB/s } }') => `name: t
system:
  nodes:
    - { id: gpu, count: 2, nic: { bandwidth: 100 TB/s }, tiers: [{ id: dram, kind: dram, bandwidth: 100 TB/s }] }
  storage:
    - ${storage}
  network: { kind: star }
workloads:
  - ${workload}
`;

interface W { stepTime: number; projectedTime: number; stallFractions: { checkpoint: number; io: number }; checkpoints: number; acceleratorUtilization: number }
const run = (yaml: string) => runScenario(loadScenarioText(yaml, 't.yaml')).workloads[0] as unknown as W;

describe('ai-training', () => {
  test('compute time from FLOPs: batch x FLOP/sample / (peak x efficiency)', () => {
    // 256 x 23.1 GFLOP / (312 TFLOP/s fp16 x 0.5) = 37.908 ms per step; data far faster than needed
    const w = run(scenario('{ kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 4, accelerator: a100, dataset: { location: pfs, samples: 204800, sampleSize: 100 kB }, loader: { batchSize: 256, readThreads: 4 }, compute: { flopsPerSample: 23.1 GFLOP, precision: fp16, efficiency: 0.5 }, epochs: 1 }'));
    expect(w.stepTime).toBeCloseTo((256 * 23.1e9) / (312e12 * 0.5), 4);
    expect(w.acceleratorUtilization).toBeGreaterThan(0.99);
  });

  test('the first batch\'s wait: in the io stall, out of the AU, and the summary says which it is', () => {
    // 2 nodes x 2 accelerators read batches of 10 x 100 MB from a 4 GB/s PFS: each step's 4 GB in 1 s.
    // The first step waits for its batch (1 s); later batches load while the 2 s steps compute.
    const yaml = scenario('{ kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 2, dataset: { location: pfs, samples: 4000, sampleSize: 100 MB }, loader: { batchSize: 10, readThreads: 1, prefetch: 2 }, computeTime: 2 s, epochs: 1 }',
      '{ id: pfs, kind: pfs, readBandwidth: 4 GB/s, writeBandwidth: 1 GB/s, attach: { bandwidth: 100 TB/s } }');
    const r = runScenario(loadScenarioText(yaml, 't.yaml'));
    const w = r.workloads[0] as unknown as W & { firstStepStall: number };
    // 100 steps of 2 s after a 1 s wait
    expect(w.projectedTime).toBeCloseTo(201, 6);
    expect(w.firstStepStall).toBeCloseTo(1 / 201, 9);
    expect(w.stallFractions.io).toBeCloseTo(1 / 201, 9);
    expect(w.acceleratorUtilization).toBeCloseTo(1, 9);
    expect(summarize(r)).toContain('Accelerator utilization 100.0%; the accelerators wait for data 0.5% of the time (all of it in the first step, whose I/O the AU leaves out, as MLPerf Storage does)');
  });

  test('bf16 and fp8 peaks, beyond NVIDIA: the rate of the precision asked, and a precision the device lacks refused with what it has', () => {
    const w = (acc: string, precision: string) => scenario(`{ kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 4, accelerator: ${acc}, dataset: { location: pfs, samples: 204800, sampleSize: 100 kB }, loader: { batchSize: 256, readThreads: 4 }, compute: { flopsPerSample: 23.1 GFLOP, precision: ${precision}, efficiency: 0.5 }, epochs: 1 }`);
    // the catalog's dense peaks: H100 fp8 1,979 TFLOP/s, MI300X bf16 1,307.4, TPU v4 bf16 275
    for (const [acc, precision, peak] of [['h100', 'fp8', 1979e12], ['mi300x', 'bf16', 1307.4e12], ['tpu-v4', 'bf16', 275e12]] as const) {
      expect(run(w(acc, precision)).stepTime).toBeCloseTo((256 * 23.1e9) / (peak * 0.5), 5);
    }
    expect(() => loadScenarioText(w('tpu-v4', 'fp32'), 't.yaml')).toThrow(/accelerator "tpu-v4" has no fp32 rate in the catalog[\s\S]*it has: bf16/);
    expect(() => loadScenarioText(w('a100', 'fp8'), 't.yaml')).toThrow(/it has: fp32, tf32, bf16, fp16$/m);
  });

  test('the dataset occupies its tier: peak used, storage cost, and a dataset larger than the tier refused', () => {
    // 4,000 samples of 1 MB + 16 B of framing = 4.000064 GB on the PFS, at $10 per GB-month
    const w = (extra: string, storage?: string) => scenario(`{ kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 2, dataset: { location: pfs, samples: 4000, sampleSize: 1 MB, recordOverhead: 16 B${extra} }, loader: { batchSize: 10 }, computeTime: 0.1 s, epochs: 1, gpuHourPrice: 0 $/h }`, storage);
    const pfs = '{ id: pfs, kind: pfs, capacity: 10 GB, price: 10 $/GB/month, bandwidth: 100 TB/s, attach: { bandwidth: 100 TB/s } }';
    const r = runScenario(loadScenarioText(w('', pfs), 't.yaml'));
    const tier = r.tiers.find((t) => t.id === 'pfs')!;
    expect(tier.peakUsed).toBe(4000 * (1e6 + 16));
    const month = (365.25 / 12) * 86400; // mathjs: a month is 1/12 of a Julian year
    expect(r.cost.storage).toBeCloseTo((4000 * (1e6 + 16) / 1e9) * 10 * (r.simulatedTime / month), 12);
    // on each node's tier when the dataset lives on the nodes
    const local = runScenario(loadScenarioText(scenario('{ kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 2, dataset: { location: gpu/ssd, samples: 4000, sampleSize: 1 MB }, loader: { batchSize: 10 }, computeTime: 0.1 s, epochs: 1 }').replace('tiers: [{ id: dram, kind: dram, bandwidth: 100 TB/s }]', 'tiers: [{ id: dram, kind: dram, bandwidth: 100 TB/s }, { id: ssd, kind: ssd, capacity: 1 TB, bandwidth: 100 TB/s }]'), 't.yaml'));
    expect(local.tiers.filter((t) => t.id.endsWith('/ssd')).map((t) => t.peakUsed)).toEqual([4e9, 4e9]);
    // 12,000 samples of 1 MB do not fit in 10 GB: an input error at the samples, before any run
    expect(() => loadScenarioText(w('', pfs).replace('samples: 4000', 'samples: 12000'), 't.yaml')).toThrow(/workloads\[0\]\.dataset\.samples: the dataset \(12,000 samples, 12 GB\) does not fit in pfs \(10 GB\)/);
    // the evaluation set lives beside it: 4,000 + 1,000 samples occupy the tier, 4,000 + 7,000 do not fit
    const withEval = (n: number) => w('', pfs).replace('epochs: 1,', `epochs: 1, evaluation: { samples: ${n} },`);
    const e = runScenario(loadScenarioText(withEval(1000), 't.yaml'));
    expect(e.tiers.find((t) => t.id === 'pfs')!.peakUsed).toBe(5000 * (1e6 + 16));
    expect(() => loadScenarioText(withEval(7000), 't.yaml')).toThrow(/the dataset \(4,000 samples and 7,000 for evaluation, 11 GB\) does not fit in pfs \(10 GB\)/);
  });

  test('checkpoint.keep: older checkpoints are deleted once a new one is written, so they fit (and cost) less', () => {
    // 10 GB checkpoints after each of 4 epochs on a 25 GB tier: kept all, the third does not fit
    const job = (keep: string) => scenario(`{ kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 1, dataset: { location: pfs, samples: 400, sampleSize: 1 kB }, loader: { batchSize: 10 }, computeTime: 0.1 s, epochs: 4, checkpoint: { everyEpochs: 1, size: 10 GB, to: ckpt${keep} } }`)
      .replace('  network:', '    - { id: ckpt, kind: pfs, capacity: 25 GB, bandwidth: 100 GB/s, attach: { bandwidth: 100 GB/s } }\n  network:');
    expect(() => runScenario(loadScenarioText(job(''), 't.yaml'))).toThrow(/failed at t=[\d.]+ s: tier ckpt is full: storing 10 GB needs more than the 5 GB free of its 25 GB/);
    // keep: 1 holds the newest, and the one being written: at most 20 GB
    const r = runScenario(loadScenarioText(job(', keep: 1'), 't.yaml'));
    const w = r.workloads[0] as unknown as W & { bytesWritten: number };
    expect(w.checkpoints).toBe(4);
    expect(w.bytesWritten).toBe(40e9);
    expect(r.tiers.find((t) => t.id === 'ckpt')!.peakUsed).toBe(20e9);
  });

  test('synchronous checkpoints pause every node for the write', () => {
    // 2 epochs x 100 steps x 0.1 s = 20 s of compute; rank 0 writes 10 GB at 1 GB/s after each
    // epoch: 2 x 10 s more, so 40 s in all and half the time in checkpoints.
    const w = run(scenario('{ kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 2, dataset: { location: pfs, samples: 4000, sampleSize: 1 kB }, loader: { batchSize: 10 }, computeTime: 0.1 s, epochs: 2, checkpoint: { everyEpochs: 1, size: 10 GB, to: pfs } }'));
    expect(w.checkpoints).toBe(2);
    expect(w.projectedTime).toBeCloseTo(40, 2);
    expect(w.stallFractions.checkpoint).toBeCloseTo(0.5, 2);
  });

  test('every rank writing shares the file system: 2 nodes x 2 ranks x 1 GB at 1 GB/s = 4 s per checkpoint', () => {
    const w = run(scenario('{ kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 2, dataset: { location: pfs, samples: 4000, sampleSize: 1 kB }, loader: { batchSize: 10 }, computeTime: 0.1 s, epochs: 1, checkpoint: { everySteps: 50, size: 1 GB, to: pfs, writers: all } }'));
    // 100 steps x 0.1 s + 2 checkpoints x 4 s
    expect(w.projectedTime).toBeCloseTo(18, 2);
  });

  test('time-based checkpoints: at the end of the first step at least `interval` after the last one ended', () => {
    // 200 steps of 0.1 s on 2 nodes; rank 0 writes 1 GB at 1 GB/s (1 s). interval 3.05 s: due at
    // the end of step 31 (3.1 s), then 31 steps after each write ends: steps 31, 62, ..., 186 = 6
    // checkpoints; 20 s + 6 s.
    const w = run(scenario('{ kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 2, dataset: { location: pfs, samples: 4000, sampleSize: 1 kB }, loader: { batchSize: 10 }, computeTime: 0.1 s, epochs: 2, checkpoint: { interval: 3.05 s, size: 1 GB, to: pfs } }'));
    expect(w.checkpoints).toBe(6);
    expect(w.projectedTime).toBeCloseTo(26, 2);
    expect(w.stallFractions.checkpoint).toBeCloseTo(6 / 26, 3);
    // the summary says what the checkpoints cost
    expect(summarize(runScenario(loadScenarioText(scenario('{ kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 2, dataset: { location: pfs, samples: 4000, sampleSize: 1 kB }, loader: { batchSize: 10 }, computeTime: 0.1 s, epochs: 2, checkpoint: { interval: 3.05 s, size: 1 GB, to: pfs } }'), 't.yaml')))).toContain('Training also waits for 6 checkpoints of 1 GB (23.1%; their writes were held by `pfs:write` 100% of the time).');
  });

  test('checkpoint size from the model: parameters x (weights + optimizer state), by rank 0 or sharded over every accelerator', () => {
    // 250 M parameters, fp32 + Adam: 12 B each = 3 GB by rank 0 at 1 GB/s: 3 s per checkpoint
    const ck = (more: string) => run(scenario(`{ kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 2, dataset: { location: pfs, samples: 4000, sampleSize: 1 kB }, loader: { batchSize: 10 }, computeTime: 0.1 s, epochs: 1, checkpoint: { everyEpochs: 1, parameters: 250e6, to: pfs${more} } }`)) as W & { checkpointSize: number };
    const fp32 = ck('');
    expect(fp32.checkpointSize).toBe(3e9);
    expect(fp32.projectedTime).toBeCloseTo(10 + 3, 2);
    // mixed precision (fp16 weights, fp32 master copy, momentum and variance): 14 B a parameter
    expect(ck(', weights: fp16').checkpointSize).toBe(3.5e9);
    // SGD with momentum: 8 B
    expect(ck(', optimizer: sgd-momentum').checkpointSize).toBe(2e9);
    // sharded over the 4 accelerators: each writes 750 MB, the same 3 GB in all through the same 1 GB/s
    const all = ck(', writers: all');
    expect(all.checkpointSize).toBe(3e9);
    expect(all.projectedTime).toBeCloseTo(13, 2);
    expect(summarize(runScenario(loadScenarioText(scenario('{ kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 2, dataset: { location: pfs, samples: 4000, sampleSize: 1 kB }, loader: { batchSize: 10 }, computeTime: 0.1 s, epochs: 1, checkpoint: { everyEpochs: 1, parameters: 250e6, to: pfs } }'), 't.yaml')))).toContain('Training also waits for 1 checkpoint of 3 GB (23.1%; their writes were held by `pfs:write` 100% of the time).');
    // size and parameters together, or weights without parameters, are refused
    expect(() => ck(', size: 1 GB')).toThrow(/give size or parameters, not both/);
    expect(() => run(scenario('{ kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 2, dataset: { location: pfs, samples: 4000, sampleSize: 1 kB }, loader: { batchSize: 10 }, computeTime: 0.1 s, epochs: 1, checkpoint: { everyEpochs: 1, size: 1 GB, weights: fp16, to: pfs } }'))).toThrow(/weights and optimizer size a checkpoint only with parameters/);
  });

  test('an interval given with everySteps or everyEpochs is refused: one schedule', () => {
    expect(() => run(scenario('{ kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 2, dataset: { location: pfs, samples: 4000, sampleSize: 1 kB }, loader: { batchSize: 10 }, computeTime: 0.1 s, epochs: 2, checkpoint: { interval: 30 min, everyEpochs: 1, size: 1 GB, to: pfs } }'))).toThrow(/give one of interval, everySteps or everyEpochs/);
  });

  test('a checkpoint larger than its tier is refused', () => {
    expect(() => run(scenario('{ kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 1, dataset: { location: pfs, samples: 4000, sampleSize: 1 kB }, loader: { batchSize: 10 }, computeTime: 0.1 s, epochs: 1, checkpoint: { everyEpochs: 1, size: 10 TB, to: pfs } }', '{ id: pfs, kind: pfs, capacity: 1 TB, bandwidth: 1 GB/s, attach: { bandwidth: 1 TB/s } }'))).toThrow(/does not fit in pfs/);
  });
});

describe('data-parallel all-reduce', () => {
  const dp = (par: string, nic = '10 GB/s', extra = '') => `name: dp
system:
  nodes:
    - { id: gpu, count: 4, nic: { bandwidth: ${nic} }${extra}, tiers: [{ id: dram, kind: dram, bandwidth: 100 TB/s }] }
  storage:
    - { id: pfs, kind: pfs, bandwidth: 100 TB/s, attach: { bandwidth: 100 TB/s } }
  network: { kind: star }
workloads:
  - { kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 1, dataset: { location: pfs, samples: 4000, sampleSize: 1 kB }, loader: { batchSize: 10 }, computeTime: 0.5 s, epochs: 1, parallelism: ${par} }
`;
  const w = (yaml: string) => runScenario(loadScenarioText(yaml, 'dp.yaml')).workloads[0] as unknown as W & { stallFractions: { communication: number } };

  test('ring: every step waits for 2(N-1)/N x gradients over the NICs', () => {
    // 4 nodes, 1 GB of gradients: 2 x 3/4 x 1 GB = 1.5 GB per node at 10 GB/s (full duplex) = 0.15 s
    const r = w(dp('{ gradientBytes: 1 GB, allReduce: ring }'));
    expect(r.stepTime).toBeCloseTo(0.65, 3);
    expect(r.stallFractions.communication).toBeCloseTo(0.15 / 0.65, 2);
  });

  test('overlap hides the all-reduce behind the backward pass when it fits', () => {
    expect(w(dp('{ gradientBytes: 1 GB, overlap: 1 }')).stepTime).toBeCloseTo(0.5, 3);
    // half overlapped: the all-reduce starts 0.25 s into the step and ends at 0.40 s, before the compute
    expect(w(dp('{ gradientBytes: 1 GB, overlap: 0.5 }')).stepTime).toBeCloseTo(0.5, 3);
    // with 3 GB it takes 0.45 s from 0.25 s: the step ends at 0.70 s
    expect(w(dp('{ gradientBytes: 3 GB, overlap: 0.5 }')).stepTime).toBeCloseTo(0.7, 3);
  });

  test('tree sends 2x the gradients per node', () => {
    // 2 x 1 GB at 10 GB/s = 0.2 s
    expect(w(dp('{ gradientBytes: 1 GB, allReduce: tree }')).stepTime).toBeCloseTo(0.7, 3);
  });
});

describe('published results', () => {
  test('NVIDIA DGX A100 ResNet-50 TF32: 1 -> 8 GPUs scales within 10% of the published 7.72x (938 -> 7,248 img/s)', () => {
    const file = new URL('../../scenarios/resnet50-dgx-a100-scaling.yaml', import.meta.url).pathname;
    const at = (n: number) => runScenario(loadScenarioFile(file, { overrides: [parseOverride(`workloads[0].acceleratorsPerNode=${n}`) as Override, parseOverride('workloads[0].dataset.samples=102400') as Override] })).workloads[0] as unknown as { samplesPerSecond: number };
    const one = at(1).samplesPerSecond, eight = at(8).samplesPerSecond;
    expect(Math.abs(one - 938) / 938).toBeLessThan(0.01); // the calibration point
    expect(Math.abs(eight / one - 7.72) / 7.72).toBeLessThan(0.1);
    expect(Math.abs(eight - 7248) / 7248).toBeLessThan(0.1);
  });
});

describe('caching across epochs', () => {
  const cached = (nodes: number, shuffle: string, cacheSize = '1 TB') => `name: cache
system:
  nodes:
    - { id: gpu, count: ${nodes}, nic: { bandwidth: 10 TB/s }, tiers: [{ id: dram, kind: dram, capacity: ${cacheSize}, bandwidth: 100 TB/s, cache: true }] }
  storage:
    - { id: pfs, kind: pfs, bandwidth: 100 GB/s, attach: { bandwidth: 10 TB/s } }
  network: { kind: star }
workloads:
  - { kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 1, dataset: { location: pfs, samples: 32000, sampleSize: 1 MB, cache: gpu/dram, shuffle: ${shuffle} }, loader: { batchSize: 10 }, computeTime: 0.01 s, epochs: 2 }
`;
  const ratio = (yaml: string) => (runScenario(loadScenarioText(yaml, 'c.yaml')).workloads[0] as unknown as { cacheHitRatio: number }).cacheHitRatio;

  test('one node whose cache holds the dataset: the second epoch reads only from the cache', () => {
    expect(ratio(cached(1, 'global'))).toBeCloseTo(0.5, 9);
    expect(summarize(runScenario(loadScenarioText(cached(1, 'global'), 'c.yaml')))).toMatch(/The nodes' cache served 50\.0% of the batch reads \([\d.]+ [kMGT]?B\)\./);
  });

  test('4 nodes with a global shuffle: in epoch 2 a node finds only ~1/4 of its data cached', () => {
    // each node cached a random quarter of the dataset in epoch 1 and reads another random quarter
    const r = ratio(cached(4, 'global'));
    expect(r).toBeGreaterThan(0.125 - 0.04);
    expect(r).toBeLessThan(0.125 + 0.04);
    expect(ratio(cached(4, 'node'))).toBeCloseTo(0.5, 9); // a fixed shard per node hits again
  });

  test('a cache smaller than a sequential scan misses every time (LRU)', () => {
    // 800 chunks of 10 MB per epoch, a 4 GB cache: by the time a chunk comes round again it is gone
    expect(ratio(cached(1, 'none', '4 GB'))).toBe(0);
  });
});

describe('prefetched batches in host memory', () => {
  // 2 accelerators, batches of 10 x 1 MB: 20 MB a step on the node
  const job = (loader: string, dram = 'capacity: 1 TB', dataset = '') => `name: buffers
system:
  nodes:
    - { id: gpu, count: 1, nic: { bandwidth: 100 TB/s }, tiers: [{ id: dram, kind: dram, ${dram}, bandwidth: 100 TB/s }] }
  storage:
    - { id: pfs, kind: pfs, bandwidth: 100 TB/s, attach: { bandwidth: 100 TB/s } }
  network: { kind: star }
workloads:
  - { kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 2, dataset: { location: pfs, samples: 4000, sampleSize: 1 MB${dataset} }, loader: { batchSize: 10, ${loader} }, computeTime: 0.1 s, epochs: 1 }
`;
  const dram = (yaml: string) => runScenario(loadScenarioText(yaml, 'b.yaml')).tiers.find((t) => t.id === 'gpu[0]/dram')!;

  test('the loaders fill their prefetch slots while the accelerators compute: peak = full slots + the batch being read and its sample', () => {
    // storage far faster than the 0.1 s step: 2 workers x prefetch 2 = 4 slots. Once the step takes a
    // batch a worker starts the next: 3 loaded batches of 20 MB, plus the one being read (20 MB)
    // and the sample it reads (1 MB for each of the 2 accelerators)
    expect(dram(job('readThreads: 2, prefetch: 2')).peakUsed).toBeCloseTo(4 * 20e6 + 2e6, 0);
    // 3 workers x prefetch 1: at the start all three read at once (3 x 22 MB), more than 2 x 20 + 22 later
    expect(dram(job('readThreads: 3, prefetch: 1')).peakUsed).toBeCloseTo(3 * (20e6 + 2e6), 0);
    // no workers: the training process holds the one batch it loads
    expect(dram(job('readThreads: 0')).peakUsed).toBeCloseTo(20e6 + 2e6, 0);
    // batches hold their samples decoded (DLIO record_length_bytes_resize): 10 x 100 kB x 2 = 2 MB each
    expect(dram(job('readThreads: 2, prefetch: 2, copyBytesPerSample: 100 kB')).peakUsed).toBeCloseTo(4 * 2e6 + 2e6, 0);
  });

  test('buffers evict a cache in the same memory and are never evicted themselves; buffers that cannot fit are refused', () => {
    // a 100 MB page cache of a 4 GB dataset with 82 MB of buffers: the cache keeps what is left
    const t = dram(job('readThreads: 2, prefetch: 2', 'capacity: 100 MB, cache: true', ', cache: gpu/dram'));
    expect(t.peakUsed).toBeLessThanOrEqual(100e6 * (1 + 1e-12));
    expect(t.peakUsed).toBeGreaterThan(90e6);
    // 8 slots x 20 MB + 4 workers x 2 accelerators reading 1 MB = 168 MB
    expect(() => loadScenarioText(job('readThreads: 4, prefetch: 2', 'capacity: 100 MB'), 'b.yaml')).toThrow(
      /workloads\[0\]\.loader: the loaders' prefetched batches \(8 batches of 10 samples for each of 2 accelerators, and the samples their workers read: 168 MB\) do not fit in gpu\/dram \(100 MB\)[\s\S]*hint: fewer readThreads/,
    );
    // held decoded at 100 kB a sample they fit: 16 MB + 8 MB
    expect(dram(job('readThreads: 4, prefetch: 2, copyBytesPerSample: 100 kB', 'capacity: 100 MB')).peakUsed).toBeLessThanOrEqual(24e6 + 1);
  });

  test('training workloads on the same nodes run at once: their buffers must fit together', () => {
    // the check's bound per job: 4 slots x 20 MB + 2 workers x 2 accelerators reading 1 MB = 84 MB;
    // one job fits in 150 MB, both (168 MB) do not
    const two = (cap: string) => job('readThreads: 2, prefetch: 2', `capacity: ${cap}`).replace(/workloads:\n  - (.*)\n/, (_m, w: string) => `workloads:\n  - ${w}\n  - ${w.replace('id: t,', 'id: u,')}\n`);
    expect(() => loadScenarioText(two('150 MB'), 'b.yaml')).toThrow(
      /workloads\[1\]\.loader: the training workloads "t", "u" run at once on the same nodes: their loaders' prefetched batches together need up to 168 MB, more than gpu\/dram \(150 MB\)/,
    );
    // with room for both, the memory holds both jobs' buffers at once
    expect(dram(two('200 MB')).peakUsed).toBeGreaterThan(82e6);
  });
});

describe('projection', () => {
  const job = (simulate: number) => `name: proj
system:
  nodes:
    - { id: gpu, count: 2, nic: { bandwidth: 12.5 GB/s }, tiers: [{ id: dram, kind: dram, capacity: 2 TB, bandwidth: 200 GB/s, cache: true }] }
  storage:
    - { id: pfs, kind: pfs, bandwidth: 6 GB/s, attach: { bandwidth: 50 GB/s } }
  network: { kind: star }
workloads:
  - { kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 4, dataset: { location: pfs, samples: 80000, sampleSize: 1 MB, cache: gpu/dram, shuffle: node },
      loader: { batchSize: 50, readThreads: 2 }, computeTime: 0.05 s, epochs: 12, simulateEpochs: ${simulate},
      parallelism: { gradientBytes: 200 MB, overlap: 0.3 }, checkpoint: { everyEpochs: 3, size: 5 GB, to: pfs } }
`;
  test('extrapolating from 3 simulated epochs agrees with the full simulation of 12 within 1%', () => {
    type R = { projectedTime: number; acceleratorUtilization: number; bytesRead: number; bytesWritten: number; checkpointBytes: number; checkpoints: number; simulated: string; stallFractions: { io: number; communication: number; checkpoint: number } };
    const projected = runScenario(loadScenarioText(job(3), 'p.yaml'));
    const full = runScenario(loadScenarioText(job(12), 'p.yaml')).workloads[0] as unknown as R;
    const proj = projected.workloads[0] as unknown as R;
    // the checkpoints of the extrapolated epochs are written too
    expect(proj.bytesWritten).toBeGreaterThan(0);
    expect(proj.bytesWritten).toBeCloseTo(full.bytesWritten, 0);
    expect(proj.checkpointBytes).toBe(proj.bytesWritten);
    // the summary says that its tier and resource tables cover the simulated part only
    expect(summarize(projected)).toContain(`The tables below cover the ${formatDuration(projected.simulatedTime)} simulated; \`${projected.workloads[0]!.id}\` was projected past it`);
    expect(proj.simulated).toMatch(/^epochs 1-3 simulated in full; epochs 4-12 extrapolated/);
    expect(full.simulated).toBe('every step of every epoch, in full');
    expect(Math.abs(proj.projectedTime - full.projectedTime) / full.projectedTime).toBeLessThan(0.01);
    expect(Math.abs(proj.acceleratorUtilization - full.acceleratorUtilization)).toBeLessThan(0.01);
    expect(proj.checkpoints).toBe(full.checkpoints);
    expect(Math.abs(proj.stallFractions.checkpoint - full.stallFractions.checkpoint)).toBeLessThan(0.01);
  });

  // storage-bound (the stall matters), with an all-reduce, checkpoints and 3 epochs of 2,000 steps of which 2 simulated
  const long = (extra: string, checkpoint = 'everyEpochs: 1, size: 5 GB, to: pfs') => `name: steps
system:
  nodes:
    - { id: gpu, count: 2, nic: { bandwidth: 12.5 GB/s }, tiers: [{ id: dram, kind: dram, capacity: 2 TB, bandwidth: 200 GB/s }, { id: nvme, kind: ssd, capacity: 30 TB, readBandwidth: 6 GB/s, writeBandwidth: 3 GB/s }] }
  storage:
    - { id: pfs, kind: pfs, capacity: 1 PB, bandwidth: 6 GB/s, attach: { bandwidth: 50 GB/s } }
  network: { kind: star }
workloads:
  - { kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 4, dataset: { location: pfs, samples: 800000, sampleSize: 1 MB, sampleSizeStdev: 200 kB },
      loader: { batchSize: 50, readThreads: 2 }, computeTime: 0.05 s, epochs: 3, simulateEpochs: 2${extra},
      parallelism: { gradientBytes: 200 MB, overlap: 0.3 }, checkpoint: { ${checkpoint} } }
`;

  test('a long epoch simulated in part: 300 of 2,000 steps, the rest from steps 151-300, agree with every step within 1%', () => {
    type R = { projectedTime: number; acceleratorUtilization: number; bytesRead: number; communicationBytes: number; checkpoints: number; simulated: string; simulatedStepsPerEpoch?: number; stallFractions: { io: number; communication: number; checkpoint: number } };
    const full = runScenario(loadScenarioText(long(''), 'p.yaml')).workloads[0] as unknown as R;
    const part = runScenario(loadScenarioText(long(', simulateSteps: 300'), 'p.yaml'));
    const w = part.workloads[0] as unknown as R;
    expect(w.simulated).toMatch(/^in each simulated epoch steps 1-300 simulated, steps 301-2,000 extrapolated from steps 151-300; epochs 1-2 simulated; epochs 3-3 extrapolated from epoch 2 \(/);
    expect(w.simulatedStepsPerEpoch).toBe(300);
    expect(full.simulated).toMatch(/^epochs 1-2 simulated in full; epochs 3-3 extrapolated/);
    expect(Math.abs(w.projectedTime - full.projectedTime) / full.projectedTime).toBeLessThan(0.01);
    expect(Math.abs(w.acceleratorUtilization - full.acceleratorUtilization)).toBeLessThan(0.01);
    expect(Math.abs(w.stallFractions.io - full.stallFractions.io)).toBeLessThan(0.01);
    expect(Math.abs(w.stallFractions.communication - full.stallFractions.communication)).toBeLessThan(0.01);
    expect(w.checkpoints).toBe(full.checkpoints);
    expect(Math.abs(w.bytesRead - full.bytesRead) / full.bytesRead).toBeLessThan(0.01);
    expect(w.communicationBytes).toBeCloseTo(full.communicationBytes, -3);
    // far fewer events: the point of it
    expect(part.events).toBeLessThan(0.4 * runScenario(loadScenarioText(long(''), 'p.yaml')).events);
    // a part of an epoch cannot be extrapolated where when later steps differ depends on their time (checkpoints every N seconds)
    expect(() => loadScenarioText(long(', simulateSteps: 300', 'interval: 60 s, size: 5 GB, to: pfs'), 'p.yaml')).toThrow(/simulateSteps: part of an epoch cannot be extrapolated with checkpoints every N seconds[^]*checkpoint\.everySteps/);
  });

  test.each([
    // steps 301-600 (2 periods); 301-640 (2 periods of 170); 301-700 (the nearest whole number of periods: 1)
    ['synchronous, every writer, every 150 steps', 'everySteps: 150, size: 5 GB, to: pfs', 600, 40],
    ['drained from the NVMe, every 170 steps', 'everySteps: 170, size: 5 GB, to: gpu/nvme, drainTo: pfs', 640, 35],
    ['rank 0 only, every 400 steps', 'everySteps: 400, size: 5 GB, to: pfs, writers: rank0', 700, 15],
  ])('a long epoch with checkpoints every K steps simulated in part (%s) agrees with every step within 1%%', (_, checkpoint, simulated, count) => {
    // the run of the test above, checkpointing every K steps (the checkpoints slow the reads)
    const scenario = (extra: string) => long(extra, checkpoint);
    type R = { projectedTime: number; acceleratorUtilization: number; checkpoints: number; checkpointBytes: number; drainedBytes?: number; simulated: string; stallFractions: { io: number; communication: number; checkpoint: number } };
    const fullRun = runScenario(loadScenarioText(scenario(''), 'p.yaml'));
    const partRun = runScenario(loadScenarioText(scenario(', simulateSteps: 600'), 'p.yaml'));
    const full = fullRun.workloads[0] as unknown as R, part = partRun.workloads[0] as unknown as R;
    // the steps after the first 300 of the 600 asked for, extrapolated from, are a whole number of checkpoint periods
    expect(part.simulated).toMatch(new RegExp(`^in each simulated epoch steps 1-${simulated} simulated, steps ${simulated + 1}-2,000 extrapolated from steps 301-${simulated};`));
    expect(full.checkpoints).toBe(count);
    expect(part.checkpoints).toBe(full.checkpoints);
    expect(part.checkpointBytes).toBe(full.checkpointBytes);
    expect(part.drainedBytes).toBe(full.drainedBytes);
    expect(Math.abs(part.projectedTime - full.projectedTime) / full.projectedTime).toBeLessThan(0.01);
    expect(Math.abs(part.acceleratorUtilization - full.acceleratorUtilization)).toBeLessThan(0.01);
    expect(part.stallFractions.checkpoint).toBeGreaterThan(0.01);
    expect(Math.abs(part.stallFractions.checkpoint - full.stallFractions.checkpoint) / full.stallFractions.checkpoint).toBeLessThan(0.02);
    expect(Math.abs(part.stallFractions.communication - full.stallFractions.communication)).toBeLessThan(0.01);
    expect(partRun.events).toBeLessThan(0.5 * fullRun.events);
  });

  test('time-based checkpoints extrapolate too: 3 of 12 epochs simulated agree with all 12 within 1%', () => {
    type R = { projectedTime: number; checkpoints: number; stallFractions: { checkpoint: number } };
    const timed = (n: number) => job(n).replace('checkpoint: { everyEpochs: 3,', 'checkpoint: { interval: 7 s,');
    const full = runScenario(loadScenarioText(timed(12), 'p.yaml')).workloads[0] as unknown as R;
    const proj = runScenario(loadScenarioText(timed(3), 'p.yaml')).workloads[0] as unknown as R;
    expect(full.checkpoints).toBeGreaterThan(4);
    expect(Math.abs(proj.checkpoints - full.checkpoints)).toBeLessThanOrEqual(1);
    expect(Math.abs(proj.projectedTime - full.projectedTime) / full.projectedTime).toBeLessThan(0.01);
    expect(Math.abs(proj.stallFractions.checkpoint - full.stallFractions.checkpoint)).toBeLessThan(0.01);
  });
});

describe('several jobs', () => {
  test('two jobs sharing one file system slow each other down in proportion', () => {
    // each job: 4 accelerators x 10 x 10 MB per 0.1 s = 4 GB/s demand; the PFS reads 6 GB/s.
    // Alone a job is compute-bound (AU ~ 1); together they need 8 GB/s and get 3 GB/s each: AU ~ 3/4.
    const job = (id: string) => `{ kind: ai-training, id: ${id}, nodes: gpu, acceleratorsPerNode: 4, dataset: { location: pfs, samples: 40000, sampleSize: 10 MB }, loader: { batchSize: 10, readThreads: 4 }, computeTime: 0.1 s, epochs: 1 }`;
    const yaml = (jobs: string[]) => `name: two
system:
  nodes:
    - { id: gpu, nic: { bandwidth: 100 GB/s }, tiers: [{ id: dram, kind: dram, bandwidth: 1 TB/s }] }
  storage:
    - { id: pfs, kind: pfs, bandwidth: 6 GB/s, attach: { bandwidth: 100 GB/s } }
  network: { kind: star }
workloads:
${jobs.map((j) => '  - ' + j).join('\n')}
`;
    const alone = runScenario(loadScenarioText(yaml([job('a')]), 'j.yaml')).workloads[0] as unknown as W;
    const both = runScenario(loadScenarioText(yaml([job('a'), job('b')]), 'j.yaml')).workloads as unknown as W[];
    expect(alone.acceleratorUtilization).toBeGreaterThan(0.99);
    for (const w of both) expect(w.acceleratorUtilization).toBeCloseTo(0.75, 2);
  });
});

test('compute cost: accelerators x projected time x price per accelerator-hour', () => {
  const r = runScenario(loadScenarioText(scenario('{ kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 2, dataset: { location: pfs, samples: 4000, sampleSize: 1 kB }, loader: { batchSize: 10 }, computeTime: 0.1 s, epochs: 2, gpuHourPrice: 3 $/h }'), 't.yaml'));
  const w = r.workloads[0] as unknown as { projectedTime: number; accelerators: number };
  expect(r.cost.compute).toBeCloseTo(w.accelerators * (w.projectedTime / 3600) * 3, 9);
});

test('the loaders\' bottleneck share is the run\'s when their reads are the only flows (two ways of keeping it agree)', () => {
  // The default scenario with 2 GPUs a node and 40 GB/s of PFS: a read is held by the PFS while
  // many are in flight and by its node's NIC otherwise, so reads change bottleneck mid-way; the
  // workload's clock and the run's must still agree to rounding.
  const file = new URL('../../scenarios/default.yaml', import.meta.url).pathname;
  const sets = ['workloads[0].acceleratorsPerNode=2', 'system.storage[0].readBandwidth=40 GB/s'].map((s) => parseOverride(s) as Override);
  const r = runScenario(loadScenarioFile(file, { overrides: sets }));
  const w = r.workloads[0] as unknown as { bottleneck: { resource: string; share: number } };
  expect(r.bottleneck!.resource).toBe('gpu[*]:nic:rx');
  expect(r.bottleneck!.share).toBeGreaterThan(0.6);
  expect(r.bottleneck!.share).toBeLessThan(0.8);
  expect(w.bottleneck.resource).toBe(r.bottleneck!.resource);
  expect(w.bottleneck.share).toBeCloseTo(r.bottleneck!.share, 12);
});

test('the gradient exchange names what held its slowest transfer: the network edge of a ring, each phase of the hierarchical one', () => {
  // scenarios/allreduce-dgx-a100.yaml (4 DGX A100, 26 GB of gradients a step), a tenth of its data
  const file = new URL('../../scenarios/allreduce-dgx-a100.yaml', import.meta.url).pathname;
  const run = (algo: string) => runScenario(loadScenarioFile(file, { overrides: [`workloads[0].parallelism.allReduce=${algo}`, 'workloads[0].dataset.samples=6400'].map((s) => parseOverride(s) as Override) }));
  type T = { exchangeBottleneck: { resource: string; share: number } };
  const ring = run('ring');
  // the ring's 7 NVLink edges of a node are in flight beside its network edge, which ends last
  expect((ring.workloads[0] as unknown as T).exchangeBottleneck).toEqual({ resource: 'dgx[*]:nic', share: 1 });
  expect(ring.bottleneck!.resource).toBe('dgx[*]:nvlink');
  const h = run('hierarchical');
  const cap = (id: string) => h.resources.find((r) => r.id === id)!.capacity;
  // reduce-scatter and all-gather: each 7/8 x 26 GB per GPU over its NVLink; between the nodes,
  // 2 x 3/4 x 26 GB over the node's NIC
  const inNode = (7 / 8) * 26e9 / cap('dgx[0]:nvlink'), net = 2 * (3 / 4) * 26e9 / cap('dgx[0]:nic');
  expect((h.workloads[0] as unknown as T).exchangeBottleneck.resource).toBe('dgx[*]:nic');
  expect((h.workloads[0] as unknown as T).exchangeBottleneck.share).toBeCloseTo(net / (net + 2 * inNode), 3);
});
