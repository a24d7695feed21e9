// web/payload.js: a big string (a 10 MB recipient CSV) crosses to a worker once; later messages
// refer to it, and the worker puts it back. The page and the worker agree on what the worker holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WEB } from './helpers.mjs';

const { pack, unpack, REF_KEY } = await import(pathToFileURL(path.join(WEB, 'payload.js')).href);
const csv = (n) => `phone_number\n${Array.from({ length: 7000 }, (_, i) => `+1415${String(n * 10000 + i).padStart(7, '0')}`).join('\n')}\n`;
// What the worker receives: a structured clone of what the page posted.
const post = (msg, worker) => unpack(structuredClone(pack(msg, worker)));

test('a big string is sent to a worker the first time only, and every message reads the same there', () => {
  const worker = {};
  const text = csv(1);
  const first = pack({ type: 'prepare', scenario: { recipients: { csv: text } } }, worker);
  assert.equal(first.scenario.recipients.csv.text, text, 'the first message carries the text');
  const second = pack({ type: 'prepare', scenario: { recipients: { csv: text } } }, worker);
  assert.deepEqual(Object.keys(second.scenario.recipients.csv), [REF_KEY], 'the second only its reference');
  assert.equal(unpack(structuredClone(first)).scenario.recipients.csv, text);
  assert.equal(unpack(structuredClone(second)).scenario.recipients.csv, text);
  assert.equal(pack({ recipients: { csv: text } }, {}).recipients.csv.text, text, 'another worker gets the text again');
});

test('small messages and values that are not plain objects are posted as they are', () => {
  const msg = { type: 'speed', value: 'max', list: [1, { a: 'b' }], bytes: new Uint8Array(4) };
  assert.equal(pack(msg, {}), msg);
});

test('after many different lists the worker still holds every text the page refers to', () => {
  const worker = {};
  const texts = [1, 2, 3, 4, 5, 6, 7].map(csv);
  for (const round of [0, 1]) {
    for (const [i, t] of texts.entries()) {
      assert.equal(post({ scenario: { recipients: { csv: t } }, round }, worker).scenario.recipients.csv, t, `list ${i}, round ${round}`);
      // the same list again at once: sent by reference
      assert.equal(post({ scenario: { recipients: { csv: t } } }, worker).scenario.recipients.csv, t);
    }
  }
});
