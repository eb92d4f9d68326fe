/**
 * The fluid model in time: flows progress at their max-min rates between events. When a flow starts
 * (after its latency) or completes, the rates of its component are re-solved; completion times are
 * kept in an indexed heap, and the simulation is woken at the earliest one.
 * Flows whose predicted completions fall within 1e-12 (relative) of the wake-up time complete
 * together, so floating-point dust never creates extra events.
 */
import type { Simulation } from '../../engine/simulation.ts';
import { SimEvent } from '../../engine/event.ts';
import { Constraint, Flow, MaxMinSystem, isTight } from './maxmin.ts';

export const SharingMode = { MAXMIN: 'maxmin', RTT: 'rtt' } as const;
export type SharingMode = (typeof SharingMode)[keyof typeof SharingMode];

/** Options of one flow. */
export interface FlowOptions {
  id?: string;
  /** Latency paid once before the fluid phase, using no bandwidth (s). */
  latency?: number;
  /** Per-flow rate cap (units/s), e.g. one TCP connection or a single-stream drive. */
  cap?: number;
  /** Sharing weight (default 1; rates on a shared bottleneck are proportional to 1/weight). */
  weight?: number;
  /** Units of each constraint used per unit moved (default 1 each), e.g. 1/opSize on an IOPS limit. */
  coefs?: readonly number[];
}

const REL_EPS = 1e-12;

export class FluidModel {
  readonly sim: Simulation;
  readonly system = new MaxMinSystem();
  private heap: (Flow | undefined)[] = [];
  private nHeap = 0;
  private wakeAt = Infinity;
  private wakeToken = 0;
  private seq = 0;
  private readonly seeds: Constraint[] = [];
  private readonly finished: Flow[] = [];
  /** Flows currently in their fluid phase. */
  activeCount = 0;
  /** Flows completed so far. */
  completedCount = 0;
  private readonly onChanged = (f: Flow, oldRate: number, oldB: Constraint | null): void => this.rateChanged(f, oldRate, oldB);

  constructor(sim: Simulation) {
    this.sim = sim;
  }

  /**
   * Starts a flow of `size` units over `constraints`; returns an event that succeeds with the Flow
   * when it completes (latency + fluid transfer).
   */
  transfer(size: number, constraints: Constraint[], options: FlowOptions = {}): SimEvent<Flow> {
    const flow = this.createFlow(size, constraints, options);
    const done = new SimEvent<Flow>(this.sim);
    flow.onDone = (f) => done.succeed(f);
    this.start(flow, options.latency ?? 0);
    return done;
  }

  /** Lower-level: makes a flow without starting it (the caller sets onDone, then calls start). */
  createFlow(size: number, constraints: Constraint[], options: FlowOptions = {}): Flow {
    if (constraints.length === 0 && !(options.cap !== undefined && options.cap < Infinity)) {
      throw new Error(`flow "${options.id ?? ''}" crosses no constraint and has no cap: its rate would be unbounded`);
    }
    return new Flow(options.id ?? `flow-${++this.seq}`, size, constraints, options.weight ?? 1, options.cap ?? Infinity, options.coefs);
  }

  /** Starts `flow` after `latency` seconds. */
  start(flow: Flow, latency = 0): void {
    if (!(latency >= 0)) throw new RangeError(`flow "${flow.id}": latency must be >= 0, got ${latency}`);
    if (latency > 0) this.sim.callAt(this.sim.now + latency, () => this.begin(flow));
    else this.begin(flow);
  }

  private begin(flow: Flow): void {
    const now = this.sim.now;
    flow.started = now;
    flow.lastUpdate = now;
    if (flow.size === 0) {
      flow.ended = now;
      this.completedCount++;
      flow.onDone?.(flow);
      return;
    }
    this.system.attach(flow);
    this.activeCount++;
    this.system.solve([], this.onChanged, flow);
    this.scheduleWake();
  }

  private rateChanged(f: Flow, oldRate: number, oldB: Constraint | null): void {
    const now = this.sim.now;
    const dt = now - f.lastUpdate;
    if (dt > 0) {
      f.remaining -= oldRate * dt;
      if (f.remaining < 0) f.remaining = 0;
      if (oldB !== null) oldB.bottleneckSeconds += dt;
    }
    f.lastUpdate = now;
    if (f.rate === oldRate) return; // only the bottleneck moved
    f.finish = f.rate > 0 ? now + f.remaining / f.rate : Infinity;
    if (f.finish < Infinity) this.heapUpdate(f);
    else this.heapRemove(f);
  }

  // Completion times: an indexed binary min-heap of the active flows (each flow knows its slot), so
  // a rate change moves the flow in place and the heap never holds stale entries.
  private heapUpdate(f: Flow): void {
    if (f.heapIndex < 0) {
      f.heapIndex = this.nHeap++;
      this.heap[f.heapIndex] = f;
      this.siftUp(f.heapIndex);
    } else {
      this.siftUp(f.heapIndex);
      this.siftDown(f.heapIndex);
    }
  }

  private heapRemove(f: Flow): void {
    const i = f.heapIndex;
    if (i < 0) return;
    f.heapIndex = -1;
    const last = this.heap[--this.nHeap]!;
    this.heap[this.nHeap] = undefined;
    if (last !== f) {
      this.heap[i] = last;
      last.heapIndex = i;
      this.siftUp(i);
      this.siftDown(last.heapIndex);
    }
  }

  private siftUp(i: number): void {
    const h = this.heap;
    const f = h[i]!;
    const t = f.finish;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pf = h[p]!;
      if (pf.finish <= t) break;
      h[i] = pf;
      pf.heapIndex = i;
      i = p;
    }
    h[i] = f;
    f.heapIndex = i;
  }

  private siftDown(i: number): void {
    const h = this.heap, n = this.nHeap;
    const f = h[i]!;
    const t = f.finish;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && h[c + 1]!.finish < h[c]!.finish) c++;
      const cf = h[c]!;
      if (t <= cf.finish) break;
      h[i] = cf;
      cf.heapIndex = i;
      i = c;
    }
    h[i] = f;
    f.heapIndex = i;
  }

  /** The earliest completion time, or Infinity. */
  private earliest(): number {
    return this.nHeap > 0 ? this.heap[0]!.finish : Infinity;
  }

  private scheduleWake(): void {
    const t = this.earliest();
    if (t < this.wakeAt) {
      this.wakeAt = t;
      const token = ++this.wakeToken;
      this.sim.callAt(t, () => this.wake(token));
    }
  }

  private wake(token: number): void {
    if (token !== this.wakeToken) return;
    this.wakeAt = Infinity;
    const now = this.sim.now;
    const limit = now + REL_EPS * Math.max(1, Math.abs(now));
    const done = this.finished;
    done.length = 0;
    while (this.earliest() <= limit) {
      const f = this.heap[0]!;
      this.heapRemove(f);
      done.push(f);
    }
    if (done.length > 0) {
      const seeds = this.seeds;
      seeds.length = 0;
      for (const f of done) {
        const dt = now - f.lastUpdate;
        if (f.bottleneck !== null && dt > 0) f.bottleneck.bottleneckSeconds += dt;
        f.remaining = 0;
        f.lastUpdate = now;
        f.ended = now;
        // Only constraints that were tight before the removal can pass freed capacity on.
        for (let k = 0; k < f.constraints.length; k++) {
          const c = f.constraints[k]!;
          c.carried += f.coefs === null ? f.size : f.size * f.coefs[k]!;
          if (c.flows.length > 1 && isTight(c)) seeds.push(c);
        }
        this.system.detach(f);
        this.activeCount--;
        this.completedCount++;
      }
      if (seeds.length > 0) this.system.solve(seeds, this.onChanged);
      for (const f of done) f.onDone?.(f);
    }
    this.scheduleWake();
  }
}
