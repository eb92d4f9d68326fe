/**
 * Workload "requests": an open stream of requests, each moving one file from a tier to another (a
 * recall from tape, a read from the parallel file system or S3, a write to a burst buffer), arriving
 * as a Poisson process (or at a fixed interval). It is the queueing view of a tier: the result gives
 * the requests' response times (mean with a batch-means 99% confidence interval, percentiles) and
 * the throughput. Concurrent requests on a bandwidth-shared tier are served as processor sharing
 * (the fluid max-min model); exclusive devices (tape drives) queue them first come, first served.
 *
 * Each request moves a file as a transfers move does (move-file.ts: the tiers' preparation, such as
 * a tape mount, then its flows). The data is consumed where it lands (a reader), so the destination's
 * capacity is not filled. With `files`, requests pick one of that many files at random (a cartridge
 * or a cache may then hold it already); without, every request has a file of its own.
 */
import type { SimEvent } from '../engine/event.ts';
import { parseTierRef } from '../topology/tier-ref.ts';
import type { Workload, WorkloadContext, WorkloadReport } from './context.ts';
import { moveFile } from './move-file.ts';
import { batchMeans99 } from './batch-means.ts';

export interface RequestsParams {
  id: string;
  from: string;
  to: string;
  /** Mean size of one request's file (bytes). */
  size: number;
  sizeDistribution: 'fixed' | 'exponential' | 'lognormal';
  /** Coefficient of variation of lognormal sizes. */
  sizeSpread: number;
  /** Mean arrivals per second (an open stream); 0 with clients. */
  rate: number;
  arrivals: 'poisson' | 'fixed';
  /** A closed loop instead: this many clients, each thinking (exponential, mean thinkTime) then requesting, again and again. */
  clients: number;
  thinkTime: number;
  count: number;
  /** Files the requests pick from at random (0: each request its own file). */
  files: number;
  opSize: number;
  start: number;
}

/** Batches of the confidence interval (at least 10 requests each). */
const BATCHES = 20;

export class RequestsWorkload implements Workload {
  readonly kind = 'requests';
  readonly id: string;
  private response = new Float64Array(0);
  private completed = 0;
  private firstArrival = Infinity;
  private lastEnd = 0;
  /** Bytes moved by the finished requests (read at the source, written at the destination). */
  private moved = 0;
  /** Sizes of the files of the population drawn so far (a file keeps its size when picked again). */
  private readonly sizes = new Map<number, number>();

  constructor(private readonly p: RequestsParams) {
    this.id = p.id;
  }

  start(ctx: WorkloadContext): SimEvent<unknown> {
    const { sim, system } = ctx;
    const p = this.p;
    const srcs = system.resolve(parseTierRef(p.from)!);
    const dsts = system.resolve(parseTierRef(p.to)!);
    const arrivals = sim.random.stream(`${p.id}/arrivals`);
    const sizes = p.sizeDistribution === 'fixed' ? null : sim.random.stream(`${p.id}/sizes`);
    const picks = p.files > 0 ? sim.random.stream(`${p.id}/files`) : null;
    this.response = new Float64Array(p.count).fill(NaN);
    const sizeOf = (): number => {
      if (sizes === null) return p.size;
      if (p.sizeDistribution === 'exponential') return sizes.exponential(1 / p.size);
      return sizes.lognormalMeanSd(p.size, p.sizeSpread * p.size);
    };
    const self = this;
    const request = function* (k: number): Generator<SimEvent<any>, void, any> {
      const t0 = sim.now;
      // a file of the population (its size drawn once), or one of its own
      const f = picks !== null ? picks.integer(0, p.files - 1) : k;
      let size = picks !== null ? self.sizes.get(f) : undefined;
      if (size === undefined) {
        size = Math.max(1, sizeOf());
        if (picks !== null) self.sizes.set(f, size);
      }
      const src = srcs[k % srcs.length]!, dst = dsts[k % dsts.length]!;
      yield* moveFile(ctx, src, dst, { key: `${p.id}/file${f}`, size, index: f }, p.opSize);
      self.response[k] = sim.now - t0;
      self.completed++;
      self.lastEnd = sim.now;
      self.moved += size;
    };
    const done: SimEvent<unknown>[] = [];
    if (p.clients > 0) {
      // Closed loop: each client thinks, requests, waits for it, and starts again, until count requests were issued.
      const think = sim.random.stream(`${p.id}/think`);
      let issued = 0;
      self.firstArrival = p.start;
      const client = function* (): Generator<SimEvent<any>, void, any> {
        if (p.start > 0) yield sim.timeout(p.start);
        while (issued < p.count) {
          if (p.thinkTime > 0) yield sim.timeout(think.exponential(1 / p.thinkTime));
          if (issued >= p.count) break;
          yield* request(issued++);
        }
      };
      for (let c = 0; c < p.clients; c++) done.push(sim.process(client(), `${p.id}/client${c}`));
      return sim.allOf(done);
    }
    return sim.process((function* () {
      if (p.start > 0) yield sim.timeout(p.start);
      self.firstArrival = sim.now;
      for (let k = 0; k < p.count; k++) {
        done.push(sim.process(request(k), `${p.id}/request${k}`));
        if (k < p.count - 1) yield sim.timeout(p.arrivals === 'poisson' ? arrivals.exponential(p.rate) : 1 / p.rate);
      }
      yield sim.allOf(done);
    })(), `${p.id}/arrivals`);
  }

  report(): WorkloadReport {
    const p = this.p;
    const done = Array.from(this.response).filter((x) => x === x);
    const sorted = [...done].sort((a, b) => a - b);
    const q = (f: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(f * sorted.length) - 1)]! : 0);
    const mean = done.length ? done.reduce((a, b) => a + b, 0) / done.length : 0;
    // batch means over the requests in the order they were issued (when all of them completed)
    const ci99 = done.length === p.count && p.count >= BATCHES * 10 ? batchMeans99(this.response, BATCHES).ci99HalfWidth : 0;
    const span = this.lastEnd - this.firstArrival;
    return {
      id: this.id, kind: this.kind,
      start: Number.isFinite(this.firstArrival) ? this.firstArrival : 0, end: this.lastEnd,
      makespan: Number.isFinite(this.firstArrival) ? span : 0,
      bytesRead: this.moved, bytesWritten: this.moved,
      from: p.from, to: p.to,
      requests: p.count, completed: this.completed,
      ...(p.clients > 0 ? { clients: p.clients, thinkTime: p.thinkTime } : { arrivalRate: p.rate, arrivals: p.arrivals }),
      meanSize: p.size, sizeDistribution: p.sizeDistribution,
      throughput: span > 0 ? this.completed / span : 0,
      responseTime: {
        mean, ci99HalfWidth: ci99, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: sorted.length ? sorted[sorted.length - 1]! : 0,
        // the distribution, for charts: the response time below which 0%, 1%, ..., 100% of the requests finished
        percentiles: sorted.length ? Array.from({ length: 101 }, (_, i) => (i === 0 ? sorted[0]! : q(i / 100))) : [],
      },
    };
  }
}
