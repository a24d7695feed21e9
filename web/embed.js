// The iframe embed, for platforms that allow only iframes (Notion, Confluence, GitBook):
//
//   <iframe src="https://HOST/sim/embed.html?view=live&controls=max_retries&autoplay&scenario=%7B...%7D"
//           width="100%" height="720" title="Campaign simulator"></iframe>
//
// URL parameters are the element's attributes: view, controls, seed, speed, theme, autoplay;
// `scenario` is the scenario document as JSON (URL-encoded), `src` a scenario URL; `origin` the
// host page's origin, to which events are sent (default '*': the events carry only simulated data).
//
// postMessage protocol, every message an object with `campaignSim: 1`:
//   host -> frame  {campaignSim: 1, id, method, args}   method: launch | pause | resume | cancel |
//                  runMonteCarlo {runs} | runSweep {runs, retries, waits} | getScenario |
//                  setScenario (the scenario document) | getReport | getState
//   frame -> host  {campaignSim: 1, id, ok: true, result} | {campaignSim: 1, id, ok: false, error}
//                  {campaignSim: 1, event, detail}  event: ready | statuschange | counters |
//                  finished | error (the element's events, same detail)
// Only messages from the parent window are answered.
import './campaign-sim-element.js';

const EVENTS = ['ready', 'statuschange', 'counters', 'finished', 'error'];
const ATTRIBUTES = ['view', 'controls', 'seed', 'speed', 'theme', 'src'];

const params = new URLSearchParams(location.search);
const targetOrigin = params.get('origin') || '*';
const el = document.createElement('campaign-sim');
for (const a of ATTRIBUTES) if (params.has(a)) el.setAttribute(a, params.get(a));
if (params.has('autoplay')) el.setAttribute('autoplay', '');
el.setAttribute('loading', 'eager'); // the frame is the element: no need to wait for the viewport

const post = (msg) => { if (window.parent !== window) window.parent.postMessage({ campaignSim: 1, ...msg }, targetOrigin); };
for (const type of EVENTS) el.addEventListener(type, (event) => post({ event: type, detail: event.detail }));

if (params.has('scenario')) {
  try {
    el.scenario = JSON.parse(params.get('scenario'));
  } catch (err) {
    post({ event: 'error', detail: { message: `The scenario in the URL is not valid JSON: ${err.message}`, errors: [] } });
  }
}

const METHODS = {
  launch: () => el.launch(),
  pause: () => el.pause(),
  resume: () => el.resume(),
  cancel: () => el.cancel(),
  runMonteCarlo: (args) => el.runMonteCarlo(args),
  runSweep: (args) => el.runSweep(args),
  getScenario: () => el.scenario,
  setScenario: (doc) => { el.scenario = doc; return el.scenario; },
  getReport: () => el.report,
  getState: () => el.state,
};

window.addEventListener('message', async (event) => {
  const msg = event.data;
  if (event.source !== window.parent || !msg || msg.campaignSim !== 1 || !msg.method) return;
  const reply = (body) => event.source.postMessage({ campaignSim: 1, id: msg.id, ...body }, event.origin === 'null' ? '*' : event.origin);
  const fn = METHODS[msg.method];
  if (!fn) { reply({ ok: false, error: `unknown method ${msg.method} (known: ${Object.keys(METHODS).join(', ')})` }); return; }
  try {
    reply({ ok: true, result: await fn(msg.args) });
  } catch (err) {
    reply({ ok: false, error: err && err.message ? err.message : String(err) });
  }
});

document.body.append(el);
