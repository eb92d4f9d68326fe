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

/**
 * bench_simpy.py's mmc(): customers arrive (Poisson), queue FIFO for one of `c` servers (a
 * Resource), hold an exponential service time; interarrival and service times from two streams,
 * drawn in arrival order. Returns the mean wait in queue (the batch means are left out: they cost
 * nothing next to the run, in both tools).
 */
export function mmcRun(c: number, lambda: number, mu: number, customers: number, { Simulation, Resource }: Engine = source): { meanWait: number; finalNow: number } {
  const sim = new Simulation({ seed: 42 });
  const server = new Resource(sim, { capacity: c, name: 'server' });
  const arr = sim.random.stream('interarrival'), svc = sim.random.stream('service');
  let waited = 0;
  function* customer(service: number) {
    const t0 = sim.now;
    const req = server.request();
    yield req;
    waited += sim.now - t0;
    yield sim.timeout(service);
    req.release();
  }
  sim.process((function* () {
    for (let k = 0; k < customers; k++) {
      sim.process(customer(svc.exponential(mu)));
      yield sim.timeout(arr.exponential(lambda));
    }
  })());
  sim.run();
  return { meanWait: waited / customers, finalNow: sim.now };
}

// The M/M/c check lives with the models (src/workloads/mmc.ts); tests and `tiersim reproduce` use it.
export { mmc, erlangCWq } from '../src/workloads/mmc.ts';
