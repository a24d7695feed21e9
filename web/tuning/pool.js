// A pool of module Web Workers, each hosting one engine (mc-worker.js). Tasks queue on the main
// thread and go to whichever worker is idle; `priority` tasks jump the queue (partial summaries
// must not wait behind a backlog of runs). `cancel()` terminates every worker at once: whatever they
// were computing stops immediately, and every pending task rejects with a CancelledError. The next
// task starts fresh workers.
//
// Several users share one pool through lanes (`pool.lane()`): every <campaign-sim> element's
// tuning cards and live estimate are lanes of the page's one pool. A lane has the pool's interface;
// its `cancel()` stops only its own tasks (terminating the workers running them, and idle ones),
// and its `size` caps how many of the pool's workers its tasks occupy at once.

import { pack } from '../payload.js';

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

/** The pool size: `requested` (e.g. ?workers=N of the page URL) when valid, else one worker per core. */
export function defaultPoolSize(requested) {
  const n = Number(requested);
  if (requested !== undefined && requested !== null && requested !== '' && Number.isInteger(n) && n >= 1 && n <= 64) return n;
  const cores = Number(globalThis.navigator && navigator.hardwareConcurrency);
  return Number.isInteger(cores) && cores >= 1 ? Math.min(cores, 16) : 1;
}

export class WorkerPool {
  /**
   * @param {{size?: number, name?: string, onChange?: (pool: WorkerPool) => void,
   *          createWorker: (name: string) => Worker}} options
   *   createWorker starts one mc-worker.js (assets.worker('mcWorker', {name}) sends it its engine);
   *   onChange is called whenever the number of live or busy workers changes.
   */
  constructor({ size = defaultPoolSize(), name = 'campaign-sim-tuning', onChange, createWorker } = {}) {
    if (typeof createWorker !== 'function') throw new TypeError('WorkerPool needs createWorker (see assets.js)');
    this.size = Math.max(1, Math.floor(size));
    this.name = name;
    this.createWorker = createWorker;
    this.listeners = new Set();
    if (onChange) this.listeners.add(onChange);
    this.workers = []; // {worker, task|null}
    this.queue = []; // {msg, resolve, reject}
    this.nextId = 1;
    this.started = 0; // workers ever started (for tests and the status line)
  }

  onChange() { for (const fn of this.listeners) fn(this); }

  /** A lane of this pool (see the top of this file). */
  lane(options) { return new PoolLane(this, options); }

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
  submit(msg, { priority = false, lane = null } = {}) {
    return new Promise((resolve, reject) => {
      const entry = { msg, resolve, reject, lane };
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

  /** Stops one lane's tasks: its running workers and the idle ones end, its queued tasks reject. */
  cancelLane(lane) {
    const mine = this.workers.filter((w) => !w.task || w.task.lane === lane);
    const running = mine.map((w) => w.task).filter(Boolean);
    for (const w of mine) this.#retire(w);
    const queued = this.queue.filter((t) => t.lane === lane);
    this.queue = this.queue.filter((t) => t.lane !== lane);
    for (const t of [...running, ...queued]) t.reject(new CancelledError());
    this.#pump();
    this.onChange(this);
  }

  /** Workers running a task of this lane. */
  busyIn(lane) { return this.workers.filter((w) => w.task && w.task.lane === lane).length; }

  #spawn() {
    const worker = this.createWorker(`${this.name}-${this.started + 1}`);
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
      // The first queued task whose lane is below its cap.
      const at = this.queue.findIndex((t) => !t.lane || this.busyIn(t.lane) < t.lane.size);
      if (at < 0) break;
      let w = this.workers.find((x) => !x.task);
      if (!w) {
        if (this.workers.length >= this.size) break;
        w = this.#spawn();
      }
      const [entry] = this.queue.splice(at, 1);
      const id = this.nextId++;
      w.task = { ...entry, id };
      w.worker.postMessage(pack({ ...entry.msg, id }, w.worker));
      changed = true;
    }
    if (changed) this.onChange(this);
  }
}

/** One user's view of a shared WorkerPool: the same interface, its own tasks and Stop. */
export class PoolLane {
  /** @param {WorkerPool} pool @param {{size?: number, onChange?: (lane: PoolLane) => void}} [options] */
  constructor(pool, { size, onChange } = {}) {
    this.pool = pool;
    this.cap = size ? Math.max(1, Math.floor(size)) : null;
    this.listener = onChange ? () => onChange(this) : null;
    if (this.listener) pool.listeners.add(this.listener);
  }

  /** How many workers this lane's tasks may occupy at once (the pool's size unless capped). */
  get size() { return this.cap ? Math.min(this.cap, this.pool.size) : this.pool.size; }
  get live() { return this.pool.live; }
  get busy() { return this.pool.busyIn(this); }
  get started() { return this.pool.started; }
  setSize(n) { if (this.cap) this.cap = Math.max(1, Math.floor(n)); else this.pool.setSize(n); }
  warm() { this.pool.warm(); }
  submit(msg, { priority = false } = {}) { return this.pool.submit(msg, { priority, lane: this }); }
  cancel() { this.pool.cancelLane(this); }
  onChange() { if (this.listener) this.listener(); }
  /** Stops this lane's tasks and stops listening to the pool. */
  close() {
    this.cancel();
    if (this.listener) this.pool.listeners.delete(this.listener);
  }
}
