// Notebook source (percent format). Build the .ipynb with: npm run notebooks
// %% [markdown]
// # 9. Training a large language model: memory, sharding and time
//
// **What you will learn.** A 70-billion-parameter model does not fit in a GPU, not because of its
// weights alone but because training keeps gradients and the optimizer's state beside them. You will
//
// 1. count the **training state** each GPU holds, and see how ZeRO / FSDP **sharding** spreads it
//    over the data-parallel replicas (Rajbhandari et al., "ZeRO", SC 2020);
// 2. measure what each level of sharding costs on the network, and when the backward pass hides it;
// 3. estimate **how long pre-training takes** from the model, the tokens and the GPUs' sustained
//    rate (C = 6 × parameters × tokens), and check that the network and storage keep up.

// %%
import { loadScenarioFile, loadScenarioText, runScenario, summarize, formatPercent, formatDuration, chartBundle, tableBundle, statePerAccelerator, parseOverrides, InputError, formatIssue } from '../src/index.ts';
type Training = { projectedTime: number; stepTime: number; tokensPerSecond: number; acceleratorUtilization: number; stallFractions: { communication: number }; stateBytesPerAccelerator: number; accelerators: number };

// %% [markdown]
// ## What a GPU holds
//
// Mixed-precision training with Adam keeps, for every parameter, its bf16 weight (2 B) and bf16
// gradient (2 B), and in the optimizer an fp32 master copy of the weight and Adam's two fp32
// moments (12 B): **16 B a parameter**. Plain data parallelism keeps all of it on every GPU.
// ZeRO shards it over the N data-parallel replicas in three stages: the optimizer's state
// (`sharding: optimizer`, ZeRO-1), then the gradients too (`gradients`, ZeRO-2), then the weights
// too (`full`, ZeRO-3, PyTorch FSDP's FULL_SHARD). Here on 256 GPUs, for Llama 3's three sizes:

// %%
const models = [['Llama 3 8B', 8.03e9], ['Llama 3 70B', 70.55e9], ['Llama 3 405B', 405.9e9]] as const;
const levels = ['none', 'optimizer', 'gradients', 'full'] as const;
await Deno.jupyter.display(tableBundle(models.map(([name, p]) => ({
  model: name,
  ...Object.fromEntries(levels.map((s) => [`${s} (GB per GPU)`, (statePerAccelerator(p, 'bf16', 'adam', 1, 256, s) / 1e9).toFixed(1)])),
}))), { raw: true });

// %% [markdown]
// An A100 has 80 GB. Unsharded, even the 8B model's 128 GB does not fit; sharding the optimizer's
// state brings it to 32 GB. The 70B model needs ZeRO-3 (4.4 GB); ZeRO-2 still leaves 145 GB on
// every GPU, because each keeps all the bf16 weights. And all of this is before the
// **activations** of the forward pass, which the backward pass needs and which grow with the
// sequence length and the batch: the room left is what decides the batch a GPU can take.
// Korthikanti et al. (2022) count them for a transformer layer: 34 bytes per token and hidden
// unit when the attention scores are recomputed (or never stored, as FlashAttention does), only
// the layer's input, 2 bytes, when the whole layer is recomputed in the backward pass (activation
// checkpointing). For the 70B model's 80 layers of 8,192 and two sequences of 8,192 tokens that is
// 365 GB against 21.5 GB a GPU: at this size recomputing is not a choice.
//
// tiersim does this count when a training workload has a `model:` and an `accelerator:` (the
// activations with the model's `layers` and `hidden` size), and refuses what does not fit, with
// the least sharding (or recomputation) that does:

// %%
const pretraining = '../scenarios/llm-training/llama3-70b-pretraining.yaml';
try {
  loadScenarioFile(pretraining, { overrides: parseOverrides(['workloads[0].parallelism.sharding=gradients']) });
} catch (e) {
  if (!(e instanceof InputError)) throw e;
  console.log(e.issues.map((i) => formatIssue({ ...i, file: 'llama3-70b-pretraining.yaml' })).join('\n'));
}

// %% [markdown]
// ## What sharding costs on the wire
//
// Data parallelism all-reduces the gradients every step: a reduce-scatter and an all-gather, each
// moving (N − 1)/N of the gradients past every GPU (2Ψ in the ZeRO paper's terms, Ψ parameters).
// ZeRO-1 and ZeRO-2 move the same: the gradients are reduce-scattered while the backward pass runs,
// and after the step each GPU's updated shard of the weights is all-gathered (as DeepSpeed does it),
// which the next step waits for. ZeRO-3 moves half as much again (3Ψ): the weights are gathered for
// the forward pass and again for the backward pass, but both gathers can run *behind* the compute.
//
// Llama 3 8B on 4 DGX A100 (32 GPUs), one sequence of 8,192 tokens per GPU a step (3.16 s of
// compute at 40% of the bf16 peak), with the network port of each node from 50 Gbit/s to 1.6 Tbit/s:

// %%
const llm8b = (nic: number, sharding: string) => runScenario(loadScenarioText(`name: llm8b
system:
  base: dgx-a100-cluster
  nodes:
    - { id: dgx, count: 4, nic: { bandwidth: ${nic} GB/s } }
workloads:
  - kind: ai-training
    id: llama3-8b
    nodes: dgx
    acceleratorsPerNode: 8
    accelerator: a100
    model: { parameters: 8.03e9, weights: bf16, optimizer: adam }
    compute: { tokensPerSample: 8192, precision: bf16, efficiency: 0.4 }
    dataset: { location: dgx/nvme, to: dgx/dram, samples: 640, sampleSize: 32 KiB, samplesPerFile: 1024 }
    loader: { batchSize: 1 }
    epochs: 1
    parallelism: { sharding: ${sharding}, overlap: 0.6667 }
`, 'llm8b.yaml')).workloads[0] as unknown as Training;
const nics = [6.25, 12.5, 25, 50, 100, 200];
const wire = nics.flatMap((nic) => (['optimizer', 'full'] as const).map((s) => {
  const w = llm8b(nic, s);
  return { nic, sharding: s === 'optimizer' ? 'ZeRO-1/2 (gather after the step)' : 'ZeRO-3 (gathers behind the compute)', step: w.stepTime, exposed: w.stallFractions.communication };
}));
await Deno.jupyter.display(await chartBundle({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  title: { text: 'Step time of Llama 3 8B on 32 A100s against the network', subtitle: 'one 8,192-token sequence per GPU a step; 3.16 s of compute; simulated' },
  width: 420, height: 240,
  data: { values: wire },
  mark: { type: 'line', point: true },
  encoding: {
    x: { field: 'nic', type: 'quantitative', scale: { type: 'log', base: 2 }, title: 'network port per node (GB/s, log scale)' },
    y: { field: 'step', type: 'quantitative', title: 'time per step (s)', scale: { zero: false } },
    color: { field: 'sharding', title: null },
  },
  config: { font: 'DejaVu Sans', legend: { orient: 'bottom', labelLimit: 0 } },
}), { raw: true });
await Deno.jupyter.display(tableBundle(nics.map((nic) => ({
  'port (GB/s)': nic,
  'ZeRO-1/2 step (s)': wire.find((r) => r.nic === nic && r.sharding.startsWith('ZeRO-1'))!.step.toFixed(2),
  'ZeRO-1/2 exposed': formatPercent(wire.find((r) => r.nic === nic && r.sharding.startsWith('ZeRO-1'))!.exposed),
  'ZeRO-3 step (s)': wire.find((r) => r.nic === nic && r.sharding.startsWith('ZeRO-3'))!.step.toFixed(2),
  'ZeRO-3 exposed': formatPercent(wire.find((r) => r.nic === nic && r.sharding.startsWith('ZeRO-3'))!.exposed),
}))), { raw: true });

// %% [markdown]
// Read the table from the bottom. On the DGX A100's own 200 GB/s per node, ZeRO-3's 1.5 times the
// bytes cost nothing: the forward gather (16 GB of bf16 weights, 31/32 of it through each node's
// port) fits in the forward pass's 1.05 s, and the backward gather and reduce-scatter fit in the
// backward pass's 2.1 s. ZeRO-1/2's all-gather after the step is smaller but has nothing to hide
// behind: 2.4% of every step. As the port slows down, ZeRO-1/2's exposed gather grows in step
// with it, while ZeRO-3 stays hidden until its gathers outgrow the passes they hide behind (below
// 25 GB/s here), and then loses faster: at 6.25 GB/s (a 50 Gbit/s port) it is the slower one.
//
// Two caveats the model makes visible rather than hides. The simulated ZeRO-3 gathers each pass's
// weights as one transfer, perfectly prefetched; a real one gathers layer by layer and pays each
// layer's latency, so it falls between these two lines (`bucketSize` models those units: exercise 6). And the whole picture depends on the
// compute per step: with four sequences per GPU instead of one, every line above is flat.
//
// ## How long does pre-training take?
//
// The work of training a transformer is about 6 FLOPs per parameter per token (2 forward, 4
// backward; Kaplan et al., 2020). At a sustained fraction of the GPUs' peak (the **model FLOPs
// utilization**, MFU; large runs report 35–45%), the time follows. The bundled scenario trains a
// 70.55 B model (the catalog's `llama3-70b`) on 10 B tokens on the catalog's 32 DGX A100 at an assumed 40% MFU, with ZeRO-3,
// tokens read from Lustre and a checkpoint every 500 steps:

// %%
const run = runScenario(loadScenarioFile(pretraining));
console.log(summarize(run).split('\n\n').slice(1, 3).join('\n\n'));
const w = run.workloads[0] as unknown as Training;
const gpuHours = (w.projectedTime * w.accelerators) / 3600;
await Deno.jupyter.display(tableBundle([{
  'time for 10 B tokens': formatDuration(w.projectedTime),
  'tokens/s': Math.round(w.tokensPerSecond),
  'A100-hours': Math.round(gpuHours),
  'by hand: 6 N D / (256 x 312 TFLOP/s x 0.4)': formatDuration((6 * 70.55e9 * 1e10) / (256 * 312e12 * 0.4)),
  'A100-hours for 15 T tokens (x 1,500)': `${(gpuHours * 1500 / 1e6).toFixed(1)} M`,
}]), { raw: true });

// %% [markdown]
// The simulated time matches the hand formula to within the first step and the checkpoints: on
// this cluster the GPUs are the limit (AU 100%), not the network (ZeRO-3's exchanges hide behind
// the compute) nor Lustre (a few hundred kB/s of tokens, and a 988 GB checkpoint every ~8 hours
// written in seconds). That is the normal case for LLM pre-training, and it is why the questions a
// planner asks are about the MFU and the number of GPUs; the simulator earns its keep when one of
// the other parts is *not* fast enough: a slower network, a smaller batch per GPU, checkpoints to
// a slow tier, or a cluster shared with other jobs. Llama 3 70B was trained on 15 T tokens:
// at this rate 256 A100s would need the 14 M A100-hours above, about six years.
//
// ## Exercises
//
// 1. Llama 3 405B on the same 256 A100s: which sharding fits, and how much room does it leave
//    each GPU for activations? How many A100s would ZeRO-3 need for the state to take under
//    10 GB each?
// 2. Redo the network chart with four sequences per GPU (`batchSize: 4`, `samples: 2560`). Why
//    do the lines go flat? What does that say about choosing the batch per GPU?
// 3. Meta's model card gives 6.4 M H100-hours for Llama 3 70B on 15 T tokens. With the H100's
//    989 TFLOP/s bf16 peak, what MFU does that imply by 6 N D? Name two things that the 6 N D
//    count leaves out (hint: `tokensPerSample`'s description in docs/scenario-reference.md).
// 4. Give the pre-training scenario `tensor: 8, tensorBytes: 1 GB` and `sharding: optimizer`.
//    Does the state fit now (it is split 8 ways before it is sharded 32 ways)? What does the
//    summary say training waits for?
// 5. Run `npx tiersim explain scenarios/llm-training/llama3-70b-pretraining.yaml`. It measures
//    twice the nodes. Why is the scaling efficiency so close to 100%, and what would lower it?
// 6. FSDP gathers a model in units (its wrapped blocks). Give the ZeRO-3 runs of the network chart
//    `bucketSize: 500 MB` (about 32 units of the 16 GB of gradients) and redo the chart. Where does the
//    ZeRO-3 line move, and why does the first unit's gather always show?
// 7. Multi-node FSDP often shards inside each node only (`sharding: node`, FSDP's HYBRID_SHARD):
//    the gathers stay on NVLink and only the gradient shards' all-reduce crosses the network. How
//    much state does each GPU of the 8B run hold then? Add it to the network chart: where does its
//    line sit against the other two on slow ports and on fast ones, and why?
// 8. Set the pre-training scenario's `model.recompute` to `selective`: what does tiersim say? Then
//    find the largest number of 8,192-token sequences per GPU (`batchSize`) that fits with each
//    layer recomputed. Why do tensor parallelism (`tensor: 8`) and sharding shrink the
//    activations differently?
