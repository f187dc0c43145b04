//! The manifest an output folder holds ([`super::MANIFEST`]): every file Bulletin
//! wrote there, with its size and a hash of its bytes, so that the next build can tell
//! which files it would write unchanged and leave them alone.
//!
//! The format is text, one file a line, sorted by path:
//!
//! ```text
//! # Written by Bulletin; files Bulletin wrote in this folder, one per line.
//! # format 2: hash (XXH3-128, hex), size in bytes, path; tab-separated
//! 5f0c…e1→10423→2024/01/a/index.html
//! -→0→2024/01/b/index.html
//! ```
//!
//! (→ stands for a tab.) `-` is a file whose bytes are not known: a build cut short while it was replacing
//! files lists them so, and the next build writes them again. A manifest of an older
//! Bulletin (paths only) reads as every file unknown.

use std::collections::HashMap;
use std::fmt::Write as _;

/// The manifest's first line: what marks a folder as Bulletin's.
pub(super) const HEADER: &str =
    "# Written by Bulletin; files Bulletin wrote in this folder, one per line.\n";

const FORMAT: &str = "# format 2: hash (XXH3-128, hex), size in bytes, path; tab-separated\n";

/// A file as the manifest knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The hash of its bytes; None when they are not known.
    pub hash: Option<u128>,
    /// Its size in bytes.
    pub size: u64,
}

impl Entry {
    /// The entry of a file holding `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self {
            hash: Some(hash(bytes)),
            size: bytes.len() as u64,
        }
    }

    /// A file whose bytes are not known (it is written again).
    pub const UNKNOWN: Self = Self {
        hash: None,
        size: 0,
    };
}

/// The hash the manifest keeps. XXH3-128 reads at memory speed, and 128 bits make an
/// accidental collision out of reach; it is not a defence against someone crafting
/// two pages with one hash, which could only keep their own older page published.
pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The files of a manifest, by path (relative to the output folder, with `/`).
pub type Files = HashMap<String, Entry>;

/// Reads a manifest; None when `text` is not one of Bulletin's. A manifest names files
/// to delete and replace, so one that names a path Bulletin never writes (absolute,
/// with `..`, `.` or an empty segment, a backslash or NUL) or a file inside another
/// file it names (a link there could lead out of the folder) is not trusted at all.
pub fn parse(text: &str) -> Option<Files> {
    let rest = text.strip_prefix(HEADER)?;
    let (entries, lines) = match rest.strip_prefix(FORMAT) {
        Some(lines) => (true, lines),
        None => (false, rest),
    };
    let mut files = Files::new();
    for line in lines
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (path, entry) = if entries {
            parse_line(line)?
        } else {
            (line, Entry::UNKNOWN)
        };
        if !plain_path(path) {
            return None;
        }
        files.insert(path.to_string(), entry);
    }
    let inside_a_file = (files.keys()).any(|f| {
        f.match_indices('/')
            .any(|(i, _)| files.contains_key(&f[..i]))
    });
    (!inside_a_file).then_some(files)
}

/// A relative path of plain segments, as Bulletin names its output files.
fn plain_path(path: &str) -> bool {
    !path.contains(['\\', '\0'])
        && path
            .split('/')
            .all(|segment| !matches!(segment, "" | "." | ".."))
}

/// `hash<TAB>size<TAB>path`; None for anything else.
fn parse_line(line: &str) -> Option<(&str, Entry)> {
    let (hash, rest) = line.split_once('\t')?;
    let (size, path) = rest.split_once('\t')?;
    let hash = match hash {
        "-" => None,
        hex if hex.len() == 32 => Some(u128::from_str_radix(hex, 16).ok()?),
        _ => return None,
    };
    let size = size.parse().ok()?;
    (!path.is_empty()).then_some((path, Entry { hash, size }))
}

/// The manifest listing `files` (sorted here).
pub fn text<'a>(files: impl IntoIterator<Item = (&'a str, Entry)>) -> String {
    let mut files: Vec<(&str, Entry)> = files.into_iter().collect();
    files.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let size = |entry: &Entry| itoa::Buffer::new().format(entry.size).len();
    let hash = |entry: &Entry| if entry.hash.is_some() { 32 } else { 1 };
    // Made to its exact length: a large site's manifest is tens of megabytes, and a
    // string grown by doubling would hold up to twice that, and a copy while it grows.
    let len = (files.iter())
        .map(|(path, entry)| hash(entry) + size(entry) + path.len() + 3)
        .sum::<usize>();
    let mut out = String::with_capacity(HEADER.len() + FORMAT.len() + len);
    out.push_str(HEADER);
    out.push_str(FORMAT);
    for (path, entry) in files {
        match entry.hash {
            Some(h) => {
                let _ = write!(out, "{h:032x}");
            }
            None => out.push('-'),
        }
        out.push('\t');
        out.push_str(itoa::Buffer::new().format(entry.size));
        out.push('\t');
        out.push_str(path);
        out.push('\n');
    }
    debug_assert_eq!(out.len(), out.capacity());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_it_writes() {
        let a = Entry::of(b"<p>a</p>");
        let text = text([("b/index.html", Entry::UNKNOWN), ("a.html", a)]);
        assert!(text.starts_with(HEADER));
        let lines: Vec<&str> = text.lines().skip(2).collect();
        assert_eq!(lines[0], format!("{:032x}\t8\ta.html", a.hash.unwrap()));
        assert_eq!(lines[1], "-\t0\tb/index.html");
        let files = parse(&text).unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(files["a.html"], a);
        assert_eq!(files["b/index.html"], Entry::UNKNOWN);
    }

    #[test]
    fn an_older_manifest_lists_every_file_as_unknown() {
        let files = parse(&format!("{HEADER}index.html\nposts/a b.html\n")).unwrap();
        assert_eq!(files["index.html"], Entry::UNKNOWN);
        assert_eq!(files["posts/a b.html"], Entry::UNKNOWN);
    }

    #[test]
    fn anything_else_is_not_a_manifest() {
        assert!(parse("index.html\n").is_none());
        for line in ["index.html", "xyz\t1\ta", "-\tten\ta", "-\t1\t"] {
            assert!(
                parse(&format!("{HEADER}{FORMAT}{line}\n")).is_none(),
                "{line}"
            );
        }
    }

    #[test]
    fn a_manifest_naming_a_path_outside_the_folder_is_not_trusted() {
        for path in [
            "../x",
            "/etc/passwd",
            "a/../../x",
            "a//b",
            "./a",
            "a\\b",
            "a/\0",
        ] {
            let old = format!("{HEADER}index.html\n{path}\n");
            let new = format!("{HEADER}{FORMAT}-\t0\t{path}\n");
            assert!(parse(&old).is_none(), "{path:?}");
            assert!(parse(&new).is_none(), "{path:?}");
        }
        // A file inside another file it names: the other could be a link.
        assert!(parse(&format!("{HEADER}posts\nposts/a.html\n")).is_none());
        assert!(parse(&format!("{HEADER}posts/a.html\nposts/b.html\n")).is_some());
    }

    #[test]
    fn a_path_with_a_tab_keeps_it() {
        let files = parse(&text([("a\tb.html", Entry::of(b"x"))])).unwrap();
        assert!(files.contains_key("a\tb.html"));
    }
}
