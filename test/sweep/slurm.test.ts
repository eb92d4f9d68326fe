// The SLURM executor: a 16-point sweep as a job array on a one-node cluster, and `tiersim collect`
// giving the same table as a local sweep. The cluster part runs where SLURM answers (CI starts one
// with scripts/slurm-one-node.sh); the job script and collect are checked everywhere.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main.ts';
import { arraySpec, jobScript } from '../../src/cli/slurm.ts';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'tiersim.js');
const SETS = ['--set', 'workloads[0].acceleratorsPerNode=1..4:+1', '--set', 'system.storage[0].readBandwidth=10 GB/s..80 GB/s:x2', '--set', 'workloads[0].epochs=2'];

async function cli(...argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), stderrIsTTY: false });
  return { code, out, err };
}

test('array specs and the job script', () => {
  expect(arraySpec([0, 1, 2, 3, 7, 9, 10])).toBe('0-3,7,9-10');
  expect(arraySpec([5])).toBe('5');
  const s = jobScript('/scratch/my sweep', [0, 1, 2], 4);
  expect(s).toMatch(/^#!\/bin\/bash\n/);
  expect(s).toMatch(/#SBATCH --array=0-2%4/);
  expect(s).toMatch(/sweep-task '\/scratch\/my sweep' "\$SLURM_ARRAY_TASK_ID"/);
});

test('sweep-task runs one point into DIR/points/N.json and collect builds the table, saying what is missing', async () => {
  const out = mkdtempSync(join(tmpdir(), 'tiersim-collect-'));
  rmSync(out, { recursive: true });
  // A local sweep writes the definition; then pretend the points ran as array tasks instead.
  expect((await cli('sweep', join(root, 'scenarios', 'default.yaml'), ...SETS, '--out', out, '-j', '1')).code).toBe(0);
  const local = readFileSync(join(out, 'results.csv'), 'utf8');
  rmSync(join(out, 'points.jsonl'));
  rmSync(join(out, 'results.csv'));
  for (let i = 0; i < 15; i++) expect((await cli('sweep-task', out, String(i))).code).toBe(0);
  const partial = await cli('collect', out);
  expect(partial.code).toBe(1);
  expect(partial.out).toMatch(/15 of 16 points ran .* 1 point is not done yet/);
  await cli('sweep-task', out, '15');
  const all = await cli('collect', out);
  expect(all.code).toBe(0);
  expect(readFileSync(join(out, 'results.csv'), 'utf8')).toBe(local);
  const bad = await cli('sweep-task', out, '16');
  expect(bad.code).toBe(2);
  expect(bad.err).toMatch(/16 points; there is no point 16/);
});

const slurm = spawnSync('sinfo', ['-h', '-o', '%t'], { encoding: 'utf8' });
const haveSlurm = slurm.status === 0 && /idle|mix|alloc/.test(slurm.stdout) && existsSync(join(root, 'dist', 'tiersim.cjs'));

(haveSlurm ? test : test.skip)('a 16-point sweep as a SLURM job array gives the same table as a local sweep', () => {
  const base = mkdtempSync(join(tmpdir(), 'tiersim-slurm-'));
  const run = (...a: string[]) => spawnSync(process.execPath, [bin, 'sweep', join(root, 'scenarios', 'default.yaml'), ...SETS, ...a], { encoding: 'utf8' });
  const s = run('--out', join(base, 'slurm'), '--executor', 'slurm', '--wait');
  expect(s.stderr).toBe('');
  expect(s.status).toBe(0);
  expect(s.stdout).toMatch(/16 of 16 points ran \(collected/);
  const l = run('--out', join(base, 'local'));
  expect(l.status).toBe(0);
  expect(readFileSync(join(base, 'slurm', 'results.csv'), 'utf8')).toBe(readFileSync(join(base, 'local', 'results.csv'), 'utf8'));
  expect(readFileSync(join(base, 'slurm', 'slurm', 'job.sh'), 'utf8')).toMatch(/#SBATCH --array=0-15/);
}, 120_000);
