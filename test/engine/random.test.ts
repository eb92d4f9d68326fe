import { RandomSource } from '../../src/engine/index.ts';

const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
const sd = (a: number[]) => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, x) => s + (x - m) ** 2, 0) / (a.length - 1));
};
const draw = (n: number, f: () => number) => Array.from({ length: n }, f);

describe('RandomSource', () => {
  test('the same seed and name give the same stream; other names and seeds differ', () => {
    const a = new RandomSource(7).stream('arrivals');
    const b = new RandomSource(7).stream('arrivals');
    const c = new RandomSource(7).stream('service');
    const d = new RandomSource(8).stream('arrivals');
    const xa = draw(5, () => a.random());
    expect(draw(5, () => b.random())).toEqual(xa);
    expect(draw(5, () => c.random())).not.toEqual(xa);
    expect(draw(5, () => d.random())).not.toEqual(xa);
  });

  test('streams are independent: drawing from one does not shift another', () => {
    const s1 = new RandomSource(1);
    const s2 = new RandomSource(1);
    s1.stream('noise').random();
    expect(s1.stream('x').random()).toBe(s2.stream('x').random());
  });

  test('distributions have the right moments (n = 2e5, 4 standard errors)', () => {
    const r = new RandomSource(3).stream('m');
    const n = 200_000;
    const exp = draw(n, () => r.exponential(2));
    expect(Math.abs(mean(exp) - 0.5)).toBeLessThan(4 * 0.5 / Math.sqrt(n));
    const nor = draw(n, () => r.normal(10, 3));
    expect(Math.abs(mean(nor) - 10)).toBeLessThan(4 * 3 / Math.sqrt(n));
    expect(Math.abs(sd(nor) - 3)).toBeLessThan(0.05);
    const ln = draw(n, () => r.lognormalMeanSd(100, 40));
    expect(Math.abs(mean(ln) - 100)).toBeLessThan(4 * 40 / Math.sqrt(n));
    expect(Math.abs(sd(ln) - 40)).toBeLessThan(1.5);
    const u = draw(n, () => r.uniform(2, 4));
    expect(u.every((x) => x >= 2 && x < 4)).toBe(true);
    expect(Math.abs(mean(u) - 3)).toBeLessThan(0.01);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < n; i++) counts[r.empirical(['a', 'b', 'c'] as const, [1, 2, 7])]++;
    expect(counts.a / n).toBeCloseTo(0.1, 2);
    expect(counts.c / n).toBeCloseTo(0.7, 2);
  });
});
