// The PyTorch profiler traces of ResNet-50 on a V100 (../shared/traces/ai): read natively, and the
// training workload's exposed data-loading time per step against them, with 0 and 4 loader workers.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readKineto } from '../../src/traces/kineto.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { parseOverrides } from '../../src/scenario/overrides.ts';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, '..', 'shared', 'traces', 'ai', 'pytorch-profiler-resnet50');
const trace = (workers: number) => {
  const f = readdirSync(dir).find((x) => x.startsWith(`resnet50_num_workers_${workers}.`))!;
  return readKineto(readFileSync(join(dir, f)), f);
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

test('the Kineto reader gives the per-step figures of the traces\' README', () => {
  const t0 = trace(0), t4 = trace(4);
  expect(t0.device).toBe('Tesla V100-DGXS-32GB');
  expect(t0.loader).toBe('_SingleProcessDataLoaderIter');
  expect(t4.loader).toBe('_MultiProcessingDataLoaderIter');
  expect(t0.steps.map((s) => Math.round(s.duration * 1e3))).toEqual([176, 174, 177, 181, 176, 164]);
  expect(t0.steps.map((s) => Math.round(s.dataLoader * 1e3))).toEqual([69, 69, 73, 71, 71, 63]);
  expect(t4.steps.map((s) => Math.round(s.dataLoader * 1e4) / 10)).toEqual([4.3, 0.1, 0.1, 1.3, 1.4, 1.4]);
  for (const s of [...t0.steps, ...t4.steps]) expect(s.h2dBytes).toBe(19267584 + 256); // the batch and its labels
});

describe('exposed data loading per step, simulated against traced', () => {
  const exposed = (workers: number) => {
    const r = runScenario(loadScenarioFile(join(root, 'scenarios', 'pytorch-resnet50-v100.yaml'), { overrides: parseOverrides([`workloads[0].loader.readThreads=${workers}`]) }));
    const w = r.workloads[0] as unknown as { stepTime: number; stallFractions: { io: number } };
    return w.stepTime * w.stallFractions.io;
  };

  test('num_workers=0: the training thread loads every batch (within 25%; calibrated on this trace)', () => {
    const sim = exposed(0), traced = mean(trace(0).steps.map((s) => s.dataLoader));
    expect(Math.abs(sim / traced - 1)).toBeLessThan(0.25); // measured 69.4 ms vs 69.3 ms
  });

  test('num_workers=4: a prediction; four workers hide the loading almost entirely, as traced', () => {
    // Four workers make a batch every 69 / 4 = 17 ms against a 105 ms step: nothing is exposed in the
    // model after the first batch. The trace shows 1.4 ms per step on average (0.1 to 4.3 ms) of
    // DataLoader overhead that is not loading throughput (handing the batch over from a worker),
    // which tiersim does not model: not within 25% of the trace in relative terms, both under 3% of
    // the step.
    const sim = exposed(4), traced = trace(4).steps;
    expect(sim).toBeLessThan(0.002);
    for (const s of traced) expect(s.dataLoader / s.duration).toBeLessThan(0.03);
    expect(sim / mean(traced.map((s) => s.duration))).toBeLessThan(0.03);
  });
});
