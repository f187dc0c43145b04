//! Links to other posts, written the other generators' ways (`{% post_url %}`,
//! `{% link %}`, `{{< ref >}}`, `{{< relref >}}`, Zola's `@/`): they name a source file,
//! and which page that file becomes is only known once every post has been read.
//!
//! [`super::translate`] writes such a link as a marker, and [`resolve_post_links`]
//! replaces each marker by the page's path later. A marker is
//! `U+0001 key [#anchor] U+0002 line:column U+0003`, where line and column are where the
//! link was written (the line within the body). U+0001 to U+0003 are characters XML
//! forbids: Bulletin leaves them out of every post before translating it (see
//! `content::body::drop_forbidden`), and the translation takes out any that are left,
//! so no marker can come from what a writer typed; a writer who types a marker's
//! visible part gets that text, nothing is looked up.

use std::fmt::Write as _;
use std::path::Path;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::error::Diagnostic;

const START: char = '\u{1}';
const PLACE: char = '\u{2}';
const END: char = '\u{3}';

/// The key by which a link names a post: the path as written (or a post file's path
/// relative to the site folder), with `\` as `/`, without leading `/`, `./`, `../` and
/// `_posts/`, without the extension `.md`, `.markdown` or `.mdx`, and without a trailing
/// `/`, `/index` or `/_index`. `/_posts/2010-07-21-name.md` → `2010-07-21-name`,
/// `news/0.45-relnotes/index.md` → `news/0.45-relnotes`. A post's own key ends with
/// the key of a link to it, at a `/` (see [`key_matches`]).
pub fn post_key(path: &str) -> String {
    let path = path.trim().replace('\\', "/");
    let mut p = path.as_str();
    loop {
        let before = p.len();
        for prefix in ["/", "./", "../", "_posts/"] {
            p = p.strip_prefix(prefix).unwrap_or(p);
        }
        if p.len() == before {
            break;
        }
    }
    for ext in [".md", ".markdown", ".mdx"] {
        let cut = p.len().saturating_sub(ext.len());
        if cut > 0 && p.get(cut..).is_some_and(|e| e.eq_ignore_ascii_case(ext)) {
            p = &p[..cut];
            break;
        }
    }
    let mut p = p.trim_end_matches('/');
    for index in ["/index", "/_index"] {
        p = p.strip_suffix(index).unwrap_or(p);
    }
    if p == "index" || p == "_index" {
        p = "";
    }
    p.trim_end_matches('/').to_string()
}

/// True when the post whose [`post_key`] is `post` is the one `key` names: `post` ends
/// with `key` at a path component boundary (`content/posts/2024-01-31-x` matches
/// `2024-01-31-x` and `posts/2024-01-31-x`, not `31-x`).
pub fn key_matches(post: &str, key: &str) -> bool {
    !key.is_empty()
        && post.ends_with(key)
        && (post.len() == key.len() || post.as_bytes()[post.len() - key.len() - 1] == b'/')
}

/// `key` and the keys it ends with, longest first: `news/2022/x`, `2022/x`, `x`. A link
/// written for another generator may name a section folder (`news/`) that a site
/// moved into Bulletin no longer has; a lookup can try these in turn.
pub fn key_suffixes(key: &str) -> impl Iterator<Item = &str> {
    std::iter::once(key).chain(key.match_indices('/').map(move |(i, _)| &key[i + 1..]))
}

/// True when `body` holds a link to another post that [`resolve_post_links`] must
/// resolve.
pub fn has_post_links(body: &str) -> bool {
    body.contains(START)
}

/// Appends the marker of a link to the post `key` (normalized), with the `anchor`
/// written after `#` if any, written at `line` (of the body) and `column`.
pub(super) fn push_marker(
    out: &mut String,
    key: &str,
    anchor: Option<&str>,
    line: usize,
    column: usize,
) {
    out.push(START);
    super::scan::push_clean(out, key);
    if let Some(anchor) = anchor {
        out.push('#');
        super::scan::push_clean(out, anchor);
    }
    out.push(PLACE);
    let _ = write!(out, "{line}:{column}");
    out.push(END);
}

/// Characters of an anchor that would end a Markdown link destination or an HTML
/// attribute value.
const ANCHOR: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'\'')
    .add(b'<')
    .add(b'>')
    .add(b'(')
    .add(b')')
    .add(b'`')
    .add(b'\\');

/// Replaces every link marker [`super::translate`] left in `body` by the path of the
/// page it names: `lookup(key)` gives it (`/2024/01/x/`), and the link's `#anchor`, if
/// any, follows. None when `body` holds no marker (nothing is copied). A lookup error
/// becomes an error located where the link was written (code `broken-link`), and the
/// marker becomes the key as text.
pub fn resolve_post_links(
    body: &str,
    body_line: usize,
    file: &Path,
    lookup: &dyn Fn(&str) -> Result<String, String>,
) -> (Option<String>, Vec<Diagnostic>) {
    let Some(first) = body.find(START) else {
        return (None, Vec::new());
    };
    let mut out = String::with_capacity(body.len());
    let mut diags = Vec::new();
    let mut rest = body;
    let mut at = first;
    loop {
        push_unmarked(&mut out, &rest[..at]);
        rest = &rest[at + START.len_utf8()..];
        // A marker is only ever whole; anything else loses its stray byte.
        if let Some((end, target, line, column)) = marker(rest) {
            let (key, anchor) = match target.split_once('#') {
                Some((key, anchor)) => (key, Some(anchor)),
                None => (target, None),
            };
            match lookup(key) {
                Ok(path) => {
                    out.push_str(&path);
                    if let Some(anchor) = anchor {
                        out.push('#');
                        out.extend(utf8_percent_encode(anchor, ANCHOR));
                    }
                }
                Err(why) => {
                    let link = PostLink {
                        key: key.to_string(),
                        line: body_line + line - 1,
                        column,
                    };
                    diags.push(broken_post_link(file, &link, &why));
                    out.push_str(target);
                }
            }
            rest = &rest[end + END.len_utf8()..];
        }
        match rest.find(START) {
            Some(next) => at = next,
            None => {
                push_unmarked(&mut out, rest);
                break;
            }
        }
    }
    (Some(out), diags)
}

/// The marker that starts `rest` (just after its [`START`]): (where its [`END`] is, its
/// target (`key#anchor`), line, column). None when it is not a whole marker.
fn marker(rest: &str) -> Option<(usize, &str, usize, usize)> {
    let end = rest.find(END)?;
    if rest[..end].contains(START) {
        return None;
    }
    let (target, place) = rest[..end].split_once(PLACE)?;
    let (line, column) = place.split_once(':')?;
    Some((end, target, line.parse().ok()?, column.parse().ok()?))
}

/// A link to another post, where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PostLink {
    /// The key naming the post (see [`post_key`]).
    pub key: String,
    /// The line of the post's file.
    pub line: usize,
    /// The column.
    pub column: usize,
}

/// The links to other posts that [`super::translate`] marked in `body` (which starts
/// at line `body_line` of its file), in order: what a body must be checked for again
/// when posts move, without keeping the body.
pub fn post_links(body: &str, body_line: usize) -> Vec<PostLink> {
    let mut links = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find(START) {
        rest = &rest[at + START.len_utf8()..];
        if let Some((end, target, line, column)) = marker(rest) {
            let key = target.split_once('#').map_or(target, |(key, _)| key);
            links.push(PostLink {
                key: key.to_string(),
                line: body_line + line - 1,
                column,
            });
            rest = &rest[end..];
        }
    }
    links
}

/// The error of a link to a post that cannot be found (`why`, from the lookup), located
/// where it was written.
pub fn broken_post_link(file: &Path, link: &PostLink, why: &str) -> Diagnostic {
    Diagnostic::error(format!("no post '{}' to link to: {why}", link.key))
        .code("broken-link")
        .in_file(file)
        .at(link.line, link.column)
        .help("name the post by its file, as it is in the posts folder (`2024-01-31-name`, or `name` for `name/index.md`)")
}

/// Appends text between markers, without stray marker bytes.
fn push_unmarked(out: &mut String, s: &str) {
    if s.contains([PLACE, END]) {
        out.extend(s.chars().filter(|&c| c != PLACE && c != END));
    } else {
        out.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(post_key("/_posts/2010-07-21-name.md"), "2010-07-21-name");
        assert_eq!(post_key("2010-07-21-name"), "2010-07-21-name");
        assert_eq!(post_key("_posts/a.markdown"), "a");
        assert_eq!(
            post_key("./news/0.45-relnotes/index.md"),
            "news/0.45-relnotes"
        );
        assert_eq!(post_key("../blog/x/_index.md"), "blog/x");
        assert_eq!(post_key("/news/x/"), "news/x");
        assert_eq!(post_key("x.MDX"), "x");
        assert_eq!(post_key("content\\posts\\a\\index.md"), "content/posts/a");
        assert_eq!(post_key("index.md"), "");
        assert_eq!(post_key("v1.2"), "v1.2", "only Markdown extensions go");
        assert_eq!(post_key("ä.m"), "ä.m");
    }

    #[test]
    fn keys_match_at_a_boundary() {
        assert!(key_matches("content/posts/2024-01-31-x", "2024-01-31-x"));
        assert!(key_matches("content/posts/x", "posts/x"));
        assert!(key_matches("x", "x"));
        assert!(!key_matches("content/posts/2024-01-31-x", "31-x"));
        assert!(!key_matches("content/posts/x", ""));
    }

    #[test]
    fn suffixes() {
        let all: Vec<_> = key_suffixes("news/2022/x").collect();
        assert_eq!(all, ["news/2022/x", "2022/x", "x"]);
        assert_eq!(key_suffixes("x").collect::<Vec<_>>(), ["x"]);
    }

    fn lookup(key: &str) -> Result<String, String> {
        match key {
            "a" => Ok("/2024/01/a/".into()),
            _ => Err("no such post".into()),
        }
    }

    #[test]
    fn markers_are_replaced() {
        let mut body = String::from("See [a](");
        push_marker(&mut body, "a", Some("sec (2)"), 3, 9);
        body.push_str(") and ");
        push_marker(&mut body, "b", None, 4, 2);
        body.push('.');
        let (out, diags) = resolve_post_links(&body, 10, Path::new("p.md"), &lookup);
        assert_eq!(out.unwrap(), "See [a](/2024/01/a/#sec%20%282%29) and b.");
        assert_eq!(diags.len(), 1);
        let d = &diags[0];
        assert!(d.is_error());
        assert_eq!(
            (d.line, d.column, d.code),
            (Some(13), Some(2), Some("broken-link"))
        );
        assert_eq!(d.message, "no post 'b' to link to: no such post");
    }

    #[test]
    fn no_marker_no_copy() {
        let (out, diags) = resolve_post_links("plain [x](/y/)", 1, Path::new("p"), &lookup);
        assert!(out.is_none() && diags.is_empty());
    }

    #[test]
    fn broken_markers_lose_their_bytes() {
        let (out, _) = resolve_post_links("a\u{1}b\u{2}c\u{3}d\u{1}", 1, Path::new("p"), &lookup);
        assert_eq!(out.unwrap(), "abcd");
    }

    #[test]
    fn a_body_lists_its_links_where_they_were_written() {
        let mut body = String::from("See ");
        push_marker(&mut body, "a", Some("x"), 3, 9);
        body.push_str(" \u{1}stray and ");
        push_marker(&mut body, "news/b", None, 4, 2);
        let at = |key: &str, line, column| PostLink {
            key: key.into(),
            line,
            column,
        };
        assert_eq!(post_links(&body, 10), [at("a", 12, 9), at("news/b", 13, 2)]);
        assert!(post_links("no links", 1).is_empty());
    }
}
