//! The first render of a served site, while the server already listens: files are
//! rendered in batches, and before each batch the files requests wait for (see
//! [`Gate`]) are taken first. A listing that is asked for early is rendered as soon
//! as the posts it shows are: the newest posts come first, so the front page is
//! among the first files written.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use tera::{Tera, Value};

use crate::error::Diagnostic;
use crate::fsutil::Fence;
use crate::render::{Job, Output, Renderer, SocialCards};
use crate::serve::gate::Gate;
use crate::site::Site;
use crate::templates::{StaticFile, TemplateSources};

use super::Rendered;
use super::atomic::Out;
use super::inputs::{Page, needs};
use super::rerender::{PENDING, Written};

/// Post pages rendered between looks at what requests wait for: a few milliseconds'
/// work on two cores.
const POSTS_PER_BATCH: usize = 128;
/// Other files rendered between looks.
const FILES_PER_BATCH: usize = 256;

/// What rendering a file ahead of its turn needs.
pub(super) struct Ahead<'a> {
    pub(super) source: &'a std::path::Path,
    pub(super) site: &'a Site,
    pub(super) tera: &'a Tera,
    pub(super) sources: &'a TemplateSources,
    pub(super) statics: &'a BTreeMap<String, StaticFile>,
    pub(super) social: Option<&'a SocialCards>,
    pub(super) jobs: &'a BTreeMap<String, Job>,
    pub(super) fence: &'a Fence,
    pub(super) out: Out<'a>,
}

/// Renders the post pages of `work` (every post, in order) with `update`, in batches,
/// and with them the files requests wait for. Each post's card and digest go to
/// `posts`. Returns the pages written, and the other files written ahead of their turn
/// (which are written again in it).
pub(super) fn post_pages(
    gate: &Gate,
    work: Vec<(usize, Rendered)>,
    update: impl Fn(usize, Rendered) -> (usize, Rendered, Page) + Sync + Send,
    posts: &mut [Rendered],
    ahead: &Ahead<'_>,
) -> (Vec<(usize, Page)>, Vec<Written>) {
    let mut pending: Vec<Option<Rendered>> = (0..posts.len()).map(|_| None).collect();
    for (i, r) in work {
        pending[i] = Some(r);
    }
    let (mut pages, mut early) = (Vec::new(), Vec::new());
    let mut next = 0;
    while !gate.is_stopped() {
        let mut batch: Vec<(usize, Rendered)> = Vec::new();
        let mut take = |i: usize, batch: &mut Vec<(usize, Rendered)>| {
            if let Some(r) = pending.get_mut(i).and_then(Option::take) {
                batch.push((i, r));
            }
        };
        let total = posts.len();
        // Files asked for: their posts first, then the files themselves. A file that
        // shows every post waits for the posts, then comes first among the other files.
        let mut files: Vec<&String> = Vec::new();
        let mut later: Vec<String> = Vec::new();
        for wanted in gate.take_wanted() {
            let Some((file, job)) = ahead.jobs.get_key_value(&wanted) else {
                continue;
            };
            match needs(ahead.site, job) {
                Some(shown) if !matches!(job, Job::Post(_)) => {
                    shown.into_iter().for_each(|i| take(i, &mut batch));
                    files.push(file);
                }
                Some(shown) => shown.into_iter().for_each(|i| take(i, &mut batch)),
                None => later.push(wanted),
            }
        }
        gate.want_again(later);
        // A batch with files asked for is only what they need: they are written first.
        let asked = !batch.is_empty() || !files.is_empty();
        while !asked && batch.len() < POSTS_PER_BATCH && next < total {
            take(next, &mut batch);
            next += 1;
        }
        if batch.is_empty() && files.is_empty() {
            break;
        }
        let done: Vec<(usize, Rendered, Page)> =
            batch.into_par_iter().map(|(i, r)| update(i, r)).collect();
        let first = pages.len();
        for (i, r, page) in done {
            posts[i] = r;
            pages.push((i, page));
        }
        gate.written(pages[first..].iter().map(|(_, (f, ..))| f.as_str()));
        if !files.is_empty() {
            let written = listings(ahead, &files, posts);
            gate.written(written.iter().map(|(f, ..)| f.as_str()));
            early.extend(written);
        }
    }
    (pages, early)
}

/// Renders `files` (not post pages) with the cards and digests `posts` has so far.
fn listings(ahead: &Ahead<'_>, files: &[&String], posts: &mut [Rendered]) -> Vec<Written> {
    let a = ahead;
    let mut renderer = Renderer::new(a.source, a.site, a.tera, a.sources, a.statics, a.social);
    let cards = (posts.iter_mut())
        .map(|r| std::mem::replace(&mut r.card, Value::none()))
        .collect();
    let digests = posts
        .iter_mut()
        .map(|r| std::mem::take(&mut r.digest))
        .collect();
    renderer.set_posts(cards, digests);
    let written = (files.par_iter())
        .map(|file| {
            let result = write_output(&renderer, a.fence, a.out, file, &a.jobs[*file]);
            ((*file).clone(), PENDING, result)
        })
        .collect();
    let (cards, digests) = renderer.take_posts();
    for ((r, card), digest) in posts.iter_mut().zip(cards).zip(digests) {
        r.card = card;
        r.digest = digest;
    }
    written
}

/// Renders `items` (files, named by `file`) with `render`, in parallel; while `gate`
/// is closed, in batches, the files requests wait for first, telling the gate of each
/// batch written (and none once the server stops).
pub(super) fn in_batches<T: Sync, R: Send>(
    gate: Option<&Gate>,
    items: &[T],
    file: impl Fn(&T) -> &str + Sync,
    render: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    let Some(gate) = gate else {
        return items.par_iter().map(render).collect();
    };
    let index: HashMap<&str, usize> = (items.iter().enumerate())
        .map(|(n, item)| (file(item), n))
        .collect();
    let mut done = vec![false; items.len()];
    let mut results = Vec::with_capacity(items.len());
    let mut next = 0;
    while !gate.is_stopped() {
        let mut batch: Vec<usize> = Vec::new();
        let mut take = |n: usize, batch: &mut Vec<usize>| {
            if !std::mem::replace(&mut done[n], true) {
                batch.push(n);
            }
        };
        for wanted in gate.take_wanted() {
            if let Some(&n) = index.get(wanted.as_str()) {
                take(n, &mut batch);
            }
        }
        let asked = !batch.is_empty();
        while !asked && batch.len() < FILES_PER_BATCH && next < items.len() {
            take(next, &mut batch);
            next += 1;
        }
        if batch.is_empty() {
            break;
        }
        results.par_extend(batch.par_iter().map(|&n| render(&items[n])));
        gate.written(batch.iter().map(|&n| file(&items[n])));
    }
    results
}

/// Renders the file `file` (not a post page, nor a file of search results) and writes it.
pub(super) fn write_output(
    renderer: &Renderer<'_>,
    fence: &Fence,
    out: Out<'_>,
    file: &str,
    job: &Job,
) -> Result<(), Diagnostic> {
    renderer.output(file, job).and_then(|o| match o {
        Output::Bytes(bytes) => out.write(file, &bytes),
        Output::Shared(bytes) => out.write(file, &bytes),
        Output::Copy(from) => (fence.open(&from))
            .map_err(|e| e.diagnostic("copy", &from))
            .and_then(|src| out.copy(file, &src)),
    })
}
