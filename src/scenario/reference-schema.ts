/**
 * The neutral reference format of ../shared/reference (SimGrid comparison cases): hosts, links,
 * routes, transfers; hosts with disks and ios. Units are fixed by the format: bytes, bytes/s and
 * seconds as plain numbers. A scale case may instead give the integer `generator` of the scale test.
 */
import * as z from 'zod';
import { strictObject } from './fields.ts';

function number(what: string, positive: boolean) {
  return z.unknown().transform((v, ctx) => {
    if (typeof v !== 'number') {
      ctx.addIssue({ code: 'custom', message: v === undefined ? `missing ${what}` : `expected ${what} as a number, got ${typeof v === 'string' ? JSON.stringify(v) : typeof v}`, params: { hint: 'the reference format uses plain numbers in bytes, bytes/s and seconds' } });
      return z.NEVER;
    }
    if (!Number.isFinite(v)) ctx.addIssue({ code: 'custom', message: `${what} must be a finite number, got ${v}` });
    else if (v < 0) ctx.addIssue({ code: 'custom', message: `${what} must not be negative, got ${v}` });
    else if (positive && v === 0) ctx.addIssue({ code: 'custom', message: `${what} must be greater than zero` });
    return v;
  }).meta({ type: 'number' });
}
const nonNeg = (what: string) => number(what, false);
const positive = (what: string) => number(what, true);
const id = z.string().min(1, { message: 'ids must not be empty' });

export const RefDisk = strictObject({ id, read_bw: positive('read_bw (bytes/s)'), write_bw: positive('write_bw (bytes/s)'), readwrite_bw: positive('readwrite_bw (bytes/s)').optional() });
export const RefHost = z.union([id, strictObject({ id, disks: z.array(RefDisk).optional() })], { error: 'a host is a name or {id, disks}' });
export const RefLink = strictObject({ id, bandwidth: positive('bandwidth (bytes/s)'), latency: nonNeg('latency (s)').optional() });
export const RefRoute = strictObject({ src: id, dst: id, links: z.array(id), symmetric: z.boolean().optional() });
export const RefTransfer = strictObject({ id, src: id, dst: id, size: positive('size (bytes)'), start: nonNeg('start (s)').optional() });
export const RefIo = strictObject({ id, host: id, disk: id, op: z.enum(['read', 'write'], { error: 'op must be "read" or "write"' }), size: positive('size (bytes)'), start: nonNeg('start (s)').optional() });
const linkParams = strictObject({ bandwidth: positive('bandwidth (bytes/s)'), latency: nonNeg('latency (s)').optional() });

export const ReferenceSpec = strictObject({
  name: z.string().optional(),
  kind: z.enum(['network', 'disk', 'mixed'], { error: 'kind must be "network", "disk" or "mixed"' }),
  description: z.string().optional(),
  units: z.record(z.string(), z.string()).optional(),
  params: z.record(z.string(), z.number()).optional(),
  pure_maxmin: z.boolean().optional().meta({ description: 'true: plain max-min whatever the routes\' latencies (what such cases are built to give). false or absent (and no config): as SimGrid\'s reference runs, CM02 without crosstraffic or TCP window, rates on a shared bottleneck in proportion to 1/route latency (plain max-min when every route has the same latency).' }),
  simgrid_weighting: z.string().optional(),
  config: z.array(z.string()).optional().meta({ description: 'SimGrid configuration the case runs under, as SimGrid\'s --cfg entries ("network/model:LV08", "network/TCP-gamma:0", ...), applied to SimGrid\'s defaults (LV08). Without it: see pure_maxmin.' }),
  hosts: z.array(RefHost).optional(),
  links: z.array(RefLink).optional(),
  routes: z.union([z.array(RefRoute), z.string().meta({ description: 'With a generator: a description of the generated routes.' })]).optional(),
  transfers: z.array(RefTransfer).optional(),
  ios: z.array(RefIo).optional(),
  // the scale-test generator (scale_spec.json)
  edges: z.number().int().min(1).optional(),
  hosts_per_edge: z.number().int().min(1).optional(),
  host_link: linkParams.optional(),
  uplink: linkParams.optional(),
  generator: z.record(z.string(), z.string()).optional(),
  count: z.number().int().min(1).max(1e7).optional().meta({ description: 'Number of generated transfers (default 1000).' }),
}, 'A case in the neutral reference format.');
export type ReferenceSpec = z.output<typeof ReferenceSpec>;
