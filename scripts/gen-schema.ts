// Writes schema/tiersim.schema.json and docs/scenario-reference.md from the zod scenario schema.
// Run with `npm run schema`.
import { writeFileSync, mkdirSync } from 'node:fs';
import { scenarioJsonSchema } from '../src/scenario/json-schema.ts';
import { scenarioReferenceMarkdown } from '../src/scenario/reference-doc.ts';

mkdirSync('schema', { recursive: true });
writeFileSync('schema/tiersim.schema.json', JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
console.log('wrote schema/tiersim.schema.json');
writeFileSync('docs/scenario-reference.md', scenarioReferenceMarkdown());
console.log('wrote docs/scenario-reference.md');
