// The malformed-input corpus: every file is refused with exit code 2, a message naming the file and
// the path in the document, and no stack trace.
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.ts';

const dir = join(import.meta.dirname, '..', 'fixtures', 'malformed');

async function validate(file: string) {
  let out = '', err = '';
  const t0 = performance.now();
  const code = await main(['validate', file], { stdout: (s) => void (out += s), stderr: (s) => void (err += s), stderrIsTTY: false });
  return { code, out, err, ms: performance.now() - t0 };
}

/** file -> [path in the document (or '' for the whole file), fragment of the message]. */
const EXPECTED: Record<string, [string, string]> = {
  'empty.yaml': ['', 'the file is empty'],
  'whitespace.yaml': ['', 'the file is empty'],
  'not-yaml.yaml': ['', 'not valid YAML'],
  'binary.yaml': ['', 'not a text file'],
  'list-top.yaml': ['', 'the document is a list, not a mapping'],
  'scalar-top.yaml': ['', 'not a mapping'],
  'missing-system.yaml': ['system', 'missing required key "system"'],
  'wrong-type-name.yaml': ['name', 'expected a string, got a list'],
  'wrong-type-count.yaml': ['system.nodes[0].count', 'expected a whole number, got "two"'],
  'negative-bandwidth.yaml': ['system.nodes[0].tiers[0].readBandwidth', 'must be greater than zero'],
  'zero-bandwidth.yaml': ['system.nodes[0].tiers[0].writeBandwidth', 'must be greater than zero'],
  'nan-quantity.yaml': ['system.nodes[0].tiers[0].capacity', 'NaN is not a finite quantity'],
  'infinite-quantity.yaml': ['system.nodes[0].tiers[0].capacity', 'Infinity is not a finite quantity'],
  'wrong-unit.yaml': ['system.nodes[0].tiers[0].readBandwidth', '"7 GB" is a size, not a bandwidth'],
  'ambiguous-unit.yaml': ['system.nodes[0].tiers[0].capacity', 'the unit "KB" is ambiguous'],
  'unknown-unit.yaml': ['system.nodes[0].nic.latency', 'unknown unit "fortnights"'],
  'bare-number.yaml': ['system.nodes[0].tiers[0].readBandwidth', 'bare number 7000000000 has no unit'],
  'duplicate-key.yaml': ['', 'Map keys must be unique'],
  'duplicate-ids.yaml': ['system.nodes[1].id', 'duplicate node group id "compute"'],
  'unknown-key.yaml': ['system.nodes[0].tiers[0].readBandwith', 'unknown key "readBandwith"'],
  'unknown-tier-kind.yaml': ['system.nodes[0].tiers[0].kind', '"nvme" is not allowed here'],
  'unknown-workload-kind.yaml': ['workloads[0].kind', 'unknown workload kind "transfer"'],
  'unknown-reference.yaml': ['workloads[0].moves[0].from', 'unknown storage "pfss"'],
  'unknown-after.yaml': ['workloads[0].moves[0].after', 'no move with id "warmup"'],
  'requests-no-spread.yaml': ['workloads[0].sizeSpread', 'a lognormal size distribution needs sizeSpread'],
  'requests-rate-unit.yaml': ['workloads[0].rate', 'is a bandwidth, not a frequency'],
  'requests-no-rate.yaml': ['workloads[0]', 'say how requests come: rate (an open stream) or clients (a closed loop)'],
  'not-a-scenario.json': ['', 'this is not a scenario'],
  'unknown-accelerator.yaml': ['workloads[0].accelerator', 'unknown accelerator "a1000"'],
  'fraction-percent.yaml': ['workloads[0].parallelism.overlap', 'must be between 0 and 1, not 50\n    hint: a fraction, not a percentage: 50% is 0.5'],
  'node-index.yaml': ['workloads[0].moves[0].to', 'node compute[9] does not exist'],
  'too-big.yaml': ['workloads[0].moves[0].size', 'needs more than its capacity'],
  'too-many-files.yaml': ['workloads[0].moves', '6,000,000 files in all (files x the nodes each move runs on), more than tiersim simulates one by one'],
  'no-network.yaml': ['workloads[0].moves[0]', 'no network path from pfs to compute/nvme'],
  'tab-indent.yaml': ['', 'Tabs are not allowed'],
  'alias-bomb.yaml': ['', 'resource exhaustion'],
  'wrong-type-workloads.yaml': ['workloads', 'expected a list'],
  'negative-until.yaml': ['until', 'must be greater than zero'],
  'many-problems.yaml': ['system.storage[0].writeBandwidth', 'is a size, not a bandwidth'],
  'ref-unknown-host.json': ['transfers[0].dst', 'unknown host "bb"'],
  'ref-missing-link.json': ['routes[0].links[1]', 'goes through a missing link "l3"'],
  'ref-negative-size.json': ['transfers[0].size', 'must not be negative'],
  'ref-zero-bandwidth.json': ['links[0].bandwidth', 'must be greater than zero'],
  'ref-infinite.json': ['transfers[0].size', 'must be a finite number'],
  'ref-nan-string.json': ['transfers[0].start', 'expected start (s) as a number, got "NaN"'],
  'ref-duplicate-id.json': ['transfers[1].id', 'duplicate activity id "f0"'],
  'ref-no-route.json': ['transfers[0]', 'no route from "a" to "c"'],
  'ref-unknown-key.json': ['links[1].bandwith', 'unknown key "bandwith"'],
  'ref-bad-json.json': ['', 'not valid JSON'],
  'ref-io-unknown-disk.json': ['ios[0].disk', 'host "h" has no disk "d1"'],
  'ref-bad-op.json': ['ios[0].op', '"erase" is not allowed here'],
  'ref-config-string.json': ['config', 'expected a list, got the string "network/model:LV08"'],
};

describe('malformed inputs', () => {
  const files = readdirSync(dir).sort();

  test('the corpus has at least 30 files and every file has an expectation', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files.filter((f) => !(f in EXPECTED))).toEqual([]);
  });

  test.each(files)('%s is refused with exit 2, the file, the path and no stack trace', async (f) => {
    const file = join(dir, f);
    const r = await validate(file);
    const [path, fragment] = EXPECTED[f]!;
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(file);
    expect(r.err).toContain(fragment);
    if (path) expect(r.err).toContain(`: ${path}: `);
    expect(r.err).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(r.ms).toBeLessThan(20000); // a hang guard; typical times are 10-300 ms (see the note)
  });

  test('every problem is reported at once (5 wrong units in one file)', async () => {
    const r = await validate(join(dir, 'many-problems.yaml'));
    expect(r.err).toContain('5 problems');
    expect(r.err.match(/is a size, not a bandwidth/g)).toHaveLength(5);
  });

  /** Validates a fixture of the corpus edited by `edit`, written under `name` in a folder of its own. */
  async function validateEdited(fixture: string, name: string, edit: (text: string) => string) {
    const tmp = mkdtempSync(join(tmpdir(), 'tiersim-edited-'));
    try {
      const f = join(tmp, name);
      writeFileSync(f, edit(readFileSync(join(dir, fixture), 'utf8')));
      return await validate(f);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  test('a misspelt workload kind gets the nearest of all the kinds', async () => {
    for (const [typo, kind] of [['request', 'requests'], ['hcp', 'hpc'], ['replays', 'replay']]) {
      const r = await validateEdited('unknown-workload-kind.yaml', `${typo}.yaml`, (t) => t.replace('kind: transfer', `kind: ${typo}`));
      expect(r.code).toBe(2);
      expect(r.err).toContain(`did you mean "${kind}"?`);
    }
  });

  test('a misspelt workload kind does not hide the workload\'s other problems: they are checked as the kind it is nearest to', async () => {
    const r = await validateEdited('unknown-workload-kind.yaml', 'kind-and-more.yaml', (t) => t
      .replace('kind: transfer', 'kind: transfes')
      .replace('to: compute/nvme', 'to: compute/nvmee') // a reference the transfers checks find
      .replace('size: 100 GB }', 'size: 100 GB, stream: 4 }')); // an unknown key of a move
    expect(r.code).toBe(2);
    expect(r.err).toContain('3 problems');
    expect(r.err).toMatch(/workloads\[0\]\.kind: unknown workload kind "transfes"\n    hint: did you mean "transfers"\? \(the rest of this workload was checked as kind: transfers\)/);
    expect(r.err).toMatch(/workloads\[0\]\.moves\[0\]\.stream: unknown key "stream"\n    hint: did you mean "streams"\?/);
    expect(r.err).toMatch(/workloads\[0\]\.moves\[0\]\.to: .*nvmee/);
    // a kind near none of them is reported alone, as before
    const far = await validateEdited('unknown-workload-kind.yaml', 'far.yaml', (t) => t.replace('kind: transfer', 'kind: zzzzzzzz').replace('size: 100 GB }', 'size: 100 GB, stream: 4 }'));
    expect(far.err).toContain('1 problem');
  });

  test('unknown catalog names are reported together with structural problems', async () => {
    // unknown-accelerator.yaml with a misspelt key and an unknown device model added
    const r = await validateEdited('unknown-accelerator.yaml', 'mixed.yaml', (t) => t
      .replace('writeBandwidth: 15 GB/s', 'writeBandwith: 15 GB/s')
      .replace('bandwidthPerSocket: 204.8 GB/s }', 'bandwidthPerSocket: 204.8 GB/s }\n        - { id: nvme, kind: ssd, model: micron-9400-7.68t }'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('3 problems');
    expect(r.err).toMatch(/system\.storage\[0\]\.writeBandwith: unknown key/);
    expect(r.err).toMatch(/system\.nodes\[0\]\.tiers\[1\]\.model: unknown model "micron-9400-7\.68t"/);
    expect(r.err).toMatch(/workloads\[0\]\.accelerator: unknown accelerator "a1000"/);
  });

  test('mistyped names of the scenario\'s own parts are reported together with structural problems', async () => {
    const r = await validateEdited('unknown-accelerator.yaml', 'refs.yaml', (t) => t
      .replace('accelerator: a1000', 'accelerator: a100')
      .replace('writeBandwidth: 15 GB/s', 'writeBandwidth: 15 GB') // structural: a size, not a bandwidth
      .replace('location: pfs', 'location: pfss') // a reference: no storage of that name
      .replace('nodes: gpu', 'nodes: gpus')); // a reference: no node group of that name
    expect(r.code).toBe(2);
    expect(r.err).toContain('3 problems');
    expect(r.err).toMatch(/system\.storage\[0\]\.writeBandwidth: "15 GB" is a size/);
    expect(r.err).toMatch(/refs\.yaml:\d+:\d+: workloads\[0\]\.dataset\.location: unknown storage "pfss"[\s\S]*did you mean "pfs"/);
    expect(r.err).toMatch(/workloads\[0\]\.nodes: unknown node group "gpus"/);
  });

  test('a DLIO workload file\'s problems are reported together with the scenario\'s own', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'tiersim-dlio-'));
    try {
      const root = join(import.meta.dirname, '..', '..');
      writeFileSync(join(tmp, 'w.yaml'), readFileSync(join(root, 'scenarios', 'mlperf-storage', 'dlio', 'unet3d_a100.yaml'), 'utf8').replace('record_length_bytes:', 'record_lenght_bytes:'));
      writeFileSync(join(tmp, 's.yaml'), readFileSync(join(root, 'scenarios', 'default.yaml'), 'utf8')
        .replace('dlio: mlperf-storage/dlio/unet3d_a100.yaml', 'dlio: w.yaml').replace('readBandwidth: 20 GB/s', 'readBandwidth: 20 GB'));
      const r = await validate(join(tmp, 's.yaml'));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/w\.yaml:\d+:\d+: dataset\.record_lenght_bytes: unknown DLIO field[\s\S]*did you mean "record_length_bytes"/);
      expect(r.err).toMatch(/s\.yaml:\d+:\d+: system\.storage\[0\]\.readBandwidth: "20 GB" is a size/);
      expect(r.err).toMatch(/workloads\[0\]\.dlio: the DLIO workload w\.yaml has problems \(above\)/);
      expect(r.err.indexOf('record_lenght_bytes')).toBeLessThan(r.err.indexOf('has problems (above)'));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('a reference-format file reports its unknown hosts together with its structural problems', async () => {
    const r = await validateEdited('ref-unknown-host.json', 'case.json', (t) => t.replace('"bandwidth": 100000000, "latency": 0.001}, {', '"bandwidth": -5, "latency": 0.001}, {'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('2 problems');
    expect(r.err).toMatch(/links\[0\]\.bandwidth: /);
    expect(r.err).toMatch(/transfers\[0\]\.dst: unknown host "bb"/);
  });

  test('a single value where a list belongs gets the list spelled out as the hint', async () => {
    const r = await validate(join(dir, 'ref-config-string.json'));
    expect(r.err).toMatch(/ref-config-string\.json:1:\d+: config: expected a list/);
    expect(r.err).toContain('hint: a list is written [a, b] or as "- item" lines, e.g. config: ["network/model:LV08"]');
    const w = await validate(join(dir, 'wrong-type-workloads.yaml'));
    expect(w.err).toContain('e.g. workloads: ["none"]');
  });

  test('line and column point at the faulty value', async () => {
    const r = await validate(join(dir, 'unknown-key.yaml'));
    expect(r.err).toMatch(/unknown-key\.yaml:8:\d+: system\.nodes\[0\]\.tiers\[0\]\.readBandwith/);
    expect(r.err).toContain('did you mean "readBandwidth"?');
  });

  describe('generated pathological files', () => {
    let tmp: string;
    beforeAll(() => {
      tmp = mkdtempSync(join(tmpdir(), 'tiersim-bad-'));
    });
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    test('a deeply nested JSON document (100k levels)', async () => {
      const f = join(tmp, 'deep.json');
      writeFileSync(f, '['.repeat(100_000) + ']'.repeat(100_000));
      const r = await validate(f);
      expect(r.code).toBe(2);
      expect(r.err).toContain('nested');
      expect(r.ms).toBeLessThan(20000); // a hang guard; typical times are 10-300 ms (see the note)
    });

    test('a deeply nested YAML document', async () => {
      const f = join(tmp, 'deep.yaml');
      writeFileSync(f, 'name: x\nsystem: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n');
      const r = await validate(f);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/nested|not valid/);
      expect(r.ms).toBeLessThan(20000); // a hang guard; typical times are 10-300 ms (see the note)
    });

    test('a huge document with 200k unknown keys reports them without flooding', async () => {
      const f = join(tmp, 'huge.json');
      const keys: string[] = [];
      for (let i = 0; i < 200_000; i++) keys.push(`"k${i}": ${i}`);
      writeFileSync(f, `{"name": "huge", "system": {}, ${keys.join(', ')}}`);
      const r = await validate(f);
      expect(r.code).toBe(2);
      expect(r.err).toContain('unknown key "k0"');
      expect(r.err).toContain('199980 more unknown keys ("k20", "k21", "k22", ...)');
      expect(r.err).toContain('21 problems');
      expect(r.ms).toBeLessThan(20000); // a hang guard; typical times are 10-300 ms (see the note)
    });

    test('a file over the size limit is refused without being read', async () => {
      const f = join(tmp, 'giant.yaml');
      const fd = openSync(f, 'w');
      ftruncateSync(fd, 600 * 2 ** 20); // sparse: no disk used
      closeSync(fd);
      const r = await validate(f);
      expect(r.code).toBe(2);
      expect(r.err).toContain('scenario files are limited to');
      expect(r.ms).toBeLessThan(20000); // refused from the file size, without reading
    });

    test('a directory and a missing file', async () => {
      expect((await validate(tmp)).err).toContain('is a directory');
      const r = await validate(join(tmp, 'nope.yaml'));
      expect(r.code).toBe(2);
      expect(r.err).toContain('no such file');
    });
  });
});
