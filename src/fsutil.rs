//! File system helpers shared by the stages: a parallel directory walk, Bulletin's cache
//! folder, and writes that are renamed into place.
//!
//! Sites have thousands of folders (one per post), and on a fast disk a walk is
//! bound by system calls, so folders are read in parallel. The result is sorted by
//! path.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// Bulletin's cache folder, shared by every site: `$BULLETIN_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/bulletin`, else `~/.cache/bulletin`. None without a home.
pub fn cache_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = env("BULLETIN_CACHE_DIR") {
        return Some(dir);
    }
    let base = env("XDG_CACHE_HOME").or_else(|| env("HOME").map(|h| h.join(".cache")))?;
    Some(base.join("bulletin"))
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename, so that a
/// reader (or a concurrent writer) never sees half a file. The folder is created.
pub fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    // Unique among concurrent writers: one process, one thread, one file at a time.
    let thread = format!("{:?}", std::thread::current().id());
    let thread: String = thread.chars().filter(char::is_ascii_digit).collect();
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.{}-{thread}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A file found by [`walk_files`], or an error met on the way.
pub type Found = Result<PathBuf, WalkError>;

/// True for names skipped when `skip_hidden` is set: dot files, editor backups.
pub fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

/// What [`walk_files`] lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Walk {
    /// Regular files and symbolic links to files; hidden names left out (content).
    Content,
    /// Everything that is not a folder: files, links (to folders too), pipes, sockets;
    /// hidden names included (checking what an output folder holds).
    Everything,
}

/// Every file below `root`, sorted by path, as `what` says. Folders behind symbolic
/// links are not entered.
pub fn walk_files(root: &Path, what: Walk) -> Vec<Found> {
    let mut found = walk_dir(root, what);
    found.sort_by(|a, b| match (a, b) {
        (Ok(a), Ok(b)) => a.as_os_str().cmp(b.as_os_str()),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(a), Err(b)) => a.path.cmp(&b.path),
    });
    found
}

/// One folder: its files, then its subfolders walked in parallel. `read_dir` gives
/// each entry's type without a `stat`, which matters with one folder per post.
fn walk_dir(dir: &Path, what: Walk) -> Vec<Found> {
    let skip_hidden = what == Walk::Content;
    let read = match std::fs::read_dir(dir) {
        Ok(r) => r,
        Err(e) => return vec![Err(io_error(dir, e))],
    };
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in read {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                files.push(Err(io_error(dir, e)));
                continue;
            }
        };
        if skip_hidden && entry.file_name().to_str().is_some_and(is_hidden) {
            continue;
        }
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => dirs.push(path),
            Ok(t) if t.is_file() => files.push(Ok(path)),
            Ok(t) if t.is_symlink() && path.is_file() => files.push(Ok(path)),
            Ok(_) if what == Walk::Everything => files.push(Ok(path)),
            Ok(_) => {}
            Err(e) => files.push(Err(io_error(&path, e))),
        }
    }
    if !dirs.is_empty() {
        let nested: Vec<Vec<Found>> = dirs.par_iter().map(|d| walk_dir(d, what)).collect();
        files.extend(nested.into_iter().flatten());
    }
    files
}

/// An error tied to the path it happened on.
#[derive(Debug)]
pub struct WalkError {
    /// Where.
    pub path: PathBuf,
    /// What.
    pub error: std::io::Error,
}

impl std::fmt::Display for WalkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

fn io_error(path: &Path, error: std::io::Error) -> WalkError {
    WalkError {
        path: path.to_path_buf(),
        error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_and_skips_hidden() {
        let tmp = tempfile::tempdir().unwrap();
        for f in [
            "b/2.md",
            "b/1.md",
            "a.md",
            ".git/x",
            "c/.hidden",
            "c/d/e.md",
        ] {
            let p = tmp.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        let rel = |v: Vec<Found>| -> Vec<String> {
            v.into_iter()
                .map(|f| {
                    f.unwrap()
                        .strip_prefix(tmp.path())
                        .unwrap()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect()
        };
        assert_eq!(
            rel(walk_files(tmp.path(), Walk::Content)),
            ["a.md", "b/1.md", "b/2.md", "c/d/e.md"]
        );
        assert_eq!(rel(walk_files(tmp.path(), Walk::Everything)).len(), 6);
    }
}
