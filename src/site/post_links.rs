//! Links from one post to another written the way other generators write them
//! (`{% post_url 2024-01-31-x %}`, `{{< ref "x.md" >}}`, `@/news/x.md`): the dialect
//! reader leaves a marker naming the post by (the end of) its file path, and once every
//! post has its URL, [`PostIndex`] finds the post and [`resolve_bodies`] writes its path
//! in place of the marker.

use std::collections::HashMap;

use rayon::prelude::*;

use super::Site;
use crate::content::dialect;
use crate::error::Diagnostic;

/// The published posts by every ending of their file paths (`content/posts/x`,
/// `posts/x`, `x`): a link's key is looked up, never searched for.
pub struct PostIndex<'a> {
    site: &'a Site,
    by_key: HashMap<String, Vec<usize>>,
    /// The posts left out (drafts, future ones), the same way: a link to one gets its
    /// own message.
    held_by_key: HashMap<String, usize>,
}

impl<'a> PostIndex<'a> {
    /// Indexes the posts of `site`.
    pub fn new(site: &'a Site) -> Self {
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, sp) in site.posts.iter().enumerate() {
            let key = dialect::post_key(&sp.post.source.rel.to_string_lossy());
            for suffix in dialect::key_suffixes(&key) {
                by_key.entry(suffix.to_string()).or_default().push(i);
            }
        }
        let mut held_by_key = HashMap::new();
        for (i, h) in site.held.iter().enumerate() {
            let key = dialect::post_key(&h.file.to_string_lossy());
            for suffix in dialect::key_suffixes(&key) {
                held_by_key.entry(suffix.to_string()).or_insert(i);
            }
        }
        Self {
            site,
            by_key,
            held_by_key,
        }
    }

    /// The path of the one post `key` names: the longest ending of `key` that ends the
    /// file path of exactly one post. An error says why there is none.
    pub fn lookup(&self, key: &str) -> Result<String, String> {
        for suffix in dialect::key_suffixes(key) {
            match self.by_key.get(suffix).map(Vec::as_slice) {
                Some([one]) => return Ok(self.site.posts[*one].path.to_string()),
                Some([a, b, ..]) => {
                    return Err(format!(
                        "more than one post's file path ends with it ({} and {}); write more of \
                         the path",
                        self.site.posts[*a].post.file.display(),
                        self.site.posts[*b].post.file.display()
                    ));
                }
                _ => {}
            }
        }
        let held = dialect::key_suffixes(key)
            .find_map(|k| self.held_by_key.get(k))
            .map(|&i| &self.site.held[i]);
        Err(match held {
            Some(h) if h.draft => "it is a draft, which is not published".to_string(),
            Some(_) => "it is dated in the future, so not published yet".to_string(),
            None => "no published post's file path ends with it".to_string(),
        })
    }
}

/// Writes the path of each post a body links to in place of its marker, in every post
/// that has one; the errors (a post nobody has) are located where the link was written.
pub fn resolve_bodies(site: &mut Site) -> Vec<Diagnostic> {
    let marked: Vec<usize> = (0..site.posts.len())
        .filter(|&i| dialect::has_post_links(&site.posts[i].post.body))
        .collect();
    if marked.is_empty() {
        return Vec::new();
    }
    let index = PostIndex::new(site);
    let resolved: Vec<(usize, Option<String>, Vec<Diagnostic>)> = marked
        .par_iter()
        .map(|&i| {
            let p = &site.posts[i].post;
            let (body, diags) =
                dialect::resolve_post_links(&p.body, p.body_line, &p.file, &|k| index.lookup(k));
            (i, body, diags)
        })
        .collect();
    drop(index);
    let mut diags = Vec::new();
    for (i, body, d) in resolved {
        if let Some(body) = body {
            site.posts[i].post.body = body;
        }
        diags.extend(d);
    }
    diags
}
