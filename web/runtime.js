// What the apps of one page share: the asset resolver, the one engine worker (a session per app)
// and the one Monte Carlo pool (a lane per tuning area or live estimate). Workers start only when an
// app first needs them; the .wasm bytes are fetched once by the resolver and sent to every worker.
import { EngineHub } from './engine-client.js';
import { WorkerPool, defaultPoolSize } from './tuning/pool.js';

/**
 * @param {ReturnType<import('./assets.js').createAssets>} assets
 * @param {{poolSize?: number}} [options]
 */
export function createRuntime(assets, { poolSize } = {}) {
  const hub = new EngineHub(() => assets.worker('engineWorker', { name: 'campaign-sim-engine' }));
  const pool = new WorkerPool({
    size: poolSize || defaultPoolSize(),
    createWorker: (name) => assets.worker('mcWorker', { name }),
  });
  return {
    assets,
    hub,
    pool,
    /** Stops every worker of this runtime. */
    destroy() {
      pool.cancel();
      hub.terminate();
    },
  };
}
