//! `bulletin import`: a blog made with another generator (Jekyll, Hugo, Zola, VuePress,
//! Next.js, Astro, or a folder of Markdown) becomes a Bulletin site, with every old URL
//! kept.
//!
//! The old posts are read by Bulletin's own reader ([`content::discover`],
//! [`content::post::parse_post`]), so every dialect the build understands is understood
//! here, and the bodies come over as the Markdown and HTML that reader makes of them.
//! [`detect`] recognises the generator and `generators` read its config into an
//! [`old_site::OldSite`]; [`old_url`] gives each post the URL it had; `plan` decides
//! each post's folder, front matter and URLs (with `keep`, the `--keep-urls` pattern;
//! with `links`, links to old pages pointed at the new ones); `emit` makes the
//! files' text and the report; `files` finds the files to copy and writes the site.
//!
//! Nothing is written until everything is read and checked: the imported posts are read
//! back, in memory, with the new config, and each old URL must resolve to its post's
//! page or one of its legacy URLs. The site is written to a temporary folder beside
//! `DEST` and moved into place at the end; the source is only read.

mod authors;
pub mod detect;
mod emit;
mod files;
mod generators;
mod html_pages;
mod keep;
mod links;
mod listings;
mod model;
mod new_config;
mod old_dates;
pub mod old_site;
pub mod old_url;
mod outputs;
mod plan;
mod reading;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use old_site::Generator;

use crate::content::{self, Layout};
use crate::error::Diagnostic;

/// What `bulletin import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The old site's root, or its folder of posts.
    pub source: PathBuf,
    /// The new site's folder: missing or empty.
    pub dest: PathBuf,
    /// `--from`: `None` recognises the generator.
    pub from: Option<Generator>,
    /// `--old-urls`: the old URLs' pattern, over what the config says.
    pub old_urls: Option<String>,
    /// `--keep-urls`: posts stay at their old URLs.
    pub keep_urls: bool,
    /// `--dry-run`: report, write nothing.
    pub dry_run: bool,
}

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug)]
pub struct ImportReport {
    /// The report, as Markdown: what `import-report.md` holds.
    pub text: String,
    /// Posts imported.
    pub posts: usize,
    /// Files written, relative to `DEST`, sorted.
    pub files: Vec<PathBuf>,
    /// The report without its table of every post, for the terminal.
    pub summary: String,
    /// Entries of the report that need a look (lossy conversions, files not found,
    /// clashes, ambiguous dates).
    pub findings: usize,
}

/// The report's file in `DEST`.
pub const REPORT_FILE: &str = "import-report.md";

/// Imports the site at `opts.source` into `opts.dest`. On failure nothing is written
/// and every problem is returned, located.
pub fn import(opts: &ImportOptions) -> Result<ImportReport, Vec<Diagnostic>> {
    if !opts.source.is_dir() {
        return Err(vec![
            Diagnostic::error(format!("{} is not a folder", opts.source.display()))
                .code("import")
                .help("pass the old site's root (where its config file is) or its folder of posts"),
        ]);
    }
    check_dest(&opts.source, &opts.dest).map_err(|d| vec![d])?;
    let mut old = detect::read(&opts.source, opts.from).map_err(|d| vec![d])?;
    if let Some(p) = &opts.old_urls {
        old_url::check_pattern(p).map_err(|m| {
            vec![Diagnostic::error(m).code("import").help(
                "write the old URL of a post with placeholders, like /blog/{year}/{month}/{day}/{slug}.html",
            )]
        })?;
        old.rule = old_url::Rule::Pattern(p.clone());
        old.notes.push(format!(
            "old URLs from --old-urls '{p}', over what the files say"
        ));
    }

    let src = opts.source.as_path();
    let mut diags = Vec::new();
    let sources = content::discover(
        src,
        &crate::shown_root(src),
        Layout {
            posts: &old.posts,
            slug_style: old.slug_style,
            undated_oldest: old.undated_oldest,
        },
        &mut diags,
    );
    let fence = old_site::whole(src);
    let shown = crate::shown_root(src);
    let (post_sources, not_posts) = reading::posts_of(&old, sources.posts);
    let parsed: Vec<(Option<content::post::Post>, Vec<Diagnostic>)> = post_sources
        .par_iter()
        .map(|ps| {
            let file = shown.join(&ps.rel);
            match fence.read_to_string(&src.join(&ps.rel)) {
                Ok(text) => {
                    let text = reading::as_the_generator_reads(&old, ps, text);
                    content::post::parse_post(ps, &file, &text)
                }
                Err(e) => (None, vec![e.diagnostic("read the post", &file)]),
            }
        })
        .collect();
    let mut posts = Vec::with_capacity(parsed.len());
    for (post, d) in parsed {
        diags.extend(d);
        posts.extend(post);
    }
    let mut skipped = sources.skipped;
    let html = html_pages::read(
        src,
        &fence,
        &old.posts,
        old.slug_style,
        old.undated_oldest,
        &mut skipped,
        &mut diags,
    );
    if !html.is_empty() {
        let files: Vec<String> = (html.iter().take(3))
            .map(|p| p.source.rel.display().to_string())
            .collect();
        old.notes.push(format!(
            "{} written in HTML imported as posts whose body is that HTML: {}{}",
            if html.len() == 1 {
                "1 page".to_string()
            } else {
                format!("{} pages", html.len())
            },
            files.join(", "),
            if html.len() > 3 { ", …" } else { "" }
        ));
        posts.extend(html);
        posts.sort_by(|a, b| a.source.rel.cmp(&b.source.rel));
    }
    if diags.iter().any(Diagnostic::is_error) {
        crate::error::sort_diagnostics(&mut diags);
        return Err(diags);
    }
    if posts.is_empty() {
        return Err(vec![
            Diagnostic::error(format!(
                "no posts found in {} ({})",
                old.posts.join(", "),
                old.evidence
            ))
            .code("import")
            .help("pass --from with the generator, or the folder that holds the posts"),
        ]);
    }

    // The report names files as they are in the old site, wherever it was read from:
    // rerunning from elsewhere gives the same report.
    for post in &mut posts {
        post.file = post.source.rel.clone().into();
    }
    for d in &mut diags {
        if let Some(rel) = (d.file.as_deref()).and_then(|f| f.strip_prefix(&shown).ok()) {
            d.file = Some(rel.to_path_buf());
        }
    }
    let listings = listings::old_listings(src, &fence, &old, &skipped);
    let planned = plan::plan(src, &fence, &old, posts, diags, listings, opts.keep_urls)?;
    // A file the reader passed over that a post links to comes over all the same.
    let copied: std::collections::HashSet<&Path> = (planned.posts.iter())
        .flat_map(|p| p.copies.iter().map(|(from, _)| from.as_path()))
        .chain(planned.statics.iter().map(|(_, from)| from.as_path()))
        .collect();
    let skipped = (skipped.iter())
        .filter(|(f, _)| !copied.contains(f.as_path()))
        .map(|(f, why)| (f.clone(), why.reason()))
        .chain(not_posts)
        .collect();
    let mut out = emit::site_files(&old, &planned, skipped, &opts.source);
    let problems = verify(&planned, &out.files);
    if !problems.is_empty() {
        return Err(problems);
    }
    out.files.push(files::OutFile {
        rel: PathBuf::from(REPORT_FILE),
        content: files::Content::Text(out.report.clone()),
    });
    out.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    if !opts.dry_run {
        files::write_site(&opts.dest, src, &fence, &out.files).map_err(|d| vec![d])?;
    }
    Ok(ImportReport {
        posts: planned.posts.len(),
        files: out.files.iter().map(|f| f.rel.clone()).collect(),
        findings: out.findings,
        text: out.report,
        summary: out.summary,
    })
}

/// Reads the imported posts back as the new site will, in memory: each must read
/// without errors, and its old URL must be its page or one of its legacy URLs. A
/// failure here is Bulletin's fault, reported as such rather than written.
fn verify(planned: &model::Planned, files: &[files::OutFile]) -> Vec<Diagnostic> {
    let texts: std::collections::HashMap<&Path, &str> = (files.iter())
        .filter_map(|f| match &f.content {
            files::Content::Text(t) => Some((f.rel.as_path(), t.as_str())),
            files::Content::Copy(_) => None,
        })
        .collect();
    let text_of = |rel: &Path| texts.get(rel).copied();
    let Some(config_text) = text_of(Path::new(crate::config::CONFIG_FILE)) else {
        return vec![Diagnostic::error(
            "internal: the import made no bulletin.yaml",
        )];
    };
    let config = match crate::config::Config::from_text(
        config_text,
        Path::new(crate::config::CONFIG_FILE),
        &Default::default(),
    ) {
        Ok(c) => c,
        Err(d) => return vec![internal(d)],
    };
    let mut problems = Vec::new();
    for p in &planned.posts {
        let rel = PathBuf::from(format!("content/posts/{}/index.md", p.folder));
        let Some(text) = text_of(&rel) else { continue };
        let assets = p
            .copies
            .iter()
            .filter_map(|(_, to)| to.strip_prefix(rel.parent()?).ok().map(Path::to_path_buf))
            .collect();
        let source = model::new_source(&p.folder, assets);
        let (post, diags) = content::post::parse_post(&source, &rel, text);
        problems.extend(diags.into_iter().filter(Diagnostic::is_error).map(internal));
        let Some(post) = post else { continue };
        let path = crate::site::post_path(&config, &post);
        // An old URL the plan left out (listed in the report) is not looked for.
        let kept = |u: &String| *u == p.new_path || p.legacy.contains(u);
        if let Some(old) = p.old_url.as_ref().filter(|u| kept(u))
            && *old != path
            && !post.redirects.iter().any(|r| r.value == *old)
        {
            problems.push(internal(
                Diagnostic::error(format!(
                    "the imported post's old URL {old} is neither its page ({path}) nor a legacy URL"
                ))
                .in_file(&rel),
            ));
        }
    }
    problems
}

/// A problem of the import's own making.
fn internal(mut d: Diagnostic) -> Diagnostic {
    d.message = format!(
        "internal: the imported site would not read back: {}",
        d.message
    );
    d.help = Some("this is a bug in `bulletin import`; please report it with the old post".into());
    d
}

/// The line that ends the command's output: what was written, and what to do next.
pub fn closing_line(opts: &ImportOptions, report: &ImportReport) -> String {
    let posts = if report.posts == 1 {
        "1 post".to_string()
    } else {
        format!("{} posts", report.posts)
    };
    let look = match report.findings {
        0 => String::new(),
        1 => "; 1 entry of the report needs a look".to_string(),
        n => format!("; {n} entries of the report need a look"),
    };
    if opts.dry_run {
        format!(
            "dry run: would import {posts} into {} ({} files){look}",
            opts.dest.display(),
            report.files.len()
        )
    } else {
        format!(
            "imported {posts} into {} ({} files{look}); next: cd {} && bulletin serve",
            opts.dest.display(),
            report.files.len(),
            opts.dest.display()
        )
    }
}

/// `DEST` must be missing (in a folder that exists) or an empty folder, and outside
/// the old site: a later import would read it as part of the old site.
fn check_dest(src: &Path, dest: &Path) -> Result<(), Diagnostic> {
    let refuse = |what: String, help: &str| {
        Err(Diagnostic::error(format!("{} {what}", dest.display()))
            .code("import")
            .help(help.to_string()))
    };
    let is_link = dest
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    let resolved = match std::fs::read_dir(dest) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return refuse(
                    "is not empty".into(),
                    "import into a new or empty folder; nothing there is overwritten",
                );
            }
            dest.canonicalize().ok()
        }
        Err(_) if is_link => {
            return refuse(
                "is a link to nothing".into(),
                "import into a folder, not a link",
            );
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let parent = match dest.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            if !parent.is_dir() {
                return refuse(
                    format!("cannot be made: {} is not a folder", parent.display()),
                    "create the folder it goes in first",
                );
            }
            (parent.canonicalize().ok())
                .zip(dest.file_name())
                .map(|(p, n)| p.join(n))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            return refuse("is a file".into(), "import into a new or empty folder");
        }
        Err(e) => return Err(Diagnostic::io("read the destination folder", dest, &e)),
    };
    if let (Some(d), Ok(s)) = (resolved, src.canonicalize())
        && d.starts_with(&s)
    {
        return refuse(
            format!("is inside the old site, {}", src.display()),
            "import into a folder outside the old site (a later import would read it as part of it)",
        );
    }
    Ok(())
}
