//! Full-text search: the index files a build writes under `search/`, read back the way
//! `static/site.js` reads them (the manifest, the one shard of each query word, the
//! files of the results shown), on small sites and on the real Python Insider corpus.

mod script;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{Site, post, run_in};

/// What a query found: post ids best first, and the files it loaded (path, bytes).
pub(crate) struct Found {
    pub(crate) ids: Vec<u64>,
    pub(crate) loaded: Vec<(String, usize)>,
}

/// The shard of a term: FNV-1a over the code points of its first three characters, as
/// `site.js` computes it (written again here, not taken from Bulletin).
fn shard_of(term: &str, shards: u64) -> u64 {
    let mut h: u32 = 0x811c_9dc5;
    for c in term.chars().take(3) {
        h = (h ^ c as u32).wrapping_mul(0x0100_0193);
    }
    u64::from(h) % shards
}

/// Runs `query` over the index that `read` serves (a path under `search/` → bytes), as
/// the script does: each word's terms in its shard (whole, or begun by it when it has
/// three characters or more), their groups' posts; every word must match; results
/// ranked by score, newest first on ties.
pub(crate) fn query(read: &dyn Fn(&str) -> Vec<u8>, query: &str) -> Found {
    let mut loaded = Vec::new();
    let mut load = |path: &str| -> Value {
        let bytes = read(path);
        loaded.push((path.to_string(), bytes.len()));
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let manifest = load("search/index.json");
    assert_eq!(manifest["version"], 1);
    let shards = manifest["shards"].as_u64().unwrap();
    let stop: Vec<&str> = (manifest["stop"].as_array().unwrap().iter())
        .map(|s| s.as_str().unwrap())
        .collect();
    // Whole words of the query, normalized as Bulletin does (unit-tested against the
    // script's rules).
    let norm = bulletin::search::text::normalize(query);
    let mut words: Vec<&str> = Vec::new();
    bulletin::search::text::for_each_term(&norm, |t, part| {
        if !part && !stop.contains(&t) {
            words.push(t);
        }
    });
    let mut total: Option<BTreeMap<u64, f64>> = None;
    let mut shard_cache: BTreeMap<u64, Value> = BTreeMap::new();
    for word in words {
        let n = shard_of(word, shards);
        let shard = shard_cache
            .entry(n)
            .or_insert_with(|| load(&format!("search/t/{n}.json")));
        let prefix = word.chars().count() >= 3;
        let mut weights: BTreeMap<u64, f64> = BTreeMap::new();
        for (i, t) in shard["terms"].as_array().unwrap().iter().enumerate() {
            let t = t.as_str().unwrap();
            let w = if t == word {
                1.0
            } else if prefix && t.starts_with(word) {
                0.5
            } else {
                continue;
            };
            let g = shard["groups"][i].as_u64().unwrap();
            let e = weights.entry(g).or_default();
            *e = e.max(w);
        }
        let mut scores: BTreeMap<u64, f64> = BTreeMap::new();
        for (g, w) in weights {
            let docs = shard["docs"][g as usize].as_array().unwrap();
            let sc = shard["scores"][g as usize].as_array().unwrap();
            assert_eq!(docs.len(), sc.len());
            let mut id = 0;
            for (d, s) in docs.iter().zip(sc) {
                id += d.as_u64().unwrap();
                let v = s.as_u64().unwrap() as f64 * w;
                let e = scores.entry(id).or_default();
                *e = e.max(v);
            }
        }
        let idf = (1.0 + 1e4 / (1.0 + scores.len() as f64)).ln();
        total = Some(match total {
            None => scores.into_iter().map(|(id, s)| (id, s * idf)).collect(),
            Some(t) => (t.into_iter())
                .filter_map(|(id, s)| scores.get(&id).map(|v| (id, s + v * idf)))
                .collect(),
        });
    }
    let mut ids: Vec<(u64, f64)> = total.unwrap_or_default().into_iter().collect();
    ids.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
    let ids: Vec<u64> = ids.into_iter().map(|(id, _)| id).collect();
    let group = manifest["group"].as_u64().unwrap();
    let mut files: Vec<u64> = ids.iter().take(10).map(|id| id / group).collect();
    files.sort_unstable();
    files.dedup();
    for n in files {
        let docs = load(&format!("search/d/{n}.json"));
        assert!(docs.as_array().is_some_and(|d| d.len() as u64 <= group));
    }
    Found { ids, loaded }
}

/// The index of the site built into `out`.
fn files_of(out: &Path) -> impl Fn(&str) -> Vec<u8> + '_ {
    move |path: &str| std::fs::read(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Gzipped size of `bytes` (what hosts serve).
fn gzipped(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap().len()
}

/// Gzipped bytes of the files a query loaded.
fn gzipped_total(out: &Path, found: &Found) -> usize {
    (found.loaded.iter())
        .map(|(path, _)| gzipped(&std::fs::read(out.join(path)).unwrap()))
        .sum()
}

fn titles(out: &Path, found: &Found) -> Vec<String> {
    let docs = crate::common::search_docs(out);
    (found.ids.iter())
        .map(|&id| {
            docs[docs.len() - 1 - id as usize]["title"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn small_site() -> Site {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post(
            "Python 3.13.0 is released",
            "2024-10-07",
            "tags: [releases]",
            "## Free-threaded CPython\n\nPEP 703 makes the GIL optional. See `asyncio.TaskGroup`.\n\n\
             ```\npip install zstandard-extra\n```\n",
        ),
    )
    .file(
        "content/posts/b.md",
        post(
            "A note from the café",
            "2024-11-01",
            "description: Naïve résumé of the sprint.",
            "We met at the Café. The free-threaded build was discussed, and PEP 8 too.\n",
        ),
    )
    .file(
        "content/posts/c.md",
        post(
            "Template strings",
            "2025-01-02",
            "",
            "t-strings arrive in 3.14; they are released for free.\n",
        ),
    );
    site
}

#[test]
fn words_as_readers_type_them_find_their_posts() {
    let site = small_site();
    site.build().clean();
    let out = site.root().join("public");
    let read = files_of(&out);
    let find = |q: &str| titles(&out, &query(&read, q));
    let a = "Python 3.13.0 is released";
    let b = "A note from the café";
    let c = "Template strings";
    // Hyphens, dots and versions: whole and by their parts.
    assert_eq!(
        find("free-threaded"),
        [a, b],
        "the heading outranks the body"
    );
    assert_eq!(find("free-thr"), [a, b]);
    assert_eq!(find("t-strings"), [c]);
    assert_eq!(find("3.13"), [a]);
    assert_eq!(find("PEP 703"), [a]);
    assert_eq!(find("pep"), [a, b]);
    assert_eq!(find("asyncio.TaskGroup"), [a]);
    assert_eq!(find("TaskGroup"), [a]);
    // Prefixes while typing, stems, accents, the title first.
    assert_eq!(find("releas"), [a, c]);
    assert_eq!(find("release"), [a, c]);
    assert_eq!(find("cafe"), [b]);
    assert_eq!(find("RESUME"), [b]);
    assert_eq!(find("naive resume"), [b]);
    // Every word must match.
    assert_eq!(find("free sprint"), [b]);
    assert!(find("free nothing").is_empty());
    // Code blocks are read too; stop words are not indexed.
    assert_eq!(find("zstandard"), [a]);
    assert!(find("the").is_empty());
}

#[test]
fn the_index_is_the_same_for_the_same_site() {
    let site = small_site();
    site.build().clean();
    let first = site.files("public/search");
    site.build().clean();
    assert_eq!(first, site.files("public/search"));
    assert!(first.contains_key("index.json") && first.contains_key("d/0.json"));
}

/// The corpus folder, as `tests/corpora.rs` finds it: beside the project.
fn corpus() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/python-insider");
    assert!(
        dir.join("content/posts").is_dir(),
        "the corpus is absent: {} should hold it",
        dir.display()
    );
    dir
}

#[test]
fn the_corpus_is_searchable_by_its_new_words_within_the_byte_budget() {
    let site = Site::bare();
    let copy = site.parent().join("corpus");
    crate::common::copy_tree(&corpus(), &copy);
    std::fs::write(
        copy.join("bulletin.yaml"),
        "base_url: https://blog.python.org/\nsocial_cards: false\n",
    )
    .unwrap();
    let out = site.parent().join("out");
    run_in(
        site.parent(),
        &[
            "build",
            "-s",
            copy.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    let read = files_of(&out);
    // The posts holding each word, as counted in the corpus's files.
    for (word, at_least) in [
        ("free-threaded", 25),
        ("sigstore", 20),
        ("zstandard", 12),
        ("pyrepl", 12),
        ("t-strings", 12),
    ] {
        let found = query(&read, word);
        assert!(
            found.ids.len() >= at_least,
            "{word}: {} posts, expected at least {at_least}",
            found.ids.len()
        );
        // The manifest, one shard, the ten results shown: at most 50 KB gzipped.
        let bytes = gzipped_total(&out, &found);
        assert!(bytes <= 50_000, "{word}: {bytes} bytes gzipped");
        assert!(found.loaded.len() <= 2 + 10, "{:?}", found.loaded);
    }
    // The best result of a release's number is that release.
    let found = query(&read, "3.13.0");
    assert!(
        titles(&out, &found)[0].contains("3.13.0"),
        "{:?}",
        titles(&out, &found)
    );
    // No shard of the corpus is large.
    for (name, bytes) in crate::common::files(&out.join("search/t")) {
        assert!(
            gzipped(&bytes) <= 20_000,
            "shard {name}: {} bytes",
            gzipped(&bytes)
        );
    }
}
