// Progress on a terminal: the sweep's line (bar, counts, failures, time so far and left), and a
// long simulation's (simulated time and events).
import { progressLine, simulationProgress } from '../../src/cli/progress.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';

test('the time left comes from the pace of the points run since the start, not of those resumed', () => {
  // 16 of 64 done, 8 of them from before: 8 points in 20 s, so 48 more take about 120 s (2 min)
  const line = progressLine({ done: 16, total: 64, doneAtStart: 8, failed: 0, elapsed: 20, width: 8 });
  expect(line).toBe('[██░░░░░░] 16/64 points · 20 s so far · about 2 min left');
});

test('failures are shown, and no estimate before the first point or after the last', () => {
  expect(progressLine({ done: 3, total: 3, doneAtStart: 0, failed: 1, elapsed: 2, width: 4 })).toBe('[████] 3/3 points · 1 failed · 2 s so far');
  expect(progressLine({ done: 5, total: 10, doneAtStart: 5, failed: 0, elapsed: 0.2, width: 4 })).toBe('[██░░] 5/10 points · 0 s so far');
});

test('a long simulation on a terminal: nothing in the first second, then at most twice a second; cleared at the end', () => {
  let out = '', ms = 0;
  const p = simulationProgress((s) => void (out += s), 'tiersim: running x.yaml', () => ms);
  ms = 900;
  p.onProgress(10, 65536);
  expect(out).toBe('');
  ms = 1200;
  p.onProgress(7200, 2_500_000);
  expect(out).toBe('\r\x1b[Ktiersim: running x.yaml: 2 h simulated, 2.5 M events, 1 s so far');
  ms = 1400; // too soon to redraw
  p.onProgress(7300, 2_600_000);
  expect(out.split('\r\x1b[K')).toHaveLength(2);
  p.done();
  expect(out.endsWith('\r\x1b[K')).toBe(true);
  p.done(); // once only
  expect(out.split('\r\x1b[K')).toHaveLength(3);
});

test('the progress callback sees the run advance and changes nothing in its result', () => {
  const yaml = `name: p
system:
  nodes: [{ id: c, count: 2, nic: { bandwidth: 10 GB/s }, tiers: [{ id: dram, kind: dram, bandwidth: 100 GB/s }] }]
  storage: [{ id: pfs, kind: pfs, bandwidth: 5 GB/s, attach: { bandwidth: 100 GB/s } }]
  network: { kind: star }
workloads:
  - { kind: ai-training, id: t, nodes: c, acceleratorsPerNode: 2, dataset: { location: pfs, samples: 80000, sampleSize: 1 kB }, loader: { batchSize: 1 }, computeTime: 0.001 s, epochs: 1 }
`;
  const seen: [number, number][] = [];
  const a = runScenario(loadScenarioText(yaml, 'p.yaml'), { onProgress: (t, e) => void seen.push([t, e]) });
  const b = runScenario(loadScenarioText(yaml, 'p.yaml'));
  expect(seen.length).toBeGreaterThan(1);
  expect(seen.every(([t, e], i) => i === 0 || (t >= seen[i - 1]![0] && e > seen[i - 1]![1]))).toBe(true);
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
});
