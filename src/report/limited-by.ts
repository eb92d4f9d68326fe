/**
 * What limits a training run, in words people use: the accelerators themselves when they are
 * (almost) never kept waiting for data, else the resource that held the flows. Used by the summary's
 * bottleneck sentence, the sweep charts and the sweep table's `limitedBy` column.
 */

/** A training run whose accelerators compute at least this share of the time is limited by them, not by I/O. */
export const COMPUTE_BOUND_AU = 0.99;

export const COMPUTE_LABEL = 'accelerators (compute)';

export function limitedBy(r: { bottleneck?: string | null; acceleratorUtilization?: number | null }): string {
  return typeof r.acceleratorUtilization === 'number' && r.acceleratorUtilization >= COMPUTE_BOUND_AU ? COMPUTE_LABEL : (r.bottleneck ?? 'none');
}
