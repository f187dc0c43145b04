#!/usr/bin/env python3
"""Benchmark `bulletin serve`: from saving a post to the new page being served.

Usage (from the repo root, after `cargo build --release`):
    benches/serve.py SITE [--runs N] [--bin PATH]

SITE is copied to a scratch folder on /dev/shm first (it is edited). The script starts
`bulletin serve --port 0`, listens to its live-reload events like a browser does, and
for each run:
  1. rewrites one post (in place, as most editors save),
  2. waits for the `reload` event, then fetches the post's page, as a reloading page
     would, and checks that it holds the new text.
The time is from just before the write to the page received. Three kinds of edit are
measured: a paragraph (the usual keystroke-and-save), the title (listings change too),
and the date (the post moves: the model is rebuilt). It also reports the start-up: from
the launch to the server listening, to the front page and a post's page served (the
server listens while its first render writes the site, and writes first what is asked
for), and to the whole site written; then the server's memory (VmRSS after the runs,
VmHWM = peak) and the size of its private output folder.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--bin", default="target/release/bulletin")
    return ap.parse_args()


class Events:
    """Reads the server-sent event stream; records when each `reload` arrives."""

    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        self.sock.sendall(
            b"GET /__bulletin/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
        )
        self.reloads = []
        self.cond = threading.Condition()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        buf = b""
        while True:
            data = self.sock.recv(65536)
            if not data:
                return
            buf += data
            while b"\n\n" in buf:
                block, buf = buf.split(b"\n\n", 1)
                if b"event: reload" in block or b"event: css" in block:
                    with self.cond:
                        self.reloads.append(time.perf_counter())
                        self.cond.notify_all()

    def wait_after(self, t0, timeout=10.0):
        end = time.perf_counter() + timeout
        with self.cond:
            while not any(t >= t0 for t in self.reloads):
                left = end - time.perf_counter()
                if left <= 0:
                    raise TimeoutError("no reload event")
                self.cond.wait(left)
            return min(t for t in self.reloads if t >= t0)


def fetch(host, port, path):
    c = http.client.HTTPConnection(host, port, timeout=10)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read().decode("utf-8", "replace")
    c.close()
    return r.status, body


def rss_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def du_bytes(root):
    total = 0
    for dirpath, _, files in os.walk(root):
        for name in files:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:
                pass
    return total


def main():
    args = parse_args()
    scratch = tempfile.mkdtemp(prefix="bulletin-serve-bench-", dir="/dev/shm")
    site = os.path.join(scratch, "site")
    shutil.copytree(args.site, site)
    tmpdir = os.path.join(scratch, "tmp")
    os.mkdir(tmpdir)
    posts = sorted(os.listdir(os.path.join(site, "content", "posts")))
    slug = posts[len(posts) // 2]
    post = os.path.join(site, "content", "posts", slug, "index.md")
    original = open(post, encoding="utf-8").read()
    date = re.search(r"^publishDate: '?(\d{4})-(\d{2})", original, re.M)
    page = f"/{date.group(1)}/{date.group(2)}/{slug}/"

    env = dict(os.environ, TMPDIR=tmpdir)
    t_start = time.perf_counter()
    proc = subprocess.Popen(
        [args.bin, "serve", "-s", site, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    written = threading.Event()
    written_at = []

    def read_stderr():
        for line in proc.stderr:
            # (Before the server listened first, its first line was `updated N files`.)
            first = line.startswith("wrote the site: ") or line.startswith("updated ")
            if first and not written_at:
                written_at.append(time.perf_counter())
                written.set()

    threading.Thread(target=read_stderr, daemon=True).start()
    try:
        line = proc.stdout.readline()
        listening = time.perf_counter() - t_start
        m = re.search(r"http://([\d.]+):(\d+)/", line)
        if not m:
            sys.exit(f"serve did not start: {line!r}")
        host, port = m.group(1), int(m.group(2))
        status, _ = fetch(host, port, "/")
        front = time.perf_counter() - t_start
        if status != 200:
            sys.exit(f"/: status {status}")
        status, body = fetch(host, port, page)
        post_page = time.perf_counter() - t_start
        if status != 200:
            sys.exit(f"{page}: status {status}")
        if not written.wait(120):
            sys.exit("the first render never ended")
        whole = written_at[0] - t_start
        events = Events(host, port)
        # The watcher starts once the site is written (a fifth of a second at 10,000
        # folders): edits are measured from a second after that.
        time.sleep(1.0)

        def edit(kind, k):
            if kind == "paragraph":
                text = original + f"\n\nEdited paragraph, run {k}, marker-{k}-{kind}.\n"
                marker = f"marker-{k}-{kind}"
            elif kind == "title":
                marker = f"Retitled {k} {kind}"
                text = re.sub(r"^title: .*$", f"title: '{marker}'", original, count=1, flags=re.M)
            else:  # date: moves the post among the others
                day = 1 + k % 27
                text = re.sub(
                    r"^publishDate: '?(\d{4}-\d{2})-\d{2}'?$",
                    lambda m: f"publishDate: '{m.group(1)}-{day:02d}'",
                    original,
                    count=1,
                    flags=re.M,
                )
                text += f"\n\nmarker-{k}-{kind}\n"
                marker = f"marker-{k}-{kind}"
            t0 = time.perf_counter()
            with open(post, "w", encoding="utf-8") as f:
                f.write(text)
            events.wait_after(t0)
            status, body = fetch(host, port, page)
            t1 = time.perf_counter()
            if marker not in body:
                # Not there yet: poll (counts against the time).
                for _ in range(2000):
                    status, body = fetch(host, port, page)
                    if marker in body:
                        break
                    time.sleep(0.001)
                t1 = time.perf_counter()
                if marker not in body:
                    raise RuntimeError(f"{kind}: new text never served")
            time.sleep(0.15)
            return (t1 - t0) * 1000

        results = {}
        for kind in ["paragraph", "title", "date"]:
            times = [edit(kind, k) for k in range(args.runs)]
            results[kind] = times
        with open(post, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(0.3)
        rss = rss_kib(proc.pid, "VmRSS")
        hwm = rss_kib(proc.pid, "VmHWM")
        out = du_bytes(tmpdir)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"site: {args.site} ({len(posts)} posts), edited {page}")
    print(
        f"start-up: listening {listening * 1000:.0f} ms, front page served {front * 1000:.0f} ms, "
        f"then a post's page {post_page * 1000:.0f} ms; whole site written {whole * 1000:.0f} ms"
    )
    for kind, times in results.items():
        q = statistics.quantiles(times, n=10)
        print(
            f"save -> served, {kind} edit: median {statistics.median(times):.1f} ms, "
            f"p10 {q[0]:.1f}, p90 {q[-1]:.1f}, min {min(times):.1f}, max {max(times):.1f} "
            f"({len(times)} runs)"
        )
    print(f"memory: VmRSS {rss / 1024:.0f} MiB after the runs, VmHWM (peak) {hwm / 1024:.0f} MiB")
    print(f"private output folder: {out / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
