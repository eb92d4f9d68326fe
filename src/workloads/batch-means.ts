/**
 * The mean of a simulation output series and its 99% confidence interval by the method of batch
 * means: the series (in the order it was produced) is cut into equal consecutive batches, whose
 * means are nearly independent; the interval is t(0.995, batches - 1) x their standard deviation /
 * sqrt(batches). Used by the M/M/c check (mmc.ts) and the requests workload.
 */

/** Student t quantiles t(0.995, dof) for the batch counts allowed. */
const T995: Record<number, number> = { 9: 3.25, 19: 2.861, 29: 2.756, 39: 2.708 };

export function batchMeans99(values: ArrayLike<number>, batches = 20): { mean: number; ci99HalfWidth: number } {
  const t = T995[batches - 1];
  if (t === undefined) throw new RangeError(`batches must be 10, 20, 30 or 40, got ${batches}`);
  const n = values.length, per = Math.floor(n / batches);
  if (per === 0) throw new RangeError(`${n} values cannot make ${batches} batches`);
  let total = 0;
  const means = new Float64Array(batches);
  for (let b = 0; b < batches; b++) {
    // the last batch takes the remainder
    const end = b === batches - 1 ? n : (b + 1) * per;
    let s = 0;
    for (let i = b * per; i < end; i++) s += values[i]!;
    total += s;
    means[b] = s / (end - b * per);
  }
  let m = 0;
  for (const x of means) m += x / batches;
  let ss = 0;
  for (const x of means) ss += (x - m) ** 2;
  return { mean: total / n, ci99HalfWidth: (t * Math.sqrt(ss / (batches - 1))) / Math.sqrt(batches) };
}
