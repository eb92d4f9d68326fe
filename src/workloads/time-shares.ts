/**
 * A workload's time moving data, by what bounded it: each instant is divided equally among the
 * workload's flows in flight then, so a phase counts for its duration and not for its number of
 * flows (as the run's bottleneck share, kept by the fluid model for the whole run). A flow's
 * weight is the integral of 1 / (flows in flight) over its life; over all flows the weights add
 * up to the time during which any of them was in flight.
 *
 * Calls come in time order: begin() when a flow starts moving (returns a mark to give back to
 * end()), end() when it completes or is cancelled.
 */
export class TimeShares {
  private inFlight = 0;
  /** The integral of 1 / inFlight (while > 0) up to `at`. */
  private phi = 0;
  private at = 0;
  private readonly byKey = new Map<string, number>();

  private advance(now: number): void {
    if (now > this.at) {
      if (this.inFlight > 0) this.phi += (now - this.at) / this.inFlight;
      this.at = now;
    }
  }

  /** A flow standing for `count` alike flows starts moving at `now`. */
  begin(now: number, count = 1): number {
    this.advance(now);
    this.inFlight += count;
    return this.phi;
  }

  /** It ends at `now`; its time goes to `key` (null: to nothing, as a cancelled flow's). */
  end(now: number, mark: number, key: string | null, count = 1): void {
    this.advance(now);
    this.inFlight -= count;
    if (key !== null) this.byKey.set(key, (this.byKey.get(key) ?? 0) + count * (this.phi - mark));
  }

  /** The keys by their share of all the time counted, largest first (ties: the first met first). */
  ranked(): { resource: string; share: number }[] {
    let total = 0;
    for (const v of this.byKey.values()) total += v;
    if (!(total > 0)) return [];
    return [...this.byKey].map(([resource, s]) => ({ resource, share: s / total })).sort((a, b) => b.share - a.share);
  }
}
