// M/M/1 and M/M/4 against queueing theory: the mean wait in queue (Erlang C) must lie inside the
// 99% batch-means confidence interval of a 1e6-customer run.
import { mmc, erlangCWq } from '../../src/workloads/mmc.ts';

describe('queueing theory', () => {
  test('Erlang C: M/M/1 at rho 0.8 waits 4.0; M/M/4 at lambda 3.2 waits 0.7455', () => {
    expect(erlangCWq(1, 0.8, 1)).toBeCloseTo(4.0, 12);
    expect(erlangCWq(4, 3.2, 1)).toBeCloseTo(0.7455, 4);
  });

  test('M/M/1 (lambda 0.8, mu 1, 1e6 customers): the 99% CI of the mean wait contains 4.0', () => {
    const r = mmc(1, 0.8, 1, 1_000_000, 42);
    expect(Math.abs(r.meanWait - 4.0)).toBeLessThanOrEqual(r.ci99HalfWidth);
    expect(r.ci99HalfWidth).toBeLessThan(0.2); // the interval is informative, not just wide
  });

  test('M/M/4 (lambda 3.2, mu 1, 1e6 customers): the 99% CI contains 0.7455', () => {
    const r = mmc(4, 3.2, 1, 1_000_000, 42);
    expect(Math.abs(r.meanWait - 0.7455)).toBeLessThanOrEqual(r.ci99HalfWidth);
    expect(r.ci99HalfWidth).toBeLessThan(0.05);
  });
});
