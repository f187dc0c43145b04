//! Each post's terms as the index keeps them from the render of the post to the
//! writing of the index: a term id and a one-byte score for each distinct term
//! ([`PostTerms`], five bytes a term), never the post's text. Term ids come from one
//! dictionary for the build ([`Terms`]), shared by the threads that render posts: it is
//! split into stripes, each behind its own lock, and each thread keeps a copy of the
//! ids it was given: a post's terms are counted in a map of the post's own, each
//! distinct term is then looked up once in the thread's copy, and a lock is taken only
//! for a term the thread has not met. Every map is keyed by the term's 64-bit hash
//! ([`Terms::term_hash`]), never its text: a word is hashed once where it is met.
//!
//! Bounded: a post keeps at most [`MAX_TERMS_PER_POST`] distinct terms (the first met),
//! so a post of a hundred thousand made-up words costs the index no more than that.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
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

/// A post's terms: ids into [`Terms`], ascending, and each one's score (see [`score`]).
/// Held for every post until the index is made (16 million terms for 100,000 posts),
/// so packed: each id is written as its distance from the one before, in 7-bit groups
/// (LEB128), which takes 2 bytes for most terms instead of 4. Scores and ids share one
/// block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PostTerms {
    /// The scores, one byte a term in the order of the ids, then the ids' distances.
    bytes: Box<[u8]>,
    /// The number of terms, which is where the ids start.
    len: usize,
}

impl PostTerms {
    /// The terms of (id, score) pairs, each id once.
    fn new(mut terms: Vec<(u32, u8)>) -> Self {
        terms.sort_unstable_by_key(|&(id, _)| id);
        let gaps = || {
            let mut previous = 0;
            terms.iter().map(move |&(id, _)| {
                let gap = id - previous;
                previous = id;
                gap
            })
        };
        // Made at its final size: mimalloc leaves a block shrunk by less than half
        // where it is, room and all (9 MiB more at the peak of 100,000 posts).
        let leb128_len = |gap: u32| (u32::BITS - gap.leading_zeros()).max(1).div_ceil(7) as usize;
        let size = terms.len() + gaps().map(leb128_len).sum::<usize>();
        let mut bytes = Vec::with_capacity(size);
        bytes.extend(terms.iter().map(|&(_, score)| score));
        for mut gap in gaps() {
            while gap >= 0x80 {
                bytes.push((gap as u8 & 0x7f) | 0x80);
                gap >>= 7;
            }
            bytes.push(gap as u8);
        }
        debug_assert_eq!(bytes.len(), size);
        Self {
            bytes: bytes.into_boxed_slice(),
            len: terms.len(),
        }
    }

    /// Number of distinct terms.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the post has no term.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// (term id, score) pairs, ids ascending.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        let (scores, ids) = self.bytes.split_at(self.len);
        let mut bytes = ids.iter();
        let mut id = 0u32;
        scores.iter().map(move |&score| {
            let mut gap = 0u32;
            let mut shift = 0;
            for &b in bytes.by_ref() {
                gap |= u32::from(b & 0x7f).wrapping_shl(shift);
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            id = id.wrapping_add(gap);
            (id, score)
        })
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
    fn a_post_s_terms_come_back_as_packed_ids_ascending() {
        let terms = vec![
            (u32::MAX - 1, 9),
            (0, 1),
            (127, 2),
            (128, 3),
            (16_511, 4),
            (16_512, 5),
            (1 << 21, 6),
            (1 << 28, 7),
        ];
        let packed = PostTerms::new(terms.clone());
        let mut sorted = terms;
        sorted.sort_unstable();
        assert_eq!(packed.iter().collect::<Vec<_>>(), sorted);
        assert_eq!(packed.len(), 8);
        // Distances of 0, 127, 1, 16,383, 1, then under 2^21, 2^28 and 2^32: 1, 1, 1,
        // 2, 1, 3, 4 and 5 bytes.
        assert_eq!(packed.bytes.len() - packed.len(), 18);
        assert!(PostTerms::new(Vec::new()).iter().next().is_none());
    }

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

/// Lets go of every thread's copy of the dictionary it last read posts for (rayon's
/// threads' and this one's; a few MB each for a large site), once no more posts are
/// read with it.
pub fn forget_thread_copies() {
    let forget = || LOCAL.with_borrow_mut(|local| *local = Local::new(0));
    rayon::broadcast(|_| forget());
    forget();
}

/// A thread's copy of the terms it has met of one dictionary, with their ids: a post's
/// terms are counted in a small map of the post's own (which stays in the processor's
/// cache), and each distinct term is looked up here once, without a lock.
struct Local {
    /// The dictionary's [`Terms::id`].
    owner: u64,
    /// A term's hash ([`Terms::term_hash`], 64 bits seeded at random for each build: two
    /// of a site's 100,000 terms share one with a chance of about 3 in 10^10 a build,
    /// and no post can choose terms that do) → its id (`u32::MAX` when its stripe is
    /// full).
    ids: HashMap<u64, u32, BuildNoHash>,
    /// The text being read, normalized.
    norm: String,
    /// The post's terms met so far: a term's hash → its place in `order` (`u32::MAX`
    /// for a stop word).
    found: HashMap<u64, u32, BuildNoHash>,
    /// The post's terms in the order it first uses them (that order, not the map's,
    /// makes the post's terms the same every time).
    order: Vec<Seen>,
}

/// A term of the post being read.
struct Seen {
    /// Its id (`u32::MAX` when its stripe is full: left out).
    id: u32,
    /// Occurrences in the body.
    count: u32,
    /// Where else it was found.
    flags: u8,
}

impl Local {
    fn new(owner: u64) -> Self {
        Self {
            owner,
            ids: HashMap::default(),
            norm: String::new(),
            found: HashMap::default(),
            order: Vec::new(),
        }
    }
}

/// A part of the dictionary: its terms' ids, by their hash, and texts, by id (one
/// string for all, so that a site's hundred thousand terms are not as many
/// allocations).
#[derive(Debug, Default)]
struct Stripe {
    ids: HashMap<u64, u32, BuildNoHash>,
    /// The terms' texts, one after the other.
    text: String,
    /// Where each term's text ends in `text`, by the stripe's part of its id.
    ends: Vec<u32>,
}

impl Stripe {
    /// The text of the stripe's term `n`.
    fn name(&self, n: usize) -> Option<&str> {
        let start = n
            .checked_sub(1)
            .map_or(Some(0), |p| self.ends.get(p).copied())?;
        self.text.get(start as usize..*self.ends.get(n)? as usize)
    }

    /// Its terms' texts, in the order of their ids.
    fn names(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.ends.len()).map(|n| self.name(n).unwrap_or_default())
    }
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
        let texts = [
            (fields.body, 0),
            (fields.headings, HEADING),
            (fields.meta, META),
            (fields.title, TITLE),
        ];
        LOCAL.with_borrow_mut(|local| {
            if local.owner != self.id {
                *local = Local::new(self.id);
            }
            let Local {
                ids,
                norm,
                found,
                order,
                ..
            } = local;
            found.clear();
            order.clear();
            for (text, flag) in texts {
                norm.clear();
                normalize_into(text, norm);
                for_each_term(norm, |term, _| {
                    let hash = self.term_hash(term);
                    match found.entry(hash) {
                        Entry::Occupied(e) => {
                            // Stop words are met once a post, marked, then skipped.
                            if let Some(seen) = order.get_mut(*e.get() as usize) {
                                seen.count += u32::from(flag == 0);
                                seen.flags |= flag;
                            }
                        }
                        Entry::Vacant(e) if is_stop_word(term) => {
                            e.insert(u32::MAX);
                        }
                        Entry::Vacant(e) if order.len() < MAX_TERMS_PER_POST => {
                            e.insert(order.len() as u32);
                            let id = *ids.entry(hash).or_insert_with(|| self.intern(term, hash));
                            order.push(Seen {
                                id,
                                count: u32::from(flag == 0),
                                flags: flag,
                            });
                        }
                        Entry::Vacant(_) => {}
                    }
                });
            }
            let kept = order.iter().filter(|s| s.id != u32::MAX);
            PostTerms::new(kept.map(|s| (s.id, score(s.count, s.flags))).collect())
        })
    }

    /// The id of `term` (whose [hash](Terms::term_hash) is `hash`), given one if it
    /// has none (u32::MAX when its stripe is full).
    fn intern(&self, term: &str, hash: u64) -> u32 {
        let s = (hash as usize >> 7) & (STRIPES - 1);
        let mut stripe = self.stripes[s].lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = stripe.ids.get(&hash) {
            return id;
        }
        let local = stripe.ends.len() as u32;
        // Ids have 26 bits for a stripe's terms, and its texts 4 GB: past that, no new
        // term.
        let Ok(end) = u32::try_from(stripe.text.len() + term.len()) else {
            return u32::MAX;
        };
        if local >= 1 << (32 - STRIPE_BITS) {
            return u32::MAX;
        }
        let id = (local << STRIPE_BITS) | s as u32;
        stripe.text.push_str(term);
        stripe.ends.push(end);
        stripe.ids.insert(hash, id);
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
        stripe.name((id >> STRIPE_BITS) as usize)
    }

    /// Every term's text, in the order of their dense numbers (see [`Names::dense`]).
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.stripes.iter().flat_map(|s| s.names())
    }

    /// Numbers every term from 0: `dense(id)` for each id, and how many there are.
    pub fn dense(&self) -> (impl Fn(u32) -> usize + '_, usize) {
        let mut starts = Vec::with_capacity(STRIPES);
        let mut total = 0;
        for s in &self.stripes {
            starts.push(total);
            total += s.ends.len();
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
    /// The 64-bit hash of `term` that the maps of term ids are keyed by: its bytes,
    /// hashed at once (a `str`'s `Hash` writes them and then a marker byte).
    fn term_hash(&self, term: &str) -> u64 {
        let mut h = self.hash.build_hasher();
        h.write(term.as_bytes());
        h.finish()
    }
}

/// The hash of the dictionary's maps: foldhash (hashbrown's default), fast on short
/// strings and seeded at random for each process, so that no post can choose terms
/// that collide (term ids depend on it; the index, ordered by text, does not).
pub type FastHash = foldhash::fast::RandomState;

/// Maps whose keys are already hashes.
type BuildNoHash = nohash_hasher::BuildNoHashHasher<u64>;
