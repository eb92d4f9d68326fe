/**
 * Engine microbenchmarks, the same as ../shared/reference/simpy/bench_simpy.py. The functions take
 * the engine classes as an argument so the benchmark can run the built bundle (what users run) and
 * the tests the sources.
 */
import * as source from '../src/engine/index.ts';

export interface Engine {
  Simulation: typeof source.Simulation;
  Resource: typeof source.Resource;
}

export function timeouts1proc(n = 1_000_000, { Simulation }: Engine = source): { timeouts: number; finalNow: number } {
  const sim = new Simulation();
  sim.process((function* () {
    for (let i = 0; i < n; i++) yield sim.timeout(1);
  })());
  sim.run();
  return { timeouts: n, finalNow: sim.now };
}

export function timeouts10kproc(procs = 10_000, steps = 100, { Simulation }: Engine = source): { timeouts: number; finalNow: number } {
  const sim = new Simulation();
  const body = function* (delay: number) {
    for (let i = 0; i < steps; i++) yield sim.timeout(delay);
  };
  for (let i = 0; i < procs; i++) sim.process(body(1 + (i % 10)));
  sim.run();
  return { timeouts: procs * steps, finalNow: sim.now };
}

/** M/M/c: Poisson arrivals, FIFO queue on a Resource(c), exponential service; batch-means 95% CI. */
export function mmc(c: number, lambda: number, mu: number, customers: number, seed = 42, batches = 20, { Simulation, Resource }: Engine = source) {
  const sim = new Simulation({ seed });
  const server = new Resource(sim, { capacity: c, name: 'server' });
  const arr = sim.random.stream('interarrival');
  const svc = sim.random.stream('service');
  const perBatch = Math.floor(customers / batches);
  const batchSum = new Float64Array(batches);
  function* customer(k: number, service: number) {
    const t0 = sim.now;
    const req = server.request();
    yield req;
    batchSum[Math.min(Math.floor(k / perBatch), batches - 1)]! += sim.now - t0;
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
  const means = Array.from(batchSum, (s) => s / perBatch);
  const wq = batchSum.reduce((a, b) => a + b, 0) / customers;
  const m = means.reduce((a, b) => a + b, 0) / batches;
  const sd = Math.sqrt(means.reduce((a, b) => a + (b - m) ** 2, 0) / (batches - 1));
  const half = (2.861 * sd) / Math.sqrt(batches); // t(0.995, 19 dof): a 99% interval
  return { meanWait: wq, ci99HalfWidth: half, theory: erlangCWq(c, lambda, mu) };
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
