// Each tier kind's distinctive behaviour against a hand-computed answer (closed form in comments).
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import type { RunResult } from '../../src/scenario/result.ts';
import { summarize } from '../../src/report/summary.ts';
import { Simulation } from '../../src/engine/index.ts';
import { FluidModel } from '../../src/resources/sharing/fluid.ts';
import { DramTier } from '../../src/resources/tiers/dram.ts';
import { StorageTier, CapacityError } from '../../src/resources/storage-tier.ts';

function run(yaml: string): RunResult {
  return runScenario(loadScenarioText(yaml, 'test.yaml'));
}

/** One node with `tiers` (YAML list items), shared `storage`, fast network, and one move. */
function scenario(tiers: string, storage: string, move: string): string {
  return `name: t
system:
  nodes:
    - id: n
      nic: { bandwidth: 10 TB/s }
      tiers:
${tiers.trim().split('\n').map((l) => '        ' + l).join('\n')}
  storage:
${(storage.trim() || '[]').split('\n').map((l) => (storage.trim() ? '    ' + l : '')).join('\n') || '    []'}
  network: { kind: star }
workloads:
  - kind: transfers
    id: w
    moves:
      - ${move}
`.replace('  storage:\n    []', '  storage: []');
}

const FAST = '- { id: ram, kind: dram, bandwidth: 10 TB/s }';

describe('tiers', () => {
  test('SSD: an IOPS limit holds small operations at iops × opSize', () => {
    // 1000 IOPS × 4096 B = 4.096 MB/s; 4.096 MB take 1 s (the 1 GB/s bandwidth is not reached)
    const r = run(scenario(`- { id: nvme, kind: ssd, bandwidth: 1 GB/s, readIops: 1k IOPS }\n${FAST}`, '', '{ from: n/nvme, to: n/ram, size: 4.096 MB, opSize: 4 KiB }'));
    expect(r.simulatedTime).toBeCloseTo(1.0, 9);
    expect(r.activities[0]!.bottleneck).toBe('n[0]/nvme:read-iops');
  });

  test('SSD: one stream with queue depth 4 and 100 us latency is bounded at 4 × opSize / latency', () => {
    // 4 × 4096 B / 100 us = 163.84 MB/s; 163.84 MB take 1 s, plus one 100 us latency
    const r = run(scenario(`- { id: nvme, kind: ssd, bandwidth: 7 GB/s, latency: 100 us, queueDepth: 4 }\n${FAST}`, '', '{ from: n/nvme, to: n/ram, size: 163.84 MB, opSize: 4 KiB }'));
    expect(r.simulatedTime).toBeCloseTo(1.0001, 9);
  });

  test('DRAM: interleaved traffic sees all sockets; an access pinned to one socket sees one', () => {
    // 2 sockets × 100 GB/s: writing 200 GB interleaved takes 1 s
    const r = run(scenario(`- { id: nvme, kind: ssd, bandwidth: 10 TB/s }\n- { id: mem, kind: dram, sockets: 2, bandwidthPerSocket: 100 GB/s }`, '', '{ from: n/nvme, to: n/mem, size: 200 GB }'));
    expect(r.simulatedTime).toBeCloseTo(1.0, 9);
    const sim = new Simulation();
    const fluid = new FluidModel(sim);
    const dram = new DramTier({ id: 'mem', kind: 'dram', node: 'n', capacity: Infinity, readBandwidth: Infinity, writeBandwidth: Infinity, sockets: 2, bandwidthPerSocket: 100e9 });
    const p = dram.pinnedPath('read', 1, 2 ** 20);
    const done = fluid.transfer(100e9, p.constraints, { coefs: p.coefs });
    sim.run();
    expect(done.value.ended).toBeCloseTo(1.0, 9); // 100 GB at one socket's 100 GB/s
    expect(done.value.bottleneck!.id).toBe('n/mem:socket1');
  });

  test('NVDIMM: writes are slower than reads (6 DIMMs × 2.3 vs 6.6 GB/s, interleaved)', () => {
    const t = `- { id: pm, kind: nvdimm, dimms: 6, capacityPerDimm: 256 GB, readBandwidthPerDimm: 6.6 GB/s, writeBandwidthPerDimm: 2.3 GB/s }\n${FAST}`;
    const w = run(scenario(t, '', '{ from: n/ram, to: n/pm, size: 13.8 GB }')); // 13.8 GB / 13.8 GB/s
    expect(w.simulatedTime).toBeCloseTo(1.0, 9);
    const r = run(scenario(t, '', '{ from: n/pm, to: n/ram, size: 39.6 GB }')); // 39.6 GB / 39.6 GB/s
    expect(r.simulatedTime).toBeCloseTo(1.0, 9);
    expect(w.tiers.find((x) => x.id === 'n[0]/pm')!.capacity).toBe(6 * 256e9);
  });

  test('burst buffer: files striped over 2 of 4 servers; files on the same servers contend', () => {
    // 4 servers × 5 GB/s write, 2 per file: files 0 and 2 share servers 0-1 (10 GB/s, 5 each), file 1
    // has servers 2-3 alone (10 GB/s). 10 GB files: file 1 ends at 1 s, files 0 and 2 at 2 s.
    const r = run(scenario(FAST, '- { id: bb, kind: burst-buffer, servers: 4, serverReadBandwidth: 6 GB/s, serverWriteBandwidth: 5 GB/s, stripeServers: 2, attach: { bandwidth: 10 TB/s } }',
      '{ from: n/ram, to: bb, size: 30 GB, files: 3, streams: 3 }'));
    expect(r.simulatedTime).toBeCloseTo(2.0, 9);
    const bb = r.resources.filter((x) => x.id.startsWith('bb:server') && x.id.endsWith(':write'));
    expect(bb.map((x) => x.carried)).toEqual([10e9, 10e9, 5e9, 5e9]);
  });

  test('PFS: a file striped over 4 OSTs gets 4 OSTs of bandwidth; a client limit caps one node', () => {
    const pfs = (extra: string) => `- { id: pfs, kind: pfs, osts: 8, ostReadBandwidth: 1 GB/s, ostWriteBandwidth: 1 GB/s, stripeCount: 4${extra}, attach: { bandwidth: 10 TB/s } }`;
    expect(run(scenario(FAST, pfs(''), '{ from: pfs, to: n/ram, size: 4 GB }')).simulatedTime).toBeCloseTo(1.0, 9);
    expect(run(scenario(FAST, pfs(', clientBandwidth: 2 GB/s'), '{ from: pfs, to: n/ram, size: 4 GB }')).simulatedTime).toBeCloseTo(2.0, 9);
  });

  test('PFS: opening many small files is bounded by the metadata server rate', () => {
    // 1000 files at 100 metadata ops/s: at least 10 s, whatever the data bandwidth
    const r = run(scenario(FAST, '- { id: pfs, kind: pfs, bandwidth: 100 GB/s, mdsRate: 100 IOPS, attach: { bandwidth: 10 TB/s } }', '{ from: pfs, to: n/ram, size: 1 GB, files: 1000, streams: 50 }'));
    expect(r.simulatedTime).toBeGreaterThanOrEqual(10);
    expect(r.simulatedTime).toBeLessThan(10.1);
    expect(r.bottleneck!.resource).toBe('pfs:mds');
  });

  const tape = (drives: number) => `- { id: archive, kind: tape, drives: ${drives}, driveRate: 400 MB/s, cartridgeCapacity: 400 GB, robots: 1, exchangeTime: 10 s, loadTime: 17 s, unloadTime: 30 s, locateTime: 45 s, attach: { bandwidth: 10 TB/s } }`;
  test('tape: 4 recalls on 2 drives follow the hand-computed schedule', () => {
    // One robot. Files 0,1 (cartridges 0,1): robot 0-10 / 10-20, load +17, locate +45, stream 1000 s:
    // ends 1072 and 1082. File 2 on drive 0: unload 1072-1102, robot 1102-1112, load 1129, locate
    // 1174, ends 2174. File 3 on drive 1: unload 1082-1112, robot 1112-1122, load 1139, locate 1184,
    // ends 2184.
    const r = run(scenario(FAST, tape(2), '{ from: archive, to: n/ram, size: 1.6 TB, files: 4, streams: 4 }'));
    expect(r.simulatedTime).toBeCloseTo(2184, 9);
    // Files 2 and 3 waited for a drive until 1072 and 1082; the drives were granted 2174 + 2184 s of
    // the 2 x 2184, 72 + 82 + 102 + 102 = 358 s of it before streaming (robot, unload, load, locate).
    const d = r.tiers.find((t) => t.id === 'archive')!.drives!;
    expect(d).toEqual({ count: 2, requests: 4, recalls: 4, mounts: 4, meanWait: expect.closeTo((1072 + 1082) / 4, 9), busy: expect.closeTo(4358 / 4368, 9), positioning: expect.closeTo(358 / 4358, 9) });
    expect(summarize(r)).toContain('Tape `archive`: 4 recalls on 2 drives, 4 mounts; a request waited 8.97 min for a drive on average; the drives were busy 99.8% of the run, 8.2% of that mounting and positioning rather than streaming.');
  });

  test('tape: with 4 drives the recall queue disappears (only the robot serialises)', () => {
    // file k: robot 10k..10k+10, load 17, locate 45, stream 1000: the last ends at 40 + 62 + 1000
    const r = run(scenario(FAST, tape(4), '{ from: archive, to: n/ram, size: 1.6 TB, files: 4, streams: 4 }'));
    expect(r.simulatedTime).toBeCloseTo(1102, 9);
  });

  test('tape: a cartridge is in one drive at a time; recalls of files on it queue for that drive', () => {
    // 4 files of 200 GB, two per 400 GB cartridge, 4 drives. File 0: robot 0-10, load 27, locate 72,
    // stream 500 s -> 572; file 1 (same cartridge) waits for that drive: locate 617, ends 1117.
    // File 2 (cartridge 1): robot 10-20, load 37, locate 82, ends 582; file 3 then ends 1127.
    const r = run(scenario(FAST, tape(4), '{ from: archive, to: n/ram, size: 800 GB, files: 4, streams: 4 }'));
    expect(r.simulatedTime).toBeCloseTo(1127, 9);
  });

  test('tape: filesPerCartridge spreads files over cartridges', () => {
    const r = run(scenario(FAST, tape(4).replace('robots: 1', 'robots: 1, filesPerCartridge: 1'), '{ from: archive, to: n/ram, size: 800 GB, files: 4, streams: 4 }'));
    // every file its own cartridge: the robot serialises four exchanges; the last ends 40 + 17 + 45 + 500
    expect(r.simulatedTime).toBeCloseTo(602, 9);
  });

  const s3 = (prefixes: number) => `- { id: s3, kind: object-store, firstByteLatency: 20 ms, connectionBandwidth: 100 MB/s, getRate: 100 req/s, putRate: 100 req/s, prefixes: ${prefixes}, attach: { bandwidth: 10 TB/s } }`;
  test('object store: time to first byte and per-connection rate for one object', () => {
    // 20 ms to first byte + 1 MB at 100 MB/s = 30 ms
    expect(run(scenario(FAST, s3(1), '{ from: s3, to: n/ram, size: 1 MB }')).simulatedTime).toBeCloseTo(0.03, 9);
  });

  test('object store: many small GETs are throttled at the prefix request rate', () => {
    // 1000 objects of 1 MB on 50 connections would take 20 rounds × 30 ms = 0.6 s. At 100 GET/s on
    // one prefix (= 100 MB/s for 1 MB requests) the 50 connections move in lock step: each round is
    // 20 ms to first byte + 50 MB / 100 MB/s = 0.52 s, and 20 rounds take 10.4 s. Spread over 100
    // prefixes the throttle is gone.
    const one = run(scenario(FAST, s3(1), '{ from: s3, to: n/ram, size: 1 GB, files: 1000, streams: 50 }'));
    expect(one.simulatedTime).toBeCloseTo(10.4, 9);
    expect(one.bottleneck!.resource).toBe('s3:prefix*:get');
    const many = run(scenario(FAST, s3(100), '{ from: s3, to: n/ram, size: 1 GB, files: 1000, streams: 50 }'));
    expect(many.simulatedTime).toBeCloseTo(0.6, 6);
  });

  test('NVMe over fabrics adds its fabric latency to every operation', () => {
    const r = run(scenario(FAST, '- { id: nvmf, kind: nvmeof, bandwidth: 1 GB/s, latency: 80 us, fabricLatency: 20 us, attach: { bandwidth: 10 TB/s } }', '{ from: nvmf, to: n/ram, size: 1 MB }'));
    expect(r.simulatedTime).toBeCloseTo(1e-3 + 100e-6, 12);
  });

  test('HBM and catalog models: a tier takes its parameters from models/ ', () => {
    const r = run(scenario(`- { id: hbm, kind: hbm, model: hbm2e-a100-80gb }\n${FAST}`, '', '{ from: n/ram, to: n/hbm, size: 20 GB }'));
    expect(r.simulatedTime).toBeCloseTo(0.01, 9); // 20 GB at 2 TB/s
    expect(r.tiers.find((t) => t.id === 'n[0]/hbm')!.capacity).toBe(80e9);
  });
});

describe('capacity', () => {
  const tier = (cache: boolean) => new StorageTier({ id: 'ram', kind: 'dram', node: 'n', capacity: 100, readBandwidth: 1, writeBandwidth: 1, cache });

  test('a cache evicts least-recently-used data for buffers, never the buffers; unreserve frees them', () => {
    const t = tier(true);
    t.store('a', 40);
    t.store('b', 40);
    t.reserve(50, 'buffers'); // evicts a (least recently used), keeps b: 90 held
    expect([t.holds('a'), t.holds('b'), t.used, t.pinned, t.evictions]).toEqual([false, true, 90, 50, 1]);
    t.reserve(50, 'buffers'); // evicts b as well; the first 50 stay
    expect([t.holds('b'), t.used, t.pinned, t.peakUsed]).toEqual([false, 100, 100, 100]);
    expect(t.canCache(1)).toBe(false);
    expect(() => t.store('c', 1)).toThrow(CapacityError); // buffers fill the cache: nothing can be evicted
    expect(() => t.reserve(1, 'more buffers')).toThrow(/tier n\/ram is full: more buffers needs 1 B, more than the 0 B free/);
    t.unreserve(50);
    expect([t.used, t.pinned, t.canCache(50), t.canCache(51)]).toEqual([50, 50, true, false]);
    t.store('c', 50);
    expect([t.used, t.peakUsed]).toEqual([100, 100]);
  });

  test('a tier that is not a cache refuses buffers beyond its free space', () => {
    const t = tier(false);
    t.store('a', 60);
    t.reserve(40, 'buffers');
    expect(() => t.reserve(1, 'buffers')).toThrow(CapacityError);
    expect([t.used, t.holds('a')]).toEqual([100, true]);
  });
});

describe('cost', () => {
  test('object storage: requests and egress at the catalog prices; accelerator-hours x price', () => {
    // 1000 GETs x $0.4 per million + 1 GB out x $0.09/GB
    const r = run(scenario(FAST, '- { id: s3, kind: object-store, model: aws-s3-standard, prefixes: 100, attach: { bandwidth: 10 TB/s } }', '{ from: s3, to: n/ram, size: 1 GB, files: 1000, streams: 50 }'));
    expect(r.cost.requests).toBeCloseTo(1000 * 0.4e-6, 12);
    expect(r.cost.egress).toBeCloseTo(0.09, 9);
    expect(r.cost.total).toBeCloseTo(0.0904, 9);
  });
});
