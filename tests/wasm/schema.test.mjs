// engine/scenario.schema.json (when present) agrees with the engine: every fixture the engine
// accepts is valid against the schema, and a typo'd key the engine rejects the schema rejects too.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { cli, fixtureFiles, rel, ROOT, FIXTURES } from './helpers.mjs';

const SCHEMA = path.join(ROOT, 'engine', 'scenario.schema.json');
const require = createRequire(import.meta.url);

function compile() {
  const schema = JSON.parse(fs.readFileSync(SCHEMA, 'utf8'));
  const draft = String(schema.$schema ?? '');
  const mod = draft.includes('2020-12') ? require('ajv/dist/2020') : draft.includes('2019-09')
    ? require('ajv/dist/2019') : require('ajv');
  const Ajv = mod.default ?? mod;
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

describe('scenario schema', () => {
  const validate = compile();
  for (const file of fixtureFiles().filter((f) => cli(['validate', f]).status === 0)) {
    it(`${rel(file)}: accepted by the engine ⇒ valid against the schema`, () => {
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
    });
  }
  it('an unknown key is rejected by both', () => {
    const file = path.join(FIXTURES, 'wasm', 'invalid', 'unknown_key.json');
    assert.equal(cli(['validate', file]).status, 2);
    assert.equal(validate(JSON.parse(fs.readFileSync(file, 'utf8'))), false);
  });
});
