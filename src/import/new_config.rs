//! The new site's `bulletin.yaml`, and the one way the import writes a YAML scalar.

use std::fmt::Write as _;

use super::model::DEFAULT_PERMALINK;
use super::old_site::OldSite;
use crate::config::FeedFormat;
use crate::content::front_matter::quote;
use crate::url::HeadingIdStyle;

/// A YAML scalar for any text: single-quoted ([`quote`]), or, for text with a line
/// break or another control character (which a single-quoted scalar folds away), as a
/// JSON string, which YAML reads as a double-quoted scalar with the same escapes.
pub(super) fn scalar(text: &str) -> String {
    if text.chars().any(char::is_control) {
        serde_json::to_string(text).unwrap_or_else(|_| quote(text))
    } else {
        quote(text)
    }
}

/// The old feeds Bulletin does not already write at the same URL.
pub(super) fn legacy_feeds(old: &OldSite) -> Vec<(String, FeedFormat)> {
    old.feeds
        .iter()
        // Bulletin writes feeds of its own there (of one format or the other).
        .filter(|(path, _)| {
            !matches!(
                path.as_str(),
                "/rss.xml" | "/atom.xml" | "/feeds/posts/default"
            )
        })
        .cloned()
        .collect()
}

fn heading_ids(style: HeadingIdStyle) -> &'static str {
    match style {
        HeadingIdStyle::Bulletin => "bulletin",
        HeadingIdStyle::Github => "github",
        HeadingIdStyle::Vuepress => "vuepress",
        HeadingIdStyle::Zola => "zola",
    }
}

/// `bulletin.yaml` of the new site.
pub(super) fn config_text(
    old: &OldSite,
    permalink: Option<&str>,
    elsewhere: &[&str],
    redirects: &[(String, String)],
) -> String {
    let mut out = format!(
        "# Imported from {} site by `bulletin import`; import-report.md says what came\n\
         # over and how. Every key is optional: the README's `bulletin.yaml` table lists them.\n",
        a_site(old)
    );
    let line = |out: &mut String, key: &str, value: &Option<String>| {
        if let Some(v) = value {
            let _ = writeln!(out, "{key}: {}", scalar(v));
        }
    };
    line(&mut out, "title", &old.title);
    line(&mut out, "description", &old.description);
    match base_url(old) {
        Some(b) => {
            let _ = writeln!(out, "base_url: {}", scalar(&b));
        }
        None => out.push_str(
            "# The old config does not say where the site is: set it before deploying.\n\
             # base_url: 'https://example.org/'\n",
        ),
    }
    line(&mut out, "language", &old.language);
    line(&mut out, "default_author", &old.author);
    if let Some(p) = permalink.filter(|p| *p != DEFAULT_PERMALINK) {
        out.push_str(
            "# The old site's URLs, kept (posts it cannot give have their own `permalink`).\n",
        );
        let _ = writeln!(out, "permalink: {}", scalar(p));
    }
    out.push_str("# How the old site rendered Markdown, so posts (and links to their headings) stay as they were.\n");
    let _ = writeln!(out, "heading_ids: {}", heading_ids(old.heading_ids));
    let _ = writeln!(out, "smart_punctuation: {}", old.smart_punctuation);
    let _ = writeln!(out, "emoji_shortcodes: {}", old.emoji_shortcodes);
    let _ = writeln!(out, "definition_lists: {}", old.definition_lists);
    if !elsewhere.is_empty() {
        out.push_str(
            "# Posts link to these paths, which are not posts: the rest of the old site? If the\n\
             # host still serves them, uncomment so `bulletin check` does not report them.\n\
             # check:\n#   elsewhere:\n",
        );
        for e in elsewhere {
            let _ = writeln!(out, "#     - {}", scalar(e));
        }
    }
    if !redirects.is_empty() {
        out.push_str("# The old blog's listing pages, sent to Bulletin's.\nredirects:\n");
        for (from, to) in redirects {
            let _ = writeln!(out, "  {}: {}", scalar(from), scalar(to));
        }
    }
    let feeds = legacy_feeds(old);
    if !feeds.is_empty() {
        out.push_str("# The old site's feeds: the feed is written there too, so subscribers keep reading.\nlegacy_feeds:\n");
        for (path, format) in feeds {
            let f = match format {
                FeedFormat::Rss => "rss",
                FeedFormat::Atom => "atom",
            };
            let _ = writeln!(out, "  {}: {f}", scalar(&path));
        }
    }
    out
}

/// The old site's address as a base URL, when it is one (`baseURL = "/"` is not).
pub(super) fn base_url(old: &OldSite) -> Option<String> {
    let b = old.base_url.as_deref()?;
    let b = if b.ends_with('/') {
        b.to_string()
    } else {
        format!("{b}/")
    };
    crate::url::BaseUrl::parse(&b).ok().map(|_| b)
}

/// "a Jekyll", "an Astro".
pub(super) fn a_site(old: &OldSite) -> String {
    let name = old.generator.title();
    let an = name.starts_with(['A', 'E', 'I', 'O', 'U']);
    format!("{} {name}", if an { "an" } else { "a" })
}
