/**
 * What each rank of a checkpointing workload writes: the scenario's size split evenly, or the DLIO
 * model's training state sharded by its parallelism (workloads/training-state.ts), or DLIO's
 * model_size written by rank 0 or by every rank.
 */
import type { CheckpointingSpec, AiTrainingSpec } from './schema.ts';
import type { DlioWorkload } from './dlio.ts';
import { trainingState, transformerParameters, shardBytes, modelStateBytes } from '../workloads/training-state.ts';

export interface CheckpointShards {
  rankBytes: number[];
  /** How the size was found, for the report. */
  source: string;
}

/** Null when nothing gives the size (reported by the checks). */
export function checkpointShards(w: CheckpointingSpec, ranks: number): CheckpointShards | null {
  const whole = wholeJob(w, Math.max(ranks, w.worldRanks ?? ranks));
  if (!whole || whole.rankBytes.length === ranks) return whole;
  const rankBytes = whole.rankBytes.slice(0, ranks);
  return { rankBytes, source: `${whole.source}; these ${ranks} ranks are the first of ${whole.rankBytes.length} (subset: ${((100 * rankBytes.reduce((a, b) => a + b, 0)) / whole.rankBytes.reduce((a, b) => a + b, 0)).toPrecision(3)}% of the checkpoint)` };
}

/** The shards of the whole job's `ranks` ranks. */
function wholeJob(w: CheckpointingSpec, ranks: number): CheckpointShards | null {
  const extra = w as Record<string, unknown>;
  const tr = extra.dlioTransformer as DlioWorkload['transformer'];
  const model = extra.dlioModelSize as { bytes: number; writers: 'rank0' | 'all' } | undefined;
  if (w.size !== undefined) return { rankBytes: Array.from({ length: ranks }, () => w.size! / ranks), source: 'the scenario\'s size, split evenly over the ranks' };
  if (tr) {
    const state = trainingState(transformerParameters(tr.dims), tr.modelDtype, tr.optimizerDtype);
    return {
      rankBytes: shardBytes(state, ranks, tr.tensor, tr.pipeline, tr.zeroStage),
      source: `the DLIO model: ${(state.parameters / 1e9).toFixed(2)} billion parameters, ${tr.modelDtype} weights and ${tr.optimizerDtype} Adam state (${((state.weights + state.optimizer) / state.parameters).toFixed(0)} B a parameter), tensor ${tr.tensor} x pipeline ${tr.pipeline}, ZeRO stage ${tr.zeroStage}`,
    };
  }
  if (model) {
    return { rankBytes: Array.from({ length: ranks }, (_, r) => (model.writers === 'all' || r === 0 ? model.bytes : 0)), source: `the DLIO model_size, written by ${model.writers === 'all' ? 'every rank' : 'rank 0'}` };
  }
  return null;
}

/** The model-parallel replica size the DLIO layout asks for (tensor x pipeline), if any: the whole job must be a multiple. */
export function replicaRanks(w: CheckpointingSpec): number {
  const tr = (w as Record<string, unknown>).dlioTransformer as DlioWorkload['transformer'];
  return w.size === undefined && tr ? tr.tensor * tr.pipeline : 1;
}

/**
 * What each writer of an ai-training checkpoint writes: `size` as given, else the training state of
 * `parameters` (modelStateBytes) written by rank 0, or split evenly over the job's `accelerators`
 * with writers: all. Undefined when neither is given (reported by the checks).
 */
export function trainingCheckpointSize(ck: NonNullable<AiTrainingSpec['checkpoint']>, accelerators: number): number | undefined {
  if (ck.size !== undefined) return ck.size;
  if (ck.parameters === undefined) return undefined;
  const state = modelStateBytes(ck.parameters, ck.weights ?? 'fp32', ck.optimizer ?? 'adam');
  return ck.writers === 'all' ? state / Math.max(1, accelerators) : state;
}
