/**
 * A plain-language walk through a result, for readers who do not read charts yet: what the answer
 * is, what holds it back and why, and what doubling that resource would do (measured by running the
 * what-if, not guessed).
 */
import type { RunResult } from '../scenario/result.ts';
import { formatBandwidth, formatBytes, formatDuration, formatPercent } from '../units/format.ts';
import { describeResource } from './summary.ts';
import { trainingLimit, type TrainingFigures } from './limited-by.ts';

interface Training {
  id: string;
  kind: string;
  accelerators?: number;
  acceleratorUtilization?: number;
  projectedTime?: number;
  stallFractions?: { io: number; communication: number; checkpoint: number; straggler?: number };
  ioStallCauses?: { storage: number; preprocessing: number; handoff: number };
  auThreshold?: number;
  readThroughput?: number;
  readDemandPerAccelerator?: number;
  dlio?: string;
  pipelineBubbleFraction?: number;
  microbatches?: number;
  exchangeBottleneck?: { resource: string; share: number };
  checkpointBottleneck?: { resource: string; share: number } | null;
}

interface Checkpointing {
  id: string; checkpointSize: number; ranks: number; reads: number;
  writeTime: number; writeThroughput: number; writeBottleneck: { resource: string } | null;
  readTime: number; readThroughput: number; readBottleneck: { resource: string } | null;
}

/** A what-if measured by running it: what was changed, and the result. */
export interface WhatIf { change: string; result: RunResult }

/** The answer a what-if improves: the projected training time, else the requests' mean response time, else the run's time. */
export function answerTime(r: RunResult): number {
  const t = r.workloads.find((w) => w.kind === 'ai-training') as unknown as Training | undefined;
  const response = (r.workloads.find((w) => w.kind === 'requests') as unknown as { responseTime?: { mean: number } } | undefined)?.responseTime?.mean;
  return t?.projectedTime ?? response ?? r.simulatedTime;
}

export function explain(base: RunResult, doubled: RunResult | null, scaled: string[] = [], others: readonly WhatIf[] = []): string {
  const lines: string[] = [];
  const time = answerTime;
  const requests = base.workloads.find((w) => w.kind === 'requests') as unknown as { id: string; responseTime: { mean: number; p95: number }; throughput: number; arrivalRate?: number } | undefined;
  const train = base.workloads.find((w) => w.kind === 'ai-training') as unknown as Training | undefined;
  if (train && train.acceleratorUtilization !== undefined && train.stallFractions) {
    const s = train.stallFractions;
    lines.push(`Training ${train.id} takes ${formatDuration(time(base))}. ${train.accelerators === 1 ? 'Your accelerator computes' : `Your ${train.accelerators} accelerators compute`} ${formatPercent(train.acceleratorUtilization)} of the time (AU)` +
      `${train.auThreshold !== undefined ? `, ${train.acceleratorUtilization >= train.auThreshold ? 'above' : 'below'} the ${formatPercent(train.auThreshold, 0)} that MLPerf Storage asks for` : ''}.`);
    const waits = [['data', s.io], ['communication', s.communication], ['the slowest replica (compute time spread)', s.straggler ?? 0], ['checkpoints', s.checkpoint]].filter(([, v]) => (v as number) > 0.005);
    if (waits.length) lines.push(`${train.accelerators === 1 ? 'It waits' : 'They wait'} for ${waits.map(([k, v]) => `${k} ${formatPercent(v as number)}`).join(', ')} of the time.`);
    // Pipeline parallelism: the fill and drain of each step is no resource's fault
    const bubble = train.pipelineBubbleFraction ?? 0;
    const ex = train.exchangeBottleneck;
    if (ex && s.communication > 0.005 && bubble < 0.5 * s.communication) lines.push(`Each gradient exchange ends with a transfer held by \`${ex.resource}\` (${formatPercent(ex.share, 0)} of the exchange time): that sets the wait, whatever holds the other transfers in flight.`);
    if (bubble > 0.005 && bubble >= 0.5 * s.communication) lines.push(`Of the wait for communication, ${formatPercent(bubble)} of the run is the pipeline's bubble: each step the stages fill and drain, idle for (stages - 1) / microbatches of the compute. More microbatches (parallelism.microbatches, now ${train.microbatches}) shrink it; a faster network would not.`);
    // The wait for data is not always storage: the loaders' CPU work, or taking batches from them.
    const c = train.ioStallCauses;
    const notStorage = c ? [['preprocessing on the CPU (loader.preprocessTime)', c.preprocessing], ['handing batches to the accelerators (loader.handoffTime, loader.copyTo)', c.handoff]].filter(([, v]) => (v as number) > 0.005) : [];
    if (c && notStorage.length) lines.push(`Of the wait for data, ${notStorage.map(([k, v]) => `${formatPercent(v as number)} of the run is ${k}`).join(' and ')}; reading from storage accounts for ${formatPercent(c.storage)}.`);
    // Below MLPerf's threshold because reading is slow: how many accelerators the storage's rate would feed there
    const feeds = c && train.auThreshold !== undefined ? feedable(train) : undefined;
    if (feeds !== undefined && c!.storage >= 0.5 * s.io) lines.push(`At ${formatPercent(train.auThreshold!, 0)} AU, the ${formatBandwidth(train.readThroughput!)} this storage delivered would feed about ${feeds.count} accelerator${feeds.count === 1 ? '' : 's'} (each reads ${formatBandwidth(feeds.each)} when it never waits); ${train.dlio ? '`tiersim dlio FILE --system SYSTEM --max-accelerators`' : '`tiersim seek FILE --vary workloads[0].acceleratorsPerNode --range 1..N --until "acceleratorUtilization >= ' + train.auThreshold + '"`'} finds the count by simulation.`);
    // the flows' bottleneck below is about moving data; when checkpoints cost the most, say so first
    if (trainingLimit(train as TrainingFigures).limit === 'stragglers') lines.push(`The largest loss is stragglers: every step waits for the slowest of the ${train.accelerators ?? ''} accelerators, ${formatPercent(s.straggler ?? 0)} of the time; no resource is at fault${others.length ? ' (the what-if at the end halves the spread of the time per batch)' : ''}.`);
    if (trainingLimit(train as TrainingFigures).limit === 'checkpoints') lines.push(`The largest loss is the checkpoints: training pauses while they are written, ${formatPercent(s.checkpoint)} of the time${others.length ? ' (the what-ifs at the end aim at them)' : ''}.`);
  } else if (requests) {
    const t = requests.responseTime;
    lines.push(`The requests of ${requests.id} take ${formatDuration(t.mean)} each on average, from arrival to the last byte; one in twenty takes longer than ${formatDuration(t.p95)}.`);
    if (requests.arrivalRate !== undefined && requests.throughput < requests.arrivalRate * 0.95) lines.push('They arrive faster than they are served: the queue grows as long as they keep coming.');
  } else {
    lines.push(`The run takes ${formatDuration(base.simulatedTime)}.`);
  }
  // Checkpointing alone: what one checkpoint costs, each way, and what bounds it.
  for (const c of base.workloads.filter((w) => w.kind === 'checkpointing') as unknown as Checkpointing[]) {
    const takes = (t: number, bw: number, by: Checkpointing['writeBottleneck']) => `takes ${formatDuration(t)} (${formatBandwidth(bw)})${by ? `, bounded by \`${by.resource}\`` : ''}`;
    lines.push(`Writing one checkpoint of ${c.id} (${formatBytes(c.checkpointSize)} from ${c.ranks} ranks) ${takes(c.writeTime, c.writeThroughput, c.writeBottleneck)}${c.reads > 0 ? `; reading one back ${takes(c.readTime, c.readThroughput, c.readBottleneck)}` : ''}.`);
  }
  // the flows see a tape drive only while it streams: its queue and its mounts are said apart
  for (const t of base.tiers) {
    const d = t.drives;
    if (d && d.meanWait > 0) lines.push(`Requests for the tape library \`${t.id}\` waited ${formatDuration(d.meanWait)} for one of its ${d.count} drives on average; the drives were busy ${formatPercent(d.busy)} of the run, ${formatPercent(d.positioning)} of that mounting and positioning.`);
  }
  const b = base.bottleneck;
  if (!b) {
    lines.push('No resource limited the data movement.');
    return lines.join('\n') + '\n';
  }
  lines.push(`The data movement is bounded by ${describeResource({ kind: b.kind, owner: b.owner, id: b.resource })} (\`${b.resource}\`): it set the rates of the flows in flight ${formatPercent(b.share, 0)} of the time data was moving, because every flow through it gets a fair share of its capacity and no more.`);
  if (doubled) {
    const t0 = time(base), t1 = time(doubled);
    const gain = (t0 - t1) / t0;
    const after = doubled.bottleneck;
    const dt = doubled.workloads.find((w) => w.kind === 'ai-training') as unknown as Training | undefined;
    const what = scaled.length > 1 ? `Doubling it together with ${scaled.slice(1).map((r) => `\`${r}\``).join(' and ')} (twice the device: its other limits, or the link both ways)` : 'Doubling it';
    const answer = !train && requests ? 'the mean response time' : 'the run';
    let s = `${what} would ${effect(answer, t0, t1)}`;
    if (dt?.acceleratorUtilization !== undefined) s += ` and bring AU to ${formatPercent(dt.acceleratorUtilization)}`;
    s += after && after.resource !== b.resource ? `; then ${describeResource({ kind: after.kind, owner: after.owner, id: after.resource })} (\`${after.resource}\`) would be the limit.` : '.';
    if (gain <= 0.001 && dt?.acceleratorUtilization !== undefined && dt.acceleratorUtilization > 0.99) s += ' The accelerators are already busy: compute is the limit, not data.';
    lines.push(s);
  }
  // What-ifs aimed at a limit that is not a resource of the flows (the loaders' CPU work)
  const ckBefore = (base.workloads.find((x) => x.kind === 'ai-training') as unknown as Training | undefined)?.checkpointBottleneck;
  for (const w of others) {
    const t0 = time(base), t1 = time(w.result);
    const train = w.result.workloads.find((x) => x.kind === 'ai-training') as unknown as Training | undefined;
    const au = train?.acceleratorUtilization;
    // a change aimed at the checkpoints: what would hold their writes then, when that moves
    const ck = train?.checkpointBottleneck;
    const moved = ckBefore && ck && ck.resource !== ckBefore.resource ? `; the checkpoint writes would then be held by \`${ck.resource}\`` : '';
    lines.push(`${w.change} would ${effect('the run', t0, t1)}${au !== undefined ? ` and bring AU to ${formatPercent(au)}` : ''}${moved}.`);
  }
  return lines.join('\n') + '\n';
}

/** What a what-if does to `answer`: cut it, lengthen it (a change can make things worse), or barely change it. */
function effect(answer: string, t0: number, t1: number): string {
  const gain = (t0 - t1) / t0;
  if (gain > 0.001) return `cut ${answer} from ${formatDuration(t0)} to ${formatDuration(t1)} (${formatPercent(-gain)})`;
  if (gain < -0.001) return `lengthen ${answer} from ${formatDuration(t0)} to ${formatDuration(t1)} (+${formatPercent(-gain)})`;
  return `barely change ${answer}`;
}

/**
 * Below the AU threshold: the accelerators the delivered read rate feeds at the threshold, each
 * reading at its full-speed rate (the rate per accelerator over the run / AU) times the threshold.
 */
function feedable(t: Training): { count: number; each: number } | undefined {
  const au = t.acceleratorUtilization ?? 0, min = t.auThreshold ?? 0;
  if (!(au > 0 && au < min) || !t.readThroughput || !t.readDemandPerAccelerator) return undefined;
  const each = t.readDemandPerAccelerator / au;
  return { count: Math.floor(t.readThroughput / (each * min)), each };
}
