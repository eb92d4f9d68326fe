// Notebook source (percent format). Build the .ipynb with: npm run notebooks
// %% [markdown]
// # 2. Contention: sharing links and devices fairly, and finding the bottleneck
//
// **What you will learn.** When many transfers cross the same links and devices at once, each gets
// a share of the resource that limits it. tiersim (like SimGrid) uses **max-min fairness**: raise
// every flow's rate together until some resource is full; the flows through that resource are
// frozen there (it is their *bottleneck*); keep raising the others. You will
//
// 1. compute max-min shares by hand for three flows on two links, and check them against tiersim's
//    fluid model;
// 2. watch the bottleneck **move** as more clients read from a parallel file system: first each
//    client's network card limits it, then the file system does;
// 3. learn to read tiersim's bottleneck report.

// %%
import { Simulation, FluidModel, Constraint, loadScenarioText, runScenario, formatBandwidth, formatDuration, chartBundle, tableBundle } from '../src/index.ts';

// %% [markdown]
// ## Max-min fairness by hand
//
// Two links: **A** carries 10 GB/s, **B** carries 6 GB/s. Three flows of 60 GB each:
// flow 1 crosses A, flow 2 crosses A and B, flow 3 crosses B.
//
// By hand: raise all three rates together. At 3 GB/s each, link B is full (flows 2 and 3 use
// 3 + 3 = 6). Flows 2 and 3 freeze at 3 GB/s: B is their bottleneck. Flow 1 keeps rising until A
// is full: 10 − 3 = **7 GB/s**. So the rates are 7, 3 and 3 GB/s, and flow 1 should finish after
// 60 / 7 = 8.57 s, flows 2 and 3 after 60 / 3 = 20 s (B stays their limit even after flow 1 leaves).

// %%
const sim = new Simulation();
const fluid = new FluidModel(sim);
const A = new Constraint('link A', 10e9), B = new Constraint('link B', 6e9);
const flows = [[A], [A, B], [B]].map((path, i) => fluid.createFlow(60e9, path, { id: `flow ${i + 1}` }));
const rates: Record<string, unknown>[] = [], finished: Record<string, unknown>[] = [];
for (const f of flows) {
  f.onDone = (done) => finished.push({ flow: done.id, 'finished at': formatDuration(sim.now), 'bottleneck at the end': done.bottleneck?.id ?? '-' });
  fluid.start(f);
}
sim.callAt(1, () => flows.forEach((f) => rates.push({ flow: f.id, 'rate at t = 1 s': formatBandwidth(f.rate), bottleneck: f.bottleneck?.id })));
sim.run();
await Deno.jupyter.display(tableBundle(rates), { raw: true });
await Deno.jupyter.display(tableBundle(finished), { raw: true });

// %% [markdown]
// The simulation agrees with the hand computation: 7, 3 and 3 GB/s, flow 1 done at 8.57 s and the
// others at 20 s. Note that when flow 1 leaves, flow 2 does **not** speed up: it is held by link B,
// which is still shared with flow 3. Freeing capacity on a link that is not your bottleneck does not
// help you — the central lesson of bottleneck analysis.
//
// ## Many clients, one parallel file system
//
// Now a realistic case: *N* compute nodes, each with a 200 Gb/s (25 GB/s) network card, each read
// 100 GB from a ClusterStor E1000 file system that delivers 130 GB/s in total (MLPerf Storage
// v1.0 submission, in `models/`). With few clients, each one's network card limits it; past some
// number of clients, the file system is full and every client slows down.

// %%
function clients(n: number) {
  const scenario = `
name: clients-${n}
system:
  nodes: [{ id: client, count: ${n}, nic: { bandwidth: 200 Gb/s, latency: 2 us }, tiers: [{ id: dram, kind: dram, capacity: 1 TB, bandwidth: 400 GB/s }] }]
  storage: [{ id: pfs, kind: pfs, model: clusterstor-e1000, attach: { bandwidth: 400 GB/s, latency: 2 us } }]
  network: { kind: star }
workloads:
  - { kind: transfers, id: read, moves: [{ from: pfs, to: client/dram, size: 100 GB }] }
`;
  return runScenario(loadScenarioText(scenario, `clients-${n}.yaml`));
}
const counts = [1, 2, 3, 4, 5, 6, 8, 12, 16, 24, 32];
const points = counts.map((n) => {
  const r = clients(n);
  return { clients: n, seconds: r.simulatedTime, aggregate: (n * 100e9) / r.simulatedTime / 1e9, bottleneck: r.bottleneck!.resource };
});
await Deno.jupyter.display(tableBundle(points.map((p) => ({ clients: p.clients, time: formatDuration(p.seconds), 'aggregate GB/s': p.aggregate.toFixed(1), bottleneck: p.bottleneck }))), { raw: true });

// %%
await Deno.jupyter.display(await chartBundle({
  title: { text: 'Aggregate read bandwidth against the number of clients', subtitle: 'each client reads 100 GB over a 25 GB/s NIC from a 130 GB/s file system; colour: the bottleneck' },
  width: 440, height: 260,
  data: { values: points },
  layer: [
    { mark: { type: 'line', color: '#bbb' }, encoding: { x: { field: 'clients', type: 'quantitative' }, y: { field: 'aggregate', type: 'quantitative' } } },
    { mark: { type: 'point', filled: true, size: 90 }, encoding: { x: { field: 'clients', type: 'quantitative', title: 'clients (nodes reading at once)' }, y: { field: 'aggregate', type: 'quantitative', title: 'aggregate read bandwidth (GB/s)' }, color: { field: 'bottleneck', title: 'bottleneck' } } },
  ],
  config: { font: 'DejaVu Sans', legend: { orient: 'bottom' } },
}), { raw: true });

// %% [markdown]
// Up to 5 clients, the aggregate grows by 25 GB/s per client and the bottleneck is each client's
// NIC (`client[*]:nic:rx`). From 6 clients on (6 × 25 = 150 > 130 GB/s) the file system's read
// bandwidth (`pfs:read`) is the bottleneck: the aggregate stays at 130 GB/s and each client gets
// 130 / *N*. The *knee* is at 130 / 25 = 5.2 clients. Adding clients past the knee makes each one
// slower; only a faster file system (or caching data closer to the clients) helps.
//
// ## Reading tiersim's bottleneck report
//
// Every run reports, for each resource, the share of the time data was moving during which it set
// the flows' rates (its *bottleneck share*; each instant is divided equally among the flows in
// flight), and names the overall bottleneck. `tiersim run` prints it, and `tiersim explain` walks through it in words:

// %%
const r12 = clients(12);
console.log(`Bottleneck with 12 clients: ${r12.bottleneck!.resource} set the rates ${(r12.bottleneck!.share * 100).toFixed(0)}% of the time data was moving`);
for (const x of [...r12.resources].sort((a, b) => b.bottleneckShare - a.bottleneckShare).slice(0, 3)) {
  console.log(`  ${x.id.padEnd(22)} capacity ${formatBandwidth(x.capacity).padStart(10)}   utilization ${(x.utilization * 100).toFixed(1).padStart(5)}%   bottleneck share ${(x.bottleneckShare * 100).toFixed(1)}%`);
}

// %% [markdown]
// ## Exercises
//
// 1. Give the clients 400 Gb/s NICs. Where is the knee now? Predict it first (130 / 50), then run.
// 2. In the hand example, make link B 12 GB/s. Compute the max-min rates by hand, then check
//    with the fluid model. Which link is each flow's bottleneck now?
// 3. Set the file system's `attach` bandwidth to 100 GB/s. What becomes the bottleneck with 12
//    clients, and why is it no longer `pfs:read`?
// 4. With 32 clients, how much faster does the read get if you double the file system's read
//    bandwidth (`readBandwidth: 260 GB/s`)? And with 4 clients? Explain the difference.
