/**
 * Comparing two runs: what differs in the inputs (leaf by leaf), what differs in the results (time,
 * the training figures, per-resource use), and whether the bottleneck moved. Pure functions of the
 * scenario data and the results.
 */
import type { MoveReport } from '../workloads/transfers.ts';
import type { RunResult } from '../scenario/result.ts';
import { formatDuration, formatPercent } from '../units/format.ts';
import { markdownTable } from './table.ts';

export interface InputDifference {
  path: string;
  a: unknown;
  b: unknown;
}

/** Leaf-by-leaf differences of two documents (lists of entries with an `id` compared by id). */
export function diffInputs(a: unknown, b: unknown, path = ''): InputDifference[] {
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffInputs(a[k], b[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const byId = (xs: unknown[]) => xs.every((x) => isObj(x) && typeof x.id === 'string');
    if (byId(a) && byId(b)) {
      const ids = [...new Set([...a, ...b].map((x) => (x as { id: string }).id))];
      return ids.flatMap((id) => diffInputs(a.find((x) => (x as { id: string }).id === id), b.find((x) => (x as { id: string }).id === id), `${path}[id=${id}]`));
    }
    const n = Math.max(a.length, b.length);
    return Array.from({ length: n }, (_, i) => diffInputs(a[i], b[i], `${path}[${i}]`)).flat();
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path, a, b }];
}

const show = (v: unknown) => (v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v));

/** A result figure in the table: 6 significant digits, grouped, without an exponent between 1e-4 and 1e15 (21,474,800,000 rather than 2.14748e+10). */
export function figure(x: number): string {
  const a = Math.abs(x);
  return a === 0 || (a >= 1e-4 && a < 1e15) ? x.toLocaleString('en-US', { maximumSignificantDigits: 6 }) : x.toPrecision(6);
}

export function compareText(nameA: string, nameB: string, inputsA: unknown, inputsB: unknown, a: RunResult, b: RunResult): string {
  const out: string[] = [`# ${nameA} vs ${nameB}`, ''];
  const change = (x: number, y: number) => (x === 0 ? '' : ` (${y >= x ? '+' : ''}${formatPercent((y - x) / x)})`);
  out.push(`**Simulated time:** ${formatDuration(a.simulatedTime)} → ${formatDuration(b.simulatedTime)}${change(a.simulatedTime, b.simulatedTime)}.`);
  for (const wa of a.workloads.filter((w) => w.kind === 'requests')) {
    const ra = (wa.responseTime as { mean: number }).mean, rb = (b.workloads.find((w) => w.id === wa.id)?.responseTime as { mean: number } | undefined)?.mean;
    if (rb !== undefined) out.push(`**Mean response time of \`${wa.id}\`:** ${formatDuration(ra)} → ${formatDuration(rb)}${change(ra, rb)}.`);
  }
  // a checkpointing workload: the answer is the time of a checkpoint write
  for (const wa of a.workloads.filter((w) => w.kind === 'checkpointing')) {
    const ta = wa.writeTime as number, tb = b.workloads.find((w) => w.id === wa.id)?.writeTime as number | undefined;
    if (tb !== undefined) out.push(`**Checkpoint write of \`${wa.id}\`:** ${formatDuration(ta)} → ${formatDuration(tb)}${change(ta, tb)}.`);
  }
  const ba = a.bottleneck?.resource ?? 'none', bb = b.bottleneck?.resource ?? 'none';
  out.push(ba === bb
    ? `**Bottleneck:** unchanged, \`${ba}\` (${formatPercent(a.bottleneck?.share ?? 0, 0)} → ${formatPercent(b.bottleneck?.share ?? 0, 0)} of the time data was moving).`
    : `**Bottleneck moved:** from \`${ba}\` to \`${bb}\`.`);
  out.push('');
  out.push('## Inputs that differ', '');
  const unknown = [[nameA, inputsA], [nameB, inputsB]].filter(([, x]) => x === null || x === undefined).map(([n]) => n as string);
  if (unknown.length) {
    // a result.json of a reference-format case, or from a tiersim that did not record its scenario
    out.push(`Not known: ${unknown.join(' and ')} ${unknown.length === 1 ? 'does' : 'do'} not record the scenario that produced ${unknown.length === 1 ? 'it' : 'them'}; compare the scenario files (with the same --set) to see what differs.`);
  } else {
    const diffs = diffInputs(inputsA, inputsB);
    out.push(diffs.length ? markdownTable(['path', nameA, nameB], diffs.slice(0, 40).map((d) => [d.path, show(d.a), show(d.b)])) : 'None: the inputs are the same (a different seed or version?).');
    if (diffs.length > 40) out.push(`... and ${diffs.length - 40} more.`);
  }
  out.push('', '## Results', '');
  const rows: string[][] = [['simulated time (s)', figure(a.simulatedTime), figure(b.simulatedTime)]];
  const keys = ['projectedTime', 'samplesPerSecond', 'tokensPerSecond', 'acceleratorUtilization', 'communicationBytes', 'stateBytesPerAccelerator', 'activationBytesPerAccelerator', 'writeTime', 'writeThroughput', 'readTime', 'readThroughput', 'makespan', 'bytesRead', 'bytesWritten'];
  for (const wa of a.workloads) {
    const wb = b.workloads.find((w) => w.id === wa.id);
    if (!wb) continue;
    for (const k of keys) {
      const x = wa[k], y = wb[k];
      if (typeof x === 'number' && typeof y === 'number' && x !== y) rows.push([`${wa.id}.${k}`, figure(x), figure(y)]);
    }
    // a stream of requests: the answer is its response time
    const ra = wa.responseTime as Record<string, number> | undefined, rb = wb.responseTime as Record<string, number> | undefined;
    if (ra && rb) for (const k of ['mean', 'p95', 'p99']) if (ra[k] !== rb[k]) rows.push([`${wa.id}.responseTime.${k} (s)`, figure(ra[k]!), figure(rb[k]!)]);
    // transfers: each move's time, and what bounded it when that changed
    const mb = new Map(((wb.moves as MoveReport[] | undefined) ?? []).map((m) => [m.id, m]));
    for (const m of (wa.moves as MoveReport[] | undefined) ?? []) {
      const n = mb.get(m.id);
      if (!n || m.start === null || m.end === null || n.start === null || n.end === null) continue;
      const x = m.end - m.start, y = n.end - n.start;
      const by = (v: MoveReport) => v.bottleneck?.resource ?? '-';
      if (x !== y || by(m) !== by(n)) rows.push([`${wa.id}/${m.id} time (s)${by(m) !== by(n) ? `; bounded by` : ''}`, `${figure(x)}${by(m) !== by(n) ? `; \`${by(m)}\`` : ''}`, `${figure(y)}${by(m) !== by(n) ? `; \`${by(n)}\`` : ''}`]);
    }
  }
  out.push(markdownTable(['result', nameA, nameB], rows));
  return out.join('\n') + '\n';
}
