//! What feed readers and search engines need of the files made for them: RSS 2.0,
//! Atom and the sitemap, checked as XML after rendering. The default theme passes; a
//! site's own `rss.xml`, `atom.xml` or `sitemap.xml` template may not, and a reader that
//! meets a broken feed silently stops updating.
//!
//! [`findings`] checks one rendered file and reports its problems at the template that
//! writes it, worded for the template's author, with the line of the output where one
//! is known. `build` fails on them rather than write a broken feed; `check` reports them.

use std::collections::BTreeSet;

use roxmltree::{Document, Node};

use super::Job;
use crate::error::Diagnostic;

/// One problem of a rendered file: the line of the output (when known) and what is
/// wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    line: Option<u32>,
    message: String,
}

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// Which format a file is meant to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Rss,
    Atom,
    Sitemap,
}

/// What is wrong with a rendered feed or sitemap (`file`), reported at the template that
/// writes it.
pub fn findings(
    file: &str,
    text: &str,
    job: &Job,
    sources: &crate::templates::TemplateSources,
) -> Vec<Diagnostic> {
    let (kind, code, help) = match job {
        Job::Rss(_) | Job::Atom(_) => (
            if matches!(job, Job::Rss(_)) {
                Kind::Rss
            } else {
                Kind::Atom
            },
            "feed-invalid",
            "fix the feed's template; a reader that cannot use a feed stops updating, silently",
        ),
        Job::Sitemap | Job::SitemapPart(_) => (
            Kind::Sitemap,
            "sitemap-invalid",
            "fix the sitemap's template; search engines skip a sitemap they cannot read",
        ),
        _ => return Vec::new(),
    };
    let template = sources.shown(job.template().unwrap_or(file));
    let mut diags = Vec::new();
    for p in problems(kind, text) {
        let place = p
            .line
            .map(|l| format!(" (line {l} of the output)"))
            .unwrap_or_default();
        diags.push(
            Diagnostic::error(format!("{file}: {}{place}", p.message))
                .in_file(&template)
                .code(code)
                .help(help),
        );
    }
    diags
}

/// Findings of [`findings`] that differ only in the file they were found in (one
/// mistake of `rss.xml` breaks the feed of every tag) become one, naming the first
/// file and counting the others. Other diagnostics are kept as they are, in order.
pub fn merge_alike(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    // (template, problem) → (index in `out`, other files).
    let mut seen: std::collections::HashMap<(Option<std::path::PathBuf>, String), (usize, usize)> =
        Default::default();
    for d in diags {
        let problem = match (d.code, d.message.split_once(": ")) {
            (Some("feed-invalid" | "sitemap-invalid"), Some((_, problem))) => problem.to_string(),
            _ => {
                out.push(d);
                continue;
            }
        };
        match seen.entry((d.file.clone(), problem)) {
            std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().1 += 1,
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert((out.len(), 0));
                out.push(d);
            }
        }
    }
    for (at, others) in seen.into_values() {
        if others > 0 {
            let s = if others == 1 { "" } else { "s" };
            out[at].message = format!("{} (and in {others} other file{s})", out[at].message);
        }
    }
    out
}

/// The problems of `xml`, rendered as a file of `kind`.
fn problems(kind: Kind, xml: &str) -> Vec<Problem> {
    let doc = match Document::parse(xml) {
        Ok(doc) => doc,
        Err(e) => {
            let pos = e.pos();
            let why = e.to_string();
            let why = why.strip_suffix(&format!(" at {pos}")).unwrap_or(&why);
            return vec![Problem {
                line: Some(pos.row),
                message: format!(
                    "it is not well-formed XML: {why}, at `{}`",
                    excerpt(xml, pos.row, pos.col)
                ),
            }];
        }
    };
    let mut out = Problems {
        doc: &doc,
        list: Vec::new(),
    };
    let root = doc.root_element();
    match kind {
        Kind::Rss => out.rss(root),
        Kind::Atom => out.atom(root),
        Kind::Sitemap => out.sitemap(root),
    }
    out.list
}

struct Problems<'a, 'input> {
    doc: &'a Document<'input>,
    list: Vec<Problem>,
}

impl Problems<'_, '_> {
    fn add(&mut self, node: Node<'_, '_>, message: String) {
        let line = self.doc.text_pos_at(node.range().start).row;
        self.list.push(Problem {
            line: Some(line),
            message,
        });
    }

    /// The text of the first child element named `name` (in `ns`, or none), trimmed,
    /// or a problem when there is none or it is empty.
    fn required<'n>(
        &mut self,
        parent: Node<'n, '_>,
        ns: Option<&str>,
        name: &str,
        what: &str,
    ) -> Option<&'n str> {
        let text = child(parent, ns, name).map(|c| c.text().unwrap_or("").trim());
        match text {
            Some(t) if !t.is_empty() => Some(t),
            _ => {
                self.add(parent, format!("{what} has no <{name}>, or it is empty"));
                None
            }
        }
    }

    fn absolute(&mut self, node: Node<'_, '_>, what: &str, url: &str) {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            self.add(node, format!("{what} {url} is not an absolute URL"));
        }
    }

    fn rss(&mut self, root: Node<'_, '_>) {
        if !root.has_tag_name("rss") {
            self.add(
                root,
                format!(
                    "the root element is <{}>, not <rss>",
                    root.tag_name().name()
                ),
            );
            return;
        }
        if root.attribute("version") != Some("2.0") {
            self.add(root, "<rss> has no version=\"2.0\"".into());
        }
        let Some(channel) = child(root, None, "channel") else {
            self.add(root, "<rss> has no <channel>".into());
            return;
        };
        self.required(channel, None, "title", "the channel");
        // Required, though readers live with an empty one.
        if child(channel, None, "description").is_none() {
            self.add(channel, "the channel has no <description>".into());
        }
        if let Some(link) = self.required(channel, None, "link", "the channel") {
            self.absolute(channel, "the channel's link", link);
        }
        let mut guids = BTreeSet::new();
        for (i, item) in children(channel, None, "item").enumerate() {
            let what = item_name(item, None, i);
            if child(item, None, "title").is_none() && child(item, None, "description").is_none() {
                self.add(
                    item,
                    format!("{what} has neither <title> nor <description>"),
                );
            }
            if let Some(link) = self.required(item, None, "link", &what) {
                self.absolute(item, &format!("the link of {what}"), link);
            }
            match child(item, None, "guid")
                .and_then(|g| g.text())
                .map(str::trim)
            {
                Some(guid) if !guids.insert(guid.to_string()) => self.add(
                    item,
                    format!("{what} has the guid {guid} of an earlier item; readers will drop one"),
                ),
                Some(_) => {}
                None => self.add(
                    item,
                    format!("{what} has no <guid>; readers may show it again as new"),
                ),
            }
            if let Some(date) = self.required(item, None, "pubDate", &what)
                && jiff::fmt::rfc2822::parse(date).is_err()
            {
                self.add(
                    item,
                    format!("the pubDate of {what}, '{date}', is not an RFC 822 date"),
                );
            }
        }
    }

    fn atom(&mut self, root: Node<'_, '_>) {
        if !(root.has_tag_name((ATOM_NS, "feed"))) {
            self.add(
                root,
                "the root element is not <feed> in the Atom namespace".to_string(),
            );
            return;
        }
        let ns = Some(ATOM_NS);
        self.required(root, ns, "title", "the feed");
        self.required(root, ns, "id", "the feed");
        if let Some(updated) = self.required(root, ns, "updated", "the feed") {
            self.rfc3339(root, "the feed's <updated>", updated);
        }
        let feed_author = child(root, ns, "author").is_some();
        let mut ids = BTreeSet::new();
        for (i, entry) in children(root, ns, "entry").enumerate() {
            let what = item_name(entry, ns, i);
            self.required(entry, ns, "title", &what);
            match self.required(entry, ns, "id", &what) {
                Some(id) if !ids.insert(id.to_string()) => self.add(
                    entry,
                    format!("{what} has the id {id} of an earlier entry; readers will drop one"),
                ),
                _ => {}
            }
            if let Some(updated) = self.required(entry, ns, "updated", &what) {
                self.rfc3339(entry, &format!("the <updated> of {what}"), updated);
            }
            if let Some(p) = child(entry, ns, "published").and_then(|p| p.text()) {
                self.rfc3339(entry, &format!("the <published> of {what}"), p.trim());
            }
            let alternate = children(entry, ns, "link")
                .find(|l| l.attribute("rel").is_none_or(|r| r == "alternate"));
            match alternate.and_then(|l| l.attribute("href")) {
                Some(href) => self.absolute(entry, &format!("the link of {what}"), href),
                None => self.add(entry, format!("{what} has no <link rel=\"alternate\">")),
            }
            if !feed_author && child(entry, ns, "author").is_none() {
                self.add(
                    entry,
                    format!("{what} has no <author>, and neither has the feed"),
                );
            }
        }
    }

    fn rfc3339(&mut self, node: Node<'_, '_>, what: &str, date: &str) {
        if date.parse::<jiff::Timestamp>().is_err() {
            self.add(
                node,
                format!("{what}, '{date}', is not an RFC 3339 date with a time zone"),
            );
        }
    }

    fn sitemap(&mut self, root: Node<'_, '_>) {
        if root.has_tag_name((SITEMAP_NS, "sitemapindex")) {
            let ns = Some(SITEMAP_NS);
            for part in children(root, ns, "sitemap") {
                if let Some(loc) = self.required(part, ns, "loc", "a <sitemap>") {
                    self.absolute(part, "the <loc>", loc);
                }
            }
            return;
        }
        if !root.has_tag_name((SITEMAP_NS, "urlset")) {
            self.add(
                root,
                "the root element is not <urlset> (or <sitemapindex>) in the sitemap namespace"
                    .to_string(),
            );
            return;
        }
        let ns = Some(SITEMAP_NS);
        let mut seen = BTreeSet::new();
        for url in children(root, ns, "url") {
            let Some(loc) = self.required(url, ns, "loc", "a <url>") else {
                continue;
            };
            self.absolute(url, "the <loc>", loc);
            if !seen.insert(loc.to_string()) {
                self.add(url, format!("{loc} is listed twice"));
            }
            if let Some(lastmod) = child(url, ns, "lastmod").and_then(|l| l.text()) {
                let lastmod = lastmod.trim();
                let date_only = lastmod.len() == 10 && lastmod.parse::<jiff::civil::Date>().is_ok();
                if !date_only && lastmod.parse::<jiff::Timestamp>().is_err() {
                    self.add(
                        url,
                        format!("the <lastmod> of {loc}, '{lastmod}', is not a W3C date"),
                    );
                }
            }
        }
    }
}

fn child<'a, 'i>(parent: Node<'a, 'i>, ns: Option<&str>, name: &str) -> Option<Node<'a, 'i>> {
    children(parent, ns, name).next()
}

fn children<'a, 'i>(
    parent: Node<'a, 'i>,
    ns: Option<&str>,
    name: &str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    parent.children().filter(move |c| {
        c.is_element() && c.tag_name().name() == name && c.tag_name().namespace() == ns
    })
}

/// Up to 30 characters either side of `row:col` (1-based, in characters) of `text`.
fn excerpt(text: &str, row: u32, col: u32) -> String {
    let line = text
        .lines()
        .nth(row.saturating_sub(1) as usize)
        .unwrap_or("");
    let chars: Vec<char> = line.chars().collect();
    let at = (col.saturating_sub(1) as usize).min(chars.len());
    let from = at.saturating_sub(30);
    let to = (at + 30).min(chars.len());
    let mut out: String = chars[from..to].iter().collect();
    if from > 0 {
        out.insert(0, '…');
    }
    if to < chars.len() {
        out.push('…');
    }
    out
}

/// "item 3 ('Python 3.12.0 released')", for messages.
fn item_name(node: Node<'_, '_>, ns: Option<&str>, index: usize) -> String {
    let kind = if ns.is_some() { "entry" } else { "item" };
    match child(node, ns, "title")
        .and_then(|t| t.text())
        .map(str::trim)
    {
        Some(title) if !title.is_empty() => format!("{kind} {} ('{title}')", index + 1),
        _ => format!("{kind} {}", index + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(kind: Kind, xml: &str) -> Vec<String> {
        problems(kind, xml)
            .into_iter()
            .map(|p| format!("{}: {}", p.line.unwrap_or(0), p.message))
            .collect()
    }

    const RSS_GOOD: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>T</title><link>https://e.org/</link><description>D</description>
<item><title>A</title><link>https://e.org/a/</link><guid>https://e.org/a/</guid><pubDate>Sun, 06 Aug 2023 00:00:00 +0000</pubDate></item>
</channel></rss>"#;

    #[test]
    fn a_good_rss_feed_passes_and_each_mistake_is_named() {
        assert_eq!(messages(Kind::Rss, RSS_GOOD), Vec::<String>::new());
        let bad = RSS_GOOD
            .replace("<link>https://e.org/a/</link>", "<link>/a/</link>")
            .replace("Sun, 06 Aug 2023 00:00:00 +0000", "2023-08-06");
        assert_eq!(
            messages(Kind::Rss, &bad),
            [
                "3: the link of item 1 ('A') /a/ is not an absolute URL",
                "3: the pubDate of item 1 ('A'), '2023-08-06', is not an RFC 822 date",
            ]
        );
        let twice = RSS_GOOD.replace("</item>", "</item><item><title>B</title><link>https://e.org/b/</link><guid>https://e.org/a/</guid><pubDate>Sun, 06 Aug 2023 00:00:00 +0000</pubDate></item>");
        assert_eq!(
            messages(Kind::Rss, &twice),
            [
                "3: item 2 ('B') has the guid https://e.org/a/ of an earlier item; readers will drop one"
            ]
        );
        assert_eq!(
            messages(
                Kind::Rss,
                &RSS_GOOD.replace("<title>A</title>", "<title>A & B</title>")
            ),
            [
                "3: it is not well-formed XML: malformed entity reference, at `<item><title>A & B</title><link>https://e.org…`"
            ]
        );
    }

    #[test]
    fn atom_and_sitemap() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>https://e.org/</id><updated>2023-08-06T00:00:00Z</updated>
<entry><title>A</title><id>https://e.org/a/</id><updated>2023-08-06</updated><link href="https://e.org/a/"/></entry></feed>"#;
        assert_eq!(
            messages(Kind::Atom, atom),
            [
                "2: the <updated> of entry 1 ('A'), '2023-08-06', is not an RFC 3339 date with a time zone",
                "2: entry 1 ('A') has no <author>, and neither has the feed",
            ]
        );
        let sitemap = r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://e.org/</loc><lastmod>2023-08-06</lastmod></url>
<url><loc>https://e.org/</loc></url>
<url><loc>/a/</loc><lastmod>yesterday</lastmod></url></urlset>"#;
        assert_eq!(
            messages(Kind::Sitemap, sitemap),
            [
                "3: https://e.org/ is listed twice",
                "4: the <loc> /a/ is not an absolute URL",
                "4: the <lastmod> of /a/, 'yesterday', is not a W3C date",
            ]
        );
        assert_eq!(
            messages(Kind::Sitemap, "<urlset/>"),
            ["1: the root element is not <urlset> (or <sitemapindex>) in the sitemap namespace"]
        );
    }

    #[test]
    fn a_big_sitemap_is_an_index_of_parts() {
        use super::super::job::sitemap_parts;
        assert_eq!(sitemap_parts(50_000, 50_000), Vec::<String>::new());
        assert_eq!(
            sitemap_parts(50_001, 50_000),
            ["sitemap-1.xml", "sitemap-2.xml"]
        );
        assert_eq!(sitemap_parts(7, 3).len(), 3);
        let index = super::super::sitemap_index(
            [
                "https://e.org/sitemap-1.xml".to_string(),
                "https://e.org/a&b.xml".to_string(),
            ]
            .into_iter(),
        );
        let index = String::from_utf8(index).unwrap();
        assert!(
            index.contains("<loc>https://e.org/a&amp;b.xml</loc>"),
            "{index}"
        );
        assert_eq!(messages(Kind::Sitemap, &index), Vec::<String>::new());
        let relative = index.replace("https://e.org/sitemap-1.xml", "/sitemap-1.xml");
        assert_eq!(
            messages(Kind::Sitemap, &relative),
            ["3: the <loc> /sitemap-1.xml is not an absolute URL"]
        );
    }

    #[test]
    fn one_mistake_in_every_tag_feed_is_one_finding() {
        let finding = |file: &str, problem: &str| {
            Diagnostic::error(format!("{file}: {problem}"))
                .in_file("templates/rss.xml")
                .code("feed-invalid")
        };
        let merged = merge_alike(vec![
            finding(
                "rss.xml",
                "it is not well-formed XML (line 9 of the output)",
            ),
            finding(
                "tags/a/rss.xml",
                "it is not well-formed XML (line 3 of the output)",
            ),
            Diagnostic::error("other: it is not well-formed XML (line 3 of the output)"),
            finding(
                "tags/b/rss.xml",
                "it is not well-formed XML (line 3 of the output)",
            ),
            finding(
                "tags/c/rss.xml",
                "it is not well-formed XML (line 3 of the output)",
            ),
        ]);
        let messages: Vec<&str> = merged.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "rss.xml: it is not well-formed XML (line 9 of the output)",
                "tags/a/rss.xml: it is not well-formed XML (line 3 of the output) (and in 2 other files)",
                "other: it is not well-formed XML (line 3 of the output)",
            ]
        );
    }
}
