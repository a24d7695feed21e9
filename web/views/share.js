// Share, save and report (issue 10): the page state in the address bar, Copy link, the
// reproduced/differs check of a link's results, Save / Open scenario (and a dropped .json), Print
// report, Download report and Download offline copy. The link format is web/link.js's; this view
// only decides when to write it and draws what it says.
import { readTextFile } from '../file-text.js';
import { h, clear, setText, downloadText, downloadBlob } from '../dom.js';
import { makeLink, readLink, restore, isStateLink, savePendingEdit, takePendingEdit, runResults, monteCarloResults, shortHash, canonicalJson, LINK_LIMIT } from '../link.js';
import { METRICS, fmt } from '../tuning/metrics.js';
import { COUNTERS } from './counters.js';
import { formatEnUS } from '../number-format.js';

const COUNTER_LABELS = Object.fromEntries(COUNTERS.map((c) => [c.key, c.label]));

const LINK_DEBOUNCE_MS = 300;
// Results are hashed from a straight run of the scenario; above this many recipients that run
// costs more than a keystroke should (the link then carries no result hash).
const MAX_HASHED_RECIPIENTS = 100_000;
const EMBED_ID = 'campaign-sim-embedded';

// ---- the state the page starts from ----

/** A state read from a link or a file, cleaned for the page: a CSV the link left out is asked for. */
function pageState(partial, defaults) {
  const { state, ignored } = restore(partial || {}, defaults);
  let csvOmitted = null;
  const rec = state.scenario.recipients;
  if (rec && rec.csv_omitted) {
    csvOmitted = rec.csv_omitted;
    state.scenario = { ...state.scenario, recipients: { csv: '' } };
    state.ui = { ...state.ui, recipientsMode: 'csv', csvFileName: null };
  } else if (rec && typeof rec.csv === 'string') {
    state.ui = { ...state.ui, recipientsMode: 'csv' };
  } else {
    state.ui = { ...state.ui, recipientsMode: 'count' };
  }
  return { state, ignored, csvOmitted };
}

/** The embedded {state, results} of a downloaded offline copy or report (or in an HTML file's text). */
export function embeddedPayload(doc = document) {
  const el = doc.getElementById(EMBED_ID);
  if (!el || !el.textContent.trim()) return null;
  return JSON.parse(el.textContent);
}

/**
 * Where the page starts: the state a downloaded file embeds, else the state link in the address
 * bar (or an edit made just before a reload of it), else the defaults.
 * @returns {Promise<{state, origin: 'file'|'pending'|'link'|'defaults', read?, ignored, csvOmitted, results}>}
 */
export async function initialPageState(defaults) {
  let payload = null;
  try {
    payload = embeddedPayload();
  } catch {
    payload = null;
  }
  if (payload && payload.state) {
    return { ...pageState(payload.state, defaults), origin: 'file', results: payload.results || null, read: null };
  }
  // An edit made just before a reload, not yet in the address (see savePendingEdit).
  const pending = takePendingEdit(globalThis.sessionStorage, location.href);
  if (pending) return { ...pageState(pending, defaults), origin: 'pending', results: null, read: null };
  if (isStateLink(location.hash)) {
    const read = await readLink(location.hash);
    return { ...pageState(read.state, defaults), origin: 'link', read, results: read.results };
  }
  return { state: defaults, origin: 'defaults', ignored: [], csvOmitted: null, results: null, read: null };
}

// ---- the view ----

/**
 * ctx: {store, client, reportError, engineScenario, replaceState(state), defaults, start, slug}
 * `start` is initialPageState()'s answer.
 */
export function mountShare(root, ctx) {
  const { store, client, start } = ctx;
  const copyBtn = button('Copy link', 'icon-link');
  const saveBtn = button('Save scenario', 'icon-download');
  const openBtn = button('Open scenario', 'icon-upload');
  const printBtn = button('Print report', 'icon-print');
  const reportBtn = button('Download report', 'icon-download');
  const offlineBtn = button('Download offline copy', 'icon-download');
  const fileInput = h('input', { type: 'file', accept: '.json,application/json,.html,text/html', class: 'visually-hidden', id: 'share-open-file', tabindex: '-1', 'aria-label': 'Open a scenario file' });
  const linkStatus = h('p', { class: 'share-status', id: 'share-link-status', role: 'status' });
  const fileStatus = h('div', { class: 'share-file-status', id: 'share-file-status', role: 'status', hidden: true });
  const notice = h('div', { class: 'share-notice', id: 'share-notice', hidden: true });
  const reproduce = h('div', { class: 'share-reproduce', id: 'share-reproduce', hidden: true, dataset: { state: 'none' } });
  const reproduceMc = h('div', { class: 'share-reproduce', id: 'share-reproduce-mc', hidden: true, dataset: { state: 'none' } });
  root.append(
    h('div', { class: 'share-bar' },
      h('div', { class: 'share-group', role: 'group', 'aria-label': 'Share' }, copyBtn, saveBtn, openBtn, fileInput),
      h('div', { class: 'share-group', role: 'group', 'aria-label': 'Reports and offline copy' }, printBtn, reportBtn, offlineBtn)),
    linkStatus, notice, reproduce, reproduceMc, fileStatus);

  let current = null; // the latest link: {hash, length, tooLong, csvOmitted}
  let engineVersion = '';
  let timer = null;
  let seq = 0;
  const resultsCache = new Map(); // canonical (scenario, seed) -> results
  // The state as the page opened it: the address keeps the opened link until the user changes it.
  const openedKey = start.origin === 'link' ? canonicalJson(store.state) : null;

  /** The scenario a straight run uses: the form's, launched at minute 0 when it waits for Launch. */
  const runScenario = (state) => {
    const sc = { ...ctx.engineScenario(state) }; // shallow: a big CSV is not cloned
    if (sc.launch_at_minute === null || sc.launch_at_minute === undefined) sc.launch_at_minute = 0;
    return sc;
  };

  async function resultsFor(state) {
    const rec = state.scenario.recipients || {};
    if (typeof rec.count === 'number' && rec.count > MAX_HASHED_RECIPIENTS) return null;
    const key = canonicalJson([state.scenario, state.seed]);
    if (resultsCache.has(key)) return resultsCache.get(key);
    const counters = await client.request('runCounters', { scenario: runScenario(state), seed: state.seed });
    const results = counters ? runResults(counters) : null;
    resultsCache.set(key, results);
    return results;
  }

  let writing = false; // a link is being made (CompressionStream is asynchronous)
  async function updateLink() {
    timer = null;
    writing = true;
    try {
      await writeLink();
    } finally {
      writing = false;
    }
  }
  async function writeLink() {
    const my = ++seq;
    const state = store.state;
    let results = null;
    if (store.live.engine === 'ready' && store.live.validation && store.live.validation.valid) {
      try {
        results = await resultsFor(state);
      } catch {
        results = null;
      }
    }
    // A finished Monte Carlo summary of exactly this scenario travels too.
    const mc = store.live.monteCarlo;
    if (mc && canonicalJson(mc.scenario) === canonicalJson(runScenario(state))) results = { ...(results || {}), mc: monteCarloResults(mc) };
    const made = await makeLink(state, { engineVersion, results });
    if (my !== seq) return;
    // What a user copies is the whole address: its length is what chat apps limit.
    const url = location.href.split('#')[0] + made.hash;
    current = { ...made, url, length: url.length, tooLong: url.length > LINK_LIMIT };
    if (!(openedKey && canonicalJson(state) === openedKey) && location.hash !== made.hash) {
      history.replaceState(history.state, '', made.hash);
    }
    drawLinkStatus();
  }

  function scheduleLink() {
    clearTimeout(timer);
    timer = setTimeout(updateLink, LINK_DEBOUNCE_MS);
  }
  // Left (a reload, a closed tab) before the address caught up with the last edit: keep the edit.
  ctx.listen(root.ownerDocument.defaultView, 'pagehide', () => {
    if (timer !== null || writing) savePendingEdit(globalThis.sessionStorage, location.href, store.state);
  });

  function drawLinkStatus(copied = false) {
    clear(linkStatus);
    if (!current) return;
    const n = formatEnUS(current.length);
    linkStatus.dataset.length = String(current.length);
    linkStatus.dataset.tooLong = String(current.tooLong);
    linkStatus.dataset.csvOmitted = String(Boolean(current.csvOmitted));
    if (current.csvOmitted) {
      linkStatus.append(h('strong', null, 'The link leaves out the CSV’s recipients. '),
        `Its ${formatEnUS(current.csvOmitted.rows)} rows of phone numbers never go into a link: share the scenario file instead (`, fileLink(), ').');
    } else if (current.tooLong) {
      linkStatus.append(h('strong', null, `The link is ${n} characters: too long for chat apps and mail `),
        `(above ~${formatEnUS(LINK_LIMIT)}). Share the scenario file instead (`, fileLink(), ').');
    } else {
      linkStatus.append(copied ? `Link copied: ${n} characters.` : `The address bar is the share link (${n} characters).`);
    }
  }

  function fileLink() {
    const a = h('button', { type: 'button', class: 'link-button' }, 'Save scenario');
    a.addEventListener('click', saveScenario);
    return a;
  }

  copyBtn.addEventListener('click', async () => {
    await updateLink();
    const { url } = current;
    let ok = false;
    try {
      await navigator.clipboard.writeText(url);
      ok = true;
    } catch {
      ok = false;
    }
    if (!ok) {
      // No clipboard (file://, permissions): select the link in a field for Ctrl+C.
      const field = h('input', { type: 'text', readonly: true, class: 'share-link-field', value: url, 'aria-label': 'Share link' });
      drawLinkStatus();
      linkStatus.append(' Copy it from here: ', field);
      field.select();
      return;
    }
    drawLinkStatus(true);
  });

  // ---- notices about how the page opened ----
  function showNotice() {
    const items = [];
    const read = start.read;
    if (read && read.damaged) {
      const got = read.recovered.length ? recoveredText(read.state, ctx.defaults) : 'Nothing of its scenario could be read: the page shows the defaults.';
      items.push(h('p', { class: 'share-damaged', dataset: { kind: 'damaged' } }, h('strong', null, read.damaged), ' ', got));
      ctx.reportError(`${read.damaged} ${got}`); // at the top of the page too, whatever the layout
    }
    if (start.ignored && start.ignored.length) items.push(h('p', null, `Settings this page does not know were left out: ${start.ignored.join(', ')}.`));
    if (start.csvOmitted) {
      const c = start.csvOmitted;
      items.push(h('p', { dataset: { kind: 'csv-omitted' } }, `This scenario’s recipients came from a CSV file${c.file ? ` (${c.file})` : ''} of ${formatEnUS(Number(c.rows))} rows, which links never carry. Drop the file into the form’s CSV field, or open the saved scenario file.`));
    }
    if (start.origin === 'file') items.push(h('p', { dataset: { kind: 'file' } }, 'Opened on the scenario this file was made from.'));
    clear(notice);
    notice.hidden = !items.length;
    notice.dataset.kind = read && read.damaged ? 'damaged' : 'info';
    notice.append(...items);
  }
  showNotice();

  // ---- reproduced / differs ----
  const expectedHash = () => {
    if (start.read && start.read.resultHash) return start.read.resultHash;
    if (start.results && start.results.hash) return `${start.results.kind}.${start.results.hash}`;
    return null;
  };
  let checked = false;
  async function checkReproduced() {
    const want = expectedHash();
    if (checked || !want || !store.live.validation || !store.live.validation.valid) return;
    checked = true;
    reproduce.hidden = false;
    reproduce.dataset.state = 'checking';
    setText(reproduce, 'Rerunning the link’s scenario to check its results…');
    let now;
    try {
      now = await resultsFor(store.state);
    } catch (err) {
      reproduce.dataset.state = 'error';
      setText(reproduce, `The link’s results could not be checked: ${err.message}`);
      return;
    }
    const got = now ? `${now.kind}.${now.hash}` : null;
    const made = start.read ? start.read.engineVersion : null;
    clear(reproduce);
    if (got === want) {
      reproduce.dataset.state = 'reproduced';
      reproduce.append(h('span', { class: 'tn-badge good', 'aria-hidden': 'true' }, '✓'),
        h('strong', null, ' Reproduced: '), `this engine (${engineVersion}) gives the results the link was made with (${want}).`);
      return;
    }
    reproduce.dataset.state = 'differs';
    reproduce.append(h('p', null, h('span', { class: 'tn-badge warn', 'aria-hidden': 'true' }, '⚠'),
      h('strong', null, ' The numbers differ from the link’s. '),
      `It was made with engine ${made || 'unknown'} and results ${want}; this engine (${engineVersion}) gives ${got || 'no results'}. Both are shown:`));
    const linkCounters = start.results && start.results.counters;
    if (now && now.counters) {
      const keys = Object.keys(now.counters).filter((k) => typeof now.counters[k] === 'number');
      reproduce.append(h('table', { class: 'tn-table share-diff' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Counter'), h('th', { scope: 'col', class: 'num' }, 'In the link'), h('th', { scope: 'col', class: 'num' }, 'This engine'))),
        h('tbody', null, keys.map((k) => {
          const was = linkCounters ? linkCounters[k] : undefined;
          return h('tr', { class: was !== undefined && was !== now.counters[k] ? 'changed' : null, dataset: { counter: k } },
            h('th', { scope: 'row' }, COUNTER_LABELS[k] || k),
            h('td', { class: 'num' }, was === undefined ? '—' : String(was)),
            h('td', { class: 'num' }, String(now.counters[k])));
        }))));
    }
  }

  // ---- the link's Monte Carlo summary: checked when a Monte Carlo with its runs and seed is run ----
  const linkMc = (() => {
    const m = start.read && start.read.monteCarloHash ? /^(\d+)\.(\d+)\.([0-9a-f]{8})$/.exec(start.read.monteCarloHash) : null;
    const carried = start.results && start.results.mc;
    if (m) return { runs: Number(m[1]), seed: Number(m[2]), hash: m[3], means: carried ? carried.means : null };
    return carried || null;
  })();
  let mcChecked = null;
  if (linkMc) {
    reproduceMc.hidden = false;
    reproduceMc.dataset.state = 'waiting';
    setText(reproduceMc, `This link also holds a Monte Carlo summary (${formatEnUS(linkMc.runs)} runs, seed ${linkMc.seed}, m.${linkMc.hash}): run Monte Carlo below with those settings to check it.`);
  }
  function checkMonteCarlo(live) {
    const mc = live.monteCarlo;
    if (!linkMc || !mc || mc === mcChecked || mc.runs !== linkMc.runs || mc.seed !== linkMc.seed) return;
    if (canonicalJson(mc.scenario) !== canonicalJson(runScenario(store.state))) return;
    mcChecked = mc;
    const now = monteCarloResults(mc);
    clear(reproduceMc);
    if (now.hash === linkMc.hash) {
      reproduceMc.dataset.state = 'reproduced';
      reproduceMc.append(h('span', { class: 'tn-badge good', 'aria-hidden': 'true' }, '✓'),
        h('strong', null, ' Monte Carlo reproduced: '), `${formatEnUS(now.runs)} runs with seed ${now.seed} give the link’s summary (m.${now.hash}).`);
      return;
    }
    reproduceMc.dataset.state = 'differs';
    reproduceMc.append(h('p', null, h('span', { class: 'tn-badge warn', 'aria-hidden': 'true' }, '⚠'),
      h('strong', null, ' The Monte Carlo summary differs from the link’s '), `(link m.${linkMc.hash}, this engine m.${now.hash}). Both are shown:`),
    h('table', { class: 'tn-table share-diff' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Mean of'), h('th', { scope: 'col', class: 'num' }, 'In the link'), h('th', { scope: 'col', class: 'num' }, 'This engine'))),
      h('tbody', null, Object.keys(now.means).map((k) => {
        const was = linkMc.means ? linkMc.means[k] : undefined;
        return h('tr', { class: was !== undefined && was !== now.means[k] ? 'changed' : null, dataset: { metric: k } },
          h('th', { scope: 'row' }, METRICS[k] ? METRICS[k].label : k),
          h('td', { class: 'num' }, was === undefined ? '—' : fmt(k, was, { precise: true })),
          h('td', { class: 'num' }, fmt(k, now.means[k], { precise: true })));
      }))));
  }

  // ---- scenario files ----
  function saveScenario() {
    const doc = ctx.engineScenario(store.state);
    downloadText(`${ctx.slug(doc.name || 'campaign')}-scenario.json`, `${JSON.stringify(doc, null, 2)}\n`, 'application/json');
  }
  saveBtn.addEventListener('click', saveScenario);
  openBtn.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files && fileInput.files[0];
    fileInput.value = '';
    if (file) await openFile(file);
  });
  // A .json (or a downloaded report / offline copy) dropped anywhere but the CSV field opens it.
  const onDragOver = (event) => {
    if (event.dataTransfer && [...event.dataTransfer.items || []].some((i) => i.kind === 'file')) event.preventDefault();
  };
  const onDrop = (event) => {
    const file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
    if (!file || !/\.(json|html?)$/i.test(file.name)) return; // a CSV goes to the form's drop zone
    event.preventDefault();
    openFile(file);
  };
  ctx.listen(root.ownerDocument, 'dragover', onDragOver);
  ctx.listen(root.ownerDocument, 'drop', onDrop);

  let opened = null; // {name} of the file just opened: its validation is reported here
  async function openFile(file) {
    const read = await readTextFile(file, client);
    const result = read.error ? { error: read.error } : parseScenarioFile(read.text, file.name);
    fileStatus.hidden = false;
    clear(fileStatus);
    if (result.error) {
      fileStatus.dataset.state = 'error';
      fileStatus.append(h('p', { class: 'inline-error' }, h('strong', null, `${file.name} was not opened: `), result.error));
      return;
    }
    let next;
    if (result.state) {
      next = pageState(result.state, ctx.defaults).state;
    } else {
      // A scenario document: merged over the engine's defaults key by key (a key the file leaves
      // out means the default, as for the CLI); the page's tuning and UI choices stay.
      const { seed, ...scenario } = result.scenario;
      if (scenario.launch_at_minute !== null && scenario.launch_at_minute !== undefined) result.note = 'Its launch_at_minute is replaced by the page’s Launch button.';
      scenario.launch_at_minute = null;
      const merged = pageState({ scenario, seed: seed === undefined ? ctx.defaults.seed : seed }, ctx.defaults).state;
      const csv = merged.ui.recipientsMode === 'csv';
      next = { ...store.state, seed: merged.seed, scenario: merged.scenario, ui: { ...store.state.ui, recipientsMode: merged.ui.recipientsMode, csvFileName: csv ? file.name : null } };
    }
    opened = { name: file.name, note: result.note || '' };
    fileStatus.dataset.state = 'checking';
    fileStatus.append(h('p', null, `Opened ${file.name}; checking it…`));
    ctx.replaceState(next);
  }

  function drawOpened(live) {
    if (!opened || live.validating || !live.validation) return;
    const { name, note } = opened;
    opened = null;
    clear(fileStatus);
    const v = live.validation;
    if (v.valid) {
      fileStatus.dataset.state = 'valid';
      fileStatus.append(h('p', null, h('strong', null, `Opened ${name}. `), 'The engine accepts it. ', note));
    } else {
      fileStatus.dataset.state = 'invalid';
      fileStatus.append(h('p', null, h('strong', null, `Opened ${name}: ${v.errors.length} ${v.errors.length === 1 ? 'problem' : 'problems'}`), ' (also shown at the fields):'),
        h('ul', null, v.errors.map((e) => h('li', null, h('code', null, e.path || '(document)'), `: ${e.message}`))));
    }
  }

  // ---- reports and the offline copy ----
  const payload = async () => {
    const state = store.state;
    let results = null;
    try { results = store.live.validation && store.live.validation.valid ? await resultsFor(state) : null; } catch { results = null; }
    return { state, results };
  };
  printBtn.addEventListener('click', async () => {
    await updateLink();
    ctx.prepareReport(location.href);
    window.print();
  });
  reportBtn.addEventListener('click', async () => {
    await updateLink();
    const html = ctx.reportHtml({ link: location.href, payload: await payload() });
    downloadText(`${ctx.slug(store.state.scenario.name || 'campaign')}-report.html`, html, 'text/html');
  });
  offlineBtn.addEventListener('click', async () => {
    offlineBtn.disabled = true;
    try {
      const html = await offlineTemplate(ctx.assets);
      downloadBlob('campaign-sim.html', new Blob([embedState(html, await payload())], { type: 'text/html;charset=utf-8' }));
    } catch (err) {
      ctx.reportError(`The offline copy could not be made: ${err.message}`);
    } finally {
      offlineBtn.disabled = false;
    }
  });

  return {
    render(state, live) {
      if (live.engineVersion && live.engineVersion !== engineVersion) engineVersion = live.engineVersion;
      // By identity: the store replaces these objects when they change (a CSV state can be MBs).
      const key = [state, live.validation, engineVersion, live.monteCarlo];
      if (!this.lastKey || key.some((v, i) => v !== this.lastKey[i])) {
        this.lastKey = key;
        scheduleLink();
      }
      checkReproduced();
      checkMonteCarlo(live);
      drawOpened(live);
    },
    lastKey: null,
    /** Writes the link now (tests and the print path). */
    updateLink,
  };
}

const GROUP_NAMES = { scenario: 'the scenario', seed: 'the seed', tuning: 'the tuning settings', ui: 'the view settings' };
// The page's own settings in a reader's words (the scenario's are its JSON paths, as everywhere).
const SETTING_NAMES = {
  tuning: {
    runs: 'Monte Carlo runs', seed: 'Monte Carlo seed', sweepMaxRetries: 'sweep retries', sweepWaits: 'sweep intervals',
    sweepRuns: 'sweep runs', b: 'the A/B alternative',
  },
  ui: {
    recipientsMode: 'recipients as a count or a CSV', csvFileName: 'CSV file name', speed: 'speed', historyStatus: 'call history filter',
    exportFormat: 'export format', exportBom: 'export byte order mark', exportGroups: 'export groups',
    exportSplit: 'export split', view: 'open section',
  },
};
const settingName = (group, key) => (SETTING_NAMES[group] && SETTING_NAMES[group][key]) || key;

/** "Recovered: the scenario and the seed; partly: the tuning settings (runs); lost: the view settings (defaults)." */
export function recoveredText(partial, defaults) {
  const whole = [];
  const part = [];
  const lost = [];
  const plain = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  for (const key of Object.keys(GROUP_NAMES)) {
    const d = defaults[key];
    const p = plain(partial) && Object.hasOwn(partial, key) ? partial[key] : undefined;
    if (p === undefined || (plain(d) && !plain(p))) lost.push(GROUP_NAMES[key]);
    else if (plain(d)) {
      const missing = Object.keys(d).filter((k) => !Object.hasOwn(p, k));
      if (missing.length) part.push(`${GROUP_NAMES[key]} (not: ${missing.map((k) => settingName(key, k)).join(', ')})`);
      else whole.push(GROUP_NAMES[key]);
    } else whole.push(GROUP_NAMES[key]);
  }
  const list = (xs) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : xs[0]);
  const out = [];
  if (whole.length) out.push(`Recovered: ${list(whole)}.`);
  if (part.length) out.push(`Partly recovered: ${list(part)}.`);
  if (lost.length) out.push(`Lost: ${list(lost)}.`);
  out.push('What was lost is the default: check it before you rely on the numbers.');
  return out.join(' ');
}

function button(label, icon) {
  return h('button', { type: 'button', class: 'btn btn-ghost btn-small share-btn' }, h('span', { class: `btn-icon ${icon}`, 'aria-hidden': 'true' }), label);
}

/**
 * A scenario file's text -> {scenario} (a scenario document) or {state} (a report or offline copy
 * made by this page) or {error} in the user's words.
 */
export function parseScenarioFile(text, name = 'the file') {
  if (/^\s*</.test(text)) {
    const m = /<script type="application\/json" id="campaign-sim-embedded">([\s\S]*?)<\/script>/.exec(text);
    if (!m || !m[1].trim()) return { error: `${name} is an HTML file without an embedded scenario (only reports and offline copies of this simulator have one).` };
    try {
      const p = JSON.parse(m[1]);
      if (!p || !p.state) throw new Error('no state');
      return { state: p.state };
    } catch {
      return { error: `the scenario embedded in ${name} is damaged.` };
    }
  }
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { error: `it is not JSON (${err.message}).` };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { error: 'a scenario file holds one JSON object (/ must be an object).' };
  if (Array.isArray(doc.campaigns) || doc.organization) return { error: 'it describes an organization with several campaigns (/campaigns); this page edits one campaign. Run it with campaign-sim.' };
  return { scenario: doc };
}

// ---- the offline copy: the single-file build with a state embedded ----

async function offlineTemplate(assets) {
  // In the offline copy itself: the file as it was opened (its bootstrap kept it).
  const config = globalThis.campaignSimConfig;
  if (config && config.pristineHtml) return config.pristineHtml;
  return assets.text('offline');
}

/** JSON safe inside a <script> element. */
export function scriptJson(value) {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The offline copy's HTML with {state, results} as its embedded state (TiddlyWiki-style). */
export function embedState(html, payload) {
  const re = /(<script type="application\/json" id="campaign-sim-embedded">)[\s\S]*?(<\/script>)/;
  if (!re.test(html)) throw new Error('the offline page has no place for an embedded state');
  const json = scriptJson(payload);
  return html.replace(re, (_, open, close) => `${open}${json}${close}`);
}

export { shortHash };
