/**
 * `tiersim dlio WORKLOAD --system SYSTEM`: run a DLIO / MLPerf Storage workload file on a catalog
 * system (or the system of a scenario file) without writing a scenario: a training workload reads
 * its dataset from the system's shared storage, a checkpoint-only one (the llama3 files) writes its
 * checkpoints there. --write-scenario saves the scenario it ran, to edit and re-run.
 */
import { basename, dirname, relative, resolve } from 'node:path';
import type { Streams } from '../io.ts';
import { InputError } from '../../issues.ts';
import { readDlio } from '../../scenario/dlio.ts';
import { systemSection, runGenerated, placement, type Raw } from '../generated-scenario.ts';
import { parseQuantity } from '../../units/quantity.ts';
import { formatBytes } from '../../units/format.ts';

export interface DlioArgs {
  workload: string;
  system: string;
  nodes?: string;
  nodeCount?: number;
  acceleratorsPerNode?: number;
  samples?: number;
  accelerator?: string;
  storage?: string;
  writeScenario?: string;
  json?: boolean;
  out?: string;
  set?: string[];
}

/** The accelerator a DLIO file is calibrated for, from MLPerf's file names (unet3d_a100.yaml). */
const acceleratorOf = (file: string) => /_(a100|h100|v100)(?:_|\.|$)/.exec(basename(file))?.[1];

export async function dlioCommand(a: DlioArgs, io: Streams): Promise<number> {
  const r = readDlio(resolve(a.workload));
  if (!r.workload) throw new InputError(r.issues);
  const d = r.workload;
  const { system, resolved } = systemSection(a.system);
  const { nodes, tier, group } = placement(resolved, a.system, a, ['pfs', 'burst-buffer']);
  if (a.nodeCount !== undefined) {
    // the group's node count: an entry merged by id over the catalog system's, or the scenario's own
    const own = (system.nodes as Raw[] | undefined)?.find((n) => n.id === nodes);
    if (own) own.count = a.nodeCount;
    else system.nodes = [...((system.nodes as Raw[] | undefined) ?? []), { id: nodes, count: a.nodeCount }];
  }
  const perNode = a.acceleratorsPerNode ?? 8;
  const scenarioFile = a.writeScenario ? resolve(a.writeScenario) : null;
  const dlioRef = scenarioFile ? relative(dirname(scenarioFile), resolve(a.workload)) || basename(a.workload) : resolve(a.workload);
  const accelerator = a.accelerator ?? acceleratorOf(a.workload);
  const id = (d.name ?? basename(a.workload).replace(/\.[^.]*$/, '')).replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 60);
  // The dataset: --samples, else the file's, grown to MLPerf Storage's minimum (validation B.2: at
  // least 500 steps an epoch, and 5 x the host memory of the nodes) as MLPerf runs size it.
  let samples = a.samples;
  if (samples === undefined && !d.checkpointOnly && d.batchSize !== undefined && d.sampleSize !== undefined) {
    const count = a.nodeCount ?? Number(group?.count ?? 1);
    const dram = ((group?.tiers ?? []) as Raw[]).filter((t) => t.kind === 'dram').reduce((sum, t) => {
      const c = parseQuantity(t.capacity, 'size');
      return sum + (c.ok ? c.value : 0);
    }, 0);
    const perFile = d.samplesPerFile ?? 1;
    const need = Math.max(500 * d.batchSize * perNode * count, Math.ceil((5 * count * dram) / d.sampleSize));
    if ((d.samples ?? 0) < need) {
      samples = Math.ceil(need / perFile) * perFile;
      io.stderr(`tiersim: the dataset is sized as MLPerf Storage sizes it: ${samples.toLocaleString('en-US')} samples (${formatBytes(samples * d.sampleSize)}: at least 500 steps an epoch on ${count * perNode} accelerators and 5 x the nodes' ${formatBytes(count * dram)} of memory; the file says ${(d.samples ?? 0).toLocaleString('en-US')}); --samples N to choose\n`);
    }
  }
  const workload: Raw = d.checkpointOnly
    ? { kind: 'checkpointing', id, dlio: dlioRef, nodes, ranksPerNode: perNode, to: tier }
    : {
        kind: 'ai-training', id, dlio: dlioRef, nodes, acceleratorsPerNode: perNode,
        ...(accelerator ? { accelerator } : {}),
        dataset: { location: tier, ...(samples !== undefined ? { samples } : {}) },
        // the DLIO file's own checkpoints, to the same storage
        ...(d.checkpointOn ? { checkpoint: { to: tier } } : {}),
      };
  const doc = {
    name: `dlio-${id}`,
    description: `DLIO workload ${basename(a.workload)} on ${a.system} (written by tiersim dlio).`,
    system,
    workloads: [workload],
  };
  return runGenerated(doc, doc.name, a, io);
}
