#!/usr/bin/env python3
"""Generate one worst-case site for `benches/worst.sh`: a small site whose one post (or
whose many small posts) push one dimension of the input to its extreme.

Usage:  benches/gen_worst.py CASE N OUTDIR

CASE is one of the names in CASES below; N is the size knob (what it counts is said
beside each case). OUTDIR is replaced. Social cards are off: each site has one or a few
posts, and drawing them would only add a constant.
"""

import os
import shutil
import sys

WORDS = ("release python candidate feature module bug fix security update version "
         "install download changelog thanks contributor test build docs").split()


def prose(n_bytes: int, seed: int = 0) -> str:
    """Paragraphs of words, about n_bytes long, without headings."""
    out = []
    size = 0
    i = seed
    para = []
    while size < n_bytes:
        w = WORDS[(i * 7 + i // 3) % len(WORDS)]
        para.append(w)
        size += len(w) + 1
        i += 1
        if len(para) % 12 == 0:
            para[-1] += "\n"  # a soft line break every dozen words
        if len(para) >= 120:
            out.append(" ".join(para).replace("\n ", "\n"))
            para = []
    if para:
        out.append(" ".join(para))
    return "\n\n".join(out) + "\n"


def front(title="Worst case", tags=(), authors=(), description=None, legacy=(),
          date="2024-05-01", slug=None) -> str:
    def q(s: str) -> str:
        return "'" + s.replace("'", "''") + "'"

    lines = ["---", f"title: {q(title)}", f"publishDate: '{date}'"]
    if authors:
        lines.append("authors: [" + ", ".join(q(a) for a in authors) + "]")
    else:
        lines.append("author: Worst Case")
    if description is not None:
        lines.append(f"description: {q(description)}")
    if tags:
        lines.append("tags: [" + ", ".join(q(t) for t in tags) + "]")
    if legacy:
        lines.append("legacyUrl: [" + ", ".join(q(u) for u in legacy) + "]")
    if slug:
        lines.append(f"slug: {slug}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def one_post(body: str, **fm) -> dict:
    return {"content/posts/worst.md": front(**fm) + body}


# Each case: (what N counts, function N -> {path: text}).
CASES = {
    # N headings `## a`, all with the same text: ids a, a-1, a-2, …
    "headings": ("identical headings", lambda n: one_post("## a\n\n" * n)),
    # N links that become badges, to N different GitHub issues and PEPs.
    "badges": ("badge links", lambda n: one_post("".join(
        f"See <https://github.com/python/cpython/issues/{i}> and "
        f"[PEP {i % 9000 + 1}](https://peps.python.org/pep-{i % 9000 + 1:04}/).\n\n"
        for i in range(n)))),
    # One post with N tags: N tag pages, each listing the post's card.
    "tags": ("tags on one post", lambda n: one_post(
        "A post with many tags.\n", tags=[f"tag-{i}" for i in range(n)])),
    # One post with N authors: N author pages, each listing the post's card.
    "authors": ("authors of one post", lambda n: one_post(
        "A post with many authors.\n", authors=[f"Author {i}" for i in range(n)])),
    # One post of N MB of prose, no headings, one long first paragraph.
    "huge": ("MB of prose", lambda n: one_post(
        ("word " * 200_000).strip() + "\n\n" + prose(n * 1_000_000))),
    # One post of N MB of one-word lines: the most Markdown events per byte of prose.
    "lines": ("MB of one-word lines", lambda n: one_post("word\n" * (n * 200_000))),
    # N fenced code blocks.
    "code": ("code blocks", lambda n: one_post("".join(
        f"Step {i}:\n\n```python\nprint({i})\n```\n\n" for i in range(n)))),
    # One heading made of N empty links, as migrated posts have one.
    "heading-links": ("empty links in one heading", lambda n: one_post(
        "## " + "[](https://example.org/#x)" * n + "Title\n\nText.\n")),
    # A title of N KB on a post with N tags: the title is on every tag page.
    "title-tags": ("KB of title and tags", lambda n: one_post(
        "Text.\n", title=("long title " * (n * 100)).strip(),
        tags=[f"t{i}" for i in range(n)])),
    # A description of N KB on a post with N tags.
    "description-tags": ("KB of description and tags", lambda n: one_post(
        "Text.\n", description=("long description " * (n * 60)).strip(),
        tags=[f"t{i}" for i in range(n)])),
    # A title of N KB on a post with N legacy URLs: a redirect page each.
    "title-redirects": ("KB of title and legacy URLs", lambda n: one_post(
        "Text.\n", title=("long title " * (n * 100)).strip(),
        legacy=[f"/old/{i}.html" for i in range(n)])),
    # N tags that differ only in characters a URL cannot hold: one page segment each.
    "tag-clash": ("tags with one URL segment", lambda n: one_post(
        "Clashing tags.\n", tags=["c" + clash(i) for i in range(n)])),
    # N posts, each in a year of its own (2024 back to 2025 - N): N year pages, each
    # with the navigation of years, and N / 20 pages of /blog/ with it too.
    "years": ("posts in distinct years", lambda n: {
        f"content/posts/p{i}.md": front(title=f"Post {i}", date=f"{2024 - i:04}-01-01")
        + "Text.\n" for i in range(n)}),
    # One legacy URL of N thousand segments (refused: longer than a path may be).
    "deep-legacy": ("thousand segments of one legacy URL", lambda n: one_post(
        "Text.\n", legacy=["/" + "a/" * (n * 1000) + "x.html"])),
}


def clash(i: int) -> str:
    """A distinct run of characters that a tag's URL segment turns into `-`."""
    chars = "?#%<>|*:&+[]{}^`"
    s = ""
    i += 1
    while i:
        s += chars[i % len(chars)]
        i //= len(chars)
    return s


def main() -> int:
    if len(sys.argv) != 4 or sys.argv[1] not in CASES:
        print(__doc__, file=sys.stderr)
        print("cases: " + ", ".join(CASES), file=sys.stderr)
        return 2
    case, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "content", "posts"))
    with open(os.path.join(out, "bulletin.yaml"), "w", encoding="utf-8") as f:
        f.write("title: Worst cases\nbase_url: https://worst.example.org/\n"
                "social_cards: false\n")
    total = 0
    for rel, text in CASES[case][1](n).items():
        path = os.path.join(out, rel)
        data = text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        total += len(data)
    print(total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
