#!/usr/bin/env python3
"""Bulletin beside the floor of a blog build, at several sizes (issue 16).

Usage (from the repo root):
    benches/scale.py [--sizes 1000,10000,100000] [--runs 5] [--disk DIR] [--no-build]

For each size N it generates the synthetic site (benches/gen_site.py, seed 42) under
/dev/shm/bulletin-scale/, then builds it RUNS times with each program, alternating
them round by round (the order flips every round) into emptied folders on tmpfs:

    floor     benches/floor: read, parse the front matter, render the Markdown and
              write one page per post, in parallel; nothing else
    bulletin  target/release/bulletin build, the default config: social cards on,
              drawn once into a warm cache before the timed runs, up to 10,000 posts
              (above, off: 100,000 cards drawn cold take minutes of CPU and 2.5 GB)
    zola, hugo  when installed (they need the site in their own format: not
              generated here, so they are listed as skipped)

Printed per size: the median wall time, CPU time (user + system) and peak memory
(max RSS) of each, and Bulletin's ratios to the floor taken round by round.

Then, on a folder on disk (--disk, default target/scale-disk, which must not be
tmpfs for the point of it), with the 10,000-post site (or the largest size below it):
a rebuild with nothing changed, and a rebuild after one post is edited, each
reporting its time and how many output files were written (a file counts as written
when its inode, size or modification time changed).

Standard library only; needs cargo for the two builds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
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


def commands(site: Path, out: Path, bulletin: Path, floor: Path) -> dict[str, list[str]]:
    return {
        "floor": [str(floor), str(site), str(out / "floor")],
        "bulletin": [str(bulletin), "build", "-s", str(site), "-o", str(out / "bulletin")],
    }


def compare(n: int, runs: int, bulletin: Path, floor: Path, env: dict[str, str]) -> None:
    site = site_for(n)
    out = WORK / "out"
    cmds = commands(site, out, bulletin, floor)
    results: dict[str, list[tuple[float, float, int]]] = {k: [] for k in cmds}
    # One untimed build each: the card cache and the page cache warm.
    for name, cmd in cmds.items():
        shutil.rmtree(out / name, ignore_errors=True)
        run(cmd, env)
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
    pairs = list(zip(results["floor"], results["bulletin"]))
    print(f"bulletin / floor: wall {statistics.median(b[0] / f[0] for f, b in pairs):.2f}×, "
          f"CPU {statistics.median(b[1] / f[1] for f, b in pairs):.2f}×")
    for other in ("zola", "hugo"):
        if shutil.which(other):
            print(f"{other}: installed, skipped (the synthetic site is not generated in its format)")
        else:
            print(f"{other}: not installed")


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
