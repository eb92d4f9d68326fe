/**
 * System: the built machine. Nodes (from node groups) with their tiers, shared storage, links and
 * routes, as constraints of one fluid model. `movePath` gives the single flow that moves data from
 * one tier to another: the source's read path, the route's links, the destination's write path.
 */
import { Constraint, type Flow } from '../resources/sharing/maxmin.ts';
import type { FluidModel } from '../resources/sharing/fluid.ts';
import type { SimEvent } from '../engine/event.ts';
import type { StorageTier, AccessPath } from '../resources/storage-tier.ts';
import type { TierRef } from './tier-ref.ts';
import { formatTierRef, parseTierRef } from './tier-ref.ts';
import { resourceClass } from '../resources/classes.ts';

/**
 * A network link. Full duplex by default: `constraint` carries traffic leaving the endpoint (or going
 * up / forward) and `reverse` traffic arriving (down / backward), each at the full bandwidth, as
 * NICs, PCIe and InfiniBand or Ethernet links do. A half-duplex link (explicit links, like the
 * reference format) has reverse === constraint.
 */
export interface NetLink {
  readonly id: string;
  readonly bandwidth: number;
  readonly latency: number;
  readonly constraint: Constraint;
  readonly reverse: Constraint;
}

export interface Node {
  readonly id: string;
  readonly group: string;
  readonly index: number;
  nic: NetLink | null;
  /** Host-to-accelerator link (PCIe), if the node has one. */
  readonly pcie: NetLink | null;
  /** Accelerator-to-accelerator link (NVLink), if the node has one. */
  readonly nvlink: NetLink | null;
  /** The node's CPU cores as a constraint (core-seconds per second), if modelled. */
  readonly cpu?: Constraint | null;
  readonly tiers: Map<string, StorageTier>;
}

/** A route: the constraints it crosses (each link in its direction of travel) and its latency. */
export interface NetRoute {
  readonly constraints: Constraint[];
  readonly latency: number;
}

export class System {
  readonly nodes = new Map<string, Node>();
  readonly groups = new Map<string, Node[]>();
  readonly shared = new Map<string, StorageTier>();
  readonly sharedAttach = new Map<string, NetLink>();
  readonly links = new Map<string, NetLink>();
  /** Routing between endpoints (set by the network builder); null: endpoints are not connected. */
  router: ((a: string, b: string) => NetRoute | null) | null = null;
  private readonly explicitRoutes = new Map<string, NetRoute>();
  private readonly routeCache = new Map<string, NetRoute | null>();

  /** A what-if's capacity scaling for links made after it was applied (routes made on demand): by resource class. */
  scaleLater: { which: ReadonlySet<string>; factor: number } | null = null;

  makeLink(id: string, bandwidth: number, latency = 0, kind = 'link', duplex = true): NetLink {
    const constraint = new Constraint(id, bandwidth, kind, id);
    const reverse = duplex ? new Constraint(`${id}:rx`, bandwidth, kind, id) : constraint;
    const s = this.scaleLater;
    if (s) for (const c of duplex ? [constraint, reverse] : [constraint]) if (s.which.has(resourceClass(c.id))) c.capacity *= s.factor;
    const link: NetLink = { id, bandwidth, latency, constraint, reverse };
    this.links.set(id, link);
    return link;
  }

  /** Every constraint of every link (both directions), for reports. */
  linkConstraints(): Constraint[] {
    const out: Constraint[] = [];
    for (const n of this.nodes.values()) if (n.cpu) out.push(n.cpu);
    for (const l of this.links.values()) {
      out.push(l.constraint);
      if (l.reverse !== l.constraint) out.push(l.reverse);
    }
    return out;
  }

  addNode(node: Node): void {
    this.nodes.set(node.id, node);
    let g = this.groups.get(node.group);
    if (!g) this.groups.set(node.group, (g = []));
    g.push(node);
  }

  addExplicitRoute(src: string, dst: string, links: NetLink[], symmetric: boolean): void {
    const r = { constraints: links.map((l) => l.constraint), latency: links.reduce((s, l) => s + l.latency, 0) };
    this.explicitRoutes.set(`${src}\u0000${dst}`, r);
    if (symmetric) this.explicitRoutes.set(`${dst}\u0000${src}`, { constraints: links.map((l) => l.reverse).reverse(), latency: r.latency });
  }

  /** Every tier, node tiers first (in node order), then shared storage. */
  allTiers(): StorageTier[] {
    const out: StorageTier[] = [];
    for (const n of this.nodes.values()) out.push(...n.tiers.values());
    out.push(...this.shared.values());
    return out;
  }

  /** The tiers a reference names (one per node for "group/tier"). */
  resolve(ref: TierRef): StorageTier[] {
    if (ref.group === undefined) {
      const t = this.shared.get(ref.tier);
      if (!t) throw new Error(`unknown storage "${ref.tier}"`);
      return [t];
    }
    const nodes = this.groups.get(ref.group);
    if (!nodes) throw new Error(`unknown node group "${ref.group}"`);
    const pick = ref.index === undefined ? nodes : [nodes[ref.index]!];
    return pick.map((n) => {
      const t = n.tiers.get(ref.tier);
      if (!t) throw new Error(`no tier ${formatTierRef(ref)}`);
      return t;
    });
  }

  /**
   * The tier a reference names as seen from `node`: shared storage ("pfs"), or the node's own tier
   * of that name for a node-group reference ("compute/nvme": each node uses its own).
   */
  tierFor(text: string, node: Node): StorageTier {
    const ref = parseTierRef(text);
    if (!ref) throw new Error(`"${text}" is not a tier reference`);
    const t = ref.group === undefined ? this.shared.get(ref.tier) : node.tiers.get(ref.tier);
    if (!t) throw new Error(ref.group === undefined ? `unknown storage "${ref.tier}"` : `node ${node.id} has no tier "${ref.tier}"`);
    return t;
  }

  /** Network endpoint of a tier: its node, or the shared storage itself. */
  endpoint(t: StorageTier): string {
    return t.node ?? t.id;
  }

  /** The network route between two endpoints (node ids or shared storage ids), or null. */
  route(a: string, b: string): NetRoute | null {
    if (a === b) return { constraints: [], latency: 0 };
    const key = `${a}\u0000${b}`;
    const explicit = this.explicitRoutes.get(key);
    if (explicit) return explicit;
    if (this.routeCache.has(key)) return this.routeCache.get(key)!;
    const r = this.router?.(a, b) ?? null;
    this.routeCache.set(key, r);
    return r;
  }

  /**
   * The links a move from tier `src` to tier `dst` crosses: the network route between their
   * endpoints, plus the PCIe link of a node where one side is accelerator memory (hbm) and the other
   * is on the host or beyond the NIC.
   */
  linksBetween(src: StorageTier, dst: StorageTier): NetRoute | null {
    const r = this.route(this.endpoint(src), this.endpoint(dst));
    if (!r) return null;
    const extra: Constraint[] = [];
    let lat = 0;
    if (src.kind === 'hbm' && dst.kind === 'hbm' && src.node !== null && src.node === dst.node && src !== dst) {
      const l = this.nodes.get(src.node)?.nvlink ?? this.nodes.get(src.node)?.pcie;
      if (l) {
        extra.push(l.constraint);
        lat += l.latency;
      }
    }
    // PCIe: out of GPU memory is the link's send direction, into it the receive direction
    if (src.kind === 'hbm' && src.node !== null && dst.kind !== 'hbm') {
      const p = this.nodes.get(src.node)?.pcie;
      if (p) {
        extra.push(p.constraint);
        lat += p.latency;
      }
    }
    if (dst.kind === 'hbm' && dst.node !== null && src.kind !== 'hbm') {
      const p = this.nodes.get(dst.node)?.pcie;
      if (p) {
        extra.push(p.reverse);
        lat += p.latency;
      }
    }
    if (extra.length === 0) return r;
    return { constraints: [...r.constraints, ...extra], latency: r.latency + lat };
  }

  /**
   * Moves `bytes` from tier `src` to tier `dst` as one flow across the source's read path, the
   * route's links and the destination's write path; the event succeeds with the Flow when done.
   */
  move(fluid: FluidModel, src: StorageTier, dst: StorageTier, bytes: number, opSize = 2 ** 20): SimEvent<Flow> {
    const p = this.movePath(src, dst, opSize);
    return fluid.transfer(bytes, p.constraints, { coefs: p.coefs, latency: p.latency, cap: p.cap });
  }

  /** The one flow path that moves data from `src` to `dst` with operations of `opSize` bytes. */
  movePath(src: StorageTier, dst: StorageTier, opSize: number): AccessPath & { route: NetRoute } {
    const route = this.linksBetween(src, dst);
    if (!route) throw new Error(`no network path from ${src.label} to ${dst.label}`);
    const r = src.readPath(opSize), w = dst.writePath(opSize);
    const constraints = [...r.constraints, ...route.constraints, ...w.constraints];
    const coefs = [...r.coefs, ...route.constraints.map(() => 1), ...w.coefs];
    return { constraints, coefs, latency: r.latency + route.latency + w.latency, cap: Math.min(r.cap, w.cap), route };
  }
}
