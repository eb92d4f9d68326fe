/**
 * The binary `.darshan` log, read natively (no darshan-util): header, job region, name records and
 * module regions, each a run of zlib streams (one per rank in MPI runs). Formats 3.00-3.21 (360-byte
 * header, 16 module slots) and 3.41 (1328 bytes, 64 slots); either byte order. Layout:
 * ../shared/traces/darshan/FORMAT.md section (c).
 *
 * A log that cannot be read faithfully (truncated, a corrupt compressed region, records that do
 * not fill their region) is refused with an InputError naming the region; modules or record
 * versions tiersim does not know are skipped with a counted warning.
 */
import { inflateSync } from 'node:zlib';
import { InputError } from '../../issues.ts';
import { counterNames, emptyModule, type DarshanLog, type DarshanModule, type DxtRecord, type DxtSegment, type Mount } from './model.ts';

const MAGIC = 6567223n;

/** Module names by slot, per log format generation. */
const MODULES_341 = ['NULL', 'POSIX', 'MPI-IO', 'H5F', 'H5D', 'PNETCDF_FILE', 'PNETCDF_VAR', 'BG/Q', 'LUSTRE', 'STDIO', 'DXT_POSIX', 'DXT_MPIIO', 'MDHIM', 'APXC', 'APMPI', 'HEATMAP', 'DFS', 'DAOS'];
const MODULES_320 = ['NULL', 'POSIX', 'MPI-IO', 'H5F', 'H5D', 'PNETCDF', 'BG/Q', 'LUSTRE', 'STDIO', 'DXT_POSIX', 'DXT_MPIIO', 'MDHIM', 'APXC', 'APMPI', 'HEATMAP'];
const MODULES_300 = ['NULL', 'POSIX', 'MPI-IO', 'H5F', 'PNETCDF', 'BG/Q', 'LUSTRE', 'STDIO', 'DXT_POSIX', 'DXT_MPIIO', 'MDHIM'];

/** Little- or big-endian reads of one buffer. */
class Bytes {
  constructor(readonly buf: Buffer, readonly le: boolean) {}
  i64(off: number): number {
    return Number(this.le ? this.buf.readBigInt64LE(off) : this.buf.readBigInt64BE(off));
  }
  u64(off: number): bigint {
    return this.le ? this.buf.readBigUInt64LE(off) : this.buf.readBigUInt64BE(off);
  }
  u32(off: number): number {
    return this.le ? this.buf.readUInt32LE(off) : this.buf.readUInt32BE(off);
  }
  f64(off: number): number {
    return this.le ? this.buf.readDoubleLE(off) : this.buf.readDoubleBE(off);
  }
  cstr(off: number, max: number): string {
    const end = this.buf.indexOf(0, off);
    return this.buf.toString('utf8', off, end < 0 || end > off + max ? off + max : end);
  }
}

export function isDarshanBinary(head: Buffer): boolean {
  if (head.length < 16) return false;
  const m = head.readBigInt64LE(8), mb = head.readBigInt64BE(8);
  return (m === MAGIC || mb === MAGIC) && /^3\.\d+/.test(head.toString('latin1', 0, 8));
}

export function readDarshanBinary(buf: Buffer, file: string): DarshanLog {
  const fail = (message: string, hint: string, path: (string | number)[] = []): never => {
    throw new InputError([{ file, path, message, hint }]);
  };
  if (buf.length < 360) fail(`the log is ${buf.length} bytes, shorter than any Darshan header`, 'the file is truncated or not a Darshan log');
  const version = buf.toString('latin1', 0, 8).replace(/\0.*$/s, '');
  const le = buf.readBigInt64LE(8) === MAGIC;
  if (!le && buf.readBigInt64BE(8) !== MAGIC) fail('not a Darshan log (bad magic number)', 'tiersim reads binary .darshan logs, darshan-parser text and darshan-dxt-parser text');
  const b = new Bytes(buf, le);
  const v = Number(version);
  if (!(v >= 3)) fail(`Darshan log format "${version}" is not supported`, 'tiersim reads log formats 3.00 to 3.41 (darshan 3.x); convert older logs with darshan-convert');
  const modern = v >= 3.41;
  const slots = modern ? 64 : 16;
  const headerSize = modern ? 1328 : 360;
  if (buf.length < headerSize) fail(`the log is truncated inside its ${headerSize}-byte header`, 'the file was cut short; copy it again');
  const compCode = le ? buf[16]! : buf[16]! || buf[19]!;
  const compression = (['ZLIB', 'BZIP2', 'NONE'] as const)[compCode] ?? 'unknown';
  const partialFlag = modern ? b.u64(24) : BigInt(b.u32(20));
  const nameMap = { off: Number(b.u64(modern ? 32 : 24)), len: Number(b.u64(modern ? 40 : 32)) };
  const mapAt = modern ? 48 : 40, verAt = modern ? 1072 : 296;
  const table = v >= 3.41 ? MODULES_341 : v >= 3.2 ? MODULES_320 : MODULES_300;
  const regions: { slot: number; name: string; off: number; len: number; ver: number }[] = [];
  for (let i = 0; i < slots; i++) {
    const off = Number(b.u64(mapAt + 16 * i)), len = Number(b.u64(mapAt + 16 * i + 8));
    if (len > 0) regions.push({ slot: i, name: table[i] ?? `module-${i}`, off, len, ver: b.u32(verAt + 4 * i) });
  }
  const ends = [nameMap.len > 0 ? nameMap.off : Infinity, ...regions.map((r) => r.off), buf.length];
  const jobEnd = Math.min(...ends);
  for (const r of [...(nameMap.len > 0 ? [{ name: 'record table', off: nameMap.off, len: nameMap.len }] : []), ...regions]) {
    if (r.off < headerSize || r.off + r.len > buf.length) {
      fail(`the ${r.name} region (bytes ${r.off}..${r.off + r.len}) lies outside the ${buf.length}-byte file`, 'the log is truncated; copy it again from where it was written', ['regions', r.name]);
    }
  }
  if (compression === 'BZIP2') fail('this log is bzip2-compressed, which tiersim does not read natively', 'convert it with `darshan-convert` (zlib is the default), or give tiersim the text of `darshan-parser --base` instead');
  if (compression === 'unknown') fail(`unknown compression method ${compCode}`, 'the header is damaged or the log is from a newer Darshan');
  const inflate = (what: string, off: number, len: number): Buffer => (compression === 'NONE' ? buf.subarray(off, off + len) : inflateRegion(buf.subarray(off, off + len), (msg) => fail(`the ${what} region cannot be decompressed: ${msg}`, 'the log is corrupt or truncated; darshan-parser would refuse it too', ['regions', what])));

  // Job region.
  const job = new Bytes(inflate('job data', headerSize, jobEnd - headerSize), le);
  const jobFixed = modern ? 1080 : 1064;
  if (job.buf.length < jobFixed) fail(`the job region holds ${job.buf.length} bytes, less than the ${jobFixed} of a job record`, 'the log is corrupt', ['regions', 'job data']);
  let o = 0;
  const uid = job.i64(o); o += 8;
  const startS = job.i64(o); o += 8;
  const startNs = modern ? job.i64(o) : 0; if (modern) o += 8;
  const endS = job.i64(o); o += 8;
  const endNs = modern ? job.i64(o) : 0; if (modern) o += 8;
  const nprocs = job.i64(o); o += 8;
  const jobid = job.i64(o); o += 8;
  const metaText = job.cstr(o, 1024);
  const exeText = job.cstr(jobFixed, job.buf.length - jobFixed);
  const [exe = '', ...mountLines] = exeText.split('\n');
  const mounts: Mount[] = mountLines.filter((l) => l.includes('\t')).map((l) => {
    const t = l.indexOf('\t');
    return { type: l.slice(0, t), path: l.slice(t + 1) };
  });
  const metadata: [string, string][] = metaText.split('\n').filter((l) => l.includes('=')).map((l) => {
    const i = l.indexOf('=');
    return [l.slice(0, i), l.slice(i + 1)];
  });
  const runTime = modern ? endS + endNs / 1e9 - (startS + startNs / 1e9) : endS - startS + 1;

  // Name records.
  const names = new Map<string, string>();
  if (nameMap.len > 0) {
    const nb = inflate('record table', nameMap.off, nameMap.len);
    const nr = new Bytes(nb, le);
    let p = 0;
    while (p + 8 <= nb.length) {
      const id = nr.u64(p).toString();
      p += 8;
      let name: string;
      if (v < 3.1) {
        const n = nr.u32(p);
        name = nb.toString('utf8', p + 4, p + 4 + n);
        p += 4 + n;
      } else {
        const end = nb.indexOf(0, p);
        if (end < 0) fail('a name record is not terminated', 'the log is corrupt', ['regions', 'record table']);
        name = nb.toString('utf8', p, end);
        p = end + 1;
      }
      if (!names.get(id)) names.set(id, name);
    }
  }

  const log: DarshanLog = {
    file, source: 'binary',
    job: { version, compression, exe, uid, jobid, startTime: startS, endTime: endS, nprocs, runTime, metadata },
    mounts: sortMounts(mounts), names, modules: new Map(), warnings: [],
  };
  for (const r of regions) {
    const data = new Bytes(inflate(r.name, r.off, r.len), le);
    const mod = emptyModule(r.name, r.ver);
    mod.partial = ((partialFlag >> BigInt(r.slot)) & 1n) === 1n;
    const ok = decodeModule(data, mod, (m) => fail(`${r.name} module: ${m}`, 'the log is corrupt, or written by a Darshan version whose record layout differs', ['modules', r.name]));
    if (!ok) {
      log.warnings.push(`${r.name} module (record version ${r.ver}) is not read by tiersim: ${data.buf.length} bytes skipped`);
      continue;
    }
    log.modules.set(r.name, mod);
  }
  for (const m of log.modules.values()) if (m.partial) log.warnings.push(`the ${m.name} module ran out of memory at run time: its data is incomplete`);
  return log;
}

/** darshan-parser lists mounts longest path first (stable for equal lengths). */
export function sortMounts(m: Mount[]): Mount[] {
  return m.map((x, i) => [x, i] as const).sort((a, b) => b[0].path.length - a[0].path.length || a[1] - b[1]).map(([x]) => x);
}

/** One or more zlib streams back to back (one per rank), inflated and concatenated. */
function inflateRegion(region: Buffer, fail: (msg: string) => never): Buffer {
  const parts: Buffer[] = [];
  let p = 0;
  while (p < region.length) {
    let res: { buffer: Buffer; engine: { bytesWritten: number } };
    try {
      res = inflateSync(region.subarray(p), { info: true }) as unknown as typeof res;
    } catch (e) {
      fail(`${(e as Error).message} (stream ${parts.length + 1}, at byte ${p} of ${region.length})`);
    }
    const used = res!.engine.bytesWritten;
    if (!(used > 0)) fail(`a stream at byte ${p} consumed no input`);
    parts.push(res!.buffer);
    p += used;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** Splits a module region into records; false when tiersim does not know the module/version. */
function decodeModule(d: Bytes, mod: DarshanModule, fail: (msg: string) => never): boolean {
  const buf = d.buf;
  const n = buf.length;
  const id = (o: number) => d.u64(o).toString();
  const fixed = counterNames(mod.name, mod.version);
  if (fixed) {
    const isH5D = mod.name === 'H5D';
    const size = 16 + fixed.length * 8;
    if (n % size !== 0) fail(`${n} bytes is not a whole number of ${size}-byte version-${mod.version} records`);
    const nInts = fixed.length - (isH5D ? 1 : 0) - countFloats(fixed);
    for (let o = 0; o < n; o += size) {
      const values: (number | string)[] = new Array(fixed.length);
      let q = o + 16;
      // H5D: the id of the dataset's file record comes right after the base record.
      if (isH5D) { values[fixed.length - 1] = d.u64(q).toString(); q += 8; }
      for (let i = 0; i < fixed.length - (isH5D ? 1 : 0); i++, q += 8) values[i] = i < nInts ? d.i64(q) : d.f64(q);
      mod.records.push({ id: id(o), rank: d.i64(o + 8), values, names: fixed });
    }
    return true;
  }
  if (mod.name === 'LUSTRE' && (mod.version === 1 || mod.version === 2)) {
    let o = 0;
    while (o < n) {
      if (o + 16 + 16 > n) fail(`a record at byte ${o} is cut short`);
      const names: string[] = [], values: (number | string)[] = [];
      const rid = id(o), rank = d.i64(o + 8);
      let q = o + 16;
      if (mod.version === 1) {
        // Version 1 (OST count, MDT count, stripe offset, size, count; OST ids), shown as darshan-util
        // converts it: one component whose pattern, flags and pool are unknown.
        if (q + 40 > n) fail(`a record at byte ${o} is cut short`);
        const size = d.i64(q + 24), stripes = d.i64(q + 32);
        q += 40;
        if (stripes < 0 || q + 8 * stripes > n) fail(`a record at byte ${o} claims ${stripes} stripes beyond the region`);
        names.push('LUSTRE_NUM_COMPONENTS', 'LUSTRE_NUM_STRIPES', ...['STRIPE_SIZE', 'STRIPE_COUNT', 'STRIPE_PATTERN', 'FLAGS', 'EXT_START', 'EXT_END', 'MIRROR_ID', 'POOL_NAME'].map((f) => `LUSTRE_COMP1_${f}`));
        values.push(1, stripes, size, stripes, 'N/A', 'N/A', 0, -1, -1, 'N/A');
        for (let s = 0; s < stripes; s++, q += 8) { names.push(`LUSTRE_COMP1_OST_ID_${s}`); values.push(d.i64(q)); }
      } else {
        const comps = d.i64(q), stripes = d.i64(q + 8);
        q += 16;
        if (comps < 0 || stripes < 0 || q + 72 * comps + 8 * stripes > n) fail(`a record at byte ${o} claims ${comps} components and ${stripes} stripes beyond the region`);
        names.push('LUSTRE_NUM_COMPONENTS', 'LUSTRE_NUM_STRIPES');
        values.push(comps, stripes);
        const compFields = ['STRIPE_SIZE', 'STRIPE_COUNT', 'STRIPE_PATTERN', 'FLAGS', 'EXT_START', 'EXT_END', 'MIRROR_ID'];
        const counts: number[] = [];
        for (let c = 1; c <= comps; c++) {
          compFields.forEach((f, i) => {
            names.push(`LUSTRE_COMP${c}_${f}`);
            const x = d.i64(q + 8 * i);
            values.push(f === 'STRIPE_PATTERN' ? lustrePattern(x) : f === 'FLAGS' ? lustreFlags(x) : x);
          });
          counts.push(d.i64(q + 8));
          names.push(`LUSTRE_COMP${c}_POOL_NAME`);
          values.push(d.cstr(q + 56, 16) || 'N/A');
          q += 72;
        }
        for (let c = 1, s = 0; c <= comps; c++) {
          for (let k = 0; k < (counts[c - 1] ?? 0) && s < stripes; k++, s++, q += 8) { names.push(`LUSTRE_COMP${c}_OST_ID_${k}`); values.push(d.i64(q)); }
        }
        q = o + 32 + 72 * comps + 8 * stripes;
      }
      mod.records.push({ id: rid, rank, values, names });
      o = q;
    }
    return true;
  }
  if (mod.name === 'HEATMAP' && mod.version === 1) {
    let o = 0;
    while (o < n) {
      if (o + 48 > n) fail(`a record at byte ${o} is cut short`);
      const width = d.f64(o + 16), bins = d.i64(o + 24);
      if (bins < 0 || o + 48 + 16 * bins > n) fail(`a record at byte ${o} claims ${bins} bins beyond the region`);
      const names: string[] = ['HEATMAP_F_BIN_WIDTH_SECONDS'], values: (number | string)[] = [width];
      const w = o + 48, r = w + 8 * bins;
      for (let i = 0; i < bins; i++) { names.push(`HEATMAP_READ_BIN_${i}`); values.push(d.i64(r + 8 * i)); }
      for (let i = 0; i < bins; i++) { names.push(`HEATMAP_WRITE_BIN_${i}`); values.push(d.i64(w + 8 * i)); }
      mod.records.push({ id: id(o), rank: d.i64(o + 8), values, names });
      o += 48 + 16 * bins;
    }
    return true;
  }
  const dxt = (mod.name === 'DXT_POSIX' && (mod.version === 1 || mod.version === 2)) || (mod.name === 'DXT_MPIIO' && mod.version >= 1 && mod.version <= 3);
  if (dxt) {
    const seg = (mod.name === 'DXT_POSIX' && mod.version === 2) || (mod.name === 'DXT_MPIIO' && mod.version === 3) ? 40 : 32;
    const validOffsets = !(mod.name === 'DXT_MPIIO' && mod.version === 1);
    let o = 0;
    while (o < n) {
      if (o + 104 > n) fail(`a trace block at byte ${o} is cut short`);
      const wc = d.i64(o + 88), rc = d.i64(o + 96);
      if (wc < 0 || rc < 0 || o + 104 + seg * (wc + rc) > n) fail(`a trace block at byte ${o} claims ${wc} writes and ${rc} reads beyond the region`);
      const read = (q: number): DxtSegment => ({ offset: validOffsets ? d.i64(q) : -1, length: d.i64(q + 8), start: d.f64(q + 16), end: d.f64(q + 24) });
      const rec: DxtRecord = { id: id(o), rank: d.i64(o + 8), hostname: d.cstr(o + 24, 64), writes: [], reads: [] };
      let q = o + 104;
      for (let i = 0; i < wc; i++, q += seg) rec.writes.push(read(q));
      for (let i = 0; i < rc; i++, q += seg) rec.reads.push(read(q));
      mod.dxt.push(rec);
      o = q;
    }
    return true;
  }
  return false;
}

/** Lustre layout pattern and component flags as darshan-parser names them (lustre_user.h). */
function lustrePattern(x: number): string | number {
  return x === 0 ? 'raid0' : x === 0x100 ? 'mdt' : x === 0x200 ? 'overstriping' : x;
}
const LCME_FLAGS: [number, string][] = [[0x1, 'stale'], [0x2, 'prefrd'], [0x4, 'prefwr'], [0x8, 'offline'], [0x10, 'init'], [0x20, 'nosync'], [0x40, 'extension'], [0x80, 'parity'], [0x100, 'compress'], [0x200, 'partial'], [0x400, 'nocompr']];
function lustreFlags(x: number): string | number {
  if (x === 0) return 0;
  const names = LCME_FLAGS.filter(([bit]) => (x & bit) !== 0).map(([, n]) => n);
  return names.length ? names.join(',') : x;
}

function countFloats(names: readonly string[]): number {
  let k = 0;
  for (const x of names) if (x.includes('_F_')) k++;
  return k;
}
