/**
 * notebooks/src/NN-name.ts (percent format: `// %% [markdown]` and `// %%` start cells) -> the
 * notebooks/NN-name.ipynb Deno notebooks, executed with the tsx runner so they carry their outputs.
 *
 *   npx tsx scripts/notebooks.ts            build and execute every notebook (npm run notebooks)
 *   npx tsx scripts/notebooks.ts 03         only notebooks whose name starts with 03
 */
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNotebook, writeOutputs, type Cell } from './notebook-runner.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'notebooks', 'src');

export function buildNotebook(src: string): object {
  const cells: Cell[] = [];
  let cur: { type: 'code' | 'markdown'; lines: string[] } | null = null;
  const flush = () => {
    if (!cur) return;
    while (cur.lines.length && cur.lines[cur.lines.length - 1]!.trim() === '') cur.lines.pop();
    while (cur.lines.length && cur.lines[0]!.trim() === '') cur.lines.shift();
    if (cur.lines.length) {
      const text = cur.lines.join('\n');
      const lines = text.split(/(?<=\n)/);
      const id = `cell-${cells.length + 1}`;
      cells.push(cur.type === 'markdown' ? { id, cell_type: 'markdown', metadata: {}, source: lines } : { id, cell_type: 'code', metadata: {}, source: lines, outputs: [], execution_count: null });
    }
  };
  for (const line of src.split('\n')) {
    const m = /^\/\/ %%( \[markdown\])?\s*$/.exec(line);
    if (m) {
      flush();
      cur = { type: m[1] ? 'markdown' : 'code', lines: [] };
      continue;
    }
    if (!cur) continue; // a header before the first cell marker
    cur.lines.push(cur.type === 'markdown' ? line.replace(/^\/\/ ?/, '') : line);
  }
  flush();
  return {
    cells,
    metadata: {
      kernelspec: { display_name: 'Deno', language: 'typescript', name: 'deno' },
      language_info: { codemirror_mode: 'typescript', file_extension: '.ts', mimetype: 'text/x.typescript', name: 'typescript', nbconvert_exporter: 'script', pygments_lexer: 'typescript', version: '5' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const only = process.argv[2];
  let failed = 0;
  for (const f of readdirSync(srcDir).filter((x) => x.endsWith('.ts')).sort()) {
    if (only && !f.startsWith(only)) continue;
    const nbPath = join(root, 'notebooks', f.replace(/\.ts$/, '.ipynb'));
    writeFileSync(nbPath, JSON.stringify(buildNotebook(readFileSync(join(srcDir, f), 'utf8')), null, 1) + '\n');
    const t0 = Date.now();
    const r = runNotebook(nbPath);
    writeOutputs(nbPath, r.outputs);
    process.stderr.write(`${f}: ${r.ok ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n${r.ok ? '' : r.stderr}`);
    if (!r.ok) {
      failed++;
      for (const o of r.outputs.flat()) if ((o as { output_type: string }).output_type === 'error') process.stderr.write(`${JSON.stringify(o, null, 1)}\n`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}
