/**
 * Module totals as `darshan-parser --total` computes them: every record of POSIX, MPI-IO and STDIO
 * folded into one, in log order, with darshan-util's aggregation rules (the `log_agg_records`
 * functions of darshan-{posix,mpiio,stdio}-logutils.c): counts, bytes, histograms and cumulative
 * times summed; MAX_BYTE and MAX_*_TIME maxima (the size of the slowest op goes with its time);
 * START timestamps the earliest non-zero, END timestamps the latest; mode and alignments the last
 * record's; the four most common strides and access sizes merged. Fastest/slowest rank: when all
 * records are of one file, the extreme of the shared records' own fields and of the per-rank
 * records' total I/O time; over several files darshan-parser prints -1 (and 0 s). MMAPS (never monitored, -1) the last
 * value. The variance counters are not reduced: darshan-parser prints 0 for them in all 34 module
 * totals of the sample logs, including ones whose single record holds a non-zero variance.
 */
import { TOTAL_MODULES, type CounterRecord, type DarshanLog } from './model.ts';

export type Totals = Map<string, { name: string; value: number }[]>;

/** Totals of the modules present in the log, keyed by module name ("POSIX", "MPI-IO", "STDIO"). */
export function moduleTotals(log: DarshanLog): Totals {
  const out: Totals = new Map();
  if (log.totals) return log.totals;
  for (const [mod, prefix] of TOTAL_MODULES) {
    const m = log.modules.get(mod);
    if (!m || m.records.length === 0) continue;
    out.set(mod, aggregate(m.records, prefix));
  }
  return out;
}

function aggregate(records: CounterRecord[], p: string): { name: string; value: number }[] {
  const names = records[0]!.names;
  const idx = new Map(names.map((n, i) => [n, i]));
  const at = (n: string) => idx.get(`${p}_${n}`) ?? -1;
  const agg: number[] = new Array(names.length).fill(0);
  const kindOf = names.map((n) => ruleFor(n.slice(p.length + 1)));
  const fastRank = at('FASTEST_RANK'), fastBytes = at('FASTEST_RANK_BYTES'), fastTime = at('F_FASTEST_RANK_TIME');
  const slowRank = at('SLOWEST_RANK'), slowBytes = at('SLOWEST_RANK_BYTES'), slowTime = at('F_SLOWEST_RANK_TIME');
  const maxTimePairs: [number, number][] = [[at('F_MAX_READ_TIME'), at('MAX_READ_TIME_SIZE')], [at('F_MAX_WRITE_TIME'), at('MAX_WRITE_TIME_SIZE')]];
  const commons = ['STRIDE', 'ACCESS'].map((k) => [1, 2, 3, 4].map((j) => [at(`${k}${j}_${k}`), at(`${k}${j}_COUNT`)] as const)).filter((g) => g[0]![0] >= 0);
  const oneFile = records.every((r) => r.id === records[0]!.id);
  if (fastTime >= 0 && !oneFile) for (const i of [fastRank, fastBytes, slowRank, slowBytes]) agg[i] = -1;
  records.forEach((rec, ri) => {
    const v = rec.values as number[];
    for (let i = 0; i < names.length; i++) {
      const x = v[i]!;
      switch (kindOf[i]) {
        case 'sum': agg[i]! += x; break;
        case 'set': agg[i] = x; break;
        case 'max': if (x > agg[i]!) agg[i] = x; break;
        case 'min-nonzero': if (x > 0 && (agg[i] === 0 || x < agg[i]!)) agg[i] = x; break;
        default: break;
      }
    }
    for (const [t, s] of maxTimePairs) {
      if (t >= 0 && v[t]! > agg[t]!) {
        agg[t] = v[t]!;
        if (s >= 0) agg[s] = v[s]!;
      }
    }
    for (const group of commons) mergeCommon(agg, v, group);
    if (fastTime >= 0 && oneFile) {
      // A shared record carries its own fastest/slowest rank; a per-rank record is that rank,
      // with its total I/O time and bytes. The extreme one wins.
      const shared = rec.rank === -1;
      const time = v[at('F_READ_TIME')]! + v[at('F_WRITE_TIME')]! + v[at('F_META_TIME')]!;
      const bytes = v[at('BYTES_READ')]! + v[at('BYTES_WRITTEN')]!;
      const f = shared ? [v[fastRank]!, v[fastBytes]!, v[fastTime]!] : [rec.rank, bytes, time];
      const sl = shared ? [v[slowRank]!, v[slowBytes]!, v[slowTime]!] : [rec.rank, bytes, time];
      if (ri === 0 || f[2]! < agg[fastTime]!) [agg[fastRank], agg[fastBytes], agg[fastTime]] = f as [number, number, number];
      if (ri === 0 || sl[2]! > agg[slowTime]!) [agg[slowRank], agg[slowBytes], agg[slowTime]] = sl as [number, number, number];
    }
  });
  return names.map((name, i) => ({ name, value: agg[i]! }));
}

type Rule = 'sum' | 'set' | 'max' | 'min-nonzero' | 'special';

function ruleFor(c: string): Rule {
  if (c === 'MODE' || c === 'MEM_ALIGNMENT' || c === 'FILE_ALIGNMENT' || c === 'MMAPS') return 'set';
  if (c.startsWith('MAX_BYTE_')) return 'max';
  if (/_START_TIMESTAMP$/.test(c)) return 'min-nonzero';
  if (/_END_TIMESTAMP$/.test(c)) return 'max';
  if (/^(MAX_(READ|WRITE)_TIME_SIZE|F_MAX_(READ|WRITE)_TIME|(FASTEST|SLOWEST)_RANK(_BYTES)?|F_(FASTEST|SLOWEST)_RANK_TIME|F_VARIANCE_RANK_(TIME|BYTES)|(STRIDE|ACCESS)\d_(STRIDE|ACCESS|COUNT))$/.test(c)) return 'special';
  return 'sum';
}

/**
 * Merges a record's four most common values (value, count) into the aggregate's, as darshan-util
 * does, streaming: counts of values already in the aggregate are added in place (no re-sort); each
 * other value is inserted before the first entry with a smaller count (or an equal count and a
 * value not larger), keeping four. (Checked against the 24 DLIO logs, whose many small records
 * make the order matter.)
 */
function mergeCommon(agg: number[], v: number[], group: readonly (readonly [number, number])[]): void {
  const val = group.map((g) => g[0]), cnt = group.map((g) => g[1]);
  const dup = [false, false, false, false];
  for (let j = 0; j < 4; j++) {
    for (let k = 0; k < 4; k++) {
      if (agg[val[k]!] === v[val[j]!]) {
        agg[cnt[k]!]! += v[cnt[j]!]!;
        dup[j] = true;
      }
    }
  }
  for (let j = 0; j < 4; j++) {
    if (dup[j]) continue;
    const rv = v[val[j]!]!, rc = v[cnt[j]!]!;
    if (rc === 0) break;
    const tv: number[] = [], tc: number[] = [];
    let k = 0;
    for (; k < 4; k++) {
      const ac = agg[cnt[k]!]!, av = agg[val[k]!]!;
      if (ac > rc || (ac === rc && av > rv)) { tv.push(av); tc.push(ac); } else break;
    }
    if (tv.length === 4) continue;
    tv.push(rv); tc.push(rc);
    for (; tv.length < 4; k++) { tv.push(agg[val[k]!]!); tc.push(agg[cnt[k]!]!); }
    for (let x = 0; x < 4; x++) { agg[val[x]!] = tv[x]!; agg[cnt[x]!] = tc[x]!; }
  }
}

/** A counter value as darshan-parser prints it: integers in decimal, `_F_` doubles with %f. */
export function formatCounter(name: string, value: number | string): string {
  if (typeof value === 'string') return value;
  return name.includes('_F_') ? value.toFixed(6) : String(value);
}
