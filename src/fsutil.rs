//! File system helpers shared by the stages: the site's fence (what may be read), a
//! parallel directory walk, Bulletin's cache folder, and writes that are renamed into
//! place.
//!
//! A site's files come from pull requests, and a symbolic link in one could publish
//! any file the build can read (`/proc/self/environ`, a CI token). So every command
//! reads a site's files through one rule, [`Fence`]: a file that is a link whose target
//! resolves outside the site's folder is refused, and nothing of it is read or copied.
//! Links inside the site's folder work. Walks never enter linked folders.
//!
//! Sites have thousands of folders (one per post), and on a fast disk a walk is
//! bound by system calls, so folders are read in parallel. The result is sorted by
//! path.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Diagnostic;

/// Why a file of the site was not read.
#[derive(Debug)]
pub enum FileError {
    /// The file system said no.
    Io(std::io::Error),
    /// A symbolic link to something outside the site's folder.
    Outside {
        /// Where the link leads, resolved.
        target: PathBuf,
    },
    /// A symbolic link to a file of the site outside the folders a build reads
    /// (`.git/config`, `.env`…).
    Unread {
        /// Where the link leads, resolved.
        target: PathBuf,
    },
    /// A symbolic link to a folder: walks do not follow them.
    LinkedFolder {
        /// Where the link leads, resolved.
        target: PathBuf,
    },
    /// A symbolic link to nothing.
    BrokenLink,
    /// Not a regular file (a pipe, a socket, a device).
    NotAFile,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Io(e) => e.fmt(f),
            Self::Outside { target } => write!(
                f,
                "it is a link to {}, outside the site's folder, so nothing of it is read or published",
                target.display()
            ),
            Self::Unread { target } => write!(
                f,
                "it is a link to {}, which is not in content/, static/, templates/ or a \
                 posts folder (the folders a build reads), so nothing of it is read or published",
                target.display()
            ),
            Self::LinkedFolder { target } => write!(
                f,
                "it is a link to the folder {}, and linked folders are not followed",
                target.display()
            ),
            Self::BrokenLink => f.write_str("it is a link to nothing"),
            Self::NotAFile => f.write_str("it is not a regular file"),
        }
    }
}

impl From<std::io::Error> for FileError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}

impl FileError {
    /// The finding for `shown` (the file as the user names it); `action` says what
    /// failed for I/O errors (`read the post`). A linked folder is a warning (nothing
    /// is read), the rest are errors.
    pub fn diagnostic(&self, action: &str, shown: &Path) -> Diagnostic {
        match self {
            Self::Io(e) => Diagnostic::io(action, shown, e).help("check the file's permissions"),
            Self::BrokenLink => Diagnostic::error(format!("cannot {action}: {self}"))
                .in_file(shown)
                .help("remove the broken link, or point it at a file of the site"),
            Self::Outside { .. } | Self::Unread { .. } => {
                Diagnostic::error(format!("cannot {action}: {self}"))
                    .in_file(shown)
                    .help("copy the file into content/ or static/, or link to a file there")
            }
            Self::LinkedFolder { .. } => Diagnostic::warning(format!("not published: {self}"))
                .in_file(shown)
                .help("move the folder here, or link each file"),
            Self::NotAFile => Diagnostic::error(format!("cannot {action}: {self}"))
                .in_file(shown)
                .help("replace it with a file"),
        }
    }
}

/// The site's folder as the file system resolves it: every file of the site is read
/// through it, so a symbolic link leading out of the folder is refused (see the
/// module's comment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    root: PathBuf,
    /// The folders a build reads, resolved: where a link may lead.
    readable: Vec<PathBuf>,
}

/// The folders of a site that a build reads. A symbolic link in the site must lead
/// into one of them, and no output may go inside them (a build would read its previous
/// output as input).
pub const READ_FOLDERS: [&str; 3] = ["content", "static", "templates"];

impl Fence {
    /// The fence around the site folder `source`.
    pub fn new(source: &Path) -> Self {
        let root = source.canonicalize().unwrap_or_else(|_| absolute(source));
        let readable = READ_FOLDERS
            .iter()
            .map(|f| root.join(f))
            .map(|f| f.canonicalize().unwrap_or(f))
            .filter(|f| f.starts_with(&root) && !hidden_below(&root, f))
            .collect();
        Self { root, readable }
    }

    /// The fence around the site folder `source` whose posts are in `posts` (folders
    /// relative to it, from the config) as well as in the usual folders.
    pub fn for_site(source: &Path, posts: &[String]) -> Self {
        let mut fence = Self::new(source);
        for folder in posts {
            let dir = fence.root.join(folder.trim_matches('/'));
            let dir = dir.canonicalize().unwrap_or(dir);
            if dir.starts_with(&fence.root) && !hidden_below(&fence.root, &dir) {
                fence.readable.push(dir);
            }
        }
        fence
    }

    /// The site's folder, resolved.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folders a build reads, resolved; one may lie inside another.
    pub fn readable(&self) -> &[PathBuf] {
        &self.readable
    }

    /// Where the link `path` leads, when that is inside the site's folder.
    pub fn follow(&self, path: &Path) -> Result<PathBuf, FileError> {
        let target = path.canonicalize().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => FileError::BrokenLink,
            _ => FileError::Io(e),
        })?;
        if !target.starts_with(&self.root) {
            Err(FileError::Outside { target })
        } else if !self.readable.iter().any(|r| target.starts_with(r)) {
            Err(FileError::Unread { target })
        } else {
            Ok(target)
        }
    }

    /// Checks a folder of the site (`content/`, `static/`…) that may itself be a link,
    /// or be below one: it must resolve inside the site's folder, and not into a hidden
    /// folder of it (`.git/`). A missing folder passes (callers tell whether they need
    /// it).
    pub fn check_dir(&self, dir: &Path) -> Result<(), FileError> {
        match dir.canonicalize() {
            Ok(target) if !target.starts_with(&self.root) => Err(FileError::Outside { target }),
            Ok(target) if hidden_below(&self.root, &target) => Err(FileError::Unread { target }),
            Ok(_) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Opens a file of the site for reading. The common case costs no extra system
    /// call: the file is opened without following a final link (and without blocking
    /// on a pipe); only a link is resolved and checked.
    pub fn open(&self, path: &Path) -> Result<File, FileError> {
        let file = match open_read(path, false) {
            Ok(f) => f,
            Err(e) if is_link_error(&e) => {
                self.follow(path)?;
                open_read(path, true)?
            }
            Err(e) => return Err(e.into()),
        };
        if file.metadata()?.is_file() {
            Ok(file)
        } else {
            Err(FileError::NotAFile)
        }
    }

    /// Reads a file of the site as text (see [`Fence::open`]).
    pub fn read_to_string(&self, path: &Path) -> Result<String, FileError> {
        let mut file = self.open(path)?;
        let mut text = String::with_capacity(size_hint(&file));
        file.read_to_string(&mut text)?;
        Ok(text)
    }

    /// Reads a file of the site (see [`Fence::open`]).
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, FileError> {
        let mut file = self.open(path)?;
        let mut bytes = Vec::with_capacity(size_hint(&file));
        file.read_to_end(&mut bytes)?;
        Ok(bytes)
    }
}

fn size_hint(file: &File) -> usize {
    file.metadata()
        .map_or(0, |m| usize::try_from(m.len()).unwrap_or(0))
}

/// Opens `path` read-only without blocking on a pipe; unless `follow`, a final
/// symbolic link is an error that [`is_link_error`] recognises.
fn open_read(path: &Path, follow: bool) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let no_follow = if follow { 0 } else { libc::O_NOFOLLOW };
        options.custom_flags(libc::O_NONBLOCK | no_follow);
    }
    #[cfg(not(unix))]
    if !follow && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(std::io::Error::other(LINK_MARK));
    }
    options.open(path)
}

#[cfg(not(unix))]
const LINK_MARK: &str = "symbolic link";

fn is_link_error(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        e.to_string() == LINK_MARK
    }
}

/// True when `path`, below `root`, goes through a hidden name (`.git`).
fn hidden_below(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root).is_ok_and(|rel| {
        rel.components()
            .any(|c| c.as_os_str().to_str().is_some_and(|n| n.starts_with('.')))
    })
}

/// The absolute, normalized form of a path that may not exist yet: the deepest part
/// that exists is resolved by the file system (symbolic links included), `..` after a
/// part that exists goes up from where that part resolves, and the parts that do not
/// exist are appended (a missing folder cannot be a link).
pub fn absolute(path: &Path) -> PathBuf {
    let out = normalized(path, true);
    let mut existing = out.as_path();
    let mut rest = Vec::new();
    while std::fs::symlink_metadata(existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(rest.iter().rev());
    resolved
}

/// `path` made absolute as written: `.` left out, `..` taking off the part before it,
/// links not looked at.
pub fn lexical(path: &Path) -> PathBuf {
    normalized(path, false)
}

/// `path` made absolute (from the current folder), without `.`; `..` takes off the
/// part before it, resolved by the file system first when `resolve` and it exists.
fn normalized(path: &Path, resolve: bool) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for part in abs.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if resolve && out.exists() {
                    out = out.canonicalize().unwrap_or(out);
                }
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

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

/// Files of `static/` that are never published: version control and what editors and
/// file managers leave behind. Other dot files (`.well-known/`, `.nojekyll`) are.
pub fn is_junk(name: &str) -> bool {
    matches!(
        name,
        ".git" | ".hg" | ".svn" | ".DS_Store" | "Thumbs.db" | "desktop.ini"
    ) || name.ends_with('~')
        || name.ends_with(".swp")
}

/// What [`walk_files`] lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Walk<'a> {
    /// Files of the site; hidden names ([`is_hidden`]) left out. Links are checked
    /// by the fence: a link to a file inside the site is listed, any other link is an
    /// error.
    Content(&'a Fence),
    /// Like `Content`, but only junk ([`is_junk`]) is left out: `static/` publishes
    /// dot files such as `.well-known/`.
    Static(&'a Fence),
    /// Everything that is not a folder: files, links (to folders too), pipes, sockets;
    /// hidden names included (checking what an output folder holds).
    Everything,
}

impl<'a> Walk<'a> {
    fn fence(self) -> Option<&'a Fence> {
        match self {
            Self::Content(f) | Self::Static(f) => Some(f),
            Self::Everything => None,
        }
    }

    fn skips(self, name: &str) -> bool {
        match self {
            Self::Content(_) => is_hidden(name),
            Self::Static(_) => is_junk(name),
            Self::Everything => false,
        }
    }
}

/// Every file below `root`, sorted by path, as `what` says. Folders behind symbolic
/// links are not entered; with a fence, `root` itself must resolve inside the site.
pub fn walk_files(root: &Path, what: Walk<'_>) -> Vec<Found> {
    if let Some(fence) = what.fence()
        && let Err(error) = fence.check_dir(root)
    {
        return vec![Err(WalkError {
            path: root.to_path_buf(),
            error,
        })];
    }
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
fn walk_dir(dir: &Path, what: Walk<'_>) -> Vec<Found> {
    let read = match std::fs::read_dir(dir) {
        Ok(r) => r,
        Err(e) => return vec![Err(walk_error(dir, e))],
    };
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in read {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                files.push(Err(walk_error(dir, e)));
                continue;
            }
        };
        if entry.file_name().to_str().is_some_and(|n| what.skips(n)) {
            continue;
        }
        let path = entry.path();
        match (entry.file_type(), what.fence()) {
            (Ok(t), _) if t.is_dir() => dirs.push(path),
            (Ok(t), _) if t.is_file() => files.push(Ok(path)),
            (Ok(t), Some(fence)) if t.is_symlink() => files.push(linked(fence, path)),
            (Ok(_), None) => files.push(Ok(path)),
            (Ok(_), Some(_)) => {} // pipes, sockets, devices: never content
            (Err(e), _) => files.push(Err(walk_error(&path, e))),
        }
    }
    if !dirs.is_empty() {
        let nested: Vec<Vec<Found>> = dirs.par_iter().map(|d| walk_dir(d, what)).collect();
        files.extend(nested.into_iter().flatten());
    }
    files
}

/// A link met by a walk: listed when it leads to a file inside the site.
fn linked(fence: &Fence, path: PathBuf) -> Found {
    let error = match fence.follow(&path) {
        Ok(target) if target.is_file() => return Ok(path),
        Ok(target) if target.is_dir() => FileError::LinkedFolder { target },
        Ok(_) => FileError::NotAFile,
        Err(e) => e,
    };
    Err(WalkError { path, error })
}

/// An error tied to the path it happened on.
#[derive(Debug)]
pub struct WalkError {
    /// Where.
    pub path: PathBuf,
    /// What.
    pub error: FileError,
}

impl std::fmt::Display for WalkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl WalkError {
    /// The finding, its path shown as the user names it: `shown` standing for `source`.
    pub fn diagnostic(&self, source: &Path, shown: &Path) -> Diagnostic {
        let rel = self.path.strip_prefix(source).unwrap_or(&self.path);
        let file = if rel.as_os_str().is_empty() {
            shown.to_path_buf()
        } else {
            shown.join(rel)
        };
        self.error.diagnostic("read", &file)
    }
}

fn walk_error(path: &Path, error: std::io::Error) -> WalkError {
    WalkError {
        path: path.to_path_buf(),
        error: FileError::Io(error),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_is_not_published() {
        assert!(is_junk(".DS_Store") && is_junk(".git") && is_junk("notes.txt~"));
        assert!(!is_junk(".well-known") && !is_junk(".nojekyll"));
    }

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
            rel(walk_files(
                tmp.path(),
                Walk::Content(&Fence::new(tmp.path()))
            )),
            ["a.md", "b/1.md", "b/2.md", "c/d/e.md"]
        );
        assert_eq!(rel(walk_files(tmp.path(), Walk::Everything)).len(), 6);
    }
}
