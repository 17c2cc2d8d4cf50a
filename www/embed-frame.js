// Runs inside embed.html (the widget's iframe): tells the host page the
// widget's height, so the iframe fits its content. The host's origin comes in
// the URL hash (`host=`, set by embed.js) and is the only one the message
// goes to; the message carries the widget's id and a number, nothing else.
(() => {
  const params = new URLSearchParams(location.hash.slice(1));
  const id = params.get('id');
  let origin;
  try {
    origin = new URL(params.get('host') || '').origin;
  } catch {
    return;
  }
  if (!id || origin === 'null' || window.parent === window) return;
  let last = -1;
  const send = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'slimfile:height', id, height }, origin);
  };
  new ResizeObserver(send).observe(document.documentElement);
  window.addEventListener('load', send);
})();
