// The utilization sampler: reads use per resource class over time, and never keeps a run going.
import { Simulation } from '../../src/engine/simulation.ts';
import { FluidModel } from '../../src/resources/sharing/fluid.ts';
import { Constraint } from '../../src/resources/sharing/maxmin.ts';
import { UtilizationSampler } from '../../src/scenario/timeline.ts';

test('a sampler alone does not keep the simulation running', () => {
  const sim = new Simulation();
  const s = new UtilizationSampler(sim, [new Constraint('x', 1)]);
  s.start();
  sim.run();
  expect(sim.now).toBe(0);
});

test('a stuck process plus the sampler still ends the run', () => {
  const sim = new Simulation();
  const never = sim.event();
  sim.process((function* () { yield sim.timeout(5); yield never; })(), 'stuck');
  const s = new UtilizationSampler(sim, [new Constraint('x', 1)]);
  s.start();
  sim.run();
  expect(sim.now).toBeLessThan(5.1);
});

test('utilization per class: two OSTs, one busy, read as 50% of the class', () => {
  const sim = new Simulation();
  const fluid = new FluidModel(sim);
  const a = new Constraint('pfs:ost0:read', 1), b = new Constraint('pfs:ost1:read', 1);
  fluid.transfer(10, [a]);
  const s = new UtilizationSampler(sim, [a, b], 256, 0.5); // started once there is work, as runScenario does
  s.start();
  sim.run();
  const t = s.result();
  expect(t.series.map((x) => x.resource)).toEqual(['pfs:ost*:read']);
  const mid = t.times.findIndex((x) => x >= 5);
  expect(t.series[0]!.utilization[mid]).toBeCloseTo(0.5, 9);
});
