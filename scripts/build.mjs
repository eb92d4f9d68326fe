// Build, run by `npm ci` through `prepare`: esbuild bundles (fast start-up: mathjs and friends
// unbundled cost ~0.5 s to load), .d.ts files from tsc, then three things that make a command start
// faster: the catalog parsed once, V8's code cache of the command line, and the `tiersim` link.
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

const writeAtomic = (file, data) => {
  writeFileSync(`${file}.tmp`, data);
  renameSync(`${file}.tmp`, file);
};

rmSync('dist', { recursive: true, force: true });
const common = {
  bundle: true, platform: 'node', format: 'esm', target: 'node20', sourcemap: false, logLevel: 'warning',
  external: ['@resvg/resvg-js', 'vega', 'vega-lite'], // vega*: loaded lazily from node_modules, only when drawing
  alias: { mathjs: './scripts/mathjs-lean.mjs' },
  banner: { js: "import { createRequire as __tiersimCreateRequire } from 'node:module'; const require = __tiersimCreateRequire(import.meta.url);" },
};
// No code splitting: with shared chunks V8 ran the sharing solver about 5x slower (measured on the
// dense benchmark), so each entry is one self-contained file.
// The command line: CommonJS, so that bin/tiersim.js can run it as a vm.Script with V8's code cache
// (Node 20 has no compile cache for ES modules); import.meta.url from the file's own name.
await build({
  ...common, format: 'cjs', entryPoints: { tiersim: 'src/bin.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' },
  define: { 'import.meta.url': '__tiersimUrl' },
  banner: { js: "const __tiersimUrl = require('node:url').pathToFileURL(__filename).href;" },
});
writeAtomic('dist/tiersim.cjs', readFileSync('dist/tiersim.cjs', 'utf8').replace(/^#!.*\n/, '')); // a script, not a program
await build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: 'dist' });
await build({ ...common, entryPoints: { 'sweep-worker': 'src/sweep/worker.ts' }, outdir: 'dist' });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });

// The catalog (models/*/*.yaml) parsed once, for src/scenario/catalog-cache.ts: each file's data with
// its size and modification time; a file changed since is read from its YAML again.
const files = {};
for (const sub of ['devices', 'systems']) {
  for (const f of readdirSync(`models/${sub}`).filter((x) => x.endsWith('.yaml')).sort()) {
    const rel = `models/${sub}/${f}`;
    try {
      const st = statSync(rel);
      files[rel] = { size: st.size, mtimeMs: st.mtimeMs, doc: parseYaml(readFileSync(rel, 'utf8')) };
    } catch { /* left out: read from its YAML, which reports the problem */ }
  }
}
writeAtomic('dist/catalog-cache.json', JSON.stringify({ files }));

// `npx tiersim` without a "bin" field in package.json: when the project's own package.json names a
// bin, `npx` takes its "self-execution" path (it loads the whole node_modules tree with Arborist and
// installs the project into its npx cache on every call: ~0.35 s more per command, measured), so the
// command is linked into node_modules/.bin here instead, where `npx` finds it directly.
// Atomic: the link is made under a temporary name and renamed over the old one.
if (existsSync('node_modules/.bin')) {
  const tmp = `node_modules/.bin/.tiersim-${process.pid}`;
  try { unlinkSync(tmp); } catch { /* not there */ }
  symlinkSync('../../bin/tiersim.js', tmp);
  renameSync(tmp, 'node_modules/.bin/tiersim');
}

// V8's code cache for the command line: compiled while running the default scenario once, so the
// functions a run needs are in it (dist/tiersim.cjs.cache; bin/tiersim.js reads it, and compiles
// from source as usual when V8 rejects it: another Node version or V8 flags).
const r = spawnSync(process.execPath, ['bin/tiersim.js', 'run', '--quiet'], { env: { ...process.env, TIERSIM_WRITE_CODE_CACHE: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
if (r.status !== 0) console.warn('build: no code cache (the default run failed); tiersim works without it, only starts slower');
