// One call moves N bytes from tier A on node X to tier B on node Y as one flow across A's read
// constraint, the route's links and B's write constraint.
import { Simulation } from '../../src/engine/index.ts';
import { FluidModel } from '../../src/resources/sharing/fluid.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { buildSystem } from '../../src/scenario/build-system.ts';

test('System.move: one flow, bounded by the slowest of read, route and write; latencies add once', () => {
  const loaded = loadScenarioText(`name: m
system:
  nodes:
    - id: a
      nic: { bandwidth: 25 GB/s, latency: 1 us }
      tiers: [{ id: nvme, kind: ssd, readBandwidth: 7 GB/s, writeBandwidth: 4 GB/s, latency: 80 us }]
    - id: b
      nic: { bandwidth: 12.5 GB/s, latency: 1 us }
      tiers: [{ id: nvme, kind: ssd, readBandwidth: 7 GB/s, writeBandwidth: 5 GB/s, latency: 80 us }]
  network: { kind: star }
`, 'm.yaml');
  if (loaded.format !== 'tiersim') throw new Error('format');
  const sim = new Simulation();
  const fluid = new FluidModel(sim);
  const sys = buildSystem(loaded.spec.system, fluid);
  const src = sys.nodes.get('a[0]')!.tiers.get('nvme')!, dst = sys.nodes.get('b[0]')!.tiers.get('nvme')!;
  const done = sys.move(fluid, src, dst, 10e9);
  sim.run();
  // read 7, nic 25, nic 12.5, write 5 GB/s: 10 GB at 5 GB/s = 2 s, plus 80 + 1 + 1 + 80 us
  expect(done.value.ended).toBeCloseTo(2 + 162e-6, 12);
  expect(done.value.bottleneck!.id).toBe('b[0]/nvme:write');
});
