// Notebook source (percent format). Build the .ipynb with: npm run notebooks
// %% [markdown]
// # 3. Feeding accelerators: data loading, caching, and how many GPUs a storage system can feed
//
// **What you will learn.** A GPU computes a training step in a fraction of a second; if the next
// batch is not in memory by then, the GPU waits. MLPerf Storage measures this as **accelerator
// utilization** (AU = compute time / run time) and asks how many accelerators a storage system
// keeps above a threshold (90% for UNet3D and ResNet-50, 70% for CosmoFlow). You will
//
// 1. run the three MLPerf Storage workloads against a ClusterStor E1000 and read their AU;
// 2. compute each workload's **read demand per accelerator** and predict, on paper, how many
//    accelerators 130 GB/s can feed — then find the answer by simulation;
// 3. see when a page cache helps (a dataset that fits in memory, read in a fixed shard) and when
//    it cannot (a global shuffle of a dataset larger than memory).

// %%
import { loadScenarioFile, runScenario, parseOverrides, seek, summarize, formatBandwidth, formatBytes, formatDuration, formatPercent, chartBundle, tableBundle, loadScenarioText } from '../src/index.ts';

// %% [markdown]
// ## The three MLPerf Storage workloads
//
// The scenarios in `scenarios/mlperf-storage/` take each workload from its DLIO configuration file
// (sample size, batch size, compute time per batch for an A100) and run it on 8 client nodes
// reading from the ClusterStor E1000 declared in MLPerf Storage v1.0 (130 GB/s read).

// %%
const workloads = ['unet3d', 'resnet50', 'cosmoflow'];
const results = Object.fromEntries(workloads.map((w) => [w, runScenario(loadScenarioFile(`../scenarios/mlperf-storage/${w}-a100.yaml`))]));
for (const w of workloads) console.log(summarize(results[w]!).split('\n\n')[2]!.split('\n').slice(0, 2).join('\n') + '\n');

// %% [markdown]
// Each line above is exactly what `tiersim run scenarios/mlperf-storage/<name>-a100.yaml` prints.
// The *read demand per accelerator* is what one accelerator needs at 100% AU: the batch size ×
// sample size / compute time. It differs enormously between workloads:

// %%
type Train = { accelerators: number; acceleratorUtilization: number; readDemandPerAccelerator: number; readThroughput: number; auThreshold: number; stepTime: number };
const demand = workloads.map((w) => {
  const t = results[w]!.workloads[0] as unknown as Train;
  const perAcc = t.readThroughput / t.accelerators / t.acceleratorUtilization; // bytes/s one accelerator reads at 100% AU
  return { workload: w, accelerators: t.accelerators, AU: formatPercent(t.acceleratorUtilization), 'demand per accelerator': formatBandwidth(perAcc), 'paper estimate: 130 GB/s / (demand x threshold)': Math.floor(130e9 / (perAcc * t.auThreshold)) };
});
await Deno.jupyter.display(tableBundle(demand), { raw: true });

// %% [markdown]
// UNet3D reads 146 MB images: each A100 needs about 1.6 GB/s, so 130 GB/s feeds only about 90 of
// them at 90% AU. ResNet-50's images are 150 kB: the same storage feeds well over a thousand.
// CosmoFlow sits in between. The paper estimate ignores the network and the loaders' overlap; the
// simulation does not. Let us find the real limit for UNet3D by bisection (`tiersim seek` does
// the same from the command line):

// %%
const answer = seek('../scenarios/mlperf-storage/unet3d-a100.yaml', 'workloads[0].acceleratorsPerNode', '8..16', 'acceleratorUtilization >= 0.9');
console.log(`Most accelerators per node with AU >= 90%: ${answer.value} (${answer.value! * 8} accelerators on 8 nodes)`);
for (const p of [...answer.points].sort((a, b) => a.value - b.value)) console.log(`  ${String(p.value).padStart(3)} per node: AU ${formatPercent(p.metric)}`);

// %%
const sweep = [8, 9, 10, 11, 12, 13, 14, 16].map((k) => {
  const r = runScenario(loadScenarioFile('../scenarios/mlperf-storage/unet3d-a100.yaml', { overrides: parseOverrides([`workloads[0].acceleratorsPerNode=${k}`]) }));
  const t = r.workloads[0] as unknown as Train;
  return { accelerators: t.accelerators, AU: Math.round(t.acceleratorUtilization * 1000) / 10 };
});
await Deno.jupyter.display(await chartBundle({
  title: { text: 'UNet3D on a 130 GB/s ClusterStor E1000: AU against accelerators', subtitle: 'simulated; the dashed line is the MLPerf Storage 90% threshold' },
  width: 420, height: 250,
  layer: [
    { data: { values: sweep }, mark: { type: 'line', point: true }, encoding: { x: { field: 'accelerators', type: 'quantitative', title: 'A100 accelerators (8 nodes)', scale: { zero: false } }, y: { field: 'AU', type: 'quantitative', title: 'accelerator utilization (%)', scale: { domain: [50, 100] } } } },
    { data: { values: [{ AU: 90 }] }, mark: { type: 'rule', strokeDash: [6, 4], color: '#c44' }, encoding: { y: { field: 'AU', type: 'quantitative' } } },
  ],
  config: { font: 'DejaVu Sans' },
}), { raw: true });

// %% [markdown]
// Past the limit, AU falls as 1/N: the storage delivers a fixed 130 GB/s, shared by more and more
// accelerators. This is exactly the *knee* of notebook 2, seen from the GPU's side.
//
// ## When does a page cache help?
//
// A smaller dataset (2,000 UNet3D samples, 292 GB) on a slower file system (20 GB/s), read by 4
// nodes with 512 GB of DRAM each, 5 epochs. Three cases:
//
// * **no cache**: every epoch reads everything from the file system;
// * **cache, global shuffle** (PyTorch's DistributedSampler): each epoch every node reads a *new*
//   random quarter of the dataset, so its cache holds only what it happened to read before;
// * **cache, node shuffle**: each node always reads the same quarter (shuffled inside): after the
//   first epoch everything is in its cache.

// %%
function cacheCase(cache: boolean, shuffle: 'global' | 'node') {
  const scenario = `
name: cache-${cache}-${shuffle}
system:
  nodes: [{ id: gpu, count: 4, nic: { bandwidth: 200 Gb/s }, tiers: [{ id: dram, kind: dram, capacity: 512 GB, bandwidth: 300 GB/s, cache: true }] }]
  storage: [{ id: pfs, kind: pfs, bandwidth: 20 GB/s, attach: { bandwidth: 100 GB/s } }]
  network: { kind: star }
workloads:
  - kind: ai-training
    id: unet3d
    dlio: ../scenarios/mlperf-storage/dlio/unet3d_a100.yaml
    nodes: gpu
    acceleratorsPerNode: 8
    dataset: { location: pfs, samples: 2000, ${cache ? `cache: gpu/dram, ` : ''}shuffle: ${shuffle} }
    epochs: 5
`;
  const t = runScenario(loadScenarioText(scenario, 'cache.yaml')).workloads[0] as unknown as Train & { projectedTime: number; bytesRead: number };
  return { case: cache ? `cache, ${shuffle} shuffle` : 'no cache', 'time for 5 epochs': formatDuration(t.projectedTime), AU: formatPercent(t.acceleratorUtilization), 'read from the file system': `${(t.bytesRead / 1e12).toFixed(2)} TB` };
}
await Deno.jupyter.display(tableBundle([cacheCase(false, 'global'), cacheCase(true, 'global'), cacheCase(true, 'node')]), { raw: true });

// %% [markdown]
// With a fixed shard per node the file system is read once (the first epoch) and later epochs run
// from memory. With a global shuffle the cache catches only the samples a node happens to read
// again: a quarter of them in the second epoch (with 4 nodes), more as the cache fills, 37% of all
// reads over the 5 epochs here — it helps, but far less. This is why large-scale
// training often shards data per node or keeps a node-local copy, and why MLPerf Storage makes
// its datasets larger than the clients' memory: otherwise it would measure the cache, not the
// storage.
//
// ## What the loaders hold in host memory
//
// Prefetching costs memory. Each loader worker holds the sample it is reading, and every
// prefetched batch holds its samples *decoded* (DLIO's `record_length_bytes_resize`: 2 MiB for
// UNet3D, 150 kB for ResNet-50) until the accelerator takes it. With 4 workers and 2 batches
// each, a UNet3D accelerator keeps 8 batches of 7 decoded images plus 4 raw 146 MB files in
// flight. Here is the peak, per node, in the three runs above:

// %%
const memory = workloads.map((w) => {
  const r = results[w]!;
  const t = r.workloads[0] as unknown as Train;
  const dram = r.tiers.filter((x) => x.kind === 'dram');
  const perNode = t.accelerators / dram.length, peak = Math.max(...dram.map((x) => x.peakUsed));
  return { workload: w, 'accelerators per node': perNode, 'host memory at peak, per node': formatBytes(peak), 'per accelerator': formatBytes(peak / perNode) };
});
await Deno.jupyter.display(tableBundle(memory), { raw: true });

// %% [markdown]
// For UNet3D most of it is the raw files being read (4 x 146 MB); the queue of decoded batches is
// small. For ResNet-50 it is the queue: 8 workers x 2 batches of 400 decoded images. MLPerf Storage
// budgets about 0.5 GB of host memory per simulated accelerator: the same order. tiersim refuses
// a scenario whose loaders could not fit in the node's memory before it runs.
//
// ## Exercises
//
// 1. ResNet-50: how many accelerators per node can the E1000 feed at 90% AU? Use `seek` on
//    `../scenarios/mlperf-storage/resnet50-a100.yaml` (try the range 64..256).
// 2. Replace A100 by H100 (`scenarios/mlperf-storage/unet3d-h100.yaml`). The H100 computes a
//    UNet3D step faster. Does the storage feed more or fewer H100s than A100s? Why?
// 3. In the cache experiment, use 8 nodes instead of 4. What happens to the global-shuffle hit
//    rate, and why?
// 4. Double the file system to 40 GB/s in the no-cache case. Is the AU doubled? What limits it now?
// 5. The same question as MLPerf Storage asks it, on a catalog system and without a scenario:
//    `npx tiersim dlio scenarios/mlperf-storage/dlio/unet3d_h100.yaml --system dgx-a100-cluster
//    --node-count 8 --max-accelerators`. Check its answer against the storage's read bandwidth
//    divided by one accelerator's demand at 90% AU. Why is it a multiple of 8?
// 6. Give UNet3D 16 loader workers per accelerator (`workloads[0].loader.readThreads=16`). Does AU
//    change? What happens to host memory, and how many accelerators would a 256 GB node hold?
