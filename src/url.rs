//! URLs of the site: the base URL, site paths such as `/2024/02/slug/`, the output file
//! each path is served from, and the slugs that go into them.
//!
//! Everything here is pure. [`output_file`] is the single gate between a path a user
//! wrote (a `legacyUrl`, a `slug`) and a file name: it refuses anything that would
//! land outside the output folder.

use percent_encoding::percent_decode_str;

/// The file in an output folder that lists what Bulletin wrote there.
pub const MANIFEST: &str = ".bulletin-output";

/// Where `bulletin serve` answers with its own files (the live-reload script, events).
pub const SERVE_PREFIX: &str = "__bulletin/";

/// Output paths Bulletin uses itself, which no page or file of a site may take: (the
/// path, or the folder when it ends in `/`; what it is).
pub const RESERVED: [(&str, &str); 2] = [
    (MANIFEST, "the list of files Bulletin wrote"),
    (
        SERVE_PREFIX,
        "where the preview server answers with its own files",
    ),
];

/// What Bulletin uses output file `file` for itself, if it does (compared ignoring
/// case, as some file systems and servers do). Every name that starts with the
/// manifest's is Bulletin's: a build writes the next manifest under such a name first.
pub fn reserved(file: &str) -> Option<&'static str> {
    let lower = file.to_ascii_lowercase();
    RESERVED.iter().find_map(|(name, what)| {
        let hit = if name.ends_with('/') {
            lower.starts_with(name) || lower == name.trim_end_matches('/')
        } else {
            lower.starts_with(name)
        };
        hit.then_some(*what)
    })
}

/// The site's base URL, split into origin (`https://example.org`) and path (`/preview/`,
/// always with leading and trailing slash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    origin: String,
    path: String,
}

impl BaseUrl {
    /// Parses `https://example.org/preview/` (the trailing slash is optional).
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| format!("base URL '{url}' must start with https:// or http://"))?;
        if scheme != "https" && scheme != "http" {
            return Err(format!(
                "base URL '{url}' must start with https:// or http://"
            ));
        }
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if host.is_empty() || host.contains(['?', '#', ' ', '@']) {
            return Err(format!("base URL '{url}' has no valid host"));
        }
        if path.contains(['?', '#']) {
            return Err(format!(
                "base URL '{url}' must not have a query or fragment"
            ));
        }
        if let Some(c) = url.chars().find(|&c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`')
        }) {
            return Err(format!(
                "base URL '{url}' has {}, which a URL cannot hold; write it percent-encoded (a space is %20)",
                if c == ' ' {
                    "a space".to_string()
                } else {
                    format!("the character {c:?}")
                }
            ));
        }
        let path = format!("/{}", path.trim_matches('/'));
        let path = if path == "/" { path } else { path + "/" };
        Ok(Self {
            origin: format!("{scheme}://{host}"),
            path,
        })
    }

    /// `/` or `/preview/`: what site paths are prefixed with in links.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// `https://example.org`: the scheme and host, without the base path.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// `https://example.org/preview/`.
    pub fn full(&self) -> String {
        format!("{}{}", self.origin, self.path)
    }

    /// Turns a site path (`/2024/02/x/`) into a link path under the base path.
    pub fn link(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path.trim_start_matches('/'))
    }

    /// Turns a site path into an absolute URL.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, self.link(site_path))
    }

    /// Turns a link already under the base path (`/preview/x/`) into an absolute URL.
    pub fn absolute_from_link(&self, link: &str) -> String {
        format!("{}{}", self.origin, link)
    }
}

/// Maps a site path to the file a static host serves for it, relative to the output
/// folder: `/a/b/` → `a/b/index.html`, `/a/b.html` → `a/b.html`, `/a/b` → `a/b/index.html`.
/// Percent-escapes are decoded (a host decodes them before looking up the file).
///
/// Refuses, with a reason, anything that is not a plain path on this site: other hosts,
/// `..` or `.` segments, empty segments, backslashes, control characters, a query or a
/// fragment.
pub fn output_file(site_path: &str) -> Result<String, String> {
    if site_path.contains("://") || site_path.starts_with("//") {
        return Err(
            "it points to another host; write the path on this site, like /2023/08/post.html"
                .into(),
        );
    }
    if !site_path.starts_with('/') {
        return Err("it must start with `/`, like /2023/08/post.html".into());
    }
    if site_path.contains(['?', '#']) {
        return Err("a query (`?`) or fragment (`#`) cannot be a file on a static host".into());
    }
    let decoded = percent_decode_str(site_path)
        .decode_utf8()
        .map_err(|_| "its percent-escapes do not decode to UTF-8".to_string())?;
    let trailing = decoded.ends_with('/');
    let inner = decoded.trim_start_matches('/').trim_end_matches('/');
    let mut segments = Vec::new();
    if !inner.is_empty() {
        for seg in inner.split('/') {
            if seg.is_empty() {
                return Err("it has an empty segment (`//`)".into());
            }
            if seg == "." || seg == ".." {
                return Err(
                    "it has a `.` or `..` segment, which could escape the output folder".into(),
                );
            }
            if seg.contains('\\') || seg.chars().any(unfit) {
                return Err(
                    "it has a backslash, a control character or a noncharacter (U+FFFE…)".into(),
                );
            }
            if seg.len() > 255 {
                return Err("a segment is longer than 255 bytes".into());
            }
            segments.push(seg);
        }
    }
    let last_has_ext = segments.last().is_some_and(|s| {
        s.rsplit_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
    });
    let mut file = segments.join("/");
    if trailing || !last_has_ext {
        // Made to its length: a plan holds every page's name.
        file.reserve_exact("/index.html".len());
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    if file.len() > MAX_PATH {
        return Err(format!(
            "it is longer than {MAX_PATH} bytes, more than file systems and hosts take"
        ));
    }
    Ok(file)
}

/// The file of a post's page at `site_path`: as [`output_file`], except that a path
/// ending neither in `/` nor `.html` (`/blog/2024/12/05/react-19`, `/blog/v1.0.0`) is
/// written as that name plus `.html`, which static hosts serve at the URL without the
/// extension.
pub fn page_file(site_path: &str) -> Result<String, String> {
    if site_path.ends_with('/') || site_path.ends_with(".html") || site_path.ends_with(".htm") {
        output_file(site_path)
    } else {
        output_file(&format!("{site_path}.html"))
    }
}

/// The folder a page's relative links resolve in: `site_path` up to its last `/`.
pub fn page_folder(site_path: &str) -> &str {
    site_path.rfind('/').map_or("/", |i| &site_path[..=i])
}

/// The longest file path (relative to the output) a URL may map to. Linux takes 4,096
/// bytes for a whole path, output folder included; checking a path against the files
/// above it costs its length times its depth.
pub const MAX_PATH: usize = 1024;

/// A term (a tag, a category) as spelled, made safe for a path segment: characters a
/// URL or a file system would choke on become `-`; `fallback` when nothing is left.
pub fn term_segment(term: &str, fallback: &str) -> String {
    let s: String = term
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | '?' | '#' | '%' | '"' | '\'' | '<' | '>' | '|' | '*' | ':' | '&' | '+'
            | '[' | ']' | '{' | '}' | '^' | '`' => '-',
            c if c.is_whitespace() || unfit(c) => '-',
            c => c,
        })
        .collect();
    let s = cap(s.trim_start_matches('-').to_string());
    if s.chars().all(|c| c == '.' || c == '-') {
        fallback.to_string()
    } else {
        s
    }
}

/// The longest path segment Bulletin makes from a name (file systems allow 255 bytes).
pub const MAX_SEGMENT: usize = 200;

/// Cuts `s` to at most [`MAX_SEGMENT`] bytes, at a character boundary.
fn cap(mut s: String) -> String {
    if s.len() > MAX_SEGMENT {
        let mut end = MAX_SEGMENT;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

/// A lowercase ASCII slug, for author ids without an authors file.
pub fn slugify(text: &str) -> String {
    let s = cap(slug::slugify(text));
    let s = s.trim_end_matches('-');
    if s.is_empty() {
        "x".to_string()
    } else {
        s.to_string()
    }
}

/// True for a URL on another host (`https://…`, `//host/…`), as opposed to a path of
/// this site.
pub fn is_external(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// True when `seg` can stand as one path segment as it is (a post slug).
pub fn is_plain_segment(seg: &str) -> bool {
    !seg.is_empty()
        && seg.len() <= MAX_SEGMENT
        && seg != "."
        && seg != ".."
        && !seg.contains(['/', '\\', '?', '#', '%'])
        && !seg.chars().any(|c| c.is_whitespace() || unfit(c))
}

/// How a post's file or folder name becomes its slug (a `slug:` in front matter is
/// always kept as written).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SlugStyle {
    /// As written (Jekyll's `:title`, VuePress, Next.js): `homebrew-4.0.0`.
    #[default]
    Keep,
    /// Lowercased, spaces as dashes (Hugo): `Hello World` → `hello-world`.
    Lowercase,
    /// ASCII letters and digits in lowercase, every run of anything else one dash,
    /// none at either end (Zola): `release-22.03` → `release-22-03`.
    Slugify,
}

impl SlugStyle {
    /// The slug for the file or folder name `name`.
    pub fn apply(self, name: &str) -> String {
        match self {
            Self::Keep => name.to_string(),
            Self::Lowercase => name.to_lowercase().replace(char::is_whitespace, "-"),
            Self::Slugify => slug::slugify(name),
        }
    }
}

/// How a heading's text becomes its id (the fragment links point at). A blog moved in
/// keeps the ids its old generator gave, so that links to `#a-section` keep working.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HeadingIdStyle {
    /// Letters and digits of any script in lower case, words joined by `-`, other
    /// characters left out: `What's new in 3.12?` → `whats-new-in-312` (as GitHub,
    /// Hugo, Jekyll and Docusaurus name them, give or take `_` and runs of `-`).
    #[default]
    Bulletin,
    /// GitHub's, which Hugo (Goldmark) and Jekyll (kramdown with GFM) follow: letters
    /// and digits in lower case, `-`, `_` and combining marks kept, each space one `-`,
    /// other characters left out, nothing collapsed: `Python 3.12 - final_notes` →
    /// `python-312---final_notes`, `✨ Highlights` → `-highlights`.
    Github,
    /// VuePress: accents taken off, every run of spaces and punctuation one `-`, a
    /// leading digit after `_`: `Details on 0.87.1` → `details-on-0-87-1`.
    Vuepress,
    /// Zola: ASCII letters and digits in lower case, every run of anything else one `-`.
    Zola,
}

/// Text as case- and normalization-insensitive file systems compare names (macOS,
/// Windows): lower case, accents decomposed. Tags and paths that fold alike are one.
pub fn fold(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        if text.bytes().any(|b| b.is_ascii_uppercase()) {
            text.to_ascii_lowercase().into()
        } else {
            text.into()
        }
    } else {
        use unicode_normalization::UnicodeNormalization;
        text.nfd().collect::<String>().to_lowercase().into()
    }
}

/// [`fold`], owned.
pub fn folded(text: &str) -> String {
    fold(text).into_owned()
}

/// Characters no URL Bulletin makes may hold: controls, the characters XML forbids
/// (which the escaping of links would leave out, so the link and the file would
/// differ), and Unicode's other noncharacters.
pub fn unfit(c: char) -> bool {
    let n = u32::from(c);
    c.is_control()
        || !crate::escape::is_xml_char(c)
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url() {
        let b = BaseUrl::parse("https://example.org/preview").unwrap();
        assert_eq!(b.path(), "/preview/");
        assert_eq!(b.full(), "https://example.org/preview/");
        assert_eq!(b.link("/2024/01/x/"), "/preview/2024/01/x/");
        assert_eq!(b.absolute("/"), "https://example.org/preview/");
        let b = BaseUrl::parse("http://localhost:1111").unwrap();
        assert_eq!(b.path(), "/");
        assert_eq!(b.link("/tags/"), "/tags/");
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("ftp://example.org").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
        assert_eq!(
            BaseUrl::parse("https://e.org/a b/").unwrap_err(),
            "base URL 'https://e.org/a b/' has a space, which a URL cannot hold; write it percent-encoded (a space is %20)"
        );
        assert!(BaseUrl::parse("https://e.org/a\"b/").is_err());
        assert!(BaseUrl::parse("https://e.org/a%20b/").is_ok());
    }

    #[test]
    fn output_files() {
        assert_eq!(output_file("/").unwrap(), "index.html");
        assert_eq!(output_file("/2023/08/x/").unwrap(), "2023/08/x/index.html");
        assert_eq!(output_file("/2023/08/x.html").unwrap(), "2023/08/x.html");
        assert_eq!(output_file("/2023/08/x").unwrap(), "2023/08/x/index.html");
        assert_eq!(output_file("/a%20b.html").unwrap(), "a b.html");
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/a/%2e%2e/b",
            "https://evil.example/x",
            "//evil.example/x",
            "a/b",
            "/a//b",
            "/a\\b",
            "/a?x=1",
            "/a%2F..%2F..%2Fb",
            &"/a".repeat(600),
        ] {
            assert!(output_file(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn term_segments() {
        assert_eq!(term_segment("Rust", "tag"), "Rust");
        assert_eq!(term_segment("3", "tag"), "3");
        assert_eq!(term_segment("c/c++", "tag"), "c-c--");
        assert_eq!(term_segment("../", "tag"), "tag");
        assert_eq!(term_segment("../", "category"), "category");
        assert_eq!(term_segment("two words", "tag"), "two-words");
        assert_eq!(term_segment(&"é".repeat(300), "tag").len(), MAX_SEGMENT);
        assert!(slugify(&"a ".repeat(300)).len() <= MAX_SEGMENT);
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Łukasz Langa"), "lukasz-langa");
        assert_eq!(slugify("A.M. Kuchling"), "a-m-kuchling");
        assert_eq!(slugify("!!!"), "x");
        assert!(is_plain_segment("python-3120"));
        assert!(!is_plain_segment("a/b"));
        assert!(!is_plain_segment(".."));
    }

    #[test]
    fn page_files() {
        assert_eq!(page_file("/2024/01/x/").unwrap(), "2024/01/x/index.html");
        assert_eq!(page_file("/blog/2024-x.html").unwrap(), "blog/2024-x.html");
        assert_eq!(
            page_file("/blog/2024/12/05/r-19").unwrap(),
            "blog/2024/12/05/r-19.html"
        );
        assert_eq!(page_file("/blog/v1.0.0").unwrap(), "blog/v1.0.0.html");
        assert!(page_file("/blog/../x").is_err());
        assert_eq!(page_folder("/blog/v1.0.0"), "/blog/");
        assert_eq!(page_folder("/2024/01/x/"), "/2024/01/x/");
    }

    #[test]
    fn slug_styles() {
        let name = "Release 22.03 Highlights";
        assert_eq!(SlugStyle::Keep.apply(name), name);
        assert_eq!(SlugStyle::Lowercase.apply(name), "release-22.03-highlights");
        assert_eq!(SlugStyle::Slugify.apply(name), "release-22-03-highlights");
        assert_eq!(SlugStyle::Slugify.apply("--Ünïcode__x--"), "unicode-x");
    }
}
