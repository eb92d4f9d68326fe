/**
 * `--set PATH=VALUE` overrides applied to a document before validation: PATH is a dotted path with
 * [i] for list items ("system.storage[0].readBandwidth"); VALUE is read as YAML ("25 GB/s", 4, true).
 */
import { parse as parseYaml } from 'yaml';
import { InputError, type Issue } from '../issues.ts';
import { COVERS } from './schema.ts';

export type PathSegment = string | number;

export function parsePath(path: string): PathSegment[] | null {
  const out: PathSegment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(Number(m[2]));
    consumed += m[0].length;
  }
  const dots = (path.match(/\./g) ?? []).length;
  if (out.length === 0 || consumed + dots !== path.length) return null;
  return out;
}

export interface Override {
  path: PathSegment[];
  value: unknown;
  text: string;
  /** Where the user gave it ("--set", "--vary"): problems at its value are reported there. Absent for a command's own overrides. */
  source?: string;
}

export function parseOverride(text: string, source?: string): Override | Issue {
  const eq = text.indexOf('=');
  if (eq <= 0) return { file: '--set', path: [], message: `"${text}" is not PATH=VALUE`, hint: 'e.g. --set system.storage[0].readBandwidth="50 GB/s"' };
  const path = parsePath(text.slice(0, eq).trim());
  if (!path) return { file: '--set', path: [], message: `"${text.slice(0, eq)}" is not a valid path`, hint: 'use dots and [index], e.g. workloads[0].moves[1].size' };
  const raw = text.slice(eq + 1);
  let value: unknown;
  try {
    value = parseYaml(raw);
  } catch {
    value = raw;
  }
  return source === undefined ? { path, value, text } : { path, value, text, source };
}

/** Applies overrides to a copy of `data`; missing intermediate mappings are created. */
export function applyOverrides(data: unknown, overrides: readonly Override[], file: string): { data: unknown; issues: Issue[] } {
  const issues: Issue[] = [];
  if (overrides.length === 0) return { data, issues };
  const root = structuredClone(data) as Record<string | number, unknown>;
  for (const o of overrides) {
    let node: unknown = root;
    let ok = true;
    for (let i = 0; i < o.path.length - 1; i++) {
      const seg = o.path[i]!;
      const container = node as Record<string | number, unknown>;
      if (node === null || typeof node !== 'object') {
        ok = false;
        break;
      }
      if (container[seg] === undefined) {
        if (Array.isArray(node)) {
          ok = false;
          break;
        }
        container[seg] = typeof o.path[i + 1] === 'number' ? [] : {};
      }
      node = container[seg];
    }
    const last = o.path[o.path.length - 1]!;
    if (!ok || node === null || typeof node !== 'object' || (Array.isArray(node) && (typeof last !== 'number' || last > node.length))) {
      issues.push({ file, path: o.path, message: `--set ${o.text}: that path does not exist in the scenario`, hint: 'list items must exist already; check the indices' });
      continue;
    }
    // a --set of a field that covers others (bandwidth) replaces them
    if (!Array.isArray(node)) for (const c of COVERS[String(last)] ?? []) delete (node as Record<string, unknown>)[c];
    (node as Record<string | number, unknown>)[last] = o.value;
  }
  return { data: root, issues };
}

/** Parses every --set at once; all bad ones are reported together as one InputError. */
/** Parses PATH=VALUE overrides; `source` is where the user gave them (e.g. "--set"), for messages. */
export function parseOverrides(sets: readonly string[] | undefined, source?: string): Override[] {
  const issues: Issue[] = [];
  const out: Override[] = [];
  for (const s of sets ?? []) {
    const o = parseOverride(s, source);
    if ('message' in o) issues.push(o);
    else out.push(o);
  }
  if (issues.length) throw new InputError(issues);
  return out;
}
