/**
 * The mathjs instance that reads quantities: mathjs's own Unit class, unit() and createUnit(), with
 * number-only arithmetic underneath. Unit needs fifteen functions (multiplyScalar, pow, round...);
 * mathjs's versions of them handle BigNumber, Complex, Fraction and matrices and pull in matrix
 * algebra (pow needs inv, det, identity...), about 0.1 s of start-up for every command. tiersim's
 * values are plain numbers (mathjs's default `number: 'number'` config), so these take numbers
 * only: a custom build in mathjs's own factory style (https://mathjs.org/docs/custom_bundling.html).
 * Parsing stays mathjs's Unit.parse; nothing here evaluates text.
 */
import * as M from 'mathjs';

type Factory = (scope: Record<string, unknown>) => unknown;
const m = M as unknown as Record<string, Factory> & {
  create: (factories: Record<string, Factory>, config?: object) => M.MathJsInstance;
  factory: (name: string, deps: readonly string[], fn: (scope: { typed: (name: string, sigs: Record<string, (...a: never[]) => unknown>) => unknown }) => unknown) => Factory;
};

const numeric = (name: string, signatures: Record<string, (...a: never[]) => unknown>): Factory =>
  m.factory(name, ['typed'], ({ typed }) => typed(name, signatures));

const fix = (x: number) => (x > 0 ? Math.floor(x) : Math.ceil(x));
const roundTo = (x: number, n: number) => Number(`${Math.round(Number(`${x}e${n}`))}e-${n}`);

/** Builds the instance (once per process; quantity.ts keeps it). */
export function createUnitMath(): M.MathJsInstance {
  return m.create({
    createTyped: m.createTyped!, createBigNumberClass: m.createBigNumberClass!, createComplexClass: m.createComplexClass!, createFractionClass: m.createFractionClass!,
    createAddScalar: numeric('addScalar', { 'number, number': (a: number, b: number) => a + b }),
    createSubtractScalar: numeric('subtractScalar', { 'number, number': (a: number, b: number) => a - b }),
    createMultiplyScalar: numeric('multiplyScalar', { 'number, number': (a: number, b: number) => a * b }),
    createDivideScalar: numeric('divideScalar', { 'number, number': (a: number, b: number) => a / b }),
    createPow: numeric('pow', { 'number, number': (a: number, b: number) => a ** b }),
    createAbs: numeric('abs', { number: (x: number) => Math.abs(x) }),
    createFix: numeric('fix', { number: fix, 'number, number': (x: number, n: number) => (n === 0 ? fix(x) : Math.sign(x) * Math.floor(Math.abs(x) * 10 ** n) / 10 ** n) }),
    createRound: numeric('round', { number: (x: number) => Math.round(x), 'number, number': roundTo }),
    createEqual: numeric('equal', { 'number, number': (a: number, b: number) => a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)) }),
    createIsNumeric: numeric('isNumeric', { number: () => true, any: () => false }),
    createFormat: numeric('format', { any: (x: unknown) => String(x), 'any, any': (x: unknown) => String(x) }),
    createNumber: numeric('number', { number: (x: number) => x, string: (s: string) => Number(s), '': () => 0 }),
    createUnitClass: m.createUnitClass!, createUnitFunction: m.createUnitFunction!, createCreateUnit: m.createCreateUnit!,
  });
}
