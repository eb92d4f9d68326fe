// Used by the esbuild bundle in place of 'mathjs': the package's main entry builds a full default
// instance (every function) when imported, ~0.4 s of start-up; tiersim only needs create() and the
// unit dependencies, so the bundle takes them from mathjs's own modules directly.
export { create } from '../node_modules/mathjs/lib/esm/core/create.js';
export { unitDependencies } from '../node_modules/mathjs/lib/esm/entry/dependenciesAny/dependenciesUnitFunction.generated.js';
export { createUnitDependencies } from '../node_modules/mathjs/lib/esm/entry/dependenciesAny/dependenciesCreateUnit.generated.js';
