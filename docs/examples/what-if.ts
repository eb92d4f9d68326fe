// A what-if from code: the default scenario (UNet3D on 16 A100s, a 20 GB/s parallel file system)
// with the file system's read bandwidth from 10 to 40 GB/s: how long, how busy are the GPUs, and
// what holds the run back?   npx tsx docs/examples/what-if.ts
import { join } from 'node:path';
import { loadScenarioFile, runScenario, parseOverrides, trainingLimit, type TrainingFigures } from '../../src/index.ts';

const scenario = join(import.meta.dirname, '..', '..', 'scenarios', 'default.yaml');

export function whatIf(bandwidths = ['10 GB/s', '20 GB/s', '40 GB/s']) {
  return bandwidths.map((bw) => {
    const loaded = loadScenarioFile(scenario, { overrides: parseOverrides([`system.storage[0].readBandwidth=${bw}`]) });
    // a training workload's report: its figures are documented in the README ("AI training")
    const w = runScenario(loaded).workloads[0] as unknown as TrainingFigures & { projectedTime: number };
    const { limit, share } = trainingLimit(w);
    return { readBandwidth: bw, time: w.projectedTime, utilization: w.acceleratorUtilization, limit, share };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of whatIf()) console.log(`${r.readBandwidth}: ${(r.time / 60).toFixed(2)} min, AU ${(100 * r.utilization).toFixed(1)}%, limited by ${r.limit} (${(100 * r.share).toFixed(0)}%)`);
}
