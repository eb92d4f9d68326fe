/** One sweep point: the scenario with the point's overrides, run, reduced to a row of the results table. */
import { loadScenarioFile } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';
import { parseOverrides } from '../scenario/overrides.ts';
import { InputError, formatPath } from '../issues.ts';
import type { Point } from './grid.ts';
import { trainingLimit, type TrainingFigures, type TrainingLimit } from '../report/limited-by.ts';

export interface PointRow {
  index: number;
  values: Record<string, string>;
  ok: boolean;
  error?: string;
  /** The point's scenario was invalid (as opposed to a run that failed). */
  invalid?: boolean;
  /** The worker running the point died (killed, out of memory): no result of the point; --resume runs it again. */
  lost?: boolean;
  simulatedTime?: number;
  bottleneck?: string | null;
  projectedTime?: number | null;
  acceleratorUtilization?: number | null;
  /** Mean and 95th-percentile response time of the first requests workload, if any. */
  responseTime?: number | null;
  responseTimeP95?: number | null;
  /** Mean time of a checkpoint write and read of the first checkpointing workload, if any. */
  checkpointWriteTime?: number | null;
  checkpointReadTime?: number | null;
  /** What held the training run back, by cause (report/limited-by.ts); absent for other runs. */
  limit?: TrainingLimit;
  cost?: number;
}

export function runPoint(file: string, point: Point, seed?: string): PointRow {
  const base = { index: point.index, values: point.values };
  try {
    const overrides = parseOverrides(Object.entries(point.values).map(([p, v]) => `${p}=${v}`));
    const loaded = loadScenarioFile(file, { overrides });
    const r = runScenario(loaded, seed !== undefined ? { seed } : {});
    const ai = r.workloads.find((w) => typeof w.acceleratorUtilization === 'number');
    const rq = r.workloads.find((w) => w.kind === 'requests') as unknown as { responseTime: { mean: number; p95: number } } | undefined;
    const ck = r.workloads.find((w) => w.kind === 'checkpointing') as unknown as { writeTime: number; readTime: number; reads: number } | undefined;
    return {
      ...base, ok: true,
      simulatedTime: r.simulatedTime,
      bottleneck: r.bottleneck?.resource ?? null,
      projectedTime: ai ? (ai.projectedTime as number) : null,
      acceleratorUtilization: ai ? (ai.acceleratorUtilization as number) : null,
      ...(ai && ai.stallFractions ? { limit: trainingLimit(ai as unknown as TrainingFigures).limit } : {}),
      ...(rq ? { responseTime: rq.responseTime.mean, responseTimeP95: rq.responseTime.p95 } : {}),
      ...(ck ? { checkpointWriteTime: ck.writeTime, checkpointReadTime: ck.reads > 0 ? ck.readTime : null } : {}),
      cost: r.cost.total,
    };
  } catch (e) {
    const message = e instanceof InputError ? e.issues.map((i) => `${formatPath(i.path) || i.file}: ${i.message}${i.hint ? ` (hint: ${i.hint})` : ''}`).join('; ') : e instanceof Error ? e.message : String(e);
    return { ...base, ok: false, ...(e instanceof InputError ? { invalid: true } : {}), error: message };
  }
}
