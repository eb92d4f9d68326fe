/**
 * `tiersim dlio WORKLOAD --system SYSTEM`: run a DLIO / MLPerf Storage workload file on a catalog
 * system (or the system of a scenario file) without writing a scenario: a training workload reads
 * its dataset from the system's shared storage, a checkpoint-only one (the llama3 files) writes its
 * checkpoints there. --write-scenario saves the scenario it ran, to edit and re-run.
 */
import { basename, dirname, relative, resolve } from 'node:path';
import type { Streams } from '../io.ts';
import { InputError, type Issue } from '../../issues.ts';
import { readDlio, type DlioWorkload } from '../../scenario/dlio.ts';
import { systemSection, runGenerated, withScenarioFile, placement, type Raw } from '../generated-scenario.ts';
import { seek } from '../../scenario/seek.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { datasetBytes, prefetchBytes } from '../../scenario/dataset-size.ts';
import { parseOverrides } from '../../scenario/overrides.ts';
import { markdownTable } from '../../report/table.ts';
import { ExitCode } from '../errors.ts';
import { parseQuantity } from '../../units/quantity.ts';
import { MAX_COUNT } from '../../scenario/fields.ts';
import { formatBytes, formatPercent } from '../../units/format.ts';

export interface DlioArgs {
  workload: string;
  system: string;
  nodes?: string;
  nodeCount?: number;
  acceleratorsPerNode?: number;
  samples?: number;
  worldRanks?: number;
  maxAccelerators?: boolean;
  accelerator?: string;
  storage?: string;
  writeScenario?: string;
  json?: boolean;
  out?: string;
  set?: string[];
}

/** MLPerf Storage's training workloads (DLIO model names), whose datasets its rules size; other DLIO files run as written. */
const MLPERF_TRAINING = new Set(['unet3d', 'resnet50', 'cosmoflow']);

/**
 * The dataset as MLPerf Storage sizes it (validation B.2: at least 500 steps an epoch, and 5 x the
 * host memory of the nodes), for MLPerf's own workloads whose file describes less; at most
 * MAX_SAMPLES. Null when the file's dataset stands; `note` says what was done.
 */
function mlperfSamples(d: DlioWorkload, perNode: number, count: number, dram: number): { samples: number; note: string } | null {
  if (d.checkpointOnly || d.sampleSize === undefined || !MLPERF_TRAINING.has(d.name ?? '')) return null;
  const perFile = d.samplesPerFile ?? 1;
  // (a datagen file has no batch: only the memory rule)
  const need = Math.max(500 * (d.batchSize ?? 0) * perNode * count, Math.ceil((5 * count * dram) / d.sampleSize));
  if ((d.samples ?? 0) >= need) return null;
  const samples = Math.ceil(need / perFile) * perFile;
  const why = `${d.batchSize !== undefined ? `at least 500 steps an epoch on ${count * perNode} accelerators and ` : ''}5 x the nodes' ${formatBytes(count * dram)} of memory; the file says ${(d.samples ?? 0).toLocaleString('en-US')}`;
  if (samples <= MAX_SAMPLES) return { samples, note: `the dataset is sized as MLPerf Storage sizes it: ${samples.toLocaleString('en-US')} samples (${formatBytes(samples * d.sampleSize)}: ${why})` };
  // small records on many nodes (ResNet-50's 115 kB on 32 DGX A100): the memory rule asks for more
  // samples than a dataset here may have. The generated scenario models no page cache, so only the
  // epoch's length changes; say so.
  const capped = Math.max(d.samples ?? 0, Math.floor(MAX_SAMPLES / perFile) * perFile);
  return { samples: capped, note: `MLPerf Storage's sizing rule asks for ${samples.toLocaleString('en-US')} samples (${why}); tiersim takes at most ${MAX_SAMPLES.toLocaleString('en-US')}, so the dataset is ${capped.toLocaleString('en-US')} samples (${formatBytes(capped * d.sampleSize)}). No page cache is modelled here, so only the length of an epoch changes` };
}

/** The most samples a dataset may have (the scenario schema's limit on counts). */
const MAX_SAMPLES = MAX_COUNT;

/**
 * A checkpoint-only file's ranks, in the command's terms (--node-count, --accelerators-per-node,
 * --world-ranks) rather than the generated scenario's: whole model replicas (tensor x pipeline
 * ranks) unless the ranks are one part of a larger job (--world-ranks, MLPerf's subset mode).
 */
function checkRanks(d: DlioWorkload, a: DlioArgs, nodes: number, perNode: number): void {
  const name = basename(a.workload);
  const ranks = nodes * perNode;
  const t = d.transformer;
  const mp = t ? t.tensor * t.pipeline : 1;
  const jobs = 'MLPerf Storage v2.0 runs llama3-8b on 8 ranks, 70b on 64, 405b on 512, 1t on 1024';
  const issues: Issue[] = [];
  if (a.worldRanks === undefined) {
    if (d.subset) issues.push({ file: '--world-ranks', path: [], message: `${name} checkpoints in subset mode (these ${ranks} ranks are one part of a larger job): say how many ranks the whole job has`, hint: `e.g. --world-ranks ${Math.max(mp, ranks)}; ${jobs}` });
    else if (ranks % mp !== 0) {
      const one = mp % perNode === 0 ? ` (--node-count ${mp / perNode})` : '';
      issues.push({ file: '--node-count', path: [], message: `${nodes} node${nodes === 1 ? '' : 's'} x ${perNode} ranks = ${ranks} ranks, not a whole number of ${name}'s model replicas: tensor ${t!.tensor} x pipeline ${t!.pipeline} = ${mp} ranks each`, hint: `use a multiple of ${mp} ranks: one replica is ${mp}${one}; or --world-ranks N to simulate these ${ranks} ranks as the first of an N-rank job (MLPerf's subset mode; ${jobs})` });
    }
  } else if (a.worldRanks < ranks || a.worldRanks % mp !== 0) {
    issues.push({ file: '--world-ranks', path: [], message: a.worldRanks < ranks ? `a job of ${a.worldRanks} ranks cannot have the ${ranks} ranks simulated here (${nodes} nodes x ${perNode})` : `${a.worldRanks} ranks are not a whole number of ${name}'s model replicas (tensor x pipeline = ${mp} ranks)`, hint: `the whole job's ranks, a multiple of ${mp} and at least ${ranks}; ${jobs}` });
  }
  if (issues.length) throw new InputError(issues);
}

/**
 * DLIO's datagen step (MLPerf's *_datagen.yaml) as writes: the nodes' ranks write the dataset's
 * files from host memory to the storage, each node its share (DLIO gives rank r the files r, r +
 * ranks, ...), `perNode` at a time; file sizes spread as the records do (a file of k records:
 * coefficient of variation stdev / (mean x sqrt k)).
 */
function generation(file: string, d: DlioWorkload, samples: number | undefined, nodes: string, group: Raw, count: number, perNode: number, tier: string, id: string, io: Streams): Raw {
  const perFile = d.samplesPerFile ?? 1;
  const files = Math.ceil((samples ?? d.samples ?? perFile) / perFile);
  const dram = ((group.tiers ?? []) as Raw[]).find((t) => t.kind === 'dram');
  const fileBytes = perFile * (d.sampleSize ?? 0) + (d.recordOverhead ?? 0) * perFile;
  const issues: Issue[] = [];
  if (!d.sampleSize) issues.push({ file, path: ['dataset', 'record_length_bytes'], message: 'no record size: nothing to write', hint: 'give dataset.record_length_bytes (or record_dims)' });
  if (!dram) issues.push({ file: '--nodes', path: [], message: `node group "${nodes}" has no dram tier to write the generated files from`, hint: 'pick a node group with host memory' });
  if (issues.length) throw new InputError(issues);
  const perNodeFiles = Math.max(1, Math.ceil(files / count));
  const cv = d.sampleSizeStdev && d.sampleSize ? Math.min(1, d.sampleSizeStdev / (d.sampleSize * Math.sqrt(perFile))) : 0;
  io.stderr(`tiersim: ${id} only generates its dataset (DLIO's datagen step): simulated as ${count * perNode} ranks writing ${files.toLocaleString('en-US')} files (${formatBytes(files * fileBytes)}) to ${tier}, ${perNodeFiles.toLocaleString('en-US')} from each node, ${perNode} at a time\n`);
  return {
    kind: 'transfers', id: `${id}-datagen`,
    moves: [{ id: 'generate', from: `${nodes}/${String(dram!.id)}`, to: tier, size: `${perNodeFiles * fileBytes} B`, files: perNodeFiles, streams: Math.min(perNode, perNodeFiles), ...(cv > 0 ? { sizeSpread: Number(cv.toFixed(4)) } : {}) }],
  };
}

/** The accelerator a DLIO file is calibrated for, from MLPerf's file names (unet3d_a100.yaml). */
const acceleratorOf = (file: string) => /_(a100|h100|v100)(?:_|\.|$)/.exec(basename(file))?.[1];

export async function dlioCommand(a: DlioArgs, io: Streams): Promise<number> {
  const r = readDlio(resolve(a.workload));
  if (!r.workload) throw new InputError(r.issues);
  const d = r.workload;
  const { system, resolved } = systemSection(a.system);
  const { nodes, tier, group } = placement(resolved, a.system, a, ['pfs', 'burst-buffer']);
  if (a.nodeCount !== undefined) {
    // the group's node count: an entry merged by id over the catalog system's, or the scenario's own
    const own = (system.nodes as Raw[] | undefined)?.find((n) => n.id === nodes);
    if (own) own.count = a.nodeCount;
    else system.nodes = [...((system.nodes as Raw[] | undefined) ?? []), { id: nodes, count: a.nodeCount }];
  }
  if (a.maxAccelerators && d.checkpointOnly) throw new InputError([{ file: '--max-accelerators', path: [], message: `${basename(a.workload)} only checkpoints: there is no accelerator utilization to keep`, hint: '--max-accelerators is for training files (unet3d, resnet50, cosmoflow)' }]);
  // with --max-accelerators, the most tried: the dataset is sized for it, so every count has its 500 steps
  const perNode = a.acceleratorsPerNode ?? (a.maxAccelerators ? 64 : 8);
  const scenarioFile = a.writeScenario ? resolve(a.writeScenario) : null;
  const dlioRef = scenarioFile ? relative(dirname(scenarioFile), resolve(a.workload)) || basename(a.workload) : resolve(a.workload);
  const accelerator = a.accelerator ?? acceleratorOf(a.workload);
  const id = (d.name ?? basename(a.workload).replace(/\.[^.]*$/, '')).replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 60);
  // The dataset: --samples, else the file's; MLPerf Storage's workloads grown to its minimum
  // (validation B.2: at least 500 steps an epoch, and 5 x the host memory of the nodes) as MLPerf
  // runs size them.
  const count = Number(a.nodeCount ?? group?.count ?? 1);
  const dram = ((group?.tiers ?? []) as Raw[]).filter((t) => t.kind === 'dram').reduce((sum, t) => {
    const c = parseQuantity(t.capacity, 'size');
    return sum + (c.ok ? c.value : 0);
  }, 0);
  const sized = a.samples === undefined ? mlperfSamples(d, perNode, count, dram) : null;
  const samples = a.samples ?? sized?.samples;
  if (sized?.note && !a.maxAccelerators) io.stderr(`tiersim: ${sized.note}; --samples N to choose\n`);
  if (d.checkpointOnly) checkRanks(d, a, count, perNode);
  if (d.generateOnly && a.maxAccelerators) throw new InputError([{ file: '--max-accelerators', path: [], message: `${basename(a.workload)} only generates the dataset: there is no accelerator utilization to keep`, hint: 'use the workload\'s training file' }]);
  const workload: Raw = d.generateOnly
    ? generation(a.workload, d, samples, nodes, group, count, perNode, tier, id, io)
    : d.checkpointOnly
    ? { kind: 'checkpointing', id, dlio: dlioRef, nodes, ranksPerNode: perNode, to: tier, ...(a.worldRanks !== undefined ? { worldRanks: a.worldRanks } : {}) }
    : {
        kind: 'ai-training', id, dlio: dlioRef, nodes, acceleratorsPerNode: perNode,
        ...(accelerator ? { accelerator } : {}),
        dataset: { location: tier, ...(samples !== undefined ? { samples } : {}) },
        // the DLIO file's own checkpoints, to the same storage
        ...(d.checkpointOn ? { checkpoint: { to: tier } } : {}),
      };
  const doc = {
    name: `dlio-${id}`,
    description: `DLIO workload ${basename(a.workload)} on ${a.system} (written by tiersim dlio).`,
    system,
    workloads: [workload],
  };
  const o = { ...a, source: `the scenario built from ${basename(a.workload)} on ${a.system}` };
  if (!a.maxAccelerators) return runGenerated(doc, doc.name, o, io);
  // MLPerf Storage's question: the most accelerators (the same on every host) that keep AU at the threshold
  const au = d.au ?? 0.9;
  // each count tried gets its dataset sized as MLPerf sizes it for that many accelerators
  const sizeFor = (n: number) => {
    const x = a.samples === undefined ? mlperfSamples(d, n, count, dram) : null;
    return x ? [`workloads[0].dataset.samples=${x.samples}`] : [];
  };
  if (a.samples === undefined && MLPERF_TRAINING.has(d.name ?? '')) io.stderr(`tiersim: each count is run on a dataset sized as MLPerf Storage sizes it (500 steps an epoch, 5 x the nodes' memory); --samples N to fix it\n`);
  // MLPerf's dataset grows with the accelerators: counts whose dataset would not fit in the storage
  // cannot be run there (the storage must hold it), so the search stops below them
  let hi = perNode, capacity: number | undefined, memory: number | undefined;
  // what stopped the search below perNode: the nodes' host memory or the storage's capacity
  let limit: 'memory' | 'storage' | null = null;
  const answer = await withScenarioFile(doc, doc.name, o, io, (file) => {
    const loaded = loadScenarioFile(file, { overrides: [...parseOverrides(a.set, '--set'), ...parseOverrides([...sizeFor(1), 'workloads[0].acceleratorsPerNode=1'])] });
    if (loaded.format === 'tiersim') {
      // the loaders' prefetched batches of every accelerator of a node must fit in its host memory
      const w = loaded.spec.workloads?.[0] as { loader?: Parameters<typeof prefetchBytes>[0]; dataset?: Parameters<typeof prefetchBytes>[1] } | undefined;
      const mem = loaded.spec.system.nodes?.find((n) => n.id === nodes)?.tiers?.find((t) => t.kind === 'dram')?.capacity;
      const need = (n: number) => (w?.loader && w.dataset ? prefetchBytes(w.loader, w.dataset, n) : 0);
      if (mem !== undefined) {
        const before = hi;
        while (hi > 1 && need(hi) > mem * (1 + 1e-12)) hi--;
        if (hi < before) {
          [limit, memory] = ['memory', mem];
          io.stderr(`tiersim: more than ${hi} accelerators per node need more than the ${formatBytes(mem)} of ${nodes}/dram for their loaders' prefetched batches (${formatBytes(need(hi + 1))} for ${hi + 1}): not tried\n`);
        }
      }
    }
    if (loaded.format === 'tiersim' && a.samples === undefined) {
      capacity = loaded.spec.system.storage?.find((t) => t.id === tier)?.capacity;
      const ds = (loaded.spec.workloads?.[0] as { dataset?: Parameters<typeof datasetBytes>[0] } | undefined)?.dataset;
      const fits = (n: number) => { const x = mlperfSamples(d, n, count, dram); return capacity === undefined || !ds || !x || datasetBytes({ ...ds, samples: x.samples }) <= capacity; };
      const before = hi;
      while (hi > 1 && !fits(hi)) hi--;
      if (hi < before) {
        limit = 'storage';
        io.stderr(`tiersim: more than ${hi} accelerators per node need a dataset larger than ${tier} (${formatBytes(capacity!)}) by MLPerf's sizing: not tried\n`);
      }
    }
    return seek(file, 'workloads[0].acceleratorsPerNode', `1..${hi}`, `acceleratorUtilization >= ${au}`, { overrides: parseOverrides(a.set, '--set'), alongside: (n) => parseOverrides(sizeFor(n)), monotone: true });
  });
  const where = `${count} node${count === 1 ? '' : 's'} of ${a.system} reading from ${tier}`;
  if (a.json) {
    io.stdout(JSON.stringify({ workload: basename(a.workload), system: a.system, nodes: count, storage: tier, auThreshold: au, acceleratorsPerNode: answer.value, accelerators: answer.value === null ? null : answer.value * count, tried: `1..${hi}`, triedUpTo: limit === 'memory' ? 'host memory' : limit === 'storage' ? 'storage capacity' : 'accelerators per node', points: [...answer.points].sort((x, y) => x.value - y.value).map((p) => ({ acceleratorsPerNode: p.value, acceleratorUtilization: p.metric, meets: p.ok })) }, null, 1) + '\n');
    return ExitCode.OK;
  }
  const lead = answer.value === null
    ? `Not even 1 accelerator per node keeps AU >= ${formatPercent(au, 0)} on ${where}.`
    : answer.value === hi && limit !== null
      ? `Every count tried keeps AU >= ${formatPercent(au, 0)} on ${where}, up to **${hi} per node** (${hi * count} in all), ${limit === 'storage' ? `the most whose MLPerf-sized dataset fits in ${tier} (${formatBytes(capacity!)})` : `the most whose loaders' prefetched batches fit in the ${formatBytes(memory!)} of host memory of a node`}.`
    : answer.value === perNode
      ? `Every count tried keeps AU >= ${formatPercent(au, 0)} on ${where}, up to **${perNode} per node** (${perNode * count} in all): try more with --accelerators-per-node N.`
      : `The most accelerators per node that keep AU >= ${formatPercent(au, 0)}${d.au !== undefined ? ' (the file\'s threshold)' : ''} on ${where}: **${answer.value}** (${answer.value * count} in all; ${answer.evaluations} runs). The full report of that run: --accelerators-per-node ${answer.value}.`;
  io.stdout(`${lead}\n\nEvidence:\n\n${markdownTable(['accelerators per node', 'in all', 'AU', 'meets'], [...answer.points].sort((x, y) => x.value - y.value).map((p) => [String(p.value), String(p.value * count), formatPercent(p.metric), p.ok ? 'yes' : 'no']), ['r', 'r', 'r', 'l'])}\n`);
  return ExitCode.OK;
}
