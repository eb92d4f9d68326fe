// Used by the esbuild bundle in place of 'mathjs': the package's main entry builds a full default
// instance (every function) when imported, ~0.4 s of start-up. tiersim builds its own small instance
// (src/units/mathjs-number.ts) from these factories, taken from mathjs's own modules directly.
export { create } from '../node_modules/mathjs/lib/esm/core/create.js';
export { factory } from '../node_modules/mathjs/lib/esm/utils/factory.js';
export { createTyped, createBigNumberClass, createComplexClass, createFractionClass, createUnitClass, createUnitFunction, createCreateUnit } from '../node_modules/mathjs/lib/esm/factoriesAny.js';
