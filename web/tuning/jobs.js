// Monte Carlo and sweep jobs over a WorkerPool. The page never computes a statistic itself:
//  - Monte Carlo: runs are handed out in contiguous blocks [firstRun, firstRun + n) (the block size
//    adapts so one block takes ~150 ms), each worker returns the per-run values of its block
//    (engine.monteCarloSamples), and the engine summarises the blocks concatenated in run order
//    (engine.summariseSamples). Run i always uses the seed derived from (seed, i), so the summary
//    is the same whatever the number of workers and however the runs were split.
//  - Sweep: one engine.sweep call per (retry count, interval) cell, exactly the cell the CLI's
//    `campaign-sim sweep` computes (same seeds, runs 0..N-1). Rows come back in the CLI's order
//    (interval-major, then retry count) and the marginal gain of a retry is the difference of the
//    engine's completed-share means, exactly as the CLI computes it.
import { CancelledError } from './pool.js';

const TARGET_BLOCK_MS = 150;
const FIRST_BLOCK = 10;
const MAX_BLOCK = 200;
const PARTIAL_EVERY_MS = 250;

/** Concatenates sample blocks in run order into one samples document for summariseSamples. */
export function mergeSamples(blocks) {
  const sorted = [...blocks].sort((a, b) => a.first - b.first);
  const head = sorted[0].doc;
  const campaigns = head.campaigns.map((c, ci) => {
    const samples = {};
    for (const key of Object.keys(c.samples)) samples[key] = [];
    for (const b of sorted) {
      const s = b.doc.campaigns[ci].samples;
      for (const key of Object.keys(samples)) {
        const dst = samples[key];
        for (const v of s[key]) dst.push(v);
      }
    }
    return { name: c.name, samples };
  });
  const runs = sorted.reduce((n, b) => n + b.doc.runs, 0);
  return { runs, seed: head.seed, first_run: sorted[0].first, organization: head.organization, campaigns };
}

/**
 * Runs `runs` replications of `scenario` over the pool.
 * @param {import('./pool.js').WorkerPool} pool
 * @param {{scenario: object, runs: number, seed: number,
 *          onProgress?: (done: number, total: number) => void,
 *          onPartial?: (summary: object, done: number) => void,
 *          isCancelled?: () => boolean}} job
 * @returns {Promise<{summary: object, samples: object, ms: number}>} the engine's summary of all runs
 */
export function runMonteCarlo(pool, { scenario, runs, seed, allowLarge = false, onProgress = () => {}, onPartial = () => {} }) {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const blocks = [];
    let next = 0;
    let done = 0;
    let inflight = 0;
    let blockSize = FIRST_BLOCK;
    let failed = false;
    let partialBusy = false;
    let lastPartial = 0;
    let finished = false;
    const maxInflight = pool.size * 2;

    const fail = (err) => {
      if (failed) return;
      failed = true;
      reject(err);
    };

    const partial = () => {
      if (finished || partialBusy || done === runs || !blocks.length) return;
      const now = performance.now();
      if (now - lastPartial < PARTIAL_EVERY_MS) return;
      lastPartial = now;
      partialBusy = true;
      const at = done;
      pool.submit({ type: 'summarise', samples: mergeSamples(blocks) }, { priority: true }).then(
        ({ result }) => { partialBusy = false; if (!finished && !failed) onPartial(result, at); },
        (err) => { partialBusy = false; if (!(err instanceof CancelledError)) fail(err); },
      );
    };

    const finish = () => {
      finished = true;
      const samples = mergeSamples(blocks);
      pool.submit({ type: 'summarise', samples }, { priority: true }).then(
        ({ result }) => resolve({ summary: result, samples, ms: performance.now() - t0 }),
        fail,
      );
    };

    const pump = () => {
      while (!failed && inflight < maxInflight && next < runs) {
        const first = next;
        const n = Math.min(blockSize, runs - first);
        next += n;
        inflight += 1;
        pool.submit({ type: 'samples', scenario, runs: n, seed, firstRun: first, allowLarge }).then(({ result, ms }) => {
          inflight -= 1;
          if (failed) return;
          blocks.push({ first, doc: result });
          done += n;
          // Size the next blocks so each takes about TARGET_BLOCK_MS.
          const perRun = ms / n;
          if (perRun > 0) blockSize = Math.max(1, Math.min(MAX_BLOCK, Math.round(TARGET_BLOCK_MS / perRun)));
          onProgress(done, runs);
          if (done === runs) finish();
          else { partial(); pump(); }
        }, fail);
      }
    };
    onProgress(0, runs);
    pump();
  });
}

/**
 * A retry sweep: a Monte Carlo of `runs` runs for every (retry count, interval) cell.
 * @returns {Promise<{runs, seed, campaign, rows}>} the document `campaign-sim sweep` prints
 */
export function runSweep(pool, { scenario, runs, seed, retries, waits, allowLarge = false, onProgress = () => {}, onRow = () => {} }) {
  const cells = [];
  for (const w of waits) for (const r of retries) cells.push({ r, w });
  const rows = new Array(cells.length).fill(null);
  let done = 0;
  let campaign = null;
  let affects = null;
  onProgress(0, cells.length);
  return Promise.all(cells.map((cell, i) => pool.submit({ type: 'sweep', scenario, runs, seed, retries: [cell.r], waits: [cell.w], allowLarge })
    .then(({ result }) => {
      rows[i] = result.rows[0];
      campaign = result.campaign;
      done += 1;
      addMarginals(rows);
      onRow(rows, done, cells.length);
      onProgress(done, cells.length);
      if (result.truncated_affects) affects = result.truncated_affects;
    }))).then(() => {
      // As campaign-sim sweep prints them: runs cut by the horizon in all, and what they affect.
      const truncated = rows.reduce((n, r) => n + (r.truncated_runs || 0), 0);
      const out = { runs, seed, campaign, truncated_runs: truncated };
      if (truncated > 0) out.truncated_affects = affects;
      out.rows = addMarginals(rows);
      return out;
    });
}

/**
 * marginal_completed_share of each row: its completed-share mean minus that of the row with one
 * retry fewer at the same interval (null when that row is not in the sweep), as the CLI computes it.
 */
export function addMarginals(rows) {
  for (const row of rows) {
    if (!row) continue;
    let marginal = null;
    for (const prev of rows) {
      if (prev && prev.wait_minutes === row.wait_minutes && prev.max_retries === row.max_retries - 1) {
        marginal = row.completed_share.mean - prev.completed_share.mean;
      }
    }
    row.marginal_completed_share = marginal;
  }
  return rows;
}

/** "15, 30,60" -> [15, 30, 60] (sorted, unique); throws with a readable message. */
export function parseList(text, { min, max, what }) {
  const items = String(text).split(/[\s,;]+/).filter(Boolean);
  if (!items.length) throw new Error(`Enter at least one ${what}.`);
  const out = [];
  for (const item of items) {
    if (!/^\d+$/.test(item)) throw new Error(`“${item}” is not a whole number of ${what}s.`);
    const v = Number(item);
    if (v < min || v > max) throw new Error(`${what[0].toUpperCase()}${what.slice(1)}s must be from ${min} to ${max}; “${item}” is not.`);
    if (!out.includes(v)) out.push(v);
  }
  return out.sort((a, b) => a - b);
}
