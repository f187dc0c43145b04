//! Reading what changed: the config, the posts (a post that no longer parses keeps its
//! last good version), authors, templates and static files; and telling an edited post
//! that stays where it was (the model is patched) from one that moves (it is rebuilt).

use std::collections::{BTreeSet, HashMap};
use std::hash::Hash;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::{Config, Overrides};
use crate::content::{self, post::Post};
use crate::error::Diagnostic;
use crate::site::releases::title_releases;
use crate::templates;
use crate::version::Releases;

use super::{Changes, Live, Read, fingerprint};

impl Live {
    /// Reads `bulletin.yaml`; on an error, the last good config stays.
    pub(super) fn read_config(&mut self) {
        let source = &self.opts.source;
        let overrides = Overrides {
            base_url: Some(self.opts.base_url.clone()),
        };
        match Config::load_with_text(source, &self.opts.shown, &overrides) {
            Ok((config, text)) => {
                let fp = fingerprint(|h| (&text, &self.opts.base_url).hash(h));
                self.fence = crate::fsutil::Fence::for_site(source, &config.posts);
                self.config = Some((config, fp));
                self.problems.remove("config");
            }
            Err(d) => {
                self.problems.insert("config".into(), vec![d]);
            }
        }
    }

    /// The posts folders of the last good config.
    pub(super) fn posts_folders(&self) -> Vec<String> {
        self.config.as_ref().map_or_else(
            || vec![crate::config::DEFAULT_POSTS.to_string()],
            |(c, _)| c.posts.clone(),
        )
    }

    /// Walks the content folder again when files came or went, then reads the posts
    /// that are new or edited. A post that no longer parses keeps its last good version.
    pub(super) fn read_posts(&mut self, changes: &Changes, all: bool) -> PostsRead {
        let (source, shown) = (self.opts.source.clone(), self.opts.shown.clone());
        let mut out = PostsRead::default();
        if all || changes.discover {
            let mut diags = Vec::new();
            let folders = self.posts_folders();
            let layout = match &self.config {
                Some((c, _)) => c.layout(),
                None => content::Layout {
                    posts: &folders,
                    slug_style: Default::default(),
                    undated_oldest: false,
                },
            };
            let found = content::discover(&source, &shown, layout, &mut diags);
            out.discovered = found != self.sources;
            self.sources = found;
            self.set_problems("discover".into(), diags);
            self.source_index = (self.sources.posts.iter().enumerate())
                .map(|(i, p)| (p.rel.clone(), i))
                .collect();
            let present: BTreeSet<&PathBuf> = self.sources.posts.iter().map(|p| &p.rel).collect();
            self.posts.retain(|rel, _| present.contains(rel));
            self.problems.retain(|key, _| {
                key.strip_prefix("post:")
                    .is_none_or(|rel| present.contains(&PathBuf::from(rel)))
            });
        }
        let to_read: Vec<&content::PostSource> = if all || changes.discover {
            (self.sources.posts.iter())
                .filter(|ps| {
                    all || changes.posts.contains(&ps.rel)
                        || (self.posts.get(&ps.rel)).is_none_or(|r| r.post.source != **ps)
                })
                .collect()
        } else {
            (changes.posts.iter())
                .filter_map(|rel| self.source_index.get(rel))
                .map(|&i| &self.sources.posts[i])
                .collect()
        };
        let read: Vec<ReadPost> = to_read
            .par_iter()
            .map(|ps| {
                let file = shown.join(&ps.rel);
                match self.fence.read_to_string(&source.join(&ps.rel)) {
                    Ok(text) => {
                        let fp = fingerprint(|h| text.hash(h));
                        let (post, diags) = content::post::parse_post(ps, &file, &text);
                        let post = post.map(|p| {
                            let links = content::dialect::post_links(&p.body, p.body_line);
                            (p, fp, links)
                        });
                        (ps.rel.clone(), post, diags)
                    }
                    Err(e) => (
                        ps.rel.clone(),
                        None,
                        vec![e.diagnostic("read the post", &file)],
                    ),
                }
            })
            .collect();
        let releases = (self.config.as_ref()).and_then(|(c, _)| c.releases.clone());
        for (rel, post, diags) in read {
            let key = format!("post:{}", rel.display());
            let was_broken = self.problems.contains_key(&key);
            self.set_problems(key, diags);
            let Some((mut post, text, links)) = post else {
                continue;
            };
            out.bodies
                .insert(rel.clone(), std::mem::take(&mut post.body));
            match self.posts.get(&rel) {
                Some(old)
                    if placement(&old.post, releases.as_ref())
                        == placement(&post, releases.as_ref()) =>
                {
                    // A post fixed back to its last good text still needs its page:
                    // it may have failed meanwhile.
                    if old.text != text || was_broken {
                        out.patched.push(rel.clone());
                    }
                }
                _ => out.moved = true,
            }
            self.posts.insert(rel, Read { post, text, links });
        }
        out
    }

    /// Reads author files, templates and static files, as far as they changed. Broken
    /// templates leave the last good ones in use. Says whether the templates in use
    /// changed, and whether static files came or went (the plan changes; an edited one
    /// is only copied again).
    pub(super) fn read_theme(&mut self, changes: &Changes, all: bool) -> ThemeRead {
        let mut read = ThemeRead::default();
        let (source, shown) = (self.opts.source.clone(), self.opts.shown.clone());
        if all || changes.authors || changes.discover {
            let mut diags = Vec::new();
            self.authors =
                content::authors::load_authors(&source, &shown, &self.sources.authors, &mut diags);
            self.set_problems("authors".into(), diags);
        }
        if all || changes.templates {
            let mut diags = Vec::new();
            let loaded = templates::load(&source, &shown, &mut diags);
            if !diags.iter().any(Diagnostic::is_error) {
                let (_, new) = &loaded;
                read.templates = (self.templates.as_ref()).is_none_or(|(_, old)| {
                    (&old.fingerprints, &old.read_keys) != (&new.fingerprints, &new.read_keys)
                });
                self.templates = Some(loaded);
            }
            self.set_problems("templates".into(), diags);
        }
        if all || changes.statics {
            let mut diags = Vec::new();
            let statics = templates::static_files(&source, &shown, &mut diags);
            self.set_problems("static".into(), diags);
            read.statics_moved = !statics.keys().eq(self.statics.keys());
            self.statics = statics;
        }
        read
    }
}

/// What [`Live::read_theme`] found.
#[derive(Default)]
pub(super) struct ThemeRead {
    /// The templates in use changed (not only their files' times).
    pub(super) templates: bool,
    /// Static files came or went.
    pub(super) statics_moved: bool,
}

/// What [`Live::read_posts`] found.
#[derive(Default)]
pub(super) struct PostsRead {
    /// The bodies of the posts read, by file.
    pub(super) bodies: HashMap<PathBuf, String>,
    /// Posts whose text changed while they stay where they were.
    pub(super) patched: Vec<PathBuf>,
    /// A post came, went, or changed what places it (date, slug, tags, categories…).
    pub(super) moved: bool,
    /// The walk of the posts folders found other files than the last one (a folder
    /// touched, as a save in it does, walks them again).
    pub(super) discovered: bool,
}

/// A post file read: its path, the post with its text's fingerprint and its links to
/// other posts (None if it did not parse), and its problems.
type ReadPost = (
    PathBuf,
    Option<(Post, u64, Vec<content::dialect::PostLink>)>,
    Vec<Diagnostic>,
);

/// What of a post moves it on the site (its place in lists, its URL, its groups, the
/// releases it announces, which its title can name; `releases`: the site's): when none
/// of it changed, the model is patched instead of rebuilt. A title edit that names the
/// same releases only patches it.
fn placement<'p>(p: &'p Post, releases: Option<&Releases>) -> impl PartialEq + 'p {
    (
        (&p.source, &p.own_slug, p.path.as_ref().map(|l| &l.value)),
        p.date,
        &p.authors,
        &p.tags,
        &p.categories,
        p.published,
        p.redirects.iter().map(|r| &r.value).collect::<Vec<_>>(),
        (title_releases(releases, &p.title), &p.release, p.guid()),
    )
}
