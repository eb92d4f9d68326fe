// Same scenario and seed: byte-identical JSON. Another seed changes the result wherever the run drew
// random numbers, and nothing else. The shipped JSON Schema is the one the zod schema generates.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { scenarioJsonSchema } from '../../src/scenario/json-schema.ts';
import { scenarioReferenceMarkdown } from '../../src/scenario/reference-doc.ts';

const root = join(import.meta.dirname, '..', '..');

function scenarioFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'dlio' ? [] : scenarioFiles(p); // dlio/: DLIO workload files, used by scenarios
    return /\.(ya?ml|json)$/.test(f) ? [p] : [];
  });
}

const files = scenarioFiles(join(root, 'scenarios')).sort();

describe('determinism', () => {
  test('a scenario that draws random numbers changes with the seed (and says so)', () => {
    const loaded = loadScenarioFile(join(root, 'scenarios', 'hierarchy', 's3-small-objects.yaml'));
    const a = runScenario(loaded, { seed: 1 }), b = runScenario(loaded, { seed: 2 });
    expect(a.randomStreams).toEqual(['download/get/0']);
    expect(a.simulatedTime).not.toBe(b.simulatedTime);
  });

  test.each(files.map((f) => relative(root, f)))('%s: same seed, same bytes; another seed changes only random runs', (f) => {
    const loaded = loadScenarioFile(join(root, f));
    const a = JSON.stringify(runScenario(loaded, { seed: 1 }));
    const b = JSON.stringify(runScenario(loaded, { seed: 1 }));
    expect(a).toBe(b);
    const first = JSON.parse(a) as { randomStreams: string[] };
    // A run that drew no random numbers (randomStreams empty) cannot depend on the seed; one that did
    // must change with it.
    if (first.randomStreams.length > 0) {
      const other = JSON.stringify({ ...(JSON.parse(JSON.stringify(runScenario(loaded, { seed: 2 }))) as object), seed: '1' });
      expect(other).not.toBe(a);
    }
  });
});

describe('shipped JSON Schema', () => {
  test('schema/tiersim.schema.json is up to date (run `npm run schema`)', () => {
    const shipped = JSON.parse(readFileSync(join(root, 'schema', 'tiersim.schema.json'), 'utf8')) as unknown;
    expect(shipped).toEqual(scenarioJsonSchema());
  });

  test('docs/scenario-reference.md is up to date and names every field of the schema (run `npm run schema`)', () => {
    const doc = readFileSync(join(root, 'docs', 'scenario-reference.md'), 'utf8');
    expect(doc).toBe(scenarioReferenceMarkdown());
    // every property of every object in the schema has its row
    const names = new Set<string>();
    const walk = (x: unknown): void => {
      if (x === null || typeof x !== 'object') return;
      const o = x as Record<string, unknown>;
      for (const [k, v] of Object.entries((o.properties ?? {}) as object)) {
        if (k !== '$schema') names.add(k);
        walk(v);
      }
      for (const key of ['items', 'oneOf', 'anyOf']) (Array.isArray(o[key]) ? (o[key] as unknown[]) : [o[key]]).forEach(walk);
    };
    walk(scenarioJsonSchema());
    for (const n of names) expect(doc).toContain(`| \`${n}\` |`);
    expect(doc).toMatch(/\| `computeTimeStdev` \| duration, e\.g\. `3 us` \|/);
  });

  test('it rejects unknown keys and describes quantities', () => {
    const s = scenarioJsonSchema() as { additionalProperties: boolean; properties: { until: { type: string[] } } };
    expect(s.additionalProperties).toBe(false);
    expect(s.properties.until.type).toEqual(['string', 'number']);
  });
});
