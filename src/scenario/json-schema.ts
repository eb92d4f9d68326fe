/**
 * The JSON Schema of the scenario format, generated from the zod schema (schema.ts) so editors can
 * autocomplete and check scenario files. Shipped as schema/tiersim.schema.json (`npm run schema`).
 */
import * as z from 'zod';
import { ScenarioSpec } from './schema.ts';
import { QUANTITY_KINDS, type QuantityKind } from '../units/quantity.ts';

export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSpec, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const js = ctx.jsonSchema as Record<string, unknown>;
      const kind = js.quantity as QuantityKind | undefined;
      if (kind !== undefined) {
        delete js.quantity;
        js.type = ['string', 'number'];
        js.pattern = '^\\s*[$]?[-+0-9.]';
        js.examples = [QUANTITY_KINDS[kind].example];
      }
      if (js.type === 'object' && js.properties !== undefined) js.additionalProperties = false;
    },
  }) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'tiersim scenario',
    ...schema,
  };
}
