//! Skipping a build that would change nothing.
//!
//! A successful build leaves a record in Bulletin's cache folder, one per output
//! folder: a fingerprint of everything it read, the manifest it left in the output,
//! the next moment a post's date or expiry changes the site, and what it reported.
//! The next build of the same output takes the fingerprint again first; when it is
//! the same, the output is as that build left it ([`crate::output::intact`]) and no
//! such moment has come, the build replays the report (warnings included) instead of
//! rendering the site again.
//!
//! The fingerprint is taken before anything is read. It hashes:
//! - the build's options and the running Bulletin (its version, and the executable as
//!   the file system describes it: another binary renders again);
//! - `bulletin.yaml` and `bulletin.lock`, present or not;
//! - every file, folder and link below the folders a build reads (`content/`,
//!   `static/`, `templates/`, the posts folders): its name, type, size, inode,
//!   permissions, modification and change times; for a link, also the path it
//!   resolves to and that file's own stamp. Hidden names are included; what version
//!   control keeps (`.git/`) is not. An output folder inside one of them (which the
//!   build refuses) leaves no fingerprint.
//!
//! A file changed while the build runs is then seen as changed by the next build. A
//! file system stamps changes with a coarse clock (to one or two seconds on some), so
//! a file changed within [`SETTLE`] before the fingerprint could change again with the
//! same stamp: a build that read such a file leaves no record, and the next one runs
//! in full.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::{CONFIG_FILE, Config, Overrides};
use crate::content::Skip;
use crate::error::{Diagnostic, Severity};
use crate::fsutil::{Fence, absolute};
use crate::lock::LOCK_FILE;
use crate::site::HeldBack;

/// Folders nested deeper than this below a folder the build reads make the build run
/// in full rather than be fingerprinted.
const DEEPEST: usize = 200;

/// How long before the fingerprint an input must have last changed for a build to
/// leave a record (see the module).
pub const SETTLE: Duration = Duration::from_secs(2);

/// The records' format; a record of another is not read.
const FORMAT: u32 = 1;

/// What a build read, as the file system describes it (see the module).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    hash: u128,
    /// No input changed within the settling time before it was taken.
    settled: bool,
}

/// What a build reported, as a record keeps it for the next build to replay.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    /// Posts published.
    pub posts: usize,
    /// Pages written.
    pub pages: usize,
    /// Redirect pages written.
    pub redirects: usize,
    /// Posts left out.
    pub held_back: HeldBack,
    /// Files of the posts folders that are not posts.
    pub skipped: Vec<(PathBuf, Skip)>,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
}

impl Fingerprint {
    /// Takes the fingerprint of the site at `source` built with `options` (every
    /// setting of the build, as text) into `output`. `settle` is [`SETTLE`] but in
    /// tests. None when something cannot be looked at: the build then runs in full.
    pub fn take(source: &Path, output: &Path, options: &str, settle: Duration) -> Option<Self> {
        let started = SystemTime::now();
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut add = |bytes: &[u8]| {
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        add(env!("CARGO_PKG_VERSION").as_bytes());
        add(options.as_bytes());
        add(&stamp(&running_binary()?)?.bytes());
        let mut latest = SystemTime::UNIX_EPOCH;
        for name in [CONFIG_FILE, LOCK_FILE] {
            add(name.as_bytes());
            match std::fs::symlink_metadata(source.join(name)) {
                Ok(meta) => {
                    let s = stamp_entry(&source.join(name), &meta)?;
                    latest = latest.max(s.changed);
                    add(&s.bytes());
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => add(b"absent"),
                Err(_) => return None,
            }
        }
        // The config is read after its stamp is taken: for the posts folders.
        let config = Config::load(source, source, &Overrides::default()).ok()?;
        let fence = Fence::for_site(source, &config.posts);
        // An output inside a posts folder would be read as input: the build refuses it.
        let output = absolute(output);
        if fence.readable().iter().any(|dir| output.starts_with(dir)) {
            return None;
        }
        for dir in outermost(fence.readable()) {
            add(dir.as_os_str().as_encoded_bytes());
            let tree = walk(&dir, 0)?;
            add(&tree.hash.to_le_bytes());
            latest = latest.max(tree.latest);
        }
        let settled = latest
            .checked_add(settle)
            .is_some_and(|settled| settled < started);
        Some(Self {
            hash: hasher.digest128(),
            settled,
        })
    }
}

/// The readable folders that are not inside another one.
fn outermost(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs = dirs.to_vec();
    dirs.sort();
    dirs.dedup();
    let mut out: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        if !out.iter().any(|o| dir.starts_with(o)) {
            out.push(dir);
        }
    }
    out
}

/// The executable running, as the file system describes it. On Linux, the file the
/// process runs even when another has been installed under its name since.
fn running_binary() -> Option<std::fs::Metadata> {
    #[cfg(target_os = "linux")]
    if let Ok(meta) = std::fs::metadata("/proc/self/exe") {
        return Some(meta);
    }
    std::fs::metadata(std::env::current_exe().ok()?).ok()
}

/// A file system entry's description.
struct Stamp {
    fields: [u64; 9],
    /// When it last changed (its status: content, permissions, name).
    changed: SystemTime,
}

impl Stamp {
    fn bytes(&self) -> [u8; 72] {
        let mut out = [0; 72];
        for (chunk, field) in out.chunks_exact_mut(8).zip(self.fields) {
            chunk.copy_from_slice(&field.to_le_bytes());
        }
        out
    }
}

/// The stamp of any entry. For a link, where it leads is part of it: its text, the
/// path it resolves to (through any other link on the way) and that file's own stamp.
fn stamp_entry(path: &Path, meta: &std::fs::Metadata) -> Option<Stamp> {
    let mut s = stamp(meta)?;
    if meta.file_type().is_symlink() {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(
            std::fs::read_link(path)
                .ok()?
                .as_os_str()
                .as_encoded_bytes(),
        );
        // A link leading nowhere fails the build, which leaves no record.
        if let (Ok(target), Ok(meta)) = (path.canonicalize(), std::fs::metadata(path)) {
            let to = stamp(&meta)?;
            hasher.update(target.as_os_str().as_encoded_bytes());
            hasher.update(&to.bytes());
            s.changed = s.changed.max(to.changed);
        }
        s.fields[8] = hasher.digest();
    }
    Some(s)
}

#[cfg(unix)]
fn stamp(meta: &std::fs::Metadata) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt;
    let changed = SystemTime::UNIX_EPOCH
        .checked_add(Duration::new(
            u64::try_from(meta.ctime()).unwrap_or(0),
            u32::try_from(meta.ctime_nsec()).unwrap_or(0),
        ))
        .unwrap_or(SystemTime::UNIX_EPOCH);
    Some(Stamp {
        fields: [
            meta.dev(),
            meta.ino(),
            u64::from(meta.mode()),
            meta.size(),
            meta.mtime() as u64,
            meta.mtime_nsec() as u64,
            meta.ctime() as u64,
            meta.ctime_nsec() as u64,
            0,
        ],
        // A time set in the future (`touch -d`) counts from then.
        changed: changed.max(meta.modified().ok()?),
    })
}

#[cfg(not(unix))]
fn stamp(meta: &std::fs::Metadata) -> Option<Stamp> {
    let modified = meta.modified().ok()?;
    let since = modified.duration_since(SystemTime::UNIX_EPOCH).ok()?;
    let kind = u64::from(meta.is_dir()) | u64::from(meta.file_type().is_symlink()) << 1;
    Some(Stamp {
        fields: [
            kind,
            u64::from(meta.permissions().readonly()),
            0,
            meta.len(),
            since.as_secs(),
            u64::from(since.subsec_nanos()),
            0,
            0,
            0,
        ],
        changed: modified,
    })
}

/// What is below a folder: a hash of each entry's name and stamp (and, for a folder,
/// of what is below it), in the order of their names, and the latest change among
/// them.
struct Tree {
    hash: u128,
    latest: SystemTime,
}

/// The [`Tree`] below `dir`, `depth` folders below a folder the build reads; folders
/// are entered (links to them are not). Version control folders are left out. None
/// when a folder cannot be read, or lies deeper than [`DEEPEST`]. Folders are walked in
/// parallel, and each is hashed once its entries are: nothing is held but the folders
/// being walked.
fn walk(dir: &Path, depth: usize) -> Option<Tree> {
    if depth > DEEPEST {
        return None;
    }
    let read = match std::fs::read_dir(dir) {
        Ok(read) => read,
        // A site without `static/` or `templates/`: as if it were empty.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Some(Tree {
                hash: xxhash_rust::xxh3::Xxh3::new().digest128(),
                latest: SystemTime::UNIX_EPOCH,
            });
        }
        Err(_) => return None,
    };
    let mut entries: Vec<(std::ffi::OsString, Stamp, bool)> = Vec::new();
    for entry in read {
        let entry = entry.ok()?;
        let name = entry.file_name();
        // What version control keeps: never content, and changed by every commit. A
        // link into it is followed like any other (see [`stamp_entry`]).
        if matches!(name.to_str(), Some(".git" | ".hg" | ".svn")) {
            continue;
        }
        let path = entry.path();
        let meta = entry.metadata().ok()?;
        entries.push((name, stamp_entry(&path, &meta)?, meta.is_dir()));
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let below: Vec<Option<Tree>> = (entries.par_iter())
        .map(|(name, _, is_dir)| match is_dir {
            true => walk(&dir.join(name), depth + 1),
            false => Some(Tree {
                hash: 0,
                latest: SystemTime::UNIX_EPOCH,
            }),
        })
        .collect();
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut latest = SystemTime::UNIX_EPOCH;
    for ((name, stamp, _), tree) in entries.iter().zip(below) {
        let tree = tree?;
        let name = name.as_encoded_bytes();
        hasher.update(&(name.len() as u64).to_le_bytes());
        hasher.update(name);
        hasher.update(&stamp.bytes());
        hasher.update(&tree.hash.to_le_bytes());
        latest = latest.max(stamp.changed).max(tree.latest);
    }
    Some(Tree {
        hash: hasher.digest128(),
        latest,
    })
}

/// A build's record, as stored (see the module).
#[derive(Serialize, Deserialize)]
struct Record {
    format: u32,
    /// The output folder, absolute.
    output: PathBuf,
    /// The fingerprint, hex.
    inputs: String,
    /// The hash of the manifest the build left, hex.
    manifest: String,
    /// When the build read the site, in seconds (rounded down): a clock set back
    /// before it could publish the site as it was before.
    at: i64,
    /// The second (rounded down) at which a post's date or expiry changes the site, if
    /// any.
    until: Option<i64>,
    posts: usize,
    pages: usize,
    redirects: usize,
    held_back: [usize; 3],
    skipped: Vec<(PathBuf, String)>,
    warnings: Vec<Stored>,
}

/// A diagnostic as a record keeps it.
#[derive(Serialize, Deserialize)]
struct Stored {
    error: bool,
    file: Option<PathBuf>,
    line: Option<u32>,
    column: Option<u32>,
    message: String,
    help: Option<String>,
    code: Option<String>,
}

/// The file holding the record of builds into `output` (absolute), in `cache`.
fn record_path(cache: &Path, output: &Path) -> PathBuf {
    let key = xxhash_rust::xxh3::xxh3_64(output.as_os_str().as_encoded_bytes());
    cache.join("builds").join(format!("{key:016x}.json"))
}

/// The report of the last build of `source` into `output`, and the number of files it
/// left there, when a build now would do just what it did: same fingerprint, same
/// output, and no post's date or expiry passed since. `cache` is Bulletin's cache
/// folder.
pub fn replay(
    cache: &Path,
    fingerprint: Fingerprint,
    source: &Path,
    output: &Path,
    now: jiff::Timestamp,
) -> Option<(Replay, usize)> {
    let abs = absolute(output);
    let text = std::fs::read(record_path(cache, &abs)).ok()?;
    let record: Record = serde_json::from_slice(&text).ok()?;
    let same = record.format == FORMAT
        && record.output == abs
        && record.inputs == format!("{:032x}", fingerprint.hash)
        && now.as_second() >= record.at
        && record.until.is_none_or(|until| now.as_second() < until);
    if !same {
        return None;
    }
    let manifest = u128::from_str_radix(&record.manifest, 16).ok()?;
    let files = crate::output::intact(source, output, manifest)?;
    let skipped = (record.skipped.into_iter())
        .map(|(file, why)| Some((file, skip_named(&why)?)))
        .collect::<Option<Vec<_>>>()?;
    let [drafts, future, expired] = record.held_back;
    let replay = Replay {
        posts: record.posts,
        pages: record.pages,
        redirects: record.redirects,
        held_back: HeldBack {
            drafts,
            future,
            expired,
        },
        skipped,
        warnings: record.warnings.into_iter().map(restored).collect(),
    };
    Some((replay, files))
}

/// Keeps the record of a build into `output` that read the site at `at` and left the
/// manifest hashing to `manifest`, whose site changes next at `until`; a build whose
/// inputs had not
/// settled (or reported an error) leaves none, and the record of the last is
/// removed. Failing to store it only costs the next build its shortcut.
pub fn save(
    cache: &Path,
    fingerprint: Fingerprint,
    output: &Path,
    manifest: u128,
    (at, until): (jiff::Timestamp, Option<jiff::Timestamp>),
    report: &Replay,
) {
    let output = absolute(output);
    let path = record_path(cache, &output);
    if !fingerprint.settled || report.warnings.iter().any(Diagnostic::is_error) {
        let _ = std::fs::remove_file(&path);
        return;
    }
    let HeldBack {
        drafts,
        future,
        expired,
    } = report.held_back;
    let record = Record {
        format: FORMAT,
        output,
        inputs: format!("{:032x}", fingerprint.hash),
        manifest: format!("{manifest:032x}"),
        at: at.as_second(),
        // Rounded down: the site may change within that second.
        until: until.map(|t| t.as_second()),
        posts: report.posts,
        pages: report.pages,
        redirects: report.redirects,
        held_back: [drafts, future, expired],
        skipped: (report.skipped.iter())
            .map(|(file, why)| (file.clone(), skip_name(*why).to_string()))
            .collect(),
        warnings: report.warnings.iter().map(stored).collect(),
    };
    // A path that JSON cannot hold (not UTF-8): no record.
    match serde_json::to_vec(&record) {
        Ok(bytes) if crate::fsutil::write_replacing(&path, &bytes).is_ok() => {
            prune(path.parent().unwrap_or(cache));
        }
        _ => {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Removes the records of output folders that are gone (a test's, a renamed site's),
/// once there are more than a few.
fn prune(dir: &Path) {
    const KEEP: usize = 16;
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let records: Vec<PathBuf> = read
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    if records.len() <= KEEP {
        return;
    }
    records.par_iter().for_each(|path| {
        let output = std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Record>(&b).ok())
            .map(|r| r.output);
        if output.is_none_or(|o| !o.is_dir()) {
            let _ = std::fs::remove_file(path);
        }
    });
}

fn skip_name(why: Skip) -> &'static str {
    match why {
        Skip::Section => "section",
        Skip::Listing => "listing",
        Skip::NotMarkdown => "not-markdown",
    }
}

fn skip_named(name: &str) -> Option<Skip> {
    [Skip::Section, Skip::Listing, Skip::NotMarkdown]
        .into_iter()
        .find(|s| skip_name(*s) == name)
}

fn stored(d: &Diagnostic) -> Stored {
    Stored {
        error: d.is_error(),
        file: d.file.clone(),
        line: d.line,
        column: d.column,
        message: d.message.clone(),
        help: d.help.clone(),
        code: d.code.map(str::to_string),
    }
}

fn restored(s: Stored) -> Diagnostic {
    Diagnostic {
        severity: if s.error {
            Severity::Error
        } else {
            Severity::Warning
        },
        file: s.file,
        line: s.line,
        column: s.column,
        message: s.message,
        help: s.help,
        code: s.code.as_deref().map(static_code),
    }
}

/// A finding's code as the `&'static str` diagnostics carry. Codes are a few dozen
/// short names; each one read from a record is kept for the life of the process, once.
fn static_code(code: &str) -> &'static str {
    static SEEN: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(known) = seen.iter().find(|c| **c == code) {
        return known;
    }
    let leaked: &'static str = Box::leak(code.to_string().into_boxed_str());
    seen.push(leaked);
    leaked
}

#[cfg(test)]
mod tests;
