// The small training scenario the parallelism tests share (model-parallel, gradient-buckets, sharding).
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';

/** `nodes` x `gpus` on a star, 1 s of compute a step, 10 steps, data that costs nothing to read. */
export const parallelScenario = (nodes: number, gpus: number, parallelism: string, nic = '{ bandwidth: 10 GB/s }') => `
name: mp
system:
  nodes:
    - id: n
      count: ${nodes}
      nic: ${nic}
      nvlink: { bandwidth: 100 GB/s }
      tiers: [{ id: dram, kind: dram, capacity: 10 TB, bandwidth: 1000 TB/s }]
  network: { kind: star }
workloads:
  - kind: ai-training
    id: t
    nodes: n
    acceleratorsPerNode: ${gpus}
    dataset: { location: n/dram, to: n/dram, samples: ${nodes * gpus * 10}, sampleSize: 1 B }
    loader: { batchSize: 1, readThreads: 1 }
    computeTime: 1 s
    epochs: 1
    parallelism: ${parallelism}
`;

/** What the parallelism tests read of the training workload's result. */
export type ParallelRun = { stepTime: number; stallFractions: { communication: number }; communicationBytes: number; stepsPerEpoch: number };

/** Runs parallelScenario (2 nodes of 1 GPU unless said) and returns the training workload's result. */
export function runParallel(par: string, nic?: string, nodes = 2, gpus = 1): ParallelRun {
  return runScenario(loadScenarioText(parallelScenario(nodes, gpus, par, nic), 'parallel.yaml')).workloads[0] as unknown as ParallelRun;
}

/** The time per step of runParallel. */
export const parallelStep = (par: string, nic?: string, nodes?: number, gpus?: number) => runParallel(par, nic, nodes, gpus).stepTime;
