// A file the user gives the page (a scenario, a CSV of recipients) as text. Text that is not UTF-8
// (a UTF-16 export, Windows-1252, a NUL byte) is named by the engine in the words the CLI uses
// ("the file must be UTF-8; this looks like UTF-16LE"), never read as garbled text.

/**
 * @param {File|Blob} file
 * @param {{request(type: string, args: object): Promise<any>}} client the engine worker's client
 * @returns {Promise<{text: string} | {error: string}>}
 */
export async function readTextFile(file, client) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = null;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = null;
  }
  if (text !== null && !text.includes('\u0000')) return { text };
  const problem = await client.request('fileProblem', { bytes: bytes.buffer });
  return problem ? { error: problem } : { text: text === null ? '' : text };
}
