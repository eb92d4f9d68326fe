// A workload's time moving data by what bounded it: each instant divided among its flows in flight.
import { TimeShares } from '../../src/workloads/time-shares.ts';

test('each instant is divided equally among the flows in flight, so a phase counts for its duration', () => {
  const s = new TimeShares();
  // 0-4 s: two flows held by A; 4-4.5 s: 32 flows held by B (flow time would give B 16 of 24 s)
  const a = [s.begin(0), s.begin(0)];
  for (const m of a) s.end(4, m, 'A');
  const b = Array.from({ length: 32 }, () => s.begin(4));
  for (const m of b) s.end(4.5, m, 'B');
  expect(s.ranked()).toEqual([{ resource: 'A', share: expect.closeTo(4 / 4.5, 12) }, { resource: 'B', share: expect.closeTo(0.5 / 4.5, 12) }]);
});

test('overlapping flows share the instants they overlap; counts and cancelled flows', () => {
  const s = new TimeShares();
  // X alone 0-1, X and a 3-flow group Y 1-3 (X gets 1/4 of each instant, Y 3/4), Y alone 3-4; a
  // flow cancelled at 2 takes part in the division but its time goes to nothing
  const x = s.begin(0);
  const y = s.begin(1, 3);
  const c = s.begin(2);
  s.end(2.5, c, null);
  s.end(3, x, 'X');
  s.end(4, y, 'Y', 3);
  // X: 1 + 1 x 1/4 + 0.5 x 1/5 + 0.5 x 1/4 = 1.475; Y: 3/4 + 0.5 x 3/5 + 0.5 x 3/4 + 1 = 2.425; the
  // cancelled flow's 0.1 is counted for nothing: shares of the 3.9 s counted
  const r = s.ranked();
  expect(r.map((e) => e.resource)).toEqual(['Y', 'X']);
  expect(r[0]!.share).toBeCloseTo(2.425 / 3.9, 12);
  expect(r[1]!.share).toBeCloseTo(1.475 / 3.9, 12);
  expect(new TimeShares().ranked()).toEqual([]);
});
