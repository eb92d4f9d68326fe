/**
 * Goal seeking: the largest (or smallest) value of one scenario parameter for which a condition on
 * the result holds, by bisection ("the most accelerators with AU >= 0.9", "the least PFS bandwidth
 * for a projected time under 2 hours"). The condition must flip once over the range; the direction
 * is found from the two ends. Integers bisect to 1; reals to a relative width `tolerance`. When the
 * two ends agree, five points inside the range are tried too: a condition that holds only inside
 * (a time against a gradient bucket size is U-shaped) or fails only inside does not flip once, and
 * the answer says so (`inside`, `not-between`) instead of "none" or "all".
 */
import { parseQuantity, QUANTITY_KINDS, type QuantityKind } from '../units/quantity.ts';
import { InputError, type Issue } from '../issues.ts';
import { closest } from './messages.ts';
import { loadScenarioFile } from './load.ts';
import { runScenario } from './run.ts';
import { parseOverride, type Override } from './overrides.ts';

export interface SeekPoint {
  value: number;
  metric: number;
  ok: boolean;
}

export interface SeekAnswer {
  /** The best value meeting the condition, or null if none in the range does. */
  value: number | null;
  /**
   * Which end the answer is; `all`: every value tried meets the condition (value: the range's top);
   * `inside`: it holds inside the range but at neither end (value: the best point tried);
   * `not-between`: it holds at both ends but not everywhere between (value: null).
   */
  direction: 'largest' | 'smallest' | 'all' | 'inside' | 'not-between';
  evaluations: number;
  points: SeekPoint[];
  /** SI unit of the value ('' for plain numbers). */
  unit: string;
}

export interface Condition {
  metric: string;
  op: '>=' | '<=' | '>' | '<';
  threshold: number;
}

export function parseCondition(text: string): Condition {
  const m = /^\s*([A-Za-z_][\w.[\]]*)\s*(>=|<=|>|<)\s*([-+0-9.eE]+)\s*$/.exec(text);
  if (!m) throw new InputError([{ file: '--until', path: [], message: `"${text}" is not a condition`, hint: 'write METRIC >= NUMBER, e.g. "acceleratorUtilization >= 0.9" or "projectedTime <= 7200"' }]);
  return { metric: m[1]!, op: m[2] as Condition['op'], threshold: Number(m[3]) };
}

/** A range "LO..HI": plain numbers, or quantities with units ("10 GB/s..200 GB/s"). */
export function parseRange(text: string): { lo: number; hi: number; integer: boolean; unit: string } {
  const parts = text.split('..');
  const bad = () => new InputError([{ file: '--range', path: [], message: `"${text}" is not a range`, hint: 'write LO..HI, e.g. 1..64 or "10 GB/s..200 GB/s"' }]);
  if (parts.length !== 2) throw bad();
  const [a, b] = parts.map((p) => p.trim()) as [string, string];
  if (/^[-+]?\d+$/.test(a) && /^[-+]?\d+$/.test(b)) return { lo: Number(a), hi: Number(b), integer: true, unit: '' };
  if (/^[-+0-9.eE]+$/.test(a) && /^[-+0-9.eE]+$/.test(b)) return { lo: Number(a), hi: Number(b), integer: false, unit: '' };
  for (const kind of Object.keys(QUANTITY_KINDS) as QuantityKind[]) {
    const x = parseQuantity(a, kind), y = parseQuantity(b, kind);
    if (x.ok && y.ok) return { lo: x.value, hi: y.value, integer: false, unit: QUANTITY_KINDS[kind].si };
  }
  throw bad();
}

function metricOf(result: unknown, metric: string): number {
  const get = (obj: unknown, path: string): unknown => path.split(/\.|\[(\d+)\]/).filter((x) => x !== undefined && x !== '').reduce<unknown>((o, k) => (o === null || typeof o !== 'object' ? undefined : (o as Record<string, unknown>)[k]), obj);
  let v = get(result, metric);
  if (v === undefined) v = get((result as { workloads: unknown[] }).workloads?.[0], metric);
  if (typeof v !== 'number') {
    // the numbers the result has: top-level and the first workload's (unprefixed), for a did-you-mean
    const numeric = (o: unknown) => (o !== null && typeof o === 'object' ? Object.entries(o).filter(([, x]) => typeof x === 'number').map(([k]) => k) : []);
    const keys = [...new Set([...numeric(result), ...numeric((result as { workloads?: unknown[] }).workloads?.[0])])];
    const near = closest(metric.replace(/^workloads\[\d+\]\./, ''), keys);
    throw new InputError([{ file: '--until', path: [], message: `the result has no number at "${metric}"`, hint: `${near !== undefined ? `did you mean "${near}"? ` : ''}use a key of the result JSON, e.g. simulatedTime, acceleratorUtilization, projectedTime, workloads[1].samplesPerSecond` }]);
  }
  return v;
}

/** Five points strictly inside [lo, hi]: geometric when the range spans 16x or more of positive values. */
function interior(lo: number, hi: number, integer: boolean): number[] {
  const geometric = lo > 0 && hi / lo >= 16;
  const xs = [1, 2, 3, 4, 5].map((k) => (geometric ? lo * (hi / lo) ** (k / 6) : lo + ((hi - lo) * k) / 6));
  return [...new Set(integer ? xs.map(Math.round) : xs)].filter((x) => x > lo && x < hi);
}

export function seek(file: string, vary: string, range: string, until: string, options: { tolerance?: number; overrides?: Override[]; alongside?: (value: number) => Override[]; monotone?: boolean } = {}): SeekAnswer {
  // The range, the condition and the parameter's path are checked together: every problem at once.
  const issues: Issue[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      issues.push(...e.issues);
      return undefined;
    }
  };
  const parsedRange = attempt(() => parseRange(range));
  const parsedCond = attempt(() => parseCondition(until));
  const o = parseOverride(`${vary}=${parsedRange ? (parsedRange.unit ? `${parsedRange.lo} ${parsedRange.unit}` : parsedRange.lo) : 1}`, '--vary');
  if ('message' in o) issues.push(o);
  else {
    // without a range the value tried is a stand-in: only a misspelt path is worth reporting then
    const before = issues.length;
    attempt(() => loadScenarioFile(file, { overrides: [...(options.overrides ?? []), o, ...(parsedRange ? options.alongside?.(parsedRange.lo) ?? [] : [])] }));
    if (!parsedRange) issues.splice(before, issues.length - before, ...issues.slice(before).filter((i) => /unknown key|does not exist|no such/.test(i.message)));
  }
  if (issues.length || !parsedRange || !parsedCond) throw new InputError(issues);
  const r = parsedRange, cond = parsedCond;
  const points: SeekPoint[] = [];
  const measure = (value: number): SeekPoint => {
    const text = r.unit ? `${value} ${r.unit}` : String(value);
    const o = parseOverride(`${vary}=${text}`, '--vary');
    if ('message' in o) throw new InputError([o]);
    // (alongside: what changes with the value, e.g. a dataset sized for that many accelerators)
    const result = runScenario(loadScenarioFile(file, { overrides: [...(options.overrides ?? []), o, ...(options.alongside?.(value) ?? [])] }));
    const metric = metricOf(result, cond.metric);
    const ok = cond.op === '>=' ? metric >= cond.threshold : cond.op === '<=' ? metric <= cond.threshold : cond.op === '>' ? metric > cond.threshold : metric < cond.threshold;
    const p = { value, metric, ok };
    points.push(p);
    return p;
  };
  const lo = Math.min(r.lo, r.hi), hi = Math.max(r.lo, r.hi);
  const atLo = measure(lo), atHi = measure(hi);
  const direction = atLo.ok && !atHi.ok ? 'largest' : 'smallest';
  // the condition holds at both ends (the whole range: the answer lies beyond it), or at neither;
  // unless the caller knows the metric is monotone, look inside before saying so
  if (atLo.ok === atHi.ok) {
    const odd = options.monotone ? [] : interior(lo, hi, r.integer).map(measure).filter((p) => p.ok !== atLo.ok);
    if (odd.length === 0) return { value: atLo.ok ? hi : null, direction: atLo.ok ? 'all' : 'smallest', evaluations: points.length, points, unit: r.unit };
    if (atLo.ok) return { value: null, direction: 'not-between', evaluations: points.length, points, unit: r.unit };
    // the point that meets the condition by the widest margin
    const margin = (p: SeekPoint) => (cond.op === '>=' || cond.op === '>' ? p.metric - cond.threshold : cond.threshold - p.metric);
    const best = odd.reduce((a, b) => (margin(b) > margin(a) ? b : a));
    return { value: best.value, direction: 'inside', evaluations: points.length, points, unit: r.unit };
  }
  // invariant: the condition holds at the `good` end and fails at the other
  let good = direction === 'largest' ? lo : hi, badEnd = direction === 'largest' ? hi : lo;
  const tol = options.tolerance ?? 1e-3;
  while (r.integer ? Math.abs(badEnd - good) > 1 : Math.abs(badEnd - good) > tol * Math.max(Math.abs(good), Math.abs(badEnd))) {
    const mid = r.integer ? Math.floor((good + badEnd) / 2) : (good + badEnd) / 2;
    if (measure(mid).ok) good = mid;
    else badEnd = mid;
  }
  return { value: good, direction, evaluations: points.length, points, unit: r.unit };
}
