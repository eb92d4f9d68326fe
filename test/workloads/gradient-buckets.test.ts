// Gradient buckets (parallelism.bucketSize): the all-reduce of a step in buckets, each started when
// the backward pass has produced it and after the bucket before it, as PyTorch DDP does. Closed
// forms on two nodes of one GPU: a ring of 2 moves 2 x 1/2 of a bucket over each NIC.
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { parseOverrides } from '../../src/scenario/overrides.ts';
import { parallelScenario, runParallel, parallelStep, type ParallelRun } from './parallel-scenario.ts';

const run = runParallel, step = parallelStep;

describe('gradient buckets', () => {
  test('one bucket holding all the gradients is ready when the compute ends: no overlap', () => {
    // 1 GB over each 10 GB/s NIC: 0.1 s after the 1 s of compute, as with overlap 0
    expect(step('{ gradientBytes: 1 GB, bucketSize: 1 GB }')).toBeCloseTo(1.1, 6);
    expect(step('{ gradientBytes: 1 GB, bucketSize: 2 GB }')).toBeCloseTo(1.1, 6);
    expect(step('{ gradientBytes: 1 GB, bucketSize: 1 GB }')).toBeCloseTo(step('{ gradientBytes: 1 GB }'), 9);
  });

  test('buckets are all-reduced as the backward pass produces them: only the last one shows on a fast network', () => {
    // backward = the last 2/3 s; 4 buckets of 250 MB ready at 1/3 + 2/3 x (k + 1)/4 = 0.5, 0.67, 0.83, 1 s,
    // each 25 ms: all hidden but the last
    expect(step('{ gradientBytes: 1 GB, bucketSize: 250 MB }')).toBeCloseTo(1.025, 6);
    // 400 + 400 + 200 MB: the last, 200 MB, takes 20 ms after the compute
    expect(step('{ gradientBytes: 1 GB, bucketSize: 400 MB }')).toBeCloseTo(1.02, 6);
  });

  test('on a slow network each bucket waits for the one before it', () => {
    // 1 GB/s NICs: 250 ms a bucket. Bucket 0 at 0.5-0.75 s, bucket 1 ready at 0.67 waits until 0.75
    // (ends 1.0), bucket 2 (ready 0.83) runs 1.0-1.25, bucket 3 1.25-1.5
    const w = run('{ gradientBytes: 1 GB, bucketSize: 250 MB }', '{ bandwidth: 1 GB/s }');
    expect(w.stepTime).toBeCloseTo(1.5, 6);
    expect(w.stallFractions.communication).toBeCloseTo(0.5 / 1.5, 3);
    // a shorter backward pass starts them later: backwardShare 0.4 -> ready at 0.7, 0.8, 0.9, 1.0;
    // 0.7-0.95, 0.95-1.2, 1.2-1.45, 1.45-1.7
    expect(step('{ gradientBytes: 1 GB, bucketSize: 250 MB, backwardShare: 0.4 }', '{ bandwidth: 1 GB/s }')).toBeCloseTo(1.7, 6);
  });

  test('every bucket pays the all-reduce latency', () => {
    // backwardShare 0: all 4 buckets are ready when the compute ends, one after another; the ring of
    // 2 takes 2 (P - 1) = 2 latency steps of the route's 2 ms (1 ms at each NIC): 4 x 4 ms + 1 GB at 10 GB/s
    const nic = '{ bandwidth: 10 GB/s, latency: 1 ms }';
    expect(step('{ gradientBytes: 1 GB, bucketSize: 250 MB, backwardShare: 0 }', nic)).toBeCloseTo(1 + 0.016 + 0.1, 6);
    expect(step('{ gradientBytes: 1 GB }', nic)).toBeCloseTo(1 + 0.004 + 0.1, 6);
  });

  test('hierarchical: each bucket goes inside the node, across, inside', () => {
    // 2 nodes x 4 GPUs, one bucket of all 1 GB: 7.5 ms + 100 ms + 7.5 ms after the compute (as without buckets)
    expect(step('{ gradientBytes: 1 GB, allReduce: hierarchical, bucketSize: 1 GB }', undefined, 2, 4)).toBeCloseTo(1.115, 4);
    // 4 buckets: the last one's 250 MB takes a quarter of that after the compute
    expect(step('{ gradientBytes: 1 GB, allReduce: hierarchical, bucketSize: 250 MB }', undefined, 2, 4)).toBeCloseTo(1 + 0.115 / 4, 4);
  });

  test('with model parallelism, the data-parallel exchange between replicas goes in buckets too', () => {
    // 4 nodes x 4 GPUs, TP 4: 4 replicas; 16 GB of gradients, 6 GB per accelerator over 2.5 GB/s each
    // (model-parallel.test.ts): 2.4 s after the compute in one go; in 4 buckets of 0.6 s ready at
    // 0.5, 0.67, 0.83 and 1 s: 0.5-1.1, 1.1-1.7, 1.7-2.3, 2.3-2.9 s
    expect(step('{ gradientBytes: 16 GB, tensor: 4, tensorBytes: 0 B, bucketSize: 16 GB }', undefined, 4, 4)).toBeCloseTo(3.4, 3);
    expect(step('{ gradientBytes: 16 GB, tensor: 4, tensorBytes: 0 B, bucketSize: 4 GB }', undefined, 4, 4)).toBeCloseTo(2.9, 3);
  });

  test('a --set of bucketSize replaces the file\'s overlap, and the other way round', () => {
    const text = parallelScenario(2, 1, '{ gradientBytes: 1 GB, overlap: 0.5 }', '{ bandwidth: 1 GB/s }');
    const stepWith = (sets: string[], t = text) => (runScenario(loadScenarioText(t, 'buckets.yaml', { overrides: parseOverrides(sets, '--set') })).workloads[0] as unknown as ParallelRun).stepTime;
    // overlap 0.5 on 1 GB/s: 1 s of all-reduce from 0.5 s: the step ends at 1.5 s
    expect(stepWith([])).toBeCloseTo(1.5, 6);
    expect(stepWith(['workloads[0].parallelism.bucketSize=250 MB', 'workloads[0].parallelism.backwardShare=0.4'])).toBeCloseTo(1.7, 6);
    const withBuckets = parallelScenario(2, 1, '{ gradientBytes: 1 GB, bucketSize: 250 MB, backwardShare: 0.4 }', '{ bandwidth: 1 GB/s }');
    expect(stepWith(['workloads[0].parallelism.overlap=0'], withBuckets)).toBeCloseTo(2, 6);
  });

  test('overlap and bucketSize together, or backwardShare alone, are refused', () => {
    expect(() => step('{ gradientBytes: 1 GB, bucketSize: 25 MiB, overlap: 0.5 }')).toThrow(/overlap and bucketSize both say how the all-reduce overlaps/);
    expect(() => step('{ gradientBytes: 1 GB, backwardShare: 0.6 }')).toThrow(/backwardShare is used only with bucketSize/);
    // a bucket per byte would be 1e9 of them a step
    expect(() => step('{ gradientBytes: 1 GB, bucketSize: 1 B }')).toThrow(/1 GB of gradients in buckets of 1 B is 1,000,000,000 buckets a step, more than the 10,000 tiersim simulates/);
  });
});
