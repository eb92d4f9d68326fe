/**
 * tiersim's own trace format, for hand-written traces: CSV with a header line, or JSON Lines (one
 * object per line), with these fields (docs/traces.md):
 *
 *   rank    MPI rank or process number (integer >= 0)
 *   op      read | write | compute
 *   file    path of the file (read, write)
 *   size    bytes (read, write): a number, or a string with a unit ("4 MiB")
 *   offset  optional, bytes (default: where the rank's previous access to the file ended)
 *   start   optional, seconds since the job start (default: when the rank's previous op ended)
 *   end     optional, seconds (recorded end; the gap to the next start is compute time)
 *   duration  compute: seconds of computation (a number or "30 s")
 *
 * Lines starting with # are comments. Invalid values are errors (all reported, with line and
 * column); an unknown op is counted and skipped with a warning.
 */
import { InputError, type Issue } from '../issues.ts';
import { parseQuantity } from '../units/index.ts';
import { OpList, OP_READ, OP_WRITE, type Trace } from './trace.ts';

const FIELDS = ['rank', 'op', 'file', 'size', 'offset', 'start', 'end', 'duration'];

export function readSimpleTrace(text: string, file: string, format: 'csv' | 'jsonl'): Trace {
  const issues: Issue[] = [];
  const files: string[] = [];
  const fileIdx = new Map<string, number>();
  const ranks = new Map<number, OpList>();
  const clock = new Map<number, number>();
  const nextOffset = new Map<string, number>();
  const unknownOps = new Map<string, number>();
  let header: string[] | null = null;
  let maxEnd = 0;
  const lines = text.split('\n');
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln]!.replace(/\r$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    let rec: Record<string, unknown>;
    const colOf = (k: string) => (format === 'csv' && header ? line.split(',').slice(0, header.indexOf(k)).join(',').length + (header.indexOf(k) > 0 ? 2 : 1) : 1);
    const bad = (k: string, message: string, hint?: string) => issues.push({ file, line: ln + 1, column: colOf(k), path: [k], message, ...(hint ? { hint } : {}) });
    if (format === 'csv') {
      const cells = line.split(',').map((c) => c.trim());
      if (!header) {
        header = cells;
        const unknown = cells.filter((c) => !FIELDS.includes(c));
        if (unknown.length) issues.push({ file, line: ln + 1, column: 1, path: ['header'], message: `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}`, hint: `columns are ${FIELDS.join(', ')}` });
        for (const need of ['rank', 'op']) if (!cells.includes(need)) issues.push({ file, line: ln + 1, column: 1, path: ['header'], message: `no "${need}" column`, hint: 'the first line names the columns, e.g. rank,op,file,size,start' });
        if (!cells.includes('rank') || !cells.includes('op')) break; // every row would repeat it
        continue;
      }
      rec = Object.fromEntries(header.map((h, i) => [h, cells[i] === '' ? undefined : cells[i]]));
    } else {
      try {
        const v = JSON.parse(line) as unknown;
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
        rec = v as Record<string, unknown>;
      } catch (e) {
        issues.push({ file, line: ln + 1, column: 1, path: [], message: `not a JSON object: ${(e as Error).message}`, hint: 'JSON Lines: one object per line, e.g. {"rank":0,"op":"read","file":"/data/a","size":"4 MiB"}' });
        continue;
      }
    }
    const rank = Number(rec.rank);
    if (!Number.isInteger(rank) || rank < 0) { bad('rank', `rank ${JSON.stringify(rec.rank)} is not an integer >= 0`); continue; }
    const op = String(rec.op ?? '');
    const num = (k: string, kind: 'size' | 'duration'): number | undefined => {
      const v = rec[k];
      if (v === undefined || v === null) return undefined;
      if (typeof v === 'number' || (typeof v === 'string' && /^[0-9.eE+-]+$/.test(v))) {
        const x = Number(v);
        if (Number.isFinite(x) && x >= 0) return x;
        bad(k, `${k} ${JSON.stringify(v)} is not a number >= 0`);
        return NaN;
      }
      const p = parseQuantity(v, kind);
      if (p.ok) return p.value;
      bad(k, p.message, p.hint);
      return NaN;
    };
    const t = clock.get(rank) ?? 0;
    if (op === 'compute') {
      const d = num('duration', 'duration');
      if (d === undefined) bad('duration', 'a compute op needs a duration', 'e.g. duration: "2 s"');
      else if (!Number.isNaN(d)) clock.set(rank, t + d);
      continue;
    }
    if (op !== 'read' && op !== 'write') { unknownOps.set(op, (unknownOps.get(op) ?? 0) + 1); continue; }
    const path = rec.file === undefined ? '' : String(rec.file);
    if (!path) { bad('file', `a ${op} needs a file`); continue; }
    const size = num('size', 'size');
    if (size === undefined) { bad('size', `a ${op} needs a size`, 'bytes, or a string with a unit such as "4 MiB"'); continue; }
    const start = num('start', 'duration') ?? t, end0 = num('end', 'duration');
    const offKey = `${rank}\u0000${path}`;
    const offset = num('offset', 'size') ?? nextOffset.get(offKey) ?? 0;
    if ([size, start, offset, end0 ?? 0].some(Number.isNaN)) continue;
    const end = end0 ?? start;
    if (end < start) { bad('end', `end ${end} is before start ${start}`); continue; }
    let fi = fileIdx.get(path);
    if (fi === undefined) { fi = files.length; files.push(path); fileIdx.set(path, fi); }
    let l = ranks.get(rank);
    if (!l) ranks.set(rank, (l = new OpList()));
    l.push(fi, op === 'read' ? OP_READ : OP_WRITE, offset, size, start, end);
    nextOffset.set(offKey, offset + size);
    clock.set(rank, end);
    maxEnd = Math.max(maxEnd, end);
  }
  if (format === 'csv' && !header && issues.length === 0) issues.push({ file, path: [], message: 'the trace is empty', hint: 'the first line names the columns, e.g. rank,op,file,size,start' });
  if (issues.length) throw new InputError(issues);
  for (const l of ranks.values()) l.sortByStart();
  const warnings = [...unknownOps].map(([op, n]) => `${n} operation${n === 1 ? '' : 's'} of unknown kind ${JSON.stringify(op)} skipped (known: read, write, compute)`);
  const nprocs = ranks.size ? Math.max(...ranks.keys()) + 1 : 0;
  return { file, format, layer: 'POSIX', synthesized: false, nprocs, runTime: maxEnd, files, ranks, warnings };
}
