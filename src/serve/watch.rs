//! Watching the site's inputs: `content/`, `templates/`, `static/` and `bulletin.yaml`.
//!
//! Events go through notify's debouncer, so that an editor's save (a temporary file
//! written, then renamed over the post) arrives as one batch. The site's folder itself
//! is watched without recursion, so the output folder and anything else beside the
//! inputs (a `target/`, a `.git/`) costs nothing; an input folder created later is
//! watched from then on.
//!
//! The watcher starts after the first render (watching a large site's folders takes
//! a while, and the pages come first); [`modified_since`] then finds what changed
//! before it was up.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::error::Diagnostic;

/// How long a file must be quiet before its change is handed on. Saves arrive as a
/// burst within a millisecond or two; this adds to every reload, so it is short.
pub const QUIET: Duration = Duration::from_millis(10);

/// The folders that hold a site's inputs.
const INPUTS: [&str; 3] = ["content", "templates", "static"];

/// A running watcher: drop it to stop.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    source: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Watches the inputs of the site in `source` (an absolute path); batches of
    /// changed paths go to `tx`.
    pub fn start(source: &Path, tx: Sender<Vec<PathBuf>>) -> Result<Self, Diagnostic> {
        let debouncer = new_debouncer(QUIET, None, move |result: DebounceEventResult| {
            let Ok(events) = result else { return };
            // Reading a file is an event too (Bulletin's own reads among them): only
            // changes count.
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .collect();
            if !paths.is_empty() {
                let _ = tx.send(paths);
            }
        })
        .map_err(|e| Diagnostic::error(format!("cannot watch files: {e}")))?;
        let mut watcher = Self {
            debouncer,
            source: source.to_path_buf(),
            watched: Vec::new(),
        };
        watcher
            .debouncer
            .watch(source, RecursiveMode::NonRecursive)
            .map_err(|e| Diagnostic::error(format!("cannot watch {}: {e}", source.display())))?;
        watcher.follow_new_folders(&[]);
        Ok(watcher)
    }

    /// Starts watching input folders that exist now and were not watched yet (one was
    /// created, or replaced).
    pub fn follow_new_folders(&mut self, changed: &[PathBuf]) {
        for name in INPUTS {
            let dir = self.source.join(name);
            let known = self.watched.contains(&dir);
            let touched = changed.contains(&dir);
            if dir.is_dir() && (!known || touched) {
                if known {
                    let _ = self.debouncer.unwatch(&dir);
                }
                match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        if !known {
                            self.watched.push(dir);
                        }
                    }
                    Err(e) => eprintln!("warning: cannot watch {}: {e}", dir.display()),
                }
            }
        }
    }
}

/// How much older than the start a file's modification time may be and still count
/// as a change after it: file systems stamp times with a coarse clock. A file saved
/// just before the start is read again for nothing, which changes nothing.
/// (FAT and HFS+ keep times to a second or two.)
const CLOCK_SLACK: Duration = Duration::from_secs(2);

/// The inputs the watcher follows (the site's folder itself, and its input folders
/// throughout) whose files or folders were modified at or after `since`: a file saved,
/// added, removed or renamed before the watcher was up. Hidden files are left out, as
/// the site leaves them out.
pub fn modified_since(source: &Path, since: SystemTime) -> Vec<PathBuf> {
    let since = since.checked_sub(CLOCK_SLACK).unwrap_or(since);
    let mut found = Vec::new();
    // Something came or went in the site's folder: the config or an input folder may
    // be gone, which no entry shows.
    if modified(std::fs::symlink_metadata(source), since) {
        found.push(source.join(crate::config::CONFIG_FILE));
        found.extend(INPUTS.iter().map(|name| source.join(name)));
    }
    modified_in(source, since, false, &mut found);
    for name in INPUTS {
        // A link is not followed: the site's reading does not follow one to a folder
        // outside the site, and this walk must not go there either.
        let dir = source.join(name);
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
            modified_in(&dir, since, true, &mut found);
        }
    }
    found
}

/// Pushes the entries of `dir` modified at or after `since` to `found`, and those of
/// its folders too when `deep`. Links are not followed.
fn modified_in(dir: &Path, since: SystemTime, deep: bool, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_str()
            .is_some_and(crate::fsutil::is_hidden)
        {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        let path = entry.path();
        if deep && meta.is_dir() {
            modified_in(&path, since, deep, found);
        }
        if modified(Ok(meta), since) {
            found.push(path);
        }
    }
}

/// Whether the entry of `meta` was modified at or after `since`.
fn modified(meta: std::io::Result<std::fs::Metadata>, since: SystemTime) -> bool {
    meta.and_then(|m| m.modified()).is_ok_and(|t| t >= since)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_changed_before_the_watcher_was_up_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for folder in ["content/posts/a", "templates", ".git", "other"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        for file in [
            "content/posts/a/index.md",
            "templates/base.html",
            ".git/HEAD",
        ] {
            std::fs::write(root.join(file), "x").unwrap();
        }
        let old = SystemTime::now() - Duration::from_secs(60);
        let age = |rel: &str| {
            let f = std::fs::File::options().write(true).open(root.join(rel));
            f.or_else(|_| std::fs::File::open(root.join(rel)))
                .unwrap()
                .set_modified(old)
                .unwrap();
        };
        for rel in [
            "",
            "content",
            "content/posts",
            "content/posts/a",
            "templates",
            "other",
        ] {
            age(rel);
        }
        for rel in [
            "content/posts/a/index.md",
            "templates/base.html",
            ".git/HEAD",
            ".git",
        ] {
            age(rel);
        }
        let since = SystemTime::now();
        assert!(modified_since(root, since).is_empty());
        // A post saved, a template added, a hidden file and an unwatched folder's file.
        std::fs::write(root.join("content/posts/a/index.md"), "y").unwrap();
        std::fs::write(root.join("templates/new.html"), "y").unwrap();
        std::fs::write(root.join(".git/HEAD"), "y").unwrap();
        std::fs::write(root.join("other/file"), "y").unwrap();
        let mut found: Vec<String> = (modified_since(root, since).iter())
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                "content/posts/a/index.md",
                "other",
                "templates",
                "templates/new.html"
            ]
        );

        // The config removed: only the site's folder shows it.
        std::fs::write(root.join("bulletin.yaml"), "x").unwrap();
        age("bulletin.yaml");
        let since = SystemTime::now() + CLOCK_SLACK * 2;
        std::fs::remove_file(root.join("bulletin.yaml")).unwrap();
        std::fs::File::open(root)
            .unwrap()
            .set_modified(since)
            .unwrap();
        let found = modified_since(root, since);
        for name in ["bulletin.yaml", "content", "templates", "static"] {
            assert!(found.contains(&root.join(name)), "{name}: {found:?}");
        }
    }
}
