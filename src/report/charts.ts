/**
 * Charts as vega-lite specs: pure functions of a RunResult (no I/O, no vega import here), so a saved
 * result.json re-renders to the same picture. Rendering lives in render-chart.ts.
 */
import type { RunResult } from '../scenario/result.ts';
import type { MoveReport } from '../workloads/transfers.ts';
import { groupByClass } from './summary.ts';
import { COMPUTE_BOUND_AU, limitedBy } from './limited-by.ts';
import { parseQuantity, QUANTITY_KINDS } from '../units/quantity.ts';

export type Theme = 'print' | 'slide';
export type ChartSpec = Record<string, unknown> & { title: { text: string; subtitle?: string } };

/** Fonts are set explicitly (DejaVu Sans is what resvg and Debian ship); sizes by theme. */
export function themeConfig(theme: Theme): Record<string, unknown> {
  const big = theme === 'slide';
  return {
    font: 'DejaVu Sans',
    title: { fontSize: big ? 22 : 14, anchor: 'start', subtitleFontSize: big ? 15 : 11 },
    // labelSeparation: neighbouring axis labels closer than this are thinned out (1,000 and 2,000 on a log axis would touch)
    axis: { labelFontSize: big ? 15 : 11, titleFontSize: big ? 16 : 12, labelLimit: big ? 320 : 240, labelSeparation: big ? 8 : 6 },
    legend: { labelFontSize: big ? 15 : 11, titleFontSize: big ? 15 : 12, orient: 'bottom', labelLimit: 0 },
    view: { stroke: null },
    background: 'white',
  };
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The theme with its legends on the right (for charts whose legend titles are long paths). */
function sideLegend(config: Record<string, unknown>): Record<string, unknown> {
  return { ...config, legend: { ...(config.legend as object), orient: 'right', titleLimit: 0 } };
}
const pct = (x: number) => Math.round(x * 1e4) / 100;

/** The parts of a run's time, in stacking order, with their colours. */
const PARTS: [string, string][] = [['compute', '#4c78a8'], ['I/O stall', '#e45756'], ['staging', '#ff9da6'], ['communication', '#f58518'], ['stragglers', '#eeca3b'], ['checkpoint', '#72b7b2'], ['evaluation', '#54a24b'], ['lost to failures', '#b279a2'], ['restart', '#9d755d']];

/** Share of each workload's run time spent computing and stalled on I/O, communication, checkpoints. */
export function timeBreakdownSpec(r: RunResult, theme: Theme = 'print'): ChartSpec | null {
  const rows: { workload: string; part: string; order: number; percent: number }[] = [];
  for (const w of r.workloads) {
    const s = w.stallFractions as { io?: number; communication?: number; checkpoint?: number; straggler?: number } | undefined;
    let parts: [string, number][] | null = null;
    if (s !== undefined) {
      const io = s.io ?? 0, comm = s.communication ?? 0, ckpt = s.checkpoint ?? 0, lag = s.straggler ?? 0, ev = typeof w.evaluationFraction === 'number' ? w.evaluationFraction : 0;
      parts = [['compute', Math.max(0, 1 - io - comm - ckpt - lag - ev)], ['I/O stall', io], ['communication', comm], ...(lag > 0 ? [['stragglers', lag] as [string, number]] : []), ['checkpoint', ckpt], ...(ev > 0 ? [['evaluation', ev] as [string, number]] : [])];
    } else if (w.kind === 'hpc') {
      // An HPC job: its time from start to the end of the job (and staging), by what it was doing.
      const t = w.time as Record<string, number>;
      const total = t.compute! + t.communication! + t.checkpoint! + t.lost! + t.restart! + t.stage!;
      if (total > 0) parts = [['compute', t.compute! / total], ['staging', t.stage! / total], ['communication', t.communication! / total], ['checkpoint', t.checkpoint! / total], ['lost to failures', t.lost! / total], ['restart', t.restart! / total]];
    } else if (w.kind === 'replay') {
      // A replay: every rank's time in I/O against its (recorded) time between operations.
      const io = w.ioTime as number, compute = w.computeTime as number;
      if (io + compute > 0) parts = [['compute', compute / (io + compute)], ['I/O stall', io / (io + compute)]];
    }
    parts?.forEach(([part, f], order) => rows.push({ workload: w.id, part, order, percent: pct(f) }));
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
        scale: { domain: PARTS.filter(([p]) => rows.some((x) => x.part === p)).map(([p]) => p), range: PARTS.filter(([p]) => rows.some((x) => x.part === p)).map(([, c]) => c) },
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
  // Alike tiers, one per node, are one bar (as in the summary's table): the mean per node, and a
  // line from the least to the most where they differ (128 nodes would otherwise be 128 bars)
  const rows = groupByClass(r.tiers, (t) => t.id).flatMap(({ name, members }) => (['read', 'written'] as const).map((direction) => {
    const gb = members.map((t) => (direction === 'read' ? t.bytesRead : t.bytesWritten) / 1e9);
    return { tier: name, direction, gigabytes: gb.reduce((a, b) => a + b, 0) / gb.length, least: Math.min(...gb), most: Math.max(...gb), nodes: members.length };
  })).filter((x) => x.most > 0);
  if (rows.length === 0) return null;
  const spread = rows.some((x) => x.most > x.least * (1 + 1e-9));
  const alike = rows.some((x) => x.nodes > 1);
  // explicit domains: the rule layer's filtered data would otherwise be unioned with the bars' (a vega warning)
  const y = { field: 'tier', type: 'nominal', title: null, scale: { domain: [...new Set(rows.map((x) => x.tier))] } };
  const yOffset = { field: 'direction', scale: { domain: ['read', 'written'] } };
  return {
    $schema: SCHEMA,
    title: { text: 'Traffic per tier', subtitle: `bytes read and written over the run${alike ? `; ×N: per node, of N alike${spread ? ' (the mean; a line: the least to the most)' : ''}` : ''}` },
    width: theme === 'slide' ? 640 : 420,
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y, yOffset,
          // Linear on purpose: bars on a log axis start at an arbitrary value and mislead.
          x: { field: 'gigabytes', type: 'quantitative', stack: null, title: 'data (GB)' },
          color: { field: 'direction', type: 'nominal', title: null, scale: { domain: ['read', 'written'], range: ['#4c78a8', '#f58518'] } },
          tooltip: [{ field: 'tier' }, { field: 'direction' }, { field: 'gigabytes', title: alike ? 'GB (per node: mean)' : 'GB', format: '.3~s' }, ...(spread ? [{ field: 'least', title: 'least', format: '.3~s' }, { field: 'most', title: 'most', format: '.3~s' }] : [])],
        },
      },
      ...(spread ? [{
        transform: [{ filter: 'datum.most > datum.least' }],
        mark: { type: 'rule', color: '#333333', strokeWidth: 1.5 },
        encoding: { y, yOffset, x: { field: 'least', type: 'quantitative' }, x2: { field: 'most' } },
      }] : []),
    ],
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

/**
 * Swept values that are all sizes, bandwidths or durations (with any prefixes): their numbers in one
 * unit chosen from the largest (250 MB, 1 GB, 4 GB -> 0.25, 1, 4 GB); null if they are not.
 */
function quantityAxis(values: readonly string[]): { values: number[]; unit: string } | null {
  for (const kind of ['size', 'bandwidth', 'duration'] as const) {
    const si = values.map((v) => parseQuantity(v, kind));
    if (!si.every((r) => r.ok)) continue;
    const xs = si.map((r) => (r as { value: number }).value), top = Math.max(...xs.map(Math.abs));
    if (kind === 'duration') {
      const [u, d] = top >= 7200 ? ['h', 3600] : top >= 120 ? ['min', 60] : top >= 1 ? ['s', 1] : ['ms', 1e-3];
      return { values: xs.map((x) => x / d), unit: u };
    }
    const [p, d] = top >= 1e12 ? ['T', 1e12] : top >= 1e9 ? ['G', 1e9] : top >= 1e6 ? ['M', 1e6] : top >= 1e3 ? ['k', 1e3] : ['', 1];
    const base = QUANTITY_KINDS[kind].si;
    return { values: xs.map((x) => x / d), unit: `${p}${base}` };
  }
  return null;
}

/**
 * A sweep: the answer (projected time where there is training, else simulated time) against the first
 * swept parameter, one line per combination of the others, each point coloured by what limited it
 * (limitedBy), so the eye sees where the bottleneck moves.
 */
export function sweepSpec(axes: readonly { path: string; values: string[] }[], rows: readonly {
  ok: boolean; values: Record<string, string>; simulatedTime?: number; projectedTime?: number | null; bottleneck?: string | null; acceleratorUtilization?: number | null;
  responseTime?: number | null;
}[], theme: Theme = 'print'): ChartSpec | null {
  const x = axes.find((a) => a.values.length > 1);
  if (!x) return null;
  const ok = rows.filter((r) => r.ok);
  if (ok.length === 0) return null;
  const parsed = x.values.map((v) => /^\s*([-+0-9.eE]+)\s*(.*)$/.exec(v));
  const units = new Set(parsed.map((m) => m?.[2] ?? '?'));
  const sameUnit = parsed.every((m) => m !== null && Number.isFinite(Number(m[1]))) && units.size === 1;
  // sizes, rates or durations written with different prefixes (250 MB, 1 GB): numbers in one unit
  const q = sameUnit ? null : quantityAxis(x.values);
  const numeric = sameUnit || q !== null;
  const unit = sameUnit ? [...units][0]! : q?.unit ?? '';
  const xNumber = new Map(x.values.map((v, i) => [v, q ? q.values[i]! : Number(parsed[i]?.[1])]));
  const training = ok.every((r) => typeof r.projectedTime === 'number');
  // a stream of requests: what matters is how long each waits, not when the last one ends
  const requests = !training && ok.every((r) => typeof r.responseTime === 'number');
  const what = training ? 'projected time' : requests ? 'mean response time' : 'simulated time';
  const others = axes.filter((a) => a !== x && a.values.length > 1);
  const data = ok.map((r) => ({
    x: numeric ? xNumber.get(r.values[x.path]!)! : r.values[x.path]!,
    y: training ? r.projectedTime! : requests ? r.responseTime! : r.simulatedTime!,
    series: others.map((a) => r.values[a.path]).join(', ') || 'all',
    bottleneck: limitedBy(r),
  }));
  // Series in the sweep's own order (40, 80, 160 GB/s), not alphabetical (160, 40, 80).
  const seriesOrder = [...new Set(data.map((d) => d.series))];
  const ratio = numeric && data.length > 2 && Math.max(...data.map((d) => d.x as number)) / Math.max(1e-300, Math.min(...data.map((d) => d.x as number))) >= 16;
  // values that are not numbers (ring, tree, hierarchical) keep the order swept, not the alphabet's
  const xEnc = { field: 'x', type: numeric ? 'quantitative' : 'ordinal', title: `${x.path}${unit ? ` (${unit})` : ''}`, ...(numeric ? { axis: { format: '~g', ...(data.every((d) => Number.isInteger(d.x)) ? { tickMinStep: 1 } : {}) } } : { sort: x.values }), ...(ratio && data.every((d) => (d.x as number) > 0) ? { scale: { type: 'log', base: 2 } } : {}) };
  return {
    $schema: SCHEMA,
    title: { text: training ? 'Projected training time across the sweep' : requests ? 'Mean response time of the requests across the sweep' : 'Simulated time across the sweep', subtitle: training ? `each point coloured by what limited it (the accelerators when they compute ≥ ${COMPUTE_BOUND_AU * 100}% of the time)` : 'each point coloured by the resource that limited it' },
    width: theme === 'slide' ? 640 : 420,
    height: theme === 'slide' ? 400 : 260,
    data: { values: data },
    encoding: {
      x: xEnc,
      y: { field: 'y', type: 'quantitative', title: `${what} (s)`, scale: { zero: true } },
    },
    layer: [
      {
        mark: { type: 'line', color: '#999999' },
        encoding: others.length
          ? { strokeDash: { field: 'series', type: 'nominal', title: others.map((a) => a.path).join(', '), sort: seriesOrder } }
          : { detail: { field: 'series', type: 'nominal' } },
      },
      {
        mark: { type: 'point', filled: true, size: theme === 'slide' ? 140 : 80 },
        encoding: {
          color: { field: 'bottleneck', type: 'nominal', title: 'limited by' },
          tooltip: [{ field: 'x', title: x.path }, { field: 'series' }, { field: 'y', title: 'time (s)', format: '.4~s' }, { field: 'bottleneck' }],
        },
      },
    ],
    config: sideLegend(themeConfig(theme)),
  };
}

/**
 * Cost against time over a sweep: one point per configuration, the cheapest-for-its-speed ones
 * (the Pareto front) joined, so a planner sees what each hour saved costs.
 */
export function costTimeSpec(axes: readonly { path: string; values: string[] }[], rows: readonly {
  ok: boolean; values: Record<string, string>; simulatedTime?: number; projectedTime?: number | null; cost?: number; bottleneck?: string | null; acceleratorUtilization?: number | null;
}[], theme: Theme = 'print'): ChartSpec | null {
  const ok = rows.filter((r) => r.ok && typeof r.cost === 'number' && r.cost > 0);
  if (ok.length < 2) return null;
  const training = ok.every((r) => typeof r.projectedTime === 'number');
  const varying = axes.filter((a) => a.values.length > 1);
  const pts = ok.map((r) => ({ hours: (training ? r.projectedTime! : r.simulatedTime!) / 3600, cost: r.cost!, label: varying.map((a) => `${a.path.replace(/^.*\./, '')}=${r.values[a.path]}`).join(', '), bottleneck: limitedBy(r) }));
  const sorted = [...pts].sort((a, b) => a.hours - b.hours || a.cost - b.cost);
  const front: typeof pts = [];
  for (const p of sorted) if (front.length === 0 || p.cost < front[front.length - 1]!.cost) front.push(p);
  return {
    $schema: SCHEMA,
    title: { text: 'Cost against time across the sweep', subtitle: 'one point per configuration; the line joins the cheapest for their speed (Pareto front)' },
    width: theme === 'slide' ? 640 : 420,
    height: theme === 'slide' ? 400 : 260,
    layer: [
      { data: { values: front }, mark: { type: 'line', color: '#999999' }, encoding: { x: { field: 'hours', type: 'quantitative' }, y: { field: 'cost', type: 'quantitative' } } },
      {
        data: { values: pts },
        mark: { type: 'point', filled: true, size: theme === 'slide' ? 140 : 80 },
        encoding: {
          x: { field: 'hours', type: 'quantitative', title: `${training ? 'projected time' : 'simulated time'} (h)`, scale: { zero: false } },
          y: { field: 'cost', type: 'quantitative', title: 'cost (US $)', scale: { zero: false } },
          color: { field: 'bottleneck', type: 'nominal', title: 'limited by' },
          tooltip: [{ field: 'label', title: 'configuration' }, { field: 'hours', format: '.3~g' }, { field: 'cost', format: '$,.2f' }, { field: 'bottleneck' }],
        },
      },
    ],
    config: sideLegend(themeConfig(theme)),
  };
}

/** The time unit that reads best for a run of `T` seconds. */
function timeUnit(T: number): [string, number] {
  return T >= 2 * 86400 ? ['days', 86400] : T >= 2 * 3600 ? ['h', 3600] : T >= 120 ? ['min', 60] : ['s', 1];
}

/** Utilization of the busiest resource classes over the run (sampled), one line each. */
export function utilizationOverTimeSpec(r: RunResult, theme: Theme = 'print'): ChartSpec | null {
  const tl = r.timeline;
  if (!tl || tl.times.length < 3 || tl.series.length === 0) return null;
  const [unit, div] = timeUnit(r.simulatedTime);
  const rows = tl.series.flatMap((s) => tl.times.map((t, i) => ({ resource: s.resource, t: Math.round((t / div) * 1e4) / 1e4, percent: pct(s.utilization[i]!) })));
  return {
    $schema: SCHEMA,
    title: { text: 'Utilization over time', subtitle: `the ${tl.series.length} busiest resources (alike ones summed: "*"); sampled ${tl.times.length} times` },
    width: theme === 'slide' ? 720 : 480,
    height: theme === 'slide' ? 320 : 220,
    data: { values: rows },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: theme === 'slide' ? 2.5 : 1.6 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: `time (${unit})` },
      y: { field: 'percent', type: 'quantitative', title: 'utilization (%)', scale: { domain: [0, 100] } },
      color: { field: 'resource', type: 'nominal', title: null },
      strokeDash: { field: 'resource', type: 'nominal', title: null },
      tooltip: [{ field: 'resource' }, { field: 't', title: unit }, { field: 'percent', title: '%' }],
    },
    config: sideLegend(themeConfig(theme)),
  };
}

/** Recorded operations of the first ranks of a replay (or any per-rank activities), as bars over time. */
export function ioTimelineSpec(r: RunResult, theme: Theme = 'print'): ChartSpec | null {
  const rows: { rank: number; start: number; end: number; op: string }[] = [];
  for (const a of r.activities) {
    const m = /\/rank(\d+)\//.exec(a.id);
    if (!m || (a.kind !== 'read' && a.kind !== 'write') || a.end === null) continue;
    rows.push({ rank: Number(m[1]), start: a.start, end: a.end as number, op: a.kind });
  }
  if (rows.length === 0) return null;
  const [unit, div] = timeUnit(Math.max(...rows.map((x) => x.end)));
  const ranks = new Set(rows.map((x) => x.rank)).size;
  return {
    $schema: SCHEMA,
    title: { text: 'I/O timeline', subtitle: `simulated reads and writes of the first ${ranks} rank${ranks === 1 ? '' : 's'}` },
    width: theme === 'slide' ? 720 : 480,
    height: Math.max(80, Math.min(320, ranks * (theme === 'slide' ? 26 : 18))),
    data: { values: rows.map((x) => ({ ...x, start: x.start / div, end: Math.max(x.end, x.start) / div })) },
    encoding: {
      y: { field: 'rank', type: 'ordinal', title: 'rank' },
      x: { field: 'start', type: 'quantitative', title: `time (${unit})` },
      color: { field: 'op', type: 'nominal', title: null, scale: { domain: ['read', 'write'], range: ['#4c78a8', '#f58518'] }, legend: { symbolType: 'square', symbolOpacity: 1 } },
      tooltip: [{ field: 'rank' }, { field: 'op' }, { field: 'start', title: `start (${unit})`, format: '.6~g' }, { field: 'end', title: `end (${unit})`, format: '.6~g' }],
    },
    // each operation a bar from its start to its end, and a tick at its start: operations shorter
    // than a pixel (a 40 us write in a 3 h run) would otherwise not show at all
    layer: [
      { mark: { type: 'bar' }, encoding: { x2: { field: 'end' } } },
      { mark: { type: 'tick', orient: 'vertical', thickness: 2, opacity: 1 } },
    ],
    config: themeConfig(theme),
  };
}

/**
 * Streams of requests: the distribution of their response times, as the share of requests done
 * within each time (a CDF, from the result's percentiles), one line per requests workload.
 */
export function responseTimeSpec(r: RunResult, theme: Theme = 'print'): ChartSpec | null {
  const rows = r.workloads.filter((w) => w.kind === 'requests').flatMap((w) => {
    const t = w.responseTime as { percentiles?: number[]; mean: number } | undefined;
    return (t?.percentiles ?? []).map((seconds, i) => ({ workload: w.id, seconds, percent: i }));
  });
  if (rows.length === 0) return null;
  const positive = rows.every((x) => x.seconds > 0);
  const spread = positive ? Math.max(...rows.map((x) => x.seconds)) / Math.min(...rows.map((x) => x.seconds)) : 1;
  return {
    $schema: SCHEMA,
    title: { text: 'Response time of the requests', subtitle: 'share of the requests done within each time, from arrival to the last byte' },
    width: theme === 'slide' ? 640 : 420,
    height: theme === 'slide' ? 360 : 240,
    data: { values: rows },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      // log time when the responses span more than two orders of magnitude
      x: { field: 'seconds', type: 'quantitative', title: 'response time (s)', ...(spread > 100 ? { scale: { type: 'log' } } : {}) },
      y: { field: 'percent', type: 'quantitative', title: 'requests done (%)', scale: { domain: [0, 100] } },
      color: { field: 'workload', type: 'nominal', title: null, ...(new Set(rows.map((x) => x.workload)).size === 1 ? { legend: null } : {}) },
      tooltip: [{ field: 'workload' }, { field: 'percent', title: '% done' }, { field: 'seconds', title: 'within (s)', format: '.4~s' }],
    },
    config: themeConfig(theme),
  };
}

/**
 * Checkpointing workloads: the time of every checkpoint written and read back, side by side, with
 * the throughput in the tooltip (a checkpoint slowed by another job's traffic stands out).
 */
export function checkpointTimesSpec(r: RunResult, theme: Theme = 'print'): ChartSpec | null {
  const rows = r.workloads.filter((w) => w.kind === 'checkpointing').flatMap((w) => {
    const size = w.checkpointSize as number;
    return (['write', 'read'] as const).flatMap((phase) => ((w[`${phase}Times`] as number[] | undefined) ?? []).map((seconds, i) => ({
      workload: w.id, phase: phase === 'write' ? 'written' : 'read back', checkpoint: i + 1, seconds, throughput: seconds > 0 ? size / seconds : 0,
    })));
  });
  if (rows.length === 0) return null;
  const many = new Set(rows.map((x) => x.workload)).size > 1;
  return {
    $schema: SCHEMA,
    title: { text: 'Time of each checkpoint', subtitle: 'all ranks at once; a checkpoint ends with its slowest rank' },
    width: theme === 'slide' ? 640 : 420,
    height: theme === 'slide' ? 360 : 240,
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'checkpoint', type: 'ordinal', title: 'checkpoint', axis: { labelAngle: 0 } },
      xOffset: { field: 'phase', sort: ['written', 'read back'] },
      y: { field: 'seconds', type: 'quantitative', title: 'time (s)' },
      color: { field: 'phase', type: 'nominal', title: null, sort: ['written', 'read back'] },
      ...(many ? { row: { field: 'workload', type: 'nominal', title: null } } : {}),
      tooltip: [{ field: 'workload' }, { field: 'phase' }, { field: 'checkpoint' }, { field: 'seconds', title: 'time (s)', format: '.4~s' }, { field: 'throughput', title: 'B/s', format: '.3~s' }],
    },
    config: themeConfig(theme),
  };
}

/**
 * Transfers: each move as a bar from its start to its end, coloured by the resource that bounded
 * its files (a stage-in that waits on a few OSTs stands out beside a read that fills a link).
 */
export function movesSpec(r: RunResult, theme: Theme = 'print'): ChartSpec | null {
  const transfers = r.workloads.filter((w) => w.kind === 'transfers');
  const several = transfers.length > 1;
  const rows = transfers.flatMap((w) => ((w.moves as MoveReport[] | undefined) ?? []).filter((m) => m.start !== null && m.end !== null).map((m) => ({
    move: several ? `${w.id}/${m.id}` : m.id, start: m.start as number, end: m.end as number,
    bytes: m.bytes * m.destinations, route: `${m.from} → ${m.to}`, by: m.bottleneck?.resource ?? 'none',
  })));
  if (rows.length < 2) return null;
  const [unit, div] = timeUnit(Math.max(...rows.map((x) => x.end)));
  return {
    $schema: SCHEMA,
    title: { text: 'Moves', subtitle: 'each move from its start to its end, coloured by the resource that bounded it' },
    width: theme === 'slide' ? 720 : 480,
    height: Math.max(60, Math.min(360, rows.length * (theme === 'slide' ? 34 : 24))),
    data: { values: rows.map((x) => ({ ...x, t0: x.start / div, t1: Math.max(x.end, x.start) / div, rate: x.end > x.start ? x.bytes / (x.end - x.start) : 0 })) },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'move', type: 'nominal', title: null, sort: { field: 't0' } },
      x: { field: 't0', type: 'quantitative', title: `time (${unit})` },
      x2: { field: 't1' },
      color: { field: 'by', type: 'nominal', title: 'bounded by' },
      tooltip: [{ field: 'move' }, { field: 'route' }, { field: 'bytes', title: 'bytes', format: '.3~s' }, { field: 'rate', title: 'B/s', format: '.3~s' }, { field: 'by', title: 'bounded by' }],
    },
    config: sideLegend(themeConfig(theme)),
  };
}

export function chartsFor(r: RunResult, theme: Theme = 'print'): { name: string; spec: ChartSpec }[] {
  const all: [string, ChartSpec | null][] = [
    ['time-breakdown', timeBreakdownSpec(r, theme)],
    ['response-time', responseTimeSpec(r, theme)],
    ['checkpoint-times', checkpointTimesSpec(r, theme)],
    ['utilization', utilizationSpec(r, theme)],
    ['utilization-over-time', utilizationOverTimeSpec(r, theme)],
    ['io-timeline', ioTimelineSpec(r, theme)],
    ['moves', movesSpec(r, theme)],
    ['tier-traffic', tierTrafficSpec(r, theme)],
    ['hierarchy', hierarchySpec(r, theme)],
  ];
  return all.filter((x): x is [string, ChartSpec] => x[1] !== null).map(([name, spec]) => ({ name, spec }));
}
