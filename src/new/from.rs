//! `bulletin new --from POST [VERSION]`: the next release's announcement, drafted from
//! the last one's.
//!
//! 1. The post POST names is found and read as a build reads it ([`super::find`]).
//! 2. The version it announces is its `release:`, else the one its title names (the
//!    site's `releases` settings; the built-in ones when the site turns releases off).
//!    A post announcing none, or several, is refused.
//! 3. VERSION is read in the site's scheme; without it, the release that usually
//!    follows is proposed ([`crate::version::next`]) when that is clear, and the
//!    choices are named when it is not.
//! 4. The file is copied with every mention of the old version replaced and its front
//!    matter settled ([`super::rewrite`]); the copy is read back as the build will read
//!    it, and must announce the new version.
//! 5. It is written where `new` writes posts, named by its new title (with the new date
//!    in front when the old name had one, in dated folders when the old post was in
//!    some), never over a file.
//! 6. The report names what was replaced and each line a human must check: what
//!    replacing found (links kept, the old series, the new version named before) and
//!    what [`super::review`] finds.

use std::path::{Path, PathBuf};

use super::report::{FromReport, Line};
use super::rewrite::{self, Edit};
use super::{check_tags, date_or_today, find, links, post_path, posts_folder, refuse_taken};
use crate::config::{Config, Overrides};
use crate::content::PostSource;
use crate::content::date::PostDate;
use crate::content::post::{Post, parse_post};
use crate::error::Diagnostic;
use crate::version::next::{Next, next};
use crate::version::{Releases, Version};

/// What `bulletin new --from` was asked to make.
#[derive(Debug, Clone)]
pub struct FromOptions {
    /// The site's folder.
    pub source: PathBuf,
    /// The post to start from: its slug or its file's path.
    pub post: String,
    /// The new version; else the next one, when that is clear.
    pub version: Option<String>,
    /// Replaces the post's authors.
    pub author: Option<String>,
    /// Replace the post's tags, when there are any.
    pub tags: Vec<String>,
    /// The publication date (`YYYY-MM-DD` or RFC 3339); else today.
    pub date: Option<String>,
    /// A draft (the default), else published at once.
    pub draft: bool,
    /// A single file instead of a folder.
    pub flat: bool,
}

/// Drafts the new post and reports what it did; nothing is written on an error.
pub fn new_from(opts: &FromOptions) -> Result<FromReport, Diagnostic> {
    let source = opts.source.as_path();
    let shown = crate::shown_root(source);
    crate::require_source(source)?;
    check_tags(&opts.tags)?;
    if let Some(author) = &opts.author
        && (author.trim().is_empty() || author.chars().any(char::is_control))
    {
        return Err(
            Diagnostic::error(format!("--author {author:?} names no one"))
                .help("give the author's name, like --author \"Thomas Wouters\""),
        );
    }
    let config = Config::load(source, &shown, &Overrides::default())?;
    let date = date_or_today(opts.date.as_deref())?;
    let day = PostDate::parse(&date)
        .map(|d| d.iso_date())
        .map_err(Diagnostic::error)?;
    let settings = config.releases.clone().unwrap_or_default();

    let found = find::find(source, &shown, &config, &opts.post)?;
    let file = shown.join(&found.source.rel);
    let (post, diags) = parse_post(&found.source, &file, &found.text);
    let Some(post) = post else {
        return Err(diags
            .into_iter()
            .find(Diagnostic::is_error)
            .unwrap_or_else(|| Diagnostic::error("the post cannot be read").in_file(&file)));
    };
    let old = announced(&post, &settings, &file)?;
    let (new, proposed) = new_version(opts, &settings, &old, &file)?;
    let mut warnings = Vec::new();
    if new < old {
        warnings.push(Diagnostic::warning(format!(
            "{new} is older than {old}, which {} announces; going on as asked",
            file.display()
        )));
    }

    let posts = posts_folder(&config);
    let (folder, dated_name, path_dated) = placement(&found.source, &posts, &day);
    let (old_series, new_series) = (settings.series_of(&old), settings.series_of(&new));
    let tags: Vec<String> = opts.tags.iter().map(|t| t.trim().to_string()).collect();
    let edit = Edit {
        old: &old,
        new: &new,
        old_series: (old_series != new_series).then_some(&old_series),
        new_series: &new_series,
        date: &date,
        day: &day,
        old_day: &post.date.iso_date(),
        publish: !opts.draft,
        path_dated,
        tags: &tags,
        author: opts.author.as_deref().map(str::trim),
    };
    let copy = rewrite::rewrite(&found.text, &edit).map_err(|why| {
        Diagnostic::error(format!("cannot copy the post: {why}"))
            .in_file(&file)
            .help("fix the post so that `bulletin build` reads it")
    })?;

    // The copy as the build will read it: it must announce the new version.
    let ext = (found.source.rel.extension())
        .and_then(|e| e.to_str())
        .unwrap_or("md");
    let provisional = PostSource {
        rel: post_path(&folder, "new", opts.flat, ext),
        slug: "new".into(),
        name_date: path_dated.then(|| day.as_str().into()),
        section: Box::default(),
        undated_oldest: found.source.undated_oldest,
        assets: (!opts.flat).then(Box::default),
    };
    let (read, diags) = parse_post(&provisional, &file, &copy.text);
    let read = read.ok_or_else(|| {
        let why = diags
            .iter()
            .find(|d| d.is_error())
            .map_or_else(|| "it cannot be read".to_string(), |d| d.message.clone());
        Diagnostic::error(format!(
            "the copy of {} would not build: {why}; nothing was written",
            file.display()
        ))
    })?;
    let now = announced(&read, &settings, &file).ok();
    if now.as_ref() != Some(&new) {
        return Err(Diagnostic::error(format!(
            "the copy would announce {}, not {new}: the version is written in a form Bulletin \
             does not replace; nothing was written",
            now.map_or("no version".to_string(), |v| v.to_string())
        ))
        .in_file(&file)
        .help(format!(
            "give {} `release: '{old}'`, or write the title with {old} as it is",
            file.display()
        )));
    }
    if read.title == post.title {
        return Err(Diagnostic::error(format!(
            "the title “{}” does not name {old}, so the new post would have the same title; \
             nothing was written",
            post.title
        ))
        .in_file(&file)
        .help("name the version in the post's title, or copy a post whose title names it"));
    }
    let slug = super::title_slug(&read.title);
    let name = if dated_name {
        format!("{day}-{slug}")
    } else {
        slug
    };
    refuse_taken(
        source,
        &shown,
        &folder,
        &name,
        "the new post is there already: edit it, or give another VERSION",
    )?;
    let rel = post_path(&folder, &name, opts.flat, ext);
    let path = super::write_new(source, &shown, &posts, &rel, &copy.text)?;

    let mut checks: Vec<Line> = (copy.checks.iter())
        .map(|c| Line {
            line: c.line,
            text: c.why.clone(),
        })
        .collect();
    checks.extend(review(&copy.text, &copy.ours));
    Ok(FromReport {
        path,
        from: file,
        old: shown_version(&old),
        new: shown_version(&new),
        proposed,
        changes: copy
            .changes
            .into_iter()
            .map(|c| (c.line, c.old, c.new))
            .collect(),
        notes: copy.notes,
        checks,
        warnings,
    })
}

/// A version as the report shows it: as written when that is one word (`22.03`,
/// `v20.0.0`), else in its normal form (`3.12.0rc1` for `3.12.0 release candidate 1`).
fn shown_version(v: &Version) -> String {
    if v.text().contains(char::is_whitespace) {
        v.normalized()
    } else {
        v.text().to_string()
    }
}

/// The version `post` announces: its `release:`, else what its title names; exactly one.
fn announced(post: &Post, settings: &Releases, file: &Path) -> Result<Version, Diagnostic> {
    let help = "give the post `release: '3.12.0rc1'` (the version it announces), or start from \
                a post that announces one version";
    let shown = file.display();
    let versions: Vec<Version> = match &post.release {
        Some(r) if r.off => {
            return Err(Diagnostic::error(format!(
                "{shown} says `release: false`: it announces no version to replace"
            ))
            .help(help));
        }
        Some(r) => (r.versions.iter())
            .map(|t| {
                settings.parse(t).map_err(|e| {
                    Diagnostic::error(format!("`release`: {e}"))
                        .in_file(file)
                        .at(r.line, r.column)
                        .help("write a version the site's scheme reads, like '3.12.0rc1'")
                })
            })
            .collect::<Result<_, _>>()?,
        None => (settings.find_in_title(&post.title).into_iter())
            .map(|f| f.version)
            .collect(),
    };
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Diagnostic::error(format!(
            "{shown} announces no version (its title, “{}”, names none)",
            post.title
        ))
        .help(help)),
        many => Err(Diagnostic::error(format!(
            "{shown} announces {} versions ({}); a copy can replace one",
            many.len(),
            many.iter()
                .map(Version::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .help(help)),
    }
}

/// VERSION read in the site's scheme, or the next release when that is clear; with
/// why it was proposed.
fn new_version(
    opts: &FromOptions,
    settings: &Releases,
    old: &Version,
    file: &Path,
) -> Result<(Version, Option<String>), Diagnostic> {
    let (new, proposed) = match &opts.version {
        Some(text) => {
            let new = settings.parse(text).map_err(|e| {
                Diagnostic::error(format!("VERSION: {e}")).help(format!(
                    "write a version the site's scheme ({}) reads, like the one {} announces, {old}",
                    settings.scheme.as_str(),
                    file.display()
                ))
            })?;
            (new, None)
        }
        None => match next(old) {
            Next::Clear { version, why } => {
                // Read as the site reads versions (under `auto`, `3.12.0` is SemVer).
                let new = settings.parse(&version.normalized()).unwrap_or(version);
                (new, Some(why))
            }
            Next::Choose { versions, why } => {
                let choices: Vec<String> = versions.iter().map(Version::to_string).collect();
                let example = choices.first().cloned().unwrap_or_else(|| old.to_string());
                let message = if choices.is_empty() {
                    format!("which version comes after {old}? {why}")
                } else {
                    format!(
                        "which version comes after {old}: {}? {why}",
                        choices.join(" or ")
                    )
                };
                return Err(Diagnostic::error(message).help(format!(
                    "say it: bulletin new --from {} {example}",
                    opts.post
                )));
            }
        },
    };
    if new == *old {
        return Err(Diagnostic::error(format!(
            "{} already announces {old}; give the version the new post is about",
            file.display()
        ))
        .help(format!("bulletin new --from {} VERSION", opts.post)));
    }
    Ok((new, proposed))
}

/// Where the copy of the post at `from` goes: (folder, whether its name starts with the
/// date, whether its path gives the date). A dated name (`2023-08-06-x.md`) gets the new
/// date; so do dated folders (`2024/12/05/x.md`), kept below the posts folder.
fn placement(from: &PostSource, posts: &Path, day: &str) -> (PathBuf, bool, bool) {
    let name = if from.assets.is_some() {
        from.rel.parent().and_then(Path::file_name)
    } else {
        from.rel.file_stem()
    };
    let name_dated = name
        .and_then(|n| n.to_str())
        .is_some_and(|n| crate::content::split_date_prefix(n).0.is_some());
    if name_dated {
        return (posts.to_path_buf(), true, true);
    }
    if from.name_date.is_some() {
        // The date is in the folders: `…/2024/12/05`.
        let parts: Vec<&str> = from.section.split('/').collect();
        if parts.len() >= 3 {
            let mut folder = posts.to_path_buf();
            folder.extend(&parts[..parts.len() - 3]);
            folder.extend(day.split('-'));
            return (folder, false, true);
        }
    }
    (posts.to_path_buf(), false, false)
}

/// What [`super::review`] finds in the lines of `text` that were copied (`ours`: the
/// lines `new` wrote), links left out.
fn review(text: &str, ours: &[usize]) -> Vec<Line> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if ours.contains(&n) {
            continue;
        }
        let mut blanked = line.to_string();
        for span in links::url_spans(line) {
            blanked.replace_range(span.clone(), &" ".repeat(span.len()));
        }
        let found = super::review::review(&blanked);
        let mut kinds: Vec<super::review::Kind> = found.iter().map(|f| f.kind).collect();
        kinds.dedup();
        for kind in kinds {
            let texts: Vec<String> = (found.iter())
                .filter(|f| f.kind == kind)
                .map(|f| format!("“{}”", f.text))
                .collect();
            out.push(Line {
                line: n,
                text: format!("{}: {}", kind.what(), texts.join(", ")),
            });
        }
    }
    out
}
