// nextTask(): a promise that resolves in a later task, so the host page's input, rendering and
// other work run in between (a good guest splits its main-thread work, issue 9). scheduler.yield()
// where the browser has it (the continuation keeps its place in line), else a zero-delay timer.
// campaign-sim-element.js repeats these lines (it imports nothing). No side effect at import.
export function nextTask() {
  const s = globalThis.scheduler;
  return s && typeof s.yield === 'function' ? s.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}
