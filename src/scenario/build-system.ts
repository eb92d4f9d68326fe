/**
 * Building a System from a validated SystemSpec: node groups become nodes with their tiers and
 * network attachments, shared storage gets its attach link, and the network joins them.
 */
import type { SystemSpec, TierSpec } from './schema.ts';
import { StorageTier } from '../resources/storage-tier.ts';
import { System, type Node } from '../topology/system.ts';

export function buildSystem(spec: SystemSpec): System {
  const sys = new System();
  for (const g of spec.nodes ?? []) {
    const n = g.count ?? 1;
    for (let i = 0; i < n; i++) {
      const id = `${g.id}[${i}]`;
      const nic = g.nic ? sys.makeLink(`${id}:nic`, g.nic.bandwidth, g.nic.latency ?? 0, 'nic') : null;
      const tiers = new Map<string, StorageTier>();
      for (const t of g.tiers ?? []) tiers.set(t.id, makeTier(t, id));
      const node: Node = { id, group: g.id, index: i, nic, tiers };
      sys.addNode(node);
    }
  }
  for (const t of spec.storage ?? []) {
    sys.shared.set(t.id, makeTier(t, null));
    if (t.attach) sys.sharedAttach.set(t.id, sys.makeLink(`${t.id}:attach`, t.attach.bandwidth, t.attach.latency ?? 0, 'attach'));
  }
  if (spec.network?.core) sys.core = sys.makeLink('core', spec.network.core.bandwidth, spec.network.core.latency ?? 0, 'core');
  for (const l of spec.links ?? []) sys.makeLink(l.id, l.bandwidth, l.latency ?? 0);
  for (const r of spec.routes ?? []) sys.addExplicitRoute(r.src, r.dst, r.links.map((id) => sys.links.get(id)!), r.symmetric ?? true);
  return sys;
}

function makeTier(t: TierSpec, node: string | null): StorageTier {
  const read = t.readBandwidth ?? t.bandwidth;
  const write = t.writeBandwidth ?? t.bandwidth;
  if (read === undefined || write === undefined) {
    throw new Error(`tier "${t.id}" needs readBandwidth and writeBandwidth (or bandwidth)`);
  }
  return new StorageTier({
    id: t.id, kind: t.kind, node,
    capacity: t.capacity ?? Infinity,
    readBandwidth: read, writeBandwidth: write, combinedBandwidth: t.combinedBandwidth,
    readIops: t.readIops, writeIops: t.writeIops,
    latency: t.latency, queueDepth: t.queueDepth, cache: t.cache, price: t.price,
  });
}
