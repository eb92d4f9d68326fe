/**
 * The training state of a transformer, as a checkpoint holds it, and how data, tensor and pipeline
 * parallelism with ZeRO shard it over the ranks that write it.
 *
 * Parameters of a Llama-style decoder (grouped-query attention, gated MLP, untied embeddings): per
 * layer the query and output projections (hidden x hidden each), the key and value projections
 * (hidden x kvHeads x hidden / heads each), three MLP matrices (hidden x ffn each: gate, up, down)
 * and two norms (hidden each); then the input embedding and the output head (vocab x hidden each)
 * and a final norm. Llama 3 70B (80 layers, 8192 / 28672, 64 heads, 8 KV heads, vocab 128256)
 * gives 70.55 billion, its published size.
 *
 * Bytes per parameter: the weights in the model's datatype, and Adam's state in the optimizer's:
 * momentum and variance, plus an fp32 master copy of the weights when the model is kept in a lower
 * precision (mixed precision: 2 + 12 = 14 B per parameter with fp16 weights; Rajbhandari et al.,
 * "ZeRO", SC 2020, section 3.1: "2Ψ + 2Ψ + KΨ" with K = 12 for mixed-precision Adam, the 2Ψ of
 * gradients not being saved).
 */

export interface TransformerDims {
  layers: number;
  hidden: number;
  ffn: number;
  heads: number;
  kvHeads: number;
  vocab: number;
}

export function transformerParameters(d: TransformerDims): number {
  const kv = (d.kvHeads * d.hidden) / d.heads;
  const perLayer = 2 * d.hidden * d.hidden + 2 * d.hidden * kv + 3 * d.hidden * d.ffn + 2 * d.hidden;
  return d.layers * perLayer + 2 * d.vocab * d.hidden + d.hidden;
}

/** Bytes per value of the datatypes DLIO names. */
export const DTYPE_BYTES: Record<string, number> = { fp8: 1, int8: 1, uint8: 1, int16: 2, uint16: 2, fp16: 2, bf16: 2, float16: 2, bfloat16: 2, int32: 4, uint32: 4, fp32: 4, float32: 4, int64: 8, uint64: 8, fp64: 8, float64: 8 };

export interface TrainingState {
  parameters: number;
  /** Bytes of the weights (model datatype). */
  weights: number;
  /** Bytes of the optimizer's state (optimizer datatype). */
  optimizer: number;
}

export function trainingState(parameters: number, modelDtype: string, optimizerDtype: string): TrainingState {
  const m = DTYPE_BYTES[modelDtype] ?? 2, o = DTYPE_BYTES[optimizerDtype] ?? 4;
  return { parameters, weights: parameters * m, optimizer: parameters * o * (m < o ? 3 : 2) };
}

/** Optimizers whose state a checkpoint holds: fp32 values per parameter (Adam: momentum and variance). */
export const OPTIMIZER_VALUES = { adam: 2, 'sgd-momentum': 1, sgd: 0, none: 0 } as const;
export type Optimizer = keyof typeof OPTIMIZER_VALUES;

/**
 * Bytes of a model's training state as a checkpoint holds it: the weights in their datatype, the
 * optimizer's fp32 state, and an fp32 master copy of weights kept in a lower precision (mixed
 * precision) when there is an optimizer. fp32 + Adam: 12 B a parameter; fp16 + Adam: 14 (ZeRO);
 * fp32 + SGD with momentum: 8.
 */
export function modelStateBytes(parameters: number, weights: string, optimizer: Optimizer): number {
  const w = DTYPE_BYTES[weights] ?? 4;
  const master = optimizer !== 'none' && w < 4 ? 4 : 0;
  return parameters * (w + master + 4 * OPTIMIZER_VALUES[optimizer]);
}

/**
 * Bytes each of `ranks` ranks writes of `state`, in rank order (tensor-parallel ranks adjacent, then
 * pipeline stages, then data-parallel replicas, as Megatron-DeepSpeed numbers them). A model replica
 * is tensor x pipeline ranks, each holding 1 / (tensor x pipeline) of the weights; ZeRO stage 1 or 2
 * spreads the optimizer state over every rank and the first replica writes the weights; stage 3
 * spreads both; stage 0 keeps everything in the first replica, which writes it all.
 */
export function shardBytes(state: TrainingState, ranks: number, tensor: number, pipeline: number, zeroStage: number): number[] {
  const mp = Math.max(1, Math.min(ranks, tensor * pipeline));
  return Array.from({ length: ranks }, (_, r) => {
    const first = r < mp;
    if (zeroStage >= 3) return (state.weights + state.optimizer) / ranks;
    if (zeroStage >= 1) return state.optimizer / ranks + (first ? state.weights / mp : 0);
    return first ? (state.weights + state.optimizer) / mp : 0;
  });
}

/** How data-parallel replicas share the training state (parallelism.sharding: ZeRO stages 1, 2 and 3). */
export type Sharding = 'none' | 'optimizer' | 'gradients' | 'full';

/**
 * Bytes of training state each accelerator holds: the weights, the gradients (in the weights'
 * datatype) and the optimizer's state with the fp32 master copy of lower-precision weights, split
 * `modelParallel` (tensor x pipeline) ways, and, as `sharding` says, `replicas` ways over the
 * data-parallel replicas (Rajbhandari et al., "ZeRO", SC 2020, section 5.1 and figure 1: with
 * mixed-precision Adam, K = 12, (2 + 2 + K) x parameters; optimizer state sharded: 2 + 2 + K / Nd;
 * and gradients: 2 + (2 + K) / Nd; and weights: (2 + 2 + K) / Nd). Activations and working buffers
 * come on top.
 */
export function statePerAccelerator(parameters: number, weights: string, optimizer: Optimizer, modelParallel: number, replicas: number, sharding: Sharding): number {
  const w = DTYPE_BYTES[weights] ?? 4;
  const k = modelStateBytes(1, weights, optimizer) - w; // master copy and optimizer values, per parameter
  const per = parameters / Math.max(1, modelParallel), d = Math.max(1, replicas);
  switch (sharding) {
    case 'optimizer': return per * (2 * w + k / d);
    case 'gradients': return per * (w + (w + k) / d);
    case 'full': return (per * (2 * w + k)) / d;
    default: return per * (2 * w + k);
  }
}

/** How a transformer's activations are kept for the backward pass (model.recompute). */
export type Recompute = 'none' | 'selective' | 'full';
/** Each way, as messages and the summary say it. */
export const RECOMPUTE_SAID: Record<Recompute, string> = { none: 'all kept', selective: 'attention recomputed', full: 'each layer recomputed' };

export interface ActivationModel {
  layers: number;
  hidden: number;
  /** Attention heads (only the attention scores need them: recompute none). */
  heads?: number;
  /** Tokens of a sample (the sequence length). */
  sequence: number;
  recompute: Recompute;
}

/**
 * Bytes of activations one accelerator holds for the backward pass of a transformer trained in
 * 16-bit, from Korthikanti et al., "Reducing Activation Recomputation in Large Transformer Models"
 * (MLSys 2023, arXiv:2205.05198), section 4 and table 2. Per layer and microbatch of b sequences
 * of s tokens, hidden size h, a heads, split t ways by tensor parallelism with sequence parallelism:
 *   none:      s b h (34 + 5 a s / h) / t   (the attention scores and their softmax and dropout kept)
 *   selective: 34 s b h / t                 (those recomputed; FlashAttention keeps the same)
 *   full:      2 s b h / t                  (only each layer's input; the layer recomputed)
 * With p pipeline stages and 1F1B scheduling the first stage holds min(m, p) microbatches of its
 * L / p layers (m microbatches a step): L layers' worth for m >= p, whatever p (section 4.2.3).
 * The embeddings, the output layer's logits and working buffers come on top. The paper's layer is
 * GPT's (a 4h MLP); a gated MLP of similar parameters holds about as much.
 */
export function activationsPerAccelerator(m: ActivationModel, microbatch: number, tensor: number, pipeline: number, microbatches: number): number {
  const { sequence: s, hidden: h } = m, t = Math.max(1, tensor), p = Math.max(1, pipeline);
  const sbh = s * microbatch * h;
  const perLayer = m.recompute === 'full' ? 2 * sbh : m.recompute === 'selective' ? 34 * sbh : sbh * (34 + (5 * (m.heads ?? 0) * s) / h);
  return ((perLayer / t) * m.layers * Math.min(Math.max(1, microbatches), p)) / p;
}
