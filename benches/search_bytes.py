#!/usr/bin/env python3
"""What a one-word search downloads before its first results, on a built site.

Usage: benches/search_bytes.py OUT WORD [WORD ...]

OUT is the output folder of `bulletin build`. For each WORD (lowercase ASCII letters,
digits and `-`: the normalized form the script searches for) it loads the files
`static/site.js` loads: the manifest, the shard of the word's first three characters,
and the files of results holding the ten best posts (ranked as the script ranks one
word: score, a whole-word match above a prefix match, newest first on ties). It prints
the posts found, the files and their gzipped sizes (what a host serving gzip sends),
and the total. The same loading is asserted on the corpus by tests/search/mod.rs; the
browser test counts the bytes a real page loads.
"""
import gzip
import json
import os
import sys


def shard_of(key, shards):
    # FNV-1a over code points, as src/search/text.rs and static/site.js compute it.
    h = 0x811C9DC5
    for c in key:
        h = ((h ^ ord(c)) * 0x01000193) & 0xFFFFFFFF
    return h % max(shards, 1)


def main():
    out, words = sys.argv[1], sys.argv[2:]
    if not words:
        sys.exit(__doc__)

    def read(rel):
        with open(os.path.join(out, "search", rel), "rb") as f:
            return f.read()

    manifest_bytes = read("index.json")
    manifest = json.loads(manifest_bytes)
    group = manifest["group"]
    for word in words:
        loaded = [("index.json", manifest_bytes)]
        n = shard_of(word[: manifest["key"]], manifest["shards"])
        shard_bytes = read(f"t/{n}.json")
        loaded.append((f"t/{n}.json", shard_bytes))
        shard = json.loads(shard_bytes)
        weights = {}
        for i, term in enumerate(shard["terms"]):
            if term == word:
                w = 1.0
            elif len(word) >= 3 and term.startswith(word):
                w = 0.5
            else:
                continue
            g = shard["groups"][i]
            weights[g] = max(weights.get(g, 0.0), w)
        scores = {}
        for g, w in weights.items():
            post = 0
            for delta, score in zip(shard["docs"][g], shard["scores"][g]):
                post += delta
                scores[post] = max(scores.get(post, 0.0), score * w)
        best = sorted(scores, key=lambda p: (-scores[p], -p))[:10]
        for f in sorted({p // group for p in best}):
            loaded.append((f"d/{f}.json", read(f"d/{f}.json")))
        sizes = [(name, len(gzip.compress(b, 6))) for name, b in loaded]
        total = sum(s for _, s in sizes)
        files = ", ".join(f"{name} {s}" for name, s in sizes)
        print(f"{word}: {len(scores)} posts; {total} bytes gzipped in {len(sizes)} files ({files})")


if __name__ == "__main__":
    main()
