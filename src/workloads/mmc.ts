/**
 * The M/M/c queue, the textbook check of the engine: Poisson arrivals, one FIFO queue in front of a
 * Resource of c servers, exponential service. The mean wait in queue is compared with Erlang C
 * (test/engine/queueing.test.ts, and `tiersim reproduce`), with a batch-means 99% confidence interval.
 */
import { Simulation } from '../engine/simulation.ts';
import { Resource } from '../engine/resources.ts';
import { batchMeans99 } from './batch-means.ts';

export interface MmcResult {
  /** Mean wait in queue over all customers (s). */
  meanWait: number;
  /** Half-width of the 99% confidence interval of the mean (batch means, t with batches-1 dof). */
  ci99HalfWidth: number;
  /** Erlang C's mean wait in queue. */
  theory: number;
}

export function mmc(c: number, lambda: number, mu: number, customers: number, seed = 42, batches = 20): MmcResult {
  const sim = new Simulation({ seed });
  const server = new Resource(sim, { capacity: c, name: 'server' });
  const arr = sim.random.stream('interarrival');
  const svc = sim.random.stream('service');
  const waits = new Float64Array(customers);
  function* customer(k: number, service: number) {
    const t0 = sim.now;
    const req = server.request();
    yield req;
    waits[k] = sim.now - t0;
    yield sim.timeout(service);
    req.release();
  }
  sim.process((function* () {
    for (let k = 0; k < customers; k++) {
      sim.process(customer(k, svc.exponential(mu)));
      yield sim.timeout(arr.exponential(lambda));
    }
  })());
  sim.run();
  const r = batchMeans99(waits, batches);
  return { meanWait: r.mean, ci99HalfWidth: r.ci99HalfWidth, theory: erlangCWq(c, lambda, mu) };
}

/** Analytic mean wait in queue of M/M/c (Erlang C). */
export function erlangCWq(c: number, lambda: number, mu: number): number {
  const a = lambda / mu, rho = lambda / (c * mu);
  let fact = 1, sum = 0;
  for (let k = 0; k < c; k++) {
    if (k > 0) fact *= k;
    sum += a ** k / fact;
  }
  const top = a ** c / (fact * (c > 0 ? c : 1)) / (1 - rho);
  return top / (sum + top) / (c * mu - lambda);
}

/**
 * Exact mean value analysis of a closed loop: n clients, each thinking for a mean time `think`, then
 * visiting one queueing station with service demand `demand` (FIFO with exponential service, or
 * processor sharing with any service distribution). Returns the mean response time at the station.
 */
export function mvaResponseTime(n: number, demand: number, think: number): number {
  let q = 0, r = 0;
  for (let k = 1; k <= n; k++) {
    r = demand * (1 + q);
    q = (k / (r + think)) * r;
  }
  return r;
}
