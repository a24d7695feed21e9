// Main-thread side of the worker protocol (see worker.js). Requests return promises; pushes go to
// the callbacks. Every failure becomes an Error with the engine's own message.
export class EngineClient {
  constructor(worker, { onReady, onFatal, onError, onState }) {
    this.worker = worker;
    this.nextId = 1;
    this.pending = new Map();
    worker.addEventListener('message', (event) => {
      const msg = event.data;
      if (msg.type === 'reply') {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.ok) p.resolve(msg.result); else p.reject(new Error(msg.error));
      } else if (msg.type === 'state') onState(msg);
      else if (msg.type === 'ready') onReady(msg);
      else if (msg.type === 'fatal') onFatal(msg.message);
      else if (msg.type === 'error') onError(msg.message);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      const text = event.message || 'the engine worker could not start (module workers need a web server or a recent browser)';
      onFatal(`Engine worker error: ${text}`);
      for (const p of this.pending.values()) p.reject(new Error(text));
      this.pending.clear();
    });
    worker.addEventListener('messageerror', () => onError('A message from the engine worker could not be read.'));
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
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...args, id, type });
    });
  }
}
