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

export interface RefTransfer { id: string; src: string; dst: string; size: number; start: number }
export interface RefIo { id: string; host: string; disk: string; op: 'read' | 'write'; size: number; start: number }

export interface RefActivity {
  id: string;
  kind: 'transfer' | 'io';
  start: number;
  end: number;
  size: number;
  bottleneck: string | null;
}

/**
 * Schedules every transfer and io; returns the activity records, filled in as they complete
 * (`end` stays NaN for one that has not finished when the run stops).
 */
export function scheduleReferenceActivities(
  sim: Simulation, fluid: FluidModel, platform: Platform,
  transfers: readonly RefTransfer[], ios: readonly RefIo[], rttWeighted: boolean,
): RefActivity[] {
  const out: RefActivity[] = [];
  const pending: { rec: RefActivity; make: () => [Flow, number] }[] = [];
  for (const t of transfers) {
    const rec: RefActivity = { id: t.id, kind: 'transfer', start: t.start, end: NaN, size: t.size, bottleneck: null };
    out.push(rec);
    pending.push({ rec, make: () => {
      const route = platform.route(t.src, t.dst)!;
      const flow = fluid.createFlow(t.size, route.constraints, {
        id: t.id,
        weight: rttWeighted ? Math.max(route.latency, 1e-12) : 1,
      });
      return [flow, route.latency];
    } });
  }
  for (const io of ios) {
    const rec: RefActivity = { id: io.id, kind: 'io', start: io.start, end: NaN, size: io.size, bottleneck: null };
    out.push(rec);
    pending.push({ rec, make: () => {
      const d = platform.disk(io.host, io.disk)!;
      return [fluid.createFlow(io.size, [io.op === 'read' ? d.read : d.write, d.readwrite], { id: io.id }), 0];
    } });
  }
  // Stable sort by start: activities starting together are issued in input order.
  const order = pending.map((_, i) => i).sort((a, b) => pending[a]!.rec.start - pending[b]!.rec.start || a - b);
  let next = 0;
  const drive = (): void => {
    while (next < order.length && pending[order[next]!]!.rec.start <= sim.now) {
      const { rec, make } = pending[order[next++]!]!;
      const [flow, latency] = make();
      flow.onDone = (f) => {
        rec.end = sim.now;
        rec.bottleneck = f.bottleneck?.id ?? null;
      };
      fluid.start(flow, latency);
    }
    if (next < order.length) sim.callAt(pending[order[next]!]!.rec.start, drive);
  };
  drive();
  return out;
}
