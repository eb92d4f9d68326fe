// The small training scenario the parallelism tests share (model-parallel, gradient-buckets).

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
