/**
 * Quantities at the edge: strings such as "25 GB/s", "1.5 TiB", "200 Gb/s", "3 us", "10k IOPS",
 * "312 TFLOP/s" or "25 $/TB/month" are parsed with mathjs `unit()` only (never `evaluate`), checked
 * against the dimension the field needs, and turned into plain numbers in SI base units:
 * seconds, bytes, bytes/s, operations/s, FLOP, FLOP/s, US dollars.
 */
import type { MathJsInstance, Unit } from 'mathjs';
import { createUnitMath } from './mathjs-number.ts';

/** Closed set of quantity kinds a scenario field can ask for, with the SI unit used inside. */
export const QUANTITY_KINDS = {
  size: { si: 'B', noun: 'a size', example: '1.5 TiB' },
  duration: { si: 's', noun: 'a duration', example: '3 us' },
  bandwidth: { si: 'B/s', noun: 'a bandwidth', example: '25 GB/s' },
  opRate: { si: 'op/s', noun: 'an operation rate', example: '10k IOPS' },
  flop: { si: 'FLOP', noun: 'an amount of computation', example: '3.8 GFLOP' },
  flopRate: { si: 'FLOP/s', noun: 'a compute rate', example: '312 TFLOP/s' },
  money: { si: 'USD', noun: 'an amount of money', example: '25000 $' },
  storagePrice: { si: 'USD/B/s', noun: 'a storage price', example: '23 $/TB/month' },
  transferPrice: { si: 'USD/B', noun: 'a price per byte moved', example: '0.09 $/GB' },
  requestPrice: { si: 'USD/op', noun: 'a price per request', example: '0.4 $/Mreq' },
  hourlyPrice: { si: 'USD/s', noun: 'a price per unit of time', example: '3 $/h' },
  frequency: { si: 'Hz', noun: 'a frequency', example: '2 /h' },
} as const;
export type QuantityKind = keyof typeof QUANTITY_KINDS;

export type Parsed = { ok: true; value: number } | { ok: false; message: string; hint?: string };

let math: MathJsInstance | null = null;
function mathjs(): MathJsInstance {
  if (math) return math;
  const m = createUnitMath();
  m.createUnit('op', { aliases: ['ops', 'IO', 'IOs', 'req', 'reqs', 'request', 'requests'], prefixes: 'short' });
  m.createUnit('IOPS', { definition: '1 op/s', prefixes: 'short' });
  m.createUnit('FLOP', { prefixes: 'short', aliases: ['FLOPs'] });
  m.createUnit('USD', { aliases: ['dollar', 'dollars'], prefixes: 'short' });
  math = m;
  return m;
}

const refUnits = new Map<QuantityKind, Unit>();
function reference(kind: QuantityKind): Unit {
  let u = refUnits.get(kind);
  if (!u) {
    const si = QUANTITY_KINDS[kind].si;
    u = mathjs().unit(`1 ${si}`);
    refUnits.set(kind, u);
  }
  return u;
}

const AMBIGUOUS: Record<string, string> = {
  KB: 'write "kB" (1000 bytes) or "KiB" (1024 bytes)',
  Kb: 'write "kbit" (1000 bits) or "Kibit" (1024 bits)',
  kb: 'write "kB" (kilobytes) or "kbit" (kilobits)',
  mb: 'write "MB" (megabytes) or "Mb" (megabits); lower-case "m" means milli',
  gb: 'write "GB" (gigabytes) or "Gb" (gigabits)',
  tb: 'write "TB" (terabytes) or "Tb" (terabits)',
};

/** Normalises the notations people write but mathjs does not read: "$", "10k IOPS", "TFLOPS", "µs", "Gbit/s". */
function normalise(text: string): string {
  let s = text.trim().replace(/µ|μ/g, 'u').replace(/\bper\b/g, '/');
  // "$25/TB/month", "25 $/TB/month" -> "25 USD/TB/month"
  s = s.replace(/^\$\s*([0-9.eE+-]+)\s*/, '$1 $');
  s = s.replace(/\$/g, 'USD');
  // "10k IOPS" -> "10 kIOPS"; "1.5M req/s" -> "1.5 Mreq/s"
  s = s.replace(/^([0-9.]+(?:[eE][+-]?\d+)?)\s*([kMGT])\s+([A-Za-z])/, '$1 $2$3');
  // "312 TFLOPS" -> "312 TFLOP/s"
  s = s.replace(/FLOPS\b/g, 'FLOP/s');
  s = s.replace(/\bops\/s\b/g, 'op/s');
  // "200 Gbit/s", "100 Mbits/s", "1 Kibit" -> mathjs's "b" (bit) with the same prefix
  s = s.replace(/(?<![A-Za-z])([kMGTPE]i?|Ki)?bits?\b/g, '$1b');
  // "25 GBps" -> "25 GB/s"
  s = s.replace(/([A-Za-z])ps\b/, '$1/s');
  return s;
}

/** Parses a quantity of the given kind. Numbers are accepted bare only when 0. */
export function parseQuantity(input: unknown, kind: QuantityKind): Parsed {
  const info = QUANTITY_KINDS[kind];
  if (typeof input === 'number') {
    if (input === 0) return { ok: true, value: 0 };
    if (!Number.isFinite(input)) return { ok: false, message: `${input} is not a finite quantity`, hint: `write ${info.noun} with a unit, e.g. "${info.example}"` };
    return { ok: false, message: `bare number ${input} has no unit`, hint: `write ${info.noun} with a unit, e.g. "${info.example}"` };
  }
  if (input === undefined) return { ok: false, message: `missing: ${info.noun} is required here`, hint: `e.g. "${info.example}"` };
  if (typeof input !== 'string') {
    return { ok: false, message: `expected ${info.noun} as a string with a unit, got ${describe(input)}`, hint: `e.g. "${info.example}"` };
  }
  const text = input.trim();
  if (text === '') return { ok: false, message: 'empty string', hint: `write ${info.noun}, e.g. "${info.example}"` };
  for (const [bad, hint] of Object.entries(AMBIGUOUS)) {
    if (new RegExp(`(^|[^A-Za-z])${bad}(\\b|/|$)`).test(text)) return { ok: false, message: `"${text}": the unit "${bad}" is ambiguous`, hint };
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    const n = Number(text);
    if (n === 0) return { ok: true, value: 0 };
    return { ok: false, message: `"${text}" has no unit`, hint: `write ${info.noun} with a unit, e.g. "${info.example}"` };
  }
  if (!/^[+-]?(\d|\.\d)/.test(normalise(text))) {
    return { ok: false, message: `"${text}" does not start with a number`, hint: `write ${info.noun} as a number and a unit, e.g. "${info.example}"` };
  }
  let u: Unit;
  try {
    u = mathjs().unit(normalise(text));
  } catch (e) {
    const msg = (e as Error).message.replace(/^Unit "(.*)" not found\.?$/, 'unknown unit "$1"');
    return { ok: false, message: `cannot read "${text}": ${msg}`, hint: `write ${info.noun}, e.g. "${info.example}"` };
  }
  const ref = reference(kind);
  if (!u.equalBase(ref)) {
    const actual = classify(u);
    const hint = actual ? wrongKindHint(text, actual, kind) : `write ${info.noun}, e.g. "${info.example}"`;
    return { ok: false, message: `"${text}" is ${actual ? QUANTITY_KINDS[actual].noun : 'not ' + info.noun}${actual ? `, not ${info.noun}` : ''}`, hint };
  }
  const value = u.toNumber(info.si);
  if (!Number.isFinite(value)) return { ok: false, message: `"${text}" is not finite`, hint: `e.g. "${info.example}"` };
  return { ok: true, value };
}

function classify(u: Unit): QuantityKind | null {
  for (const k of Object.keys(QUANTITY_KINDS) as QuantityKind[]) if (u.equalBase(reference(k))) return k;
  return null;
}

function wrongKindHint(text: string, actual: QuantityKind, wanted: QuantityKind): string {
  const num = text.match(/^[^A-Za-z$]*/)?.[0].trim() ?? '';
  const unitPart = text.slice(num.length).trim();
  if (actual === 'size' && wanted === 'bandwidth') return `"${text}" is a size; a rate needs "/s", e.g. "${num} ${unitPart}/s"`;
  if (actual === 'bandwidth' && wanted === 'size') return `"${text}" is a rate; a size has no "/s", e.g. "${num} ${unitPart.replace(/\/s$/, '')}"`;
  if (actual === 'flop' && wanted === 'flopRate') return `a compute rate needs "/s", e.g. "${num} ${unitPart}/s"`;
  return `write ${QUANTITY_KINDS[wanted].noun}, e.g. "${QUANTITY_KINDS[wanted].example}"`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Parses or throws (for code paths where the input has already been validated). */
export function quantity(input: unknown, kind: QuantityKind): number {
  const r = parseQuantity(input, kind);
  if (!r.ok) throw new RangeError(`${r.message}${r.hint ? ` (${r.hint})` : ''}`);
  return r.value;
}
