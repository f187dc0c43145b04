//! Rendering and writing the files whose fingerprint changed (post pages with their
//! cards first, then every other file), then recording what was written, what failed
//! and what the site no longer has.

use std::collections::HashMap;
use std::hash::Hash;
use std::path::PathBuf;

use rayon::prelude::*;
use tera::Value;

use crate::error::Diagnostic;
use crate::render::{self, Digest, Job, Renderer};

use super::atomic::Out;
use super::first;
use super::inputs::{JobInputs, LinkProblems, LinkTargets, Page, PostInputs};
use super::{Built, Live, Model, Outcome, Rendered, SearchFps, fingerprint};

impl Live {
    /// Renders and writes what changed: post pages (with their cards) first, then every
    /// other file whose fingerprint changed. Returns each file written or failed, and
    /// the links between posts that lead nowhere.
    pub(super) fn render(
        &self,
        mut m: Model,
        bodies: &HashMap<PathBuf, String>,
        config_fp: u64,
        lap: &dyn Fn(&str),
    ) -> (Model, Vec<Written>, LinkProblems) {
        let (source, shown) = (&self.opts.source, &self.opts.shown);
        let out = Out {
            dir: &self.opts.out,
            served: self.served,
        };
        let (tera, sources) = self.templates.as_ref().expect("checked by apply");
        let site = &m.site;
        let social = site.config.social_cards.then_some(&self.social);
        let mut renderer = Renderer::new(source, site, tera, sources, &self.statics, social);
        renderer.use_search_terms(self.search_terms.clone());
        let global = global_fingerprint(config_fp, site);
        let template_fp = |job: &Job| template_fingerprint(sources, job);

        // Post pages, with their cards: in parallel, each from its own inputs.
        let in_feed = render::feeds::held_whole(site);
        let mut links = LinkTargets::new(site, &self.posts, m.candidates.as_deref());
        let work: Vec<(usize, Rendered)> = match &m.candidates {
            Some(c) => (c.iter())
                .map(|&i| (i, std::mem::take(&mut m.posts[i])))
                .collect(),
            None => std::mem::take(&mut m.posts)
                .into_iter()
                .enumerate()
                .collect(),
        };
        let post_inputs = PostInputs {
            site,
            renderer: &renderer,
            reads: &self.posts,
            bodies,
            in_feed: &in_feed,
            fence: &self.fence,
            source,
            shown,
            out,
            config_fp,
            global,
            template: template_fp(&Job::Post(0)),
            read_keys: (
                &sources.read_keys,
                fingerprint(|h| sources.read_keys.hash(h)),
            ),
            fps: &m.fps,
            links: &links,
        };
        // The first render of a server that listens already: the files requests wait
        // for come first.
        let gate = (self.gate.as_deref())
            .filter(|g| !g.is_open() && m.candidates.is_none() && m.fps.is_empty());
        if let Some(gate) = gate {
            gate.plan(m.jobs.keys());
        }
        let ahead = first::Ahead {
            source,
            site,
            tera,
            sources,
            statics: &self.statics,
            social,
            jobs: &m.jobs,
            fence: &self.fence,
            out,
        };
        m.posts.resize_with(site.posts.len(), Rendered::default);
        let update = |i, r| post_inputs.update(i, r);
        // Files written ahead of their turn are written again in it, with every card: a
        // theme that shows more of other posts than `inputs::shown` says gets them then.
        let (pages, early): (Vec<(usize, Page)>, Vec<Written>) = match gate {
            Some(gate) => first::post_pages(gate, work, update, &mut m.posts, &ahead),
            None => {
                let results: Vec<(usize, Rendered, Page)> =
                    work.into_par_iter().map(|(i, r)| update(i, r)).collect();
                let mut pages = Vec::with_capacity(results.len());
                for (i, r, page) in results {
                    m.posts[i] = r;
                    pages.push((i, page));
                }
                (pages, Vec::new())
            }
        };
        // Those may be read meanwhile: they are replaced in one step.
        let early: std::collections::HashSet<String> =
            early.into_iter().map(|(file, ..)| file).collect();
        let mut written: Vec<Written> = Vec::new();
        let link_problems = std::mem::take(&mut links.problems);
        let touched: Vec<usize> = pages.iter().map(|(i, _)| *i).collect();
        for (_, (file, fp, result)) in pages {
            written.extend(result.map(|result| (file, fp, result)));
        }
        let cards: Vec<Value> = (m.posts.iter_mut())
            .map(|r| std::mem::replace(&mut r.card, Value::none()))
            .collect();
        let digests: Vec<Digest> = (m.posts.iter_mut())
            .map(|r| std::mem::take(&mut r.digest))
            .collect();
        renderer.set_posts(cards, digests);
        lap("post pages");

        // The search index, made again when the terms of a post changed; its files'
        // fingerprints are those of their bytes, so only the shards that changed are
        // written.
        let terms_fp = terms_fingerprint(&m.posts);
        let shards = crate::search::shard_count(site.posts.len());
        let stale =
            (m.search.as_ref()).is_none_or(|s| s.from != terms_fp || s.shards.len() != shards);
        // An edit that moves no post keeps the index it has for now: building it again
        // is most of such an edit's time on a large site, and the server catches it up
        // once the pages are served ([`Live::catch_up_search`]).
        let later = self.defer_search
            && m.candidates.is_some()
            && m.search.as_ref().is_some_and(|s| s.shards.len() == shards);
        let rebuilt = stale && !later;
        if rebuilt {
            renderer.build_search();
            m.search = renderer.search_index().map(|index| SearchFps {
                from: terms_fp,
                manifest: fingerprint(|h| index.manifest.hash(h)),
                shards: (index.shards.iter())
                    .map(|b| fingerprint(|h| b.hash(h)))
                    .collect(),
            });
            lap("search index");
        }

        // Every other file: rendered when its fingerprint changed. In a patched model,
        // only files showing one of the posts looked at can have changed.
        let inputs = JobInputs {
            site,
            posts: &m.posts,
            statics: &self.statics,
            source,
            search: m.search.as_ref(),
            releases: Default::default(),
        };
        let looked_at: Vec<(&String, &Job)> = (m.jobs.iter())
            .filter(|(file, job)| {
                !matches!(job, Job::Post(_))
                    && (m.candidates.is_none()
                        || (m.statics_changed
                            && matches!(job, Job::Static(_) | Job::HostRedirects))
                        || (rebuilt && matches!(job, Job::SearchManifest | Job::SearchShard(_)))
                        || inputs.shows_any(job, &touched)
                        || m.failed.contains(*file))
            })
            .collect();
        // The first render writes every file: their fingerprints can wait until the
        // server listens ([`Live::catch_up_fingerprints`]), which is a quarter of the
        // start-up of a large site.
        let first = m.fps.is_empty() && m.candidates.is_none();
        let dirty: Vec<(&String, &Job, u64)> = if first {
            m.fps_pending = true;
            (looked_at.into_iter())
                .map(|(file, job)| (file, job, PENDING))
                .collect()
        } else {
            (looked_at.into_par_iter())
                .filter_map(|(file, job)| {
                    let fp = file_fingerprint(file, job, global, template_fp(job), &inputs);
                    (m.fps.get(file) != Some(&fp)).then_some((file, job, fp))
                })
                .collect()
        };
        lap("fingerprints");
        // A search file to write again (it failed last time) with no index made yet.
        let search_due = (dirty.iter())
            .any(|(_, job, _)| matches!(job, Job::SearchManifest | Job::SearchShard(_)));
        if search_due && renderer.search_index().is_none() {
            renderer.build_search();
        }
        let renderer = renderer;
        written.extend(first::in_batches(
            gate,
            &dirty,
            dirty_file,
            |(file, job, fp)| {
                // Files of search results: made from their posts' entries, kept.
                if let Job::SearchDocs(n) = job {
                    let count = site.posts.len();
                    let docs = (crate::search::doc_ids(*n, count))
                        .map(|id| m.posts[crate::search::doc_id(id, count)].doc.as_slice())
                        .map(|doc| {
                            if doc.is_empty() {
                                b"{}".as_slice()
                            } else {
                                doc
                            }
                        });
                    let bytes = crate::search::doc::group(docs);
                    return ((*file).clone(), *fp, out.write(file, &bytes));
                }
                let out = Out {
                    served: out.served || early.contains(*file),
                    ..out
                };
                let result = first::write_output(&renderer, &self.fence, out, file, job);
                ((*file).clone(), *fp, result)
            },
        ));
        lap("other files");
        let (cards, digests) = renderer.take_posts();
        for ((r, card), digest) in m.posts.iter_mut().zip(cards).zip(digests) {
            r.card = card;
            r.digest = digest;
        }
        (m, written, link_problems)
    }

    /// Records what was written and what failed, removes files the site no longer
    /// has, and keeps the model for the next update.
    pub(super) fn finish(&mut self, mut m: Model, results: Vec<Written>) -> Outcome {
        let mut outcome = Outcome::default();
        for (file, fp, result) in results {
            match result {
                Ok(()) => {
                    if m.failed.remove(&file) {
                        self.problems.remove(&format!("out:{file}"));
                    }
                    m.fps.insert(file.clone(), fp);
                    outcome.written.push(file);
                }
                Err(d) => {
                    self.problems.insert(format!("out:{file}"), vec![d]);
                    m.fps.remove(&file);
                    m.failed.insert(file);
                }
            }
        }
        // Only a rebuilt model can lose files.
        if m.candidates.is_none() {
            let jobs = &m.jobs;
            m.fps.retain(|file, _| {
                let keep = jobs.contains_key(file);
                if !keep {
                    let _ = std::fs::remove_file(self.opts.out.join(file));
                    outcome.removed.push(file.clone());
                }
                keep
            });
            // A file that failed last time still holds its last good version: it goes
            // too when its page does.
            let out = &self.opts.out;
            m.failed.retain(|file| {
                let keep = jobs.contains_key(file);
                if !keep {
                    let _ = std::fs::remove_file(out.join(file));
                    outcome.removed.push(file.clone());
                }
                keep
            });
            self.problems.retain(|key, _| {
                key.strip_prefix("out:")
                    .is_none_or(|file| jobs.contains_key(file))
            });
        }
        outcome.written.sort();
        outcome.removed.sort();
        self.built = Some(Built {
            fps_pending: m.fps_pending,
            site: m.site,
            jobs: m.jobs,
            posts: m.posts,
            fps: m.fps,
            failed: m.failed,
            search: m.search,
        });
        outcome
    }
}

/// The file of an entry of the files to render.
fn dirty_file<'d>((file, ..): &'d (&String, &Job, u64)) -> &'d str {
    file
}

/// The fingerprint a file is recorded with before its real one is known: it differs
/// from the real one, so the file is rendered again whenever it is looked at.
pub(super) const PENDING: u64 = 0;

/// A fingerprint of what every page shares: the config and the site's context.
pub(super) fn global_fingerprint(config_fp: u64, site: &crate::site::Site) -> u64 {
    fingerprint(|h| {
        config_fp.hash(h);
        serde_json::to_string(&render::context::SiteCtx::new(site))
            .unwrap_or_default()
            .hash(h);
    })
}

/// The fingerprint of the template `job` is rendered with, if any.
pub(super) fn template_fingerprint(
    sources: &crate::templates::TemplateSources,
    job: &Job,
) -> Option<u64> {
    job.template()
        .and_then(|t| sources.fingerprints.get(t))
        .copied()
}

/// The fingerprint of what the file `file` (not a post page) is made from.
pub(super) fn file_fingerprint(
    file: &str,
    job: &Job,
    global: u64,
    template: Option<u64>,
    inputs: &JobInputs<'_>,
) -> u64 {
    fingerprint(|h| {
        // A file of search results holds its posts' entries only: not remade when a
        // post is added elsewhere.
        if matches!(job, Job::SearchDocs(_)) {
            file.hash(h);
        } else {
            (file, global, template).hash(h);
        }
        inputs.hash_job(job, h);
    })
}

/// A fingerprint of every post's search terms, in order: what the index is made from.
pub(super) fn terms_fingerprint(posts: &[Rendered]) -> u64 {
    fingerprint(|h| {
        for r in posts {
            r.terms_fp.hash(h);
        }
    })
}

/// A file written (or not): its path, its fingerprint, how writing it went.
pub(super) type Written = (String, u64, Result<(), Diagnostic>);
