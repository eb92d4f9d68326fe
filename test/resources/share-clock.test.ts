// A workload's bottleneck shares (ShareClock), kept by the fluid model: each instant divided among
// the workload's flows in flight, each flow's part going to what holds it at that instant.
import { Simulation } from '../../src/engine/simulation.ts';
import { FluidModel } from '../../src/resources/sharing/fluid.ts';
import { Constraint } from '../../src/resources/sharing/maxmin.ts';
import { ShareClock } from '../../src/resources/sharing/share-clock.ts';

test('a flow held by one link, then by another, counts for each in turn', () => {
  const sim = new Simulation();
  const fluid = new FluidModel(sim);
  const l1 = new Constraint('l1', 2), l2 = new Constraint('l2', 1.5);
  const w = new ShareClock(), other = new ShareClock();
  // f crosses l1 and l2, g only l1: 0-1 s both get 1 on l1 (f's 1 < l2's 1.5): l1 holds f; g (1
  // unit) ends at 1 s; then f alone is held by l2 at 1.5: its last 1.5 units take 1 s.
  let fEnd = NaN;
  fluid.transfer(2.5, [l1, l2], { shares: w }).onProcessed(() => void (fEnd = sim.now));
  fluid.transfer(1, [l1], { shares: other });
  sim.run();
  expect(fEnd).toBeCloseTo(2, 12);
  expect(w.ranked()).toEqual([{ resource: 'l1', share: expect.closeTo(0.5, 12) }, { resource: 'l2', share: expect.closeTo(0.5, 12) }]);
  expect(other.ranked()).toEqual([{ resource: 'l1', share: 1 }]);
});

test('the instants are divided among the clock\'s own flows in flight; flows of two clocks on one route keep max-min rates', () => {
  const sim = new Simulation();
  const fluid = new FluidModel(sim);
  const disk = new Constraint('disk', 1), nic = new Constraint('nic', 10), cap = new Constraint('cap', 0.25);
  const w = new ShareClock(), v = new ShareClock();
  const ends: number[] = [];
  // w: 3 flows over [disk, nic] and one over [cap, nic]; v: one over [disk, nic] (a class of its own).
  // The 4 disk flows share the disk, 0.25 each: their 0.375 take 1.5 s; the cap holds its flow at
  // 0.25 (size 1) to 4 s.
  for (const clock of [w, w, w, v]) fluid.transfer(0.375, [disk, nic], { shares: clock }).onProcessed(() => void ends.push(sim.now));
  fluid.transfer(1, [cap, nic], { shares: w }).onProcessed(() => void ends.push(sim.now));
  sim.run();
  expect(ends.slice(0, 4)).toEqual(Array(4).fill(expect.closeTo(1.5, 12)));
  expect(ends[4]).toBeCloseTo(4, 12);
  // w: 0-1.5 s, 4 of its flows in flight (v's is not counted), 3 held by the disk: disk 1.125 s, cap
  // 0.375 s; 1.5-4 s: the cap flow alone, 2.5 s
  expect(w.ranked()).toEqual([{ resource: 'cap', share: expect.closeTo(2.875 / 4, 12) }, { resource: 'disk', share: expect.closeTo(1.125 / 4, 12) }]);
  expect(v.ranked()).toEqual([{ resource: 'disk', share: 1 }]);
  // a cancelled flow leaves the division at once
  const sim2 = new Simulation();
  const f2 = new FluidModel(sim2);
  const a = new Constraint('a', 1), b = new Constraint('b', 1);
  const u = new ShareClock();
  const x = f2.createFlow(10, [a], { shares: u });
  f2.start(x);
  f2.transfer(2, [b], { shares: u });
  sim2.callAt(1, () => f2.cancel(x));
  sim2.run();
  // 0-1 s: x on a, y on b (half each); 1-2 s: y alone on b
  expect(u.ranked()).toEqual([{ resource: 'b', share: expect.closeTo(1.5 / 2, 12) }, { resource: 'a', share: expect.closeTo(0.5 / 2, 12) }]);
});
