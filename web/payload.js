// Big strings cross to each worker once. A 10 MB recipient CSV inside a message costs the main
// thread ~10 ms of structured cloning per postMessage (much more on a loaded machine), and the
// scenario goes out again and again: on every validation, to the live estimate, to every Monte
// Carlo chunk and sweep cell of every pool worker. So a string over 64 KiB is sent to a given
// worker the first time only, with an id; later messages carry just the id, and the worker puts
// the text it kept back in place.
//
//   page:   worker.postMessage(pack(msg, worker))
//   worker: handle(unpack(event.data))
//
// Both sides keep the last KEEP texts per worker, first in first out, in message order, so they
// always agree on what the worker holds. Only plain objects and arrays are walked. No side effect
// at import.
export const REF_KEY = '__campaignSimText';
const BIG = 64 * 1024;
const KEEP = 4;

let nextId = 1;
// The last few strings packed and their ids, newest last. A list compared with ===, not a Map: a
// Map hashes a new 10 MB string over its whole length (~7 ms); === is a pointer check for the
// same string and a length check first for another.
const ids = [];
const sentTo = new WeakMap(); // worker -> ids it holds, oldest first

function idOf(text) {
  const known = ids.find((e) => e.text === text);
  if (known) return known.id;
  const id = nextId++;
  ids.push({ text, id });
  if (ids.length > 2 * KEEP) ids.shift();
  return id;
}

const plain = (v) => v !== null && typeof v === 'object' && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype);

// Copies only what changes: `fn` is asked first for every value; where it answers the value
// itself, a plain object or array is walked into.
function walk(value, fn) {
  const mapped = fn(value);
  if (mapped !== value || !plain(value)) return mapped;
  let out = null;
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [k, v] of entries) {
    const p = walk(v, fn);
    if (p !== v) {
      if (!out) out = Array.isArray(value) ? value.slice() : { ...value };
      out[k] = p;
    }
  }
  return out || value;
}

/** `value` for `worker`, its big strings replaced by references (the text itself the first time). */
export function pack(value, worker) {
  let held = sentTo.get(worker);
  return walk(value, (v) => {
    if (typeof v !== 'string' || v.length <= BIG) return v;
    const id = idOf(v);
    if (!held) { held = []; sentTo.set(worker, held); }
    if (held.includes(id)) return { [REF_KEY]: id };
    held.push(id);
    if (held.length > KEEP) held.shift();
    return { [REF_KEY]: id, text: v };
  });
}

const kept = new Map(); // (worker side) id -> text, oldest first

const isRef = (v) => plain(v) && !Array.isArray(v) && typeof v[REF_KEY] === 'number';

/** The message as the page meant it (in the worker): references replaced by the texts they name. */
export function unpack(value) {
  return walk(value, (v) => {
    if (!isRef(v)) return v;
    const id = v[REF_KEY];
    if (typeof v.text === 'string') {
      kept.set(id, v.text);
      while (kept.size > KEEP) kept.delete(kept.keys().next().value);
      return v.text;
    }
    if (!kept.has(id)) throw new Error(`a text the page sent earlier (#${id}) is missing in the worker`);
    return kept.get(id);
  });
}
