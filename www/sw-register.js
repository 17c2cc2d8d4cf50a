// Registers the service worker (sw.js, written by scripts/gen-sw.mjs at build
// time) from any page of the site, and offers the reload when a new version
// has been installed. The page keeps running on the old version until the
// user says so: the new worker waits, and the old cache stays until it takes
// over.
(() => {
  const script = document.currentScript;
  if (!('serviceWorker' in navigator) || !script || !window.isSecureContext) return;
  const swUrl = new URL('sw.js', script.src);
  let userAsked = false;

  function offer(worker) {
    if (document.getElementById('slimfile-update')) return;
    const bar = document.createElement('div');
    bar.id = 'slimfile-update';
    bar.setAttribute('role', 'status');
    bar.style.cssText =
      'position:fixed;left:50%;bottom:1rem;transform:translateX(-50%);z-index:2147483647;display:flex;gap:.75rem;' +
      'align-items:center;padding:.6rem .9rem;border-radius:.5rem;background:#1c2330;color:#fff;' +
      'font:14px/1.4 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.3)';
    const text = document.createElement('span');
    text.textContent = 'A new version is ready —';
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Reload';
    button.style.cssText = 'font:inherit;font-weight:600;padding:.2rem .7rem;border-radius:.35rem;border:0;background:#5a9cff;color:#0f1318;cursor:pointer';
    button.addEventListener('click', () => {
      userAsked = true;
      button.disabled = true;
      worker.postMessage({ type: 'skipWaiting' });
    });
    bar.append(text, button);
    document.body.append(bar);
  }

  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Only after the user's click: the first install takes control silently.
    if (userAsked) location.reload();
  });

  function register() {
    navigator.serviceWorker
      .register(swUrl.href, { scope: new URL('./', swUrl).href })
      .then((reg) => {
        if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
        reg.addEventListener('updatefound', () => {
          const w = reg.installing;
          if (!w) return;
          w.addEventListener('statechange', () => {
            if (w.state === 'installed' && navigator.serviceWorker.controller) offer(w);
          });
        });
      })
      .catch(() => {
        // No service worker (a development build has no sw.js): the site
        // still works online.
      });
  }

  // After the next frame has been painted.
  function afterPaint(f) {
    requestAnimationFrame(() => setTimeout(f, 0));
  }

  // The playground (the page with #app) registers only once its first
  // analysis is on screen: on a first visit the new worker precaches every
  // file of the site, which would otherwise compete with the app's start.
  // The app marks <html data-slimfile-ready> and fires `slimfile-ready` after
  // its first render (crates/slimfile-web/src/app.rs); 5 s is the fallback.
  // Other pages (the rule pages) register on load.
  window.addEventListener('load', () => {
    if (!document.getElementById('app')) return register();
    if (document.documentElement.hasAttribute('data-slimfile-ready')) return afterPaint(register);
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      afterPaint(register);
    };
    window.addEventListener('slimfile-ready', go, { once: true });
    setTimeout(go, 5000);
  });
})();
