// tiersim compare: the inputs that differ, the results, and a moved bottleneck.
import { diffInputs, compareText } from '../../src/report/compare.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
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
});
