/**
 * Darshan's text dumps: `darshan-parser --base` (one TAB-separated line per counter of every
 * record), `darshan-parser --total` (`total_<COUNTER>: value` lines) and `darshan-dxt-parser` (one
 * line per traced operation). All three start with the same job header. Lines that fit none of the
 * expected shapes are counted in a warning with the first few line numbers, never fatal: a dump
 * with garbage in it still gives what it holds, and says so.
 * Formats: ../shared/traces/darshan/FORMAT.md sections (a) and (b).
 */
import { InputError } from '../../issues.ts';
import { emptyModule, type CounterRecord, type DarshanLog, type DarshanModule, type DxtRecord } from './model.ts';

export function isDarshanText(head: string): boolean {
  return /^# darshan log version: /m.test(head.slice(0, 4096));
}

export function readDarshanText(text: string, file: string): DarshanLog {
  const log: DarshanLog = {
    file, source: 'parser-text',
    job: { version: '', compression: 'unknown', exe: '', uid: 0, jobid: 0, startTime: 0, endTime: 0, nprocs: 0, runTime: 0, metadata: [] },
    mounts: [], names: new Map(), modules: new Map(), warnings: [],
  };
  const versions = new Map<string, number>();
  const bad: number[] = [];
  let totals: Map<string, { name: string; value: number }[]> | undefined;
  let cur: CounterRecord | null = null;
  let curKey = '';
  let dxtMod: DarshanModule | null = null;
  let dxt: (DxtRecord & { count?: [number, number] }) | null = null;
  let sawHeader = false;
  const modOf = (name: string): DarshanModule => {
    let m = log.modules.get(name);
    if (!m) log.modules.set(name, (m = emptyModule(name, versions.get(name) ?? 0)));
    return m;
  };
  const lines = text.split('\n');
  for (let ln = 0; ln < lines.length; ln++) {
    let line = lines[ln]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '') continue;
    if (line[0] === '#') {
      const h = /^# ([a-z_ ]+): (.*)$/.exec(line);
      if (h) {
        const [, k, val] = h as unknown as [string, string, string];
        sawHeader ||= k === 'darshan log version';
        switch (k) {
          case 'darshan log version': log.job.version = val; break;
          case 'compression method': log.job.compression = (['ZLIB', 'BZIP2', 'NONE'].includes(val) ? val : 'unknown') as DarshanLog['job']['compression']; break;
          case 'exe': log.job.exe = val; break;
          case 'uid': log.job.uid = Number(val); break;
          case 'jobid': log.job.jobid = Number(val); break;
          case 'start_time': log.job.startTime = Number(val); break;
          case 'end_time': log.job.endTime = Number(val); break;
          case 'nprocs': log.job.nprocs = Number(val); break;
          case 'run time': log.job.runTime = Number(val); break;
          case 'metadata': { const i = val.indexOf(' = '); if (i > 0) log.job.metadata.push([val.slice(0, i), val.slice(i + 3)]); break; }
          case 'mount entry': { const [p, t] = val.split('\t'); if (p !== undefined && t !== undefined) log.mounts.push({ path: p, type: t }); break; }
          default: break;
        }
        continue;
      }
      const me = /^# mount entry:\t([^\t]*)\t(.*)$/.exec(line);
      if (me) { log.mounts.push({ path: me[1]!, type: me[2]! }); continue; }
      const reg = /^# (\S+) module: \d+ bytes \(compressed\), ver=(\d+)/.exec(line);
      if (reg) { versions.set(reg[1]!, Number(reg[2])); continue; }
      const banner = /^# (DXT_POSIX|DXT_MPIIO) module data/.exec(line);
      if (banner) { log.source = 'dxt-text'; dxtMod = modOf(banner[1]!); continue; }
      const d = /^# DXT, (.*)$/.exec(line);
      if (d && dxtMod) {
        const body = d[1]!;
        const fid = /^file_id: (\d+), file_name: (.*)$/.exec(body);
        if (fid) {
          dxt = { id: fid[1]!, rank: 0, hostname: '', writes: [], reads: [] };
          dxtMod.dxt.push(dxt);
          if (!log.names.has(fid[1]!)) log.names.set(fid[1]!, fid[2]!);
          continue;
        }
        const rk = /^rank: (-?\d+), hostname: (.*)$/.exec(body);
        if (rk && dxt) { dxt.rank = Number(rk[1]); dxt.hostname = rk[2]!; continue; }
        const wc = /^write_count: (\d+), read_count: (\d+)/.exec(body);
        if (wc && dxt) { dxt.count = [Number(wc[1]), Number(wc[2])]; continue; }
      }
      continue;
    }
    // Data lines.
    const tot = /^total_([A-Z0-9_]+): (\S+)$/.exec(line);
    if (tot) {
      const name = tot[1]!;
      const mod = name.startsWith('POSIX_') ? 'POSIX' : name.startsWith('MPIIO_') ? 'MPI-IO' : name.startsWith('STDIO_') ? 'STDIO' : null;
      const value = Number(tot[2]);
      if (mod && Number.isFinite(value)) {
        totals ??= new Map();
        if (!totals.has(mod)) totals.set(mod, []);
        totals.get(mod)!.push({ name, value });
      } else bad.push(ln + 1);
      continue;
    }
    if (line.charCodeAt(0) === 32 && dxtMod) {
      const f = line.trim().split(/\s+/);
      // Module Rank Wt/Rd Segment Offset Length Start End [OST ids / pthread]
      const [m, rank, dir, , off, len, st, en] = f;
      if (f.length >= 8 && (m === 'X_POSIX' || m === 'X_MPIIO') && (dir === 'write' || dir === 'read') && dxt) {
        const seg = { offset: Number(off), length: Number(len), start: Number(st), end: Number(en) };
        if ([seg.offset, seg.length, seg.start, seg.end, Number(rank)].every(Number.isFinite)) {
          (dir === 'write' ? dxt.writes : dxt.reads).push(seg);
          continue;
        }
      }
      bad.push(ln + 1);
      continue;
    }
    const f = line.split('\t');
    if (f.length >= 8) {
      const [mod, rank, id, name, value, path] = f as [string, string, string, string, string, string];
      const num = Number(value);
      if (/^-?\d+$/.test(rank) && /^\d+$/.test(id) && /^[A-Z0-9_]+$/.test(name)) {
        const key = `${mod}\t${rank}\t${id}`;
        if (key !== curKey || !cur) {
          cur = { id, rank: Number(rank), values: [], names: [] };
          modOf(mod).records.push(cur);
          curKey = key;
          if (!log.names.has(id)) log.names.set(id, path);
        }
        (cur.names as string[]).push(name);
        // Integers beyond 2^53 (record ids in H5D_FILE_REC_ID) stay exact as strings.
        cur.values.push(Number.isFinite(num) && value.trim() !== '' && (Math.abs(num) <= Number.MAX_SAFE_INTEGER || value.includes('.')) ? num : value);
        continue;
      }
    }
    bad.push(ln + 1);
  }
  if (!sawHeader) {
    throw new InputError([{ file, path: [], message: 'not a Darshan text dump: no "# darshan log version:" header line', hint: 'give the output of `darshan-parser --base`, `darshan-parser --total` or `darshan-dxt-parser`, or the binary .darshan log' }]);
  }
  for (const m of log.modules.values()) {
    if (m.version === 0) m.version = versions.get(m.name) ?? 0;
    for (const r of m.dxt as (DxtRecord & { count?: [number, number] })[]) {
      if (r.count && (r.count[0] !== r.writes.length || r.count[1] !== r.reads.length)) {
        log.warnings.push(`${m.name} block of file ${r.id} rank ${r.rank}: the header says ${r.count[0]} writes and ${r.count[1]} reads, the text has ${r.writes.length} and ${r.reads.length}`);
      }
      delete r.count;
    }
  }
  if (totals) log.totals = totals;
  if (bad.length) log.warnings.push(`${bad.length} line${bad.length === 1 ? '' : 's'} not understood and skipped (line${bad.length === 1 ? '' : 's'} ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', ...' : ''})`);
  return log;
}
