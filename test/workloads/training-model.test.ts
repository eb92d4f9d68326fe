// A training workload's model: (parameters, weights, optimizer): the training state each accelerator
// holds (ZeRO's memory model), refused when it does not fit, and the gradients and checkpoints it sizes.
import { join } from 'node:path';
import { loadScenarioText, loadScenarioFile } from '../../src/scenario/load.ts';
import { parseOverrides } from '../../src/scenario/overrides.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { summarize } from '../../src/report/summary.ts';
import { statePerAccelerator, activationsPerAccelerator, transformerParameters } from '../../src/workloads/training-state.ts';
import { loadCatalog } from '../../src/scenario/catalog.ts';
import { modelsDir } from '../../src/paths.ts';
import { parallelScenario } from './parallel-scenario.ts';

describe('model: the training state', () => {
  test('per accelerator, as ZeRO\'s figure 1: 7.5 B parameters, mixed-precision Adam, 64 data-parallel replicas', () => {
    // Rajbhandari et al., SC 2020, figure 1: baseline 120 GB; optimizer states sharded 31.4 GB;
    // and gradients 16.6 GB; and parameters 1.9 GB
    const gb = (s: 'none' | 'optimizer' | 'gradients' | 'full') => statePerAccelerator(7.5e9, 'fp16', 'adam', 1, 64, s) / 1e9;
    expect(gb('none')).toBeCloseTo(120, 6);
    expect(gb('optimizer')).toBeCloseTo(31.41, 2);
    expect(gb('gradients')).toBeCloseTo(16.64, 2);
    expect(gb('full')).toBeCloseTo(1.875, 3);
    // fp32 + Adam: 16 B a parameter (4 weights, 4 gradients, 8 Adam); tensor x pipeline split it first
    expect(statePerAccelerator(1e9, 'fp32', 'adam', 8, 1, 'none')).toBeCloseTo(2e9, 0);
    expect(statePerAccelerator(1e9, 'fp32', 'sgd', 1, 1, 'none')).toBeCloseTo(8e9, 0);
  });

  // 4 nodes x 8 A100 80 GB (the node group needs the accelerator for its memory)
  const llm = (model: string, par: string, extra = '') => parallelScenario(4, 8, par).replace('    computeTime: 1 s', `    computeTime: 1 s\n    accelerator: a100\n    model: ${model}${extra}`);

  test('a state larger than the accelerator\'s memory is refused, with the least sharding that fits', () => {
    // 8 B parameters in bf16 with Adam: 16 B each = 128 GB, over 32 replicas
    expect(() => loadScenarioText(llm('{ parameters: 8e9, weights: bf16 }', '{ overlap: 0.5 }'), 'm.yaml')).toThrow(
      /workloads\[0\]\.model\.parameters: the training state of 8\.00 billion parameters \(bf16 weights and gradients, adam state\) is 128 GB per accelerator: more than the 80 GB of the NVIDIA A100 SXM 80 GB\n\s+hint: sharding: optimizer would hold 35 GB per accelerator/);
    // 70 B: ZeRO-1 (4 x 70 + 12 x 70 / 32 = 306 GB) and ZeRO-2 (2 x 70 + 14 x 70 / 32 = 171 GB) do not fit; ZeRO-3 does (35 GB)
    expect(() => loadScenarioText(llm('{ parameters: 70e9, weights: bf16 }', '{ overlap: 0.5, sharding: optimizer }'), 'm.yaml')).toThrow(/is 306 GB per accelerator, sharded \(optimizer\) over 32 replicas[\s\S]*hint: sharding: full would hold 35 GB per accelerator/);
    // with tensor parallelism 8 it is split 8 ways first: 4 replicas of 8 accelerators
    expect(() => loadScenarioText(llm('{ parameters: 70e9, weights: bf16 }', '{ overlap: 0.5, tensor: 8, tensorBytes: 1 GB }'), 'm.yaml')).toThrow(/is 140 GB per accelerator, split 8 ways by tensor x pipeline parallelism[\s\S]*hint: sharding: optimizer would hold 61\.3 GB/);
    // sharded inside each node of 8 (FSDP HYBRID_SHARD): 128 GB / 8 = 16 GB, whatever the node count
    const hybrid = runScenario(loadScenarioText(llm('{ parameters: 8e9, weights: bf16 }', '{ sharding: node }'), 'm.yaml')).workloads[0] as unknown as { stateBytesPerAccelerator: number };
    expect(hybrid.stateBytesPerAccelerator).toBeCloseTo(16e9, 0);
    // 70 B in bf16: 1.13 TB / 8 = 141 GB does not fit; the hint goes on to full sharding over all 32
    expect(() => loadScenarioText(llm('{ parameters: 70e9, weights: bf16 }', '{ sharding: node }'), 'm.yaml')).toThrow(/is 140 GB per accelerator, sharded over the 8 accelerators of a node[\s\S]*hint: sharding: full would hold 35 GB/);
    // 2 T parameters fit no sharding of 32 A100s: even fully sharded, 2e12 x 16 B / 32 = 1 TB each
    expect(() => loadScenarioText(llm('{ parameters: 2e12, weights: bf16 }', '{ overlap: 0.5 }'), 'm.yaml')).toThrow(/hint: more accelerators to shard it over \(sharding: full\), or tensor or pipeline parallelism/);
  });

  test('the gradients exchanged come from the model when gradientBytes is not given; without either, a clear error', () => {
    const step = (yaml: string) => (runScenario(loadScenarioText(yaml, 'm.yaml')).workloads[0] as unknown as { stepTime: number }).stepTime;
    // 1e9 bf16 parameters: 2 GB of gradients, as given explicitly
    expect(step(llm('{ parameters: 1e9, weights: bf16 }', '{ sharding: full }'))).toBeCloseTo(step(llm('{ parameters: 1e9, weights: bf16 }', '{ gradientBytes: 2 GB, sharding: full }')), 9);
    expect(step(llm('{ parameters: 1e9, weights: bf16 }', '{ sharding: full }'))).not.toBeCloseTo(step(llm('{ parameters: 1e9, weights: bf16 }', '{ gradientBytes: 4 GB, sharding: full }')), 3);
    expect(() => loadScenarioText(parallelScenario(2, 1, '{ overlap: 0.5 }'), 'm.yaml')).toThrow(/parallelism\.gradientBytes: missing required key "gradientBytes"\n\s+hint: .*or give the workload a model: \{ parameters: \.\.\. \} to derive them/);
  });

  test('result and summary: the state per accelerator beside the accelerator\'s memory; a checkpoint sized from the model', () => {
    const yaml = llm('{ parameters: 8e9, weights: bf16 }', '{ sharding: full }', '\n    checkpoint: { everySteps: 5, to: n/dram, writers: all }');
    const r = runScenario(loadScenarioText(yaml, 'm.yaml'));
    const w = r.workloads[0] as unknown as { stateBytesPerAccelerator: number; acceleratorMemory: number; checkpointSize: number };
    expect(w.stateBytesPerAccelerator).toBeCloseTo((8e9 * 16) / 32, 0);
    expect(w.acceleratorMemory).toBe(80e9);
    // the checkpoint: the training state without the gradients, 14 B a parameter, all of it across the writers
    expect(w.checkpointSize).toBeCloseTo(8e9 * 14, -3);
    expect(summarize(r)).toContain('Training state: 4 GB per accelerator (weights, gradients, optimizer state; ZeRO-3/FSDP), 5% of its 80 GB; activations come on top.');
  });

  test('compute from tokens: 6 FLOPs per parameter per token (C = 6ND)', () => {
    // 1e9 parameters, 4 samples of 2,048 tokens a step on an A100 in bf16 (312 TFLOP/s) at 40%:
    // 6 x 1e9 x 2048 x 4 / (312e12 x 0.4) = 0.3938 s
    const yaml = (compute: string, model = '\n    model: { parameters: 1e9, weights: bf16 }') => parallelScenario(1, 8, '{ gradientBytes: 1 kB, overlap: 1 }').replace('    computeTime: 1 s', `    accelerator: a100${model}\n    compute: ${compute}`).replace('batchSize: 1,', 'batchSize: 4,').replace('samples: 80,', 'samples: 320,');
    const w = runScenario(loadScenarioText(yaml('{ tokensPerSample: 2048, precision: bf16, efficiency: 0.4 }'), 'm.yaml')).workloads[0] as unknown as { stepTime: number; samplesPerSecond: number; tokensPerSecond: number };
    expect(w.tokensPerSecond).toBeCloseTo(w.samplesPerSecond * 2048, 6);
    expect(w.stepTime).toBeGreaterThanOrEqual((6 * 1e9 * 2048 * 4) / (312e12 * 0.4));
    expect(w.stepTime).toBeCloseTo((6 * 1e9 * 2048 * 4) / (312e12 * 0.4), 2);
    // the model's sequence length stands for tokensPerSample when compute: gives neither
    const seq = runScenario(loadScenarioText(yaml('{ precision: bf16, efficiency: 0.4 }', '\n    model: { parameters: 1e9, weights: bf16, sequence: 2048 }'), 'm.yaml')).workloads[0] as unknown as { stepTime: number; tokensPerSecond: number };
    expect(seq.stepTime).toBe(w.stepTime);
    expect(seq.tokensPerSecond).toBe(w.tokensPerSecond);
    // both, and not the same: which one is meant?
    expect(() => loadScenarioText(yaml('{ tokensPerSample: 2048, precision: bf16 }', '\n    model: { parameters: 1e9, sequence: 4096 }'), 'm.yaml')).toThrow(/model\.sequence: the sequence \(4096 tokens\) differs from compute\.tokensPerSample \(2048\)/);
    expect(() => loadScenarioText(yaml('{ tokensPerSample: 2048, precision: bf16 }', ''), 'm.yaml')).toThrow(/compute\.tokensPerSample: tokensPerSample needs the model's parameters/);
    expect(() => loadScenarioText(yaml('{ tokensPerSample: 2048, flopsPerSample: 1 TFLOP }'), 'm.yaml')).toThrow(/give flopsPerSample or tokensPerSample, not both/);
    expect(() => loadScenarioText(yaml('{ precision: bf16 }'), 'm.yaml')).toThrow(/compute\.flopsPerSample: missing required key "flopsPerSample"/);
  });

  test('the accelerators hold their state in the nodes\' hbm tier for the run; a tier too small for it is refused', () => {
    const file = join(import.meta.dirname, '..', '..', 'scenarios', 'llm-checkpoint', 'llama3-8b-training-async.yaml');
    const r = runScenario(loadScenarioFile(file));
    const w = r.workloads[0] as unknown as { stateBytesPerAccelerator: number };
    const hbm = r.tiers.filter((t) => t.id.endsWith('/hbm'));
    expect(hbm).toHaveLength(4);
    for (const t of hbm) expect(t.peakUsed).toBeCloseTo(8 * w.stateBytesPerAccelerator, 0);
    // 20 GB for 8 GPUs is 2.5 GB each, less than the 4.03 GB of state
    expect(() => loadScenarioFile(file, { overrides: parseOverrides(['system.nodes[0].tiers[0].capacity=20 GB']) })).toThrow(/is 4\.03 GB per accelerator, sharded \(full\) over 32 replicas: more than each accelerator's 2\.5 GB share of dgx\/hbm \(20 GB for 8\)\n\s+hint: more accelerators to shard it over, or tensor or pipeline parallelism/);
  });

  test('activations per accelerator, as Korthikanti et al. (2022) table 2: Llama 3 8B dimensions, 8,192 tokens', () => {
    const dims = { layers: 32, hidden: 4096, heads: 32, sequence: 8192 };
    const gb = (recompute: 'none' | 'selective' | 'full', b = 1, t = 1, p = 1, m = 1) => activationsPerAccelerator({ ...dims, recompute }, b, t, p, m) / 1e9;
    // selective: 34 sbh a layer; full: 2 sbh; none: sbh (34 + 5 a s / h) = 354 sbh here
    expect(gb('selective')).toBeCloseTo((34 * 8192 * 4096 * 32) / 1e9, 6);
    expect(gb('selective')).toBeCloseTo(36.51, 2);
    expect(gb('full')).toBeCloseTo(2.147, 3);
    expect(gb('none')).toBeCloseTo((354 * 8192 * 4096 * 32) / 1e9, 6);
    // linear in the microbatch, split by tensor parallelism (with sequence parallelism)
    expect(gb('selective', 2, 8)).toBeCloseTo(gb('selective') / 4, 6);
    // 1F1B pipeline: the first stage holds min(m, p) microbatches of L / p layers: L layers' worth once m >= p
    expect(gb('selective', 1, 1, 4, 8)).toBeCloseTo(gb('selective'), 6);
    expect(gb('selective', 1, 1, 4, 2)).toBeCloseTo(gb('selective') / 2, 6);
  });

  test('model layers and hidden size: the activations count against the memory, the hint names the recomputation that fits', () => {
    // 1e9 bf16 parameters fully sharded over 32 A100s (0.5 GB each), 2 sequences of 8,192 tokens,
    // 24 layers of 2,048: 34 x 8192 x 2 x 2048 x 24 = 27.4 GB kept (selective), 1.61 GB recomputing each layer
    const model = (extra: string) => `{ parameters: 1e9, weights: bf16, layers: 24, hidden: 2048, sequence: 8192${extra} }`;
    const yaml = (extra: string) => llm(model(extra), '{ sharding: full }').replace('batchSize: 1,', 'batchSize: 2,').replace('samples: 80,', 'samples: 160,');
    const r = runScenario(loadScenarioText(yaml(''), 'm.yaml'));
    const w = r.workloads[0] as unknown as { stateBytesPerAccelerator: number; activationBytesPerAccelerator: number; recompute: string; tokensPerSecond: number; samplesPerSecond: number };
    expect(w.activationBytesPerAccelerator).toBeCloseTo(34 * 8192 * 2 * 2048 * 24, -3);
    expect(w.recompute).toBe('selective');
    // the sequence gives tokens/s with the time per step given directly
    expect(w.tokensPerSecond).toBeCloseTo(w.samplesPerSecond * 8192, 6);
    // the accelerators hold state and activations in the nodes' hbm tier
    for (const t of r.tiers.filter((x) => x.id.endsWith('/hbm'))) expect(t.peakUsed).toBeCloseTo(8 * (w.stateBytesPerAccelerator + w.activationBytesPerAccelerator), -3);
    expect(summarize(r)).toContain('Memory: training state 500 MB per accelerator (weights, gradients, optimizer state; ZeRO-3/FSDP) and activations 27.4 GB (attention recomputed), together 35% of its 80 GB.');
    // keeping the attention scores too (none): 34 + 5 x 16 x 8192 / 2048 = 354 sbh a layer, 285 GB: refused, recompute: full fits
    expect(() => loadScenarioText(yaml(', heads: 16, recompute: none'), 'm.yaml')).toThrow(/workloads\[0\]\.model\.recompute: 1\.00 billion parameters \(bf16 weights and gradients, adam state\) need 500 MB of training state \(sharded \(full\) over 32 replicas\) and 285 GB of activations \(all kept\) per accelerator: more than the 80 GB of the NVIDIA A100 SXM 80 GB\n\s+hint: recompute: full would hold 2\.11 GB per accelerator \(model\.recompute, with the activations\)/);
    // what the activations need is reported all at once
    let message = '';
    try {
      loadScenarioText(llm('{ parameters: 1e9, layers: 24, recompute: none }', '{ sharding: full }').replace('{ parameters: 1e9, layers: 24, recompute: none }', '{ parameters: 1e9, layers: 24, recompute: none }\n  - kind: ai-training\n    id: b\n    nodes: n\n    acceleratorsPerNode: 8\n    dataset: { location: n/dram, samples: 80 }\n    loader: { batchSize: 1 }\n    computeTime: 1 s\n    model: { parameters: 1e9, recompute: full }'), 'm.yaml');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/workloads\[0\]\.model\.hidden: missing required key "hidden": the activations need the hidden size with layers/);
    expect(message).toMatch(/workloads\[0\]\.model\.sequence: missing required key "sequence": the activations need the tokens of a sample\n\s+hint: model\.sequence \(or compute\.tokensPerSample\)/);
    expect(message).toMatch(/workloads\[0\]\.model\.heads: missing required key "heads"/);
    expect(message).toMatch(/workloads\[1\]\.model\.recompute: recompute needs the model's layers and hidden size/);
  });

  test('the catalog\'s Llama 3 parameter counts follow from their dimensions (FFN sizes and 8 KV heads of the Llama 3 paper, 128,256-token vocabulary)', () => {
    const catalog = loadCatalog(modelsDir());
    for (const [id, ffn] of [['llama3-8b', 14336], ['llama3-70b', 28672], ['llama3-405b', 53248]] as const) {
      const p = catalog.devices.get(id)!.params as Record<string, number>;
      expect(p.parameters).toBe(transformerParameters({ layers: p.layers!, hidden: p.hidden!, ffn, heads: p.heads!, kvHeads: 8, vocab: 128256 }));
    }
    // the counts Meta rounds to 8B, 70B and 405B
    expect((catalog.devices.get('llama3-70b')!.params.parameters as number) / 1e9).toBeCloseTo(70.55, 2);
  });

  test('a catalog network by name: its parameters, layers, hidden size and heads, where the model does not give them', () => {
    const yaml = (model: string) => llm(model, '{ sharding: full }').replace('batchSize: 1,', 'batchSize: 1,');
    type W = { stateBytesPerAccelerator: number; activationBytesPerAccelerator?: number };
    const named = runScenario(loadScenarioText(yaml('{ name: llama3-8b, weights: bf16, sequence: 4096 }'), 'm.yaml')).workloads[0] as unknown as W;
    const given = runScenario(loadScenarioText(yaml('{ parameters: 8030261248, layers: 32, hidden: 4096, heads: 32, weights: bf16, sequence: 4096 }'), 'm.yaml')).workloads[0] as unknown as W;
    expect(named.stateBytesPerAccelerator).toBe(given.stateBytesPerAccelerator);
    expect(named.stateBytesPerAccelerator).toBeCloseTo((8030261248 * 16) / 32, 0);
    expect(named.activationBytesPerAccelerator).toBeCloseTo(34 * 4096 * 1 * 4096 * 32, -3);
    expect(named.activationBytesPerAccelerator).toBe(given.activationBytesPerAccelerator);
    // a field given wins over the catalog's
    const fewer = runScenario(loadScenarioText(yaml('{ name: llama3-8b, weights: bf16, sequence: 4096, layers: 16 }'), 'm.yaml')).workloads[0] as unknown as W;
    expect(fewer.activationBytesPerAccelerator).toBeCloseTo(named.activationBytesPerAccelerator! / 2, -3);
    // a misspelt name, a device that is no network, and neither name nor parameters: each said, with what to write
    expect(() => loadScenarioText(yaml('{ name: llama3-7b }'), 'm.yaml')).toThrow(/workloads\[0\]\.model\.name: unknown network "llama3-7b"\n\s+hint: did you mean "llama3-(8|70)b"\?.*one of resnet50, llama3-8b, llama3-70b, llama3-405b, gpt3-175b/);
    expect(() => loadScenarioText(yaml('{ name: a100 }'), 'm.yaml')).toThrow(/model\.name: "a100" is a accelerator, not a neural network/);
    expect(() => loadScenarioText(yaml('{ weights: bf16 }'), 'm.yaml')).toThrow(/workloads\[0\]\.model\.parameters: missing required key "parameters"\n\s+hint: the model's parameters \(e\.g\. 8\.03e9\), or name: a catalog network/);
  });

  test('an ensemble member shards over its own replicas only', () => {
    // 4 jobs of one node (8 A100) each: 1e9 bf16 parameters x 16 B / 8
    const yaml = llm('{ parameters: 1e9, weights: bf16 }', '{ sharding: full }').replace('    accelerator: a100', '    accelerator: a100\n    ensemble: 4');
    const r = runScenario(loadScenarioText(yaml, 'm.yaml'));
    expect(r.workloads).toHaveLength(4);
    for (const w of r.workloads as unknown as { stateBytesPerAccelerator: number }[]) expect(w.stateBytesPerAccelerator).toBeCloseTo(2e9, 0);
  });
});
