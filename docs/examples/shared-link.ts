// Bandwidth sharing on its own: flows over constraints (a link, a disk's write bandwidth), shared
// max-min, each flow's bottleneck recorded.   npx tsx docs/examples/shared-link.ts
import { Simulation, FluidModel, Constraint, type Flow, type ProcessGenerator } from '../../src/index.ts';

export function sharedLink(): { id: string; end: number; bottleneck: string }[] {
  const sim = new Simulation();
  const fluid = new FluidModel(sim);
  const link = new Constraint('link', 1e9);        // 1 GB/s
  const disk = new Constraint('disk:write', 0.2e9); // 200 MB/s
  const done: { id: string; end: number; bottleneck: string }[] = [];
  function* transfer(id: string, bytes: number, over: Constraint[]): ProcessGenerator<void> {
    const flow: Flow = yield fluid.transfer(bytes, over, { id });
    done.push({ id, end: sim.now, bottleneck: flow.bottleneck?.id ?? '-' });
  }
  sim.process(transfer('a', 1e9, [link]));
  sim.process(transfer('b', 2e9, [link]));
  sim.process(transfer('c', 1e9, [link, disk])); // also written to the disk
  sim.run();
  return done;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const f of sharedLink()) console.log(`${f.id}: done at ${f.end.toFixed(3)} s, held by ${f.bottleneck}`);
}
