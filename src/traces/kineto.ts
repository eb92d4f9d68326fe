/**
 * PyTorch profiler (Kineto) traces, `*.pt.trace.json[.gz]` in Chrome trace format: per training step
 * (`ProfilerStep#N`), the step time, the time the training thread spent in the DataLoader's
 * `__next__` (data loading it waited for), the host-to-device copies and the GPU kernel busy time.
 * These are what a training workload needs to be calibrated on a real run: compute time per batch,
 * and loading time per batch. Format notes: ../shared/traces/ai/README.md.
 */
import { gunzipSync } from 'node:zlib';
import { InputError } from '../issues.ts';

export interface KinetoStep {
  step: string;
  /** Wall time of the step on the training thread (s). */
  duration: number;
  /** Time in DataLoader.__next__ during the step (s): loading the training thread waited for. */
  dataLoader: number;
  /** Host-to-device copies during the step. */
  h2dBytes: number;
  h2dTime: number;
  /** Union of GPU kernel intervals during the step (s). */
  gpuBusy: number;
}

export interface KinetoTrace {
  file: string;
  device: string | null;
  /** The DataLoader iterator class: _SingleProcessDataLoaderIter (num_workers=0) or _MultiProcessingDataLoaderIter. */
  loader: string | null;
  steps: KinetoStep[];
}

interface Ev { ph?: string; name?: string; cat?: string; ts?: number; dur?: number; tid?: number | string; pid?: number | string; args?: Record<string, unknown> }

export function isKineto(head: Buffer): boolean {
  const text = head.toString('utf8', 0, Math.min(head.length, 4096));
  return /"traceEvents"|"schemaVersion"/.test(text);
}

export function readKineto(buf: Buffer, file: string): KinetoTrace {
  let json: { traceEvents?: Ev[]; deviceProperties?: { name?: string }[] };
  try {
    const raw = buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf;
    json = JSON.parse(raw.toString('utf8')) as typeof json;
  } catch (e) {
    throw new InputError([{ file, path: [], message: `not a readable PyTorch profiler trace: ${(e as Error).message}`, hint: 'give the *.pt.trace.json (or .json.gz) file that torch.profiler wrote' }]);
  }
  const ev = (json.traceEvents ?? []).filter((e) => e.ph === 'X' && typeof e.ts === 'number' && typeof e.dur === 'number');
  const steps = ev.filter((e) => /^ProfilerStep#\d+$/.test(e.name ?? '')).sort((a, b) => a.ts! - b.ts!);
  if (steps.length === 0) throw new InputError([{ file, path: ['traceEvents'], message: 'the trace has no ProfilerStep#N events', hint: 'profile with torch.profiler.schedule and call prof.step() every training step' }]);
  const loaders = ev.filter((e) => /DataLoader.*__next__/.test(e.name ?? ''));
  const copies = ev.filter((e) => e.cat === 'Memcpy' && /HtoD/.test(e.name ?? ''));
  const kernels = ev.filter((e) => e.cat === 'Kernel').sort((a, b) => a.ts! - b.ts!);
  const inside = (e: Ev, s: Ev) => e.ts! >= s.ts! && e.ts! < s.ts! + s.dur!;
  const out: KinetoStep[] = steps.map((s) => {
    let busy = 0, end = -Infinity;
    for (const k of kernels) {
      if (!inside(k, s)) continue;
      const a = Math.max(k.ts!, end), b = k.ts! + k.dur!;
      if (b > a) busy += b - a;
      end = Math.max(end, b);
    }
    const cp = copies.filter((c) => inside(c, s));
    return {
      step: s.name!,
      duration: s.dur! / 1e6,
      dataLoader: loaders.filter((l) => inside(l, s) && l.tid === s.tid).reduce((a, l) => a + l.dur!, 0) / 1e6,
      h2dBytes: cp.reduce((a, c) => a + Number(c.args?.bytes ?? 0), 0),
      h2dTime: cp.reduce((a, c) => a + c.dur!, 0) / 1e6,
      gpuBusy: busy / 1e6,
    };
  });
  const loaderName = /#(\w+)\.__next__/.exec(loaders[0]?.name ?? '')?.[1] ?? null;
  return { file, device: json.deviceProperties?.[0]?.name ?? null, loader: loaderName, steps: out };
}

/** One figure per step field: duration, dataLoader, gpuBusy, h2dBytes, h2dTime. */
export type KinetoFigures = Omit<KinetoStep, 'step'>;
const FIELDS = ['duration', 'dataLoader', 'gpuBusy', 'h2dBytes', 'h2dTime'] as const;

/**
 * The steps' mean, median and spread (the sample standard deviation, what computeTimeStdev
 * describes; 0 for a single step), per field.
 */
export function kinetoStats(t: KinetoTrace): { mean: KinetoFigures; median: KinetoFigures; stdev: KinetoFigures } {
  const per = (f: (xs: number[]) => number) => Object.fromEntries(FIELDS.map((k) => [k, f(t.steps.map((s) => s[k]))])) as KinetoFigures;
  const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const median = (xs: number[]) => {
    const v = [...xs].sort((a, b) => a - b), m = v.length >> 1;
    return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
  };
  const stdev = (xs: number[]) => {
    if (xs.length < 2) return 0;
    const m = mean(xs);
    return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
  };
  return { mean: per(mean), median: per(median), stdev: per(stdev) };
}

export function formatKineto(t: KinetoTrace): string {
  const ms = (x: number) => (x * 1e3).toFixed(1).padStart(7);
  const row = (name: string, s: KinetoFigures) => `  ${name.padEnd(16)} ${ms(s.duration)}   ${ms(s.dataLoader)}      ${ms(s.gpuBusy)}  ${(s.h2dBytes / 1e6).toFixed(1).padStart(7)} ${ms(s.h2dTime)}`;
  const lines = [`${t.file}`, `  format      PyTorch profiler (Kineto) trace`, `  device      ${t.device ?? 'unknown'}`, `  loader      ${t.loader ?? 'unknown'}`, '', '  step              step ms  loader ms  GPU busy ms   H2D MB  H2D ms'];
  for (const s of t.steps) lines.push(row(s.step, s));
  const stats = kinetoStats(t);
  for (const name of ['mean', 'median', 'stdev'] as const) lines.push(row(name, stats[name]));
  return lines.join('\n') + '\n';
}
