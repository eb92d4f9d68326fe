// Notebook source (percent format). Build the .ipynb with: npm run notebooks
// %% [markdown]
// # 1. The hierarchy: why fast memory is small and big storage is slow
//
// **What you will learn.** Every tier of an AI/HPC machine trades capacity for speed and price:
// accelerator memory (HBM) moves terabytes per second but holds tens of gigabytes; tape holds
// exabytes for a few dollars per terabyte but needs a robot and a minute before the first byte.
// In this notebook you will
//
// 1. read the latency, bandwidth, capacity and price of each tier from tiersim's sourced catalog;
// 2. simulate moving **1 TB** out of each tier, with one stream and with sixteen, and see which
//    tiers need parallelism to deliver their bandwidth;
// 3. draw the hierarchy on log-log axes and read the trade-off off the picture.
//
// Everything here uses tiersim's public API (`../src/index.ts`); every number comes from a
// simulation or from the catalog in `models/`, where each one carries its source.

// %%
import { loadCatalog, modelsDir, loadScenarioText, runScenario, formatBytes, formatBandwidth, formatDuration, chartBundle, tableBundle, hierarchySpec } from '../src/index.ts';

const catalog = loadCatalog(modelsDir());
const devices = ['hbm2e-a100-80gb', 'ddr5-4800-12ch', 'optane-dcpmm-gen1', 'micron-9400-7.68tb', 'datawarp-node', 'clusterstor-e1000', 'lto-9', 'aws-s3-standard'];
await Deno.jupyter.display(tableBundle(devices.map((id) => {
  const d = catalog.devices.get(id)!;
  return { id, kind: d.kind, name: d.name, parameters: Object.entries(d.text).map(([k, v]) => `${k} ${v}`).join(', ') };
})), { raw: true });

// %% [markdown]
// Each row is a real device; `tiersim models show <id>` prints where each number comes from.
// Notice the units: HBM is quoted in TB/s, the tape drive in MB/s, and S3 by *connection*
// (93 MB/s each) and by *request rate* (5,500 GET/s per key prefix), not by one bandwidth.
//
// ## Moving one terabyte out of each tier
//
// We build one system holding every tier: a node with HBM, DRAM, Optane NVDIMM and an NVMe SSD,
// and, over a 400 Gb/s network, a DataWarp burst buffer, a ClusterStor parallel file system, an
// LTO-9 tape library (each file on its own cartridge; notebook 6 shows why that matters) and S3.
// Each run reads 1 TB from one tier into a *sink* on the node (a memory made fast and large enough
// never to be the limit), so the time shows the tier itself.

// %%
const system = `
system:
  nodes:
    - id: node
      nic: { bandwidth: 400 Gb/s, latency: 2 us }
      pcie: { bandwidth: 64 GB/s }
      tiers:
        - { id: hbm, kind: hbm, model: hbm2e-a100-80gb }
        - { id: dram, kind: dram, model: ddr5-4800-12ch }
        - { id: nvdimm, kind: nvdimm, model: optane-dcpmm-gen1 }
        - { id: ssd, kind: ssd, model: micron-9400-7.68tb }
        - { id: sink, kind: dram, capacity: 100 PB, bandwidth: 1000 TB/s }
  storage:
    - { id: bb, kind: burst-buffer, model: datawarp-node, servers: 16, stripeServers: 16, attach: { bandwidth: 1 TB/s } }
    - { id: pfs, kind: pfs, model: clusterstor-e1000, attach: { bandwidth: 1 TB/s } }
    - { id: tape, kind: tape, model: lto-9, drives: 16, filesPerCartridge: 1, capacity: 10 PB, attach: { bandwidth: 1 TB/s } }
    - { id: s3, kind: object-store, model: aws-s3-standard, prefixes: 16, attach: { bandwidth: 1 TB/s } }
  network: { kind: star }
`;
const tiers = ['node/hbm', 'node/dram', 'node/nvdimm', 'node/ssd', 'bb', 'pfs', 'tape', 's3'];

/** Reads 1 TB from `tier` into the sink as `files` files moved by as many parallel streams. */
function moveTB(tier: string, files: number) {
  const scenario = `name: one-terabyte\n${system}\nworkloads:\n  - kind: transfers\n    id: read\n    moves: [{ from: ${tier}, to: node/sink, size: 1 TB, files: ${files}, streams: ${files} }]\n`;
  return runScenario(loadScenarioText(scenario, 'one-terabyte.yaml'));
}

const rows = tiers.map((tier) => {
  const one = moveTB(tier, 1), sixteen = moveTB(tier, 16);
  return { tier, 'one stream': one.simulatedTime, '16 streams': sixteen.simulatedTime, 'limited by (16 streams)': sixteen.bottleneck?.resource ?? '-' };
});
await Deno.jupyter.display(tableBundle(rows.map((r) => ({ ...r, 'one stream': formatDuration(r['one stream']), '16 streams': formatDuration(r['16 streams']) }))), { raw: true });

// %% [markdown]
// Read the table row by row:
//
// * **HBM, DRAM, NVDIMM** move a terabyte in seconds — but HBM and DRAM can't *hold* a terabyte
//   (80 GB and 768 GB): in practice data streams through them.
// * **HBM is limited by PCIe**, not by its own 2 TB/s: data entering or leaving accelerator memory
//   crosses the host link. That is why GPUDirect and NVLink matter.
// * **NVMe SSD**: 7 GB/s, a terabyte in over two minutes.
// * **Burst buffer and parallel file system**: both could deliver far more than 50 GB/s in total,
//   but one node reads through one 400 Gb/s NIC (50 GB/s): a single client never sees a big file
//   system's aggregate bandwidth. It takes many nodes reading at once to use it.
// * **Tape** pays a robot exchange, a load and a locate (about a minute) before streaming at
//   400 MB/s per drive: one stream takes 45 minutes; sixteen drives in parallel, a few minutes.
// * **S3** is limited *per connection*: one stream crawls at 93 MB/s (three hours for a terabyte),
//   sixteen are sixteen times faster. Object storage rewards parallelism.
//
// The same numbers as a picture (log scale — the fastest and the slowest differ by three orders
// of magnitude):

// %%
await Deno.jupyter.display(await chartBundle({
  title: { text: 'Time to read 1 TB from each tier', subtitle: 'simulated with tiersim; one stream and 16 parallel streams' },
  width: 420, height: 240,
  data: { values: rows.flatMap((r) => [{ tier: r.tier, streams: '1 stream', seconds: r['one stream'] }, { tier: r.tier, streams: '16 streams', seconds: r['16 streams'] }]) },
  // A dot plot: bars have no baseline on a log scale.
  mark: { type: 'point', filled: true, size: 110 },
  encoding: {
    y: { field: 'tier', type: 'nominal', sort: tiers, title: null },
    x: { field: 'seconds', type: 'quantitative', scale: { type: 'log' }, title: 'seconds to read 1 TB (log scale)' },
    color: { field: 'streams', title: null },
    shape: { field: 'streams', title: null },
  },
  config: { font: 'DejaVu Sans', legend: { orient: 'bottom' } },
}), { raw: true });

// %% [markdown]
// ## The trade-off on one picture
//
// tiersim draws any system's hierarchy: capacity against read bandwidth, both on log scales. The
// points fall roughly on a line from "small and fast" (top left) to "huge and slow" (bottom right):
// there is no tier in the top-right corner, because fast memory is expensive per byte.

// %%
const run = moveTB('pfs', 1);
const all = { ...run, tiers: run.tiers.filter((t) => !t.id.endsWith('/sink')) }; // leave out the made-up sink
await Deno.jupyter.display(await chartBundle(hierarchySpec(all)!), { raw: true });
for (const t of all.tiers.filter((x) => x.capacity !== null)) {
  const bw = all.resources.find((r) => r.owner === t.id && r.kind === 'read')?.capacity;
  console.log(`${t.id.padEnd(14)} ${formatBytes(t.capacity!).padStart(9)}  ${bw ? formatBandwidth(bw).padStart(10) : ''}`);
}

// %% [markdown]
// ## What a terabyte costs to keep
//
// Price per TB-month from the catalog where it has one (S3 Standard: $0.023 per GB-month, AWS
// list price), and the request and egress charges of reading the terabyte back out of S3 with
// 16 streams:

// %%
const s3 = moveTB('s3', 16);
console.log(`S3: storing 1 TB for a month costs $${(0.023 * 1000).toFixed(2)}; reading it out costs $${s3.cost.total.toFixed(2)} (requests $${s3.cost.requests.toFixed(2)} + egress $${s3.cost.egress.toFixed(2)})`);

// %% [markdown]
// Egress dominates: moving data *out* of a cloud costs more per terabyte than keeping it there
// for months. Archives on tape invert this: cheap to keep, slow (but free) to read.
//
// ## Exercises
//
// 1. Change `files` in `moveTB('s3', …)` to 64 and then 256. When does S3 stop getting faster,
//    and which limit takes over? (Look at `limited by`.)
// 2. Replace the A100's HBM (`hbm2e-a100-80gb`) with `hbm3-h100-80gb` and the PCIe link with
//    128 GB/s (PCIe 5 in both directions). What changes in the HBM row, and why?
// 3. Tape: with `drives: 4` instead of 16, how long do 16 streams take? Explain the number from
//    the drive rate, the number of drives and the mount time.
// 4. Using the table, estimate how long it takes to fill an 80 GB HBM from the parallel file
//    system. Check your estimate with a simulation.
