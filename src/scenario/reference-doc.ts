/**
 * docs/scenario-reference.md: every field of the scenario format, with its type, whether it is
 * required and what it means, generated from the JSON Schema (itself generated from the zod schema),
 * so the reference cannot drift from what `tiersim validate` accepts. Written by `npm run schema`.
 */
import { scenarioJsonSchema } from './json-schema.ts';

type Js = {
  type?: string | string[]; properties?: Record<string, Js>; required?: string[]; items?: Js; oneOf?: Js[]; anyOf?: Js[];
  description?: string; enum?: unknown[]; const?: unknown; examples?: unknown[]; minimum?: number; maximum?: number;
  exclusiveMinimum?: number; minItems?: number; propertyNames?: Js; additionalProperties?: boolean | Js;
};

const code = (x: unknown) => `\`${typeof x === 'string' ? x : JSON.stringify(x)}\``;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Quantity fields end their description with "(a bandwidth, e.g. "25 GB/s")": the kind, and the text without it. */
const KIND_SUFFIX = /\s*\(an? ([^,()]+), e\.g\. "[^"]*"\)$/;
const quantityKind = (d?: string) => d?.match(KIND_SUFFIX)?.[1];
const meaning = (s: Js) => (s.description ?? s.items?.description ?? (s.const !== undefined ? 'Which kind of workload this is.' : '')).replace(KIND_SUFFIX, '');

/** A short type: "size, e.g. `1.5 TiB`", "whole number >= 1", "one of `a`, `b`", "list of ...". */
function typeText(s: Js): string {
  if (s.const !== undefined) return code(s.const);
  if (s.enum) return `one of ${s.enum.map(code).join(', ')}`;
  if (s.examples !== undefined && Array.isArray(s.type) && s.type.includes('string')) return `${quantityKind(s.description) ?? 'quantity'}, e.g. ${code(s.examples[0])}`;
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return [...new Set(alts.map(typeText))].join(' or ');
  const t = Array.isArray(s.type) ? s.type.join(' or ') : s.type;
  const range = (lo?: number, hi?: number, strict = false) =>
    `${lo !== undefined && lo > -Number.MAX_SAFE_INTEGER ? ` ${strict ? '>' : '>='} ${lo}` : ''}${hi !== undefined && hi < Number.MAX_SAFE_INTEGER ? `${lo !== undefined && lo > -Number.MAX_SAFE_INTEGER ? ',' : ''} <= ${hi}` : ''}`;
  switch (t) {
    case 'integer': return `whole number${range(s.minimum, s.maximum)}`;
    case 'number': return `number${s.exclusiveMinimum !== undefined ? range(s.exclusiveMinimum, s.maximum, true) : range(s.minimum, s.maximum)}`;
    case 'boolean': return 'true or false';
    case 'string': return 'text';
    case 'array': return `list of ${s.items ? (s.items.type === 'object' || s.items.oneOf ? 'objects (below)' : typeText(s.items)) : 'values'}${s.minItems ? ` (at least ${s.minItems})` : ''}`;
    case 'object': return s.properties ? 'object (below)' : 'map';
    default: return t ?? 'any';
  }
}

/** The sections: one table per object, its nested objects after it (depth first). */
function sections(s: Js, path: string, title: string, out: string[], of = ''): void {
  if (s.oneOf && s.oneOf.every((o) => o.properties?.kind?.const !== undefined)) {
    for (const o of s.oneOf) {
      const kind = String(o.properties!.kind!.const);
      sections(o, path, `${title} with \`kind: ${kind}\``, out, ` (kind: ${kind})`);
    }
    return;
  }
  if (!s.properties) return;
  const req = new Set(s.required ?? []);
  out.push(`## ${title}`, '');
  if (s.description) out.push(cell(s.description), '');
  out.push('| field | type | required | meaning |', '|---|---|---|---|');
  const nested: [Js, string][] = [];
  for (const [k, v] of Object.entries(s.properties)) {
    if (k === '$schema') continue;
    out.push(`| \`${k}\` | ${cell(typeText(v))} | ${req.has(k) ? 'yes' : ''} | ${cell(meaning(v))} |`);
    const p = path ? `${path}.${k}` : k;
    if (v.properties || v.oneOf?.some((o) => o.properties)) nested.push([v, p]);
    else if (v.type === 'array' && v.items && (v.items.properties || v.items.oneOf)) nested.push([v.items, `${p}[]`]);
  }
  out.push('');
  for (const [v, p] of nested) sections(v, p, `\`${p}\`${of}`, out, of);
}

export function scenarioReferenceMarkdown(): string {
  const out = [
    '# Scenario file reference',
    '',
    '<!-- Generated from the scenario schema by `npm run schema`; do not edit (a test checks it is up to date). -->',
    '',
    'Every field a scenario file (YAML or JSON) may hold, as `tiersim validate` checks it. Quantities are',
    'strings with units (`"25 GB/s"`, `"3 us"`, `"1.5 TiB"`, `"10k IOPS"`, `"25 $/TB/month"`) or plain numbers',
    'in SI base units (bytes, seconds, bytes/s). Unknown fields are refused, with a did-you-mean. Editors',
    'that read JSON Schema autocomplete these fields from [`schema/tiersim.schema.json`](../schema/tiersim.schema.json)',
    '(see the README). A scenario may instead be a file in the neutral reference format of SimGrid cases',
    '(hosts, links, routes, transfers, ios); those are described in the README.',
    '',
  ];
  sections(scenarioJsonSchema() as Js, '', 'Top level', out);
  return out.join('\n').replace(/\n+$/, '\n');
}
