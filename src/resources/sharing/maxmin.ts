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
 * in proportion to the flows it can affect. Saturation levels are kept in a lazy binary heap.
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
  /** @internal solver scratch */ stamp = 0;
  /** @internal */ rem = 0;
  /** @internal */ sumW = 0;
  /** @internal */ unfixed = 0;
  /** @internal */ version = 0;
  /** @internal */ slot = 0;

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
  /** @internal */ stamp = 0;
  /** @internal */ fixed = false;
  /** @internal */ heapVersion = 0;
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

/** Lazy min-heap of (level, slot, version) used during one solve. */
class LevelHeap {
  level = new Float64Array(64);
  slot = new Int32Array(64);
  ver = new Int32Array(64);
  n = 0;
  clear(): void {
    this.n = 0;
  }
  push(level: number, slot: number, ver: number): void {
    if (this.n === this.level.length) this.grow();
    const L = this.level, S = this.slot, V = this.ver;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pl = L[p]!;
      if (pl < level || (pl === level && S[p]! <= slot)) break;
      L[i] = pl;
      S[i] = S[p]!;
      V[i] = V[p]!;
      i = p;
    }
    L[i] = level;
    S[i] = slot;
    V[i] = ver;
  }
  /** Pops the top; returns its slot (level/version readable before the pop via level[0], ver[0]). */
  pop(): void {
    const L = this.level, S = this.slot, V = this.ver;
    const last = --this.n;
    if (last === 0) return;
    const l = L[last]!, s = S[last]!, v = V[last]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && (L[c + 1]! < L[c]! || (L[c + 1] === L[c] && S[c + 1]! < S[c]!))) c++;
      if (l < L[c]! || (l === L[c] && s <= S[c]!)) break;
      L[i] = L[c]!;
      S[i] = S[c]!;
      V[i] = V[c]!;
      i = c;
    }
    L[i] = l;
    S[i] = s;
    V[i] = v;
  }
  private grow(): void {
    const n = this.level.length * 2;
    const L = new Float64Array(n), S = new Int32Array(n), V = new Int32Array(n);
    L.set(this.level);
    S.set(this.slot);
    V.set(this.ver);
    this.level = L;
    this.slot = S;
    this.ver = V;
  }
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
    const cs = f.constraints;
    for (let k = 0; k < cs.length; k++) {
      const c = cs[k]!;
      f.pos[k] = c.flows.length;
      c.flows.push(f);
    }
    f.active = true;
  }

  /** Removes a flow from its constraints. */
  detach(f: Flow): void {
    const cs = f.constraints;
    for (let k = 0; k < cs.length; k++) {
      const c = cs[k]!;
      const list = c.flows;
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

  /**
   * Re-solves the component(s) reachable from `seeds` and calls `changed(flow, oldRate)` for every
   * flow whose rate changed (after the new rate is set).
   */
  solve(seeds: readonly Constraint[], changed: (f: Flow, oldRate: number, oldBottleneck: Constraint | null) => void): void {
    const stamp = ++this.stamp;
    const C = this.compC, F = this.compF;
    C.length = 0;
    F.length = 0;
    for (const s of seeds) {
      if (s.stamp !== stamp) {
        s.stamp = stamp;
        C.push(s);
      }
    }
    // Breadth-first over constraint -> flows -> constraints.
    for (let ci = 0; ci < C.length; ci++) {
      const list = C[ci]!.flows;
      for (let k = 0; k < list.length; k++) {
        const f = list[k]!;
        if (f.stamp === stamp) continue;
        f.stamp = stamp;
        F.push(f);
        const fc = f.constraints;
        for (let m = 0; m < fc.length; m++) {
          const d = fc[m]!;
          if (d.stamp !== stamp) {
            d.stamp = stamp;
            C.push(d);
          }
        }
      }
    }
    this.solves++;
    this.flowsVisited += F.length;
    for (let ci = 0; ci < C.length; ci++) {
      const c = C[ci]!;
      c.rem = c.capacity;
      c.sumW = 0;
      c.unfixed = 0;
      c.slot = ci;
    }
    for (let fi = 0; fi < F.length; fi++) {
      const f = F[fi]!;
      f.fixed = false;
      const fc = f.constraints, w = f.invW, a = f.coefs;
      for (let m = 0; m < fc.length; m++) {
        const d = fc[m]!;
        d.sumW += a === null ? w : a[m]! * w;
        d.unfixed++;
      }
    }
    const heap = this.heap;
    heap.clear();
    for (let ci = 0; ci < C.length; ci++) {
      const c = C[ci]!;
      if (c.unfixed > 0) heap.push(c.rem / c.sumW, ci, ++c.version);
    }
    let left = F.length;
    while (left > 0 && heap.n > 0) {
      const level = heap.level[0]!, slot = heap.slot[0]!, ver = heap.ver[0]!;
      heap.pop();
      const c = C[slot]!;
      if (ver !== c.version || c.unfixed === 0) continue;
      const list = c.flows;
      for (let k = 0; k < list.length; k++) {
        const f = list[k]!;
        if (f.fixed) continue;
        f.fixed = true;
        left--;
        const rate = level * f.invW;
        const old = f.rate, oldB = f.bottleneck;
        f.rate = rate;
        f.bottleneck = c;
        const fc = f.constraints, w = f.invW, a = f.coefs;
        for (let m = 0; m < fc.length; m++) {
          const d = fc[m]!;
          if (d === c) continue;
          const am = a === null ? 1 : a[m]!;
          d.rem -= am * rate;
          d.sumW -= am * w;
          if (--d.unfixed > 0) {
            const r = d.rem > 0 ? d.rem : 0;
            heap.push(r / d.sumW, d.slot, ++d.version);
          }
        }
        if (old !== rate || oldB !== c) changed(f, old, oldB);
      }
      c.unfixed = 0;
    }
    if (left > 0) {
      // Flows on no constraint at all would be unbounded; they are refused when created.
      throw new Error(`max-min solve left ${left} flow(s) without a rate`);
    }
  }
}
