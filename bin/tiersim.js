#!/usr/bin/env node
// The tiersim command. Runs the bundled command line (dist/tiersim.cjs, built by `npm run build`)
// as a script compiled from V8's code cache (dist/tiersim.cjs.cache, made at build time): Node 20
// has no compile cache of its own, and compiling the bundle was ~15% of a short command's time.
// Without the cache, or when V8 rejects it (another Node version), the script compiles as usual.
import { readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const file = fileURLToPath(new URL('../dist/tiersim.cjs', import.meta.url));
if (!existsSync(file)) {
  process.stderr.write('tiersim: not built yet (no dist/tiersim.cjs)\n  hint: run `npm ci` (or `npm run build`) in the tiersim folder\n');
  process.exit(2);
}
const cacheFile = `${file}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // no cache: compile from source
}
const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
if (process.env.TIERSIM_CODE_CACHE === 'report') {
  process.stderr.write(`tiersim: code cache ${cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used'}\n`);
}
if (process.env.TIERSIM_WRITE_CODE_CACHE) {
  // At exit, so that the functions the run compiled are in the cache too. Atomic: a temporary file renamed.
  process.once('exit', () => {
    writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
    renameSync(`${cacheFile}.tmp`, cacheFile);
  });
}
// A script cannot import() by itself here; it uses this one (src/external-import.ts).
globalThis[Symbol.for('tiersim.import')] = (specifier) => import(specifier);
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
