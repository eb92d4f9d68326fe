// DLIO workload files: every config in ../shared/traces/dlio reads; field-name variants; clear errors.
import { readdirSync, existsSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readDlio } from '../../src/scenario/dlio.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { InputError } from '../../src/issues.ts';

const shared = join(import.meta.dirname, '..', '..', '..', 'shared', 'traces', 'dlio');

describe('DLIO workload files', () => {
  const files = existsSync(shared) ? ['dlio_benchmark', 'mlcommons_storage'].flatMap((d) => readdirSync(join(shared, d)).filter((f) => f.endsWith('.yaml')).map((f) => join(d, f))) : [];
  (files.length ? test.each(files) : test.skip.each(['none']))('%s reads without problems', (f) => {
    expect(readDlio(join(shared, f)).issues).toEqual([]);
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
