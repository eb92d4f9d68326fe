/**
 * The tiersim scenario format (YAML or JSON): a system (nodes with their tiers, shared storage, a
 * network) and workloads that run on it. Quantities are strings with units, parsed here into SI
 * numbers. The JSON Schema shipped in schema/ is generated from these definitions.
 */
import * as z from 'zod';
import { strictObject, q, qPos, qNonNeg, count, fraction, identifier } from './fields.ts';

/** The number formats an accelerator's peak rate is given for in the catalog (compute.precision). */
export const PRECISIONS = ['fp32', 'tf32', 'bf16', 'fp16', 'fp8'] as const;

export const TIER_KINDS = ['hbm', 'dram', 'nvdimm', 'ssd', 'burst-buffer', 'nvmeof', 'pfs', 'tape', 'object-store'] as const;
export type TierKind = (typeof TIER_KINDS)[number];

const tierKind = z.enum(TIER_KINDS, { error: (i) => `unknown tier kind ${JSON.stringify(i.input)}` });

/** Parameters every tier may have. */
/**
 * Fields that set several others at once: a value given later (a scenario over its base system or
 * over a catalog model, a --set over the scenario) replaces the fields it covers that came before,
 * so `bandwidth: 40 GB/s` over an inherited readBandwidth takes effect. Within one mapping as written,
 * the specific field still wins (bandwidth: 10 GB/s with readBandwidth: 20 GB/s reads at 20).
 */
export const COVERS: Readonly<Record<string, readonly string[]>> = {
  bandwidth: ['readBandwidth', 'writeBandwidth', 'bandwidthPerSocket'],
  // two ways of saying how the gradient all-reduce overlaps the backward pass: a --set of one replaces the other
  bucketSize: ['overlap'],
  overlap: ['bucketSize', 'backwardShare'],
  // and two of giving the spread of the time per batch
  computeTimeStdev: ['computeTimeSpread'],
  computeTimeSpread: ['computeTimeStdev'],
};

/** `base` with the fields covered by the keys of `over` (and not given in `over` itself) removed. */
export function withoutCovered<T extends Record<string, unknown>>(base: T, over: Record<string, unknown>): T {
  let out = base;
  for (const [k, covered] of Object.entries(COVERS)) {
    if (over[k] === undefined) continue;
    for (const c of covered) {
      if (over[c] === undefined && out[c] !== undefined) {
        if (out === base) out = { ...base };
        delete out[c];
      }
    }
  }
  return out;
}

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
  // dram
  sockets: count(1, 'dram: sockets, each with its own memory bandwidth.').optional(),
  bandwidthPerSocket: qPos('bandwidth', 'dram: memory bandwidth of one socket.').optional(),
  // nvdimm
  dimms: count(1, 'nvdimm: DIMMs; accesses are interleaved across them.').optional(),
  capacityPerDimm: qPos('size', 'nvdimm: capacity of one DIMM.').optional(),
  readBandwidthPerDimm: qPos('bandwidth', 'nvdimm: read bandwidth of one DIMM.').optional(),
  writeBandwidthPerDimm: qPos('bandwidth', 'nvdimm: write bandwidth of one DIMM.').optional(),
  // burst-buffer
  servers: count(1, 'burst-buffer: SSD servers.').optional(),
  serverReadBandwidth: qPos('bandwidth', 'burst-buffer: read bandwidth of one server.').optional(),
  serverWriteBandwidth: qPos('bandwidth', 'burst-buffer: write bandwidth of one server.').optional(),
  serverCapacity: qPos('size', 'burst-buffer: capacity of one server.').optional(),
  stripeServers: count(1, 'burst-buffer: servers a file is striped over (default all).').optional(),
  // nvmeof
  fabricLatency: qNonNeg('duration', 'nvmeof: latency the fabric adds to each operation.').optional(),
  // pfs
  osts: count(1, 'pfs: object storage targets.').optional(),
  ostReadBandwidth: qPos('bandwidth', 'pfs: read bandwidth of one OST.').optional(),
  ostWriteBandwidth: qPos('bandwidth', 'pfs: write bandwidth of one OST.').optional(),
  stripeCount: count(1, 'pfs: OSTs a file is striped over (default 1).').optional(),
  stripeSize: qPos('size', 'pfs, burst-buffer: stripe size (the unit of one operation on a target).').optional(),
  mdsRate: qPos('opRate', 'pfs: metadata operations per second (one per file opened or created).').optional(),
  mdsCount: count(1, 'pfs: metadata servers (informational; mdsRate is the total).').optional(),
  clientBandwidth: qPos('bandwidth', 'pfs: limit of one client node.').optional(),
  // tape
  drives: count(1, 'tape: drives in the library.').optional(),
  driveRate: qPos('bandwidth', 'tape: streaming rate of one drive.').optional(),
  cartridgeCapacity: qPos('size', 'tape: capacity of one cartridge.').optional(),
  robots: count(1, 'tape: robot arms (default 1).').optional(),
  exchangeTime: qNonNeg('duration', 'tape: robot time to move a cartridge between slot and drive.').optional(),
  loadTime: qNonNeg('duration', 'tape: load and thread a cartridge (to ready).').optional(),
  unloadTime: qNonNeg('duration', 'tape: unload a cartridge.').optional(),
  rewindTime: qNonNeg('duration', 'tape: rewind before unloading.').optional(),
  locateTime: qNonNeg('duration', 'tape: average time to position at a file.').optional(),
  filesPerCartridge: count(1, 'tape: files written to one cartridge at most (files migrated at different times land on different cartridges); default: fill each cartridge.').optional(),
  // object-store
  firstByteLatency: qNonNeg('duration', 'object-store: time to first byte of each request.').optional(),
  connectionBandwidth: qPos('bandwidth', 'object-store: throughput of one connection.').optional(),
  getRate: qPos('opRate', 'object-store: GET requests per second per prefix.').optional(),
  putRate: qPos('opRate', 'object-store: PUT requests per second per prefix.').optional(),
  prefixes: count(1, 'object-store: key prefixes the objects are spread over (default 1).').optional(),
  partSize: qPos('size', 'object-store: size of one ranged GET or multipart PUT (default 8 MiB).').optional(),
  getPrice: q('requestPrice', 'object-store: price per GET.').optional(),
  putPrice: q('requestPrice', 'object-store: price per PUT.').optional(),
  egressPrice: q('transferPrice', 'object-store: price per byte read out.').optional(),
};

/** Which kinds each kind-specific field applies to. */
export const KIND_FIELDS: Record<string, readonly TierKind[]> = {
  sockets: ['dram'], bandwidthPerSocket: ['dram'],
  dimms: ['nvdimm'], capacityPerDimm: ['nvdimm'], readBandwidthPerDimm: ['nvdimm'], writeBandwidthPerDimm: ['nvdimm'],
  servers: ['burst-buffer'], serverReadBandwidth: ['burst-buffer'], serverWriteBandwidth: ['burst-buffer'], serverCapacity: ['burst-buffer'], stripeServers: ['burst-buffer'],
  fabricLatency: ['nvmeof'],
  osts: ['pfs'], ostReadBandwidth: ['pfs'], ostWriteBandwidth: ['pfs'], stripeCount: ['pfs'], stripeSize: ['pfs', 'burst-buffer'], mdsRate: ['pfs'], mdsCount: ['pfs'], clientBandwidth: ['pfs'],
  drives: ['tape'], driveRate: ['tape'], cartridgeCapacity: ['tape'], robots: ['tape'], exchangeTime: ['tape'], loadTime: ['tape'], unloadTime: ['tape'], rewindTime: ['tape'], locateTime: ['tape'], filesPerCartridge: ['tape'],
  firstByteLatency: ['object-store'], connectionBandwidth: ['object-store'], getRate: ['object-store'], putRate: ['object-store'], prefixes: ['object-store'], partSize: ['object-store'], getPrice: ['object-store'], putPrice: ['object-store'], egressPrice: ['object-store'],
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
  nic: linkSpec.optional().meta({ description: 'Each node\'s network attachment (default: from system.network).' }),
  pcie: linkSpec.optional().meta({ description: 'Host-to-accelerator link (PCIe) of each accelerator (one GPU\'s figure, e.g. 31 GB/s for PCIe 4.0 x16): crossed by moves between hbm and the host tiers or the NIC; in training, every accelerator copies over its own link.' }),
  nvlink: linkSpec.optional().meta({ description: 'Accelerator-to-accelerator link (NVLink) of each accelerator (one GPU\'s figure, e.g. 300 GB/s per direction for an A100): crossed by moves between two hbm tiers of a node; in training, every accelerator exchanges (all-reduces, activations) over its own link.' }),
  cpus: count(1, 'CPU cores of a node: loader workers preprocessing samples share them (default: as many as they need).').optional(),
  tiers: z.array(TierSpec).optional().meta({ description: 'The tiers on each node of the group (hbm, dram, nvdimm, nvme, ...).' }),
}, 'A group of identical nodes.');
export type NodeGroupSpec = z.output<typeof NodeGroupSpec>;

export const SharedTierSpec = strictObject({
  ...tierCommon,
  attach: linkSpec.optional().meta({ description: 'The storage servers\' aggregate network attachment.' }),
}, 'A tier shared by all nodes, reached over the network.');
export type SharedTierSpec = z.output<typeof SharedTierSpec>;

export const NETWORK_KINDS = ['star', 'fat-tree', 'dragonfly'] as const;

export const NetworkSpec = strictObject({
  kind: z.enum(NETWORK_KINDS).meta({ description: 'star: one core that every node and storage system attaches to; fat-tree: leaf switches with (oversubscribed) uplinks to a non-blocking spine (InfiniBand, Ethernet); dragonfly: routers in all-to-all groups joined by global links, minimal routing (Cray Aries).' }),
  model: identifier.optional().meta({ description: 'Catalog interconnect (ethernet-100g, infiniband-hdr, aries, ...) giving link bandwidth and latency.' }),
  linkBandwidth: qPos('bandwidth', 'Bandwidth of a node link (the NIC), before efficiency.').optional(),
  latency: qNonNeg('duration', 'Latency of a node link.').optional(),
  efficiency: fraction('Fraction of the line rate that carries data (protocol overhead; default 1).').optional(),
  core: linkSpec.optional().meta({ description: 'star: capacity of the core (default: non-blocking).' }),
  nodesPerSwitch: count(1, 'fat-tree: nodes on one leaf switch.').optional(),
  oversubscription: z.number().min(1, { message: 'must be at least 1 (1 = non-blocking)' }).optional().meta({ description: 'fat-tree: down/up bandwidth ratio of a leaf switch (1 = non-blocking).' }),
  switchLatency: qNonNeg('duration', 'fat-tree: latency of one switch hop.').optional(),
  nodesPerRouter: count(1, 'dragonfly: nodes on one router.').optional(),
  routersPerGroup: count(1, 'dragonfly: routers in one all-to-all group.').optional(),
  globalLinksPerRouter: count(1, 'dragonfly: global links of one router.').optional(),
  injectionBandwidth: qPos('bandwidth', 'dragonfly: node injection (NIC) bandwidth.').optional(),
  localLinkBandwidth: qPos('bandwidth', 'dragonfly: bandwidth of a link inside a group.').optional(),
  globalLinkBandwidth: qPos('bandwidth', 'dragonfly: bandwidth of one global link between groups.').optional(),
  hopLatency: qNonNeg('duration', 'dragonfly: latency of one router hop.').optional(),
}, 'The network between nodes and shared storage.');
export type NetworkSpec = z.output<typeof NetworkSpec>;

export const ExplicitLinkSpec = strictObject({
  id: identifier.meta({ description: 'Name of the link, used by routes.' }),
  bandwidth: qPos('bandwidth', 'Link bandwidth (half duplex: shared by both directions).'),
  latency: qNonNeg('duration', 'Link latency.').optional(),
}, 'A network link given by hand.');
export const ExplicitRouteSpec = strictObject({
  src: identifier.meta({ description: 'One end: a node (group[i]) or a shared tier.' }),
  dst: identifier.meta({ description: 'The other end.' }),
  links: z.array(identifier).min(1, { message: 'a route needs at least one link' }).meta({ description: 'The links crossed, in order (ids of system.links).' }),
  symmetric: z.boolean().optional().meta({ description: 'The same links serve dst to src (default true).' }),
}, 'The links between two endpoints, replacing the network\'s own route.');

export const SystemSpec = strictObject({
  base: identifier.optional().meta({ description: 'A catalog system to start from (see `tiersim models list`); the fields given here override it (lists are merged by id).' }),
  nodes: z.array(NodeGroupSpec).optional().meta({ description: 'Groups of identical nodes, with their local tiers.' }),
  storage: z.array(SharedTierSpec).optional().meta({ description: 'Tiers shared by all nodes: parallel file system, burst buffer, object store, tape library, ...' }),
  network: NetworkSpec.optional(),
  links: z.array(ExplicitLinkSpec).optional().meta({ description: 'Extra links, for topologies given link by link (with routes).' }),
  routes: z.array(ExplicitRouteSpec).optional().meta({ description: 'Routes given by hand: the links between two endpoints.' }),
}, 'The machine: node groups, shared storage and the network.');
export type SystemSpec = z.output<typeof SystemSpec>;

export const MoveSpec = strictObject({
  id: identifier.optional().meta({ description: 'Name of the move (for `after` and reports; default move-N).' }),
  from: z.string().meta({ description: 'Source tier: "pfs" (shared), "compute/nvme" (on every node of a group) or "compute[0]/nvme".' }),
  to: z.string().meta({ description: 'Destination tier, same forms as `from`.' }),
  size: qPos('size', 'Bytes moved to each destination node.'),
  files: count(1, 'Number of files (objects) the size is split into (default 1).').optional(),
  sizeSpread: fraction('Coefficient of variation of file sizes (lognormal, drawn from the seed; default 0: equal sizes).').optional(),
  opSize: qPos('size', 'Size of one I/O operation (default 1 MiB).').optional(),
  streams: count(1, 'Parallel streams per destination node (default 1).').optional(),
  start: qNonNeg('duration', 'Start time.').optional(),
  after: identifier.optional().meta({ description: 'Start when the move with this id has finished.' }),
});
export type MoveSpec = z.output<typeof MoveSpec>;

export const TransfersWorkloadSpec = strictObject({
  kind: z.literal('transfers'),
  id: identifier.meta({ description: 'Name of the workload, unique in the scenario; results are reported under it.' }),
  moves: z.array(MoveSpec).min(1, { message: 'a transfers workload needs at least one move' }).meta({ description: 'The movements, in any order (`after` chains them).' }),
}, 'Explicit data movements between tiers.');

export const AiTrainingSpec = strictObject({
  kind: z.literal('ai-training'),
  id: identifier.meta({ description: 'Name of the workload, unique in the scenario; results are reported under it.' }),
  dlio: z.string().optional().meta({ description: 'A DLIO / MLPerf Storage workload file (path relative to this scenario) giving the dataset, loader, compute time and epochs; fields here override it.' }),
  nodes: identifier.meta({ description: 'The node group running the job (each node runs acceleratorsPerNode accelerators).' }),
  acceleratorsPerNode: count(1, 'Accelerators (ranks) on each node.'),
  accelerator: identifier.optional().meta({ description: 'Catalog accelerator (a100, h100, ...), for the report.' }),
  dataset: strictObject({
    location: z.string().meta({ description: 'Tier the dataset is read from: "pfs", "client/nvme", ...' }),
    to: z.string().optional().meta({ description: 'Host tier batches are loaded into (default: the node\'s dram tier, if any).' }),
    samples: count(1, 'Training samples in the dataset.').optional(),
    sampleSize: qPos('size', 'Mean size of one sample on storage.').optional(),
    recordOverhead: qNonNeg('size', 'File-format bytes each sample carries on storage besides its data, read with it (a TFRecord record has 16: its length and two CRCs; a DLIO file of format tfrecord sets this). Default 0.').optional(),
    fileOverhead: qNonNeg('size', 'File-format bytes each file carries besides its samples (headers, index, footer; e.g. 128 for a .npy header), read with its samples. Default 0.').optional(),
    sampleSizeStdev: qNonNeg('size', 'Standard deviation of the sample size (DLIO record_length_bytes_stdev): each accelerator\'s batch of b samples is drawn from N(b x mean, sqrt(b) x stdev) bytes, clamped at 0, every step from the seeded generator; a node\'s accelerators read the mean of their draws together, so the bytes each node moves are exact (a node waiting for its largest batch when every read is capped on its own is not modelled). Default 0: every sample has the mean size.').optional(),
    samplesPerFile: count(1, 'Samples per file (default 1).').optional(),
    cache: z.string().optional().meta({ description: 'A node tier that caches what the node has read (the page cache: "gpu/dram"; or "gpu/nvme"), LRU up to its capacity; later epochs read hits from it.' }),
    shuffle: z.enum(['global', 'node', 'none']).optional().meta({ description: 'Which data a node reads each epoch: global (default, as PyTorch DistributedSampler: a new random share of the whole dataset), node (a fixed shard per node, shuffled inside) or none (the same order every epoch). A DLIO file sets it from file_shuffle, sample_shuffle and seed_change_epoch.' }),
  }, 'The training data: where it lives, how big it is, and where copies of it are cached.'),
  loader: strictObject({
    batchSize: count(1, 'Samples per step per accelerator.').optional(),
    readThreads: count(0, 'Loader workers per accelerator (each loads whole batches ahead, as PyTorch DataLoader workers); 0: the training process loads each batch itself, nothing overlaps (PyTorch num_workers=0).').optional(),
    prefetch: count(1, 'Batches each worker may have loaded ahead (default 2, as DLIO).').optional(),
    preprocessTime: qNonNeg('duration', 'CPU time to decode/preprocess one sample in a worker.').optional(),
    copyTo: z.string().optional().meta({ description: 'Accelerator memory tier (kind hbm) of the training nodes, e.g. "gpu/hbm": every step the training process copies its batch there from host memory before computing (PyTorch .to(device)), over the node\'s pcie link; exposed, counted with the hand-off in ioStallCauses.handoff.' }),
    copyBytesPerSample: qPos('size', 'Bytes of a sample once loaded and decoded (the tensor, e.g. 602112 B for 3x224x224 float32; DLIO record_length_bytes_resize): what a loaded batch holds in host memory per sample, and what copyTo copies to accelerator memory. Default: dataset.sampleSize.').optional(),
    handoffTime: qNonNeg('duration', 'Time the training process spends taking each batch from a loader worker process (PyTorch: receiving the batch\'s shared-memory tensors through the worker queue); exposed on every step whatever the workers\' lead. Only with readThreads > 0 (default 0).').optional(),
    readPerSample: z.boolean().optional().meta({ description: 'One read per sample (as image datasets: one file per image) instead of one read per batch (default false).' }),
    readSize: qPos('size', 'Bytes per read request, which IOPS limits count (DLIO reader.transfer_size, the TensorFlow reader\'s chunk); default: a sample, at most 4 MiB.').optional(),
  }, 'The data loader of each accelerator (PyTorch DataLoader / DLIO reader).').optional(),
  computeTime: qPos('duration', 'Accelerator time per batch (DLIO computation_time).').optional(),
  computeTimeStdev: qNonNeg('duration', 'Standard deviation of the time per batch (DLIO computation_time_stdev): every accelerator draws its time for every step from a normal distribution (clamped at 0), from the seeded generator. With data or model parallelism a step ends when the slowest replica has computed (stragglers); without, the accelerators of a node share each draw. Default 0.').optional(),
  computeTimeSpread: fraction('Instead of computeTimeStdev: the spread of the time per batch as a fraction of it (its coefficient of variation, e.g. 0.034 for 3.4%), which then follows a time per batch derived from FLOPs or changed with --set.').optional(),
  compute: strictObject({
    flopsPerSample: qPos('flop', 'Work per sample, forward and backward (e.g. ~23 GFLOP for ResNet-50 at 224 px: 3 x 3.8 GMAC x 2).').optional(),
    tokensPerSample: count(1, 'Instead of flopsPerSample, for a transformer with model: the tokens of a sample (its sequence length): 6 FLOPs per parameter per token, forward and backward (Kaplan et al. 2020, C = 6ND). Attention over the sequence is left out: it adds 6 x layers x sequence x hidden per token, 13% for Llama 3 8B at 8,192 tokens (count it in efficiency).').optional(),
    precision: z.enum(PRECISIONS).optional().meta({ description: 'Which peak rate of the accelerator applies (default fp32; the catalog lists which each accelerator has: dense tensor-core rates for tf32, bf16, fp16 and fp8).' }),
    efficiency: fraction('Fraction of the peak rate achieved (default 1).').optional(),
  }).optional().meta({ description: 'Derive the time per batch from FLOPs and the accelerator\'s peak rate (needs accelerator:).' }),
  model: strictObject({
    name: identifier.optional().meta({ description: 'A network from the catalog (llama3-8b, llama3-70b, llama3-405b, gpt3-175b, resnet50; `tiersim models list`): gives parameters, and for a transformer layers, hidden and heads, where not given here.' }),
    parameters: z.number().positive({ message: 'must be greater than zero' }).optional().meta({ description: 'Parameters of the model (e.g. 8.03e9 for Llama 3 8B, 25.6e6 for ResNet-50); required without name.' }),
    weights: z.enum(['fp32', 'bf16', 'fp16']).optional().meta({ description: 'The weights\' and gradients\' datatype (default fp32; bf16 / fp16: mixed precision, with an fp32 master copy in the optimizer\'s state).' }),
    optimizer: z.enum(['adam', 'sgd-momentum', 'sgd', 'none']).optional().meta({ description: 'The optimizer, whose fp32 state each replica holds (default adam: momentum and variance).' }),
    layers: count(1, 'A transformer\'s layers: with hidden, the activations each accelerator holds for the backward pass are estimated (Korthikanti et al., MLSys 2023: per layer and sequence 34 x sequence x hidden bytes, or as recompute says) and count against its memory.').optional(),
    hidden: count(1, 'A transformer\'s hidden size (with layers).').optional(),
    heads: count(1, 'Attention heads (with layers; needed for recompute: none, whose attention scores grow with the sequence squared).').optional(),
    sequence: count(1, 'Tokens of a sample (the sequence length trained on): for the activations, tokens/s, and as compute.tokensPerSample when that gives neither flopsPerSample nor tokensPerSample.').optional(),
    recompute: z.enum(['none', 'selective', 'full']).optional().meta({ description: 'How the activations are kept for the backward pass (with layers): selective (default): the attention scores are recomputed (Megatron-LM\'s selective recomputation; FlashAttention keeps the same), 34 x sequence x hidden bytes per layer and sequence; none: they are kept too, + 5 x heads x sequence^2; full (activation checkpointing): only each layer\'s input, 2 x sequence x hidden, the layers recomputed in the backward pass. Split by tensor parallelism (with sequence parallelism); with pipeline stages, the first holds min(microbatches, stages) microbatches of its layers. Recomputing is not added to the time: with compute.tokensPerSample, efficiency is model FLOPs utilization, which counts it as lost.' }),
  }).optional().meta({ description: 'The model being trained. Its parameters give the gradients exchanged every step (parallelism.gradientBytes, unless given), the size of a checkpoint (its training state, unless checkpoint.size or checkpoint.parameters is given), and the training state each accelerator holds (weights, gradients, optimizer state; split by tensor and pipeline parallelism and sharded as parallelism.sharding says: ZeRO, SC 2020), with layers and hidden also the activations it holds; what does not fit in the accelerator\'s memory is refused; reported as stateBytesPerAccelerator and activationBytesPerAccelerator.' }),
  parallelism: strictObject({
    gradientBytes: qPos('size', 'Gradient bytes all-reduced every step (parameters x bytes per gradient, e.g. 25.6 M x 4 B for ResNet-50); default, with model: its parameters x the weights\' bytes.').optional(),
    allReduce: z.enum(['ring', 'tree', 'hierarchical']).optional().meta({ description: 'ring (default): every accelerator sends 2(P-1)/P of the gradients along a ring; tree: 2x the gradients per node, log2 N latency steps; hierarchical: a reduce-scatter inside the node over NVLink/PCIe, the shards all-reduced in a ring between nodes, then an all-gather inside the node, one after the other.' }),
    overlap: fraction('Fraction of the compute time the all-reduce can hide behind (the backward pass); default 0.').optional(),
    bucketSize: qPos('size', 'Instead of overlap: the gradients are all-reduced in buckets of this size as the backward pass produces them, one bucket after another (PyTorch DDP: bucket_cap_mb, 25 MiB by default; Horovod: the fusion buffer). The backward pass is the last backwardShare of the compute and produces the gradients at an even rate, so the last bucket is all-reduced after the compute ends, and a bucket waits for the one before it. Each bucket pays the algorithm\'s full latency.').optional(),
    backwardShare: fraction('With bucketSize, or sharding: full: the share of the compute time that is the backward pass (default 2/3: backward takes about twice the forward pass\'s FLOPs).').optional(),
    sharding: z.enum(['none', 'optimizer', 'gradients', 'node', 'full']).optional().meta({ description: 'How the data-parallel replicas share the training state (ZeRO stages, Rajbhandari et al., SC 2020, section 7; PyTorch FSDP). none (default; DDP): every replica holds all of it and the gradients are all-reduced. optimizer (ZeRO-1) and gradients (ZeRO-2), as DeepSpeed runs them: the gradients are reduce-scattered while the backward pass runs (as overlap or bucketSize say), each replica updates its shard, and the updated parameters are all-gathered after every replica\'s reduce-scatter, which the next step waits for: the bytes of an all-reduce, half of them exposed. full (ZeRO-3; FSDP FULL_SHARD): the parameters are all-gathered for the forward pass from the start of the step (prefetched behind it: what takes longer than the forward pass, the first 1 - backwardShare of the compute, delays the step; with bucketSize, in units of that size, FSDP\'s wrapped blocks: each unit computes once its parameters are gathered, so the first gather always shows) and again in the backward pass, where the gradients are reduce-scattered: 1.5 times the bytes of an all-reduce. node (FSDP HYBRID_SHARD): full sharding inside each node only, the gathers and reduce-scatters over the node\'s NVLink, and each accelerator\'s shard of the gradients all-reduced with the same position on the other nodes, behind the backward pass: the network carries an all-reduce\'s bytes, and each accelerator holds 1/(its node\'s accelerators) of the state. The collectives are rings (allReduce: ring).' }),
    parameterBytes: qPos('size', 'With sharding: the bytes of the parameters all-gathered (parameters x bytes per weight, e.g. 2 B in bf16; default gradientBytes). Unused with sharding: none, so a sweep over sharding can keep it.').optional(),
    tensor: count(1, 'Tensor-parallel group size: accelerators of one node that split each layer (default 1).').optional(),
    tensorBytes: qNonNeg('size', 'Bytes each tensor-parallel rank all-reduces per step (activations of its layers), over NVLink.').optional(),
    pipeline: count(1, 'Pipeline stages a model replica is split into (consecutive accelerators, then nodes; default 1).').optional(),
    activationBytes: qNonNeg('size', 'Bytes of activations one stage sends to the next per step (the same gradients come back).').optional(),
    microbatches: count(1, 'Microbatches per step in the pipeline (default 4 x stages); the bubble is (stages - 1) / microbatches of the compute.').optional(),
  }).optional().meta({ description: 'Parallel training: gradients all-reduced between data-parallel replicas every step (gradientBytes: the whole model\'s); optionally tensor and pipeline model parallelism inside each replica.' }),
  checkpoint: strictObject({
    everyEpochs: count(1, 'Write a checkpoint every N epochs.').optional(),
    afterEpoch: count(1, 'The first epoch that ends with a checkpoint (DLIO checkpoint_after_epoch; default: everyEpochs); then every everyEpochs epochs.').optional(),
    everySteps: count(1, 'Write a checkpoint every N steps (takes precedence).').optional(),
    interval: qPos('duration', 'Time-based checkpoints: write one at the end of the first step that ends at least this long after the previous checkpoint was written (or training began), e.g. "30 min" (as PyTorch Lightning\'s train_time_interval). Instead of everySteps and everyEpochs.').optional(),
    size: qPos('size', 'Bytes each writing rank writes (DLIO model_size).').optional(),
    parameters: z.number().positive({ message: 'must be greater than zero' }).optional().meta({ description: 'Instead of size: the model\'s parameters (e.g. 25.6e6 for ResNet-50); the checkpoint holds its training state (weights, optimizer state, and an fp32 master copy of lower-precision weights), written by rank 0, or split evenly over every accelerator of the job with writers: all (sharded, as FSDP / ZeRO-3 save).' }),
    weights: z.enum(['fp32', 'bf16', 'fp16']).optional().meta({ description: 'With parameters: the weights\' datatype (default fp32; bf16 / fp16: mixed precision, with an fp32 master copy).' }),
    optimizer: z.enum(['adam', 'sgd-momentum', 'sgd', 'none']).optional().meta({ description: 'With parameters: the optimizer whose fp32 state is saved (default adam: momentum and variance; fp32 + Adam is 12 B a parameter, fp16 + Adam 14).' }),
    to: z.string().meta({ description: 'Tier the checkpoint is written to ("pfs", "bb", "gpu/nvme").' }),
    from: z.string().optional().meta({ description: 'Tier of the training nodes the state is copied from (default: their host memory, the tier the loaders fill). "gpu/hbm" copies it from the accelerators\' memory, each writer over its own PCIe link: with to: "gpu/dram" and drainTo: "pfs" that is an asynchronous checkpoint (as PyTorch\'s async_save): training pauses only for the snapshot to host memory, and the write to storage runs behind it.' }),
    writers: z.enum(['rank0', 'all']).optional().meta({ description: 'rank0 (DLIO default): one rank writes; all: every accelerator writes its own.' }),
    drainTo: z.string().optional().meta({ description: 'Asynchronous drain: after each write to `to` (node NVMe, a burst buffer), copy the checkpoint to this lower tier in the background ("pfs", "s3").' }),
    restart: z.boolean().optional().meta({ description: 'The job resumes from a checkpoint: before training, every writer reads its checkpoint back (from drainTo if given, else from to).' }),
    keep: count(1, 'Checkpoints kept on `to`: once a checkpoint is written, the one `keep` before it is deleted (default: all are kept, as DLIO does). What `to` must hold, and what it costs.').optional(),
  }).optional().meta({ description: 'Checkpoints: training pauses on every node until the write to `to` is done; with drainTo the copy to a lower tier runs in the background.' }),
  evaluation: strictObject({
    samples: count(1, 'Samples in the evaluation set (DLIO: num_files_eval x num_samples_per_file); read from the dataset\'s tier, in files of their own.'),
    batchSize: count(1, 'Samples per evaluation step per accelerator (DLIO batch_size_eval; default loader.batchSize).').optional(),
    computeTime: qNonNeg('duration', 'Accelerator time per evaluation step (DLIO eval_time; default 0).').optional(),
    afterEpoch: count(1, 'The first epoch followed by an evaluation pass (DLIO eval_after_epoch; default 1).').optional(),
    everyEpochs: count(1, 'Then one every N epochs (DLIO epochs_between_evals; default 1).').optional(),
  }, 'Evaluation passes between epochs (DLIO workflow.evaluation): the loaders read the evaluation set and the accelerators compute on it; not counted in AU.').optional(),
  epochs: count(1, 'Epochs to train.').optional(),
  maxStepsPerEpoch: count(1, 'Cap on the training steps of each epoch (DLIO total_training_steps, which DLIO counts within each epoch\'s loop): an epoch reads only that many batches of the dataset (default: the whole dataset).').optional(),
  simulateEpochs: count(1, 'Epochs simulated in full; the rest are extrapolated from the last one (default: all when epochs <= 10, else 3).').optional(),
  simulateSteps: count(100, 'Steps simulated in each simulated epoch (at least 100, so the second half is past the start of the pipeline); the rest of the epoch is extrapolated from the second half of them (default: every step, or 2000 when an epoch has more than 50,000 steps, as one epoch of LLM pre-training; when its steps times the nodes exceed 500,000, about 500,000 node-steps\' worth, 300 to 2000). With checkpoints every K steps, the steps after the first half are made a whole number of checkpoint periods (at least one). Not with a node cache or checkpoints every N seconds.').optional(),
  gpuHourPrice: q('hourlyPrice', 'Price of one accelerator-hour, for the cost.').optional(),
  ensemble: count(1, 'Independent copies of this job (a hyper-parameter search), each on an equal share of the node group, reported one by one; they contend for storage and network.').optional(),
  minAU: fraction('Accelerator utilization a run must reach to count (MLPerf Storage: 0.9 unet3d/resnet50, 0.7 cosmoflow).').optional(),
}, 'AI training: data loading from storage feeding accelerators, with DLIO / MLPerf Storage semantics.');
export type AiTrainingSpec = z.output<typeof AiTrainingSpec>;

export const ReplaySpec = strictObject({
  kind: z.literal('replay'),
  id: identifier.meta({ description: 'Name of the workload, unique in the scenario; results are reported under it.' }),
  trace: z.string().min(1).meta({ description: 'The trace to replay (path relative to this scenario): a binary .darshan log, darshan-parser or darshan-dxt-parser text, or a tiersim CSV / JSON Lines trace (docs/traces.md).' }),
  nodes: identifier.meta({ description: 'The node group the ranks run on.' }),
  ranksPerNode: count(1, 'Ranks on each node, in rank order (default: as recorded when the trace names hosts (DXT), else spread evenly over the group).').optional(),
  storage: z.string().meta({ description: 'Tier the files live on: "pfs", "bb", "compute/nvme" (each rank uses its own node\'s tier).' }),
  mounts: z.record(z.string(), z.string()).optional().meta({ description: 'Path prefix -> tier, for files elsewhere than storage: { "/tmp": "compute/dram" }. The longest matching prefix wins.' }),
  gaps: z.boolean().optional().meta({ description: 'Keep the recorded time between a rank\'s operations as compute time (default true); false replays the I/O back to back.' }),
}, 'Replay a recorded trace on this system: each rank\'s operations in the recorded order, with the recorded gaps as compute time.');
export type ReplaySpec = z.output<typeof ReplaySpec>;

const stageSpec = strictObject({
  from: z.string().meta({ description: 'Source tier ("pfs", or "compute/nvme": each node its own).' }),
  to: z.string().meta({ description: 'Destination tier.' }),
  size: qPos('size', 'Bytes in all.'),
  files: count(1, 'Files the size is split into (default 1); a tape recall mounts and locates each.').optional(),
  streams: count(1, 'Parallel streams (default: one per file).').optional(),
});

export const HpcSpec = strictObject({
  kind: z.literal('hpc'),
  id: identifier.meta({ description: 'Name of the workload, unique in the scenario; results are reported under it.' }),
  nodes: identifier.meta({ description: 'The node group the job runs on.' }),
  ranksPerNode: count(1, 'MPI ranks on each node (default 1).').optional(),
  steps: count(1, 'Compute steps of the whole run.'),
  stepTime: qPos('duration', 'Compute time of one step on every rank.'),
  halo: qNonNeg('size', 'Bytes each rank sends to its neighbours every step (half to each side of a ring of nodes).').optional(),
  allreduce: qNonNeg('size', 'Bytes all-reduced every step (ring over the nodes).').optional(),
  checkpoint: strictObject({
    everySteps: count(1, 'Write a checkpoint every N steps.'),
    sizePerRank: qPos('size', 'Bytes each rank writes.'),
    to: z.string().meta({ description: 'Tier the checkpoint is written to ("bb", "pfs", "s3", "compute/nvme").' }),
    layout: z.enum(['file-per-rank', 'shared']).optional().meta({ description: 'One file per rank (default) or one shared file striped over the tier.' }),
    drainTo: z.string().optional().meta({ description: 'Copy each checkpoint in the background to this lower tier (burst buffer -> PFS).' }),
    final: z.boolean().optional().meta({ description: 'Also checkpoint after the last step (default true).' }),
  }).optional().meta({ description: 'Periodic checkpoints; the job pauses until all ranks have written.' }),
  failures: strictObject({
    nodeMtbf: qPos('duration', 'Mean time between failures of one node; the job fails N times as often.').optional(),
    mtbf: qPos('duration', 'Mean time between failures of the whole job (instead of nodeMtbf).').optional(),
    downtime: qNonNeg('duration', 'Time from a failure to the restart read (rescheduling, replacement nodes); default 0.').optional(),
  }).optional().meta({ description: 'Node failures, exponential (from the seed); each rolls back to the last complete checkpoint.' }),
  stageIn: stageSpec.optional().meta({ description: 'Data copied before the job starts (DataWarp stage-in).' }),
  stageOut: stageSpec.optional().meta({ description: 'Data copied after the job ends (stage-out).' }),
  nodeHourPrice: q('hourlyPrice', 'Price of one node-hour (cloud instances), for the cost: nodes × the job\'s time.').optional(),
}, 'A bulk-synchronous HPC job: compute steps, halo exchange and all-reduce, periodic checkpoints, node failures with rollback.');
export type HpcSpec = z.output<typeof HpcSpec>;

export const RequestsSpec = strictObject({
  kind: z.literal('requests'),
  id: identifier.meta({ description: 'Name of the workload, unique in the scenario; results are reported under it.' }),
  from: z.string().meta({ description: 'Tier each request reads: "tape", "pfs", "s3", "compute/nvme" (node tiers: the nodes in turn).' }),
  to: z.string().meta({ description: 'Where the data goes: "compute/dram" (the group\'s nodes in turn), or a shared tier; it is consumed there, not stored.' }),
  size: qPos('size', 'Size of one request\'s file (the mean, with sizeDistribution).'),
  sizeDistribution: z.enum(['fixed', 'exponential', 'lognormal']).optional().meta({ description: 'How file sizes vary around `size`: fixed (default), exponential, or lognormal with sizeSpread as its coefficient of variation; drawn from the seed.' }),
  sizeSpread: z.number().positive({ message: 'must be greater than zero' }).max(100, { message: 'must be at most 100' }).optional().meta({ description: 'lognormal: coefficient of variation of the sizes (standard deviation / mean).' }),
  rate: qPos('frequency', 'Mean arrival rate of the requests, e.g. "6 /h" or "0.5 /s" (an open stream; or give clients).').optional(),
  arrivals: z.enum(['poisson', 'fixed']).optional().meta({ description: 'poisson (default): exponential times between arrivals, from the seed; fixed: one every 1/rate.' }),
  clients: count(1, 'A closed loop instead of a rate: this many clients, each thinking for thinkTime (exponential, from the seed), then making a request and waiting for it, again and again.').optional(),
  thinkTime: qNonNeg('duration', 'clients: mean time a client thinks between the end of a request and the next one (default 0: back to back).').optional(),
  count: count(1, 'Requests to issue (in all).'),
  files: count(1, 'Files the requests pick from at random (a file recalled before may still be on a mounted cartridge); default: every request its own file.').optional(),
  opSize: qPos('size', 'Size of one I/O operation (default 1 MiB).').optional(),
  start: qNonNeg('duration', 'Time of the first arrival (default 0).').optional(),
}, 'An open stream of requests (Poisson arrivals), each moving one file from a tier: the response time a tier gives under load (tape recalls, PFS or S3 reads). Bandwidth-shared tiers serve requests as processor sharing; tape drives first come, first served.');
export type RequestsSpec = z.output<typeof RequestsSpec>;

export const CheckpointingSpec = strictObject({
  kind: z.literal('checkpointing'),
  id: identifier.meta({ description: 'Name of the workload, unique in the scenario; results are reported under it.' }),
  dlio: z.string().optional().meta({ description: 'A DLIO / MLPerf Storage checkpoint workload file (workflow.train: False, checkpoint: True, as the llama3 files), path relative to this scenario: its transformer model gives the checkpoint size (weights and Adam state), its parallelism how the ranks share it, and its checkpoint section how many are written and read and how far apart. Fields here override it.' }),
  nodes: identifier.meta({ description: 'The node group whose ranks write the checkpoints.' }),
  ranksPerNode: count(1, 'Ranks (accelerators) on each node; each writes its shard of every checkpoint as one file.'),
  to: z.string().meta({ description: 'Tier the checkpoints are written to and read back from: shared ("pfs", "bb", "s3") or each node\'s own ("gpu/nvme").' }),
  from: z.string().optional().meta({ description: 'Host tier of the training nodes the state is written from and read back into (default: the node\'s dram tier). The ranks hold their shards there for the whole run, so they must fit in it (its peak used shows them).' }),
  size: qPos('size', 'Bytes of one whole checkpoint, all ranks together, split evenly over the ranks (default: from the DLIO file\'s model, sharded as its parallelism says).').optional(),
  worldRanks: count(1, 'The ranks here are the first of a job of this many, and write only their shards of its checkpoint (MLPerf Storage v2.0 "subset" mode: one host of a larger job; MLPerf\'s jobs: llama3-8b 8, 70b 64, 405b 512, 1t 1024 ranks). Default: the ranks here are the whole job.').optional(),
  writes: count(1, 'Checkpoints written, one after the other (DLIO num_checkpoints_write; default 1). Each is kept on the tier.').optional(),
  reads: count(0, 'Checkpoints then read back, newest first (DLIO num_checkpoints_read; default 0).').optional(),
  interval: qNonNeg('duration', 'Time between the end of a checkpoint write and the start of the next (DLIO time_between_checkpoints, in seconds there; default 0).').optional(),
}, 'Checkpointing alone, as the DLIO / MLPerf Storage v2.0 checkpoint workloads: every rank writes its shard of the training state at once, a checkpoint ending when the last rank is done; then checkpoints are read back. Reports the time and throughput of a checkpoint write and read, and what bounds them.');
export type CheckpointingSpec = z.output<typeof CheckpointingSpec>;

const WORKLOAD_SPECS = [TransfersWorkloadSpec, AiTrainingSpec, ReplaySpec, HpcSpec, RequestsSpec, CheckpointingSpec] as const;
/** The workload kinds a scenario may name (for did-you-mean). */
export const WORKLOAD_KINDS: readonly string[] = WORKLOAD_SPECS.map((s) => s.shape.kind.value);

export const WorkloadSpec = z.discriminatedUnion('kind', [...WORKLOAD_SPECS], {
  error: (i) => (i.code === 'invalid_union' ? 'unknown workload kind' : undefined),
});
export type WorkloadSpec = z.output<typeof WorkloadSpec>;

export const ScenarioSpec = strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1).max(200).meta({ description: 'Name of the scenario, shown in reports.' }),
  description: z.string().optional().meta({ description: 'Free text about the scenario.' }),
  seed: z.union([z.number().int(), z.string()]).optional().meta({ description: 'Seed of the random source (default 1).' }),
  until: qPos('duration', 'Stop the simulation at this time.').optional(),
  sharing: z.enum(['maxmin', 'rtt']).optional().meta({ description: 'Bandwidth sharing: pure max-min (default) or weighted by route latency.' }),
  system: SystemSpec,
  workloads: z.array(WorkloadSpec).optional().meta({ description: 'What runs on the system, all at once: transfers, ai-training, hpc, replay and requests workloads.' }),
}, 'A tiersim scenario.');
export type ScenarioSpec = z.output<typeof ScenarioSpec>;
