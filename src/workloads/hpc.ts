/**
 * Workload "hpc": a bulk-synchronous simulation on N ranks. Each step every rank computes for
 * `stepTime`, exchanges halos with its neighbours and joins an all-reduce over the modelled network;
 * every `checkpoint.everySteps` steps all ranks write their state (file per rank, or one shared file)
 * to a tier, optionally drained in the background to a lower tier. Node failures arrive as a Poisson
 * process (system MTBF = node MTBF / nodes) drawn from the seeded stream `<id>/failures`, independent
 * of what the job does (so runs with different intervals see the same failures: common random
 * numbers). A failure stops everything in flight (its flows are cancelled), loses the work since the
 * last complete checkpoint, and costs a downtime and a restart read of that checkpoint; failures may
 * strike during the restart too. The job may be staged in before it starts and out after it ends.
 *
 * The report puts the configured checkpoint interval beside Young's sqrt(2 delta M) and Daly's
 * higher-order optimum, and the simulated makespan beside Daly's expected makespan
 * M e^(R/M) (e^((tau+delta)/M) - 1) T_s / tau, with delta and R as simulated.
 */
import { ShareClock } from '../resources/sharing/share-clock.ts';
import { resourceClass } from '../resources/classes.ts';
import type { SimEvent } from '../engine/event.ts';
import { Interrupt } from '../engine/event.ts';
import type { Process } from '../engine/process.ts';
import type { Flow, Constraint } from '../resources/sharing/maxmin.ts';
import type { Node } from '../topology/system.ts';
import type { Workload, WorkloadContext, WorkloadReport } from './context.ts';
import { TransfersWorkload } from './transfers.ts';
import { ObjectStore } from '../resources/tiers/object-store.ts';

export interface HpcParams {
  id: string;
  nodes: string;
  ranksPerNode: number;
  steps: number;
  stepTime: number;
  /** Bytes each rank sends to its neighbours per step (half to each side of a ring of nodes). */
  haloBytes: number;
  /** Bytes all-reduced per step (ring over the nodes). */
  allreduceBytes: number;
  checkpoint?: {
    everySteps: number;
    sizePerRank: number;
    to: string;
    layout: 'file-per-rank' | 'shared';
    drainTo?: string;
    /** Write a checkpoint after the last step too (default true). */
    final: boolean;
  };
  failures?: { mtbf: number; downtime: number };
  stageIn?: StageParams;
  stageOut?: StageParams;
  /** $ per node-second (from nodeHourPrice). */
  nodeHourPrice?: number;
}

export interface StageParams { from: string; to: string; size: number; files: number; streams: number }

/** One flow per node (standing for its ranks) that the job starts and may cancel on a failure. */
interface FlowPart { size: number; constraints: Constraint[]; coefs?: number[]; latency: number; cap?: number; count?: number; id: string }
type StartFlows = (parts: FlowPart[]) => SimEvent<unknown>;

interface Times { compute: number; communication: number; checkpoint: number; lost: number; restart: number; downtime: number; stage: number }

/** Young's first-order optimum: sqrt(2 delta M). */
export function youngInterval(delta: number, mtbf: number): number {
  return Math.sqrt(2 * delta * mtbf);
}

/** Daly's (2006) higher-order optimum of the compute time between checkpoints. */
export function dalyInterval(delta: number, mtbf: number): number {
  if (delta >= 2 * mtbf) return mtbf;
  const x = delta / (2 * mtbf);
  return Math.sqrt(2 * delta * mtbf) * (1 + Math.sqrt(x) / 3 + x / 9) - delta;
}

/** Daly's expected wall time of `work` seconds of compute checkpointed every `tau` (restart R). */
export function dalyMakespan(work: number, tau: number, delta: number, restart: number, mtbf: number): number {
  return mtbf * Math.exp(restart / mtbf) * (Math.exp((tau + delta) / mtbf) - 1) * (work / tau);
}

export class HpcWorkload implements Workload {
  readonly kind = 'hpc';
  readonly id: string;
  private readonly t: Times = { compute: 0, communication: 0, checkpoint: 0, lost: 0, restart: 0, downtime: 0, stage: 0 };
  private start0 = 0;
  private end = 0;
  private jobEnd = 0;
  private failures = 0;
  private checkpoints = 0;
  private checkpointSeconds = 0;
  private restarts = 0;
  private restartReadSeconds = 0;
  private drains = 0;
  private drainSeconds = 0;
  private bytesRead = 0;
  private bytesWritten = 0;
  private ranks = 0;
  private nodeCount = 0;
  /** What held the job's flows (checkpoints, restart reads, exchanges) over the time they moved data. */
  private readonly shares = new ShareClock();
  private readonly pendingDrains: SimEvent<unknown>[] = [];

  constructor(private readonly p: HpcParams) {
    this.id = p.id;
  }

  start(ctx: WorkloadContext): SimEvent<unknown> {
    const { sim, system } = ctx;
    const nodes: Node[] = [...system.nodes.values()].filter((n) => n.group === this.p.nodes);
    if (nodes.length === 0) throw new Error(`hpc ${this.id}: no node group "${this.p.nodes}"`);
    this.nodeCount = nodes.length;
    this.ranks = nodes.length * this.p.ranksPerNode;
    this.start0 = sim.now;
    const job = sim.process(this.run(ctx, nodes), `${this.id}`);
    const self = this;
    const whole = sim.process((function* () {
      yield job;
      while (self.pendingDrains.length) yield self.pendingDrains.shift()!;
    })(), `${this.id}/end`);
    if (this.p.failures) {
      const failures = sim.process(this.failureSource(ctx, job), `${this.id}/failures`);
      // The failure source stops with the job, so the run ends when the job (and its drains) do.
      job.onProcessed(() => { if (failures.isAlive) failures.interrupt('job done'); });
    }
    return whole;
  }

  /** Failures: exponential gaps from the seeded stream; each interrupts the job while it runs. */
  private *failureSource(ctx: WorkloadContext, job: Process<unknown>): Generator<SimEvent<any>, void, any> {
    const rng = ctx.sim.random.stream(`${this.id}/failures`);
    const rate = 1 / this.p.failures!.mtbf;
    for (;;) {
      try {
        yield ctx.sim.timeout(rng.exponential(rate));
      } catch (e) {
        if (e instanceof Interrupt) return;
        throw e;
      }
      if (!job.isAlive) return;
      this.failures++;
      job.interrupt('node failure');
    }
  }

  private *run(ctx: WorkloadContext, nodes: Node[]): Generator<SimEvent<any>, void, any> {
    const { sim } = ctx;
    const p = this.p;
    const inFlight: Flow[] = [];
    /** Starts flows (one per node, each standing for its ranks) and waits for all of them. */
    const flows: StartFlows = (parts) => {
      const evs: SimEvent<unknown>[] = [];
      for (const x of parts) {
        const f = ctx.fluid.createFlow(x.size, x.constraints, { id: x.id, ...(x.coefs ? { coefs: x.coefs } : {}), ...(x.cap !== undefined && x.cap < Infinity ? { cap: x.cap } : {}), ...(x.count ? { count: x.count } : {}), shares: this.shares });
        const ev = sim.event<unknown>();
        f.onDone = (done) => {
          const i = inFlight.indexOf(done);
          if (i >= 0) inFlight.splice(i, 1);
          ev.succeed(done);
        };
        inFlight.push(f);
        ctx.fluid.start(f, x.latency);
        evs.push(ev);
      }
      return sim.allOf(evs);
    };
    const cancelAll = () => {
      for (const f of inFlight.splice(0)) ctx.fluid.cancel(f);
    };

    if (p.stageIn) {
      const t0 = sim.now;
      yield this.stage(ctx, p.stageIn, 'stage-in');
      this.t.stage += sim.now - t0;
    }
    const ck = p.checkpoint;
    const every = ck ? ck.everySteps : Infinity;
    let committed = 0; // steps saved in the last complete checkpoint
    let hasCheckpoint = false;
    let needRestart = false;
    let failuresSinceCommit = 0;
    while (committed < p.steps) {
      const target = Math.min(p.steps, committed + every);
      let phase: 'restart' | 'compute' | 'checkpoint' = needRestart ? 'restart' : 'compute';
      let phaseStart = sim.now;
      let segCompute = 0, segComm = 0, segStart = sim.now;
      try {
        if (needRestart) {
          yield sim.timeout(p.failures!.downtime);
          this.t.downtime += p.failures!.downtime;
          if (hasCheckpoint && ck) {
            const t1 = sim.now;
            yield this.checkpointIo(ctx, nodes, ck, 'read', flows);
            this.restartReadSeconds += sim.now - t1;
          }
          this.t.restart += sim.now - phaseStart;
          this.restarts++;
          needRestart = false;
        }
        phase = 'compute';
        phaseStart = segStart = sim.now;
        for (let s = committed; s < target; s++) {
          yield sim.timeout(p.stepTime);
          segCompute += p.stepTime;
          const c0 = sim.now;
          if (nodes.length > 1 && (p.haloBytes > 0 || p.allreduceBytes > 0)) yield this.exchange(ctx, nodes, flows);
          segComm += sim.now - c0;
        }
        if (ck && (target < p.steps || ck.final)) {
          phase = 'checkpoint';
          phaseStart = sim.now;
          yield this.checkpointIo(ctx, nodes, ck, 'write', flows);
          this.t.checkpoint += sim.now - phaseStart;
          this.checkpoints++;
          this.checkpointSeconds += sim.now - phaseStart;
          hasCheckpoint = true;
          if (ck.drainTo) this.pendingDrains.push(sim.process(this.drain(ctx, nodes, ck), `${this.id}/drain${this.checkpoints}`));
        }
        this.t.compute += segCompute;
        this.t.communication += segComm;
        committed = target;
        failuresSinceCommit = 0;
      } catch (e) {
        if (!(e instanceof Interrupt)) throw e;
        cancelAll();
        // A job whose failures come faster than it can compute and checkpoint never finishes: stop
        // with the reason rather than simulate forever.
        if (++failuresSinceCommit > 1000) {
          throw new Error(`hpc ${this.id} cannot finish: 1000 failures in a row without completing a checkpoint interval (job MTBF ${p.failures!.mtbf.toPrecision(3)} s against ${(every === Infinity ? p.steps : every) * p.stepTime} s of compute per interval plus the checkpoint and restart); checkpoint more often, or check the MTBF`);
        }
        // Everything since the last complete checkpoint is lost: the segment's finished steps, the
        // step in progress, and a checkpoint being written.
        if (phase === 'restart') this.t.restart += sim.now - phaseStart;
        else this.t.lost += sim.now - segStart;
        needRestart = true;
      }
    }
    this.jobEnd = sim.now;
    if (p.stageOut) {
      const t0 = sim.now;
      yield this.stage(ctx, p.stageOut, 'stage-out');
      this.t.stage += sim.now - t0;
    }
    this.end = sim.now;
  }

  /** Halo exchange with the two ring neighbours and a ring all-reduce, one flow per node and direction. */
  private exchange(ctx: WorkloadContext, nodes: Node[], flows: StartFlows): SimEvent<unknown> {
    const N = nodes.length, rpn = this.p.ranksPerNode;
    const parts: FlowPart[] = [];
    nodes.forEach((node, i) => {
      const right = nodes[(i + 1) % N]!, left = nodes[(i + N - 1) % N]!;
      const sides = N === 2 ? [right] : [right, left];
      for (const nb of sides) {
        const route = ctx.system.route(node.id, nb.id);
        if (!route) throw new Error(`hpc ${this.id}: no network path from ${node.id} to ${nb.id}`);
        if (this.p.haloBytes > 0) parts.push({ size: (this.p.haloBytes * rpn) / sides.length, constraints: route.constraints, latency: route.latency, id: `${this.id}/halo/${node.id}>${nb.id}` });
      }
      if (this.p.allreduceBytes > 0) {
        const route = ctx.system.route(node.id, right.id)!;
        parts.push({ size: (2 * (N - 1) * this.p.allreduceBytes) / N, constraints: route.constraints, latency: 2 * (N - 1) * route.latency, id: `${this.id}/allreduce/${node.id}` });
      }
    });
    return flows(parts);
  }

  /** All ranks write (or read back) their checkpoint: one flow per node standing for its ranks. */
  private checkpointIo(ctx: WorkloadContext, nodes: Node[], ck: NonNullable<HpcParams['checkpoint']>, dir: 'read' | 'write', flows: StartFlows): SimEvent<unknown> {
    const rpn = this.p.ranksPerNode;
    const parts = nodes.map((node, i) => {
      const tier = ctx.system.tierFor(ck.to, node);
      const file = { key: ck.layout === 'shared' ? `${this.id}/checkpoint` : `${this.id}/checkpoint/${node.id}`, size: ck.sizePerRank * rpn, index: ck.layout === 'shared' ? 0 : i };
      const rctx = { sim: ctx.sim, client: node.id };
      const a = dir === 'read' ? tier.readAccess(rctx, file, Math.min(ck.sizePerRank, 2 ** 24)) : tier.writeAccess(rctx, file, Math.min(ck.sizePerRank, 2 ** 24));
      // Each rank's checkpoint is its own request stream (object storage: its own parts, each
      // request paying the time to first byte once, parts in parallel).
      const plan = tier.requests({ ...file, size: ck.sizePerRank }, dir);
      if (tier instanceof ObjectStore) {
        if (dir === 'read') tier.gets += plan.count * rpn - tier.requests(file, 'read').count;
        else tier.puts += plan.count * rpn - tier.requests(file, 'write').count;
      }
      const route = ctx.system.route(ctx.system.endpoint(tier), node.id);
      if (!route) throw new Error(`hpc ${this.id}: no network path between ${tier.label} and ${node.id}`);
      if (dir === 'read') { tier.bytesRead += ck.sizePerRank * rpn; this.bytesRead += ck.sizePerRank * rpn; } else {
        tier.bytesWritten += ck.sizePerRank * rpn;
        this.bytesWritten += ck.sizePerRank * rpn;
        // The tier holds the two newest checkpoints (the previous one is kept until the new one is complete).
        tier.store(`${this.id}/checkpoint/${node.id}#${this.checkpoints % 2}`, ck.sizePerRank * rpn);
      }
      return { size: ck.sizePerRank, constraints: [...a.constraints, ...route.constraints], coefs: [...a.coefs, ...route.constraints.map(() => 1)], latency: a.latency + route.latency + plan.latency, cap: a.cap, count: rpn, id: `${this.id}/checkpoint-${dir}/${node.id}` };
    });
    return flows(parts);
  }

  /** Copies the checkpoint just written from its tier to the drain tier, in the background. */
  private *drain(ctx: WorkloadContext, nodes: Node[], ck: NonNullable<HpcParams['checkpoint']>): Generator<SimEvent<any>, void, any> {
    const t0 = ctx.sim.now;
    const evs = nodes.map((node) => {
      const src = ctx.system.tierFor(ck.to, node), dst = ctx.system.tierFor(ck.drainTo!, node);
      src.bytesRead += ck.sizePerRank * this.p.ranksPerNode;
      dst.bytesWritten += ck.sizePerRank * this.p.ranksPerNode;
      dst.store(`${this.id}/checkpoint/${node.id}#${this.checkpoints % 2}`, ck.sizePerRank * this.p.ranksPerNode);
      return ctx.system.move(ctx.fluid, src, dst, ck.sizePerRank * this.p.ranksPerNode, Math.min(ck.sizePerRank, 2 ** 24));
    });
    yield ctx.sim.allOf(evs);
    this.drains++;
    this.drainSeconds += ctx.sim.now - t0;
    this.end = Math.max(this.end, ctx.sim.now);
  }

  /**
   * Stage-in or stage-out: `files` files of `size` bytes in all, moved by `streams` parallel
   * streams as a transfers move does (a tape recall waits for a drive, mounts, locates, streams).
   */
  private stage(ctx: WorkloadContext, s: StageParams, what: 'stage-in' | 'stage-out'): SimEvent<unknown> {
    if (what === 'stage-in') this.bytesRead += s.size; else this.bytesWritten += s.size;
    const t = new TransfersWorkload(`${this.id}/${what}`, [{ id: what, from: s.from, to: s.to, size: s.size, files: s.files, opSize: 2 ** 24, streams: s.streams, start: 0 }]);
    return t.start(ctx);
  }

  report(): WorkloadReport {
    const p = this.p;
    const work = p.steps * p.stepTime;
    const delta = this.checkpoints > 0 ? this.checkpointSeconds / this.checkpoints : 0;
    const mtbf = p.failures?.mtbf ?? null;
    const restart = p.failures ? p.failures.downtime + (this.restarts > 0 && this.restartReadSeconds > 0 ? this.restartReadSeconds / this.restarts : delta) : null;
    const stepWall = p.steps > 0 ? (this.t.compute + this.t.communication) / p.steps : 0;
    const tau = p.checkpoint ? p.checkpoint.everySteps * stepWall : null;
    return {
      id: this.id, kind: this.kind, start: this.start0, end: Math.max(this.end, this.jobEnd), makespan: Math.max(this.end, this.jobEnd) - this.start0,
      jobMakespan: this.jobEnd - this.start0,
      ...(p.nodeHourPrice !== undefined ? { computeCost: this.nodeCount * (Math.max(this.end, this.jobEnd) - this.start0) * p.nodeHourPrice } : {}),
      bytesRead: this.bytesRead, bytesWritten: this.bytesWritten,
      ranks: this.ranks, nodes: this.nodeCount, steps: p.steps, usefulWork: work,
      efficiency: this.jobEnd > this.start0 ? work / (this.jobEnd - this.start0) : 0,
      time: { ...this.t },
      checkpoints: this.checkpoints, checkpointTime: delta, drains: this.drains, drainTime: this.drains ? this.drainSeconds / this.drains : 0,
      failures: this.failures, restarts: this.restarts,
      ...(mtbf !== null && tau !== null && delta > 0 ? {
        mtbf, restartTime: restart, checkpointInterval: tau,
        youngInterval: youngInterval(delta, mtbf), dalyInterval: dalyInterval(delta, mtbf),
        dalyExpectedMakespan: dalyMakespan(work + this.t.communication, tau, delta, restart!, mtbf),
      } : {}),
      bottleneck: this.shares.ranked((c) => resourceClass(c.id))[0] ?? null, // alike resources together: "lustre:ost*:write"
    };
  }
}
