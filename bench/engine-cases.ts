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

// The M/M/c check lives with the models (src/workloads/mmc.ts); tests and `tiersim reproduce` use it.
export { mmc, erlangCWq } from '../src/workloads/mmc.ts';
