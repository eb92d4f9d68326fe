/**
 * Weighted max-min fair sharing (progressive filling), as in SimGrid's LMM solver.
 *
 * Each constraint j has a capacity C_j; each flow i crosses a set of constraints, using a_ij units of
 * j per unit of progress (1 for bytes over a link; 1/opSize for an IOPS limit), and has a sharing
 * weight w_i (1 in pure max-min; the route latency in RTT-weighted mode). Rates are raised together,
 * flow i at level/w_i, until some constraint saturates (sum of a_ij x_i = C_j); the flows on
 * it are fixed at that level and removed, and filling goes on with the rest. The result is the unique
 * weighted max-min allocation: no constraint is over capacity and every flow is held by a saturated
 * constraint (its bottleneck, recorded) or by its own cap (a private one-flow constraint).
 *
 * Only the connected component of the constraints that changed is re-solved, so an event costs
 * in proportion to the flows it can affect. Saturation levels are kept in a binary heap whose keys
 * are refreshed lazily (levels only rise during a solve).
 */

/** A capacity shared by flows: a link, a device's read or write bandwidth, a FLOP rate, a cap. */
export class Constraint {
  readonly id: string;
  /** Capacity in units per second (bytes/s, FLOP/s, ops/s). */
  capacity: number;
  /** What it is, for reports: "link", "read", "write", "readwrite", "cap", ... */
  readonly kind: string;
  /** Owner label for reports (a tier, a link, a node). */
  readonly owner: string;
  /** @internal flows in their fluid phase that cross this constraint */ flows: Flow[] = [];
  /** Bytes (units) carried by flows that have completed. */
  carried = 0;
  /** Flow-seconds during which this constraint was the bottleneck of a flow. */
  bottleneckSeconds = 0;
  /** @internal sum over its flows of coefficient × the flow's upper bound (see MaxMinSystem) */ sumUb = 0;
  /** @internal solver scratch */ stamp = 0;
  /** @internal */ rem = 0;
  /** @internal */ sumW = 0;
  /** @internal */ unfixed = 0;

  constructor(id: string, capacity: number, kind = 'link', owner = id) {
    if (!(capacity >= 0)) throw new RangeError(`constraint "${id}": capacity must be >= 0, got ${capacity}`);
    this.id = id;
    this.capacity = capacity;
    this.kind = kind;
    this.owner = owner;
  }

  /** Current use: the sum over its flows of coefficient × rate (at most the capacity). */
  get load(): number {
    let s = 0;
    for (const f of this.flows) s += f.rate * f.coefOn(this);
    return s;
  }
}

/** An activity moving `size` units across constraints at a fair rate. */
export class Flow {
  readonly id: string;
  readonly size: number;
  readonly constraints: Constraint[];
  /** Units of each constraint used per unit of progress (null: all 1). */
  readonly coefs: Float64Array | null;
  /** @internal index of this flow in each constraint's flow list */ pos: number[];
  readonly weight: number;
  /** @internal */ readonly invW: number;
  /** Current rate (units/s). */
  rate = 0;
  /** @internal remaining units at lastUpdate */ remaining: number;
  /** @internal */ lastUpdate = 0;
  /** Predicted completion time (Infinity while the rate is 0). */
  finish = Infinity;
  /** The constraint that holds this flow's rate (null before it is solved). */
  bottleneck: Constraint | null = null;
  /** Time the fluid phase began, and the time it ended. */
  started = NaN;
  ended = NaN;
  /** @internal upper bound on the rate: min over constraints of capacity / coefficient */ ub = Infinity;
  /** @internal the constraint giving ub */ ubConstraint: Constraint | null = null;
  /** @internal */ stamp = 0;
  /** @internal */ fixed = false;
  /** @internal position in the completion heap, -1 when not in it */ heapIndex = -1;
  /** @internal */ active = false;
  /** Called once when the flow completes (set by the owner). */
  onDone: ((f: Flow) => void) | null = null;

  constructor(id: string, size: number, constraints: Constraint[], weight = 1, cap = Infinity, coefs?: readonly number[]) {
    if (!(size >= 0) || !Number.isFinite(size)) throw new RangeError(`flow "${id}": size must be finite and >= 0, got ${size}`);
    if (!(weight > 0)) throw new RangeError(`flow "${id}": weight must be > 0, got ${weight}`);
    this.id = id;
    this.size = size;
    this.remaining = size;
    const cs = constraints.slice();
    if (cap < Infinity) {
      if (!(cap > 0)) throw new RangeError(`flow "${id}": cap must be > 0, got ${cap}`);
      cs.push(new Constraint(`${id}:cap`, cap, 'cap', id));
    }
    this.constraints = cs;
    if (coefs !== undefined) {
      if (coefs.length !== constraints.length) throw new RangeError(`flow "${id}": ${coefs.length} coefficients for ${constraints.length} constraints`);
      const a = new Float64Array(cs.length).fill(1);
      for (let k = 0; k < coefs.length; k++) {
        if (!(coefs[k]! > 0) || !Number.isFinite(coefs[k]!)) throw new RangeError(`flow "${id}": coefficient ${coefs[k]} must be finite and > 0`);
        a[k] = coefs[k]!;
      }
      this.coefs = a;
    } else this.coefs = null;
    this.pos = new Array<number>(cs.length).fill(-1);
    this.weight = weight;
    this.invW = 1 / weight;
  }

  /** Units of `c` this flow uses per unit of progress. */
  coefOn(c: Constraint): number {
    if (this.coefs === null) return 1;
    const k = this.constraints.indexOf(c);
    return k < 0 ? 0 : this.coefs[k]!;
  }

  /** Units still to move at time `now`. */
  remainingAt(now: number): number {
    return Math.max(0, this.remaining - this.rate * (now - this.lastUpdate));
  }
}

/** Min-heap of (level, slot) used during one solve (deterministic for a given insertion order). */
class LevelHeap {
  level = new Float64Array(64);
  slot = new Int32Array(64);
  n = 0;
  clear(): void {
    this.n = 0;
  }
  /** Appends without ordering; call heapify() before popping. */
  append(level: number, slot: number): void {
    if (this.n === this.level.length) this.grow();
    this.level[this.n] = level;
    this.slot[this.n++] = slot;
  }
  heapify(): void {
    for (let i = (this.n >> 1) - 1; i >= 0; i--) this.down(i, this.level[i]!, this.slot[i]!);
  }
  push(level: number, slot: number): void {
    if (this.n === this.level.length) this.grow();
    const L = this.level, S = this.slot;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pl = L[p]!;
      if (pl <= level) break;
      L[i] = pl;
      S[i] = S[p]!;
      i = p;
    }
    L[i] = level;
    S[i] = slot;
  }
  /** Removes the top (read it first from level[0], slot[0]). */
  pop(): void {
    const last = --this.n;
    if (last > 0) this.down(0, this.level[last]!, this.slot[last]!);
  }
  private down(i: number, l: number, s: number): void {
    const L = this.level, S = this.slot, n = this.n;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && L[c + 1]! < L[c]!) c++;
      if (l <= L[c]!) break;
      L[i] = L[c]!;
      S[i] = S[c]!;
      i = c;
    }
    L[i] = l;
    S[i] = s;
  }
  private grow(): void {
    const n = this.level.length * 2;
    const L = new Float64Array(n), S = new Int32Array(n);
    L.set(this.level);
    S.set(this.slot);
    this.level = L;
    this.slot = S;
  }
}

/**
 * True when a constraint may bind: the sum over its flows of coefficient × upper bound exceeds its
 * capacity. A loose one can never be saturated by max-min rates, so it couples nothing (the 1e-12
 * relative slack absorbs rounding in the running sum).
 */
export function isTight(c: Constraint): boolean {
  return c.sumUb > c.capacity * (1 + 1e-12);
}

/**
 * The max-min system: constraints, active flows, and the component solver. It knows nothing of
 * time; FluidModel (fluid.ts) advances flows and decides when to call solve().
 */
export class MaxMinSystem {
  private stamp = 0;
  private readonly heap = new LevelHeap();
  private compC: Constraint[] = [];
  private compF: Flow[] = [];
  /** Number of solves, and of flows visited over all solves (for benchmarks). */
  solves = 0;
  flowsVisited = 0;

  /** Adds a flow to the lists of its constraints (it takes part in the next solve). */
  attach(f: Flow): void {
    const cs = f.constraints, a = f.coefs;
    let ub = Infinity, arg: Constraint | null = null;
    for (let k = 0; k < cs.length; k++) {
      const r = cs[k]!.capacity / (a === null ? 1 : a[k]!);
      if (r < ub) {
        ub = r;
        arg = cs[k]!;
      }
    }
    f.ub = ub;
    f.ubConstraint = arg;
    for (let k = 0; k < cs.length; k++) {
      const c = cs[k]!;
      f.pos[k] = c.flows.length;
      c.flows.push(f);
      c.sumUb += (a === null ? 1 : a[k]!) * ub;
    }
    f.active = true;
  }

  /** Removes a flow from its constraints. */
  detach(f: Flow): void {
    const cs = f.constraints, a = f.coefs;
    for (let k = 0; k < cs.length; k++) {
      const c = cs[k]!;
      const list = c.flows;
      c.sumUb = list.length === 1 ? 0 : c.sumUb - (a === null ? 1 : a[k]!) * f.ub;
      const i = f.pos[k]!;
      const last = list.pop()!;
      if (last !== f) {
        list[i] = last;
        // find which of last's constraints is c to fix its position
        const lc = last.constraints;
        for (let m = 0; m < lc.length; m++) {
          if (lc[m] === c) {
            last.pos[m] = i;
            break;
          }
        }
      }
      f.pos[k] = -1;
    }
    f.active = false;
  }

  private gather(f: Flow, stamp: number): void {
    if (f.stamp === stamp) return;
    f.stamp = stamp;
    this.compF.push(f);
    const fc = f.constraints;
    for (let m = 0; m < fc.length; m++) {
      const d = fc[m]!;
      if (d.stamp !== stamp && isTight(d)) {
        d.stamp = stamp;
        this.compC.push(d);
      }
    }
  }

  /** Fixes flow f at `rate` held by `by`, and takes its share off its other tight constraints. */
  private fix(f: Flow, rate: number, by: Constraint, stamp: number, skip: Constraint | null,
    changed: (f: Flow, oldRate: number, oldBottleneck: Constraint | null) => void): void {
    f.fixed = true;
    const old = f.rate, oldB = f.bottleneck;
    f.rate = rate;
    f.bottleneck = by;
    const fc = f.constraints, w = f.invW, a = f.coefs;
    for (let m = 0; m < fc.length; m++) {
      const d = fc[m]!;
      if (d === skip || d.stamp !== stamp) continue;
      const am = a === null ? 1 : a[m]!;
      d.rem -= am * rate;
      d.sumW -= am * w;
      d.unfixed--;
    }
    if (old !== rate || oldB !== by) changed(f, old, oldB);
  }

  /**
   * Re-solves the component(s) reachable from the tight constraints among `seeds` (and from the flow
   * `extra`, a newly attached one) and calls `changed(flow, oldRate, oldBottleneck)` for every flow
   * whose rate or bottleneck changed (after the new rate is set). Seeds must be the constraints whose
   * flow set changed: for a removed flow, those that were tight before its removal.
   */
  solve(seeds: readonly Constraint[], changed: (f: Flow, oldRate: number, oldBottleneck: Constraint | null) => void, extra?: Flow): void {
    const stamp = ++this.stamp;
    const C = this.compC, F = this.compF;
    C.length = 0;
    F.length = 0;
    // Gather: the flows of the seeds, then the closure through *tight* constraints only. A loose
    // constraint (the sum of its flows' upper bounds is below its capacity) can never bind, so it
    // does not couple its flows; this keeps components small where links are over-provisioned.
    // A new flow reaches the flows it can slow down through its tight constraints (gather follows
    // those). A removed flow's seeds were tight before: all their flows may speed up, even where the
    // seed has now become loose.
    if (extra !== undefined) this.gather(extra, stamp);
    for (const s of seeds) {
      const list = s.flows;
      for (let k = 0; k < list.length; k++) this.gather(list[k]!, stamp);
    }
    for (let ci = 0; ci < C.length; ci++) {
      const list = C[ci]!.flows;
      for (let k = 0; k < list.length; k++) this.gather(list[k]!, stamp);
    }
    this.solves++;
    this.flowsVisited += F.length;
    const nC = C.length;
    for (let ci = 0; ci < nC; ci++) {
      const c = C[ci]!;
      c.rem = c.capacity;
      c.sumW = 0;
      c.unfixed = 0;
    }
    for (let fi = 0; fi < F.length; fi++) {
      const f = F[fi]!;
      f.fixed = false;
      const fc = f.constraints, w = f.invW, a = f.coefs;
      for (let m = 0; m < fc.length; m++) {
        const d = fc[m]!;
        if (d.stamp !== stamp) continue;
        d.sumW += a === null ? w : a[m]! * w;
        d.unfixed++;
      }
    }
    // Progressive filling. Heap entries are tight constraints (slot < nC, level rem/sumW) and each
    // flow's own upper bound (slot nC + i, level ub × weight). A constraint's level only grows as
    // flows elsewhere are fixed (they were fixed at a level no higher than its own), so its key is a
    // lower bound: an entry popped with a stale key is re-pushed with its current level.
    const heap = this.heap;
    heap.clear();
    for (let ci = 0; ci < nC; ci++) {
      const c = C[ci]!;
      if (c.unfixed > 0) heap.append(c.rem / c.sumW, ci);
    }
    // A flow whose tightest constraint is in the component never needs its own entry: that
    // constraint saturates at or before the flow reaches its bound.
    for (let fi = 0; fi < F.length; fi++) {
      const f = F[fi]!;
      if (f.ubConstraint!.stamp !== stamp) heap.append(f.ub * f.weight, nC + fi);
    }
    heap.heapify();
    let left = F.length;
    while (left > 0 && heap.n > 0) {
      const key = heap.level[0]!, slot = heap.slot[0]!;
      heap.pop();
      if (slot >= nC) {
        const f = F[slot - nC]!;
        if (!f.fixed) {
          left--;
          this.fix(f, f.ub, f.ubConstraint!, stamp, null, changed);
        }
        continue;
      }
      const c = C[slot]!;
      if (c.unfixed === 0) continue;
      const level = (c.rem > 0 ? c.rem : 0) / c.sumW;
      if (level > key * (1 + 1e-14) + 1e-300) {
        heap.push(level, slot);
        continue;
      }
      const list = c.flows;
      for (let k = 0; k < list.length; k++) {
        const f = list[k]!;
        if (f.fixed) continue;
        left--;
        const rate = level * f.invW;
        this.fix(f, rate < f.ub ? rate : f.ub, c, stamp, c, changed);
      }
      c.unfixed = 0;
    }
    if (left > 0) {
      // Flows on no constraint at all would be unbounded; they are refused when created.
      throw new Error(`max-min solve left ${left} flow(s) without a rate`);
    }
  }
}
