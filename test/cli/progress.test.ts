// The sweep's progress line: bar, counts, failures, time so far and the estimate of the time left.
import { progressLine } from '../../src/cli/progress.ts';

test('the time left comes from the pace of the points run since the start, not of those resumed', () => {
  // 16 of 64 done, 8 of them from before: 8 points in 20 s, so 48 more take about 120 s (2 min)
  const line = progressLine({ done: 16, total: 64, doneAtStart: 8, failed: 0, elapsed: 20, width: 8 });
  expect(line).toBe('[██░░░░░░] 16/64 points · 20 s so far · about 2 min left');
});

test('failures are shown, and no estimate before the first point or after the last', () => {
  expect(progressLine({ done: 3, total: 3, doneAtStart: 0, failed: 1, elapsed: 2, width: 4 })).toBe('[████] 3/3 points · 1 failed · 2 s so far');
  expect(progressLine({ done: 5, total: 10, doneAtStart: 5, failed: 0, elapsed: 0.2, width: 4 })).toBe('[██░░] 5/10 points · 0 s so far');
});
