/**
 * What a trace contains, for `tiersim trace summary`: the job (ranks, run time), the operations
 * tiersim would replay, and per module the totals `darshan-parser --total` prints, under Darshan's
 * counter names. Traces without counters (DXT text, tiersim's own format) get the POSIX totals
 * that can be computed from their operations.
 */
import { moduleTotals, formatCounter } from './darshan/total.ts';
import { OP_READ, totalOps, type Trace } from './trace.ts';

export interface TraceSummary {
  file: string;
  format: string;
  version: string | null;
  exe: string | null;
  nprocs: number;
  runTime: number;
  ranksWithOps: number;
  operations: number;
  layer: string;
  synthesized: boolean;
  files: number;
  modules: { name: string; records: number; source: 'counters' | 'operations'; totals: Record<string, number> }[];
  otherModules: { name: string; records: number }[];
  warnings: string[];
}

const BIN_EDGES = [100, 1024, 10240, 102400, 1048576, 4194304, 10485760, 104857600, 1073741824];
const BIN_NAMES = ['0_100', '100_1K', '1K_10K', '10K_100K', '100K_1M', '1M_4M', '4M_10M', '10M_100M', '100M_1G', '1G_PLUS'];

export function summarizeTrace(t: Trace): TraceSummary {
  const modules: TraceSummary['modules'] = [];
  const other: TraceSummary['otherModules'] = [];
  if (t.log && !t.log.totals && t.log.source !== 'dxt-text' || t.log?.totals) {
    const totals = moduleTotals(t.log!);
    for (const [name, list] of totals) {
      modules.push({ name, records: t.log!.modules.get(name)?.records.length ?? 0, source: 'counters', totals: Object.fromEntries(list.map((c) => [c.name, c.value])) });
    }
    for (const m of t.log!.modules.values()) if (!totals.has(m.name)) other.push({ name: m.name, records: m.records.length + m.dxt.length });
  } else {
    modules.push({ name: 'POSIX', records: 0, source: 'operations', totals: opTotals(t) });
    if (t.log) for (const m of t.log.modules.values()) other.push({ name: m.name, records: m.records.length + m.dxt.length });
  }
  return {
    file: t.file, format: t.format, version: t.log?.job.version ?? null, exe: t.log?.job.exe ?? null,
    nprocs: t.nprocs, runTime: t.runTime, ranksWithOps: [...t.ranks.values()].filter((l) => l.n > 0).length,
    operations: totalOps(t), layer: t.layer, synthesized: t.synthesized, files: t.files.length,
    modules, otherModules: other, warnings: t.warnings,
  };
}

/** POSIX-named totals computed from the operations themselves. */
export function opTotals(t: Trace): Record<string, number> {
  const o: Record<string, number> = { POSIX_READS: 0, POSIX_WRITES: 0, POSIX_BYTES_READ: 0, POSIX_BYTES_WRITTEN: 0, POSIX_MAX_BYTE_READ: 0, POSIX_MAX_BYTE_WRITTEN: 0 };
  const hist = { READ: new Array(10).fill(0) as number[], WRITE: new Array(10).fill(0) as number[] };
  let rs = Infinity, re = 0, ws = Infinity, we = 0, rt = 0, wt = 0;
  for (const l of t.ranks.values()) {
    for (let i = 0; i < l.n; i++) {
      const len = l.length[i]!, read = l.dir[i] === OP_READ;
      const k = read ? 'READ' : 'WRITE';
      o[read ? 'POSIX_READS' : 'POSIX_WRITES']!++;
      o[read ? 'POSIX_BYTES_READ' : 'POSIX_BYTES_WRITTEN']! += len;
      const last = l.offset[i]! + len - 1;
      const mk = read ? 'POSIX_MAX_BYTE_READ' : 'POSIX_MAX_BYTE_WRITTEN';
      if (len > 0 && last > o[mk]!) o[mk] = last;
      let b = 0;
      while (b < BIN_EDGES.length && len > BIN_EDGES[b]!) b++;
      hist[k][b]!++;
      const s = l.start[i]!, e = l.end[i]!;
      if (read) { rs = Math.min(rs, s); re = Math.max(re, e); rt += e - s; } else { ws = Math.min(ws, s); we = Math.max(we, e); wt += e - s; }
    }
  }
  for (const k of ['READ', 'WRITE'] as const) BIN_NAMES.forEach((n, i) => { o[`POSIX_SIZE_${k}_${n}`] = hist[k][i]!; });
  Object.assign(o, {
    POSIX_F_READ_START_TIMESTAMP: rs === Infinity ? 0 : rs, POSIX_F_WRITE_START_TIMESTAMP: ws === Infinity ? 0 : ws,
    POSIX_F_READ_END_TIMESTAMP: re, POSIX_F_WRITE_END_TIMESTAMP: we, POSIX_F_READ_TIME: rt, POSIX_F_WRITE_TIME: wt,
  });
  return o;
}

const FORMAT_NAMES: Record<string, string> = {
  darshan: 'Darshan binary log', 'darshan-text': 'darshan-parser text', 'darshan-dxt-text': 'darshan-dxt-parser text', csv: 'tiersim CSV trace', jsonl: 'tiersim JSON Lines trace',
};

export function formatTraceSummary(s: TraceSummary): string {
  const out: string[] = [];
  out.push(`${s.file}`);
  out.push(`  format      ${FORMAT_NAMES[s.format] ?? s.format}${s.version ? ` (log format ${s.version})` : ''}`);
  if (s.exe) out.push(`  exe         ${s.exe.length > 100 ? s.exe.slice(0, 97) + '...' : s.exe}`);
  out.push(`  nprocs      ${s.nprocs}`);
  out.push(`  run time    ${s.runTime.toFixed(4)} s`);
  out.push(`  replay      ${s.operations} ${s.layer} operations on ${s.ranksWithOps} rank${s.ranksWithOps === 1 ? '' : 's'}, ${s.files} file${s.files === 1 ? '' : 's'}${s.synthesized ? ' (synthesized from the counters: no DXT trace)' : ''}`);
  if (s.otherModules.length) out.push(`  also        ${s.otherModules.map((m) => `${m.name} (${m.records} record${m.records === 1 ? '' : 's'})`).join(', ')}`);
  for (const w of s.warnings) out.push(`  warning     ${w}`);
  for (const m of s.modules) {
    out.push('');
    out.push(`${m.name} totals${m.source === 'operations' ? ' (computed from the operations)' : m.records ? ` over ${m.records} record${m.records === 1 ? '' : 's'}` : ''}:`);
    const w = Math.max(...Object.keys(m.totals).map((k) => k.length));
    for (const [k, v] of Object.entries(m.totals)) out.push(`  ${k.padEnd(w)}  ${formatCounter(k, v)}`);
  }
  return out.join('\n') + '\n';
}
