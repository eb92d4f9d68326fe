// `tiersim trace summary` and `tiersim replay` as a user meets them.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.ts';

const root = join(import.meta.dirname, '..', '..');
const darshan = join(root, '..', 'shared', 'traces', 'darshan');
const v350 = join(darshan, 'mpi-io-test-v3.5.0', 'mpi-io-test-x86_64-3.5.0.darshan');

async function cli(...argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), stderrIsTTY: false });
  return { code, out, err };
}

describe('tiersim trace summary', () => {
  test('prints the --total counters under Darshan\'s names', async () => {
    const r = await cli('trace', 'summary', v350);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/POSIX_BYTES_READ\s+67108864/);
    expect(r.out).toMatch(/MPIIO_INDEP_WRITES\s+4/);
    expect(r.out).toMatch(/STDIO_F_WRITE_END_TIMESTAMP\s+0\.049974/);
    expect(r.out).toMatch(/nprocs\s+4/);
  });

  test('--json carries the same totals, and the text dump of the same log agrees', async () => {
    const bin = JSON.parse((await cli('trace', 'summary', v350, '--json')).out);
    const txt = JSON.parse((await cli('trace', 'summary', v350.replace(/\.darshan$/, '.total.txt'), '--json')).out);
    expect(bin.modules.map((m: { name: string }) => m.name)).toEqual(['POSIX', 'MPI-IO', 'STDIO']);
    for (const m of bin.modules) {
      const t = txt.modules.find((x: { name: string }) => x.name === m.name);
      for (const [k, v] of Object.entries(m.totals as Record<string, number>)) {
        expect([k, k.includes('_F_') ? (v as number).toFixed(6) : v]).toEqual([k, k.includes('_F_') ? (t.totals[k] as number).toFixed(6) : t.totals[k]]);
      }
    }
  });

  test('a missing file and a file that is not a trace: exit 2, the file named, a hint', async () => {
    const r = await cli('trace', 'summary', 'nope.darshan');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nope\.darshan: no such file\n\s+hint:/);
    const s = await cli('trace', 'summary', join(root, 'package.json'));
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/package\.json/);
  });
});

describe('tiersim replay', () => {
  test('replays a log on a catalog system and writes the scenario it ran, which runs the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiersim-replay-cli-'));
    const sc = join(dir, 'v350-on-bb.yaml');
    const r = await cli('replay', v350, '--system', 'cray-xc-aries', '--ranks-per-node', '4', '--write-scenario', sc, '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    const w = result.workloads[0];
    expect(w.kind).toBe('replay');
    expect([w.bytesRead, w.bytesWritten]).toEqual([67108864, 67108864]);
    expect(readFileSync(sc, 'utf8')).toMatch(/storage: bb/); // the burst buffer is the default target
    const again = await cli('run', sc, '--json');
    expect(JSON.parse(again.out).workloads[0]).toEqual(w);
  });

  test('an unknown system is refused with a suggestion', async () => {
    const r = await cli('replay', v350, '--system', 'cray-xc-arie');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown system "cray-xc-arie"[\s\S]*cray-xc-aries/);
    expect(existsSync('v350-on-bb.yaml')).toBe(false);
  });
});
