// bulletin serve: reloads the page when the site changes, swaps stylesheets when only
// CSS changed, and lets the error overlay be dismissed. Served only by `bulletin serve`.
(() => {
  "use strict";
  const me = document.currentScript;
  let shown = Number(me && me.dataset.version);

  const overlay = document.getElementById("bulletin-overlay");
  if (overlay) {
    const close = overlay.querySelector("button");
    if (close) close.addEventListener("click", () => overlay.remove());
  }

  // Swaps the page's stylesheets among `paths`; false when the page links none of them
  // (the CSS arrives some other way, say by @import): then it reloads.
  function swapStylesheets(paths) {
    const stamp = Date.now();
    let swapped = false;
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      const path = decodeURIComponent(url.pathname);
      if (url.origin !== location.origin || !paths.includes(path)) continue;
      swapped = true;
      const fresh = link.cloneNode();
      url.searchParams.set("bulletin", String(stamp));
      fresh.href = url.href;
      fresh.addEventListener("load", () => link.remove(), { once: true });
      link.after(fresh);
    }
    return swapped;
  }

  const events = new EventSource("/__bulletin/events");
  // On (re)connecting: a version newer than this page's means it changed meanwhile.
  events.addEventListener("hello", (e) => {
    if (Number(e.data) > shown) location.reload();
  });
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("css", (e) => {
    const { version, files } = JSON.parse(e.data);
    shown = version;
    // A page showing errors reloads, so that a fix clears the overlay.
    const overlay = document.getElementById("bulletin-overlay");
    if (overlay || !swapStylesheets(files.map((f) => "/" + f))) location.reload();
  });
})();
