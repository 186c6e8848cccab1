import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { devopsJsonSchema } from '../../../src/core/config/schema';

// out/test/unit/config → repository root
const root = join(__dirname, '..', '..', '..', '..');

describe('schemas/devops.schema.json', () => {
  it('is what devopsJsonSchema() gives today (run `npm run schema` when this fails)', () => {
    const checkedIn = readFileSync(join(root, 'schemas', 'devops.schema.json'), 'utf8');
    assert.equal(checkedIn, `${JSON.stringify(devopsJsonSchema(), null, 2)}\n`);
  });

  it('describes the top-level keys and forbids unknown ones, so the editor can complete and check', () => {
    const schema = devopsJsonSchema() as { properties: Record<string, unknown>; required: string[]; additionalProperties: unknown };
    assert.deepEqual(Object.keys(schema.properties).sort(), ['$schema', 'engines', 'environments', 'monitor', 'name', 'pipeline', 'plan', 'services', 'version']);
    assert.deepEqual(schema.required, ['version']);
    assert.equal(schema.additionalProperties, false);
  });
});
