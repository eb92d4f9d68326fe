/**
 * Activities of a reference-format case: each transfer waits for its route latency (using no
 * bandwidth) and then shares its links max-min, or as SimGrid's CM02/LV08 models have it when the
 * case gives a SimGrid configuration (topology/network-model.ts); each io shares its disk's read or write constraint
 * and the disk's combined read+write constraint. Completion times are recorded by activity id.
 * Activities are issued by one driver callback that begins them in order and schedules itself at
 * the next begin time (start + latency; much as SimGrid's driver actor does), so 1e5 of them never
 * sit in the event queue at once and each costs one event to begin.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { FluidModel } from '../resources/sharing/fluid.ts';
import type { Platform } from '../topology/platform.ts';
import type { Flow } from '../resources/sharing/maxmin.ts';

import type { Route } from '../topology/platform.ts';
import { flowShape, PURE_MAXMIN, type FlowShape, type NetworkModel } from '../topology/network-model.ts';

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

/** A transfer's activity record, before it runs. */
export function transferRecord(id: string, start: number, size: number): RefActivity {
  return { id, kind: 'transfer', start, end: NaN, size, bottleneck: null };
}

/**
 * Schedules every transfer (given as their records, `routeOf(i)` the route of transfer i) and io;
 * returns the activity records, transfers then ios in input order, filled in as they complete.
 */
export function scheduleReferenceActivities(
  sim: Simulation, fluid: FluidModel, platform: Platform,
  transfers: RefActivity[], routeOf: (i: number) => Route, ios: readonly RefIo[], model: NetworkModel = PURE_MAXMIN,
  backOf: (i: number) => Route | undefined = () => undefined,
): RefActivity[] {
  const nT = transfers.length, n = nT + ios.length;
  const out = transfers;
  for (const io of ios) out.push({ id: io.id, kind: 'io', start: io.start, end: NaN, size: io.size, bottleneck: null });
  // Each activity's fluid phase begins after its route latency: one event per begin time, not two
  // per activity. Activities beginning together begin in the order they would have started (start,
  // then input order). No sort when the input is in that order already, as generated cases are.
  // Under plain max-min a transfer is its route (no per-flow shape to keep).
  const plain = model === PURE_MAXMIN;
  const routes: (Route | null)[] = new Array(n);
  const shapes: (FlowShape | null)[] = plain ? [] : new Array(n).fill(null);
  const shapeOf = new Map<Route, FlowShape>(); // one per route: its flows share a constraint array
  const beginAt = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const route = i < nT ? routeOf(i) : null;
    routes[i] = route;
    if (route !== null && !plain) {
      let sh = shapeOf.get(route);
      if (sh === undefined) shapeOf.set(route, (sh = flowShape(model, route, model.crosstraffic ? backOf(i) : undefined)));
      shapes[i] = sh;
    }
    beginAt[i] = out[i]!.start + (route === null ? 0 : plain ? route.latency : shapes[i]!.latency);
  }
  let order: number[] | null = null;
  for (let i = 1; i < n; i++) {
    if (beginAt[i]! < beginAt[i - 1]! || (beginAt[i] === beginAt[i - 1] && out[i]!.start < out[i - 1]!.start)) {
      order = Array.from({ length: n }, (_, k) => k).sort((a, b) => beginAt[a]! - beginAt[b]! || out[a]!.start - out[b]!.start || a - b);
      break;
    }
  }
  const onDone = (f: Flow): void => {
    const rec = f.owner as RefActivity;
    rec.end = sim.now;
    rec.bottleneck = f.bottleneck?.id ?? null;
  };
  let next = 0;
  const driveLater = [(): void => drive()];
  const drive = (): void => fluid.together(beginDue);
  // Begins every activity due now, in order; their rates are solved once, together.
  const beginDue = (): void => {
    const now = sim.now;
    while (next < n) {
      const i = order === null ? next : order[next]!;
      if (beginAt[i]! > now) {
        sim.callWith(beginAt[i]!, driveLater, undefined);
        return;
      }
      next++;
      const rec = out[i]!, route = routes[i]!;
      let flow: Flow;
      if (route !== null) {
        const sh = plain ? null : shapes[i]!;
        flow = sh === null ? fluid.createFlow(rec.size, route.constraints, { id: rec.id })
          : fluid.createFlow(rec.size / model.bandwidthFactor, sh.constraints, { id: rec.id, weight: sh.weight, cap: sh.cap, ...(sh.coefs ? { coefs: sh.coefs } : {}) });
      } else {
        const io = ios[i - nT]!;
        const d = platform.disk(io.host, io.disk)!;
        flow = fluid.createFlow(rec.size, [io.op === 'read' ? d.read : d.write, d.readwrite], { id: rec.id });
      }
      flow.owner = rec;
      flow.onDone = onDone;
      fluid.start(flow, 0);
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
