/**
 * Building a System from a validated SystemSpec: node groups become nodes with their tiers and
 * network attachments, shared storage gets its attach link, and the network joins them.
 */
import type { SystemSpec, TierSpec, NetworkSpec } from './schema.ts';
import { buildNetwork, type NetworkParams } from '../topology/network.ts';
import { StorageTier } from '../resources/storage-tier.ts';
import type { FluidModel } from '../resources/sharing/fluid.ts';
import { DramTier } from '../resources/tiers/dram.ts';
import { NvdimmTier } from '../resources/tiers/nvdimm.ts';
import { BurstBufferTier } from '../resources/tiers/burst-buffer.ts';
import { PfsTier } from '../resources/tiers/pfs.ts';
import { TapeLibrary } from '../resources/tiers/tape.ts';
import { ObjectStore } from '../resources/tiers/object-store.ts';
import { System, type Node } from '../topology/system.ts';
import { Constraint } from '../resources/sharing/maxmin.ts';

export function buildSystem(spec: SystemSpec, fluid: FluidModel): System {
  const sys = new System();
  const net = spec.network ? networkParams(spec.network) : null;
  for (const g of spec.nodes ?? []) {
    const n = g.count ?? 1;
    for (let i = 0; i < n; i++) {
      const id = `${g.id}[${i}]`;
      const nicSpec = g.nic ?? (net ? { bandwidth: net.portBandwidth, latency: net.latency } : undefined);
      const nic = nicSpec ? sys.makeLink(`${id}:nic`, nicSpec.bandwidth, nicSpec.latency ?? 0, 'nic') : null;
      const pcie = g.pcie ? sys.makeLink(`${id}:pcie`, g.pcie.bandwidth, g.pcie.latency ?? 0, 'pcie') : null;
      const nvlink = g.nvlink ? sys.makeLink(`${id}:nvlink`, g.nvlink.bandwidth, g.nvlink.latency ?? 0, 'nvlink') : null;
      const tiers = new Map<string, StorageTier>();
      for (const t of g.tiers ?? []) tiers.set(t.id, makeTier(t, id));
      const cpu = g.cpus ? new Constraint(`${id}:cpu`, g.cpus, 'cpu', `${id}:cpu`) : null;
      const node: Node = { id, group: g.id, index: i, nic, pcie, nvlink, cpu, tiers };
      sys.addNode(node);
    }
  }
  for (const t of spec.storage ?? []) {
    sys.shared.set(t.id, makeTier(t, null));
    if (t.attach) sys.sharedAttach.set(t.id, sys.makeLink(`${t.id}:attach`, t.attach.bandwidth, t.attach.latency ?? 0, 'attach'));
  }
  for (const t of sys.allTiers()) if (t instanceof PfsTier) t.fluid = fluid;
  if (net) sys.router = buildNetwork(sys, net);
  // explicit links are half duplex, as in the reference format
  for (const l of spec.links ?? []) sys.makeLink(l.id, l.bandwidth, l.latency ?? 0, 'link', false);
  for (const r of spec.routes ?? []) sys.addExplicitRoute(r.src, r.dst, r.links.map((id) => sys.links.get(id)!), r.symmetric ?? true);
  return sys;
}

/** Network parameters with catalog values and defaults applied (resolve.ts fills `model`). */
function networkParams(n: NetworkSpec): NetworkParams {
  const port = (n.kind === 'dragonfly' ? n.injectionBandwidth ?? n.linkBandwidth : n.linkBandwidth) ?? Infinity;
  return {
    kind: n.kind, portBandwidth: port * (n.efficiency ?? 1), latency: n.latency ?? 0,
    ...(n.core ? { core: { bandwidth: n.core.bandwidth, latency: n.core.latency ?? 0 } } : {}),
    nodesPerSwitch: n.nodesPerSwitch, oversubscription: n.oversubscription, switchLatency: n.switchLatency,
    nodesPerRouter: n.nodesPerRouter, routersPerGroup: n.routersPerGroup, globalLinksPerRouter: n.globalLinksPerRouter,
    localLinkBandwidth: n.localLinkBandwidth, globalLinkBandwidth: n.globalLinkBandwidth, hopLatency: n.hopLatency,
  };
}

function makeTier(t: TierSpec, node: string | null): StorageTier {
  const base = {
    id: t.id, kind: t.kind, node,
    capacity: t.capacity ?? Infinity,
    readBandwidth: (t.readBandwidth ?? t.bandwidth)!, writeBandwidth: (t.writeBandwidth ?? t.bandwidth)!,
    combinedBandwidth: t.combinedBandwidth,
    readIops: t.readIops, writeIops: t.writeIops,
    latency: t.latency, queueDepth: t.queueDepth, cache: t.cache, price: t.price,
  };
  switch (t.kind) {
    case 'dram':
      if (t.sockets !== undefined && t.bandwidthPerSocket !== undefined) return new DramTier({ ...base, sockets: t.sockets, bandwidthPerSocket: t.bandwidthPerSocket });
      return new StorageTier(base);
    case 'nvdimm':
      return new NvdimmTier({ ...base, capacity: t.capacity ?? (t.capacityPerDimm !== undefined ? t.capacityPerDimm * t.dimms! : Infinity), dimms: t.dimms!, readBandwidthPerDimm: t.readBandwidthPerDimm!, writeBandwidthPerDimm: t.writeBandwidthPerDimm! });
    case 'burst-buffer':
      return new BurstBufferTier({ ...base, servers: t.servers!, serverReadBandwidth: t.serverReadBandwidth!, serverWriteBandwidth: t.serverWriteBandwidth!, serverCapacity: t.serverCapacity, stripeServers: t.stripeServers });
    case 'pfs':
      return new PfsTier({ ...base, osts: t.osts, ostReadBandwidth: t.ostReadBandwidth, ostWriteBandwidth: t.ostWriteBandwidth, stripeCount: t.stripeCount, mdsRate: t.mdsRate, clientBandwidth: t.clientBandwidth });
    case 'tape':
      return new TapeLibrary({ ...base, drives: t.drives!, driveRate: t.driveRate!, cartridgeCapacity: t.cartridgeCapacity!, robots: t.robots, exchangeTime: t.exchangeTime, loadTime: t.loadTime, unloadTime: t.unloadTime, rewindTime: t.rewindTime, locateTime: t.locateTime, filesPerCartridge: t.filesPerCartridge });
    case 'object-store':
      return new ObjectStore({ ...base, firstByteLatency: t.firstByteLatency, connectionBandwidth: t.connectionBandwidth, getRate: t.getRate, putRate: t.putRate, prefixes: t.prefixes, partSize: t.partSize, getPrice: t.getPrice, putPrice: t.putPrice, egressPrice: t.egressPrice });
    case 'nvmeof':
      return new StorageTier({ ...base, latency: (t.latency ?? 0) + (t.fabricLatency ?? 0) });
    default:
      return new StorageTier(base);
  }
}
