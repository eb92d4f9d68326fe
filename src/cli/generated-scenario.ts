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

export interface RunOptions {
  writeScenario?: string;
  json?: boolean;
  out?: string;
  set?: string[];
}

/** Runs the scenario `doc` (named `name`), first writing it to --write-scenario if given. */
export async function runGenerated(doc: Raw, name: string, o: RunOptions, io: Streams): Promise<number> {
  const text = stringify(doc);
  const runArgs = { ...(o.json ? { json: true } : {}), ...(o.out ? { out: o.out } : {}), ...(o.set ? { set: o.set } : {}) };
  if (o.writeScenario) {
    const file = resolve(o.writeScenario);
    loadScenarioText(text, file); // refuse to write a scenario that does not load
    writeFileAtomic(file, text);
    io.stderr(`tiersim: wrote ${o.writeScenario}; run it with \`tiersim run ${o.writeScenario}\`\n`);
    return runCommand({ scenario: file, ...runArgs }, io);
  }
  const dir = mkdtempSync(join(tmpdir(), 'tiersim-'));
  try {
    const f = join(dir, `${name}.yaml`);
    writeFileSync(f, text);
    return await runCommand({ scenario: f, ...runArgs }, io);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
