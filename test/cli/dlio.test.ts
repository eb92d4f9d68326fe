// `tiersim dlio FILE --system SYSTEM`: a DLIO / MLPerf Storage workload file run on a catalog system
// without a scenario; the dataset sized by MLPerf's rule; checkpoint-only files as checkpointing.
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.ts';

const root = join(import.meta.dirname, '..', '..');
const dlio = (f: string) => join(root, 'scenarios', 'mlperf-storage', 'dlio', f);

async function cli(...argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), stderrIsTTY: false });
  return { code, out, err };
}

test('a training file: its dataset grown to MLPerf\'s minimum (500 steps an epoch, 5 x host memory), read from the system\'s Lustre', async () => {
  const r = await cli('dlio', dlio('unet3d_a100.yaml'), '--system', 'dgx-a100-cluster', '--node-count', '2', '--json');
  expect(r.code).toBe(0);
  // 2 DGX x 2 TB x 5 / 146,600,628 B = 136,426 samples (rounded up) > 500 steps x 7 x 16 accelerators = 56,000
  expect(r.err).toContain('sized as MLPerf Storage sizes it: 136,426 samples');
  const w = JSON.parse(r.out).workloads[0];
  expect(w).toMatchObject({ kind: 'ai-training', accelerators: 16, accelerator: 'a100', dlio: 'unet3d' });
  expect(w.stepsPerEpoch).toBe(Math.floor(136426 / (7 * 16)));
  expect(w.acceleratorUtilization).toBeGreaterThan(0.9);
});

test('a checkpoint-only file becomes a checkpointing workload; --write-scenario saves what ran, which runs the same', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tiersim-dlio-'));
  try {
    const file = join(dir, 'llama.yaml');
    const r = await cli('dlio', dlio('llama3_70b.yaml'), '--system', 'dgx-a100-cluster', '--node-count', '8', '--write-scenario', file, '--json');
    expect(r.code).toBe(0);
    const w = JSON.parse(r.out).workloads[0];
    expect(w).toMatchObject({ kind: 'checkpointing', ranks: 64, writes: 10, reads: 10, to: 'pfs' });
    expect(readFileSync(file, 'utf8')).toMatch(/kind: checkpointing/);
    const again = await cli('run', file, '--json');
    expect(JSON.parse(again.out).workloads[0].writeTime).toBe(w.writeTime);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input: an unknown system or node group, every problem at once, exit 2', async () => {
  const sys = await cli('dlio', dlio('unet3d_a100.yaml'), '--system', 'dgx-a100-clustr');
  expect(sys.code).toBe(2);
  expect(sys.err).toContain('unknown system "dgx-a100-clustr"');
  expect(sys.err).toContain('did you mean "dgx-a100-cluster"?');
  const grp = await cli('dlio', dlio('unet3d_a100.yaml'), '--system', 'dgx-a100-cluster', '--nodes', 'gpu');
  expect(grp.code).toBe(2);
  expect(grp.err).toContain('has no node group "gpu"');
  const scenario = await cli('dlio', join(root, 'scenarios', 'default.yaml'), '--system', 'dgx-a100-cluster');
  expect(scenario.code).toBe(2);
  expect(scenario.err).toMatch(/unknown DLIO section "name"/);
});

test('a DLIO file given to run points at the dlio command', async () => {
  const r = await cli('run', dlio('unet3d_a100.yaml'));
  expect(r.code).toBe(2);
  expect(r.err).toContain('tiersim dlio FILE --system dgx-a100-cluster');
});
