/** `tiersim trace summary FILE [--json]`: what a trace contains, with Darshan's counter totals. */
import type { Streams } from '../io.ts';
import { loadTrace } from '../../traces/load.ts';
import { summarizeTrace, formatTraceSummary } from '../../traces/summary.ts';
import { ExitCode } from '../errors.ts';
import { loadKinetoIfAny } from '../../traces/load.ts';
import { formatKineto, kinetoStats } from '../../traces/kineto.ts';

export function traceSummaryCommand(files: string[], json: boolean, io: Streams): number {
  // PyTorch profiler traces: per-step timings (what calibrates a training workload).
  const kineto = files.map((f) => loadKinetoIfAny(f));
  if (kineto.every((k) => k !== null)) {
    // with the steps' mean, median and spread (stdev), as the text prints them
    const withStats = kineto.map((k) => ({ ...k!, stats: kinetoStats(k!) }));
    if (json) io.stdout(JSON.stringify(withStats.length === 1 ? withStats[0] : withStats, null, 2) + '\n');
    else io.stdout(kineto.map((k) => formatKineto(k!)).join('\n'));
    return ExitCode.OK;
  }
  const summaries = files.map((f) => summarizeTrace(loadTrace(f)));
  if (json) io.stdout(JSON.stringify(summaries.length === 1 ? summaries[0] : summaries, null, 2) + '\n');
  else io.stdout(summaries.map(formatTraceSummary).join('\n'));
  for (const s of summaries) for (const w of s.warnings) io.stderr(`tiersim: warning: ${s.file}: ${w}\n`);
  return ExitCode.OK;
}
