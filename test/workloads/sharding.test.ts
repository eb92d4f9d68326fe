// Sharded data parallelism (parallelism.sharding: ZeRO stages, PyTorch FSDP): the collectives of a
// step and when training waits for them. Closed forms on two nodes of one GPU, 10 GB/s NICs, 1 s of
// compute a step: a ring of 2 moves 1/2 of a tensor over each NIC per pass (reduce-scatter or
// all-gather), 2 passes for an all-reduce.
import { loadScenarioText } from '../../src/scenario/load.ts';
import { parallelScenario, runParallel, parallelStep } from './parallel-scenario.ts';

const run = runParallel, step = parallelStep;

describe('sharded data parallelism', () => {
  test('ZeRO-1/2: the gradients reduce-scattered behind the backward pass, the parameters all-gathered after it', () => {
    // the same bytes as the all-reduce: with no overlap, 0.05 s + 0.05 s after the compute, as 0.1 s
    expect(step('{ gradientBytes: 1 GB, sharding: optimizer }')).toBeCloseTo(1.1, 6);
    expect(step('{ gradientBytes: 1 GB }')).toBeCloseTo(1.1, 6);
    // hidden behind the compute, the all-reduce costs nothing; the sharded step still waits for its all-gather
    expect(step('{ gradientBytes: 1 GB, overlap: 1 }')).toBeCloseTo(1.0, 6);
    expect(step('{ gradientBytes: 1 GB, overlap: 1, sharding: optimizer }')).toBeCloseTo(1.05, 6);
    expect(step('{ gradientBytes: 1 GB, overlap: 1, sharding: gradients }')).toBeCloseTo(1.05, 6);
    // bf16 parameters, fp32 gradients: half the all-gather
    expect(step('{ gradientBytes: 1 GB, parameterBytes: 500 MB, overlap: 1, sharding: gradients }')).toBeCloseTo(1.025, 6);
    // bytes on the wire: an all-reduce's, 1 GB a node a step
    const w = run('{ gradientBytes: 1 GB, sharding: optimizer }');
    expect(w.communicationBytes / (2 * w.stepsPerEpoch)).toBeCloseTo(1e9, 0);
  });

  test('ZeRO-3/FSDP: the parameters gathered for the forward pass and again for the backward pass: 1.5x the bytes', () => {
    // forward: 0.5 GB in 0.05 s behind the 1/3 s forward pass; backward (from 1/3 s, overlap 2/3):
    // 0.5 GB gathered + 0.5 GB reduce-scattered in 0.1 s behind the 2/3 s backward pass
    const w = run('{ gradientBytes: 1 GB, overlap: 0.6666666666666666, sharding: full }');
    expect(w.stepTime).toBeCloseTo(1.0, 6);
    expect(w.communicationBytes / (2 * w.stepsPerEpoch)).toBeCloseTo(1.5e9, 0);
    // no overlap in the backward pass: its 0.1 s after the compute
    expect(step('{ gradientBytes: 1 GB, sharding: full }')).toBeCloseTo(1.1, 6);
  });

  test('ZeRO-3/FSDP on a slow network: a forward gather longer than the forward pass delays the whole step', () => {
    // 1 GB/s: the forward gather takes 0.5 s, 1/6 s past the forward pass; the backward exchange
    // (1 s) starts then, at 0.5 s, and ends at 1.5 s, after the delayed compute (1 + 1/6 s)
    const w = run('{ gradientBytes: 1 GB, overlap: 0.6666666666666666, sharding: full }', '{ bandwidth: 1 GB/s }');
    expect(w.stepTime).toBeCloseTo(1.5, 6);
    expect(w.stallFractions.communication).toBeCloseTo(0.5 / 1.5, 3);
    // a longer forward pass hides it: backwardShare 0.4 -> forward 0.6 s > 0.5 s; backward exchange from 0.6 s
    expect(step('{ gradientBytes: 1 GB, overlap: 0.4, backwardShare: 0.4, sharding: full }', '{ bandwidth: 1 GB/s }')).toBeCloseTo(1.6, 6);
  });

  test('every collective pays its ring\'s latency steps', () => {
    // route latency 2 ms (1 ms at each NIC); a ring of 2: 1 step a pass. All-reduce: 2 steps;
    // ZeRO-1: reduce-scatter 1 + all-gather 1; ZeRO-3: 1 forward + 2 backward
    const nic = '{ bandwidth: 10 GB/s, latency: 1 ms }';
    expect(step('{ gradientBytes: 1 GB }', nic)).toBeCloseTo(1 + 0.1 + 0.004, 6);
    expect(step('{ gradientBytes: 1 GB, sharding: optimizer }', nic)).toBeCloseTo(1 + 0.05 + 0.002 + 0.05 + 0.002, 6);
    expect(step('{ gradientBytes: 1 GB, sharding: full }', nic)).toBeCloseTo(1 + 0.1 + 0.004, 6);
  });

  test('in buckets: each bucket reduce-scattered as the backward pass produces it; the all-gather after the last', () => {
    // 4 buckets of 250 MB ready at 0.5, 0.67, 0.83, 1 s, 12.5 ms each: the last shows, then the 50 ms all-gather
    expect(step('{ gradientBytes: 1 GB, bucketSize: 250 MB, sharding: optimizer }')).toBeCloseTo(1 + 0.0125 + 0.05, 6);
  });

  test('ZeRO-3 in units (bucketSize): each unit\'s parameters are gathered before it computes, so the first gather shows', () => {
    // 4 units of 250 MB: forward gathers of 125 MB through each NIC, 12.5 ms each, one after the
    // other (ending 12.5, 25, 37.5, 50 ms); each unit computes 1/12 s once gathered: the forward pass
    // ends at 12.5 ms + 1/3 s, 12.5 ms late. Backward: each unit's reduce-scatter and gather, 250 MB
    // in 25 ms, when the backward pass has produced it; the last after the compute (1.0125 s): 1.0375 s
    expect(step('{ gradientBytes: 1 GB, bucketSize: 250 MB, sharding: full }')).toBeCloseTo(1.0375, 6);
    // with 1 ms at each NIC (2 ms a route): 14.5 ms a forward gather, 29 ms a backward unit (2 collectives)
    expect(step('{ gradientBytes: 1 GB, bucketSize: 250 MB, sharding: full }', '{ bandwidth: 10 GB/s, latency: 1 ms }')).toBeCloseTo(1 + 0.0145 + 0.029, 6);
    // one unit: the whole model gathered before any compute, then exchanged after it
    expect(step('{ gradientBytes: 1 GB, bucketSize: 1 GB, sharding: full }')).toBeCloseTo(1 + 0.05 + 0.1, 6);
  });

  test('sharding inside the node (FSDP HYBRID_SHARD): NVLink gathers and reduce-scatters, the shards all-reduced between nodes', () => {
    // 2 nodes x 4 GPUs, 100 GB/s NVLink each, 10 GB/s NICs, 1 GB of gradients and of parameters.
    // Forward: 3/4 GB per GPU over its NVLink, 7.5 ms behind the 1/3 s forward pass. At the end of
    // the compute (no overlap): 3/4 x 2 GB = 15 ms on NVLink, and at once the shards' all-reduce,
    // 2 (N-1)/N x 1 GB = 1 GB through each NIC: 0.1 s. The hierarchical all-reduce instead runs its
    // three phases one after the other: 7.5 + 100 + 7.5 ms.
    const w = run('{ gradientBytes: 1 GB, sharding: node }', undefined, 2, 4);
    expect(w.stepTime).toBeCloseTo(1.1, 6);
    expect(step('{ gradientBytes: 1 GB, allReduce: hierarchical }', undefined, 2, 4)).toBeCloseTo(1.115, 4);
    // bytes a node moves a step: 4 GPUs x (0.75 + 1.5) GB on NVLink and 1 GB on the network
    expect(w.communicationBytes / (2 * w.stepsPerEpoch)).toBeCloseTo(4 * 2.25e9 + 1e9, -3);
    // behind the backward pass (overlap 2/3), it all hides
    expect(step('{ gradientBytes: 1 GB, sharding: node, overlap: 0.6666666666666666 }', undefined, 2, 4)).toBeCloseTo(1.0, 6);
    // with tensor parallelism there is nothing left in the node to shard over
    expect(() => loadScenarioText(parallelScenario(2, 4, '{ gradientBytes: 1 GB, sharding: node, tensor: 4, tensorBytes: 0 B }'), 's.yaml')).toThrow(/parallelism\.sharding: sharding: node \(FSDP HYBRID_SHARD\) shards over a node's accelerators, which tensor or pipeline parallelism already split/);
  });

  test('with model parallelism: the exchange between replicas is sharded too', () => {
    // 4 nodes x 4 GPUs, TP 4: 4 replicas, each accelerator 4 GB of the 16 GB; 3/4 of 4 GB = 3 GB per
    // pass at 2.5 GB/s (4 accelerators on a 10 GB/s NIC): 1.2 s each. All-reduce: 2.4 s after the
    // compute. ZeRO-1 from the start of the compute: the reduce-scatter outlasts it (1.2 s), then
    // the all-gather, 2.4 s; with 1/4 of the gradients' bytes (parameterBytes 4 GB) 1.2 + 0.3 s
    expect(step('{ gradientBytes: 16 GB, tensor: 4, tensorBytes: 0 B }', undefined, 4, 4)).toBeCloseTo(3.4, 3);
    expect(step('{ gradientBytes: 16 GB, tensor: 4, tensorBytes: 0 B, overlap: 1, sharding: optimizer }', undefined, 4, 4)).toBeCloseTo(2.4, 3);
    expect(step('{ gradientBytes: 16 GB, parameterBytes: 4 GB, tensor: 4, tensorBytes: 0 B, overlap: 1, sharding: optimizer }', undefined, 4, 4)).toBeCloseTo(1.5, 3);
  });

  test('a ring of 4 nodes: (P-1)/P of each tensor per pass, and every node waits for all before the all-gather', () => {
    // 3/4 GB a pass at 10 GB/s = 75 ms; overlap 1 hides the reduce-scatter
    expect(step('{ gradientBytes: 1 GB, overlap: 1, sharding: optimizer }', undefined, 4, 1)).toBeCloseTo(1.075, 6);
  });

  test('sharding with an all-reduce algorithm is refused with a hint', () => {
    expect(() => loadScenarioText(parallelScenario(2, 4, '{ gradientBytes: 1 GB, allReduce: hierarchical, sharding: full }'), 's.yaml')).toThrow(/parallelism\.allReduce: sharded training \(sharding: full\) reduce-scatters and all-gathers in rings; allReduce: hierarchical is an all-reduce algorithm[\s\S]*leave allReduce out/);
    // parameterBytes stays valid without sharding (a sweep over sharding keeps it), and changes nothing there
    expect(step('{ gradientBytes: 1 GB, parameterBytes: 100 MB }')).toBeCloseTo(1.1, 6);
    expect(() => loadScenarioText(parallelScenario(2, 1, '{ gradientBytes: 1 GB, backwardShare: 0.5, sharding: optimizer }'), 's.yaml')).toThrow(/backwardShare is used only with bucketSize or sharding: full/);
    expect(() => loadScenarioText(parallelScenario(2, 1, '{ gradientBytes: 1 GB, sharding: zero3 }'), 's.yaml')).toThrow(/"zero3" is not allowed here/);
  });
});
