// Writes schema/tiersim.schema.json from the zod scenario schema. Run with `npm run schema`.
import { writeFileSync, mkdirSync } from 'node:fs';
import { scenarioJsonSchema } from '../src/scenario/json-schema.ts';

mkdirSync('schema', { recursive: true });
writeFileSync('schema/tiersim.schema.json', JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
console.log('wrote schema/tiersim.schema.json');
