/**
 * Network topologies between nodes and shared storage, as routes of links (constraints):
 *  - star: every endpoint's link to one core (optionally capacity-limited);
 *  - fat-tree: nodes on leaf switches; a leaf's uplink carries nodesPerSwitch × port bandwidth /
 *    oversubscription (one aggregated constraint per leaf); the spine is non-blocking. InfiniBand
 *    EDR/HDR/NDR and Ethernet use this, Ethernet with a protocol efficiency on its line rate;
 *  - dragonfly (Cray Aries, Cascade design): nodes on routers, routers in all-to-all groups, groups
 *    joined by global links (aggregated per group pair); minimal routing: local hop to the gateway
 *    router, one global hop, local hop to the destination router.
 * Links are full duplex: each direction has the link's bandwidth (a route takes the direction it
 * travels). Shared storage attaches to the core/spine with its own `attach` link.
 */
import type { NetLink, NetRoute, System } from './system.ts';

export interface NetworkParams {
  kind: 'star' | 'fat-tree' | 'dragonfly';
  /** Port bandwidth after efficiency (B/s) and latency of a node link (s). */
  portBandwidth: number;
  latency: number;
  core?: { bandwidth: number; latency: number };
  nodesPerSwitch?: number;
  oversubscription?: number;
  switchLatency?: number;
  nodesPerRouter?: number;
  routersPerGroup?: number;
  globalLinksPerRouter?: number;
  localLinkBandwidth?: number;
  globalLinkBandwidth?: number;
  hopLatency?: number;
}

/** A routing function: the links between two endpoints (node ids or storage ids), or null. */
export type Router = (a: string, b: string) => NetRoute | null;

/** A hop: a link and whether it is crossed in its forward (send / up) direction. */
type Hop = [NetLink, boolean];
const route = (hops: Hop[], extraLatency = 0): NetRoute => ({
  constraints: hops.map(([l, fwd]) => (fwd ? l.constraint : l.reverse)),
  latency: hops.reduce((s, [l]) => s + l.latency, 0) + extraLatency,
});

export function buildNetwork(sys: System, p: NetworkParams): Router {
  const nodes = [...sys.nodes.values()];
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const nic = (id: string): NetLink | null => sys.nodes.get(id)?.nic ?? sys.sharedAttach.get(id) ?? null;
  if (p.kind === 'star') {
    const core = p.core ? sys.makeLink('core', p.core.bandwidth, p.core.latency, 'core') : null;
    return (a, b) => {
      const la = nic(a), lb = nic(b);
      if (!la || !lb) return null;
      return route(core ? [[la, true], [core, true], [lb, false]] : [[la, true], [lb, false]]);
    };
  }
  if (p.kind === 'fat-tree') {
    const per = p.nodesPerSwitch ?? 32;
    const over = p.oversubscription ?? 1;
    const hop = p.switchLatency ?? 0;
    const leaves = Math.ceil(nodes.length / per);
    const up = Array.from({ length: leaves }, (_, l) => sys.makeLink(`leaf${l}:up`, (per * p.portBandwidth) / over, 0, 'uplink'));
    // (an uplink's reverse direction, `leafN:up:rx`, carries the traffic coming down into the leaf)
    const leafOf = (id: string): number | null => {
      const i = index.get(id);
      return i === undefined ? null : Math.floor(i / per);
    };
    return (a, b) => {
      const la = nic(a), lb = nic(b);
      if (!la || !lb) return null;
      const fa = leafOf(a), fb = leafOf(b);
      if (fa !== null && fb !== null) return fa === fb ? route([[la, true], [lb, false]], hop) : route([[la, true], [up[fa]!, true], [up[fb]!, false], [lb, false]], 3 * hop);
      // node <-> storage (storage hangs off the spine), or storage <-> storage
      const hops: Hop[] = [[la, true]];
      if (fa !== null) hops.push([up[fa]!, true]);
      if (fb !== null) hops.push([up[fb]!, false]);
      hops.push([lb, false]);
      return route(hops, (fa !== null ? 2 : 0) * hop + (fb !== null ? 2 : 0) * hop + hop);
    };
  }
  // dragonfly
  const npr = p.nodesPerRouter ?? 4, rpg = p.routersPerGroup ?? 96, glr = p.globalLinksPerRouter ?? 10;
  const routers = Math.ceil(nodes.length / npr);
  const groups = Math.max(1, Math.ceil(routers / rpg));
  const hop = p.hopLatency ?? 0;
  const localBw = p.localLinkBandwidth ?? p.portBandwidth, globalBw = p.globalLinkBandwidth ?? p.portBandwidth;
  const globalPerPair = Math.max(1, Math.floor((rpg * glr) / Math.max(1, groups - 1)));
  const local = new Map<string, NetLink>();
  const global = new Map<string, NetLink>();
  const localLink = (r1: number, r2: number): Hop => {
    const [x, y] = r1 < r2 ? [r1, r2] : [r2, r1];
    const k = `${x}-${y}`;
    let l = local.get(k);
    if (!l) local.set(k, (l = sys.makeLink(`router${x}-router${y}`, localBw, hop, 'local')));
    return [l, r1 < r2];
  };
  const globalLink = (g1: number, g2: number): Hop => {
    const [x, y] = g1 < g2 ? [g1, g2] : [g2, g1];
    const k = `${x}-${y}`;
    let l = global.get(k);
    if (!l) global.set(k, (l = sys.makeLink(`group${x}-group${y}`, globalBw * globalPerPair, hop, 'global')));
    return [l, g1 < g2];
  };
  return (a, b) => {
    const la = nic(a), lb = nic(b);
    if (!la || !lb) return null;
    const ia = index.get(a), ib = index.get(b);
    if (ia === undefined || ib === undefined) return route([[la, true], [lb, false]], hop);
    const ra = Math.floor(ia / npr), rb = Math.floor(ib / npr);
    const ga = Math.floor(ra / rpg), gb = Math.floor(rb / rpg);
    const hops: Hop[] = [[la, true]];
    if (ga === gb) {
      if (ra !== rb) hops.push(localLink(ra, rb));
    } else {
      const gwa = ga * rpg + (gb % rpg), gwb = gb * rpg + (ga % rpg);
      if (ra !== gwa) hops.push(localLink(ra, gwa));
      hops.push(globalLink(ga, gb));
      if (gwb !== rb) hops.push(localLink(gwb, rb));
    }
    hops.push([lb, false]);
    return route(hops, hop);
  };
}
