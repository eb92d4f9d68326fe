/**
 * `tiersim sweep SCENARIO --set PATH=v1,v2 --set PATH=A..B:x2 --out DIR`: the product of the values, run
 * by -j workers (this process and worker processes, see runPool). Each finished point is appended to
 * DIR/points.jsonl at once, so an interrupted sweep keeps its points and `--resume` runs only the
 * rest. At the end: results.csv, results.json, the sweep chart.
 */
import { appendFileSync, existsSync, readFileSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fork } from 'node:child_process';
import { writeFileAtomic, type Streams } from '../io.ts';
import { parseAxis, gridPoints, type Axis, type Point } from '../../sweep/grid.ts';
import { runPoint, type PointRow } from '../../sweep/point.ts';
import { InputError, formatPath, type Issue } from '../../issues.ts';
import { parseOverrides } from '../../scenario/overrides.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { packageRoot } from '../../paths.ts';
import { sweepSpec, costTimeSpec } from '../../report/charts.ts';
import { limitedBy } from '../../report/limited-by.ts';
import { writeChart } from '../charts-out.ts';
import { progressLine } from '../progress.ts';
import { ExitCode, UsageError } from '../errors.ts';
import { submitSlurmArray } from '../slurm.ts';

export interface SweepArgs {
  scenario: string;
  set?: string[];
  workers?: number;
  out?: string;
  resume?: boolean;
  seed?: string;
  executor?: 'local' | 'slurm';
  slurmOption?: string[];
  wait?: boolean;
}

function readDone(file: string): PointRow[] {
  if (!existsSync(file)) return [];
  const rows: PointRow[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    try {
      const r = JSON.parse(line) as PointRow;
      if (typeof r.index === 'number' && r.lost !== true) rows.push(r); // a lost point is run again
    } catch {
      // a line cut short by an interruption: that point runs again
    }
  }
  return rows;
}

/** Points finished by SLURM array tasks: one file each in DIR/points/ (written atomically). */
function readTaskFiles(out: string): PointRow[] {
  const dir = join(out, 'points');
  if (!existsSync(dir)) return [];
  const rows: PointRow[] = [];
  for (const f of readdirSync(dir).filter((x) => /^\d+\.json$/.test(x))) {
    try {
      rows.push(JSON.parse(readFileSync(join(dir, f), 'utf8')) as PointRow);
    } catch {
      // unreadable: that point counts as not done
    }
  }
  return rows;
}

/** The sweep definition stored in DIR/sweep.json. */
interface SweepDefinition { scenario: string; axes: Axis[]; seed: string | null }

function readDefinition(out: string): SweepDefinition {
  const f = join(out, 'sweep.json');
  if (!existsSync(f)) throw new UsageError(`${out} holds no sweep (no sweep.json)`, 'give the --out folder of a `tiersim sweep`');
  return JSON.parse(readFileSync(f, 'utf8')) as SweepDefinition;
}

/** Every finished point of a sweep folder, from points.jsonl and DIR/points/, one per index. */
function finishedRows(out: string, n: number): PointRow[] {
  const byIndex = new Map<number, PointRow>();
  for (const r of [...readDone(join(out, 'points.jsonl')), ...readTaskFiles(out)]) if (r.index < n) byIndex.set(r.index, r);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/**
 * Runs the points on `workers` workers: this process and workers - 1 child processes. This process
 * takes points too: its code is loaded and warm, and a child needs about a second to start (load
 * the bundle, warm up) before its first row, so on a short sweep the children's start would
 * otherwise be lost time. Children run with V8's --single-threaded (GC and optimising compiler on
 * the process's own thread): with as many workers as cores, background GC and compiler threads
 * only take cores from the other workers. Each child has two points in hand, so it does not wait
 * while this process is busy with a point. Points go to whoever is free first: which worker ran a
 * point never changes its row (runs are deterministic), and rows are sorted by index at the end.
 *
 * The tail: when no point is left to hand out, this process runs a copy of a point a child holds
 * but has not begun (the second in its hand), instead of waiting for the child to get to it; the
 * first row for a point counts, and children still busy with a point already done are stopped.
 */
async function runPool(file: string, seed: string | undefined, points: Point[], workers: number, onRow: (r: PointRow) => void): Promise<void> {
  const workerFile = join(packageRoot(), 'dist', 'sweep-worker.js');
  if (workers <= 1 || !existsSync(workerFile) || points.length <= 1) {
    for (const p of points) onRow(runPoint(file, p, seed));
    return;
  }
  let next = 0;
  const take = (): Point | null => (next < points.length ? points[next++]! : null);
  const done = new Set<number>();
  const kids: { inHand: Map<number, Point>; stop: () => void }[] = [];
  const record = (row: PointRow) => {
    if (done.has(row.index)) return;
    done.add(row.index);
    for (const k of kids) k.inHand.delete(row.index);
    onRow(row);
    if (done.size === points.length) for (const k of kids) k.stop();
  };
  const env = { ...process.env, TIERSIM_SWEEP_JOB: JSON.stringify({ file, seed }) };
  const children = Array.from({ length: Math.min(workers - 1, points.length - 1) }, () => new Promise<void>((res) => {
    const w = fork(workerFile, [], { env, execArgv: ['--single-threaded'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' });
    const inHand = new Map<number, Point>();
    let closed = false, ended = false;
    const feed = () => {
      while (inHand.size < 2 && !closed) {
        const p = take();
        if (p === null) break;
        inHand.set(p.index, p);
        w.send(p);
      }
      if (inHand.size === 0 && !closed) { closed = true; w.send('end'); }
    };
    // A worker that dies (killed, out of memory) fails the points it held; the others go on.
    const end = (why: string) => {
      if (ended) return;
      ended = closed = true;
      for (const p of inHand.values()) record({ index: p.index, values: p.values, ok: false, lost: true, error: `the worker process running it ${why}; --resume runs it again` });
      inHand.clear();
      res();
    };
    kids.push({ inHand, stop: () => { if (!ended) { closed = true; w.kill(); } } });
    w.on('message', (row: PointRow) => { inHand.delete(row.index); record(row); feed(); });
    w.on('exit', (code, signal) => end(`ended (${signal ?? `exit code ${code}`})`));
    w.on('error', (e) => { if (w.pid === undefined) end(`could not start: ${e.message}`); });
    feed();
  }));
  // This process's share, one point per turn of the event loop so the children's rows are taken in
  // between; then copies of points waiting in a child's hand.
  const copied = new Set<number>();
  const waiting = (): Point | null => {
    for (const k of kids) {
      if (k.inHand.size < 2) continue;
      const p = [...k.inHand.values()].at(-1)!;
      if (!copied.has(p.index)) return p;
    }
    return null;
  };
  for (let p = take() ?? waiting(); p !== null; p = take() ?? waiting()) {
    if (next >= points.length) copied.add(p.index);
    record(runPoint(file, p, seed));
    await new Promise<void>((r) => setImmediate(r));
  }
  await Promise.all(children);
}

/**
 * The swept values that make every point holding them invalid (an unknown path, a value that is not
 * a quantity of the right kind, out of range), each with its problems: found by loading the scenario
 * with that value alone, then, for a suspect, every point that holds it (a value may be invalid with
 * some of the other axes' values and fine with others: then its points run and fail alone).
 */
export function invalidValues(file: string, axes: readonly Axis[], points: readonly Point[]): Issue[] {
  const fails = (sets: string[]): Issue[] | null => {
    try {
      loadScenarioFile(file, { overrides: parseOverrides(sets, '--set') });
      return null;
    } catch (e) {
      if (e instanceof InputError) return e.issues;
      throw e;
    }
  };
  const out: Issue[] = [];
  for (const a of axes) {
    // The same problem for every value (a misspelt path) is reported once; others name their value.
    const found = new Map<string, { issue: Issue; values: string[] }>();
    for (const v of a.values) {
      const own = fails([`${a.path}=${v}`])?.filter((i) => { const p = formatPath(i.path); return p === a.path || p.startsWith(`${a.path}.`) || p.startsWith(`${a.path}[`); });
      if (!own?.length) continue;
      const holding = points.filter((p) => p.values[a.path] === v);
      if (!holding.every((p) => fails(Object.entries(p.values).map(([q, w]) => `${q}=${w}`)) !== null)) continue;
      for (const i of own) {
        const key = `${formatPath(i.path)}\0${i.message}`;
        const f = found.get(key) ?? found.set(key, { issue: i, values: [] }).get(key)!;
        f.values.push(v);
      }
    }
    for (const { issue: i, values } of found.values()) {
      const every = values.length === a.values.length && values.length > 1;
      for (const v of every ? [''] : values) out.push({ ...i, file: '--set', line: undefined, column: undefined, message: every || i.message.includes(v) ? i.message : `${JSON.stringify(v)}: ${i.message}` });
    }
  }
  return out;
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Columns after the swept values: `limitedBy` is what the chart colours a point by (charts.ts limitedBy). */
export function resultsCsv(axes: readonly Axis[], rows: readonly PointRow[]): string {
  const cols = ['simulatedTime', 'projectedTime', 'acceleratorUtilization', 'responseTime', 'responseTimeP95', 'checkpointWriteTime', 'checkpointReadTime', 'cost', 'bottleneck', 'limitedBy', 'ok', 'error'] as const;
  const lines = [['point', ...axes.map((a) => a.path), ...cols].map(csvCell).join(',')];
  for (const r of rows) lines.push([r.index, ...axes.map((a) => r.values[a.path]), ...cols.map((c) => (c === 'limitedBy' ? (r.ok ? limitedBy(r) : '') : r[c]))].map(csvCell).join(','));
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
  // Check the scenario, and each swept value, before anything runs: a typo is one clear error
  // (all of them at once) rather than N failed points.
  loadScenarioFile(file);
  const points = gridPoints(axes);
  const refused = invalidValues(file, axes, points);
  if (refused.length) throw new InputError(refused);
  const out = args.out ?? 'sweep-out';
  const definition = JSON.stringify({ scenario: file, axes, seed: args.seed ?? null }, null, 1) + '\n';
  const pointsFile = join(out, 'points.jsonl');
  let done: PointRow[] = [];
  const fresh = !existsSync(join(out, 'sweep.json'));
  if (!fresh) {
    if (!args.resume) throw new UsageError(`${out} already holds a sweep`, 'add --resume to continue it, or give another --out');
    if (readFileSync(join(out, 'sweep.json'), 'utf8') !== definition) throw new UsageError(`${out} holds a different sweep (scenario, --set values or seed differ)`, 'resume with the same arguments, or give another --out');
    done = finishedRows(out, points.length);
    writeFileAtomic(pointsFile, done.map((r) => JSON.stringify(r) + '\n').join('')); // drop a cut-short last line
  } else {
    writeFileAtomic(join(out, 'sweep.json'), definition);
    writeFileAtomic(pointsFile, '');
  }
  const have = new Set(done.map((r) => r.index));
  const pending = points.filter((p) => !have.has(p.index));
  if (args.executor === 'slurm') {
    const job = submitSlurmArray(resolve(out), pending.map((p) => p.index), { options: args.slurmOption ?? [], wait: args.wait === true, workers: args.workers });
    if (!args.wait) {
      io.stdout(`submitted ${pending.length} point${pending.length === 1 ? '' : 's'} as SLURM job array ${job}; when it has finished: tiersim collect ${out}\n`);
      return ExitCode.OK;
    }
    return collectCommand(out, io);
  }
  const workers = Math.max(1, Math.floor(args.workers ?? availableParallelism()));
  const rows = [...done];
  const started = performance.now();
  let failed = 0, shown = 0;
  const progress = () => {
    if (!io.stderrIsTTY) return;
    const line = progressLine({ done: rows.length, total: points.length, doneAtStart: done.length, failed, elapsed: (performance.now() - started) / 1000 });
    io.stderr(`\r${line.padEnd(shown)}`); // padded over a longer previous line
    shown = line.length;
  };
  progress();
  await runPool(file, args.seed, pending, workers, (row) => {
    appendFileSync(pointsFile, JSON.stringify(row) + '\n');
    rows.push(row);
    if (!row.ok) failed++;
    progress();
  });
  if (io.stderrIsTTY) io.stderr('\n');
  return finish(out, file, axes, points.length, rows, io, { fresh, note: `${done.length} from before, ${pending.length} now, ${workers} worker${workers > 1 ? 's' : ''}` });
}

/** Writes results.json, results.csv and the sweep chart from the finished rows; reports failures. */
async function finish(out: string, file: string, axes: Axis[], total: number, rows: PointRow[], io: Streams, o: { fresh: boolean; note: string }): Promise<number> {
  rows.sort((a, b) => a.index - b.index);
  writeFileAtomic(join(out, 'results.json'), JSON.stringify({ scenario: file, axes, points: rows.map((r) => (r.ok ? { ...r, limitedBy: limitedBy(r) } : r)) }, null, 1) + '\n');
  writeFileAtomic(join(out, 'results.csv'), resultsCsv(axes, rows));
  const spec = sweepSpec(axes, rows);
  if (spec) await writeChart(out, 'sweep', spec);
  const cost = costTimeSpec(axes, rows);
  if (cost) await writeChart(out, 'sweep-cost', cost);
  const failed = rows.filter((r) => !r.ok);
  if (rows.length > 0 && failed.length === rows.length && failed.every((r) => r.invalid)) {
    // Every point is invalid: almost always a typo in a --set path or value, so one input error; a
    // fresh sweep's files go, so the corrected command can use the same --out.
    if (o.fresh) {
      for (const f of ['sweep.json', 'points.jsonl', 'results.json', 'results.csv']) rmSync(join(out, f), { force: true });
      try { rmdirSync(out); } catch { /* not empty: it held other files */ }
    }
    io.stderr(`tiersim: every point of the sweep is invalid; the first: ${failed[0]!.error}\n  hint: check the --set paths against the scenario (\`tiersim run FILE --set PATH=VALUE\` tries one)\n`);
    return ExitCode.INVALID_INPUT;
  }
  for (const f of failed) io.stderr(`tiersim: point ${f.index} (${Object.entries(f.values).map(([k, v]) => `${k}=${v}`).join(', ')}) failed: ${f.error}\n`);
  const missing = total - rows.length;
  io.stdout(`${rows.length - failed.length} of ${total} points ran (${o.note}); wrote ${join(out, 'results.csv')}, results.json and sweep.svg/png.${missing > 0 ? ` ${missing} point${missing === 1 ? ' is' : 's are'} not done yet.` : ''}\n`);
  return failed.length || missing > 0 ? ExitCode.SIMULATED_FAILURE : ExitCode.OK;
}

/** `tiersim sweep-task DIR INDEX`: one point of a sweep, run by a SLURM array task; writes DIR/points/INDEX.json. */
export function sweepTaskCommand(out: string, index: number, io: Streams): number {
  const def = readDefinition(out);
  const points = gridPoints(def.axes);
  const point = points[index];
  if (!point) throw new UsageError(`the sweep in ${out} has ${points.length} points; there is no point ${index}`, 'array task ids run from 0 to points - 1');
  const row = runPoint(def.scenario, point, def.seed ?? undefined);
  writeFileAtomic(join(out, 'points', `${index}.json`), JSON.stringify(row) + '\n');
  io.stdout(`point ${index}: ${row.ok ? 'ok' : `failed: ${row.error}`}\n`);
  return row.ok ? ExitCode.OK : ExitCode.SIMULATED_FAILURE;
}

/** `tiersim collect DIR`: the results table of a sweep whose points ran elsewhere (SLURM array tasks). */
export async function collectCommand(out: string, io: Streams): Promise<number> {
  const def = readDefinition(out);
  const points = gridPoints(def.axes);
  const rows = finishedRows(out, points.length);
  return finish(out, def.scenario, def.axes, points.length, rows, io, { fresh: false, note: `collected from ${out}` });
}
