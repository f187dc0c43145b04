//! The text of the imported site: `bulletin.yaml`, each post's `index.md` with
//! Bulletin's own front matter, the author files, and the migration report.
//!
//! Scalars are written single-quoted ([`quote`]); values Bulletin does not know are
//! kept under `extra:` as JSON, which YAML reads as it is. The same input gives the
//! same bytes: nothing here depends on the clock or the destination's name.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::files::{Content, OutFile};
use super::model::{DEFAULT_PERMALINK, Planned, PlannedPost};
use super::new_config::{a_site, config_text, legacy_feeds, scalar};
use super::old_site::OldSite;
use super::old_url::Rule;
use crate::config::FeedFormat;
use crate::content::authors::AuthorInfo;

/// Everything to write, and the report.
#[derive(Debug)]
pub(super) struct SiteFiles {
    /// The files, sorted by path (the report not among them).
    pub files: Vec<OutFile>,
    /// The whole report, for `import-report.md`.
    pub report: String,
    /// The report without its table of every post, for the terminal.
    pub summary: String,
    /// Entries that need a look.
    pub findings: usize,
}

fn list(out: &mut String, key: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{key}:");
    for i in items {
        let _ = writeln!(out, "  - {}", scalar(i));
    }
}

/// A post's `index.md`.
pub(super) fn post_text(p: &PlannedPost) -> String {
    let post = &p.post;
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", scalar(&post.title));
    if let Some(slug) = &p.slug {
        let _ = writeln!(out, "slug: {}", scalar(slug));
    }
    let _ = writeln!(out, "publishDate: {}", p.date);
    if let Some(u) = &p.updated {
        let _ = writeln!(out, "updatedDate: {u}");
    }
    if let Some(e) = &p.expires {
        let _ = writeln!(out, "expiryDate: {e}");
    }
    match &*post.authors {
        [] => {}
        [one] => {
            let _ = writeln!(out, "author: {}", scalar(one));
        }
        many => list(&mut out, "authors", many),
    }
    if let Some(d) = &post.description {
        let _ = writeln!(out, "description: {}", scalar(d));
    }
    list(&mut out, "tags", &post.tags);
    list(&mut out, "categories", &post.categories);
    if !post.published {
        out.push_str("published: false\n");
    }
    if let Some(r) = &post.release {
        if r.off {
            out.push_str("release: false\n");
        } else {
            out.push_str("release:\n");
            match r.versions.as_slice() {
                [one] => {
                    let _ = writeln!(out, "  version: {}", scalar(one));
                }
                many => {
                    out.push_str("  version:\n");
                    for v in many {
                        let _ = writeln!(out, "    - {}", scalar(v));
                    }
                }
            }
            for (key, value) in [("product", &r.product), ("kind", &r.kind)] {
                if let Some(v) = value {
                    let _ = writeln!(out, "  {key}: {}", scalar(v));
                }
            }
        }
    }
    if let Some(guid) = post.guid() {
        let _ = writeln!(out, "guid: {}", scalar(guid));
    }
    if let Some(permalink) = &p.permalink {
        let _ = writeln!(out, "permalink: {}", scalar(permalink));
    }
    list(&mut out, "legacyUrl", &p.legacy);
    if !p.extra.is_empty() {
        out.push_str("extra:\n");
        for (k, v) in &p.extra {
            let json = serde_json::to_string(v).unwrap_or_else(|_| "null".to_string());
            let _ = writeln!(out, "  {}: {json}", scalar(k));
        }
    }
    out.push_str("---\n\n");
    out.push_str(post.body.trim_start_matches(['\n', '\r']));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// An author file.
fn author_text(info: &AuthorInfo) -> String {
    let mut out = String::new();
    for (key, value) in [
        ("name", &info.name),
        ("bio", &info.bio),
        ("github", &info.github),
        ("avatar", &info.avatar),
        ("website", &info.website),
        ("mastodon", &info.mastodon),
        ("bluesky", &info.bluesky),
    ] {
        if !value.is_empty() {
            let _ = writeln!(out, "{key}: {}", scalar(value));
        }
    }
    if info.featured {
        out.push_str("featured: true\n");
    }
    for (k, v) in &info.extra {
        let json = serde_json::to_string(v).unwrap_or_else(|_| "null".to_string());
        let _ = writeln!(out, "{}: {json}", scalar(k));
    }
    out
}

/// Every file of the new site and the report.
pub(super) fn site_files(
    old: &OldSite,
    planned: &Planned,
    skipped: Vec<(PathBuf, &'static str)>,
    source: &Path,
) -> SiteFiles {
    let mut files = vec![OutFile {
        rel: PathBuf::from(crate::config::CONFIG_FILE),
        content: Content::Text(config_text(
            old,
            planned.permalink.as_deref(),
            &planned
                .findings
                .elsewhere
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            &planned.redirects,
        )),
    }];
    for p in &planned.posts {
        files.push(OutFile {
            rel: PathBuf::from(format!("content/posts/{}/index.md", p.folder)),
            content: Content::Text(post_text(p)),
        });
        for (from, to) in &p.copies {
            files.push(OutFile {
                rel: to.clone(),
                content: Content::Copy(from.clone()),
            });
        }
    }
    for (id, info) in &planned.authors {
        files.push(OutFile {
            rel: PathBuf::from(format!("content/authors/{id}.yaml")),
            content: Content::Text(author_text(info)),
        });
    }
    for (to, from) in &planned.statics {
        files.push(OutFile {
            rel: to.clone(),
            content: Content::Copy(from.clone()),
        });
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    let (summary, findings) = report(old, planned, &skipped, source, &files);
    let mut full = summary.clone();
    full.push_str("\n## Every post\n\n| Old file | Old URL | New URL |\n|---|---|---|\n");
    for p in &planned.posts {
        let _ = writeln!(
            full,
            "| {} | {} | {} |",
            cell(&p.post.source.rel.to_string_lossy()),
            cell(p.old_url.as_deref().unwrap_or("(not known)")),
            cell(&p.new_path)
        );
    }
    SiteFiles {
        files,
        report: full,
        summary,
        findings,
    }
}

/// A table cell: `|` escaped, code-formatted.
fn cell(text: &str) -> String {
    format!("`{}`", text.replace('|', "\\|").replace('`', "'"))
}

fn section(out: &mut String, title: &str, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## {title} ({})\n", lines.len());
    for l in lines {
        let _ = writeln!(out, "- {l}");
    }
}

fn rule_text(old: &OldSite) -> String {
    let from_config = old
        .config_file
        .as_deref()
        .map_or(String::new(), |c| format!(", from {c}"));
    match &old.rule {
        Rule::Jekyll { permalink, scoped } if scoped.is_empty() => {
            format!("Jekyll's permalink `{permalink}`{from_config}")
        }
        Rule::Jekyll { permalink, scoped } => format!(
            "Jekyll's permalink `{permalink}`, and for posts under {}{from_config}",
            (scoped.iter())
                .map(|(path, p)| format!("{path}/ `{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Rule::Hugo { permalinks, .. } if permalinks.is_empty() => {
            format!("Hugo's section paths{from_config}")
        }
        Rule::Hugo { permalinks, .. } => format!(
            "Hugo's permalinks ({}){from_config}",
            permalinks
                .iter()
                .map(|(s, p)| format!("{s} = `{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Rule::Zola { .. } => format!("Zola's section paths and slugs{from_config}"),
        Rule::Route { html: true, .. } => "the file paths, with `.html` (VuePress's routes)".into(),
        Rule::Route { .. } => "the file paths (file-based routes)".into(),
        Rule::Pattern(p) => format!("the pattern `{p}`"),
        Rule::Unknown => "nothing: the old URLs are not known".into(),
    }
}

fn report(
    old: &OldSite,
    planned: &Planned,
    skipped: &[(PathBuf, &'static str)],
    source: &Path,
    files: &[OutFile],
) -> (String, usize) {
    let posts = &planned.posts;
    let drafts = posts.iter().filter(|p| !p.post.published).count();
    let mut out = String::from("# Import report\n\n");
    let _ = writeln!(
        out,
        "Imported {} from {} site ({}) in `{}`{}.",
        plural(posts.len(), "post"),
        a_site(old),
        old.evidence,
        source.display(),
        if drafts > 0 {
            format!(
                ", {} of them {}",
                drafts,
                if drafts == 1 { "a draft" } else { "drafts" }
            )
        } else {
            String::new()
        }
    );
    let known = posts.iter().filter(|p| p.old_url.is_some()).count();
    let _ = writeln!(
        out,
        "\n## URLs\n\n- Old URLs worked out from {}: {known} of {}.",
        rule_text(old),
        posts.len()
    );
    match &planned.permalink {
        Some(p) => {
            let own = posts.iter().filter(|p| p.permalink.is_some()).count();
            let _ = writeln!(
                out,
                "- Posts keep their old URLs (`--keep-urls`): the pattern `{p}` gives {}, {} {} their own `permalink`.",
                known - own.min(known),
                own,
                if own == 1 { "has" } else { "have" }
            );
        }
        None => {
            let _ = writeln!(
                out,
                "- Posts have Bulletin's URLs (`{DEFAULT_PERMALINK}`); each old URL is a legacy URL \
                 of its post: a redirect page there, a 301 in `_redirects` (Netlify, Cloudflare \
                 Pages), and in nginx's map with `nginx_redirects: true`."
            );
        }
    }
    let aliases: usize = posts
        .iter()
        .map(|p| {
            (p.legacy.iter())
                .filter(|u| Some(u.as_str()) != p.old_url.as_deref())
                .count()
        })
        .sum();
    let (links, in_posts) = planned.findings.links;
    if links > 0 {
        let _ = writeln!(
            out,
            "- Links to the old site's pages pointed at the new ones, and relative links made root-relative: {links}, in {}.",
            plural(in_posts, "post")
        );
    }
    if aliases > 0 {
        let _ = writeln!(out, "- Old aliases kept as legacy URLs: {aliases}.");
    }
    if known < posts.len() {
        let _ = writeln!(
            out,
            "- {} without an old URL: pass `--old-urls '/blog/{{year}}/{{month}}/{{slug}}/'` (the old site's pattern) to keep theirs.",
            plural(posts.len() - known, "post")
        );
    }
    if !planned.redirects.is_empty() {
        let froms: Vec<&str> = planned.redirects.iter().map(|(f, _)| f.as_str()).collect();
        let _ = writeln!(
            out,
            "- The old blog's listing pages redirect to /blog/ (`redirects` in bulletin.yaml): {}.",
            froms.join(", ")
        );
    }
    for (path, format) in legacy_feeds(old) {
        let f = if format == FeedFormat::Rss {
            "RSS"
        } else {
            "Atom"
        };
        let _ = writeln!(out, "- The old feed {path} is written again ({f}).");
    }
    if super::new_config::base_url(old).is_none() {
        out.push_str("- The old config gives no address: set `base_url` in bulletin.yaml before deploying.\n");
    }
    let beside = posts.iter().map(|p| p.copies.len()).sum::<usize>();
    let _ = writeln!(
        out,
        "\n## Written\n\n- bulletin.yaml\n- {} in content/posts/\n- {} beside their posts\n- {} the posts reference, from the old site's static folders, in static/\n- {} in content/authors/\n- {} in all",
        plural(posts.len(), "post"),
        plural(beside, "file"),
        plural(planned.statics.len(), "file"),
        plural(planned.authors.len(), "author file"),
        plural(files.len() + 1, "file"),
    );
    let f = &planned.findings;
    let skipped: Vec<String> = skipped
        .iter()
        .map(|(file, why)| format!("{}: {why}", file.display()))
        .collect();
    let located = |d: &crate::error::Diagnostic| {
        let place = match (&d.file, d.line) {
            (Some(file), Some(line)) => format!("{}:{line}", file.display()),
            (Some(file), None) => file.display().to_string(),
            _ => String::new(),
        };
        format!("{place}: {}", d.message)
    };
    let mut found: Vec<&crate::error::Diagnostic> = f.lossy.iter().collect();
    found.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    let (lossy, read): (Vec<_>, Vec<_>) = found.into_iter().partition(|d| is_conversion(d));
    let lossy: Vec<String> = lossy.into_iter().map(located).collect();
    let read: Vec<String> = read.into_iter().map(located).collect();
    let dropped: Vec<String> = f
        .dropped_keys
        .iter()
        .map(|(k, n)| format!("`{k}` ({}): the old site's templates", plural(*n, "post")))
        .collect();
    section(&mut out, "Files not imported", &skipped);
    section(&mut out, "URL clashes", &f.clashes);
    section(&mut out, "Dates to check", &f.dates);
    section(&mut out, "Conversions to check", &lossy);
    section(&mut out, "Warnings while reading", &read);
    section(&mut out, "Referenced files not found", &f.missing);
    let elsewhere: Vec<String> = (f.elsewhere.iter())
        .map(|(path, n)| {
            format!(
                "{path}: {}, to pages that are not posts (listed, commented out, under `check: elsewhere:` in bulletin.yaml)",
                plural(*n, "link")
            )
        })
        .collect();
    section(&mut out, "Links to pages that are not posts", &elsewhere);
    section(&mut out, "Front matter left out", &dropped);
    section(&mut out, "Notes", &old.notes);
    let findings = f.clashes.len()
        + f.dates.len()
        + lossy.len()
        + read.len()
        + f.missing.len()
        + elsewhere.len();
    (out, findings)
}

/// Whether a reader's warning is about the body's conversion (syntax kept as text, a
/// component left out, a link to a post that is not there), not about its front matter.
fn is_conversion(d: &crate::error::Diagnostic) -> bool {
    matches!(
        d.code,
        Some("foreign-syntax" | "mdx-component" | "broken-link")
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
