/**
 * The fluid model in time: flows progress at their max-min rates between events. When a flow starts
 * (after its latency) or completes, the rates of its component are re-solved; completion times are
 * kept in a heap with lazy invalidation, and the simulation is woken at the earliest one.
 * Flows whose predicted completions fall within 1e-12 (relative) of the wake-up time complete
 * together, so floating-point dust never creates extra events.
 */
import type { Simulation } from '../../engine/simulation.ts';
import { SimEvent } from '../../engine/event.ts';
import { Constraint, Flow, MaxMinSystem } from './maxmin.ts';

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
  private fTime = new Float64Array(1024);
  private fVer = new Float64Array(1024);
  private fFlow: (Flow | undefined)[] = [];
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
    this.system.solve(flow.constraints, this.onChanged);
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
    if (f.finish < Infinity) this.heapPush(f);
    else f.heapVersion++;
  }

  private heapPush(f: Flow): void {
    if (this.nHeap === this.fTime.length) {
      const n = this.fTime.length * 2;
      const t = new Float64Array(n), v = new Float64Array(n);
      t.set(this.fTime);
      v.set(this.fVer);
      this.fTime = t;
      this.fVer = v;
    }
    const ver = ++f.heapVersion;
    const T = this.fTime, V = this.fVer, FF = this.fFlow;
    const time = f.finish;
    let i = this.nHeap++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (T[p]! <= time) break;
      T[i] = T[p]!;
      V[i] = V[p]!;
      FF[i] = FF[p];
      i = p;
    }
    T[i] = time;
    V[i] = ver;
    FF[i] = f;
  }

  private heapPop(): void {
    const T = this.fTime, V = this.fVer, FF = this.fFlow;
    const last = --this.nHeap;
    const t = T[last]!, v = V[last]!, f = FF[last];
    FF[last] = undefined;
    if (last === 0) return;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && T[c + 1]! < T[c]!) c++;
      if (t <= T[c]!) break;
      T[i] = T[c]!;
      V[i] = V[c]!;
      FF[i] = FF[c];
      i = c;
    }
    T[i] = t;
    V[i] = v;
    FF[i] = f;
  }

  /** Drops stale heap tops; returns the earliest valid completion time. */
  private earliest(): number {
    while (this.nHeap > 0) {
      const f = this.fFlow[0]!;
      if (this.fVer[0] === f.heapVersion && f.active) return this.fTime[0]!;
      this.heapPop();
    }
    return Infinity;
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
      const f = this.fFlow[0]!;
      this.heapPop();
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
        this.system.detach(f);
        f.heapVersion++;
        this.activeCount--;
        this.completedCount++;
        for (let k = 0; k < f.constraints.length; k++) {
          const c = f.constraints[k]!;
          c.carried += f.coefs === null ? f.size : f.size * f.coefs[k]!;
          if (c.flows.length > 0) seeds.push(c);
        }
      }
      if (seeds.length > 0) this.system.solve(seeds, this.onChanged);
      for (const f of done) f.onDone?.(f);
    }
    this.scheduleWake();
  }
}
