// The requests workload against queueing theory. A bandwidth shared max-min by whatever requests are
// in flight is a processor-sharing server: with Poisson arrivals its mean response time is
// E[S] / (1 - rho) whatever the size distribution (M/G/1-PS insensitivity). A tape drive serves one
// recall at a time, first come first served: with fixed sizes, M/D/1 (Pollaczek-Khinchine).
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { psScenario, tapeScenario, tapeRecallServiceTime } from '../../src/cli/commands/reproduce.ts';
import { mvaResponseTime } from '../../src/workloads/mmc.ts';

type R = { responseTime: { mean: number; ci99HalfWidth: number; p50: number; p95: number; max: number }; completed: number; throughput: number };
const run = (yaml: string, seed = 1) => runScenario(loadScenarioText(yaml, 'r.yaml'), { seed }).workloads[0] as unknown as R;

describe('requests on a shared bandwidth: processor sharing', () => {
  // 100 MB at 1 GB/s = 0.1 s of service, 5 arrivals/s: rho = 0.5, E[T] = 0.1 / (1 - 0.5) = 0.2 s
  test.each([
    ['exponential sizes', 'rate: 5 /s, sizeDistribution: exponential, count: 20000'],
    ['lognormal sizes, cv 1.5 (insensitivity)', 'rate: 5 /s, sizeDistribution: lognormal, sizeSpread: 1.5, count: 40000'],
  ])('%s: mean response time 0.2 s, inside the run\'s 99% confidence interval', (_name, req) => {
    const r = run(psScenario(req)).responseTime;
    expect(r.ci99HalfWidth).toBeGreaterThan(0);
    expect(r.ci99HalfWidth).toBeLessThan(0.03);
    expect(Math.abs(r.mean - 0.2)).toBeLessThan(r.ci99HalfWidth);
  });

  test('fixed sizes arriving at fixed intervals below capacity never queue: every response is the service time', () => {
    const r = run(psScenario('rate: 5 /s, arrivals: fixed, count: 100')).responseTime;
    expect(r.p50).toBeCloseTo(0.1, 6);
    expect(r.max).toBeCloseTo(0.1, 6);
  });

  test('drawn from the seed: another seed, other arrivals', () => {
    const y = psScenario('rate: 5 /s, sizeDistribution: exponential, count: 500');
    expect(run(y, 1).responseTime.mean).toBe(run(y, 1).responseTime.mean);
    expect(run(y, 1).responseTime.mean).not.toBe(run(y, 2).responseTime.mean);
  });
});

describe('a closed loop of clients', () => {
  test('10 clients thinking 0.5 s: mean response time as exact MVA gives, inside the 99% interval', () => {
    const w = run(psScenario('sizeDistribution: exponential, clients: 10, thinkTime: 0.5 s, count: 40000'));
    const theory = mvaResponseTime(10, 0.1, 0.5); // 0.5187 s
    expect(Math.abs(w.responseTime.mean - theory)).toBeLessThan(w.responseTime.ci99HalfWidth);
    // throughput by Little's law on the whole loop: N / (R + Z)
    expect(w.throughput).toBeCloseTo(10 / (theory + 0.5), 0);
  });

  test('one client back to back never queues: every response is its own service time', () => {
    const r = run(psScenario('clients: 1, count: 50')).responseTime;
    expect(r.max).toBeCloseTo(0.1, 6);
  });
});

describe('tape recalls: one drive, first come first served', () => {
  const tape = tapeScenario;
  const S = tapeRecallServiceTime();

  test('M/D/1 at rho = 0.5: mean response S + rho S / (2 (1 - rho)) = 1.5 S', () => {
    const rate = 0.5 / S;
    const r = run(tape(`rate: ${rate} Hz, count: 20000`)).responseTime;
    expect(S).toBeGreaterThan(100); // 100 GB at an LTO-9 rate, plus the mount: minutes
    expect(Math.abs(r.mean - 1.5 * S)).toBeLessThan(Math.max(r.ci99HalfWidth, 0.01 * S));
  });

  test('recalls of files already on the mounted cartridge skip the exchange', () => {
    const spread = run(tape('rate: 1 /day, arrivals: fixed, count: 20')).responseTime.mean;
    const same = run(tape('rate: 1 /day, arrivals: fixed, count: 20, files: 1')).responseTime.mean;
    expect(same).toBeLessThan(spread);
  });
});
