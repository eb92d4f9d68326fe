/**
 * Building blocks of the scenario schemas: strict objects whose unknown keys are reported with a
 * did-you-mean, and quantity fields that accept "25 GB/s"-style strings and become SI numbers.
 * One zod schema serves validation and the generated JSON Schema (schema/tiersim.schema.json).
 */
import * as z from 'zod';
import { parseQuantity, QUANTITY_KINDS, type QuantityKind } from '../units/quantity.ts';
import { didYouMean } from './messages.ts';

/** Beyond this many unknown keys in one mapping, the rest are counted in one issue. */
const MAX_UNKNOWN_KEYS = 20;

/** An object whose unknown keys are each reported (with a suggestion), alongside every other issue. */
export function strictObject<S extends z.ZodRawShape>(shape: S, description?: string) {
  const keys = Object.keys(shape);
  const base = z.looseObject(shape);
  const checked = base.superRefine(
    (v, ctx) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
      const unknown = Object.keys(v).filter((k) => !(k in shape));
      for (const k of unknown.slice(0, MAX_UNKNOWN_KEYS)) {
        ctx.addIssue({ code: 'custom', path: [k], message: `unknown key "${k}"`, params: { hint: didYouMean(k, keys), unknownKey: true } });
      }
      if (unknown.length > MAX_UNKNOWN_KEYS) {
        const rest = unknown.length - MAX_UNKNOWN_KEYS;
        ctx.addIssue({ code: 'custom', path: [], message: `${rest} more unknown keys (${unknown.slice(MAX_UNKNOWN_KEYS, MAX_UNKNOWN_KEYS + 3).map((k) => `"${k}"`).join(', ')}, ...)`, params: { hint: `valid keys here: ${keys.join(', ')}` } });
      }
    },
    { when: () => true },
  );
  return description ? checked.meta({ description }) : checked;
}

/** A quantity with units, e.g. q('bandwidth') accepts "25 GB/s" and yields 2.5e10. */
export function q(kind: QuantityKind, description?: string) {
  const info = QUANTITY_KINDS[kind];
  // z.unknown(), not z.union([z.string(), z.number()]): NaN and Infinity must reach parseQuantity
  // so that they get its message rather than a generic type error.
  return z
    .unknown()
    .transform((v, ctx) => {
      const r = parseQuantity(v, kind);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message, params: { hint: r.hint } });
        return z.NEVER;
      }
      return r.value;
    })
    .meta({ description: `${description ? description + ' ' : ''}(${info.noun}, e.g. "${info.example}")`, examples: [info.example], quantity: kind });
}

/** A non-negative quantity. */
export function qNonNeg(kind: QuantityKind, description?: string) {
  return q(kind, description).refine((x) => x >= 0, { message: 'must not be negative' });
}

/** A strictly positive quantity (a bandwidth of 0 would make every transfer hang). */
export function qPos(kind: QuantityKind, description?: string) {
  const rate = kind === 'bandwidth' || kind === 'opRate' || kind === 'flopRate';
  return q(kind, description).refine((x) => x > 0, { message: 'must be greater than zero', params: { hint: rate ? 'a zero rate would stall every flow that uses it' : `give ${QUANTITY_KINDS[kind].noun} greater than zero, e.g. "${QUANTITY_KINDS[kind].example}"` } });
}

/** The largest whole number a count in a scenario may be. */
export const MAX_COUNT = 1e9;

/** A whole number >= min. */
export function count(min = 1, description?: string) {
  return z.number({ error: (i) => (i.input === undefined ? 'required' : `expected a whole number, got ${typeof i.input === 'string' ? JSON.stringify(i.input) : typeof i.input}`) })
    // (too large first, and alone: 2^53 is not a "safe" integer to zod, but it is whole)
    .max(MAX_COUNT, { message: `must be at most ${MAX_COUNT.toExponential().replace('e+', 'e')}`, abort: true })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .meta(description ? { description } : {});
}

/** A fraction in [0, 1]. */
export function fraction(description?: string) {
  return z.number().min(0, { message: 'must be between 0 and 1' }).max(1, { message: 'must be between 0 and 1' }).meta(description ? { description } : {});
}

/** An identifier: letters, digits, "-", "_", "."; used in references. */
export const identifier = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, { message: 'must start with a letter, digit or "_" and contain only letters, digits, "_", "-" and "."' })
  .max(128);
