// Transfers: what each move took and what bounded it, the run's bottleneck share (time, not flows),
// and what explain says when the bottleneck is not where the clock went (closed forms in comments).
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { summarize } from '../../src/report/summary.ts';
import { main } from '../../src/cli/main.ts';

// Stage 8 GB from 4 OSTs of 1 GB/s on 2 streams (stripe count 1: 2 GB/s, 4 s), then 8 nodes read
// 0.5 GB each on 4 streams through the burst buffer's 8 GB/s attachment (32 flows, 0.5 s).
const STAGE = `name: stage
system:
  nodes:
    - { id: c, count: 8, nic: { bandwidth: 100 GB/s }, tiers: [{ id: dram, kind: dram, capacity: 1 TB, bandwidth: 100 GB/s }] }
  storage:
    - { id: pfs, kind: pfs, osts: 4, ostReadBandwidth: 1 GB/s, ostWriteBandwidth: 1 GB/s, stripeCount: 1, capacity: 1 PB, attach: { bandwidth: 100 GB/s } }
    - { id: bb, kind: burst-buffer, servers: 4, serverReadBandwidth: 10 GB/s, serverWriteBandwidth: 10 GB/s, serverCapacity: 1 TB, stripeServers: 4, attach: { bandwidth: 8 GB/s } }
  network: { kind: star }
workloads:
  - kind: transfers
    id: job
    moves:
      - { id: stage-in, from: pfs, to: bb, size: 8 GB, files: 8, streams: 2 }
      - { id: read-input, from: bb, to: c/dram, size: 0.5 GB, files: 4, streams: 4, after: stage-in }
`;

interface Move { id: string; bytes: number; destinations: number; start: number; end: number; bottleneck: { resource: string; share: number } | null }

test('each move reports its destinations, its times and the resource that bounded its files', () => {
  const r = runScenario(loadScenarioText(STAGE, 'stage.yaml'));
  const moves = (r.workloads[0] as unknown as { moves: Move[] }).moves;
  expect(moves.map((m) => [m.id, m.destinations, m.bottleneck?.resource])).toEqual([['stage-in', 1, 'pfs:ost*:read'], ['read-input', 8, 'bb:attach']]);
  expect(moves[0]!.end).toBeCloseTo(4, 9); // 8 GB at 2 x 1 GB/s
  expect(moves[1]!.end - moves[1]!.start).toBeCloseTo(0.5, 9); // 8 x 0.5 GB at 8 GB/s
  // the share counts time, not flows: the 2 stage-in flows set the pace for 4 s of 4.5, the 32 read
  // flows for 0.5 s (counted by flows, the attachment would have 32 x 0.5 / (32 x 0.5 + 2 x 4) = 2/3)
  expect(r.bottleneck?.resource).toBe('pfs:ost*:read');
  expect(r.bottleneck?.share).toBeCloseTo(4 / 4.5, 9);
  const shares = Object.fromEntries(r.resources.filter((x) => x.bottleneckShare > 0).map((x) => [x.id, x.bottleneckShare]));
  expect(shares['bb:attach']).toBeCloseTo(0.5 / 4.5, 9);
  // the 8 files go round the 4 OSTs (stripe count 1), 1 s each, two at a time: each OST holds one of
  // the two flows in flight for 2 s, 1 s of the time
  expect(Object.entries(shares).filter(([id]) => id.startsWith('pfs:ost')).map(([, v]) => v)).toEqual(Array(4).fill(expect.closeTo(1 / 4.5, 9)));
  const text = summarize(r);
  expect(text).toContain('**Bottleneck:** the read bandwidth of pfs/ost* (`pfs:ost*:read`) set the rates of the flows in flight 89% of the time data was moving.');
  expect(text).not.toContain('The longest move');
  expect(text).toMatch(/\| stage-in +\| pfs +\| bb +\| +8 GB \| +0 s \| +4 s \| 2 GB\/s \| `pfs:ost\*:read` 100% \|/);
  expect(text).toMatch(/\| read-input \| bb +\| c\/dram ×8 \| +4 GB \| +4 s \| 4\.5 s \| 8 GB\/s \| `bb:attach` 100% +\|/);
});

// At once: node c[0] fetches one 10 GB file from one OST (1 GB/s, 10 s) while the 8 nodes read 9 GB
// each from the burst buffer on 4 streams (32 flows on its 8 GB/s attachment, 9 s). For 9 s the
// attachment sets the pace of 32 of the 33 flows in flight: 9 x 32/33 = 8.73 s of the 10, yet the
// run ends with the lone fetch.
const AT_ONCE = STAGE.replace(/moves:[^]*$/, `moves:
      - { id: fetch, from: pfs, to: 'c[0]/dram', size: 10 GB, files: 1, streams: 1 }
      - { id: read-input, from: bb, to: c/dram, size: 9 GB, files: 4, streams: 4 }
`);

test('a move that runs longest beside a busier one: the summary names its bound too', () => {
  const r = runScenario(loadScenarioText(AT_ONCE, 'at-once.yaml'));
  expect(r.simulatedTime).toBeCloseTo(10, 9);
  expect(r.bottleneck?.resource).toBe('bb:attach');
  expect(r.bottleneck?.share).toBeCloseTo((9 * 32) / 33 / 10, 9);
  expect(summarize(r)).toContain('The longest move, `fetch` (10 s of 10 s), was bounded by `pfs:ost*:read`.');
});

test('explain: when doubling the bottleneck barely helps, the resource that would is measured and named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tiersim-moves-'));
  try {
    const f = join(dir, 'at-once.yaml');
    writeFileSync(f, AT_ONCE);
    let out = '';
    expect(await main(['explain', f], { stdout: (s) => void (out += s), stderr: () => {}, stderrIsTTY: false })).toBe(0);
    // twice the attachment: the reads take 4.5 s, the fetch still 10; twice the OSTs: the fetch 5 s, the reads 9
    expect(out).toContain('it set the rates of the flows in flight 87% of the time data was moving');
    expect(out).toContain('Doubling it would barely change the run; then the read bandwidth of pfs/ost* (`pfs:ost*:read`) would be the limit.');
    expect(out).toContain('Doubling the read bandwidth of pfs/ost* (`pfs:ost*:read`) instead, which set the flows\' rates 13% of the time data was moving, would cut the run from 10 s to 9 s (-10.0%).');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a move whose flows are held by one resource, then another, says how long each held them', () => {
  // At once into node c[0] (NIC 1.5 GB/s): `fetch`, 2 GB from one OST (1 GB/s), and `small`, 0.5 GB
  // from the burst buffer. Both at 0.75 GB/s on the NIC until `small` ends at 2/3 s; then the OST
  // holds `fetch` at 1 GB/s for its last 1.5 GB: 1.5 s of its 2.167 s.
  const yaml = STAGE.replace('nic: { bandwidth: 100 GB/s }', 'nic: { bandwidth: 1.5 GB/s }').replace(/moves:[^]*$/, `moves:
      - { id: fetch, from: pfs, to: 'c[0]/dram', size: 2 GB, files: 1, streams: 1 }
      - { id: small, from: bb, to: 'c[0]/dram', size: 0.5 GB, files: 1, streams: 1 }
`);
  const r = runScenario(loadScenarioText(yaml, 'mid-way.yaml'));
  const moves = (r.workloads[0] as unknown as { moves: Move[] }).moves;
  expect(moves[0]!.end).toBeCloseTo(2 / 3 + 1.5, 9);
  expect(moves[0]!.bottleneck).toEqual({ resource: 'pfs:ost*:read', share: expect.closeTo(1.5 / (2 / 3 + 1.5), 9) });
  expect(moves[1]!.bottleneck).toEqual({ resource: 'c[*]:nic:rx', share: 1 });
});
