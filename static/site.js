// Bulletin default theme: light/dark toggle, the table of contents, and full-text search
// over the index a build writes under /search/ (README: "Search"): a palette over any
// page ("/", Ctrl-K or ⌘K) and the search page. Plain JavaScript, no
// dependencies; the pages work without it. Text from the index is only ever put in
// the page as text (textContent, createElement), never as HTML.
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

  // The table of contents: folded on narrow screens (it would push the post down),
  // and marking the section being read.
  var toc = document.querySelector(".toc");
  if (toc) {
    if (window.matchMedia("(max-width: 63.99rem)").matches) toc.open = false;
    var links = Array.prototype.slice.call(toc.querySelectorAll("a[href^='#']"));
    var byId = {};
    links.forEach(function (a) { byId[decodeURIComponent(a.hash.slice(1))] = a; });
    var heads = links.map(function (a) { return document.getElementById(decodeURIComponent(a.hash.slice(1))); })
      .filter(Boolean);
    var mark = function () {
      // The last heading above the top fifth of the window is the current section.
      var current = null;
      for (var i = 0; i < heads.length; i++) {
        if (heads[i].getBoundingClientRect().top < window.innerHeight / 5) current = heads[i]; else break;
      }
      links.forEach(function (a) { a.removeAttribute("aria-current"); });
      if (current && byId[current.id]) byId[current.id].setAttribute("aria-current", "true");
    };
    if (heads.length && "IntersectionObserver" in window) {
      var observer = new IntersectionObserver(mark, { rootMargin: "0px 0px -80% 0px" });
      heads.forEach(function (h) { observer.observe(h); });
      mark();
    }
  }

  // ---------------------------------------------------------------------------------
  // Search. The index: search/index.json (the manifest), search/t/<n>.json (the terms
  // whose first three characters hash to n, with their posts) and search/d/<n>.json
  // (what a result shows of each of the posts n * group to n * group + group - 1). A
  // query loads the manifest, one shard per word and the files of the results shown. normalize() and words() cut text exactly as
  // the build does (src/search/text.rs).

  var VERSION = 1;
  var MAX_TERM_BYTES = 40;
  var PAGE = 10;
  // Results the palette shows: a screenful, and few enough files of results that the
  // first ones cost at most 50 KB (gzipped) of the index on the corpus.
  var PALETTE = 6;
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var JOINER = /^[-._\/]$/;
  var encoder = new TextEncoder();

  function normalize(s) {
    return String(s || "").toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/\u03c2/g, "\u03c3").replace(/\u2010/g, "-")
      .replace(/(?<=[\p{Alphabetic}\p{N}])['\u2019\u02bc]+/gu, "");
  }

  // The words of normalized text: {whole, parts, tails} (parts and tails empty for a
  // word of one part; tails: what follows each hyphen inside it).
  function words(norm) {
    var cs = Array.from(norm), out = [], i = 0;
    while (i < cs.length) {
      if (!WORD.test(cs[i])) { i++; continue; }
      var start = i, ps = i, parts = [], tails = [];
      for (;;) {
        while (i < cs.length && WORD.test(cs[i])) i++;
        if (i + 1 < cs.length && JOINER.test(cs[i]) && WORD.test(cs[i + 1])) {
          parts.push([ps, i]);
          i++;
          ps = i;
          continue;
        }
        break;
      }
      parts.push([ps, i]);
      var text = function (a, b) { return cs.slice(a, b).join(""); };
      var w = { whole: text(start, i), parts: [], tails: [] };
      if (parts.length > 1) {
        w.parts = parts.map(function (p) { return text(p[0], p[1]); });
        for (var k = 1; k < parts.length - 1; k++) {
          if (cs[parts[k][0] - 1] === "-") w.tails.push(text(parts[k][0], i));
        }
      }
      out.push(w);
    }
    return out;
  }

  function bytes(s) { return encoder.encode(s).length; }

  function shardOf(term, shards) {
    var key = Array.from(term).slice(0, 3), h = 0x811c9dc5;
    for (var i = 0; i < key.length; i++) h = Math.imul(h ^ key[i].codePointAt(0), 0x01000193) >>> 0;
    return h % shards;
  }

  // One index, shared by the header box and the search page.
  function Index(url) {
    this.url = url;
    this.manifest = null;
    this.shards = {};
    this.docs = {};
  }
  Index.prototype.json = function (path) {
    return fetch(new URL(path, new URL(this.url, location.href)).href).then(function (r) {
      if (!r.ok) throw new Error(path + ": HTTP " + r.status);
      return r.json();
    });
  };
  Index.prototype.load = function () {
    var self = this;
    if (!self.ready) {
      self.ready = fetch(new URL(self.url, location.href).href)
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (m) {
          if (m.version !== VERSION) throw new Error("index version " + m.version);
          self.manifest = m;
          self.stop = new Set(m.stop || []);
          return self;
        });
      self.ready.catch(function () { self.ready = null; });
    }
    return self.ready;
  };
  Index.prototype.shard = function (n) {
    var self = this;
    if (!self.shards[n]) {
      self.shards[n] = self.json("t/" + n + ".json").then(function (s) {
        s.decoded = [];
        return s;
      });
      self.shards[n].catch(function () { delete self.shards[n]; });
    }
    return self.shards[n];
  };
  // What a result shows of post `id`: from the file of results of its group of posts.
  Index.prototype.doc = function (id) {
    var self = this, n = Math.floor(id / (self.manifest.group || 1));
    if (!self.docs[n]) {
      self.docs[n] = self.json("d/" + n + ".json");
      self.docs[n].catch(function () { delete self.docs[n]; });
    }
    return self.docs[n].then(function (docs) { return docs[id - n * (self.manifest.group || 1)] || {}; });
  };

  // The posts of one term (or terms it begins, when it has three characters or more):
  // {scores: Map(post id → score), terms: [terms found]}. The exact term and its stem
  // group count fully, terms it only begins count half.
  Index.prototype.lookup = function (term) {
    var self = this;
    return self.shard(shardOf(term, self.manifest.shards)).then(function (s) {
      var prefix = Array.from(term).length >= 3, weights = {}, found = [], i;
      for (i = 0; i < s.terms.length; i++) {
        var t = s.terms[i];
        var w = t === term ? 1 : prefix && t.lastIndexOf(term, 0) === 0 ? 0.5 : 0;
        var g = s.groups[i];
        if (w && !(weights[g] >= w)) weights[g] = w;
      }
      for (i = 0; i < s.terms.length; i++) if (weights[s.groups[i]]) found.push(s.terms[i]);
      var scores = new Map();
      Object.keys(weights).forEach(function (g) {
        if (!s.decoded[g]) {
          var ids = [], id = 0, d = s.docs[g];
          for (var k = 0; k < d.length; k++) { id += d[k]; ids.push(id); }
          s.decoded[g] = ids;
        }
        var ids = s.decoded[g], sc = s.scores[g];
        for (var k = 0; k < ids.length; k++) {
          var v = sc[k] * weights[g];
          if (!(scores.get(ids[k]) >= v)) scores.set(ids[k], v);
        }
      });
      return { scores: scores, terms: found };
    });
  };

  // Forms of a word the index may hold when the word itself is not there.
  function shorter(term) {
    var m = /^(.{4,}?)(?:ing|ed|es|s|ly)$/.exec(term);
    return m ? m[1] : null;
  }

  // A query word: the word, else its shorter form; a word of several parts that is
  // not found whole is found by all its parts.
  Index.prototype.word = function (w) {
    var self = this;
    var whole = bytes(w.whole) <= MAX_TERM_BYTES ? self.lookup(w.whole) : Promise.resolve({ scores: new Map(), terms: [] });
    return whole.then(function (r) {
      if (r.scores.size) return r;
      var short = !w.parts.length && shorter(w.whole);
      if (short) return self.lookup(short);
      var parts = w.parts.filter(function (p) { return !self.stop.has(p); });
      if (!parts.length) return r;
      return Promise.all(parts.map(function (p) { return self.lookup(p); })).then(and);
    });
  };

  // Posts found by every one of `results`, each scored by the sum of its scores,
  // rarer words weighing more.
  function and(results) {
    var total = null, terms = [];
    results.forEach(function (r) {
      var idf = Math.log(1 + 1e4 / (1 + r.scores.size));
      var next = new Map();
      r.scores.forEach(function (s, id) {
        if (total === null) next.set(id, s * idf);
        else if (total.has(id)) next.set(id, total.get(id) + s * idf);
      });
      total = next;
      terms = terms.concat(r.terms);
    });
    return { scores: total || new Map(), terms: terms };
  }

  // The posts matching every word of `query`, best first: {ids, terms, words}.
  Index.prototype.search = function (query) {
    var self = this;
    var ws = words(normalize(query)).filter(function (w) { return !self.stop.has(w.whole); });
    if (!ws.length) return Promise.resolve({ ids: [], terms: [], words: [] });
    return Promise.all(ws.map(function (w) { return self.word(w); })).then(function (rs) {
      var r = and(rs);
      var ids = Array.from(r.scores.keys());
      ids.sort(function (a, b) { return r.scores.get(b) - r.scores.get(a) || b - a; });
      return { ids: ids, terms: r.terms, words: ws.map(function (w) { return w.whole; }) };
    });
  };

  // Whether a word of a post's text (as it is written) is one the query found.
  function matcher(found) {
    var terms = new Set(found.terms);
    var prefixes = found.words.filter(function (w) { return Array.from(w).length >= 3; });
    return function (written) {
      var ws = words(normalize(written));
      for (var i = 0; i < ws.length; i++) {
        var all = [ws[i].whole].concat(ws[i].parts, ws[i].tails);
        for (var k = 0; k < all.length; k++) {
          if (terms.has(all[k])) return true;
          for (var p = 0; p < prefixes.length; p++) if (all[k].lastIndexOf(prefixes[p], 0) === 0) return true;
        }
      }
      return false;
    };
  }

  var TOKEN = /[\p{Alphabetic}\p{N}]+(?:['\u2019\u02bc]*[-._\/]?[\p{Alphabetic}\p{N}]+)*/gu;

  // `text` into `el`, the words `match` accepts marked.
  function marked(el, text, match) {
    var last = 0, m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text))) {
      if (!match(m[0])) continue;
      if (m.index > last) el.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      el.appendChild(mark);
      last = m.index + m[0].length;
    }
    if (last < text.length) el.appendChild(document.createTextNode(text.slice(last)));
    return el;
  }

  // About `size` characters of `text` around the most words `match` accepts, or null.
  function excerpt(text, match, size) {
    var hits = [], m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text)) && hits.length < 200) if (match(m[0])) hits.push(m.index);
    if (!hits.length) return null;
    var best = 0, bestCount = 0;
    for (var i = 0; i < hits.length; i++) {
      var n = 0;
      for (var k = i; k < hits.length && hits[k] < hits[i] + size * 0.7; k++) n++;
      if (n > bestCount) { best = i; bestCount = n; }
    }
    var start = Math.max(0, hits[best] - Math.round(size * 0.25));
    var lineStart = text.lastIndexOf("\n", hits[best]) + 1;
    if (lineStart > start) start = lineStart;
    else if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    var end = Math.min(text.length, start + size);
    var lineEnd = text.indexOf("\n", hits[best]);
    if (lineEnd >= 0 && lineEnd < end && lineEnd > hits[best]) end = lineEnd;
    else if (end < text.length) end = text.lastIndexOf(" ", end) > hits[best] ? text.lastIndexOf(" ", end) : end;
    return (start > 0 ? "…" : "") + text.slice(start, end).replace(/\s+/g, " ").trim() + (end < text.length ? " …" : "");
  }

  function span(cls) {
    var el = document.createElement("span");
    el.className = cls;
    return el;
  }

  // One result: its title, who wrote it and when, an excerpt (about `size` characters)
  // and, with `tags`, its tags; the words found marked. On the page it is one link; in
  // the palette (`option`) an option of the list box, which holds no link.
  function resultItem(doc, match, id, size, tags, option) {
    var li = document.createElement("li");
    li.id = id;
    var url = new URL(doc.url, location.href).href;
    var a = document.createElement(option ? "div" : "a");
    if (option) {
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.url = url;
    } else {
      a.href = url;
    }
    a.appendChild(marked(span("result-title"), doc.title || doc.url, match));
    var meta = span("result-meta");
    if (doc.author) meta.appendChild(document.createTextNode(doc.author));
    if (doc.date) {
      if (doc.author) meta.appendChild(document.createTextNode(" · "));
      var time = document.createElement("time");
      time.dateTime = doc.date;
      time.textContent = doc.date_text || doc.date;
      meta.appendChild(time);
    }
    a.appendChild(meta);
    var text = excerpt(doc.text || "", match, size) || doc.description || "";
    if (text) a.appendChild(marked(span("result-excerpt"), text, match));
    if (tags && doc.tags && doc.tags.length) {
      var list = span("result-tags");
      doc.tags.slice(0, 4).forEach(function (t) { list.appendChild(span("tag")).textContent = t; });
      a.appendChild(list);
    }
    li.appendChild(a);
    return li;
  }

  function debounce(f, ms) {
    var t;
    return function () { clearTimeout(t); t = setTimeout(f, ms); };
  }

  function found(n) {
    return n + (n === 1 ? " post" : " posts") + " found";
  }

  // A page that is not there: the words of its address, ready to search for.
  var lost = document.getElementById("notfound-q");
  var home = document.querySelector(".brand");
  if (lost && home) {
    var path = decodeURIComponent(location.pathname), base = new URL(home.href).pathname;
    if (path.lastIndexOf(base, 0) === 0) path = path.slice(base.length);
    lost.value = path.split(/[\/._\s-]+/).filter(function (w) {
      return w && !/^(index|html?|php|aspx?|\d{1,2}|\d{4})$/i.test(w);
    }).slice(-8).join(" ");
  }

  var palette = document.getElementById("search-palette");
  var opener = document.querySelector(".search-open");
  var form = document.querySelector("form.search-form");
  var input = document.getElementById("search-input");
  var indexForm = document.querySelector("form[data-index]");
  if (!indexForm) return;
  var index = new Index(indexForm.dataset.index);
  var canPalette = !!(palette && palette.showModal);

  // Where search opens: the search page's own box on the search page, else the
  // palette. Without JavaScript (or <dialog>) the header's link leads to the page.
  function openSearch() {
    if (input) { input.focus(); input.select(); return; }
    if (!canPalette) { if (opener) location.href = opener.href; return; }
    if (!palette.open) { palette.showModal(); paletteOpened(); }
  }
  function typing(t) {
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  document.addEventListener("keydown", function (e) {
    if ((e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
      e.preventDefault();
      if (canPalette && palette.open) palette.close(); else openSearch();
    } else if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(e.target)) {
      e.preventDefault();
      openSearch();
    }
  });
  if (opener) {
    opener.addEventListener("click", function (e) {
      if (e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      openSearch();
    });
    // The hint beside "Search": this machine's shortcut.
    var hint = opener.querySelector(".search-key");
    if (hint && (canPalette || input)) {
      hint.textContent = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent) ? "⌘K" : "Ctrl K";
      hint.hidden = false;
    }
  }

  // ---------------------------------------------------------------------------------
  // The palette: the best results as the reader types (the latest posts before), one
  // of them selected; arrows move the selection, Enter opens it, Escape closes.
  var pq = document.getElementById("palette-q");
  var plist = document.getElementById("palette-results");
  var pstatus = palette && palette.querySelector(".palette-status");
  var pall = palette && palette.querySelector(".palette-all");
  var pasked = 0, selected = -1;
  var paletteOpened = function () {};
  if (canPalette && pq && plist) {
    var select = function (i) {
      var all = plist.children;
      if (all[selected]) all[selected].setAttribute("aria-selected", "false");
      selected = all.length ? (i + all.length) % all.length : -1;
      if (selected < 0) { pq.removeAttribute("aria-activedescendant"); return; }
      all[selected].setAttribute("aria-selected", "true");
      pq.setAttribute("aria-activedescendant", all[selected].id);
      all[selected].scrollIntoView({ block: "nearest" });
    };
    var show = function (docs, match, status) {
      plist.textContent = "";
      selected = -1;
      docs.forEach(function (doc, i) {
        plist.appendChild(resultItem(doc, match, "palette-result-" + i, 110, false, true));
      });
      pq.setAttribute("aria-expanded", docs.length ? "true" : "false");
      pstatus.textContent = status;
      select(0);
    };
    var latest = function (seq) {
      return index.load().then(function () {
        var ids = [];
        for (var id = index.manifest.posts - 1; id >= 0 && ids.length < PALETTE; id--) ids.push(id);
        return Promise.all(ids.map(function (id) { return index.doc(id); }));
      }).then(function (docs) {
        if (seq === pasked) show(docs, function () { return false; }, "Latest posts");
      });
    };
    var prun = function () {
      var q = pq.value.trim(), seq = ++pasked;
      var url = new URL(pall.getAttribute("href"), location.href);
      url.search = q ? "?q=" + encodeURIComponent(q) : "";
      pall.href = url.href;
      pall.textContent = "Search page →";
      var loaded = !q ? latest(seq) : index.load().then(function () { return index.search(q); }).then(function (r) {
        if (seq !== pasked) return;
        return Promise.all(r.ids.slice(0, PALETTE).map(function (id) { return index.doc(id); })).then(function (docs) {
          if (seq !== pasked) return;
          show(docs, matcher(r), r.ids.length ? found(r.ids.length) : r.words.length
            ? "No posts match “" + q + "”." : "Type a word to search for.");
          if (r.ids.length > docs.length) pall.textContent = "All " + r.ids.length + " results →";
        });
      });
      loaded.catch(function () {
        if (seq === pasked) show([], null, "The search index could not be loaded: try the search page.");
      });
    };
    paletteOpened = function () {
      pq.focus();
      pq.select();
      if (!plist.children.length) prun();
    };
    pq.addEventListener("input", debounce(prun, 80));
    pq.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        select(selected + (e.key === "ArrowDown" ? 1 : -1));
      } else if (e.key === "Enter" && plist.children[selected]) {
        e.preventDefault();
        go(plist.children[selected].dataset.url, e.ctrlKey || e.metaKey);
      } else if (e.key === "Escape") {
        e.preventDefault();
        palette.close();
      }
    });
    // Opens `url`, in a new tab when asked to (Ctrl or ⌘ held, or the middle button).
    var go = function (url, newTab) {
      if (newTab) window.open(url, "_blank", "noopener"); else location.href = url;
    };
    var picked = function (e) {
      var li = e.target.closest && e.target.closest("li[data-url]");
      if (!li || e.button > 1) return;
      e.preventDefault();
      go(li.dataset.url, e.button === 1 || e.ctrlKey || e.metaKey);
    };
    plist.addEventListener("click", picked);
    plist.addEventListener("auxclick", picked);
    plist.addEventListener("mousemove", function (e) {
      var li = e.target.closest && e.target.closest("li");
      var i = Array.prototype.indexOf.call(plist.children, li);
      if (i >= 0 && i !== selected) select(i);
    });
    // A click on the backdrop (the dialog itself, outside its content) or on Close
    // closes it.
    palette.addEventListener("click", function (e) {
      if (e.target === palette || e.target.classList.contains("palette-close")) palette.close();
    });
  }

  // ---------------------------------------------------------------------------------
  // The search page: results for ?q= and for what is typed, ten at a time; the down
  // arrow goes from the box to the results and along them.
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var fallback = document.getElementById("search-fallback");
  var more = document.getElementById("search-more");
  if (!form || !input || !list) return;
  var asked = 0;
  var current = null;
  var showMore = function () {
    if (!current) return;
    var seq = current.seq, from = list.children.length;
    var ids = current.ids.slice(from, from + PAGE);
    return Promise.all(ids.map(function (id) { return index.doc(id); })).then(function (docs) {
      if (seq !== asked) return;
      var match = matcher(current);
      docs.forEach(function (doc, i) { list.appendChild(resultItem(doc, match, "result-" + (from + i), 240, true)); });
      if (more) more.hidden = list.children.length >= current.ids.length;
    });
  };
  var run = function () {
    var q = input.value.trim(), seq = ++asked;
    if (!q) {
      list.textContent = "";
      current = null;
      if (more) more.hidden = true;
      if (status) status.textContent = "";
      if (fallback) fallback.hidden = false;
      return;
    }
    if (status && !index.manifest) status.textContent = "Loading the search index…";
    index.load().then(function () { return index.search(q); }).then(function (r) {
      if (seq !== asked) return;
      current = r;
      r.seq = seq;
      list.textContent = "";
      if (fallback) fallback.hidden = r.ids.length > 0;
      if (status) {
        status.textContent = r.ids.length ? found(r.ids.length) : r.words.length
          ? "No posts match “" + q + "”." : "Type a word to search for.";
      }
      return showMore();
    }).catch(function () {
      if (seq !== asked) return;
      if (status) status.textContent = "The search index could not be loaded; browse the posts below instead.";
      if (fallback) fallback.hidden = false;
    });
  };
  var later = debounce(run, 80);
  input.addEventListener("input", function () {
    later();
    var url = new URL(location.href);
    if (input.value.trim()) url.searchParams.set("q", input.value.trim()); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
  });
  var step = function (e, from) {
    var links = Array.prototype.slice.call(list.querySelectorAll("li > a"));
    var i = from === input ? -1 : links.indexOf(from);
    var next = i + (e.key === "ArrowDown" ? 1 : -1);
    if (next < 0) input.focus(); else if (links[next]) links[next].focus(); else return;
    e.preventDefault();
  };
  input.addEventListener("keydown", function (e) { if (e.key === "ArrowDown") step(e, input); });
  list.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") step(e, document.activeElement);
  });
  if (more) more.addEventListener("click", showMore);
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(); }
})();
