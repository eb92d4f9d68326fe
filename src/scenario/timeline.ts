/**
 * Utilization over time: a sampler that reads the current use of every resource at regular
 * simulated times, summed per resource class ("compute[*]/nvme:read", "lustre:ost*:write"), without
 * knowing the run's length in advance: it starts with a fine interval and, whenever it holds
 * `max` samples, drops every other one and doubles the interval. Sampling only reads state.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { Constraint } from '../resources/sharing/maxmin.ts';
import { resourceClass } from '../resources/classes.ts';

export interface Timeline {
  /** Sample times (s). */
  times: number[];
  /** Utilization (used / capacity, 0..1) of the busiest resource classes at each sample time. */
  series: { resource: string; utilization: number[] }[];
}

export class UtilizationSampler {
  private dt: number;
  private readonly classes: { name: string; members: Constraint[]; capacity: number }[] = [];
  private times: number[] = [];
  private values: number[][] = [];
  private stopped = false;

  constructor(private readonly sim: Simulation, constraints: readonly Constraint[], private readonly max = 256, dt0 = 1e-3) {
    this.dt = dt0;
    const byClass = new Map<string, Constraint[]>();
    for (const c of constraints) {
      if (!(c.capacity > 0 && c.capacity < Infinity)) continue;
      const k = resourceClass(c.id);
      const list = byClass.get(k);
      if (list) list.push(c);
      else byClass.set(k, [c]);
    }
    for (const [name, members] of byClass) this.classes.push({ name, members, capacity: members.reduce((a, c) => a + c.capacity, 0) });
  }

  start(): void {
    this.sample();
  }

  stop(): void {
    this.stopped = true;
  }

  private readonly sample = (): void => {
    if (this.stopped) return;
    this.times.push(this.sim.now);
    this.values.push(this.classes.map((c) => {
      let used = 0;
      for (const m of c.members) used += m.used;
      return Math.min(1, used / c.capacity);
    }));
    if (this.times.length >= this.max) {
      this.times = this.times.filter((_, i) => i % 2 === 0);
      this.values = this.values.filter((_, i) => i % 2 === 0);
      this.dt *= 2;
    }
    // Only while something else is still to happen: sampling alone must never keep a run going
    // (a workload stuck waiting for an event that never comes ends the run, as without sampling).
    if (this.sim.peek() < Infinity) this.sim.callAt(this.sim.now + this.dt, this.sample);
  };

  /** The `top` classes with the highest mean utilization over the run. */
  result(top = 5): Timeline {
    const means = this.classes.map((c, k) => ({ k, name: c.name, mean: this.values.reduce((a, v) => a + v[k]!, 0) / Math.max(1, this.values.length) }));
    // A tier's combined read+write limit mostly repeats its read or write line: leave it out.
    const best = means.filter((m) => m.mean > 0 && !m.name.endsWith(':combined')).sort((a, b) => b.mean - a.mean || (a.name < b.name ? -1 : 1)).slice(0, top);
    const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
    return { times: this.times.map((t) => r6(t)), series: best.map((m) => ({ resource: m.name, utilization: this.values.map((v) => r6(v[m.k]!)) })) };
  }
}
