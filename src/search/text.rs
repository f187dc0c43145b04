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
//! Linear in the text: one pass to normalize, one to cut (most of it 64 bytes at a
//! time: [`super::scan`]).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::scan::{self, Block};

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
        // Most text is ASCII: runs of it lowered eight bytes at a time, then byte by
        // byte.
        let start = i;
        while let Some(lower) = scan::ascii8_lowered(bytes, i) {
            buf.extend_from_slice(&lower);
            i += 8;
        }
        let rest = i;
        while i < bytes.len() && bytes[i].is_ascii() && bytes[i] != b'\'' {
            i += 1;
        }
        if i > start {
            buf.extend(bytes[rest..i].iter().map(u8::to_ascii_lowercase));
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
pub fn for_each_term<'a>(norm: &'a str, f: impl FnMut(&'a str, bool)) {
    terms_of(norm, f, true);
}

/// [`for_each_term`], fast (`fast`: the words of ASCII text found 64 bytes at a
/// time, or one at a time without the parts' bookkeeping) or plain (every word read
/// part by part, character by character: what the fast reading is tested against).
fn terms_of<'a>(norm: &'a str, mut f: impl FnMut(&'a str, bool), fast: bool) {
    let bytes = norm.as_bytes();
    // Where each part of the current word ends and the next begins: (start, end).
    let mut parts: Vec<(usize, usize)> = Vec::new();
    // Between words or at the start of one.
    let mut i = 0;
    while i < bytes.len() {
        if !fast {
            i = word(norm, i, &mut parts, &mut f);
            continue;
        }
        if let Some(block) = Block::at(bytes, i) {
            let next = block_terms(norm, i, &block, &mut parts, &mut f);
            if next > i {
                i = next;
                continue;
            }
        }
        i = step(norm, i, &mut parts, &mut f);
    }
}

/// The terms of the words that begin in the 64 ASCII bytes from `i` (`block`), but
/// for one that reaches the block's end, which is left for the next read: returns
/// where to go on from, at most `i + 64` unless a word with parts goes on past it.
fn block_terms<'a>(
    norm: &'a str,
    i: usize,
    block: &Block,
    parts: &mut Vec<(usize, usize)>,
    f: &mut impl FnMut(&'a str, bool),
) -> usize {
    let mut from = 0;
    for (start, len) in block.runs(0) {
        if start < from {
            continue;
        }
        if start + len >= 64 {
            return i + start as usize;
        }
        let at = i + start as usize;
        let after = start + len;
        if block.is_joiner(after) && (after == 63 || block.is_word(after + 1)) {
            // A joiner between letters or digits (or at the block's end): the word
            // goes on, read whole, part by part.
            let next = word(norm, at, parts, f);
            if next >= i + 64 {
                return next;
            }
            from = (next - i) as u32;
            continue;
        }
        if len as usize <= MAX_TERM_BYTES {
            f(&norm[at..at + len as usize], false);
        }
    }
    i + 64
}

/// Reads from byte `i` (between words or at the start of one) one character that is
/// not part of a word, or one word with its terms; returns where it ended.
fn step<'a>(
    norm: &'a str,
    i: usize,
    parts: &mut Vec<(usize, usize)>,
    f: &mut impl FnMut(&'a str, bool),
) -> usize {
    let bytes = norm.as_bytes();
    let b = bytes[i];
    if b.is_ascii() && !b.is_ascii_alphanumeric() {
        return i + 1;
    }
    // Most words are ASCII letters and digits between spaces or punctuation: found and
    // given whole without the parts' bookkeeping.
    if b.is_ascii_alphanumeric() {
        let end = scan::word_end(bytes, i + 1);
        // A word ends at ASCII that is not a joiner between letters or digits (a full
        // stop ending a sentence).
        let plain_end = match bytes.get(end) {
            None => true,
            Some(&n) => {
                n.is_ascii()
                    && (!is_joiner(n as char)
                        || bytes
                            .get(end + 1)
                            .is_none_or(|&m| m.is_ascii() && !m.is_ascii_alphanumeric()))
            }
        };
        if plain_end {
            if end - i <= MAX_TERM_BYTES {
                f(&norm[i..end], false);
            }
            return end;
        }
    }
    word(norm, i, parts, f)
}

/// Reads the word at byte `i` (or the one character there that is not part of a
/// word), giving `f` its terms: the word whole, and its parts when joiners join
/// several; returns where it ended.
fn word<'a>(
    norm: &'a str,
    mut i: usize,
    parts: &mut Vec<(usize, usize)>,
    f: &mut impl FnMut(&'a str, bool),
) -> usize {
    let bytes = norm.as_bytes();
    let Some((word, len)) = word_at(norm, bytes, i) else {
        return bytes.len();
    };
    if !word {
        return i + len;
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
        // What follows a hyphen, when it has parts of its own: `non-free-threaded` is
        // found as `free-threaded` too.
        for w in parts[1..parts.len() - 1].iter() {
            let tail = &norm[w.0..i];
            if bytes[w.0 - 1] == b'-' && tail.len() <= MAX_TERM_BYTES {
                f(tail, true);
            }
        }
        for &(s, e) in parts.iter() {
            if e - s <= MAX_TERM_BYTES {
                f(&norm[s..e], true);
            }
        }
    }
    i
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
    fn terms_are_the_same_read_fast_or_plain() {
        let palette = [
            "a",
            "b",
            "z",
            "0",
            "9",
            "-",
            ".",
            "/",
            "_",
            " ",
            " ",
            ",",
            "\n",
            "'",
            "(",
            "é",
            "日",
            "\u{301}",
            "x-y",
            "3.13",
            "free-threaded",
            "word ",
        ];
        let mut next = crate::testing::numbers(0x2545_f491_4f6c_dd1d);
        let collect = |text: &str, fast: bool| {
            let mut out = Vec::new();
            terms_of(text, |t, part| out.push((t.to_string(), part)), fast);
            out
        };
        for round in 0..4000 {
            let len = next() % 400;
            // Half the texts ASCII only, so that most fast reads go by blocks.
            let ascii = round % 2 == 0;
            let text: String = (0..len)
                .map(|_| palette[(next() % palette.len() as u64) as usize])
                .filter(|p| !ascii || p.is_ascii())
                .collect();
            assert_eq!(collect(&text, true), collect(&text, false), "{text:?}");
        }
        let long = format!(
            "{} {}-{} end",
            "w".repeat(100),
            "x".repeat(70),
            "y".repeat(3)
        );
        assert_eq!(collect(&long, true), collect(&long, false));
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
