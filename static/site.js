// Bulletin default theme: light/dark toggle, "/" to search, and client-side search
// over search-index.json. Plain JavaScript, no dependencies; the pages work without it.
(function () {
  "use strict";
  var root = document.documentElement;

  // Theme toggle: remembers an explicit choice; otherwise the system setting applies.
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var dark = root.dataset.theme
        ? root.dataset.theme === "dark"
        : window.matchMedia("(prefers-color-scheme: dark)").matches;
      root.dataset.theme = dark ? "light" : "dark";
      try { localStorage.setItem("theme", root.dataset.theme); } catch (e) { /* private mode */ }
    });
  }

  // "/" focuses the search box, unless the reader is typing somewhere.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var box = document.getElementById("search-input") || document.getElementById("header-q");
    if (box) { e.preventDefault(); box.focus(); box.select(); }
  });

  var form = document.querySelector("form.search-form[data-index]");
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var fallback = document.getElementById("search-fallback");
  if (!form || !input || !list) return;

  var posts = null;
  var selected = -1;

  function fold(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function prepare(data) {
    return (Array.isArray(data) ? data : data.posts || []).map(function (p) {
      return {
        post: p,
        title: fold(p.title),
        tags: fold((p.tags || []).join(" ")),
        author: fold(p.author),
        text: fold(p.description),
        date: p.date || ""
      };
    });
  }

  // Every word must match somewhere; title matches weigh most, then tags, author, text.
  function score(entry, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i], s = 0;
      if (entry.title.indexOf(w) >= 0) s += entry.title.split(/\W+/).indexOf(w) >= 0 ? 12 : 8;
      if (entry.tags.indexOf(w) >= 0) s += 5;
      if (entry.author.indexOf(w) >= 0) s += 4;
      if (entry.text.indexOf(w) >= 0) s += 2;
      if (!s) return 0;
      total += s;
    }
    return total;
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // Marks the words in the text, then escapes each piece: marking escaped text would
  // match inside entities (a search for "amp" breaking "&amp;").
  function highlight(text, words) {
    var ws = words.filter(function (w) { return w.length >= 2; });
    if (!ws.length) return escapeHtml(text);
    var re = new RegExp("(" + ws.map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")", "gi");
    return String(text).split(re).map(function (part, i) {
      return i % 2 ? "<mark>" + escapeHtml(part) + "</mark>" : escapeHtml(part);
    }).join("");
  }

  function render() {
    var q = input.value.trim();
    var words = fold(q).split(/\s+/).filter(Boolean);
    selected = -1;
    if (!words.length || !posts) {
      list.innerHTML = "";
      if (status) status.textContent = posts ? "" : "Loading the search index…";
      if (fallback) fallback.hidden = false;
      return;
    }
    var hits = [];
    for (var i = 0; i < posts.length; i++) {
      var s = score(posts[i], words);
      if (s) hits.push({ s: s, e: posts[i] });
    }
    hits.sort(function (a, b) { return b.s - a.s || (a.e.date < b.e.date ? 1 : a.e.date > b.e.date ? -1 : 0); });
    var shown = hits.slice(0, 50);
    list.innerHTML = shown.map(function (h, i) {
      var p = h.e.post;
      return '<li id="result-' + i + '"><time datetime="' + escapeHtml(p.date) + '">' + escapeHtml(p.date) +
        '</time> <div><a href="' + escapeHtml(p.url) + '">' + highlight(p.title, words) + '</a>' +
        '<div class="result-meta">' + escapeHtml([p.author].concat(p.tags || []).filter(Boolean).join(" · ")) + "</div></div></li>";
    }).join("");
    if (status) {
      status.textContent = hits.length
        ? hits.length + (hits.length === 1 ? " post" : " posts") + " found" + (hits.length > 50 ? ", showing the best 50" : "")
        : "No posts match “" + q + "”.";
    }
    if (fallback) fallback.hidden = true;
  }

  function move(delta) {
    var items = list.querySelectorAll("li");
    if (!items.length) return;
    if (selected >= 0) items[selected].removeAttribute("aria-selected");
    selected = (selected + delta + items.length) % items.length;
    items[selected].setAttribute("aria-selected", "true");
    items[selected].scrollIntoView({ block: "nearest" });
  }

  input.addEventListener("input", function () {
    render();
    var url = new URL(window.location.href);
    if (input.value.trim()) url.searchParams.set("q", input.value.trim()); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
    else if (e.key === "Enter") {
      var items = list.querySelectorAll("li a");
      var target = items[selected >= 0 ? selected : 0];
      if (target) { e.preventDefault(); window.location.href = target.href; }
    } else if (e.key === "Escape") { input.value = ""; render(); }
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) input.value = initial;
  if (status && initial) status.textContent = "Loading the search index…";
  fetch(form.dataset.index)
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) { posts = prepare(data); render(); })
    .catch(function () { if (status) status.textContent = "The search index could not be loaded; the latest posts are listed below."; });
})();
