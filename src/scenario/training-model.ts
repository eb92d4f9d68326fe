/**
 * A training workload's `model:` (parameters, weights' datatype, optimizer), read before the checks:
 * it gives the gradients exchanged every step and a checkpoint's size where the scenario does not,
 * and the training state each accelerator holds, which must fit in the accelerator's memory.
 */
import type { Issue } from '../issues.ts';
import type { AiTrainingSpec, ScenarioSpec } from './schema.ts';
import type { Catalog } from './catalog.ts';
import { DTYPE_BYTES, statePerAccelerator, activationsPerAccelerator, RECOMPUTE_SAID, type Recompute } from '../workloads/training-state.ts';
import { formatBytes } from '../units/format.ts';
import { didYouMean } from './messages.ts';

type Later = Omit<Issue, 'file'>;

/** The sharding levels, from none to the most (each holds less state per accelerator than the one before). */
const SHARDING_LEVELS = ['none', 'optimizer', 'gradients', 'node', 'full'] as const;

/** The catalog's fields of a network that `model:` takes where it does not give them. */
const NETWORK_FIELDS = ['parameters', 'layers', 'hidden', 'heads'] as const;

/**
 * Fills each training workload's `model:` from the catalog network it names (model.name), where
 * the model does not give a field; reports an unknown name, and a model with neither name nor
 * parameters.
 */
export function resolveTrainingModels(spec: ScenarioSpec, catalog: Catalog): Later[] {
  const out: Later[] = [];
  const networks = [...catalog.devices.values()].filter((d) => d.kind === 'neural-network');
  (spec.workloads ?? []).forEach((w, i) => {
    if (w.kind !== 'ai-training' || w.model === undefined) return;
    const m = w.model, path = ['workloads', i, 'model'];
    if (m.name !== undefined) {
      const net = catalog.devices.get(m.name);
      if (!net || net.kind !== 'neural-network') {
        out.push({ path: [...path, 'name'], message: net ? `"${m.name}" is a ${net.kind}, not a neural network` : `unknown network "${m.name}"`, hint: `${didYouMean(m.name, networks.map((d) => d.id), 'network')} (one of ${networks.map((d) => d.id).join(', ')}; or give parameters instead)` });
        return;
      }
      for (const k of NETWORK_FIELDS) {
        const v = net.params[k];
        if (m[k] === undefined && typeof v === 'number') m[k] = v;
      }
    }
    if (m.parameters === undefined) out.push({ path: [...path, 'parameters'], message: 'missing required key "parameters"', hint: `the model's parameters (e.g. 8.03e9), or name: a catalog network (${networks.map((d) => d.id).join(', ')})` });
  });
  return out;
}

/** Fills parallelism.gradientBytes and the checkpoint's model from `model:` where they are not given. */
export function deriveFromModel(spec: ScenarioSpec): void {
  for (const w of spec.workloads ?? []) {
    if (w.kind !== 'ai-training' || w.model?.parameters === undefined) continue;
    const m = w.model as typeof w.model & { parameters: number };
    if (w.parallelism && w.parallelism.gradientBytes === undefined) w.parallelism.gradientBytes = m.parameters * (DTYPE_BYTES[m.weights ?? 'fp32'] ?? 4);
    const ck = w.checkpoint;
    if (ck && ck.size === undefined && ck.parameters === undefined) {
      ck.parameters = m.parameters;
      if (ck.weights === undefined && m.weights !== undefined) ck.weights = m.weights;
      if (ck.optimizer === undefined && m.optimizer !== undefined) ck.optimizer = m.optimizer;
    }
  }
}

/** The training state one accelerator of `w` holds, with how it is split; null without model:. */
export function trainingStateOf(w: AiTrainingSpec, nodeCount: number, sharding = w.parallelism?.sharding ?? 'none'): { bytes: number; modelParallel: number; replicas: number } | null {
  if (w.model?.parameters === undefined) return null;
  const T = w.parallelism?.tensor ?? 1, P = w.parallelism?.pipeline ?? 1;
  const accelerators = nodeCount * w.acceleratorsPerNode;
  const replicas = w.parallelism ? Math.max(1, Math.floor(accelerators / (T * P))) : 1;
  // node (FSDP HYBRID_SHARD): all of it sharded over the node's accelerators only
  const weights = w.model.weights ?? 'fp32', optimizer = w.model.optimizer ?? 'adam';
  const n = w.model.parameters;
  const bytes = !w.parallelism ? statePerAccelerator(n, weights, optimizer, 1, 1, 'none')
    : sharding === 'node' ? statePerAccelerator(n, weights, optimizer, 1, w.acceleratorsPerNode, 'full')
      : statePerAccelerator(n, weights, optimizer, T * P, replicas, sharding);
  return { bytes, modelParallel: T * P, replicas: sharding === 'node' ? w.acceleratorsPerNode : replicas };
}

/** Tokens of the workload's samples: model.sequence, else compute.tokensPerSample. */
export function sequenceOf(w: AiTrainingSpec): number | undefined {
  return w.model?.sequence ?? w.compute?.tokensPerSample;
}

/**
 * The activations one accelerator of `w` holds for the backward pass (model.layers and hidden), or
 * null without them. A replica's microbatch: each accelerator's batch times the tensor x pipeline
 * accelerators of a replica, over the pipeline's microbatches.
 */
export function activationsOf(w: AiTrainingSpec, recompute: Recompute = w.model?.recompute ?? 'selective'): number | null {
  const m = w.model, s = sequenceOf(w);
  if (m?.layers === undefined || m.hidden === undefined || s === undefined || (recompute === 'none' && m.heads === undefined)) return null;
  const T = w.parallelism?.tensor ?? 1, P = w.parallelism?.pipeline ?? 1;
  const micro = P > 1 ? (w.parallelism?.microbatches ?? 4 * P) : 1;
  const microbatch = ((w.loader?.batchSize ?? 1) * T * P) / micro;
  return activationsPerAccelerator({ layers: m.layers, hidden: m.hidden, ...(m.heads !== undefined ? { heads: m.heads } : {}), sequence: s, recompute }, microbatch, T, P, micro);
}

/** What `model:` lacks for the activations it asks for (layers without hidden, no sequence length, ...). */
export function checkModel(spec: ScenarioSpec): Later[] {
  const out: Later[] = [];
  (spec.workloads ?? []).forEach((w, i) => {
    if (w.kind !== 'ai-training' || w.model === undefined) return;
    const m = w.model, path = ['workloads', i, 'model'];
    const tokens = w.compute?.tokensPerSample;
    if (m.sequence !== undefined && tokens !== undefined && tokens !== m.sequence) out.push({ path: [...path, 'sequence'], message: `the sequence (${m.sequence} tokens) differs from compute.tokensPerSample (${tokens})`, hint: 'give one of them: compute.tokensPerSample defaults to model.sequence' });
    const dims = m.layers !== undefined || m.hidden !== undefined;
    if (dims && m.hidden === undefined) out.push({ path: [...path, 'hidden'], message: 'missing required key "hidden": the activations need the hidden size with layers', hint: 'e.g. hidden: 4096 (Llama 3 8B); or leave layers out' });
    if (dims && m.layers === undefined) out.push({ path: [...path, 'layers'], message: 'missing required key "layers": the activations need the layers with hidden', hint: 'e.g. layers: 32 (Llama 3 8B); or leave hidden out' });
    if (dims && sequenceOf(w) === undefined) out.push({ path: [...path, 'sequence'], message: 'missing required key "sequence": the activations need the tokens of a sample', hint: 'model.sequence (or compute.tokensPerSample), e.g. 8192' });
    if (!dims && m.recompute !== undefined) out.push({ path: [...path, 'recompute'], message: 'recompute needs the model\'s layers and hidden size (it says how their activations are kept)', hint: 'give model.layers and model.hidden, or leave recompute out' });
    if (dims && m.recompute === 'none' && m.heads === undefined) out.push({ path: [...path, 'heads'], message: 'missing required key "heads": recompute: none keeps the attention scores, which grow with the heads', hint: 'e.g. heads: 32 (Llama 3 8B); or recompute: selective (FlashAttention)' });
  });
  return out;
}

/** The memory of the workload's accelerator (catalog), or undefined when it has none. */
export function acceleratorMemory(w: AiTrainingSpec, catalog: Catalog): { bytes: number; name: string } | undefined {
  const acc = w.accelerator !== undefined ? catalog.devices.get(w.accelerator) : undefined;
  const memId = acc?.params.memory;
  const mem = typeof memId === 'string' ? catalog.devices.get(memId) : undefined;
  const cap = mem?.params.capacity;
  return typeof cap === 'number' && acc ? { bytes: cap, name: acc.name } : undefined;
}

/**
 * Refuses a model whose training state does not fit in each accelerator's memory (the catalog
 * accelerator's, and its share of the nodes' hbm tier, whichever is less), naming the sharding
 * that would: the run holds it there (the hbm tier's peak used shows it).
 */
export function checkTrainingMemory(spec: ScenarioSpec, catalog: Catalog): Later[] {
  const out: Later[] = [];
  (spec.workloads ?? []).forEach((w, i) => {
    if (w.kind !== 'ai-training' || w.model?.parameters === undefined) return;
    const g = (spec.system.nodes ?? []).find((n) => n.id === w.nodes);
    if (!g) return;
    // the accelerator's own memory (catalog), and each accelerator's share of the nodes' accelerator-memory tier
    const acc = acceleratorMemory(w, catalog);
    const tier = (g.tiers ?? []).find((t) => t.kind === 'hbm');
    const limits = [
      ...(acc ? [{ bytes: acc.bytes, name: `the ${formatBytes(acc.bytes)} of the ${acc.name}` }] : []),
      ...(tier && typeof tier.capacity === 'number' ? [{ bytes: tier.capacity / w.acceleratorsPerNode, name: `each accelerator's ${formatBytes(tier.capacity / w.acceleratorsPerNode)} share of ${w.nodes}/${tier.id} (${formatBytes(tier.capacity)} for ${w.acceleratorsPerNode})` }] : []),
    ].sort((a, b) => a.bytes - b.bytes);
    const mem = limits[0];
    if (!mem) return;
    const nodes = Math.max(1, Math.floor((g.count ?? 1) / (w.ensemble ?? 1)));
    const state = trainingStateOf(w, nodes);
    if (!state) return;
    const recompute = w.model.recompute ?? 'selective';
    const acts = activationsOf(w) ?? 0;
    if (state.bytes + acts <= mem.bytes) return;
    const sharding = w.parallelism?.sharding ?? 'none';
    const split = [state.modelParallel > 1 ? `split ${state.modelParallel} ways by tensor x pipeline parallelism` : '', sharding === 'node' ? `sharded over the ${state.replicas} accelerators of a node` : sharding !== 'none' ? `sharded (${sharding}) over ${state.replicas} replicas` : ''].filter(Boolean).join(' and ');
    // what would fit: more sharding; else (or also) recomputing the activations in full
    const total = (s: typeof sharding, r: Recompute) => trainingStateOf(w, nodes, s)!.bytes + (activationsOf(w, r) ?? 0);
    const levels = w.parallelism ? SHARDING_LEVELS.slice(SHARDING_LEVELS.indexOf(sharding)) : [sharding];
    const options = [...levels.slice(1).map((s) => [s, recompute] as const), ...(acts > 0 && recompute !== 'full' ? levels.map((s) => [s, 'full' as Recompute] as const) : [])];
    const fits = options.find(([s, r]) => total(s, r) <= mem.bytes);
    // what the fitting option changes: [as written, the key]
    const changes = fits ? [...(fits[0] !== sharding ? [[`sharding: ${fits[0]}`, 'parallelism.sharding']] : []), ...(fits[1] !== recompute ? [['recompute: full', 'model.recompute']] : [])] : [];
    const hint = fits
      ? `${changes.map(([said]) => said).join(' with ')} would hold ${formatBytes(total(...fits))} per accelerator (${changes.map(([, key]) => key).join(', ')}${acts > 0 ? ', with the activations' : '; activations come on top'})`
      : w.parallelism
        ? `more accelerators to shard it over${sharding === 'full' ? '' : ' (sharding: full)'}, or tensor or pipeline parallelism${acts > 0 ? ', or a smaller batch' : ''}`
        : `train it data-parallel with its state sharded (parallelism: { sharding: full }), or with tensor or pipeline parallelism${acts > 0 ? ', or a smaller batch' : ''}`;
    const model = `${(w.model.parameters! / 1e9).toPrecision(3)} billion parameters (${w.model.weights ?? 'fp32'} weights and gradients, ${w.model.optimizer ?? 'adam'} state)`;
    const held = acts > 0
      ? `${model} need ${formatBytes(state.bytes)} of training state${split ? ` (${split})` : ''} and ${formatBytes(acts)} of activations (${RECOMPUTE_SAID[recompute]}) per accelerator`
      : `the training state of ${model} is ${formatBytes(state.bytes)} per accelerator${split ? `, ${split}` : ''}`;
    // (at what the user wrote: the recompute given, else the model; its layers may come from its name)
    const at = acts > state.bytes ? (w.model.recompute !== undefined ? ['recompute'] : []) : ['parameters'];
    out.push({ path: ['workloads', i, 'model', ...at], message: `${held}: more than ${mem.name}`, hint });
  });
  return out;
}
