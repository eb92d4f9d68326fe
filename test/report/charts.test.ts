// Charts: vega-lite specs that validate against vega-lite's own schema, data that matches the result,
// PNGs that actually show bars and text (pixels checked, fonts embedded), and `tiersim chart` re-rendering a
// saved result to the very same SVG that `run --out` drew.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Resvg } from '@resvg/resvg-js';
import { chartsFor, checkpointTimesSpec, responseTimeSpec, timeBreakdownSpec, utilizationSpec, tierTrafficSpec, hierarchySpec, sweepSpec, costTimeSpec, movesSpec, ioTimelineSpec } from '../../src/report/charts.ts';
import { renderSvg, svgToPng } from '../../src/report/render-chart.ts';
import { loadFontMetrics, vegaTextWidth } from '../../src/report/text-width.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import type { RunResult } from '../../src/scenario/result.ts';
import { main } from '../../src/cli/main.ts';

const root = join(import.meta.dirname, '..', '..');
const ai = runScenario(loadScenarioFile(join(root, 'scenarios', 'default.yaml')));
const staging = runScenario(loadScenarioFile(join(root, 'scenarios', 'hierarchy', 'burst-buffer-stage-in.yaml')));
const replay = runScenario(loadScenarioFile(join(root, 'scenarios', 'replay', 'mpi-io-test-dxt-32rank.yaml')));
const hpc = runScenario(loadScenarioFile(join(root, 'scenarios', 'hpc', 's3-checkpoint.yaml')));
const recalls = runScenario(loadScenarioFile(join(root, 'scenarios', 'hierarchy', 'tape-recall-queue.yaml')));
const llm = runScenario(loadScenarioFile(join(root, 'scenarios', 'llm-checkpoint', 'llama3-70b-mlperf.yaml')));

type Row = Record<string, number | string>;
const rows = (spec: object) => ((spec as { data: unknown }).data as { values: Row[] }).values;

test('every chart spec validates against the vega-lite JSON schema (both themes)', async () => {
  // ajv is CommonJS: under native ESM its class is the module's default export's `default`.
  const mod = (await import('ajv')) as unknown as { default: { default?: unknown } };
  const Ajv = (mod.default.default ?? mod.default) as new (o: object) => import('ajv').default;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false }); // formats (uri, color-hex) are not checked
  const schemaFile = join(root, 'node_modules', 'vega-lite', 'build', 'vega-lite-schema.json');
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
  // and the sweep charts (time, cost against time), from a small synthetic sweep
  const axes = [{ path: 'workloads[0].acceleratorsPerNode', values: ['1', '2', '4'] }, { path: 'system.storage[0].readBandwidth', values: ['40 GB/s', '80 GB/s'] }];
  const swept = axes[0]!.values.flatMap((n, i) => axes[1]!.values.map((bw, j) => ({ index: i * 2 + j, ok: true, values: { [axes[0]!.path]: n, [axes[1]!.path]: bw }, projectedTime: 100 / (i + 1) + j, simulatedTime: 1, cost: 10 * (i + 1), acceleratorUtilization: 0.5 + 0.25 * j, bottleneck: 'pfs:read' })));
  const sweepSpecs = (['print', 'slide'] as const).flatMap((t) => [{ name: `sweep-${t}`, spec: sweepSpec(axes, swept, t)! }, { name: `sweep-cost-${t}`, spec: costTimeSpec(axes, swept, t)! }]);
  const specs = [...chartsFor(ai), ...chartsFor(staging, 'slide'), ...chartsFor(replay), ...chartsFor(hpc, 'slide'), ...chartsFor(recalls), ...chartsFor(llm, 'slide'), ...sweepSpecs];
  expect(chartsFor(llm).map((s) => s.name)).toContain('checkpoint-times');
  expect(chartsFor(recalls).map((s) => s.name)).toContain('response-time');
  expect(chartsFor(replay).map((s) => s.name)).toContain('io-timeline');
  expect(chartsFor(staging).map((s) => s.name)).toContain('moves');
  expect(chartsFor(hpc).map((s) => s.name)).toContain('time-breakdown');
  expect(chartsFor(ai).map((s) => s.name)).toEqual(['time-breakdown', 'utilization', 'utilization-over-time', 'tier-traffic', 'hierarchy']);
  expect(specs.length).toBeGreaterThanOrEqual(6);
  for (const { name, spec } of specs) {
    const ok = validate(spec);
    if (!ok) throw new Error(`${name}: ${ajv.errorsText(validate.errors)}`);
    // A schema-valid but wrong spec must be caught too: a misspelt mark type is rejected.
    expect(validate({ ...spec, mark: { type: 'barr' } })).toBe(false);
  }
});

test('time breakdown: the parts are the run-time shares of the result and add up to 100%', () => {
  const spec = timeBreakdownSpec(ai)!;
  const w = ai.workloads[0]!;
  const s = w.stallFractions as { io: number; communication: number; checkpoint: number };
  const by = Object.fromEntries(rows(spec).map((r) => [r.part, r.percent as number]));
  expect(by['I/O stall']).toBeCloseTo(100 * s.io, 1);
  expect(by['compute']! + by['I/O stall']! + by['communication']! + by['checkpoint']!).toBeCloseTo(100, 1);
  expect(by['I/O stall']).toBeGreaterThan(10); // the default scenario is PFS-bound
  expect(timeBreakdownSpec(staging)).toBeNull(); // no accelerators: nothing to break down
});

test('moves chart: each move a bar from its start to its end, coloured by what bounded it', () => {
  const r = rows(movesSpec(staging)!);
  const moves = staging.workloads[0]!.moves as { id: string; start: number; end: number }[];
  expect(r.map((x) => [x.move, x.by])).toEqual([['stage-in', 'lustre:ost*:read'], ['read-input', 'bb:attach']]);
  // 76.2 s of stage-in then 12 s of reading (seconds: the run is under 2 minutes)
  expect(r[0]).toMatchObject({ t0: 0, t1: moves[0]!.end });
  expect(r[1]).toMatchObject({ t0: moves[1]!.start, t1: moves[1]!.end });
  expect(r[1]!.bytes).toBe(512 * 40e9);
  expect(movesSpec(ai)).toBeNull();
});

test('response time chart: the share of requests done within each time is the result\'s percentiles', () => {
  const t = recalls.workloads[0]!.responseTime as { percentiles: number[]; p50: number; p95: number };
  const r = rows(responseTimeSpec(recalls)!);
  expect(r).toHaveLength(101);
  expect(r[50]).toMatchObject({ percent: 50, seconds: t.p50 });
  expect(r[95]).toMatchObject({ percent: 95, seconds: t.p95 });
  for (let i = 1; i < r.length; i++) expect(r[i]!.seconds as number).toBeGreaterThanOrEqual(r[i - 1]!.seconds as number);
  expect(responseTimeSpec(ai)).toBeNull();
});

test('a sweep of request streams plots their mean response time', () => {
  const axes = [{ path: 'system.storage[1].drives', values: ['8', '10', '12'] }];
  const rows = [[8, 1342], [10, 440], [12, 406]].map(([d, t], index) => ({ index, ok: true, values: { [axes[0]!.path]: String(d) }, simulatedTime: 1e5, projectedTime: null, responseTime: t, bottleneck: 'tape:drive*' }));
  const spec = sweepSpec(axes, rows)! as unknown as { title: { text: string }; encoding: { y: { title: string } } };
  expect(spec.title.text).toContain('response time');
  expect(spec.encoding.y.title).toBe('mean response time (s)');
  expect(rows.map((r) => r.responseTime)).toEqual(((spec as unknown as { data: { values: { y: number }[] } }).data.values).map((v) => v.y));
});

test('a sweep over sizes in mixed units plots them as numbers in one unit; words keep the order swept, not the alphabet\'s', () => {
  const sweep = (path: string, values: string[]) => {
    const axes = [{ path, values }];
    const rows = values.map((v, index) => ({ index, ok: true, values: { [path]: v }, simulatedTime: 20 + index, projectedTime: 20 + index, bottleneck: 'n:nic' }));
    return sweepSpec(axes, rows)! as unknown as { data: { values: { x: unknown }[] }; encoding: { x: { type: string; title: string; sort?: string[]; scale?: { type: string } } } };
  };
  const sizes = sweep('workloads[0].parallelism.bucketSize', ['250 MB', '1 GB', '4 GB']);
  expect(sizes.encoding.x).toMatchObject({ type: 'quantitative', title: 'workloads[0].parallelism.bucketSize (GB)', scale: { type: 'log' } });
  expect(sizes.data.values.map((d) => d.x)).toEqual([0.25, 1, 4]);
  const times = sweep('workloads[0].checkpoint.interval', ['30 min', '1 h', '2 h']);
  expect(times.encoding.x.title).toBe('workloads[0].checkpoint.interval (h)');
  expect(times.data.values.map((d) => d.x)).toEqual([0.5, 1, 2]);
  const words = sweep('workloads[0].parallelism.allReduce', ['ring', 'tree', 'hierarchical']);
  expect(words.encoding.x).toMatchObject({ type: 'ordinal', sort: ['ring', 'tree', 'hierarchical'] });
});

test('time breakdown: waiting for the slowest replica is its own part, not compute', () => {
  const withLag = { ...ai, workloads: [{ ...ai.workloads[0]!, stallFractions: { io: 0.1, communication: 0.05, checkpoint: 0, straggler: 0.2 } }] } as RunResult;
  const by = Object.fromEntries(rows(timeBreakdownSpec(withLag)!).map((r) => [r.part, r.percent as number]));
  expect(by['stragglers']).toBeCloseTo(20, 5);
  expect(by['compute']).toBeCloseTo(65, 5);
  expect(Object.keys(Object.fromEntries(rows(timeBreakdownSpec(ai)!).map((r) => [r.part, 1])))).not.toContain('stragglers');
});

test('utilization chart: the busiest resources in order, the bottleneck marked', () => {
  const r = rows(utilizationSpec(ai)!);
  const utils = r.map((x) => x.percent as number);
  expect([...utils].sort((a, b) => b - a)).toEqual(utils);
  const top = [...ai.resources].sort((a, b) => b.utilization - a.utilization)[0]!;
  expect(utils[0]).toBeCloseTo(100 * top.utilization, 1);
  expect(r.find((x) => x.resource === ai.bottleneck!.resource)?.role).toBe('limited some flows');
  const traffic = rows(tierTrafficSpec(ai)!);
  const pfs = ai.tiers.find((t) => t.id === 'pfs')!;
  expect(traffic.find((x) => x.tier === 'pfs' && x.direction === 'read')!.gigabytes).toBeCloseTo(pfs.bytesRead / 1e9, 6);
  // the 4 nodes' memories are one row, as in the summary's table: the mean per node, the least, the most
  const dram = ai.tiers.filter((t) => t.id.endsWith('/dram')).map((t) => t.bytesWritten / 1e9);
  expect(dram).toHaveLength(4);
  const row = traffic.find((x) => x.tier === 'gpu[*]/dram ×4' && x.direction === 'written')!;
  expect(row.gigabytes).toBeCloseTo(dram.reduce((a, b) => a + b, 0) / 4, 6);
  expect([row.least, row.most]).toEqual([Math.min(...dram), Math.max(...dram)]);
  expect(traffic.filter((x) => String(x.tier).startsWith('gpu[')).map((x) => x.tier)).toEqual(['gpu[*]/dram ×4']); // nothing read from them
});

test('hierarchy chart: one point per kind of tier at its capacity and read bandwidth', () => {
  const r = rows(hierarchySpec(ai)!);
  // Four nodes' alike DRAM and NVMe collapse to one point each; the PFS is its own point.
  expect(r.map((x) => x.tier).sort()).toEqual(['gpu[*]/dram', 'gpu[*]/nvme', 'pfs']);
  const pfs = ai.tiers.find((t) => t.id === 'pfs')!;
  const pfsRead = ai.resources.find((x) => x.id === 'pfs:read')!;
  const p = r.find((x) => x.tier === 'pfs')!;
  expect(p.terabytes).toBeCloseTo(pfs.capacity! / 1e12, 9);
  expect(p.gbps).toBeCloseTo(pfsRead.capacity / 1e9, 9);
});

/** Counts pixels in a box of a PNG (decoded again by resvg) that satisfy a colour test. */
function countPixels(png: Uint8Array, test: (r: number, g: number, b: number) => boolean, box?: { y0: number; y1: number }) {
  // resvg does not decode PNGs directly: draw the PNG as an <image> in an SVG of its own size.
  const w = new DataView(png.buffer, png.byteOffset).getUint32(16), h = new DataView(png.buffer, png.byteOffset).getUint32(20);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${w}" height="${h}"><image width="${w}" height="${h}" xlink:href="data:image/png;base64,${Buffer.from(png).toString('base64')}"/></svg>`;
  const px = new Resvg(svg).render().pixels;
  let n = 0;
  for (let y = box?.y0 ?? 0; y < (box?.y1 ?? h); y++) {
    for (let x = 0; x < w; x++) {
      const i = 4 * (y * w + x);
      if (test(px[i]!, px[i + 1]!, px[i + 2]!)) n++;
    }
  }
  return { n, w, h };
}

test('the PNG is drawn: bars in their colours, and text in the title band (fonts embedded)', async () => {
  const png = await svgToPng(await renderSvg(utilizationSpec(ai)!));
  const red = countPixels(png, (r, g, b) => r > 200 && g < 110 && b < 110); // the bottleneck bar #e45756
  expect(red.n).toBeGreaterThan(2000);
  const dark = countPixels(png, (r, g, b) => r + g + b < 150, { y0: 0, y1: 60 }); // the bold black title
  expect(dark.n).toBeGreaterThan(500);
  expect(red.w).toBeGreaterThan(800); // 2x zoom: slide-ready
});

test('text is laid out with the widths of the font it is drawn in (DejaVu Sans), so a long title does not leave the chart half empty', async () => {
  const fonts = join(root, 'node_modules', 'dejavu-fonts-ttf', 'ttf');
  const regular = loadFontMetrics(join(fonts, 'DejaVuSans.ttf')), bold = loadFontMetrics(join(fonts, 'DejaVuSans-Bold.ttf'));
  // advance widths from the fonts' hmtx tables, in units of 2048 an em
  expect(regular.width('M', 2048)).toBe(1767);
  expect(regular.width('i', 2048)).toBe(569);
  expect(bold.width('M', 2048)).toBeGreaterThan(regular.width('M', 2048));
  expect(regular.width('≥ é', 10)).toBeGreaterThan(0); // outside ASCII too
  const measure = vegaTextWidth(regular, bold);
  expect(measure({ fontSize: 10 }, 'Mi')).toBeCloseTo((1767 + 569) / 2048 * 10, 9);
  expect(measure({ fontSize: 10, fontWeight: 'bold' }, 'M')).toBeCloseTo(bold.width('M', 10), 9);
  expect(measure({ fontSize: 10, limit: 5 }, 'MMMM')).toBe(5); // text over its limit is cut to it
  // A chart whose subtitle is its widest part is as wide as the subtitle (plus the padding), where
  // vega's own guess (0.8 em a character) made it about 40% wider.
  const subtitle = 'a subtitle long enough to be wider than the plot and its legend put together, by some way';
  const spec = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: { text: 'T', subtitle }, width: 100, height: 50, data: { values: [{ x: 1, y: 1 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } }, config: { font: 'DejaVu Sans', title: { anchor: 'start', subtitleFontSize: 11 } } };
  const svg = await renderSvg(spec as unknown as Parameters<typeof renderSvg>[0]);
  const width = Number(/<svg[^>]* width="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
  const text = regular.width(subtitle, 11);
  expect(width).toBeGreaterThanOrEqual(text);
  expect(width).toBeLessThan(text + 60); // the y axis' room and vega's padding
  expect(width).toBeLessThan(0.8 * subtitle.length * 11);
});

test('I/O timeline: an operation far shorter than a pixel still shows (a tick at its start)', async () => {
  // a 10 us write in a run of 3 h, beside a read of half the run
  const activities = [
    { id: 'app/rank0/write0', kind: 'write', start: 5000, end: 5000.00001, size: 1, bottleneck: null },
    { id: 'app/rank1/read0', kind: 'read', start: 0, end: 5400, size: 1, bottleneck: null },
  ];
  const r = { ...replay, activities, simulatedTime: 10800 } as RunResult;
  const png = await svgToPng(await renderSvg(ioTimelineSpec(r)!));
  const plot = { y0: 0, y1: 2 * (43 + 80) }; // above the legend (title band + the 80 px plot, at 2x zoom)
  const orange = countPixels(png, (r, g, b) => r > 220 && g > 110 && g < 160 && b < 60, plot); // #f58518
  expect(orange.n).toBeGreaterThan(40); // 2 px wide x the row's height, at 2x zoom
  const blue = countPixels(png, (r, g, b) => r < 100 && g > 100 && g < 140 && b > 150, plot); // #4c78a8
  expect(blue.n).toBeGreaterThan(100 * orange.n);
});

test('`tiersim chart` redraws a sweep from its folder or its results.json, in the theme asked for', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tiersim-sweep-chart-'));
  try {
    const axes = [{ path: 'system.storage[0].readBandwidth', values: ['10 GB/s', '20 GB/s', '40 GB/s'] }];
    const points = axes[0]!.values.map((v, index) => ({ index, ok: true, values: { [axes[0]!.path]: v }, projectedTime: 300 / (index + 1), simulatedTime: 1, acceleratorUtilization: 0.5, bottleneck: 'pfs:read' }));
    writeFileSync(join(dir, 'results.json'), JSON.stringify({ scenario: 'x.yaml', axes, points }));
    const io = { stdout: () => {}, stderr: () => {}, stderrIsTTY: false };
    expect(await main(['chart', dir, '--out', join(dir, 'print')], io)).toBe(0);
    expect(await main(['chart', join(dir, 'results.json'), '--out', join(dir, 'slide'), '--theme', 'slide'], io)).toBe(0);
    expect(readdirSync(join(dir, 'print')).sort()).toEqual(['sweep.png', 'sweep.svg', 'sweep.vl.json']);
    const print = JSON.parse(readFileSync(join(dir, 'print', 'sweep.vl.json'), 'utf8')) as object;
    const slide = JSON.parse(readFileSync(join(dir, 'slide', 'sweep.vl.json'), 'utf8')) as object;
    expect(print).toEqual(JSON.parse(JSON.stringify(sweepSpec(axes, points, 'print'))));
    expect(slide).toEqual(JSON.parse(JSON.stringify(sweepSpec(axes, points, 'slide'))));
    expect(slide).not.toEqual(print);
    // a folder that is no sweep
    let err = '';
    expect(await main(['chart', join(dir, 'print'), '--out', join(dir, 'x')], { ...io, stderr: (s: string) => void (err += s) })).toBe(2);
    expect(err).toContain('is a folder without a sweep\'s results.json');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('`run --out` writes charts/, and `tiersim chart` re-renders the saved result to the same SVG', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tiersim-charts-'));
  try {
    const io = { stdout: () => {}, stderr: () => {}, stderrIsTTY: false };
    expect(await main(['run', join(root, 'scenarios', 'default.yaml'), '--out', dir, '-q'], io)).toBe(0);
    expect(readdirSync(join(dir, 'charts')).sort()).toEqual(
      ['hierarchy', 'tier-traffic', 'time-breakdown', 'utilization', 'utilization-over-time'].flatMap((n) => [`${n}.png`, `${n}.svg`, `${n}.vl.json`]).sort());
    expect(await main(['chart', join(dir, 'result.json'), '--out', join(dir, 'again')], io)).toBe(0);
    for (const f of ['utilization.svg', 'time-breakdown.svg', 'tier-traffic.svg', 'hierarchy.svg', 'utilization-over-time.svg']) {
      expect(readFileSync(join(dir, 'again', f), 'utf8')).toBe(readFileSync(join(dir, 'charts', f), 'utf8'));
    }
    const svg = readFileSync(join(dir, 'charts', 'utilization.svg'), 'utf8');
    expect(svg).toContain('Busiest resources');
    expect(svg).toContain('mean utilization (%)');
    // A result with nothing to chart is said so, not an error.
    const { timeline: _t, ...noTimeline } = ai;
    void _t;
    const empty: RunResult = { ...noTimeline, workloads: [], tiers: [], resources: [] };
    writeFileSync(join(dir, 'empty.json'), JSON.stringify(empty));
    let out = '';
    expect(await main(['chart', join(dir, 'empty.json'), '--out', join(dir, 'none')], { ...io, stdout: (s: string) => void (out += s) })).toBe(0);
    expect(out).toContain('nothing to chart');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('report.html is one self-contained page: summary tables, every chart inline, no scripts, no fetches', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tiersim-report-'));
  try {
    const io = { stdout: () => {}, stderr: () => {}, stderrIsTTY: false };
    // A scenario name with markup in it is data: it must come out escaped.
    expect(await main(['run', '--set', 'name=<script>alert(1)</script> & <b>x</b>', '--out', join(dir, 'out'), '-q'], io)).toBe(0);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;x&lt;/b&gt;');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?https?:/i); // nothing loaded from the network
    expect((html.match(/<svg[\s>]/g) ?? []).length).toBe(5);
    for (const n of ['time-breakdown', 'utilization', 'utilization-over-time', 'tier-traffic', 'hierarchy']) expect(html).toContain(`<figure id="chart-${n}">`);
    expect(html).toMatch(/<table>[\s\S]*<th align="left">workload<\/th>/);
    expect(html).toContain('<strong>Bottleneck:</strong>');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('sweep chart', () => {
  const axes = [{ path: 'workloads[0].acceleratorsPerNode', values: ['1', '2'] }, { path: 'system.storage[0].readBandwidth', values: ['40 GB/s', '80 GB/s', '160 GB/s'] }];
  const rows = axes[0]!.values.flatMap((n, i) => axes[1]!.values.map((bw, j) => ({
    index: i * 3 + j, ok: true, values: { [axes[0]!.path]: n, [axes[1]!.path]: bw }, projectedTime: 100 / (i + 1), simulatedTime: 100 / (i + 1),
    // one accelerator per node never waits; two wait on the storage except at 160 GB/s
    acceleratorUtilization: i === 0 || j === 2 ? 0.998 : 0.7, bottleneck: 'pfs:read',
  })));

  test('a point whose accelerators (almost) never wait is limited by them, not by the storage the flows crossed', () => {
    const spec = sweepSpec(axes, rows)! as unknown as { data: { values: { bottleneck: string }[] }; title: { subtitle: string } };
    expect(spec.data.values.map((d) => d.bottleneck)).toEqual(['accelerators (compute)', 'accelerators (compute)', 'accelerators (compute)', 'pfs:read', 'pfs:read', 'accelerators (compute)']);
    expect(spec.title.subtitle).toContain('99%');
  });

  test('the series legend keeps the sweep\'s order (40, 80, 160 GB/s), not the alphabet\'s', () => {
    const spec = sweepSpec(axes, rows)! as unknown as { layer: { encoding: { strokeDash?: { sort: string[] } } }[] };
    expect(spec.layer[0]!.encoding.strokeDash!.sort).toEqual(['40 GB/s', '80 GB/s', '160 GB/s']);
  });
});

test('checkpoint times: every checkpoint written and read back, its time and throughput', () => {
  const r = rows(checkpointTimesSpec(llm)!) as unknown as { phase: string; checkpoint: number; seconds: number; throughput: number }[];
  expect(r).toHaveLength(20); // 10 written, 10 read back
  const w = llm.workloads[0] as unknown as { writeTimes: number[]; readTimes: number[]; checkpointSize: number };
  expect(r.filter((x) => x.phase === 'written').map((x) => x.seconds)).toEqual(w.writeTimes);
  expect(r.filter((x) => x.phase === 'read back').map((x) => x.seconds)).toEqual(w.readTimes);
  expect(r[0]!.throughput).toBeCloseTo(w.checkpointSize / w.writeTimes[0]!, 0);
  expect(checkpointTimesSpec(ai)).toBeNull();
});
