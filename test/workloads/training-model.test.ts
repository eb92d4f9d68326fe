// A training workload's model: (parameters, weights, optimizer): the training state each accelerator
// holds (ZeRO's memory model), refused when it does not fit, and the gradients and checkpoints it sizes.
import { join } from 'node:path';
import { loadScenarioText, loadScenarioFile } from '../../src/scenario/load.ts';
import { parseOverrides } from '../../src/scenario/overrides.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { summarize } from '../../src/report/summary.ts';
import { statePerAccelerator } from '../../src/workloads/training-state.ts';
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

  test('an ensemble member shards over its own replicas only', () => {
    // 4 jobs of one node (8 A100) each: 1e9 bf16 parameters x 16 B / 8
    const yaml = llm('{ parameters: 1e9, weights: bf16 }', '{ sharding: full }').replace('    accelerator: a100', '    accelerator: a100\n    ensemble: 4');
    const r = runScenario(loadScenarioText(yaml, 'm.yaml'));
    expect(r.workloads).toHaveLength(4);
    for (const w of r.workloads as unknown as { stateBytesPerAccelerator: number }[]) expect(w.stateBytesPerAccelerator).toBeCloseTo(2e9, 0);
  });
});
