// Main-thread side of the worker protocol (see worker.js). One EngineHub per page owns the one
// engine worker; every app (each <campaign-sim> element, the standalone page) talks to it through
// its own session (`hub.session(callbacks)`, an EngineClient). Requests return promises; pushes go
// to the session's callbacks. Every failure becomes an Error with the engine's own message.
import { pack } from './payload.js';

export class EngineHub {
  /** @param {() => Worker} startWorker called once, when the first session is opened */
  constructor(startWorker) {
    this.startWorker = startWorker;
    this.worker = null;
    this.nextId = 1;
    this.nextSession = 1;
    this.pending = new Map();
    this.sessions = new Map(); // id -> callbacks
    this.status = 'loading'; // loading | ready | failed
    this.fatalMessage = null;
  }

  /** Starts the worker (the first session or request does it anyway). */
  start() {
    if (this.worker) return;
    const worker = this.startWorker();
    this.worker = worker;
    worker.addEventListener('message', (event) => {
      const msg = event.data;
      if (msg.type === 'reply') {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.ok) p.resolve(msg.result); else p.reject(new Error(msg.error));
      } else if (msg.type === 'state') this.sessions.get(msg.session)?.onState(msg);
      else if (msg.type === 'ready') { this.status = 'ready'; this.version = msg.version || ''; for (const s of this.sessions.values()) s.onReady({ version: this.version }); }
      else if (msg.type === 'fatal') this.#fatal(msg.message);
      else if (msg.type === 'error') {
        const targets = msg.session ? [this.sessions.get(msg.session)].filter(Boolean) : [...this.sessions.values()];
        for (const s of targets) s.onError(msg.message);
      }
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      const text = event.message || 'the engine worker could not start (module workers need a web server or a recent browser)';
      this.#fatal(`Engine worker error: ${text}`);
      for (const p of this.pending.values()) p.reject(new Error(text));
      this.pending.clear();
    });
    worker.addEventListener('messageerror', () => { for (const s of this.sessions.values()) s.onError('A message from the engine worker could not be read.'); });
  }

  #fatal(message) {
    this.status = 'failed';
    this.fatalMessage = message;
    for (const s of this.sessions.values()) s.onFatal(message);
  }

  /** Opens a session: {onReady, onFatal, onError, onState}. A late session hears `ready` at once. */
  session(callbacks) {
    this.start();
    const id = this.nextSession++;
    this.sessions.set(id, callbacks);
    if (this.status === 'ready') queueMicrotask(() => this.sessions.get(id)?.onReady({ version: this.version }));
    else if (this.status === 'failed') queueMicrotask(() => this.sessions.get(id)?.onFatal(this.fatalMessage));
    return new EngineClient(this, id);
  }

  /** A request of `session` (0: none); `transfer` lists ArrayBuffers moved, not copied. */
  request(session, type, args = {}, transfer = []) {
    this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.worker.postMessage(pack({ ...args, id, session, type }, this.worker), transfer);
      } catch (err) {
        this.pending.delete(id); // not sent (a value that cannot be cloned or moved): no reply comes
        reject(err);
      }
    });
  }

  /** Ends the worker (when the last app of the page is gone). */
  terminate() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.status = 'loading';
    for (const p of this.pending.values()) p.reject(new Error('the engine worker was stopped'));
    this.pending.clear();
  }
}

/** One app's session with the engine worker. */
export class EngineClient {
  constructor(hub, id) {
    this.hub = hub;
    this.id = id;
  }

  /** Adds money to the live simulation's wallet (token: the simulation generation). */
  topUp(token, amount) {
    return this.request('topUp', { token, amount });
  }

  /** Sets the live campaign's workspace flags; a flag left undefined keeps its current value. */
  setWorkspace(token, { ready, outboundNumberAssigned } = {}) {
    return this.request('setWorkspace', { token, ready, outboundNumberAssigned });
  }

  request(type, args = {}) {
    return this.hub.request(this.id, type, args);
  }

  /** Disposes the session's simulation in the worker and stops listening. */
  close() {
    const done = this.hub.worker ? this.request('close').catch(() => {}) : Promise.resolve();
    this.hub.sessions.delete(this.id);
    return done;
  }
}
