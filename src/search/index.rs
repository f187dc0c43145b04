//! The index files, from every post's terms: the manifest and the shards.
//!
//! A shard is one JSON object:
//!
//! ```json
//! {"terms":["free","free-threaded","freed"],"groups":[0,1,0],
//!  "docs":[[3,1,40],[17]],"scores":[[1,2,65],[25]]}
//! ```
//!
//! `terms` are sorted (by their UTF-8 bytes); `groups[i]` is the group of `terms[i]`:
//! the terms of the shard that share a stem (`free`, `freed`). Group `g` is found in
//! the posts whose ids are the running sums of `docs[g]` (ascending ids, each written
//! as its distance from the one before), with the scores `scores[g]` (the best of the
//! group's terms in that post). A query word finds the terms it begins (or equals) and
//! takes their groups: `releases` finds the posts of `release` and `released` too.
//!
//! Linear in the postings: each is placed once under its term, merged once into its
//! group, written once. Shards are made in parallel.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;

use super::terms::{FastHash, Names, PostTerms, Terms};
use super::text::{key, shard_of, stem_of};
use super::{KEY_CHARS, STOP_WORDS, VERSION};

/// The index files' bytes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Index {
    /// `search/index.json`.
    pub manifest: Vec<u8>,
    /// `search/t/<n>.json`, by `n`.
    pub shards: Vec<Vec<u8>>,
}

/// The manifest: what the script needs before it loads a shard.
#[derive(serde::Serialize)]
struct Manifest<'a> {
    version: u32,
    /// Posts, so ids 0 to `posts - 1`.
    posts: usize,
    /// Shards, so files `t/0.json` to `t/<shards - 1>.json`.
    shards: usize,
    /// Characters of a term that choose its shard.
    key: usize,
    /// Posts in one file of results.
    group: usize,
    /// Words left out of the index.
    stop: &'a [&'a str],
}

/// Posts beyond this many (ids have 24 bits in the postings) are left out.
const MAX_POSTS: usize = 1 << 24;

/// The index of `posts` (each post's terms, newest post first, as `site.posts`) in
/// `shards` shards, terms named by `terms`.
pub fn build(posts: &[&PostTerms], terms: &Terms, shards: usize) -> Index {
    let files = std::sync::Mutex::new(Index {
        manifest: Vec::new(),
        shards: vec![Vec::new(); shards.max(1)],
    });
    let keep = |file: IndexFile, bytes: Vec<u8>| {
        let mut index = files.lock().unwrap_or_else(|e| e.into_inner());
        match file {
            IndexFile::Manifest => index.manifest = bytes,
            IndexFile::Shard(n) => index.shards[n] = bytes,
        }
        Ok::<(), std::convert::Infallible>(())
    };
    let Ok(()) = write(posts, &terms.names(), shards, &keep);
    files.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// A file of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexFile {
    /// `search/index.json`.
    Manifest,
    /// `search/t/<n>.json`.
    Shard(usize),
}

/// About how many postings (4 bytes each) are placed at once: the shards are made in
/// parts, each from the postings of its own terms only, so that a large site never
/// holds its whole index (16 million postings, 64 MB, for 100,000 posts) besides its
/// posts' terms. Each part reads every post's terms once; a site of up to about
/// 12,000 posts is one part.
const PART_POSTINGS: usize = 1 << 21;

/// Makes the index files of `posts` (each post's terms, newest post first, as
/// `site.posts`) in `shards` shards, terms named by `names` (held, so that no term is
/// added meanwhile), and hands each to `emit` as soon as it is made (shards in
/// parallel), so that no more than a shard a thread is held. Stops at the first error
/// `emit` returns.
pub fn write<E: Send>(
    posts: &[&PostTerms],
    names: &Names<'_>,
    shards: usize,
    emit: &(dyn Fn(IndexFile, Vec<u8>) -> Result<(), E> + Sync),
) -> Result<(), E> {
    write_in_parts(posts, names, shards, PART_POSTINGS, emit)
}

/// [`write`], placing about `part_postings` postings at once.
pub(super) fn write_in_parts<E: Send>(
    posts: &[&PostTerms],
    names: &Names<'_>,
    shards: usize,
    part_postings: usize,
    emit: &(dyn Fn(IndexFile, Vec<u8>) -> Result<(), E> + Sync),
) -> Result<(), E> {
    let shards = shards.max(1);
    let (dense, total) = names.dense();
    let n = posts.len().min(MAX_POSTS);
    // Oldest post first: ids count from it.
    let oldest_first: Vec<&PostTerms> = posts[posts.len() - n..].iter().rev().copied().collect();
    // Each term's postings. Lists by term number are u32, not usize: a large site has
    // a few hundred thousand terms.
    let mut counts = vec![0u32; total];
    for post in &oldest_first {
        for (term, _) in post.iter() {
            if let Some(count) = counts.get_mut(dense(term)) {
                *count += 1;
            }
        }
    }
    let all: Vec<&str> = names.iter().collect();
    let groups = Groups::new(&all, &counts);
    let group_postings: Vec<usize> = (0..groups.len())
        .map(|g| {
            groups
                .members(g)
                .iter()
                .map(|&d| counts[d as usize] as usize)
                .sum()
        })
        .collect();
    drop(counts);
    // Each shard's terms, by dense number.
    let mut by_shard: Vec<Vec<u32>> = vec![Vec::new(); shards];
    for (d, name) in all.iter().enumerate() {
        if groups.of(d).is_some() {
            by_shard[shard_of(key(name), shards)].push(d as u32);
        }
    }
    let mut rest = by_shard.into_iter().enumerate().peekable();
    while rest.peek().is_some() {
        // The next shards, up to about `part_postings` postings of their groups.
        let mut part = Vec::new();
        let mut size = 0;
        while let Some((_, list)) = rest.peek() {
            let cost: usize = (list.iter())
                .filter_map(|&d| groups.of(d as usize))
                .map(|g| group_postings[g])
                .sum();
            if !part.is_empty() && size + cost > part_postings {
                break;
            }
            size += cost;
            part.extend(rest.next());
        }
        write_part(part, &all, &oldest_first, &dense, &groups, emit)?;
    }
    let manifest = Manifest {
        version: VERSION,
        posts: n,
        shards,
        key: KEY_CHARS,
        group: super::DOC_GROUP,
        stop: STOP_WORDS,
    };
    emit(
        IndexFile::Manifest,
        serde_json::to_vec(&manifest).unwrap_or_default(),
    )
}

/// Each term's group: the terms sharing its stem, across the whole index (a stem can
/// begin otherwise than its forms: `tried` and `try` share `tri`, in two shards), so
/// that every form's shard holds the postings of all of them. Terms by dense number;
/// a term no post has is in no group.
struct Groups {
    /// Term → group (`u32::MAX`: none).
    group: Vec<u32>,
    /// Group `g`'s terms are `members[starts[g]..starts[g + 1]]`.
    starts: Vec<u32>,
    members: Vec<u32>,
}

impl Groups {
    /// The groups of the terms `all` of which `counts` says how many posts have each.
    fn new(all: &[&str], counts: &[u32]) -> Self {
        let live: Vec<u32> = (0..all.len() as u32)
            .filter(|&d| counts[d as usize] > 0)
            .collect();
        let stems: Vec<Cow<'_, str>> = live
            .par_iter()
            .map_init(
                || rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English),
                |stemmer, &d| stem_of(stemmer, all[d as usize]),
            )
            .collect();
        // The terms in order of their stems (a term's forms together, each group's in
        // ascending term order, as `live` is): no map from stem to group, which for a
        // large site's 120,000 terms was the search index's largest part.
        let mut order: Vec<u32> = (0..live.len() as u32).collect();
        order.par_sort_unstable_by(|&a, &b| {
            stems[a as usize].cmp(&stems[b as usize]).then(a.cmp(&b))
        });
        let mut group = vec![u32::MAX; all.len()];
        let mut starts: Vec<u32> = Vec::new();
        let mut members = Vec::with_capacity(live.len());
        for (k, &i) in order.iter().enumerate() {
            let i = i as usize;
            if k == 0 || stems[i] != stems[order[k - 1] as usize] {
                starts.push(k as u32);
            }
            group[live[i] as usize] = (starts.len() - 1) as u32;
            members.push(live[i]);
        }
        starts.push(members.len() as u32);
        Self {
            group,
            starts,
            members,
        }
    }

    /// How many groups there are.
    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// The group of term `d`, if any.
    fn of(&self, d: usize) -> Option<usize> {
        match self.group.get(d) {
            Some(&g) if g != u32::MAX => Some(g as usize),
            _ => None,
        }
    }

    /// The terms of group `g`, ascending.
    fn members(&self, g: usize) -> &[u32] {
        &self.members[self.starts[g] as usize..self.starts[g + 1] as usize]
    }
}

/// Makes the shards of `part` (each shard's number and terms, named by `all`): places
/// the postings of their groups' terms, merges each group's once, writes the shards in
/// parallel.
fn write_part<E: Send>(
    part: Vec<(usize, Vec<u32>)>,
    all: &[&str],
    posts: &[&PostTerms],
    dense: &(impl Fn(u32) -> usize + Sync),
    groups: &Groups,
    emit: &(dyn Fn(IndexFile, Vec<u8>) -> Result<(), E> + Sync),
) -> Result<(), E> {
    let mut wanted_groups: Vec<usize> = (part.iter())
        .flat_map(|(_, list)| list.iter().filter_map(|&d| groups.of(d as usize)))
        .collect();
    wanted_groups.sort_unstable();
    wanted_groups.dedup();
    let wanted =
        (wanted_groups.iter()).flat_map(|&g| groups.members(g).iter().map(|&d| d as usize));
    let postings = Postings::new(wanted, groups.group.len(), posts, dense);
    let merged: HashMap<usize, Cow<'_, [u32]>, FastHash> = wanted_groups
        .par_iter()
        .map(|&g| (g, merge(groups.members(g), &postings)))
        .collect();
    part.into_par_iter().try_for_each(|(k, mut list)| {
        list.sort_unstable_by(|&a, &b| all[a as usize].cmp(all[b as usize]));
        emit(
            IndexFile::Shard(k),
            write_shard(&list, all, groups, &merged),
        )
    })
}

/// The postings of some terms, `(post id << 8) | score` with ids ascending, each
/// term's one after the other in one list: counted first, then placed (no list per
/// term to grow).
struct Postings {
    /// Each term's place in `starts` (dense number → place; `u32::MAX` for a term
    /// not placed).
    place: Vec<u32>,
    /// Where the term at place `p` has its postings start in `all` (and end: at
    /// `starts[p + 1]`).
    starts: Vec<usize>,
    all: Vec<u32>,
}

impl Postings {
    /// The postings of the terms `wanted` (dense numbers, each once, out of `terms`
    /// numbered by `dense`) in `posts`, whose ids are their places.
    fn new(
        wanted: impl Iterator<Item = usize>,
        terms: usize,
        posts: &[&PostTerms],
        dense: impl Fn(u32) -> usize,
    ) -> Self {
        let mut place = vec![u32::MAX; terms];
        let mut placed = 0;
        for d in wanted {
            if let Some(p) = place.get_mut(d) {
                *p = placed;
                placed += 1;
            }
        }
        let placed = placed as usize;
        let at = |place: &[u32], term: u32| {
            (place.get(dense(term))).and_then(|&p| (p != u32::MAX).then_some(p as usize))
        };
        let mut starts = vec![0; placed + 1];
        for post in posts {
            for (term, _) in post.iter() {
                if let Some(p) = at(&place, term) {
                    starts[p + 1] += 1;
                }
            }
        }
        for p in 0..placed {
            starts[p + 1] += starts[p];
        }
        let mut next = starts.clone();
        let mut all = vec![0; starts[placed]];
        for (id, post) in posts.iter().enumerate() {
            for (term, score) in post.iter() {
                if let Some(p) = at(&place, term)
                    && let Some(slot) = all.get_mut(next[p])
                {
                    *slot = ((id as u32) << 8) | u32::from(score);
                    next[p] += 1;
                }
            }
        }
        Self { place, starts, all }
    }

    /// Term `d`'s postings (none when it was not placed).
    fn of(&self, d: usize) -> &[u32] {
        let p = match self.place.get(d) {
            Some(&p) if p != u32::MAX => p as usize,
            _ => return &[],
        };
        match (self.starts.get(p), self.starts.get(p + 1)) {
            (Some(&start), Some(&end)) => &self.all[start..end],
            _ => &[],
        }
    }
}

/// The postings of a group's terms (dense numbers) as one list: one term's as they
/// are, several merged, each post once with its best score.
fn merge<'p>(members: &[u32], postings: &'p Postings) -> Cow<'p, [u32]> {
    match members {
        [d] => Cow::Borrowed(postings.of(*d as usize)),
        _ => {
            let mut all: Vec<u32> = members
                .iter()
                .flat_map(|&d| postings.of(d as usize))
                .copied()
                .collect();
            all.sort_unstable();
            // Sorted by (post, score): the last of each post has its best score.
            let mut out: Vec<u32> = Vec::with_capacity(all.len());
            for p in all {
                match out.last_mut() {
                    Some(last) if *last >> 8 == p >> 8 => *last = p,
                    _ => out.push(p),
                }
            }
            Cow::Owned(out)
        }
    }
}

/// One shard from its terms (sorted), every term's group and every group's postings:
/// the shard's groups are numbered in the order its terms first name them.
fn write_shard(
    list: &[u32],
    all: &[&str],
    groups_of: &Groups,
    merged: &HashMap<usize, Cow<'_, [u32]>, FastHash>,
) -> Vec<u8> {
    let mut local: HashMap<usize, usize, FastHash> = HashMap::default();
    let mut groups: Vec<usize> = Vec::with_capacity(list.len());
    let mut merged_here: Vec<&[u32]> = Vec::new();
    for &d in list {
        let g = groups_of.of(d as usize).unwrap_or(usize::MAX);
        let n = *local.entry(g).or_insert_with(|| {
            merged_here.push(merged.get(&g).map_or(&[][..], |m| &m[..]));
            merged_here.len() - 1
        });
        groups.push(n);
    }
    let merged = merged_here;
    let mut out = String::with_capacity(64 + list.len() * 12);
    out.push_str("{\"terms\":[");
    for (i, &d) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(all[d as usize]).unwrap_or_else(|_| "\"\"".into()));
    }
    out.push_str("],\"groups\":[");
    join(&mut out, groups.iter().map(|&g| g as u32));
    out.push_str("],\"docs\":[");
    for (i, list) in merged.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        let mut prev = 0;
        join(
            &mut out,
            list.iter().map(|&p| {
                let id = p >> 8;
                let delta = id - prev;
                prev = id;
                delta
            }),
        );
        out.push(']');
    }
    out.push_str("],\"scores\":[");
    for (i, list) in merged.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        join(&mut out, list.iter().map(|&p| p & 0xff));
        out.push(']');
    }
    out.push_str("]}");
    out.into_bytes()
}

/// Numbers, comma-separated.
fn join(out: &mut String, numbers: impl Iterator<Item = u32>) {
    for (i, n) in numbers.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(itoa::Buffer::new().format(n));
    }
}
