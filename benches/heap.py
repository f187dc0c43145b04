#!/usr/bin/env python3
"""Where a build's live heap goes: sums a valgrind massif snapshot by Bulletin's code.

Usage: benches/heap.py MASSIF_OUT [SNAPSHOT|peak] [ROWS]

Make MASSIF_OUT with a binary that uses the system allocator (massif sees only malloc:
comment out `#[global_allocator]` in src/main.rs) and has line tables:

    CARGO_PROFILE_RELEASE_DEBUG=1 cargo build --release
    valgrind --tool=massif --threshold=0.2 --massif-out-file=heap.out \\
        target/release/bulletin build --source SITE --output /dev/shm/out

(about six minutes for 100,000 posts). Printed: the heap size of every snapshot, then,
for the chosen detailed snapshot (the peak unless named), its bytes grouped by the
first frame above each allocation that is in one of Bulletin's source files, largest
first. Frames of other crates and of the standard library are skipped, so a string
made by `to_string` in `site.rs` counts against `site.rs`.
"""
import collections
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OURS = {f for _, _, files in os.walk(os.path.join(HERE, "..", "src")) for f in files}
# Names Bulletin shares with its dependencies: counted only in a frame naming bulletin.
SHARED = {"mod.rs", "job.rs", "registry.rs", "main.rs", "lib.rs"}
FRAME = re.compile(r"^( *)n(\d+): (\d+) (.*)$")
FILE = re.compile(r"\(([^()/]*\.rs):\d+\)")


def snapshots(lines):
    """(number, heap bytes, tree kind, tree lines) of every snapshot."""
    out, i = [], 0
    while i < len(lines):
        if not lines[i].startswith("snapshot="):
            i += 1
            continue
        number = int(lines[i].split("=")[1])
        heap = int(lines[i + 3].split("=")[1])
        kind = lines[i + 6].split("=")[1]
        j = i + 7
        while j < len(lines) and not lines[j].startswith(("#-----", "snapshot=")):
            j += 1
        out.append((number, heap, kind, lines[i + 7 : j]))
        i = j
    return out


def ours(frame):
    m = FILE.search(frame)
    return m and m.group(1) in OURS and (m.group(1) not in SHARED or "bulletin" in frame)


def by_place(tree):
    """Bytes of the tree's leaves, by the first of Bulletin's frames above each."""
    stack, totals = [], collections.Counter()
    for line in tree:
        m = FRAME.match(line)
        if not m:
            continue
        depth, children, size, what = len(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4)
        stack = stack[:depth] + [what]
        if children == 0:
            place = next((f for f in stack[1:] if ours(f)), what)
            place = place.split(": ", 1)[-1]
            totals[place[:150]] += size
    return totals


def main():
    path = sys.argv[1]
    want = sys.argv[2] if len(sys.argv) > 2 else "peak"
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    snaps = snapshots(open(path).read().split("\n"))
    print("heap, MB, by snapshot:", " ".join(str(s[1] // 10**6) for s in snaps))
    chosen = [s for s in snaps if (s[2] == "peak" if want == "peak" else str(s[0]) == want)]
    if not chosen or not chosen[0][3]:
        sys.exit(f"no detailed snapshot {want}; detailed: "
                 + " ".join(str(s[0]) for s in snaps if s[3]))
    number, heap, _, tree = chosen[0]
    print(f"snapshot {number}: {heap / 1e6:.1f} MB")
    for place, size in by_place(tree).most_common(rows):
        print(f"{size / 1e6:8.2f} MB  {place}")


if __name__ == "__main__":
    main()
