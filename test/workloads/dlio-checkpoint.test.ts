// When a training run checkpoints: afterEpoch (DLIO checkpoint_after_epoch) and everyEpochs, in a
// full simulation and in a projection; evaluation passes; DLIO files that turn checkpoints or evaluation on.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';

const system = `
system:
  nodes:
    - { id: gpu, count: 1, nic: { bandwidth: 1000 TB/s }, tiers: [{ id: dram, kind: dram, bandwidth: 1000 TB/s }] }
  storage:
    - { id: pfs, kind: pfs, readBandwidth: 1000 TB/s, writeBandwidth: 1 GB/s, attach: { bandwidth: 1000 TB/s } }
  network: { kind: star }
`;
type W = { checkpoints: number; projectedTime: number; warnings?: string[] };
const run = (yaml: string, file = 't.yaml') => runScenario(loadScenarioText(yaml, file)).workloads[0] as unknown as W;
const training = (extra: string) => `name: t${system}workloads:
  - { kind: ai-training, id: t, nodes: gpu, acceleratorsPerNode: 1, dataset: { location: pfs, samples: 100, sampleSize: 1 kB }, loader: { batchSize: 10 }, computeTime: 1 s, ${extra} }
`;

describe('checkpoints after a first epoch, then every N', () => {
  test('afterEpoch 1, everyEpochs 2, 5 epochs: at the ends of epochs 1, 3 and 5 (10 s each at 1 GB/s)', () => {
    const w = run(training('epochs: 5, checkpoint: { to: pfs, size: 10 GB, everyEpochs: 2, afterEpoch: 1 }'));
    expect(w.checkpoints).toBe(3);
    expect(w.projectedTime).toBeCloseTo(5 * 10 + 3 * 10, 3); // 10 steps of 1 s per epoch
  });

  test('without afterEpoch: every everyEpochs-th epoch, as before', () => {
    expect(run(training('epochs: 5, checkpoint: { to: pfs, size: 10 GB, everyEpochs: 2 }')).checkpoints).toBe(2);
  });

  test('a projection counts the same checkpoints as the full simulation', () => {
    const ck = 'checkpoint: { to: pfs, size: 10 GB, everyEpochs: 4, afterEpoch: 2 }';
    const full = run(training(`epochs: 20, simulateEpochs: 20, ${ck}`));
    const projected = run(training(`epochs: 20, simulateEpochs: 3, ${ck}`));
    expect(full.checkpoints).toBe(5); // epochs 2, 6, 10, 14, 18
    expect(projected.checkpoints).toBe(5);
    expect(projected.projectedTime).toBeCloseTo(full.projectedTime, 6);
  });
});

describe('evaluation passes', () => {
  const ev = 'evaluation: { samples: 40, batchSize: 10, computeTime: 0.5 s, afterEpoch: 1, everyEpochs: 2 }';
  test('after epochs 1, 3 and 5: 3 passes of 4 steps x 0.5 s, outside the AU', () => {
    const w = run(training(`epochs: 5, ${ev}`)) as W & { evaluations: number; acceleratorUtilization: number };
    expect(w.evaluations).toBe(3);
    expect(w.projectedTime).toBeCloseTo(50 + 6, 3);
    expect(w.acceleratorUtilization).toBeGreaterThan(0.99);
  });

  test('a projection counts and times them as the full simulation does', () => {
    const full = run(training(`epochs: 20, simulateEpochs: 20, ${ev}`)) as W & { evaluations: number };
    const projected = run(training(`epochs: 20, simulateEpochs: 3, ${ev}`)) as W & { evaluations: number };
    expect(full.evaluations).toBe(10);
    expect(projected.evaluations).toBe(10);
    expect(projected.projectedTime).toBeCloseTo(full.projectedTime, 6);
  });
});

describe('DLIO files that checkpoint or evaluate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlio-ck-'));
  const dlio = (name: string, body: string) => {
    writeFileSync(join(dir, name), `dataset: { num_files_train: 10, num_samples_per_file: 10, record_length_bytes: 1000, num_files_eval: 8 }\nreader: { batch_size: 10, read_threads: 1 }\ntrain: { epochs: 5, computation_time: 1.0 }\nmodel: { model_size: 10000000000 }\n${body}`);
    return name;
  };
  const withDlio = (file: string, extra = '') => `name: t${system}workloads:
  - { kind: ai-training, id: t, dlio: ${file}, nodes: gpu, acceleratorsPerNode: 1, dataset: { location: pfs }${extra} }
`;
  const ckFile = dlio('ck.yaml', 'workflow: { train: True, checkpoint: True }\ncheckpoint: { checkpoint_after_epoch: 2, epochs_between_checkpoints: 2 }\n');

  test('with a checkpoint block giving the tier, DLIO says when and how big: epochs 2 and 4, 10 GB', () => {
    const w = run(withDlio(ckFile, ', checkpoint: { to: pfs }'), join(dir, 's.yaml'));
    expect(w.checkpoints).toBe(2);
    expect(w.projectedTime).toBeCloseTo(5 * 10 + 2 * 10, 3);
    expect(w.warnings).toBeUndefined();
  });

  test('without one, the result says the checkpoints DLIO would write are not simulated', () => {
    const w = run(withDlio(ckFile), join(dir, 's.yaml'));
    expect(w.checkpoints).toBe(0);
    expect(w.warnings?.join(' ')).toMatch(/workflow\.checkpoint: after epoch 2, then every 2.*checkpoint: \{ to: TIER \}/);
  });

  test('no warning when the first DLIO checkpoint falls after the last epoch run', () => {
    expect(run(withDlio(ckFile, ', epochs: 1'), join(dir, 's.yaml')).warnings).toBeUndefined();
  });

  test('evaluation passes are simulated: 8 eval files of 10 samples, batch 1, 0.5 s per step, after every epoch', () => {
    const ev = dlio('ev.yaml', 'workflow: { train: True, evaluation: True }\nevaluation: { eval_time: 0.5, epochs_between_evals: 1 }\n');
    const w = run(withDlio(ev), join(dir, 's.yaml')) as W & { evaluations: number; evaluationFraction: number; acceleratorUtilization: number };
    expect(w.warnings).toBeUndefined();
    expect(w.evaluations).toBe(5);
    // 5 epochs x 10 steps x 1 s of training, and 5 passes x 80 steps x 0.5 s of evaluation (DLIO:
    // num_samples_per_file x num_files_eval / batch_size_eval / ranks steps)
    expect(w.projectedTime).toBeCloseTo(50 + 200, 3);
    expect(w.evaluationFraction).toBeCloseTo(200 / 250, 4);
    expect(w.acceleratorUtilization).toBeGreaterThan(0.99); // AU is over training only (MLPerf / DLIO)
  });
});
