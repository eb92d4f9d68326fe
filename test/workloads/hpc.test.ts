// The bulk-synchronous HPC workload: exact times without failures, the burst-buffer drain in the
// background, and checkpoint/restart under exponential failures against Young/Daly.
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { dalyInterval, youngInterval, dalyMakespan } from '../../src/workloads/hpc.ts';

type Hpc = {
  makespan: number; jobMakespan: number; checkpoints: number; checkpointTime: number; failures: number; restarts: number; drains: number;
  time: { compute: number; communication: number; checkpoint: number; lost: number; restart: number; stage: number };
  dalyExpectedMakespan: number; dalyInterval: number; youngInterval: number; checkpointInterval: number; restartTime: number; efficiency: number;
  bottleneck: { resource: string; share: number } | null;
};

const system = `
system:
  nodes: [{ id: c, count: 8, nic: { bandwidth: 10 GB/s } }]
  storage:
    - { id: pfs, kind: pfs, bandwidth: 1 GB/s, attach: { bandwidth: 100 GB/s } }
    - { id: bb, kind: burst-buffer, servers: 4, serverReadBandwidth: 10 GB/s, serverWriteBandwidth: 10 GB/s, attach: { bandwidth: 100 GB/s } }
  network: { kind: star }
`;
const run = (workload: string, seed = 1) => runScenario(loadScenarioText(`name: hpc\n${system}\nworkloads:\n  - ${workload}\n`, 'hpc.yaml'), { seed }).workloads[0] as unknown as Hpc;

describe('hpc workload without failures', () => {
  test('compute steps, halo exchange and checkpoints add up exactly', () => {
    // 10 steps of 100 s; halo 1 GB per rank (4 ranks/node) -> 2 GB to each neighbour over a 10 GB/s
    // NIC, 4 GB per node out and in: 0.4 s per step. Checkpoints every 5 steps: 8 x 4 x 1 GB = 32 GB
    // at 1 GB/s = 32 s each, 2 of them.
    const w = run('{ kind: hpc, id: j, nodes: c, ranksPerNode: 4, steps: 10, stepTime: 100 s, halo: 1 GB, checkpoint: { everySteps: 5, sizePerRank: 1 GB, to: pfs } }');
    expect(w.time.compute).toBeCloseTo(1000, 9);
    expect(w.time.communication).toBeCloseTo(10 * 0.4, 6);
    expect(w.checkpoints).toBe(2);
    expect(w.checkpointTime).toBeCloseTo(32, 6);
    expect(w.jobMakespan).toBeCloseTo(1000 + 4 + 64, 6);
    // what bounded the job's data movement, by time: the checkpoints' 64 s of the 68 s (counted by
    // flows, 8 x 64 against 16 x 4, it would be 8/9)
    expect(w.bottleneck).toEqual({ resource: 'pfs:write', share: expect.closeTo(64 / 68, 9) });
  });

  test('a burst buffer absorbs the checkpoint and drains it to the PFS in the background', () => {
    // To bb: 32 GB over 4 servers x 10 GB/s = 0.8 s; the drain to the PFS (1 GB/s) takes 32 s and
    // overlaps the next 100 s of compute: the job does not wait for it.
    const w = run('{ kind: hpc, id: j, nodes: c, ranksPerNode: 4, steps: 4, stepTime: 100 s, checkpoint: { everySteps: 1, sizePerRank: 1 GB, to: bb, drainTo: pfs } }');
    expect(w.checkpointTime).toBeCloseTo(0.8, 6);
    expect(w.jobMakespan).toBeCloseTo(400 + 4 * 0.8, 6);
    expect(w.drains).toBe(4);
    // the last drain finishes after the job: 32 s after the last checkpoint
    expect(w.makespan).toBeCloseTo(400 + 4 * 0.8 + 32, 3);
    const direct = run('{ kind: hpc, id: j, nodes: c, ranksPerNode: 4, steps: 4, stepTime: 100 s, checkpoint: { everySteps: 1, sizePerRank: 1 GB, to: pfs } }');
    expect(direct.jobMakespan).toBeCloseTo(400 + 4 * 32, 6);
  });

  test('stage-in before and stage-out after the job', () => {
    const w = run('{ kind: hpc, id: j, nodes: c, steps: 1, stepTime: 10 s, stageIn: { from: pfs, to: bb, size: 20 GB }, stageOut: { from: bb, to: pfs, size: 10 GB } }');
    expect(w.time.stage).toBeCloseTo(20 + 10, 6);
    expect(w.makespan).toBeCloseTo(10 + 30, 6);
  });
});

describe('checkpoint/restart with exponential failures', () => {
  // delta = 8 nodes x 4 ranks x 1.875 GB / 1 GB/s = 60 s; M = 1 h; R = 60 s downtime + 60 s read.
  const job = (tau: number, work: number) => `{ kind: hpc, id: job, nodes: c, ranksPerNode: 4, steps: ${Math.round(work / tau)}, stepTime: ${work / Math.round(work / tau)} s, checkpoint: { everySteps: 1, sizePerRank: 1.875 GB, to: pfs }, failures: { mtbf: 1 h, downtime: 60 s } }`;

  test('Young and Daly formulas', () => {
    expect(youngInterval(60, 3600)).toBeCloseTo(Math.sqrt(2 * 60 * 3600), 9);
    expect(dalyInterval(60, 3600)).toBeCloseTo(617.8756, 3);
    expect(dalyMakespan(3600, 600, 0, 0, 1e12)).toBeCloseTo(3600, 3); // no failures, no checkpoint cost
  });

  test('over 50 seeds the mean makespan is within 3% of Daly\'s expectation', () => {
    let sum = 0, last: Hpc | null = null, failures = 0;
    for (let s = 1; s <= 50; s++) {
      last = run(job(600, 100 * 3600), s);
      sum += last.jobMakespan;
      failures += last.failures;
    }
    const mean = sum / 50;
    expect(last!.checkpointTime).toBeCloseTo(60, 6);
    expect(last!.restartTime).toBeCloseTo(120, 6);
    expect(failures / 50).toBeGreaterThan(100); // ~125 h at M = 1 h: the failures really happen
    const ratio = mean / last!.dalyExpectedMakespan;
    expect(Math.abs(ratio - 1)).toBeLessThan(0.03); // measured 0.999
    expect(last!.dalyInterval).toBeCloseTo(617.88, 1);
  });

  test('the interval a sweep finds best matches Daly\'s optimum within 10%', () => {
    // Mean makespan over 20 seeds (the same failures for every interval) at 5 intervals; the
    // minimum of a parabola fitted in log(interval).
    const xs: number[] = [], ys: number[] = [];
    for (const tau of [300, 450, 620, 850, 1200]) {
      let sum = 0;
      for (let s = 1; s <= 20; s++) sum += run(job(tau, 40 * 3600), s).jobMakespan;
      xs.push(Math.log(tau));
      ys.push(sum / 20);
    }
    const best = Math.exp(parabolaMin(xs, ys));
    const daly = dalyInterval(60, 3600);
    expect(Math.abs(best / daly - 1)).toBeLessThan(0.1); // measured 628 s vs 618 s
  });

  test('the same seed gives the same run; another seed other failures', () => {
    const a = run(job(600, 20 * 3600), 7), b = run(job(600, 20 * 3600), 7), c = run(job(600, 20 * 3600), 8);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(c.jobMakespan).not.toBe(a.jobMakespan);
    // time accounts: compute + checkpoints + lost + restart = makespan
    const t = a.time;
    expect(t.compute + t.communication + t.checkpoint + t.lost + t.restart).toBeCloseTo(a.jobMakespan, 6);
  });
});

/** x at the minimum of the least-squares parabola through (xs, ys). */
function parabolaMin(xs: number[], ys: number[]): number {
  const S = [0, 0, 0, 0, 0], T = [0, 0, 0];
  xs.forEach((x, i) => {
    for (let k = 0; k < 5; k++) S[k]! += x ** k;
    for (let k = 0; k < 3; k++) T[k]! += ys[i]! * x ** k;
  });
  const M = [[S[0]!, S[1]!, S[2]!, T[0]!], [S[1]!, S[2]!, S[3]!, T[1]!], [S[2]!, S[3]!, S[4]!, T[2]!]];
  for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) {
    const f = M[j]![i]! / M[i]![i]!;
    for (let k = i; k < 4; k++) M[j]![k]! -= f * M[i]![k]!;
  }
  const c = [0, 0, 0];
  for (let i = 2; i >= 0; i--) {
    let v = M[i]![3]!;
    for (let k = i + 1; k < 3; k++) v -= M[i]![k]! * c[k]!;
    c[i] = v / M[i]![i]!;
  }
  return -c[1]! / (2 * c[2]!);
}

test('mistakes in hpc and replay workloads are reported together, with positions and hints', () => {
  const text = `name: bad
system:
  base: cray-xc-aries
workloads:
  - kind: hpc
    id: j
    nodes: xcc
    steps: 10
    stepTime: 30 min
    checkpoint: { everySteps: 2, sizePerRank: 1 GB, to: lustr }
    failures: { nodeMtbf: 1 year, mtbf: 2 h }
  - { kind: replay, id: r, trace: nope.darshan, nodes: xc, storage: lustre }
`;
  let err: unknown;
  try {
    loadScenarioText(text, '/tmp/bad.yaml');
  } catch (e) {
    err = e;
  }
  const msgs = (err as { issues: { message: string; line?: number; hint?: string }[] }).issues;
  expect(msgs.map((m) => m.message)).toEqual([
    'no such file',
    'the trace nope.darshan cannot be replayed (above)',
    'unknown node group "xcc"',
    'unknown storage "lustr"',
    'give either nodeMtbf (per node) or mtbf (the whole job), not both or neither',
  ]);
  expect(msgs.slice(1).every((m) => m.line !== undefined && m.hint)).toBe(true);
});

test('a job whose failures outpace its checkpoints stops with the reason instead of running forever', () => {
  const t0 = Date.now();
  expect(() => run('{ kind: hpc, id: j, nodes: c, steps: 4, stepTime: 1 h, checkpoint: { everySteps: 2, sizePerRank: 1 GB, to: pfs }, failures: { mtbf: 1 min } }')).toThrow(/cannot finish: 1000 failures in a row/);
  expect(Date.now() - t0).toBeLessThan(10_000);
});
