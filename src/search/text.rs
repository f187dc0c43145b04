//! How text becomes search terms: normalized (lower case, accents folded) and cut into
//! words, each word that joins parts with `-`, `.`, `_` or `/` (`free-threaded`, `3.13`,
//! `asyncio.TaskGroup`) kept whole and as its parts.
//!
//! The browser does the same to what the reader types: `static/site.js` (`normalize`,
//! `words`) mirrors this file rule for rule, so a change here is a change there (and
//! of the index's version, [`super::VERSION`]). Both sides use only what both
//! languages define the same way: Unicode lower case, NFKD, the `Alphabetic`, `N` and
//! `M` properties.
//!
//! Linear in the text: one pass to normalize, one to cut.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The longest term kept, in bytes: longer words (hashes, URLs run together) are left
/// out whole, their parts kept when short enough.
pub const MAX_TERM_BYTES: usize = 40;

/// Characters that join the parts of one word when a letter or digit stands on both
/// sides (`free-threaded`, `3.13`, `asyncio.TaskGroup`, `snake_case`, `I/O`).
pub fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '.' | '_' | '/')
}

/// A letter or a digit: what words are made of.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02bc}')
}

/// Appends `text`, normalized for search, to `out`: lower case; compatibility
/// decomposition with every mark dropped (`é` → `e`, `ﬁ` → `fi`, `①` → `1`); a final
/// sigma as any sigma; the Unicode hyphen as `-`; apostrophes after a letter or digit
/// dropped (`Python's` → `pythons`, which stems to `python`). Every other character
/// stays: the cutting into words comes after.
pub fn normalize_into(text: &str, out: &mut String) {
    let mut buf = std::mem::take(out).into_bytes();
    buf.reserve(text.len());
    let bytes = text.as_bytes();
    let mut last_word = false;
    let mut i = 0;
    while i < bytes.len() {
        // Most text is ASCII: runs of it lowered at once.
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii() && bytes[i] != b'\'' {
            i += 1;
        }
        if i > start {
            buf.extend(bytes[start..i].iter().map(u8::to_ascii_lowercase));
            last_word = bytes[i - 1].is_ascii_alphanumeric();
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if b == b'\'' {
            i += 1;
            if !last_word {
                buf.push(b);
            }
            continue;
        }
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        for lower in c.to_lowercase() {
            for d in lower.nfkd() {
                if is_combining_mark(d) {
                    continue;
                }
                for l in d.to_lowercase() {
                    let l = match l {
                        'ς' => 'σ',
                        '\u{2010}' => '-',
                        l => l,
                    };
                    // After decomposing, as the script does: `＇` and `ŉ` hold one.
                    if is_apostrophe(l) && last_word {
                        continue;
                    }
                    last_word = is_word_char(l);
                    let mut utf8 = [0; 4];
                    buf.extend_from_slice(l.encode_utf8(&mut utf8).as_bytes());
                }
            }
        }
    }
    // Only whole characters were written.
    *out = String::from_utf8(buf).unwrap_or_default();
}

/// `text` normalized (see [`normalize_into`]).
pub fn normalize(text: &str) -> String {
    let mut out = String::new();
    normalize_into(text, &mut out);
    out
}

/// Calls `f` with each term of `norm` (text already [normalized](normalize_into)), in
/// order: each word whole, then, when it has several parts, what follows each hyphen
/// inside it (`non-free-threaded` gives `free-threaded`) and each part (`3.13.1` gives
/// `3.13.1`, `3`, `13`, `1`). The flag tells these from a whole word. Terms longer than
/// [`MAX_TERM_BYTES`] are left out.
pub fn for_each_term<'a>(norm: &'a str, mut f: impl FnMut(&'a str, bool)) {
    let bytes = norm.as_bytes();
    let mut i = 0;
    // Where each part of the current word ends and the next begins: (start, end).
    let mut parts: Vec<(usize, usize)> = Vec::new();
    while i < norm.len() {
        // Most words are ASCII letters and digits between spaces or punctuation: found
        // and given whole without the parts' bookkeeping.
        let b = bytes[i];
        if b.is_ascii() && !b.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        if b.is_ascii_alphanumeric() {
            let start = i;
            let mut end = i + 1;
            while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
                end += 1;
            }
            let plain_end = match bytes.get(end) {
                None => true,
                Some(&n) => n.is_ascii() && !is_joiner(n as char),
            };
            if plain_end {
                if end - start <= MAX_TERM_BYTES {
                    f(&norm[start..end], false);
                }
                i = end;
                continue;
            }
        }
        let Some((word, len)) = word_at(norm, bytes, i) else {
            break;
        };
        if !word {
            i += len;
            continue;
        }
        let start = i;
        let mut part_start = i;
        parts.clear();
        loop {
            // The letters and digits of this part.
            while let Some((true, len)) = word_at(norm, bytes, i) {
                i += len;
            }
            // A joiner with a letter or digit after it goes on with the word.
            match char_at(norm, bytes, i) {
                Some((j, jl)) if is_joiner(j) => match word_at(norm, bytes, i + jl) {
                    Some((true, _)) => {
                        parts.push((part_start, i));
                        i += jl;
                        part_start = i;
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        parts.push((part_start, i));
        let whole = &norm[start..i];
        if whole.len() <= MAX_TERM_BYTES {
            f(whole, false);
        }
        if parts.len() > 1 {
            // What follows a hyphen, when it has parts of its own: `non-free-threaded`
            // is found as `free-threaded` too.
            for w in parts[1..parts.len() - 1].iter() {
                let tail = &norm[w.0..i];
                if bytes[w.0 - 1] == b'-' && tail.len() <= MAX_TERM_BYTES {
                    f(tail, true);
                }
            }
            for &(s, e) in &parts {
                if e - s <= MAX_TERM_BYTES {
                    f(&norm[s..e], true);
                }
            }
        }
    }
}

/// The character at byte `i` and its length; ASCII without decoding.
#[inline]
fn char_at(s: &str, bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let b = *bytes.get(i)?;
    if b.is_ascii() {
        return Some((b as char, 1));
    }
    let c = s.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// Whether the character at byte `i` is a letter or digit, and its length.
#[inline]
fn word_at(s: &str, bytes: &[u8], i: usize) -> Option<(bool, usize)> {
    let b = *bytes.get(i)?;
    if b.is_ascii() {
        return Some((b.is_ascii_alphanumeric(), 1));
    }
    let c = s.get(i..)?.chars().next()?;
    Some((is_word_char(c), c.len_utf8()))
}

/// The key a term is filed under: its first [`super::KEY_CHARS`] characters (all of
/// it when shorter). A query word of at least that many characters finds every term
/// it begins in the one shard of its key.
pub fn key(term: &str) -> &str {
    match term.char_indices().nth(super::KEY_CHARS) {
        Some((i, _)) => &term[..i],
        None => term,
    }
}

/// The shard (of `shards`) that holds the terms filed under `key`: FNV-1a (32 bits)
/// over its code points, as `site.js` computes it.
pub fn shard_of(key: &str, shards: usize) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for c in key.chars() {
        h = (h ^ c as u32).wrapping_mul(0x0100_0193);
    }
    h as usize % shards.max(1)
}

/// What a term is grouped under in its shard: the Snowball English stem of a word of
/// ASCII letters (of the last part of such a word joined by hyphens: `free-threaded`
/// → `free-thread`); other terms (numbers, versions, other scripts) stand for
/// themselves. A query for one form finds them all (`releases` finds `released`).
pub fn stem_of<'t>(stemmer: &rust_stemmers::Stemmer, term: &'t str) -> std::borrow::Cow<'t, str> {
    use std::borrow::Cow;
    let letters = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase());
    let (head, last) = match term.rfind('-') {
        Some(i) => (&term[..=i], &term[i + 1..]),
        None => ("", term),
    };
    if !letters(last) || !head.split('-').filter(|p| !p.is_empty()).all(letters) {
        return Cow::Borrowed(term);
    }
    match stemmer.stem(last) {
        Cow::Borrowed(s) if s.len() == last.len() => Cow::Borrowed(term),
        stem if head.is_empty() => Cow::Owned(stem.into_owned()),
        stem => Cow::Owned(format!("{head}{stem}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let norm = normalize(text);
        let mut out = Vec::new();
        for_each_term(&norm, |t, part| {
            out.push(if part { format!("~{t}") } else { t.to_string() })
        });
        out
    }

    #[test]
    fn normalizing_folds_case_accents_and_apostrophes() {
        assert_eq!(normalize("Ünïcode Café"), "unicode cafe");
        assert_eq!(normalize("Python’s REPL"), "pythons repl");
        assert_eq!(normalize("ﬁle ① Ｆｕｌｌ"), "file 1 full");
        assert_eq!(normalize("ΟΔΟΣ"), "οδοσ");
        assert_eq!(normalize("'quoted' it's"), "'quoted its");
        assert_eq!(normalize("non\u{2011}breaking"), "non-breaking");
        assert_eq!(normalize("İstanbul"), "istanbul");
        assert_eq!(normalize("Straße"), "straße");
        // Apostrophes that decomposing makes, dropped after a letter as the script does.
        assert_eq!(normalize("Don\u{ff07}t a\u{149}"), "dont an");
        assert_eq!(normalize("it\u{2019}\u{2019}s"), "its");
    }

    #[test]
    fn words_with_joiners_are_kept_whole_and_as_parts() {
        assert_eq!(
            terms("Free-threaded t-strings"),
            [
                "free-threaded",
                "~free",
                "~threaded",
                "t-strings",
                "~t",
                "~strings"
            ]
        );
        assert_eq!(
            terms("Python 3.13.0rc1."),
            ["python", "3.13.0rc1", "~3", "~13", "~0rc1"]
        );
        assert_eq!(
            terms("asyncio.TaskGroup, PEP 703"),
            ["asyncio.taskgroup", "~asyncio", "~taskgroup", "pep", "703"]
        );
        // A joiner needs a letter or digit on both sides.
        assert_eq!(terms("-x- a--b .5 end."), ["x", "a", "b", "5", "end"]);
        assert_eq!(
            terms("I/O and_or"),
            ["i/o", "~i", "~o", "and_or", "~and", "~or"]
        );
        assert_eq!(
            terms("non-free-threaded a.b-c"),
            [
                "non-free-threaded",
                "~free-threaded",
                "~non",
                "~free",
                "~threaded",
                "a.b-c",
                "~a",
                "~b",
                "~c"
            ]
        );
        assert_eq!(terms("naïve Zoë"), ["naive", "zoe"]);
        assert_eq!(terms(""), Vec::<String>::new());
        assert_eq!(terms("日本語 テスト"), ["日本語", "テスト"]);
    }

    #[test]
    fn long_words_are_left_out_but_not_their_parts() {
        let long = "a".repeat(MAX_TERM_BYTES + 1);
        assert_eq!(terms(&long), Vec::<String>::new());
        let joined = format!("{}-{}", "b".repeat(30), "c".repeat(30));
        assert_eq!(
            terms(&joined),
            [
                format!("~{}", "b".repeat(30)),
                format!("~{}", "c".repeat(30))
            ]
        );
    }

    #[test]
    fn keys_and_shards() {
        assert_eq!(key("free-threaded"), "fre");
        assert_eq!(key("3.13"), "3.1");
        assert_eq!(key("é"), "é");
        assert_eq!(key("日本語です"), "日本語");
        // FNV-1a of "a": 0xe40c292c.
        assert_eq!(shard_of("a", usize::MAX), 0xe40c_292c);
        assert_eq!(shard_of("", 7), 0x811c_9dc5 % 7);
        assert!(shard_of("fre", 64) < 64);
        assert_eq!(shard_of("x", 0), 0);
    }

    #[test]
    fn stems_group_forms_of_a_word() {
        let s = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        assert_eq!(stem_of(&s, "released"), "releas");
        assert_eq!(stem_of(&s, "releases"), "releas");
        assert_eq!(stem_of(&s, "release"), "releas");
        assert_eq!(stem_of(&s, "free-threaded"), "free-thread");
        assert_eq!(stem_of(&s, "free-threading"), "free-thread");
        assert_eq!(stem_of(&s, "pythons"), "python");
        assert_eq!(stem_of(&s, "3.13"), "3.13");
        assert_eq!(stem_of(&s, "asyncio.taskgroup"), "asyncio.taskgroup");
        assert_eq!(stem_of(&s, "café"), "café");
        assert_eq!(stem_of(&s, "-x"), "-x");
    }
}
