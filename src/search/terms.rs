//! Each post's terms as the index keeps them from the render of the post to the
//! writing of the index: a term id and a one-byte score for each distinct term
//! ([`PostTerms`], five bytes a term), never the post's text. Term ids come from one
//! dictionary for the build ([`Terms`]), shared by the threads that render posts: it is
//! split into stripes, each behind its own lock, and each thread keeps a copy of the
//! ids it was given: a post's terms are counted in a map of the post's own, each
//! distinct term is then looked up once in the thread's copy, and a lock is taken only
//! for a term the thread has not met.
//!
//! Bounded: a post keeps at most [`MAX_TERMS_PER_POST`] distinct terms (the first met),
//! so a post of a hundred thousand made-up words costs the index no more than that.

use std::collections::HashMap;
use std::hash::BuildHasher;
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

/// A post's terms: ids into [`Terms`], in the order the post first uses them, and each
/// one's score (see [`score`]).
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

    /// (term id, score) pairs, in the order the post first uses the terms.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.ids.iter().copied().zip(self.scores.iter().copied())
    }
}

/// How well a term describes a post, 1 to 100: a title hit is the top score, whatever
/// else the post holds (so that posts naming the word in their title rank newest first,
/// as readers of release announcements want: "pixie" finds the latest Pixie release
/// first, not the one that repeats the name most); below it, a heading hit outranks a
/// hit in the description, tags or authors, which outranks the body; within the body,
/// occurrences count on a log scale (1 to 7).
fn score(count: u32, found: u8) -> u8 {
    if found & TITLE != 0 {
        return 100;
    }
    let body = if count == 0 {
        0
    } else {
        1 + count.ilog2().min(6) as u8
    };
    let mut s = body;
    if found & HEADING != 0 {
        s += 24;
    }
    if found & META != 0 {
        s += 12;
    }
    s.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_hit_ranks_first_whatever_else_the_post_holds() {
        assert_eq!(score(0, TITLE), score(1000, TITLE | HEADING | META));
        assert!(score(0, TITLE) > score(1000, HEADING | META));
        assert!(score(0, HEADING) > score(1000, META));
        assert!(score(0, META) > score(1000, 0));
        assert!(score(2, 0) > score(1, 0));
        assert_eq!(score(0, 0), 1);
    }
}

/// The dictionary of terms, for one build (or for as long as `serve` runs: the terms
/// kept of each post refer to it).
#[derive(Debug)]
pub struct Terms {
    stripes: Vec<Mutex<Stripe>>,
    /// Tells this dictionary from others (each thread keeps a copy of one: [`Local`]).
    id: u64,
    /// Chooses a term's stripe.
    hash: FastHash,
}

/// The ids given to dictionaries.
static DICTIONARIES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

std::thread_local! {
    /// What this thread has met of the dictionary it last read posts for.
    static LOCAL: std::cell::RefCell<Local> = std::cell::RefCell::new(Local::new(0));
}

/// A thread's copy of the terms it has met of one dictionary, with their ids: a post's
/// terms are counted in a small map of the post's own (which stays in the processor's
/// cache), then each distinct term is looked up here once, without a lock.
struct Local {
    /// The dictionary's [`Terms::id`].
    owner: u64,
    /// A term's hash ([`Terms::hash`], 64 bits seeded at random for each build: two
    /// of a site's 100,000 terms share one with a chance of about 3 in 10^10 a build,
    /// and no post can choose terms that do) → its id (`u32::MAX` when its stripe is
    /// full).
    ids: HashMap<u64, u32, BuildNoHash>,
    /// The post's body, headings, description and title, normalized.
    norm: [String; 4],
}

impl Local {
    fn new(owner: u64) -> Self {
        Self {
            owner,
            ids: HashMap::default(),
            norm: Default::default(),
        }
    }
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
            id: DICTIONARIES.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            hash: FastHash::default(),
        }
    }

    /// The terms of one post, scored.
    pub fn collect(&self, fields: &Fields<'_>) -> PostTerms {
        let texts = [fields.body, fields.headings, fields.meta, fields.title];
        LOCAL.with_borrow_mut(|local| {
            if local.owner != self.id {
                *local = Local::new(self.id);
            }
            // The thread's buffers, taken while the post's terms borrow them, given back
            // after.
            let mut norm = std::mem::take(&mut local.norm);
            for (out, text) in norm.iter_mut().zip(texts) {
                out.clear();
                normalize_into(text, out);
            }
            // Term → its place in `order`: the post's terms in the order it first uses
            // them, each with its occurrences in the body and where else it was found
            // (that order, not the map's, makes the post's terms the same every time).
            let mut found: HashMap<&str, u32, FastHash> =
                HashMap::with_capacity_and_hasher(512, self.hash.clone());
            let mut order: Vec<(&str, u32, u8)> = Vec::with_capacity(512);
            for (n, text) in norm.iter().enumerate() {
                let flag = [0, HEADING, META, TITLE][n];
                for_each_term(text, |term, _| {
                    if is_stop_word(term) {
                        return;
                    }
                    if let Some(&k) = found.get(term) {
                        let e = &mut order[k as usize];
                        e.1 += u32::from(flag == 0);
                        e.2 |= flag;
                    } else if order.len() < MAX_TERMS_PER_POST {
                        found.insert(term, order.len() as u32);
                        order.push((term, u32::from(flag == 0), flag));
                    }
                });
            }
            let mut ids = Vec::with_capacity(order.len());
            let mut scores = Vec::with_capacity(order.len());
            for &(term, count, flags) in &order {
                let id = *(local.ids)
                    .entry(self.hash.hash_one(term))
                    .or_insert_with(|| self.intern(term));
                if id != u32::MAX {
                    ids.push(id);
                    scores.push(score(count, flags));
                }
            }
            drop(found);
            drop(order);
            local.norm = norm;
            PostTerms {
                ids: ids.into(),
                scores: scores.into(),
            }
        })
    }

    /// The id of `term`, given one if it has none (u32::MAX when its stripe is full).
    fn intern(&self, term: &str) -> u32 {
        let s = self.stripe_of(term);
        let mut stripe = self.stripes[s].lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = stripe.ids.get(term) {
            return id;
        }
        let local = stripe.names.len() as u32;
        // Ids have 26 bits for a stripe's terms: past that, no new term.
        if local >= 1 << (32 - STRIPE_BITS) {
            return u32::MAX;
        }
        let id = (local << STRIPE_BITS) | s as u32;
        stripe.names.push(term.into());
        stripe.ids.insert(term.into(), id);
        id
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

/// Whether `term` is left out of the index (and of queries): one of
/// [`super::STOP_WORDS`] (a test holds the two lists together).
pub fn is_stop_word(term: &str) -> bool {
    matches!(
        term,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "by"
            | "for"
            | "from"
            | "in"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "that"
            | "the"
            | "this"
            | "to"
            | "was"
            | "were"
            | "with"
    )
}

impl Terms {
    /// The stripe `term` is kept in.
    fn stripe_of(&self, term: &str) -> usize {
        (self.hash.hash_one(term) as usize >> 7) & (STRIPES - 1)
    }
}

/// The hash of the dictionary's maps: foldhash (hashbrown's default), fast on short
/// strings and seeded at random for each process, so that no post can choose terms
/// that collide (term ids depend on it; the index, ordered by text, does not).
pub type FastHash = foldhash::fast::RandomState;

/// Maps whose keys are already hashes.
type BuildNoHash = nohash_hasher::BuildNoHashHasher<u64>;
