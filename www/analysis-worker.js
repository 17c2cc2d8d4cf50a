// The analysis worker (a module worker started by the playground, see
// crates/slimfile-web/src/worker.rs). It adds no second copy of the app: the
// page sends the URL of its own wasm-bindgen glue and its compiled wasm
// module, and this worker instantiates them (the app's `main` sees no window
// and mounts nothing). Messages are plain objects holding strings:
//   page -> worker  {type: 'init', glue, module}
//                   {type: 'analyze', id, request}
//                   {type: 'data', suite, text}   a Debian package table
//                   the page fetched (installed before any later request)
//   worker -> page  {type: 'reply', id, reply} | {type: 'failed', error}
// Only the newest waiting request is analysed: one the page has already
// replaced is skipped (its reply would be stale anyway).
let ready = null;
let waiting = null;
let busy = false;

function fail(error) {
  self.postMessage({ type: 'failed', error: String(error && error.message ? error.message : error) });
}

async function pump() {
  if (busy || !waiting) return;
  busy = true;
  try {
    const glue = await ready;
    while (waiting) {
      const msg = waiting;
      waiting = null;
      const reply = glue.worker_analyze(msg.request);
      self.postMessage({ type: 'reply', id: msg.id, reply });
      // Let newer requests in before the next one.
      await new Promise((ok) => setTimeout(ok, 0));
    }
  } catch (e) {
    fail(e);
  } finally {
    busy = false;
  }
}

self.addEventListener('message', (event) => {
  const msg = event.data;
  if (!msg || typeof msg !== 'object') return;
  if (msg.type === 'init' && !ready) {
    ready = import(msg.glue).then(async (glue) => {
      await glue.default({ module_or_path: msg.module });
      return glue;
    });
    ready.catch(fail);
  } else if (msg.type === 'data' && ready) {
    // Registered before any later request's wait on `ready`: runs first.
    ready.then((glue) => glue.worker_provide_debian(msg.suite, msg.text)).catch(fail);
  } else if (msg.type === 'analyze' && ready) {
    waiting = msg;
    pump();
  }
});
