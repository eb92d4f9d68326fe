// Property tests of the max-min solver on random flow sets over random topologies (fast-check):
// no constraint above capacity; every flow held by a saturated constraint on which it has the
// largest weighted rate, or by its own bound; and in time, bytes moved equal bytes requested.
import fc from 'fast-check';
import { Constraint, Flow, MaxMinSystem, isTight, type FlowClass } from '../../src/resources/sharing/maxmin.ts';
import { FluidModel } from '../../src/resources/sharing/fluid.ts';
import { Simulation } from '../../src/engine/index.ts';

const topology = fc.record({
  // Some capacities repeat exactly (equal links, as in a tree): ties and the grouped load bounds.
  capacities: fc.array(fc.oneof(fc.constantFrom(1, 10, 100), fc.double({ min: 1, max: 1000, noNaN: true })), { minLength: 1, maxLength: 12 }),
  flows: fc.array(fc.record({
    picks: fc.uniqueArray(fc.nat({ max: 11 }), { minLength: 1, maxLength: 4 }),
    weight: fc.oneof(fc.constant(1), fc.double({ min: 0.1, max: 10, noNaN: true })),
    cap: fc.oneof(fc.constant(Infinity), fc.double({ min: 0.5, max: 500, noNaN: true })),
    coef: fc.oneof(fc.constant(1), fc.double({ min: 0.01, max: 4, noNaN: true })),
    size: fc.double({ min: 1, max: 1e4, noNaN: true }),
    start: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 20, noNaN: true })),
  }), { minLength: 1, maxLength: 25 }),
});

type Topo = typeof topology extends fc.Arbitrary<infer T> ? T : never;

function build(t: Topo) {
  const cs = t.capacities.map((c, i) => new Constraint(`c${i}`, c));
  const flows = t.flows.map((f, i) => {
    const picks = f.picks.map((p) => p % cs.length).filter((p, k, a) => a.indexOf(p) === k);
    const constraints = picks.map((p) => cs[p]!);
    // Unit coefficients are left out, as callers do (such classes get the grouped load bounds).
    const coefs = f.coef === 1 ? undefined : constraints.map((_, k) => (k === 0 ? f.coef : 1));
    return new Flow(`f${i}`, f.size, constraints, f.weight, f.cap, coefs);
  });
  return { cs, flows };
}

describe('max-min allocation properties', () => {
  test('no constraint over capacity; every flow held by a saturated constraint where it is (weighted) largest, or by its own bound', () => {
    fc.assert(fc.property(topology, (t) => {
      const { cs, flows } = build(t);
      const sys = new MaxMinSystem();
      const classes = new Set<FlowClass>();
      for (const f of flows) {
        const cls = sys.classOf(f);
        sys.addMember(cls);
        f.cls = cls;
        classes.add(cls);
      }
      sys.solve([], () => {}, [...classes]);
      const tol = 1e-9;
      const all = new Set<Constraint>(cs);
      for (const cls of classes) for (const c of cls.constraints) all.add(c);
      for (const c of all) expect(c.load).toBeLessThanOrEqual(c.capacity * (1 + tol) + 1e-12);
      for (const cls of classes) {
        expect(cls.rate).toBeGreaterThan(0);
        const b = cls.bottleneck!;
        expect(cls.constraints.includes(b) || b.kind === "cap").toBe(true);
        const atOwnBound = Math.abs(cls.rate - cls.ub) <= tol * cls.ub;
        const saturated = b.load >= b.capacity * (1 - 1e-7);
        const largest = b.classes.every((o) => o.rate * o.weight <= cls.rate * cls.weight * (1 + 1e-7));
        expect(atOwnBound || (saturated && largest)).toBe(true);
      }
    }), { numRuns: 300 });
  });

  test('in time: every flow completes and each constraint carries exactly the bytes requested through it', () => {
    fc.assert(fc.property(topology, (t) => {
      const { cs, flows } = build(t);
      const sim = new Simulation();
      const fluid = new FluidModel(sim);
      const ends = new Map<string, number>();
      t.flows.forEach((spec, i) => {
        const f = flows[i]!;
        sim.callAt(spec.start, () => {
          f.onDone = () => ends.set(f.id, sim.now);
          fluid.start(f, 0);
        });
      });
      sim.run();
      expect(ends.size).toBe(flows.length);
      for (const c of cs) {
        let expected = 0;
        for (const f of flows) {
          const k = f.constraints.indexOf(c);
          if (k >= 0) expected += f.size * (f.coefs ? f.coefs[k]! : 1);
        }
        expect(Math.abs(c.carried - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, expected));
      }
      // a flow can never finish faster than its size over its upper bound
      t.flows.forEach((spec, i) => {
        const f = flows[i]!;
        let ub = f.cap;
        f.constraints.forEach((c, k) => (ub = Math.min(ub, c.capacity / (f.coefs ? f.coefs[k]! : 1))));
        expect(ends.get(f.id)! - spec.start).toBeGreaterThanOrEqual((f.size / ub) * (1 - 1e-9));
      });
    }), { numRuns: 200 });
  });
});

describe('solver closed forms', () => {
  test('two flows on one link share it equally; a third capped flow takes only its cap (bottleneck = its cap)', () => {
    // closed form: capacity 10, flow c capped at 2 -> a = b = (10 - 2) / 2 = 4
    const link = new Constraint('link', 10);
    const sim = new Simulation();
    const fluid = new FluidModel(sim);
    const a = fluid.createFlow(100, [link], { id: 'a' });
    const b = fluid.createFlow(100, [link], { id: 'b' });
    const c = fluid.createFlow(100, [link], { id: 'c', cap: 2 });
    for (const f of [a, b, c]) fluid.start(f);
    sim.run(1e-9);
    expect(a.rate).toBeCloseTo(4, 12);
    expect(b.rate).toBeCloseTo(4, 12);
    expect(c.rate).toBeCloseTo(2, 12);
    expect(a.bottleneck!.id).toBe('link');
    expect(c.bottleneck!.kind).toBe('cap');
  });

  test('a flow alone on idle links fills its narrowest link without a solve; a second one shares it', () => {
    const a = new Constraint('a', 5), b = new Constraint('b', 20);
    const sim = new Simulation();
    const fluid = new FluidModel(sim);
    const f1 = fluid.createFlow(100, [a, b]);
    fluid.start(f1);
    expect(fluid.system.solves).toBe(0);
    expect(f1.rate).toBe(5);
    expect(f1.bottleneck!.id).toBe('a');
    const f2 = fluid.createFlow(100, [b, a]);
    fluid.start(f2);
    sim.run(1e-9);
    expect(fluid.system.solves).toBe(1);
    expect(f1.rate).toBeCloseTo(2.5, 12);
    expect(f2.rate).toBeCloseTo(2.5, 12);
  });

  test('flows started together are solved once, and share as if started one by one', () => {
    const link = new Constraint('link', 100);
    const sim = new Simulation();
    const fluid = new FluidModel(sim);
    const flows = Array.from({ length: 200 }, (_, i) => fluid.createFlow(1000, [link, new Constraint(`own${i}`, 50)]));
    fluid.together(() => {
      for (const f of flows) fluid.start(f);
    });
    expect(fluid.system.solves).toBe(1); // the first fits at its bound (50 of 100); the other 199 in one solve
    for (const f of flows) expect(f.rate).toBeCloseTo(0.5, 12);
  });

  test('two equal links crossed by the same flows do not vouch for each other (both stay binding)', () => {
    // closed form: links u and g of 10 each, three flows across both: 10 / 3 each, not 10
    const u = new Constraint('u', 10), g = new Constraint('g', 10);
    const sim = new Simulation();
    const fluid = new FluidModel(sim);
    const fs = [0, 1, 2].map((i) => fluid.createFlow(100, i === 1 ? [g, u] : [u, g], { id: `f${i}` }));
    for (const f of fs) fluid.start(f);
    sim.run(1e-9);
    for (const f of fs) expect(f.rate).toBeCloseTo(10 / 3, 12);
  });

  test('a switch uplink its hosts cannot fill is loose; one they can fill binds', () => {
    // Hosts of 1 (links h0..h3) under an uplink of 3.5. Flows bounded by a host link count at most
    // that link's 1 together, so with flows from three hosts the uplink can carry at most 3: loose,
    // and each host's two flows get 0.5. With a fourth host it can reach 4 > 3.5: it binds, and the
    // eight flows share it, 3.5 / 8 each.
    const up = new Constraint('up', 3.5);
    const hosts = [0, 1, 2, 3].map((i) => new Constraint(`h${i}`, 1));
    const sim = new Simulation();
    const fluid = new FluidModel(sim);
    const flows = [0, 1, 2].flatMap((h) => [0, 1].map(() => fluid.createFlow(100, [hosts[h]!, up])));
    for (const f of flows) fluid.start(f);
    sim.run(1e-9);
    expect(isTight(up)).toBe(false);
    for (const f of flows) expect(f.rate).toBeCloseTo(0.5, 12);
    const more = [0, 1].map(() => fluid.createFlow(100, [hosts[3]!, up]));
    for (const f of more) fluid.start(f);
    sim.run(2e-9);
    expect(isTight(up)).toBe(true);
    for (const f of [...flows, ...more]) expect(f.rate).toBeCloseTo(3.5 / 8, 12);
    expect(more[0]!.bottleneck!.id).toBe('up');
  });

  test('an IOPS limit with coefficient 1/opSize bounds small-op flows at iops × opSize', () => {
    // closed form: 1000 ops/s × 4096 B = 4.096 MB/s < 100 MB/s bandwidth
    const bw = new Constraint('bw', 100e6);
    const iops = new Constraint('iops', 1000, 'iops');
    const sim = new Simulation();
    const fluid = new FluidModel(sim);
    const f = fluid.createFlow(4096e3, [bw, iops], { coefs: [1, 1 / 4096] });
    fluid.start(f);
    sim.run();
    expect(f.ended).toBeCloseTo(1.0, 12);
    expect(f.bottleneck!.id).toBe('iops');
  });
});

describe('flow multiplicity', () => {
  test('one flow with count k shares like k separate flows', () => {
    // link 30: a count-2 flow and a single flow split it 3 ways: 10 each, the count-2 flow carries 20
    const link = new Constraint('link', 30);
    const sim = new Simulation();
    const fluid = new FluidModel(sim);
    const a = fluid.createFlow(100, [link], { count: 2 });
    const b = fluid.createFlow(100, [link]);
    fluid.start(a);
    fluid.start(b);
    sim.run();
    expect(a.ended).toBeCloseTo(10, 12);
    expect(b.ended).toBeCloseTo(10, 12);
    expect(link.carried).toBe(300);
  });
});
