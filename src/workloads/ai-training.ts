/**
 * Workload "ai-training": data loading from storage feeding accelerators, with DLIO / MLPerf Storage
 * semantics. Each accelerator has `readThreads` loader workers that load whole batches (as PyTorch
 * DataLoader workers) into host memory, at most `prefetch` batches ahead per worker; the
 * accelerator takes a batch (waiting if none is ready: I/O stall) and computes for `computeTime`.
 * A loaded batch holds host memory (its samples decoded) until the accelerator takes it.
 * The pipeline restarts at each epoch. The accelerators of a node are alike and start together, so
 * each node is simulated once with flows of multiplicity acceleratorsPerNode (exact: identical
 * flows get identical rates).
 *
 * Accelerator utilization (MLPerf Storage): AU = compute time / run time, the first step's I/O left
 * out (v2.0 rule; ../shared/validation B.2).
 */
import { ShareClock, rankShares } from '../resources/sharing/share-clock.ts';
import { resourceClass } from '../resources/classes.ts';
import type { SimEvent } from '../engine/event.ts';
import type { RandomStream } from '../engine/random.ts';
import { Container } from '../engine/resources.ts';
import type { Flow, Constraint } from '../resources/sharing/maxmin.ts';
import type { StorageTier } from '../resources/storage-tier.ts';
import type { Node } from '../topology/system.ts';
import { parseTierRef } from '../topology/tier-ref.ts';
import type { Workload, WorkloadContext, WorkloadReport } from './context.ts';
import { filePath } from './move-file.ts';
import { formatDuration } from '../units/format.ts';

export interface AiTrainingParams {
  id: string;
  nodes: string;
  acceleratorsPerNode: number;
  accelerator?: string;
  location: string;
  to?: string;
  /** Node tier caching what the node read (LRU), and how data is assigned to nodes each epoch. */
  cache?: string;
  shuffle: 'global' | 'node' | 'none';
  samples: number;
  sampleSize: number;
  /** Standard deviation of the sample size (normal, clamped at 0); 0 or absent: every sample has the mean size. */
  sampleSizeStdev?: number;
  samplesPerFile: number;
  batchSize: number;
  readThreads: number;
  prefetch: number;
  preprocessTime: number;
  /** Training-process time to take a batch from a loader worker process (exposed every step; readThreads > 0). */
  handoffTime?: number;
  /** Accelerator-memory tier of the node the training process copies each batch to before computing, and the bytes per sample. */
  copyTo?: string;
  copyBytes?: number;
  /** Bytes a loaded sample holds in host memory (decoded: loader.copyBytesPerSample, else its size). */
  sampleMemory: number;
  /** One read per sample instead of one per batch. */
  readPerSample?: boolean;
  /** Bytes per read request (DLIO transfer_size); default a sample, at most 4 MiB. */
  readSize?: number;
  computeTime: number;
  /** Standard deviation of each accelerator's time per step (normal, clamped at 0); 0: every step takes computeTime. */
  computeTimeStdev?: number;
  epochs: number;
  /** Cap on the steps of each epoch (DLIO total_training_steps, counted within each epoch's loop). */
  maxStepsPerEpoch?: number;
  /** $ per accelerator-second (from gpuHourPrice). */
  gpuHourPrice?: number;
  /** Epochs simulated in full (the rest extrapolated from the last simulated one). */
  simulateEpochs: number;
  /**
   * Steps simulated in each simulated epoch; the rest of the epoch is extrapolated from the second
   * half of them. Default: every step, unless an epoch has more than AUTO_STEPS (then AUTO_SIMULATED).
   */
  simulateSteps?: number;
  minAU?: number;
  /** Name of the DLIO workload, when it came from one. */
  dlio?: string;
  /** What the input asked for that is not simulated (reported with the result). */
  warnings?: string[];
  /** Data-parallel gradient all-reduce every step. */
  parallelism?: {
    gradientBytes: number; allReduce: 'ring' | 'tree' | 'hierarchical'; overlap: number;
    /** How the replicas share the training state (ZeRO stages; FSDP): changes the collectives of a step. */
    sharding?: 'none' | 'optimizer' | 'gradients' | 'node' | 'full';
    /** With sharding: bytes of the parameters all-gathered (default gradientBytes). */
    parameterBytes?: number;
    /** Gradients all-reduced in buckets of this many bytes as the backward pass produces them (instead of overlap). */
    bucketSize?: number;
    /** With bucketSize: the backward pass's share of the compute time (default 2/3). */
    backwardShare?: number;
    /** Model parallelism: tensor-parallel group size (inside a node) and the bytes each TP rank all-reduces per step. */
    tensor?: number; tensorBytes?: number;
    /** Pipeline stages, bytes of activations sent from one stage to the next per step (gradients come back), microbatches per step. */
    pipeline?: number; activationBytes?: number; microbatches?: number;
  };
  /** Tokens of a sample (compute.tokensPerSample), for tokens/s. */
  tokensPerSample?: number;
  /** Training state each accelerator holds (from model:; reported only). */
  stateBytesPerAccelerator?: number;
  /** Activations each accelerator holds for the backward pass (model: layers and hidden), and how they are kept. */
  activationBytesPerAccelerator?: number;
  recompute?: 'none' | 'selective' | 'full';
  /** The accelerator's memory (catalog), reported beside it. */
  acceleratorMemory?: number;
  /** The job runs on these nodes of the group only (a member of an ensemble). */
  nodeSlice?: { start: number; count: number };
  /** Evaluation passes after some epochs (DLIO): eval samples read in batches, evalTime per step. */
  evaluation?: { afterEpoch: number; everyEpochs: number; samples: number; batchSize: number; computeTime: number };
  /** Synchronous checkpoints. */
  checkpoint?: { everyEpochs?: number; afterEpoch?: number; everySteps?: number; interval?: number; size: number; to: string; writers: 'rank0' | 'all'; drainTo?: string; restart?: boolean; keep?: number; from?: string };
}

interface NodeStats {
  start: number;
  end: number;
  compute: number;
  stall: number;
  /** Of the stall: copying batches to accelerator memory (copyTo). */
  copy: number;
  firstStall: number;
  checkpoint: number;
  communication: number;
  /** Waiting for the slowest replica's compute (computeTimeStdev). */
  straggler: number;
  /** Evaluation passes (reading the eval data and computing on it), outside training. */
  evaluation: number;
  epochEnds: number[];
  /** Per simulated epoch: [compute, stall, communication, checkpoint, straggler, evaluation] seconds. */
  perEpoch: [number, number, number, number, number, number][];
  /** Each checkpoint: the epoch (from 0) it was written in, and the seconds it paused this node. */
  checkpointTimes: [number, number][];
  /** Seconds of steps extrapolated within epochs so far (not simulated: the node's time runs ahead of the clock by this). */
  skipped: number;
}

/**
 * A node's nvlink and pcie links are per accelerator, as the catalog gives them (one device's figure:
 * NVLink 3 300 GB/s per A100, PCIe 4.0 x16 31 GB/s per GPU): `count` flows, one on each of that many
 * accelerators, each have a link of their own, so each weighs 1/count on the node's link constraint
 * (each reaches the link's rate; flows of other exchanges on the same accelerators share it).
 */
/** One exchange of a step for one node: its transfers on the network, the node's links and between replicas. */
interface ExchangePlan {
  local: Node['nvlink'];
  replicas: { bytes: number; route: { constraints: readonly Constraint[]; latency: number } | null; steps: number } | null;
  between: { route: { constraints: readonly Constraint[]; latency: number }; bytes: number; steps: number } | null;
  inside: { bytes: number; count: number } | null;
}

/** A node's exchanges in a step (see AiTrainingWorkload.exchanges). */
interface NodeExchanges {
  backward: ExchangePlan;
  forwardGather: ExchangePlan | null;
  afterGather: ExchangePlan | null;
  what: string;
}

function perAccelerator(count: number): readonly number[] {
  return (PER_ACCELERATOR[count] ??= [1 / count]);
}
/** perAccelerator's arrays, one per count (flows only read their coefficients). */
const PER_ACCELERATOR: (readonly number[])[] = [];

/** An epoch longer than this many steps is simulated in part by default (long single-epoch runs, as LLM pre-training)... */
const AUTO_STEPS = 50_000;
/** ...or one whose steps times the job's nodes exceed this (a simulated node-step costs 10-60 us: seconds)... */
const AUTO_NODE_STEPS = 500_000;
/** ...its first this many steps (fewer on many nodes: this many node-steps, but no fewer than AUTO_MIN_SIMULATED), the rest extrapolated from their second half. */
const AUTO_SIMULATED = 2_000;
const AUTO_MIN_SIMULATED = 300;

/**
 * Coefficients of a path taken by `n` accelerators as one group of flows, each over its own link:
 * the node's PCIe and NVLink constraints stand for one accelerator's link, so each flow uses 1/n of
 * the group's share of them; what the node shares (host memory, its NIC) keeps its coefficient.
 */
function ownLinkCoefs(node: Node, path: { constraints: readonly Constraint[]; coefs: ArrayLike<number> }, n: number): number[] {
  const own = new Set([node.pcie?.constraint, node.pcie?.reverse, node.nvlink?.constraint, node.nvlink?.reverse]);
  return Array.from(path.coefs, (c, i) => (own.has(path.constraints[i]!) ? c / n : c));
}

export class AiTrainingWorkload implements Workload {
  readonly kind = 'ai-training';
  readonly id: string;
  private readonly stats: NodeStats[] = [];
  private accelerators = 0;
  private stepsPerEpoch = 0;
  /** Steps the whole dataset makes in an epoch (stepsPerEpoch unless maxStepsPerEpoch cuts it). */
  private chunksPerEpoch = 0;
  private bytes = 0;
  /**
   * The gradient exchanges' time by what held the transfer that ended each of them (the last of a
   * node's parallel transfers to finish, or each phase of the hierarchical one): the critical path
   * of the exchange, which a share over all flows in flight can miss (a node's 7 NVLink edges in
   * flight beside its one network edge).
   */
  private readonly exchangeHeld = new Map<string, number>();
  /** What held the synchronous checkpoint writes (the drains run behind training: not counted). */
  private readonly checkpointShares = new ShareClock();
  /** What held the loaders' reads from storage (not from a cache) over the time they moved data. */
  private readonly shares = new ShareClock();
  /** Loader busy time, summed over batches: reading (from storage or a cache) and preprocessing. */
  private loaderRead = 0;
  private loaderPreprocess = 0;
  private checkpoints = 0;
  private checkpointBytes = 0;
  private readonly barriers = new Map<number, { arrived: number; release: SimEvent<unknown> }>();
  private nodeCount = 0;
  private nodes: Node[] = [];
  private readonly stepBarriers = new Map<number, { arrived: number; release: SimEvent<unknown>; scattered: number; gather: SimEvent<unknown> | null }>();
  private commBytes = 0;
  private cacheHits = 0;
  private cachedBytes = 0;
  private cacheReads = 0;
  private readonly orders = new Map<number, Int32Array>();
  private orderMatters = false;

  /** The parameters the workload was made with (an ensemble copies them). */
  get params(): AiTrainingParams {
    return this.p;
  }

  constructor(private readonly p: AiTrainingParams) {
    this.id = p.id;
  }

  start(ctx: WorkloadContext): SimEvent<unknown> {
    const group = ctx.system.groups.get(this.p.nodes) ?? [];
    const nodes = this.p.nodeSlice ? group.slice(this.p.nodeSlice.start, this.p.nodeSlice.start + this.p.nodeSlice.count) : group;
    this.nodeIndex = new Map(nodes.map((n, i) => [n.id, i]));
    this.accelerators = nodes.length * this.p.acceleratorsPerNode;
    this.chunksPerEpoch = Math.floor(this.p.samples / (this.p.batchSize * this.accelerators));
    this.stepsPerEpoch = Math.min(this.chunksPerEpoch, this.p.maxStepsPerEpoch ?? Infinity);
    ({ simulated: this.simulatedSteps, steadyFrom: this.steadyFrom } = this.stepsToSimulate(nodes.length));
    this.nodeCount = nodes.length;
    this.nodes = nodes;
    this.lastCheckpointEnd = ctx.sim.now;
    this.storeDataset(ctx, nodes);
    const training = ctx.sim.allOf(nodes.map((n) => ctx.sim.process(this.runNode(ctx, n), `${this.id}/${n.id}`)));
    const self = this;
    // The workload ends when training has and the last checkpoint drain (if any) has reached its tier.
    return ctx.sim.process((function* () {
      yield training;
      while (self.drains.length) yield self.drains.shift()!;
      self.drainEnd = ctx.sim.now;
    })(), `${this.id}/end`);
  }

  /**
   * The dataset (and its evaluation set) occupies its tier for the run (capacity, peak used, storage cost): the shared tier
   * once, or each node's tier when it is on the nodes. The copies of an ensemble share one dataset;
   * a cache tier is left alone (what it holds comes and goes).
   */
  private storeDataset(ctx: WorkloadContext, nodes: Node[]): void {
    const ref = parseTierRef(this.p.location)!;
    const tiers = ref.group === undefined ? [ctx.system.shared.get(ref.tier)!] : nodes[0]?.group === ref.group ? nodes.map((n) => n.tiers.get(ref.tier)!) : ctx.system.resolve(ref).slice(0, 1);
    const key = `${this.id.replace(/#\d+$/, '')}/dataset`;
    // the evaluation set lives beside the training set (DLIO: <data_folder>/valid next to train)
    const samples = this.p.samples + (this.p.evaluation?.samples ?? 0);
    for (const t of tiers) if (t && !t.isCache && !t.holds(key)) t.store(key, samples * this.p.sampleSize);
  }

  /** Steps simulated in each simulated epoch (stepsPerEpoch unless part of each epoch is extrapolated). */
  private simulatedSteps = 0;
  /** The simulated steps from this one on are the steady state the rest of each epoch is extrapolated from (-1: every step is simulated). */
  private steadyFrom = -1;

  /**
   * Within an epoch the steps after the first few hundred repeat (the pipeline is full, the same
   * bytes each step), so a long epoch can be simulated in part: simulateSteps, or AUTO_SIMULATED
   * when an epoch has more than AUTO_STEPS steps, or about AUTO_NODE_STEPS node-steps' worth when
   * its steps times the nodes exceed that. The rest is extrapolated from the second half of them,
   * which with checkpoints every K steps (the pattern then repeats every K steps) is made a whole
   * number of checkpoint periods, at least one. Not where a step can differ from the others later
   * in the epoch: a node cache filling, checkpoints every N seconds (when they fall depends on the
   * time the extrapolated steps take).
   */
  private stepsToSimulate(nodes: number): { simulated: number; steadyFrom: number } {
    const p = this.p, steps = this.stepsPerEpoch, all = { simulated: steps, steadyFrom: -1 };
    if (p.cache !== undefined || p.checkpoint?.interval !== undefined) return all;
    const auto = steps > AUTO_STEPS || steps * nodes > AUTO_NODE_STEPS;
    const byNodes = Math.min(AUTO_SIMULATED, Math.max(AUTO_MIN_SIMULATED, Math.round(AUTO_NODE_STEPS / Math.max(1, nodes))));
    const want = Math.max(100, p.simulateSteps ?? (auto ? byNodes : steps));
    if (want >= steps) return all;
    const steadyFrom = Math.floor(want / 2), k = p.checkpoint?.everySteps;
    const simulated = k === undefined ? want : steadyFrom + k * Math.max(1, Math.round((want - steadyFrom) / k));
    return simulated < steps ? { simulated, steadyFrom } : all;
  }

  private nodeIndex = new Map<string, number>();
  /** The node's position among this job's nodes. */
  private idx(node: Node): number {
    return this.nodeIndex.get(node.id)!;
  }

  /** Checkpoint drains in flight (background copies to checkpoint.drainTo). */
  private readonly drains: SimEvent<unknown>[] = [];
  private drainEnd = 0;
  private drained = 0;
  private restartTime = 0;

  /** A resumed job first reads its latest checkpoint back (from the drain tier if there is one). */
  private *restartRead(ctx: WorkloadContext, node: Node, host: StorageTier, st: NodeStats): Generator<SimEvent<any>, void, any> {
    const ck = this.p.checkpoint!;
    const writes = this.writers(node);
    const t0 = ctx.sim.now;
    if (writes > 0) {
      const src = ctx.system.tierFor(ck.drainTo ?? ck.to, node);
      const file = { key: `${this.id}/restart/${node.id}`, size: ck.size * writes, index: this.idx(node) };
      const path = filePath(ctx, src, host, file, Math.min(ck.size, 4 * 2 ** 20));
      yield ctx.fluid.transfer(ck.size, path.constraints, { coefs: path.coefs, latency: path.latency, cap: path.cap, weight: path.weight, count: writes });
      src.bytesRead += file.size;
      host.bytesWritten += file.size;
    }
    // Training starts when every node has its state back.
    let b = this.barriers.get(-1);
    if (!b) this.barriers.set(-1, (b = { arrived: 0, release: ctx.sim.event() }));
    if (++b.arrived === this.nodeCount) {
      b.release.succeed(undefined);
      this.lastCheckpointEnd = ctx.sim.now; // time-based checkpoints count from the resumed state
    }
    yield b.release;
    st.checkpoint += ctx.sim.now - t0;
    this.restartTime = Math.max(this.restartTime, ctx.sim.now - t0);
  }

  private endpoints(ctx: WorkloadContext, node: Node): { src: StorageTier; dst: StorageTier } {
    const ref = parseTierRef(this.p.location)!;
    const src = ref.group === undefined ? ctx.system.shared.get(ref.tier)! : node.group === ref.group ? node.tiers.get(ref.tier)! : ctx.system.resolve(ref)[0]!;
    const toRef = this.p.to !== undefined ? parseTierRef(this.p.to)! : null;
    const dst = toRef ? node.tiers.get(toRef.tier)! : [...node.tiers.values()].find((t) => t.kind === 'dram')!;
    return { src, dst };
  }

  private *runNode(ctx: WorkloadContext, node: Node): Generator<SimEvent<any>, void, any> {
    const { sim, fluid } = ctx;
    const p = this.p;
    const { src, dst } = this.endpoints(ctx, node);
    const st: NodeStats = { start: sim.now, end: sim.now, compute: 0, stall: 0, copy: 0, firstStall: 0, checkpoint: 0, communication: 0, straggler: 0, evaluation: 0, epochEnds: [], perEpoch: [], checkpointTimes: [], skipped: 0 };
    const ck = p.checkpoint;
    let stepCount = 0, ckIndex = 0;
    this.stats.push(st);
    const batchBytes = p.batchSize * p.sampleSize;
    const opSize = this.opSize();
    const nFiles = Math.max(1, Math.ceil(p.samples / p.samplesPerFile));
    const steps = this.stepsPerEpoch;
    const depth = p.prefetch * p.readThreads;
    const cache = p.cache !== undefined ? node.tiers.get(parseTierRef(p.cache)!.tier)! : null;
    // With a fixed shard that fits in the cache, the reading order cannot change anything.
    this.orderMatters = cache !== null && (p.shuffle === 'global' || cache.capacity < this.chunksPerEpoch * batchBytes * p.acceleratorsPerNode);
    const N = this.nodeCount;
    const step = this.stepDraw(ctx, node);
    const sizes = p.sampleSizeStdev ? sim.random.stream(`${this.id}/sizes/${node.id}`) : null;
    // The accelerators hold their training state (model:) in their memory for the run: the node's
    // accelerator-memory tier, when it has one, shows it as used.
    const hbm = p.stateBytesPerAccelerator !== undefined ? [...node.tiers.values()].find((t) => t.kind === 'hbm') : undefined;
    const state = hbm ? (p.stateBytesPerAccelerator! + (p.activationBytesPerAccelerator ?? 0)) * p.acceleratorsPerNode : 0;
    if (hbm) hbm.reserve(state, `the accelerators' training state${p.activationBytesPerAccelerator ? ' and activations' : ''}`);
    if (ck?.restart) yield* this.restartRead(ctx, node, dst, st);
    for (let epoch = 0; epoch < Math.min(p.simulateEpochs, p.epochs); epoch++) {
      const before: [number, number, number, number, number, number] = [st.compute, st.stall, st.communication, st.checkpoint, st.straggler, st.evaluation];
      const order = this.epochOrder(ctx, epoch);
      const free = new Container(sim, { capacity: Math.max(1, depth), init: depth, name: `${node.id} free batch slots` });
      const ready = new Container(sim, { capacity: Math.max(1, depth), init: 0, name: `${node.id} ready batches` });
      const cursor = { next: 0 };
      const self = this;
      // A batch holds host memory (its samples decoded) from the start of its read until the
      // training process has taken it (and copied it to the accelerator); a worker also holds the
      // sample it is reading (loadOne).
      const held = this.batchMemory(p.batchSize);
      // Loads the batch of step j: read (from the cache or the dataset), then preprocess.
      const loadOne = function* (j: number): Generator<SimEvent<any>, void, any> {
        dst.reserve(held, 'the loaders\' prefetched batches');
        {
          // The chunk (one step of this node's accelerators) this node reads at step j of the epoch.
          const chunk = p.shuffle === 'node' ? (order ? order[j]! : j) * N + self.idx(node) : order ? order[j * N + self.idx(node)]! : j * N + self.idx(node);
          const key = `${p.id}/chunk${chunk}`;
          const file = { key: `${p.id}/file${Math.floor((chunk * p.batchSize * p.acceleratorsPerNode) / p.samplesPerFile) % nFiles}`, size: batchBytes, index: chunk };
          const hit = cache !== null && cache.holds(key);
          self.cacheReads++;
          const from = hit ? cache! : src;
          if (hit) self.cacheHits++;
          const path = filePath(ctx, from, dst, file, opSize);
          const t0 = sim.now;
          const options = { coefs: path.coefs, latency: path.latency, cap: path.cap, weight: path.weight, count: p.acceleratorsPerNode, ...(hit ? {} : { shares: self.shares }) };
          let moved = 0;
          if (p.readPerSample) {
            // the worker reads its batch sample by sample (each sample pays the access latency)
            for (let k = 0; k < p.batchSize; k++) {
              const [each, all] = self.readBytes(1, sizes);
              moved += all;
              dst.reserve(all, 'the sample a loader reads');
              yield fluid.transfer(each, path.constraints, options);
              dst.unreserve(all);
            }
          } else {
            const [each, all] = self.readBytes(p.batchSize, sizes);
            moved = all;
            // a worker reads its batch's samples one after another: one sample's bytes at a time
            dst.reserve(all / p.batchSize, 'the sample a loader reads');
            yield fluid.transfer(each, path.constraints, options);
            dst.unreserve(all / p.batchSize);
          }
          from.bytesRead += moved;
          dst.bytesWritten += moved;
          if (!hit) self.bytes += moved;
          else self.cachedBytes += moved;
          if (cache !== null && !hit && cache.canCache(moved)) cache.store(key, moved); // (not when buffers fill the memory)
          const t1 = sim.now;
          self.loaderRead += t1 - t0;
          if (p.preprocessTime > 0) {
            yield* self.preprocess(ctx, node, p.batchSize, 'preprocess');
            self.loaderPreprocess += sim.now - t1;
          }
        }
      };
      const simulated = this.simulatedSteps, window = this.steadyFrom;
      let mark: [number, number, number, number, number, number, number, number] | null = null;
      this.startLoaders(ctx, node, 'loader', simulated, loadOne, free, ready, cursor);
      for (let s = 0; s < simulated; s++) {
        if (s === window) mark = [sim.now, st.compute, st.stall, st.copy, st.communication, st.straggler, st.checkpoint, st.checkpointTimes.length];
        const t0 = sim.now;
        // No loader workers (PyTorch num_workers=0): the training process loads each batch itself.
        if (p.readThreads === 0) yield* loadOne(cursor.next++);
        else {
          yield ready.get(1);
          // Taking the batch from the worker process happens on the training process, every step.
          if (p.handoffTime) yield sim.timeout(p.handoffTime);
        }
        // then the copy to accelerator memory (host -> device over PCIe), before the compute
        if (p.copyTo !== undefined) st.copy += yield* this.copyToDevice(ctx, node, dst, p.batchSize);
        dst.unreserve(held);
        const waited = sim.now - t0;
        st.stall += waited;
        if (epoch === 0 && s === 0) st.firstStall = waited;
        if (p.readThreads > 0) yield free.put(1);
        // Pipeline parallelism: activations flow between stages during the step; the fill and drain
        // of the pipeline (the bubble) leave the accelerators idle: counted as communication.
        const mp = this.modelParallel();
        const p2p = mp ? this.startPipelineTransfers(ctx, node, mp) : null;
        step.draw(stepCount);
        const allReduce = mp ? p.parallelism!.gradientBytes > 0 && mp.D > 1 : p.parallelism !== undefined;
        const reduce = allReduce ? this.startAllReduce(ctx, node, stepCount, step.slowest) : null;
        yield sim.timeout(step.slowest);
        st.compute += step.mean;
        const t1 = sim.now;
        if (mp) {
          if (mp.bubble > 0) yield sim.timeout(mp.bubble);
          if (p2p) yield p2p;
          if (mp.T > 1 && mp.tensorBytes > 0) yield this.tensorAllReduce(ctx, node, mp);
        }
        if (reduce) yield reduce;
        step.waited(st, stepCount, step.slowest - step.mean + (sim.now - t1));
        stepCount++;
        if (ck?.everySteps !== undefined && stepCount % ck.everySteps === 0) yield* this.checkpointNode(ctx, node, dst, ckIndex++, st);
        else if (ck?.interval !== undefined && this.intervalDue(stepCount, sim.now)) yield* this.checkpointNode(ctx, node, dst, ckIndex++, st);
      }
      if (mark) {
        // the epoch's other steps, as the steady-state ones: counted, not simulated; with
        // checkpoints every K steps, the steady steps span whole periods: the steps without their
        // checkpoints scale with the steps left, and each checkpoint left costs what one there did
        const rest = steps - simulated, f = rest / (simulated - window);
        const ckTime = st.checkpoint - mark[6], ckCount = st.checkpointTimes.length - mark[7];
        const k = ck?.everySteps;
        const ckRest = k !== undefined ? Math.floor((stepCount + rest) / k) - Math.floor(stepCount / k) : 0;
        const perCk = ckCount > 0 ? ckTime / ckCount : 0;
        st.skipped += f * (sim.now - mark[0] - ckTime) + ckRest * perCk;
        st.compute += f * (st.compute - mark[1]);
        st.stall += f * (st.stall - mark[2]);
        st.copy += f * (st.copy - mark[3]);
        st.communication += f * (st.communication - mark[4]);
        st.straggler += f * (st.straggler - mark[5]);
        st.checkpoint += ckRest * perCk;
        if (ckRest > 0) this.countCheckpoints(node, ckRest);
        stepCount += rest;
      }
      if (ck?.everySteps === undefined && this.epochCheckpoints(epoch + 1) > this.epochCheckpoints(epoch)) yield* this.checkpointNode(ctx, node, dst, ckIndex++, st);
      // DLIO's order: train, checkpoint, then (when due) an evaluation pass
      if (this.epochEvaluations(epoch + 1) > this.epochEvaluations(epoch)) yield* this.evaluationPass(ctx, node, src, dst, st, epoch);
      st.epochEnds.push(sim.now + st.skipped);
      st.perEpoch.push([st.compute - before[0], st.stall - before[1], st.communication - before[2], st.checkpoint - before[3], st.straggler - before[4], st.evaluation - before[5]]);
    }
    st.end = sim.now + st.skipped;
    if (hbm) hbm.unreserve(state);
  }

  /**
   * The order in which chunks (one step's data for one node) are read in an epoch, the same for all
   * nodes: node i takes entries i, N + i, 2N + i, ... (global), or its own shard's chunks (node:
   * entries are shard positions). Shuffled with the workload's seeded stream, except for `none`.
   * The order covers the whole dataset: with maxStepsPerEpoch an epoch reads only its first steps.
   * Null: the identity (nothing to shuffle, or no cache for the order to matter to).
   */
  private epochOrder(ctx: WorkloadContext, epoch: number): Int32Array | null {
    // Which chunk a node reads only matters for what its cache holds: without a cache no random
    // numbers are drawn (the result then does not depend on the seed).
    if (this.p.shuffle === 'none' || !this.orderMatters) return null;
    const key = epoch;
    let o = this.orders.get(key);
    if (o) return o;
    const N = this.nodeCount;
    const len = this.p.shuffle === 'node' ? this.chunksPerEpoch : this.chunksPerEpoch * N;
    const a = Array.from({ length: len }, (_, i) => i);
    ctx.sim.random.stream(`${this.id}/shuffle`).shuffle(a);
    o = Int32Array.from(a);
    this.orders.set(key, o);
    if (this.orders.size > 2) this.orders.delete(key - 2);
    return o;
  }

  /**
   * The gradient all-reduce of one step, started when the backward pass has produced the first
   * (1 - overlap) of the compute time; the returned event fires when every node has finished its
   * part (the all-reduce is collective). Per node: ring, 2(P-1)/P x B to the next node (P = all
   * accelerators) and the same over the node's NVLink/PCIe for each of its g-1 internal ring
   * edges; tree, 2B to the next node with 2 log2 N latency steps; hierarchical, 2(g-1)/g x B per
   * accelerator inside the node, then 2(N-1)/N x B between nodes.
   */
  /**
   * The model-parallel layout, or null for pure data parallelism: T tensor-parallel ranks inside a
   * node, P pipeline stages (consecutive accelerators, then consecutive nodes), D = accelerators /
   * (T x P) data-parallel replicas; the bubble of a step is (P - 1) / m of its compute.
   */
  private modelParallel(): { T: number; P: number; D: number; m: number; bubble: number; tensorBytes: number; activationBytes: number; replicaNodes: number; stagesPerNode: number } | null {
    const par = this.p.parallelism;
    if (!par || ((par.tensor ?? 1) === 1 && (par.pipeline ?? 1) === 1)) return null;
    const T = par.tensor ?? 1, P = par.pipeline ?? 1, A = this.p.acceleratorsPerNode;
    const m = par.microbatches ?? 4 * P;
    const D = Math.max(1, Math.floor((this.nodeCount * A) / (T * P)));
    return {
      T, P, D, m, bubble: P > 1 ? (this.p.computeTime * (P - 1)) / m : 0,
      tensorBytes: par.tensorBytes ?? 0, activationBytes: par.activationBytes ?? 0,
      replicaNodes: (T * P) / A, stagesPerNode: A / T,
    };
  }

  /** Tensor parallelism: every TP group ring-all-reduces tensorBytes per rank over the node's NVLink (or PCIe). */
  private tensorAllReduce(ctx: WorkloadContext, node: Node, mp: NonNullable<ReturnType<AiTrainingWorkload['modelParallel']>>): SimEvent<unknown> {
    const local = node.nvlink ?? node.pcie;
    if (!local) throw new Error(`tensor parallelism needs the node's nvlink or pcie link (node group "${this.p.nodes}")`);
    const bytes = (2 * (mp.T - 1) / mp.T) * mp.tensorBytes;
    this.commBytes += bytes * this.p.acceleratorsPerNode;
    return ctx.fluid.transfer(bytes, [local.constraint], { coefs: perAccelerator(this.p.acceleratorsPerNode), latency: 2 * (mp.T - 1) * local.latency, count: this.p.acceleratorsPerNode, id: `${this.id}/tp-allreduce/${node.id}` });
  }

  /**
   * Pipeline parallelism: the stage boundary that crosses from this node to the next node of its
   * replica carries activationBytes forward (and the same gradients back) per step for each of its
   * T tensor-parallel ranks, during the step's compute. Boundaries inside a node use its NVLink.
   */
  private startPipelineTransfers(ctx: WorkloadContext, node: Node, mp: NonNullable<ReturnType<AiTrainingWorkload['modelParallel']>>): SimEvent<unknown> | null {
    if (mp.P <= 1 || mp.activationBytes <= 0) return null;
    const { fluid, system, sim } = ctx;
    const parts: SimEvent<unknown>[] = [];
    // stage boundaries inside this node: (P - 1) per replica when replicas fit in a node, else between its stages
    const inNode = mp.replicaNodes < 1 ? (this.p.acceleratorsPerNode / (mp.T * mp.P)) * (mp.P - 1) : mp.stagesPerNode - 1;
    const local = node.nvlink ?? node.pcie;
    if (inNode > 0 && local) parts.push(fluid.transfer(2 * mp.activationBytes, [local.constraint], { coefs: perAccelerator(inNode * mp.T), latency: local.latency, count: inNode * mp.T, id: `${this.id}/pp-local/${node.id}` }));
    const pos = mp.replicaNodes >= 1 ? this.idx(node) % mp.replicaNodes : 0;
    if (mp.replicaNodes > 1 && pos < mp.replicaNodes - 1) {
      const next = this.nodes[this.idx(node) + 1]!;
      const fwd = system.route(node.id, next.id), back = system.route(next.id, node.id);
      if (!fwd || !back) throw new Error(`no network path between ${node.id} and ${next.id} for the pipeline`);
      parts.push(fluid.transfer(mp.activationBytes, fwd.constraints, { latency: fwd.latency, count: mp.T, id: `${this.id}/pp-fwd/${node.id}` }));
      parts.push(fluid.transfer(mp.activationBytes, back.constraints, { latency: back.latency, count: mp.T, id: `${this.id}/pp-bwd/${node.id}` }));
    }
    this.commBytes += parts.length ? 2 * mp.activationBytes * mp.T : 0;
    return parts.length ? sim.allOf(parts) : null;
  }

  /**
   * This node's compute time for each step. Without a spread, computeTime. With computeTimeStdev,
   * each accelerator draws N(computeTime, stdev), clamped at 0, from the node's own seeded stream;
   * when the step is synchronous (a gradient all-reduce or model parallelism across more than one
   * accelerator) the node's step lasts until its slowest accelerator is done (`slowest`, the max of
   * its draws; between nodes the all-reduce barrier waits for the slowest node) while the
   * accelerators computed `mean` on average. Without a collective, the node's accelerators are
   * simulated together and share one draw per step (the run's mean is right; their spread is not).
   *
   * `waited` books what the accelerators waited after computing, `mean`: the part the slowest
   * replica of the whole job (over all nodes) explains is straggling, the rest communication.
   */
  private stepDraw(ctx: WorkloadContext, node: Node): { mean: number; slowest: number; draw(step: number): void; waited(st: NodeStats, step: number, wait: number): void } {
    const p = this.p, sd = p.computeTimeStdev ?? 0, mu = p.computeTime;
    const slowestOf = this.slowestOfStep;
    const sync = sd > 0 && p.parallelism !== undefined && this.accelerators > 1;
    const out = {
      mean: mu, slowest: mu,
      draw: (_step: number): void => {},
      waited: (st: NodeStats, step: number, wait: number): void => {
        const lag = sync ? (slowestOf.get(step) ?? out.slowest) - out.mean : 0;
        const straggling = lag < wait ? lag : wait;
        st.straggler += straggling;
        st.communication += wait - straggling;
      },
    };
    if (!(sd > 0)) return out;
    const rng = ctx.sim.random.stream(`${this.id}/compute/${node.id}`);
    const members = sync ? p.acceleratorsPerNode : 1;
    out.draw = (step: number) => {
      let sum = 0, max = 0;
      for (let a = 0; a < members; a++) {
        const t = Math.max(0, rng.normal(mu, sd));
        sum += t;
        if (t > max) max = t;
      }
      out.mean = sum / members;
      out.slowest = max;
      if (!sync) return;
      // nodes are at most a step apart (the all-reduce is a barrier): keep two steps
      if (!(max <= (slowestOf.get(step) ?? -1))) slowestOf.set(step, max);
      slowestOf.delete(step - 2);
    };
    return out;
  }

  /** Host memory a loaded batch of `samples` samples holds on the node (every accelerator's). */
  private batchMemory(samples: number): number {
    return samples * this.p.sampleMemory * this.p.acceleratorsPerNode;
  }

  /**
   * The bytes of one read of `samples` samples by each of the node's accelerators, and by all of
   * them: `samples` x sampleSize each without a spread (`rng` null). With the sample-size spread each
   * accelerator's read is N(samples x mean, sqrt(samples) x stdev), clamped at 0 and rounded to whole
   * bytes, and the node's accelerators read, as one group, the mean of their draws. The bytes the
   * node moves are exact (the sum of the draws), and so is the time wherever its reads share a
   * bottleneck (all bytes move at the full rate until the last is through, whatever the sizes); what
   * is not modelled is a node waiting for its largest batch when each read is limited on its own (a
   * per-stream cap). Simulating the accelerators one by one would model that too, at up to nine
   * times the cost for the MLPerf cases, where it changes the AU by under 0.2%.
   */
  private readBytes(samples: number, rng: RandomStream | null): [each: number, all: number] {
    const p = this.p, n = p.acceleratorsPerNode, mu = p.sampleSize;
    if (rng === null) return [samples * mu, samples * mu * n];
    const sd = p.sampleSizeStdev!;
    let sum = 0;
    for (let a = 0; a < n; a++) sum += Math.max(0, Math.round(rng.normal(samples * mu, Math.sqrt(samples) * sd)));
    return [sum / n, sum];
  }

  /**
   * Each of the node's accelerators copies the tensors of `samples` samples from host memory (`from`)
   * to its memory (loader.copyTo) over the node's PCIe link, as one group; returns the time taken.
   * The path is made once per host tier (its flows then share one constraint array).
   */
  private *copyToDevice(ctx: WorkloadContext, node: Node, from: StorageTier, samples: number): Generator<SimEvent<any>, number, any> {
    const p = this.p, bytes = samples * p.copyBytes!;
    let path = this.copyPaths.get(from);
    if (path === undefined) {
      const move = ctx.system.movePath(from, node.tiers.get(parseTierRef(p.copyTo!)!.tier)!, 4 * 2 ** 20);
      // every accelerator copies over its own PCIe link; host memory is the node's, shared
      this.copyPaths.set(from, (path = { ...move, coefs: ownLinkCoefs(node, move, p.acceleratorsPerNode) }));
    }
    const t = ctx.sim.now;
    yield ctx.fluid.transfer(bytes, path.constraints, { coefs: path.coefs, latency: path.latency, cap: path.cap, count: p.acceleratorsPerNode });
    return ctx.sim.now - t;
  }

  private readonly copyPaths = new Map<StorageTier, ReturnType<WorkloadContext['system']['movePath']>>();

  /** The slowest accelerator's compute time of each recent step, over all nodes. */
  private readonly slowestOfStep = new Map<number, number>();

  /**
   * When each part of a step's gradients is all-reduced, as [offset into the step, share of the
   * gradients] pairs in one flat array. With `overlap` f: all of them at (1 - f) of the compute time.
   * With `bucketSize` (PyTorch DDP's buckets): the backward pass is the last `backwardShare` of the
   * compute and produces the gradients at an even rate, so a bucket is ready when the backward pass
   * has produced its last byte; the last bucket is ready when the compute ends.
   */
  private gradientBuckets(computeTime: number): number[] {
    const par = this.p.parallelism!, size = par.bucketSize;
    if (size === undefined) return [(1 - par.overlap) * computeTime, 1];
    const B = par.gradientBytes, backward = (par.backwardShare ?? 2 / 3) * computeTime;
    const n = Math.max(1, Math.ceil(B / size - 1e-9));
    const out: number[] = [];
    for (let k = 0; k < n; k++) {
      const done = k === n - 1 ? B : (k + 1) * size;
      out.push(computeTime - backward + backward * (done / B), (done - k * size) / B);
    }
    return out;
  }

  /**
   * One exchange between the data-parallel replicas, for each accelerator of `node`: `halves` ring
   * passes over X bytes of the whole model (an all-reduce is 2: a reduce-scatter and an all-gather,
   * each moving (R-1)/R of X past every ring member in R-1 latency steps; sharded training's
   * collectives are 1 each). With model parallelism, one ring per accelerator position across the D
   * replicas, each accelerator holding 1/(T x P) of the model (on the network when a replica fills
   * whole nodes, else on the node's NVLink). Without: the ring of all P accelerators crosses the
   * network once per node and the node's NVLink/PCIe at its g-1 internal edges; a tree moves 2X per
   * node in 2 log2 N latency steps; the hierarchical all-reduce's ring between nodes 2(N-1)/N of X.
   */
  private exchangePlan(ctx: WorkloadContext, node: Node, X: number, halves: number, collectives = 1): ExchangePlan {
    const par = this.p.parallelism!, mp = this.modelParallel();
    const N = this.nodeCount, g = this.p.acceleratorsPerNode, P = N * g;
    const local = node.nvlink ?? node.pcie;
    const routeTo = (k: number) => this.routeToNode(ctx, node, k);
    return {
      local,
      replicas: mp && mp.D > 1 ? { bytes: (halves * (mp.D - 1) / mp.D) * (X / (mp.T * mp.P)), route: mp.replicaNodes >= 1 && N > 1 ? routeTo(mp.replicaNodes) : null, steps: collectives * halves * (mp.D - 1) } : null,
      between: !mp && N > 1 ? {
        route: routeTo(1),
        bytes: par.allReduce === 'ring' ? (halves * (P - 1) / P) * X : par.allReduce === 'tree' ? 2 * X : (2 * (N - 1) / N) * X,
        steps: collectives * (par.allReduce === 'tree' ? 2 * Math.ceil(Math.log2(N)) : par.allReduce === 'ring' ? halves * (P - 1) : 2 * (N - 1)),
      } : null,
      inside: !mp && g > 1 && local ? {
        bytes: par.allReduce === 'hierarchical' ? (2 * (g - 1) / g) * X : (halves * (P - 1) / P) * X,
        count: par.allReduce === 'hierarchical' ? g : g - 1,
      } : null,
    };
  }

  /** The network route from `node` to the node `k` places after it in the job (a ring's next hop). */
  private routeToNode(ctx: WorkloadContext, node: Node, k: number): { constraints: readonly Constraint[]; latency: number } {
    const next = this.nodes[(this.idx(node) + k) % this.nodeCount]!;
    const route = ctx.system.route(node.id, next.id);
    if (!route) throw new Error(`no network path from ${node.id} to ${next.id} for the all-reduce`);
    return route;
  }

  /**
   * Sharding inside each node only (FSDP's HYBRID_SHARD): X bytes gathered or reduce-scattered in
   * a ring of the node's g accelerators over their NVLink/PCIe, (g-1)/g of X on each of its g
   * edges; with `between`, each accelerator's 1/g shard of the gradients (B) also all-reduced with
   * the same position on the other nodes: 2(N-1)/N of B through each node's network port.
   */
  private nodeShardPlan(ctx: WorkloadContext, node: Node, X: number, B: number): ExchangePlan {
    const N = this.nodeCount, g = this.p.acceleratorsPerNode, local = node.nvlink ?? node.pcie;
    return {
      local,
      replicas: null,
      between: B > 0 && N > 1 ? { route: this.routeToNode(ctx, node, 1), bytes: (2 * (N - 1) / N) * B, steps: 2 * (N - 1) } : null,
      inside: g > 1 && local ? { bytes: ((g - 1) / g) * X, count: g } : null,
    };
  }

  /**
   * The exchanges of a step for `node`, worked out once: as the backward pass runs, the gradients
   * all-reduced (sharding none), reduce-scattered (optimizer, gradients), or reduce-scattered with
   * the parameters gathered again for the backward pass (full: two collectives, each with its
   * latency steps); full also gathers the parameters for the forward pass, from the start of the
   * step; optimizer and gradients gather the updated parameters after every replica's reduce-scatter.
   */
  private exchanges(ctx: WorkloadContext, node: Node): NodeExchanges {
    let e = this.nodeExchanges.get(node);
    if (e) return e;
    const par = this.p.parallelism!, sharding = par.sharding ?? 'none', B = par.gradientBytes, Bp = par.parameterBytes ?? B;
    e = sharding === 'node' ? {
      // inside the node as full sharding does, and the shards' all-reduce between nodes with it
      backward: this.nodeShardPlan(ctx, node, B + Bp, B),
      forwardGather: this.nodeShardPlan(ctx, node, Bp, 0),
      afterGather: null,
      what: 'reducescatter',
    } : {
      backward: sharding === 'none' ? this.exchangePlan(ctx, node, B, 2) : sharding === 'full' ? this.exchangePlan(ctx, node, B + Bp, 1, 2) : this.exchangePlan(ctx, node, B, 1),
      forwardGather: sharding === 'full' ? this.exchangePlan(ctx, node, Bp, 1) : null,
      afterGather: sharding === 'optimizer' || sharding === 'gradients' ? this.exchangePlan(ctx, node, Bp, 1) : null,
      what: sharding === 'none' ? 'allreduce' : 'reducescatter',
    };
    this.nodeExchanges.set(node, e);
    return e;
  }

  private readonly nodeExchanges = new Map<Node, NodeExchanges>();

  /** Starts `share` of the plan's transfers for the node's accelerators; returns their events. */
  private startExchange(ctx: WorkloadContext, node: Node, pl: ExchangePlan, share: number, what: string): SimEvent<unknown>[] {
    const { fluid } = ctx, g = this.p.acceleratorsPerNode, local = pl.local;
    const parts: SimEvent<unknown>[] = [];
    if (pl.replicas) {
      const bytes = pl.replicas.bytes * share;
      if (pl.replicas.route) parts.push(fluid.transfer(bytes, pl.replicas.route.constraints, { latency: pl.replicas.steps * pl.replicas.route.latency, count: g, id: `${this.id}/dp-${what}/${node.id}` }));
      else if (local) parts.push(fluid.transfer(bytes, [local.constraint], { coefs: perAccelerator(g), latency: local.latency, count: g, id: `${this.id}/dp-${what}-local/${node.id}` }));
      if (pl.replicas.route || local) this.commBytes += bytes * g;
    }
    if (pl.between) {
      const bytes = share * pl.between.bytes;
      parts.push(fluid.transfer(bytes, pl.between.route.constraints, { latency: pl.between.steps * pl.between.route.latency, id: `${this.id}/${what}/${node.id}` }));
      this.commBytes += bytes;
    }
    if (pl.inside) {
      const bytes = share * pl.inside.bytes, count = pl.inside.count;
      parts.push(fluid.transfer(bytes, [local!.constraint], { coefs: perAccelerator(count), latency: local!.latency, count, id: `${this.id}/${what}-local/${node.id}` }));
      this.commBytes += bytes * count;
    }
    return parts;
  }

  /** Moves `share` of the plan, waits for all of it, and books the transfer that ended last as what held the exchange. */
  private *exchange(ctx: WorkloadContext, node: Node, pl: ExchangePlan, share: number, what: string): Generator<SimEvent<unknown>, void, unknown> {
    const parts = this.startExchange(ctx, node, pl, share, what);
    if (!parts.length) return;
    const t0 = ctx.sim.now;
    yield ctx.sim.allOf(parts);
    let last: Flow | null = null;
    for (const e of parts) {
      const f = e.value as Flow;
      if (last === null || f.ended > last.ended) last = f;
    }
    this.exchangeEndedBy(last!, ctx.sim.now - t0);
  }

  private startAllReduce(ctx: WorkloadContext, node: Node, step: number, computeTime: number): SimEvent<unknown> {
    const { sim, fluid } = ctx;
    const par = this.p.parallelism!;
    const N = this.nodeCount;
    let b = this.stepBarriers.get(step);
    if (!b) this.stepBarriers.set(step, (b = { arrived: 0, release: sim.event(), scattered: 0, gather: null }));
    const barrier = b;
    const self = this;
    let computeEnd = sim.now + computeTime;
    const stepStart = sim.now;
    const buckets = this.gradientBuckets(computeTime);
    const { backward, forwardGather, afterGather, what } = this.exchanges(ctx, node);
    const local = backward.local;
    const forwardTime = (1 - (par.backwardShare ?? 2 / 3)) * computeTime;
    sim.process((function* () {
      // The forward pass cannot finish before its parameters are gathered: what the gather takes
      // beyond the forward pass delays the backward pass, its buckets and the end of the compute.
      let shift = 0;
      if (forwardGather && par.bucketSize === undefined) {
        // the gather runs behind the forward pass, prefetched as it goes: only what outlasts the pass shows
        yield* self.exchange(ctx, node, forwardGather, 1, 'allgather');
        shift = Math.max(0, sim.now - (stepStart + forwardTime));
        computeEnd += shift;
      } else if (forwardGather) {
        // In units (FSDP's wrapped blocks, a bucket's worth of the model each): a unit computes once
        // its parameters are gathered and the unit before it is done; the gathers run one after the
        // other from the start of the step (prefetched), so the first one always shows.
        let forwardDone = stepStart;
        for (let k = 1; k < buckets.length; k += 2) {
          const share = buckets[k]!;
          yield* self.exchange(ctx, node, forwardGather, share, 'allgather');
          forwardDone = Math.max(forwardDone, sim.now) + forwardTime * share;
        }
        shift = Math.max(0, forwardDone - (stepStart + forwardTime));
        computeEnd += shift;
      }
      for (let k = 0; k < buckets.length; k += 2) {
        // bucket k/2: its share of the gradients is ready `at` into the step (the backward pass
        // produces them); it is exchanged then, after the buckets before it (one stream, in order)
        const at = stepStart + shift + buckets[k]!, share = buckets[k + 1]!;
        if (k === 0 || at > sim.now) yield sim.timeout(Math.max(0, at - sim.now));
        if (par.allReduce === 'hierarchical' && backward.between && backward.inside) {
          // one after the other: reduce-scatter inside the node, the shards all-reduced between the
          // nodes, all-gather inside the node (NCCL's hierarchical all-reduce)
          const { between, inside } = backward;
          for (const [bytes, inNode] of [[share * inside.bytes * 0.5, true], [share * between.bytes, false], [share * inside.bytes * 0.5, true]] as const) {
            const t0 = sim.now;
            const e = inNode
              ? fluid.transfer(bytes, [local!.constraint], { coefs: perAccelerator(inside.count), latency: local!.latency, count: inside.count, id: `${self.id}/allreduce-local/${node.id}` })
              : fluid.transfer(bytes, between.route.constraints, { latency: between.steps * between.route.latency, id: `${self.id}/allreduce/${node.id}` });
            self.commBytes += inNode ? bytes * inside.count : bytes;
            self.exchangeEndedBy((yield e) as Flow, sim.now - t0);
          }
        } else {
          // a ring or a tree pipelines its links: the node's edges and the network carry it at once
          yield* self.exchange(ctx, node, backward, share, what);
        }
      }
      // The last gradients leave only when this node's backward pass is done: nobody's all-reduce
      // completes before every node has finished computing (the slowest node sets the step).
      if (sim.now < computeEnd) yield sim.timeout(computeEnd - sim.now);
      if (afterGather) {
        // every replica updates its shard once all the gradients are reduced, then the updated
        // parameters are gathered: the next step waits for them
        if (!barrier.gather) barrier.gather = sim.event();
        const gather = barrier.gather;
        if (++barrier.scattered === N) gather.succeed(undefined);
        yield gather;
        yield* self.exchange(ctx, node, afterGather, 1, 'allgather');
      }
      if (++barrier.arrived === N) {
        barrier.release.succeed(undefined);
        self.stepBarriers.delete(step);
      }
    })(), `${this.id}/${node.id}/allreduce`);
    return barrier.release;
  }

  /**
   * A synchronous checkpoint: the writing ranks of this node write their state from host memory to
   * the checkpoint tier, then every node waits until all nodes are done (a barrier).
   */
  private *checkpointNode(ctx: WorkloadContext, node: Node, host: StorageTier, index: number, st: NodeStats): Generator<SimEvent<any>, void, any> {
    const ck = this.p.checkpoint!;
    const { sim, fluid } = ctx;
    const t0 = sim.now;
    const writes = this.writers(node);
    if (writes > 0) {
      const target = ctx.system.tierFor(ck.to, node);
      const file = { key: `${this.id}/checkpoint${index}/${node.id}`, size: ck.size * writes, index };
      target.store(file.key, file.size);
      // From host memory, or (checkpoint.from) from the accelerators' memory; every writer crosses
      // its own PCIe/NVLink link (when the path has one), as the loaders' copies to the device do
      const src = ck.from !== undefined ? ctx.system.tierFor(ck.from, node) : host;
      const path = filePath(ctx, src, target, file, Math.min(ck.size, 4 * 2 ** 20));
      const coefs = writes > 1 ? ownLinkCoefs(node, path, writes) : path.coefs;
      yield fluid.transfer(ck.size, path.constraints, { coefs, latency: path.latency, cap: path.cap, weight: path.weight, count: writes, shares: this.checkpointShares });
      src.bytesRead += file.size;
      target.bytesWritten += file.size;
      this.checkpointBytes += file.size;
      // retention: with this one complete, the one `keep` before it goes
      if (ck.keep !== undefined && index >= ck.keep) target.remove(`${this.id}/checkpoint${index - ck.keep}/${node.id}`);
      if (ck.drainTo) {
        // Asynchronous: the copy to the lower tier runs behind training.
        const low = ctx.system.tierFor(ck.drainTo, node);
        low.store(`${file.key}@drain`, file.size);
        const self = this;
        this.drains.push(sim.process((function* () {
          yield ctx.system.move(fluid, target, low, file.size, Math.min(ck.size, 4 * 2 ** 20));
          target.bytesRead += file.size;
          low.bytesWritten += file.size;
          self.drained += file.size;
        })(), `${this.id}/drain${index}/${node.id}`));
      }
    }
    let b = this.barriers.get(index);
    if (!b) this.barriers.set(index, (b = { arrived: 0, release: sim.event() }));
    if (++b.arrived === this.nodeCount) {
      b.release.succeed(undefined);
      this.checkpoints++;
      this.lastCheckpointEnd = sim.now;
    }
    yield b.release;
    st.checkpoint += sim.now - t0;
    st.checkpointTimes.push([st.perEpoch.length, sim.now - t0]);
  }

  /** How many of this node's accelerators write (and read back) a checkpoint. */
  private writers(node: Node): number {
    return this.p.checkpoint!.writers === 'all' ? this.p.acceleratorsPerNode : this.idx(node) === 0 ? 1 : 0;
  }

  /**
   * `n` checkpoints extrapolated, not simulated (their time is the caller's): written, and drained
   * when checkpoints drain, as the simulated ones are; counted once for the job.
   */
  private countCheckpoints(node: Node, n: number): void {
    const ck = this.p.checkpoint!, writes = this.writers(node);
    this.checkpointBytes += n * ck.size * writes;
    if (ck.drainTo) this.drained += n * ck.size * writes;
    if (this.idx(node) === 0) this.checkpoints += n;
  }

  /** When the last checkpoint was written by every node (the start, before the first). */
  private lastCheckpointEnd = 0;
  /** Time-based checkpoints: whether the step that just ended is due, decided once for all nodes. */
  private readonly due = new Map<number, { due: boolean; seen: number }>();

  /**
   * Whether a time-based checkpoint follows step `step` (counted over the run): the first node to end
   * the step decides, from the time since the last checkpoint was written, and every node follows
   * it, so all of them checkpoint after the same step (they wait for each other there).
   */
  private intervalDue(step: number, now: number): boolean {
    let d = this.due.get(step);
    if (!d) this.due.set(step, (d = { due: now - this.lastCheckpointEnd >= this.p.checkpoint!.interval! - 1e-9, seen: 0 }));
    if (++d.seen === this.nodeCount) this.due.delete(step);
    return d.due;
  }

  /** Bytes per read request of the loaders: loader.readSize, else a sample up to 4 MiB (DLIO's npz reads). */
  private opSize(): number {
    return this.p.readSize ?? Math.min(this.p.sampleSize, 4 * 2 ** 20);
  }

  /** `seconds` of gradient exchange ended with `flow`: they go to what held it (alike resources together). */
  private exchangeEndedBy(flow: Flow, seconds: number): void {
    const b = flow.bottleneck;
    if (!b || !(seconds > 0)) return;
    const key = resourceClass(b.id);
    this.exchangeHeld.set(key, (this.exchangeHeld.get(key) ?? 0) + seconds);
  }



  /**
   * Extrapolation past the simulated epochs: each later epoch repeats the last simulated one (the
   * steady state: caches warm, pipeline restarted as in every epoch), without its checkpoints; the
   * checkpoints of the later epochs each cost the mean measured checkpoint. Exact when the
   * simulated epochs reached the steady state (the test compares with full simulations).
   */
  private extrapolation(st: NodeStats): { extraTime: number; extra: [number, number, number, number, number, number]; extraEpochs: number; extraCheckpoints: number; extraEvaluations: number } {
    const p = this.p;
    const simulated = st.perEpoch.length;
    const extraEpochs = p.epochs - simulated;
    if (extraEpochs <= 0 || simulated === 0) return { extraTime: 0, extra: [0, 0, 0, 0, 0, 0], extraEpochs: 0, extraCheckpoints: 0, extraEvaluations: 0 };
    const last = st.perEpoch[simulated - 1]!;
    const lastDuration = st.epochEnds[simulated - 1]! - (simulated > 1 ? st.epochEnds[simulated - 2]! : st.start);
    const ck = p.checkpoint;
    // each later checkpoint costs what one did in the last simulated epoch (the steady state: a
    // checkpoint in the cold first epoch shares the storage with reads a warm cache later saves),
    // else the mean of all
    const inLast = st.checkpointTimes.filter(([e]) => e === simulated - 1);
    const pool = inLast.length ? inLast : st.checkpointTimes;
    const perCheckpoint = pool.length ? pool.reduce((a, [, t]) => a + t, 0) / pool.length : 0;
    const ckInLast = last[3];
    let extraCheckpoints = 0;
    // evaluation passes, like checkpoints: each later one costs the mean simulated one
    const doneEvals = this.epochEvaluations(simulated);
    const perEvaluation = doneEvals > 0 ? st.evaluation / doneEvals : 0;
    const extraEvaluations = this.epochEvaluations(p.epochs) - doneEvals;
    const steady = lastDuration - ckInLast - last[5];
    if (ck?.everySteps !== undefined) extraCheckpoints = Math.floor((p.epochs * this.stepsPerEpoch) / ck.everySteps) - this.checkpoints;
    else if (ck?.everyEpochs !== undefined) extraCheckpoints = this.epochCheckpoints(p.epochs) - this.epochCheckpoints(simulated);
    else if (ck?.interval !== undefined && this.stepsPerEpoch > 0) {
      // Time-based: the later epochs' time (without checkpoints), from the last checkpoint on, in
      // periods of the interval rounded up to whole steps of the last simulated epoch.
      const step = steady / this.stepsPerEpoch;
      const period = step > 0 ? Math.max(1, Math.ceil(ck.interval / step - 1e-9)) * step : ck.interval;
      const since = Math.max(0, st.end - this.lastCheckpointEnd);
      extraCheckpoints = Math.floor((since + extraEpochs * steady + extraEvaluations * perEvaluation) / period);
    }
    return {
      extraTime: extraEpochs * steady + extraCheckpoints * perCheckpoint + extraEvaluations * perEvaluation,
      extra: [extraEpochs * last[0], extraEpochs * last[1], extraEpochs * last[2], extraCheckpoints * perCheckpoint, extraEpochs * last[4], extraEvaluations * perEvaluation],
      extraEpochs,
      extraCheckpoints,
      extraEvaluations,
    };
  }

  /** Evaluation passes after epochs 1..e: at afterEpoch, then every everyEpochs (DLIO's eval_after_epoch, epochs_between_evals). */
  private epochEvaluations(e: number): number {
    const ev = this.p.evaluation;
    if (ev === undefined) return 0;
    return e < ev.afterEpoch ? 0 : Math.floor((e - ev.afterEpoch) / ev.everyEpochs) + 1;
  }

  /**
   * One evaluation pass on this node (DLIO _eval): floor(samples / (batch x accelerators)) steps; the
   * loader workers read eval batches (their own files, not cached) and preprocess them as in
   * training, prefetching; each step computes computeTime. No gradients, so no all-reduce; nodes
   * wait for each other at the end (a barrier).
   */
  private *evaluationPass(ctx: WorkloadContext, node: Node, src: StorageTier, dst: StorageTier, st: NodeStats, epoch: number): Generator<SimEvent<any>, void, any> {
    const { sim, fluid } = ctx;
    const p = this.p, ev = p.evaluation!;
    const t0 = sim.now;
    const steps = Math.floor(ev.samples / (ev.batchSize * this.accelerators));
    const bytes = ev.batchSize * p.sampleSize, opSize = this.opSize();
    const depth = Math.max(1, p.prefetch * p.readThreads);
    const free = new Container(sim, { capacity: depth, init: depth, name: `${node.id} free eval slots` });
    const ready = new Container(sim, { capacity: depth, init: 0, name: `${node.id} ready eval batches` });
    const cursor = { next: 0 };
    const self = this;
    const sizes = p.sampleSizeStdev ? sim.random.stream(`${this.id}/sizes/${node.id}`) : null;
    const held = this.batchMemory(ev.batchSize); // as in training
    const loadOne = function* (j: number): Generator<SimEvent<any>, void, any> {
      const file = { key: `${p.id}/eval/file${j}`, size: bytes, index: j };
      const path = filePath(ctx, src, dst, file, opSize);
      const [each, moved] = self.readBytes(ev.batchSize, sizes);
      dst.reserve(held, 'the loaders\' prefetched evaluation batches');
      dst.reserve(moved / ev.batchSize, 'the sample a loader reads');
      yield fluid.transfer(each, path.constraints, { coefs: path.coefs, latency: path.latency, cap: path.cap, weight: path.weight, count: p.acceleratorsPerNode });
      dst.unreserve(moved / ev.batchSize);
      src.bytesRead += moved;
      dst.bytesWritten += moved;
      self.evalBytes += moved;
      if (p.preprocessTime > 0) yield* self.preprocess(ctx, node, ev.batchSize, 'eval-preprocess');
    };
    this.startLoaders(ctx, node, 'eval-loader', steps, loadOne, free, ready, cursor);
    for (let s = 0; s < steps; s++) {
      if (p.readThreads === 0) yield* loadOne(cursor.next++);
      else {
        yield ready.get(1);
        yield free.put(1);
      }
      if (p.copyTo !== undefined) yield* this.copyToDevice(ctx, node, dst, ev.batchSize);
      dst.unreserve(held);
      if (ev.computeTime > 0) yield sim.timeout(ev.computeTime);
    }
    let b = this.barriers.get(-2 - epoch);
    if (!b) this.barriers.set(-2 - epoch, (b = { arrived: 0, release: sim.event() }));
    if (++b.arrived === this.nodeCount) {
      b.release.succeed(undefined);
      this.evaluations++;
    }
    yield b.release;
    st.evaluation += sim.now - t0;
  }

  private evaluations = 0;
  private evalBytes = 0;

  /**
   * The node's loader workers (readThreads, as PyTorch DataLoader workers): each takes the next batch
   * index, waits for a free slot (prefetch), loads the batch and marks it ready.
   */
  private startLoaders(ctx: WorkloadContext, node: Node, label: string, steps: number, load: (j: number) => Generator<SimEvent<any>, void, any>, free: Container, ready: Container, cursor: { next: number }): void {
    const worker = function* (): Generator<SimEvent<any>, void, any> {
      while (cursor.next < steps) {
        const j = cursor.next++;
        yield free.get(1);
        yield* load(j);
        yield ready.put(1);
      }
    };
    for (let w = 0; w < this.p.readThreads; w++) ctx.sim.process(worker(), `${this.p.id}/${node.id}/${label}${w}`);
  }

  /**
   * Preprocessing `samples` samples on the node's accelerators' workers: on a modelled CPU the
   * workers share its cores (each uses at most one); otherwise every worker has a core of its own.
   */
  private *preprocess(ctx: WorkloadContext, node: Node, samples: number, label: string): Generator<SimEvent<any>, void, any> {
    const p = this.p;
    if (node.cpu) yield ctx.fluid.transfer(p.preprocessTime * samples, [node.cpu], { cap: 1, count: p.acceleratorsPerNode, id: `${p.id}/${label}/${node.id}` });
    else yield ctx.sim.timeout(p.preprocessTime * samples);
  }

  /** Checkpoints at the ends of epochs 1..e: at afterEpoch (default everyEpochs), then every everyEpochs. */
  private epochCheckpoints(e: number): number {
    const ck = this.p.checkpoint;
    if (ck?.everyEpochs === undefined) return 0;
    const first = ck.afterEpoch ?? ck.everyEpochs;
    return e < first ? 0 : Math.floor((e - first) / ck.everyEpochs) + 1;
  }

  /**
   * The I/O stall by cause, as shares of the run time (they add up to stallFractions.io): `handoff`,
   * handing each batch to the accelerator: taking it from a loader process (handoffTime, paid every
   * step) and copying it to accelerator memory (copyTo, as simulated); the rest, waiting for
   * loaders that are behind, split in proportion to the loaders' busy time between `preprocessing`
   * (CPU work) and `storage` (reading). preprocessShare: of the loaders' busy time, the CPU share.
   */
  private ioCauses(io: number, runtime: number, steps: number): { preprocessShare?: number; hostToDeviceFraction?: number; ioStallCauses: { storage: number; preprocessing: number; handoff: number } } {
    const p = this.p;
    // the copy's mean time per simulated step, over every step of the run (extrapolated epochs too)
    const simSteps = this.stepsPerEpoch * Math.min(p.simulateEpochs, p.epochs);
    const copy = this.stats.length && runtime > 0 && simSteps > 0 ? (this.stats.reduce((a, st) => a + st.copy, 0) / this.stats.length / simSteps) * steps / runtime : 0;
    const handoff = Math.min(io, (p.readThreads > 0 && p.handoffTime && runtime > 0 ? (p.handoffTime * steps) / runtime : 0) + copy);
    const busy = this.loaderPreprocess + this.loaderRead;
    const pre = busy > 0 ? this.loaderPreprocess / busy : 0;
    const waiting = io - handoff;
    return {
      ...(this.loaderPreprocess > 0 ? { preprocessShare: pre } : {}),
      ...(p.copyTo !== undefined ? { hostToDeviceFraction: Math.min(copy, handoff) } : {}),
      ioStallCauses: { storage: waiting * (1 - pre), preprocessing: waiting * pre, handoff },
    };
  }

  report(): WorkloadReport {
    const p = this.p;
    const start = Math.min(...this.stats.map((s) => s.start), Infinity);
    const simulatedEnd = Math.max(...this.stats.map((s) => s.end), 0);
    const ex = this.stats.map((s) => this.extrapolation(s));
    const extraTime = ex.length ? Math.max(...ex.map((e) => e.extraTime)) : 0;
    const end = simulatedEnd + extraTime;
    const runtime = end - start;
    const totalSteps = this.stepsPerEpoch * p.epochs;
    const n = this.stats.length;
    const mean = (f: (s: NodeStats, i: number) => number) => (n ? this.stats.reduce((a, s, i) => a + f(s, i), 0) / n : 0);
    const span = (s: NodeStats, i: number) => Math.max(1e-300, s.end - s.start + ex[i]!.extraTime);
    // (MLPerf / DLIO: AU is over training; evaluation passes are left out)
    const au = mean((s, i) => (s.compute + ex[i]!.extra[0]) / Math.max(1e-300, span(s, i) - s.firstStall - s.evaluation - ex[i]!.extra[5]));
    const evalShare = mean((s, i) => (s.evaluation + ex[i]!.extra[5]) / span(s, i));
    const stall = mean((s, i) => (s.stall + ex[i]!.extra[1]) / span(s, i));
    const firstStall = mean((s, i) => s.firstStall / span(s, i));
    const commStall = mean((s, i) => (s.communication + ex[i]!.extra[2]) / span(s, i));
    const ckStall = mean((s, i) => (s.checkpoint + ex[i]!.extra[3]) / span(s, i));
    const straggle = mean((s, i) => (s.straggler + ex[i]!.extra[4]) / span(s, i));
    const simulatedEpochs = this.stats[0]?.perEpoch.length ?? 0;
    // every step reads the same bytes (on average) and exchanges the same: scale to the whole run
    const stepScale = this.simulatedSteps > 0 ? this.stepsPerEpoch / this.simulatedSteps : 1;
    const runScale = (simulatedEpochs > 0 ? p.epochs / simulatedEpochs : 1) * stepScale;
    const bytes = this.bytes * runScale;
    // alike resources together: "lustre:ost*:read"
    const best = this.shares.ranked((c) => resourceClass(c.id))[0] ?? null;
    const epochTimes = this.stats[0]?.epochEnds.map((t, i, a) => t - (i === 0 ? this.stats[0]!.start : a[i - 1]!)) ?? [];
    const extraEpochs = ex[0]?.extraEpochs ?? 0;
    const mp = this.modelParallel(), bubble = mp?.bubble ?? 0;
    // checkpoint bytes over the whole run (each extrapolated checkpoint as the simulated ones)
    const ckBytes = this.checkpoints > 0 ? (this.checkpointBytes * (this.checkpoints + (ex[0]?.extraCheckpoints ?? 0))) / this.checkpoints : 0;
    return {
      id: this.id, kind: this.kind, start: Number.isFinite(start) ? start : 0, end, makespan: runtime,
      bytesRead: bytes, bytesWritten: ckBytes,
      accelerators: this.accelerators,
      ...(p.accelerator ? { accelerator: p.accelerator } : {}),
      ...(p.dlio ? { dlio: p.dlio } : {}),
      epochs: p.epochs,
      stepsPerEpoch: this.stepsPerEpoch,
      ...(this.stepsPerEpoch < this.chunksPerEpoch ? { datasetStepsPerEpoch: this.chunksPerEpoch } : {}),
      projectedTime: runtime,
      epochTime: p.epochs > 0 ? runtime / p.epochs : 0,
      stepTime: totalSteps > 0 ? runtime / totalSteps : 0,
      samplesPerSecond: runtime > 0 ? (totalSteps * p.batchSize * this.accelerators) / runtime : 0,
      ...(p.tokensPerSample !== undefined ? { tokensPerSecond: runtime > 0 ? (totalSteps * p.batchSize * this.accelerators * p.tokensPerSample) / runtime : 0 } : {}),
      acceleratorUtilization: au,
      ...(p.minAU !== undefined ? { auThreshold: p.minAU, meetsAU: au >= p.minAU } : {}),
      stallFractions: { io: stall, communication: commStall, checkpoint: ckStall, ...(p.computeTimeStdev ? { straggler: straggle } : {}) },
      // of the io stall: the first step's wait, which the AU leaves out (MLPerf Storage v2.0)
      firstStepStall: firstStall,
      communicationBytes: this.commBytes * runScale,
      ...(p.parallelism?.sharding !== undefined && p.parallelism.sharding !== 'none' ? { sharding: p.parallelism.sharding } : {}),
      ...(p.stateBytesPerAccelerator !== undefined ? { stateBytesPerAccelerator: p.stateBytesPerAccelerator, ...(p.activationBytesPerAccelerator !== undefined ? { activationBytesPerAccelerator: p.activationBytesPerAccelerator, recompute: p.recompute } : {}), ...(p.acceleratorMemory !== undefined ? { acceleratorMemory: p.acceleratorMemory } : {}) } : {}),
      // of the communication stall: the pipeline's fill and drain, (P - 1) / m of each step's compute
      ...(bubble > 0 && runtime > 0 ? { pipelineBubbleFraction: (totalSteps * bubble) / runtime, microbatches: mp!.m } : {}),
      ...(p.gpuHourPrice !== undefined ? { computeCost: this.accelerators * runtime * p.gpuHourPrice } : {}),
      ...(this.p.cache !== undefined ? { cacheHitRatio: this.cacheReads ? this.cacheHits / this.cacheReads : 0, cachedBytes: this.cachedBytes } : {}),
      checkpoints: this.checkpoints + (ex[0]?.extraCheckpoints ?? 0),
      ...(p.evaluation ? { evaluations: this.evaluations + (ex[0]?.extraEvaluations ?? 0), evaluationFraction: evalShare, evaluationBytes: this.evaluations > 0 ? (this.evalBytes * (this.evaluations + (ex[0]?.extraEvaluations ?? 0))) / this.evaluations : 0 } : {}),
      checkpointBytes: ckBytes,
      // one checkpoint of the whole job: what each writer writes, times the writers
      ...(p.checkpoint ? { checkpointSize: p.checkpoint.size * (p.checkpoint.writers === 'all' ? this.accelerators : 1) } : {}),
      // (when the last drain ended is known only when nothing was extrapolated)
      ...(p.checkpoint?.drainTo ? { drainedBytes: this.checkpoints > 0 ? (this.drained * (this.checkpoints + (ex[0]?.extraCheckpoints ?? 0))) / this.checkpoints : 0, ...(extraTime === 0 && this.stats.every((st) => st.skipped === 0) ? { lastDrainEnd: this.drainEnd } : {}) } : {}),
      ...(p.checkpoint?.restart ? { restartTime: this.restartTime } : {}),
      ...this.ioCauses(stall, runtime, totalSteps),
      readThroughput: runtime > 0 ? bytes / runtime : 0,
      readDemandPerAccelerator: runtime > 0 && this.accelerators > 0 ? bytes / runtime / this.accelerators : 0,
      bottleneck: best,
      ...(this.exchangeHeld.size > 0 ? { exchangeBottleneck: rankShares(this.exchangeHeld)[0] } : {}),
      ...(this.checkpoints > 0 ? { checkpointBottleneck: this.checkpointShares.ranked((c) => resourceClass(c.id))[0] ?? null } : {}),
      simulated: [
        ...(this.simulatedSteps < this.stepsPerEpoch ? [`in each simulated epoch steps 1-${this.simulatedSteps.toLocaleString('en-US')} simulated, steps ${(this.simulatedSteps + 1).toLocaleString('en-US')}-${this.stepsPerEpoch.toLocaleString('en-US')} extrapolated from steps ${(this.steadyFrom + 1).toLocaleString('en-US')}-${this.simulatedSteps.toLocaleString('en-US')}`] : []),
        ...(extraEpochs > 0 ? [`epochs 1-${simulatedEpochs} simulated${this.simulatedSteps < this.stepsPerEpoch ? '' : ' in full'}; epochs ${simulatedEpochs + 1}-${p.epochs} extrapolated from epoch ${simulatedEpochs} (${formatDuration(epochTimes[simulatedEpochs - 1] ?? 0)} each)`] : []),
      ].join('; ') || 'every step of every epoch, in full',
      ...(this.simulatedSteps < this.stepsPerEpoch ? { simulatedStepsPerEpoch: this.simulatedSteps } : {}),
      simulatedEpochs,
      extrapolatedEpochs: extraEpochs,
      ...(p.warnings?.length ? { warnings: p.warnings } : {}),
    };
  }
}
