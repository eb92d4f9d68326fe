/**
 * Cross-reference checks of a tiersim scenario that the schema cannot express: unique ids,
 * references to tiers and moves that exist, a network where data must cross one, and sizes that fit.
 */
import type { Issue } from '../issues.ts';
import type { ScenarioSpec, TierSpec } from './schema.ts';
import { KIND_FIELDS } from './schema.ts';
import { didYouMean } from './messages.ts';
import { parseTierRef, type TierRef } from '../topology/tier-ref.ts';
import { formatBytes } from '../units/format.ts';
import { datasetBytes, prefetchBytes, prefetchSlots } from './dataset-size.ts';
import { checkpointShards, replicaRanks, trainingCheckpointSize } from './checkpoint-shards.ts';
import { replayLayout } from '../workloads/replay.ts';
import { bytesPerNode } from '../workloads/checkpointing.ts';
import { loadTraceCached } from '../traces/load.ts';

/** Gradient buckets a step at most (each is simulated: a model has at most some thousands of layers). */
const MAX_BUCKETS = 10_000;

/** The most files a transfers workload may move in all (each is simulated and kept on its tier). */
const MAX_FILES = 5_000_000;

type Found = Omit<Issue, 'file'>;

/** Fields a tier of each kind must have (after its catalog model is applied): any one alternative. */
const REQUIRED: Record<string, string[][]> = {
  hbm: [['readBandwidth', 'writeBandwidth'], ['bandwidth']],
  ssd: [['readBandwidth', 'writeBandwidth'], ['bandwidth']],
  nvmeof: [['readBandwidth', 'writeBandwidth'], ['bandwidth']],
  dram: [['sockets', 'bandwidthPerSocket'], ['readBandwidth', 'writeBandwidth'], ['bandwidth']],
  nvdimm: [['dimms', 'readBandwidthPerDimm', 'writeBandwidthPerDimm']],
  'burst-buffer': [['servers', 'serverReadBandwidth', 'serverWriteBandwidth']],
  pfs: [['osts', 'ostReadBandwidth', 'ostWriteBandwidth'], ['readBandwidth', 'writeBandwidth'], ['bandwidth']],
  tape: [['drives', 'driveRate', 'cartridgeCapacity']],
  'object-store': [['connectionBandwidth']],
};

function checkTier(t: TierSpec, path: (string | number)[], out: Found[]): void {
  const rec = t as Record<string, unknown>;
  for (const [field, kinds] of Object.entries(KIND_FIELDS)) {
    if (rec[field] !== undefined && !kinds.includes(t.kind)) {
      out.push({ path: [...path, field], message: `"${field}" applies to ${kinds.map((k) => `kind "${k}"`).join(' and ')}, not to "${t.kind}"`, hint: 'remove it, or change the kind' });
    }
  }
  const alts = REQUIRED[t.kind] ?? [];
  if (alts.length && !alts.some((a) => a.every((f) => rec[f] !== undefined))) {
    out.push({ path, message: `tier "${t.id}" (${t.kind}) needs ${alts.map((a) => a.join(' + ')).join(', or ')}`, hint: 'set them, or take them from the catalog with model: (see `tiersim models list --kind ' + t.kind + '`)' });
  }
}

/**
 * Cross-checks of a valid scenario: references between its parts (tiers, node groups, links, move
 * ids), ids, capacities, parallel layouts, network paths. With `referencesOnly`, only the checks of
 * names and ids, which make sense on a document that failed validation too (load.ts runs them on the
 * raw document then, so a typo in a tier name is reported with the structural problems, not after).
 */
export function checkScenario(spec: ScenarioSpec, referencesOnly = false): Issue[] {
  const out: Found[] = [];
  const refs = new Set<Found>();
  const refIssue = (f: Found) => {
    refs.add(f);
    out.push(f);
  };
  const sys = spec.system;
  (sys.nodes ?? []).forEach((g, i) => (g.tiers ?? []).forEach((t, j) => checkTier(t, ['system', 'nodes', i, 'tiers', j], out)));
  (sys.storage ?? []).forEach((t, i) => {
    checkTier(t, ['system', 'storage', i], out);
    if (t.kind === 'hbm' || t.kind === 'dram' || t.kind === 'nvdimm') out.push({ path: ['system', 'storage', i, 'kind'], message: `a ${t.kind} tier belongs on a node, not in shared storage`, hint: 'move it under system.nodes[].tiers' });
  });
  const groups = new Map<string, { count: number; tiers: Map<string, number | undefined>; nic: boolean }>();
  /** Node tiers that are caches ("group/tier"): what they hold comes and goes. */
  const cacheTiers = new Set<string>();
  (sys.nodes ?? []).forEach((g, i) => {
    if (groups.has(g.id)) refIssue({ path: ['system', 'nodes', i, 'id'], message: `duplicate node group id "${g.id}"`, hint: 'node group ids must be unique' });
    const tiers = new Map<string, number | undefined>();
    (g.tiers ?? []).forEach((t, j) => {
      if (tiers.has(t.id)) refIssue({ path: ['system', 'nodes', i, 'tiers', j, 'id'], message: `duplicate tier id "${t.id}" in node group "${g.id}"` });
      tiers.set(t.id, t.capacity);
    });
    if (!groups.has(g.id)) groups.set(g.id, { count: g.count ?? 1, tiers, nic: g.nic !== undefined });
    for (const t of g.tiers ?? []) if (t.cache) cacheTiers.add(`${g.id}/${t.id}`);
  });
  const shared = new Map<string, { capacity: number | undefined; attach: boolean }>();
  (sys.storage ?? []).forEach((t, i) => {
    if (shared.has(t.id)) refIssue({ path: ['system', 'storage', i, 'id'], message: `duplicate storage id "${t.id}"` });
    if (groups.has(t.id)) refIssue({ path: ['system', 'storage', i, 'id'], message: `storage id "${t.id}" is also a node group id`, hint: 'give shared storage and node groups distinct names' });
    if (!shared.has(t.id)) shared.set(t.id, { capacity: t.capacity, attach: t.attach !== undefined });
  });
  const linkIds = new Set<string>();
  (sys.links ?? []).forEach((l, i) => {
    if (linkIds.has(l.id)) refIssue({ path: ['system', 'links', i, 'id'], message: `duplicate link id "${l.id}"` });
    linkIds.add(l.id);
  });
  const endpoints = [...shared.keys(), ...[...groups].flatMap(([g, v]) => Array.from({ length: Math.min(v.count, 4096) }, (_, k) => `${g}[${k}]`))];
  const endpointSet = new Set(endpoints);
  (sys.routes ?? []).forEach((r, i) => {
    for (const end of ['src', 'dst'] as const) {
      if (!endpointSet.has(r[end])) refIssue({ path: ['system', 'routes', i, end], message: `unknown endpoint "${r[end]}"`, hint: didYouMean(r[end], endpoints, 'endpoint') });
    }
    r.links.forEach((l, j) => {
      if (!linkIds.has(l)) refIssue({ path: ['system', 'routes', i, 'links', j], message: `route goes through a missing link "${l}"`, hint: didYouMean(l, [...linkIds], 'link') });
    });
  });

  const allTierNames = [...shared.keys(), ...[...groups].flatMap(([g, v]) => [...v.tiers.keys()].map((t) => `${g}/${t}`))];
  const resolve = (text: string, path: (string | number)[]): TierRef | undefined => {
    const ref = parseTierRef(text);
    if (!ref) {
      refIssue({ path, message: `"${text}" is not a tier reference`, hint: 'write "pfs" for shared storage, "compute/nvme" for a tier on every node of a group, or "compute[0]/nvme"' });
      return undefined;
    }
    if (ref.group === undefined) {
      if (!shared.has(ref.tier)) {
        refIssue({ path, message: `unknown storage "${ref.tier}"`, hint: didYouMean(ref.tier, allTierNames, 'tier') });
        return undefined;
      }
      return ref;
    }
    const g = groups.get(ref.group);
    if (!g) {
      refIssue({ path, message: `unknown node group "${ref.group}"`, hint: didYouMean(ref.group, [...groups.keys()], 'node group') });
      return undefined;
    }
    if (ref.index !== undefined && ref.index >= g.count) {
      refIssue({ path, message: `node ${ref.group}[${ref.index}] does not exist: the group has ${g.count} node${g.count === 1 ? '' : 's'}`, hint: `indices run from 0 to ${g.count - 1}` });
      return undefined;
    }
    if (!g.tiers.has(ref.tier)) {
      refIssue({ path, message: `node group "${ref.group}" has no tier "${ref.tier}"`, hint: didYouMean(ref.tier, [...g.tiers.keys()], 'tier') });
      return undefined;
    }
    return ref;
  };
  const needsNetwork = (a: TierRef, b: TierRef): boolean =>
    a.group === undefined || b.group === undefined || a.group !== b.group || (a.index !== b.index);
  const netPort = sys.network && (sys.network.linkBandwidth ?? sys.network.injectionBandwidth) !== undefined;
  const hasPath = (r: TierRef): boolean => (r.group === undefined ? shared.get(r.tier)!.attach : groups.get(r.group)!.nic || !!netPort);

  /** A shared tier the nodes of a group cannot reach: no explicit routes, and no attach link, node NIC or network. */
  const unreachable = (r: TierRef | undefined, g: { nic: boolean } | undefined): boolean =>
    r !== undefined && r.group === undefined && g !== undefined && (sys.routes ?? []).length === 0 && (!shared.get(r.tier)?.attach || !(g.nic || netPort) || sys.network === undefined);

  const workloadIds = new Set<string>();
  /** The checks every movement between two tiers needs: both exist, they differ, a network joins them. Returns the destination. */
  const checkMove = (fromRef: string, toRef: string, base: (string | number)[], what: string) => {
    const from = resolve(fromRef, [...base, 'from']);
    const to = resolve(toRef, [...base, 'to']);
    if (!from || !to) return null;
    if (from.group === undefined && to.group === undefined && from.tier === to.tier) out.push({ path: base, message: `${what} needs different source and destination tiers` });
    if (needsNetwork(from, to) && (sys.routes ?? []).length === 0 && (!hasPath(from) || !hasPath(to) || sys.network === undefined)) {
      const missing = [from, to].filter((r) => !hasPath(r)).map((r) => (r.group === undefined ? `storage "${r.tier}" has no "attach" link` : `node group "${r.group}" has no "nic" and the network gives no link bandwidth`));
      out.push({ path: base, message: `no network path from ${fromRef} to ${toRef}: ${missing.length ? missing.join(' and ') : 'the system has no network'}`, hint: 'add system.network (kind: star) and give the endpoints a nic / attach link' });
    }
    return to;
  };
  // Host memory the training workloads' loaders may hold, by node tier ("gpu/dram")
  const hostBuffers = new Map<string, { cap: number; bytes: number; ids: string[]; last: number }>();
  (spec.workloads ?? []).forEach((w, i) => {
    if (workloadIds.has(w.id)) refIssue({ path: ['workloads', i, 'id'], message: `duplicate workload id "${w.id}"` });
    workloadIds.add(w.id);
    if (w.kind === 'ai-training') {
      const base = ['workloads', i];
      const g = groups.get(w.nodes);
      if (!g) refIssue({ path: [...base, 'nodes'], message: `unknown node group "${w.nodes}"`, hint: didYouMean(w.nodes, [...groups.keys()], 'node group') });
      const from = resolve(w.dataset.location, [...base, 'dataset', 'location']);
      // the node group's host memory: where batches load unless dataset.to says otherwise
      const hostTier = g ? (sys.nodes ?? []).find((n) => n.id === w.nodes)?.tiers?.find((t) => t.kind === 'dram')?.id : undefined;
      if (g && w.dataset.to === undefined && hostTier === undefined) {
        out.push({ path: [...base, 'dataset'], message: `node group "${w.nodes}" has no dram tier to load batches into`, hint: 'add a dram tier to the node group, or say where batches go with dataset.to' });
      }
      const to = w.dataset.to !== undefined ? resolve(w.dataset.to, [...base, 'dataset', 'to']) : undefined;
      if (to && to.group !== w.nodes) out.push({ path: [...base, 'dataset', 'to'], message: 'batches must be loaded into a tier of the training nodes', hint: `use "${w.nodes}/<tier>"` });
      const copyTo = w.loader?.copyTo !== undefined ? resolve(w.loader.copyTo, [...base, 'loader', 'copyTo']) : undefined;
      if (copyTo && copyTo.group !== w.nodes) out.push({ path: [...base, 'loader', 'copyTo'], message: 'batches are copied to accelerator memory on the training nodes', hint: `use "${w.nodes}/<hbm tier>"` });
      else if (copyTo) {
        const kind = (sys.nodes ?? []).find((n) => n.id === w.nodes)?.tiers?.find((t) => t.id === copyTo.tier)?.kind;
        if (kind !== undefined && kind !== 'hbm') out.push({ path: [...base, 'loader', 'copyTo'], message: `"${w.loader!.copyTo}" is a ${kind} tier, not accelerator memory`, hint: 'copy to a tier of kind hbm (its moves from host tiers cross the node\'s pcie link)' });
      }
      const need: [unknown, string, string][] = [
        [w.dataset.samples, 'dataset.samples', 'samples'], [w.dataset.sampleSize, 'dataset.sampleSize', 'sampleSize'],
        [w.loader?.batchSize, 'loader.batchSize', 'batchSize'], [w.computeTime, 'computeTime', 'computeTime'], [w.epochs, 'epochs', 'epochs'],
      ];
      for (const [v, where] of need) if (v === undefined) out.push({ path: [...base, ...where.split('.')], message: `missing ${where}`, hint: 'give it here, or take it from a DLIO workload file with dlio:' });
      if (g && w.dataset.samples !== undefined && w.loader?.batchSize !== undefined) {
        const acc = g.count * w.acceleratorsPerNode;
        if (w.loader.batchSize * acc > w.dataset.samples) {
          out.push({ path: [...base, 'loader', 'batchSize'], message: `one step needs ${w.loader.batchSize} x ${acc} accelerators = ${w.loader.batchSize * acc} samples, more than the dataset's ${w.dataset.samples}`, hint: 'a batch larger than the dataset leaves no full step: use fewer accelerators, a smaller batch or a larger dataset' });
        }
      }
      // The dataset lives on its tier (on each node's, for a node tier): it must fit there.
      if (from && w.dataset.samples !== undefined && w.dataset.sampleSize !== undefined && !(from.group !== undefined && cacheTiers.has(`${from.group}/${from.tier}`))) {
        const cap = from.group === undefined ? shared.get(from.tier)?.capacity : groups.get(from.group)?.tiers.get(from.tier);
        const evalSamples = w.evaluation?.samples ?? 0;
        const bytes = datasetBytes({ ...w.dataset, samples: w.dataset.samples + evalSamples });
        const what = `${w.dataset.samples.toLocaleString('en-US')} samples${evalSamples ? ` and ${evalSamples.toLocaleString('en-US')} for evaluation` : ''}`;
        if (cap !== undefined && bytes > cap * (1 + 1e-12)) out.push({ path: [...base, 'dataset', 'samples'], message: `the dataset (${what}, ${formatBytes(bytes)}) does not fit in ${w.dataset.location} (${formatBytes(cap)})`, hint: 'fewer samples, smaller samples, or a larger tier' });
      }
      // The loaders' prefetched batches are held in the tier they load into (host memory).
      if (g && w.dataset.sampleSize !== undefined && w.loader?.batchSize !== undefined) {
        const land = to ? to.tier : hostTier;
        const cap = land !== undefined ? g.tiers.get(land) : undefined;
        const slots = prefetchSlots(w.loader);
        const bytes = prefetchBytes(w.loader, w.dataset, w.acceleratorsPerNode);
        if (cap !== undefined && land !== undefined && bytes <= cap * (1 + 1e-12)) {
          // training workloads all start at once: those on the same nodes share their memory
          const shared = hostBuffers.get(`${w.nodes}/${land}`) ?? { cap, bytes: 0, ids: [], last: i };
          hostBuffers.set(`${w.nodes}/${land}`, { cap, bytes: shared.bytes + bytes, ids: [...shared.ids, w.id], last: i });
        }
        if (cap !== undefined && bytes > cap * (1 + 1e-12)) {
          out.push({ path: [...base, 'loader'], message: `the loaders' prefetched batches (${slots} batches of ${w.loader.batchSize} samples for each of ${w.acceleratorsPerNode} accelerators, and the samples their workers read: ${formatBytes(bytes)}${w.dataset.sampleSizeStdev ? ' with 4 standard deviations of the sample sizes\' spread' : ''}) do not fit in ${w.nodes}/${land} (${formatBytes(cap)})`, hint: 'fewer readThreads or a smaller prefetch or batchSize, or more host memory (copyBytesPerSample: the bytes a sample holds once decoded)' });
        }
      }
      if (w.simulateSteps !== undefined && (w.dataset.cache !== undefined || w.checkpoint?.interval !== undefined)) {
        out.push({ path: [...base, 'simulateSteps'], message: `part of an epoch cannot be extrapolated ${w.dataset.cache !== undefined ? 'with a node cache (what it holds changes through the epoch)' : 'with checkpoints every N seconds (when they fall depends on the time of the extrapolated steps)'}`, hint: `drop simulateSteps: every step is then simulated${w.dataset.cache === undefined ? '; or checkpoint every N steps (checkpoint.everySteps), which extrapolates' : ''}` });
      }
      const ev = w.evaluation;
      if (g && ev !== undefined) {
        const acc = g.count * w.acceleratorsPerNode, eb = ev.batchSize ?? w.loader?.batchSize;
        if (eb !== undefined && eb * acc > ev.samples) out.push({ path: [...base, 'evaluation', 'samples'], message: `one evaluation step needs ${eb} x ${acc} accelerators = ${eb * acc} samples, more than the evaluation set's ${ev.samples}`, hint: 'the pass would have no step: give more evaluation samples or a smaller evaluation batch' });
      }
      if (g && w.ensemble !== undefined && g.count % w.ensemble !== 0) out.push({ path: [...base, 'ensemble'], message: `an ensemble of ${w.ensemble} jobs cannot share the ${g.count} nodes of "${w.nodes}" equally`, hint: 'use a divisor of the node count' });
      if (w.computeTimeStdev !== undefined && w.computeTimeSpread !== undefined) out.push({ path: [...base, 'computeTimeSpread'], message: 'computeTimeStdev and computeTimeSpread both give the spread of the time per batch', hint: 'give one: computeTimeStdev as a duration, or computeTimeSpread as a fraction of computeTime' });
      const par = w.parallelism;
      if (par && par.bucketSize !== undefined && par.overlap !== undefined) out.push({ path: [...base, 'parallelism', 'overlap'], message: 'overlap and bucketSize both say how the all-reduce overlaps the backward pass', hint: 'give one: bucketSize (the gradients all-reduced in buckets as the backward pass produces them) or overlap (a fraction of the compute)' });
      // (a model that gives no parameters, by a name not in the catalog, is reported as that)
      if (par && par.gradientBytes === undefined && w.model === undefined) out.push({ path: [...base, 'parallelism', 'gradientBytes'], message: 'missing required key "gradientBytes"', hint: 'the bytes of gradients exchanged every step (parameters x bytes per gradient), or give the workload a model: { parameters: ... } to derive them' });
      if (par && par.bucketSize !== undefined && par.gradientBytes !== undefined && par.gradientBytes / par.bucketSize > MAX_BUCKETS) out.push({ path: [...base, 'parallelism', 'bucketSize'], message: `${formatBytes(par.gradientBytes)} of gradients in buckets of ${formatBytes(par.bucketSize)} is ${Math.ceil(par.gradientBytes / par.bucketSize).toLocaleString('en-US')} buckets a step, more than the ${MAX_BUCKETS.toLocaleString('en-US')} tiersim simulates`, hint: `a bucket holds one or more layers' gradients: use at least ${formatBytes(par.gradientBytes / MAX_BUCKETS)} (PyTorch DDP's default is 25 MiB)` });
      if (par && par.backwardShare !== undefined && par.bucketSize === undefined && par.sharding !== 'full') out.push({ path: [...base, 'parallelism', 'backwardShare'], message: 'backwardShare is used only with bucketSize or sharding: full', hint: 'give bucketSize too (PyTorch DDP\'s default bucket is 25 MiB), or leave backwardShare out' });
      const sharded = par?.sharding !== undefined && par.sharding !== 'none';
      if (par && par.sharding === 'node' && ((par.tensor ?? 1) > 1 || (par.pipeline ?? 1) > 1)) out.push({ path: [...base, 'parallelism', 'sharding'], message: 'sharding: node (FSDP HYBRID_SHARD) shards over a node\'s accelerators, which tensor or pipeline parallelism already split', hint: 'with model parallelism, shard over the replicas: sharding: optimizer, gradients or full' });
      if (par && sharded && par.allReduce !== undefined && par.allReduce !== 'ring') out.push({ path: [...base, 'parallelism', 'allReduce'], message: `sharded training (sharding: ${par.sharding}) reduce-scatters and all-gathers in rings; allReduce: ${par.allReduce} is an all-reduce algorithm`, hint: 'leave allReduce out (or give ring) with sharding' });
      if (par && g && ((par.tensor ?? 1) > 1 || (par.pipeline ?? 1) > 1)) {
        const T = par.tensor ?? 1, P = par.pipeline ?? 1, A = w.acceleratorsPerNode, total = g.count * A;
        if (A % T !== 0) out.push({ path: [...base, 'parallelism', 'tensor'], message: `a tensor-parallel group of ${T} does not divide the ${A} accelerators of a node`, hint: 'tensor parallelism stays inside a node: use a divisor of acceleratorsPerNode' });
        else if ((T * P) % A !== 0 && A % (T * P) !== 0) out.push({ path: [...base, 'parallelism', 'pipeline'], message: `a model replica of ${T} x ${P} = ${T * P} accelerators neither fills whole nodes of ${A} nor divides one`, hint: 'make tensor x pipeline a multiple or a divisor of acceleratorsPerNode' });
        else if (total % (T * P) !== 0) out.push({ path: [...base, 'parallelism'], message: `${total} accelerators are not a whole number of ${T * P}-accelerator model replicas`, hint: 'change the node count, tensor or pipeline' });
        if (P > 1 && par.activationBytes === undefined) out.push({ path: [...base, 'parallelism', 'activationBytes'], message: 'pipeline parallelism needs activationBytes', hint: 'the bytes one stage sends to the next per step, e.g. microbatches x sequence x hidden x 2 B' });
        if (T > 1 && par.tensorBytes === undefined) out.push({ path: [...base, 'parallelism', 'tensorBytes'], message: 'tensor parallelism needs tensorBytes', hint: 'the bytes each tensor-parallel rank all-reduces per step' });
      }
      if (w.dataset.cache !== undefined) {
        const c = resolve(w.dataset.cache, [...base, 'dataset', 'cache']);
        if (c && c.group !== w.nodes) out.push({ path: [...base, 'dataset', 'cache'], message: 'the cache must be a tier of the training nodes', hint: `e.g. "${w.nodes}/dram"` });
        else if (c && !(sys.nodes ?? []).find((n) => n.id === w.nodes)?.tiers?.find((t) => t.id === c.tier)?.cache) {
          out.push({ path: [...base, 'dataset', 'cache'], message: `tier ${w.dataset.cache} is not a cache`, hint: 'give that tier cache: true, so it evicts least-recently-used data when full' });
        }
      }
      if (w.checkpoint) {
        const ck = resolve(w.checkpoint.to, [...base, 'checkpoint', 'to']);
        if (ck && ck.group !== undefined && ck.group !== w.nodes) out.push({ path: [...base, 'checkpoint', 'to'], message: 'a node-local checkpoint tier must be on the training nodes', hint: `use "${w.nodes}/<tier>" or a shared tier` });
        if (w.checkpoint.size === undefined && w.checkpoint.parameters === undefined) out.push({ path: [...base, 'checkpoint', 'size'], message: 'missing checkpoint.size', hint: 'give the bytes each writing rank writes, or the model\'s parameters (checkpoint.parameters) for its training state, or take model_size from a DLIO file' });
        if (w.checkpoint.size !== undefined && w.checkpoint.parameters !== undefined) out.push({ path: [...base, 'checkpoint', 'parameters'], message: 'give size or parameters, not both', hint: 'size: the bytes each writer writes; parameters: the model, whose training state is the checkpoint' });
        if (w.checkpoint.parameters === undefined && (w.checkpoint.weights !== undefined || w.checkpoint.optimizer !== undefined)) out.push({ path: [...base, 'checkpoint', w.checkpoint.weights !== undefined ? 'weights' : 'optimizer'], message: 'weights and optimizer size a checkpoint only with parameters', hint: 'give checkpoint.parameters (e.g. 25.6e6), or drop them' });
        if (w.checkpoint.drainTo !== undefined) {
          const dr = resolve(w.checkpoint.drainTo, [...base, 'checkpoint', 'drainTo']);
          if (dr && dr.group !== undefined && dr.group !== w.nodes) out.push({ path: [...base, 'checkpoint', 'drainTo'], message: 'a node-local drain tier must be on the training nodes', hint: `use "${w.nodes}/<tier>" or a shared tier` });
          if (w.checkpoint.drainTo === w.checkpoint.to) out.push({ path: [...base, 'checkpoint', 'drainTo'], message: 'a checkpoint cannot drain to the tier it is written to', hint: 'drain node NVMe or a burst buffer to the parallel file system or S3' });
        }
        if (w.checkpoint.from !== undefined) {
          const fr = resolve(w.checkpoint.from, [...base, 'checkpoint', 'from']);
          if (fr && (fr.group !== w.nodes || fr.index !== undefined)) out.push({ path: [...base, 'checkpoint', 'from'], message: 'the state is copied from a tier of the training nodes', hint: `e.g. "${w.nodes}/hbm" (the accelerators' memory)` });
          else if (fr && ck && fr.group === ck.group && fr.tier === ck.tier) out.push({ path: [...base, 'checkpoint', 'to'], message: `a checkpoint must go to another tier than the one it is copied from (${w.checkpoint.from})`, hint: `e.g. from: ${w.nodes}/hbm, to: ${w.nodes}/dram, drainTo: a shared tier` });
        }
        if (w.checkpoint.everyEpochs === undefined && w.checkpoint.everySteps === undefined && w.checkpoint.interval === undefined) out.push({ path: [...base, 'checkpoint'], message: 'say how often: everyEpochs, everySteps or interval', hint: 'e.g. everyEpochs: 1, everySteps: 500 or interval: 30 min' });
        if (w.checkpoint.interval !== undefined && (w.checkpoint.everyEpochs !== undefined || w.checkpoint.everySteps !== undefined)) out.push({ path: [...base, 'checkpoint', 'interval'], message: `give one of interval, everySteps or everyEpochs (here also ${w.checkpoint.everySteps !== undefined ? 'everySteps' : 'everyEpochs'})`, hint: 'interval checkpoints by time, everySteps and everyEpochs by progress' });
        const cap = ck ? (ck.group === undefined ? shared.get(ck.tier)?.capacity : groups.get(ck.group)?.tiers.get(ck.tier)) : undefined;
        const perWriter = trainingCheckpointSize(w.checkpoint, (g?.count ?? 1) * w.acceleratorsPerNode);
        if (cap !== undefined && perWriter !== undefined && perWriter * (w.checkpoint.writers === 'all' ? w.acceleratorsPerNode : 1) > cap) {
          out.push({ path: [...base, 'checkpoint', w.checkpoint.size !== undefined ? 'size' : 'parameters'], message: `a checkpoint of ${formatBytes(perWriter)} per writer does not fit in ${w.checkpoint.to} (${formatBytes(cap)})`, hint: 'a checkpoint larger than the tier can never be written' });
        }
      }
      if (unreachable(from, g)) {
        out.push({ path: [...base, 'dataset', 'location'], message: `no network path from ${w.dataset.location} to the nodes of "${w.nodes}"`, hint: 'add system.network and the storage attach / node nic links' });
      }
    }
    if (w.kind === 'replay') {
      const base = ['workloads', i];
      const g = groups.get(w.nodes);
      if (!g) refIssue({ path: [...base, 'nodes'], message: `unknown node group "${w.nodes}"`, hint: didYouMean(w.nodes, [...groups.keys()], 'node group') });
      // the trace (read by the loader, which sets tracePath) must fit on the group's nodes
      const tracePath = (w as Record<string, unknown>).tracePath;
      if (g && typeof tracePath === 'string') {
        const { ranks, ranksPerNode } = replayLayout(loadTraceCached(tracePath), g.count, w.ranksPerNode);
        if (ranks > ranksPerNode * g.count) out.push({ path: [...base, w.ranksPerNode !== undefined ? 'ranksPerNode' : 'nodes'], message: `the trace's ${ranks.toLocaleString('en-US')} ranks do not fit on ${g.count.toLocaleString('en-US')} node${g.count === 1 ? '' : 's'} of "${w.nodes}" at ${ranksPerNode} per node`, hint: `give ranksPerNode ${Math.ceil(ranks / g.count)} or more, or more nodes in "${w.nodes}"` });
      }
      const refs: [string, (string | number)[]][] = [[w.storage, [...base, 'storage']], ...Object.entries(w.mounts ?? {}).map(([k, v]) => [v, [...base, 'mounts', k]] as [string, (string | number)[]])];
      for (const [text, path] of refs) {
        const r = resolve(text, path);
        if (r && r.group !== undefined && r.group !== w.nodes) out.push({ path, message: `a node-local tier must be on the replay's nodes ("${w.nodes}")`, hint: `use "${w.nodes}/<tier>" or a shared tier` });
        if (r && r.index !== undefined) out.push({ path, message: 'name the tier of every node ("group/tier"), not of one node', hint: `each rank uses the tier of its own node: "${r.group}/${r.tier}"` });
        if (unreachable(r, g)) {
          out.push({ path, message: `no network path from ${text} to the nodes of "${w.nodes}"`, hint: 'add system.network and the storage attach / node nic links' });
        }
      }
    }
    if (w.kind === 'hpc') {
      const base = ['workloads', i];
      const g = groups.get(w.nodes);
      if (!g) refIssue({ path: [...base, 'nodes'], message: `unknown node group "${w.nodes}"`, hint: didYouMean(w.nodes, [...groups.keys()], 'node group') });
      const refs: [string, (string | number)[]][] = [];
      if (w.checkpoint) {
        refs.push([w.checkpoint.to, [...base, 'checkpoint', 'to']]);
        if (w.checkpoint.drainTo !== undefined) refs.push([w.checkpoint.drainTo, [...base, 'checkpoint', 'drainTo']]);
        if (w.checkpoint.drainTo === w.checkpoint.to) out.push({ path: [...base, 'checkpoint', 'drainTo'], message: 'a checkpoint cannot drain to the tier it is written to', hint: 'drain a burst buffer to the parallel file system, e.g. to: bb, drainTo: pfs' });
      }
      for (const k of ['stageIn', 'stageOut'] as const) {
        const st = w[k];
        if (st) refs.push([st.from, [...base, k, 'from']], [st.to, [...base, k, 'to']]);
      }
      for (const [text, path] of refs) {
        const r = resolve(text, path);
        if (r && r.group !== undefined && r.group !== w.nodes) out.push({ path, message: `a node-local tier must be on the job's nodes ("${w.nodes}")`, hint: `use "${w.nodes}/<tier>" or a shared tier` });
        if (r && r.index !== undefined) out.push({ path, message: 'name the tier of every node ("group/tier"), not of one node', hint: `each node uses its own: "${r.group}/${r.tier}"` });
        if (unreachable(r, g)) {
          out.push({ path, message: `no network path from ${text} to the nodes of "${w.nodes}"`, hint: 'add system.network and the storage attach / node nic links' });
        }
      }
      if (w.failures && (w.failures.mtbf === undefined) === (w.failures.nodeMtbf === undefined)) {
        out.push({ path: [...base, 'failures'], message: 'give either nodeMtbf (per node) or mtbf (the whole job), not both or neither', hint: 'e.g. nodeMtbf: 5 years' });
      }
      if (g && g.count > 1 && (w.halo || w.allreduce) && !(g.nic || netPort) && (sys.routes ?? []).length === 0) {
        out.push({ path: [...base, 'halo'], message: `the nodes of "${w.nodes}" have no network to exchange over`, hint: 'add system.network with a link bandwidth, or a nic on the node group' });
      }
    }
    if (w.kind === 'checkpointing') {
      const base = ['workloads', i];
      const g = groups.get(w.nodes);
      if (!g) refIssue({ path: [...base, 'nodes'], message: `unknown node group "${w.nodes}"`, hint: didYouMean(w.nodes, [...groups.keys()], 'node group') });
      // (on a document that failed validation, as written: what is missing is reported by the schema)
      const to = typeof w.to === 'string' ? resolve(w.to, [...base, 'to']) : undefined;
      if (to && to.group !== undefined && to.group !== w.nodes) out.push({ path: [...base, 'to'], message: `a node-local checkpoint tier must be on the writing nodes ("${w.nodes}")`, hint: `use "${w.nodes}/<tier>" or a shared tier` });
      if (to && to.index !== undefined) out.push({ path: [...base, 'to'], message: 'name the tier of every node ("group/tier"), not of one node', hint: `each rank writes to its own node's: "${to.group}/${to.tier}"` });
      const node = (sys.nodes ?? []).find((n) => n.id === w.nodes);
      let from: TierRef | undefined;
      if (typeof w.from === 'string') {
        from = resolve(w.from, [...base, 'from']);
        if (from && (from.group !== w.nodes || from.index !== undefined)) out.push({ path: [...base, 'from'], message: 'the state is written from a tier of the writing nodes', hint: `e.g. "${w.nodes}/dram"` });
      } else {
        const dram = (node?.tiers ?? []).find((t) => t.kind === 'dram');
        if (dram) from = { group: w.nodes, tier: dram.id };
        else if (node) out.push({ path: base, message: `node group "${w.nodes}" has no dram tier to write the state from`, hint: 'add a dram tier to the node group, or say where the state is with from:' });
      }
      if (from && to && from.group === to.group && from.tier === to.tier) out.push({ path: [...base, 'to'], message: `checkpoints must go to another tier than the one the state is in (${w.from === undefined ? `by default the nodes' dram, ${w.nodes}/${from.tier}` : w.from})`, hint: 'write to node NVMe, a burst buffer, the parallel file system or S3' });
      if (unreachable(to, g)) {
        out.push({ path: [...base, 'to'], message: `no network path from the nodes of "${w.nodes}" to ${w.to}`, hint: 'add system.network and the storage attach / node nic links' });
      }
      if (g && Number.isInteger(w.ranksPerNode) && w.ranksPerNode > 0) {
        const ranks = g.count * w.ranksPerNode;
        const shards = checkpointShards(w, ranks);
        const mp = replicaRanks(w);
        if ((w as Record<string, unknown>).dlioSubset === true && w.worldRanks === undefined && w.size === undefined) out.push({ path: [...base, 'worldRanks'], message: 'the DLIO file checkpoints in subset mode (one host of a larger job): say how large the job is', hint: 'give worldRanks (MLPerf Storage v2.0: llama3-8b 8, 70b 64, 405b 512, 1t 1024 ranks)' });
        else if (!shards) out.push({ path: [...base, 'size'], message: 'missing size', hint: 'give the bytes of one whole checkpoint, or a DLIO checkpoint file (dlio:) whose model gives them' });
        else if (w.worldRanks !== undefined && w.worldRanks < ranks) out.push({ path: [...base, 'worldRanks'], message: `a job of ${w.worldRanks} ranks cannot have ${ranks} ranks here`, hint: 'worldRanks is the whole job\'s rank count, at least nodes x ranksPerNode' });
        else if ((w.worldRanks ?? ranks) % mp !== 0) out.push({ path: [...base, w.worldRanks !== undefined ? 'worldRanks' : 'ranksPerNode'], message: `${w.worldRanks ?? ranks} ranks are not a whole number of model replicas of tensor x pipeline = ${mp} ranks (the DLIO file's parallelism)`, hint: `use a multiple of ${mp} ranks (MLPerf Storage v2.0 runs its llama3 checkpoints at tensor x pipeline x data ranks), give worldRanks for one host of a larger job (subset mode), or give size to split evenly` });
        else {
          const perNode = Math.max(...bytesPerNode(shards.rankBytes, w.ranksPerNode, g.count));
          // the training state is in the nodes' memory for the whole run (what is written and read back)
          const host = from?.group !== undefined ? g.tiers.get(from.tier) : undefined;
          if (host !== undefined && perNode > host * (1 + 1e-12)) out.push({ path: [...base, w.from !== undefined ? 'from' : 'ranksPerNode'], message: `the training state of a node's ${w.ranksPerNode} ranks, ${formatBytes(perNode)}, does not fit in its ${from!.tier} (${formatBytes(host)})`, hint: 'the ranks hold their shards in host memory: give the nodes more memory, or spread the ranks over more nodes' });
          const cap = to === null || to === undefined ? undefined : to.group === undefined ? shared.get(to.tier)?.capacity : g.tiers.get(to.tier);
          const writes = w.writes ?? 1;
          const perTier = to?.group === undefined ? shards.rankBytes.reduce((a, b) => a + b, 0) : perNode;
          if (to && cap !== undefined && perTier * writes > cap * (1 + 1e-12)) {
            out.push({ path: [...base, w.writes !== undefined ? 'writes' : 'to'], message: `${writes} checkpoint${writes === 1 ? '' : 's'} of ${formatBytes(perTier)}${to.group === undefined ? '' : ' per node'} do${writes === 1 ? 'es' : ''} not fit in ${w.to} (${formatBytes(cap)})`, hint: 'every checkpoint is kept: write fewer, or give the tier more capacity' });
          }
        }
      }
    }
    if (w.kind === 'transfers') {
      const moveIds = new Set<string>();
      w.moves.forEach((m, j) => {
        if (m.id !== undefined) {
          if (moveIds.has(m.id)) refIssue({ path: ['workloads', i, 'moves', j, 'id'], message: `duplicate move id "${m.id}"` });
          moveIds.add(m.id);
        }
      });
      w.moves.forEach((m, j) => {
        const base = ['workloads', i, 'moves', j];
        if (m.after !== undefined && !moveIds.has(m.after)) refIssue({ path: [...base, 'after'], message: `no move with id "${m.after}" in this workload`, hint: didYouMean(m.after, [...moveIds], 'move id') });
        if (m.after !== undefined && m.after === m.id) refIssue({ path: [...base, 'after'], message: 'a move cannot wait for itself' });
        const to = checkMove(m.from, m.to, base, 'a move');
        const cap = to === null ? undefined : to.group === undefined ? shared.get(to.tier)?.capacity : groups.get(to.group)?.tiers.get(to.tier);
        if (cap !== undefined && m.size > cap) {
          out.push({ path: [...base, 'size'], message: `moving ${formatBytes(m.size)} into ${m.to} needs more than its capacity of ${formatBytes(cap)}`, hint: 'reduce the size or give the tier more capacity' });
        }
      });
      // Every file of every node's move is simulated (and kept on its tier) one by one: past a few
      // million the run would exhaust memory (about 350 B a file) rather than answer.
      const nodesOf = (ref: string) => {
        const r = parseTierRef(ref);
        return r?.group !== undefined ? (r.index !== undefined ? 1 : groups.get(r.group)?.count ?? 1) : 1;
      };
      const files = w.moves.reduce((n, m) => n + (m.files ?? 1) * Math.max(nodesOf(m.from), nodesOf(m.to)), 0);
      if (files > MAX_FILES) out.push({ path: ['workloads', i, 'moves'], message: `${files.toLocaleString('en-US')} files in all (files x the nodes each move runs on), more than tiersim simulates one by one (${MAX_FILES.toLocaleString('en-US')})`, hint: 'the bytes move the same in fewer, larger files: give fewer files, or fewer nodes' });
    }
    if (w.kind === 'requests') {
      const base = ['workloads', i];
      checkMove(w.from, w.to, base, 'a request');
      if ((w.rate === undefined) === (w.clients === undefined)) out.push({ path: base, message: w.rate === undefined ? 'say how requests come: rate (an open stream) or clients (a closed loop)' : 'give rate or clients, not both', hint: 'rate: 6 /h for arrivals at random; clients: 16 (with thinkTime) for users who wait for each answer' });
      if (w.clients === undefined && (w.thinkTime !== undefined)) out.push({ path: [...base, 'thinkTime'], message: 'thinkTime applies to clients only', hint: 'add clients: N, or remove thinkTime' });
      if (w.clients !== undefined && w.arrivals !== undefined) out.push({ path: [...base, 'arrivals'], message: 'arrivals applies to an open stream (rate) only', hint: 'remove arrivals: clients arrive when they are done thinking' });
      if (w.sizeDistribution === 'lognormal' && w.sizeSpread === undefined) out.push({ path: [...base, 'sizeSpread'], message: 'a lognormal size distribution needs sizeSpread', hint: 'give the coefficient of variation of the sizes, e.g. sizeSpread: 0.5' });
      if (w.sizeSpread !== undefined && w.sizeDistribution !== 'lognormal') out.push({ path: [...base, 'sizeSpread'], message: 'sizeSpread applies to lognormal sizes only', hint: 'add sizeDistribution: lognormal, or remove sizeSpread' });
    }
  });
  for (const [tier, h] of hostBuffers) {
    if (h.ids.length < 2 || h.bytes <= h.cap * (1 + 1e-12)) continue;
    out.push({ path: ['workloads', h.last, 'loader'], message: `the training workloads ${h.ids.map((x) => `"${x}"`).join(', ')} run at once on the same nodes: their loaders' prefetched batches together need up to ${formatBytes(h.bytes)}, more than ${tier} (${formatBytes(h.cap)})`, hint: 'fewer readThreads, a smaller prefetch or batchSize, more host memory, or the workloads on separate node groups' });
  }
  return (referencesOnly ? out.filter((f) => refs.has(f)) : out) as Issue[];
}
