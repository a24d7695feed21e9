// The reading of a scenario document's JSON, in one place, run where the text is: on the main
// thread when it is small, in the engine worker when it is big (JSON.parse of a 10 MB scenario is
// one main-thread task of 20-50 ms, over the 50 ms a good guest may take: issue 9).
//
//   readJsonText(text | bytes)  ->  {doc} | {error}   (bytes: an ArrayBuffer or a view, UTF-8)
//
// No side effect at import.

/** Above this many characters (or bytes) the page hands the text to the engine worker. */
export const MAIN_THREAD_JSON_MAX = 256 * 1024;

/** @param {string|ArrayBuffer|ArrayBufferView} source @returns {{doc: any} | {error: string}} */
export function readJsonText(source) {
  const text = typeof source === 'string' ? source : new TextDecoder().decode(source);
  try {
    return { doc: JSON.parse(text) };
  } catch (err) {
    return { error: err.message };
  }
}
