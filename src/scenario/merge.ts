/**
 * Building a scenario on a catalog system: `system.base: ID` takes that system from models/systems
 * and the scenario's own system fields override it. Mappings merge key by key; lists of entries with
 * an `id` merge entry by entry (same id: merged; new id: appended); anything else is replaced.
 */
import type { Issue } from '../issues.ts';
import type { Catalog } from './catalog.ts';
import { didYouMean } from './messages.ts';
import { withoutCovered } from './schema.ts';

type Data = Record<string, unknown>;

const isObject = (v: unknown): v is Data => v !== null && typeof v === 'object' && !Array.isArray(v);

export function mergeOver(base: unknown, over: unknown): unknown {
  if (isObject(base) && isObject(over)) {
    const out: Data = { ...withoutCovered(base, over) };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? mergeOver(base[k], v) : v;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(over) && [...base, ...over].every((x) => isObject(x) && typeof x.id === 'string')) {
    const out = base.map((x) => ({ ...(x as Data) }));
    for (const item of over as Data[]) {
      const i = out.findIndex((x) => x.id === item.id);
      if (i >= 0) out[i] = mergeOver(out[i], item) as Data;
      else out.push(item);
    }
    return out;
  }
  return over;
}

/** Applies `system.base` to raw scenario data; returns the data unchanged if there is none. */
export function applyBase(data: Data, catalog: Catalog, file: string): { data: Data; issues: Issue[] } {
  const sys = data.system;
  if (!isObject(sys) || sys.base === undefined) return { data, issues: [] };
  const id = sys.base;
  const found = typeof id === 'string' ? catalog.systems.get(id) : undefined;
  if (!found) {
    return { data, issues: [{ file, path: ['system', 'base'], message: `unknown catalog system ${JSON.stringify(id)}`, hint: typeof id === 'string' ? didYouMean(id, [...catalog.systems.keys()], 'system') + ' (see `tiersim models list`)' : 'give the id of a catalog system' }] };
  }
  const { base: _drop, ...rest } = sys;
  return { data: { ...data, system: mergeOver(found.spec, rest) }, issues: [] };
}
