/**
 * The summary of a run as Markdown (also readable as plain text): the answer first (time, and the
 * bottleneck in one sentence with its share), then workloads, tiers and the busiest resources.
 */
import type { RunResult, ResourceReport } from '../scenario/result.ts';
import { formatBytes, formatBandwidth, formatDuration, formatPercent, formatRate } from '../units/format.ts';
import { markdownTable } from './table.ts';

const KIND_WORDS: Record<string, string> = {
  read: 'read bandwidth', write: 'write bandwidth', combined: 'combined read+write bandwidth', iops: 'operation rate (IOPS)',
  link: 'link', nic: 'network interface', attach: 'network attachment', core: 'network core', cap: 'per-stream limit', readwrite: 'combined read+write bandwidth',
};

export function describeResource(r: { kind: string; owner: string; id: string }): string {
  const what = KIND_WORDS[r.kind] ?? r.kind;
  if (r.kind === 'link' || r.kind === 'nic' || r.kind === 'attach' || r.kind === 'core') return `the ${what} ${r.owner}`;
  return `the ${what} of ${r.owner}`;
}

function capacityText(r: ResourceReport): string {
  return r.kind === 'iops' ? formatRate(r.capacity, 'op/s') : formatBandwidth(r.capacity);
}

export function summarize(result: RunResult, options: { maxResources?: number } = {}): string {
  const out: string[] = [];
  out.push(`# ${result.scenario}`);
  out.push('');
  const status = result.finished ? 'all work finished' : 'stopped with work still running (see --until)';
  out.push(`**Simulated time: ${formatDuration(result.simulatedTime)}** (${result.simulatedTime.toPrecision(6)} s); ${status}. Seed ${result.seed}, ${result.events.toLocaleString('en-US')} events.`);
  out.push('');
  if (result.bottleneck) {
    out.push(`**Bottleneck:** ${describeResource({ kind: result.bottleneck.kind, owner: result.bottleneck.owner, id: result.bottleneck.resource })} (\`${result.bottleneck.resource}\`) held flows for ${formatPercent(result.bottleneck.share, 0)} of all flow time.`);
  } else {
    out.push('**Bottleneck:** none recorded (no data moved).');
  }
  out.push('');
  if (result.workloads.length) {
    out.push('## Workloads');
    out.push('');
    out.push(markdownTable(
      ['workload', 'kind', 'start', 'end', 'makespan', 'read', 'written'],
      result.workloads.map((w) => [w.id, w.kind, formatDuration(w.start), formatDuration(w.end), formatDuration(w.makespan), formatBytes(w.bytesRead), formatBytes(w.bytesWritten)]),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
    ));
    out.push('');
  }
  if (result.tiers.length) {
    out.push('## Tiers');
    out.push('');
    out.push(markdownTable(
      ['tier', 'kind', 'read', 'written', 'peak used', 'capacity'],
      result.tiers.map((t) => [t.id, t.kind, formatBytes(t.bytesRead), formatBytes(t.bytesWritten), formatBytes(t.peakUsed), t.capacity === null ? '-' : formatBytes(t.capacity)]),
      ['l', 'l', 'r', 'r', 'r', 'r'],
    ));
    out.push('');
  }
  const busy = result.resources.filter((r) => r.carried > 0 && r.kind !== 'cap')
    .sort((a, b) => b.bottleneckShare - a.bottleneckShare || b.utilization - a.utilization || (a.id < b.id ? -1 : 1))
    .slice(0, options.maxResources ?? 12);
  if (busy.length) {
    out.push('## Busiest resources');
    out.push('');
    out.push(markdownTable(
      ['resource', 'what', 'capacity', 'carried', 'mean utilization', 'bottleneck share'],
      busy.map((r) => [r.id, KIND_WORDS[r.kind] ?? r.kind, capacityText(r), r.kind === 'iops' ? `${formatRate(r.carried, 'op')}` : formatBytes(r.carried), formatPercent(r.utilization), formatPercent(r.bottleneckShare)]),
      ['l', 'l', 'r', 'r', 'r', 'r'],
    ));
    out.push('');
    out.push('Utilization is the mean over the whole run; the bottleneck share is the fraction of flow time during which the resource set a flow\'s rate.');
    out.push('');
  }
  if (result.format === 'reference') {
    const done = result.activities.filter((a) => a.end !== null).length;
    out.push(`${done} of ${result.activities.length} activities completed; their start and end times are in the JSON result (\`--json\`).`);
    out.push('');
  }
  return out.join('\n');
}
