// The teaching notebooks: in sync with their sources, run top to bottom without errors (under
// Node here, and with Jupyter's Deno kernel where jupyter-nbconvert is installed), store the
// outputs a fresh run gives, and print the same numbers as `tiersim run` of the scenarios they use.
import { readFileSync, readdirSync, mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { runNotebook, cellSource, type Notebook } from '../../scripts/notebook-runner.ts';
import { buildNotebook } from '../../scripts/notebooks.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { summarize } from '../../src/report/summary.ts';
import { parseOverrides } from '../../src/scenario/overrides.ts';
import { formatDuration } from '../../src/units/format.ts';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, 'notebooks');
const names = readdirSync(join(dir, 'src')).filter((f) => f.endsWith('.ts')).sort().map((f) => f.replace(/\.ts$/, ''));

/** Text a cell printed or displayed as plain text (what a reader sees without a renderer). */
function texts(outputs: unknown[]): string {
  return outputs.map((o) => {
    const x = o as { output_type: string; text?: string | string[]; data?: Record<string, string | string[]> };
    if (x.output_type === 'stream') return [x.text].flat().join('');
    if (x.output_type === 'display_data') return [x.data!['text/plain'] ?? ''].flat().join('');
    return '';
  }).join('');
}
const load = (n: string) => JSON.parse(readFileSync(join(dir, `${n}.ipynb`), 'utf8')) as Notebook;
const storedText = (n: string) => load(n).cells.filter((c) => c.cell_type === 'code').map((c) => texts(c.outputs ?? []));

/** The lead paragraph(s) `tiersim run` prints for a scenario (after the title and status line). */
const lead = (file: string, sets: string[] = []) => summarize(runScenario(loadScenarioFile(join(root, file), { overrides: parseOverrides(sets) }))).split('\n\n')[2]!.split('\n')[0]!;

/** Runs a scenario text through `tiersim run --json` (the CLI, from a file) and formats its simulated time. */
function cliTime(yaml: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'tiersim-nbcheck-')), 's.yaml');
  writeFileSync(f, yaml);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'bin.ts'), 'run', f, '--json'], { encoding: 'utf8', cwd: join(root, 'notebooks') });
  return formatDuration((JSON.parse(r.stdout) as { simulatedTime: number }).simulatedTime);
}

/** For each notebook, lines it must print that `tiersim run` also prints for the same scenario. */
const agree: Record<string, () => string[]> = {
  // 01 and 02 build their scenarios inline: the same texts, run by the CLI, give the printed times.
  '01-hierarchy': () => {
    const tape = (files: number) => cliTime(`
name: one-terabyte
system:
  nodes:
    - id: node
      nic: { bandwidth: 400 Gb/s, latency: 2 us }
      pcie: { bandwidth: 64 GB/s }
      tiers:
        - { id: dram, kind: dram, model: ddr5-4800-12ch }
        - { id: sink, kind: dram, capacity: 100 PB, bandwidth: 1000 TB/s }
  storage:
    - { id: tape, kind: tape, model: lto-9, drives: 16, filesPerCartridge: 1, capacity: 10 PB, attach: { bandwidth: 1 TB/s } }
  network: { kind: star }
workloads:
  - { kind: transfers, id: read, moves: [{ from: tape, to: node/sink, size: 1 TB, files: ${files}, streams: ${files} }] }
`);
    // the table row "tape  <one stream>  <16 streams>" (columns padded as tableBundle does)
    return [`tape         ${tape(1).padEnd(10)}  ${tape(16)}`];
  },
  '02-contention': () => [`12       ${cliTime(`
name: clients-12
system:
  nodes: [{ id: client, count: 12, nic: { bandwidth: 200 Gb/s, latency: 2 us }, tiers: [{ id: dram, kind: dram, capacity: 1 TB, bandwidth: 400 GB/s }] }]
  storage: [{ id: pfs, kind: pfs, model: clusterstor-e1000, attach: { bandwidth: 400 GB/s, latency: 2 us } }]
  network: { kind: star }
workloads:
  - { kind: transfers, id: read, moves: [{ from: pfs, to: client/dram, size: 100 GB }] }
`)}`],
  '03-feeding-accelerators': () => ['unet3d', 'resnet50', 'cosmoflow'].map((w) => lead(`scenarios/mlperf-storage/${w}-a100.yaml`)),
  '04-scaling-out': () => [lead('scenarios/resnet50-dgx-a100-scaling.yaml')],
  '05-checkpoints': () => [lead('scenarios/hpc/checkpoint-bb-vs-pfs.yaml'), lead('scenarios/hpc/s3-checkpoint.yaml')],
  '06-archives': () => [summarize(runScenario(loadScenarioFile(join(root, 'scenarios/hierarchy/tape-recall.yaml')))).split('\n')[2]!],
  '07-darshan-replay': () => [lead('scenarios/replay/mpi-io-test-dxt-32rank.yaml')],
  // the 0-worker step the notebook prints as simulated is the scenario's, as `tiersim run` gives it
  '09-training-llms': () => [lead('scenarios/llm-training/llama3-70b-pretraining.yaml')],
  '08-calibrating-from-a-profile': () => [`0        174.8             ${(((runScenario(loadScenarioFile(join(root, 'scenarios/pytorch-resnet50-v100.yaml'))).workloads[0] as unknown as { stepTime: number }).stepTime) * 1e3).toFixed(1)}`],
};

describe('notebooks', () => {
  test('there are the seven lessons of the teaching issue, one on calibration and one on LLM training', () => {
    expect(names).toEqual(['01-hierarchy', '02-contention', '03-feeding-accelerators', '04-scaling-out', '05-checkpoints', '06-archives', '07-darshan-replay', '08-calibrating-from-a-profile', '09-training-llms']);
  });

  test.each(names)('%s: the notebook is built from its source, for the Deno kernel, and reads as a lesson', (n) => {
    const nb = load(n);
    const built = buildNotebook(readFileSync(join(dir, 'src', `${n}.ts`), 'utf8')) as Notebook;
    expect(nb.cells.map((c) => [c.cell_type, cellSource(c)])).toEqual(built.cells.map((c) => [c.cell_type, cellSource(c)]));
    expect((nb.metadata as { kernelspec: { name: string } }).kernelspec.name).toBe('deno');
    const md = nb.cells.filter((c) => c.cell_type === 'markdown').map(cellSource);
    expect(md[0]).toMatch(/\*\*What you will learn\.\*\*/);
    expect(md[md.length - 1]).toMatch(/## Exercises\n[\s\S]*1\. [\s\S]*2\. /);
    // every code cell ran and left something for the reader
    for (const c of nb.cells.filter((x) => x.cell_type === 'code')) expect(c.execution_count).toBeGreaterThan(0);
  });

  test.each(names)('%s: runs top to bottom under Node and gives the stored outputs', (n) => {
    const r = runNotebook(join(dir, `${n}.ipynb`));
    const errors = r.outputs.flat().filter((o) => (o as { output_type: string }).output_type === 'error');
    expect(errors).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.outputs.map(texts)).toEqual(storedText(n));
    // every chart carries vega-lite for JupyterLab and SVG + text for other viewers
    for (const o of r.outputs.flat() as { output_type: string; data?: Record<string, unknown> }[]) {
      if (o.output_type === 'display_data' && o.data!['application/vnd.vegalite.v5+json']) {
        expect(String(o.data!['image/svg+xml'])).toMatch(/^<svg/);
        expect(String(o.data!['text/plain'])).toMatch(/^\[chart\] /);
      }
    }
    const must = agree[n]?.() ?? [];
    const all = storedText(n).join('\n');
    for (const line of must) expect(all).toContain(line);
  });

  const jupyter = spawnSync('jupyter', ['nbconvert', '--version'], { encoding: 'utf8' }).status === 0 && existsSync(join(root, 'node_modules', '.bin', 'deno'));
  (jupyter ? test.each(names) : test.skip.each(names))('%s: runs with Jupyter and the Deno kernel (jupyter-nbconvert)', (n) => {
    const out = mkdtempSync(join(tmpdir(), 'tiersim-nb-'));
    const r = spawnSync('jupyter', ['nbconvert', '--to', 'notebook', '--execute', join(dir, `${n}.ipynb`), '--output-dir', out, '--ExecutePreprocessor.timeout=600'], {
      cwd: root, encoding: 'utf8', env: { ...process.env, JUPYTER_PATH: dir, PYDEVD_DISABLE_FILE_VALIDATION: '1' },
    });
    expect(r.stderr).not.toMatch(/Traceback|Error:/);
    expect(r.status).toBe(0);
    const executed = JSON.parse(readFileSync(join(out, `${n}.ipynb`), 'utf8')) as Notebook;
    const cells = executed.cells.filter((c) => c.cell_type === 'code');
    expect(cells.flatMap((c) => c.outputs ?? []).filter((o) => (o as { output_type: string }).output_type === 'error')).toEqual([]);
    // Charts, tables and text come out as stored, except that the Deno kernel may send a cell's last
    // outputs after reporting the cell done, and nbconvert has stopped listening by then (often on
    // a loaded machine; JupyterLab keeps listening and shows them): each cell's outputs must be a
    // beginning of the stored ones, and some must have arrived.
    const stored = load(n).cells.filter((c) => c.cell_type === 'code');
    const displays = (cs: typeof cells) => cs.map((c) => (c.outputs ?? []).filter((o) => (o as { output_type: string }).output_type === 'display_data').map((o) => [(o as { data: Record<string, unknown> }).data['text/plain']].flat().join('')));
    const got = displays(cells), want = displays(stored);
    got.forEach((d, i) => expect(d).toEqual(want[i]!.slice(0, d.length)));
    expect(cells.some((c) => (c.outputs ?? []).length > 0)).toBe(true);
    const streams = (c: (typeof cells)[number]) => (c.outputs ?? []).filter((o) => (o as { output_type: string }).output_type === 'stream').map((o) => [(o as { text: string | string[] }).text].flat().join('')).join('');
    // (a late stream may also be taken for the next cell's: each line printed must be one of the
    // stored lines of that cell or the one before, so a changed figure still fails)
    cells.forEach((c, i) => {
      const allowed = new Set(`${i > 0 ? streams(stored[i - 1]!) : ''}\n${streams(stored[i]!)}`.split('\n'));
      for (const line of streams(c).split('\n')) if (line.trim()) expect(allowed.has(line) || streams(stored[i]!).startsWith(streams(c))).toBe(true);
    });
  });
});
