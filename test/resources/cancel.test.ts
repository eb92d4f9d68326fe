// Cancelling a flow (a failed node's I/O) frees its share at once for the others.
import { Simulation } from '../../src/engine/simulation.ts';
import { FluidModel } from '../../src/resources/sharing/fluid.ts';
import { Constraint } from '../../src/resources/sharing/maxmin.ts';

describe('FluidModel.cancel', () => {
  test('the other flow speeds up from the cancel on; carried counts the part moved', () => {
    const sim = new Simulation();
    const fluid = new FluidModel(sim);
    const link = new Constraint('link', 1);
    const a = fluid.createFlow(10, [link], { id: 'a' });
    const ends: Record<string, number> = {};
    a.onDone = () => { ends.a = sim.now; };
    fluid.start(a);
    const b = fluid.transfer(10, [link], { id: 'b' });
    b.onProcessed(() => { ends.b = sim.now; });
    sim.callAt(2, () => fluid.cancel(a));
    sim.run();
    // 0..2 s: 0.5 each; then b alone at 1: 9 left -> ends at 11. a never completes.
    expect(ends.b).toBeCloseTo(11, 12);
    expect(ends.a).toBeUndefined();
    expect(a.cancelled).toBe(true);
    expect(link.carried).toBeCloseTo(11, 9);
  });

  test('a flow cancelled during its latency never starts', () => {
    const sim = new Simulation();
    const fluid = new FluidModel(sim);
    const link = new Constraint('link', 1);
    const a = fluid.createFlow(10, [link], { id: 'a' });
    fluid.start(a, 5);
    const b = fluid.transfer(4, [link], { id: 'b', latency: 6 });
    let tb = NaN;
    b.onProcessed(() => { tb = sim.now; });
    sim.callAt(1, () => fluid.cancel(a));
    sim.run();
    expect(tb).toBeCloseTo(10, 12);
    expect(link.carried).toBeCloseTo(4, 12);
  });

  test('cancelling one of many members of a class keeps the rest on time', () => {
    const sim = new Simulation();
    const fluid = new FluidModel(sim);
    const link = new Constraint('link', 4);
    const flows = [1, 2, 3, 4].map((k) => fluid.createFlow(4 * k, [link], { id: `f${k}` }));
    const ends: number[] = [];
    flows.forEach((f, i) => { f.onDone = () => { ends[i] = sim.now; }; fluid.start(f); });
    sim.callAt(1, () => fluid.cancel(flows[2]!));
    sim.run();
    // 0..1: four at 1 each (f1 has 3 left, f2 7, f4 15); then three at 4/3: f1 at 1+2.25=3.25,
    // f2: 7-3=4 left at 2 -> 5.25; f4: 15-3-4=8 at 4 -> 7.25.
    expect(ends[0]).toBeCloseTo(3.25, 12);
    expect(ends[1]).toBeCloseTo(5.25, 12);
    expect(ends[2]).toBeUndefined();
    expect(ends[3]).toBeCloseTo(7.25, 12);
  });
});
