/**
 * Workload "transfers": explicit moves of data between tiers. Each move goes from its source tier(s)
 * to its destination tier(s) (paired node by node when both sides are node groups), split into
 * parallel streams, each stream one flow across source read path, network route and destination
 * write path. A move may wait for another one (`after`).
 */
import type { SimEvent } from '../engine/event.ts';
import type { StorageTier } from '../resources/storage-tier.ts';
import { parseTierRef } from '../topology/tier-ref.ts';
import type { Workload, WorkloadContext, WorkloadReport } from './context.ts';
import type { Flow } from '../resources/sharing/maxmin.ts';

export interface MoveParams {
  id: string;
  from: string;
  to: string;
  size: number;
  opSize: number;
  streams: number;
  start: number;
  after?: string;
}

export class TransfersWorkload implements Workload {
  readonly kind = 'transfers';
  private first = Infinity;
  private last = 0;
  private read = 0;
  private written = 0;
  private readonly moveTimes = new Map<string, { start: number; end: number }>();

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
    const { sim, system, fluid, recorder } = ctx;
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
    for (const [src, dst] of pairs) {
      dst.store(`${this.id}/${m.id}/${src.label}`, m.size);
      const path = system.movePath(src, dst, m.opSize);
      const per = m.size / m.streams;
      const flows: SimEvent<Flow>[] = [];
      for (let s = 0; s < m.streams; s++) {
        flows.push(fluid.transfer(per, path.constraints, {
          coefs: path.coefs, latency: path.latency, cap: path.cap, id: `${m.id}:${dst.label}:${s}`,
          weight: ctx.rttWeighted ? Math.max(path.latency, 1e-12) : 1,
        }));
      }
      const pairDone = sim.allOf(flows);
      pairDone.onProcessed((ev) => {
        const last = [...(ev.value as Map<SimEvent<Flow>, Flow>).values()].at(-1);
        src.bytesRead += m.size;
        dst.bytesWritten += m.size;
        this.read += m.size;
        this.written += m.size;
        this.last = Math.max(this.last, sim.now);
        recorder.add({ id: `${this.id}/${m.id}/${dst.label}`, kind: 'move', workload: this.id, start, end: sim.now, bytes: m.size, from: src.label, to: dst.label, bottleneck: last?.bottleneck?.id });
      });
      events.push(pairDone);
    }
    const all = sim.allOf(events);
    all.onProcessed(() => this.moveTimes.set(m.id, { start, end: sim.now }));
    return all;
  }

  report(): WorkloadReport {
    const start = this.first === Infinity ? 0 : this.first;
    return {
      id: this.id, kind: this.kind, start, end: this.last, makespan: this.last - start,
      bytesRead: this.read, bytesWritten: this.written,
      moves: this.moves.map((m) => ({ id: m.id, from: m.from, to: m.to, bytes: m.size, ...(this.moveTimes.get(m.id) ?? { start: null, end: null }) })),
    };
  }
}
