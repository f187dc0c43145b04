//! Each post's terms as the index keeps them from the render of the post to the
//! writing of the index: a term id and a one-byte score for each distinct term
//! ([`PostTerms`], five bytes a term), never the post's text. Term ids come from one
//! dictionary for the build ([`Terms`]), shared by the threads that render posts: it is
//! split into stripes, each behind its own lock, and a post takes each stripe's lock
//! once for all its terms of that stripe.
//!
//! Bounded: a post keeps at most [`MAX_TERMS_PER_POST`] distinct terms (the first met),
//! so a post of a hundred thousand made-up words costs the index no more than that.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Mutex, MutexGuard};

use super::text::{for_each_term, normalize_into};

/// The most distinct terms kept of one post.
pub const MAX_TERMS_PER_POST: usize = 20_000;

/// Stripes of the dictionary (a power of two): enough that two threads rarely wait.
const STRIPES: usize = 64;
const STRIPE_BITS: u32 = STRIPES.trailing_zeros();

/// Where a term was found, besides the body.
const TITLE: u8 = 1;
const HEADING: u8 = 2;
const META: u8 = 4;

/// What one post gives the index to read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fields<'a> {
    /// The title: its terms rank first.
    pub title: &'a str,
    /// The description (or summary), tags, categories and author names, one string.
    pub meta: &'a str,
    /// The headings' text.
    pub headings: &'a str,
    /// The whole text (headings included).
    pub body: &'a str,
}

/// A post's terms: ids into [`Terms`], sorted, and each one's score (see [`score`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PostTerms {
    ids: Box<[u32]>,
    scores: Box<[u8]>,
}

impl PostTerms {
    /// Number of distinct terms.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the post has no term.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// (term id, score) pairs, by id.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.ids.iter().copied().zip(self.scores.iter().copied())
    }
}

/// How well a term describes a post, 1 to 107: a title hit outranks any heading hit,
/// which outranks a hit in the description, tags or authors, which outranks the body;
/// within the body, occurrences count on a log scale (1 to 7).
fn score(count: u32, found: u8) -> u8 {
    let body = if count == 0 {
        0
    } else {
        1 + count.ilog2().min(6) as u8
    };
    let mut s = body;
    if found & TITLE != 0 {
        s += 64;
    }
    if found & HEADING != 0 {
        s += 24;
    }
    if found & META != 0 {
        s += 12;
    }
    s.max(1)
}

/// The dictionary of terms, for one build (or for as long as `serve` runs: the terms
/// kept of each post refer to it).
#[derive(Debug)]
pub struct Terms {
    stripes: Vec<Mutex<Stripe>>,
}

#[derive(Debug, Default)]
struct Stripe {
    ids: HashMap<Box<str>, u32, FastHash>,
    names: Vec<Box<str>>,
}

impl Default for Terms {
    fn default() -> Self {
        Self::new()
    }
}

impl Terms {
    /// An empty dictionary.
    pub fn new() -> Self {
        Self {
            stripes: (0..STRIPES).map(|_| Mutex::default()).collect(),
        }
    }

    /// The terms of one post, scored.
    pub fn collect(&self, fields: &Fields<'_>) -> PostTerms {
        let mut norm = [String::new(), String::new(), String::new(), String::new()];
        let texts = [fields.body, fields.headings, fields.meta, fields.title];
        for (out, text) in norm.iter_mut().zip(texts) {
            normalize_into(text, out);
        }
        // Term → (occurrences in the body, where else it was found).
        let mut found: HashMap<&str, (u32, u8), FastHash> =
            HashMap::with_capacity_and_hasher(fields.body.len() / 16, FastHash);
        for (n, text) in norm.iter().enumerate() {
            let flag = [0, HEADING, META, TITLE][n];
            for_each_term(text, |term, _| {
                if is_stop_word(term) {
                    return;
                }
                let full = found.len() >= MAX_TERMS_PER_POST;
                match found.get_mut(term) {
                    Some(e) => {
                        e.0 += u32::from(flag == 0);
                        e.1 |= flag;
                    }
                    None if !full => {
                        found.insert(term, (u32::from(flag == 0), flag));
                    }
                    None => {}
                }
            });
        }
        // By stripe, so that each stripe is locked once.
        let mut by_stripe: Vec<(usize, &str, u8)> = found
            .into_iter()
            .map(|(term, (count, flags))| (stripe_of(term), term, score(count, flags)))
            .collect();
        by_stripe.sort_unstable_by_key(|e| e.0);
        let mut pairs: Vec<(u32, u8)> = Vec::with_capacity(by_stripe.len());
        for run in by_stripe.chunk_by(|a, b| a.0 == b.0) {
            let s = run[0].0;
            let Ok(mut stripe) = self.stripes[s].lock() else {
                continue;
            };
            for &(_, term, sc) in run {
                let id = match stripe.ids.get(term) {
                    Some(&id) => id,
                    None => {
                        let local = stripe.names.len() as u32;
                        // Ids have 26 bits for a stripe's terms: past that, no new term.
                        if local >= 1 << (32 - STRIPE_BITS) {
                            continue;
                        }
                        let id = (local << STRIPE_BITS) | s as u32;
                        stripe.names.push(term.into());
                        stripe.ids.insert(term.into(), id);
                        id
                    }
                };
                pairs.push((id, sc));
            }
        }
        pairs.sort_unstable();
        PostTerms {
            ids: pairs.iter().map(|p| p.0).collect(),
            scores: pairs.iter().map(|p| p.1).collect(),
        }
    }

    /// Every term's text, by id, while the dictionary is held (no post can add one).
    pub fn names(&self) -> Names<'_> {
        Names {
            stripes: (self.stripes.iter())
                .map(|s| s.lock().unwrap_or_else(|e| e.into_inner()))
                .collect(),
        }
    }
}

/// The dictionary, held: term ids to their text.
pub struct Names<'a> {
    stripes: Vec<MutexGuard<'a, Stripe>>,
}

impl Names<'_> {
    /// The text of term `id`.
    pub fn get(&self, id: u32) -> Option<&str> {
        let stripe = self.stripes.get((id as usize) & (STRIPES - 1))?;
        stripe.names.get((id >> STRIPE_BITS) as usize).map(|n| &**n)
    }

    /// Every term's text, in the order of their dense numbers (see [`Names::dense`]).
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.stripes
            .iter()
            .flat_map(|s| s.names.iter().map(|n| &**n))
    }

    /// Numbers every term from 0: `dense(id)` for each id, and how many there are.
    pub fn dense(&self) -> (impl Fn(u32) -> usize + '_, usize) {
        let mut starts = Vec::with_capacity(STRIPES);
        let mut total = 0;
        for s in &self.stripes {
            starts.push(total);
            total += s.names.len();
        }
        let f = move |id: u32| starts[(id as usize) & (STRIPES - 1)] + (id >> STRIPE_BITS) as usize;
        (f, total)
    }
}

/// Whether `term` is left out of the index (and of queries).
pub fn is_stop_word(term: &str) -> bool {
    term.len() <= 5 && super::STOP_WORDS.binary_search(&term).is_ok()
}

fn stripe_of(term: &str) -> usize {
    (FastHash.hash_one(term) as usize >> 7) & (STRIPES - 1)
}

/// A small, fast hash for short strings (the rotate-and-multiply of Firefox's and
/// rustc's FxHash): not resistant to chosen collisions, which a post could only use
/// to slow its own build by a constant.
#[derive(Debug, Clone, Copy, Default)]
pub struct FastHash;

impl BuildHasher for FastHash {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0)
    }
}

/// See [`FastHash`].
#[derive(Debug, Clone, Copy)]
pub struct FastHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ (rest.len() as u64) << 59);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}
