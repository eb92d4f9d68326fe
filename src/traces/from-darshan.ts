/**
 * Replayable operations from a Darshan log. With DXT traces, every traced operation as recorded
 * (the POSIX layer, which is what reached the file system; MPI-IO only when POSIX was not traced).
 * Without them, each rank's stream is synthesized from the counters of each record: the recorded
 * number of reads and writes, sized by the four most common access sizes and the access-size
 * histogram (each bin at its geometric middle), scaled so the bytes equal the recorded bytes
 * exactly, spread evenly between the first and last read (write) timestamps. A shared record
 * (rank -1) is split evenly over the job's ranks.
 */
import { counter, type CounterRecord, type DarshanLog } from './darshan/model.ts';
import { OpList, OP_READ, OP_WRITE, type Trace } from './trace.ts';

const BINS = ['0_100', '100_1K', '1K_10K', '10K_100K', '100K_1M', '1M_4M', '4M_10M', '10M_100M', '100M_1G', '1G_PLUS'];
const BIN_MID = [50, 320, 3200, 32e3, 320e3, 2 * 2 ** 20, 6.5e6, 32e6, 320e6, 2e9];

/** The record id of the one record a `darshan-parser --total` text makes. */
const TOTAL_ID = 'total';

export function traceFromDarshan(log: DarshanLog, format: string): Trace {
  const files: string[] = [];
  const fileIdx = new Map<string, number>();
  const fileOf = (id: string): number => {
    let i = fileIdx.get(id);
    if (i === undefined) {
      i = files.length;
      files.push(id === TOTAL_ID ? '(all files: darshan-parser --total)' : log.names.get(id) ?? id);
      fileIdx.set(id, i);
    }
    return i;
  };
  const ranks = new Map<number, OpList>();
  const list = (r: number) => {
    let l = ranks.get(r);
    if (!l) ranks.set(r, (l = new OpList()));
    return l;
  };
  const dxt = ['DXT_POSIX', 'DXT_MPIIO'].map((m) => log.modules.get(m)).find((m) => m && m.dxt.length > 0);
  const warnings = [...log.warnings];
  let layer: string, synthesized = false;
  // synthesized operations carry no durations: the counters' cumulative read and write times do
  let counterIoTime = 0, counterIoEnd = 0;
  if (dxt) {
    layer = dxt.name === 'DXT_POSIX' ? 'POSIX' : 'MPI-IO';
    for (const b of dxt.dxt) {
      const f = fileOf(b.id), l = list(b.rank);
      for (const s of b.writes) l.push(f, OP_WRITE, s.offset, s.length, s.start, s.end);
      for (const s of b.reads) l.push(f, OP_READ, s.offset, s.length, s.start, s.end);
    }
    if (dxt.partial) warnings.push(`${dxt.name} trace buffers filled up at run time: operations after that point are missing`);
  } else {
    const mod = ['POSIX', 'MPI-IO', 'STDIO'].map((m) => log.modules.get(m)).find((m) => m && m.records.length > 0);
    let records = mod?.records ?? [];
    layer = mod?.name ?? 'none';
    if (!mod && log.totals) {
      // `darshan-parser --total` text: the job's sums only. They are one record as the shared
      // records of a job are (rank -1): all files as one, its operations spread over the ranks.
      const moved = (list: { name: string; value: number }[]) => list.some((c) => /_(READS|WRITES)$/.test(c.name) && c.value > 0);
      const pick = ['POSIX', 'MPI-IO', 'STDIO'].find((m) => moved(log.totals!.get(m) ?? []));
      if (pick) {
        const list = log.totals.get(pick)!;
        layer = pick;
        records = [{ id: TOTAL_ID, rank: -1, names: list.map((c) => c.name), values: list.map((c) => c.value) }];
        warnings.push(`darshan-parser --total output holds the job's sums only: replayed as one file of all ${pick} operations, spread evenly over the ${log.job.nprocs} ranks (the .darshan log or --base output replays each file and rank)`);
      }
    }
    synthesized = true;
    const nprocs = Math.max(1, log.job.nprocs);
    for (const r of records) {
      const targets = r.rank === -1 ? Array.from({ length: nprocs }, (_, i) => i) : [r.rank];
      const f = fileOf(r.id);
      for (const dir of [OP_WRITE, OP_READ]) {
        const ops = synthesize(r, layer, dir);
        if (!ops) continue;
        counterIoTime += ops.time;
        counterIoEnd = Math.max(counterIoEnd, ops.t1);
        targets.forEach((rank, k) => {
          // Rank k of P takes every P-th op, so the bytes split as evenly as the sizes allow.
          const l = list(rank);
          for (let i = k; i < ops.sizes.length; i += targets.length) {
            const t = ops.t0 + (ops.sizes.length > 1 ? (ops.t1 - ops.t0) * (i / ops.sizes.length) : 0);
            l.push(f, dir, ops.offsets[i]!, ops.sizes[i]!, t, t);
          }
        });
      }
    }
  }
  for (const l of ranks.values()) l.sortByStart();
  // DXT records name each rank's host: the recorded ranks per node.
  const hostOf = new Map<number, string>();
  for (const m of ['DXT_POSIX', 'DXT_MPIIO']) for (const b of log.modules.get(m)?.dxt ?? []) if (b.hostname) hostOf.set(b.rank, b.hostname);
  const perHost = new Map<string, number>();
  for (const h of hostOf.values()) perHost.set(h, (perHost.get(h) ?? 0) + 1);
  const ranksPerHost = perHost.size ? Math.max(...perHost.values()) : undefined;
  return { file: log.file, format, layer, synthesized, nprocs: log.job.nprocs, runTime: log.job.runTime, files, ranks, warnings, log, ...(ranksPerHost ? { ranksPerHost } : {}), ...(synthesized ? { counterIoTime, counterIoEnd } : {}) };
}

/** Sizes, offsets and time span of one record's reads or writes, from its counters. */
function synthesize(r: CounterRecord, layer: string, dir: number): { sizes: number[]; offsets: number[]; t0: number; t1: number; time: number } | null {
  const p = layer === 'MPI-IO' ? 'MPIIO' : layer;
  const rw = dir === OP_READ ? 'READ' : 'WRITE';
  const num = (n: string) => {
    const v = counter(r, `${p}_${n}`);
    return typeof v === 'number' && v > 0 ? v : 0;
  };
  const count = layer === 'MPI-IO' ? num(`INDEP_${rw}S`) + num(`COLL_${rw}S`) + num(`SPLIT_${rw}S`) + num(`NB_${rw}S`) : num(`${rw}S`);
  const bytes = num(dir === OP_READ ? 'BYTES_READ' : 'BYTES_WRITTEN');
  if (count === 0 || bytes === 0) return null;
  const sizes: number[] = [];
  const hist = BINS.map((b) => num(layer === 'MPI-IO' ? `SIZE_${rw}_AGG_${b}` : `SIZE_${rw}_${b}`));
  // The common access sizes first (they are exact), taken out of their histogram bins.
  for (let j = 1; j <= 4 && sizes.length < count; j++) {
    const size = num(`ACCESS${j}_ACCESS`), c = num(`ACCESS${j}_COUNT`);
    const bin = binOf(size);
    const take = Math.min(c, hist[bin]!, count - sizes.length);
    for (let k = 0; k < take; k++) sizes.push(size);
    hist[bin]! -= take;
  }
  for (let b = 0; b < BINS.length && sizes.length < count; b++) for (let k = 0; k < hist[b]! && sizes.length < count; k++) sizes.push(BIN_MID[b]!);
  while (sizes.length < count) sizes.push(bytes / count);
  // Scale so the bytes are exactly the recorded ones (integer sizes; the last op takes the rest).
  const sum = sizes.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (let i = 0; i < sizes.length - 1; i++) {
    sizes[i] = Math.max(1, Math.floor((sizes[i]! * bytes) / sum));
    acc += sizes[i]!;
  }
  sizes[sizes.length - 1] = Math.max(0, bytes - acc);
  const offsets: number[] = [];
  let off = 0;
  for (const s of sizes) { offsets.push(off); off += s; }
  const ts = (n: string) => {
    const v = counter(r, `${p}_F_${rw}_${n}_TIMESTAMP`);
    return typeof v === 'number' && v > 0 ? v : 0;
  };
  const t0 = ts('START'), t1 = Math.max(t0, ts('END'));
  // cumulative seconds in these calls, over the ranks that made them (POSIX_F_WRITE_TIME, ...)
  const time = counter(r, `${p}_F_${rw}_TIME`);
  return { sizes, offsets, t0, t1, time: typeof time === 'number' && time > 0 ? time : 0 };
}

function binOf(size: number): number {
  const edges = [100, 1024, 10240, 102400, 1048576, 4194304, 10485760, 104857600, 1073741824];
  let b = 0;
  while (b < edges.length && size > edges[b]!) b++;
  return b;
}
