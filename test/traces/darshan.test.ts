// The native Darshan readers against darshan-util 3.5.0's own output for every sample log in
// ../shared/traces/darshan: `--total` counters (every POSIX, MPI-IO and STDIO counter, floats to
// the 6 printed decimals), `--base` per-record counters, and `darshan-dxt-parser` operations.
import { readFileSync, readdirSync, statSync, existsSync, writeFileSync, mkdtempSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { deflateSync } from 'node:zlib';
import { readDarshanBinary } from '../../src/traces/darshan/binary.ts';
import { readDarshanText } from '../../src/traces/darshan/text.ts';
import { moduleTotals, formatCounter } from '../../src/traces/darshan/total.ts';
import { loadTrace } from '../../src/traces/load.ts';
import { OP_READ } from '../../src/traces/trace.ts';
import { InputError } from '../../src/issues.ts';

const root = join(import.meta.dirname, '..', '..', '..', 'shared', 'traces', 'darshan');

/** [binary log, its --total text, its --base text or null, its DXT text or null] */
function samples(): [string, string, string | null, string | null][] {
  const out: [string, string, string | null, string | null][] = [];
  const opt = (p: string) => (existsSync(p) ? p : null);
  for (const d of readdirSync(root)) {
    const dir = join(root, d);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.darshan')) continue;
      const stem = join(dir, f.replace(/\.darshan$/, ''));
      out.push([join(dir, f), `${stem}.total.txt`, opt(`${stem}.base.txt`), opt(`${stem}.dxt.txt`)]);
    }
    if (existsSync(join(dir, 'logs'))) {
      for (const f of readdirSync(join(dir, 'logs'))) {
        const stem = f.replace(/\.darshan$/, '');
        out.push([join(dir, 'logs', f), join(dir, 'total', `${stem}.total.txt`), opt(join(dir, `${stem}.base.txt`)), null]);
      }
    }
  }
  return out;
}

const logs = samples();
const name = (p: string) => p.split('/').slice(-2).join('/').slice(0, 60);

function totalLines(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const t = /^total_(\S+): (.*)$/.exec(line);
    if (t) m.set(t[1]!, t[2]!);
  }
  return m;
}

describe('Darshan binary reader', () => {
  test('finds all 31 sample logs (7 folders + 24 DLIO per-process logs)', () => {
    expect(logs.length).toBe(31);
  });

  test.each(logs.map((l) => [name(l[0]), ...l] as const))('%s: totals equal darshan-parser --total', (_n, bin, total) => {
    const log = readDarshanBinary(readFileSync(bin), bin);
    const want = readFileSync(total, 'utf8');
    const got = new Map<string, string>();
    for (const list of moduleTotals(log).values()) for (const c of list) got.set(c.name, formatCounter(c.name, c.value));
    const expected = totalLines(want);
    expect(expected.size).toBeGreaterThan(0);
    const diffs = [...expected].filter(([k, v]) => got.get(k) !== v).map(([k, v]) => `${k}: want ${v} got ${got.get(k)}`);
    expect(diffs).toEqual([]);
    // and nothing extra: every module total we print is one darshan-parser printed
    expect([...got.keys()].filter((k) => !expected.has(k))).toEqual([]);
    expect(log.job.runTime.toFixed(4)).toBe(/# run time: (\S+)/.exec(want)![1]);
    expect(String(log.job.nprocs)).toBe(/# nprocs: (\S+)/.exec(want)![1]);
    expect(log.job.version).toBe(/# darshan log version: (\S+)/.exec(want)![1]);
    expect(log.job.exe).toBe(/# exe: (.*)/.exec(want)![1]);
    for (const [, mod, ver] of want.matchAll(/^# (\S+) module: \d+ bytes \(compressed\), ver=(\d+)/gm)) {
      if (mod!.startsWith('DXT') || log.modules.has(mod!)) expect(log.modules.get(mod!)?.version).toBe(Number(ver));
    }
    expect(log.mounts.map((m) => `${m.path}\t${m.type}`)).toEqual([...want.matchAll(/^# mount entry:\t(.*)$/gm)].map((m) => m[1]));
  });

  const withBase = logs.filter((l) => l[2] !== null);
  test.each(withBase.map((l) => [name(l[0]), l[0], l[2]!] as const))('%s: every record equals darshan-parser --base', (_n, bin, base) => {
    const log = readDarshanBinary(readFileSync(bin), bin);
    const text = readDarshanText(readFileSync(base, 'utf8'), base);
    let compared = 0;
    for (const [mod, m] of text.modules) {
      const b = log.modules.get(mod);
      expect(b).toBeDefined();
      expect(b!.records.length).toBe(m.records.length);
      m.records.forEach((r, i) => {
        const br = b!.records[i]!;
        expect([br.id, br.rank]).toEqual([r.id, r.rank]);
        const want = r.names.map((n, k) => `${n}=${formatCounter(n, r.values[k]!)}`);
        const got = br.names.map((n, k) => `${n}=${formatCounter(n, br.values[k]!)}`);
        expect(got).toEqual(want);
        expect(log.names.get(br.id)).toBe(text.names.get(r.id));
        compared += want.length;
      });
    }
    expect(compared).toBeGreaterThan(0);
  });

  test('the per-record comparison covers POSIX, MPI-IO, STDIO, LUSTRE (v1 and v2), HEATMAP, H5F and H5D', () => {
    const mods = new Set<string>();
    for (const [, , base] of withBase) for (const m of readDarshanText(readFileSync(base!, 'utf8'), base!).modules.keys()) mods.add(m);
    expect([...mods].sort()).toEqual(['H5D', 'H5F', 'HEATMAP', 'LUSTRE', 'MPI-IO', 'POSIX', 'STDIO']);
  });

  const withDxt = logs.filter((l) => l[3] !== null);
  test.each(withDxt.map((l) => [name(l[0]), l[0], l[3]!] as const))('%s: DXT operations equal darshan-dxt-parser', (_n, bin, dxt) => {
    const log = readDarshanBinary(readFileSync(bin), bin);
    const text = readDarshanText(readFileSync(dxt, 'utf8'), dxt);
    expect(text.warnings).toEqual([]);
    let ops = 0;
    for (const mod of ['DXT_POSIX', 'DXT_MPIIO']) {
      const t = text.modules.get(mod), b = log.modules.get(mod);
      expect(b?.dxt.length ?? 0).toBe(t?.dxt.length ?? 0);
      t?.dxt.forEach((r, i) => {
        const br = b!.dxt[i]!;
        expect([br.id, br.rank, br.hostname]).toEqual([r.id, r.rank, r.hostname]);
        const fmt = (s: { offset: number; length: number; start: number; end: number }) => `${s.offset} ${s.length} ${s.start.toFixed(4)} ${s.end.toFixed(4)}`;
        expect(br.writes.map(fmt)).toEqual(r.writes.map(fmt));
        expect(br.reads.map(fmt)).toEqual(r.reads.map(fmt));
        ops += r.writes.length + r.reads.length;
      });
    }
    expect(ops).toBeGreaterThan(0);
  });
});

describe('Darshan text readers', () => {
  test.each(logs.filter((l) => l[2]).map((l) => [name(l[0]), l[1], l[2]!] as const))('%s: totals computed from the --base text equal --total', (_n, total, base) => {
    const log = readDarshanText(readFileSync(base, 'utf8'), base);
    const got = new Map<string, string>();
    for (const list of moduleTotals(log).values()) for (const c of list) got.set(c.name, formatCounter(c.name, c.value));
    const want = totalLines(readFileSync(total, 'utf8'));
    // The text holds doubles rounded to 6 decimals, so sums of them may differ from darshan's
    // sums of the exact values by up to half a unit per record; integers are exact.
    const n = Math.max(...[...log.modules.values()].map((m) => m.records.length));
    const off = [...want].filter(([k, v]) => (k.includes('_F_') ? !(Math.abs(Number(got.get(k)) - Number(v)) <= n * 5e-7 + 1e-12) : got.get(k) !== v));
    expect(off).toEqual([]);
  });

  test('a --total dump is read as totals', () => {
    const [, total] = logs.find((l) => l[0].includes('mpi-io-test-x86_64'))!;
    const log = readDarshanText(readFileSync(total, 'utf8'), total);
    const posix = moduleTotals(log).get('POSIX')!;
    expect(posix.find((c) => c.name === 'POSIX_BYTES_READ')!.value).toBe(67108864);
    expect(log.job.nprocs).toBe(4);
  });

  // A --total dump has no records: the job's sums become one shared record, replayed over the
  // ranks; its operations and bytes are those the per-record counters give (same totals).
  test.each(logs.filter((l) => existsSync(l[1])).map((l) => [name(l[0]), l[0], l[1]] as const))('%s: a --total dump replays the operations and bytes of the log', (_n, bin, total) => {
    const sums = (file: string) => {
      const t = loadTrace(file);
      let ops = 0, read = 0, written = 0;
      for (const o of t.ranks.values()) {
        ops += o.n;
        for (let i = 0; i < o.n; i++) if (o.dir[i] === OP_READ) read += o.length[i]!; else written += o.length[i]!;
      }
      return { ops, read, written, layer: t.layer };
    };
    const fromTotal = sums(total);
    const binary = loadTrace(bin);
    // the binary log replays DXT operations when it has them; compare with its counters then
    const want = binary.synthesized ? sums(bin) : null;
    if (want) expect(fromTotal).toEqual(want);
    else expect(fromTotal.read + fromTotal.written).toBeGreaterThan(0);
    expect(loadTrace(total).warnings.join(' ')).toContain('darshan-parser --total output holds the job\'s sums only');
  });

  test('garbage lines in a dump are counted in a warning, the rest is still read', () => {
    const [, total, base] = logs.find((l) => l[0].includes('mpi-io-test-x86_64'))!;
    const lines = readFileSync(base!, 'utf8').split('\n');
    lines.splice(200, 0, 'this is not a counter line', '\u0000\u0001garbage', 'POSIX\tx\ty');
    const log = readDarshanText(lines.join('\n'), 'garbled.txt');
    expect(log.warnings.join()).toMatch(/3 lines not understood and skipped \(lines 201, 202, 203\)/);
    const bytes = moduleTotals(log).get('POSIX')!.find((c) => c.name === 'POSIX_BYTES_READ')!.value;
    expect(String(bytes)).toBe(totalLines(readFileSync(total, 'utf8')).get('POSIX_BYTES_READ'));
  });
});

describe('bad Darshan logs', () => {
  const good = readFileSync(logs.find((l) => l[0].includes('treddy'))![0]);
  const dir = mkdtempSync(join(tmpdir(), 'tiersim-darshan-'));
  const expectInputError = (buf: Buffer, re: RegExp) => {
    let err: unknown;
    try {
      readDarshanBinary(buf, 'bad.darshan');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues[0]!.message).toMatch(re);
    expect((err as InputError).issues[0]!.hint).toBeTruthy();
  };

  test('truncated at any point: a clear error, never a crash or a silent partial total', () => {
    for (const cut of [10, 200, 359, 400, 1000, good.length >> 1, good.length - 7, good.length - 1]) {
      expectInputError(good.subarray(0, cut), /truncated|shorter|outside|cannot be decompressed|cut short/);
    }
  });

  test('a corrupt compressed region is named', () => {
    const bad = Buffer.from(good);
    for (let i = 2000; i < 2040; i++) bad[i] = bad[i]! ^ 0x5a;
    expectInputError(bad, /region cannot be decompressed|cut short|whole number|beyond/);
  });

  test('a bzip2 log gets a clear error saying what to do', () => {
    const bad = Buffer.from(good);
    bad[16] = 1;
    expectInputError(bad, /bzip2/);
  });

  test('bad magic, and a region that inflates to records of the wrong size', () => {
    const bad = Buffer.from(good);
    bad[8] = 0;
    expectInputError(bad, /bad magic/);
    // A 3.21 log whose POSIX region holds 100 bytes: not a whole number of 704-byte records.
    const hdr = Buffer.alloc(360);
    hdr.write('3.21', 0);
    hdr.writeBigInt64LE(6567223n, 8);
    const job = deflateSync(Buffer.alloc(1100));
    const posix = deflateSync(Buffer.alloc(100));
    hdr.writeBigUInt64LE(BigInt(360 + job.length), 40 + 16);
    hdr.writeBigUInt64LE(BigInt(posix.length), 40 + 16 + 8);
    hdr.writeUInt32LE(4, 296 + 4);
    expectInputError(Buffer.concat([hdr, job, posix]), /POSIX module: 100 bytes is not a whole number of 704-byte/);
  });

  test('a CSV trace without rank and op columns: the header\'s problems once, not one per row', () => {
    const f = join(dir, 'cols.csv');
    writeFileSync(f, 'a,b\n' + '1,2\n'.repeat(50));
    let err: unknown;
    try {
      loadTrace(f);
    } catch (e) {
      err = e;
    }
    expect((err as InputError).issues.map((i) => i.message)).toEqual(['unknown columns "a", "b"', 'no "rank" column', 'no "op" column']);
  });

  test('files that are not traces: missing, a directory, gzip, binary junk, and a huge file are refused fast', () => {
    const huge = join(dir, 'huge.txt');
    writeFileSync(huge, '# darshan log version: 3.41\n'.repeat(200));
    truncateSync(huge, 600 * 2 ** 20);
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
    const gz = join(dir, 'log.gz');
    writeFileSync(gz, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]));
    const yaml = join(dir, 'scenario.yaml');
    writeFileSync(yaml, '# a scenario\nname: s\nsystem:\n  nodes: []\n');
    const cases: [string, RegExp][] = [[join(dir, 'nope.darshan'), /no such file/], [dir, /directory/], [gz, /gzip/], [junk, /not a Darshan log/], [huge, /larger than tiersim reads/], [yaml, /not a trace: it reads as a YAML document/]];
    for (const [f, re] of cases) {
      const t0 = Date.now();
      let err: unknown;
      try {
        loadTrace(f);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).issues[0]!.message).toMatch(re);
      expect(Date.now() - t0).toBeLessThan(5000);
    }
  });
});
