//! The index's format, read back as the script reads it.

use serde_json::Value;

use super::terms::{Fields, PostTerms, Terms, is_stop_word};
use super::text::{for_each_term, key, normalize, shard_of};
use super::{Index, STOP_WORDS, index};

/// Posts' terms from (title, body), newest first.
fn posts(terms: &Terms, posts: &[(&str, &str)]) -> Vec<PostTerms> {
    posts
        .iter()
        .map(|(title, body)| {
            terms.collect(&Fields {
                title,
                body,
                ..Fields::default()
            })
        })
        .collect()
}

fn build(posts: &[PostTerms], terms: &Terms, shards: usize) -> Index {
    let refs: Vec<&PostTerms> = posts.iter().collect();
    index::build(&refs, terms, shards)
}

/// Post ids and scores for a query word, as the script finds them: every term of its
/// shard it begins, their groups' postings, the best score of each post.
fn lookup(index: &Index, word: &str) -> Vec<(u32, u32)> {
    let manifest: Value = serde_json::from_slice(&index.manifest).unwrap();
    let shards = manifest["shards"].as_u64().unwrap() as usize;
    let shard: Value = serde_json::from_slice(&index.shards[shard_of(key(word), shards)]).unwrap();
    let mut found: std::collections::BTreeMap<u32, u32> = Default::default();
    for (i, t) in shard["terms"].as_array().unwrap().iter().enumerate() {
        if !t.as_str().unwrap().starts_with(word) {
            continue;
        }
        let g = shard["groups"][i].as_u64().unwrap() as usize;
        let mut id = 0;
        let docs = shard["docs"][g].as_array().unwrap();
        let scores = shard["scores"][g].as_array().unwrap();
        for (d, s) in docs.iter().zip(scores) {
            id += d.as_u64().unwrap() as u32;
            let s = s.as_u64().unwrap() as u32;
            let e = found.entry(id).or_default();
            *e = (*e).max(s);
        }
    }
    found.into_iter().collect()
}

#[test]
fn stop_words_are_sorted_for_lookup() {
    assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
    let mut words = 0;
    for a in 'a'..='z' {
        for b in ['\0', 'a', 'e', 'n', 'o', 's', 't', 'h', 'r', 'y'] {
            let w: String = [a, b].iter().filter(|c| **c != '\0').collect();
            assert_eq!(is_stop_word(&w), STOP_WORDS.contains(&w.as_str()), "{w}");
            words += usize::from(is_stop_word(&w));
        }
    }
    assert!(words > 5);
    assert!(is_stop_word("the") && !is_stop_word("then"));
}

#[test]
fn a_word_finds_its_posts_and_the_title_ranks_first() {
    let terms = Terms::new();
    // Newest first: ids count from the oldest (2, 1, 0).
    let p = posts(
        &terms,
        &[
            ("Zstandard support", "Compression."),
            (
                "Other news",
                "We added zstandard compression, and Zstandard again.",
            ),
            ("Old", "Nothing about it."),
        ],
    );
    let index = build(&p, &terms, 4);
    let hits = lookup(&index, "zstandard");
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert_eq!(hits[0].0, 1);
    assert_eq!(hits[1].0, 2);
    assert!(
        hits[1].1 > hits[0].1,
        "the title outranks the body: {hits:?}"
    );
    // Prefixes while typing, and another form of the word.
    assert_eq!(lookup(&index, "zst").len(), 2);
    assert_eq!(lookup(&index, "compress").len(), 2);
    assert_eq!(lookup(&index, "nothing"), [(0, 1)]);
    assert!(lookup(&index, "the").is_empty());
}

#[test]
fn stems_group_terms_within_a_shard() {
    let terms = Terms::new();
    let p = posts(&terms, &[("A", "It was released."), ("B", "Two releases.")]);
    let index = build(&p, &terms, 1);
    let shard: Value = serde_json::from_slice(&index.shards[0]).unwrap();
    let names: Vec<&str> = (shard["terms"].as_array().unwrap().iter())
        .map(|t| t.as_str().unwrap())
        .collect();
    let at = |t: &str| names.iter().position(|n| *n == t).unwrap();
    assert_eq!(
        shard["groups"][at("released")],
        shard["groups"][at("releases")]
    );
    assert_ne!(shard["groups"][at("two")], shard["groups"][at("releases")]);
    let g = shard["groups"][at("releases")].as_u64().unwrap() as usize;
    // Posts 0 and 1, written as distances.
    assert_eq!(shard["docs"][g], serde_json::json!([0, 1]));
    assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
}

#[test]
fn forms_whose_stem_begins_otherwise_are_found_together_across_shards() {
    let terms = Terms::new();
    let p = posts(
        &terms,
        &[("A", "We tried it."), ("B", "Try it."), ("C", "Dying.")],
    );
    for shards in [1, 64, 4096] {
        let index = build(&p, &terms, shards);
        // Post ids count from the oldest: C is 0, B 1, A 2.
        let ids = |w: &str| {
            lookup(&index, w)
                .into_iter()
                .map(|p| p.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("try"), [1, 2], "{shards} shards");
        assert_eq!(ids("tried"), [1, 2], "{shards} shards");
        assert_eq!(ids("dying"), [0], "{shards} shards");
    }
}

#[test]
fn the_index_does_not_depend_on_the_order_terms_were_met() {
    let texts = [
        ("free-threaded", "The GIL."),
        ("3.13", "Python 3.13.0 is free-threaded."),
    ];
    let a = Terms::new();
    let pa = posts(&a, &texts);
    let b = Terms::new();
    // Another order of interning: the terms of the second post first.
    let _ = posts(&b, &[texts[1]]);
    let pb = posts(&b, &texts);
    assert_eq!(build(&pa, &a, 8), build(&pb, &b, 8));
    assert_ne!(pa[1], PostTerms::default());
}

#[test]
fn a_post_keeps_a_bounded_number_of_terms() {
    let terms = Terms::new();
    let body: String = (0..super::terms::MAX_TERMS_PER_POST + 500)
        .map(|i| format!("w{i} "))
        .collect();
    let p = terms.collect(&Fields {
        body: &body,
        ..Fields::default()
    });
    assert_eq!(p.len(), super::terms::MAX_TERMS_PER_POST);
    // A million copies of one word: one term, the highest body score.
    let body = "again ".repeat(1_000_000);
    let p = terms.collect(&Fields {
        body: &body,
        ..Fields::default()
    });
    assert_eq!(p.iter().map(|(_, s)| s).collect::<Vec<_>>(), [7]);
}

#[test]
fn an_empty_site_has_an_index_too() {
    let terms = Terms::new();
    let index = build(&[], &terms, 1);
    let manifest: Value = serde_json::from_slice(&index.manifest).unwrap();
    assert_eq!(manifest["posts"], 0);
    assert_eq!(
        index.shards,
        [br#"{"terms":[],"groups":[],"docs":[],"scores":[]}"#.to_vec()]
    );
}

#[test]
fn terms_of_text_as_the_script_cuts_them() {
    let norm = normalize("PEP 703: Making the GIL optional (free-threaded CPython)");
    let mut all = Vec::new();
    for_each_term(&norm, |t, _| all.push(t));
    assert_eq!(
        all,
        [
            "pep",
            "703",
            "making",
            "the",
            "gil",
            "optional",
            "free-threaded",
            "free",
            "threaded",
            "cpython"
        ]
    );
}

#[test]
fn ascii_words_next_to_other_scripts_and_joiners_are_cut_as_any_word() {
    let norm = normalize("abc日本 日本abc x-y. end_ a.b.c 3.13! don\u{2019}t ÿes Ωmega/io");
    let mut all = Vec::new();
    for_each_term(&norm, |t, part| all.push((t, part)));
    assert_eq!(
        all,
        [
            ("abc日本", false),
            ("日本abc", false),
            ("x-y", false),
            ("x", true),
            ("y", true),
            ("end", false),
            ("a.b.c", false),
            ("a", true),
            ("b", true),
            ("c", true),
            ("3.13", false),
            ("3", true),
            ("13", true),
            ("dont", false),
            ("yes", false),
            ("ωmega/io", false),
            ("ωmega", true),
            ("io", true),
        ]
    );
}

#[test]
fn a_word_of_many_parts_gives_terms_of_bounded_length() {
    // 100,000 parts: every part, and the tails short enough; never a long term, so the
    // work stays linear in the text.
    let norm = normalize(&"ab-".repeat(100_000));
    let (mut count, mut longest) = (0, 0);
    for_each_term(&norm, |t, _| {
        count += 1;
        longest = longest.max(t.len());
    });
    assert!(longest <= super::text::MAX_TERM_BYTES, "{longest}");
    assert!(count <= 100_000 + 20, "{count}");
}

#[test]
fn an_index_made_in_parts_is_the_index_made_at_once() {
    let terms = Terms::new();
    // Forms sharing a stem in two shards (`try` and `tried` share `tri`), each in
    // other posts and fields, words in one post and in many.
    const SHARDS: usize = 32;
    assert_ne!(shard_of(key("try"), SHARDS), shard_of(key("tried"), SHARDS));
    let texts: Vec<(String, String)> = (0..60)
        .map(|i| {
            let (title, form) = if i % 2 == 0 {
                (format!("We try release {i}"), "freed")
            } else {
                (format!("Release {i}"), "tried")
            };
            let body = format!("Notes {} on word{i}: {form} threads.", i % 7);
            (title, body)
        })
        .collect();
    let pairs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(t, b)| (t.as_str(), b.as_str()))
        .collect();
    let posts = posts(&terms, &pairs);
    let refs: Vec<&PostTerms> = posts.iter().collect();
    let names = terms.names();
    let make = |part_postings: usize| {
        let files = std::sync::Mutex::new(std::collections::BTreeMap::new());
        let keep = |file: index::IndexFile, bytes: Vec<u8>| {
            files.lock().unwrap().insert(format!("{file:?}"), bytes);
            Ok::<(), ()>(())
        };
        index::write_in_parts(&refs, &names, SHARDS, part_postings, &keep).unwrap();
        files.into_inner().unwrap()
    };
    let whole = make(usize::MAX);
    assert_eq!(whole.len(), SHARDS + 1);
    for part_postings in [0, 1, 50, 400] {
        assert_eq!(
            make(part_postings),
            whole,
            "{part_postings} postings a part"
        );
    }
}
