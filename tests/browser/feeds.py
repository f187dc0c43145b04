"""Feed checks with feedparser: rss.xml, atom.xml and feeds/posts/default of each site,
fetched over HTTP from the test server (so the content type is checked too).

Usage: python feeds.py COUNTS.json NAME BASE_URL EXPECTED [NAME BASE_URL EXPECTED ...]
EXPECTED is the exact number of entries each feed must have, or 0 for "at least one".
Prints each failure and a summary; writes {"passed": N, "failed": M} to COUNTS.json.
"""

import json
import sys
import urllib.request

import feedparser

FEEDS = ["rss.xml", "atom.xml", "feeds/posts/default"]

results = []  # (ok, label, details)


def check(ok, label, details=""):
    results.append((bool(ok), label, details))


def entry_name(i, e):
    return f"#{i + 1} {e.get('title') or e.get('link') or '?'}"[:90]


def listing(bad, limit=5):
    more = f"; … {len(bad) - limit} more" if len(bad) > limit else ""
    return "; ".join(bad[:limit]) + more


def check_feed(site, base, path, expected):
    url = base + path
    label = f"{site} /{path}"
    try:
        with urllib.request.urlopen(url, timeout=30) as res:
            body = res.read()
            headers = {k.lower(): v for k, v in res.headers.items()}
            status = res.status
    except Exception as err:  # noqa: BLE001 - any failure to fetch is a failed check
        check(False, f"{label}: fetched", f"{url}: {err}")
        return
    check(status == 200, f"{label}: fetched", f"HTTP {status}, {headers.get('content-type', 'no content type')}")
    feed = feedparser.parse(body, response_headers=headers)
    check(
        not feed.bozo,
        f"{label}: well-formed (bozo false)",
        f"{type(feed.get('bozo_exception')).__name__}: {feed.get('bozo_exception')}" if feed.bozo else "",
    )
    entries = feed.entries
    if expected:
        check(len(entries) == expected, f"{label}: exactly {expected} entries", f"{len(entries)} entries")
    else:
        check(len(entries) >= 1, f"{label}: at least one entry", f"{len(entries)} entries")
    if not entries:
        return
    bad_links = [f"{entry_name(i, e)}: {e.get('link')!r}" for i, e in enumerate(entries) if not str(e.get("link") or "").startswith(base)]
    check(not bad_links, f"{label}: every entry links under {base}", listing(bad_links))
    bad_titles = [f"#{i + 1} {e.get('link')}" for i, e in enumerate(entries) if not str(e.get("title") or "").strip()]
    check(not bad_titles, f"{label}: every entry has a title", listing(bad_titles))
    bad_dates = [entry_name(i, e) for i, e in enumerate(entries) if not e.get("published_parsed")]
    check(not bad_dates, f"{label}: every entry has a published date", listing(bad_dates))
    bad_content = [
        entry_name(i, e)
        for i, e in enumerate(entries)
        if not any(str(c.get("value") or "").strip() for c in e.get("content") or [])
    ]
    check(not bad_content, f"{label}: every entry has content", listing(bad_content))


def main(argv):
    if len(argv) < 4 or (len(argv) - 1) % 3:
        print(__doc__, file=sys.stderr)
        return 2
    counts = argv[0]
    sites = [(argv[i], argv[i + 1], int(argv[i + 2])) for i in range(1, len(argv), 3)]
    for site, base, expected in sites:
        for path in FEEDS:
            check_feed(site, base, path, expected)
    for ok, label, details in results:
        if not ok:
            print(f"FAIL [feeds] {label}" + (f"\n      {details}" if details else ""))
    for site, _, _ in sites:
        mine = [r for r in results if r[1].startswith(site + " ")]
        good = sum(1 for r in mine if r[0])
        print(f"  feeds         {site}: {good}/{len(mine)} ok")
    passed = sum(1 for r in results if r[0])
    with open(counts, "w", encoding="utf-8") as f:
        json.dump({"passed": passed, "failed": len(results) - passed}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
