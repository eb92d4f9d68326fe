/**
 * The summary of a run as Markdown (also readable as plain text): the answer first (time, and the
 * bottleneck in one sentence with its share), then workloads, tiers and the busiest resources.
 */
import type { RunResult, ResourceReport } from '../scenario/result.ts';
import { formatBytes, formatBandwidth, formatDuration, formatPercent, formatRate, formatMoney } from '../units/format.ts';
import { markdownTable } from './table.ts';
import { resourceClass } from '../resources/classes.ts';
import { trainingLimit, type TrainingLimit } from './limited-by.ts';
import type { MoveReport } from '../workloads/transfers.ts';
import { RECOMPUTE_SAID } from '../workloads/training-state.ts';

const KIND_WORDS: Record<string, string> = {
  read: 'read bandwidth', write: 'write bandwidth', combined: 'combined read+write bandwidth', iops: 'operation rate (IOPS)',
  link: 'link', nic: 'network interface', attach: 'network attachment', core: 'network core', cap: 'per-stream limit', readwrite: 'combined read+write bandwidth',
  socket: 'memory bandwidth', metadata: 'metadata server', client: 'client limit', drive: 'drive', requests: 'request rate', uplink: 'leaf uplink', local: 'local link', global: 'global link', pcie: 'PCIe link per accelerator', nvlink: 'NVLink per accelerator',
};

export function describeResource(r: { kind: string; owner: string; id: string }): string {
  const what = KIND_WORDS[r.kind] ?? r.kind;
  if (r.kind === 'cap') return `the per-stream limit (${formatBandwidth(Number(r.id.replace(/^stream-cap:/, '')))} per stream: one connection, or queue depth × operation size / latency)`;
  if (r.kind === 'link' || r.kind === 'nic' || r.kind === 'attach' || r.kind === 'core') return `the ${what} ${r.owner}`;
  return `the ${what} of ${r.owner}`;
}

function capacityText(r: ResourceReport): string {
  return r.kind === 'iops' ? formatRate(r.capacity, 'op/s') : formatBandwidth(r.capacity);
}

interface TrainingReport {
  id: string;
  accelerators: number;
  accelerator?: string;
  dlio?: string;
  epochs: number;
  stepsPerEpoch: number;
  projectedTime: number;
  epochTime: number;
  stepTime: number;
  samplesPerSecond: number;
  tokensPerSecond?: number;
  acceleratorUtilization: number;
  auThreshold?: number;
  meetsAU?: boolean;
  stallFractions: { io: number; communication: number; checkpoint: number; straggler?: number };
  checkpoints?: number;
  checkpointSize?: number;
  cacheHitRatio?: number;
  cachedBytes?: number;
  preprocessShare?: number;
  evaluations?: number;
  evaluationFraction?: number;
  ioStallCauses?: { storage: number; preprocessing: number; handoff: number };
  /** Of ioStallCauses.handoff, the copies to accelerator memory (loader.copyTo). */
  hostToDeviceFraction?: number;
  readThroughput: number;
  readDemandPerAccelerator: number;
  /** Epochs extrapolated past the simulated ones, and the steps simulated of each epoch when fewer than all. */
  extrapolatedEpochs?: number;
  simulatedStepsPerEpoch?: number;
  /** Of stallFractions.communication: the pipeline's fill and drain. */
  pipelineBubbleFraction?: number;
  microbatches?: number;
  firstStepStall?: number;
  sharding?: 'optimizer' | 'gradients' | 'node' | 'full';
  stateBytesPerAccelerator?: number;
  activationBytesPerAccelerator?: number;
  recompute?: 'none' | 'selective' | 'full';
  acceleratorMemory?: number;
  bottleneck: { resource: string; share: number } | null;
  exchangeBottleneck?: { resource: string; share: number };
  checkpointBottleneck?: { resource: string; share: number } | null;
  simulated?: string;
  warnings?: string[];
  datasetStepsPerEpoch?: number;
}

/** What a sharded step exchanges (parallelism.sharding), in a few words. */
const SHARDED = {
  optimizer: ['ZeRO-1', 'gradients reduce-scattered, then parameters all-gathered'],
  gradients: ['ZeRO-2', 'gradients reduce-scattered, then parameters all-gathered'],
  node: ['FSDP hybrid', 'parameters all-gathered and gradients reduce-scattered inside each node, the shards all-reduced between nodes'],
  full: ['ZeRO-3/FSDP', 'parameters all-gathered for the forward and the backward pass, gradients reduce-scattered'],
} as const;

/** Bytes per second as MLPerf Storage prints them: MiB/s, whole numbers. */
function mibPerSecond(bytesPerSecond: number): string {
  return `${Math.round(bytesPerSecond / 2 ** 20).toLocaleString('en-US')} MiB/s`;
}

/** The answer for a training workload, first: time to train, AU, and what the GPUs wait for. */
function trainingLead(w: TrainingReport): string[] {
  const what = `${w.accelerators} ${w.accelerator ? w.accelerator.toUpperCase() + ' ' : ''}accelerator${w.accelerators === 1 ? '' : 's'}`;
  const lines = [`**Training \`${w.id}\`${w.dlio ? ` (DLIO ${w.dlio})` : ''}: ${formatDuration(w.projectedTime)} for ${w.epochs} epoch${w.epochs === 1 ? '' : 's'} on ${what}** — ${formatDuration(w.epochTime)} per epoch, ${formatDuration(w.stepTime)} per step, ${Math.round(w.samplesPerSecond).toLocaleString('en-US')} samples/s${w.tokensPerSecond !== undefined ? ` (${Math.round(w.tokensPerSecond).toLocaleString('en-US')} tokens/s)` : ''}.`];
  const au = `Accelerator utilization ${formatPercent(w.acceleratorUtilization)}`;
  const verdict = w.auThreshold === undefined ? '' : w.meetsAU ? ` (meets the ${formatPercent(w.auThreshold, 0)} MLPerf threshold)` : ` (below the ${formatPercent(w.auThreshold, 0)} MLPerf threshold: this storage cannot feed ${w.accelerators} accelerators)`;
  // The first step's wait is in the io stall but not in the AU: say so where it is most of the stall.
  const first = w.firstStepStall ?? 0;
  const firstNote = first >= 0.0005 && first >= 0.5 * w.stallFractions.io ? ` (${first >= w.stallFractions.io - 0.0005 ? 'all of it' : `${formatPercent(first)} of the run`} in the first step, whose I/O the AU leaves out, as MLPerf Storage does)` : '';
  lines.push(`${au}${verdict}; the accelerators wait for data ${formatPercent(w.stallFractions.io)} of the time${firstNote}. Reads: ${formatBandwidth(w.readThroughput)} in all, ${formatBandwidth(w.readDemandPerAccelerator)} per accelerator.`);
  // MLPerf Storage and DLIO print "MB/s" that are MiB/s (samples/s x record length / 2^20): give
  // those too, so the figures compare with published results as they are printed.
  if (w.dlio) lines.push(`As MLPerf Storage reports it ("MB/s", which are MiB/s): ${mibPerSecond(w.readThroughput)} in all, ${mibPerSecond(w.readDemandPerAccelerator)} per accelerator.`);
  if (w.bottleneck) lines.push(`\`${w.bottleneck.resource}\` bounded the loaders' reads ${formatPercent(w.bottleneck.share, 0)} of the time they moved data.`);
  if (w.cacheHitRatio !== undefined) lines.push(`The nodes' cache served ${formatPercent(w.cacheHitRatio)} of the batch reads (${formatBytes(w.cachedBytes ?? 0)}).`);
  if (w.evaluations) lines.push(`Evaluation: ${w.evaluations} pass${w.evaluations === 1 ? '' : 'es'}, ${formatPercent(w.evaluationFraction ?? 0)} of the run (not counted in the AU).`);
  // what else training pauses for (AU, the wait for data, these and stragglers make up the run)
  const pauses = [
    ...(w.stallFractions.communication > 0.0005 ? [w.pipelineBubbleFraction ? `communication (${formatPercent(w.stallFractions.communication)} of the time, of which the pipeline bubble ${formatPercent(w.pipelineBubbleFraction)})` : `${w.sharding ? `the ${SHARDED[w.sharding][0]} exchange` : 'the gradient exchange'} (${formatPercent(w.stallFractions.communication)} of the time${w.sharding ? `: ${SHARDED[w.sharding][1]}` : ''}${w.exchangeBottleneck ? `; its slowest transfer was held by \`${w.exchangeBottleneck.resource}\` ${formatPercent(w.exchangeBottleneck.share, 0)} of the exchange time` : ''})`] : []),
    ...((w.checkpoints ?? 0) > 0 ? [`${w.checkpoints!.toLocaleString('en-US')} checkpoint${w.checkpoints === 1 ? '' : 's'}${w.checkpointSize ? ` of ${formatBytes(w.checkpointSize)}` : ''} (${formatPercent(w.stallFractions.checkpoint)}${w.checkpointBottleneck ? `; their writes were held by \`${w.checkpointBottleneck.resource}\` ${formatPercent(w.checkpointBottleneck.share, 0)} of the time` : ''})`] : []),
  ];
  if (pauses.length) lines.push(`Training also waits for ${pauses.join(' and ')}.`);
  const lag = w.stallFractions.straggler ?? 0;
  if (lag > 0.0005) lines.push(`Stragglers: each step waits for the slowest replica (the spread of the time per batch: computeTimeStdev or computeTimeSpread), ${formatPercent(lag)} of the time.`);
  if (w.stateBytesPerAccelerator !== undefined) {
    const acts = w.activationBytesPerAccelerator;
    const held = w.stateBytesPerAccelerator + (acts ?? 0);
    const state = `${formatBytes(w.stateBytesPerAccelerator)} per accelerator (weights, gradients, optimizer state${w.sharding ? `; ${SHARDED[w.sharding][0]}` : ''})`;
    const share = w.acceleratorMemory ? `${acts !== undefined ? ', together ' : ', '}${formatPercent(held / w.acceleratorMemory, 0)} of its ${formatBytes(w.acceleratorMemory)}` : '';
    lines.push(acts !== undefined
      ? `Memory: training state ${state} and activations ${formatBytes(acts)} (${RECOMPUTE_SAID[w.recompute ?? 'selective']})${share}.`
      : `Training state: ${state}${share}; activations come on top.`);
  }
  if (w.datasetStepsPerEpoch !== undefined) lines.push(`Each epoch stops after ${w.stepsPerEpoch.toLocaleString('en-US')} steps (maxStepsPerEpoch; DLIO total_training_steps) of the ${w.datasetStepsPerEpoch.toLocaleString('en-US')} the dataset makes.`);
  if (w.simulated && w.simulated !== 'every step of every epoch, in full') lines.push(`Projection: ${w.simulated}.`);
  for (const x of w.warnings ?? []) lines.push(`Warning: ${x}.`);
  return lines;
}

interface ReplayReport {
  id: string; trace: string; layer: string; synthesized: boolean; ranks: number; ranksPerNode: number; operations: number;
  makespan: number; recordedRunTime: number; runTimeRatio: number | null; recordedIoEnd?: number; ioTime: number; recordedIoTime: number; computeTime: number;
  bytesRead: number; bytesWritten: number; ioBottlenecks: { resource: string; share: number }[]; warnings: string[];
}

/** The answer for a replay: simulated against recorded run time, and where the I/O time went. */
function replayLead(w: ReplayReport): string[] {
  const lines = [`**Replay \`${w.id}\`: ${formatDuration(w.makespan)} simulated against ${formatDuration(w.recordedRunTime)} recorded${w.runTimeRatio !== null ? ` (${w.runTimeRatio.toFixed(2)}×)` : ''}** — ${w.operations.toLocaleString('en-US')} ${w.layer} operations of ${w.ranks} rank${w.ranks === 1 ? '' : 's'} (${w.ranksPerNode} per node)${w.synthesized ? ', synthesized from the counters (no DXT trace)' : ''}, ${formatBytes(w.bytesRead)} read and ${formatBytes(w.bytesWritten)} written.`];
  lines.push(`Time in I/O summed over ranks: ${formatDuration(w.ioTime)} simulated, ${formatDuration(w.recordedIoTime)} recorded${w.synthesized ? ` (the counters' ${w.layer} read and write times)` : ''}; compute between operations (kept as recorded): ${formatDuration(w.computeTime)}.`);
  // A trace shows nothing after the last I/O: the replay ends there, the job did not.
  const end = w.recordedIoEnd;
  if (end !== undefined && end > 0 && w.recordedRunTime - end > 0.05 * w.recordedRunTime) {
    lines.push(`The recorded I/O ends ${formatDuration(end)} into the ${formatDuration(w.recordedRunTime)} run; the ${formatDuration(w.recordedRunTime - end)} after it hold no I/O and are not replayed${w.synthesized ? ' (the synthesized operations follow the recorded timestamps up to it)' : `: up to the last I/O, ${formatDuration(w.makespan)} simulated against ${formatDuration(end)} recorded (${(w.makespan / end).toFixed(2)}×)`}.`);
  }
  const b = w.ioBottlenecks[0];
  if (b) lines.push(`\`${b.resource}\` bounded its operations ${formatPercent(b.share, 0)} of the time they moved data.`);
  for (const x of w.warnings) lines.push(`Warning: ${x}.`);
  return lines;
}

interface HpcReport {
  id: string; ranks: number; nodes: number; makespan: number; jobMakespan: number; usefulWork: number; efficiency: number;
  checkpoints: number; checkpointTime: number; drains: number; drainTime: number; failures: number; restarts: number;
  time: { lost: number; restart: number; checkpoint: number; communication: number; stage: number };
  mtbf?: number; checkpointInterval?: number; youngInterval?: number; dalyInterval?: number; dalyExpectedMakespan?: number; restartTime?: number;
  bottleneck: { resource: string; share: number } | null;
}

interface RequestsReport {
  id: string; from: string; to: string; requests: number; completed: number; arrivalRate?: number; arrivals?: string; clients?: number; thinkTime?: number;
  meanSize: number; sizeDistribution: string; throughput: number;
  responseTime: { mean: number; ci99HalfWidth: number; p50: number; p95: number; p99: number; max: number };
}

/** One arrival every this long, in words: "1 every 10 min". */
const every = (rate: number) => `1 every ${formatDuration(1 / rate)}`;

/** The answer for a stream of requests: their response time under load, and whether the tier keeps up. */
function requestsLead(w: RequestsReport): string[] {
  const t = w.responseTime;
  const source = w.clients !== undefined
    ? `from ${w.clients} client${w.clients === 1 ? '' : 's'} ${w.thinkTime ? `thinking ${formatDuration(w.thinkTime)} on average between requests` : 'requesting back to back'}`
    : `arriving ${w.arrivals === 'poisson' ? 'at random, ' : ''}${every(w.arrivalRate!)}`;
  const lines = [`**Requests \`${w.id}\`: ${w.completed.toLocaleString('en-US')} of ${w.requests.toLocaleString('en-US')} moves of ${w.sizeDistribution === 'fixed' ? '' : 'on average '}${formatBytes(w.meanSize)} from ${w.from} to ${w.to}, ${source}** — response time ${formatDuration(t.mean)} on average${t.ci99HalfWidth > 1e-6 * t.mean ? ` (±${formatDuration(t.ci99HalfWidth)}, 99% confidence)` : ''}, median ${formatDuration(t.p50)}, 95th percentile ${formatDuration(t.p95)}, 99th ${formatDuration(t.p99)}, longest ${formatDuration(t.max)}.`];
  if (w.completed < w.requests) lines.push(`The run stopped with ${(w.requests - w.completed).toLocaleString('en-US')} requests not done (in flight or not yet arrived); the times above are those of the finished ones.`);
  // (over a handful of requests, the pace of service says nothing about keeping up)
  else if (w.throughput > 0 && w.completed >= 20) lines.push(`Served ${every(w.throughput)} on average${w.arrivalRate !== undefined && w.throughput < w.arrivalRate * 0.95 ? ', slower than they arrive: the queue grows, and a longer run would show longer waits' : ''}.`);
  return lines;
}

/** The answer for an HPC job: time to solution, where the overhead went, and the checkpoint interval against Young/Daly. */
function hpcLead(w: HpcReport): string[] {
  const lines = [`**HPC job \`${w.id}\`: ${formatDuration(w.jobMakespan)} for ${formatDuration(w.usefulWork)} of compute on ${w.ranks.toLocaleString('en-US')} ranks (${w.nodes} nodes), efficiency ${formatPercent(w.efficiency)}** — checkpoints ${formatDuration(w.time.checkpoint)}, communication ${formatDuration(w.time.communication)}, work lost to ${w.failures} failure${w.failures === 1 ? '' : 's'} ${formatDuration(w.time.lost)}, restarts ${formatDuration(w.time.restart)}${w.time.stage > 0 ? `, staging ${formatDuration(w.time.stage)}` : ''}.`];
  if (w.checkpoints > 0) lines.push(`${w.checkpoints} checkpoint${w.checkpoints === 1 ? '' : 's'} of ${formatDuration(w.checkpointTime)} each${w.drains > 0 ? `, each drained in the background in ${formatDuration(w.drainTime)}${w.makespan > w.jobMakespan + 1e-9 ? ` (the last drain ends ${formatDuration(w.makespan - w.jobMakespan)} after the job)` : ''}` : ''}.`);
  if (w.checkpointInterval !== undefined && w.dalyInterval !== undefined && w.youngInterval !== undefined && w.mtbf !== undefined) {
    lines.push(`Checkpoint interval ${formatDuration(w.checkpointInterval)} of compute; for a ${formatDuration(w.checkpointTime)} checkpoint and a job MTBF of ${formatDuration(w.mtbf)} the optimum is ${formatDuration(w.dalyInterval)} (Daly; Young: ${formatDuration(w.youngInterval)}). Daly's expected time at the configured interval: ${formatDuration(w.dalyExpectedMakespan!)}.`);
  }
  if (w.bottleneck) lines.push(`\`${w.bottleneck.resource}\` bounded the job's checkpoints and exchanges ${formatPercent(w.bottleneck.share, 0)} of the time they moved data.`);
  return lines;
}

interface TransfersReport {
  id: string;
  moves: MoveReport[];
}

/**
 * When the longest move of a run of moves was bounded by something other than the run's
 * bottleneck, name it too (moves at once share the time: a move may be longest yet not dominate it).
 */
function longestMove(result: RunResult): string {
  if (!result.workloads.every((w) => w.kind === 'transfers')) return '';
  let best: { id: string; took: number; by: string } | null = null;
  for (const w of result.workloads as unknown as TransfersReport[]) {
    for (const m of w.moves) {
      if (m.start === null || m.end === null || !m.bottleneck) continue;
      if (best === null || m.end - m.start > best.took) best = { id: m.id, took: m.end - m.start, by: m.bottleneck.resource };
    }
  }
  if (!best || best.by === result.bottleneck?.resource || best.took < 0.25 * result.simulatedTime) return '';
  return ` The longest move, \`${best.id}\` (${formatDuration(best.took)} of ${formatDuration(result.simulatedTime)}), was bounded by \`${best.by}\`.`;
}

/**
 * A tape library's drives: the flows' bottleneck share sees only the streaming, not the queue for a
 * drive nor the mounts, which is where a recall's time often goes (more drives, not faster ones).
 */
function tapeDrivesLine(id: string, d: NonNullable<RunResult['tiers'][number]['drives']>): string {
  const writes = d.requests - d.recalls;
  const what = [d.recalls ? `${d.recalls.toLocaleString('en-US')} recall${d.recalls === 1 ? '' : 's'}` : '', writes ? `${writes.toLocaleString('en-US')} write${writes === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ');
  return `Tape \`${id}\`: ${what} on ${d.count} drive${d.count === 1 ? '' : 's'}, ${d.mounts.toLocaleString('en-US')} mount${d.mounts === 1 ? '' : 's'}; a request waited ${formatDuration(d.meanWait)} for a drive on average; the drives were busy ${formatPercent(d.busy)} of the run, ${formatPercent(d.positioning)} of that mounting and positioning rather than streaming.`;
}

/** One row per move of the transfers workloads: what moved where, when, how fast, and what bounded it. */
function movesTable(workloads: readonly TransfersReport[]): string | null {
  const rows = workloads.flatMap((w) => w.moves.map((m) => ({ w, m })));
  if (rows.length === 0) return null;
  const several = workloads.length > 1;
  return markdownTable(
    ['move', 'from', 'to', 'moved', 'start', 'end', 'rate', 'bounded by'],
    rows.map(({ w, m }) => {
      const moved = m.bytes * m.destinations;
      const took = m.start !== null && m.end !== null ? m.end - m.start : null;
      return [
        several ? `${w.id}/${m.id}` : m.id, m.from, m.destinations > 1 ? `${m.to} ×${m.destinations}` : m.to, formatBytes(moved),
        m.start === null ? '-' : formatDuration(m.start), m.end === null ? 'unfinished' : formatDuration(m.end),
        took !== null && took > 0 ? formatBandwidth(moved / took) : '-',
        m.bottleneck ? `\`${m.bottleneck.resource}\` ${formatPercent(m.bottleneck.share, 0)}` : '-',
      ];
    }),
    ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'l'],
  );
}

interface CheckpointingReport {
  id: string; dlio?: string; ranks: number; writers: number; checkpointSize: number; rankBytes: { min: number; max: number }; sizeSource?: string;
  to: string; writes: number; reads: number; interval: number;
  writeTime: number; writeThroughput: number; writeBottleneck: { resource: string; share: number } | null;
  readTime: number; readThroughput: number; readBottleneck: { resource: string; share: number } | null;
  warnings?: string[];
}

/** The answer for a checkpointing workload: how long a checkpoint takes to write and read back, and what bounds it. */
function checkpointingLead(w: CheckpointingReport): string[] {
  const phase = (what: string, n: number, t: number, bw: number, b: CheckpointingReport['writeBottleneck']) =>
    n > 0 ? `${what} ${formatDuration(t)} (${formatBandwidth(bw)}${n > 1 ? `, mean of ${n}` : ''})${b ? `, bounded by \`${b.resource}\`${b.share < 0.995 ? ` ${formatPercent(b.share, 0)} of the time` : ''}` : ''}` : null;
  const shard = w.rankBytes.min === w.rankBytes.max ? `${formatBytes(w.rankBytes.max)} a rank` : `${formatBytes(w.rankBytes.min)}–${formatBytes(w.rankBytes.max)} a rank`;
  const parts = [phase('write', w.writes, w.writeTime, w.writeThroughput, w.writeBottleneck), phase('read back', w.reads, w.readTime, w.readThroughput, w.readBottleneck)].filter((x) => x !== null);
  const lines = [`**Checkpointing \`${w.id}\`${w.dlio ? ` (DLIO ${w.dlio})` : ''}: ${formatBytes(w.checkpointSize)} checkpoints from ${w.writers.toLocaleString('en-US')} rank${w.writers === 1 ? '' : 's'} (${shard}) to ${w.to}** — ${parts.join('; ')}.`];
  lines.push(`${w.writes} written${w.interval > 0 && w.writes > 1 ? ` ${formatDuration(w.interval)} apart` : ''}${w.reads > 0 ? `, then ${w.reads} read back` : ''}${w.sizeSource ? `; size from ${w.sizeSource}` : ''}.`);
  for (const x of w.warnings ?? []) lines.push(`Warning: ${x}.`);
  return lines;
}

/** Groups per-node items of one node group ("compute[3]/nvme") into one row "compute[*]/nvme ×16". */
export function groupByClass<T>(items: readonly T[], id: (t: T) => string): { name: string; members: T[] }[] {
  const map = new Map<string, T[]>();
  for (const it of items) {
    const key = resourceClass(id(it));
    let g = map.get(key);
    if (!g) map.set(key, (g = []));
    g.push(it);
  }
  return [...map].map(([key, members]) => ({ name: members.length > 1 ? `${key} ×${members.length}` : id(members[0]!), members }));
}

function range<T>(members: readonly T[], get: (t: T) => number, fmt: (x: number) => string): string {
  let lo = Infinity, hi = -Infinity;
  for (const m of members) {
    const v = get(m);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const a = fmt(lo), b = fmt(hi);
  return a === b ? a : `${a}–${b}`;
}

export function summarize(result: RunResult, options: { maxResources?: number } = {}): string {
  const out: string[] = [];
  out.push(`# ${result.scenario}`);
  out.push('');
  const status = result.finished ? 'all work finished' : 'stopped with work still running (see --until)';
  out.push(`**Simulated time: ${formatDuration(result.simulatedTime)}** (${result.simulatedTime.toPrecision(6)} s); ${status}. Seed ${result.seed}, ${result.events.toLocaleString('en-US')} events.`);
  out.push('');
  const training = result.workloads.filter((x) => x.kind === 'ai-training') as unknown as TrainingReport[];
  for (const w of training) out.push(...trainingLead(w), '');
  for (const w of result.workloads.filter((x) => x.kind === 'replay')) out.push(...replayLead(w as unknown as ReplayReport), '');
  for (const w of result.workloads.filter((x) => x.kind === 'hpc')) out.push(...hpcLead(w as unknown as HpcReport), '');
  for (const w of result.workloads.filter((x) => x.kind === 'requests')) out.push(...requestsLead(w as unknown as RequestsReport), '');
  for (const w of result.workloads.filter((x) => x.kind === 'checkpointing')) out.push(...checkpointingLead(w as unknown as CheckpointingReport), '');
  if (result.cost && result.cost.total > 0) {
    const c = result.cost;
    const parts = [['compute', c.compute], ['storage', c.storage], ['requests', c.requests], ['egress', c.egress]].filter(([, v]) => (v as number) > 0).map(([k, v]) => `${k} ${formatMoney(v as number)}`);
    out.push(`**Cost:** ${formatMoney(c.total)} (${parts.join(', ')}).`, '');
  }
  const flows = result.bottleneck
    ? `${describeResource({ kind: result.bottleneck.kind, owner: result.bottleneck.owner, id: result.bottleneck.resource })} (\`${result.bottleneck.resource}\`) set the rates of the flows in flight ${formatPercent(result.bottleneck.share, 0)} of the time data was moving`
    : null;
  // A run of training workloads only, all held back by the same thing: name it in the words of the
  // cause (the accelerators themselves, the loaders' CPU work, stragglers...), then the flows'
  // bottleneck, which alone would send readers to buy storage that would not help.
  const limits = training.length > 0 && training.length === result.workloads.length ? training.map(trainingLimit) : [];
  const same = limits.length > 0 && limits.every((l) => l.limit === limits[0]!.limit) ? limits[0]!.limit : null;
  const worst = (f: (w: TrainingReport) => number) => Math.max(...training.map(f));
  const cause: Partial<Record<TrainingLimit, () => string>> = {
    compute: () => `the accelerators: they compute ${formatPercent(Math.min(...training.map((w) => w.acceleratorUtilization)))} of the time, so faster storage or network would not shorten this run`,
    preprocessing: () => `the data loaders' CPU work: the accelerators wait for data ${formatPercent(worst((w) => w.stallFractions.io))} of the time, and the loaders spend ${formatPercent(worst((w) => w.preprocessShare ?? 0))} of theirs preprocessing (loader.preprocessTime), so faster storage would barely help; more loader workers, cores or faster decoding would`,
    handoff: () => {
      const copy = worst((w) => w.hostToDeviceFraction ?? 0);
      const what = copy > 0 ? `handing each batch to the accelerators (taking it from the loader processes, loader.handoffTime, and copying it to accelerator memory, loader.copyTo: ${formatPercent(copy)} of the time)` : 'taking each batch from the loader processes (loader.handoffTime)';
      return `${what}, ${formatPercent(worst((w) => w.ioStallCauses?.handoff ?? 0))} of the time in all: the loaders keep ahead, so neither faster storage nor more workers would help`;
    },
    stragglers: () => `stragglers: every step waits for the slowest replica, ${formatPercent(worst((w) => w.stallFractions.straggler ?? 0))} of the time (computeTimeStdev); less spread in the time per step would shorten this run, faster storage would not`,
    communication: () => {
      const bubble = worst((w) => w.pipelineBubbleFraction ?? 0);
      const by = training.length === 1 ? training[0]!.exchangeBottleneck : undefined;
      return `communication: the accelerators wait for ${bubble > 0 ? 'the exchanges between them and the pipeline bubble' : 'the gradient exchange'} ${formatPercent(worst((w) => w.stallFractions.communication))} of the time${bubble > 0 ? ` (the bubble alone ${formatPercent(bubble)}: more microbatches would shrink it)` : ''}${by && bubble === 0 ? `, each exchange ending with a transfer held by \`${by.resource}\` (${formatPercent(by.share, 0)} of the exchange time)` : ''}`;
    },
    checkpoints: () => {
      const by = training.length === 1 ? training[0]!.checkpointBottleneck : undefined;
      return `checkpoints: training pauses for them ${formatPercent(worst((w) => w.stallFractions.checkpoint))} of the time${by ? `, their writes held by \`${by.resource}\` (${formatPercent(by.share, 0)} of their time)` : ''}`;
    },
  };
  const said = same !== null ? cause[same]?.() : undefined;
  if (said !== undefined) out.push(`**Bottleneck:** ${said}.${flows ? ` Of the data movement, ${flows}.` : ''}`);
  else if (flows) out.push(`**Bottleneck:** ${flows}.${longestMove(result)}`);
  else out.push('**Bottleneck:** none recorded (no data moved).');
  out.push('');
  if (result.workloads.length) {
    out.push('## Workloads');
    out.push('');
    out.push(markdownTable(
      ['workload', 'kind', 'start', 'end', 'makespan', 'read', 'written'],
      result.workloads.map((w) => [w.id, w.kind, formatDuration(w.start), formatDuration(w.end), formatDuration(w.makespan), formatBytes(w.bytesRead), formatBytes(w.bytesWritten)]),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
    ));
    out.push('');
  }
  const moves = movesTable(result.workloads.filter((x) => x.kind === 'transfers') as unknown as TransfersReport[]);
  if (moves) {
    out.push('## Moves', '', moves, '', 'Bounded by: the resource that set the rates of the move\'s flows (alike resources together), with its share of the time they moved data; `to ×N`: to each of N nodes.', '');
  }
  // The tier and resource tables are what was simulated; an extrapolated training run is longer.
  const partly = (result.workloads.filter((x) => x.kind === 'ai-training') as unknown as TrainingReport[]).filter((w) => (w.extrapolatedEpochs ?? 0) > 0 || w.simulatedStepsPerEpoch !== undefined);
  const simulatedOnly = partly.length ? `The tables below cover the ${formatDuration(result.simulatedTime)} simulated; ${partly.map((w) => `\`${w.id}\``).join(', ')} ${partly.length === 1 ? 'was' : 'were'} projected past it (the workload rows and the lead above give the whole run).` : null;
  if (result.tiers.length) {
    out.push('## Tiers');
    out.push('');
    if (simulatedOnly) out.push(simulatedOnly, '');
    const groups = groupByClass(result.tiers, (t) => t.id);
    out.push(markdownTable(
      ['tier', 'kind', 'read', 'written', 'peak used', 'capacity'],
      groups.map(({ name, members }) => {
        const t = members[0]!;
        return [name, t.kind, range(members, (m) => m.bytesRead, formatBytes), range(members, (m) => m.bytesWritten, formatBytes), range(members, (m) => m.peakUsed, formatBytes), t.capacity === null ? '-' : formatBytes(t.capacity)];
      }),
      ['l', 'l', 'r', 'r', 'r', 'r'],
    ));
    if (groups.some((g) => g.members.length > 1)) out.push('', 'Rows marked ×N stand for N alike tiers, one per node; values are per node (a range where they differ).');
    out.push('');
    for (const t of result.tiers) if (t.drives) out.push(tapeDrivesLine(t.id, t.drives), '');
  }
  const busyGroups = groupByClass(result.resources.filter((r) => r.carried > 0 && r.kind !== 'cap'), (r) => r.id)
    .map((g) => ({ ...g, share: g.members.reduce((s, m) => s + m.bottleneckShare, 0), util: Math.max(...g.members.map((m) => m.utilization)) }))
    .sort((a, b) => b.share - a.share || b.util - a.util || (a.name < b.name ? -1 : 1))
    .slice(0, options.maxResources ?? 12);
  if (busyGroups.length) {
    out.push('## Busiest resources');
    out.push('');
    out.push(markdownTable(
      ['resource', 'what', 'capacity', 'carried', 'mean utilization', 'bottleneck share'],
      busyGroups.map(({ name, members, share }) => {
        const r = members[0]!;
        return [name, KIND_WORDS[r.kind] ?? r.kind, capacityText(r), range(members, (m) => m.carried, (x) => (r.kind === 'iops' ? formatRate(x, 'op') : formatBytes(x))), range(members, (m) => m.utilization, (x) => formatPercent(x)), formatPercent(share)];
      }),
      ['l', 'l', 'r', 'r', 'r', 'r'],
    ));
    out.push('');
    out.push('Utilization is the mean over the whole run; the bottleneck share is the fraction of the time data was moving during which the resource (all nodes of a ×N row together) set the flows\' rates, each instant divided equally among the flows in flight.');
    out.push('');
  }
  if (result.format === 'reference') {
    const done = result.activities.filter((a) => a.end !== null).length;
    if (result.networkModel !== undefined) out.push(`Network model: ${result.networkModel.startsWith('pure') ? result.networkModel : `SimGrid ${result.networkModel}`}.`);
    out.push(`${done} of ${result.activities.length} activities completed; their start and end times are in the JSON result (\`--json\`).`);
    out.push('');
  }
  return out.join('\n');
}
