//! `bulletin new`: a new announcement with complete front matter, ready to write.
//!
//! The file goes to `content/posts/<slug>/index.md` (a bundle, so images can sit
//! beside it) or, with `--flat`, `content/posts/<slug>.md`. The slug is made from the
//! title the way Python Insider's posts are named: dots and apostrophes dropped, so
//! "Python 3.12.0 release candidate 1 released" is
//! `python-3120-release-candidate-1-released`. The body comes from the theme's
//! `new.md` template, which a site can override with `templates/new.md`.
//!
//! `bulletin new --from POST [VERSION]` drafts the next release's announcement from a
//! previous one instead ([`from`]): the post is found ([`find`]), copied with every
//! mention of its version replaced and its front matter settled ([`rewrite`], links
//! by [`links`]'s rule), and each line a human must check is named ([`review`]'s
//! heuristics and what replacing found), as [`report`] prints it.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::{Config, Overrides};
use crate::content::date::PostDate;
use crate::error::Diagnostic;

mod find;
mod from;
mod links;
mod outline;
mod report;
pub mod review;
mod rewrite;

pub use from::{FromOptions, new_from};
pub use outline::outline_lines;
pub use report::{FromReport, Line};

use outline::{NewPost, front_matter};

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
    check_tags(&opts.tags)?;
    let config = Config::load(source, &shown, &Overrides::default())?;
    let date = date_or_today(opts.date.as_deref())?;
    let author = opts
        .author
        .clone()
        .or(config.default_author.clone())
        .or_else(|| git_user(source));
    let slug = title_slug(title);
    let posts = posts_folder(&config);
    refuse_taken(
        source,
        &shown,
        &posts,
        &slug,
        "pick another title, or edit the existing post",
    )?;
    let rel = post_path(&posts, &slug, opts.flat, "md");

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
    let text = format!("{}\n{}", front_matter(&post), body.trim_start());
    let written = write_new(source, &shown, &posts, &rel, &text)?;
    if author.is_none() {
        eprintln!(
            "note: no author set; pass --author, set default_author in bulletin.yaml, or git config user.name"
        );
    }
    Ok(written)
}

/// Refuses a `--tag` with no letters or digits.
fn check_tags(tags: &[String]) -> Result<(), Diagnostic> {
    match tags.iter().find(|t| !t.chars().any(char::is_alphanumeric)) {
        Some(tag) => Err(
            Diagnostic::error(format!("--tag '{tag}' has no letters or digits"))
                .help("name the tag, like --tag release"),
        ),
        None => Ok(()),
    }
}

/// `--date` checked (`YYYY-MM-DD` or RFC 3339), or today.
fn date_or_today(date: Option<&str>) -> Result<String, Diagnostic> {
    match date {
        Some(d) => {
            PostDate::parse(d).map_err(|e| {
                Diagnostic::error(format!("--date: {e}")).help(
                    "write the date as YYYY-MM-DD, or RFC 3339 like 2024-02-01T10:00:00+02:00",
                )
            })?;
            Ok(d.trim().to_string())
        }
        None => Ok(jiff::ZonedDateTime::now().date().to_string()),
    }
}

/// The first posts folder of the config (`content/posts` unless it names others),
/// where new posts go.
fn posts_folder(config: &Config) -> PathBuf {
    Path::new(config.posts[0].trim_matches('/')).to_path_buf()
}

/// Where the post named `name` goes in `folder`: `<name>/index.<ext>`, or with `flat`
/// `<name>.<ext>`.
fn post_path(folder: &Path, name: &str, flat: bool, ext: &str) -> PathBuf {
    if flat {
        folder.join(format!("{name}.{ext}"))
    } else {
        folder.join(name).join(format!("index.{ext}"))
    }
}

/// Refuses a post named `name` in `folder` when either form is there: both would be
/// the same URL.
fn refuse_taken(
    source: &Path,
    shown: &Path,
    folder: &Path,
    name: &str,
    help: &str,
) -> Result<(), Diagnostic> {
    let flat = crate::content::POST_EXTENSIONS.map(|ext| folder.join(format!("{name}.{ext}")));
    for taken in flat.into_iter().chain([folder.join(name)]) {
        if source.join(&taken).exists() {
            return Err(Diagnostic::error(format!(
                "{} already exists; nothing was written",
                shown.join(&taken).display()
            ))
            .help(help));
        }
    }
    Ok(())
}

/// Writes `text` to the new file `rel` (never over a file, never through a link out of
/// the site) and returns its path as shown; when the new post would have another
/// post's URL, it is taken back, with the folders made for it, and that is the error.
fn write_new(
    source: &Path,
    shown: &Path,
    posts: &Path,
    rel: &Path,
    text: &str,
) -> Result<PathBuf, Diagnostic> {
    let path = source.join(rel);
    let mut made = Vec::new();
    if let Some(dir) = path.parent() {
        // The posts folder may be a link: the post goes inside the site or nowhere.
        let fence = crate::fsutil::Fence::new(source);
        let folders = rel
            .ancestors()
            .skip(1)
            .filter(|a| !a.as_os_str().is_empty());
        for folder in folders {
            let folder = source.join(folder);
            fence
                .check_dir(&folder)
                .map_err(|e| e.diagnostic("write the post", &shown.join(rel)))?;
            if !folder.exists() && folder.starts_with(source.join(posts)) {
                made.push(folder);
            }
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| Diagnostic::io("create the folder", &shown.join(rel), &e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| Diagnostic::io("create", &shown.join(rel), &e))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Diagnostic::io("write", &shown.join(rel), &e))?;
    if let Some(clash) = url_clash(source, &shown.join(rel)) {
        // The post would break the build: take it back.
        let _ = std::fs::remove_file(&path);
        for dir in made {
            let _ = std::fs::remove_dir(dir);
        }
        return Err(clash);
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
        clean: false,
    };
    let mut diags = Vec::new();
    crate::load(&opts, 0, &|_| {}, &mut diags);
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
mod tests;
