import { startWorker } from '../assets.js';

// A pool of module Web Workers, each hosting one engine (mc-worker.js). Tasks queue on the main
// thread and go to whichever worker is idle; `priority` tasks jump the queue (partial summaries
// must not wait behind a backlog of runs). `cancel()` terminates every worker at once: whatever they
// were computing stops immediately, and every pending task rejects with a CancelledError. The next
// task starts fresh workers.

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export class TaskError extends Error {
  constructor(message, errors) {
    super(message);
    this.name = 'TaskError';
    if (errors) this.errors = errors;
  }
}

/** The pool size: ?workers=N in the page URL wins, else one worker per core (at least 1). */
export function defaultPoolSize() {
  const fromUrl = Number(new URLSearchParams(globalThis.location ? location.search : '').get('workers'));
  if (Number.isInteger(fromUrl) && fromUrl >= 1 && fromUrl <= 64) return fromUrl;
  const cores = Number(globalThis.navigator && navigator.hardwareConcurrency);
  return Number.isInteger(cores) && cores >= 1 ? Math.min(cores, 16) : 1;
}


export class WorkerPool {
  /**
   * @param {{size?: number, name?: string, onChange?: (pool: WorkerPool) => void}} options
   *   onChange is called whenever the number of live or busy workers changes.
   */
  constructor({ size = defaultPoolSize(), name = 'campaign-sim-tuning', onChange } = {}) {
    this.size = Math.max(1, Math.floor(size));
    this.name = name;
    this.onChange = onChange || (() => {});
    this.workers = []; // {worker, task|null}
    this.queue = []; // {msg, resolve, reject}
    this.nextId = 1;
    this.started = 0; // workers ever started (for tests and the status line)
  }

  /** Live (started, not terminated) workers. */
  get live() { return this.workers.length; }
  /** Workers computing a task right now. */
  get busy() { return this.workers.filter((w) => w.task).length; }

  setSize(size) {
    const n = Math.max(1, Math.floor(size));
    if (n === this.size) return;
    this.size = n;
    // Shrinking: idle workers beyond the new size go now; busy ones when they finish.
    for (const w of [...this.workers]) if (this.workers.length > this.size && !w.task) this.#retire(w);
    this.#pump();
    this.onChange(this);
  }

  /** Starts idle workers up to the pool size (each loads its engine), ahead of the first task. */
  warm() {
    while (this.workers.length < this.size) this.#spawn();
    this.onChange(this);
  }

  /** Queues one request for a worker. @returns {Promise<{result, ms}>} */
  submit(msg, { priority = false } = {}) {
    return new Promise((resolve, reject) => {
      const entry = { msg, resolve, reject };
      if (priority) this.queue.unshift(entry); else this.queue.push(entry);
      this.#pump();
    });
  }

  /** Terminates every worker; every queued and running task rejects with CancelledError. */
  cancel() {
    const running = this.workers.map((w) => w.task).filter(Boolean);
    for (const w of this.workers) w.worker.terminate();
    this.workers = [];
    const queued = this.queue;
    this.queue = [];
    for (const t of [...running, ...queued]) t.reject(new CancelledError());
    this.onChange(this);
  }

  #spawn() {
    const worker = startWorker('tuning/mc-worker.js', { name: `${this.name}-${this.started + 1}` });
    this.started += 1;
    const w = { worker, task: null };
    worker.addEventListener('message', (event) => this.#onMessage(w, event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#fail(w, new TaskError(`A tuning worker failed: ${event.message || 'module workers need a web server and a recent browser'}`));
    });
    worker.addEventListener('messageerror', () => this.#fail(w, new TaskError('A message from a tuning worker could not be read.')));
    this.workers.push(w);
    return w;
  }

  #retire(w) {
    w.worker.terminate();
    this.workers = this.workers.filter((x) => x !== w);
  }

  #fail(w, err) {
    // A worker that cannot run (script failed to load) takes its task and the queue down with it:
    // retrying elsewhere would fail the same way.
    const t = w.task;
    w.task = null;
    this.#retire(w);
    if (t) t.reject(err);
    const queued = this.queue;
    this.queue = [];
    for (const q of queued) q.reject(err);
    this.onChange(this);
  }

  #onMessage(w, msg) {
    if (!msg || msg.type !== 'reply') return; // 'ready' / 'fatal': the next reply says it all
    const t = w.task;
    if (!t || t.id !== msg.id) return;
    w.task = null;
    if (msg.ok) t.resolve({ result: msg.result, ms: msg.ms });
    else t.reject(new TaskError(msg.error, msg.errors));
    if (this.workers.length > this.size) this.#retire(w);
    this.#pump();
    this.onChange(this);
  }

  #pump() {
    let changed = false;
    while (this.queue.length) {
      let w = this.workers.find((x) => !x.task);
      if (!w) {
        if (this.workers.length >= this.size) break;
        w = this.#spawn();
      }
      const entry = this.queue.shift();
      const id = this.nextId++;
      w.task = { ...entry, id };
      w.worker.postMessage({ ...entry.msg, id });
      changed = true;
    }
    if (changed) this.onChange(this);
  }
}
