// The tuning views' metric table (web/tuning/metrics.js) names every per-run metric the engine
// summarises, in the engine's order (engine/montecarlo.h kRunMetrics), and nothing else: a metric
// added to the engine without a label, or a label for a metric the engine does not have, fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { engine, WEB } from './helpers.mjs';

const { METRICS, RUN_METRICS } = await import(pathToFileURL(path.join(WEB, 'tuning', 'metrics.js')).href);

test('the page labels exactly the engine\'s per-run metrics, in its order', async () => {
  const e = await engine();
  const summary = e.monteCarlo({ recipients: { count: 20 }, seed: 1 }, { runs: 2 });
  const summarised = Object.keys(summary).filter((k) => summary[k] && typeof summary[k] === 'object' && 'mean' in summary[k]);
  assert.ok(summarised.length >= 19, `the engine summarises its metrics (${summarised.join(', ')})`);
  assert.deepEqual(Object.keys(METRICS), summarised);
  assert.deepEqual(RUN_METRICS, summarised);
});
