/**
 * Moving one file from a tier to another: the source's and destination's preparation steps (a tape
 * mount, a metadata operation), then one flow per request (one for most tiers; one per part for
 * object storage) across the source's read path, the network route and the destination's write path.
 * The tiers' tokens (a tape drive) are released when the file is done, even if it fails.
 */
import type { SimEvent } from '../engine/event.ts';
import type { Flow } from '../resources/sharing/maxmin.ts';
import type { ShareClock } from '../resources/sharing/share-clock.ts';
import type { StorageTier, FileRef } from '../resources/storage-tier.ts';
import type { WorkloadContext } from './context.ts';

/** The single-flow path of one request of `file` from `src` to `dst` (after their preparation); `opSize` should recur (see FluidModel.sharedRoute). */
export function filePath(ctx: WorkloadContext, src: StorageTier, dst: StorageTier, file: FileRef, opSize: number, rt: unknown = null, wt: unknown = null) {
  const { sim, system } = ctx;
  const rctx = { sim, client: dst.node }, wctx = { sim, client: src.node };
  const route = system.linksBetween(src, dst);
  if (!route) throw new Error(`no network path from ${src.label} to ${dst.label}`);
  const r = src.readAccess(rctx, file, opSize, rt), w = dst.writeAccess(wctx, file, opSize, wt);
  // the callers' op sizes are fixed, so their routes recur: share one copy of each
  const { constraints, coefs } = ctx.fluid.sharedRoute(r, { constraints: route.constraints }, w);
  const latency = r.latency + route.latency + w.latency;
  return { constraints, coefs, latency, cap: Math.min(r.cap, w.cap), weight: ctx.rttWeighted ? Math.max(latency, 1e-12) : 1 };
}

/** Moves `file`; its flows count in `shares` (a workload's or a move's bottleneck shares) when given. */
export function* moveFile(ctx: WorkloadContext, src: StorageTier, dst: StorageTier, file: FileRef, opSize: number, shares?: ShareClock): Generator<SimEvent<any>, Flow | null, any> {
  const { sim, system, fluid } = ctx;
  const rctx = { sim, client: dst.node }, wctx = { sim, client: src.node };
  const rt = yield* src.beforeRead(rctx, file);
  let wt: unknown = null;
  try {
    wt = yield* dst.beforeWrite(wctx, file);
    const route = system.linksBetween(src, dst);
    if (!route) throw new Error(`no network path from ${src.label} to ${dst.label}`);
    const r = src.readAccess(rctx, file, opSize, rt), w = dst.writeAccess(wctx, file, opSize, wt);
    const rp = src.requests(file, 'read'), wp = dst.requests(file, 'write');
    const plan = rp.count >= wp.count ? { ...rp, latency: rp.latency + wp.latency } : { ...wp, latency: rp.latency + wp.latency };
    const constraints = [...r.constraints, ...route.constraints, ...w.constraints];
    const coefs = [...r.coefs, ...route.constraints.map(() => 1), ...w.coefs];
    const latency = r.latency + route.latency + w.latency + plan.latency;
    const cap = Math.min(r.cap, w.cap);
    const weight = ctx.rttWeighted ? Math.max(latency, 1e-12) : 1;
    let last: Flow | null = null;
    for (let i = 0; i < plan.count; i++) {
      last = (yield fluid.transfer(plan.size, constraints, { coefs, latency, cap, weight, id: `${file.key}#${i}`, ...(shares ? { shares } : {}) })) as Flow;
    }
    src.bytesRead += file.size;
    dst.bytesWritten += file.size;
    return last;
  } finally {
    src.afterRead(rt);
    if (wt !== null) dst.afterWrite(wt);
  }
}
