/**
 * The fluid model in time: flows progress at their max-min rates between events. When a flow starts
 * (after its latency) or completes, the rates of the affected component are re-solved; the next
 * completion of each flow class is kept in an indexed heap, and the simulation is woken at the
 * earliest one. Flows whose completions fall within 1e-12 (relative) of the wake-up time complete
 * together, so floating-point dust never creates extra events.
 */
import type { Simulation } from '../../engine/simulation.ts';
import { SimEvent } from '../../engine/event.ts';
import { Constraint, Flow, FlowClass, MaxMinSystem, isTight } from './maxmin.ts';
import { ShareClock } from './share-clock.ts';

/** Options of one flow. */
export interface FlowOptions {
  id?: string;
  /** Latency paid once before the fluid phase, using no bandwidth (s). */
  latency?: number;
  /** Per-flow rate cap (units/s), e.g. one TCP connection or a single-stream drive. */
  cap?: number;
  /** Sharing weight (default 1; rates on a shared bottleneck are proportional to 1/weight). */
  weight?: number;
  /** Units of each constraint used per unit moved (default 1 each), e.g. 1/opSize on an IOPS limit (a Float64Array is not copied: do not change it while a flow uses it). */
  coefs?: readonly number[] | Float64Array;
  /** This flow stands for `count` identical flows that move together (default 1). */
  count?: number;
  /** The workload's bottleneck shares this flow counts in (the fluid model keeps them, as the run's). */
  shares?: ShareClock;
}

const REL_EPS = 1e-12;

/** A node of the trie of shared routes: by constraint, then by that constraint's coefficient. */
interface RouteNode {
  next: Map<Constraint, Map<number, RouteNode>>;
  route?: { constraints: Constraint[]; coefs: Float64Array };
}

export class FluidModel {
  readonly sim: Simulation;
  readonly system = new MaxMinSystem();
  private heap: (FlowClass | undefined)[] = [];
  private nHeap = 0;
  private wakeAt = Infinity;
  private wakeToken = 0;
  private seq = 0;
  private readonly seeds: Constraint[] = [];
  private readonly finished: Flow[] = [];
  private readonly dirty: FlowClass[] = [];
  private readonly added: FlowClass[] = [];
  private flushScheduled = false;
  /** Flows completed so far. */
  completedCount = 0;
  /** All the flows in flight, for the run's bottleneck shares (its integral of 1 / flows in flight). */
  private readonly all = new ShareClock();
  /** Flows in flight now (counting multiplicity). */
  get activeCount(): number {
    return this.all.count;
  }
  private readonly onChanged = (cls: FlowClass): void => {
    cls.advance(this.sim.now, this.all.phi(this.sim.now));
    this.dirty.push(cls);
  };

  private readonly beginLater = [(ev: SimEvent<Flow>): void => this.begin(ev.value)];
  private readonly wakeLater = [(ev: SimEvent<number>): void => this.wake(ev.value)];

  constructor(sim: Simulation) {
    this.sim = sim;
  }

  private readonly routes: RouteNode = { next: new Map() };

  /**
   * The one shared copy of a route: these constraints with these coefficients (the parts' in order;
   * a part without coefficients has 1 for each). Flows made over it
   * find their class from the array (no key built) and copy no coefficients, which matters where a
   * workload makes a flow per batch over a few routes. Only for routes that recur (a fixed set of
   * coefficients): every distinct route is kept for the run. Do not change what it returns.
   */
  sharedRoute(...parts: { readonly constraints: readonly Constraint[]; readonly coefs?: readonly number[] }[]): { constraints: Constraint[]; coefs: Float64Array } {
    let node = this.routes;
    for (const { constraints: cs, coefs: a } of parts) {
      for (let k = 0; k < cs.length; k++) {
        const coef = a === undefined ? 1 : a[k]!;
        let byCoef = node.next.get(cs[k]!);
        if (byCoef === undefined) node.next.set(cs[k]!, (byCoef = new Map()));
        let n = byCoef.get(coef);
        if (n === undefined) byCoef.set(coef, (n = { next: new Map() }));
        node = n;
      }
    }
    return (node.route ??= { constraints: parts.flatMap((p) => p.constraints), coefs: Float64Array.from(parts.flatMap((p) => p.coefs ?? p.constraints.map(() => 1))) });
  }

  /**
   * Starts a flow of `size` units over `constraints`; returns an event that succeeds with the Flow
   * when it completes (latency + fluid transfer).
   */
  transfer(size: number, constraints: readonly Constraint[], options: FlowOptions = {}): SimEvent<Flow> {
    const flow = this.createFlow(size, constraints, options);
    const done = new SimEvent<Flow>(this.sim);
    flow.onDone = (f) => done.succeed(f);
    this.start(flow, options.latency ?? 0);
    return done;
  }

  /** Lower-level: makes a flow without starting it (the caller sets onDone, then calls start). */
  createFlow(size: number, constraints: readonly Constraint[], options: FlowOptions = {}): Flow {
    if (constraints.length === 0 && !(options.cap !== undefined && options.cap < Infinity)) {
      throw new Error(`flow "${options.id ?? ''}" crosses no constraint and has no cap: its rate would be unbounded`);
    }
    const f = new Flow(options.id ?? `flow-${++this.seq}`, size, constraints, options.weight ?? 1, options.cap ?? Infinity, options.coefs, options.count ?? 1);
    if (options.shares !== undefined) f.clock = options.shares;
    return f;
  }

  /** Starts `flow` after `latency` seconds. */
  start(flow: Flow, latency = 0): void {
    if (!(latency >= 0)) throw new RangeError(`flow "${flow.id}": latency must be >= 0, got ${latency}`);
    if (latency > 0) this.sim.callWith(this.sim.now + latency, this.beginLater, flow);
    else this.begin(flow);
  }

  /**
   * Stops a flow before it completes (a failed node's I/O): it leaves its constraints at once, the
   * others are re-solved, and its onDone is never called. The part it moved counts as carried.
   */
  cancel(flow: Flow): void {
    if (flow.cancelled || flow.ended === flow.ended) return; // already cancelled or done
    flow.cancelled = true;
    flow.onDone = null;
    const cls = flow.cls;
    const now = this.sim.now;
    if (cls === null) return; // still in its latency phase: begin() will skip it
    cls.advance(now, this.all.phi(now));
    const moved = Math.max(0, Math.min(flow.size, cls.progress - (flow.target - flow.size))) * flow.count;
    const cs = flow.constraints, a = flow.coefs;
    for (let k = 0; k < cs.length; k++) cs[k]!.carried += a === null ? moved : moved * a[k]!;
    // Members are a heap by target; a list sorted by target is a valid heap.
    cls.members = cls.members.filter((f) => f !== flow).sort((x, y) => x.target - y.target);
    cls.headTarget = cls.members.length > 0 ? cls.members[0]!.target : Infinity;
    const seeds: Constraint[] = [];
    for (const c of cls.constraints) if (c.classes.length > 0 && isTight(c) && c.used >= c.capacity * (1 - 1e-9)) seeds.push(c);
    this.system.removeMember(cls, flow.count);
    this.all.inflight(now, -flow.count);
    flow.clock?.inflight(now, -flow.count);
    flow.cls = null;
    flow.ended = now;
    this.dirty.push(cls);
    cls.finish = cls.n > 0 ? cls.nextFinish(now) : Infinity;
    if (cls.finish < Infinity) this.heapUpdate(cls);
    else this.heapRemove(cls);
    if (seeds.length > 0) this.system.solve(seeds, this.onChanged);
    this.settle(now);
  }

  private begin(flow: Flow): void {
    if (flow.cancelled) return;
    const now = this.sim.now;
    flow.started = now;
    if (flow.size === 0) {
      flow.ended = now;
      this.completedCount += flow.count;
      flow.onDone?.(flow);
      return;
    }
    const cls = this.system.classOf(flow);
    cls.advance(now, this.all.phi(now));
    flow.clock?.inflight(now, flow.count);
    flow.cls = cls;
    flow.target = cls.progress + flow.size;
    cls.pushMember(flow);
    this.system.addMember(cls, flow.count);
    this.all.inflight(now, flow.count);
    this.dirty.push(cls);
    // (only while no flow waits for a solve: their rates are not in the constraints' use yet)
    if (this.added.length === 0 && this.system.tryAddAtBound(cls, flow.count, this.onChanged)) {
      this.settle(now);
      return;
    }
    // Flows that begin at the same instant are solved together, once, after the other events of
    // this instant (no time passes in between, so the rates are the same as one solve per flow).
    this.added.push(cls);
    if (!this.flushScheduled) {
      if (this.sim.peek() > now) this.flush(); // nothing else happens at this instant
      else {
        this.flushScheduled = true;
        this.sim.callAt(now, this.flush);
      }
    }
  }

  /**
   * Runs `fn`, in which flows may be started without latency, and solves for all of them once at
   * the end (as for flows that begin at the same instant from separate events).
   */
  together(fn: () => void): void {
    if (this.flushScheduled) {
      fn(); // a solve of this instant is already due: the flows join it
      return;
    }
    this.flushScheduled = true;
    try {
      fn();
    } finally {
      this.flush();
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.added.length > 0) this.system.solve([], this.onChanged, this.added);
    this.added.length = 0;
    this.settle(this.sim.now);
  };

  /** After a solve: refresh the next completion time of every class that changed. */
  private settle(now: number): void {
    const d = this.dirty;
    if (d.length > 64 && d.length * 4 > this.nHeap) this.rebuild(now);
    else {
      for (let i = 0; i < d.length; i++) {
        const cls = d[i]!;
        cls.finish = cls.nextFinish(now);
        if (cls.finish < Infinity) this.heapUpdate(cls);
        else this.heapRemove(cls);
      }
    }
    d.length = 0;
    this.scheduleWake();
  }

  /**
   * Most classes changed: recompute their times and rebuild the heap bottom-up, O(n) instead of
   * one O(log n) move per class. Each loop is a method of its own: V8 compiles a long loop on
   * stack replacement, and the code it made for the first loop kept bailing out, for want of type
   * feedback, at the next loop (measured with --trace-deopt: settle, then this, deoptimized 15-18
   * times in the dense 1e4-transfer case).
   */
  private rebuild(now: number): void {
    this.refreshDirty(now);
    this.compactHeap();
    for (let i = (this.nHeap >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** New completion times of the changed classes; the ones not in the heap are appended. */
  private refreshDirty(now: number): void {
    const d = this.dirty, h = this.heap;
    let n = this.nHeap;
    for (let i = 0; i < d.length; i++) {
      const cls = d[i]!;
      cls.finish = cls.nextFinish(now);
      if (cls.heapIndex < 0 && cls.finish < Infinity) {
        cls.heapIndex = n;
        h[n++] = cls;
      }
    }
    this.nHeap = n;
  }

  /** Drops the classes with no completion ahead (slots past nHeap keep stale entries: nothing reads them). */
  private compactHeap(): void {
    const h = this.heap, n = this.nHeap;
    let w = 0;
    for (let i = 0; i < n; i++) {
      const c = h[i]!;
      if (c.finish < Infinity) {
        h[w] = c;
        c.heapIndex = w++;
      } else c.heapIndex = -1;
    }
    this.nHeap = w;
  }

  // Next completions: an indexed binary min-heap of the active classes (each knows its slot), so a
  // rate change moves the class in place and the heap never holds stale entries.
  private heapUpdate(f: FlowClass): void {
    if (f.heapIndex < 0) {
      f.heapIndex = this.nHeap++;
      this.heap[f.heapIndex] = f;
      this.siftUp(f.heapIndex);
    } else {
      this.siftUp(f.heapIndex);
      this.siftDown(f.heapIndex);
    }
  }

  private heapRemove(f: FlowClass): void {
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

  private scheduleWake(): void {
    const t = this.nHeap > 0 ? this.heap[0]!.finish : Infinity;
    if (t < this.wakeAt) {
      this.wakeAt = t;
      this.sim.callWith(t, this.wakeLater, ++this.wakeToken);
    }
  }

  private wake(token: number): void {
    if (token !== this.wakeToken) return;
    this.wakeAt = Infinity;
    const now = this.sim.now;
    const slack = REL_EPS * Math.max(1, Math.abs(now));
    const limit = now + slack;
    const done = this.finished;
    done.length = 0;
    const seeds = this.seeds;
    seeds.length = 0;
    while (this.nHeap > 0 && this.heap[0]!.finish <= limit) {
      const cls = this.heap[0]!;
      cls.advance(now, this.all.phi(now));
      // Members due within the slack complete now (their remaining work is floating-point dust).
      const due = cls.progress + cls.rate * slack;
      let removed = 0;
      while (cls.members.length > 0 && cls.members[0]!.target <= due) {
        const f = cls.popMember();
        f.finish(now);
        done.push(f);
        removed += f.count;
      }
      if (removed === 0) {
        // rounding put the member just past the slack: finish it now anyway (it is due within it)
        const f = cls.popMember();
        f.finish(now);
        done.push(f);
        removed = f.count;
      }
      cls.clock?.inflight(now, -removed);
      // Only constraints that were tight and saturated before the removal can pass freed capacity
      // on: flows on a constraint with room left are held elsewhere.
      for (const c of cls.constraints) if (c.classes.length > 0 && isTight(c) && c.used >= c.capacity * (1 - 1e-9)) seeds.push(c);
      this.system.removeMember(cls, removed);
      this.all.inflight(now, -removed);
      this.completedCount += removed;
      this.dirty.push(cls);
      cls.finish = cls.n > 0 ? cls.nextFinish(now) : Infinity;
      if (cls.finish < Infinity) this.heapUpdate(cls);
      else this.heapRemove(cls);
    }
    for (const f of done) {
      const cs = f.constraints, a = f.coefs;
      const bytes = f.size * f.count;
      for (let k = 0; k < cs.length; k++) cs[k]!.carried += a === null ? bytes : bytes * a[k]!;
      if (f.cap !== Infinity) this.system.capMarker(f.cap)!.carried += bytes;
    }
    if (seeds.length > 0) this.system.solve(seeds, this.onChanged);
    this.settle(now);
    for (const f of done) f.onDone?.(f);
  }
}
