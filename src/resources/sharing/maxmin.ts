/**
 * Weighted max-min fair sharing (progressive filling), as in SimGrid's LMM solver.
 *
 * Each constraint j has a capacity C_j; each flow i crosses a set of constraints, using a_ij units of
 * j per unit of progress (1 for bytes over a link; 1/opSize for an IOPS limit), and has a sharing
 * weight w_i (1 in pure max-min; the route latency in RTT-weighted mode). Rates are raised together,
 * flow i at level/w_i, until some constraint saturates (sum of a_ij x_i = C_j); the flows on it are
 * fixed at that level and removed, and filling goes on with the rest. The result is the unique
 * weighted max-min allocation: no constraint is over capacity and every flow is held by a saturated
 * constraint (its bottleneck, recorded) or by its own upper bound.
 *
 * Three things keep it fast without changing the answer:
 *  - Flows with the same constraints, coefficients, weight and cap are interchangeable, so they get
 *    equal rates: they are solved as one FlowClass with a multiplicity n.
 *  - Each class has an upper bound ub = min_j C_j / a_ij. A constraint whose load can never exceed
 *    its capacity is "loose" and couples nothing. Its load is bounded by the sum of n·a·ub over its
 *    classes, and better: the classes whose ub comes from a smaller constraint g (a host link below
 *    a switch uplink) can together carry at most C_g, so per such g the bound takes min(C_g, their
 *    sum). Only strictly smaller constraints are used that way, so no two constraints vouch for
 *    each other.
 *  - Only the component reachable through tight constraints from what changed is re-solved.
 */

import type { ShareClock } from './share-clock.ts';

let nextUid = 0;

/** A capacity shared by flows: a link, a device's read or write bandwidth, a FLOP rate, a cap. */
export class Constraint {
  readonly id: string;
  /** @internal unique number, for class keys */ readonly uid: number = nextUid++;
  /** Capacity in units per second (bytes/s, FLOP/s, ops/s). */
  capacity: number;
  /** What it is, for reports: "link", "read", "write", "combined", "cap", ... */
  readonly kind: string;
  /** Owner label for reports (a tier, a link, a node). */
  readonly owner: string;
  /** @internal active flow classes crossing this constraint */ declare classes: FlowClass[];
  /** Units carried by flows that have completed. */
  declare carried: number;
  /**
   * Seconds during which it was the bottleneck, each instant divided equally among the flows in
   * flight: the integral of (flows it holds) / (flows in flight) over time. Over all constraints
   * these add up to the time during which any flow was in flight.
   */
  declare bottleneckTime: number;
  /**
   * @internal upper bound on its load: over its classes, n × coefficient × upper bound, with the
   * classes bounded by a smaller constraint g counted at most C_g together (see `groups`)
   */ declare bound: number;
  /** @internal per smaller constraint g: the n × a × ub sum of this constraint's classes bounded by g */
  declare groups: Map<Constraint, GroupSum> | null;
  /** @internal current use: sum over its classes of n × coefficient × rate */ declare used: number;
  /** @internal solver scratch */ declare stamp: number;
  /** @internal */ declare rem: number;
  /** @internal */ declare sumW: number;
  /** @internal */ declare unfixed: number;

  constructor(id: string, capacity: number, kind = 'link', owner = id) {
    if (!(capacity >= 0)) throw new RangeError(`constraint "${id}": capacity must be >= 0, got ${capacity}`);
    this.classes = [];
    this.carried = 0;
    this.bottleneckTime = 0;
    this.bound = 0;
    this.groups = null;
    this.used = 0;
    this.stamp = 0;
    this.rem = 0;
    this.sumW = 0;
    this.unfixed = 0;
    this.id = id;
    this.capacity = capacity;
    this.kind = kind;
    this.owner = owner;
  }

  /** Current use: the sum over its flows of coefficient × rate (at most the capacity). */
  get load(): number {
    let s = 0;
    for (const c of this.classes) s += c.n * c.rate * c.coefOn(this);
    return s;
  }

  /** Number of flows in their fluid phase crossing it. */
  get flowCount(): number {
    let s = 0;
    for (const c of this.classes) s += c.n;
    return s;
  }
}

/** The classes of a constraint whose rate is bounded by one smaller constraint: their count and n × a × ub sum. */
interface GroupSum { n: number; sum: number }

/**
 * A set of interchangeable flows (same constraints, coefficients, weight and cap): they share one
 * rate. Progress is tracked per class: each member completes when the class's cumulative
 * per-flow progress reaches the member's target.
 */
export class FlowClass {
  /** Identity of the class: its constraints (and coefficients, weight, cap) as a string or number. */
  readonly key: string | number;
  readonly constraints: readonly Constraint[];
  /** Units of each constraint used per unit of progress (null: all 1). */
  readonly coefs: Float64Array | null;
  readonly weight: number;
  /** Per-member rate cap (Infinity: none). */
  readonly cap: number;
  /** @internal */ readonly invW: number;
  /** @internal index of this class in each constraint's class list */ pos: number[];
  /** Members in their fluid phase. */
  declare n: number;
  /** Rate of each member (units/s). */
  declare rate: number;
  /** @internal cumulative per-member progress at lastUpdate */ declare progress: number;
  /** @internal */ declare lastUpdate: number;
  /** @internal the model's integral of 1 / (flows in flight) at lastUpdate */ declare lastPhi: number;
  /** The workload shares its members count in (null: none); part of the class's identity. */
  readonly clock: ShareClock | null;
  /** @internal the clock's integral of 1 / (its flows in flight) at lastUpdate */ declare lastClockPhi: number;
  /** @internal members ordered by target progress (binary heap) */ declare members: Flow[];
  /** @internal target of members[0] (Infinity when none), kept so that a solve need not reach the Flow */ declare headTarget: number;
  /** Time the next member completes (Infinity while the rate is 0). */
  declare finish: number;
  /** The constraint that holds this class's rate. */
  declare bottleneck: Constraint | null;
  /** @internal upper bound on the rate and the constraint that gives it */ declare ub: number;
  /** @internal */ declare ubConstraint: Constraint;
  /**
   * @internal for each of its constraints: the nearest constraint of the path with capacity ub that
   * is strictly smaller (its load from this class counts in that group), or null (counted in full)
   */ readonly group: (Constraint | null)[];
  /** @internal */ declare stamp: number;
  /** @internal */ declare fixed: boolean;
  /** @internal position in the completion heap, -1 when not in it */ declare heapIndex: number;

  /**
   * `cap` bounds each member separately (a per-connection or single-stream limit), so it is not a
   * shared constraint: it enters the class's upper bound, with `capMarker` as its bottleneck label.
   */
  constructor(key: string | number, constraints: readonly Constraint[], coefs: Float64Array | null, weight: number, cap = Infinity, capMarker: Constraint | null = null, clock: ShareClock | null = null) {
    this.key = key;
    this.clock = clock;
    this.lastClockPhi = 0;
    this.constraints = constraints;
    this.coefs = coefs;
    this.weight = weight;
    this.cap = cap;
    this.invW = 1 / weight;
    this.pos = new Array<number>(constraints.length).fill(-1);
    this.n = 0;
    this.rate = 0;
    this.progress = 0;
    this.lastUpdate = 0;
    this.lastPhi = 0;
    this.members = [];
    this.headTarget = Infinity;
    this.finish = Infinity;
    this.bottleneck = null;
    this.stamp = 0;
    this.fixed = false;
    this.heapIndex = -1;
    let ub = Infinity, arg = constraints[0] ?? capMarker!;
    for (let k = 0; k < constraints.length; k++) {
      const r = constraints[k]!.capacity / (coefs === null ? 1 : coefs[k]!);
      if (r < ub) {
        ub = r;
        arg = constraints[k]!;
      }
    }
    if (cap < ub) {
      ub = cap;
      arg = capMarker!;
    }
    this.ub = ub;
    this.ubConstraint = arg;
    // Groups: constraint j joins the group of a constraint g that sets the bound (C_g / a_g = ub)
    // and that the class uses as much of as of j (a_g = a_j: then the classes of j bounded by g load
    // j with at most C_g together: 1 for bytes over links, 1.05 with SimGrid's crosstraffic). Not
    // when a per-flow cap sets the bound.
    const n = constraints.length, group = new Array<Constraint | null>(n);
    const a = (k: number) => (coefs === null ? 1 : coefs[k]!);
    const sets = (k: number, aj: number) => a(k) === aj && constraints[k]!.capacity / aj === ub;
    for (let j = 0; j < n; j++) {
      let g: Constraint | null = null;
      const aj = a(j);
      if (cap > ub && constraints[j]!.capacity / aj > ub) {
        for (let d = 1; d < n && g === null; d++) {
          if (j - d >= 0 && sets(j - d, aj)) g = constraints[j - d]!;
          else if (j + d < n && sets(j + d, aj)) g = constraints[j + d]!;
        }
      }
      group[j] = g;
    }
    this.group = group;
  }

  coefOn(c: Constraint): number {
    const k = this.constraints.indexOf(c);
    return k < 0 ? 0 : this.coefs === null ? 1 : this.coefs[k]!;
  }

  /**
   * @internal progress up to `now` at the current rate; `phi` is the model's integral over time of
   * 1 / (flows in flight) up to `now` (for the time-weighted bottleneck share)
   */
  advance(now: number, phi: number): void {
    const dt = now - this.lastUpdate;
    if (dt > 0) {
      this.progress += this.rate * dt;
      if (this.bottleneck !== null) this.bottleneck.bottleneckTime += (phi - this.lastPhi) * this.n;
    }
    this.lastUpdate = now;
    this.lastPhi = phi;
    const clock = this.clock;
    if (clock !== null) {
      const cp = clock.phi(now);
      if (this.bottleneck !== null && this.n > 0 && cp > this.lastClockPhi) clock.held(this.bottleneck, (cp - this.lastClockPhi) * this.n);
      this.lastClockPhi = cp;
    }
  }

  /** @internal */ pushMember(f: Flow): void {
    const h = this.members;
    let i = h.length;
    h.push(f);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.target <= f.target) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = f;
    this.headTarget = h[0]!.target;
  }

  /** @internal */ popMember(): Flow {
    const h = this.members;
    const top = h[0]!;
    const last = h.pop()!;
    const n = h.length;
    if (n > 0) {
      let i = 0;
      const t = last.target;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && h[c + 1]!.target < h[c]!.target) c++;
        if (t <= h[c]!.target) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    this.headTarget = n > 0 ? h[0]!.target : Infinity;
    return top;
  }

  /** @internal the completion time of the next member */
  nextFinish(now: number): number {
    if (this.n === 0 || !(this.rate > 0)) return Infinity;
    const left = this.headTarget - this.progress;
    return left > 0 ? now + left / this.rate : now;
  }
}

/** An activity moving `size` units across constraints at a fair rate. */
export class Flow {
  readonly id: string;
  readonly size: number;
  readonly constraints: readonly Constraint[];
  readonly coefs: Float64Array | null;
  readonly weight: number;
  /** Per-flow rate cap (Infinity if none). */
  readonly cap: number;
  /** Identical flows this one stands for (they move together; default 1). */
  readonly count: number;
  /** @internal class while active */ declare cls: FlowClass | null;
  /** @internal class progress at which this flow completes */ declare target: number;
  /** Time the fluid phase began, and the time it ended. */
  declare started: number;
  declare ended: number;
  private declare finalBottleneck: Constraint | null;
  /** Called once when the flow completes (set by the owner). */
  declare onDone: ((f: Flow) => void) | null;
  /** The workload shares it counts in (FlowOptions.shares), or null. */
  declare clock: ShareClock | null;
  /** What the flow stands for, for its owner's onDone (an activity record, say). */
  declare owner: unknown;
  /** Cancelled before completing (FluidModel.cancel): it moved only part of its size. */
  declare cancelled: boolean;

  constructor(id: string, size: number, constraints: readonly Constraint[], weight = 1, cap = Infinity, coefs?: readonly number[] | Float64Array, count = 1) {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`flow "${id}": count must be a whole number >= 1, got ${count}`);
    this.count = count;
    this.cls = null;
    this.target = 0;
    this.started = NaN;
    this.ended = NaN;
    this.finalBottleneck = null;
    this.onDone = null;
    this.clock = null;
    this.owner = null;
    this.cancelled = false;
    if (!(size >= 0) || !Number.isFinite(size)) throw new RangeError(`flow "${id}": size must be finite and >= 0, got ${size}`);
    if (!(weight > 0) || !Number.isFinite(weight)) throw new RangeError(`flow "${id}": weight must be finite and > 0, got ${weight}`);
    if (!(cap > 0)) throw new RangeError(`flow "${id}": cap must be > 0, got ${cap}`);
    if (constraints.length === 0 && cap === Infinity) throw new RangeError(`flow "${id}" crosses no constraint and has no cap: its rate would be unbounded`);
    this.id = id;
    this.size = size;
    this.constraints = constraints;
    this.weight = weight;
    this.cap = cap;
    if (coefs !== undefined) {
      if (coefs.length !== constraints.length) throw new RangeError(`flow "${id}": ${coefs.length} coefficients for ${constraints.length} constraints`);
      for (let k = 0; k < coefs.length; k++) {
        if (!(coefs[k]! > 0) || !Number.isFinite(coefs[k]!)) throw new RangeError(`flow "${id}": coefficient ${coefs[k]} must be finite and > 0`);
      }
      // A Float64Array is kept as given (flows over one route may share one); a list is copied.
      this.coefs = coefs instanceof Float64Array ? coefs : Float64Array.from(coefs);
    } else this.coefs = null;
  }

  /** Current rate (units/s); 0 when not in its fluid phase. */
  get rate(): number {
    return this.cls?.rate ?? 0;
  }

  /** The constraint holding the flow's rate (at the end: the one that held it last). */
  get bottleneck(): Constraint | null {
    return this.cls?.bottleneck ?? this.finalBottleneck;
  }

  /** @internal */ finish(now: number): void {
    this.finalBottleneck = this.cls?.bottleneck ?? null;
    this.ended = now;
    this.cls = null;
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
 * True when a constraint may bind: the sum over its classes of n × coefficient × upper bound exceeds
 * its capacity. A loose one can never be saturated by max-min rates, so it couples nothing (the
 * 1e-12 relative slack absorbs rounding in the running sum).
 */
function sameCoefs(a: Float64Array | null, b: Float64Array | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

export function isTight(c: Constraint): boolean {
  return c.bound > c.capacity * (1 + 1e-12);
}

/** Adds `k` members' upper bound (each `ub`, coefficient `a`) to c's load bound, through group g if any. */
function addBound(c: Constraint, g: Constraint | null, a: number, ub: number, k: number): void {
  if (g === null) {
    c.bound += a * ub * k;
    return;
  }
  const groups = c.groups ?? (c.groups = new Map());
  let e = groups.get(g);
  if (e === undefined) groups.set(g, (e = { n: 0, sum: 0 }));
  const before = e.sum < g.capacity ? e.sum : g.capacity;
  e.n += k;
  e.sum = e.n === 0 ? 0 : e.sum + a * ub * k; // k < 0 removes; an emptied group restarts from exactly 0
  c.bound += (e.sum < g.capacity ? e.sum : g.capacity) - before;
}

export type RateChanged = (cls: FlowClass, oldRate: number, oldBottleneck: Constraint | null) => void;

/**
 * The max-min system: constraints, active flow classes, and the component solver. It knows nothing
 * of time; FluidModel (fluid.ts) advances classes and decides when to call solve().
 */
export class MaxMinSystem {
  private stamp = 0;
  private readonly heap = new LevelHeap();
  // The component being solved: its tight constraints and its classes, the first nC / nF entries
  // (counts, not lengths: the arrays are reused without shrinking them at every solve).
  private readonly compC: Constraint[] = [];
  private readonly compF: FlowClass[] = [];
  private nC = 0;
  private nF = 0;
  private readonly byKey = new Map<string, FlowClass>();
  /** Plain classes of up to four constraints with small uids, by a numeric key (no string built). */
  private readonly byNum = new Map<number, FlowClass>();
  private readonly caps = new Map<number, Constraint>();
  private readonly keyIdx: number[] = [];
  /**
   * Key of the class cached on a constraint array (one per system). A property on the array rather
   * than a WeakMap: weak tables of a hundred thousand routes cost every garbage collection.
   */
  private readonly tag: symbol = Symbol('flow class');
  /** Number of solves, and of classes visited over all solves (for benchmarks). */
  solves = 0;
  classesVisited = 0;

  /** The class a flow belongs to (created on first use). */
  classOf(f: Flow): FlowClass {
    // Flows that share a constraint array (one route) find the class of the last flow made over it
    // without building a key, when their weight, cap and coefficients are the same.
    const tagged = f.constraints as unknown as Record<symbol, FlowClass | undefined>;
    const c = tagged[this.tag];
    if (c !== undefined && c.weight === f.weight && c.cap === f.cap && c.clock === f.clock && sameCoefs(c.coefs, f.coefs)) return c;
    const cls = this.classByKey(f);
    tagged[this.tag] = cls;
    return cls;
  }

  private classByKey(f: Flow): FlowClass {
    // The key ignores the order of the constraints (a route and its reverse share one class).
    const cs = f.constraints, a0 = f.coefs;
    const idx = this.keyIdx;
    idx.length = cs.length;
    for (let k = 0; k < cs.length; k++) {
      let j = k;
      while (j > 0 && cs[idx[j - 1]!]!.uid > cs[k]!.uid) {
        idx[j] = idx[j - 1]!;
        j--;
      }
      idx[j] = k;
    }
    if (a0 === null && f.weight === 1 && f.cap === Infinity && f.clock === null && idx.length <= 4) {
      // 13 bits per constraint (uid + 1, so lengths differ too): at most 52 bits, an exact number
      let num = 0;
      for (let i = 0; i < idx.length; i++) {
        const u = cs[idx[i]!]!.uid + 1;
        if (u >= 8192) {
          num = -1;
          break;
        }
        num = num * 8192 + u;
      }
      if (num >= 0) {
        let cls = this.byNum.get(num);
        if (cls === undefined) this.byNum.set(num, (cls = new FlowClass(num, cs, null, 1)));
        return cls;
      }
    }
    let key = '';
    for (let i = 0; i < idx.length; i++) {
      const k = idx[i]!;
      key += a0 === null ? `${cs[k]!.uid},` : `${cs[k]!.uid}:${a0[k]},`;
    }
    if (f.weight !== 1) key += `w${f.weight}`;
    if (f.cap !== Infinity) key += `c${f.cap}`;
    if (f.clock !== null) key += `s${f.clock.id}`;
    let cls = this.byKey.get(key);
    if (cls === undefined) {
      let marker: Constraint | null = null;
      if (f.cap !== Infinity) {
        marker = this.caps.get(f.cap) ?? null;
        if (marker === null) this.caps.set(f.cap, (marker = new Constraint(`stream-cap:${f.cap}`, f.cap, 'cap', 'per-stream limit')));
      }
      cls = new FlowClass(key, cs, f.coefs, f.weight, f.cap, marker, f.clock);
      this.byKey.set(key, cls);
    }
    return cls;
  }

  /** The per-stream cap labels in use (one per cap value), for reports. */
  capMarker(cap: number): Constraint | undefined {
    return this.caps.get(cap);
  }

  capMarkers(): Constraint[] {
    return [...this.caps.values()];
  }

  /** Adds `k` members to a class: the class joins its constraints' lists if it was empty. */
  addMember(cls: FlowClass, k = 1): void {
    const cs = cls.constraints, a = cls.coefs;
    if (cls.n === 0) {
      for (let j = 0; j < cs.length; j++) {
        const c = cs[j]!;
        cls.pos[j] = c.classes.length;
        c.classes.push(cls);
      }
    }
    cls.n += k;
    const used = cls.rate * k, g = cls.group;
    for (let j = 0; j < cs.length; j++) {
      const aj = a === null ? 1 : a[j]!;
      addBound(cs[j]!, g[j]!, aj, cls.ub, k);
      cs[j]!.used += aj * used;
    }
  }

  /**
   * Gives a class that just gained `k` members its rate without a solve, when that is exact: the
   * class is at (or starts at) its own upper bound and every constraint it crosses can take k more
   * flows at that bound. A constraint may end up exactly full (a flow alone on its link), but none
   * was full before, so no other flow was held by it: every other flow keeps its bottleneck, and the
   * new flows are held by their own bound, the largest rate on it. Still the max-min allocation.
   * Returns false (nothing changed) otherwise.
   */
  tryAddAtBound(cls: FlowClass, k: number, changed: RateChanged): boolean {
    if (cls.n > k && cls.rate !== cls.ub) return false;
    const cs = cls.constraints, a = cls.coefs, ub = cls.ub;
    const extra = cls.n > k ? k * ub : cls.n * ub;
    for (let j = 0; j < cs.length; j++) {
      const c = cs[j]!;
      if (c.used + (a === null ? 1 : a[j]!) * extra > c.capacity * (1 + 1e-12)) return false;
    }
    const old = cls.rate, oldB = cls.bottleneck;
    for (let j = 0; j < cs.length; j++) cs[j]!.used += (a === null ? 1 : a[j]!) * (cls.n * (ub - old));
    if (old !== ub || oldB !== cls.ubConstraint) changed(cls, old, oldB);
    cls.rate = ub;
    cls.bottleneck = cls.ubConstraint;
    return true;
  }

  /** Removes `m` members; an emptied class leaves its constraints' lists. */
  removeMember(cls: FlowClass, m = 1): void {
    const cs = cls.constraints, a = cls.coefs, used = cls.rate * m, g = cls.group;
    cls.n -= m;
    for (let k = 0; k < cs.length; k++) {
      const c = cs[k]!;
      addBound(c, g[k]!, a === null ? 1 : a[k]!, cls.ub, -m);
      c.used -= (a === null ? 1 : a[k]!) * used;
      if (cls.n === 0) {
        const list = c.classes;
        const i = cls.pos[k]!;
        const last = list.pop()!;
        if (last !== cls) {
          list[i] = last;
          const lc = last.constraints;
          for (let m = 0; m < lc.length; m++) {
            if (lc[m] === c) {
              last.pos[m] = i;
              break;
            }
          }
        }
        cls.pos[k] = -1;
        if (list.length === 0) {
          c.bound = 0;
          c.used = 0;
          c.groups?.clear();
        }
      }
    }
    if (cls.n === 0) {
      // Kept for reuse (routes recur); progress restarts from 0 so it never grows large.
      cls.rate = 0;
      cls.progress = 0;
      cls.bottleneck = null;
    }
  }

  /**
   * Adds class f to the component and its share to its tight constraints (initialising a constraint
   * the first time it is reached: every class crossing a tight constraint reaches it here).
   */
  private gather(f: FlowClass, stamp: number): void {
    if (f.stamp === stamp) return;
    f.stamp = stamp;
    f.fixed = false;
    this.compF[this.nF++] = f;
    const fc = f.constraints, a = f.coefs, nw = f.n * f.invW;
    for (let m = 0; m < fc.length; m++) {
      const d = fc[m]!;
      if (d.stamp !== stamp) {
        if (!(d.bound > d.capacity * (1 + 1e-12))) continue;
        d.stamp = stamp;
        d.rem = d.capacity;
        d.sumW = 0;
        d.unfixed = 0;
        this.compC[this.nC++] = d;
      }
      d.sumW += a === null ? nw : a[m]! * nw;
      d.unfixed++;
    }
  }

  /** Fixes class f at `rate` held by `by`, and takes its share off its other tight constraints. */
  private fix(f: FlowClass, rate: number, by: Constraint, stamp: number, skip: Constraint | null, changed: RateChanged): void {
    f.fixed = true;
    const old = f.rate, oldB = f.bottleneck;
    const fc = f.constraints, nw = f.n * f.invW, a = f.coefs, nr = f.n * rate, nd = f.n * (rate - old);
    for (let m = 0; m < fc.length; m++) {
      const d = fc[m]!;
      const am = a === null ? 1 : a[m]!;
      d.used += am * nd;
      if (d === skip || d.stamp !== stamp) continue;
      d.rem -= am * nr;
      d.sumW -= am * nw;
      d.unfixed--;
    }
    if (old !== rate || oldB !== by) changed(f, old, oldB);
    f.rate = rate;
    f.bottleneck = by;
  }

  /**
   * Re-solves the component(s) that a change can affect and calls `changed(cls, oldRate,
   * oldBottleneck)` before setting a class's new rate or bottleneck. `added`: classes that just
   * gained members (they reach, through their tight constraints, the classes they can slow down).
   * `seeds`: constraints that lost a member and were tight before (all their classes may speed up,
   * even where the seed has now become loose).
   */
  solve(seeds: readonly Constraint[], changed: RateChanged, added?: readonly FlowClass[]): void {
    const stamp = ++this.stamp;
    const C = this.compC, F = this.compF;
    this.nC = 0;
    this.nF = 0;
    if (added !== undefined) for (const a of added) if (a.n > 0) this.gather(a, stamp);
    for (const s of seeds) {
      const list = s.classes;
      for (let k = 0; k < list.length; k++) this.gather(list[k]!, stamp);
    }
    for (let ci = 0; ci < this.nC; ci++) {
      const list = C[ci]!.classes;
      for (let k = 0; k < list.length; k++) {
        const f = list[k]!;
        if (f.stamp !== stamp) this.gather(f, stamp);
      }
    }
    this.solves++;
    const nC = this.nC, nF = this.nF;
    this.classesVisited += nF;
    // Progressive filling. Heap entries are tight constraints (slot < nC, level rem/sumW) and the
    // upper bound of classes whose tightest constraint is loose (slot nC + i, level ub × weight).
    // A constraint's level only grows as classes elsewhere are fixed (they were fixed at a level no
    // higher than its own), so its key is a lower bound: an entry popped with a stale key is
    // re-pushed with its current level.
    const heap = this.heap;
    heap.clear();
    for (let ci = 0; ci < nC; ci++) {
      const c = C[ci]!;
      if (c.unfixed > 0) heap.append(c.rem / c.sumW, ci);
    }
    for (let fi = 0; fi < nF; fi++) {
      const f = F[fi]!;
      if (f.ubConstraint.stamp !== stamp) heap.append(f.ub * f.weight, nC + fi);
    }
    heap.heapify();
    let left = nF;
    while (left > 0 && heap.n > 0) {
      const key = heap.level[0]!, slot = heap.slot[0]!;
      heap.pop();
      if (slot >= nC) {
        const f = F[slot - nC]!;
        if (!f.fixed) {
          left--;
          this.fix(f, f.ub, f.ubConstraint, stamp, null, changed);
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
      const list = c.classes;
      for (let k = 0; k < list.length; k++) {
        const f = list[k]!;
        if (f.fixed) continue;
        left--;
        const rate = level * f.invW;
        this.fix(f, rate < f.ub ? rate : f.ub, c, stamp, c, changed);
      }
      c.unfixed = 0;
    }
    if (left > 0) throw new Error(`max-min solve left ${left} flow class(es) without a rate`);
  }
}
