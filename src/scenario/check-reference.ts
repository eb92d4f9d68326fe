/** Cross-reference checks of a reference-format case: ids unique, every name defined, routes present. */
import type { Issue } from '../issues.ts';
import type { ReferenceSpec } from './reference-schema.ts';
import { didYouMean } from './messages.ts';
import { NETWORK_CONFIG_KEYS, PURE_MAXMIN, networkModelFromConfig, type ConfigProblem, type NetworkModel } from '../topology/network-model.ts';

/** The configuration of SimGrid's reference runs (shared/reference/simgrid/common.py PURE_MAXMIN_CFG). */
const SIMGRID_PURE_CFG = ['network/model:CM02', 'network/crosstraffic:0', 'network/TCP-gamma:0', 'network/latency-factor:1', 'network/bandwidth-factor:1', 'network/weight-S:0'];

/**
 * The network model of a case: its SimGrid `config` when it has one; plain max-min when it is marked
 * `pure_maxmin: true` (what such cases are built to give); otherwise the configuration of SimGrid's
 * reference runs (CM02 without crosstraffic or TCP window: max-min with rates in proportion to
 * 1/route latency). `sameLatency`: every transfer's route has the same latency, so those weights are
 * all equal and plain max-min gives the same rates (computed as such: faster).
 */
export function referenceNetworkModel(spec: ReferenceSpec, sameLatency = false): { model: NetworkModel; problems: ConfigProblem[] } {
  if (spec.config !== undefined) return networkModelFromConfig(spec.config, (k) => didYouMean(k, NETWORK_CONFIG_KEYS, 'configuration key'));
  if (spec.pure_maxmin === true || (spec.pure_maxmin === undefined && sameLatency)) return { model: PURE_MAXMIN, problems: [] };
  const { model } = networkModelFromConfig(SIMGRID_PURE_CFG, () => undefined);
  return { model: { ...model, name: 'CM02 without crosstraffic or TCP window (max-min, rates in proportion to 1/latency)' }, problems: [] };
}

type Partial = Omit<Issue, 'file'> & { file?: string };

export function checkReference(spec: ReferenceSpec): Issue[] {
  const out: Partial[] = [];
  const { model, problems } = referenceNetworkModel(spec);
  for (const p of problems) out.push({ path: ['config', p.index], message: p.message, ...(p.hint !== undefined ? { hint: p.hint } : {}) });
  if (spec.generator !== undefined) {
    for (const k of ['edges', 'hosts_per_edge', 'host_link', 'uplink'] as const) {
      if (spec[k] === undefined) out.push({ path: [k], message: `a generated scale case needs "${k}"`, hint: 'see scale_spec.json in the reference folder' });
    }
    if (spec.transfers?.length) out.push({ path: ['transfers'], message: 'a case has either a generator or explicit transfers, not both' });
    return out as Issue[];
  }
  if (typeof spec.routes === 'string') {
    out.push({ path: ['routes'], message: 'routes must be a list of {src, dst, links}', hint: 'a description string is only allowed with a generator' });
    return out as Issue[];
  }
  const hosts = new Map<string, Set<string>>();
  (spec.hosts ?? []).forEach((h, i) => {
    const id = typeof h === 'string' ? h : h.id;
    if (hosts.has(id)) out.push({ path: ['hosts', i], message: `duplicate host id "${id}"`, hint: 'host ids must be unique' });
    const disks = new Set<string>();
    if (typeof h !== 'string') {
      (h.disks ?? []).forEach((d, j) => {
        if (disks.has(d.id)) out.push({ path: ['hosts', i, 'disks', j, 'id'], message: `duplicate disk id "${d.id}" on host "${id}"` });
        disks.add(d.id);
      });
    }
    hosts.set(id, disks);
  });
  const hostIds = [...hosts.keys()];
  const links = new Set<string>();
  (spec.links ?? []).forEach((l, i) => {
    if (links.has(l.id)) out.push({ path: ['links', i, 'id'], message: `duplicate link id "${l.id}"`, hint: 'link ids must be unique' });
    links.add(l.id);
  });
  const linkIds = [...links];
  const routes = new Set<string>();
  (Array.isArray(spec.routes) ? spec.routes : []).forEach((r, i) => {
    for (const end of ['src', 'dst'] as const) {
      if (!hosts.has(r[end])) out.push({ path: ['routes', i, end], message: `unknown host "${r[end]}"`, hint: didYouMean(r[end], hostIds, 'host') });
    }
    if (r.links.length === 0) out.push({ path: ['routes', i, 'links'], message: 'a route needs at least one link' });
    r.links.forEach((l, j) => {
      if (!links.has(l)) out.push({ path: ['routes', i, 'links', j], message: `route ${r.src} -> ${r.dst} goes through a missing link "${l}"`, hint: didYouMean(l, linkIds, 'link') });
    });
    routes.add(`${r.src}\u0000${r.dst}`);
    if (r.symmetric !== false) routes.add(`${r.dst}\u0000${r.src}`);
  });
  const activityIds = new Map<string, string>();
  (spec.transfers ?? []).forEach((t, i) => {
    if (activityIds.has(t.id)) out.push({ path: ['transfers', i, 'id'], message: `duplicate activity id "${t.id}"`, hint: 'transfer and io ids must all be distinct' });
    activityIds.set(t.id, 'transfer');
    let ok = true;
    for (const end of ['src', 'dst'] as const) {
      if (!hosts.has(t[end])) {
        ok = false;
        out.push({ path: ['transfers', i, end], message: `unknown host "${t[end]}"`, hint: didYouMean(t[end], hostIds, 'host') });
      }
    }
    if (ok && t.src === t.dst) out.push({ path: ['transfers', i], message: `transfer "${t.id}" goes from "${t.src}" to itself`, hint: 'a transfer needs two different hosts' });
    else if (ok && !routes.has(`${t.src}\u0000${t.dst}`)) {
      out.push({ path: ['transfers', i], message: `no route from "${t.src}" to "${t.dst}": the topology does not connect them`, hint: 'add a route with src/dst and the links it crosses' });
    } else if (ok && model.crosstraffic && !routes.has(`${t.dst}\u0000${t.src}`)) {
      out.push({ path: ['transfers', i], message: `no route back from "${t.dst}" to "${t.src}": with crosstraffic a transfer also loads its reverse route`, hint: 'make the route symmetric, add the reverse route, or set "network/crosstraffic:0" in config' });
    }
  });
  (spec.ios ?? []).forEach((io, i) => {
    if (activityIds.has(io.id)) out.push({ path: ['ios', i, 'id'], message: `duplicate activity id "${io.id}"`, hint: 'transfer and io ids must all be distinct' });
    activityIds.set(io.id, 'io');
    const disks = hosts.get(io.host);
    if (!disks) out.push({ path: ['ios', i, 'host'], message: `unknown host "${io.host}"`, hint: didYouMean(io.host, hostIds, 'host') });
    else if (!disks.has(io.disk)) out.push({ path: ['ios', i, 'disk'], message: `host "${io.host}" has no disk "${io.disk}"`, hint: didYouMean(io.disk, [...disks], 'disk') });
  });
  if ((spec.transfers ?? []).length === 0 && (spec.ios ?? []).length === 0) {
    out.push({ path: [], message: 'the case has no transfers and no ios: nothing to simulate', hint: 'add "transfers" or "ios", or a "generator"' });
  }
  return out as Issue[];
}
