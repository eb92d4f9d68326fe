/**
 * What a workload is handed (d3-force style plugins): the simulation, the fluid model, the built
 * system, the seeded random source and the recorder. Workloads start processes and report.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { FluidModel } from '../resources/sharing/fluid.ts';
import type { System } from '../topology/system.ts';

/** One recorded activity: a transfer, an I/O, a move between tiers. */
export interface ActivityRecord {
  id: string;
  kind: string;
  workload?: string;
  start: number;
  end: number;
  bytes: number;
  from?: string;
  to?: string;
  /** Id of the constraint that held the flow at the end (its bottleneck). */
  bottleneck?: string;
}

export class Recorder {
  readonly activities: ActivityRecord[] = [];
  add(a: ActivityRecord): void {
    this.activities.push(a);
  }
}

export interface WorkloadContext {
  sim: Simulation;
  fluid: FluidModel;
  system: System;
  recorder: Recorder;
  /** Share bandwidth in proportion to 1/route latency (SimGrid's CM02 weighting) instead of pure max-min. */
  rttWeighted: boolean;
}

/** Summary a workload gives of itself after the run. */
export interface WorkloadReport {
  id: string;
  kind: string;
  start: number;
  end: number;
  /** Wall-clock span of the workload in simulated seconds. */
  makespan: number;
  bytesRead: number;
  bytesWritten: number;
  [key: string]: unknown;
}

export interface Workload {
  readonly id: string;
  readonly kind: string;
  /** Starts the workload's processes; the returned event succeeds when it has finished. */
  start(ctx: WorkloadContext): import('../engine/event.ts').SimEvent<unknown>;
  report(): WorkloadReport;
}
