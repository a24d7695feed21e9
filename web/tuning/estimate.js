// Live estimate: while a campaign runs on the live page, the expected final counters (the exact
// formula, engine.expect) and a small background Monte Carlo of the same scenario (100 runs, its
// own worker) give the likely final counts and the estimated time of completion.
//
// mountEstimate(root, ctx) -> {render(state, live)}; ctx is the app's {engineScenario}.
import { h, clear, setText } from '../dom.js';
import { parseLocal, formatNumber, BLOCKER_TEXT } from '../state.js';
import { CancelledError } from './pool.js';
import { runMonteCarlo } from './jobs.js';
import { campaignSummary, expectedValue, formatMinutes } from './metrics.js';
import { nextTask } from '../next-task.js';

export const ESTIMATE_RUNS = 100;

const SHOWN = [
  { key: 'completed_leads', label: 'Completed leads' },
  { key: 'failed_leads', label: 'Failed leads' },
  { key: 'did_not_pick', label: 'Did not pick' },
  { key: 'cancelled', label: 'Cancelled' },
  { key: 'retry_expired', label: 'Retry expired' },
  { key: 'attempts', label: 'Attempts' },
];

export function mountEstimate(root, ctx) {
  let pool = null;
  let forToken = null;
  let est = null; // {expectation, summary, done, error, launchedMinute}
  const title = h('p', { class: 'tn-est-title' }, h('span', { class: 'tn-est-icon', 'aria-hidden': 'true' }), 'Live estimate');
  const finish = h('p', { class: 'tn-est-finish', dataset: { estimate: 'finish' } });
  const list = h('ul', { class: 'tn-est-list' });
  const note = h('p', { class: 'tn-est-note' });
  const box = h('div', { class: 'tn-estimate', role: 'group', 'aria-label': 'Live estimate', hidden: true }, title, finish, list, note);
  root.append(box);

  // The box says how many engines compute for it (0 once the runs are done or stopped).
  const onPool = (lane) => { box.dataset.busyWorkers = String(lane.busy); };
  // The lane's worker has answered once: it is loaded, and stopping it now aborts nothing.
  function answered(mine) {
    if (mine.answered) return;
    mine.answered = true;
    if (mine.stopped) pool.cancel();
  }
  function start(state, c, token) {
    if (pool) pool.cancel();
    pool = pool || ctx.pool.lane({ size: 1, onChange: onPool }); // one worker of the page's pool
    forToken = token;
    const launchedMinute = Math.max(0, Math.round(c.timing.launched_at_minute));
    // A shallow copy: no deep clone of a 10 MB CSV on the main thread (nothing below edits in place).
    const scenario = { ...ctx.engineScenario(state), launch_at_minute: launchedMinute };
    est = { expectation: null, summary: null, done: 0, error: null, launchedMinute, stopped: false };
    const mine = est;
    // The work is sent in a task of its own: the first message to the worker carries a big CSV
    // (~10 ms of cloning), which would otherwise lengthen the frame that draws the launch.
    nextTask().then(() => { if (est === mine) submit(mine, scenario, state.seed); });
  }
  function submit(mine, scenario, seed) {
    pool.submit({ type: 'expect', scenario }, { priority: true })
      .then(({ result }) => {
        if (est !== mine) return;
        mine.expectation = result;
        answered(mine);
        draw();
      })
      .catch((err) => { if (est === mine && !(err instanceof CancelledError)) { mine.error = err.message; draw(); } });
    runMonteCarlo(pool, {
      scenario, runs: ESTIMATE_RUNS, seed,
      onProgress: (done) => { if (est === mine) { mine.done = done; answered(mine); draw(); } },
    }).then(({ summary }) => {
      if (est !== mine) return;
      mine.summary = campaignSummary(summary);
      pool.cancel(); // nothing left to compute: free the worker and its engine
      draw();
    })
      .catch((err) => { if (est === mine && !(err instanceof CancelledError)) { mine.error = err.message; draw(); } });
  }

  let lastLive = null;
  function draw() {
    const live = lastLive;
    const c = live && live.sim ? live.sim.campaigns[0] : null;
    if (!c || !est) return;
    const k = c.counters;
    const final = c.status === 'completed' || c.status === 'cancelled';
    const blocked = c.status === 'active' && c.blocked_by && c.blocked_by.length > 0;
    box.dataset.state = est.summary ? 'ready' : est.error ? 'failed' : est.stopped ? 'stopped' : 'computing';
    // Finish time.
    clear(finish);
    const startMs = (parseLocal(live.sim.clock.local_time)?.ms ?? 0) - live.sim.clock.elapsed_seconds * 1000;
    const at = (minute) => {
      const d = new Date(startMs + minute * 60000);
      const p = (n) => String(n).padStart(2, '0');
      return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
    };
    delete finish.dataset.finishMinute;
    if (est.error) {
      finish.append(h('span', { class: 'inline-error' }, `No estimate: ${est.error}`));
    } else if (blocked) {
      // Nothing dials until someone acts: no time can be promised.
      finish.append(h('strong', null, 'No finish time while the campaign is blocked'),
        h('span', { class: 'tn-muted' }, ` (${c.blocked_by.map((b) => BLOCKER_TEXT[b] || b).join('; ')}): it resumes dialing only once that is fixed.`));
    } else if (!est.summary && final) {
      const actual = c.timing.duration_minutes;
      finish.append(h('strong', null, c.status === 'completed' ? `Finished${actual === null || actual === undefined ? '' : ` after ${formatMinutes(actual)}`}` : 'Cancelled'),
        h('span', { class: 'tn-muted' }, ` · the background runs stopped at ${est.done} of ${ESTIMATE_RUNS}: this run ended first`));
    } else if (!est.summary) {
      finish.append(h('span', { class: 'tn-muted' }, `Simulating this campaign ${ESTIMATE_RUNS} times… ${est.done}/${ESTIMATE_RUNS}`));
    } else {
      const d = est.summary.duration_minutes;
      const medianEnd = est.launchedMinute + d.median;
      const p90End = est.launchedMinute + d.p90;
      const nowMin = live.sim.clock.elapsed_seconds / 60;
      if (final) {
        const actual = c.timing.duration_minutes;
        finish.append(h('strong', null, c.status === 'completed' ? `Finished ${actual === null || actual === undefined ? '' : `after ${formatMinutes(actual)}`}` : 'Cancelled'),
          h('span', { class: 'tn-muted' }, ` · simulated runs took ${formatMinutes(d.median)} (median), ${formatMinutes(d.min)}–${formatMinutes(d.max)}`));
      } else {
        const left = medianEnd - nowMin;
        finish.dataset.finishMinute = String(medianEnd);
        finish.append('Estimated finish ', h('strong', null, at(medianEnd)), h('span', { class: 'tn-muted' }, ' (median of runs)'),
          ` · 90 % by ${at(p90End)} · `,
          h('strong', null, left > 0 ? `~${formatMinutes(left)} left` : p90End > nowMin ? 'any moment now' : 'later than 90 % of runs'));
      }
    }
    // Counters.
    clear(list);
    for (const s of SHOWN) {
      const ex = expectedValue(est.expectation, s.key);
      const m = est.summary ? est.summary[s.key] : null;
      list.append(h('li', { dataset: { estimate: s.key } },
        h('span', { class: 'tn-est-label' }, s.label, h('span', { class: 'tn-est-now' }, ` · ${formatNumber(k[s.key])} now`)),
        h('span', { class: 'tn-est-exp' }, 'expected ', h('strong', { dataset: { formula: ex === null ? '' : String(ex) } }, ex === null ? '—' : formatNumber(Math.round(ex))), ' (formula)'),
        m ? h('span', { class: 'tn-est-mc', title: `Mean of ${ESTIMATE_RUNS} runs with its 95 % confidence interval; range over the runs ${formatNumber(m.min)}–${formatNumber(m.max)}` },
          `runs ${formatNumber(Math.round(m.mean))} · 95 % CI ${formatNumber(Math.round(m.ci95[0]))}–${formatNumber(Math.round(m.ci95[1]))}`) : null,
        m ? h('span', { class: 'tn-est-mc' }, `range ${formatNumber(m.min)}–${formatNumber(m.max)}`) : null));
    }
    const ignored = est.expectation ? est.expectation.ignored : [];
    const parts = [];
    if (c.status === 'paused') parts.push('Paused: the finish moves later by the time spent paused.');
    if (blocked) parts.push('Blocked: the finish moves later by the time it stays blocked.');
    if (ignored.length) parts.push(`The formula ignores ${ignored.join('; ')}.`);
    parts.push(`Runs: ${ESTIMATE_RUNS} simulations of this scenario from launch, same settings, independent of this run's luck.`);
    setText(note, parts.join(' '));
  }

  return {
    render(state, live) {
      const c = live.sim ? live.sim.campaigns[0] : null;
      const launched = live.phase === 'launched' && c && c.timing && c.timing.launched_at_minute !== null && c.timing.launched_at_minute !== undefined;
      if (!launched) {
        if (forToken !== null) {
          forToken = null;
          est = null;
          if (pool) pool.cancel();
        }
        box.hidden = true;
        return;
      }
      box.hidden = false;
      if (forToken !== live.token) start(state, c, live.token);
      // The run ended before the background runs did: they can no longer change anything shown.
      const ended = c.status === 'completed' || c.status === 'cancelled';
      if (ended && est && !est.summary && !est.error && !est.stopped) {
        est.stopped = true;
        if (est.answered) pool.cancel();
        // else: once its worker answers (terminating a worker whose script is still loading aborts
        // that request), see answered().
      }
      if (live === lastLive) return;
      lastLive = live;
      draw();
    },
  };
}
