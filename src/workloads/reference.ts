/**
 * Activities of a reference-format case: each transfer waits for its route latency (using no
 * bandwidth) and then shares its links max-min; each io shares its disk's read or write constraint
 * and the disk's combined read+write constraint. Completion times are recorded by activity id.
 * Activities are issued in start order by one driver callback that schedules the next start (as
 * SimGrid's driver actor does), so 1e5 of them never sit in the event queue at once.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { FluidModel } from '../resources/sharing/fluid.ts';
import type { Platform } from '../topology/platform.ts';
import type { Flow } from '../resources/sharing/maxmin.ts';

import type { Route } from '../topology/platform.ts';

export interface RefTransfer { id: string; src: string; dst: string; size: number; start: number }
export interface RefIo { id: string; host: string; disk: string; op: 'read' | 'write'; size: number; start: number }

/**
 * One activity of the result. `end` is NaN until it completes (a number from the start, so setting
 * it allocates nothing), null in the result if it never did; `bottleneck` is null until then.
 */
export interface RefActivity {
  id: string;
  kind: 'transfer' | 'io';
  start: number;
  end: number | null;
  size: number;
  bottleneck: string | null;
}

/**
 * Schedules every transfer and io; returns the activity records, transfers then ios in input order,
 * filled in as they complete. `routeOf` gives the route of transfer i (default: the platform's).
 */
export function scheduleReferenceActivities(
  sim: Simulation, fluid: FluidModel, platform: Platform,
  transfers: readonly RefTransfer[], ios: readonly RefIo[], rttWeighted: boolean,
  routeOf: (t: RefTransfer, i: number) => Route = (t) => platform.route(t.src, t.dst)!,
): RefActivity[] {
  const nT = transfers.length, n = nT + ios.length;
  const out: RefActivity[] = new Array(n);
  for (let i = 0; i < nT; i++) {
    const t = transfers[i]!;
    out[i] = { id: t.id, kind: 'transfer', start: t.start, end: NaN, size: t.size, bottleneck: null };
  }
  for (let i = 0; i < ios.length; i++) {
    const io = ios[i]!;
    out[nT + i] = { id: io.id, kind: 'io', start: io.start, end: NaN, size: io.size, bottleneck: null };
  }
  // Activities starting together are issued in input order (a stable sort by start; none needed
  // when the input is in start order already, as generated cases are).
  let order: number[] | null = null;
  for (let i = 1; i < n; i++) {
    if (out[i]!.start < out[i - 1]!.start) {
      order = Array.from({ length: n }, (_, k) => k).sort((a, b) => out[a]!.start - out[b]!.start || a - b);
      break;
    }
  }
  const onDone = (f: Flow): void => {
    const rec = f.owner as RefActivity;
    rec.end = sim.now;
    rec.bottleneck = f.bottleneck?.id ?? null;
  };
  let next = 0;
  const drive = (): void => {
    const now = sim.now;
    while (next < n) {
      const i = order === null ? next : order[next]!;
      const rec = out[i]!;
      if (rec.start > now) {
        sim.callAt(rec.start, drive);
        return;
      }
      next++;
      let flow: Flow, latency = 0;
      if (i < nT) {
        const route = routeOf(transfers[i]!, i);
        flow = fluid.createFlow(rec.size, route.constraints, { id: rec.id, weight: rttWeighted ? Math.max(route.latency, 1e-12) : 1 });
        latency = route.latency;
      } else {
        const io = ios[i - nT]!;
        const d = platform.disk(io.host, io.disk)!;
        flow = fluid.createFlow(rec.size, [io.op === 'read' ? d.read : d.write, d.readwrite], { id: rec.id });
      }
      flow.owner = rec;
      flow.onDone = onDone;
      fluid.start(flow, latency);
    }
  };
  drive();
  return out;
}

/** After the run: activities that did not finish get `end: null`. */
export function closeReferenceActivities(acts: RefActivity[]): RefActivity[] {
  for (const a of acts) if (Number.isNaN(a.end)) a.end = null;
  return acts;
}
