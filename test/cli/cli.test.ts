// The command line as a user meets it: help, version, exit codes, clean stdout for --json,
// atomic --out, and the real binary's exit codes.
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main.ts';
import { VERSION } from '../../src/version.ts';

const root = join(import.meta.dirname, '..', '..');

async function cli(...argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), stderrIsTTY: false });
  return { code, out, err };
}

describe('tiersim CLI', () => {
  test('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    const r = await cli('--version');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(VERSION);
  });

  test.each([[[]], [['run']], [['validate']], [['models']]])('--help works for %p', async (cmd) => {
    const r = await cli(...cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage|tiersim (run|validate|models)/);
    expect(r.err).toBe('');
  });

  test('seek without a scenario seeks on the default one: 3 accelerators a node keep AU >= 90% on its 20 GB/s', async () => {
    const r = await cli('seek', '--vary', 'workloads[0].acceleratorsPerNode', '--range', '1..8', '--until', 'acceleratorUtilization >= 0.9', '--json');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out) as { value: number; points: { value: number; ok: boolean }[] };
    expect(a.value).toBe(3);
    // the evidence: 3 meets the condition and 4 does not
    expect(a.points.find((p) => p.value === 3)!.ok).toBe(true);
    expect(a.points.find((p) => p.value === 4)!.ok).toBe(false);
  });

  test('seek over a U-shaped answer says it holds only inside the range, and gives the sweep that shows its shape', async () => {
    const file = join(import.meta.dirname, '..', '..', 'scenarios', 'allreduce-dgx-a100.yaml');
    const r = await cli('seek', file, '--vary', 'workloads[0].parallelism.bucketSize', '--range', '100 MB..26 GB', '--until', 'projectedTime <= 20.5');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^projectedTime <= 20\.5 holds inside the range but at neither end: best at workloads\[0\]\.parallelism\.bucketSize = \*\*638\.3 MB/);
    expect(r.out).toContain(`\`tiersim sweep ${file} --set 'workloads[0].parallelism.bucketSize=100 MB..26 GB:x2'\` shows its shape`);
  });

  test('no command, an unknown command or option is a usage error (exit 2)', async () => {
    expect((await cli()).code).toBe(2);
    const r = await cli('runn');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command \"runn\". Did you mean run?");
    expect((await cli('run', '--bogus')).code).toBe(2);
  });

  test('run with no scenario runs the default one and leads with the answer', async () => {
    const r = await cli('run');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# default\n\n\*\*Simulated time: /);
    expect(r.out).toContain('**Bottleneck:**');
  });

  test('the bottleneck sentence names the storage when accelerators wait for it, and the accelerators when they do not', async () => {
    const slow = await cli('run'); // AU 76.6%: the PFS read bandwidth holds the loaders
    expect(slow.out).toMatch(/\*\*Bottleneck:\*\* the read bandwidth of pfs \(`pfs:read`\) set the rates of the flows in flight 100% of the time data was moving\./);
    const fast = await cli('run', '--set', 'system.storage[0].readBandwidth=400 GB/s'); // AU 99.5%
    expect(fast.out).toMatch(/\*\*Bottleneck:\*\* the accelerators: they compute 99\.\d% of the time, so faster storage or network would not shorten this run\. Of the data movement, .+ set the rates of the flows in flight \d+% of the time data was moving\./);
  });

  test('the bottleneck sentence names the cause when the wait for data is not storage, or not data at all', async () => {
    // num_workers=0: the training process preprocesses every batch itself (the loaders' time is ~all CPU)
    const cpu = await cli('run', join(root, 'scenarios', 'pytorch-resnet50-v100.yaml'));
    expect(cpu.out).toMatch(/\*\*Bottleneck:\*\* the data loaders' CPU work: the accelerators wait for data 39\.\d% of the time, and the loaders spend 99\.\d% of theirs preprocessing/);
    // 4 workers keep ahead: what is left of the wait is taking batches from them
    const handoff = await cli('run', join(root, 'scenarios', 'pytorch-resnet50-v100.yaml'), '--set', 'workloads[0].loader.readThreads=4');
    expect(handoff.out).toMatch(/\*\*Bottleneck:\*\* taking each batch from the loader processes \(loader\.handoffTime\)/);
    const lag = await cli('run', join(root, 'scenarios', 'stragglers-dgx-a100.yaml'));
    expect(lag.out).toMatch(/\*\*Bottleneck:\*\* stragglers: every step waits for the slowest replica, 12\.\d% of the time/);
    const ex = await cli('explain', join(root, 'scenarios', 'pytorch-resnet50-v100.yaml'));
    expect(ex.out).toMatch(/Your accelerator computes 60\.\d% of the time \(AU\)\.\nIt waits for data 39\.\d% of the time\.\nOf the wait for data, 39\.\d% of the run is preprocessing on the CPU/);
  });

  test('--json prints the result and nothing else on stdout', async () => {
    const r = await cli('run', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { scenario: string; simulatedTime: number };
    expect(j.scenario).toBe('default');
    expect(j.simulatedTime).toBeGreaterThan(0);
  });

  test('--quiet prints nothing', async () => {
    const r = await cli('run', '--quiet');
    expect(r).toEqual({ code: 0, out: '', err: '' });
  });

  test('--out writes result.json and summary.md, with no temporary files left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiersim-out-'));
    try {
      const r = await cli('run', '--out', join(dir, 'res'), '--quiet');
      expect(r.code).toBe(0);
      expect(readdirSync(join(dir, 'res')).sort()).toEqual(['charts', 'report.html', 'result.json', 'summary.md']);
      const j = JSON.parse(readFileSync(join(dir, 'res', 'result.json'), 'utf8')) as { scenario: string };
      expect(j.scenario).toBe('default');
      expect(readFileSync(join(dir, 'res', 'summary.md'), 'utf8')).toContain('Bottleneck');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an --out that cannot be written: one line naming the path and why, exit 2, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiersim-out-'));
    try {
      writeFileSync(join(dir, 'a-file'), '');
      const r = await cli('run', '--out', join(dir, 'a-file', 'res'), '--quiet');
      expect(r.code).toBe(2);
      expect(r.err).toBe(`tiersim: cannot write ${join(dir, 'a-file', 'res')}: a part of the path is a file, not a folder\n  hint: choose a folder you can write to (--out)\n`);
      // /proc refuses new folders: Node's own mkdir -p would loop there forever
      if (existsSync('/proc/self')) expect((await cli('run', '--out', '/proc/tiersim-out', '--quiet')).code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a bad --until is reported together with a misspelt --set path', async () => {
    const r = await cli('run', '--until', '5 GB', '--set', 'workloads[0].epoch=3');
    expect(r.code).toBe(2);
    expect(r.err).toContain('2 problems in --until,');
    expect(r.err).toContain('"5 GB" is a size, not a duration');
    expect(r.err).toContain('unknown key "epoch"');
  });

  test('--seed and --until are applied', async () => {
    const r = await cli('run', '--json', '--seed', '7', '--until', '10 s');
    const j = JSON.parse(r.out) as { seed: string; simulatedTime: number; finished: boolean };
    expect(j.seed).toBe('7');
    expect(j.simulatedTime).toBe(10);
    expect(j.finished).toBe(false);
    expect((await cli('run', '--until', 'soon')).code).toBe(2);
  });

  test('--set overrides a value (a what-if without editing the file)', async () => {
    const base = JSON.parse((await cli('run', '--json')).out) as { simulatedTime: number };
    const fast = JSON.parse((await cli('run', '--json', '--set', 'system.storage[0].readBandwidth=80 GB/s')).out) as { simulatedTime: number };
    expect(fast.simulatedTime).toBeLessThan(base.simulatedTime);
    const bad = await cli('run', '--set', 'system.storage[0].readBandwidth=80 GB');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('system.storage[0].readBandwidth');
    // a problem with a value --set gave is reported at --set, beside the file's own at their lines
    expect(bad.err).toMatch(/^  --set: system\.storage\[0\]\.readBandwidth: "80 GB" is a size, not a bandwidth$/m);
    expect(bad.err).not.toMatch(/default\.yaml:\d+/);
  });

  test('result.json records the scenario as run, so compare of two results shows the --set that differs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiersim-cmp-'));
    try {
      expect((await cli('run', '--quiet', '--out', join(dir, 'a'))).code).toBe(0);
      expect((await cli('run', '--quiet', '--out', join(dir, 'b'), '--set', 'system.storage[0].bandwidth=40 GB/s')).code).toBe(0);
      const b = JSON.parse(readFileSync(join(dir, 'b', 'result.json'), 'utf8')) as { input: { system: { storage: Record<string, unknown>[] } } };
      expect(b.input.system.storage[0]).toMatchObject({ bandwidth: '40 GB/s' });
      const cmp = await cli('compare', join(dir, 'a', 'result.json'), join(dir, 'b', 'result.json'));
      expect(cmp.out).toMatch(/\| system\.storage\[id=pfs\]\.bandwidth +\| \(absent\) +\| 40 GB\/s/);
      expect(cmp.out).toMatch(/Simulated time:\*\* 2\.8 min → 2\.17 min/);
      // a result that records no scenario: its inputs are not known (not "the same")
      const old = join(dir, 'old.json');
      const { input: _drop, ...rest } = JSON.parse(readFileSync(join(dir, 'a', 'result.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(old, JSON.stringify(rest));
      expect((await cli('compare', old, join(dir, 'b', 'result.json'))).out).toContain('Not known: ' + old + ' does not record the scenario');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a simulated failure ends the run with exit 1, naming the process and the time', async () => {
    const r = await cli('run', join(root, 'test', 'fixtures', 'fills-up.yaml'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/process "staging\/second[^"]*" failed at t=\d+(\.\d+)? s: tier compute\[0\]\/nvme is full/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test('validate reports ok files and problem files, exit 2 if any is bad', async () => {
    const good = join(root, 'scenarios', 'default.yaml');
    const bad = join(root, 'test', 'fixtures', 'malformed', 'wrong-unit.yaml');
    const r = await cli('validate', good, bad);
    expect(r.code).toBe(2);
    expect(r.out).toContain('default.yaml: ok');
    expect(r.err).toContain('wrong-unit.yaml');
    expect((await cli('validate', good)).code).toBe(0);
  });

  test('models list shows every tier kind and interconnect; models show gives sources', async () => {
    const r = await cli('models', 'list');
    expect(r.code).toBe(0);
    for (const kind of ['hbm', 'dram', 'nvdimm', 'ssd', 'burst-buffer', 'nvmeof', 'pfs', 'tape', 'object-store', 'ethernet', 'infiniband', 'aries', 'nvlink', 'pcie']) {
      expect(r.out).toMatch(new RegExp(`\\| ${kind} +\\|`));
    }
    const s = await cli('models', 'show', 'lto-9');
    expect(s.out).toContain('IBM Documentation');
    const typo = await cli('models', 'show', 'lto9');
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('did you mean "lto-9"?');
  });
});

test('every scenario file the README, the docs and the help examples name exists', () => {
  const texts = ['README.md', 'docs/architecture.md', 'docs/traces.md', 'src/cli/main.ts'].map((f) => readFileSync(join(root, f), 'utf8'));
  const named = new Set(texts.flatMap((t) => [...t.matchAll(/(?<![\w./-])scenarios\/[\w./-]+\.(?:yaml|json)/g)].map((m) => m[0])));
  expect(named.size).toBeGreaterThan(5);
  expect([...named].filter((f) => !existsSync(join(root, f)))).toEqual([]);
});

test('the summary the README quotes is what `tiersim run` prints today', async () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const quoted = /The summary leads with the answer:\n\n```\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(quoted).toBeDefined();
  const out = (await cli('run')).out;
  expect(out.startsWith(quoted!)).toBe(true);
});

describe('the installed binary', () => {
  const bin = join(root, 'bin', 'tiersim.js');
  const built = existsSync(join(root, 'dist', 'tiersim.cjs'));
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  (built ? test : test.skip)('exit codes and clean stdout from the real process (needs `npm run build`)', () => {
    const ok = run('run', '--json');
    expect(ok.status).toBe(0);
    expect(() => JSON.parse(ok.stdout)).not.toThrow();
    const bad = run('validate', join(root, 'test', 'fixtures', 'malformed', 'unknown-key.yaml'));
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('did you mean "readBandwidth"?');
    const fail = run('run', join(root, 'test', 'fixtures', 'fills-up.yaml'));
    expect(fail.status).toBe(1);
  });

  // `tiersim models list | head -1`: the reader closes the pipe early; the command stops quietly.
  (built ? test : test.skip)('a closed pipe on stdout ends the command quietly, without a stack trace', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" models list | head -1`], { cwd: root, encoding: 'utf8' });
    expect(r.stdout.split('\n')[0]).toMatch(/^\| id /);
    expect(r.stderr).toBe('');
    const big = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" run scenarios/resnet50-goyal2017.yaml --json | head -c 10 >/dev/null`], { cwd: root, encoding: 'utf8' });
    expect(big.stderr).toBe('');
  });

  // bin/tiersim.js runs the bundle from the V8 code cache the build records (docs/architecture.md).
  (built ? test : test.skip)('the build leaves a code cache that V8 takes, and the command gives the same result with and without it', () => {
    const env = { ...process.env, TIERSIM_CODE_CACHE: 'report' };
    const withCache = spawnSync(process.execPath, [bin, 'run', '--json'], { cwd: root, encoding: 'utf8', env });
    expect(withCache.stderr).toContain('tiersim: code cache used');
    // Other V8 flags (--max-lazy): V8 must refuse the cache and compile from source.
    const without = spawnSync(process.execPath, ['--max-lazy', bin, 'run', '--json'], { cwd: root, encoding: 'utf8', env });
    expect(without.stderr).toContain('tiersim: code cache rejected');
    expect(without.stdout).toBe(withCache.stdout);
  });

  // The README's `npx tiersim run`: npm ci links the command into node_modules/.bin, and package.json
  // names no bin of its own (with one, npx re-installs the project into its cache on every call).
  (built ? test : test.skip)('npx tiersim finds the linked command (the README quick start)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin?: unknown };
    expect(pkg.bin).toBeUndefined();
    const r = spawnSync('npx', ['--no-install', 'tiersim', '--version'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });
});
