// Browser checks of Bulletin's default theme with headless Chromium (playwright-core)
// and axe-core. Run by run.sh; see README.md beside this file.
//
// Usage: node check.mjs CONFIG.json
// CONFIG: {"artifacts": DIR, "counts": FILE, "sites": [{"name", "base", "kind": "demo"|"corpus"|"bench",
//          "matrix": "full"|"reduced"|"search"}]}
// ("search": the search checks only, for the 10,000-post benchmark site.)
// Prints one line per failure, a summary per check group, and writes
// {"passed": N, "failed": M} to the counts file.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const AXE = path.join(HERE, "node_modules", "axe-core", "axe.min.js");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const VIEWPORTS = {
  1280: { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false },
  390: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};
const SCHEMES = ["light", "dark"];
const NAV_TIMEOUT = 30_000;
const WORKERS = Number(process.env.BROWSER_WORKERS) || 2;

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const SHOTS = path.join(config.artifacts, "screenshots");
fs.mkdirSync(SHOTS, { recursive: true });

// ---------------------------------------------------------------------------------
// Results

const results = []; // {group, label, ok, details, order}
let order = 0;
function record(group, label, ok, details = "") {
  results.push({ group, label, ok: !!ok, details, order: order++ });
}
const GROUP_ORDER = [
  "setup", "status", "overflow", "requests", "external", "console", "axe", "screenshot",
  "search", "keyboard", "no-js", "toc", "theme-toggle", "links", "base-path",
];

function isLocalUrl(u) {
  let url;
  try {
    url = new URL(u);
  } catch {
    return false;
  }
  if (["data:", "blob:", "about:", "javascript:"].includes(url.protocol)) return true;
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname === "127.0.0.1";
}

function short(s, n = 300) {
  s = String(s).replace(/\s+/g, " ").trim();
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

async function withTimeout(promise, ms, what) {
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------
// In-page helpers (run in the browser)

function overflowProbe(viewportWidth) {
  const iw = window.innerWidth;
  const sw = document.documentElement.scrollWidth;
  const limit = Math.min(iw, viewportWidth);
  if (sw <= limit) return { ok: true, sw, iw };
  function selector(el) {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 5; e = e.parentElement) {
      let s = e.tagName.toLowerCase();
      if (e.id) {
        parts.unshift(s + "#" + e.id);
        break;
      }
      const cls = [...e.classList].slice(0, 2);
      if (cls.length) s += "." + cls.join(".");
      const parent = e.parentElement;
      if (parent) {
        const same = [...parent.children].filter((c) => c.tagName === e.tagName);
        if (same.length > 1) s += `:nth-of-type(${same.indexOf(e) + 1})`;
      }
      parts.unshift(s);
      if (e === document.body) break;
    }
    return parts.join(" > ");
  }
  const offenders = [];
  function walk(el, depth) {
    const cs = getComputedStyle(el);
    if (cs.display === "none") return;
    const r = el.getBoundingClientRect();
    // Content that spills out of a box that does not clip (long unbroken text in a
    // <pre>, say) reaches past the box's own right edge: scrollWidth measures it.
    const spill = cs.overflowX === "visible" ? el.scrollWidth - el.clientWidth : 0;
    const right = r.right + window.scrollX + Math.max(0, spill);
    if (right > viewportWidth + 0.5 && r.width > 0 && r.height > 0) {
      offenders.push({ el, right, width: r.width, spill, depth });
    }
    // Children of an element that clips or scrolls cannot widen the page.
    if (el !== document.body && cs.overflowX !== "visible") return;
    for (const c of el.children) walk(c, depth + 1);
  }
  walk(document.body, 0);
  offenders.sort((a, b) => b.right - a.right || b.depth - a.depth);
  const picked = [];
  for (const o of offenders) {
    if (picked.some((p) => p.el.contains(o.el) || o.el.contains(p.el))) continue;
    picked.push(o);
    if (picked.length === 3) break;
  }
  return {
    ok: false,
    sw,
    iw,
    offenders: picked.map(
      (o) =>
        `${selector(o.el)} (right edge ${Math.round(o.right)}px, width ${Math.round(o.width)}px` +
        (o.spill > 0 ? `, its content spills ${Math.round(o.spill)}px out` : "") + ")",
    ),
  };
}

function collectUrls() {
  const out = [];
  const add = (v) => {
    // Fragment-only links point into the page itself.
    if (!v || v.startsWith("#")) return;
    try {
      out.push(new URL(v, document.baseURI).href);
    } catch {}
  };
  document.querySelectorAll("a[href], link[href], area[href]").forEach((e) => add(e.getAttribute("href")));
  document.querySelectorAll("img[src], script[src], source[src], video[src], audio[src], iframe[src]").forEach((e) => add(e.getAttribute("src")));
  document.querySelectorAll("form[action]").forEach((e) => add(e.getAttribute("action")));
  document.querySelectorAll("img[srcset], source[srcset]").forEach((e) =>
    e.getAttribute("srcset").split(",").forEach((part) => add(part.trim().split(/\s+/)[0])),
  );
  return out;
}

// ---------------------------------------------------------------------------------
// Page loads

async function newContext(browser, width, scheme, extra = {}) {
  const ctx = await browser.newContext({
    ...VIEWPORTS[width],
    deviceScaleFactor: 1,
    colorScheme: scheme,
    reducedMotion: "reduce",
    serviceWorkers: "block",
    ...extra,
  });
  ctx.setDefaultTimeout(NAV_TIMEOUT);
  // Nothing leaves the machine: abort anything not on 127.0.0.1 (it is recorded and
  // reported by the page's request listener).
  await ctx.route((url) => !isLocalUrl(url.href), (route) => route.abort("blockedbyclient"));
  return ctx;
}

function watch(page) {
  const log = { external: [], failed: [], bad: [], console: [], errors: [], requests: 0 };
  page.on("request", (req) => {
    log.requests++;
    if (!isLocalUrl(req.url())) log.external.push(`${req.method()} ${req.url()}`);
  });
  page.on("requestfailed", (req) => {
    if (!isLocalUrl(req.url())) return;
    log.failed.push(`${req.url()} (${req.failure()?.errorText || "failed"})`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) log.bad.push({ url: res.url(), status: res.status(), main: res.request().isNavigationRequest() && res.frame() === page.mainFrame() });
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") log.console.push({ text: msg.text(), url: msg.location()?.url || "" });
  });
  page.on("pageerror", (err) => log.errors.push(String(err && err.message || err)));
  return log;
}

async function checkPage(browser, ctx, site, pageDef, width, scheme, seenUrls) {
  const where = `${site.name} ${pageDef.name} ${pageDef.url} @${width} ${scheme}`;
  const page = await ctx.newPage();
  const log = watch(page);
  const expect404 = pageDef.name === "404";
  try {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
    let response;
    try {
      response = await page.goto(pageDef.url, { waitUntil: "load", timeout: NAV_TIMEOUT });
    } catch (err) {
      record("status", where, false, `navigation failed: ${short(err.message)}`);
      return;
    }
    const status = response ? response.status() : 0;
    const wantStatus = expect404 ? 404 : 200;
    const title = await page.title().catch(() => "");
    record("status", where, status === wantStatus, `HTTP ${status}, expected ${wantStatus} (title "${short(title, 80)}")`);

    // Horizontal overflow.
    const ov = await page.evaluate(overflowProbe, width);
    record(
      "overflow",
      where,
      ov.ok,
      ov.ok ? "" : `scrollWidth ${ov.sw}px > innerWidth ${Math.min(ov.iw, width)}px; widest: ${(ov.offenders || []).join("; ") || "(no single element found)"}`,
    );

    // Accessibility (axe-core).
    const axeContext = pageDef.axeExclude ? { exclude: pageDef.axeExclude.map((s) => [s]) } : null;
    await checkAxe(page, where + (pageDef.axeExclude ? ` (excluding ${pageDef.axeExclude.join(", ")})` : ""), axeContext);

    // Screenshot (full page).
    const file = path.join(SHOTS, `${site.name}-${pageDef.name}-${width}-${scheme}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true, animations: "disabled", timeout: NAV_TIMEOUT });
      record("screenshot", where, fs.statSync(file).size > 0, path.relative(process.cwd(), file));
    } catch (err) {
      record("screenshot", where, false, short(err.message));
    }

    // URLs the page refers to, for the link checks.
    for (const u of await page.evaluate(collectUrls).catch(() => [])) {
      if (!seenUrls.has(u)) seenUrls.set(u, pageDef.url);
    }

    // Network and console, after everything the page did (including lazy loads
    // the full-page screenshot may have caused).
    await page.waitForLoadState("networkidle", { timeout: 3000 }).catch(() => {});
    const bad = log.bad.filter((b) => !(expect404 && b.main && b.status === 404));
    const failed = [...log.failed, ...bad.map((b) => `${b.url} (HTTP ${b.status})`)];
    record("requests", where, failed.length === 0, failed.join("; "));
    record("external", where, log.external.length === 0, log.external.join("; "));
    const consoleErrors = log.console
      .filter((m) => !(expect404 && m.url === pageDef.url && /status of 404/.test(m.text)))
    // Requests this harness blocked are reported as external requests, not twice.
    .filter((m) => !(m.url && !isLocalUrl(m.url) && /ERR_BLOCKED_BY_CLIENT/.test(m.text)))
      .map((m) => `console: ${short(m.text)}${m.url ? ` (${m.url})` : ""}`);
    const errors = [...consoleErrors, ...log.errors.map((e) => `page error: ${short(e)}`)];
    record("console", where, errors.length === 0, errors.join("; "));
  } finally {
    await page.close().catch(() => {});
  }
}

// Records axe-core's serious and critical violations on `page` (within `context`, an
// axe context, or the whole document).
async function checkAxe(page, where, context) {
  try {
    if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE });
    const violations = await withTimeout(
      page.evaluate(async (context) => {
        const res = await window.axe.run(context || document, { resultTypes: ["violations"] });
        return res.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.length,
          targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
          summary: v.nodes[0] ? v.nodes[0].failureSummary : "",
        }));
      }, context),
      60_000,
      "axe.run",
    );
    const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    record(
      "axe",
      where,
      bad.length === 0,
      bad
        .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes} node(s), e.g. ${v.targets.join(" | ")}; ${short(v.summary, 220)}`)
        .join("\n      "),
    );
  } catch (err) {
    record("axe", where, false, `axe could not run: ${short(err.message)}`);
  }
}

// ---------------------------------------------------------------------------------
// Behaviour: search, the palette and its keys, no-JS fallback, theme toggle

async function resultLinks(page) {
  return page.$$eval("#search-results a[href]", (as) => as.map((a) => new URL(a.href).pathname));
}

async function checkSearch(browser, site, width, scheme) {
  const label = `${site.name} /search/ @${width} ${scheme}`;
  const ctx = await newContext(browser, width, scheme);
  try {
    const page = await ctx.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e.message || e)));

    // Typing a query.
    await page.goto(site.base + "search/", { waitUntil: "load" });
    const seen = countSearchBytes(page);
    const input = page.locator("#search-input");
    let ok = false;
    let detail = "";
    try {
      await input.click();
      // The whole word in one input event: the byte budget below is that of one
      // query, and keys typed on a loaded machine can let the 80 ms debounce run a
      // prefix first (which loads files of its own).
      await input.fill(site.query);
      await page.waitForFunction(
        (want) => [...document.querySelectorAll("#search-results a[href]")].some((a) => new URL(a.href).pathname === want),
        site.expectPath,
        { timeout: 8000 },
      );
      ok = true;
    } catch (err) {
      const links = await resultLinks(page).catch(() => []);
      const status = await page.locator("#search-status").textContent().catch(() => "");
      detail = `typed "${site.query}": no result linking to ${site.expectPath}; status "${short(status, 120)}"; results: ${links.slice(0, 5).join(", ") || "none"}${errors.length ? `; page errors: ${errors.join("; ")}` : ""}`;
    }
    if (ok) {
      const links = await resultLinks(page);
      const fallbackHidden = await page.locator("#search-fallback").isHidden().catch(() => false);
      detail = `typed "${site.query}": ${links.length} result(s), ${site.expectPath} at position ${links.indexOf(site.expectPath) + 1}`;
      if (!fallbackHidden) {
        ok = false;
        detail += "; #search-fallback is still shown beside the results";
      }
    }
    record("search", `${label}: typing a query`, ok, detail);
    if (ok) {
      await checkSearchBytes(site, label, seen, page);
      await page.evaluate(() => document.activeElement && document.activeElement.blur());
      await page.screenshot({ path: path.join(SHOTS, `${site.name}-search-results-${width}-${scheme}.png`) });
      // Each result shows an excerpt; text from the index is never HTML.
      const excerpts = await page.locator("#search-results .result-excerpt").count();
      const injected = await page.locator("#search-results script, #search-results img").count();
      record("search", `${label}: results show excerpts, as text`, excerpts > 0 && injected === 0, `${excerpts} excerpt(s), ${injected} element(s) from index text`);
    }

    // ?q= preloads the query.
    const qUrl = site.base + "search/?q=" + encodeURIComponent(site.query);
    await page.goto(qUrl, { waitUntil: "load" });
    ok = false;
    try {
      await page.waitForFunction(
        (want) => [...document.querySelectorAll("#search-results a[href]")].some((a) => new URL(a.href).pathname === want),
        site.expectPath,
        { timeout: 8000 },
      );
      ok = true;
    } catch {}
    const value = await input.inputValue().catch(() => "");
    const valueOk = value === site.query;
    record(
      "search",
      `${label}: ?q= preloads the query (${qUrl})`,
      ok && valueOk,
      `input value "${value}"${valueOk ? "" : ` (expected "${site.query}")`}; ${ok ? "result" : "no result"} linking to ${site.expectPath}`,
    );
  } catch (err) {
    record("search", label, false, short(err.message));
  } finally {
    await ctx.close();
  }
}

// Gzipped bytes of the search index's files a page loads (what a host serving gzip
// sends), counted from the responses.
function countSearchBytes(page) {
  const seen = { bytes: 0, files: [] };
  page.on("response", async (r) => {
    const u = new URL(r.url());
    if (!/\/search\/.*\.json$/.test(u.pathname)) return;
    try {
      const body = await r.body();
      const gz = zlib.gzipSync(body).length;
      seen.bytes += gz;
      seen.files.push(`${u.pathname.replace(/^.*\/search\//, "")} ${gz}`);
    } catch {}
  });
  return seen;
}

// The most gzipped bytes the first results of a one-word query may take.
function searchBudget(site) {
  return site.kind === "bench" ? 150_000 : 50_000;
}

async function checkSearchBytes(site, label, seen, page) {
  // Responses are read as they arrive: let the last ones be counted.
  await page.waitForTimeout(300);
  const budget = searchBudget(site);
  record(
    "search",
    `${label}: the first results of "${site.query}" take at most ${budget / 1000} KB of the index (gzipped)`,
    seen.bytes > 0 && seen.bytes <= budget,
    `${seen.bytes} bytes in ${seen.files.length} files: ${seen.files.join(", ")}`,
  );
}

// The palette on the home page, opened by the header's Search: live results as one
// types (the first selected), the arrows moving the selection, Enter opening the one
// selected, Escape closing it and giving the focus back; axe-core over it while open.
async function checkPalette(browser, site, width, scheme) {
  const label = `${site.name} / @${width} ${scheme}: the search palette`;
  const ctx = await newContext(browser, width, scheme);
  try {
    const page = await ctx.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e.message || e)));
    await page.goto(site.base, { waitUntil: "load" });
    const seen = countSearchBytes(page);
    await page.locator(".search-open").click();
    const input = page.locator("#palette-q");
    await input.waitFor({ state: "visible", timeout: 5000 });
    // One input event, as on the search page: the byte budget is one query's.
    await input.fill(site.query);
    let ok = false;
    let detail = "";
    try {
      // Results, not the latest posts listed before anything is typed: words are marked.
      await page.waitForFunction(
        (want) => document.querySelector("#palette-results mark")
          && [...document.querySelectorAll("#palette-results li[data-url]")].some((li) => new URL(li.dataset.url).pathname === want),
        site.expectPath,
        { timeout: 8000 },
      );
      const state = await page.evaluate(() => ({
        focused: document.activeElement && document.activeElement.id,
        selected: [...document.querySelectorAll("#palette-results [aria-selected='true']")].map((li) => li.id),
        active: document.getElementById("palette-q").getAttribute("aria-activedescendant"),
        marks: document.querySelectorAll("#palette-results mark").length,
        items: document.querySelectorAll("#palette-results li").length,
      }));
      ok = state.focused === "palette-q" && state.marks > 0 && state.selected.length === 1 && state.active === state.selected[0];
      detail = `${state.items} result(s), ${state.marks} marked word(s), focus on #${state.focused}, selected ${JSON.stringify(state.selected)}, aria-activedescendant ${state.active}`;
    } catch {
      const text = await page.locator("#search-palette").textContent().catch(() => "");
      detail = `no result linking to ${site.expectPath}; "${short(text, 160)}"${errors.length ? `; page errors: ${errors.join("; ")}` : ""}`;
    }
    record("search", `${label}: live results for "${site.query}", the first selected`, ok, detail);
    if (!ok) return;
    await checkSearchBytes(site, label, seen, page);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, `${site.name}-palette-${width}-${scheme}.png`) });
    await checkAxe(page, `${label}, open`, { include: [["#search-palette"]] });

    // ArrowDown selects the second result; Enter opens it.
    const links = await page.$$eval("#palette-results li[data-url]", (lis) => lis.map((li) => new URL(li.dataset.url).pathname));
    const want = links[Math.min(1, links.length - 1)];
    if (links.length > 1) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    const home = new URL(site.base).pathname;
    await page.waitForURL((u) => u.pathname !== home, { timeout: 8000 }).catch(() => {});
    const landed = new URL(page.url()).pathname;
    record("search", `${label}: ArrowDown and Enter open the second result`, landed === want, `landed on ${landed}, the second result is ${want}`);

    // Escape closes it and the focus goes back to the Search link.
    await page.goto(site.base, { waitUntil: "load" });
    await page.locator(".search-open").click();
    await input.waitFor({ state: "visible", timeout: 5000 });
    await page.keyboard.press("Escape");
    const closed = await page.evaluate(() => ({
      open: document.getElementById("search-palette").open,
      focus: document.activeElement && document.activeElement.className,
    }));
    record("search", `${label}: Escape closes it`, !closed.open && /search-open/.test(closed.focus), `open ${closed.open}, focus on .${closed.focus}`);
  } catch (err) {
    record("search", label, false, short(err.message));
  } finally {
    await ctx.close();
  }
}

// "/", Ctrl-K and ⌘K open the palette with the focus in its empty box; the latest
// posts are listed before anything is typed.
async function checkSlashKey(browser, site) {
  for (const key of ["/", "Control+k", "Meta+k"]) {
    const label = `${site.name} / @1280 light: ${key} opens the search palette`;
    const ctx = await newContext(browser, 1280, "light");
    try {
      const page = await ctx.newPage();
      await page.goto(site.base, { waitUntil: "load" });
      await page.keyboard.press(key);
      await page.waitForFunction(() => document.querySelectorAll("#palette-results li").length > 0, null, { timeout: 5000 }).catch(() => {});
      const state = await page.evaluate(() => ({
        open: document.getElementById("search-palette").open,
        id: document.activeElement && document.activeElement.id,
        value: document.getElementById("palette-q").value,
        latest: document.querySelectorAll("#palette-results li[data-url]").length,
      }));
      const ok = state.open && state.id === "palette-q" && state.value === "" && state.latest > 0;
      record("keyboard", label, ok, `open ${state.open}, focus on #${state.id}, value "${state.value}", ${state.latest} latest post(s) listed`);
    } catch (err) {
      record("keyboard", label, false, short(err.message));
    } finally {
      await ctx.close();
    }
  }
}

// The table of contents of the first page that has one: open beside the post at 1280
// px, folded above it at 390 px, and, once the reader scrolls to its second section,
// marking that section as the one being read.
async function checkToc(browser, site) {
  for (const [width, open] of [[1280, true], [390, false]]) {
    const label = `${site.name} table of contents @${width}: ${open ? "open" : "folded"}, the section read is marked`;
    const ctx = await newContext(browser, width, "light");
    try {
      const page = await ctx.newPage();
      let found = null;
      for (const p of site.pages) {
        await page.goto(p.url, { waitUntil: "load" });
        if (await page.$(".toc")) { found = p.name; break; }
      }
      if (!found) {
        record("toc", label, false, "no page checked has a table of contents");
        continue;
      }
      const state = await page.evaluate(async () => {
        const toc = document.querySelector(".toc");
        const links = [...toc.querySelectorAll("a[href^='#']")];
        const target = links[Math.min(1, links.length - 1)];
        document.getElementById(decodeURIComponent(target.hash.slice(1))).scrollIntoView();
        await new Promise((r) => setTimeout(r, 400));
        const current = toc.querySelectorAll("a[aria-current='true']");
        return { open: toc.open, marked: [...current].map((a) => a.textContent), want: target.textContent };
      });
      const ok = state.open === open && state.marked.length === 1 && state.marked[0] === state.want;
      record("toc", label, ok, `${found}: open ${state.open}; marked ${JSON.stringify(state.marked)}, expected "${state.want}"`);
    } catch (err) {
      record("toc", label, false, short(err.message));
    } finally {
      await ctx.close();
    }
  }
}

async function checkNoJs(browser, site) {
  const label = `${site.name} /search/ @1280 light, JavaScript off: #search-fallback lists posts`;
  const ctx = await newContext(browser, 1280, "light", { javaScriptEnabled: false });
  try {
    const page = await ctx.newPage();
    await page.goto(site.base + "search/", { waitUntil: "load" });
    const links = await page.$$eval("#search-fallback a[href]", (as) => as.map((a) => new URL(a.href).pathname));
    const visible = await page.locator("#search-fallback").isVisible().catch(() => false);
    const posts = links.filter((p) => /\/\d{4}\/\d{2}\//.test(p));
    // Without JavaScript the header's Search is a link to the search page.
    await page.goto(site.base, { waitUntil: "load" });
    const searchLink = await page.$eval(".search-open", (a) => new URL(a.href).pathname).catch(() => "");
    record("no-js", `${site.name} / @1280 light, JavaScript off: the header's Search leads to the search page`,
      searchLink === new URL(site.base + "search/").pathname, `.search-open links to ${searchLink || "nothing"}`);
    record(
      "no-js",
      label,
      posts.length > 0 && visible,
      `${links.length} link(s) in #search-fallback, ${posts.length} to posts${visible ? "" : "; #search-fallback is not visible"}`,
    );
  } catch (err) {
    record("no-js", label, false, short(err.message));
  } finally {
    await ctx.close();
  }
}

async function checkThemeToggle(browser, site, width, scheme) {
  const label = `${site.name} / @${width} ${scheme}: .theme-toggle`;
  const ctx = await newContext(browser, width, scheme);
  try {
    const page = await ctx.newPage();
    await page.goto(site.base, { waitUntil: "load" });
    const read = () =>
      page.evaluate(() => ({ theme: document.documentElement.dataset.theme || "", bg: getComputedStyle(document.body).backgroundColor }));
    const before = await read();
    await page.locator(".theme-toggle").click({ timeout: 5000 });
    await page.waitForTimeout(100);
    const after = await read();
    const want = scheme === "dark" ? "light" : "dark";
    const problems = [];
    if (after.theme !== want) problems.push(`data-theme is "${after.theme}" after one click, expected "${want}"`);
    if (after.bg === before.bg) problems.push(`body background stayed ${before.bg}`);
    await page.reload({ waitUntil: "load" });
    const reloaded = await read();
    if (reloaded.theme !== after.theme) problems.push(`after a reload data-theme is "${reloaded.theme}", not the chosen "${after.theme}"`);
    await page.locator(".theme-toggle").click({ timeout: 5000 });
    await page.waitForTimeout(100);
    const back = await read();
    if (back.bg !== before.bg) problems.push(`a second click did not restore the background (${back.bg}, was ${before.bg})`);
    record(
      "theme-toggle",
      label,
      problems.length === 0,
      problems.length ? problems.join("; ") : `data-theme "${before.theme}" → "${after.theme}", body background ${before.bg} → ${after.bg}`,
    );
  } catch (err) {
    record("theme-toggle", label, false, short(err.message));
  } finally {
    await ctx.close();
  }
}

// ---------------------------------------------------------------------------------
// Links: every same-origin URL the visited pages refer to answers 200; under a base
// path, every one of them is inside it.

async function checkLinks(site, seenUrls) {
  const origin = new URL(site.base).origin;
  const basePath = new URL(site.base).pathname;
  const urls = new Map();
  for (const [u, from] of seenUrls) {
    const url = new URL(u);
    if (url.origin !== origin) continue;
    url.hash = "";
    if (!urls.has(url.href)) urls.set(url.href, from);
  }
  const broken = [];
  const outside = [];
  const list = [...urls];
  let i = 0;
  async function worker() {
    while (i < list.length) {
      const [u, from] = list[i++];
      if (!new URL(u).pathname.startsWith(basePath)) outside.push(`${new URL(u).pathname} (on ${from})`);
      try {
        const res = await fetch(u, { redirect: "follow" });
        await res.arrayBuffer();
        if (res.status !== 200) broken.push(`${u} → HTTP ${res.status} (on ${from})`);
      } catch (err) {
        broken.push(`${u} → ${err.message} (on ${from})`);
      }
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker));
  record("links", `${site.name}: ${urls.size} same-origin URLs on the visited pages answer 200`, broken.length === 0, broken.slice(0, 10).join("; ") + (broken.length > 10 ? `; … ${broken.length - 10} more` : ""));
  if (basePath !== "/") {
    record("base-path", `${site.name}: every same-origin URL on the visited pages starts with ${basePath}`, outside.length === 0, outside.slice(0, 10).join("; ") + (outside.length > 10 ? `; … ${outside.length - 10} more` : ""));
  }
}

// ---------------------------------------------------------------------------------
// Which pages to visit

function distinctiveWord(title, allTitles) {
  const words = [...new Set((title.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) || []))];
  const freq = (w) => allTitles.filter((t) => t.toLowerCase().includes(w)).length;
  const stop = new Set(["python", "release", "released", "available", "announcing", "with", "from", "this", "that", "what", "about", "your"]);
  const ranked = words
    .filter((w) => !stop.has(w) && !/^\d+$/.test(w))
    .map((w) => ({ w, f: freq(w) }))
    .sort((a, b) => a.f - b.f || b.w.length - a.w.length);
  return ranked.length ? ranked[0].w : words[0] || title;
}

async function planSite(browser, site) {
  const base = site.base;
  const basePath = new URL(base).pathname;
  if (site.kind === "corpus" || site.kind === "bench") {
    // The newest post (the highest id of the search index) and a word of its title
    // few other titles have.
    const get = async (p) => {
      const res = await fetch(base + p);
      if (!res.ok) throw new Error(`${p}: HTTP ${res.status}`);
      return res.json();
    };
    const manifest = await get("search/index.json");
    if (!manifest.posts) throw new Error("search/index.json counts no posts");
    // The results are in files of `group` posts: search/d/<n>.json holds ids
    // n * group to n * group + group - 1.
    const group = manifest.group || 1;
    const files = new Map();
    const doc = async (id) => {
      const n = Math.floor(id / group);
      if (!files.has(n)) files.set(n, await get(`search/d/${n}.json`));
      return files.get(n)[id - n * group] || {};
    };
    const newest = await doc(manifest.posts - 1);
    const others = [];
    for (let id = manifest.posts - 2; id >= 0 && others.length < 40; id--) others.push((await doc(id)).title || "");
    site.postPath = new URL(newest.url, base).pathname;
    site.query = distinctiveWord(newest.title, others);
    site.expectPath = site.postPath;
    site.postTitle = newest.title;
    if (site.kind === "bench") {
      site.pages = [];
      return;
    }
  } else {
    site.postPath = basePath + "2025/12/how-we-made-builds-fast/";
    site.query = "builds fast";
    site.expectPath = site.postPath;
  }
  const origin = new URL(base).origin;

  // The tag and author pages: the post's own first tag and author. The category pages
  // when the post has a category (a site without categories has no such pages).
  const ctx = await newContext(browser, 1280, "light", { javaScriptEnabled: false });
  let tagPath = null;
  let authorPath = null;
  let categoryPath = null;
  let seriesPath = null;
  let releasePostPath = null;
  try {
    const page = await ctx.newPage();
    const r = await page.goto(origin + site.postPath, { waitUntil: "load" });
    if (!r || r.status() !== 200) throw new Error(`post ${site.postPath}: HTTP ${r ? r.status() : "?"}`);
    const hrefs = await page.$$eval("main a[href]", (as) => as.map((a) => new URL(a.href).pathname));
    tagPath = hrefs.find((h) => h.startsWith(basePath + "tags/") && h.length > (basePath + "tags/").length) || null;
    authorPath = hrefs.find((h) => h.startsWith(basePath + "authors/") && h.length > (basePath + "authors/").length) || null;
    categoryPath = hrefs.find((h) => h.startsWith(basePath + "categories/") && h.length > (basePath + "categories/").length) || null;
    if (!tagPath || !authorPath) {
      // Fall back to the indexes.
      for (const [index, setter] of [["tags/", (p) => (tagPath = tagPath || p)], ["authors/", (p) => (authorPath = authorPath || p)]]) {
        await page.goto(base + index, { waitUntil: "load" });
        const links = await page.$$eval("main a[href]", (as) => as.map((a) => new URL(a.href).pathname));
        const found = links.find((h) => h.startsWith(basePath + index) && h.length > (basePath + index).length);
        if (found) setter(found);
      }
    }
    // The release index, the first series it lists, and the oldest release of that
    // series (its post shows the series box and the "newer release" notice).
    await page.goto(base + "releases/", { waitUntil: "load" });
    const seriesLinks = await page.$$eval(".series-index a[href]", (as) => as.map((a) => new URL(a.href).pathname)).catch(() => []);
    seriesPath = seriesLinks[0] || null;
    if (seriesPath) {
      await page.goto(origin + seriesPath, { waitUntil: "load" });
      const releases = await page.$$eval(".series-timeline a[href]", (as) => as.map((a) => new URL(a.href).pathname));
      if (releases.length > 1) {
        releasePostPath = releases[0];
        await page.goto(origin + releasePostPath, { waitUntil: "load" });
        const notice = await page.$eval(".release-box .release-newer", (e) => e.textContent.trim()).catch(() => "");
        record("setup", `${site.name}: the oldest release of ${seriesPath} says a newer one is out`, notice.startsWith("A newer release of this series is available"), notice || "no .release-newer on " + releasePostPath);
      }
    }
  } finally {
    await ctx.close();
  }
  const pages = [
    { name: "home", url: base },
    { name: "post", url: origin + site.postPath, axeExclude: site.kind === "corpus" ? [".post-body"] : null },
  ];
  if (tagPath) pages.push({ name: "tag", url: origin + tagPath });
  if (categoryPath) {
    pages.push({ name: "categories", url: base + "categories/" });
    pages.push({ name: "category", url: origin + categoryPath });
  }
  pages.push({ name: "authors", url: base + "authors/" });
  if (authorPath) pages.push({ name: "author", url: origin + authorPath });
  pages.push({ name: "search", url: base + "search/" });
  pages.push({ name: "404", url: base + "this-page-does-not-exist/" });
  if (seriesPath) {
    pages.push({ name: "releases", url: base + "releases/" });
    pages.push({ name: "series", url: origin + seriesPath });
  }
  if (releasePostPath) {
    pages.push({ name: "release-post", url: origin + releasePostPath, axeExclude: site.kind === "corpus" ? [".post-body"] : null });
  }
  record("setup", `${site.name}: series page and a release post with a newer release found`, !!(seriesPath && releasePostPath), `series ${seriesPath}, post ${releasePostPath}`);
  record("setup", `${site.name}: tag page found`, !!tagPath, tagPath || "no tag link on the post page nor on /tags/");
  record("setup", `${site.name}: author page found`, !!authorPath, authorPath || "no author link on the post page nor on /authors/");
  if (site.kind === "demo") record("setup", `${site.name}: category page found`, !!categoryPath, categoryPath || "no category link on the post page");
  site.pages = pages;
}

// ---------------------------------------------------------------------------------

async function pool(tasks, n) {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < tasks.length) await tasks[i++]();
    }),
  );
}

async function main() {
  const started = Date.now();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    timeout: 60_000,
  });
  try {
    for (const site of config.sites) {
      try {
        await planSite(browser, site);
        console.log(`  ${site.name}: ${site.base} — post ${site.postPath}${site.postTitle ? ` ("${site.postTitle}")` : ""}, search "${site.query}"`);
        console.log(`    pages: ${site.pages.map((p) => `${p.name} ${new URL(p.url).pathname}`).join(", ")}`);
      } catch (err) {
        record("setup", `${site.name}: find the pages to check`, false, short(err.message));
        site.pages = null;
      }
    }

    const tasks = [];
    for (const site of config.sites) {
      if (!site.pages) continue;
      if (site.matrix === "search") {
        tasks.push(() => checkSearch(browser, site, 1280, "light"));
        tasks.push(() => checkPalette(browser, site, 1280, "light"));
        continue;
      }
      site.seenUrls = new Map();
      const combos =
        site.matrix === "reduced"
          ? [[1280, "light"], [390, "dark"]]
          : [[1280, "light"], [1280, "dark"], [390, "light"], [390, "dark"]];
      for (const [width, scheme] of combos) {
        tasks.push(async () => {
          const ctx = await newContext(browser, width, scheme);
          try {
            for (const p of site.pages) await checkPage(browser, ctx, site, p, width, scheme, site.seenUrls);
          } finally {
            await ctx.close();
          }
        });
      }
      for (const [width, scheme] of combos) {
        tasks.push(() => checkSearch(browser, site, width, scheme));
        tasks.push(() => checkPalette(browser, site, width, scheme));
      }
      tasks.push(() => checkSlashKey(browser, site));
      tasks.push(() => checkNoJs(browser, site));
      tasks.push(() => checkToc(browser, site));
      for (const [width, scheme] of [[1280, "light"], [1280, "dark"], [390, "dark"]]) {
        tasks.push(() => checkThemeToggle(browser, site, width, scheme));
      }
    }
    await pool(tasks, WORKERS);
    for (const site of config.sites) if (site.pages && site.seenUrls) await checkLinks(site, site.seenUrls);
  } finally {
    await browser.close().catch(() => {});
  }

  // Report.
  const failures = results.filter((r) => !r.ok).sort((a, b) => a.order - b.order);
  const groups = [...new Set([...GROUP_ORDER, ...results.map((r) => r.group)])].filter((g) => results.some((r) => r.group === g));
  for (const g of groups) {
    for (const f of failures.filter((r) => r.group === g)) {
      console.log(`FAIL [${g}] ${f.label}${f.details ? `\n      ${f.details}` : ""}`);
    }
  }
  for (const g of groups) {
    const rs = results.filter((r) => r.group === g);
    const bad = rs.filter((r) => !r.ok).length;
    console.log(`  ${g.padEnd(13)} ${String(rs.length - bad).padStart(4)} ok, ${bad} failing`);
  }
  const passed = results.filter((r) => r.ok).length;
  fs.writeFileSync(config.counts, JSON.stringify({ passed, failed: failures.length }));
  console.log(`  (browser checks took ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.relative(process.cwd(), SHOTS) || SHOTS})`);
}

main().catch((err) => {
  console.error(`check.mjs: ${err && err.stack || err}`);
  process.exit(2);
});
