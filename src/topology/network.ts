/**
 * Network topologies between nodes and shared storage, as routes of links (constraints):
 *  - star: every endpoint's link to one core (optionally capacity-limited);
 *  - fat-tree: nodes on leaf switches; a leaf's uplink carries nodesPerSwitch × port bandwidth /
 *    oversubscription (one aggregated constraint per leaf); the spine is non-blocking. InfiniBand
 *    EDR/HDR/NDR and Ethernet use this, Ethernet with a protocol efficiency on its line rate;
 *  - dragonfly (Cray Aries, Cascade design): nodes on routers, routers in all-to-all groups, groups
 *    joined by global links (aggregated per group pair); minimal routing: local hop to the gateway
 *    router, one global hop, local hop to the destination router.
 * Links are half duplex, as in the reference format. Shared storage attaches to the core/spine with
 * its own `attach` link.
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

const route = (links: NetLink[], extraLatency = 0): NetRoute => ({ links, latency: links.reduce((s, l) => s + l.latency, 0) + extraLatency });

export function buildNetwork(sys: System, p: NetworkParams): Router {
  const nodes = [...sys.nodes.values()];
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const nic = (id: string): NetLink | null => sys.nodes.get(id)?.nic ?? sys.sharedAttach.get(id) ?? null;
  if (p.kind === 'star') {
    const core = p.core ? sys.makeLink('core', p.core.bandwidth, p.core.latency, 'core') : null;
    return (a, b) => {
      const la = nic(a), lb = nic(b);
      if (!la || !lb) return null;
      return route(core ? [la, core, lb] : [la, lb]);
    };
  }
  if (p.kind === 'fat-tree') {
    const per = p.nodesPerSwitch ?? 32;
    const over = p.oversubscription ?? 1;
    const hop = p.switchLatency ?? 0;
    const leaves = Math.ceil(nodes.length / per);
    const up = Array.from({ length: leaves }, (_, l) => sys.makeLink(`leaf${l}:up`, (per * p.portBandwidth) / over, 0, 'uplink'));
    const leafOf = (id: string): number | null => {
      const i = index.get(id);
      return i === undefined ? null : Math.floor(i / per);
    };
    return (a, b) => {
      const la = nic(a), lb = nic(b);
      if (!la || !lb) return null;
      const fa = leafOf(a), fb = leafOf(b);
      if (fa !== null && fb !== null) return fa === fb ? route([la, lb], hop) : route([la, up[fa]!, up[fb]!, lb], 3 * hop);
      // node <-> storage (storage hangs off the spine), or storage <-> storage
      const links = [la];
      if (fa !== null) links.push(up[fa]!);
      if (fb !== null) links.push(up[fb]!);
      links.push(lb);
      return route(links, (fa !== null ? 2 : 0) * hop + (fb !== null ? 2 : 0) * hop + hop);
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
  const localLink = (r1: number, r2: number): NetLink => {
    const [x, y] = r1 < r2 ? [r1, r2] : [r2, r1];
    const k = `${x}-${y}`;
    let l = local.get(k);
    if (!l) local.set(k, (l = sys.makeLink(`router${x}-router${y}`, localBw, hop, 'local')));
    return l;
  };
  const globalLink = (g1: number, g2: number): NetLink => {
    const [x, y] = g1 < g2 ? [g1, g2] : [g2, g1];
    const k = `${x}-${y}`;
    let l = global.get(k);
    if (!l) global.set(k, (l = sys.makeLink(`group${x}-group${y}`, globalBw * globalPerPair, hop, 'global')));
    return l;
  };
  return (a, b) => {
    const la = nic(a), lb = nic(b);
    if (!la || !lb) return null;
    const ia = index.get(a), ib = index.get(b);
    if (ia === undefined || ib === undefined) return route([la, lb], hop);
    const ra = Math.floor(ia / npr), rb = Math.floor(ib / npr);
    const ga = Math.floor(ra / rpg), gb = Math.floor(rb / rpg);
    const links: NetLink[] = [la];
    if (ga === gb) {
      if (ra !== rb) links.push(localLink(ra, rb));
    } else {
      const gwa = ga * rpg + (gb % rpg), gwb = gb * rpg + (ga % rpg);
      if (ra !== gwa) links.push(localLink(ra, gwa));
      links.push(globalLink(ga, gb));
      if (gwb !== rb) links.push(localLink(gwb, rb));
    }
    links.push(lb);
    return route(links, hop);
  };
}
