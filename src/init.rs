//! `bulletin init`: a new, empty blog in a folder, ready to preview.
//!
//! It writes `bulletin.yaml` (the settings a new blog most often changes, each with a
//! comment), one example announcement as a bundle in `content/posts/`, the example's
//! author in `content/authors/`, and a `.gitignore` for the output folder. The result
//! builds and passes `bulletin check --deny-warnings` as it is.
//!
//! It never overwrites: a folder that already holds a site (`bulletin.yaml` or
//! `content/`) is refused before anything is written, and every file is created with
//! `create_new`. Other files in the folder (a README, `.git`) are left alone; a
//! `.gitignore` already there is not changed.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE, Config, Overrides};
use crate::content::front_matter::quote;
use crate::error::Diagnostic;
use crate::url::BaseUrl;

/// What `bulletin init` was asked to make.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The folder of the new blog (created when missing).
    pub dir: PathBuf,
    /// The blog's title.
    pub title: Option<String>,
    /// The URL the blog will be deployed at.
    pub base_url: Option<String>,
}

/// What `bulletin init` did.
#[derive(Debug)]
pub struct InitReport {
    /// The blog's folder, as the user named it (empty for `.`).
    pub dir: PathBuf,
    /// The files written, relative to the blog's folder.
    pub created: Vec<PathBuf>,
    /// True when a `.gitignore` was already there (and was left as it was).
    pub kept_gitignore: bool,
}

/// The title when `--title` is not given.
const DEFAULT_TITLE: &str = "Example Blog";
/// The base URL when `--base-url` is not given: the config's own default, written out
/// so the user sees the key to change.
const DEFAULT_BASE_URL: &str = "http://localhost/";
/// The example post's title.
const EXAMPLE_TITLE: &str = "Example 1.0.0 released";
/// The example author's name and id (the file name).
const AUTHOR_NAME: &str = "Example Maintainer";
const AUTHOR_ID: &str = "example-maintainer";

/// What is ignored by git: the build's output (social cards and the link cache live in
/// Bulletin's cache folder, outside the site).
const GITIGNORE: &str = "# The site `bulletin build` writes.\npublic/\n";

/// The commented `bulletin.yaml`.
fn config_text(title: &str, base_url: &str) -> String {
    format!(
        "\
# Settings of this blog. Every key is optional; the README's `bulletin.yaml` table
# lists them all, with their defaults.

# The blog's name: in every page's <title>, the header and the feeds.
title: {title}
# One line about the blog, for the home page, the feeds and search engines.
description: 'Release announcements and news.'
# The URL the blog is deployed at: feeds, canonical links and the sitemap use it.
# Set it before publishing (`bulletin build --base-url URL` overrides it).
base_url: {base_url}
# The language of the pages (<html lang>), as a BCP 47 tag like en or pt-BR.
language: 'en'
# Where posts go. Placeholders: {{year}}, {{month}}, {{day}}, {{slug}} (required).
permalink: '/{{year}}/{{month}}/{{slug}}/'
# Posts on each page of the /blog/ listing.
posts_per_page: 20
# Posts in each feed (RSS and Atom).
feed_limit: 50
# Draw an Open Graph image for the site and each post, shown where links are shared.
social_cards: true
# The author of posts that name none: a name, or the id of a file in content/authors/.
default_author: {author}
",
        title = quote(title),
        base_url = quote(base_url),
        author = quote(AUTHOR_NAME),
    )
}

/// The example announcement, dated `date` (`YYYY-MM-DD`).
fn example_post(date: &str) -> String {
    format!(
        "\
---
title: {title}
publishDate: {date}
author: {author}
tags:
  - 'releases'
description: 'Example 1.0.0 is out: faster builds, a plugin API and Windows support.'
---

We are happy to announce Example 1.0.0, the first stable release. Thank you to
everyone who tried the release candidates and reported what they found.

## What's new

- Builds are up to twice as fast as in 0.9.
- A plugin API, documented and stable from now on.
- Windows is supported, alongside Linux and macOS.

## Download

Example 1.0.0 is on the [download page](https://example.com/download/).

This is an example post: edit it, or delete its folder and start your own with
`bulletin new \"Example 1.1.0 released\"`.
",
        title = quote(EXAMPLE_TITLE),
        date = quote(date),
        author = quote(AUTHOR_NAME),
    )
}

/// The example author's file.
const AUTHOR_FILE: &str = "\
{
  \"name\": \"Example Maintainer\",
  \"bio\": \"Maintains Example. Replace this file with your own: content/authors/<id>.json.\"
}
";

/// True when something (a file, a folder, a link, even a broken one) is at `path`.
fn taken(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// The title, checked: one line with something in it.
fn checked_title(title: Option<&str>) -> Result<String, Diagnostic> {
    let Some(title) = title else {
        return Ok(DEFAULT_TITLE.to_string());
    };
    let title = title.trim();
    if title.is_empty() {
        return Err(Diagnostic::error("--title is empty")
            .help("bulletin init my-blog --title \"Example Project News\""));
    }
    if title.chars().any(char::is_control) {
        return Err(
            Diagnostic::error("--title has a control character (a tab or a line break)")
                .help("write the title on one line, with spaces"),
        );
    }
    Ok(title.to_string())
}

/// The base URL, checked with the config's own parser.
fn checked_base_url(url: Option<&str>) -> Result<String, Diagnostic> {
    let Some(url) = url else {
        return Ok(DEFAULT_BASE_URL.to_string());
    };
    let help = "pass the URL the blog will be deployed at, like https://example.org/blog/";
    if url.chars().any(char::is_control) {
        return Err(Diagnostic::error(
            "--base-url has a control character (a tab or a line break)",
        )
        .help(help));
    }
    BaseUrl::parse(url)
        .map(|b| b.full())
        .map_err(|msg| Diagnostic::error(format!("--base-url: {msg}")).help(help))
}

/// Creates the blog and reports what it wrote. Refuses a folder that holds a site, and
/// never overwrites a file.
pub fn init(opts: &InitOptions) -> Result<InitReport, Diagnostic> {
    let dir = opts.dir.as_path();
    let shown = crate::shown_root(dir);
    let shown_dir = if shown.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        shown.clone()
    };
    let title = checked_title(opts.title.as_deref())?;
    let base_url = checked_base_url(opts.base_url.as_deref())?;

    if taken(dir) && !dir.is_dir() {
        return Err(Diagnostic::error(format!(
            "{} exists and is not a folder; nothing was written",
            shown_dir.display()
        ))
        .help("name a new folder, or an existing one without a site"));
    }
    let folder = if shown.as_os_str().is_empty() {
        "this folder".to_string()
    } else {
        shown.display().to_string()
    };
    for (what, named) in [(CONFIG_FILE, CONFIG_FILE), ("content", "content/")] {
        if taken(&dir.join(what)) {
            return Err(Diagnostic::error(format!(
                "{} already exists: {folder} holds a site already; nothing was written",
                shown.join(named).display(),
            ))
            .help(
                "to start another blog, name a new folder: bulletin init my-blog; \
                 to add a post to this one: bulletin new \"TITLE\"",
            ));
        }
    }

    let config = config_text(&title, &base_url);
    // What is written must read back: checked before anything touches the disk.
    Config::from_text(&config, &shown.join(CONFIG_FILE), &Overrides::default())?;
    // The date of today in UTC: midnight of it has passed everywhere, so the example
    // is never a post of the future.
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
        .to_string();
    let slug = crate::new::title_slug(EXAMPLE_TITLE);
    let post = Path::new(crate::config::DEFAULT_POSTS)
        .join(&slug)
        .join("index.md");
    let author = Path::new("content/authors").join(format!("{AUTHOR_ID}.json"));
    let gitignore = Path::new(".gitignore");
    let kept_gitignore = taken(&dir.join(gitignore));

    let mut files: Vec<(&Path, String)> = vec![
        (Path::new(CONFIG_FILE), config),
        (&post, example_post(&today)),
        (&author, AUTHOR_FILE.to_string()),
    ];
    if !kept_gitignore {
        files.push((gitignore, GITIGNORE.to_string()));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Diagnostic::io("create the folder", &shown_dir, &e))?;
    let mut created = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::io("create the folder", &shown.join(rel), &e))?;
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Diagnostic::io("create", &shown.join(rel), &e))?;
        file.write_all(text.as_bytes())
            .map_err(|e| Diagnostic::io("write", &shown.join(rel), &e))?;
        created.push(rel.to_path_buf());
    }
    Ok(InitReport {
        dir: shown,
        created,
        kept_gitignore,
    })
}

impl InitReport {
    /// What was created and what to run next, for the terminal.
    pub fn summary(&self) -> String {
        let here = self.dir.as_os_str().is_empty();
        let mut out = if here {
            String::from("created a new blog here:\n")
        } else {
            format!("created a new blog in {}:\n", self.dir.display())
        };
        for f in &self.created {
            out.push_str(&format!("  {}\n", self.dir.join(f).display()));
        }
        if self.kept_gitignore {
            out.push_str(&format!(
                "{} was already there and was left as it was; add `public/` to it\n",
                self.dir.join(".gitignore").display()
            ));
        }
        out.push_str("\nnext:\n");
        if !here {
            out.push_str(&format!("  cd {}\n", self.dir.display()));
        }
        out.push_str(
            "  bulletin serve                           preview it at http://127.0.0.1:1111/\n",
        );
        out.push_str("  bulletin new \"Example 1.1.0 released\"    start a post\n");
        out.push_str("  bulletin build                           write the site to public/\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_reads_back_with_the_title_and_url_given() {
        let title = "It's \"Example\": news # 1 \\ {x}";
        let text = config_text(title, "https://example.org/blog/");
        let c = Config::from_text(&text, Path::new("bulletin.yaml"), &Overrides::default())
            .expect("the config parses");
        assert_eq!(c.title, title);
        assert_eq!(c.base_url.full(), "https://example.org/blog/");
        assert_eq!(c.default_author.as_deref(), Some(AUTHOR_NAME));
        assert_eq!(c.posts_per_page, 20);
        assert!(c.social_cards);
    }

    #[test]
    fn the_author_file_names_the_default_author() {
        let v: serde_json::Value = serde_json::from_str(AUTHOR_FILE).expect("JSON");
        assert_eq!(v["name"], AUTHOR_NAME);
        assert_eq!(crate::url::slugify(AUTHOR_NAME), AUTHOR_ID);
    }

    #[test]
    fn titles_and_urls_are_checked() {
        assert_eq!(checked_title(None).unwrap(), DEFAULT_TITLE);
        assert_eq!(checked_title(Some("  A  ")).unwrap(), "A");
        assert!(checked_title(Some(" ")).is_err());
        assert!(checked_title(Some("a\nb")).is_err());
        assert_eq!(
            checked_base_url(Some("https://example.org/blog")).unwrap(),
            "https://example.org/blog/"
        );
        let e = checked_base_url(Some("example.org")).unwrap_err();
        assert!(e.message.starts_with("--base-url: "), "{e}");
    }
}
