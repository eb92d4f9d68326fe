/**
 * `tiersim reproduce`: runs the bundled published cases and prints published vs simulated, with the
 * error, so users can see how far to trust the tool. Each case says where its published number
 * comes from and what (if anything) was calibrated on it.
 */
import { join } from 'node:path';
import type { Streams } from '../io.ts';
import { loadScenarioFile, loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { parseOverride, type Override } from '../../scenario/overrides.ts';
import { packageRoot } from '../../paths.ts';
import { markdownTable } from '../../report/table.ts';
import { ExitCode } from '../errors.ts';
import { mmc, erlangCWq, mvaResponseTime } from '../../workloads/mmc.ts';

interface Case {
  name: string;
  source: string;
  published: number;
  unit: string;
  /** Acceptable relative error. */
  tolerance: number;
  /** A case tiersim is known not to reproduce, and why (shown, so users know where not to trust it). */
  knownMiss?: string;
  /** The simulated figure, or the figure with its own tolerance (a statistical confidence interval). */
  simulate(): number | { value: number; tolerance: number };
}

/** The first workload of a bundled scenario run with `sets` (each run once: several cases share runs). */
function training(file: string, sets: string[]): Record<string, number> {
  const key = [file, ...sets].join('\n');
  let w = trainingRuns.get(key);
  if (!w) {
    const overrides = sets.map((s) => parseOverride(s) as Override);
    w = runScenario(loadScenarioFile(join(packageRoot(), 'scenarios', file), { overrides })).workloads[0] as unknown as Record<string, number>;
    trainingRuns.set(key, w);
  }
  return w;
}
const trainingRuns = new Map<string, Record<string, number>>();

/** The response times of a scenario's first workload, a stream of requests. */
function requests(yaml: string): { mean: number; ci99HalfWidth: number } {
  return (runScenario(loadScenarioText(yaml, 'reproduce.yaml')).workloads[0] as unknown as { responseTime: { mean: number; ci99HalfWidth: number } }).responseTime;
}

/** A 1 GB/s file system read by requests of 100 MB (0.1 s of service); `extra`: how they come, how many, their sizes. */
export const psScenario = (extra: string) => `name: ps
system:
  nodes:
    - { id: c, count: 4, nic: { bandwidth: 1000 GB/s }, tiers: [{ id: dram, kind: dram, bandwidth: 1000 TB/s }] }
  storage:
    - { id: pfs, kind: pfs, readBandwidth: 1 GB/s, writeBandwidth: 1 GB/s, attach: { bandwidth: 1000 GB/s } }
  network: { kind: star }
workloads:
  - { kind: requests, id: reads, from: pfs, to: c/dram, size: 100 MB, ${extra} }
`;

/** One LTO-9 drive (each file on a cartridge of its own) recalling 100 GB files; `requests`: the rest of the workload. */
export const tapeScenario = (requests: string) => `name: recalls
system:
  base: archive-tape
  storage:
    - { id: tape, drives: 1, filesPerCartridge: 1 }
workloads:
  - { kind: requests, id: recalls, from: tape, to: mover/dram, size: 100 GB, ${requests} }
`;

/**
 * The service time of a recall on tapeScenario's drive when it follows another one (rewind and
 * unload the previous cartridge, exchange, load, locate, read): two recalls a day apart, less the
 * first one alone (which finds the drive empty).
 */
export function tapeRecallServiceTime(): number {
  const lone = requests(tapeScenario('rate: 1 /day, arrivals: fixed, count: 1')).mean;
  return 2 * requests(tapeScenario('rate: 1 /day, arrivals: fixed, count: 2')).mean - lone;
}

/** Workload, derived MB/s per accelerator (validation B.1), batch size. */
const MLPERF: [string, number, number][] = [
  ['unet3d-a100', 1613.5, 7], ['unet3d-h100', 3177.1, 7], ['resnet50-a100', 105.4, 400],
  ['resnet50-h100', 204.8, 400], ['cosmoflow-a100', 513.3, 1], ['cosmoflow-h100', 808.1, 1],
];

/** The size of one checkpoint of a DLIO checkpoint file at `ranks` ranks (8 a node), in GiB. */
function checkpointGiB(file: string, ranks: number): number {
  const yaml = `name: ckpt
system:
  nodes: [{ id: g, count: ${ranks / 8}, nic: { bandwidth: 400 GB/s }, tiers: [{ id: dram, kind: dram, capacity: 2 TB, bandwidth: 1000 GB/s }] }]
  storage: [{ id: pfs, kind: pfs, readBandwidth: 1000 GB/s, writeBandwidth: 1000 GB/s, attach: { bandwidth: 10000 GB/s } }]
  network: { kind: star }
workloads:
  - { kind: checkpointing, id: ck, dlio: mlperf-storage/dlio/${file}, nodes: g, ranksPerNode: 8, to: pfs, writes: 1, reads: 0 }
`;
  return (runScenario(loadScenarioText(yaml, join(packageRoot(), 'scenarios', 'reproduce.yaml'))).workloads[0] as unknown as { checkpointSize: number }).checkpointSize / 2 ** 30;
}

/**
 * The training state per GPU that a run reports for ZeRO's figure 1 (7.5 B parameters, fp16 with
 * Adam, 64 GPUs data parallel), with the state sharded as `sharding` says, in GB.
 */
function zeroStateGB(sharding: string): number {
  return (zeroRun(sharding).stateBytesPerAccelerator as number) / 1e9;
}

/** Bytes a GPU sends per step in zeroRun (all the network and NVLink traffic over the 64 GPUs and the steps), per parameter. */
function zeroVolumePerParameter(sharding: string): number {
  const w = zeroRun(sharding);
  return (w.communicationBytes as number) / (64 * (w.stepsPerEpoch as number) * 7.5e9);
}

const zeroRuns = new Map<string, Record<string, number>>();
function zeroRun(sharding: string): Record<string, number> {
  let w = zeroRuns.get(sharding);
  if (w) return w;
  const yaml = `name: zero
system:
  nodes: [{ id: g, count: 8, nic: { bandwidth: 100 GB/s }, nvlink: { bandwidth: 300 GB/s }, tiers: [{ id: dram, kind: dram, capacity: 2 TB, bandwidth: 1000 GB/s }] }]
  network: { kind: star }
workloads:
  - kind: ai-training
    id: zero
    nodes: g
    acceleratorsPerNode: 8
    dataset: { location: g/dram, samples: 640, sampleSize: 1 kB }
    loader: { batchSize: 1 }
    computeTime: 1 s
    epochs: 1
    model: { parameters: 7.5e9, weights: fp16, optimizer: adam }
    parallelism: { sharding: ${sharding} }
`;
  w = runScenario(loadScenarioText(yaml, 'reproduce.yaml')).workloads[0] as unknown as Record<string, number>;
  zeroRuns.set(sharding, w);
  return w;
}

export function reproduceCases(): Case[] {
  // Steady-state throughput (the scenarios' 2-epoch-sized datasets: the cold start is a small part),
  // with the time per batch from NVIDIA's 1-GPU figure for that system and precision.
  const scaling = (file: string, n: number, oneGpuImgPerS: number) => training(file, [`workloads[0].acceleratorsPerNode=${n}`, `workloads[0].computeTime=${256 / oneGpuImgPerS} s`]).samplesPerSecond!;
  const a100 = (n: number, one: number) => scaling('resnet50-dgx-a100-scaling.yaml', n, one);
  const dgx1 = (n: number, one: number) => scaling('resnet50-dgx1-v100-scaling.yaml', n, one);
  const ampMiss = 'with AMP the 8-GPU runs lose 13-16% to something the data here does not identify (storage, PCIe, host memory and the NVLink all-reduce are all far from their limits there); tiersim predicts near-linear scaling. Stragglers could be it: the PyTorch profiler traces here show a spread of GPU time between steps of 3.4% (num_workers=4) and 6.1% (num_workers=0) of the step; as computeTimeSpread 0.034 (a stdev of 3.4% of the step) it brings both DGX-1 AMP rows within 10% (A100 AMP stays at +13%), and 0.061 all six, with the TF32/FP32 rows still within 6%. Six steps of batch 32 on one V100 with the profiler on are too few to set it for NVIDIA\'s runs, so none is set. The loaders\' CPU fits the pattern too (DALI decodes 8,300-16,600 JPEGs a second a node at AMP rates, a third to a half of that in FP32): loader.preprocessTime on the nodes\' cpus would model it, given DALI\'s CPU cost per image on the DGX CPUs, which the data here does not give';
  const nvidia = 'NVIDIA DeepLearningExamples ResNet-50 v1.5 (pytorch-21.03; validation A)';
  return [
    {
      name: 'Goyal et al. 2017: ResNet-50, 256 P100, 90 epochs (s)', published: 3600, unit: 's', tolerance: 0.15,
      source: 'arXiv:1706.02677 ("about 1 hour"); time per batch from the paper\'s own 8-GPU, 29 h baseline',
      simulate: () => training('resnet50-goyal2017.yaml', []).projectedTime!,
    },
    {
      name: 'Goyal et al. 2017: scaling efficiency from 8 to 256 GPUs', published: 0.9, unit: '', tolerance: 0.05,
      source: 'arXiv:1706.02677 abstract ("~90% scaling efficiency when moving from 8 to 256 GPUs"); simulated: images/s per GPU on 32 servers over that on one (with 1/32 of the images: the same steps an epoch)',
      simulate: () => {
        // one server on its 1/32 of ImageNet: the same steps an epoch and the same data per server
        const perGpu = (servers: number, sets: string[]) => training('resnet50-goyal2017.yaml', sets).samplesPerSecond! / (8 * servers);
        return perGpu(32, []) / perGpu(1, ['system.nodes[0].count=1', `workloads[0].dataset.samples=${Math.floor(1281167 / 32)}`]);
      },
      knownMiss: 'tiersim hides each step\'s 36 ms gradient all-reduce (34 ms of it over the 50 Gbit/s Ethernet) behind the 116 ms of backward pass the scenario lets it overlap, and so scales 8 -> 256 GPUs almost perfectly; the paper lost about 10% to what its abstract does not break down. All-reduced in 25 MiB buckets as the backward pass produces them (parallelism.bucketSize, PyTorch DDP\'s default) the last bucket shows: 0.965. Stragglers (the slowest of 256 GPUs each step, 2.8 standard deviations above the mean against 1.4 for 8) and per-layer all-reduce latency over Ethernet are candidates, each needing a measured figure this data does not give',
    },
    {
      name: 'DGX A100, ResNet-50 TF32, 8 GPUs (img/s)', published: 7248, unit: 'img/s', tolerance: 0.1,
      source: `${nvidia}; the 1-GPU 938 img/s is the calibration point`,
      simulate: () => a100(8, 938),
    },
    {
      name: 'DGX A100, ResNet-50 TF32, 1 -> 8 GPU speed-up', published: 7.72, unit: 'x', tolerance: 0.1, source: nvidia,
      simulate: () => a100(8, 938) / a100(1, 938),
    },
    {
      name: 'DGX-1 V100 16GB, ResNet-50 FP32, 8 GPUs (img/s)', published: 2855, unit: 'img/s', tolerance: 0.1,
      source: `${nvidia}; the 1-GPU 367 img/s is the calibration point`,
      simulate: () => dgx1(8, 367),
    },
    {
      name: 'DGX-1 V100 16GB, ResNet-50 FP32, 1 -> 8 GPU speed-up', published: 7.76, unit: 'x', tolerance: 0.1, source: nvidia,
      simulate: () => dgx1(8, 367) / dgx1(1, 367),
    },
    {
      name: 'DGX-1 V100 32GB, ResNet-50 FP32, 1 -> 8 GPU speed-up', published: 7.75, unit: 'x', tolerance: 0.1, source: nvidia,
      simulate: () => dgx1(8, 356) / dgx1(1, 356),
    },
    {
      name: 'DGX A100, ResNet-50 AMP, 1 -> 8 GPU speed-up', published: 6.72, unit: 'x', tolerance: 0.1, knownMiss: ampMiss, source: nvidia,
      simulate: () => a100(8, 2470) / a100(1, 2470),
    },
    {
      name: 'DGX-1 V100 16GB, ResNet-50 AMP, 1 -> 8 GPU speed-up', published: 6.93, unit: 'x', tolerance: 0.1, knownMiss: ampMiss, source: nvidia,
      simulate: () => dgx1(8, 1200) / dgx1(1, 1200),
    },
    {
      name: 'DGX-1 V100 32GB, ResNet-50 AMP, 1 -> 8 GPU speed-up', published: 6.96, unit: 'x', tolerance: 0.1, knownMiss: ampMiss, source: nvidia,
      simulate: () => dgx1(8, 1156) / dgx1(1, 1156),
    },
    ...([[0, 69.3, 'preprocessTime calibrated on this trace'], [4, 1.43, 'handoffTime is its median __next__']] as const).map(([n, ms, cal]): Case => ({
      name: `PyTorch ResNet-50 on a V100, num_workers=${n}: exposed data loading per step (ms)`, published: ms, unit: 'ms', tolerance: 0.25,
      source: `Kineto sample traces (pytorch/kineto tb_plugin/samples, mean of ProfilerStep#5-10); ${cal}`,
      simulate: () => { const w = training('pytorch-resnet50-v100.yaml', [`workloads[0].loader.readThreads=${n}`]) as unknown as { stepTime: number; stallFractions: { io: number } }; return w.stepTime * w.stallFractions.io * 1e3; },
    })),
    // Stragglers against order statistics: with a spread in the time per step, a synchronous step
    // lasts as long as the slowest of the 8 GPUs, on average mean + sd x E[max of 8 standard normals].
    {
      name: 'Synchronous data parallel, 8 GPUs, time per step 273 ms +- 10%: mean step time (s)', published: 0.27292 + 0.027292 * 1.42360, unit: 's', tolerance: 0.01,
      source: 'order statistics: E[max of 8 standard normals] = 1.42360 (Harter 1961 tables); 500 steps, so a 1% tolerance is about 4 standard errors',
      simulate: () => training('stragglers-dgx-a100.yaml', []).stepTime!,
    },
    // The engine against queueing theory: mean wait in queue, within the run's own 99% confidence interval.
    ...([[1, 0.8, 'M/M/1 (arrivals 0.8/s, service 1/s)'], [4, 3.2, 'M/M/4 (arrivals 3.2/s, service 1/s per server)']] as const).map(([c, lambda, label]): Case => ({
      name: `${label}: mean wait in queue (s)`, published: erlangCWq(c, lambda, 1), unit: 's', tolerance: 0,
      source: 'Erlang C (queueing theory); 200,000 customers, tolerance = the run\'s 99% batch-means confidence interval',
      simulate: () => { const r = mmc(c, lambda, 1, 200_000, 42); return { value: r.meanWait, tolerance: r.ci99HalfWidth / r.theory }; },
    })),
    // Open streams of requests against queueing theory: a bandwidth shared max-min is a processor-
    // sharing server (M/G/1-PS: E[T] = E[S] / (1 - rho), whatever the sizes); a tape drive serves
    // recalls first come, first served (M/D/1 with fixed sizes: E[T] = S + rho S / (2 (1 - rho))).
    ...([['exponential', 'sizeDistribution: exponential'], ['lognormal (cv 1.5)', 'sizeDistribution: lognormal, sizeSpread: 1.5']] as const).map(([label, dist]): Case => ({
      name: `Reads on a shared 1 GB/s file system, rho 0.5, ${label} sizes (M/G/1-PS): mean response time (s)`, published: 0.2, unit: 's', tolerance: 0,
      source: 'processor sharing: E[S] / (1 - rho) = 0.1 s / 0.5 (insensitive to the size distribution); 40,000 requests, tolerance = the run\'s 99% batch-means confidence interval',
      simulate: () => { const t = requests(psScenario(`rate: 5 /s, count: 40000, ${dist}`)); return { value: t.mean, tolerance: t.ci99HalfWidth / 0.2 }; },
    })),
    {
      name: 'Reads on a shared 1 GB/s file system from 10 clients thinking 0.5 s (closed loop, MVA): mean response time (s)', published: mvaResponseTime(10, 0.1, 0.5), unit: 's', tolerance: 0,
      source: 'exact mean value analysis (processor sharing, 0.1 s demand); 40,000 requests, tolerance = the run\'s 99% batch-means confidence interval',
      simulate: () => { const t = requests(psScenario('sizeDistribution: exponential, clients: 10, thinkTime: 0.5 s, count: 40000')); return { value: t.mean, tolerance: t.ci99HalfWidth / mvaResponseTime(10, 0.1, 0.5) }; },
    },
    {
      name: 'Tape recalls on one LTO-9 drive, fixed sizes, rho 0.5 (M/D/1): mean response time / service time', published: 1.5, unit: 'x', tolerance: 0,
      source: 'Pollaczek-Khinchine: 1 + rho / (2 (1 - rho)); service time measured from a lone recall after another; 20,000 recalls, tolerance = the run\'s 99% confidence interval',
      simulate: () => {
        const S = tapeRecallServiceTime();
        const t = requests(tapeScenario(`rate: ${0.5 / S} Hz, count: 20000`));
        return { value: t.mean / S, tolerance: t.ci99HalfWidth / S / 1.5 };
      },
    },
    // MLPerf Storage v2.0 checkpoint sizes (Submission_guidelines.md table 2; validation B.2), read as GiB
    ...([['llama3_8b.yaml', 8, 105, 'llama3-8b'], ['llama3_70b.yaml', 64, 912, 'llama3-70b'], ['llama3_405b.yaml', 512, 5290, 'llama3-405b'], ['llama3_1t.yaml', 1024, 18000, 'llama3-1t']] as const).map(([file, ranks, gib, model]): Case => ({
      name: `MLPerf Storage v2.0 ${model}: checkpoint size at ${ranks} ranks (GiB)`, published: gib, unit: 'GiB', tolerance: 0.02,
      source: 'mlcommons/storage Submission_guidelines.md table 2 ("GB", matched as GiB; TB as 1,000 GiB); simulated: the DLIO file\'s transformer, 14 B a parameter (fp16 weights, fp32 Adam state)',
      ...(model === 'llama3-1t' ? { knownMiss: 'the "1T" checkpoint (DLIO: 128 layers, hidden 25872, 192 heads of 134.75, 32 KV heads) comes out 14% below the table\'s 18 TB, where the 8B, 70B and 405B files match it to 0.3%: how DLIO or MLPerf sized that one is not known here' } : {}),
      simulate: () => checkpointGiB(file, ranks),
    })),
    // ZeRO (Rajbhandari et al., SC 2020), figure 1: model state per GPU
    ...([['none', 120, 'baseline'], ['optimizer', 31.4, 'optimizer state sharded (ZeRO-1)'], ['gradients', 16.6, 'and gradients (ZeRO-2)'], ['full', 1.9, 'and parameters (ZeRO-3)']] as const).map(([sharding, gb, what]): Case => ({
      name: `ZeRO, 7.5 B parameters on 64 GPUs, ${what}: training state per GPU (GB)`, published: gb, unit: 'GB', tolerance: 0.02,
      source: 'Rajbhandari et al., "ZeRO: Memory Optimizations Toward Training Trillion Parameter Models", SC 2020, figure 1 (mixed-precision Adam, K = 12; the figure rounds the GB)',
      simulate: () => zeroStateGB(sharding),
    })),
    // ZeRO, section 7: data parallelism moves 2 x the parameters per step per GPU (all-reduce:
    // reduce-scatter and all-gather), ZeRO-1/2 the same, ZeRO-3 3 x (a gather more)
    ...([['none', 2, 'all-reduce (DDP)'], ['gradients', 2, 'ZeRO-2'], ['full', 3, 'ZeRO-3']] as const).map(([sharding, x, what]): Case => ({
      name: `ZeRO, ${what}: data a GPU sends per step, in parameters (Psi)`, published: x, unit: 'x', tolerance: 0.02,
      source: 'Rajbhandari et al., SC 2020, section 7.2: 2 Psi for data parallelism and ZeRO-1/2, 3 Psi for ZeRO-3 (Psi parameters, sent as 2 B fp16 values); simulated: the bytes the 64 GPUs sent over the network and NVLink, per GPU and step, / 2 B, / 63/64 (a ring sends (P-1)/P of each pass; the paper rounds it to 1)',
      simulate: () => zeroVolumePerParameter(sharding) / 2 / (63 / 64),
    })),
    ...MLPERF.map(([w, mbs, batch]): Case => ({
      name: `MLPerf Storage ${w}: read demand per accelerator at 100% AU (MB/s)`, published: mbs, unit: 'MB/s', tolerance: 0.02,
      source: 'batch x record length / computation_time of the DLIO config (validation README B.1, derived)',
      simulate: () => training(`mlperf-storage/${w}.yaml`, ['system.storage[0].readBandwidth=1000 TB/s', 'system.nodes[0].nic.bandwidth=1000 TB/s', 'system.storage[0].attach.bandwidth=1000 TB/s', 'workloads[0].epochs=1', 'workloads[0].acceleratorsPerNode=1', `workloads[0].dataset.samples=${200 * batch * 8}`]).readDemandPerAccelerator! / 1e6,
    })),
  ];
}

/** Runs a case: the simulated figure, the tolerance that applies, the relative error, and whether it is within. */
export function runCase(c: Case): { sim: number; tolerance: number; err: number; ok: boolean } {
  const r = c.simulate();
  const sim = typeof r === 'number' ? r : r.value;
  const tolerance = typeof r === 'number' ? c.tolerance : r.tolerance;
  const err = (sim - c.published) / c.published;
  return { sim, tolerance, err, ok: Math.abs(err) <= tolerance };
}

/** Four significant digits, but whole numbers from 1000 up (no exponents in the table). */
const num = (x: number) => (Math.abs(x) >= 1000 ? String(Math.round(x)) : x.toPrecision(4));

export function reproduceCommand(io: Streams): number {
  const rows: string[][] = [];
  let bad = 0;
  const cases = reproduceCases();
  for (const c of cases) {
    const { sim, tolerance, err, ok } = runCase(c);
    if (!ok) bad++;
    rows.push([c.name, num(c.published), num(sim), `${(err * 100).toFixed(1)}%`, `±${(tolerance * 100).toFixed(tolerance < 0.1 ? 1 : 0)}%`, ok ? 'yes' : c.knownMiss ? 'NO (known)' : 'NO']);
  }
  io.stdout(markdownTable(['case', 'published', 'simulated', 'error', 'tolerance', 'within'], rows, ['l', 'r', 'r', 'r', 'r', 'l']) + '\n\n');
  io.stdout('Sources:\n' + [...new Set(cases.map((c) => `- ${c.name.split(':')[0]}: ${c.source}`))].join('\n') + '\n');
  io.stdout(`\n${rows.length - bad} of ${rows.length} cases within tolerance.\n`);
  const misses = [...new Set(cases.filter((c) => c.knownMiss).map((c) => c.knownMiss!))];
  if (misses.length) io.stdout(`Known misses: ${misses.join('; ')}.\n`);
  return ExitCode.OK;
}
