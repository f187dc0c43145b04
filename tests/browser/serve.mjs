// `bulletin serve` in a real browser: live reload, the stylesheet swap, and the error
// overlay (looks, phone width, dark scheme, dismissing, clearing on a fix).
//
// Usage: node serve.mjs BULLETIN_BIN SITE_DIR ARTIFACTS_DIR COUNTS_FILE
// SITE_DIR is a scratch copy of a site: this script edits its files.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { chromium } from "playwright-core";

const [BIN, SITE, ARTIFACTS, COUNTS] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SHOTS = path.join(ARTIFACTS, "screenshots");
const WAIT = 15_000;
fs.mkdirSync(SHOTS, { recursive: true });

let passed = 0;
let failed = 0;
function record(label, ok, details = "") {
  if (ok) passed++;
  else {
    failed++;
    console.log(`FAIL [serve] ${label}${details ? `: ${details}` : ""}`);
  }
}
async function check(label, fn) {
  try {
    const details = await fn();
    record(label, details === undefined || details === true, details === false ? "" : details);
  } catch (e) {
    record(label, false, String(e && e.message ? e.message : e).split("\n")[0]);
  }
}

function startServer() {
  const tmp = path.join(SITE, "..", "serve-tmp");
  fs.mkdirSync(tmp, { recursive: true });
  const child = spawn(BIN, ["serve", "-s", SITE, "--port", "0"], {
    env: { ...process.env, TMPDIR: tmp },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Ready once it listens and its first render has written the site (the edits below
  // must come after that render, not race it).
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("serve did not start")), 60_000);
    let url = null;
    let written = false;
    const ready = () => {
      if (url && written) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    };
    readline.createInterface({ input: child.stderr }).on("line", (line) => {
      if (line.startsWith("wrote the site: ")) {
        written = true;
        ready();
      }
    });
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      const m = line.match(/http:\/\/[\d.]+:\d+\//);
      if (m && !url) {
        url = m[0];
        ready();
      }
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}`)));
  });
}

const postFile = path.join(SITE, "content/posts/bulletin-0-2-0-released.md");
const original = fs.readFileSync(postFile, "utf8");
const styleFile = path.join(SITE, "static/style.css");
const originalCss = fs.readFileSync(styleFile, "utf8");

const { child, url } = await startServer();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

  // The post's page, found from the blog listing.
  await page.goto(url + "blog/");
  const href = await page.getAttribute('a[href*="bulletin-0-2-0-released"]', "href");
  await page.goto(new URL(href, url).href);
  await page.waitForFunction(() => document.querySelector('script[src*="__bulletin/live.js"]'));

  await check("an edit reloads the page with the new text", async () => {
    await page.evaluate(() => (window.__bulletinTest = "before"));
    fs.writeFileSync(postFile, original + "\n\nA paragraph written while previewing.\n");
    await page.waitForFunction(
      () => document.body !== null && document.body.innerText.includes("A paragraph written while previewing."),
      null,
      { timeout: WAIT },
    );
    const kept = await page.evaluate(() => window.__bulletinTest);
    return kept === undefined ? true : "the page was patched, not reloaded";
  });

  await check("a CSS change swaps the stylesheet without a reload", async () => {
    await page.evaluate(() => (window.__bulletinTest = "kept"));
    fs.writeFileSync(styleFile, originalCss + "\nbody { outline: 3px solid rgb(1, 2, 3); }\n");
    await page.waitForFunction(
      () => getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)",
      null,
      { timeout: WAIT },
    );
    const kept = await page.evaluate(() => window.__bulletinTest);
    fs.writeFileSync(styleFile, originalCss);
    await page.waitForFunction(
      () => getComputedStyle(document.body).outlineColor !== "rgb(1, 2, 3)",
      null,
      { timeout: WAIT },
    );
    return kept === "kept" ? true : "the page reloaded";
  });

  await check("a broken post shows the overlay, naming file and line", async () => {
    fs.writeFileSync(postFile, original.replace(/^(publishDate|date): .*$/m, "$1: 'soon'"));
    await page.waitForSelector("#bulletin-overlay", { state: "visible", timeout: WAIT });
    const text = await page.textContent("#bulletin-overlay");
    return /content\/posts\/bulletin-0-2-0-released\.md:\d+:\d+: error/.test(text)
      ? true
      : `overlay says: ${text.slice(0, 200)}`;
  });
  await page.screenshot({ path: path.join(SHOTS, "serve-overlay-1280-light.png") });

  for (const [name, options] of [
    ["390-dark", { viewport: { width: 390, height: 844 }, isMobile: true, colorScheme: "dark" }],
    ["1280-dark", { viewport: { width: 1280, height: 900 }, colorScheme: "dark" }],
  ]) {
    const ctx = await browser.newContext(options);
    const p = await ctx.newPage();
    await p.goto(page.url());
    await check(`overlay at ${name}: visible, nothing wider than the screen`, async () => {
      await p.waitForSelector("#bulletin-overlay", { state: "visible", timeout: WAIT });
      const overflow = await p.evaluate(
        () => document.querySelector("#bulletin-overlay .bo-box").scrollWidth > window.innerWidth,
      );
      return overflow ? "the overlay overflows" : true;
    });
    await p.screenshot({ path: path.join(SHOTS, `serve-overlay-${name}.png`) });
    await ctx.close();
  }

  await check("the overlay can be dismissed", async () => {
    await page.click("#bulletin-overlay button");
    return (await page.$("#bulletin-overlay")) === null ? true : "still there";
  });

  await check("a fix clears the overlay", async () => {
    fs.writeFileSync(postFile, original + "\n\nFixed while previewing.\n");
    await page.waitForFunction(
      // While the page reloads there is no body yet.
      () =>
        document.body !== null &&
        document.body.innerText.includes("Fixed while previewing.") &&
        !document.getElementById("bulletin-overlay"),
      null,
      { timeout: WAIT },
    );
  });

  await check("no script errors on served pages", async () =>
    errors.length === 0 ? true : errors.join(" | "),
  );
} finally {
  fs.writeFileSync(postFile, original);
  fs.writeFileSync(styleFile, originalCss);
  await browser.close();
  child.kill("SIGINT");
}
console.log(`serve: ${passed} passed, ${failed} failed`);
fs.writeFileSync(COUNTS, JSON.stringify({ passed, failed }));
