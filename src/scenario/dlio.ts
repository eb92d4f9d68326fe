/**
 * Reading DLIO benchmark / MLPerf Storage workload files (argonne-lcf/dlio_benchmark,
 * mlcommons/storage). The training fields become an ai-training workload: dataset size and record
 * length, reader batch size, threads and prefetch, computation_time per step, epochs, and the AU
 * threshold. Field-name variants DLIO accepts are accepted too (record_length / record_length_bytes;
 * model_size / model_size_bytes / checkpoint.model_size). Unknown fields are reported with a
 * did-you-mean. Units are DLIO's: bytes and seconds as plain numbers.
 */
import { readFileSync } from 'node:fs';
import { parseDocument, LineCounter, isMap, isPair, isScalar } from 'yaml';
import type { Issue } from '../issues.ts';
import { didYouMean } from './messages.ts';
import { DTYPE_BYTES, type TransformerDims } from '../workloads/training-state.ts';

const KNOWN: Record<string, string[]> = {
  model: ['name', 'type', 'model_size', 'model_size_bytes', 'model_datatype', 'optimizer_datatype', 'num_layers', 'layer_parameters', 'parallelism', 'transformer', 'optimization_groups'],
  framework: [],
  workflow: ['generate_data', 'train', 'evaluation', 'checkpoint', 'profiling', 'debug'],
  dataset: ['data_folder', 'format', 'num_files_train', 'num_files_eval', 'num_samples_per_file', 'record_length_bytes', 'record_length', 'record_length_bytes_stdev', 'record_length_stdev', 'record_length_bytes_resize', 'record_length_resize', 'record_dims', 'record_element_type', 'num_subfolders_train', 'num_subfolders_eval', 'file_prefix', 'compression', 'compression_level', 'enable_chunking', 'chunk_size', 'keep_files', 'data_generator'],
  reader: ['data_loader', 'batch_size', 'batch_size_eval', 'read_threads', 'computation_threads', 'prefetch_size', 'file_shuffle', 'sample_shuffle', 'shuffle_size', 'transfer_size', 'odirect', 'preprocess_time', 'preprocess_time_stdev', 'pin_memory', 'multiprocessing_context', 'data_loader_classname', 'data_loader_sampler', 'read_type', 'dont_use_mmap'],
  train: ['epochs', 'total_training_steps', 'computation_time', 'computation_time_stdev', 'seed', 'seed_change_epoch'],
  evaluation: ['eval_time', 'eval_time_stdev', 'eval_after_epoch', 'epochs_between_evals', 'num_files_eval'],
  checkpoint: ['checkpoint_folder', 'checkpoint_after_epoch', 'epochs_between_checkpoints', 'steps_between_checkpoints', 'type', 'time_between_checkpoints', 'num_checkpoints_write', 'num_checkpoints_read', 'recovery_rank_shift', 'rank_sync', 'fsync', 'mode', 'randomize_tensor', 'model_size', 'checkpoint_mechanism_classname'],
  storage: ['storage_type', 'storage_root', 'storage_options'],
  metric: ['au'],
  output: ['folder', 'log_file', 'metadata', 'log_level'],
  profiling: ['profiler', 'iostat_devices'],
};

export interface DlioWorkload {
  name?: string;
  samples?: number;
  sampleSize?: number;
  sampleSizeStdev?: number;
  /** File-format framing per sample on storage (tfrecord: 16 B). */
  recordOverhead?: number;
  /** Bytes of a sample after preprocessing, in memory (record_length_bytes_resize). */
  resizedSize?: number;
  samplesPerFile?: number;
  batchSize?: number;
  readThreads?: number;
  /** Which data a node reads each epoch (dataset.shuffle), from file_shuffle, sample_shuffle and seed_change_epoch. */
  shuffle?: 'global' | 'node' | 'none';
  prefetch?: number;
  preprocessTime?: number;
  /** reader.transfer_size: bytes per read request. */
  readSize?: number;
  computeTime?: number;
  computeTimeStdev?: number;
  epochs?: number;
  /** train.total_training_steps when > 0 (DLIO counts it within each epoch's loop). */
  maxStepsPerEpoch?: number;
  au?: number;
  modelSize?: number;
  /** What the file asks for that tiersim does not simulate from it (reported with the result). */
  notModelled: string[];
  /** workflow.evaluation is on: the evaluation passes (sizes in samples, times in seconds). */
  evaluation?: { samples: number; batchSize: number; computeTime: number; afterEpoch: number; everyEpochs: number };
  /** workflow.checkpoint is on: simulated only when the scenario gives the checkpoint tier. */
  checkpointOn: boolean;
  /** checkpoint.mode subset: one host writes its share of a larger job (the job's size comes from the scenario: worldRanks). */
  subset?: boolean;
  /** workflow.generate_data True and train False: the file only writes its dataset (MLPerf's *_datagen.yaml). */
  generateOnly?: boolean;
  /** workflow.train is False and workflow.checkpoint True: DLIO's checkpoint-only mode (the LLM files). */
  checkpointOnly: boolean;
  /** Checkpoint-only mode: checkpoints written and read back, and the time between checkpoints (s). */
  checkpointsWrite?: number;
  checkpointsRead?: number;
  checkpointInterval?: number;
  /** model.type transformer: its dimensions, datatypes and parallelism (the checkpoint's size and sharding). */
  transformer?: { dims: TransformerDims; modelDtype: string; optimizerDtype: string; tensor: number; pipeline: number; zeroStage: number };
  /** When DLIO checkpoints (its defaults: after epoch 1, every epoch, no step interval; rank 0 writes). */
  checkpointEvery: { afterEpoch: number; everyEpochs: number; everySteps?: number; writers: 'rank0' | 'all' };
}

/** The spread a DLIO distribution ({mean, stdev, type}) gives, if any. */
function stdevOf(v: unknown): unknown {
  return v !== null && typeof v === 'object' && 'stdev' in v ? (v as { stdev: unknown }).stdev : undefined;
}

/** Reads a DLIO workload file; returns the workload or the issues found (all of them). */

export function readDlio(file: string): { workload?: DlioWorkload; issues: Issue[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { issues: [{ file, path: [], message: code === 'ENOENT' ? 'no such DLIO workload file' : `cannot read: ${(e as Error).message}`, hint: 'the path is relative to the scenario file (or to tiersim\'s scenarios/ folder, for the DLIO files shipped there: mlperf-storage/dlio/...)' }] };
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true });
  if (doc.errors.length) {
    return { issues: doc.errors.slice(0, 10).map((err) => ({ file, ...(err.linePos?.[0] ? { line: err.linePos[0].line, column: err.linePos[0].col } : {}), path: [], message: `not a valid DLIO workload (YAML): ${err.message.split('\n')[0]}`, hint: 'DLIO workload files are YAML with sections such as dataset:, reader:, train:' })) };
  }
  const data = doc.toJS() as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { issues: [{ file, path: [], message: 'not a DLIO workload: the document is not a mapping', hint: 'DLIO workload files have sections such as dataset:, reader:, train:' }] };
  }
  const issues: Issue[] = [];
  const at = (path: (string | number)[]) => {
    let node: unknown = doc.contents;
    let keyNode: unknown;
    for (const seg of path) {
      if (!isMap(node)) break;
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value;
    }
    const r = (keyNode as { range?: [number] } | undefined)?.range;
    if (!r) return {};
    const p = lc.linePos(r[0]);
    return { line: p.line, column: p.col };
  };
  const d = data as Record<string, Record<string, unknown> | unknown>;
  for (const [section, value] of Object.entries(d)) {
    if (!(section in KNOWN)) {
      issues.push({ file, ...at([section]), path: [section], message: `unknown DLIO section "${section}"`, hint: didYouMean(section, Object.keys(KNOWN), 'section') });
      continue;
    }
    const fields = KNOWN[section]!;
    if (fields.length && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const k of Object.keys(value)) {
        if (!fields.includes(k)) issues.push({ file, ...at([section, k]), path: [section, k], message: `unknown DLIO field "${section}.${k}"`, hint: didYouMean(k, fields, 'field') });
      }
    }
  }
  const get = (section: string, ...names: string[]): unknown => {
    const s = d[section];
    if (s === null || typeof s !== 'object') return undefined;
    for (const n of names) if ((s as Record<string, unknown>)[n] !== undefined) return (s as Record<string, unknown>)[n];
    return undefined;
  };
  const num = (v: unknown, path: string[], opts: { int?: boolean; min?: number } = {}): number | undefined => {
    if (v === undefined) return undefined;
    // a distribution {mean, stdev, type} counts by its mean
    const x: unknown = v !== null && typeof v === 'object' && 'mean' in v ? (v as { mean: unknown }).mean : v;
    if (typeof x !== 'number' || !Number.isFinite(x) || (opts.int && !Number.isInteger(x)) || x < (opts.min ?? 0)) {
      issues.push({ file, ...at(path), path, message: `DLIO field ${path.join('.')} must be a ${opts.int ? 'whole ' : ''}number >= ${opts.min ?? 0}, got ${JSON.stringify(v)}` });
      return undefined;
    }
    return x;
  };
  // record_dims x record_element_type: DLIO's other way to give a record's size (e.g. [224, 224, 3], uint8)
  const recordDimsBytes = (): number | undefined => {
    const dims = get('dataset', 'record_dims');
    if (dims === undefined) return undefined;
    if (!Array.isArray(dims) || dims.length === 0 || !dims.every((x) => Number.isInteger(x) && (x as number) > 0)) {
      issues.push({ file, ...at(['dataset', 'record_dims']), path: ['dataset', 'record_dims'], message: `DLIO field dataset.record_dims must be a list of whole numbers > 0, got ${JSON.stringify(dims)}`, hint: 'e.g. record_dims: [224, 224, 3]' });
      return undefined;
    }
    const type = get('dataset', 'record_element_type') ?? 'uint8';
    const bytes = typeof type === 'string' ? DTYPE_BYTES[type] : undefined;
    if (bytes === undefined) {
      issues.push({ file, ...at(['dataset', 'record_element_type']), path: ['dataset', 'record_element_type'], message: `unknown element type ${JSON.stringify(type)}`, hint: didYouMean(String(type), Object.keys(DTYPE_BYTES), 'type') ?? `one of ${Object.keys(DTYPE_BYTES).join(', ')}` });
      return undefined;
    }
    return (dims as number[]).reduce((a, b) => a * b, 1) * bytes;
  };
  for (const k of ['file_shuffle', 'sample_shuffle']) {
    const v = get('reader', k);
    if (v !== undefined && v !== false && !['off', 'seed', 'random'].includes(String(v))) {
      issues.push({ file, ...at(['reader', k]), path: ['reader', k], message: `DLIO field reader.${k} must be off, seed or random, got ${JSON.stringify(v)}`, hint: didYouMean(String(v), ['off', 'seed', 'random'], 'value') });
    }
  }
  const files = num(get('dataset', 'num_files_train'), ['dataset', 'num_files_train'], { int: true, min: 1 });
  const perFile = num(get('dataset', 'num_samples_per_file'), ['dataset', 'num_samples_per_file'], { int: true, min: 1 }) ?? 1;
  const prefetchRaw = num(get('reader', 'prefetch_size'), ['reader', 'prefetch_size'], { int: true });
  const w: DlioWorkload = {
    name: typeof get('model', 'name') === 'string' ? (get('model', 'name') as string) : undefined,
    samples: files !== undefined ? files * perFile : undefined,
    samplesPerFile: perFile,
    sampleSize: num(get('dataset', 'record_length_bytes', 'record_length'), ['dataset', 'record_length_bytes'], { min: 1 }) ?? recordDimsBytes(),
    sampleSizeStdev: num(get('dataset', 'record_length_bytes_stdev', 'record_length_stdev'), ['dataset', 'record_length_bytes_stdev']),
    // TFRecord frames every record with its length (8 B) and two masked CRC32s (4 B each): 16 B
    // (TensorFlow, "TFRecord and tf.train.Example"; tensorflow/core/lib/io/record_writer.h)
    recordOverhead: get('dataset', 'format') === 'tfrecord' ? 16 : undefined,
    resizedSize: num(get('dataset', 'record_length_bytes_resize', 'record_length_resize'), ['dataset', 'record_length_bytes_resize'], { min: 1 }),
    batchSize: num(get('reader', 'batch_size'), ['reader', 'batch_size'], { int: true, min: 1 }),
    readThreads: num(get('reader', 'read_threads'), ['reader', 'read_threads'], { int: true, min: 1 }),
    shuffle: dlioShuffle(get('reader', 'file_shuffle'), get('reader', 'sample_shuffle'), get('train', 'seed_change_epoch')),
    // DLIO replaces a prefetch of 0 (or none) with 2
    prefetch: prefetchRaw === undefined || prefetchRaw === 0 ? 2 : prefetchRaw,
    preprocessTime: num(get('reader', 'preprocess_time'), ['reader', 'preprocess_time']),
    readSize: num(get('reader', 'transfer_size'), ['reader', 'transfer_size'], { int: true, min: 1 }),
    computeTime: num(get('train', 'computation_time'), ['train', 'computation_time']),
    // the spread: computation_time_stdev, or the stdev of a computation_time distribution
    computeTimeStdev: num(get('train', 'computation_time_stdev') ?? stdevOf(get('train', 'computation_time')), ['train', 'computation_time_stdev']),
    // DLIO's default: one epoch
    epochs: num(get('train', 'epochs'), ['train', 'epochs'], { int: true, min: 1 }) ?? (get('workflow', 'train') !== false ? 1 : undefined),
    au: num(get('metric', 'au'), ['metric', 'au']),
    modelSize: num(get('model', 'model_size_bytes', 'model_size') ?? get('checkpoint', 'model_size'), ['model', 'model_size']),
    notModelled: [],
    checkpointOn: get('workflow', 'checkpoint') === true,
    // (also a file with no dataset that counts checkpoints to write: dlio_benchmark's llama_1t.yaml
    // says train: True by mistake, upstream)
    checkpointOnly: (get('workflow', 'train') === false && get('workflow', 'checkpoint') === true) || (d.dataset === undefined && get('checkpoint', 'num_checkpoints_write') !== undefined),
    checkpointsWrite: num(get('checkpoint', 'num_checkpoints_write'), ['checkpoint', 'num_checkpoints_write'], { int: true }),
    checkpointsRead: num(get('checkpoint', 'num_checkpoints_read'), ['checkpoint', 'num_checkpoints_read'], { int: true }),
    checkpointInterval: num(get('checkpoint', 'time_between_checkpoints'), ['checkpoint', 'time_between_checkpoints']),
    checkpointEvery: {
      afterEpoch: num(get('checkpoint', 'checkpoint_after_epoch'), ['checkpoint', 'checkpoint_after_epoch'], { int: true, min: 1 }) ?? 1,
      everyEpochs: num(get('checkpoint', 'epochs_between_checkpoints'), ['checkpoint', 'epochs_between_checkpoints'], { int: true, min: 1 }) ?? 1,
      writers: get('checkpoint', 'type') === 'all_ranks' ? 'all' : 'rank0',
    },
  };
  if (get('model', 'type') === 'transformer') {
    const t = (get('model', 'transformer') ?? {}) as Record<string, unknown>;
    const par = (get('model', 'parallelism') ?? {}) as Record<string, unknown>;
    const dim = (k: string) => num(t[k], ['model', 'transformer', k], { int: true, min: 1 });
    const dims = { layers: num(get('model', 'num_layers'), ['model', 'num_layers'], { int: true, min: 1 }), hidden: dim('hidden_size'), ffn: dim('ffn_hidden_size'), heads: dim('num_attention_heads'), kvHeads: t.num_kv_heads === undefined ? undefined : dim('num_kv_heads'), vocab: dim('vocab_size') };
    const dtype = (k: string, dflt: string) => {
      const v = get('model', k) ?? dflt;
      if (typeof v !== 'string' || !(v in DTYPE_BYTES)) {
        issues.push({ file, ...at(['model', k]), path: ['model', k], message: `unknown datatype ${JSON.stringify(v)}`, hint: didYouMean(String(v), Object.keys(DTYPE_BYTES), 'datatype') ?? `one of ${Object.keys(DTYPE_BYTES).join(', ')}` });
        return dflt;
      }
      return v;
    };
    const modelDtype = dtype('model_datatype', 'fp16'), optimizerDtype = dtype('optimizer_datatype', 'fp32');
    if (dims.layers !== undefined && dims.hidden !== undefined && dims.ffn !== undefined && dims.heads !== undefined && dims.vocab !== undefined) {
      w.transformer = {
        dims: { layers: dims.layers, hidden: dims.hidden, ffn: dims.ffn, heads: dims.heads, kvHeads: dims.kvHeads ?? dims.heads, vocab: dims.vocab },
        modelDtype, optimizerDtype,
        tensor: num(par.tensor, ['model', 'parallelism', 'tensor'], { int: true, min: 1 }) ?? 1,
        pipeline: num(par.pipeline, ['model', 'parallelism', 'pipeline'], { int: true, min: 1 }) ?? 1,
        zeroStage: num(par.zero_stage, ['model', 'parallelism', 'zero_stage'], { int: true }) ?? 0,
      };
    }
  }
  // total_training_steps > 0 caps the steps (-1, DLIO's default, means none); DLIO's _train breaks
  // out of an epoch's loop when its step counter, which restarts every epoch, passes it
  const totalSteps = get('train', 'total_training_steps');
  if (typeof totalSteps === 'number' && Number.isInteger(totalSteps) && totalSteps > 0) w.maxStepsPerEpoch = totalSteps;
  // steps_between_checkpoints > 0 takes precedence (-1, DLIO's default, means none)
  const stepsBetween = get('checkpoint', 'steps_between_checkpoints');
  if (typeof stepsBetween === 'number' && Number.isInteger(stepsBetween) && stepsBetween > 0) w.checkpointEvery.everySteps = stepsBetween;
  if (get('workflow', 'evaluation') === true) {
    // DLIO _eval: num_files_eval x samples per file, batch_size_eval (default 1), eval_time per step
    const evalFiles = num(get('dataset', 'num_files_eval') ?? get('evaluation', 'num_files_eval'), ['dataset', 'num_files_eval'], { int: true }) ?? 0;
    if (evalFiles > 0) {
      w.evaluation = {
        samples: evalFiles * perFile,
        batchSize: num(get('reader', 'batch_size_eval'), ['reader', 'batch_size_eval'], { int: true, min: 1 }) ?? 1,
        computeTime: num(get('evaluation', 'eval_time'), ['evaluation', 'eval_time']) ?? 0,
        afterEpoch: num(get('evaluation', 'eval_after_epoch'), ['evaluation', 'eval_after_epoch'], { int: true, min: 1 }) ?? 1,
        everyEpochs: num(get('evaluation', 'epochs_between_evals'), ['evaluation', 'epochs_between_evals'], { int: true, min: 1 }) ?? 1,
      };
    }
    const evalSd = get('evaluation', 'eval_time_stdev');
    if (typeof evalSd === 'number' && evalSd > 0) w.notModelled.push('the spread of the DLIO eval_time (eval_time_stdev) is not simulated: every evaluation step takes the mean');
  }
  if (!w.checkpointOnly && get('workflow', 'train') === false) {
    // MLPerf's *_datagen.yaml: DLIO writes the dataset and stops (the dlio command simulates that;
    // as a training workload it is refused where it is used)
    if (get('workflow', 'generate_data') === true) w.generateOnly = true;
    else issues.push({ file, ...at(['workflow', 'train']), path: ['workflow', 'train'], message: 'workflow.train is False and nothing is generated or checkpointed: there is nothing to simulate', hint: 'set workflow.train: True (or checkpoint: True for a checkpoint-only file)' });
  }
  if (w.checkpointOnly) {
    if (get('checkpoint', 'mode') === 'subset') w.subset = true;
    if (get('checkpoint', 'recovery_rank_shift') === true) w.notModelled.push('DLIO recovery_rank_shift (each rank reading another rank\'s shard back) is not simulated: ranks read their own shards');
    if (get('checkpoint', 'fsync') === false) w.notModelled.push('DLIO fsync: False (writes that may end in the page cache) is simulated as if synced: every checkpoint reaches the tier');
  }
  const preSd = get('reader', 'preprocess_time_stdev');
  if (typeof preSd === 'number' && preSd > 0) w.notModelled.push('the spread of the DLIO preprocess_time (preprocess_time_stdev) is not simulated: every sample takes the mean');
  return issues.length ? { issues } : { workload: w, issues };
}

/**
 * DLIO's shuffling as tiersim's dataset.shuffle (it only matters with a node cache): file_shuffle and
 * sample_shuffle are off by default, and then every rank reads the same files in the same order each
 * epoch (none); shuffled with a seed that stays the same across epochs (seed_change_epoch: False, the
 * default is True), every rank reads the same share in another order each epoch (node); otherwise a
 * new random share of the whole dataset each epoch (global).
 */
function dlioShuffle(file: unknown, sample: unknown, seedChange: unknown): 'global' | 'node' | 'none' {
  const on = [file, sample].filter((x) => x !== undefined && x !== 'off' && x !== false);
  if (on.length === 0) return 'none';
  return on.every((x) => x === 'seed') && seedChange === false ? 'node' : 'global';
}
