// The catalog in models/: every number carries a source; every catalog system loads and runs; a
// scenario builds on a catalog system with overrides.
import { readdirSync, readFileSync, mkdtempSync, writeFileSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fromCache, readCatalogYaml } from '../../src/scenario/catalog-cache.ts';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadCatalog } from '../../src/scenario/catalog.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { parseOverrides } from '../../src/scenario/overrides.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { InputError } from '../../src/issues.ts';

const models = join(import.meta.dirname, '..', '..', 'models');
const catalog = loadCatalog(models);

describe('catalog', () => {
  test('every device parameter parses and has a source', () => {
    expect(catalog.devices.size).toBeGreaterThan(40);
    for (const d of catalog.devices.values()) {
      expect(Object.keys(d.params).sort()).toEqual(Object.keys(d.text).sort()); // every value parses
      for (const k of Object.keys(d.params)) expect(d.sources[k]?.length ?? 0).toBeGreaterThan(10);
    }
  });

  test('every number written in a system file has a source (or comes from a device model)', () => {
    const missing: string[] = [];
    for (const f of readdirSync(join(models, 'systems'))) {
      const doc = parse(readFileSync(join(models, 'systems', f), 'utf8')) as { system: unknown; sources: Record<string, string> };
      const walk = (v: unknown, path: string): void => {
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
        else if (v !== null && typeof v === 'object') {
          for (const [k, x] of Object.entries(v)) if (!['id', 'kind', 'model', 'cache', 'base'].includes(k)) walk(x, `${path}.${k}`);
        } else if (typeof v === 'number' || (typeof v === 'string' && /^[0-9.]/.test(v))) {
          if (!doc.sources[path] && !(path.endsWith('.latency') && /^0( |$)/.test(String(v)))) missing.push(`${f}: ${path}`);
        }
      };
      walk(doc.system, 'system');
    }
    expect(missing).toEqual([]);
  });

  test.each([...catalog.systems.keys()])('catalog system %s loads and moves data', (id) => {
    const sys = catalog.systems.get(id)!.spec as { nodes: { id: string; tiers: { id: string }[] }[]; storage?: { id: string }[] };
    const node = sys.nodes[0]!, tier = node.tiers[node.tiers.length - 1]!;
    // from shared storage to a node's last tier; a system without shared storage (one DGX-1): between its own tiers
    const from = sys.storage?.[0]?.id ?? `"${node.id}[0]/${node.tiers[node.tiers.length - 2]!.id}"`;
    const r = runScenario(loadScenarioText(`name: t
system: { base: ${id} }
workloads:
  - kind: transfers
    id: w
    moves:
      - { from: ${from}, to: "${node.id}[0]/${tier.id}", size: 10 GB }
`, 't.yaml'));
    expect(r.finished).toBe(true);
    expect(r.simulatedTime).toBeGreaterThan(0);
    expect(r.bottleneck).not.toBeNull();
  });

  test('the same system with twice the PFS bandwidth: overrides merge by id', () => {
    const scenario = (bw: string) => `name: t
system:
  base: dgx-a100-cluster
  storage:
    - { id: pfs, readBandwidth: ${bw} }
workloads:
  - kind: transfers
    id: w
    moves:
      - { from: pfs, to: dgx/nvme, size: 100 GB }
`;
    const base = runScenario(loadScenarioText(scenario('130 GB/s'), 't.yaml'));
    const twice = runScenario(loadScenarioText(scenario('260 GB/s'), 't.yaml'));
    // 32 nodes x 100 GB = 3.2 TB from the PFS at its 130 GB/s read bandwidth: 24.6 s. With twice
    // that, the PFS's 200 GB/s network attachment (8 x HDR) becomes the limit: 16 s, not 12.3 s.
    expect(base.bottleneck!.resource).toBe('pfs:read');
    expect(base.simulatedTime).toBeCloseTo(3.2e12 / 130e9, 3);
    expect(twice.simulatedTime).toBeCloseTo(3.2e12 / 200e9, 3);
    expect(twice.bottleneck!.resource).toBe('pfs:attach');
  });

  test('bandwidth given later replaces the read and write bandwidths it covers: over a base system, a catalog model, or with --set', () => {
    const pfsRead = (yaml: string, sets: string[] = []) => {
      const r = runScenario(loadScenarioText(yaml, 't.yaml', { overrides: parseOverrides(sets) }));
      return Object.fromEntries(r.resources.filter((x) => /^(pfs|dgx\[0\]\/nvme):(read|write)$/.test(x.id)).map((x) => [x.id, x.capacity]));
    };
    const scenario = (pfs: string, nvme = '') => `name: t
system:
  base: dgx-a100-cluster
  nodes: [{ id: dgx, count: 1${nvme} }]
  storage:
    - { id: pfs${pfs} }
workloads:
  - { kind: transfers, id: w, moves: [{ from: pfs, to: dgx/nvme, size: 1 GB }] }
`;
    const inherited = pfsRead(scenario(''));
    expect(inherited['pfs:read']).toBe(130e9);
    // over the base system's readBandwidth / writeBandwidth
    expect(pfsRead(scenario(', bandwidth: 50 GB/s'))).toMatchObject({ 'pfs:read': 50e9, 'pfs:write': 50e9 });
    // a specific field given with it still wins for its direction
    expect(pfsRead(scenario(', bandwidth: 50 GB/s, readBandwidth: 60 GB/s'))).toMatchObject({ 'pfs:read': 60e9, 'pfs:write': 50e9 });
    // --set, over what the scenario (or its base) says
    expect(pfsRead(scenario(', readBandwidth: 70 GB/s'), ['system.storage[0].bandwidth=40 GB/s'])).toMatchObject({ 'pfs:read': 40e9, 'pfs:write': 40e9 });
    // over a catalog device model's (the node NVMe's read bandwidth comes from its model)
    const nvme = pfsRead(scenario('', ', tiers: [{ id: nvme, kind: ssd, model: micron-9400-7.68tb, bandwidth: 1 GB/s }]'));
    expect(nvme['dgx[0]/nvme:read']).toBe(1e9);
    expect(nvme['dgx[0]/nvme:write']).toBe(1e9);
  });

  test('unknown catalog names are refused with a suggestion', () => {
    const bad = (yaml: string) => {
      try {
        loadScenarioText(yaml, 'bad.yaml');
      } catch (e) {
        return (e as InputError).issues;
      }
      throw new Error('accepted');
    };
    expect(bad('name: t\nsystem: { base: dgx-a100-clustr }\n')[0]!.hint).toContain('did you mean "dgx-a100-cluster"?');
    // the rest of the document is still checked for its own shape, with no guesses about the unknown system
    const both = bad('name: t\nsystem: { base: dgx-a100-clustr }\nworkloads:\n  - { kind: ai-trainig, id: t }\n  - { kind: ai-training, id: u, nodes: dgx, acceleratorsPerNode: 8, dlio: x.yaml, dataset: { location: pfs } }\n');
    expect(both.map((i) => [i.path.join('.'), i.line])).toEqual([['system.base', 2], ['workloads.0.kind', 4]]);
    const m = bad('name: t\nsystem:\n  nodes:\n    - { id: n, tiers: [{ id: s, kind: ssd, model: micron-9400 }] }\n')[0]!;
    expect(m.message).toBe('unknown model "micron-9400"');
    expect(m.hint).toContain('micron-9400-7.68tb');
    const k = bad('name: t\nsystem:\n  nodes:\n    - { id: n, tiers: [{ id: s, kind: ssd, model: lto-9 }] }\n')[0]!;
    expect(k.message).toBe('model "lto-9" is a tape, but this tier is kind "ssd"');
    const f = bad('name: t\nsystem:\n  nodes:\n    - { id: n, tiers: [{ id: s, kind: ssd, bandwidth: 1 GB/s, drives: 4 }] }\n')[0]!;
    expect(f.message).toBe('"drives" applies to kind "tape", not to "ssd"');
    const p = bad('name: t\nsystem:\n  storage:\n    - { id: t, kind: tape, drives: 4 }\n')[0]!;
    expect(p.message).toContain('needs drives + driveRate + cartridgeCapacity');
  });

  test("the build's parsed copy of the catalog is used only for files unchanged since (same size and time)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiersim-cat-'));
    try {
      const file = join(dir, 'x.yaml');
      writeFileSync(file, 'devices: []\n');
      const st = statSync(file);
      const doc = { devices: [{ id: 'from-cache' }] };
      expect(fromCache(file, { size: st.size, mtimeMs: st.mtimeMs, doc })).toBe(doc);
      expect(fromCache(file, { size: st.size + 1, mtimeMs: st.mtimeMs, doc })).toBeUndefined();
      expect(fromCache(file, { size: st.size, mtimeMs: st.mtimeMs - 1000, doc })).toBeUndefined();
      expect(fromCache(join(dir, 'gone.yaml'), { size: st.size, mtimeMs: st.mtimeMs, doc })).toBeUndefined();
      expect(fromCache(file, undefined)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Whatever the cache holds, every catalog file reads as its YAML says.
    for (const sub of ['devices', 'systems']) {
      for (const f of readdirSync(join(models, sub)).filter((x) => x.endsWith('.yaml'))) {
        expect(readCatalogYaml(join(models, sub, f))).toEqual(parse(readFileSync(join(models, sub, f), 'utf8')));
      }
    }
  });
});
