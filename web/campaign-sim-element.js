// <campaign-sim>: the campaign simulator as one HTML element, for docs pages.
//
//   <script type="module" src="/sim/campaign-sim-element.js"></script>
//   <campaign-sim view="live" controls="max_retries,wait_minutes" autoplay speed="600">
//     <script type="application/json">{"recipients": {"count": 500}, "retry": {"max_retries": 2}}</script>
//     <p>Shown until the simulator loads (and to readers without JavaScript).</p>
//   </campaign-sim>
//
// Attributes: src (scenario URL) or a child <script type="application/json">; seed; view
// (full | live | tuning); controls (settings the reader may change); autoplay (launch once on
// screen); speed (1 | 60 | 600 | 3600 | max); theme (light | dark; default: the reader's
// prefers-color-scheme); asset-base (where the engine files are; default: beside this module, or
// globalThis.campaignSimConfig.assetBase); loading="eager" (load at once, not when near the viewport).
// Properties and methods: scenario, report, state, launch(), pause(), resume(), cancel(),
// runMonteCarlo({runs}), runSweep({runs, retries, waits}), ready (a promise).
// Events (bubbling, composed, detail = JSON): ready, statuschange {status, blocked_by}, counters,
// finished (the report), error {message, errors}.
//
// Every element of a page with the same asset base shares one engine worker and one Monte Carlo
// pool (runtime.js), so the .wasm is downloaded once. Styles come from constructable stylesheets
// (adoptedStyleSheets): nothing here needs 'unsafe-inline'. Importing this module without a DOM
// (a docs framework rendering pages on a server) defines nothing and throws nothing.
//
// This module imports nothing: the app (~100 KiB of modules, element-app.js) is loaded by import()
// when the first element comes near the viewport or a method is called, relative to this module's
// own URL, so a page whose elements are all off screen loads only this file.

const TAG = 'campaign-sim';
const NEAR_VIEWPORT = '200px';

let appModule = null; // Promise of element-app.js, loaded once per page
function loadAppModule() {
  if (!appModule) {
    appModule = import('./element-app.js');
    appModule.catch(() => { appModule = null; }); // a failed load may be retried
  }
  return appModule;
}

const Base = globalThis.HTMLElement || class {};

export class CampaignSimElement extends Base {
  static get observedAttributes() { return ['src', 'seed', 'speed', 'view', 'controls', 'theme']; }

  #app = null;
  #lib = null; // element-app.js, once loaded
  #shared = null; // what the page's elements of this asset base share (element-app.js sharedFor)
  #observer = null;
  #autoplayObserver = null; // waits for the element to be on screen (autoplay)
  #loading = null; // Promise while loading
  #scenario = null; // the scenario document given by property, before the app exists
  #lastState = null; // kept across a disconnect / reconnect
  #readyResolve = null;
  #container = null;
  #darkQuery = null;
  #onScheme = () => this.#applyTheme();
  ready = null;

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    // Until the simulator loads, the element shows its own light-DOM content (a static table,
    // a screenshot, a sentence): that is also what readers without JavaScript and print see.
    this.shadowRoot.append(document.createElement('slot'));
    this.ready = new Promise((resolve) => { this.#readyResolve = resolve; });
  }

  connectedCallback() {
    if (!this.#darkQuery && typeof matchMedia === 'function') {
      this.#darkQuery = matchMedia('(prefers-color-scheme: dark)');
      this.#darkQuery.addEventListener('change', this.#onScheme);
    }
    if (this.#app || this.#loading) return;
    if (this.getAttribute('loading') === 'eager' || typeof IntersectionObserver !== 'function') {
      this.#load();
      return;
    }
    this.#observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        this.#observer.disconnect();
        this.#observer = null;
        this.#load();
      }
    }, { rootMargin: NEAR_VIEWPORT });
    this.#observer.observe(this);
  }

  disconnectedCallback() {
    if (this.#observer) { this.#observer.disconnect(); this.#observer = null; }
    if (this.#autoplayObserver) { this.#autoplayObserver.disconnect(); this.#autoplayObserver = null; }
    if (this.#darkQuery) { this.#darkQuery.removeEventListener('change', this.#onScheme); this.#darkQuery = null; }
    if (this.#app) {
      this.#lastState = this.#app.getState();
      this.#app.destroy();
      this.#app = null;
      this.#container.remove();
      if (!this.shadowRoot.querySelector('slot')) this.shadowRoot.append(document.createElement('slot'));
    }
  }

  attributeChangedCallback(name, oldValue, value) {
    if (name === 'theme') { this.#applyTheme(); return; }
    if (!this.#app || oldValue === value) return;
    if (name === 'seed' && value !== null) this.#app.setState({ seed: Number(value) });
    else if (name === 'speed' && value !== null) this.#app.setSpeed(String(value));
    else if (name === 'src') this.#reload();
    else if (name === 'view' || name === 'controls') this.#rebuild();
  }

  // ---- properties and methods ----

  /** The scenario document (with its seed) the element runs; settable. */
  get scenario() {
    if (this.#app) {
      const st = this.#app.getState();
      return { ...st.scenario, seed: st.seed };
    }
    return this.#scenario ? structuredClone(this.#scenario) : null;
  }

  set scenario(doc) {
    this.#scenario = structuredClone(doc);
    if (this.#app) this.#app.setState(this.#initialFrom(this.#scenario));
  }

  /** The latest report (the `finished` event's detail), or null. */
  get report() { return this.#app ? this.#app.lastReport : null; }

  /** The serialisable state ({version, seed, scenario, ui}). */
  get state() { return this.#app ? this.#app.getState() : null; }

  launch() { return this.#call((app) => app.act('launch')); }
  pause() { return this.#call((app) => app.act('pause')); }
  resume() { return this.#call((app) => app.act('resume')); }
  cancel() { return this.#call((app) => app.act('cancel')); }
  /** The Monte Carlo summary: the JSON `campaign-sim montecarlo FILE --runs N --seed S` prints. */
  runMonteCarlo(options) { return this.#call((app) => app.runMonteCarlo(options)); }
  /** The retry sweep: the JSON `campaign-sim sweep FILE --runs N --retries ... --waits ...` prints. */
  runSweep(options) { return this.#call((app) => app.runSweep(options)); }

  async #call(fn) {
    if (!this.#app) await this.#load();
    await this.ready;
    return fn(this.#app);
  }

  /** theme="light" | "dark", else the reader's prefers-color-scheme, as data-theme on the root. */
  #applyTheme() {
    if (!this.#container) return;
    const attr = this.getAttribute('theme');
    const dark = attr === 'dark' || (attr !== 'light' && Boolean(this.#darkQuery && this.#darkQuery.matches));
    this.#container.dataset.theme = dark ? 'dark' : 'light';
  }

  // ---- loading ----

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #fail(message) {
    const box = document.createElement('div');
    box.className = 'problems';
    box.setAttribute('role', 'alert');
    box.setAttribute('part', 'error');
    const p = document.createElement('p');
    p.className = 'problems-title';
    p.textContent = message;
    box.append(p);
    this.shadowRoot.replaceChildren(box);
    this.#emit('error', { message, errors: [] });
  }

  /**
   * Where the scenario comes from, not parsed yet: {response, where} for src (its fetch started
   * while the app loads, the body left for element-app.js's readScenario), {text, where} for a
   * child <script type="application/json">, null for the default.
   */
  async #scenarioSource() {
    const src = this.getAttribute('src');
    if (src) {
      const res = await fetch(new URL(src, document.baseURI));
      if (!res.ok) throw new Error(`The scenario ${src} could not be loaded (HTTP ${res.status}).`);
      return { response: res, where: src };
    }
    const script = this.querySelector(':scope > script[type="application/json"]');
    if (script) return { text: script.textContent, where: 'the element\'s <script type="application/json">' };
    return null;
  }

  /** The scenario document: the one given by property, else its source parsed (big ones in the engine worker). */
  async #scenarioDoc(source) {
    if (this.#scenario) return this.#scenario;
    return source ? this.#lib.readScenario(this.#shared, source) : null;
  }

  #initialFrom(doc) {
    const { defaultState, completeScenario } = this.#lib;
    const base = defaultState();
    const init = { ui: {} };
    if (doc) {
      const { seed, ...scenario } = doc;
      // The page launches by Launch (or autoplay): the campaign waits in draft until then.
      init.scenario = { ...completeScenario(scenario), launch_at_minute: null };
      // The form shows a CSV list as a CSV (not a count).
      if (scenario.recipients && typeof scenario.recipients.csv === 'string') init.ui.recipientsMode = 'csv';
      if (seed !== undefined) init.seed = seed;
    }
    const seedAttr = this.getAttribute('seed');
    if (seedAttr !== null && seedAttr !== '') init.seed = Number(seedAttr);
    if (init.seed === undefined && !doc) init.seed = base.seed;
    const speed = this.getAttribute('speed');
    if (speed) init.ui.speed = speed;
    return init;
  }

  #load() {
    if (!this.#loading) {
      this.#loading = this.#start().finally(() => { this.#loading = null; });
    }
    return this.#loading;
  }

  async #start() {
    let lib;
    let s;
    let doc;
    let sheets;
    try {
      let source;
      [lib, source] = await Promise.all([
        loadAppModule().catch((err) => { throw new Error(`The simulator could not be loaded: ${err.message}`); }),
        this.#scenario ? null : this.#scenarioSource(),
      ]);
      this.#lib = lib;
      s = lib.sharedFor(this.getAttribute('asset-base') || undefined);
      this.#shared = s;
      [doc, sheets] = await Promise.all([this.#scenarioDoc(source), lib.stylesheets(s)]);
    } catch (err) {
      this.#fail(err.message);
      return;
    }
    if (!this.isConnected) return;
    this.shadowRoot.adoptedStyleSheets = sheets;
    const view = lib.VIEWS.includes(this.getAttribute('view')) ? this.getAttribute('view') : 'full';
    const { names, unknown } = lib.parseControls(this.getAttribute('controls'));
    this.#container = document.createElement('div');
    this.#container.className = 'cs-root';
    this.#container.setAttribute('part', 'root');
    this.#container.dataset.view = view;
    this.#applyTheme();
    // What the element showed (its light-DOM content) stays until the app is built: the app
    // mounts hidden, one view per task (`staged`), so the host page is never blocked for long.
    const before = [...this.shadowRoot.childNodes];
    this.shadowRoot.append(this.#container);
    const initialState = this.#lastState || this.#initialFrom(doc);
    this.#lastState = null;
    let readyOnce = false;
    this.#app = lib.createApp(this.#container, {
      assets: s.assets,
      runtime: s.runtime,
      initialState,
      view,
      controls: names,
      staged: true,
      onEvent: (type, detail) => {
        if (type === 'ready' && !readyOnce) {
          readyOnce = true;
          this.#readyResolve();
          if (detail.valid && this.hasAttribute('autoplay')) this.#autoplay();
        }
        this.#emit(type, detail);
      },
    });
    const app = this.#app;
    app.mounted.then(() => { if (this.#app === app) for (const node of before) node.remove(); });
    if (unknown.length) {
      this.#emit('error', { message: `controls: unknown setting ${unknown.join(', ')}`, errors: [] });
    }
  }

  /**
   * autoplay: launches once the element is on screen. It loads a little before (NEAR_VIEWPORT, or
   * at once with loading="eager"), so the run waits for the reader rather than finishing unseen.
   */
  #autoplay() {
    const launch = () => { if (this.#app) this.#app.act('launch').catch(() => {}); };
    if (typeof IntersectionObserver !== 'function') { launch(); return; }
    this.#autoplayObserver = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      this.#autoplayObserver.disconnect();
      this.#autoplayObserver = null;
      launch();
    });
    this.#autoplayObserver.observe(this);
  }

  async #reload() {
    this.#scenario = null;
    try {
      const doc = await this.#scenarioDoc(await this.#scenarioSource());
      if (this.#app) this.#app.setState(this.#initialFrom(doc));
    } catch (err) {
      this.#emit('error', { message: err.message, errors: [] });
    }
  }

  #rebuild() {
    const state = this.#app.getState();
    this.#app.destroy();
    this.#app = null;
    this.#lastState = state;
    this.#load();
  }
}

// Guarded: defining twice (two copies of the script on a page) or importing where there is no
// DOM (Node, a docs build) does nothing.
if (globalThis.customElements && !globalThis.customElements.get(TAG)) {
  globalThis.customElements.define(TAG, CampaignSimElement);
}
