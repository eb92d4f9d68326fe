// Transfers: what each move took and what bounded it, and what explain says when the resource that
// held most flow time is not where the clock went (closed forms in comments).
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
  // flow time counts flows: 32 flows x 0.5 s outweigh 2 x 4 s, so the run's bottleneck is the attachment (2/3)
  expect(r.bottleneck?.resource).toBe('bb:attach');
  expect(r.bottleneck?.share).toBeCloseTo(2 / 3, 6);
  const text = summarize(r);
  // the summary names where the clock went as well, and lists the moves
  expect(text).toContain('The longest move, `stage-in` (4 s of 4.5 s), was bounded by `pfs:ost*:read`.');
  expect(text).toMatch(/\| stage-in +\| pfs +\| bb +\| +8 GB \| +0 s \| +4 s \| 2 GB\/s \| `pfs:ost\*:read` 100% \|/);
  expect(text).toMatch(/\| read-input \| bb +\| c\/dram ×8 \| +4 GB \| +4 s \| 4\.5 s \| 8 GB\/s \| `bb:attach` 100% +\|/);
});

test('explain: when doubling the flow-time bottleneck barely helps, the resource that would is measured and named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tiersim-moves-'));
  try {
    const f = join(dir, 'stage.yaml');
    writeFileSync(f, STAGE);
    let out = '';
    expect(await main(['explain', f], { stdout: (s) => void (out += s), stderr: () => {}, stderrIsTTY: false })).toBe(0);
    // twice the attachment: the read takes 0.25 s, 4.25 s in all; twice the OSTs: the stage-in 2 s, 2.5 s in all
    expect(out).toContain('Doubling it together with `bb:attach:rx` (twice the device: its other limits, or the link both ways) would cut the run from 4.5 s to 4.25 s (-5.6%)');
    expect(out).toContain('Doubling the read bandwidth of pfs/ost* (`pfs:ost*:read`) instead, which set the rate for fewer flows (33% of the flows\' time) but for longer on the clock, would cut the run from 4.5 s to 2.5 s (-44.4%).');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
