// docs/library.md shows the files of docs/examples/ verbatim, and their answers: both are checked
// here, so the page cannot drift from the code or from what the code prints.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tapeLibrary } from '../../docs/examples/tape-library.ts';
import { sharedLink } from '../../docs/examples/shared-link.ts';
import { whatIf } from '../../docs/examples/what-if.ts';

const docs = join(import.meta.dirname, '..', '..', 'docs');
const page = readFileSync(join(docs, 'library.md'), 'utf8');

test('docs/library.md includes every example file verbatim', () => {
  const files = readdirSync(join(docs, 'examples')).filter((f) => f.endsWith('.ts'));
  expect(files.sort()).toEqual(['shared-link.ts', 'tape-library.ts', 'what-if.ts']);
  for (const f of files) expect(page).toContain('```ts\n' + readFileSync(join(docs, 'examples', f), 'utf8') + '```');
});

test('tape library: drives busy = offered load / drives; more drives, shorter recalls; the same seed, the same run', () => {
  // offered load: 40/h x (12 s mount + 50 s seek + E[size] / 400 MB/s), E[size] = 20 GB x exp(0.5^2 / 2)
  const load = (40 / 3600) * (12 + 50 + (20e9 * Math.exp(0.125)) / 400e6);
  const runs = [2, 3, 4].map((n) => tapeLibrary(n));
  for (const r of runs) expect(Math.abs(r.driveBusy - load / r.drives) / (load / r.drives)).toBeLessThan(0.03);
  expect(runs[0]!.meanResponse).toBeGreaterThan(runs[1]!.meanResponse);
  expect(runs[1]!.meanResponse).toBeGreaterThan(runs[2]!.meanResponse);
  expect(tapeLibrary(3)).toEqual(runs[1]);
  expect(tapeLibrary(3, { seed: 2 }).meanResponse).not.toBe(runs[1]!.meanResponse);
  // the page quotes the printed lines
  for (const r of runs) expect(page).toContain(`${r.drives} drives: mean ${(r.meanResponse / 60).toFixed(1)} min, p95 ${(r.p95Response / 60).toFixed(1)} min, drives busy ${(100 * r.driveBusy).toFixed(0)}%`);
});

test('shared link: the max-min closed form (2.5 s, 3.75 s, 5 s) and each flow\'s bottleneck', () => {
  const done = sharedLink();
  expect(done.map((f) => f.id)).toEqual(['a', 'b', 'c']);
  expect(done[0]!.end).toBeCloseTo(2.5, 12);
  expect(done[1]!.end).toBeCloseTo(3.75, 12);
  expect(done[2]!.end).toBeCloseTo(5, 12);
  expect(done.map((f) => f.bottleneck)).toEqual(['link', 'link', 'disk:write']);
  for (const f of done) expect(page).toContain(`${f.id}: done at ${f.end.toFixed(3)} s, held by ${f.bottleneck}`);
});

test('what-if: more read bandwidth, a shorter run and busier GPUs, as the page says', () => {
  const rows = whatIf();
  expect(rows[0]!.time).toBeGreaterThan(rows[1]!.time);
  expect(rows[1]!.time).toBeGreaterThan(rows[2]!.time);
  expect(rows[2]!.utilization).toBeGreaterThan(rows[0]!.utilization);
  expect(rows[0]!.limit).toBe('storage');
  for (const r of rows) expect(page).toContain(`${r.readBandwidth}: ${(r.time / 60).toFixed(2)} min, AU ${(100 * r.utilization).toFixed(1)}%, limited by ${r.limit} (${(100 * r.share).toFixed(0)}%)`);
});
