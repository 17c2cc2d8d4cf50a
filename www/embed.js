/*! slimfile embed loader: add <script src=".../embed.js" defer></script> to a page, then mark
 * Dockerfiles with <pre data-slimfile>…</pre> or wrap them in <slimfile-playground>…</slimfile-playground>.
 * Options (attributes; `data-` prefix on <pre>): readonly, panels="findings,size", dockerignore="…",
 * theme="light|dark|auto". Each block becomes an iframe of embed.html (beside this script) when it
 * scrolls into view; nothing else is loaded before that. The host page's CSS cannot reach the
 * widget, and the widget cannot touch the host page: the only message it sends is its height,
 * accepted from embed.html's origin and the matching frame only. */
(() => {
  const me = document.currentScript;
  if (!me || window.__slimfileEmbed) return;
  window.__slimfileEmbed = true;
  const frameUrl = new URL('embed.html', me.src);
  const frames = new Map();
  let count = 0;

  window.addEventListener('message', (e) => {
    if (e.origin !== frameUrl.origin || !e.data || e.data.type !== 'slimfile:height') return;
    const frame = frames.get(e.data.id);
    if (!frame || e.source !== frame.contentWindow) return;
    const h = Math.max(60, Math.min(4000, Number(e.data.height) | 0));
    frame.style.setProperty('height', h + 'px', 'important');
  });

  function option(el, name) {
    const v = el.getAttribute(el.localName === 'pre' ? 'data-' + name : name);
    if (v !== null) return v;
    return el.getAttribute('data-' + name);
  }

  function upgrade(el) {
    const text = el.textContent.replace(/^\r?\n/, '');
    const id = 'sf' + ++count;
    const params = new URLSearchParams();
    params.set('dockerfile', text);
    const ignore = option(el, 'dockerignore');
    if (ignore) params.set('dockerignore', ignore.replace(/\\n/g, '\n'));
    const ro = option(el, 'readonly');
    if (ro !== null && ro !== 'false') params.set('readonly', '1');
    for (const name of ['panels', 'theme']) {
      const v = option(el, name);
      if (v) params.set(name, v);
    }
    params.set('id', id);
    if (location.origin !== 'null') params.set('host', location.origin);
    const frame = document.createElement('iframe');
    frame.src = frameUrl.href + '#' + params.toString();
    frame.title = el.getAttribute('title') || 'slimfile: live Dockerfile check';
    frame.setAttribute('data-slimfile-widget', id);
    frame.setAttribute('loading', 'eager');
    const lines = text.split('\n').length;
    const css = { display: 'block', width: '100%', height: 120 + lines * 20 + 'px', border: '0', margin: '1em 0',
      padding: '0', background: 'transparent', 'max-width': '100%', 'box-sizing': 'border-box' };
    for (const [k, v] of Object.entries(css)) frame.style.setProperty(k, v, 'important');
    frames.set(id, frame);
    el.replaceWith(frame);
  }

  const seen = new WeakSet();
  const io = 'IntersectionObserver' in window
    ? new IntersectionObserver((entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          io.unobserve(entry.target);
          upgrade(entry.target);
        }
      }, { rootMargin: '50px 0px' })
    : null;

  function scan() {
    for (const el of document.querySelectorAll('pre[data-slimfile], slimfile-playground')) {
      if (seen.has(el)) continue;
      seen.add(el);
      if (io) io.observe(el);
      else upgrade(el);
    }
  }

  if (window.customElements && !customElements.get('slimfile-playground')) {
    customElements.define('slimfile-playground', class extends HTMLElement {
      connectedCallback() {
        // Children may still be parsing: look once the element is complete.
        setTimeout(scan);
      }
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
})();
