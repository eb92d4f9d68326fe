// DLIO workload files: every config in ../shared/traces/dlio reads; field-name variants; clear errors.
import { readdirSync, existsSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readDlio } from '../../src/scenario/dlio.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { InputError } from '../../src/issues.ts';

const shared = join(import.meta.dirname, '..', '..', '..', 'shared', 'traces', 'dlio');

describe('DLIO workload files', () => {
  const files = existsSync(shared) ? ['dlio_benchmark', 'mlcommons_storage'].flatMap((d) => readdirSync(join(shared, d)).filter((f) => f.endsWith('.yaml')).map((f) => join(d, f))) : [];
  const generateOnly = files.filter((f) => /datagen/.test(f));
  (files.length ? test.each(files.filter((f) => !generateOnly.includes(f))) : test.skip.each(['none']))('%s reads without problems', (f) => {
    expect(readDlio(join(shared, f)).issues).toEqual([]);
  });
  // MLPerf's *_datagen.yaml only write the dataset: read as such, and refused as a training workload
  (generateOnly.length ? test.each(generateOnly) : test.skip.each(['none']))('%s reads as dataset generation, and trains nothing', (f) => {
    const r = readDlio(join(shared, f));
    expect(r.issues).toEqual([]);
    expect(r.workload!.generateOnly).toBe(true);
    let err: unknown;
    try {
      loadScenarioText(fromDlio(join(shared, f)), 't.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const issue = (err as InputError).issues.find((i) => i.message.includes('only generates the dataset'))!;
    expect(issue.path).toEqual(['workloads', 0, 'dlio']);
    expect(issue.hint).toContain(`${f.replace(/^.*\/|_datagen\.yaml$/g, '')}_a100.yaml`);
    expect(issue.hint).toContain('simulates writing the dataset');
  });

  /** A small system with fast storage, and an ai-training workload from DLIO file `f`. */
  const fromDlio = (f: string, extra = '') => `name: t
system:
  nodes: [{ id: c, count: 2, nic: { bandwidth: 100 GB/s }, tiers: [{ id: dram, kind: dram, capacity: 1 TB, bandwidth: 200 GB/s }] }]
  storage: [{ id: pfs, kind: pfs, bandwidth: 1000 GB/s, attach: { bandwidth: 1000 GB/s } }]
  network: { kind: star }
workloads:
  - { kind: ai-training, id: t, dlio: ${f}, nodes: c, acceleratorsPerNode: 2, dataset: { location: pfs }${extra} }
`;

  // Every training workload DLIO ships becomes a valid tiersim workload as it is (DLIO's defaults
  // fill what the file leaves out, such as epochs: 1).
  const training = files.filter((f) => !/llama|datagen/.test(f));
  (training.length ? test.each(training) : test.skip.each(['none']))('%s loads as an ai-training workload', (f) => {
    expect(() => loadScenarioText(fromDlio(join(shared, f)), 't.yaml')).not.toThrow();
  });

  test('total_training_steps caps the steps of each epoch (bert: 1,000 of 816,489); epochs default to 1', () => {
    if (!existsSync(shared)) return;
    const w = runScenario(loadScenarioText(fromDlio(join(shared, 'dlio_benchmark', 'bert_v100.yaml')), 't.yaml')).workloads[0] as unknown as Record<string, number>;
    expect(w.epochs).toBe(1);
    expect(w.stepsPerEpoch).toBe(1000);
    expect(w.datasetStepsPerEpoch).toBe(Math.floor((500 * 313532) / (48 * 4)));
    expect(w.projectedTime).toBeCloseTo(1000 * 0.968, 0);
    // 1,000 steps x 48 samples x 4 ranks x (2,500 B + 16 B of TFRecord framing)
    expect(w.bytesRead).toBeCloseTo(1000 * 48 * 4 * 2516, -3);
  });

  test('with a cap, later epochs read other parts of the dataset: a cache holding the whole dataset hits only what was read before', () => {
    const yaml = (cap: string) => `name: t
system:
  nodes: [{ id: c, count: 1, nic: { bandwidth: 100 GB/s }, tiers: [{ id: dram, kind: dram, capacity: 1 TB, bandwidth: 200 GB/s, cache: true }] }]
  storage: [{ id: pfs, kind: pfs, bandwidth: 100 GB/s, attach: { bandwidth: 100 GB/s } }]
  network: { kind: star }
workloads:
  - { kind: ai-training, id: t, nodes: c, acceleratorsPerNode: 1, dataset: { location: pfs, samples: 4000, sampleSize: 1 MB, cache: c/dram }, loader: { batchSize: 10 }, computeTime: 10 ms, epochs: 2${cap} }
`;
    const full = runScenario(loadScenarioText(yaml(''), 't.yaml')).workloads[0] as unknown as Record<string, number>;
    const capped = runScenario(loadScenarioText(yaml(', maxStepsPerEpoch: 100'), 't.yaml')).workloads[0] as unknown as Record<string, number>;
    expect(full.cacheHitRatio).toBeCloseTo(0.5, 5); // epoch 2 re-reads all 400 batches from the cache
    // epoch 2 reads 100 random batches of 400, of which epoch 1 read 100: about a quarter hit
    expect(capped.cacheHitRatio).toBeGreaterThan(0.05); // 25 of 200 reads on average (0.125)
    expect(capped.cacheHitRatio).toBeLessThan(0.2);
    expect(capped.stepsPerEpoch).toBe(100);
  });

  let tmp: string;
  beforeAll(() => (tmp = mkdtempSync(join(tmpdir(), 'dlio-'))));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  test('field-name variants: record_length and model_size are accepted; prefetch 0 means 2', () => {
    const f = join(tmp, 'v.yaml');
    writeFileSync(f, 'model: { name: x, model_size: 1000 }\ndataset: { num_files_train: 10, num_samples_per_file: 2, record_length: 4096 }\nreader: { batch_size: 4, prefetch_size: 0 }\ntrain: { epochs: 1, computation_time: { mean: 0.5, stdev: 0.1, type: normal } }\n');
    const r = readDlio(f);
    expect(r.workload).toMatchObject({ samples: 20, sampleSize: 4096, prefetch: 2, computeTime: 0.5, modelSize: 1000, batchSize: 4 });
  });

  test('record_dims x record_element_type give the record size when record_length_bytes is absent', () => {
    const f = join(tmp, 'dims.yaml');
    writeFileSync(f, 'dataset: { num_files_train: 10, record_dims: [224, 224, 3], record_element_type: float32 }\nreader: { batch_size: 4 }\n');
    expect(readDlio(f).workload!.sampleSize).toBe(224 * 224 * 3 * 4);
    writeFileSync(f, 'dataset: { num_files_train: 10, record_dims: [224, 224, 3] }\nreader: { batch_size: 4 }\n');
    expect(readDlio(f).workload!.sampleSize).toBe(224 * 224 * 3); // uint8 by default
    writeFileSync(f, 'dataset: { num_files_train: 10, record_dims: [224, 224, 3], record_element_type: flaot32 }\nreader: { batch_size: 4 }\n');
    expect(readDlio(f).issues[0]).toMatchObject({ message: 'unknown element type "flaot32"', hint: 'did you mean "float32"?' });
  });

  test('transfer_size is the read request size: an IOPS-limited tier serves a batch in batch / transfer_size operations', () => {
    const f = join(tmp, 'ts.yaml');
    const scenario = (dlio: string) => `name: t
system:
  nodes: [{ id: c, count: 1, tiers: [{ id: dram, kind: dram, capacity: 1 TB, bandwidth: 1000 GB/s }, { id: nvme, kind: ssd, capacity: 10 TB, readBandwidth: 1000 GB/s, writeBandwidth: 1000 GB/s, readIops: 1000 IOPS, writeIops: 1000 IOPS }] }]
workloads:
  - { kind: ai-training, id: t, dlio: ${dlio}, nodes: c, acceleratorsPerNode: 1, dataset: { location: c/nvme } }
`;
    const epoch = (extra: string) => {
      writeFileSync(f, `dataset: { num_files_train: 1000, record_length_bytes: 1048576 }\nreader: { batch_size: 10, read_threads: 1${extra} }\ntrain: { epochs: 1, computation_time: 0.001 }\n`);
      expect(readDlio(f).workload!.readSize).toBe(extra ? 65536 : undefined);
      return (runScenario(loadScenarioText(scenario(f), join(tmp, 't.yaml'))).workloads[0] as unknown as { epochTime: number }).epochTime;
    };
    // 100 steps of 10 MiB: 160 reads of 64 KiB each at 1000 IOPS (0.16 s), or 10 reads of a 1 MiB sample (0.01 s)
    expect(epoch(', transfer_size: 65536')).toBeCloseTo(100 * 0.16, 1);
    expect(epoch('')).toBeCloseTo(100 * 0.01, 1);
  });

  test('file_shuffle, sample_shuffle and seed_change_epoch decide what a node cache holds for the next epoch', () => {
    const f = join(tmp, 'shuffle.yaml');
    const run = (reader: string, train = '') => {
      writeFileSync(f, `dataset: { num_files_train: 4000, record_length_bytes: 1000000 }\nreader: { batch_size: 10${reader} }\ntrain: { epochs: 2, computation_time: 0.01${train} }\n`);
      const yaml = `name: t
system:
  nodes: [{ id: c, count: 2, nic: { bandwidth: 100 GB/s }, tiers: [{ id: dram, kind: dram, capacity: 1 TB, bandwidth: 200 GB/s, cache: true }] }]
  storage: [{ id: pfs, kind: pfs, bandwidth: 100 GB/s, attach: { bandwidth: 100 GB/s } }]
  network: { kind: star }
workloads:
  - { kind: ai-training, id: t, dlio: ${f}, nodes: c, acceleratorsPerNode: 1, dataset: { location: pfs, cache: c/dram } }
`;
      return [readDlio(f).workload!.shuffle, (runScenario(loadScenarioText(yaml, join(tmp, 't.yaml'))).workloads[0] as unknown as { cacheHitRatio: number }).cacheHitRatio] as const;
    };
    // DLIO's default (no shuffling): each node reads the same half again, all from its cache
    expect(run('')).toEqual(['none', 0.5]);
    // the same seed every epoch: the same share in another order, all from the cache
    expect(run(', file_shuffle: seed, sample_shuffle: seed', ', seed_change_epoch: False')).toEqual(['node', 0.5]);
    // a new share of the whole dataset each epoch: about half of epoch 2 was read here before
    const [mode, hits] = run(', file_shuffle: seed, sample_shuffle: seed');
    expect(mode).toBe('global');
    expect(hits).toBeGreaterThan(0.2);
    expect(hits).toBeLessThan(0.3);
    expect(run(', sample_shuffle: random')[0]).toBe('global');
    writeFileSync(f, 'dataset: { num_files_train: 10, record_length_bytes: 100 }\nreader: { batch_size: 1, sample_shuffle: sead }\n');
    expect(readDlio(f).issues[0]).toMatchObject({ line: 2, path: ['reader', 'sample_shuffle'], message: 'DLIO field reader.sample_shuffle must be off, seed or random, got "sead"', hint: 'did you mean "seed"?' });
  });

  test('an unknown DLIO field gets a did-you-mean with its line', () => {
    const f = join(tmp, 'typo.yaml');
    writeFileSync(f, 'dataset:\n  num_files_train: 10\n  record_lenght_bytes: 4096\nreader: { batch_size: 4 }\n');
    const r = readDlio(f);
    expect(r.issues[0]).toMatchObject({ line: 3, path: ['dataset', 'record_lenght_bytes'], message: 'unknown DLIO field "dataset.record_lenght_bytes"', hint: 'did you mean "record_length_bytes"?' });
  });

  test('a DLIO file that is not YAML is refused clearly', () => {
    const f = join(tmp, 'bad.yaml');
    writeFileSync(f, 'dataset: [unclosed\nreader: {');
    expect(readDlio(f).issues[0]!.message).toMatch(/^not a valid DLIO workload \(YAML\)/);
    const g = join(tmp, 'list.yaml');
    writeFileSync(g, '- a\n- b\n');
    expect(readDlio(g).issues[0]!.message).toBe('not a DLIO workload: the document is not a mapping');
  });

  test('a batch larger than the dataset is refused', () => {
    const yaml = `name: t
system:
  nodes: [{ id: c, count: 2, nic: { bandwidth: 10 GB/s }, tiers: [{ id: dram, kind: dram, bandwidth: 100 GB/s }] }]
  storage: [{ id: pfs, kind: pfs, bandwidth: 10 GB/s, attach: { bandwidth: 10 GB/s } }]
  network: { kind: star }
workloads:
  - { kind: ai-training, id: t, nodes: c, acceleratorsPerNode: 4, dataset: { location: pfs, samples: 100, sampleSize: 1 MB }, loader: { batchSize: 16 }, computeTime: 0.1 s, epochs: 1 }
`;
    try {
      loadScenarioText(yaml, 't.yaml');
      throw new Error('accepted');
    } catch (e) {
      const i = (e as InputError).issues[0]!;
      expect(i.path).toEqual(['workloads', 0, 'loader', 'batchSize']);
      expect(i.message).toBe("one step needs 16 x 8 accelerators = 128 samples, more than the dataset's 100");
    }
  });
});
