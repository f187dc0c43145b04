// A tiny static file server for the browser tests, serving built Bulletin sites on
// 127.0.0.1 the way a static host would:
//   /x/            -> x/index.html
//   /x             -> 301 to /x/ when x is a folder
//   /feeds/posts/default (a file without an extension) -> served as XML
//   a missing path -> the site's 404.html with status 404
//
// Usage: node server.mjs --port-file FILE NAME=DIR[:PREFIX] ...
// Each site gets its own port (chosen by the OS); when all listen, FILE receives
// {"NAME": PORT, ...}. PREFIX (default "/") is the path the site is served under,
// e.g. /preview/: paths outside it are 404s.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".pdf": "application/pdf",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
};

function contentType(file) {
  const ext = path.extname(file).toLowerCase();
  if (TYPES[ext]) return TYPES[ext];
  if (!ext) return "application/xml; charset=utf-8"; // feeds/posts/default and the like
  return "application/octet-stream";
}

function statOrNull(p) {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

export function createSiteServer(root, prefix = "/") {
  root = path.resolve(root);
  if (!prefix.endsWith("/")) prefix += "/";

  function send(req, res, status, file, headers = {}) {
    const body = fs.readFileSync(file);
    res.writeHead(status, {
      "Content-Type": contentType(file),
      "Content-Length": body.length,
      "Cache-Control": "no-store",
      ...headers,
    });
    res.end(req.method === "HEAD" ? undefined : body);
  }

  function notFound(req, res) {
    const page = path.join(root, "404.html");
    if (statOrNull(page)?.isFile()) return send(req, res, 404, page);
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
    res.end(req.method === "HEAD" ? undefined : "404 Not Found\n");
  }

  return http.createServer((req, res) => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { Allow: "GET, HEAD" });
        return res.end();
      }
      const url = new URL(req.url, "http://127.0.0.1");
      let pathname;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        return notFound(req, res);
      }
      if (pathname.includes("\0")) return notFound(req, res);
      // The folder itself without its slash: /preview -> /preview/
      if (pathname + "/" === prefix) {
        res.writeHead(301, { Location: prefix + url.search });
        return res.end();
      }
      if (!pathname.startsWith(prefix)) return notFound(req, res);
      const rel = pathname.slice(prefix.length);
      const file = path.resolve(root, "." + path.posix.sep + rel);
      if (file !== root && !file.startsWith(root + path.sep)) return notFound(req, res);
      const st = statOrNull(file);
      if (!st) return notFound(req, res);
      if (st.isDirectory()) {
        if (!pathname.endsWith("/")) {
          res.writeHead(301, { Location: url.pathname + "/" + url.search });
          return res.end();
        }
        const index = path.join(file, "index.html");
        if (statOrNull(index)?.isFile()) return send(req, res, 200, index);
        return notFound(req, res);
      }
      if (!st.isFile() || pathname.endsWith("/")) return notFound(req, res);
      return send(req, res, 200, file);
    } catch (err) {
      res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(String(err && err.stack || err));
    }
  });
}

async function main(argv) {
  let portFile = null;
  const sites = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--port-file") portFile = argv[++i];
    else {
      const m = /^([\w-]+)=(.+?)(?::(\/.*))?$/.exec(argv[i]);
      if (!m) throw new Error(`bad argument ${argv[i]} (want NAME=DIR[:PREFIX])`);
      sites.push({ name: m[1], root: m[2], prefix: m[3] || "/" });
    }
  }
  if (!sites.length) throw new Error("usage: node server.mjs --port-file FILE NAME=DIR[:PREFIX] ...");
  const ports = {};
  for (const site of sites) {
    const server = createSiteServer(site.root, site.prefix);
    await new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    ports[site.name] = server.address().port;
  }
  const json = JSON.stringify(ports);
  if (portFile) {
    fs.writeFileSync(portFile + ".tmp", json);
    fs.renameSync(portFile + ".tmp", portFile);
  } else {
    console.log(json);
  }
  const stop = () => process.exit(0);
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(`server: ${err.message}`);
    process.exit(1);
  });
}
