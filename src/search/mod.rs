//! Full-text search, built into the build: each post's terms are collected while the
//! post renders ([`Terms::collect`], in the parallel pass, from the plain text the
//! Markdown stage kept), and once every post is rendered the index is written as
//! small static files a browser loads only as a query needs them ([`index::build`]):
//!
//! - `search/index.json`, the manifest: format version, post count, shard count, the
//!   words left out (see [`STOP_WORDS`]);
//! - `search/t/<n>.json`, the shards: every term whose first [`KEY_CHARS`] characters
//!   hash to `n` ([`text::shard_of`]), each with the posts holding it and a score, so
//!   that a word of at least three characters, whole or being typed, is looked up in one
//!   shard;
//! - `search/d/<n>.json`, the results: for [`DOC_GROUP`] posts each (ids `4n` to
//!   `4n + 3`), what a result shows ([`doc::fragment`]: title, URL, date and the text
//!   excerpts are cut from), loaded only for the results shown. Ids count from the
//!   oldest post, so a new post changes the last file only.
//!
//! Fed by `render` (which knows the posts and pages); it knows nothing of them itself,
//! only text and numbers. The browser side is `static/site.js`, which normalizes and
//! cuts a query as [`text`] does. Output is deterministic: terms are ordered by their
//! text, never by the order the parallel render met them.

pub mod doc;
pub mod index;
pub mod scan;
pub mod terms;
pub mod text;

pub use index::Index;
pub use terms::{Fields, PostTerms, Terms};

/// The version of the index's format, in the manifest: a script reading another
/// version says the index must be rebuilt rather than misreading it.
pub const VERSION: u32 = 1;

/// How many characters of a term choose its shard: a query word this long or longer
/// finds, in one shard, every term it begins.
pub const KEY_CHARS: usize = 3;

/// The manifest, under the output.
pub const MANIFEST: &str = "search/index.json";

/// Words too common to tell posts apart: not indexed, and left out of queries too
/// (the manifest lists them for the script).
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "its", "of",
    "on", "or", "that", "the", "this", "to", "was", "were", "with",
];

/// The shard file of shard `n`, under the output.
pub fn shard_file(n: usize) -> String {
    format!("search/t/{n}.json")
}

/// Posts in one file of results: the ids `n * DOC_GROUP` up to the next multiple.
pub const DOC_GROUP: usize = 4;

/// The file of results `n` (holding the posts with ids `4n` to `4n + 3`), under the
/// output.
pub fn doc_file(n: usize) -> String {
    format!("search/d/{n}.json")
}

/// How many files of results `posts` posts take.
pub fn doc_files(posts: usize) -> usize {
    posts.div_ceil(DOC_GROUP)
}

/// The search ids of the posts in file of results `n`, of `count` posts.
pub fn doc_ids(n: usize, count: usize) -> std::ops::Range<usize> {
    (n * DOC_GROUP).min(count)..((n + 1) * DOC_GROUP).min(count)
}

/// The search id of the post at `index` among `count` posts sorted newest first.
pub fn doc_id(index: usize, count: usize) -> usize {
    count.saturating_sub(index + 1)
}

/// How many shards a site of `posts` posts gets: about one for every 16 posts, a
/// power of two from 1 to 4096. Known before any post is rendered, so the plan lists
/// every file; a one-word query then loads one shard of a few dozen kilobytes.
pub fn shard_count(posts: usize) -> usize {
    posts.div_ceil(16).next_power_of_two().clamp(1, 4096)
}

#[cfg(test)]
mod tests;
