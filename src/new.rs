//! `bulletin new`: a new announcement with complete front matter, ready to write.
//!
//! The file goes to `content/posts/<slug>/index.md` (a bundle, so images can sit
//! beside it) or, with `--flat`, `content/posts/<slug>.md`. The slug is made from the
//! title the way Python Insider's posts are named: dots and apostrophes dropped, so
//! "Python 3.12.0 release candidate 1 released" is
//! `python-3120-release-candidate-1-released`. The body comes from the theme's
//! `new.md` template, which a site can override with `templates/new.md`.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::{Config, Overrides};
use crate::content::date::PostDate;
use crate::content::front_matter::quote;
use crate::error::Diagnostic;

/// What `bulletin new` was asked to make.
#[derive(Debug, Clone)]
pub struct NewOptions {
    /// The site's folder.
    pub source: PathBuf,
    /// The post's title.
    pub title: String,
    /// The author; else the config's `default_author`, else `git config user.name`.
    pub author: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// The publication date (`YYYY-MM-DD` or RFC 3339); else today.
    pub date: Option<String>,
    /// Mark it `published: false`.
    pub draft: bool,
    /// A single file instead of a folder.
    pub flat: bool,
}

/// The slug of a title, as the corpus names its posts.
pub fn title_slug(title: &str) -> String {
    let kept: String = title
        .chars()
        .filter(|c| !matches!(c, '.' | '\'' | '’' | '‘' | '"' | '“' | '”'))
        .collect();
    crate::url::slugify(&kept)
}

/// What the body template is given.
#[derive(Serialize)]
struct NewPost<'a> {
    title: &'a str,
    date: &'a str,
    author: Option<&'a str>,
    tags: &'a [String],
    slug: &'a str,
    draft: bool,
}

/// The author from git, if git is there and knows one.
fn git_user(source: &Path) -> Option<String> {
    let out = std::process::Command::new("git")
        .args(["config", "user.name"])
        .current_dir(source)
        .output()
        .ok()?;
    let name = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !name.is_empty()).then_some(name)
}

/// The lines a body made from the site's `new.md` holds that a finished post would
/// not: the outline's own sentences and list items (headings and short lines left
/// out, since a real post may share them). `check` warns about a published post that
/// still holds one.
pub fn outline_lines(tera: &tera::Tera) -> Vec<String> {
    let post = NewPost {
        title: "Example 1.0 released",
        date: "2024-01-01",
        author: Some("Example Author"),
        tags: &[],
        slug: "example-10-released",
        draft: true,
    };
    let mut ctx = tera::Context::new();
    ctx.insert("post", &post);
    let Ok(body) = tera.render("new.md", &ctx) else {
        return Vec::new();
    };
    (body.lines())
        .map(|l| l.trim().trim_start_matches(['-', '*', ' ']).trim())
        .filter(|l| !l.starts_with('#') && l.chars().count() >= 24)
        .map(str::to_string)
        .collect()
}

/// The front matter, in the spellings the README lists first.
fn front_matter(p: &NewPost<'_>) -> String {
    let mut s = String::from("---\n");
    s.push_str(&format!("title: {}\n", quote(p.title)));
    s.push_str(&format!("publishDate: {}\n", quote(p.date)));
    if let Some(author) = p.author {
        s.push_str(&format!("author: {}\n", quote(author)));
    }
    s.push_str("description: ''\n");
    if p.tags.is_empty() {
        s.push_str("tags: []\n");
    } else {
        s.push_str("tags:\n");
        for t in p.tags {
            s.push_str(&format!("  - {}\n", quote(t)));
        }
    }
    s.push_str(&format!("published: {}\n", !p.draft));
    s.push_str("---\n");
    s
}

/// Creates the post and returns its path (as the user named the site folder).
/// Refuses to overwrite anything.
pub fn new_post(opts: &NewOptions) -> Result<PathBuf, Diagnostic> {
    let source = opts.source.as_path();
    let shown = crate::shown_root(source);
    crate::require_source(source)?;
    let title = opts.title.trim();
    if title.is_empty() {
        return Err(Diagnostic::error("the title is empty")
            .help("bulletin new \"Python 3.12.0 release candidate 1 released\""));
    }
    if title.chars().any(char::is_control) {
        return Err(
            Diagnostic::error("the title has a control character (a tab or a line break)")
                .help("write the title on one line, with spaces"),
        );
    }
    if !title.chars().any(char::is_alphanumeric) {
        return Err(Diagnostic::error(format!(
            "the title '{title}' has no letters or digits to make a slug from"
        ))
        .help("bulletin new \"Python 3.12.0 release candidate 1 released\""));
    }
    if let Some(tag) = opts
        .tags
        .iter()
        .find(|t| !t.chars().any(char::is_alphanumeric))
    {
        return Err(
            Diagnostic::error(format!("--tag '{tag}' has no letters or digits"))
                .help("name the tag, like --tag release"),
        );
    }
    let config = Config::load(source, &shown, &Overrides::default())?;
    let date = match &opts.date {
        Some(d) => {
            PostDate::parse(d).map_err(|e| {
                Diagnostic::error(format!("--date: {e}")).help(
                    "write the date as YYYY-MM-DD, or RFC 3339 like 2024-02-01T10:00:00+02:00",
                )
            })?;
            d.trim().to_string()
        }
        None => jiff::ZonedDateTime::now().date().to_string(),
    };
    let author = opts
        .author
        .clone()
        .or(config.default_author.clone())
        .or_else(|| git_user(source));
    let slug = title_slug(title);
    // The first posts folder of the config (`content/posts` unless it names others).
    let posts = Path::new(config.posts[0].trim_matches('/')).to_path_buf();
    let rel = if opts.flat {
        posts.join(format!("{slug}.md"))
    } else {
        posts.join(&slug).join("index.md")
    };
    // Either form at this slug would be the same URL.
    for taken in [posts.join(format!("{slug}.md")), posts.join(&slug)] {
        if source.join(&taken).exists() {
            return Err(Diagnostic::error(format!(
                "{} already exists; nothing was written",
                shown.join(&taken).display()
            ))
            .help("pick another title, or edit the existing post"));
        }
    }

    let post = NewPost {
        title,
        date: &date,
        author: author.as_deref(),
        tags: &opts.tags,
        slug: &slug,
        draft: opts.draft,
    };
    let mut diags = Vec::new();
    let (tera, sources) = crate::templates::load(source, &shown, &mut diags);
    if let Some(d) = diags.into_iter().find(Diagnostic::is_error) {
        return Err(d);
    }
    let mut ctx = tera::Context::new();
    ctx.insert("post", &post);
    let body = tera
        .render("new.md", &ctx)
        .map_err(|e| crate::templates::template_error(&e, &sources))?;

    let path = source.join(&rel);
    if let Some(dir) = path.parent() {
        // The posts folder may be a link: the post goes inside the site or nowhere.
        let fence = crate::fsutil::Fence::new(source);
        let folders = posts.ancestors().filter(|a| !a.as_os_str().is_empty());
        for folder in folders.map(|a| source.join(a)).chain([dir.into()]) {
            fence
                .check_dir(&folder)
                .map_err(|e| e.diagnostic("write the post", &shown.join(&rel)))?;
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| Diagnostic::io("create the folder", &shown.join(&rel), &e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| Diagnostic::io("create", &shown.join(&rel), &e))?;
    file.write_all(format!("{}\n{}", front_matter(&post), body.trim_start()).as_bytes())
        .map_err(|e| Diagnostic::io("write", &shown.join(&rel), &e))?;
    if let Some(clash) = url_clash(source, &shown.join(&rel)) {
        // The post would break the build: take it back.
        let _ = std::fs::remove_file(&path);
        if !opts.flat {
            let _ = path.parent().map(std::fs::remove_dir);
        }
        return Err(clash);
    }
    if author.is_none() {
        eprintln!(
            "note: no author set; pass --author, set default_author in bulletin.yaml, or git config user.name"
        );
    }
    Ok(shown.join(rel))
}

/// The URL collision the new post `file` makes with a post already there (another
/// file with the same date and slug, or a `slug:` that says the same), if any: the site
/// is loaded as a build would, drafts and future posts included.
fn url_clash(source: &Path, file: &Path) -> Option<Diagnostic> {
    let opts = crate::BuildOptions {
        source: source.to_path_buf(),
        output: source.join("public"),
        base_url: None,
        selection: crate::site::Selection {
            drafts: true,
            future: true,
            preview: false,
        },
    };
    let mut diags = Vec::new();
    crate::load(&opts, &|_| {}, &mut diags);
    let shown = file.display().to_string();
    let d = diags.into_iter().find(|d| {
        d.code == Some("url-collision")
            && (d.file.as_deref() == Some(file) || d.message.contains(&shown))
    })?;
    Some(
        Diagnostic::error(format!(
            "{shown} would have the URL of another post, so nothing was written: {}",
            d.message
        ))
        .help("pick a title that says what is new (the version, the date)"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_corpus() {
        assert_eq!(
            title_slug("Python 3.12.0 release candidate 1 released"),
            "python-3120-release-candidate-1-released"
        );
        assert_eq!(
            title_slug("It's time for another set of Python releases"),
            "its-time-for-another-set-of-python-releases"
        );
        assert_eq!(
            title_slug("Python 3.9.2rc1 and 3.8.8rc1"),
            "python-392rc1-and-388rc1"
        );
        assert_eq!(title_slug("..."), "x");
    }

    #[test]
    fn front_matter_quotes_what_yaml_would_misread() {
        let fm = front_matter(&NewPost {
            title: "Python 3.10: it's here",
            date: "2024-01-02",
            author: Some("Łukasz"),
            tags: &["releases".into(), "3.10".into()],
            slug: "x",
            draft: true,
        });
        assert!(fm.contains("title: 'Python 3.10: it''s here'\n"), "{fm}");
        assert!(fm.contains("  - '3.10'\n"), "{fm}");
        assert!(fm.contains("published: false\n"), "{fm}");
    }
}
