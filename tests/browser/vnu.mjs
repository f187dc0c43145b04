// HTML validation of built sites with the Nu HTML checker (vnu-jar, errors only).
//
// Usage: node vnu.mjs COUNTS.json NAME DIR all|theme [NAME DIR all|theme ...]
//   all    every .html file of the site
//   theme  only the pages the theme makes on its own: home, /blog/ pages (and years),
//          tags, authors, search and 404 — not posts, whose bodies are migrated content
// One check per file; prints each error (file, line, message) and writes
// {"passed": N, "failed": M} to COUNTS.json.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const JAR = path.join(HERE, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");

function htmlFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(p));
    else if (entry.isFile() && entry.name.endsWith(".html")) out.push(p);
  }
  return out;
}

function themePages(dir) {
  const out = [];
  for (const f of ["index.html", "404.html", path.join("search", "index.html")]) {
    if (fs.existsSync(path.join(dir, f))) out.push(path.join(dir, f));
  }
  for (const sub of ["blog", "tags", "authors"]) {
    if (fs.existsSync(path.join(dir, sub))) out.push(...htmlFiles(path.join(dir, sub)));
  }
  return out;
}

const [countsFile, ...rest] = process.argv.slice(2);
const sites = [];
for (let i = 0; i + 2 < rest.length; i += 3) {
  sites.push({ name: rest[i], dir: path.resolve(rest[i + 1]), mode: rest[i + 2] });
}
if (!countsFile || !sites.length || rest.length % 3 !== 0) {
  console.error("usage: node vnu.mjs COUNTS.json NAME DIR all|theme ...");
  process.exit(2);
}

const files = [];
const owner = new Map();
for (const site of sites) {
  const list = (site.mode === "all" ? htmlFiles(site.dir) : themePages(site.dir)).sort();
  site.count = list.length;
  for (const f of list) {
    files.push(f);
    owner.set(f, site);
  }
}

const started = Date.now();
const run = spawnSync("java", ["-Xss4m", "-jar", JAR, "--errors-only", "--format", "json", ...files], {
  encoding: "utf8",
  maxBuffer: 256 * 1024 * 1024,
});
let messages;
try {
  // vnu writes its JSON report to stderr (stdout with --stdout).
  messages = JSON.parse(run.stderr || run.stdout).messages;
} catch {
  console.log(`FAIL [html] the Nu checker gave no JSON report (exit ${run.status}): ${(run.stderr || run.stdout || String(run.error)).slice(0, 500)}`);
  fs.writeFileSync(countsFile, JSON.stringify({ passed: 0, failed: 1 }));
  process.exit(0);
}

const byFile = new Map(files.map((f) => [f, []]));
const stray = [];
for (const m of messages) {
  if (m.type !== "error" && m.type !== "non-document-error") continue; // warnings are fine
  let file = null;
  try {
    file = fileURLToPath(m.url);
  } catch {}
  if (file && byFile.has(file)) byFile.get(file).push(m);
  else stray.push(m);
}

let passed = 0;
let failed = 0;
for (const site of sites) {
  // One check per file; errors are printed grouped by message, so one template bug
  // shows once with the files it affects.
  const mine = files.filter((x) => owner.get(x) === site);
  const groups = new Map();
  let siteFailed = 0;
  for (const f of mine) {
    const errs = byFile.get(f);
    if (!errs.length) {
      passed++;
      continue;
    }
    failed++;
    siteFailed++;
    const rel = path.relative(site.dir, f);
    for (const e of errs) {
      const key = e.message;
      if (!groups.has(key)) groups.set(key, { sample: e, where: [] });
      groups.get(key).where.push(`${rel}:${e.firstLine || e.lastLine || "?"}`);
    }
  }
  for (const [message, g] of groups) {
    const extract = g.sample.extract ? `\n      near: ${JSON.stringify(g.sample.extract.replace(/\s+/g, " ").trim().slice(0, 140))}` : "";
    const shown = g.where.slice(0, 6).join(", ") + (g.where.length > 6 ? `, … ${g.where.length - 6} more` : "");
    console.log(`FAIL [html] ${site.name}: ${message}\n      in ${g.where.length} place(s): ${shown}${extract}`);
  }
  console.log(`  html          ${site.name}: ${site.count - siteFailed}/${site.count} files valid (${site.mode === "all" ? "every .html file" : "the theme's own pages"})`);
}
if (stray.length) {
  failed++;
  console.log(`FAIL [html] Nu checker messages about no checked file: ${stray.map((m) => `${m.url || "?"}: ${m.message}`).join("; ").slice(0, 800)}`);
}
console.log(`  (Nu checker took ${((Date.now() - started) / 1000).toFixed(1)} s over ${files.length} files)`);
fs.writeFileSync(countsFile, JSON.stringify({ passed, failed }));
