//! `bulletin.lock`: the URL and feed id (guid) of every published post, kept in the
//! site's repository, so that neither changes once readers have them. A changed guid
//! shows the post again as new to every subscriber; a changed URL breaks every link to
//! it.
//!
//! One line per post, sorted by its file, tab-separated: `file`, `path`, `guid`. A
//! build adds the posts it publishes for the first time (never changing a line);
//! `check` reports a post whose URL or guid moved; `bulletin lock --update` rewrites
//! the file from the site as it is. The feeds give a locked post its locked guid.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Diagnostic;

/// The lock file's name, in the site's folder.
pub const LOCK_FILE: &str = "bulletin.lock";

const HEADER: &str = "\
# bulletin.lock: the URL and feed id (guid) of every published post, so that neither
# changes once readers have them. Keep it in the repository. `bulletin check` fails when
# one changes: keep the old URL as a legacyUrl, or accept the change with
# `bulletin lock --update`. One post a line: file, path, guid (tab-separated).
";

/// What is locked of one post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its path on the site when it was locked: `/2024/05/x/`.
    pub path: String,
    /// Its feed id when it was locked (its absolute URL then, or its own `guid:`).
    pub guid: String,
    /// The line of the lock file it is on (0 for an entry not read from the file).
    pub line: usize,
}

/// The lock: every locked post by its file, relative to the site's folder
/// (`content/posts/x/index.md`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lock {
    /// Entries by file.
    pub entries: BTreeMap<String, Entry>,
    /// Whether the file exists.
    pub exists: bool,
}

impl Lock {
    /// Reads `bulletin.lock` from `source` (an empty lock when there is none). `shown`
    /// is how the site's folder is shown in messages.
    pub fn read(source: &Path, shown: &Path) -> Result<Self, Diagnostic> {
        let file = source.join(LOCK_FILE);
        let shown_file = shown.join(LOCK_FILE);
        match crate::fsutil::Fence::new(source).read_to_string(&file) {
            Ok(text) => Self::parse(&text).map_err(|(line, why)| {
                Diagnostic::error(format!("{LOCK_FILE} cannot be read: {why}"))
                    .code("lock")
                    .in_file(&shown_file)
                    .at(line, 1)
                    .help("restore it from the repository, or write it anew with `bulletin lock --update`")
            }),
            Err(crate::fsutil::FileError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                Ok(Self::default())
            }
            Err(e) => Err(e.diagnostic("read the lock file", &shown_file).code("lock")),
        }
    }

    /// Reads the text of a lock file; the error is (line, why).
    pub fn parse(text: &str) -> Result<Self, (usize, String)> {
        let mut entries = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [file, path, guid] = fields.as_slice() else {
                return Err((
                    i + 1,
                    "a line must be file, path and guid, tab-separated".into(),
                ));
            };
            if !path.starts_with('/') || file.is_empty() || guid.is_empty() {
                return Err((i + 1, "a line must be file, /path and guid".into()));
            }
            let entry = Entry {
                path: (*path).to_string(),
                guid: (*guid).to_string(),
                line: i + 1,
            };
            if entries.insert((*file).to_string(), entry).is_some() {
                return Err((i + 1, format!("{file} is on two lines")));
            }
        }
        Ok(Self {
            entries,
            exists: true,
        })
    }

    /// The lock file's text: sorted by file, so it diffs well.
    pub fn text(&self) -> String {
        let mut out = String::from(HEADER);
        for (file, e) in &self.entries {
            out.push_str(&format!("{file}\t{}\t{}\n", e.path, e.guid));
        }
        out
    }

    /// The locked guid of the post in `file`, if it is locked.
    pub fn guid_of(&self, file: &str) -> Option<&str> {
        self.entries.get(file).map(|e| e.guid.as_str())
    }
}

/// What the lock would say of each published post of `site` now: its path, and its
/// guid (its own `guid:`, else its absolute URL).
pub fn current(site: &crate::site::Site) -> Vec<(String, Entry)> {
    (site.posts.iter())
        .filter(|sp| sp.post.published)
        .map(|sp| {
            let guid = sp
                .post
                .guid()
                .map_or_else(|| site.config.base_url.absolute(&sp.path), str::to_string);
            let entry = Entry {
                path: sp.path.to_string(),
                guid,
                line: 0,
            };
            (key(&sp.post.source.rel), entry)
        })
        .collect()
}

/// A post's file as the lock names it: relative, with `/`.
pub fn key(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_back() {
        let mut lock = Lock::default();
        lock.entries.insert(
            "content/posts/a/index.md".into(),
            Entry {
                path: "/2024/05/a/".into(),
                guid: "https://e.org/2024/05/a/".into(),
                line: 0,
            },
        );
        let text = lock.text();
        let back = Lock::parse(&text).unwrap();
        assert_eq!(
            back.entries["content/posts/a/index.md"].guid,
            "https://e.org/2024/05/a/"
        );
        assert_eq!(back.text(), text);
    }

    #[test]
    fn bad_lines_are_located() {
        assert_eq!(Lock::parse("# c\nx\t/p\n").unwrap_err().0, 2);
        assert_eq!(Lock::parse("a\t/p\tg\na\t/q\tg\n").unwrap_err().0, 2);
        assert_eq!(Lock::parse("a\tp\tg\n").unwrap_err().0, 1);
    }
}
