import type { Timeline } from './timeline.ts';
/**
 * The result of a run: a plain, JSON-serialisable object. Reports and charts are pure functions of
 * it. Key order and content depend only on the scenario and the seed (no wall-clock, no paths), so
 * the same inputs give byte-identical JSON.
 */
import type { WorkloadReport, ActivityRecord } from '../workloads/context.ts';

export interface ResourceReport {
  id: string;
  kind: string;
  owner: string;
  /** Units per second (bytes/s, ops/s, FLOP/s). */
  capacity: number;
  /** Units carried by completed flows. */
  carried: number;
  /** carried / (capacity × simulated time). */
  utilization: number;
  /**
   * Share of the time flows were in flight during which this resource set their rates, each
   * instant divided equally among the flows in flight then (so a phase counts for its duration,
   * not for its number of flows). Over all resources the shares add up to 1.
   */
  bottleneckShare: number;
}

export interface TierReport {
  id: string;
  kind: string;
  node: string | null;
  capacity: number | null;
  used: number;
  peakUsed: number;
  bytesRead: number;
  bytesWritten: number;
  evictions: number;
  /** A tape library's drives: requests (recalls and writes), mounts, the mean wait for a drive (s), the share of the run the drives were busy (granted to a request) and the share of that busy time spent rewinding, unloading, exchanging, loading and locating rather than streaming. */
  drives?: { count: number; requests: number; recalls: number; mounts: number; meanWait: number; busy: number; positioning: number };
  /** Storage cost of the peak bytes held for the simulated time, requests and egress (USD). */
  cost: number;
}

/** What the run costs, in US dollars. */
export interface CostReport {
  total: number;
  /** Accelerator-hours x price (ai-training workloads with gpuHourPrice). */
  compute: number;
  /** Bytes held x $/B/s x time, on tiers with a price. */
  storage: number;
  /** Object-storage requests. */
  requests: number;
  /** Object-storage bytes out. */
  egress: number;
}

export interface Bottleneck {
  resource: string;
  kind: string;
  owner: string;
  share: number;
}

export interface RunResult {
  tiersim: string;
  scenario: string;
  format: 'tiersim' | 'reference';
  seed: string;
  /** Names of the random streams the run drew from (empty: the result does not depend on the seed). */
  randomStreams: string[];
  /** Simulated time at the end of the run (s). */
  simulatedTime: number;
  /** False when the run stopped at --until with work left. */
  finished: boolean;
  events: number;
  bottleneck: Bottleneck | null;
  cost: CostReport;
  workloads: WorkloadReport[];
  tiers: TierReport[];
  resources: ResourceReport[];
  /** The scenario document as run (after --set), written by `tiersim run` for provenance and `tiersim compare`. */
  input?: unknown;
  /** Reference cases: the network model the transfers ran under ("pure max-min", "CM02 (...)", "LV08"). */
  networkModel?: string;
  /** Utilization over time of the busiest resource classes (tiersim scenarios only). */
  timeline?: Timeline;
  activities: (ActivityRecord | { id: string; kind: string; start: number; end: number | null; size: number; bottleneck: string | null })[];
}
