/**
 * Charts as vega-lite specs: pure functions of a RunResult (no I/O, no vega import here), so a saved
 * result.json re-renders to the same picture. Rendering lives in render-chart.ts.
 */
import type { RunResult } from '../scenario/result.ts';
import { groupByClass } from './summary.ts';

export type Theme = 'print' | 'slide';
export type ChartSpec = Record<string, unknown> & { title: { text: string; subtitle?: string } };

/** Fonts are set explicitly (DejaVu Sans is what resvg and Debian ship); sizes by theme. */
export function themeConfig(theme: Theme): Record<string, unknown> {
  const big = theme === 'slide';
  return {
    font: 'DejaVu Sans',
    title: { fontSize: big ? 22 : 14, anchor: 'start', subtitleFontSize: big ? 15 : 11 },
    axis: { labelFontSize: big ? 15 : 11, titleFontSize: big ? 16 : 12, labelLimit: big ? 320 : 240 },
    legend: { labelFontSize: big ? 15 : 11, titleFontSize: big ? 15 : 12, orient: 'bottom', labelLimit: 0 },
    view: { stroke: null },
    background: 'white',
  };
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const pct = (x: number) => Math.round(x * 1e4) / 100;

/** Share of each workload's run time spent computing and stalled on I/O, communication, checkpoints. */
export function timeBreakdownSpec(r: RunResult, theme: Theme = 'print'): ChartSpec | null {
  const rows: { workload: string; part: string; order: number; percent: number }[] = [];
  for (const w of r.workloads) {
    const s = w.stallFractions as { io?: number; communication?: number; checkpoint?: number } | undefined;
    if (s === undefined) continue;
    const io = s.io ?? 0, comm = s.communication ?? 0, ckpt = s.checkpoint ?? 0;
    const parts: [string, number][] = [['compute', Math.max(0, 1 - io - comm - ckpt)], ['I/O stall', io], ['communication', comm], ['checkpoint', ckpt]];
    parts.forEach(([part, f], order) => rows.push({ workload: w.id, part, order, percent: pct(f) }));
  }
  if (rows.length === 0) return null;
  // The accelerator utilization of MLPerf Storage leaves out the first step's warm-up stall, so it can
  // read a little higher than the compute share drawn here (which is over the whole run).
  const au = r.workloads.length === 1 && typeof r.workloads[0]!.acceleratorUtilization === 'number'
    ? `; accelerator utilization (MLPerf, after warm-up) ${pct(r.workloads[0]!.acceleratorUtilization)}%` : '';
  return {
    $schema: SCHEMA,
    title: { text: 'Where the time goes', subtitle: `share of each workload's whole run time${au}` },
    width: theme === 'slide' ? 720 : 480,
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'workload', type: 'nominal', title: 'workload' },
      x: { field: 'percent', type: 'quantitative', stack: 'zero', title: 'share of run time (%)', scale: { domain: [0, 100] } },
      color: {
        field: 'part', type: 'nominal', title: null,
        scale: { domain: ['compute', 'I/O stall', 'communication', 'checkpoint'], range: ['#4c78a8', '#e45756', '#f58518', '#72b7b2'] },
      },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [{ field: 'workload' }, { field: 'part' }, { field: 'percent', title: '%' }],
    },
    config: themeConfig(theme),
  };
}

/**
 * Mean utilization of the busiest resources, the ones that limited flows highlighted. Alike per-node
 * or per-target resources are one bar ("lustre:ost*:read ×248", the busiest of them), as in summary.md.
 */
export function utilizationSpec(r: RunResult, theme: Theme = 'print', top = 12): ChartSpec | null {
  const groups = groupByClass(r.resources.filter((x) => x.utilization > 0 && x.kind !== 'cap'), (x) => x.id)
    .map((g) => ({
      name: g.name,
      util: Math.max(...g.members.map((m) => m.utilization)),
      minUtil: Math.min(...g.members.map((m) => m.utilization)),
      share: g.members.reduce((a, m) => a + m.bottleneckShare, 0),
    }))
    .sort((a, b) => b.util - a.util || (a.name < b.name ? -1 : 1)).slice(0, top);
  if (groups.length === 0) return null;
  const rows = groups.map((g) => ({ resource: g.name, percent: pct(g.util), lowestPercent: pct(g.minUtil), role: g.share > 0 ? 'limited some flows' : 'not a bottleneck', bottleneckPercent: pct(g.share) }));
  const grouped = groups.some((g) => / ×\d+$/.test(g.name));
  return {
    $schema: SCHEMA,
    title: {
      text: 'Busiest resources',
      subtitle: `mean utilization over the run${grouped ? ' (×N: the busiest of N alike)' : ''}; ${r.bottleneck ? `bottleneck: ${r.bottleneck.resource}` : 'no bottleneck recorded'}`,
    },
    width: theme === 'slide' ? 640 : 420,
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'resource', type: 'nominal', sort: { field: 'percent', order: 'descending' }, title: null },
      x: { field: 'percent', type: 'quantitative', title: 'mean utilization (%)', scale: { domain: [0, 100] } },
      color: { field: 'role', type: 'nominal', title: null, scale: { domain: ['limited some flows', 'not a bottleneck'], range: ['#e45756', '#9db4cf'] } },
      tooltip: [{ field: 'resource' }, { field: 'percent', title: 'utilization % (busiest)' }, { field: 'lowestPercent', title: 'utilization % (least busy)' }, { field: 'bottleneckPercent', title: 'bottleneck share %' }],
    },
    config: themeConfig(theme),
  };
}

/** Bytes read and written per storage tier. */
export function tierTrafficSpec(r: RunResult, theme: Theme = 'print'): ChartSpec | null {
  const rows = r.tiers.flatMap((t) => [
    { tier: t.id, direction: 'read', gigabytes: t.bytesRead / 1e9 },
    { tier: t.id, direction: 'written', gigabytes: t.bytesWritten / 1e9 },
  ]).filter((x) => x.gigabytes > 0);
  if (rows.length === 0) return null;
  return {
    $schema: SCHEMA,
    title: { text: 'Traffic per tier', subtitle: 'bytes read and written over the run' },
    width: theme === 'slide' ? 640 : 420,
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'tier', type: 'nominal', title: null },
      yOffset: { field: 'direction' },
      // Linear on purpose: bars on a log axis start at an arbitrary value and mislead.
      x: { field: 'gigabytes', type: 'quantitative', stack: null, title: 'data (GB)' },
      color: { field: 'direction', type: 'nominal', title: null, scale: { domain: ['read', 'written'], range: ['#4c78a8', '#f58518'] } },
      tooltip: [{ field: 'tier' }, { field: 'direction' }, { field: 'gigabytes', title: 'GB', format: '.3~s' }],
    },
    config: themeConfig(theme),
  };
}

/**
 * The hierarchy itself, for teaching: each tier's capacity against its read bandwidth, both on log
 * scales (they span six orders of magnitude). Alike per-node tiers are drawn once.
 */
export function hierarchySpec(r: RunResult, theme: Theme = 'print'): ChartSpec | null {
  const readBw = new Map(r.resources.filter((x) => x.kind === 'read').map((x) => [x.owner, x.capacity]));
  const seen = new Set<string>();
  const rows: { tier: string; kind: string; terabytes: number; gbps: number }[] = [];
  let unbounded = 0;
  for (const t of r.tiers) {
    const bw = readBw.get(t.id);
    if (bw === undefined || !(bw > 0)) continue;
    if (t.capacity === null || !(t.capacity > 0)) { unbounded++; continue; }
    const key = `${t.kind}|${t.capacity}|${bw}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({ tier: t.id.replace(/\[0\]/, '[*]'), kind: t.kind, terabytes: t.capacity / 1e12, gbps: bw / 1e9 });
  }
  if (rows.length < 2) return null;
  const point = { field: 'kind', type: 'nominal', title: null };
  return {
    $schema: SCHEMA,
    title: { text: 'The storage hierarchy', subtitle: `capacity against read bandwidth, one point per kind of tier${unbounded ? `; ${unbounded} tier(s) without a capacity limit not shown` : ''}` },
    width: theme === 'slide' ? 640 : 420,
    height: theme === 'slide' ? 400 : 280,
    data: { values: rows },
    layer: [
      { mark: { type: 'point', filled: true, size: theme === 'slide' ? 160 : 90 }, encoding: { color: point, shape: point } },
      { mark: { type: 'text', align: 'left', dx: 9, fontSize: theme === 'slide' ? 14 : 11 }, encoding: { text: { field: 'tier' } } },
    ],
    encoding: {
      x: { field: 'terabytes', type: 'quantitative', title: 'capacity (TB, log scale)', scale: { type: 'log' } },
      y: { field: 'gbps', type: 'quantitative', title: 'read bandwidth (GB/s, log scale)', scale: { type: 'log' } },
      tooltip: [{ field: 'tier' }, { field: 'kind' }, { field: 'terabytes', title: 'TB', format: '.3~s' }, { field: 'gbps', title: 'GB/s', format: '.3~s' }],
    },
    config: themeConfig(theme),
  };
}

/** Every chart that has data for this result, by file stem. */
export function chartsFor(r: RunResult, theme: Theme = 'print'): { name: string; spec: ChartSpec }[] {
  const all: [string, ChartSpec | null][] = [
    ['time-breakdown', timeBreakdownSpec(r, theme)],
    ['utilization', utilizationSpec(r, theme)],
    ['tier-traffic', tierTrafficSpec(r, theme)],
    ['hierarchy', hierarchySpec(r, theme)],
  ];
  return all.filter((x): x is [string, ChartSpec] => x[1] !== null).map(([name, spec]) => ({ name, spec }));
}
