/**
 * Workload "transfers": explicit moves of data between tiers. Each move goes from its source tier(s)
 * to its destination tier(s) (paired node by node when both sides are node groups) as `files` files,
 * which `streams` parallel workers move one at a time (move-file.ts: each file one flow per request
 * across source read path, network route and destination write path, after the tiers' preparation).
 * A move may wait for another one (`after`).
 */
import { ShareClock } from '../resources/sharing/share-clock.ts';
import type { SimEvent } from '../engine/event.ts';
import type { StorageTier } from '../resources/storage-tier.ts';
import { parseTierRef } from '../topology/tier-ref.ts';
import type { Workload, WorkloadContext, WorkloadReport } from './context.ts';
import type { Flow } from '../resources/sharing/maxmin.ts';
import { moveFile } from './move-file.ts';
import { resourceClass } from '../resources/classes.ts';

export interface MoveParams {
  id: string;
  from: string;
  to: string;
  size: number;
  /** Files the size is split into (each moved whole by one stream). */
  files: number;
  /** Coefficient of variation of file sizes (0: equal). */
  sizeSpread?: number;
  opSize: number;
  streams: number;
  start: number;
  after?: string;
}

/** One move in the result (`workloads[].moves[]`): bytes to each of `destinations`, its times, and the class of resources that bounded its files longest. */
export interface MoveReport {
  id: string;
  from: string;
  to: string;
  bytes: number;
  destinations: number;
  start: number | null;
  end: number | null;
  /** What held the move's flows longest (alike resources together), with its share of the time they moved data. */
  bottleneck: { resource: string; share: number } | null;
}

export class TransfersWorkload implements Workload {
  readonly kind = 'transfers';
  private first = Infinity;
  private last = 0;
  private read = 0;
  private written = 0;
  private readonly moveTimes = new Map<string, { start: number; end: number }>();
  /** Per move: its destinations, and the seconds its files took by the resource class that bounded each at the end. */
  /** Per move: its destinations, and what held its flows over the time they moved data. */
  private readonly moveStats = new Map<string, { destinations: number; shares: ShareClock }>();

  constructor(readonly id: string, private readonly moves: MoveParams[]) {}

  start(ctx: WorkloadContext): SimEvent<unknown> {
    const { sim } = ctx;
    const done = new Map<string, SimEvent<unknown>>();
    const all: SimEvent<unknown>[] = [];
    for (const m of this.moves) {
      const self = this;
      const p = sim.process((function* () {
        if (m.after !== undefined) yield done.get(m.after)!;
        if (m.start > sim.now) yield sim.timeout(m.start - sim.now);
        return yield self.runMove(ctx, m);
      })(), `${this.id}/${m.id}`);
      done.set(m.id, p);
      all.push(p);
    }
    return sim.allOf(all);
  }

  private runMove(ctx: WorkloadContext, m: MoveParams): SimEvent<unknown> {
    const { sim, system, recorder } = ctx;
    const srcs = system.resolve(parseTierRef(m.from)!);
    const dsts = system.resolve(parseTierRef(m.to)!);
    const pairs: [StorageTier, StorageTier][] = [];
    if (srcs.length === dsts.length) srcs.forEach((s, i) => pairs.push([s, dsts[i]!]));
    else if (srcs.length === 1) dsts.forEach((d) => pairs.push([srcs[0]!, d]));
    else if (dsts.length === 1) srcs.forEach((s) => pairs.push([s, dsts[0]!]));
    else throw new Error(`move ${m.id}: ${srcs.length} sources cannot be paired with ${dsts.length} destinations`);
    const start = sim.now;
    this.first = Math.min(this.first, start);
    const events: SimEvent<unknown>[] = [];
    const self = this;
    const shares = new ShareClock();
    this.moveStats.set(m.id, { destinations: pairs.length, shares });
    pairs.forEach(([src, dst], pi) => {
      const files = this.fileSizes(ctx, m, pi).map((size, i) => ({ key: `${this.id}/${m.id}/${pi}/${i}`, size, index: i }));
      let next = 0;
      let last: Flow | null = null;
      // `streams` workers take the files in order; each file is stored at the destination first.
      const worker = function* (): Generator<SimEvent<any>, void, any> {
        while (next < files.length) {
          const f = files[next++]!;
          dst.store(f.key, f.size);
          const flow = yield* moveFile(ctx, src, dst, f, m.opSize, shares);
          last = flow ?? last;
        }
      };
      const workers = Array.from({ length: Math.min(m.streams, m.files) }, (_, w) => sim.process(worker(), `${this.id}/${m.id}/${dst.label}#${w}`));
      const pairDone = sim.allOf(workers);
      pairDone.onProcessed(() => {
        self.read += m.size;
        self.written += m.size;
        self.last = Math.max(self.last, sim.now);
        recorder.add({ id: `${self.id}/${m.id}/${dst.label}`, kind: 'move', workload: self.id, start, end: sim.now, bytes: m.size, from: src.label, to: dst.label, bottleneck: (last as Flow | null)?.bottleneck?.id });
      });
      events.push(pairDone);
    });
    const all = sim.allOf(events);
    all.onProcessed(() => this.moveTimes.set(m.id, { start, end: sim.now }));
    return all;
  }

  /**
   * File sizes of one move: equal, or lognormal with coefficient of variation `sizeSpread` drawn
   * from this move's own random stream, rescaled so they add up to the move's size exactly.
   */
  private fileSizes(ctx: WorkloadContext, m: MoveParams, pair: number): number[] {
    if (!m.sizeSpread || m.files === 1) return Array.from({ length: m.files }, () => m.size / m.files);
    const rng = ctx.sim.random.stream(`${this.id}/${m.id}/${pair}`);
    const raw = Array.from({ length: m.files }, () => rng.lognormalMeanSd(1, m.sizeSpread!));
    const total = raw.reduce((a, b) => a + b, 0);
    return raw.map((x) => (x / total) * m.size);
  }

  report(): WorkloadReport {
    const start = this.first === Infinity ? 0 : this.first;
    return {
      id: this.id, kind: this.kind, start, end: this.last, makespan: this.last - start,
      bytesRead: this.read, bytesWritten: this.written,
      moves: this.moves.map((m): MoveReport => {
        const st = this.moveStats.get(m.id);
        return {
          id: m.id, from: m.from, to: m.to, bytes: m.size, destinations: st?.destinations ?? 0,
          ...(this.moveTimes.get(m.id) ?? { start: null, end: null }),
          // alike resources together: "lustre:ost*:read"
          bottleneck: st?.shares.ranked((c) => resourceClass(c.id))[0] ?? null,
        };
      }),
    };
  }
}
