// tiersim compare: the inputs that differ, the results, and a moved bottleneck.
import { diffInputs, compareText, figure } from '../../src/report/compare.ts';
import { join } from 'node:path';
import { loadScenarioText, loadScenarioFile } from '../../src/scenario/load.ts';
import { parseOverrides } from '../../src/scenario/overrides.ts';
import { runScenario } from '../../src/scenario/run.ts';

const scenario = (pfs: string) => `name: c
system:
  base: dgx-a100-cluster
  storage:
    - { id: pfs, readBandwidth: ${pfs} }
workloads:
  - kind: transfers
    id: w
    moves:
      - { from: pfs, to: dgx/nvme, size: 100 GB }
`;

test('diffInputs compares lists of entries by id and reports leaf paths', () => {
  expect(diffInputs({ s: [{ id: 'a', x: 1 }, { id: 'b', x: 2 }] }, { s: [{ id: 'b', x: 3 }, { id: 'a', x: 1 }] })).toEqual([{ path: 's[id=b].x', a: 2, b: 3 }]);
});

test('doubling the PFS read bandwidth: the input difference, the time and the moved bottleneck', () => {
  const la = loadScenarioText(scenario('130 GB/s'), 'a.yaml'), lb = loadScenarioText(scenario('260 GB/s'), 'b.yaml');
  const text = compareText('a', 'b', la.data, lb.data, runScenario(la), runScenario(lb));
  expect(text).toContain('| system.storage[id=pfs].readBandwidth | 130 GB/s | 260 GB/s |');
  expect(text).toContain('**Bottleneck moved:** from `pfs:read` to `pfs:attach`.');
  expect(text).toMatch(/\*\*Simulated time:\*\* 24\.6 s → 16 s \(-35\.0%\)/);
  // the move itself: its time, and what bounded it on each side
  expect(text).toMatch(/\| w\/move-0 time \(s\); bounded by \| 24\.6\d*; `pfs:read` +\| 16\.0\d*; `pfs:attach` +\|/);
});

test('two streams of requests compare by their response time', () => {
  const yaml = (drives: number) => `name: q
system:
  base: archive-tape
  storage:
    - { id: tape, filesPerCartridge: 1, drives: ${drives} }
workloads:
  - { kind: requests, id: recalls, from: tape, to: cache, size: 100 GB, rate: 60 /h, count: 300 }
`;
  const la = loadScenarioText(yaml(7), 'a.yaml'), lb = loadScenarioText(yaml(12), 'b.yaml');
  const ra = runScenario(la), rb = runScenario(lb);
  const text = compareText('a', 'b', la.data, lb.data, ra, rb);
  const mean = (r: typeof ra) => (r.workloads[0]!.responseTime as { mean: number }).mean;
  expect(mean(rb)).toBeLessThan(mean(ra));
  expect(text).toMatch(/\*\*Mean response time of `recalls`:\*\* [\d.]+ min → [\d.]+ min \(-\d+\.\d%\)/);
  expect(text).toMatch(new RegExp(`\\| recalls\\.responseTime\\.mean \\(s\\) +\\| ${figure(mean(ra))} +\\| ${figure(mean(rb))} +\\|`));
});

test('result figures: 6 significant digits, grouped, an exponent only for the very small or large', () => {
  expect(figure(21474836480)).toBe('21,474,800,000');
  expect(figure(132600.06412131147)).toBe('132,600');
  expect(figure(0.9998253)).toBe('0.999825');
  expect(figure(0)).toBe('0');
  expect(figure(-2.5e-3)).toBe('-0.0025');
  expect(figure(1.234567e-7)).toBe('1.23457e-7');
});

test('two ways of sharding the same model compare by the state each GPU holds and the bytes they exchange', () => {
  // the bundled Llama 3 8B scenario (32 A100, FSDP full sharding), and the same sharded inside each node only
  const file = join(import.meta.dirname, '..', '..', 'scenarios', 'llm-checkpoint', 'llama3-8b-training-async.yaml');
  const la = loadScenarioFile(file), lb = loadScenarioFile(file, { overrides: parseOverrides(['workloads[0].parallelism.sharding=node']) });
  const text = compareText('a', 'b', la.data, lb.data, runScenario(la), runScenario(lb));
  expect(text).toContain('| workloads[id=llama3-8b].parallelism.sharding | full');
  // 16 B a parameter (8.05 B of them) over the 32 GPUs of the job, or over the 8 of a node
  expect(text).toMatch(/\| llama3-8b\.stateBytesPerAccelerator +\| 4,025,000,000 +\| 16,100,000,000 +\|/);
  expect(text).toMatch(/\| llama3-8b\.communicationBytes +\|/);
});
