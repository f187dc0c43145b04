//! Post pages: each post's Markdown rendered, its page and its search file written,
//! and what listings, feeds and the search index need of it kept.

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::{Context, Value};

use super::context::{self, Card, Neighbour, PostPage};
use super::{Digest, Output, Renderer, WriteFile, card_url, feeds};
use crate::content::body::Markdown;
use crate::error::Diagnostic;
use crate::markdown::{self, LinkBase, Rendered};
use crate::search;
use crate::site::Taxonomy;

/// A post rendered: its card in listings, what is kept of its body, its page, and its
/// file of the search index.
#[derive(Debug)]
pub struct PostOutput {
    /// The card listings show.
    pub card: Value,
    /// What is kept of the body.
    pub digest: Digest,
    /// The page.
    pub page: Result<Vec<u8>, Diagnostic>,
    /// `search/d/<id>.json`.
    pub doc: Vec<u8>,
}

impl Renderer<'_> {
    /// Renders every post (Markdown, then its page) in parallel and hands each page to
    /// `write` at once, so that neither the Markdown nor the HTML of all posts is held
    /// in memory together. `markdown[i]` is the body of `site.posts[i]`, or where to
    /// read it. Keeps what listings, feeds and search need; returns the problems met.
    /// With `files` (the plan), warns about each image the site does not have
    /// (`check` finds them in raw HTML too).
    pub fn render_posts(
        &mut self,
        markdown: Vec<Markdown>,
        files: Option<&BTreeMap<String, super::Job>>,
        write: &WriteFile<'_>,
    ) -> Vec<Diagnostic> {
        let this = &*self;
        let fence = crate::fsutil::Fence::for_site(this.source, &this.site.config.posts);
        let read = |i: usize, md: Markdown| match md {
            Markdown::Text(text) => Ok(text),
            Markdown::InFile(at) => {
                let p = &this.site.posts[i].post;
                at.read(&fence, &this.source.join(&p.source.rel), &p.file)
            }
        };
        let in_feed = feeds::held_whole(this.site);
        let count = this.site.posts.len();
        // Each file of results is written once its posts are rendered: (search id, entry)
        // of the files not complete yet.
        type Docs = std::collections::HashMap<usize, Vec<(usize, Vec<u8>)>>;
        let pending: std::sync::Mutex<Docs> = Default::default();
        // (errors, warnings): few, so gathered aside; the digests are collected in
        // place (100,000 posts' results besides their digests would be 13 MB more).
        let problems: std::sync::Mutex<(Vec<Diagnostic>, Vec<Diagnostic>)> = Default::default();
        let report = |errors: Vec<Diagnostic>, warnings: Vec<Diagnostic>| {
            if !errors.is_empty() || !warnings.is_empty() {
                let mut problems = problems.lock().unwrap_or_else(|e| e.into_inner());
                problems.0.extend(errors);
                problems.1.extend(warnings);
            }
        };
        let digests: Vec<Digest> = markdown
            .into_par_iter()
            .enumerate()
            .map(|(i, md)| {
                let md = match read(i, md) {
                    Ok(md) => md,
                    Err(d) => {
                        report(vec![d], Vec::new());
                        return Digest::default();
                    }
                };
                // The Markdown (and the parser's tree of it) is let go before the page
                // is rendered: a post's memory peaks at its HTML, not at both.
                let body = this.render_markdown(i, &md, in_feed[i]);
                let missing =
                    files.map_or_else(Vec::new, |f| this.missing_images(f, i, &body.images, &md));
                drop(md);
                let post = this.finish_post(i, body, in_feed[i]);
                let file = crate::url::page_file(&this.site.posts[i].path).unwrap_or_default();
                let id = search::doc_id(i, count);
                let n = id / search::DOC_GROUP;
                let complete = {
                    let mut pending = pending.lock().unwrap_or_else(|e| e.into_inner());
                    let docs = pending.entry(n).or_default();
                    docs.push((id, post.doc));
                    (docs.len() == search::doc_ids(n, count).len())
                        .then(|| pending.remove(&n))
                        .flatten()
                };
                let docs = complete.map(|mut docs| {
                    docs.sort_unstable_by_key(|d| d.0);
                    let bytes = search::doc::group(docs.iter().map(|d| d.1.as_slice()));
                    write(&search::doc_file(n), &bytes)
                });
                let errors = [
                    post.page.and_then(|bytes| write(&file, &bytes)).err(),
                    docs.and_then(Result::err),
                ];
                report(errors.into_iter().flatten().collect(), missing);
                // The card is let go: listings make theirs from the digest.
                post.digest
            })
            .collect();
        if self.digests.is_empty() {
            self.digests = digests;
        } else {
            self.digests.extend(digests);
        }
        let (mut errors, mut warnings) = problems.into_inner().unwrap_or_else(|e| e.into_inner());
        // Gathered as the threads finished them: put in an order that does not depend
        // on the threads.
        crate::error::sort_diagnostics(&mut errors);
        crate::error::sort_diagnostics(&mut warnings);
        self.warnings.extend(warnings);
        errors
    }

    /// Makes the search index from the terms of every post (their digests), for
    /// [`Renderer::output`] to give its files (`serve`, which keeps the terms for its
    /// edits): after [`Renderer::set_posts`].
    pub fn build_search(&mut self) {
        let terms: Vec<&search::PostTerms> = self.digests.iter().map(|d| &d.terms).collect();
        let shards = search::shard_count(self.site.posts.len());
        self.search = Some(search::index::build(&terms, &self.search_terms, shards));
    }

    /// Makes the search index from the terms of every post, which it lets go with the
    /// dictionary naming them (they are needed for nothing else: 46 MB for 100,000
    /// posts), and hands each of its files to `write` as soon as it is made: a build
    /// holds neither the whole index nor its files once they are written (about 64 and
    /// 75 MB for 100,000 posts; see [`search::index::write`]). Returns the problems
    /// met.
    pub fn write_search(&mut self, write: &WriteFile<'_>) -> Vec<Diagnostic> {
        search::terms::forget_thread_copies();
        let refs: Vec<&search::PostTerms> = self.digests.iter().map(|d| &d.terms).collect();
        let shards = search::shard_count(self.site.posts.len());
        let emit = |file: search::index::IndexFile, bytes: Vec<u8>| match file {
            search::index::IndexFile::Manifest => write(search::MANIFEST, &bytes),
            search::index::IndexFile::Shard(n) => write(&search::shard_file(n), &bytes),
        };
        let dictionary = std::mem::take(&mut self.search_terms);
        let names = dictionary.names();
        let failed = search::index::write(&refs, &names, shards, &emit).err();
        drop(refs);
        for d in &mut self.digests {
            d.terms = search::PostTerms::default();
        }
        failed.into_iter().collect()
    }

    /// Writes `search-index.json` to `out`: every post's entry (a JSON object), newest
    /// post first, each written to a buffer that is handed on and reused, so that the
    /// file (33 MB for 100,000 posts) is never held whole.
    pub fn write_post_list(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut buf = Vec::with_capacity(1 << 12);
        buf.push(b'[');
        for (i, digest) in self.digests.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            self.write_post_list_entry(i, digest, &mut buf);
            if buf.len() >= 1 << 12 {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        buf.push(b']');
        out.write_all(&buf)
    }

    /// The entry of post `i` in `search-index.json`, as JSON.
    pub fn post_list_entry(&self, i: usize, digest: &Digest) -> String {
        let mut out = Vec::new();
        self.write_post_list_entry(i, digest, &mut out);
        String::from_utf8(out).unwrap_or_else(|_| "{}".into())
    }

    /// [`Renderer::post_list_entry`], written at the end of `out`.
    pub(super) fn write_post_list_entry(&self, i: usize, digest: &Digest, out: &mut Vec<u8>) {
        let entry = context::PostListEntry::new(self.site, i, &digest.summary);
        let start = out.len();
        if serde_json::to_writer(&mut *out, &entry).is_err() {
            out.truncate(start);
            out.extend_from_slice(b"{}");
        }
    }

    /// The search index, once built.
    pub fn search_index(&self) -> Option<&search::Index> {
        self.search.as_ref()
    }

    /// Shares `terms`, the dictionary the terms of posts kept from an earlier render
    /// refer to (`serve` keeps one for as long as it runs).
    pub fn use_search_terms(&mut self, terms: std::sync::Arc<search::Terms>) {
        self.search_terms = terms;
    }

    /// The warnings rendering the posts found.
    pub fn take_warnings(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.warnings)
    }

    /// The images of post `i` (`images`, as its Markdown `md` writes them and as they
    /// resolve) that no file of the site serves, as warnings at the line of each.
    fn missing_images(
        &self,
        files: &BTreeMap<String, super::Job>,
        i: usize,
        images: &[(String, String)],
        md: &str,
    ) -> Vec<Diagnostic> {
        let site = self.site;
        let p = &site.posts[i].post;
        let base = site.config.base_url.path();
        let mut found = Vec::new();
        for (written, resolved) in images {
            let Some(path) = resolved.strip_prefix(base.trim_end_matches('/')) else {
                continue;
            };
            let path = path.split(['?', '#']).next().unwrap_or(path);
            let elsewhere =
                (site.config.check_elsewhere.iter()).any(|e| path.starts_with(e.as_str()));
            if elsewhere || !matches!(super::served_file(files, path), Ok(None)) {
                continue;
            }
            // Where it is written: as an image's address (`](x.png`, `(<x.png>`),
            // else anywhere; not found (written with escapes), the file alone.
            let at = [("](", ""), ("](<", ">")]
                .iter()
                .find_map(|(open, close)| {
                    let w = format!("{open}{written}{close}");
                    md.find(w.as_str()).map(|i| i + open.len())
                })
                .or_else(|| md.find(written.as_str()));
            let d = Diagnostic::warning(format!("{written} is not a file of this site"))
                .code("missing-image")
                .in_file(&p.file)
                .help("put the image beside the post (a folder with index.md) or in static/");
            found.push(match at {
                Some(at) => {
                    let line_start = md[..at].rfind('\n').map_or(0, |i| i + 1);
                    let line = md[..at].matches('\n').count();
                    d.at(p.body_line + line, md[line_start..at].chars().count() + 1)
                }
                None => d,
            });
        }
        found
    }

    /// Renders post `i` from its Markdown `md`: its card (for listings), what is kept
    /// of its body (the HTML only when `keep_html`: posts in a feed), its page and its
    /// search file.
    pub fn render_post(&self, i: usize, md: &str, keep_html: bool) -> PostOutput {
        self.finish_post(i, self.render_markdown(i, md, keep_html), keep_html)
    }

    /// The Markdown `md` of post `i`, rendered; with the feed's version of its HTML
    /// when `for_feed`.
    fn render_markdown(&self, i: usize, md: &str, for_feed: bool) -> Rendered {
        let site = self.site;
        let own = super::source_key(&site.posts[i].post.source.rel);
        markdown::render(
            md,
            LinkBase {
                base_path: site.config.base_url.path(),
                page_path: &site.posts[i].path,
                heading_ids: site.config.heading_ids,
                smart_punctuation: site.config.smart_punctuation,
                emoji_shortcodes: site.config.emoji_shortcodes,
                autolink: site.config.autolink,
                definition_lists: site.config.definition_lists,
                posts: Some((&own, &self.post_pages)),
                feed_origin: for_feed.then(|| site.config.base_url.origin()),
                plain_text: true,
            },
            &site.config.badges,
        )
    }

    /// Post `i` from its rendered Markdown, as [`Renderer::render_post`].
    fn finish_post(&self, i: usize, mut body: Rendered, keep_html: bool) -> PostOutput {
        let site = self.site;
        let sp = &site.posts[i];
        // The post's own page shows all of it; listings a card of bounded size.
        let listed = Card::listed(site, &self.links, sp, &body.summary, body.words);
        let text = body.text.take().unwrap_or_default();
        let (terms, doc) = self.search_post(i, &listed, &body.summary, &text);
        drop(text);
        let card = Value::from_serializable(&listed);
        let whole = if listed.is_whole() {
            card.clone()
        } else {
            Value::from_serializable(&Card::new(site, &self.links, sp, &body.summary, body.words))
        };
        drop(listed);
        let page = self.post_page(i, whole, &body);
        let Rendered {
            summary,
            words,
            feed_html,
            ..
        } = body;
        let digest = Digest {
            // Listings, feeds and search-index.json show the description where there
            // is one: the summary is then not kept (30 MB at 100,000 posts). One that
            // is kept is copied to a block of its size: shrunk in place, it would keep
            // up to half its room (mimalloc moves a block only below half).
            summary: if sp.post.description.is_some() {
                String::new()
            } else {
                summary.as_str().to_owned()
            },
            words,
            feed_html: feed_html.filter(|_| keep_html),
            terms,
        };
        PostOutput {
            card,
            digest,
            page,
            doc,
        }
    }

    /// The search terms of post `i` and its search file, from its card in listings,
    /// its summary and its text.
    fn search_post(
        &self,
        i: usize,
        card: &Card<'_>,
        summary: &str,
        text: &markdown::PlainText,
    ) -> (search::PostTerms, Vec<u8>) {
        let site = self.site;
        let sp = &site.posts[i];
        let p = &sp.post;
        // What the post says of itself besides its title and body: whole, for the
        // index (cards cut it).
        let mut meta = String::from(p.description.as_deref().unwrap_or(summary));
        let names = (Taxonomy::ALL.iter())
            .flat_map(|&t| {
                sp.terms(t)
                    .iter()
                    .map(move |&g| site.terms(t)[g].name.as_str())
            })
            .chain(sp.authors().iter().map(|&a| site.authors[a].name.as_str()));
        for name in names {
            meta.push('\n');
            meta.push_str(name);
        }
        let terms = self.search_terms.collect(&search::Fields {
            title: &p.title,
            meta: &meta,
            headings: &text.headings,
            body: &text.text,
        });
        // The tags the card shows, named as it names them.
        let tags: Vec<std::borrow::Cow<'_, str>> = (sp.tags().iter().take(card.tags.len()))
            .map(|&t| context::cut(&site.tags[t].name, context::listed::NAME_CHARS))
            .collect();
        let tags: Vec<&str> = tags.iter().map(|t| t.as_ref()).collect();
        let doc = search::doc::fragment(&search::doc::Doc {
            url: &card.url,
            title: &card.title,
            date: &card.date_iso,
            date_text: &card.date,
            author: &card.author_names,
            tags,
            description: &card.summary,
            text: search::doc::excerpt_text(&text.text, search::doc::MAX_TEXT_BYTES),
        });
        (terms, doc)
    }

    /// The card of post `i` in listings, from what was kept of its body (no Markdown
    /// rendered).
    pub fn card_from_digest(&self, i: usize, digest: &Digest) -> Value {
        let sp = &self.site.posts[i];
        Value::from_serializable(&Card::listed(
            self.site,
            &self.links,
            sp,
            &digest.summary,
            digest.words,
        ))
    }

    /// Hands the renderer the cards and digests of every post (in `site.posts` order),
    /// kept from an earlier render, instead of [`Renderer::render_posts`] making them.
    pub fn set_posts(&mut self, cards: Vec<Value>, digests: Vec<Digest>) {
        self.cards = Some(cards);
        self.digests = digests;
        self.feed_items = self.site.posts.iter().map(|_| Default::default()).collect();
    }

    /// Gives back the cards and digests, to keep them for the next render.
    pub fn take_posts(self) -> (Vec<Value>, Vec<Digest>) {
        (self.cards.unwrap_or_default(), self.digests)
    }

    pub(super) fn post_card(&self, i: usize) -> Result<Output, Diagnostic> {
        let Some(social) = self.social else {
            return Err(Diagnostic::error("internal: social cards are off"));
        };
        let site = self.site;
        let sp = &site.posts[i];
        let author = sp
            .authors()
            .iter()
            .map(|&a| site.authors[a].name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let tags: Vec<&str> = sp
            .tags()
            .iter()
            .take(3)
            .map(|&t| site.tags[t].name.as_str())
            .collect();
        let date = sp.post.date.display();
        let text = crate::social::CardText {
            title: &sp.post.title,
            author: &author,
            date: &date,
            site: &site.config.title,
            tags: &tags,
            logo: social.logo_key(),
        };
        // With a cache, the card is linked or copied from it; nothing is read here.
        let key = crate::social::CardRenderer::cache_key(&text);
        social.card(&key, |r| r.render(&text)).map_err(|e| {
            Diagnostic::error(format!("social card: {e}"))
                .in_file(&sp.post.file)
                .help("set `social_cards: false` in bulletin.yaml to build without them")
        })
    }

    fn post_page(&self, i: usize, card: Value, body: &Rendered) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let sp = &site.posts[i];
        let references = context::RefGroup::all(&body.references);
        let page = PostPage {
            toc: &body.headings,
            extra: sp.post.extra(),
            slug: sp.post.slug(),
            reference_count: references.iter().map(|g| g.badges.len()).sum(),
            references,
            social_card: card_url(site, &sp.path),
            scheduled: sp.post.date.timestamp() > site.now,
            releases: context::ReleaseCtx::all(site, i),
            json_ld: super::describe::blog_posting(site, i, &body.summary),
        };
        // What the page holds at least: the body, the references, the contents.
        let size = body.html.len()
            + (page.references.iter())
                .flat_map(|g| &g.badges)
                .map(|b| b.html.len() + 16)
                .sum::<usize>()
            + (page.toc.iter())
                .map(|h| h.id.len() + h.title.len() + 48)
                .sum::<usize>();
        let mut c = Context::new();
        c.insert("page", &page);
        drop(page);
        c.insert_value("card", card);
        c.insert_value("content", Value::safe_string(&body.html));
        c.insert(
            "previous",
            &(i + 1 < site.posts.len()).then(|| Neighbour::new(site, i + 1)),
        );
        c.insert("next", &i.checked_sub(1).map(|n| Neighbour::new(site, n)));
        // The post's URL, which for a page written as `x.html` may be `x`.
        let meta = super::Meta {
            canonical: Some(site.config.base_url.absolute(&site.posts[i].path)),
            description: None,
        };
        self.render_sized("post.html", &meta, c, size)
    }
}
