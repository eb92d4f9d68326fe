// A tape library written directly on tiersim's engine: recalls arrive at random; each takes a free
// drive, then the robot arm (there is one) to mount its cartridge; the drive then seeks and reads
// the file. How long does a recall take with 2, 3 or 4 drives?   npx tsx docs/examples/tape-library.ts
import { Simulation, Resource } from '../../src/index.ts';

export interface LibraryRun { drives: number; recalls: number; meanResponse: number; p95Response: number; driveBusy: number }

export function tapeLibrary(drives: number, { recallsPerHour = 40, recalls = 20_000, seed = 1 } = {}): LibraryRun {
  const sim = new Simulation({ seed });
  const arm = new Resource(sim, { name: 'robot arm' });
  const drive = new Resource(sim, { capacity: drives, name: 'drive' });
  const arrivals = sim.random.stream('arrivals'), sizes = sim.random.stream('sizes');
  const mount = 12, seek = 50, rate = 400e6; // s, s, bytes/s (an LTO-9 drive streams ~400 MB/s)
  const response: number[] = [];
  let busy = 0;

  function* recall(bytes: number) {
    const t0 = sim.now;
    const d = drive.request();
    yield d; // a free drive first, so the arm never holds a cartridge with nowhere to put it
    const a = arm.request();
    yield a;
    yield sim.timeout(mount);
    a.release();
    const t = seek + bytes / rate;
    busy += mount + t;
    yield sim.timeout(t);
    d.release();
    response.push(sim.now - t0);
  }

  sim.process((function* () {
    for (let k = 0; k < recalls; k++) {
      yield sim.timeout(arrivals.exponential(recallsPerHour / 3600));
      sim.process(recall(sizes.lognormal(Math.log(20e9), 0.5)), `recall ${k}`);
    }
  })(), 'arrivals');
  sim.run();

  response.sort((x, y) => x - y);
  const mean = response.reduce((s, x) => s + x, 0) / response.length;
  return { drives, recalls: response.length, meanResponse: mean, p95Response: response[Math.floor(0.95 * response.length)]!, driveBusy: busy / (drives * sim.now) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const n of [2, 3, 4]) {
    const r = tapeLibrary(n);
    console.log(`${n} drives: mean ${(r.meanResponse / 60).toFixed(1)} min, p95 ${(r.p95Response / 60).toFixed(1)} min, drives busy ${(100 * r.driveBusy).toFixed(0)}%`);
  }
}
