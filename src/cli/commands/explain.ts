/** `tiersim explain SCENARIO`: a plain-language walk through the result, with a measured what-if. */
import type { Streams } from '../io.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { runScenario, bottleneckClasses } from '../../scenario/run.ts';
import { explain, answerTime, type WhatIf } from '../../report/explain.ts';
import { describeResource } from '../../report/summary.ts';
import { parseOverrides } from '../../scenario/overrides.ts';
import { ExitCode } from '../errors.ts';
import { InputError } from '../../issues.ts';
import { trainingLimit, type TrainingFigures, type TrainingLimit } from '../../report/limited-by.ts';
import type { RunResult, Bottleneck } from '../../scenario/result.ts';
import { parseTierRef } from '../../topology/tier-ref.ts';
import { resourceClass } from '../../resources/classes.ts';
import { formatBytes } from '../../units/format.ts';

/** The scenario run again with the user's --set values and `extra` ones: a measured what-if. */
const runWith = (file: string, sets: string[] | undefined, extra: string[]) => runScenario(loadScenarioFile(file, { overrides: [...parseOverrides(sets, '--set'), ...parseOverrides(extra)] }));

/** The first training workload and its spec (index i), when its largest loss is `limit`; else null. */
function trainingLimitedBy(loaded: ReturnType<typeof loadScenarioFile>, base: RunResult, limit: TrainingLimit) {
  const i = base.workloads.findIndex((w) => w.kind === 'ai-training');
  if (i < 0 || loaded.format !== 'tiersim') return null;
  if (trainingLimit(base.workloads[i] as unknown as TrainingFigures).limit !== limit) return null;
  const spec = loaded.spec.workloads![i]!;
  return spec.kind === 'ai-training' ? { i, spec, nodes: loaded.spec.system.nodes ?? [] } : null;
}

/**
 * When a training run waits on its loaders' CPU work, the storage what-if misses the point: measure
 * twice the loader workers instead, and, on a node group with modelled cores, twice the cores too.
 */
function loaderWhatIfs(loaded: ReturnType<typeof loadScenarioFile>, base: RunResult, sets: string[] | undefined): WhatIf[] {
  const t = trainingLimitedBy(loaded, base, 'preprocessing');
  if (!t) return [];
  const { i, spec } = t;
  const n = spec.loader?.readThreads ?? 1;
  const more = Math.max(1, 2 * n);
  const run = (extra: string[]) => runWith(loaded.file, sets, extra);
  const out: WhatIf[] = [{ change: `${n === 0 ? 'One loader worker' : `Twice the loader workers (${n} → ${more})`} per accelerator`, result: run([`workloads[${i}].loader.readThreads=${more}`]) }];
  const g = t.nodes.findIndex((x) => x.id === spec.nodes);
  const cpus = g >= 0 ? t.nodes[g]!.cpus : undefined;
  if (cpus !== undefined) out.push({ change: `Twice the loader workers and twice the cores (${cpus} → ${2 * cpus})`, result: run([`workloads[${i}].loader.readThreads=${more}`, `system.nodes[${g}].cpus=${2 * cpus}`]) });
  return out;
}

/**
 * When checkpoints are a training run's largest loss, the flows' bottleneck (often the reads) is
 * beside the point: measure twice the write bandwidth of the checkpoint's tier, and, when the
 * training nodes have a local SSD, checkpoints written there and drained to that tier in the
 * background (the burst-buffer what-if).
 */
function checkpointWhatIfs(loaded: ReturnType<typeof loadScenarioFile>, base: RunResult, sets: string[] | undefined): WhatIf[] {
  const t = trainingLimitedBy(loaded, base, 'checkpoints');
  if (!t) return [];
  const { i, spec } = t;
  if (!spec.checkpoint) return [];
  const to = spec.checkpoint.to;
  const ref = parseTierRef(to);
  if (!ref) return [];
  const prefix = ref.group === undefined ? `${ref.tier}:` : `${ref.group}[*]/${ref.tier}:`;
  const writes = [...new Set(base.resources.map((r) => resourceClass(r.id)))].filter((c) => c.startsWith(prefix) && /write|combined/.test(c.slice(prefix.length)));
  const out: WhatIf[] = [];
  if (writes.length) out.push({ change: `Twice the write bandwidth of ${to} (${writes.map((c) => `\`${c}\``).join(', ')}), where the checkpoints go,`, result: runScenario(loaded, { scale: { resources: writes, factor: 2 } }) });
  const group = t.nodes.find((g) => g.id === spec.nodes);
  const ssd = group?.tiers?.find((t) => t.kind === 'ssd');
  if (ssd && spec.checkpoint.drainTo === undefined && ref.group === undefined) {
    const local = `${spec.nodes}/${ssd.id}`;
    const r = validRun(loaded.file, sets, [`workloads[${i}].checkpoint.to=${local}`, `workloads[${i}].checkpoint.drainTo=${to}`]);
    if (r) out.push({ change: `Writing the checkpoints to the nodes' ${ssd.id} (${local}) and draining them to ${to} in the background`, result: r });
  }
  // an asynchronous checkpoint: a snapshot from the accelerators' memory to host memory, then the
  // write to `to` behind training (when the nodes have both, and the checkpoint does not drain already)
  const hbm = group?.tiers?.find((t) => t.kind === 'hbm'), dram = group?.tiers?.find((t) => t.kind === 'dram');
  if (hbm && dram && spec.checkpoint.from === undefined && spec.checkpoint.drainTo === undefined && (ref.group === undefined || ref.tier !== dram.id)) {
    const r = validRun(loaded.file, sets, [`workloads[${i}].checkpoint.from=${spec.nodes}/${hbm.id}`, `workloads[${i}].checkpoint.to=${spec.nodes}/${dram.id}`, `workloads[${i}].checkpoint.drainTo=${to}`, `workloads[${i}].checkpoint.keep=1`]);
    if (r) out.push({ change: `Asynchronous checkpoints (a snapshot from the accelerators' ${hbm.id} to host ${dram.id}, then the write to ${to} in the background)`, result: r });
  }
  return out;
}

/** runWith, or null when the changed scenario is not valid (a checkpoint that does not fit there, say). */
function validRun(file: string, sets: string[] | undefined, extra: string[]): RunResult | null {
  try {
    return runWith(file, sets, extra);
  } catch (e) {
    if (e instanceof InputError) return null;
    throw e;
  }
}

/**
 * When a data-parallel training run waits mostly on its gradient all-reduce, the algorithm matters
 * as much as the links: measure the other algorithms (ring, tree, hierarchical), which may be
 * faster or slower on this system (sharded training: less sharding), and, when it goes in buckets,
 * buckets twice and half as large.
 */
function allReduceWhatIfs(loaded: ReturnType<typeof loadScenarioFile>, base: RunResult, sets: string[] | undefined): WhatIf[] {
  const t = trainingLimitedBy(loaded, base, 'communication');
  if (!t) return [];
  const { i, spec } = t;
  if (!spec.parallelism || (spec.parallelism.pipeline ?? 1) > 1) return [];
  const now = spec.parallelism.allReduce ?? 'ring';
  const sharding = spec.parallelism.sharding ?? 'none';
  // Sharded training's collectives are rings: measure less sharding instead (it needs the memory)
  const out: WhatIf[] = sharding !== 'none'
    ? ([['gradients', 'ZeRO-2: the parameters gathered once a step, after it'], ['none', 'DDP: the gradients all-reduced behind the backward pass, nothing gathered']] as const)
      .filter(([s]) => s !== sharding && !(s === 'gradients' && sharding === 'optimizer')).flatMap(([s, what]) => {
        // (with model:, a sharding whose state does not fit in the accelerators' memory is refused: skipped)
        const result = validRun(loaded.file, sets, [`workloads[${i}].parallelism.sharding=${s}`]);
        return result ? [{ change: `sharding: ${s} instead of ${sharding} (${what}; ${spec.model && spec.accelerator ? 'its training state fits in each accelerator\'s memory' : 'if each accelerator has the memory for it'})`, result }] : [];
      })
    : (['ring', 'tree', 'hierarchical'] as const).filter((a) => a !== now).map((a) => ({
      change: `The ${a} all-reduce instead of the ${now} one`,
      result: runWith(loaded.file, sets, [`workloads[${i}].parallelism.allReduce=${a}`]),
    }));
  // In buckets: larger ones pay the latency fewer times, smaller ones leave less after the compute
  const bucket = spec.parallelism.bucketSize;
  if (bucket !== undefined) {
    for (const [f, why] of [[2, 'the latency paid half as often'], [0.5, 'a smaller last bucket after the compute']] as const) {
      out.push({
        change: `Gradient buckets of ${formatBytes(bucket * f)} instead of ${formatBytes(bucket)} (${why})`,
        result: runWith(loaded.file, sets, [`workloads[${i}].parallelism.bucketSize=${Math.round(bucket * f)} B`]),
      });
    }
  }
  return out;
}

/**
 * Recalls that queue for a tape library's drives wait whatever the drives' rate: measure twice the
 * drives (when the waits add up to at least 5% of the run).
 */
function tapeWhatIfs(loaded: ReturnType<typeof loadScenarioFile>, base: RunResult, sets: string[] | undefined): WhatIf[] {
  if (loaded.format !== 'tiersim') return [];
  const storage = loaded.spec.system.storage ?? [];
  const out: WhatIf[] = [];
  for (const t of base.tiers) {
    const d = t.drives, k = storage.findIndex((s) => s.id === t.id);
    if (!d || k < 0 || d.meanWait * d.requests < 0.05 * answerTime(base)) continue;
    out.push({ change: `Twice the drives of the tape library \`${t.id}\` (${d.count} → ${2 * d.count})`, result: runWith(loaded.file, sets, [`system.storage[${k}].drives=${2 * d.count}`]) });
  }
  return out;
}

/**
 * When stragglers are a training run's largest loss (every step waits for the slowest replica),
 * measure half the spread of the time per batch: no resource is at fault, the spread is.
 */
function stragglerWhatIfs(loaded: ReturnType<typeof loadScenarioFile>, base: RunResult, sets: string[] | undefined): WhatIf[] {
  const t = trainingLimitedBy(loaded, base, 'stragglers');
  if (!t) return [];
  const { i, spec } = t;
  const half = spec.computeTimeSpread !== undefined ? [`workloads[${i}].computeTimeSpread=${spec.computeTimeSpread / 2}`]
    : spec.computeTimeStdev !== undefined ? [`workloads[${i}].computeTimeStdev=${spec.computeTimeStdev / 2} s`] : [];
  return half.length ? [{ change: 'Half the spread of the time per batch (stragglers: the slowest replica sets every step)', result: runWith(loaded.file, sets, half) }] : [];
}

/**
 * When the accelerators compute (almost) all the time, faster storage or network cannot help: the
 * planner's question is then what more of them would give. Measure twice the training nodes and
 * say how much of the doubling the run keeps (scaling efficiency: the exchanges grow, the compute
 * per step does not shrink).
 */
function scaleOutWhatIfs(loaded: ReturnType<typeof loadScenarioFile>, base: RunResult, sets: string[] | undefined): WhatIf[] {
  const t = trainingLimitedBy(loaded, base, 'compute');
  if (!t || t.spec.ensemble !== undefined) return [];
  const g = t.nodes.findIndex((x) => x.id === t.spec.nodes);
  const n = g >= 0 ? t.nodes[g]!.count ?? 1 : undefined;
  if (n === undefined) return [];
  const result = validRun(loaded.file, sets, [`system.nodes[${g}].count=${2 * n}`]);
  if (!result) return [];
  const efficiency = answerTime(base) / (2 * answerTime(result));
  const a = n * t.spec.acceleratorsPerNode;
  return [{ change: `Twice the nodes of \`${t.spec.nodes}\` (${n} → ${2 * n}, ${a} → ${2 * a} accelerators, so twice the global batch; ${Math.round(efficiency * 1000) / 10}% scaling efficiency)`, result }];
}

/**
 * Doubling the resource that set the rates longest may barely help: another one takes over at once
 * (two resources alike in capacity on one path), or the run is held elsewhere at other times. Then
 * measure the next ones too and report the one that helps most.
 */
function otherLimits(loaded: ReturnType<typeof loadScenarioFile>, base: RunResult, doubled: RunResult | null, scaled: string[]): WhatIf[] {
  if (!doubled) return [];
  const t0 = answerTime(base);
  const gain = (t0 - answerTime(doubled)) / t0;
  if (gain >= 0.1) return [];
  // a training run held back by anything but moving data (its reads, its exchanges) is answered by the what-ifs aimed at that
  if (base.workloads.some((w) => w.kind === 'ai-training' && !['storage', 'communication'].includes(trainingLimit(w as unknown as TrainingFigures).limit))) return [];
  const candidates = bottleneckClasses(base.resources).filter((c) => !scaled.includes(c.resource) && c.share >= 0.01).slice(0, 3);
  let best: WhatIf | null = null, bestGain = gain + 0.02;
  for (const c of candidates) {
    const twice = twiceTheDevice(loaded, base, c);
    const g = (t0 - answerTime(twice.result)) / t0;
    if (g > bestGain) {
      bestGain = g;
      const also = twice.scaled.slice(1).map((r) => `\`${r}\``).join(' and ');
      best = { change: `Doubling ${describeResource({ kind: c.kind, owner: c.owner, id: c.resource })} (\`${c.resource}\`${also ? `, with ${also}` : ''}) instead, which set the flows' rates ${Math.round(c.share * 100)}% of the time data was moving,`, result: twice.result };
    }
  }
  return best ? [best] : [];
}

/**
 * The run with a bottleneck doubled; if another limit of the same device binds at once (its combined
 * read+write bandwidth, a link's other direction), that too, so the what-if is "twice the device".
 */
function twiceTheDevice(loaded: ReturnType<typeof loadScenarioFile>, base: RunResult, b: Bottleneck): { result: RunResult; scaled: string[] } {
  const scaled = [b.resource];
  // a link is doubled both ways (its other direction is often what binds next)
  const twin = b.resource.endsWith(':rx') ? b.resource.slice(0, -3) : `${b.resource}:rx`;
  if (base.resources.some((r) => r.carried > 0 && resourceClass(r.id) === twin && resourceClass(r.owner) === b.owner)) scaled.push(twin);
  let result = runScenario(loaded, { scale: { resources: scaled, factor: 2 } });
  for (let i = 0; i < 2 && result.bottleneck && result.bottleneck.owner === b.owner && !scaled.includes(result.bottleneck.resource); i++) {
    scaled.push(result.bottleneck.resource);
    result = runScenario(loaded, { scale: { resources: scaled, factor: 2 } });
  }
  return { result, scaled };
}

export function explainCommand(file: string, sets: string[] | undefined, io: Streams): number {
  const loaded = loadScenarioFile(file, { overrides: parseOverrides(sets, '--set') });
  const base = runScenario(loaded);
  const twice = base.bottleneck ? twiceTheDevice(loaded, base, base.bottleneck) : null;
  const doubled = twice?.result ?? null, scaled = twice?.scaled ?? [];
  io.stdout(explain(base, doubled, scaled, [...loaderWhatIfs(loaded, base, sets), ...checkpointWhatIfs(loaded, base, sets), ...tapeWhatIfs(loaded, base, sets), ...allReduceWhatIfs(loaded, base, sets), ...stragglerWhatIfs(loaded, base, sets), ...scaleOutWhatIfs(loaded, base, sets), ...otherLimits(loaded, base, doubled, scaled)]));
  return ExitCode.OK;
}
