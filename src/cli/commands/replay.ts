/**
 * `tiersim replay TRACE --system SYSTEM`: replay a trace on a catalog system (or the system of a
 * scenario file), print the summary, and optionally write the scenario it ran (--write-scenario),
 * so the what-if can be edited and re-run with `tiersim run`.
 */
import { basename, dirname, relative, resolve } from 'node:path';
import type { Streams } from '../io.ts';
import { InputError } from '../../issues.ts';
import { ExitCode } from '../errors.ts';
import { systemSection, runGenerated, placement } from '../generated-scenario.ts';

export interface ReplayArgs {
  trace: string;
  system: string;
  nodes?: string;
  storage?: string;
  ranksPerNode?: number;
  mount?: string[];
  gaps?: boolean;
  writeScenario?: string;
  json?: boolean;
  out?: string;
  set?: string[];
}

export async function replayCommand(a: ReplayArgs, io: Streams): Promise<number> {
  const { system, resolved } = systemSection(a.system);
  const { nodes, tier } = placement(resolved, a.system, a, ['burst-buffer', 'pfs']);
  const mounts: Record<string, string> = {};
  for (const m of a.mount ?? []) {
    const i = m.indexOf('=');
    if (i <= 0) throw new InputError([{ file: '--mount', path: [], message: `"${m}" is not PREFIX=TIER`, hint: 'e.g. --mount /tmp=compute/dram' }]);
    mounts[m.slice(0, i)] = m.slice(i + 1);
  }
  const scenarioFile = a.writeScenario ? resolve(a.writeScenario) : null;
  const traceRef = scenarioFile ? relative(dirname(scenarioFile), resolve(a.trace)) || basename(a.trace) : resolve(a.trace);
  const doc = {
    name: `replay-${basename(a.trace).replace(/\.[^.]*$/, '').slice(0, 60)}`,
    description: `Replay of ${basename(a.trace)} on ${a.system} (written by tiersim replay).`,
    system,
    workloads: [{
      kind: 'replay', id: 'replay', trace: traceRef, nodes, storage: tier,
      ...(a.ranksPerNode !== undefined ? { ranksPerNode: a.ranksPerNode } : {}),
      ...(Object.keys(mounts).length ? { mounts } : {}),
      ...(a.gaps === false ? { gaps: false } : {}),
    }],
  };
  return runGenerated(doc, doc.name, { ...a, source: `the scenario built to replay ${basename(a.trace)} on ${a.system}` }, io);
}

export { ExitCode };
