// Notebook source (percent format). Build the .ipynb with: npm run notebooks
// %% [markdown]
// # 6. Archives: tape recalls behind a disk cache, and what cloud object storage costs instead
//
// **What you will learn.** Tape is the cheapest place to keep data for years, but reading it back
// is a mechanical process: a robot fetches the cartridge, the drive loads and threads it, winds
// to the file and only then streams. When many files are wanted at once, the recalls queue for
// drives. You will
//
// 1. compute a recall schedule by hand and check it against the simulation;
// 2. see how adding drives shortens the queue, until the robot is the limit;
// 3. see why it matters which files share a cartridge;
// 4. compare with keeping the same data in S3: faster to read back, but paid every month.

// %%
import { loadScenarioFile, runScenario, parseOverrides, summarize, formatDuration, formatMoney, chartBundle, tableBundle, loadScenarioText, loadCatalog, modelsDir } from '../src/index.ts';

// %% [markdown]
// ## The recall scenario
//
// `scenarios/hierarchy/tape-recall.yaml`: 40 files of 500 GB (20 TB) on an LTO-9 library with 8
// drives and one robot, each file on its own cartridge, all requested at once and recalled into
// the disk cache of an HSM archive (catalog system `archive-tape`). The LTO-9 figures come from
// IBM's specifications:

// %%
const lto = loadCatalog(modelsDir()).devices.get('lto-9')!;
console.log(Object.entries(lto.text).map(([k, v]) => `${k}: ${v}`).join('\n'));
const file = '../scenarios/hierarchy/tape-recall.yaml';
const base = runScenario(loadScenarioFile(file));
console.log('\n' + summarize(base).split('\n')[2]);

// %% [markdown]
// ## The schedule by hand
//
// The robot (10 s per exchange, an assumption: the figure is not in IBM's table) serves the 8
// drives one after another: drive *k* gets its first cartridge at 10*k* s. Then each recall takes
// load 17 s + locate 45 s + stream 500 GB / 400 MB/s = 1,250 s, i.e. **1,312 s**. Each drive
// handles 40 / 8 = 5 files; between two files it rewinds (55 s) and unloads (30 s) and waits for
// the robot (10 s): **95 s**. The last drive starts at 80 s, so the recall ends at
//
// 80 + 5 × 1,312 + 4 × 95 = **7,020 s** (1 h 57 min)
//
// which is exactly the simulated time above.

// %%
const drives = [2, 4, 8, 16, 24, 40];
const byDrives = drives.map((d) => {
  const r = runScenario(loadScenarioFile(file, { overrides: parseOverrides([`system.storage[1].drives=${d}`]) }));
  return { drives: d, seconds: r.simulatedTime };
});
await Deno.jupyter.display(tableBundle(byDrives.map((x) => ({ drives: x.drives, 'recall time': formatDuration(x.seconds), 'files per drive': Math.ceil(40 / x.drives) }))), { raw: true });
await Deno.jupyter.display(await chartBundle({
  title: { text: 'Recalling 40 files of 500 GB from LTO-9 tape', subtitle: 'one robot, one file per cartridge; simulated' },
  width: 400, height: 240,
  data: { values: byDrives.map((x) => ({ drives: x.drives, hours: Math.round(x.seconds / 36) / 100 })) },
  mark: { type: 'line', point: true },
  encoding: { x: { field: 'drives', type: 'quantitative', title: 'tape drives' }, y: { field: 'hours', type: 'quantitative', title: 'time to recall all 40 files (h)' } },
  config: { font: 'DejaVu Sans' },
}), { raw: true });

// %% [markdown]
// Time falls with the number of *rounds* each drive must do (⌈40 / drives⌉), not smoothly: 16
// drives need 3 rounds, 24 drives 2. With 40 drives every file gets its own drive and the recall
// takes one round — 40 robot exchanges (400 s) plus one file's 1,312 s: **28.5 minutes**. Past that
// point only a second robot, or faster drives, would help.
//
// ## Which files share a cartridge matters
//
// If the 40 files had been written together, they would fill cartridges in order: 36 files of
// 500 GB fit on one 18 TB cartridge. A cartridge is in one drive at a time, so 36 recalls queue
// for the same drive whatever the number of drives:

// %%
const packed = runScenario(loadScenarioFile(file, { overrides: parseOverrides(['system.storage[1].filesPerCartridge=36']) }));
console.log(`one file per cartridge: ${formatDuration(base.simulatedTime)}; 36 files per cartridge: ${formatDuration(packed.simulatedTime)}`);

// %% [markdown]
// That is why archive systems *collocate* files that will be read together, and schedule recalls
// by cartridge and by position on the tape.
//
// ## Recalls that arrive over time: a queue
//
// In production, recalls are not all asked at once: users ask for files one at a time, at random
// moments. `scenarios/hierarchy/tape-recall-queue.yaml` sends recalls of 100 GB files (sizes
// spread lognormally, coefficient of variation 1) at 60 an hour, at random, to the same library. A
// recall holds its drive for about 6.8 minutes (exchange 10 s, load 17 s, locate 45 s, reading
// 100 GB at 400 MB/s 250 s, and the rewind and unload, 85 s, before the next cartridge), so 60 an
// hour keep 60 × 6.8 / 60 ≈ 6.8 drives busy on average. Here is how long a user waits for a file,
// from asking to the last byte, with 6 to 12 drives:

// %%
const queueFile = '../scenarios/hierarchy/tape-recall-queue.yaml';
const queue = [6, 7, 8, 9, 10, 12].map((d) => {
  const r = runScenario(loadScenarioFile(queueFile, { overrides: parseOverrides([`system.storage[1].drives=${d}`]) }));
  const t = (r.workloads[0] as unknown as { responseTime: { mean: number; p95: number } }).responseTime;
  return { drives: d, mean: t.mean, p95: t.p95 };
});
await Deno.jupyter.display(tableBundle(queue.map((x) => ({ drives: x.drives, 'mean wait': formatDuration(x.mean), '1 in 20 waits longer than': formatDuration(x.p95) }))), { raw: true });
await Deno.jupyter.display(await chartBundle({
  title: { text: 'Waiting for a tape recall, 60 recalls an hour', subtitle: 'LTO-9, 100 GB files, Poisson arrivals; simulated' },
  width: 400, height: 240,
  data: { values: queue.flatMap((x) => [{ drives: x.drives, minutes: Math.round(x.mean / 6) / 10, what: 'mean' }, { drives: x.drives, minutes: Math.round(x.p95 / 6) / 10, what: '95th percentile' }]) },
  mark: { type: 'line', point: true },
  encoding: { x: { field: 'drives', type: 'quantitative', title: 'tape drives' }, y: { field: 'minutes', type: 'quantitative', title: 'time from request to data (min)' }, color: { field: 'what', type: 'nominal', title: null } },
  config: { font: 'DejaVu Sans' },
}), { raw: true });

// %% [markdown]
// Six drives cannot keep up: recalls come faster (60 an hour) than 6 drives finish them (6 × 60 /
// 6.8 ≈ 53 an hour), so the queue grows as long as they keep coming and the wait is hours. With 7
// drives the library keeps up, but barely: the mean wait is 18 minutes, most of it spent waiting
// for a drive. With 8 it is 8.6 minutes, and past 10 more drives barely help: the wait is the
// recall itself. This is the knee every queue has: as the busy share of the servers (the
// utilization ρ) nears 1, the wait grows like 1 / (1 − ρ). For one server and fixed service
// times, Pollaczek and Khinchine's formula gives the mean wait in queue ρ S / (2 (1 − ρ));
// `tiersim reproduce` checks the tape model against it.
//
// ## The same 20 TB in S3
//
// Object storage reads back in parallel streams without mechanical delays. Here the 40 files are
// downloaded from S3 Standard (catalog model `aws-s3-standard`: 20 ms to first byte, 93 MB/s per
// connection, AWS list prices) by 4 data movers with 100 Gb/s each, 40 streams:

// %%
const s3 = runScenario(loadScenarioText(`
name: s3-restore
system:
  nodes: [{ id: mover, count: 4, nic: { bandwidth: 100 Gb/s }, tiers: [{ id: disk, kind: ssd, capacity: 100 TB, bandwidth: 20 GB/s }] }]
  storage: [{ id: s3, kind: object-store, model: aws-s3-standard, prefixes: 4, attach: { bandwidth: 10 TB/s } }]
  network: { kind: star }
workloads:
  - { kind: transfers, id: restore, moves: [{ from: s3, to: mover/disk, size: 5 TB, files: 10, streams: 10 }] }
`, 's3-restore.yaml'));
const keepYear = 20_000 * 0.023 * 12; // 20 TB at $0.023 per GB-month, 12 months
console.log(`S3 restore of 20 TB with 40 streams: ${formatDuration(s3.simulatedTime)} (tape, 8 drives: ${formatDuration(base.simulatedTime)})`);
console.log(`S3 cost: keeping 20 TB for a year ${formatMoney(keepYear)}; reading it all out to the internet once ${formatMoney(s3.cost.total)} (egress ${formatMoney(s3.cost.egress)}, requests ${formatMoney(s3.cost.requests)})`);

// %% [markdown]
// 40 streams of 93 MB/s would read 20 TB in 90 minutes; it takes 109 because each stream fetches
// 8 MiB ranges one after another and each request waits 20 ms for its first byte (a sixth of the
// time). That is a little faster than 8 tape drives and much slower than 40. But S3 charges every month for keeping the data, and charges again ($0.09/GB, internet
// egress) for reading it out. tiersim's catalog has no sourced tape media price, so we leave the
// tape side of the bill to you (exercise 3).
//
// ## Exercises
//
// 1. Give the library a second robot (`robots: 2`). With 40 drives, how much faster is the
//    recall? Compute it by hand first.
// 2. With 8 drives and 36 files per cartridge, the recall is far slower. Propose a placement of
//    the 40 files on cartridges that makes the 8-drive recall as fast as possible, and check it
//    with `filesPerCartridge`.
// 3. Find the price of an LTO-9 cartridge and of a tape library slot from a vendor you trust.
//    Over how many years does tape become cheaper than S3 Standard for 20 TB, counting one full
//    recall per year?
// 4. How many S3 streams would match the 40-drive tape recall time? What limits S3 if you keep
//    adding streams with 4 movers?
// 5. In the queue above, what recall rate can 8 drives sustain at most? Estimate it from the mean
//    time a recall holds a drive, then find where the simulated wait takes off
//    (`--set 'workloads[0].rate=...'`). Why does the simulated mean wait near that rate depend on
//    how many recalls the run has (`count`)?
