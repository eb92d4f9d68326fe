// FluidModel.sharedRoute: one copy of each recurring route (constraints and coefficients), so flows
// made over it per batch share arrays; routes that differ in a constraint or a coefficient stay apart.
import { Simulation } from '../../src/engine/simulation.ts';
import { FluidModel } from '../../src/resources/sharing/fluid.ts';
import { Constraint } from '../../src/resources/sharing/maxmin.ts';

test('the same parts give the same arrays; another coefficient or constraint another route', () => {
  const fluid = new FluidModel(new Simulation());
  const [a, b, c] = [new Constraint('a', 1), new Constraint('b', 2), new Constraint('c', 3)];
  const r1 = fluid.sharedRoute({ constraints: [a], coefs: [0.5] }, { constraints: [b] }, { constraints: [c], coefs: [2] });
  const r2 = fluid.sharedRoute({ constraints: [a, b], coefs: [0.5, 1] }, { constraints: [c], coefs: [2] });
  expect(r2).toBe(r1);
  expect(r1.constraints).toEqual([a, b, c]);
  expect([...r1.coefs]).toEqual([0.5, 1, 2]);
  expect(fluid.sharedRoute({ constraints: [a, b, c], coefs: [0.5, 1, 1] })).not.toBe(r1);
  expect(fluid.sharedRoute({ constraints: [a, c, b], coefs: [0.5, 2, 1] })).not.toBe(r1);
  // a prefix of a route is a route of its own
  expect(fluid.sharedRoute({ constraints: [a], coefs: [0.5] }).constraints).toEqual([a]);
});

test('flows over a shared route get the rates of flows over copies of it', () => {
  const run = (shared: boolean): number[] => {
    const sim = new Simulation();
    const fluid = new FluidModel(sim);
    const [link, disk] = [new Constraint('link', 10), new Constraint('disk', 4)];
    const ends: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = shared ? fluid.sharedRoute({ constraints: [link, disk], coefs: [1, 0.5] }) : { constraints: [link, disk], coefs: [1, 0.5] };
      fluid.transfer(10 * (i + 1), r.constraints, { coefs: r.coefs }).onProcessed(() => ends.push(sim.now));
    }
    sim.run();
    return ends;
  };
  // disk 4 at 0.5 a unit: 8 units/s shared by three, then two, then one: 10 / (8/3) = 3.75 s, ...
  expect(run(true)).toEqual(run(false));
  expect(run(true)[0]).toBeCloseTo(3.75, 12);
});
