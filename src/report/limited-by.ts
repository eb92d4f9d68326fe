/**
 * What limits a training run, in words people use: the accelerators themselves when they are
 * (almost) never kept waiting, else the largest loss by its cause (the resource that held the flows
 * when the cause is reading). Used by the summary's bottleneck sentence, the sweep charts and the
 * sweep table's `limitedBy` column.
 */

/** A training run whose accelerators compute at least this share of the time is limited by them, not by I/O. */
export const COMPUTE_BOUND_AU = 0.99;

export const COMPUTE_LABEL = 'accelerators (compute)';

/** Labels of the causes that are not a resource of the data's flows (sweep tables and charts). */
const CAUSE_LABEL: Record<Exclude<TrainingLimit, 'compute' | 'storage'>, string> = {
  preprocessing: 'loader CPU (preprocessing)', handoff: 'batch hand-off to accelerators', communication: 'communication',
  stragglers: 'stragglers', checkpoints: 'checkpoints',
};

/**
 * A sweep point's limit, in one label: the accelerators, a cause other than reading (when the point
 * recorded one), else the resource that held the flows.
 */
export function limitedBy(r: { bottleneck?: string | null; acceleratorUtilization?: number | null; limit?: TrainingLimit }): string {
  if (r.limit === 'compute' || (typeof r.acceleratorUtilization === 'number' && r.acceleratorUtilization >= COMPUTE_BOUND_AU)) return COMPUTE_LABEL;
  if (r.limit !== undefined && r.limit !== 'storage') return CAUSE_LABEL[r.limit];
  return r.bottleneck ?? 'none';
}

/** What a training workload's accelerators lose their time to, besides computing. */
export type TrainingLimit = 'compute' | 'storage' | 'preprocessing' | 'handoff' | 'communication' | 'stragglers' | 'checkpoints';

export interface TrainingFigures {
  acceleratorUtilization: number;
  stallFractions: { io: number; communication: number; checkpoint: number; straggler?: number };
  /** The I/O stall by cause (adds up to stallFractions.io); without it, all of it is storage. */
  ioStallCauses?: { storage: number; preprocessing: number; handoff: number };
}

/**
 * The largest of a training run's losses, named by its cause: waiting for data split into storage,
 * the loaders' CPU preprocessing and the hand-off of batches to the accelerators (faster storage
 * helps only the first); `compute` when the accelerators compute at least COMPUTE_BOUND_AU of the time.
 */
export function trainingLimit(w: TrainingFigures): { limit: TrainingLimit; share: number } {
  if (w.acceleratorUtilization >= COMPUTE_BOUND_AU) return { limit: 'compute', share: w.acceleratorUtilization };
  const s = w.stallFractions, io = w.ioStallCauses ?? { storage: s.io, preprocessing: 0, handoff: 0 };
  const losses: [TrainingLimit, number][] = [
    ['storage', io.storage], ['preprocessing', io.preprocessing], ['handoff', io.handoff],
    ['communication', s.communication], ['stragglers', s.straggler ?? 0], ['checkpoints', s.checkpoint],
  ];
  let best = losses[0]!;
  for (const l of losses) if (l[1] > best[1]) best = l;
  return { limit: best[0], share: best[1] };
}
