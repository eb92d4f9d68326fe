/**
 * The points of a sweep: the product of `--set PATH=v1,v2,...` and `--set PATH=START..END:xK` (or :+K)
 * value lists. Values stay text ("50 GB/s") and are read by the scenario loader like any --set value.
 */
import type { Issue } from '../issues.ts';

export interface Axis {
  path: string;
  values: string[];
}

const MAX_POINTS = 100_000;

function rangeValues(spec: string, text: string): string[] | Issue {
  const m = /^\s*([-+0-9.eE]+)\s*([^.:]*?)\s*\.\.\s*([-+0-9.eE]+)\s*([^:]*?)\s*(?::\s*([x*+])\s*([0-9.eE]+)\s*)?$/.exec(spec);
  const bad = (message: string): Issue => ({ file: '--set', path: [], message: `"${text}": ${message}`, hint: 'a range is START..END:xFACTOR or START..END:+STEP, e.g. 1..64:x2 or "10 GB/s..80 GB/s:x2" (whole numbers without a step count up by 1: 1..8)' });
  if (!m) return bad('not a value list or range');
  const [, a, ua, b, ub, stepOp, stepK] = m as unknown as [string, string, string, string, string, string | undefined, string | undefined];
  // whole numbers without a step: every one of them
  if (stepOp === undefined && (!/^[-+]?\d+$/.test(a) || !/^[-+]?\d+$/.test(b) || ua || ub)) return bad('a range of quantities or fractions needs a step, :xFACTOR or :+STEP');
  const op = stepOp ?? '+', k = stepK ?? '1';
  const start = Number(a), end = Number(b), step = Number(k);
  const unit = ub || ua;
  if (ua && ub && ua !== ub) return bad(`the two ends have different units ("${ua}", "${ub}")`);
  if (![start, end, step].every(Number.isFinite)) return bad('START, END and the step must be numbers');
  if (op === '+' ? step <= 0 : step <= 1 || start <= 0) return bad(op === '+' ? 'the step must be positive' : 'a factor must be above 1 and START above 0');
  if (end < start) return bad('END is below START');
  const out: string[] = [];
  for (let i = 0; i < MAX_POINTS; i++) {
    const v = op === '+' ? start + i * step : start * step ** i;
    if (v > end * (1 + 1e-12)) break;
    const rounded = Number(v.toPrecision(12));
    out.push(unit ? `${rounded} ${unit}` : String(rounded));
  }
  return out;
}

/** Parses one sweep --set; a value with no comma and no range is a fixed override of every point. */
export function parseAxis(text: string): Axis | Issue {
  const eq = text.indexOf('=');
  if (eq <= 0) return { file: '--set', path: [], message: `"${text}" is not PATH=VALUES`, hint: 'e.g. --set workloads[0].acceleratorsPerNode=1,2,4,8' };
  const path = text.slice(0, eq).trim(), spec = text.slice(eq + 1);
  if (spec.includes('..')) {
    const v = rangeValues(spec, text);
    return Array.isArray(v) ? { path, values: v } : v;
  }
  const values = spec.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (values.length === 0) return { file: '--set', path: [], message: `"${text}" has no values`, hint: 'e.g. --set PATH=1,2,4' };
  return { path, values };
}

export interface Point {
  index: number;
  /** PATH → value text, one per axis. */
  values: Record<string, string>;
}

export function gridPoints(axes: readonly Axis[]): Point[] {
  let points: Record<string, string>[] = [{}];
  for (const a of axes) points = points.flatMap((p) => a.values.map((v) => ({ ...p, [a.path]: v })));
  return points.map((values, index) => ({ index, values }));
}
