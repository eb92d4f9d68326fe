/**
 * A trace ready to replay: for each rank, its I/O operations in the order it issued them (by
 * recorded start time), with the file, direction, offset, length and the recorded start and end.
 * The gap between one operation's end and the next one's start is the rank's compute (think) time.
 * Operations are stored column-wise so a million of them stay small.
 */
import type { DarshanLog } from './darshan/model.ts';

export const OP_READ = 0, OP_WRITE = 1;

export class OpList {
  n = 0;
  file = new Int32Array(16);
  dir = new Uint8Array(16);
  offset = new Float64Array(16);
  length = new Float64Array(16);
  start = new Float64Array(16);
  end = new Float64Array(16);

  push(file: number, dir: number, offset: number, length: number, start: number, end: number): void {
    if (this.n === this.file.length) this.grow();
    const i = this.n++;
    this.file[i] = file; this.dir[i] = dir; this.offset[i] = offset; this.length[i] = length; this.start[i] = start; this.end[i] = end;
  }

  private grow(): void {
    const cap = this.file.length * 2;
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.file = g(this.file); this.dir = g(this.dir); this.offset = g(this.offset); this.length = g(this.length); this.start = g(this.start); this.end = g(this.end);
  }

  /** Sorts by recorded start time (stable: equal starts keep their order). */
  sortByStart(): void {
    const idx = Array.from({ length: this.n }, (_, i) => i);
    const s = this.start;
    idx.sort((a, b) => s[a]! - s[b]! || a - b);
    const perm = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length);
      for (let i = 0; i < idx.length; i++) b[i] = a[idx[i]!]!;
      return b;
    };
    this.file = perm(this.file); this.dir = perm(this.dir); this.offset = perm(this.offset); this.length = perm(this.length); this.start = perm(this.start); this.end = perm(this.end);
  }
}

export interface Trace {
  file: string;
  /** darshan (binary), darshan-text, darshan-dxt-text, csv or jsonl. */
  format: string;
  /** Which layer the operations come from (POSIX, MPI-IO, ...) and whether they were synthesized from counters. */
  layer: string;
  synthesized: boolean;
  nprocs: number;
  runTime: number;
  /** File index -> path. */
  files: string[];
  /** Rank -> its operations in issue order. */
  ranks: Map<number, OpList>;
  warnings: string[];
  /** The Darshan log it came from, if any (for the counter totals). */
  log?: DarshanLog;
  /** Most ranks recorded on one host (from DXT hostnames), when known: how the job was laid out. */
  ranksPerHost?: number;
  /** Synthesized operations: the seconds the counters record in the reads and writes, summed over ranks (F_READ_TIME + F_WRITE_TIME). */
  counterIoTime?: number;
  /** Synthesized operations: the last read or write end the counters record (F_*_END_TIMESTAMP); the synthesized ones start before it. */
  counterIoEnd?: number;
}

export function totalOps(t: Trace): number {
  let n = 0;
  for (const o of t.ranks.values()) n += o.n;
  return n;
}
