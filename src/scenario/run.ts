/**
 * runScenario: the pipeline from a loaded scenario to a result.
 *
 *   1. load        file -> validated spec (load.ts; done by the caller)
 *   2. resolve     catalog models and overrides into plain parameters
 *   3. build       the system: nodes, tiers, links and routes as constraints of one fluid model
 *   4. start       each workload plugin starts its processes
 *   5. run         the simulation, until everything finished or `until`
 *   6. report      a plain RunResult (result.ts)
 */
import { Simulation } from '../engine/simulation.ts';
import { FluidModel } from '../resources/sharing/fluid.ts';
import type { Constraint } from '../resources/sharing/maxmin.ts';
import { Platform, type Route } from '../topology/platform.ts';
import type { System } from '../topology/system.ts';
import { Recorder, type Workload } from '../workloads/context.ts';
import { TransfersWorkload } from '../workloads/transfers.ts';
import { AiTrainingWorkload } from '../workloads/ai-training.ts';
import { ReplayWorkload } from '../workloads/replay.ts';
import { HpcWorkload } from '../workloads/hpc.ts';
import { RequestsWorkload } from '../workloads/requests.ts';
import { CheckpointingWorkload } from '../workloads/checkpointing.ts';
import { checkpointShards, trainingCheckpointSize } from './checkpoint-shards.ts';
import { trainingStateOf, acceleratorMemory, activationsOf, sequenceOf } from './training-model.ts';
import { loadCatalog } from './catalog.ts';
import { modelsDir } from '../paths.ts';
import { storedSampleSize } from './dataset-size.ts';
import { loadTraceCached } from '../traces/load.ts';
import { scheduleReferenceActivities, closeReferenceActivities, transferRecord, type RefActivity } from '../workloads/reference.ts';
import { buildSystem } from './build-system.ts';
import type { LoadedScenario } from './load.ts';
import type { ScenarioSpec } from './schema.ts';
import type { ReferenceSpec } from './reference-schema.ts';
import { referenceNetworkModel } from './check-reference.ts';
import type { RunResult, ResourceReport, Bottleneck, TierReport, CostReport } from './result.ts';
import type { WorkloadReport } from '../workloads/context.ts';
import { ObjectStore } from '../resources/tiers/object-store.ts';
import { TapeLibrary } from '../resources/tiers/tape.ts';
import { VERSION } from '../version.ts';
import { resourceClass } from '../resources/classes.ts';
import { UtilizationSampler } from './timeline.ts';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number | string;
  /** Stop at this simulated time (s). */
  until?: number;
  /** A what-if: multiply the capacity of every resource of these classes (e.g. "pfs:read") by `factor`. */
  scale?: { resources: string[]; factor: number };
  /** Called now and then while the simulation runs (every 65,536 events) with the simulated time and the events so far. */
  onProgress?: (simulatedTime: number, events: number) => void;
}

export function runScenario(loaded: LoadedScenario, options: RunOptions = {}): RunResult {
  return loaded.format === 'reference' ? runReference(loaded.spec, options) : runTiersim(loaded.spec, options);
}

function runTiersim(spec: ScenarioSpec, options: RunOptions): RunResult {
  const seed = String(options.seed ?? spec.seed ?? 1);
  const sim = new Simulation({ seed });
  const fluid = new FluidModel(sim);
  const system = buildSystem(spec.system, fluid);
  if (options.scale) {
    const which = new Set(options.scale.resources);
    for (const c of systemConstraints(system)) if (which.has(resourceClass(c.id))) c.capacity *= options.scale.factor;
    // and the links a network makes when a route first needs them (a dragonfly's router links)
    system.scaleLater = { which, factor: options.scale.factor };
  }
  const recorder = new Recorder();
  const workloads = makeWorkloads(spec);
  const ctx = { sim, fluid, system, recorder, rttWeighted: spec.sharing === 'rtt' };
  const done = workloads.map((w) => w.start(ctx));
  const until = options.until ?? spec.until;
  // Run until every workload has finished (timers left behind, such as the next failure of a job
  // that is done, do not stretch the run), or until `until`.
  let remaining = done.length;
  for (const d of done) d.onProcessed(() => void remaining--);
  const sampler = new UtilizationSampler(sim, systemConstraints(system));
  sampler.start();
  const limit = until ?? Infinity;
  const progress = options.onProgress;
  if (progress) {
    for (let n = 1; remaining > 0 && sim.peek() < limit; n++) {
      sim.step();
      if ((n & 0xffff) === 0) progress(sim.now, sim.eventsProcessed);
    }
  } else while (remaining > 0 && sim.peek() < limit) sim.step();
  if (until !== undefined && remaining > 0) sim.run(until);
  sampler.stop();
  const finished = done.every((d) => d.processed);
  const T = sim.now;
  const constraints = [...systemConstraints(system), ...fluid.system.capMarkers()];
  const reports = workloads.map((w) => w.report());
  const resources = resourceReports(constraints, T);
  return {
    tiersim: VERSION, scenario: spec.name, format: 'tiersim', seed, randomStreams: sim.random.streamNames,
    simulatedTime: T, finished, events: sim.eventsProcessed,
    bottleneck: overallBottleneck(resources),
    cost: costReport(system, reports, T),
    workloads: reports,
    tiers: tierReports(system, T),
    resources,
    timeline: sampler.result(),
    activities: recorder.activities,
  };
}

function makeWorkloads(spec: ScenarioSpec): Workload[] {
  return (spec.workloads ?? []).flatMap((w, wi): Workload | Workload[] => {
    if (w.kind === 'ai-training' && (w.ensemble ?? 1) > 1) {
      // An ensemble: k independent copies of the job, each on its own share of the nodes.
      const k = w.ensemble!, per = (spec.system.nodes?.find((n) => n.id === w.nodes)?.count ?? 1) / k;
      // (a checkpoint sized from the model's parameters is split over one copy's accelerators)
      const ck = w.checkpoint ? { checkpoint: { ...w.checkpoint, size: trainingCheckpointSize(w.checkpoint, per * w.acceleratorsPerNode) } } : {};
      const one = makeWorkloads({ ...spec, workloads: [{ ...w, ...ck, ensemble: 1 }] })[0] as AiTrainingWorkload;
      const state = trainingStateOf(w, per);
      return Array.from({ length: k }, (_, i) => new AiTrainingWorkload({ ...one.params, id: `${w.id}#${i}`, nodeSlice: { start: i * per, count: per }, ...(state ? { stateBytesPerAccelerator: state.bytes } : {}) }));
    }
    switch (w.kind) {
      case 'transfers':
        return new TransfersWorkload(w.id, w.moves.map((m, i) => ({
          id: m.id ?? `move-${i}`, from: m.from, to: m.to, size: m.size, files: m.files ?? 1, opSize: m.opSize ?? 2 ** 20,
          streams: m.streams ?? 1, start: m.start ?? 0, ...(m.after !== undefined ? { after: m.after } : {}),
          ...(m.sizeSpread !== undefined ? { sizeSpread: m.sizeSpread } : {}),
        })));
      case 'ai-training': {
        const state = trainingStateOf(w, spec.system.nodes?.find((n) => n.id === w.nodes)?.count ?? 1);
        const memory = state ? acceleratorMemory(w, loadCatalog(modelsDir())) : undefined;
        const activations = activationsOf(w), tokens = sequenceOf(w);
        return new AiTrainingWorkload({
          id: w.id, nodes: w.nodes, acceleratorsPerNode: w.acceleratorsPerNode,
          ...(state ? { stateBytesPerAccelerator: state.bytes } : {}), ...(memory ? { acceleratorMemory: memory.bytes } : {}),
          ...(activations !== null ? { activationBytesPerAccelerator: activations, recompute: w.model?.recompute ?? 'selective' } : {}),
          ...(tokens !== undefined ? { tokensPerSample: tokens } : {}),
          ...(w.accelerator !== undefined ? { accelerator: w.accelerator } : {}),
          location: w.dataset.location, ...(w.dataset.to !== undefined ? { to: w.dataset.to } : {}),
          ...(w.dataset.cache !== undefined ? { cache: w.dataset.cache } : {}), shuffle: w.dataset.shuffle ?? 'global',
          // on storage a sample also carries its file format's framing and its share of the file's
          samples: w.dataset.samples!, samplesPerFile: w.dataset.samplesPerFile ?? 1,
          sampleSize: storedSampleSize(w.dataset),
          ...(w.dataset.sampleSizeStdev ? { sampleSizeStdev: w.dataset.sampleSizeStdev } : {}),
          batchSize: w.loader!.batchSize!, readThreads: w.loader?.readThreads ?? 1, prefetch: w.loader?.prefetch ?? 2,
          preprocessTime: w.loader?.preprocessTime ?? 0, computeTime: w.computeTime!, epochs: w.epochs!,
          ...(w.maxStepsPerEpoch !== undefined ? { maxStepsPerEpoch: w.maxStepsPerEpoch } : {}),
          ...(w.computeTimeStdev ? { computeTimeStdev: w.computeTimeStdev } : w.computeTimeSpread ? { computeTimeStdev: w.computeTimeSpread * w.computeTime! } : {}),
          ...(w.evaluation ? { evaluation: { samples: w.evaluation.samples, batchSize: w.evaluation.batchSize ?? w.loader!.batchSize!, computeTime: w.evaluation.computeTime ?? 0, afterEpoch: w.evaluation.afterEpoch ?? 1, everyEpochs: w.evaluation.everyEpochs ?? 1 } } : {}),
          ...(w.loader?.readPerSample ? { readPerSample: true } : {}),
          ...(w.loader?.readSize !== undefined ? { readSize: w.loader.readSize } : {}),
          ...(w.loader?.handoffTime ? { handoffTime: w.loader.handoffTime } : {}),
          ...(w.loader?.copyTo !== undefined ? { copyTo: w.loader.copyTo, copyBytes: w.loader.copyBytesPerSample ?? w.dataset.sampleSize! } : {}),
          sampleMemory: w.loader?.copyBytesPerSample ?? w.dataset.sampleSize!,
          simulateEpochs: w.simulateEpochs ?? (w.epochs! <= 10 ? w.epochs! : Math.max(3, w.checkpoint?.everyEpochs ?? 0)),
          ...(w.simulateSteps !== undefined ? { simulateSteps: w.simulateSteps } : {}),
          ...(w.minAU !== undefined ? { minAU: w.minAU } : {}),
          ...(w.gpuHourPrice !== undefined ? { gpuHourPrice: w.gpuHourPrice } : {}),
          ...(typeof (w as Record<string, unknown>).dlioName === 'string' ? { dlio: (w as Record<string, unknown>).dlioName as string } : {}),
          ...(Array.isArray((w as Record<string, unknown>).dlioNotes) ? { warnings: (w as Record<string, unknown>).dlioNotes as string[] } : {}),
          ...(w.parallelism ? { parallelism: {
            gradientBytes: w.parallelism.gradientBytes!, allReduce: w.parallelism.allReduce ?? 'ring', overlap: w.parallelism.overlap ?? 0,
            ...(w.parallelism.bucketSize !== undefined ? { bucketSize: w.parallelism.bucketSize } : {}), ...(w.parallelism.backwardShare !== undefined ? { backwardShare: w.parallelism.backwardShare } : {}),
            ...(w.parallelism.sharding !== undefined ? { sharding: w.parallelism.sharding } : {}), ...(w.parallelism.parameterBytes !== undefined ? { parameterBytes: w.parallelism.parameterBytes } : {}),
            ...(w.parallelism.tensor !== undefined ? { tensor: w.parallelism.tensor } : {}), ...(w.parallelism.tensorBytes !== undefined ? { tensorBytes: w.parallelism.tensorBytes } : {}),
            ...(w.parallelism.pipeline !== undefined ? { pipeline: w.parallelism.pipeline } : {}), ...(w.parallelism.activationBytes !== undefined ? { activationBytes: w.parallelism.activationBytes } : {}),
            ...(w.parallelism.microbatches !== undefined ? { microbatches: w.parallelism.microbatches } : {}),
          } } : {}),
          ...(w.checkpoint ? { checkpoint: { ...(w.checkpoint.everyEpochs !== undefined ? { everyEpochs: w.checkpoint.everyEpochs } : {}), ...(w.checkpoint.afterEpoch !== undefined ? { afterEpoch: w.checkpoint.afterEpoch } : {}), ...(w.checkpoint.everySteps !== undefined ? { everySteps: w.checkpoint.everySteps } : {}), ...(w.checkpoint.interval !== undefined ? { interval: w.checkpoint.interval } : {}), size: trainingCheckpointSize(w.checkpoint, (spec.system.nodes?.find((n) => n.id === w.nodes)?.count ?? 1) * w.acceleratorsPerNode)!, to: w.checkpoint.to, writers: w.checkpoint.writers ?? 'rank0', ...(w.checkpoint.drainTo !== undefined ? { drainTo: w.checkpoint.drainTo } : {}), ...(w.checkpoint.restart ? { restart: true } : {}), ...(w.checkpoint.keep !== undefined ? { keep: w.checkpoint.keep } : {}), ...(w.checkpoint.from !== undefined ? { from: w.checkpoint.from } : {}) } } : {}),
        });
      }
      case 'replay': {
        const tracePath = (w as Record<string, unknown>).tracePath as string | undefined ?? w.trace;
        return new ReplayWorkload({
          id: w.id, trace: loadTraceCached(tracePath), traceName: w.trace, nodes: w.nodes, storage: w.storage,
          ...(w.ranksPerNode !== undefined ? { ranksPerNode: w.ranksPerNode } : {}),
          mounts: Object.entries(w.mounts ?? {}), gaps: w.gaps ?? true,
        });
      }
      case 'requests':
        return new RequestsWorkload({
          id: w.id, from: w.from, to: w.to, size: w.size, sizeDistribution: w.sizeDistribution ?? 'fixed', sizeSpread: w.sizeSpread ?? 0,
          rate: w.rate ?? 0, arrivals: w.arrivals ?? 'poisson', clients: w.clients ?? 0, thinkTime: w.thinkTime ?? 0, count: w.count, files: w.files ?? 0, opSize: w.opSize ?? 2 ** 20, start: w.start ?? 0,
        });
      case 'checkpointing': {
        const group = spec.system.nodes?.find((n) => n.id === w.nodes);
        const shards = checkpointShards(w, (group?.count ?? 1) * w.ranksPerNode)!;
        const dram = group?.tiers?.find((t) => t.kind === 'dram')?.id;
        const extra = w as Record<string, unknown>;
        return new CheckpointingWorkload({
          id: w.id, nodes: w.nodes, ranksPerNode: w.ranksPerNode, to: w.to, from: w.from ?? `${w.nodes}/${dram}`,
          rankBytes: shards.rankBytes, sizeSource: shards.source, writes: w.writes ?? 1, reads: w.reads ?? 0, interval: w.interval ?? 0,
          ...(typeof extra.dlioName === 'string' ? { dlio: extra.dlioName } : {}),
          ...(Array.isArray(extra.dlioNotes) ? { warnings: extra.dlioNotes as string[] } : {}),
        });
      }
      case 'hpc': {
        const nodes = spec.system.nodes?.find((n) => n.id === w.nodes)?.count ?? 1;
        const ck = w.checkpoint;
        const f = w.failures;
        return new HpcWorkload({
          id: w.id, nodes: w.nodes, ranksPerNode: w.ranksPerNode ?? 1, steps: w.steps, stepTime: w.stepTime,
          haloBytes: w.halo ?? 0, allreduceBytes: w.allreduce ?? 0,
          ...(ck ? { checkpoint: { everySteps: ck.everySteps, sizePerRank: ck.sizePerRank, to: ck.to, layout: ck.layout ?? 'file-per-rank', final: ck.final ?? true, ...(ck.drainTo !== undefined ? { drainTo: ck.drainTo } : {}) } } : {}),
          ...(f ? { failures: { mtbf: f.mtbf ?? f.nodeMtbf! / nodes, downtime: f.downtime ?? 0 } } : {}),
          ...(w.stageIn ? { stageIn: { ...w.stageIn, files: w.stageIn.files ?? 1, streams: w.stageIn.streams ?? w.stageIn.files ?? 1 } } : {}),
          ...(w.stageOut ? { stageOut: { ...w.stageOut, files: w.stageOut.files ?? 1, streams: w.stageOut.streams ?? w.stageOut.files ?? 1 } } : {}),
          ...(w.nodeHourPrice !== undefined ? { nodeHourPrice: w.nodeHourPrice } : {}),
        });
      }
      default:
        throw new Error(`workload ${wi}: unsupported kind`);
    }
  });
}

function systemConstraints(system: System): Constraint[] {
  const out: Constraint[] = [];
  for (const t of system.allTiers()) out.push(...t.constraints());
  out.push(...system.linkConstraints());
  return out;
}

function tierReports(system: System, T: number): TierReport[] {
  return system.allTiers().map((t) => ({
    id: t.label, kind: t.kind, node: t.node, capacity: Number.isFinite(t.capacity) ? t.capacity : null,
    used: t.used, peakUsed: t.peakUsed, bytesRead: t.bytesRead, bytesWritten: t.bytesWritten, evictions: t.evictions,
    ...(t instanceof TapeLibrary && t.driveRequests > 0 ? {
      drives: {
        count: t.drives.length, requests: t.driveRequests, recalls: t.recalls, mounts: t.mounts, meanWait: t.queueWait / t.driveRequests,
        busy: T > 0 ? t.busyTime / (t.drives.length * T) : 0, positioning: t.busyTime > 0 ? t.positioningTime / t.busyTime : 0,
      },
    } : {}),
    cost: t.peakUsed * t.price * T + (t instanceof ObjectStore ? t.requestCost() : 0),
  }));
}

/** The run's cost: accelerator-hours, storage held, object-storage requests and egress. */
function costReport(system: System, workloads: WorkloadReport[], T: number): CostReport {
  let storage = 0, requests = 0, egress = 0;
  for (const t of system.allTiers()) {
    storage += t.peakUsed * t.price * T;
    if (t instanceof ObjectStore) {
      requests += t.gets * t.prices.get + t.puts * t.prices.put;
      egress += t.bytesRead * t.prices.egress;
    }
  }
  let compute = 0;
  for (const w of workloads) if (typeof w.computeCost === 'number') compute += w.computeCost;
  return { total: compute + storage + requests + egress, compute, storage, requests, egress };
}

function resourceReports(constraints: Constraint[], T: number): ResourceReport[] {
  let total = 0;
  for (const c of constraints) total += c.bottleneckTime;
  return constraints.map((c) => ({
    id: c.id, kind: c.kind, owner: c.owner, capacity: c.capacity, carried: c.carried,
    utilization: T > 0 && c.capacity > 0 ? c.carried / (c.capacity * T) : 0,
    bottleneckShare: total > 0 ? c.bottleneckTime / total : 0,
  }));
}

/**
 * The classes of alike resources that set flows' rates, by their share of the time data was moving
 * (each instant divided equally among the flows in flight), largest first. Identical resources of the nodes of one group count together ("compute[*]/nvme:write"),
 * since the nodes of a group are alike.
 */
export function bottleneckClasses(resources: readonly ResourceReport[]): Bottleneck[] {
  const classes = new Map<string, Bottleneck>();
  for (const r of resources) {
    if (!(r.bottleneckShare > 0)) continue;
    const key = resourceClass(r.id);
    const c = classes.get(key);
    if (c) c.share += r.bottleneckShare;
    else classes.set(key, { resource: key, kind: r.kind, owner: resourceClass(r.owner), share: r.bottleneckShare });
  }
  // (a stable sort: of equal shares, the first met stays first)
  return [...classes.values()].sort((a, b) => (Math.abs(a.share - b.share) <= 1e-12 ? 0 : b.share - a.share));
}

/** The resource that set the flows' rates for the most time (its class). */
function overallBottleneck(resources: ResourceReport[]): Bottleneck | null {
  return bottleneckClasses(resources)[0] ?? null;
}

/** The scale-test generator of the reference format, in integer arithmetic then one division. */
export function generateScaleTransfers(spec: ReferenceSpec): { hosts: string[]; records: RefActivity[]; src: Int32Array; dst: Int32Array } {
  const E = spec.edges!, K = spec.hosts_per_edge!, H = E * K;
  const n = spec.count ?? 1000;
  const hosts = Array.from({ length: H }, (_, h) => `n${h}`);
  const records: RefActivity[] = new Array(n);
  const srcs = new Int32Array(n), dsts = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const src = (i * 97) % H;
    srcs[i] = src;
    dsts[i] = (src + 1 + ((i * 7919) % (H - 1))) % H;
    records[i] = transferRecord(`t${i}`, i / 10000, 1000000 * (1 + ((i * 31) % 10)));
  }
  return { hosts, records, src: srcs, dst: dsts };
}

function runReference(spec: ReferenceSpec, options: RunOptions): RunResult {
  const sim = new Simulation({ seed: options.seed ?? 1 });
  const fluid = new FluidModel(sim);
  const platform = new Platform();
  let transfers: RefActivity[];
  let routeOf: (i: number) => Route;
  let backOf: (i: number) => Route | undefined;
  if (spec.generator !== undefined) {
    const E = spec.edges!, K = spec.hosts_per_edge!;
    const gen = generateScaleTransfers(spec);
    for (const h of gen.hosts) platform.addHost(h);
    gen.hosts.forEach((h, i) => platform.addLink(`h${i}`, spec.host_link!.bandwidth, spec.host_link!.latency ?? 0));
    for (let e = 0; e < E; e++) platform.addLink(`up${e}`, spec.uplink!.bandwidth, spec.uplink!.latency ?? 0);
    // The generated tree routes: same edge [h_src, h_dst], else [h_src, up_e(src), up_e(dst), h_dst].
    const hostLinks = gen.hosts.map((_, i) => platform.links.get(`h${i}`)!);
    const upLinks = Array.from({ length: E }, (_, e) => platform.links.get(`up${e}`)!);
    // One route per pair of hosts, either way (the links are shared by both directions): flows both
    // ways share its constraint array, so they find their class without building a key.
    const H = gen.hosts.length, routes = new Map<number, Route>();
    const treeRoute = (s: number, d: number): Route => {
      const key = s < d ? s * H + d : d * H + s;
      let r = routes.get(key);
      if (r === undefined) {
        const es = Math.floor(s / K), ed = Math.floor(d / K);
        routes.set(key, (r = Platform.route(es === ed ? [hostLinks[s]!, hostLinks[d]!] : [hostLinks[s]!, upLinks[es]!, upLinks[ed]!, hostLinks[d]!])));
      }
      return r;
    };
    platform.router = (src, dst) => treeRoute(Number(src.slice(1)), Number(dst.slice(1)));
    routeOf = (i) => treeRoute(gen.src[i]!, gen.dst[i]!);
    backOf = routeOf; // the same links either way
    transfers = gen.records;
  } else {
    for (const h of spec.hosts ?? []) {
      if (typeof h === 'string') platform.addHost(h);
      else {
        platform.addHost(h.id);
        for (const d of h.disks ?? []) platform.addDisk(h.id, d.id, d.read_bw, d.write_bw, d.readwrite_bw);
      }
    }
    for (const l of spec.links ?? []) platform.addLink(l.id, l.bandwidth, l.latency ?? 0);
    for (const r of Array.isArray(spec.routes) ? spec.routes : []) platform.addRoute(r.src, r.dst, r.links, r.symmetric ?? true);
    const given = spec.transfers ?? [];
    transfers = given.map((t) => transferRecord(t.id, t.start ?? 0, t.size));
    routeOf = (i) => platform.route(given[i]!.src, given[i]!.dst)!;
    backOf = (i) => platform.route(given[i]!.dst, given[i]!.src);
  }
  const ios = (spec.ios ?? []).map((io) => ({ ...io, start: io.start ?? 0 }));
  // (the generated tree's routes: 2 host links, plus 2 uplinks between edges)
  const first = transfers.length > 0 ? routeOf(0).latency : 0;
  const same = spec.generator !== undefined ? !(spec.uplink!.latency! > 0) : transfers.every((_, i) => routeOf(i).latency === first);
  const { model } = referenceNetworkModel(spec, same);
  const acts = scheduleReferenceActivities(sim, fluid, platform, transfers, routeOf, ios, model, backOf);
  sim.run(options.until);
  const activities = closeReferenceActivities(acts);
  const T = sim.now;
  const constraints: Constraint[] = [];
  for (const l of platform.links.values()) constraints.push(l.constraint);
  for (const d of platform.disks.values()) constraints.push(d.read, d.write, d.readwrite);
  const resources = resourceReports(constraints, T);
  const finished = activities.every((a) => a.end !== null);
  return {
    tiersim: VERSION, scenario: spec.name ?? 'reference', format: 'reference', seed: String(options.seed ?? 1), randomStreams: sim.random.streamNames,
    simulatedTime: T, finished, events: sim.eventsProcessed,
    bottleneck: overallBottleneck(resources),
    cost: { total: 0, compute: 0, storage: 0, requests: 0, egress: 0 },
    workloads: [{
      id: 'activities', kind: 'reference', start: activities.reduce((m, a) => Math.min(m, a.start), Infinity), end: T, makespan: T,
      bytesRead: 0, bytesWritten: 0, count: activities.length, completed: activities.filter((a) => a.end !== null).length,
    }],
    tiers: [], resources, networkModel: model.name, activities,
  };
}
