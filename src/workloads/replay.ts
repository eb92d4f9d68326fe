/**
 * Workload "replay": a recorded trace (Darshan, DXT, or tiersim's own) re-run on a modelled system.
 * Each rank runs on a node of the chosen group (ranksPerNode per node, in rank order) and issues
 * its operations one after another, in the recorded order. Before each one it computes for the
 * recorded gap since its previous operation ended (the time the application spent outside I/O);
 * then the operation moves its recorded bytes as one flow across the tier's read or write path
 * (OSTs, IOPS limit, client limit...) and the network route between the node and the tier. The
 * first access of a rank to a file does the tier's preparation (a metadata operation on a parallel
 * file system). Files go to the tier their path's mount prefix names, else the default storage.
 *
 * The gap before an operation is folded into the flow's start latency, so one operation costs one
 * event, and a million operations replay in seconds.
 */
import { ShareClock } from '../resources/sharing/share-clock.ts';
import type { SimEvent } from '../engine/event.ts';
import type { StorageTier, AccessPath, FileRef } from '../resources/storage-tier.ts';
import type { Node } from '../topology/system.ts';
import { OP_READ, type Trace } from '../traces/trace.ts';
import type { Workload, WorkloadContext, WorkloadReport } from './context.ts';

export interface ReplayParams {
  id: string;
  trace: Trace;
  /** Trace file as the scenario named it (for the report). */
  traceName: string;
  nodes: string;
  ranksPerNode?: number;
  storage: string;
  /** Path prefix -> tier reference, longest prefix wins. */
  mounts: [string, string][];
  /** Keep the recorded gaps between operations as compute time (default true). */
  gaps: boolean;
  /** Record every operation as an activity (for tests and small traces). */
  recordOps?: boolean;
}

interface RankStats { start: number; end: number; io: number; compute: number }

/**
 * How a trace's ranks sit on `nodes` nodes: the trace's rank count (nprocs, or the highest rank
 * seen + 1) and the ranks per node: as given, else as recorded (DXT hostnames) when that fits, else
 * spread evenly over the group.
 */
export function replayLayout(t: Trace, nodes: number, ranksPerNode?: number): { ranks: number; ranksPerNode: number } {
  let top = -1;
  for (const r of t.ranks.keys()) if (r > top) top = r;
  const ranks = Math.max(t.nprocs, top + 1);
  return { ranks, ranksPerNode: ranksPerNode ?? (t.ranksPerHost && t.ranksPerHost * nodes >= ranks ? t.ranksPerHost : Math.max(1, Math.ceil(ranks / nodes))) };
}

export class ReplayWorkload implements Workload {
  readonly kind = 'replay';
  readonly id: string;
  private readonly ranks = new Map<number, RankStats>();
  /** rank -> file index -> [bytes read, bytes written], as moved in the simulation. */
  readonly moved = new Map<number, Map<number, [number, number]>>();
  private bytesRead = 0;
  private bytesWritten = 0;
  private ops = 0;
  /** The replay's time moving data by the resource that bounded it (each instant divided among its ops in flight). */
  private readonly shares = new ShareClock();
  private fileTiers: string[] = [];
  private ranksPerNode = 1;

  constructor(private readonly p: ReplayParams) {
    this.id = p.id;
  }

  start(ctx: WorkloadContext): SimEvent<unknown> {
    const { sim, system } = ctx;
    const t = this.p.trace;
    const nodes: Node[] = [...system.nodes.values()].filter((n) => n.group === this.p.nodes);
    if (nodes.length === 0) throw new Error(`replay ${this.id}: no node group "${this.p.nodes}"`);
    const rankIds = [...t.ranks.keys()].sort((a, b) => a - b);
    const layout = replayLayout(t, nodes.length, this.p.ranksPerNode);
    const nRanks = layout.ranks;
    this.ranksPerNode = layout.ranksPerNode;
    // (the scenario check refuses a layout that does not fit, with the path; this is a last guard)
    if (nRanks > this.ranksPerNode * nodes.length) {
      throw new Error(`replay ${this.id}: ${nRanks} ranks do not fit on ${nodes.length} node${nodes.length === 1 ? '' : 's'} of "${this.p.nodes}" at ${this.ranksPerNode} per node`);
    }
    // Which tier each file lives on (per node, for node-local tiers).
    const mounts = [...this.p.mounts].sort((a, b) => b[0].length - a[0].length);
    this.fileTiers = t.files.map((path) => mounts.find(([prefix]) => path.startsWith(prefix))?.[1] ?? this.p.storage);
    const tierCache = new Map<string, StorageTier>();
    const tierFor = (ref: string, node: Node): StorageTier => {
      const key = `${ref}@${node.id}`;
      let tier = tierCache.get(key);
      if (!tier) tierCache.set(key, (tier = system.tierFor(ref, node)));
      return tier;
    };
    const all: SimEvent<unknown>[] = [];
    for (const rank of rankIds) {
      const node = nodes[Math.floor(rank / this.ranksPerNode)]!;
      all.push(sim.process(this.rank(ctx, rank, node, tierFor), `${this.id}/rank${rank}`));
    }
    return sim.allOf(all);
  }

  private *rank(ctx: WorkloadContext, rank: number, node: Node, tierFor: (ref: string, node: Node) => StorageTier): Generator<SimEvent<any>, void, any> {
    const { sim, fluid, system, recorder } = ctx;
    const ops = this.p.trace.ranks.get(rank)!;
    const st: RankStats = { start: sim.now, end: sim.now, io: 0, compute: 0 };
    this.ranks.set(rank, st);
    const moved = new Map<number, [number, number]>();
    this.moved.set(rank, moved);
    // Last op index of each file on this rank, to release tier tokens (a tape drive) after it.
    const last = new Map<number, number>();
    for (let i = 0; i < ops.n; i++) last.set(ops.file[i]!, i);
    const tokens = new Map<number, { tier: StorageTier; read: boolean; token: unknown }>();
    const paths = new Map<number, Map<number, AccessPath & { weight: number }>>();
    const rctx = { sim, client: node.id };
    // The first 8 ranks' operations go in the result (for the I/O timeline chart), if not too many.
    const record = this.p.recordOps === true || (rank < 8 && ops.n <= 2000);
    let prevEnd = 0;
    for (let i = 0; i < ops.n; i++) {
      const f = ops.file[i]!, read = ops.dir[i] === OP_READ, len = ops.length[i]!;
      const tier = tierFor(this.fileTiers[f]!, node);
      let gap = this.p.gaps ? Math.max(0, ops.start[i]! - prevEnd) : 0;
      prevEnd = Math.max(prevEnd, ops.end[i]!);
      if (!tokens.has(f)) {
        if (gap > 0) { yield sim.timeout(gap); st.compute += gap; gap = 0; }
        const ref: FileRef = { key: this.p.trace.files[f]!, size: len, index: f }; // only on a first access or a new path
        const token = read ? yield* tier.beforeRead(rctx, ref) : yield* tier.beforeWrite(rctx, ref);
        tokens.set(f, { tier, read, token });
      }
      const t0 = sim.now;
      if (len > 0) {
        const key = f * 2 + (read ? 0 : 1);
        let byLen = paths.get(key);
        if (!byLen) paths.set(key, (byLen = new Map()));
        let path = byLen.get(len);
        if (!path) {
          const ref: FileRef = { key: this.p.trace.files[f]!, size: len, index: f }; // only on a first access or a new path
          const access = read ? tier.readAccess(rctx, ref, len, tokens.get(f)!.token) : tier.writeAccess(rctx, ref, len, tokens.get(f)!.token);
          const route = system.route(system.endpoint(tier), node.id);
          if (!route) throw new Error(`replay ${this.id}: no network path between ${tier.label} and ${node.id}`);
          const latency = access.latency + route.latency;
          path = {
            constraints: [...access.constraints, ...route.constraints],
            coefs: [...access.coefs, ...route.constraints.map(() => 1)],
            latency, cap: access.cap, weight: ctx.rttWeighted ? Math.max(latency, 1e-12) : 1,
          };
          byLen.set(len, path);
        }
        yield fluid.transfer(len, path.constraints, { coefs: path.coefs, latency: gap + path.latency, cap: path.cap, weight: path.weight, shares: this.shares });
      } else if (gap > 0) yield sim.timeout(gap);
      st.compute += gap;
      st.io += sim.now - t0 - gap;
      this.ops++;
      let m = moved.get(f);
      if (!m) moved.set(f, (m = [0, 0]));
      if (read) { m[0] += len; this.bytesRead += len; tier.bytesRead += len; } else { m[1] += len; this.bytesWritten += len; tier.bytesWritten += len; }
      if (record) recorder.add({ id: `${this.id}/rank${rank}/${i}`, kind: read ? 'read' : 'write', workload: this.id, start: t0 + gap, end: sim.now, bytes: len, from: read ? tier.label : node.id, to: read ? node.id : tier.label });
      if (last.get(f) === i) {
        const tk = tokens.get(f)!;
        if (tk.read) tk.tier.afterRead(tk.token); else tk.tier.afterWrite(tk.token);
      }
    }
    st.end = sim.now;
  }

  report(): WorkloadReport {
    const t = this.p.trace;
    let start = Infinity, end = 0, io = 0, compute = 0;
    for (const s of this.ranks.values()) {
      start = Math.min(start, s.start);
      end = Math.max(end, s.end);
      io += s.io;
      compute += s.compute;
    }
    if (start === Infinity) start = 0;
    let recordedIo = 0, recordedIoEnd = 0;
    for (const l of t.ranks.values()) for (let i = 0; i < l.n; i++) {
      recordedIo += l.end[i]! - l.start[i]!;
      if (l.end[i]! > recordedIoEnd) recordedIoEnd = l.end[i]!;
    }
    // operations synthesized from counters have no durations of their own; the counters' times do
    if (t.synthesized && t.counterIoTime !== undefined) recordedIo = t.counterIoTime;
    if (t.synthesized && t.counterIoEnd) recordedIoEnd = t.counterIoEnd;
    const bottlenecks = this.shares.ranked().slice(0, 5);
    const perFile = new Map<number, [number, number]>();
    for (const m of this.moved.values()) for (const [f, [r, w]] of m) {
      const x = perFile.get(f) ?? [0, 0];
      x[0] += r; x[1] += w;
      perFile.set(f, x);
    }
    const files = [...perFile].sort((a, b) => b[1][0] + b[1][1] - (a[1][0] + a[1][1])).slice(0, 20)
      .map(([f, [r, w]]) => ({ path: t.files[f]!, tier: this.fileTiers[f]!, bytesRead: r, bytesWritten: w }));
    return {
      id: this.id, kind: this.kind, start, end, makespan: end - start,
      bytesRead: this.bytesRead, bytesWritten: this.bytesWritten,
      trace: this.p.traceName, traceFormat: t.format, layer: t.layer, synthesized: t.synthesized,
      ranks: this.ranks.size, ranksPerNode: this.ranksPerNode, operations: this.ops, files: t.files.length,
      recordedRunTime: t.runTime, runTimeRatio: t.runTime > 0 ? (end - start) / t.runTime : null, recordedIoEnd,
      ioTime: io, recordedIoTime: recordedIo, computeTime: compute,
      ioBottlenecks: bottlenecks, busiestFiles: files,
      warnings: t.warnings,
    };
  }
}
