/**
 * Loading a scenario: file -> text -> data (YAML or JSON) -> overrides -> format detection ->
 * schema validation -> cross-reference checks. Every problem found is returned, each with the
 * file, line and column, the path in the document, and a hint; nothing is executed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type * as z from 'zod';
import { parseText, MAX_DOCUMENT_BYTES, type ParsedDocument } from './parse.ts';
import { type Issue, InputError } from '../issues.ts';
import { closest, didYouMean, describeValue } from './messages.ts';
import { applyOverrides, type Override } from './overrides.ts';
import { ScenarioSpec, WORKLOAD_KINDS, PRECISIONS } from './schema.ts';
import { ReferenceSpec } from './reference-schema.ts';
import { checkScenario } from './check.ts';
import { checkReference } from './check-reference.ts';
import { resolveModels } from './resolve.ts';
import { applyBase } from './merge.ts';
import { readDlio, type DlioWorkload } from './dlio.ts';
import { loadTraceCached } from '../traces/load.ts';
import { basename, dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { loadCatalog } from './catalog.ts';
import { deriveFromModel, checkTrainingMemory, checkModel, resolveTrainingModels, sequenceOf } from './training-model.ts';
import { modelsDir, scenariosDir } from '../paths.ts';

export type LoadedScenario =
  | { format: 'tiersim'; file: string; spec: ScenarioSpec; data: unknown }
  | { format: 'reference'; file: string; spec: ReferenceSpec; data: unknown };

export interface LoadOptions {
  overrides?: readonly Override[];
}

/** Reads and validates a scenario file; throws InputError with every issue found. */
export function loadScenarioFile(file: string, options: LoadOptions = {}): LoadedScenario {
  let text: string;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new InputError([{ file, path: [], message: 'is a directory, not a scenario file', hint: 'give a .yaml or .json file' }]);
    if (st.size > MAX_DOCUMENT_BYTES) {
      throw new InputError([{ file, path: [], message: `the file is ${(st.size / 2 ** 20).toFixed(0)} MiB; scenario files are limited to ${MAX_DOCUMENT_BYTES / 2 ** 20} MiB`, hint: 'generate large cases with a generator (see the reference scale format) instead' }]);
    }
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read: ${(e as Error).message}`;
    throw new InputError([{ file, path: [], message, hint: code === 'ENOENT' ? 'check the path; `tiersim run` with no file runs the default scenario' : undefined }]);
  }
  return loadScenarioText(text, file, options);
}

/** Validates scenario text (YAML or JSON). `file` is used in messages and to guess the format. */
export function loadScenarioText(text: string, file: string, options: LoadOptions = {}): LoadedScenario {
  const overrides = (options.overrides ?? []).filter((o) => o.source !== undefined);
  if (overrides.length === 0) return loadText(text, file, options);
  try {
    return loadText(text, file, options);
  } catch (e) {
    // A problem at a value the user gave on the command line (--set, --vary) is reported there, not at the file's line.
    if (!(e instanceof InputError)) throw e;
    const key = (path: readonly (string | number)[]) => path.join('.');
    throw new InputError(e.issues.map((i) => {
      const o = i.file === file ? overrides.find((x) => key(i.path) === key(x.path) || key(i.path).startsWith(`${key(x.path)}.`)) : undefined;
      return o ? { ...i, file: o.source!, line: undefined, column: undefined } : i;
    }));
  }
}

function loadText(text: string, file: string, options: LoadOptions): LoadedScenario {
  const parsed = parseText(text, file);
  if (!parsed.doc) throw new InputError(parsed.issues);
  const doc = parsed.doc;
  let raw = doc.data;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'system' in raw) {
    const based = applyBase(raw as Record<string, unknown>, loadCatalog(modelsDir()), file);
    if (based.issues.length) {
      // The rest of the document is still checked for its own shape (a mistyped workload kind), so
      // every problem is reported at once; references into the unknown system cannot be checked.
      const rest: Issue[] = [];
      try {
        validate(ScenarioSpec, { ...(raw as Record<string, unknown>), system: {} }, doc, file);
      } catch (e) {
        if (e instanceof InputError) rest.push(...e.issues.filter((i) => i.path[0] !== 'system'));
      }
      throw new InputError([...based.issues.map((i) => position(i, doc)), ...rest]);
    }
    raw = based.data;
  }
  const { data, issues: setIssues } = applyOverrides(raw, options.overrides ?? [], file);
  if (setIssues.length) throw new InputError(setIssues);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError([{ file, line: 1, column: 1, path: [], message: `the document is ${describeValue(data)}, not a mapping`, hint: extname(file) === '.json' ? 'a scenario is a JSON object: { "name": ..., "system": ... }' : 'a scenario is a YAML mapping with keys such as name:, system:, workloads:' }]);
  }
  const keys = Object.keys(data as object);
  if (!('system' in (data as object)) && keys.length > 0 && keys.every((k) => ['model', 'framework', 'workflow', 'dataset', 'reader', 'train', 'evaluation', 'checkpoint', 'storage', 'metric', 'output', 'profiling'].includes(k))) {
    throw new InputError([{ file, line: 1, column: 1, path: [], message: 'this is a DLIO workload file, not a scenario', hint: 'run it on a catalog system with `tiersim dlio FILE --system dgx-a100-cluster`, or use it from a scenario: a workload with kind: ai-training (or checkpointing) and dlio: <this file> (see scenarios/mlperf-storage/)' }]);
  }
  const known = (k: string) => k in (ScenarioSpec as unknown as { shape: object }).shape || k in (ReferenceSpec as unknown as { shape: object }).shape;
  if (!keys.some((k) => STRUCTURAL_KEYS.has(k)) && keys.some((k) => !known(k))) {
    const odd = keys.filter((k) => !known(k));
    throw new InputError([{ file, line: 1, column: 1, path: [], message: `this is not a scenario: it has no system: or workloads:, no hosts, links or transfers, and keys no scenario has (${odd.slice(0, 5).map((k) => `"${k}"`).join(', ')}${odd.length > 5 ? ', ...' : ''})`, hint: 'a tiersim scenario has system: and workloads: (see scenarios/default.yaml); a reference-format case has hosts, links, routes, transfers or ios' }]);
  }
  const format = detectFormat(data as Record<string, unknown>);
  if (format === 'reference') {
    // (its cross-references are checked on the raw document too, to be reported with its other problems)
    const spec = validate(ReferenceSpec, data, doc, file, () => checkReference(data as ReferenceSpec));
    const more = checkReference(spec).map((i) => position({ ...i, file }, doc));
    if (more.length) throw new InputError(more);
    return { format, file, spec, data };
  }
  const misspelled = misspelledKinds(data);
  if (misspelled.length === 0) return loadScenarioData(data, doc, file);
  // A workload kind with one close match (ai-trainig) is reported, and the rest of the document is
  // checked as if it said that kind, so its other problems come out at once too.
  const corrected = structuredClone(data) as { workloads: Record<string, unknown>[] };
  for (const m of misspelled) corrected.workloads[m.index]!.kind = m.kind;
  const kindIssues: Issue[] = misspelled.map((m) => position({ file, path: ['workloads', m.index, 'kind'], message: `unknown workload kind ${JSON.stringify(m.written)}`, hint: `did you mean "${m.kind}"? (the rest of this workload was checked as kind: ${m.kind})` }, doc));
  let rest: Issue[] = [];
  try {
    loadScenarioData(corrected, doc, file);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    rest = e.issues;
  }
  const issues = [...kindIssues, ...rest.filter((i) => !misspelled.some((m) => i.path.length === 3 && i.path[0] === 'workloads' && i.path[1] === m.index && i.path[2] === 'kind'))];
  issues.sort(byPosition(file));
  throw new InputError(issues);
}

/** Other files' problems first (the scenario's own say "above" of them), then by position in `file`. */
function byPosition(file: string): (a: Issue, b: Issue) => number {
  return (a, b) => Number(a.file === file) - Number(b.file === file) || (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0);
}

/** Workloads whose kind is a string that is not a kind but is close to exactly one. */
function misspelledKinds(data: unknown): { index: number; written: string; kind: string }[] {
  const workloads = (data as { workloads?: unknown }).workloads;
  if (!Array.isArray(workloads)) return [];
  const out: { index: number; written: string; kind: string }[] = [];
  workloads.forEach((w, index) => {
    const written = w !== null && typeof w === 'object' ? (w as { kind?: unknown }).kind : undefined;
    if (typeof written !== 'string' || WORKLOAD_KINDS.includes(written)) return;
    const kind = closest(written, WORKLOAD_KINDS);
    if (kind !== undefined) out.push({ index, written, kind });
  });
  return out;
}

/** Validates a scenario-format document and resolves its catalog names, DLIO files and traces. */
function loadScenarioData(data: unknown, doc: ParsedDocument, file: string): LoadedScenario {
  const catalog = loadCatalog(modelsDir());
  const validated = validate(ScenarioSpec, data, doc, file, () => {
    // Checks that make sense on the document as written, reported with its structural problems: the
    // DLIO workload and trace files it names, catalog names, and references between the scenario's
    // parts (a mistyped tier or group name). Each is best effort on a document that failed validation.
    const raw = structuredClone(data) as ScenarioSpec;
    const later: Later[] = [];
    const attempt = (check: () => Later[]) => {
      try {
        later.push(...check());
      } catch {
        // too far from the schema for this check: the other problems stand alone
      }
    };
    attempt(() => applyDlio(raw, file));
    attempt(() => applyTraces(raw, file));
    attempt(() => {
      const found = resolveTrainingModels(raw, catalog);
      deriveFromModel(raw);
      return found;
    });
    attempt(() => checkScenario(raw, true));
    attempt(() => checkModel(raw));
    attempt(() => checkTrainingMemory(raw, catalog));
    return [...resolveModels(raw, catalog).issues, ...deriveCompute(raw, catalog), ...later];
  });
  const { spec, issues: deviceIssues } = resolveModels(validated, catalog);
  const modelIssues = [...deviceIssues, ...resolveTrainingModels(spec, catalog)];
  const dlioIssues = applyDlio(spec, file);
  if (dlioIssues.length) throw new InputError(dlioIssues.map((i) => (i.file === file ? position(i, doc) : i)));
  // A trace that cannot be read is reported together with the scenario's other problems.
  const traceIssues = applyTraces(spec, file).map((i) => (i.file === file ? position(i, doc) : i));
  const computeIssues = deriveCompute(spec, catalog);
  deriveFromModel(spec);
  const scenarioIssues = [...checkScenario(spec), ...checkModel(spec)];
  // the memory check needs a valid layout (tensor x pipeline dividing the accelerators)
  const memoryIssues = scenarioIssues.length ? [] : checkTrainingMemory(spec, catalog);
  const more = [...traceIssues, ...[...modelIssues, ...computeIssues, ...scenarioIssues, ...memoryIssues].map((i) => position({ ...i, file }, doc))];
  if (more.length) throw new InputError(more);
  return { format: 'tiersim', file, spec, data };
}

const MAX_POSITIONED = 200;

/** Fills ai-training workloads from their DLIO files (fields in the scenario win). */
function applyDlio(spec: ScenarioSpec, file: string): Issue[] {
  const issues: Issue[] = [];
  (spec.workloads ?? []).forEach((w, i) => {
    if ((w.kind !== 'ai-training' && w.kind !== 'checkpointing') || w.dlio === undefined) return;
    // Relative to the scenario file; else one of the DLIO files shipped in scenarios/ (so a copy of
    // a bundled scenario keeps working wherever it is edited).
    let path = resolvePath(dirname(file), w.dlio);
    if (!existsSync(path) && !isAbsolute(w.dlio) && existsSync(join(scenariosDir(), w.dlio))) path = join(scenariosDir(), w.dlio);
    const r = readDlio(path);
    if (!r.workload) {
      issues.push(...r.issues, { file, path: ['workloads', i, 'dlio'], message: `the DLIO workload ${w.dlio} has problems (above)` });
      return;
    }
    const d = r.workload;
    if (w.kind === 'checkpointing') {
      applyDlioCheckpointing(w, d);
      return;
    }
    if (d.generateOnly) {
      issues.push({ file, path: ['workloads', i, 'dlio'], message: `${w.dlio} only generates the dataset (DLIO's datagen step: workflow.train is False): it trains nothing`, hint: `use the workload's training file${d.name ? ` (MLPerf's ${d.name}_a100.yaml or ${d.name}_h100.yaml)` : ''}; \`tiersim dlio ${basename(w.dlio)} --system SYSTEM\` simulates writing the dataset` });
      return;
    }
    if (d.checkpointOnly) {
      issues.push({ file, path: ['workloads', i, 'dlio'], message: `${w.dlio} is a checkpoint-only DLIO workload (no dataset; it writes checkpoints and reads them back): it trains nothing`, hint: 'use it in a workload of kind: checkpointing (with nodes, ranksPerNode and to:), see scenarios/llm-checkpoint/' });
      return;
    }
    const ds = w.dataset as Record<string, unknown>;
    const fill = (o: Record<string, unknown>, k: string, v: unknown) => {
      if (o[k] === undefined && v !== undefined) o[k] = v;
    };
    fill(ds, 'samples', d.samples);
    fill(ds, 'sampleSize', d.sampleSize);
    fill(ds, 'samplesPerFile', d.samplesPerFile);
    fill(ds, 'sampleSizeStdev', d.sampleSizeStdev);
    fill(ds, 'recordOverhead', d.recordOverhead);
    fill(ds, 'shuffle', d.shuffle);
    const loader = (w.loader ?? {}) as Record<string, unknown>;
    fill(loader, 'batchSize', d.batchSize);
    fill(loader, 'readThreads', d.readThreads);
    fill(loader, 'prefetch', d.prefetch);
    fill(loader, 'preprocessTime', d.preprocessTime);
    fill(loader, 'readSize', d.readSize);
    fill(loader, 'copyBytesPerSample', d.resizedSize);
    (w as Record<string, unknown>).loader = loader;
    const wr = w as Record<string, unknown>;
    fill(wr, 'computeTime', d.computeTime);
    if (wr.computeTimeSpread === undefined) fill(wr, 'computeTimeStdev', d.computeTimeStdev);
    fill(wr, 'epochs', d.epochs);
    fill(wr, 'maxStepsPerEpoch', d.maxStepsPerEpoch);
    fill(wr, 'minAU', d.au);
    fill(wr, 'dlioName', d.name);
    const when = d.checkpointEvery;
    if (w.checkpoint) {
      // The scenario says where checkpoints go; the DLIO file, how big they are and when (if it checkpoints).
      const ck = w.checkpoint as Record<string, unknown>;
      fill(ck, 'size', d.modelSize);
      fill(ck, 'writers', when.writers);
      if (d.checkpointOn && ck.everyEpochs === undefined && ck.everySteps === undefined && ck.interval === undefined) {
        if (when.everySteps !== undefined) ck.everySteps = when.everySteps;
        else Object.assign(ck, { everyEpochs: when.everyEpochs, afterEpoch: ck.afterEpoch ?? when.afterEpoch });
      }
    }
    if (d.evaluation && w.evaluation === undefined) wr.evaluation = { ...d.evaluation };
    const notes = [...d.notModelled];
    const epochs = (wr.epochs as number | undefined) ?? d.epochs ?? 1;
    if (d.checkpointOn && !w.checkpoint && (when.everySteps !== undefined || when.afterEpoch <= epochs)) {
      notes.push(`the DLIO file turns on checkpoints (workflow.checkpoint: ${when.everySteps !== undefined ? `every ${when.everySteps} steps` : `after epoch ${when.afterEpoch}, then every ${when.everyEpochs}`}), which are simulated only when the workload says where they go: checkpoint: { to: TIER }`);
    }
    if (notes.length) wr.dlioNotes = notes;
  });
  return issues;
}

/**
 * A checkpointing workload from a DLIO checkpoint-only file: how many checkpoints are written and
 * read and how far apart, and (unless the scenario gives size) the training state of its
 * transformer model and how its parallelism shards it.
 */
function applyDlioCheckpointing(w: Record<string, unknown>, d: DlioWorkload): void {
  const fill = (k: string, v: unknown) => {
    if (w[k] === undefined && v !== undefined) w[k] = v;
  };
  fill('writes', d.checkpointsWrite && d.checkpointsWrite > 0 ? d.checkpointsWrite : undefined);
  fill('reads', d.checkpointsRead !== undefined && d.checkpointsRead >= 0 ? d.checkpointsRead : undefined);
  fill('interval', d.checkpointInterval);
  fill('dlioName', d.name);
  if (d.notModelled.length) w.dlioNotes = [...d.notModelled];
  if (d.subset) w.dlioSubset = true;
  if (d.transformer) w.dlioTransformer = d.transformer;
  else if (d.modelSize !== undefined) w.dlioModelSize = { bytes: d.modelSize, writers: d.checkpointEvery.writers };
}

/** Resolves each replay workload's trace path against the scenario and reads it (errors name the trace). */
function applyTraces(spec: ScenarioSpec, file: string): Issue[] {
  const issues: Issue[] = [];
  (spec.workloads ?? []).forEach((w, i) => {
    if (w.kind !== 'replay') return;
    const path = resolvePath(dirname(file), w.trace);
    try {
      loadTraceCached(path);
      (w as Record<string, unknown>).tracePath = path;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      issues.push(...e.issues, { file, path: ['workloads', i, 'trace'], message: `the trace ${w.trace} cannot be replayed (above)`, hint: 'a trace path in a scenario is relative to the scenario file' });
    }
  });
  return issues;
}

/** computeTime from FLOPs per sample and the accelerator's peak rate (catalog) × efficiency. */
function deriveCompute(spec: ScenarioSpec, catalog: ReturnType<typeof loadCatalog>): Omit<Issue, 'file'>[] {
  const out: Omit<Issue, 'file'>[] = [];
  const accs = [...catalog.devices.values()].filter((d) => d.kind === 'accelerator').map((d) => d.id);
  (spec.workloads ?? []).forEach((w, i) => {
    if (w.kind !== 'ai-training') return;
    // An accelerator is always a catalog model (a typo must not pass as a label), with or without compute:.
    const m = w.accelerator !== undefined ? catalog.devices.get(w.accelerator) : undefined;
    if (w.accelerator !== undefined && (!m || m.kind !== 'accelerator')) {
      out.push({ path: ['workloads', i, 'accelerator'], message: `unknown accelerator "${w.accelerator}"`, hint: `${didYouMean(w.accelerator, accs, 'accelerator')} (another accelerator needs an entry in models/devices/accelerators.yaml, with its sources; or leave accelerator: out and give computeTime)` });
      return;
    }
    if (w.compute === undefined) return;
    const path = ['workloads', i, 'compute'];
    if (w.computeTime !== undefined) {
      out.push({ path, message: 'give either computeTime or compute, not both' });
      return;
    }
    if (!m) {
      out.push({ path: ['workloads', i, 'accelerator'], message: 'compute from FLOPs needs accelerator:', hint: `one of ${accs.join(', ')}` });
      return;
    }
    const precision = w.compute.precision ?? 'fp32';
    const peak = m.params[precision];
    if (typeof peak !== 'number') {
      out.push({ path: [...path, 'precision'], message: `accelerator "${m.id}" has no ${precision} rate in the catalog`, hint: `it has: ${PRECISIONS.filter((k) => typeof m.params[k] === 'number').join(', ')}` });
      return;
    }
    // A transformer's training FLOPs: 6 per parameter per token (2 forward, 4 backward; Kaplan et
    // al., "Scaling Laws for Neural Language Models", 2020, section 2.1: C = 6ND)
    // (the model's sequence length, when compute: gives neither)
    const { flopsPerSample } = w.compute;
    const tokensPerSample = flopsPerSample === undefined ? sequenceOf(w) : w.compute.tokensPerSample;
    if ((flopsPerSample === undefined) === (tokensPerSample === undefined)) {
      out.push({ path: [...path, tokensPerSample === undefined ? 'flopsPerSample' : 'tokensPerSample'], message: tokensPerSample === undefined ? 'missing required key "flopsPerSample"' : 'give flopsPerSample or tokensPerSample, not both', hint: 'flopsPerSample: the work per sample, forward and backward; or tokensPerSample (or model.sequence) with model.parameters: 6 FLOPs per parameter per token' });
      return;
    }
    if (tokensPerSample !== undefined && w.model === undefined) {
      out.push({ path: [...path, 'tokensPerSample'], message: 'tokensPerSample needs the model\'s parameters', hint: 'give the workload model: { parameters: ... } or model: { name: ... } (6 FLOPs per parameter per token), or flopsPerSample' });
      return;
    }
    // (a model without parameters is reported by resolveTrainingModels)
    if (flopsPerSample === undefined && w.model?.parameters === undefined) return;
    const flops = flopsPerSample ?? 6 * w.model!.parameters! * tokensPerSample!;
    const batch = w.loader?.batchSize;
    if (batch === undefined) return; // reported as missing by checkScenario
    (w as Record<string, unknown>).computeTime = (batch * flops) / (peak * (w.compute.efficiency ?? 1));
  });
  return out;
}

/** Keys of which a scenario or a reference-format case has at least one (a document without any, and with keys of neither, is something else). */
const STRUCTURAL_KEYS = new Set(['system', 'workloads', 'hosts', 'links', 'routes', 'transfers', 'ios', 'generator']);

function detectFormat(d: Record<string, unknown>): 'tiersim' | 'reference' {
  if ('system' in d || 'workloads' in d) return 'tiersim';
  if ('hosts' in d || 'transfers' in d || 'ios' in d || 'generator' in d) return 'reference';
  if (d.kind === 'network' || d.kind === 'disk' || d.kind === 'mixed') return 'reference';
  return 'tiersim';
}

function position(i: Issue, doc: ParsedDocument, key = false): Issue {
  const p = doc.locate(i.path, key);
  return p ? { ...i, line: p.line, column: p.column } : i;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p as string];
  }
  return v;
}

/**
 * Checks `data` against the schema; on failure throws every structural problem, together with the
 * problems `more` finds in the raw document (unknown catalog names, say: a later stage would report
 * them only once the structure is right), except where they repeat a structural one.
 */
/** A problem found by the checks that run after validation; without a file, it is the scenario's. */
type Later = Omit<Issue, 'file'> & { file?: string };

function validate<T extends z.ZodType>(schema: T, data: unknown, doc: ParsedDocument, file: string, more?: () => Later[]): z.output<T> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const zi of r.error.issues) {
    const path = zi.path.filter((p): p is string | number => typeof p !== 'symbol');
    const i = toIssue(zi, path, data, file);
    const k = `${path.join('.')}|${i.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    // Positions cost a walk of the document each; a flood of issues gets them for the first few only.
    issues.push(issues.length < MAX_POSITIONED ? position(i, doc, (zi as { params?: { unknownKey?: boolean } }).params?.unknownKey === true) : i);
  }
  if (more) {
    let extra: Later[] = [];
    try {
      extra = more();
    } catch {
      // the raw document is too far from the schema for the later checks: the structural problems stand alone
    }
    const at = issues.map((i) => i.path.join('.'));
    for (const e of extra) {
      if (e.file !== undefined && e.file !== file) {
        issues.push(e as Issue); // a problem of another file (a DLIO workload, a trace), as that file's reader reported it
        continue;
      }
      const p = e.path.join('.');
      if (!at.some((q) => p === q || p.startsWith(`${q}.`) || q.startsWith(`${p}.`))) issues.push(position({ ...e, file }, doc));
    }
  }
  issues.sort(byPosition(file));
  throw new InputError(issues);
}

/** Words people use for tier kinds, mapped to tiersim's kind. */
const SYNONYMS: Record<string, { value: string; hint: string }> = {
  nvme: { value: 'ssd', hint: 'a node-local NVMe drive is kind "ssd"; NVMe over fabrics is "nvmeof"' },
  lustre: { value: 'pfs', hint: 'Lustre and GPFS are kind "pfs" (parallel file system)' },
  gpfs: { value: 'pfs', hint: 'Lustre and GPFS are kind "pfs" (parallel file system)' },
  s3: { value: 'object-store', hint: 'S3 is kind "object-store"' },
  datawarp: { value: 'burst-buffer', hint: 'DataWarp is kind "burst-buffer"' },
  bb: { value: 'burst-buffer', hint: 'write kind: burst-buffer' },
  memory: { value: 'dram', hint: 'host memory is kind "dram"; GPU memory is "hbm"' },
  gpu: { value: 'hbm', hint: 'GPU memory is kind "hbm"' },
};

function toIssue(zi: z.core.$ZodIssue, path: (string | number)[], data: unknown, file: string): Issue {
  const input = valueAt(data, path);
  const params = (zi as { params?: { hint?: string } }).params;
  switch (zi.code) {
    case 'invalid_type':
      if (input === undefined) {
        const key = path[path.length - 1];
        return { file, path, message: `missing required key "${String(key)}"`, hint: `add ${String(key)}: to ${path.length > 1 ? 'this entry' : 'the document'}` };
      }
      if (zi.message.startsWith('expected') && !zi.message.startsWith('Invalid')) return { file, path, message: zi.message };
      if (zi.expected === 'array') {
        const one = typeof input === 'string' || typeof input === 'number' ? `, e.g. ${String(path[path.length - 1])}: [${JSON.stringify(input)}]` : '';
        return { file, path, message: `expected a list, got ${describeValue(input)}`, hint: `a list is written [a, b] or as "- item" lines${one}` };
      }
      return { file, path, message: `expected ${zi.expected === 'union' ? 'a value of another type' : zi.expected === 'object' ? 'a mapping' : `a ${zi.expected}`}, got ${describeValue(input)}` };
    case 'invalid_value': {
      const options = zi.values.map(String);
      const synonym = typeof input === 'string' ? SYNONYMS[input.toLowerCase()] : undefined;
      const hint = synonym && options.includes(synonym.value) ? synonym.hint : typeof input === 'string' ? didYouMean(input, options, 'value') : undefined;
      return { file, path, message: `${describeValue(input)} is not allowed here (one of: ${options.map((o) => `"${o}"`).join(', ')})`, hint };
    }
    case 'invalid_union': {
      const disc = (zi as { note?: string; discriminator?: string }).discriminator;
      if (disc !== undefined || zi.message === 'unknown workload kind') {
        const kpath = path[path.length - 1] === 'kind' ? path : [...path, 'kind'];
        const kind = valueAt(data, kpath);
        return { file, path: kpath, message: kind === undefined ? 'missing required key "kind"' : `unknown workload kind ${typeof kind === 'string' ? JSON.stringify(kind) : describeValue(kind)}`, hint: typeof kind === 'string' ? didYouMean(kind, WORKLOAD_KINDS, 'kind') : 'say what kind of workload this is, e.g. kind: transfers' };
      }
      return { file, path, message: zi.message === 'Invalid input' ? `${describeValue(input)} is not valid here` : zi.message };
    }
    case 'too_small':
    case 'too_big': {
      if (zi.message.startsWith('Too ')) return { file, path, message: zi.code === 'too_small' ? `${describeValue(input)} is too small (minimum ${String(zi.minimum)})` : `${describeValue(input)} is too large (maximum ${String(zi.maximum)})` };
      const given = typeof input === 'number' ? `, not ${input}` : '';
      return { file, path, message: `${zi.message}${given}`, hint: zi.message === 'must be between 0 and 1' ? fractionHint(input) : undefined };
    }
    case 'invalid_format':
      return { file, path, message: `${describeValue(input)}: ${zi.message}` };
    default:
      return { file, path, message: zi.message, hint: params?.hint };
  }
}

/** A fraction out of range: most often a percentage written as a number. */
function fractionHint(input: unknown): string {
  return typeof input === 'number' && input >= 2 && input <= 100 ? `a fraction, not a percentage: ${input}% is ${input / 100}` : 'a fraction: 0 is none, 0.5 half, 1 all';
}
