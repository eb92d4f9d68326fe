/**
 * The tiersim scenario format (YAML or JSON): a system (nodes with their tiers, shared storage, a
 * network) and workloads that run on it. Quantities are strings with units, parsed here into SI
 * numbers. The JSON Schema shipped in schema/ is generated from these definitions.
 */
import * as z from 'zod';
import { strictObject, q, qPos, qNonNeg, count, fraction, identifier } from './fields.ts';

export const TIER_KINDS = ['hbm', 'dram', 'nvdimm', 'ssd', 'burst-buffer', 'nvmeof', 'pfs', 'tape', 'object-store'] as const;
export type TierKind = (typeof TIER_KINDS)[number];

const tierKind = z.enum(TIER_KINDS, { error: (i) => `unknown tier kind ${JSON.stringify(i.input)}` });

/** Parameters every tier may have. */
const tierCommon = {
  id: identifier.meta({ description: 'Name of the tier, unique within its node group (or among shared storage).' }),
  kind: tierKind.meta({ description: 'What the tier is; decides its behaviour.' }),
  model: identifier.optional().meta({ description: 'Catalog device to take parameters from (see `tiersim models list`).' }),
  capacity: qPos('size', 'Usable capacity.').optional(),
  readBandwidth: qPos('bandwidth', 'Sustained read bandwidth.').optional(),
  writeBandwidth: qPos('bandwidth', 'Sustained write bandwidth.').optional(),
  bandwidth: qPos('bandwidth', 'Sets read and write bandwidth at once.').optional(),
  combinedBandwidth: qPos('bandwidth', 'Limit on reads and writes together (default: the larger of the two).').optional(),
  readIops: qPos('opRate', 'Read operations per second.').optional(),
  writeIops: qPos('opRate', 'Write operations per second.').optional(),
  latency: qNonNeg('duration', 'Latency of one operation.').optional(),
  queueDepth: count(1, 'Operations one stream keeps in flight (bounds a stream at queueDepth × opSize / latency).').optional(),
  cache: z.boolean().optional().meta({ description: 'The tier caches data read from lower tiers (LRU eviction).' }),
  price: q('storagePrice', 'Storage price.').optional(),
};

export const TierSpec = strictObject(tierCommon, 'A storage or memory tier.');
export type TierSpec = z.output<typeof TierSpec>;

const linkSpec = strictObject({
  bandwidth: qPos('bandwidth', 'Link bandwidth (half duplex: shared by both directions).'),
  latency: qNonNeg('duration', 'Link latency.').optional(),
});

export const NodeGroupSpec = strictObject({
  id: identifier.meta({ description: 'Name of the node group; its nodes are id[0] .. id[count-1].' }),
  count: count(1, 'Number of identical nodes (default 1).').optional(),
  nic: linkSpec.optional().meta({ description: 'Each node\'s network attachment.' }),
  tiers: z.array(TierSpec).optional(),
}, 'A group of identical nodes.');
export type NodeGroupSpec = z.output<typeof NodeGroupSpec>;

export const SharedTierSpec = strictObject({
  ...tierCommon,
  attach: linkSpec.optional().meta({ description: 'The storage servers\' aggregate network attachment.' }),
}, 'A tier shared by all nodes, reached over the network.');
export type SharedTierSpec = z.output<typeof SharedTierSpec>;

export const NetworkSpec = strictObject({
  kind: z.enum(['star']).meta({ description: 'star: every node and storage system attaches to one non-blocking core.' }),
  core: linkSpec.optional().meta({ description: 'Capacity of the core (default: non-blocking).' }),
});

export const ExplicitLinkSpec = strictObject({
  id: identifier,
  bandwidth: qPos('bandwidth'),
  latency: qNonNeg('duration').optional(),
});
export const ExplicitRouteSpec = strictObject({
  src: identifier,
  dst: identifier,
  links: z.array(identifier).min(1, { message: 'a route needs at least one link' }),
  symmetric: z.boolean().optional(),
});

export const SystemSpec = strictObject({
  nodes: z.array(NodeGroupSpec).optional(),
  storage: z.array(SharedTierSpec).optional(),
  network: NetworkSpec.optional(),
  links: z.array(ExplicitLinkSpec).optional(),
  routes: z.array(ExplicitRouteSpec).optional(),
}, 'The machine: node groups, shared storage and the network.');
export type SystemSpec = z.output<typeof SystemSpec>;

export const MoveSpec = strictObject({
  id: identifier.optional(),
  from: z.string().meta({ description: 'Source tier: "pfs" (shared), "compute/nvme" (on every node of a group) or "compute[0]/nvme".' }),
  to: z.string().meta({ description: 'Destination tier, same forms as `from`.' }),
  size: qPos('size', 'Bytes moved to each destination node.'),
  opSize: qPos('size', 'Size of one I/O operation (default 1 MiB).').optional(),
  streams: count(1, 'Parallel streams per destination node (default 1).').optional(),
  start: qNonNeg('duration', 'Start time.').optional(),
  after: identifier.optional().meta({ description: 'Start when the move with this id has finished.' }),
});
export type MoveSpec = z.output<typeof MoveSpec>;

export const TransfersWorkloadSpec = strictObject({
  kind: z.literal('transfers'),
  id: identifier,
  moves: z.array(MoveSpec).min(1, { message: 'a transfers workload needs at least one move' }),
}, 'Explicit data movements between tiers.');

export const WorkloadSpec = z.discriminatedUnion('kind', [TransfersWorkloadSpec], {
  error: (i) => (i.code === 'invalid_union' ? 'unknown workload kind' : undefined),
});
export type WorkloadSpec = z.output<typeof WorkloadSpec>;

export const ScenarioSpec = strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1).max(200),
  description: z.string().optional(),
  seed: z.union([z.number().int(), z.string()]).optional().meta({ description: 'Seed of the random source (default 1).' }),
  until: qPos('duration', 'Stop the simulation at this time.').optional(),
  sharing: z.enum(['maxmin', 'rtt']).optional().meta({ description: 'Bandwidth sharing: pure max-min (default) or weighted by route latency.' }),
  system: SystemSpec,
  workloads: z.array(WorkloadSpec).optional(),
}, 'A tiersim scenario.');
export type ScenarioSpec = z.output<typeof ScenarioSpec>;

export const WORKLOAD_KINDS = ['transfers'] as const;
