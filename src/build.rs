//! `bulletin build`: the pipeline of [`crate::load`] run to the end, written through
//! [`crate::output`], or skipped when nothing changed ([`crate::rebuild`]).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::error::{self, Diagnostic};
use crate::render::{self, Output, Renderer};
use crate::site::Site;
use crate::{
    BuildOptions, BuildReport, Loaded, content, fsutil, highlight, load, lock, output, rebuild,
    require_source, shown_root, social, templates,
};

/// How many bytes of posts' files a build holds the bodies of, from reading the
/// posts to rendering them; a site with more leaves every body in its file (see
/// [`load`]). Reading a post twice costs about 5% of a build's CPU, which a site of a
/// few thousand posts (34 MB for 10,000) need not pay; 100,000 posts have 344 MB.
const HELD_TEXT: usize = 64 << 20;

/// Feeds and the sitemap are checked as XML before they are written: a reader that
/// cannot parse a feed stops updating, silently, so a broken one fails the build.
fn valid_xml(
    file: &str,
    job: &render::Job,
    bytes: &[u8],
    sources: &templates::TemplateSources,
) -> Result<(), Diagnostic> {
    if !job.checked_as_xml() {
        return Ok(());
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Diagnostic::error(format!("{file}: the output is not UTF-8: {e}")).code("feed-invalid")
    })?;
    let mut found = render::xml_check::findings(file, text, job, sources);
    match found.len() {
        0 => Ok(()),
        1 => Err(found.remove(0)),
        n => {
            let first = found.remove(0);
            let message = format!(
                "{} (and {} more problems; `bulletin check` lists them)",
                first.message,
                n - 1
            );
            Err(Diagnostic { message, ..first })
        }
    }
}

/// The posts a build published for the first time added to `bulletin.lock` (in the
/// site's folder), when the site keeps one (`bulletin lock` starts it) and the build is
/// one for readers: at the site's address, without drafts, future posts or a preview.
/// A line already there never changes. None: the lock stays as it is.
fn new_lock(opts: &BuildOptions, site: &Site) -> Option<lock::Lock> {
    let s = opts.selection;
    if !site.lock.exists || s.preview || s.drafts || s.future || !site.config.base_url_given {
        return None;
    }
    let mut lock = site.lock.clone();
    let before = lock.entries.len();
    for (file, entry) in lock::current(site) {
        lock.entries.entry(file).or_insert(entry);
    }
    (lock.entries.len() != before).then_some(lock)
}

/// Writes `lock` as the site's `bulletin.lock`, once the build is in place.
fn lock_new_posts(opts: &BuildOptions, lock: &lock::Lock) -> Result<(), Diagnostic> {
    let path = opts.source.join(lock::LOCK_FILE);
    fsutil::write_replacing(&path, lock.text().as_bytes())
        .map_err(|e| Diagnostic::io("write", &shown_root(&opts.source).join(lock::LOCK_FILE), &e))
}

/// The process's resident memory in MiB and its peak so far, where the system tells
/// them (Linux), for the stage timings of `BULLETIN_TIMINGS`.
fn resident_mib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kib: u64 = line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib / 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// Builds the site. On failure, returns every diagnostic (errors and warnings), sorted;
/// the previous output is then untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let settings = Settings {
        hold_text: HELD_TEXT,
        cache: fsutil::cache_dir(),
        settle: rebuild::SETTLE,
    };
    build_with(opts, &settings)
}

/// How a build goes about its work, where tests need another way than [`build`]'s.
struct Settings {
    /// How many bytes of posts' Markdown are held (see [`load`]).
    hold_text: usize,
    /// Bulletin's cache folder, where a build's record is kept (see [`rebuild`]);
    /// None: every build runs in full.
    cache: Option<PathBuf>,
    /// How long before a build its inputs must have last changed for it to leave a
    /// record ([`rebuild::SETTLE`]).
    settle: Duration,
}

/// [`build`], as `settings` say.
fn build_with(opts: &BuildOptions, settings: &Settings) -> Result<BuildReport, Vec<Diagnostic>> {
    let start = Instant::now();
    let timing = std::env::var_os("BULLETIN_TIMINGS").is_some();
    let lap = |what: &str| {
        if timing {
            let (now, peak) = resident_mib().map_or_else(
                || ("?".to_string(), "?".to_string()),
                |(now, peak)| (now.to_string(), peak.to_string()),
            );
            eprintln!(
                "{:>8.1} ms {now:>6} MiB (peak {peak:>4})  {what}",
                start.elapsed().as_secs_f64() * 1000.0,
            );
        }
    };
    let source = opts.source.as_path();
    let fail = |mut diags: Vec<Diagnostic>| {
        error::sort_diagnostics(&mut diags);
        Err(diags)
    };
    if let Err(d) = require_source(source) {
        return fail(vec![d]);
    }

    // Checking that the old output holds only Bulletin's files walks the whole folder:
    // it runs beside loading, which is mostly CPU work.
    let mut diags: Vec<Diagnostic> = Vec::new();
    // Another build writing beside the output finishes first: what it writes is then
    // what this one checks and compares with.
    let lock = output::Lock::acquire(&opts.output);
    let cache = settings.cache.as_deref();
    let fingerprint = cache.filter(|_| !opts.clean).and_then(|_| {
        let key = options_key(opts);
        rebuild::Fingerprint::take(source, &opts.output, &key, settings.settle)
    });
    lap("fingerprint");
    if let (Some(cache), Some(fingerprint)) = (cache, fingerprint)
        && let Some((replay, files)) = rebuild::replay(
            cache,
            fingerprint,
            source,
            &opts.output,
            jiff::Timestamp::now(),
        )
    {
        output::remove_leftovers(&opts.output);
        lap("output as the last build left it");
        let files = output::Written {
            unchanged: files,
            ..Default::default()
        };
        return Ok(report(replay, files, start.elapsed(), true));
    }
    let (target, loaded) = std::thread::scope(|scope| {
        let target = scope.spawn(|| output::check_target(source, &opts.output, &opts.output));
        let loaded = load(opts, settings.hold_text, &lap, &mut diags);
        (target.join(), loaded)
    });
    match target {
        Ok(Ok(())) => {}
        Ok(Err(d)) => diags.push(d),
        Err(_) => diags.push(Diagnostic::error("internal: the output check failed")),
    }
    let Some(Loaded {
        mut site,
        tera,
        template_sources,
        statics,
        mut jobs,
        skipped,
        changes_at,
    }) = loaded
    else {
        return fail(diags);
    };
    let posts_folders = &site.config.posts;
    if let Err(d) = output::check_posts_folders(source, &opts.output, &opts.output, posts_folders) {
        diags.push(d);
    }
    if diags.iter().any(Diagnostic::is_error) {
        return fail(diags);
    }

    // The Markdown moves out of the model (or is in the posts' files): each body is
    // dropped once rendered.
    let markdown: Vec<content::body::Markdown> = (site.posts.iter_mut())
        .map(|sp| match sp.post.body_in_file {
            Some(at) => content::body::Markdown::InFile(at),
            None => content::body::Markdown::Text(std::mem::take(&mut sp.post.body)),
        })
        .collect();
    let fence = fsutil::Fence::for_site(source, &site.config.posts);
    let social = if site.config.social_cards {
        let mut cards = render::SocialCards::new(social::default_cache_dir());
        match render::card_logo(site.config.identity.logo.as_deref(), &statics, &fence) {
            Ok(logo) => cards.set_logo(logo),
            Err(d) => {
                diags.push(d);
                return fail(diags);
            }
        }
        Some(cards)
    } else {
        None
    };
    let mut renderer = Renderer::new(
        source,
        &site,
        &tera,
        &template_sources,
        &statics,
        social.as_ref(),
    );
    let writer = match output::Writer::open(
        &opts.output,
        &opts.output,
        opts.clean,
        lock,
        jobs.keys().map(String::as_str),
    ) {
        Ok(w) => w,
        Err(d) => {
            diags.push(d);
            return fail(diags);
        }
    };
    lap("staging folders");
    let write = |file: &str, bytes: &[u8]| writer.write(file, bytes);
    let (posts, pages, redirects) = renderer.counts(&jobs);
    // The posts' pages and the search index's files are named in the plan only for
    // the writer to make their folders (done): their names go (30 MB for 100,000
    // posts) before the posts are rendered. The rest tells images that are files of
    // the site from those that are not.
    jobs.retain(|_, job| {
        !matches!(
            job,
            render::Job::Post(_)
                | render::Job::SearchDocs(_)
                | render::Job::SearchManifest
                | render::Job::SearchShard(_)
        )
    });
    let mut failures = renderer.render_posts(markdown, Some(&jobs), &write);
    diags.extend(renderer.take_warnings());
    lap("posts: markdown, pages");
    failures.extend(renderer.write_search(&write));
    lap("search index");
    if timing && let Some(t) = highlight::fallback_load_time() {
        eprintln!(
            "{:>8.1} ms  (of which loading the fallback highlighter's grammars)",
            t.as_secs_f64() * 1000.0
        );
    }
    let one = |&(file, job): &(&String, &render::Job)| -> Option<Diagnostic> {
        if let render::Job::PostList = job {
            return (writer.write_with(file, |out| renderer.write_post_list(out))).err();
        }
        let result =
            match renderer.output(file, job) {
                Ok(Output::Bytes(bytes)) => valid_xml(file, job, &bytes, &template_sources)
                    .and_then(|()| write(file, &bytes)),
                Ok(Output::Shared(bytes)) => valid_xml(file, job, &bytes, &template_sources)
                    .and_then(|()| write(file, &bytes)),
                Ok(Output::Copy(from)) => writer.copy(file, &from, &fence),
                Err(d) => Err(d),
            };
        result.err()
    };
    // A part of the sitemap holds its 25,000 URLs as template values, its text and
    // its tree (checked as XML) at once, about 20 MB: the parts are made one at a
    // time, beside the other files, so that the peak does not grow with the number
    // of threads (at 100,000 posts with eight threads, 20 to 30 MiB).
    let (large, rest): (Vec<_>, Vec<_>) =
        (jobs.iter()).partition(|(_, job)| matches!(job, render::Job::SitemapPart(_)));
    let (large_failures, rest_failures): (Vec<_>, Vec<_>) = rayon::join(
        || large.iter().filter_map(one).collect(),
        || rest.par_iter().filter_map(one).collect(),
    );
    failures.extend(large_failures);
    failures.extend(rest_failures);
    if !failures.is_empty() {
        // One broken template fails every page using it: report each problem once. A
        // full disk fails every file: one finding, with a count.
        failures.sort_by_key(ToString::to_string);
        failures.dedup();
        let failures = render::xml_check::merge_alike(failures);
        diags.extend(error::summarize(failures));
        return fail(diags);
    }
    lap("listings, feeds, redirects, files");
    // What is left to do needs little of the site: the rest goes before the writer
    // lists its files (the site, its plan and its digests are 180 MB at 100,000
    // posts, the list 30 MB).
    let new_lock = new_lock(opts, &site);
    let (held_back, now) = (site.held_back, site.now);
    drop(rest);
    drop(renderer);
    drop(jobs);
    drop(site);
    let finished = match writer.finish(&opts.output) {
        Ok(finished) => finished,
        Err(d) => {
            diags.push(d);
            return fail(diags);
        }
    };
    lap("put in place");
    if let Some(lock) = new_lock
        && let Err(d) = lock_new_posts(opts, &lock)
    {
        diags.push(d);
    }
    error::sort_diagnostics(&mut diags);
    let replay = rebuild::Replay {
        posts,
        pages,
        redirects,
        held_back,
        skipped,
        warnings: diags,
    };
    if let (Some(cache), Some(fingerprint)) = (cache, fingerprint) {
        let (manifest, times) = (finished.manifest, (now, changes_at));
        rebuild::save(cache, fingerprint, &opts.output, manifest, times, &replay);
    }
    Ok(report(replay, finished.written, start.elapsed(), false))
}

/// Everything that makes one build differ from another besides the site's files: the
/// options, and the folders as the file system resolves them.
fn options_key(opts: &BuildOptions) -> String {
    format!(
        "{opts:?} {:?} {:?}",
        fsutil::absolute(&opts.source),
        fsutil::absolute(&opts.output)
    )
}

fn report(
    replay: rebuild::Replay,
    files: output::Written,
    elapsed: Duration,
    up_to_date: bool,
) -> BuildReport {
    BuildReport {
        posts: replay.posts,
        pages: replay.pages,
        redirects: replay.redirects,
        files,
        held_back: replay.held_back,
        skipped: replay.skipped,
        warnings: replay.warnings,
        elapsed,
        up_to_date,
    }
}

#[cfg(test)]
mod tests;
