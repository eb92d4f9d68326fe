/**
 * Workload "checkpointing": the checkpoint-only workload of DLIO and MLPerf Storage v2.0 (an LLM's
 * training state written, then read back, with no training data read). Every rank writes its shard
 * of each checkpoint from host memory (`from`) to the checkpoint tier (`to`: shared storage, or each
 * node's own tier) as one file, all ranks at once; a checkpoint ends when the last rank is done
 * (DLIO: a barrier; MLPerf reports the slowest rank). Checkpoints are `interval` apart (DLIO
 * time_between_checkpoints). Then `reads` checkpoints are read back the same way, newest first.
 * Every checkpoint is kept on the tier (DLIO names each after its step), so it must hold them all.
 */
import type { SimEvent } from '../engine/event.ts';
import type { Flow } from '../resources/sharing/maxmin.ts';
import { ShareClock } from '../resources/sharing/share-clock.ts';
import { resourceClass } from '../resources/classes.ts';
import type { Node } from '../topology/system.ts';
import type { Workload, WorkloadContext, WorkloadReport } from './context.ts';
import { filePath } from './move-file.ts';

export interface CheckpointingParams {
  id: string;
  nodes: string;
  ranksPerNode: number;
  /** Host tier the training state is in (the ranks' memory). */
  from: string;
  /** Tier checkpoints are written to and read back from. */
  to: string;
  /** Bytes each rank writes, in rank order (rank r on node floor(r / ranksPerNode)). */
  rankBytes: number[];
  writes: number;
  reads: number;
  /** Time between the end of a checkpoint and the start of the next (DLIO time_between_checkpoints). */
  interval: number;
  /** Name of the DLIO workload, when it came from one. */
  dlio?: string;
  /** How the checkpoint size was found (reported). */
  sizeSource?: string;
  warnings?: string[];
}

/** Bytes of each node's ranks together (rank r on node floor(r / ranksPerNode)), for `nodes` nodes. */
export function bytesPerNode(rankBytes: readonly number[], ranksPerNode: number, nodes: number): number[] {
  return Array.from({ length: nodes }, (_, k) => rankBytes.slice(k * ranksPerNode, (k + 1) * ranksPerNode).reduce((a, b) => a + b, 0));
}

/** I/O size of the requests a rank's checkpoint file is written and read in. */
const OP_SIZE = 16 * 2 ** 20;

interface Phase {
  times: number[];
  bytes: number;
  /** What held the phase's flows over the time they moved data. */
  shares: ShareClock;
}

export class CheckpointingWorkload implements Workload {
  readonly kind = 'checkpointing';
  readonly id: string;
  private start0 = 0;
  private end = 0;
  private readonly write: Phase = { times: [], bytes: 0, shares: new ShareClock() };
  private readonly read: Phase = { times: [], bytes: 0, shares: new ShareClock() };

  constructor(readonly p: CheckpointingParams) {
    this.id = p.id;
  }

  start(ctx: WorkloadContext): SimEvent<unknown> {
    const nodes = ctx.system.groups.get(this.p.nodes) ?? [];
    this.start0 = ctx.sim.now;
    return ctx.sim.process(this.run(ctx, nodes), this.id);
  }

  private *run(ctx: WorkloadContext, nodes: Node[]): Generator<SimEvent<any>, void, any> {
    const { sim, system } = ctx;
    // The ranks hold their shards of the training state in host memory for the whole run: what they
    // write, and where they read it back to (pinned: a page cache in that memory makes way for it).
    const perNode = bytesPerNode(this.p.rankBytes, this.p.ranksPerNode, nodes.length);
    const held = nodes.map((node, k) => {
      const bytes = perNode[k]!;
      const host = system.tierFor(this.p.from, node);
      host.reserve(bytes, 'the ranks\' training state');
      return [host, bytes] as const;
    });
    for (let i = 0; i < this.p.writes; i++) {
      if (i > 0 && this.p.interval > 0) yield sim.timeout(this.p.interval);
      yield* this.checkpoint(ctx, nodes, i, 'write');
    }
    for (let j = 0; j < this.p.reads; j++) yield* this.checkpoint(ctx, nodes, this.p.writes - 1 - (j % this.p.writes), 'read');
    for (const [host, bytes] of held) host.unreserve(bytes);
    this.end = sim.now;
  }

  /** Every rank writes (or reads back) its shard of checkpoint `n`; returns when the last is done. */
  private *checkpoint(ctx: WorkloadContext, nodes: Node[], n: number, dir: 'read' | 'write'): Generator<SimEvent<any>, void, any> {
    const { sim, system, fluid } = ctx;
    const phase = dir === 'write' ? this.write : this.read;
    const t0 = sim.now;
    const events: SimEvent<Flow>[] = [];
    this.p.rankBytes.forEach((bytes, r) => {
      if (bytes <= 0) return;
      const node = nodes[Math.floor(r / this.p.ranksPerNode)]!;
      const host = system.tierFor(this.p.from, node), tier = system.tierFor(this.p.to, node);
      const file = { key: `${this.id}/checkpoint${n}/rank${r}`, size: bytes, index: r };
      if (dir === 'write') tier.store(file.key, bytes);
      const [src, dst] = dir === 'write' ? [host, tier] : [tier, host];
      const path = filePath(ctx, src, dst, file, Math.min(bytes, OP_SIZE));
      // the checkpoint tier's requests: object storage pays its time to first byte once per file
      const plan = tier.requests(file, dir);
      src.bytesRead += bytes;
      dst.bytesWritten += bytes;
      phase.bytes += bytes;
      events.push(fluid.transfer(bytes, path.constraints, { coefs: path.coefs, latency: path.latency + plan.latency, cap: path.cap, weight: path.weight, id: `${file.key}:${dir}`, shares: phase.shares }));
    });
    yield sim.allOf(events);
    phase.times.push(sim.now - t0);
  }

  private static summary(ph: Phase, count: number) {
    const mean = ph.times.length ? ph.times.reduce((a, b) => a + b, 0) / ph.times.length : 0;
    const perCheckpoint = count > 0 ? ph.bytes / count : 0;
    return {
      time: mean, times: ph.times, throughput: mean > 0 ? perCheckpoint / mean : 0,
      bottleneck: ph.shares.ranked((c) => resourceClass(c.id))[0] ?? null, // alike resources together: "ckpt[*]:nic", "lustre:ost*:write"
    };
  }

  report(): WorkloadReport {
    const p = this.p;
    const size = p.rankBytes.reduce((a, b) => a + b, 0);
    const ranks = p.rankBytes.length;
    const w = CheckpointingWorkload.summary(this.write, this.write.times.length);
    const r = CheckpointingWorkload.summary(this.read, this.read.times.length);
    const writers = p.rankBytes.filter((b) => b > 0);
    return {
      id: this.id, kind: this.kind, start: this.start0, end: this.end, makespan: this.end - this.start0,
      bytesRead: this.read.bytes, bytesWritten: this.write.bytes,
      ...(p.dlio ? { dlio: p.dlio } : {}),
      ranks, writers: writers.length, checkpointSize: size,
      rankBytes: { min: writers.length ? Math.min(...writers) : 0, max: writers.length ? Math.max(...writers) : 0 },
      ...(p.sizeSource ? { sizeSource: p.sizeSource } : {}),
      to: p.to, from: p.from, writes: this.write.times.length, reads: this.read.times.length, interval: p.interval,
      writeTime: w.time, writeTimes: w.times, writeThroughput: w.throughput, writeBottleneck: w.bottleneck,
      readTime: r.time, readTimes: r.times, readThroughput: r.throughput, readBottleneck: r.bottleneck,
      ...(p.warnings?.length ? { warnings: p.warnings } : {}),
    };
  }
}
