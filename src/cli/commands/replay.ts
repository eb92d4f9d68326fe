/**
 * `tiersim replay TRACE --system SYSTEM`: replay a trace on a catalog system (or the system of a
 * scenario file), print the summary, and optionally write the scenario it ran (--write-scenario),
 * so the what-if can be edited and re-run with `tiersim run`.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { stringify, parse } from 'yaml';
import type { Streams } from '../io.ts';
import { writeFileAtomic } from '../io.ts';
import { loadScenarioText } from '../../scenario/load.ts';
import { loadCatalog } from '../../scenario/catalog.ts';
import { modelsDir } from '../../paths.ts';
import { InputError } from '../../issues.ts';
import { didYouMean } from '../../scenario/messages.ts';
import { ExitCode } from '../errors.ts';
import { runCommand } from './run.ts';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

type Raw = Record<string, unknown>;

/** The system section: a catalog system by id, or the `system:` of a scenario file. */
function systemSection(arg: string): { system: Raw; resolved: Raw } {
  const catalog = loadCatalog(modelsDir());
  if (/\.(ya?ml|json)$/i.test(arg)) {
    let doc: unknown;
    try {
      doc = parse(readFileSync(arg, 'utf8'));
    } catch (e) {
      throw new InputError([{ file: arg, path: [], message: `cannot read the system: ${(e as Error).message}`, hint: 'give a catalog system id (tiersim models list) or a scenario file with a system: section' }]);
    }
    const sys = (doc as Raw | null)?.system as Raw | undefined;
    if (!sys) throw new InputError([{ file: arg, path: ['system'], message: 'no system: section', hint: 'give a scenario file, or a catalog system id' }]);
    const base = typeof sys.base === 'string' ? catalog.systems.get(sys.base)?.spec ?? {} : {};
    return { system: sys, resolved: { ...base, ...sys } };
  }
  const s = catalog.systems.get(arg);
  if (!s) {
    throw new InputError([{ file: '--system', path: [], message: `unknown system "${arg}"`, hint: `${didYouMean(arg, [...catalog.systems.keys()], 'system')}; or give a scenario file whose system to use` }]);
  }
  return { system: { base: arg }, resolved: s.spec };
}

export async function replayCommand(a: ReplayArgs, io: Streams): Promise<number> {
  const { system, resolved } = systemSection(a.system);
  const groups = ((resolved.nodes ?? []) as Raw[]).map((n) => String(n.id));
  const storage = ((resolved.storage ?? []) as Raw[]);
  const nodes = a.nodes ?? groups[0];
  const pick = storage.find((t) => t.kind === 'burst-buffer') ?? storage.find((t) => t.kind === 'pfs') ?? storage[0];
  const tier = a.storage ?? (pick ? String(pick.id) : undefined);
  if (!nodes) throw new InputError([{ file: '--system', path: [], message: `system ${a.system} has no node group to run the ranks on`, hint: 'pick a system with nodes' }]);
  if (!tier) throw new InputError([{ file: '--storage', path: [], message: `system ${a.system} has no shared storage; say where the files live`, hint: 'e.g. --storage compute/nvme' }]);
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
  const text = stringify(doc);
  if (scenarioFile) {
    loadScenarioText(text, scenarioFile); // refuse to write a scenario that does not load
    writeFileAtomic(scenarioFile, text);
    io.stderr(`tiersim: wrote ${a.writeScenario}; run it with \`tiersim run ${a.writeScenario}\`\n`);
    return runCommand({ scenario: scenarioFile, ...(a.json ? { json: true } : {}), ...(a.out ? { out: a.out } : {}), ...(a.set ? { set: a.set } : {}) }, io);
  }
  const dir = mkdtempSync(join(tmpdir(), 'tiersim-replay-'));
  try {
    const f = join(dir, `${doc.name}.yaml`);
    writeFileSync(f, text);
    return await runCommand({ scenario: f, ...(a.json ? { json: true } : {}), ...(a.out ? { out: a.out } : {}), ...(a.set ? { set: a.set } : {}) }, io);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export { ExitCode };
