/**
 * Commands that run something on a system without a scenario file of the user's (`tiersim replay`,
 * `tiersim dlio`): the system section (a catalog system, or the system of a scenario file), and
 * running the scenario they build, written where the user asked (--write-scenario) or to a
 * temporary file.
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify, parse } from 'yaml';
import type { Streams } from './io.ts';
import { writeFileAtomic } from './io.ts';
import { loadScenarioText } from '../scenario/load.ts';
import { loadCatalog } from '../scenario/catalog.ts';
import { modelsDir } from '../paths.ts';
import { InputError } from '../issues.ts';
import { didYouMean } from '../scenario/messages.ts';
import { runCommand } from './commands/run.ts';

export type Raw = Record<string, unknown>;

/** The system section: a catalog system by id, or the `system:` of a scenario file (and the system it stands for). */
export function systemSection(arg: string): { system: Raw; resolved: Raw } {
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

/**
 * Where a generated workload runs: the node group (given, else the system's first) and the shared
 * tier (given, else the first of the preferred kinds, else the first shared storage). Every problem
 * at once.
 */
export function placement(resolved: Raw, systemArg: string, want: { nodes?: string; storage?: string }, prefer: readonly string[]): { nodes: string; tier: string; group: Raw } {
  const groups = (resolved.nodes ?? []) as Raw[];
  const storage = (resolved.storage ?? []) as Raw[];
  const nodes = want.nodes ?? (groups[0] ? String(groups[0].id) : undefined);
  const pick = prefer.map((k) => storage.find((t) => t.kind === k)).find((t) => t !== undefined) ?? storage[0];
  const tier = want.storage ?? (pick ? String(pick.id) : undefined);
  const group = groups.find((g) => g.id === nodes);
  const problems = [
    ...(nodes === undefined ? [{ file: '--system', path: [], message: `system ${systemArg} has no node group to run on`, hint: 'pick a system with nodes' }] : []),
    ...(nodes !== undefined && !group ? [{ file: '--nodes', path: [], message: `system ${systemArg} has no node group "${nodes}"`, hint: `its groups: ${groups.map((g) => String(g.id)).join(', ')}` }] : []),
    ...(tier === undefined ? [{ file: '--storage', path: [], message: `system ${systemArg} has no shared storage; say which tier to use`, hint: 'e.g. --storage compute/nvme' }] : []),
  ];
  if (problems.length) throw new InputError(problems);
  return { nodes: nodes!, tier: tier!, group: group! };
}

export interface RunOptions {
  writeScenario?: string;
  json?: boolean;
  out?: string;
  set?: string[];
  /** What the scenario is built from, to name in its problems (e.g. "the scenario built from unet3d.yaml"). */
  source?: string;
}

/** Runs the scenario `doc` (named `name`), first writing it to --write-scenario if given. */
export async function runGenerated(doc: Raw, name: string, o: RunOptions, io: Streams): Promise<number> {
  const runArgs = { ...(o.json ? { json: true } : {}), ...(o.out ? { out: o.out } : {}), ...(o.set ? { set: o.set } : {}) };
  return withScenarioFile(doc, name, o, io, (file) => runCommand({ scenario: file, ...runArgs }, io));
}

/**
 * A problem in a scenario built here (in the temporary file `f`): name what it was built from
 * (`label`), not a file the user never sees (whose lines mean nothing to them), and say how to see it.
 */
export function relabel(e: unknown, f: string, label: string): unknown {
  if (!(e instanceof InputError)) return e;
  return new InputError(e.issues.map((i) => {
    if (i.file !== f) return i;
    const { line: _l, column: _c, ...rest } = i;
    return { ...rest, file: label, hint: `${i.hint ? `${i.hint}; ` : ''}--write-scenario FILE saves the scenario to see or edit` };
  }));
}

/** Runs `fn` on the scenario `doc` written to --write-scenario, else to a temporary file (removed after). */
export async function withScenarioFile<T>(doc: Raw, name: string, o: RunOptions, io: Streams, fn: (file: string) => T | Promise<T>): Promise<T> {
  const text = stringify(doc);
  if (o.writeScenario) {
    const file = resolve(o.writeScenario);
    loadScenarioText(text, file); // refuse to write a scenario that does not load
    writeFileAtomic(file, text);
    io.stderr(`tiersim: wrote ${o.writeScenario}; run it with \`tiersim run ${o.writeScenario}\`\n`);
    return fn(file);
  }
  const dir = mkdtempSync(join(tmpdir(), 'tiersim-'));
  const f = join(dir, `${name}.yaml`);
  try {
    writeFileSync(f, text);
    return await fn(f);
  } catch (e) {
    throw relabel(e, f, o.source ?? `the scenario ${name}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
