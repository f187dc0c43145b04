#!/usr/bin/env python3
"""Bulletin beside the floor of a blog build, at several sizes (issue 16).

Usage (from the repo root):
    benches/scale.py [--sizes 1000,10000,100000] [--runs 5] [--disk DIR] [--no-build]

For each size N it generates the synthetic site (benches/gen_site.py, seed 42) under
/dev/shm/bulletin-scale/, then builds it RUNS times with each program, alternating
them round by round (the order flips every round) into emptied folders on tmpfs:

    floor     benches/floor: read, parse the front matter, render the Markdown and
              write one page per post, in parallel; nothing else
    floor+files  the floor, then every other file Bulletin's build wrote (its
              listings, feeds, redirect pages, search files, cards, assets), written
              with as many bytes each, none of them made: what the files Bulletin
              writes beyond the floor's cost by themselves
    bulletin  target/release/bulletin build, the default config: social cards on,
              drawn once into a warm cache before the timed runs, up to 10,000 posts
              (above, off: 100,000 cards drawn cold take minutes of CPU and 2.5 GB)
    hugo      when installed: the same posts (Hugo reads their YAML front matter and
              Markdown as they are, through `contentDir`), with minimal layouts
              written here: a page per post, paginated lists, tag pages, RSS and the
              sitemap, which Hugo makes by default; no redirects, search or cards;
              up to 10,000 posts
    zola      listed as not measured: it needs TOML front matter and its own layout

Printed per size: the median wall time, CPU time (user + system) and peak memory
(max RSS) of each, and Bulletin's ratios to the floor taken round by round.

Then, on a folder on disk (--disk, default target/scale-disk, which must not be
tmpfs for the point of it), with the 10,000-post site (or the largest size below it):
a rebuild with nothing changed (the site left to settle first, so that the build
skips itself), one after a post is touched without changing its bytes (everything
rendered, nothing written), and one after a post is edited, each reporting its time
and how many output files were written (a file counts as written when its inode,
size or modification time changed).

Standard library only; needs cargo for the two builds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path("/dev/shm/bulletin-scale")
SEED = 42


def sh(*args: str, **kw) -> None:
    subprocess.run(args, check=True, **kw)


def site_for(n: int) -> Path:
    site = WORK / f"site-{n}"
    stamp = site / ".generated"
    want = f"{n} {SEED} {(ROOT / 'benches/gen_site.py').stat().st_mtime_ns}"
    if not (stamp.exists() and stamp.read_text() == want):
        print(f"generating {n} posts in {site}", flush=True)
        sh(sys.executable, str(ROOT / "benches/gen_site.py"), "--posts", str(n),
           "--seed", str(SEED), "--force", str(site), stdout=subprocess.DEVNULL)
        stamp.write_text(want)
    # gen_site.py turns social cards off; the default config has them.
    cards = "" if n <= 10_000 else "social_cards: false\n"
    (site / "bulletin.yaml").write_text(
        f"title: Synthetic benchmark\nbase_url: https://bench.example.org/\n{cards}")
    return site


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (bytes) of one run of `cmd`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if status != 0:
        sys.exit(f"{cmd[0]} failed ({status}):\n{err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<title>{{ .Title }} · {{ .Site.Title }}</title></head><body><header>'
    '<a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>'
    '<main>{{ block "main" . }}{{ end }}</main></body></html>\n',
    "single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Params.author }}'
    ' · {{ .Date.Format "January 2, 2006" }}{{ range .Params.tags }} · '
    '<a href="{{ "/tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a>{{ end }}</p>'
    '{{ .Content }}</article>{{ end }}\n',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}'
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Summary }}</p></li>'
    '{{ end }}</ul>{{ end }}\n',
}


def hugo_site(site: Path) -> Path:
    """A Hugo site reading `site`'s posts where they are, with minimal layouts."""
    root = WORK / f"hugo-{site.name}"
    (root / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (root / "config.toml").write_text(
        'baseURL = "https://bench.example.org/"\ntitle = "Synthetic benchmark"\n'
        f'contentDir = "{site / "content"}"\npaginate = 10\n'
        '[markup.goldmark.renderer]\nunsafe = true\n[taxonomies]\ntag = "tags"\n')
    for name, text in HUGO_LAYOUTS.items():
        (root / "layouts" / "_default" / name).write_text(text)
    return root


def commands(n: int, site: Path, out: Path, bulletin: Path, floor: Path) -> dict[str, list[str]]:
    cmds = {
        "floor": [str(floor), str(site), str(out / "floor")],
        "bulletin": [str(bulletin), "build", "-s", str(site), "-o", str(out / "bulletin")],
    }
    # Above 10,000 posts Hugo takes minutes a build: left out.
    if shutil.which("hugo") and n <= 10_000:
        cmds["hugo"] = ["hugo", "--quiet", "-s", str(hugo_site(site)), "-d", str(out / "hugo")]
    return cmds


def compare(n: int, runs: int, bulletin: Path, floor: Path, env: dict[str, str]) -> None:
    site = site_for(n)
    out = WORK / "out"
    cmds = commands(n, site, out, bulletin, floor)
    results: dict[str, list[tuple[float, float, int]]] = {k: [] for k in cmds}
    # One untimed build each: the card cache and the page cache warm.
    for name, cmd in cmds.items():
        shutil.rmtree(out / name, ignore_errors=True)
        run(cmd, env)
    cmds["floor+files"] = cmds["floor"] + [str(other_files(out / "bulletin", WORK / f"files-{n}.txt"))]
    run(cmds["floor+files"], env)
    results["floor+files"] = []
    for i in range(runs):
        order = list(cmds) if i % 2 == 0 else list(cmds)[::-1]
        for name in order:
            shutil.rmtree(out / name, ignore_errors=True)
            results[name].append(run(cmds[name], env))
    shutil.rmtree(out, ignore_errors=True)
    cards = "social cards on, cached" if n <= 10_000 else "social cards off"
    print(f"\n{n:,} posts ({cards}), {runs} alternating runs (medians)")
    print("| program | wall | CPU | peak memory |")
    print("|---|---|---|---|")
    for name, rs in results.items():
        wall = statistics.median(r[0] for r in rs)
        cpu = statistics.median(r[1] for r in rs)
        rss = statistics.median(r[2] for r in rs)
        print(f"| {name} | {wall * 1000:,.0f} ms | {cpu * 1000:,.0f} ms | {rss / 2**20:,.0f} MiB |")
    def ratio(a: str, b: str) -> str:
        pairs = list(zip(results[b], results[a]))
        return (f"{a} / {b}: wall {statistics.median(x[0] / y[0] for y, x in pairs):.2f}×, "
                f"CPU {statistics.median(x[1] / y[1] for y, x in pairs):.2f}×")
    print(ratio("bulletin", "floor"))
    print(ratio("bulletin", "floor+files"))
    print(ratio("floor+files", "floor"))
    if "hugo" in results:
        print(ratio("bulletin", "hugo"))
    else:
        print("hugo: not installed" if not shutil.which("hugo") else "hugo: left out above 10,000 posts")
    print("zola: not measured" if shutil.which("zola") else "zola: not installed")


def other_files(built: Path, into: Path) -> Path:
    """Writes to `into` the size and path of each file of Bulletin's output `built`
    but the posts' pages (its manifest, less the pages `search-index.json` lists); the
    size is `link` for a file with other links (a card linked from the cache)."""
    pages = {urllib.parse.urlparse(e["url"]).path.lstrip("/") + "index.html"
             for e in json.loads((built / "search-index.json").read_text())}
    lines = []
    for line in (built / ".bulletin-output").read_text().splitlines():
        if line.startswith("#"):
            continue
        _, size, path = line.split("\t", 2)
        if path not in pages:
            linked = (built / path).stat().st_nlink > 1
            lines.append(f"{'link' if linked else size}\t{path}\n")
    into.write_text("".join(lines))
    return into


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Each file under `folder`: (inode, size, mtime in ns)."""
    files = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            st = os.stat(os.path.join(dirpath, name))
            files[os.path.relpath(os.path.join(dirpath, name), folder)] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return files


def written(before: dict, after: dict) -> tuple[int, int, int]:
    """Files written (new or changed), unchanged, and removed."""
    new_or_changed = sum(1 for k, v in after.items() if before.get(k) != v)
    return new_or_changed, len(after) - new_or_changed, sum(1 for k in before if k not in after)


def rebuilds(n: int, disk: Path, bulletin: Path, env: dict[str, str]) -> None:
    site = site_for(n)
    disk.mkdir(parents=True, exist_ok=True)
    fs = subprocess.run(["stat", "-f", "-c", "%T", str(disk)], capture_output=True, text=True).stdout.strip()
    copy = disk / f"site-{n}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy)
    out = disk / "public"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [str(bulletin), "build", "-s", str(copy), "-o", str(out)]
    # Files changed within two seconds of a build keep it from leaving the record that
    # lets the next build skip itself (see src/rebuild.rs): the copy has to settle.
    time.sleep(2.5)
    first = run(cmd, env)
    print(f"\nRebuilds of {n:,} posts on {disk} ({fs})")
    print("| build | wall | CPU | files written | unchanged | removed |")
    print("|---|---|---|---|---|---|")
    print(f"| first | {first[0] * 1000:,.0f} ms | {first[1] * 1000:,.0f} ms | all | | |")
    before = snapshot(out)
    again = run(cmd, env)
    after = snapshot(out)
    w, u, r = written(before, after)
    print(f"| nothing changed | {again[0] * 1000:,.0f} ms | {again[1] * 1000:,.0f} ms | {w:,} | {u:,} | {r:,} |")
    post = sorted((copy / "content" / "posts").rglob("*.md"))[n // 2]
    os.utime(post)
    touched = run(cmd, env)
    last = snapshot(out)
    w, u, r = written(after, last)
    print(f"| one post touched, its bytes the same (all rendered) | {touched[0] * 1000:,.0f} ms "
          f"| {touched[1] * 1000:,.0f} ms | {w:,} | {u:,} | {r:,} |")
    after = last
    with open(post, "a", encoding="utf-8") as f:
        f.write("\nOne more sentence, edited.\n")
    edit = run(cmd, env)
    last = snapshot(out)
    w, u, r = written(after, last)
    print(f"| one post edited | {edit[0] * 1000:,.0f} ms | {edit[1] * 1000:,.0f} ms | {w:,} | {u:,} | {r:,} |")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--disk", default=str(ROOT / "target" / "scale-disk"))
    ap.add_argument("--no-build", action="store_true", help="use the binaries already built")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    bulletin = ROOT / "target" / "release" / "bulletin"
    floor = ROOT / "target" / "floor" / "release" / "bulletin-floor"
    if not args.no_build:
        sh("cargo", "build", "--release", "--quiet", cwd=ROOT)
        sh("cargo", "build", "--release", "--quiet", "--manifest-path", "benches/floor/Cargo.toml",
           "--target-dir", "target/floor", cwd=ROOT)
    WORK.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, BULLETIN_CACHE_DIR=str(WORK / "cache"))
    for n in sizes:
        compare(n, args.runs if n <= 10_000 else max(1, args.runs // 3), bulletin, floor, env)
    rebuilds(max([s for s in sizes if s <= 10_000] or [min(sizes)]), Path(args.disk), bulletin, env)


if __name__ == "__main__":
    main()
