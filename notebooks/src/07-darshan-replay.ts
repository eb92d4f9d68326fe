// Notebook source (percent format). Build the .ipynb with: npm run notebooks
// %% [markdown]
// # 7. Replaying a real Darshan log on a different system
//
// **What you will learn.** HPC centres record what every job does with **Darshan**: counters per
// file and rank, and (with DXT tracing on) every read and write with its offset, size and time.
// tiersim reads these logs natively and *replays* them: each rank issues its recorded operations in
// order, computing for the recorded gaps in between, on any system you describe. You will
//
// 1. look inside a real log: what `darshan-parser --total` would print, and the trace itself;
// 2. replay it on a model of the machine it ran on, and compare with the recorded run time;
// 3. ask the what-if: the same job on a Cray XC's burst buffer, and on its Lustre file system.
//
// The log: `mpi-io-test` (32 ranks on one node of LANL's "snow" cluster, 4 iterations writing then
// reading 16 MiB blocks of one shared file on NFS), from the public darshan-logs repository.

// %%
import { loadTrace, summarizeTrace, formatTraceSummary, loadScenarioFile, loadScenarioText, runScenario, summarize, formatDuration, formatBandwidth, chartBundle, tableBundle } from '../src/index.ts';
const log = '../../shared/traces/darshan/mpi-io-test-dxt-32rank/treddy_mpi-io-test_id4373053_6-2-60198-9815401321915095332_1.darshan';

// %%
const trace = loadTrace(log);
const summary = summarizeTrace(trace);
const text = formatTraceSummary(summary).split('\n');
console.log(text.slice(0, 7).join('\n'));
const posix = summary.modules.find((m) => m.name === 'POSIX')!.totals;
for (const k of ['POSIX_OPENS', 'POSIX_READS', 'POSIX_WRITES', 'POSIX_BYTES_READ', 'POSIX_BYTES_WRITTEN', 'POSIX_F_READ_TIME', 'POSIX_F_WRITE_TIME']) console.log(`${k.padEnd(22)} ${posix[k]}`);

// %% [markdown]
// These are the counters `darshan-parser --total` prints, computed by tiersim from the binary log
// (tiersim's tests check all 3,722 totals of the sample logs against darshan-util's own output).
// 2 GiB were written and read back. The cumulative times are summed over ranks: the 32 ranks spent
// 55 s inside read calls but only 1 s inside write calls — NFS clients buffer writes in memory and
// send them to the server later (at close or sync), outside the write calls.
//
// ## The trace, rank by rank
//
// DXT recorded every operation. Here are the first 8 ranks' POSIX operations over time (the tiny
// writes are Open MPI's shared-memory files under `/tmp`):

// %%
const ops: { rank: number; start: number; end: number; op: string; MiB: number }[] = [];
for (const [rank, l] of trace.ranks) {
  if (rank >= 8) continue;
  for (let i = 0; i < l.n; i++) ops.push({ rank, start: l.start[i]!, end: l.end[i]!, op: l.dir[i] === 0 ? 'read' : 'write', MiB: l.length[i]! / 2 ** 20 });
}
await Deno.jupyter.display(await chartBundle({
  title: { text: 'I/O timeline of mpi-io-test, ranks 0-7', subtitle: 'recorded by Darshan DXT on NFS; one bar per POSIX operation' },
  width: 460, height: 220,
  data: { values: ops },
  mark: { type: 'bar', height: 14 },
  encoding: {
    y: { field: 'rank', type: 'ordinal', title: 'rank' },
    x: { field: 'start', type: 'quantitative', title: 'time since job start (s)' },
    x2: { field: 'end' },
    color: { field: 'op', title: null },
    tooltip: [{ field: 'op' }, { field: 'MiB' }, { field: 'start' }, { field: 'end' }],
  },
  config: { font: 'DejaVu Sans', legend: { orient: 'bottom' } },
}), { raw: true });

// %% [markdown]
// Four write phases over the first 10 s, each write call a thin line (it returns as soon as the
// data is in the client's memory), then four read phases from 10.5 s on, each 16 MiB read taking
// about half a second: 32 ranks share the NFS server. Everything between the bars — the ranks
// waiting for each other at barriers, and NFS flushing the buffered writes — is replayed as
// computation, since a trace cannot tell waiting from computing.
//
// ## Replay on a model of the recorded system
//
// `scenarios/replay/mpi-io-test-dxt-32rank.yaml` models the node (10 GbE) and the NFS server
// (1 GB/s reads, 300 MB/s writes; the application reported 808 and 283 MB/s).

// %%
const home = runScenario(loadScenarioFile('../scenarios/replay/mpi-io-test-dxt-32rank.yaml'));
console.log(summarize(home).split('\n\n')[2]);

// %% [markdown]
// The replay ends within 5% of the recorded 14 s, and moves exactly the recorded bytes of every
// rank and file, in the recorded order (checked in tiersim's tests). The I/O time differs more (37 s
// simulated against 56 s recorded): the model's server reads faster than the real one did, while
// it charges the writes at 300 MB/s where the real client buffered them. Most of the run, though,
// is the recorded gaps.
//
// ## What if it ran on a Cray XC?
//
// The same trace on the catalog's Cray XC (Aries, DataWarp burst buffer, Sonexion Lustre), the 32
// ranks on one node: first on the burst buffer, then on Lustre with the default stripe count of 1.

// %%
function on(storage: string) {
  return runScenario(loadScenarioText(`
name: mpi-io-test-on-${storage}
system: { base: cray-xc-aries }
workloads:
  - { kind: replay, id: mpi-io-test, trace: ${log}, nodes: xc, ranksPerNode: 32, storage: ${storage}, mounts: { /tmp: xc/dram } }
`, 'what-if.yaml'));
}
type Replay = { makespan: number; ioTime: number; recordedIoTime: number; ioBottlenecks: { resource: string; share: number }[] };
const rows = [['NFS (model of the recorded system)', home], ['Cray XC burst buffer', on('bb')], ['Cray XC Lustre', on('lustre')]].map(([name, r]) => {
  const w = (r as ReturnType<typeof runScenario>).workloads[0] as unknown as Replay;
  return { system: name as string, 'run time': formatDuration(w.makespan), 'time in I/O (all ranks)': formatDuration(w.ioTime), 'I/O bounded by': w.ioBottlenecks[0]?.resource ?? '-' };
});
await Deno.jupyter.display(tableBundle(rows), { raw: true });

// %% [markdown]
// On the Cray the I/O time shrinks from tens of seconds to about a second, but the run time hardly
// moves: this job spends most of its life between I/O phases. Replays make this visible before
// anyone buys hardware: a faster file system would not make *this* job noticeably faster.
//
// ## Exercises
//
// 1. Replay with the recorded gaps removed (`gaps: false` in the workload). How long is the I/O
//    alone on each system? Which system would an I/O-bound version of this job prefer?
// 2. Give Lustre a stripe count of 8 (`system.storage[1].stripeCount`, in a `storage:` list with
//    `id: lustre`). Does the shared file's I/O get faster? Why?
// 3. Run `tiersim trace summary` on `../shared/traces/darshan/skew-app-65536rank/skew-app.darshan`.
//    It has no DXT trace: how does tiersim replay it (see docs/traces.md), and what does that
//    mean for the replay's accuracy?
// 4. Write your own 4-rank trace in tiersim's CSV format (docs/traces.md) that reads one 1 GB file
//    in 4 pieces, and replay it on the Cray XC. Which resource bounds it?
