/**
 * One workload's bottleneck shares, kept by the fluid model as it keeps the run's: over the time the
 * workload's flows are in flight, each instant is divided equally among them and goes, for each
 * flow, to the constraint that holds its rate at that instant (a flow held by a link, then by a
 * disk, counts for each in turn). The fluid model calls inflight() when a flow of the clock begins
 * or ends and the flow classes add their time through held(); a flow class belongs to one clock.
 */
import type { Constraint } from './maxmin.ts';

let nextId = 0;

export class ShareClock {
  /** @internal part of the class key of its flows */ readonly id: number = nextId++;
  private inFlight = 0;
  /** The integral of 1 / inFlight (while > 0) up to `at`. */
  private phiValue = 0;
  private at = 0;
  private readonly time = new Map<Constraint, number>();

  /** Flows of the clock in flight now. */
  get count(): number {
    return this.inFlight;
  }

  /** @internal the integral of 1 / (flows in flight) up to `now` (calls come in time order) */
  phi(now: number): number {
    if (now > this.at) {
      if (this.inFlight > 0) this.phiValue += (now - this.at) / this.inFlight;
      this.at = now;
    }
    return this.phiValue;
  }

  /** @internal `count` flows begin (positive) or end (negative) at `now` */
  inflight(now: number, count: number): void {
    this.phi(now);
    this.inFlight += count;
  }

  /** @internal `weight` seconds go to `c` */
  held(c: Constraint, weight: number): void {
    this.time.set(c, (this.time.get(c) ?? 0) + weight);
  }

  /**
   * The shares by `key` of the constraint (its id by default; a class of alike resources, say),
   * largest first (ties: the first met first); they add up to 1 when anything held the flows.
   */
  ranked(key: (c: Constraint) => string = (c) => c.id): { resource: string; share: number }[] {
    const by = new Map<string, number>();
    for (const [c, t] of this.time) {
      const k = key(c);
      by.set(k, (by.get(k) ?? 0) + t);
    }
    return rankShares(by);
  }
}

/** Seconds by resource as shares of their sum, largest first (ties: the first met first); [] when none. */
export function rankShares(seconds: ReadonlyMap<string, number>): { resource: string; share: number }[] {
  let total = 0;
  for (const t of seconds.values()) total += t;
  if (!(total > 0)) return [];
  return [...seconds].map(([resource, t]) => ({ resource, share: t / total })).sort((a, b) => b.share - a.share);
}
