/**
 * Runs a notebook's code cells under Node (tsx) without Jupyter, capturing what each cell prints
 * and displays, as Jupyter would record it: console.log as stdout stream outputs, Deno.jupyter
 * display calls as display_data, and an error as an error output of the cell that threw.
 * The cells become one module next to the notebook (so relative imports resolve) and run with the
 * notebook's folder as working directory, like the Deno kernel. ../shared/TOOLING.md section 5c.
 */
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

export interface Cell { id?: string; cell_type: 'code' | 'markdown'; source: string | string[]; metadata?: object; outputs?: unknown[]; execution_count?: number | null }
export interface Notebook { cells: Cell[]; metadata: object; nbformat: number; nbformat_minor: number }

const PRELUDE = `
const __outs: unknown[][] = [];
let __cell = -1;
const __fmt = (x: unknown) => (typeof x === 'string' ? x : (await_import_inspect as any)(x, { depth: 4, colors: false }));
import { inspect as await_import_inspect } from 'node:util';
import { writeFileSync as __write } from 'node:fs';
const __push = (o: any) => {
  const list = __outs[__cell] ?? (__outs[__cell] = []);
  const last = list[list.length - 1] as any;
  if (o.output_type === 'stream' && last && last.output_type === 'stream' && last.name === o.name) last.text += o.text;
  else list.push(o);
};
console.log = (...a: unknown[]) => __push({ output_type: 'stream', name: 'stdout', text: a.map(__fmt).join(' ') + '\\n' });
console.error = (...a: unknown[]) => __push({ output_type: 'stream', name: 'stderr', text: a.map(__fmt).join(' ') + '\\n' });
const __display = async (bundle: Record<string, unknown>) => { __push({ output_type: 'display_data', data: bundle, metadata: {} }); };
(globalThis as any).Deno ??= { jupyter: {
  display: __display,
  md: (s: TemplateStringsArray, ...v: unknown[]) => ({ 'text/markdown': String.raw(s, ...v) }),
} };
const __done = (code: number) => { __write(process.env.NB_OUT!, JSON.stringify(__outs)); process.exit(code); };
const __fail = (e: unknown) => {
  const err = e instanceof Error ? e : new Error(String(e));
  __push({ output_type: 'error', ename: err.name, evalue: err.message, traceback: String(err.stack ?? err.message).split('\\n') });
  __done(1);
};
process.on('uncaughtException', __fail);
process.on('unhandledRejection', __fail);
`;

export function cellSource(c: Cell): string {
  return Array.isArray(c.source) ? c.source.join('') : c.source;
}

/** Runs the notebook; returns the outputs of each code cell (in order) and whether all ran. */
export function runNotebook(path: string, timeoutMs = 600_000): { ok: boolean; outputs: unknown[][]; stderr: string } {
  const nbPath = resolve(path);
  const nb = JSON.parse(readFileSync(nbPath, 'utf8')) as Notebook;
  const code = nb.cells.filter((c) => c.cell_type === 'code');
  // Imports hoist in a module anyway; put them first so cells can be separated by statements.
  const imports: string[] = [], bodies: string[] = [];
  code.forEach((c, i) => {
    const lines = cellSource(c).split('\n');
    const body: string[] = [];
    for (const l of lines) (/^import\s/.test(l) ? imports : body).push(l);
    bodies.push(`__cell = ${i};\n${body.join('\n')}`);
  });
  const tmp = join(dirname(nbPath), `.${basename(nbPath, '.ipynb')}.nbrun.mts`);
  const out = join(dirname(nbPath), `.${basename(nbPath, '.ipynb')}.nbrun.json`);
  writeFileSync(tmp, `${imports.join('\n')}\n${PRELUDE}\n${bodies.join('\n\n')}\n__done(0);\nexport {};\n`);
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', tmp], { cwd: dirname(nbPath), env: { ...process.env, NB_OUT: out }, encoding: 'utf8', timeout: timeoutMs });
    let outputs: unknown[][] = [];
    try {
      outputs = JSON.parse(readFileSync(out, 'utf8')) as unknown[][];
    } catch {
      /* the process died before writing */
    }
    return { ok: r.status === 0, outputs: code.map((_, i) => outputs[i] ?? []), stderr: r.stderr ?? '' };
  } finally {
    rmSync(tmp, { force: true });
    rmSync(out, { force: true });
  }
}

/** Stores the outputs in the notebook (execution counts 1..n), so it reads well without running. */
export function writeOutputs(path: string, outputs: unknown[][]): void {
  const nb = JSON.parse(readFileSync(path, 'utf8')) as Notebook;
  let i = 0;
  for (const c of nb.cells) {
    if (c.cell_type !== 'code') continue;
    c.outputs = (outputs[i] ?? []).map((o) => {
      const x = o as Record<string, unknown>;
      if (x.output_type === 'stream') return { ...x, text: splitLines(x.text as string) };
      if (x.output_type === 'display_data') {
        const data = Object.fromEntries(Object.entries(x.data as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' && !k.includes('json') ? splitLines(v) : v]));
        return { ...x, data };
      }
      return x;
    });
    c.execution_count = ++i;
  }
  writeFileSync(path, JSON.stringify(nb, null, 1) + '\n');
}

function splitLines(s: string): string[] {
  return s.split(/(?<=\n)/);
}
