/**
 * import() of an external ES module package (vega, vega-lite) that is not bundled. The command line
 * runs its bundle as a V8-code-cached script (bin/tiersim.js), and such a script cannot call import()
 * by itself on Node 20 without an experimental flag; bin/tiersim.js hands its own import() in under
 * this symbol. Elsewhere (the library, tests) it is the plain import().
 */
type Importer = (specifier: string) => Promise<unknown>;
const HOOK = Symbol.for('tiersim.import');

export function importExternal<T>(specifier: string): Promise<T> {
  const hook = (globalThis as unknown as Record<symbol, Importer | undefined>)[HOOK];
  return (hook !== undefined ? hook(specifier) : import(specifier)) as Promise<T>;
}
