// Notebook source (percent format). Build the .ipynb with: npm run notebooks
// %% [markdown]
// # 5. Checkpoints: burst buffer, parallel file system or object storage — and how often?
//
// **What you will learn.** Big jobs fail: with thousands of nodes, one of them dies every few
// hours. A job protects itself by writing **checkpoints**; after a failure it restarts from the
// last one, losing the work done since. Checkpointing too rarely loses a lot of work; too often,
// it spends its life writing. You will
//
// 1. compare where checkpoints go: a burst buffer (fast, drained to the file system in the
//    background), the parallel file system itself, and S3;
// 2. meet **Young's and Daly's formulas** for the best interval, and check them against simulated
//    failures: the mean makespan over many seeds, and the interval a sweep finds best.

// %%
import { loadScenarioFile, loadScenarioText, runScenario, summarize, formatDuration, formatPercent, chartBundle, tableBundle, dalyInterval, dalyMakespan, youngInterval } from '../src/index.ts';
type Hpc = { id: string; jobMakespan: number; checkpointTime: number; failures: number; efficiency: number; time: Record<string, number>; checkpointInterval: number; dalyInterval: number; youngInterval: number; restartTime: number; mtbf: number };

// %% [markdown]
// ## Burst buffer against parallel file system
//
// `scenarios/hpc/checkpoint-bb-vs-pfs.yaml` runs two identical jobs on a Cray XC (512 nodes × 32
// ranks each, 2 GB of state per rank: 32 TB per checkpoint, one per hour, 24 hours of compute,
// node failures from a 1-year node MTBF). One writes to the DataWarp burst buffer and drains to
// Lustre behind the job's back; the other writes to Lustre directly. This is what `tiersim run`
// prints for it:

// %%
const bbpfs = runScenario(loadScenarioFile('../scenarios/hpc/checkpoint-bb-vs-pfs.yaml'));
console.log(summarize(bbpfs).split('\n\n').slice(2, 4).join('\n\n'));

// %% [markdown]
// The burst buffer absorbs a 32 TB checkpoint in about 20 s; Lustre needs about 47 s, limited by
// its 700 GB/s network attachment. The drain to Lustre still happens — it takes as long as writing
// there directly — but the job computes meanwhile. Note also the *optimum interval*: a cheaper
// checkpoint (smaller δ) should be taken *more often*. Both jobs checkpoint every hour; the
// formulas say about every 26 minutes for the burst buffer and every 40 for Lustre.
//
// ## Checkpoints to S3
//
// `scenarios/hpc/s3-checkpoint.yaml`: a 16-node cloud job on spot instances (a node is reclaimed
// every ~2 days, so the job loses one every ~3 hours), 10 GB per rank to S3 every 2 hours.

// %%
const s3 = runScenario(loadScenarioFile('../scenarios/hpc/s3-checkpoint.yaml'));
console.log(summarize(s3).split('\n\n').slice(2, 4).join('\n\n'));

// %% [markdown]
// Each rank writes its 10 GB through one S3 connection at 93 MB/s: 108 s per checkpoint however
// many ranks write at once — S3 scales out, but each stream is slow. With a failure every 3 hours
// and a 2-hour interval, a quarter of the run is lost work. The formulas say checkpoint every 24
// minutes. Try it in the exercises. Almost all of the cost is the instances (16 nodes at an
// assumed $10 per node-hour): every hour lost to failures is paid 16 times. S3 itself costs a few
// dollars here; reading the checkpoint back after a failure is free because the scenario reads
// from the same cloud region (`egressPrice: 0`) — over the internet it would be $0.09 per GB.
//
// ## Young and Daly
//
// Let δ be the time to write a checkpoint, M the job's mean time between failures, R the time to
// restart (downtime plus reading the checkpoint back). Young (1974) found the best compute time
// between checkpoints to first order: τ = √(2δM). Daly (2006) refined it and gave the expected
// wall time of T_s seconds of work:
//
// E[T] = M · e^(R/M) · (e^((τ+δ)/M) − 1) · T_s / τ
//
// It assumes failures are a Poisson process (exponential gaps) and can strike at any time,
// including during checkpoints and restarts — exactly what tiersim simulates. A small job to test
// it: 8 nodes × 4 ranks write 60 GB at 1 GB/s (δ = 60 s), M = 1 hour, 60 s of downtime plus 60 s
// to read the checkpoint back (R = 120 s), 40 hours of work.

// %%
function job(tau: number, hours: number) {
  const steps = Math.round((hours * 3600) / tau);
  return loadScenarioText(`
name: daly
system:
  nodes: [{ id: c, count: 8, nic: { bandwidth: 10 GB/s } }]
  storage: [{ id: pfs, kind: pfs, bandwidth: 1 GB/s, attach: { bandwidth: 100 GB/s } }]
  network: { kind: star }
workloads:
  - kind: hpc
    id: job
    nodes: c
    ranksPerNode: 4
    steps: ${steps}
    stepTime: ${(hours * 3600) / steps} s
    checkpoint: { everySteps: 1, sizePerRank: 1.875 GB, to: pfs }
    failures: { mtbf: 1 h, downtime: 60 s }
`, 'daly.yaml');
}
const seeds = 20;
const taus = [240, 360, 480, 620, 800, 1000, 1400];
const points = taus.map((tau) => {
  const loaded = job(tau, 40);
  let sum = 0;
  for (let s = 1; s <= seeds; s++) sum += (runScenario(loaded, { seed: s }).workloads[0] as unknown as Hpc).jobMakespan;
  return { tau, simulated: sum / seeds / 3600, daly: dalyMakespan(40 * 3600, tau, 60, 120, 3600) / 3600 };
});
await Deno.jupyter.display(tableBundle(points.map((p) => ({ 'interval (s)': p.tau, 'simulated mean (h)': p.simulated.toFixed(2), 'Daly (h)': p.daly.toFixed(2), difference: formatPercent(p.simulated / p.daly - 1) }))), { raw: true });
console.log(`Young: ${youngInterval(60, 3600).toFixed(0)} s; Daly: ${dalyInterval(60, 3600).toFixed(0)} s`);

// %%
await Deno.jupyter.display(await chartBundle({
  title: { text: 'Time for 40 h of work against the checkpoint interval', subtitle: `δ = 60 s, M = 1 h, R = 120 s; dots: mean of ${seeds} seeds; line: Daly; dashed: Daly's optimum` },
  width: 440, height: 260,
  layer: [
    { data: { values: taus.flatMap((t) => [{ tau: t }]).concat(Array.from({ length: 60 }, (_, i) => ({ tau: 200 + i * 22 }))).map((p) => ({ tau: p.tau, hours: dalyMakespan(40 * 3600, p.tau, 60, 120, 3600) / 3600 })).sort((a, b) => a.tau - b.tau) },
      mark: { type: 'line', color: '#888' }, encoding: { x: { field: 'tau', type: 'quantitative', title: 'compute time between checkpoints (s)' }, y: { field: 'hours', type: 'quantitative', title: 'time to solution (h)', scale: { zero: false } } } },
    { data: { values: points }, mark: { type: 'point', filled: true, size: 90, color: '#1f77b4' }, encoding: { x: { field: 'tau', type: 'quantitative' }, y: { field: 'simulated', type: 'quantitative' } } },
    { data: { values: [{ tau: dalyInterval(60, 3600) }] }, mark: { type: 'rule', strokeDash: [6, 4], color: '#c44' }, encoding: { x: { field: 'tau', type: 'quantitative' } } },
  ],
  config: { font: 'DejaVu Sans' },
}), { raw: true });

// %% [markdown]
// The simulated means sit on Daly's curve (within about 1–2% with 20 seeds; tiersim's test suite
// checks 0.1% over 50 seeds), and the curve is flat near its minimum: checkpointing at 500 or 800
// seconds costs almost the same as at the optimum 618 s. Far from it, the cost grows fast — at 240
// s the job spends a fifth of its time writing checkpoints; at 1400 s it loses long stretches of
// work to every failure.
//
// ## How big is an LLM checkpoint, and where should it go?
//
// A checkpoint of a large language model holds more than its weights: training with Adam keeps
// two moments per parameter, and with fp16 weights an fp32 master copy too. That is 2 + 4 + 4 + 4
// = 14 bytes per parameter (the ZeRO paper's accounting; gradients are not saved). Counting the
// parameters of a Llama-style transformer from its dimensions (`transformerParameters`):

// %%
import { transformerParameters, trainingState, formatBytes, formatBandwidth, parseOverrides } from '../src/index.ts';
const llamas = [
  { model: 'Llama 3 8B', dims: { layers: 32, hidden: 4096, ffn: 14336, heads: 32, kvHeads: 8, vocab: 128256 } },
  { model: 'Llama 3 70B', dims: { layers: 80, hidden: 8192, ffn: 28672, heads: 64, kvHeads: 8, vocab: 128256 } },
  { model: 'Llama 3 405B', dims: { layers: 126, hidden: 16384, ffn: 53248, heads: 128, kvHeads: 8, vocab: 128256 } },
];
await Deno.jupyter.display(tableBundle(llamas.map(({ model, dims }) => {
  const st = trainingState(transformerParameters(dims), 'fp16', 'fp32');
  return { model, 'parameters (billions)': (st.parameters / 1e9).toFixed(2), weights: formatBytes(st.weights), 'Adam state': formatBytes(st.optimizer), checkpoint: formatBytes(st.weights + st.optimizer) };
})), { raw: true });

// %% [markdown]
// The weights are a seventh of the checkpoint. MLPerf Storage v2.0 benchmarks exactly this: its
// DLIO files describe the models, and `kind: checkpointing` runs them — every rank writes its
// shard at once, and a checkpoint ends when the slowest rank is done.
// `scenarios/llm-checkpoint/llama3-70b-mlperf.yaml` writes the 70B state from 64 ranks on 8 DGX
// A100 nodes. Where should it go: the Lustre file system, or each node's own NVMe drives?

// %%
const targets = ['pfs', 'dgx/nvme'].map((to) => {
  const w = runScenario(loadScenarioFile('../scenarios/llm-checkpoint/llama3-70b-mlperf.yaml', { overrides: parseOverrides([`workloads[0].to=${to}`]) })).workloads[0] as unknown as { writeTime: number; writeThroughput: number; readTime: number; writeBottleneck: { resource: string } };
  return { to, 'write a checkpoint': formatDuration(w.writeTime), throughput: formatBandwidth(w.writeThroughput), 'read it back': formatDuration(w.readTime), 'bounded by': w.writeBottleneck.resource };
});
await Deno.jupyter.display(tableBundle(targets), { raw: true });

// %% [markdown]
// (MLPerf's DLIO file gives the 70B model 128 attention heads of 64 rather than 64 of 128, so its
// key and value projections are half as large: 69.9 billion parameters, a 978 GB checkpoint.)
// Lustre takes it at its 170 GB/s; the eight nodes' NVMe drives together
// write 224 GB/s, and they scale with the node count while the file system does not. But a
// checkpoint on a node's own drive dies with the node: that is what the drain to a lower tier (or
// a burst buffer, earlier in this lesson) is for.
//
// ## Exercises
//
// 1. In the S3 scenario, checkpoint every 30 minutes (`everySteps: 1`). How much shorter is the
//    run? Is it close to Daly's expected time for that interval?
// 2. Make the failures twice as frequent (M = 30 min) in the small job. Where does the optimum
//    move? Compare √2 with the ratio of the old and new optima.
// 3. In the burst-buffer job, what happens to the drains if the burst buffer checkpoints every
//    15 minutes? (Hint: how long does each drain take?)
// 4. Daly's formula assumes failures may hit restarts too. Set `downtime: 0` and explain what
//    changes in R and in the expected time.
// 5. Run the Llama 3 405B checkpoint (`mlperf-storage/dlio/llama3_405b.yaml`, 512 ranks: 64 DGX
//    nodes) against the same Lustre. Why do some ranks write more than others? (Hint: ZeRO stage 1.)
