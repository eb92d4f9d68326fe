/**
 * What a Darshan log holds, whichever way it was read (the binary log, `darshan-parser` text or
 * `darshan-dxt-parser` text): the job, the mount table, and per module its records. Counter
 * records keep Darshan's counter names; DXT records keep every traced operation.
 * Layout and semantics: ../shared/traces/darshan/FORMAT.md.
 */
import { POSIX_INT, POSIX_FLOAT, MPIIO_INT, MPIIO_FLOAT, STDIO_INT, STDIO_FLOAT, H5F_INT, H5F_FLOAT, H5D_INT, H5D_FLOAT } from './counters.ts';

export interface DarshanJob {
  /** Binary format version of the log, e.g. "3.41". */
  version: string;
  compression: 'ZLIB' | 'BZIP2' | 'NONE' | 'unknown';
  exe: string;
  uid: number;
  jobid: number;
  startTime: number;
  endTime: number;
  nprocs: number;
  /** Seconds, as darshan-parser's "run time". */
  runTime: number;
  metadata: [string, string][];
}

export interface Mount { path: string; type: string }

/** One record of a counter module (POSIX, MPI-IO, STDIO, H5F, H5D, LUSTRE, HEATMAP). */
export interface CounterRecord {
  /** Unsigned 64-bit record id (hash of the path), as a decimal string. */
  id: string;
  /** MPI rank, or -1 for a shared record reduced over all ranks. */
  rank: number;
  /** Counter values in declaration order; names in `names` (the module's, or the record's own). */
  values: (number | string)[];
  names: readonly string[];
}

export interface DxtSegment { offset: number; length: number; start: number; end: number }

/** A DXT trace block: one file on one rank, writes and reads each in time order. */
export interface DxtRecord {
  id: string;
  rank: number;
  hostname: string;
  writes: DxtSegment[];
  reads: DxtSegment[];
}

export interface DarshanModule {
  name: string;
  /** Record format version (`ver=` in darshan-parser's region list). */
  version: number;
  records: CounterRecord[];
  dxt: DxtRecord[];
  /** The module ran out of memory at run time: its data is incomplete. */
  partial: boolean;
}

export interface DarshanLog {
  file: string;
  /** Where it was read from: the binary log or a text dump. */
  source: 'binary' | 'parser-text' | 'dxt-text';
  job: DarshanJob;
  mounts: Mount[];
  /** Record id -> path name. */
  names: Map<string, string>;
  modules: Map<string, DarshanModule>;
  /** Module totals as printed by `darshan-parser --total`, when that text is what was read. */
  totals?: Map<string, { name: string; value: number }[]>;
  /** Things read but not understood (unknown modules or versions, garbage lines), counted. */
  warnings: string[];
}

/** Counter names of the fixed-layout modules, by module name and record version. */
export const COUNTER_LAYOUTS: Record<string, Record<number, { ints: readonly string[]; floats: readonly string[] }>> = {
  POSIX: { 4: { ints: POSIX_INT, floats: POSIX_FLOAT } },
  'MPI-IO': { 3: { ints: MPIIO_INT, floats: MPIIO_FLOAT } },
  STDIO: { 2: { ints: STDIO_INT, floats: STDIO_FLOAT } },
  H5F: { 3: { ints: H5F_INT, floats: H5F_FLOAT } },
  H5D: { 2: { ints: H5D_INT, floats: H5D_FLOAT } },
};

const namesCache = new Map<string, readonly string[]>();
/** All counter names of a fixed-layout module version, ints then floats. */
export function counterNames(module: string, version: number): readonly string[] | undefined {
  const key = `${module}/${version}`;
  let n = namesCache.get(key);
  if (!n) {
    const l = COUNTER_LAYOUTS[module]?.[version];
    if (!l) return undefined;
    n = module === 'H5D' ? [...l.ints, ...l.floats, 'H5D_FILE_REC_ID'] : [...l.ints, ...l.floats];
    namesCache.set(key, n);
  }
  return n;
}

/** The modules whose totals `darshan-parser --total` prints, with the prefix of their counters. */
export const TOTAL_MODULES = [['POSIX', 'POSIX'], ['MPI-IO', 'MPIIO'], ['STDIO', 'STDIO']] as const;

export function emptyModule(name: string, version: number): DarshanModule {
  return { name, version, records: [], dxt: [], partial: false };
}

/** Value of a named counter of a record (undefined when the record has no such counter). */
export function counter(r: CounterRecord, name: string): number | string | undefined {
  const i = r.names.indexOf(name);
  return i < 0 ? undefined : r.values[i];
}
