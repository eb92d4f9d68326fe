// Trace replay: every rank moves exactly its recorded bytes per file, in the recorded order; the
// simulated run time of the two DXT sample logs on models of their systems is near the recorded
// one; hand-written traces give hand-computed times; counter-only logs keep the recorded bytes.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadScenarioFile, loadScenarioText } from '../../src/scenario/load.ts';
import { InputError } from '../../src/issues.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { summarize } from '../../src/report/summary.ts';
import { loadTrace } from '../../src/traces/load.ts';
import { readDarshanBinary } from '../../src/traces/darshan/binary.ts';
import { OP_READ } from '../../src/traces/trace.ts';
import { ReplayWorkload } from '../../src/workloads/replay.ts';
import { Simulation } from '../../src/engine/simulation.ts';
import { FluidModel } from '../../src/resources/sharing/fluid.ts';
import { buildSystem } from '../../src/scenario/build-system.ts';
import { Recorder } from '../../src/workloads/context.ts';
import type { ScenarioSpec } from '../../src/scenario/schema.ts';

const root = join(import.meta.dirname, '..', '..');
const darshan = join(root, '..', 'shared', 'traces', 'darshan');
const DXT_LOGS = {
  'mpi-io-test-dxt-32rank': join(darshan, 'mpi-io-test-dxt-32rank', 'treddy_mpi-io-test_id4373053_6-2-60198-9815401321915095332_1.darshan'),
  'nonmpi-posix-stdio-dxt': join(darshan, 'nonmpi-posix-stdio-dxt', 'nonmpi_dxt_anonymized.darshan'),
};

/** Runs the replay scenario with every operation recorded; returns the workload and activities. */
function replayWithOps(scenario: string) {
  const loaded = loadScenarioFile(scenario);
  const spec = loaded.spec as ScenarioSpec;
  const w = spec.workloads![0]! as Extract<ScenarioSpec['workloads'] extends (infer U)[] | undefined ? U : never, { kind: 'replay' }>;
  const sim = new Simulation({ seed: 1 });
  const fluid = new FluidModel(sim);
  const system = buildSystem(spec.system, fluid);
  const recorder = new Recorder();
  const trace = loadTrace((w as unknown as { tracePath: string }).tracePath);
  const wl = new ReplayWorkload({ id: w.id, trace, traceName: w.trace, nodes: w.nodes, storage: w.storage, mounts: Object.entries(w.mounts ?? {}), gaps: true, recordOps: true });
  const done = wl.start({ sim, fluid, system, recorder, rttWeighted: false });
  sim.run();
  expect(done.processed).toBe(true);
  return { wl, trace, activities: recorder.activities, report: wl.report() };
}

describe('replaying DXT traces', () => {
  test.each(Object.entries(DXT_LOGS))('%s: exactly the recorded bytes per rank and file, in the recorded order', (name, log) => {
    const { wl, trace, activities } = replayWithOps(join(root, 'scenarios', 'replay', `${name}.yaml`));
    // The recorded bytes, straight from the log's DXT_POSIX blocks.
    const raw = readDarshanBinary(readFileSync(log), log);
    const want = new Map<string, number>();
    let ops = 0;
    for (const b of raw.modules.get('DXT_POSIX')!.dxt) {
      const path = raw.names.get(b.id)!;
      for (const [dir, segs] of [['r', b.reads], ['w', b.writes]] as const) {
        for (const s of segs) want.set(`${b.rank}|${path}|${dir}`, (want.get(`${b.rank}|${path}|${dir}`) ?? 0) + s.length);
        ops += segs.length;
      }
    }
    const got = new Map<string, number>();
    for (const [rank, files] of wl.moved) {
      for (const [f, [r, w]] of files) {
        if (r) got.set(`${rank}|${trace.files[f]}|r`, r);
        if (w) got.set(`${rank}|${trace.files[f]}|w`, w);
      }
    }
    for (const [k, v] of want) if (v === 0) want.delete(k);
    expect(got).toEqual(want);
    expect(activities.length).toBe(ops);
    // Order: each rank's simulated operations, by simulated start, are its recorded ones by recorded start.
    const recorded = new Map<number, string[]>();
    for (const b of raw.modules.get('DXT_POSIX')!.dxt) {
      const list = recorded.get(b.rank) ?? [];
      for (const [dir, segs] of [['write', b.writes], ['read', b.reads]] as const) for (const s of segs) list.push(`${s.start.toFixed(9)}|${raw.names.get(b.id)}|${dir}|${s.offset}|${s.length}`);
      recorded.set(b.rank, list);
    }
    for (const [rank, list] of recorded) {
      const rec = list.map((x, i) => [x, i] as const).sort((a, b) => Number(a[0].split('|')[0]) - Number(b[0].split('|')[0]) || a[1] - b[1]).map(([x]) => x.split('|').slice(1, 3).concat(x.split('|')[4]!).join('|'));
      const sim = activities.filter((a) => a.id.startsWith(`${name === 'mpi-io-test-dxt-32rank' ? 'mpi-io-test' : 'app'}/rank${rank}/`))
        .sort((a, b) => a.start - b.start || Number(a.id.split('/').pop()) - Number(b.id.split('/').pop()))
        .map((a) => `${trace.files[trace.ranks.get(rank)!.file[Number(a.id.split('/').pop())]!]}|${a.kind}|${a.bytes}`);
      expect(sim).toEqual(rec);
    }
  });

  test.each([['mpi-io-test-dxt-32rank', 0.9, 1.0], ['nonmpi-posix-stdio-dxt', 0.9, 1.0]])('%s: simulated run time on a model of the recorded system is near the recorded one', (name, lo, hi) => {
    const r = runScenario(loadScenarioFile(join(root, 'scenarios', 'replay', `${name}.yaml`)));
    const w = r.workloads[0]! as unknown as { runTimeRatio: number; bytesRead: number };
    // Measured 0.95 and 0.96: the recorded run times of these 3.21 logs are whole seconds, end - start + 1,
    // and include time after the last I/O that a trace cannot show.
    expect(w.runTimeRatio).toBeGreaterThan(lo);
    expect(w.runTimeRatio).toBeLessThan(hi);
  });
});

test('DXT hostnames give the recorded ranks per node (the replay default)', () => {
  expect(loadTrace(DXT_LOGS['mpi-io-test-dxt-32rank']).ranksPerHost).toBe(32); // 32 ranks on sn362
  expect(loadTrace(DXT_LOGS['nonmpi-posix-stdio-dxt']).ranksPerHost).toBe(1);
});

describe('hand-written traces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tiersim-replay-'));
  const system = `
system:
  nodes:
    - id: c
      count: 2
      nic: { bandwidth: 100 GB/s }
      tiers: [{ id: dram, kind: dram, capacity: 1 TB, bandwidth: 100 GB/s }]
  storage:
    - { id: fs, kind: pfs, readBandwidth: 1 GB/s, writeBandwidth: 500 MB/s, attach: { bandwidth: 100 GB/s } }
  network: { kind: star }
`;
  const run = (trace: string, ext: string, extra = '') => {
    const f = join(dir, `t${Math.random().toString(36).slice(2)}.${ext}`);
    writeFileSync(f, trace);
    const sc = `name: hand\n${system}\nworkloads:\n  - { kind: replay, id: r, trace: ${f}, nodes: c, storage: fs${extra} }\n`;
    return runScenario(loadScenarioText(sc, join(dir, 's.yaml')));
  };

  test('CSV: compute gaps and fair sharing give the hand-computed times', () => {
    // rank 0: 2 s of compute, then reads 1 GB; rank 1 reads 1 GB at once and then writes 500 MB.
    // Rank 1 reads 1 GB alone at 1 GB/s (0..1 s), then writes 500 MB at 500 MB/s (1..2 s);
    // rank 0 reads 1 GB alone from 2 s to 3 s.
    const r = run('rank,op,file,size,duration\n0,compute,,,2\n1,read,/a,1 GB,\n1,write,/b,500 MB,\n0,read,/a,1 GB,\n', 'csv');
    expect(r.simulatedTime).toBeCloseTo(3, 9);
    const w = r.workloads[0]!;
    expect(w.bytesRead).toBe(2e9);
    expect(w.bytesWritten).toBe(5e8);
  });

  test('what bounded the operations counts time, not operations: 4 reads at once for 1 s, then one write for 2 s', () => {
    // 4 ranks read 250 MB each together at 1 GB/s (0..1 s); rank 0 then writes 1 GB at 500 MB/s
    // (1..3 s). By time the write bandwidth held 2 of the 3 s (by operations, 4 x 1 s of reads
    // would outweigh 2 s of write)
    const r = run('rank,op,file,size\n0,read,/a,250 MB\n1,read,/a,250 MB\n2,read,/a,250 MB\n3,read,/a,250 MB\n0,write,/b,1 GB\n', 'csv', ', ranksPerNode: 2');
    expect(r.simulatedTime).toBeCloseTo(3, 9);
    const w = r.workloads[0] as unknown as { ioBottlenecks: { resource: string; share: number }[] };
    expect(w.ioBottlenecks).toEqual([{ resource: 'fs:write', share: expect.closeTo(2 / 3, 9) }, { resource: 'fs:read', share: expect.closeTo(1 / 3, 9) }]);
    expect(summarize(r)).toContain('`fs:write` bounded its operations 67% of the time they moved data.');
    expect(r.bottleneck).toMatchObject({ resource: 'fs:write', share: expect.closeTo(2 / 3, 9) });
  });

  test('JSONL: two ranks reading together share the file system max-min', () => {
    const r = run('{"rank":0,"op":"read","file":"/x","size":"1 GB"}\n{"rank":1,"op":"read","file":"/y","size":"1 GB"}\n{"rank":0,"op":"fsync","file":"/x"}\n', 'jsonl', ', ranksPerNode: 1');
    expect(r.simulatedTime).toBeCloseTo(2, 9);
    expect((r.workloads[0] as unknown as { warnings: string[] }).warnings.join()).toMatch(/1 operation of unknown kind "fsync" skipped/);
  });

  test('a bad value is an error with line and column; every problem at once', () => {
    expect(() => run('rank,op,file,size\n0,read,/a,12 parsecs\nx,read,/a,1\n', 'csv')).toThrow(/t\w+\.csv:2:11: size: cannot read "12 parsecs"[\s\S]*csv:3:1: rank: rank "x"/);
  });

  test('ranks that do not fit on the node group are an input error, with the path and the numbers', () => {
    let err: unknown;
    try {
      run('rank,op,file,size\n0,read,/a,1\n7,read,/a,1\n', 'csv', ', ranksPerNode: 2');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues[0]).toMatchObject({ path: ['workloads', 0, 'ranksPerNode'], message: 'the trace\'s 8 ranks do not fit on 2 nodes of "c" at 2 per node', hint: expect.stringContaining('ranksPerNode 4 or more') });
  });
});

describe('counter-only logs', () => {
  test('a log without DXT replays streams synthesized from its counters, with the recorded bytes', () => {
    const log = join(darshan, 'mpi-io-test-v3.5.0', 'mpi-io-test-x86_64-3.5.0.darshan');
    const t = loadTrace(log);
    expect(t.synthesized).toBe(true);
    let read = 0, written = 0;
    for (const l of t.ranks.values()) for (let i = 0; i < l.n; i++) (l.dir[i] === OP_READ ? (read += l.length[i]!) : (written += l.length[i]!));
    expect([read, written]).toEqual([67108864, 67108864]);
    // The shared record is split over the 4 ranks: one 16 MiB read and one write each.
    expect([...t.ranks.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const l of t.ranks.values()) expect(Array.from(l.length.subarray(0, l.n))).toEqual([16777216, 16777216]);
    // synthesized operations have no durations: the recorded I/O time and end are the counters'
    // (the .total.txt beside it: POSIX_F_READ_TIME 0.045976 + POSIX_F_WRITE_TIME 0.078341; READ_END 0.049856)
    expect(t.counterIoTime).toBeCloseTo(0.045976 + 0.078341, 5);
    expect(t.counterIoEnd).toBeCloseTo(0.049856, 5);
    const w = runScenario(loadScenarioFile(join(root, 'scenarios', 'replay', 'mpi-io-test-v3.5.0.yaml'))).workloads[0] as unknown as { recordedIoTime: number; recordedIoEnd: number };
    expect(w.recordedIoTime).toBeCloseTo(0.124317, 5);
    expect(w.recordedIoEnd).toBeCloseTo(0.049856, 5);
  });

  test('a job that runs on long after its last I/O: the summary says the replay ends there and why', () => {
    // the DLIO UNet3D loader's reads end at 112 s of its 135 s run (POSIX_F_READ_END_TIMESTAMP)
    const r = runScenario(loadScenarioFile(join(root, 'scenarios', 'replay', 'dlio-unet3d-loader.yaml')));
    expect(summarize(r)).toMatch(/The recorded I\/O ends 112 s into the 2\.25 min run; the 23\.\d s after it hold no I\/O and are not replayed/);
  });
});
