/**
 * `tiersim sweep SCENARIO --set PATH=v1,v2 --set PATH=A..B:x2 --out DIR`: the product of the values, run
 * on worker threads. Each finished point is appended to DIR/points.jsonl at once, so an interrupted sweep
 * keeps its points and `--resume` runs only the rest. At the end: results.csv, results.json, the sweep chart.
 */
import { appendFileSync, existsSync, readFileSync, rmSync, rmdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { writeFileAtomic, type Streams } from '../io.ts';
import { parseAxis, gridPoints, type Axis, type Point } from '../../sweep/grid.ts';
import { runPoint, type PointRow } from '../../sweep/point.ts';
import { InputError, type Issue } from '../../scenario/issues.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { packageRoot } from '../../paths.ts';
import { sweepSpec } from '../../report/charts.ts';
import { writeChart } from '../charts-out.ts';
import { ExitCode, UsageError } from '../errors.ts';

export interface SweepArgs {
  scenario: string;
  set?: string[];
  workers?: number;
  out?: string;
  resume?: boolean;
  seed?: string;
}

function readDone(file: string): PointRow[] {
  if (!existsSync(file)) return [];
  const rows: PointRow[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    try {
      const r = JSON.parse(line) as PointRow;
      if (typeof r.index === 'number') rows.push(r);
    } catch {
      // a line cut short by an interruption: that point runs again
    }
  }
  return rows;
}

async function runPool(file: string, seed: string | undefined, points: Point[], workers: number, onRow: (r: PointRow) => void): Promise<void> {
  const workerFile = join(packageRoot(), 'dist', 'sweep-worker.js');
  if (workers <= 1 || !existsSync(workerFile) || points.length <= 1) {
    for (const p of points) onRow(runPoint(file, p, seed));
    return;
  }
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(workers, points.length) }, () => new Promise<void>((res, rej) => {
    const w = new Worker(workerFile, { workerData: { file, seed } });
    const feed = () => { w.postMessage(next < points.length ? points[next++]! : null); };
    w.on('message', (row: PointRow) => { onRow(row); feed(); });
    w.on('error', rej);
    w.on('exit', () => res());
    feed();
  })));
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function resultsCsv(axes: readonly Axis[], rows: readonly PointRow[]): string {
  const cols = ['simulatedTime', 'projectedTime', 'acceleratorUtilization', 'cost', 'bottleneck', 'ok', 'error'] as const;
  const lines = [['point', ...axes.map((a) => a.path), ...cols].map(csvCell).join(',')];
  for (const r of rows) lines.push([r.index, ...axes.map((a) => r.values[a.path]), ...cols.map((c) => r[c])].map(csvCell).join(','));
  return lines.join('\n') + '\n';
}

export async function sweepCommand(args: SweepArgs, io: Streams): Promise<number> {
  const file = resolve(args.scenario);
  const issues: Issue[] = [];
  const axes: Axis[] = [];
  for (const s of args.set ?? []) {
    const a = parseAxis(s);
    if ('values' in a) axes.push(a);
    else issues.push(a);
  }
  if (issues.length) throw new InputError(issues);
  if (!axes.some((a) => a.values.length > 1)) throw new UsageError('a sweep needs at least one --set with several values', 'e.g. --set workloads[0].acceleratorsPerNode=1,2,4,8 or --set "system.storage[0].readBandwidth=10 GB/s..160 GB/s:x2"');
  // Check the scenario and the first point once, so a typo is one clear error rather than N failed points.
  loadScenarioFile(file);
  const points = gridPoints(axes);
  const out = args.out ?? 'sweep-out';
  const definition = JSON.stringify({ scenario: file, axes, seed: args.seed ?? null }, null, 1) + '\n';
  const pointsFile = join(out, 'points.jsonl');
  let done: PointRow[] = [];
  const fresh = !existsSync(join(out, 'sweep.json'));
  if (!fresh) {
    if (!args.resume) throw new UsageError(`${out} already holds a sweep`, 'add --resume to continue it, or give another --out');
    if (readFileSync(join(out, 'sweep.json'), 'utf8') !== definition) throw new UsageError(`${out} holds a different sweep (scenario, --set values or seed differ)`, 'resume with the same arguments, or give another --out');
    done = readDone(pointsFile).filter((r) => r.index < points.length);
    writeFileAtomic(pointsFile, done.map((r) => JSON.stringify(r) + '\n').join('')); // drop a cut-short last line
  } else {
    writeFileAtomic(join(out, 'sweep.json'), definition);
    writeFileAtomic(pointsFile, '');
  }
  const have = new Set(done.map((r) => r.index));
  const pending = points.filter((p) => !have.has(p.index));
  const workers = Math.max(1, Math.floor(args.workers ?? availableParallelism()));
  const rows = [...done];
  const progress = (n: number) => {
    if (io.stderrIsTTY) io.stderr(`\r${n}/${points.length} points`);
  };
  progress(rows.length);
  await runPool(file, args.seed, pending, workers, (row) => {
    appendFileSync(pointsFile, JSON.stringify(row) + '\n');
    rows.push(row);
    progress(rows.length);
  });
  if (io.stderrIsTTY) io.stderr('\n');
  rows.sort((a, b) => a.index - b.index);
  writeFileAtomic(join(out, 'results.json'), JSON.stringify({ scenario: file, axes, points: rows }, null, 1) + '\n');
  writeFileAtomic(join(out, 'results.csv'), resultsCsv(axes, rows));
  const spec = sweepSpec(axes, rows);
  if (spec) await writeChart(out, 'sweep', spec);
  const failed = rows.filter((r) => !r.ok);
  if (rows.length > 0 && failed.length === rows.length && failed.every((r) => r.invalid)) {
    // Every point is invalid: almost always a typo in a --set path or value, so one input error; a
    // fresh sweep's files go, so the corrected command can use the same --out.
    if (fresh) {
      for (const f of ['sweep.json', 'points.jsonl', 'results.json', 'results.csv']) rmSync(join(out, f), { force: true });
      try { rmdirSync(out); } catch { /* not empty: it held other files */ }
    }
    io.stderr(`tiersim: every point of the sweep is invalid; the first: ${failed[0]!.error}\n  hint: check the --set paths against the scenario (\`tiersim run FILE --set PATH=VALUE\` tries one)\n`);
    return ExitCode.INVALID_INPUT;
  }
  for (const f of failed) io.stderr(`tiersim: point ${f.index} (${Object.entries(f.values).map(([k, v]) => `${k}=${v}`).join(', ')}) failed: ${f.error}\n`);
  io.stdout(`${rows.length - failed.length} of ${points.length} points ran (${done.length} from before, ${pending.length} now, ${workers} worker${workers > 1 ? 's' : ''}); wrote ${join(out, 'results.csv')}, results.json and sweep.svg/png.\n`);
  return failed.length ? ExitCode.SIMULATED_FAILURE : ExitCode.OK;
}
