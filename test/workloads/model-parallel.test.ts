// Model parallelism in ai-training: the pipeline bubble, tensor-parallel all-reduces over NVLink,
// activations between pipeline stages over the network, and data-parallel rings between replicas.
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { summarize } from '../../src/report/summary.ts';
import { parallelScenario } from './parallel-scenario.ts';

type T = { stepTime: number; stallFractions: { communication: number } };
const step = (nodes: number, gpus: number, par: string) => (runScenario(loadScenarioText(parallelScenario(nodes, gpus, par), 'mp.yaml')).workloads[0] as unknown as T).stepTime;

describe('model parallelism', () => {
  test('pipeline bubble: a step takes (m + P - 1) / m of the compute', () => {
    // one node, 8 stages, 32 microbatches, no activation traffic worth counting
    expect(step(1, 8, '{ gradientBytes: 1 GB, pipeline: 8, microbatches: 32, activationBytes: 1 B }')).toBeCloseTo(1 + 7 / 32, 4);
  });

  test('the bubble is reported as its share of the run, within the communication stall, and the summary names it', () => {
    // a step lasts 1 + 7/32 s, of which 7/32 s is the bubble (one replica: no gradient exchange, all of it the bubble)
    const r = runScenario(loadScenarioText(parallelScenario(1, 8, '{ gradientBytes: 1 GB, pipeline: 8, microbatches: 32, activationBytes: 1 B }'), 'mp.yaml'));
    const w = r.workloads[0] as unknown as T & { pipelineBubbleFraction: number; microbatches: number };
    expect(w.pipelineBubbleFraction).toBeCloseTo((7 / 32) / (1 + 7 / 32), 4);
    expect(w.pipelineBubbleFraction).toBeLessThanOrEqual(w.stallFractions.communication + 1e-12);
    expect(w.microbatches).toBe(32);
    expect(summarize(r)).toContain('Training also waits for communication (17.9% of the time, of which the pipeline bubble 17.9%).');
    // without pipeline stages there is no bubble to report
    expect((runScenario(loadScenarioText(parallelScenario(1, 8, '{ gradientBytes: 1 GB, tensor: 8, tensorBytes: 1 GB }'), 'mp.yaml')).workloads[0] as Record<string, unknown>).pipelineBubbleFraction).toBeUndefined();
  });

  test('tensor parallelism: each rank ring-all-reduces its bytes over its own NVLink, on the critical path', () => {
    // 8 ranks each send 2 x 7/8 x 1 GB over their own 100 GB/s NVLink (nvlink.bandwidth is per
    // accelerator, as the catalog's 300 GB/s per A100): 1.75 GB at 100 GB/s = 17.5 ms
    expect(step(1, 8, '{ gradientBytes: 1 GB, tensor: 8, tensorBytes: 1 GB }')).toBeCloseTo(1.0175, 4);
    // two exchanges on the same accelerators share their links: TP 4 x 2 replicas in the node, after
    // the compute each rank all-reduces 1.5 GB for TP and, with its replica, 2 x 1/2 x 250 MB of
    // gradients (its quarter of 1 GB): both at 50 GB/s for 5 ms, then the TP rest (1.25 GB) at 100 GB/s
    expect(step(1, 8, '{ gradientBytes: 1 GB, tensor: 4, tensorBytes: 1 GB }')).toBeCloseTo(1 + 0.005 + 0.0125, 4);
  });

  test('data parallel all-reduce between nodes: a ring pipelines its links; hierarchical goes inside, across, inside', () => {
    // 2 nodes x 4 GPUs, 1 GB of gradients, no overlap. Ring over all 8: 2 x 7/8 x 1 GB = 1.75 GB on
    // every edge at once, the NIC's 10 GB/s the slowest: 175 ms.
    expect(step(2, 4, '{ gradientBytes: 1 GB, allReduce: ring }')).toBeCloseTo(1.175, 4);
    // Hierarchical: reduce-scatter in the node (half of 2 x 3/4 x 1 GB per GPU at 100 GB/s: 7.5 ms),
    // then 2 x 1/2 x 1 GB between the nodes at 10 GB/s (100 ms), then the all-gather (7.5 ms)
    expect(step(2, 4, '{ gradientBytes: 1 GB, allReduce: hierarchical }')).toBeCloseTo(1.115, 4);
    // latency: the ring passes 2(P - 1) = 14 steps around its 8 accelerators, the hierarchical one's
    // ring between the 2 nodes 2(N - 1) = 2 (1 B of gradients: latency alone)
    const slow = (par: string) => (runScenario(loadScenarioText(parallelScenario(2, 4, par).replace('nic: { bandwidth: 10 GB/s }', 'nic: { bandwidth: 10 GB/s, latency: 1 ms }'), 'mp.yaml')).workloads[0] as unknown as T).stepTime - 1;
    expect(slow('{ gradientBytes: 1 B, allReduce: ring }') / slow('{ gradientBytes: 1 B, allReduce: hierarchical }')).toBeCloseTo(7, 3);
  });

  test('pipeline across nodes: activations cross the NIC during the compute; only their excess shows', () => {
    // 2 nodes x 4 GPUs, TP 4 inside a node, 2 stages: node 0 sends 4 x 1 GB forward (and gets 4 x 1 GB back)
    // over 10 GB/s per direction: 0.4 s, hidden behind 1 s of compute; with 10 GB per rank: 4 s.
    const m = 8, bubble = 1 / m;
    expect(step(2, 4, `{ gradientBytes: 1 GB, tensor: 4, tensorBytes: 0 B, pipeline: 2, microbatches: ${m}, activationBytes: 1 GB }`)).toBeCloseTo(1 + bubble, 4);
    expect(step(2, 4, `{ gradientBytes: 1 GB, tensor: 4, tensorBytes: 0 B, pipeline: 2, microbatches: ${m}, activationBytes: 10 GB }`)).toBeCloseTo(4, 3);
  });

  test('data parallelism between replicas: each accelerator all-reduces its 1/(T x P) shard with its peers', () => {
    // 4 nodes x 4 GPUs, TP 4 (a replica is one node), D = 4 replicas. 16 GB of gradients: 4 GB per
    // accelerator; ring over 4 replicas: 2 x 3/4 x 4 GB = 6 GB per accelerator, 4 flows per NIC at
    // 2.5 GB/s each: 2.4 s, after the compute (no overlap).
    expect(step(4, 4, '{ gradientBytes: 16 GB, tensor: 4, tensorBytes: 0 B }')).toBeCloseTo(1 + 2.4, 3);
  });

  test('layouts that do not fit are refused with the numbers', () => {
    expect(() => step(2, 8, '{ gradientBytes: 1 GB, tensor: 3, tensorBytes: 1 MB }')).toThrow(/tensor-parallel group of 3 does not divide the 8 accelerators/);
    expect(() => step(3, 8, '{ gradientBytes: 1 GB, tensor: 8, tensorBytes: 1 MB, pipeline: 2, activationBytes: 1 MB }')).toThrow(/24 accelerators are not a whole number of 16-accelerator model replicas/);
    expect(() => step(2, 8, '{ gradientBytes: 1 GB, pipeline: 2 }')).toThrow(/pipeline parallelism needs activationBytes/);
  });
});
