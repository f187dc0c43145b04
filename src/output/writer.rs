//! Writing a build's files.
//!
//! Every file goes through [`Writer`], which hashes its bytes. The first build of an
//! output folder (and `build --clean`) writes every file to the staging folder and
//! swaps it in whole. Later builds write to the staging folder only the files whose
//! bytes differ from what the output's manifest lists; once every file is rendered
//! without an error, those files are moved into the output one by one, the files that
//! are gone are deleted, and every other file is left as it was: same inode, same
//! modification time, so `rsync` and S3 sync upload only what changed.
//!
//! While files are being replaced, the output's manifest lists each of them as
//! unknown; a build cut short then leaves a manifest that makes the next build write
//! them again. Builds of the same output wait for each other (a lock on the folder that
//! holds it).

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::manifest::{self, Entry};
use super::{MANIFEST, Staging, make_dirs};
use crate::error::Diagnostic;
use crate::fsutil::{Fence, absolute};

/// What a build did to the output folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Files written (new or changed).
    pub written: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files of the previous build deleted.
    pub removed: usize,
}

/// A build's files put in place: what was done, and the manifest left, while the
/// output stays locked (until this is dropped) for the build to note what it did.
pub struct Finished {
    /// What the build did to the output folder.
    pub written: Written,
    /// The hash of the manifest the output holds now ([`manifest::hash`]).
    pub manifest: u128,
    _lock: lock::Held,
}

/// A file the build produced: its path, its entry and whether its bytes are in the
/// staging folder (false: the output already holds them). A large build produces
/// hundreds of thousands, all kept to the end: 48 bytes each besides the path, where a
/// `(String, Entry, bool)` takes 80 (an `Option<u128>` is aligned to 16 bytes).
struct Produced {
    file: Box<str>,
    /// The hash's two halves, high first; see `known`.
    hash: [u64; 2],
    size: u64,
    /// False: the bytes are not known ([`Entry::UNKNOWN`]).
    known: bool,
    staged: bool,
}

/// How many produced files a block of [`Writer`]'s list holds.
const BLOCK: usize = 4096;

impl Produced {
    fn new(file: &str, entry: Entry, staged: bool) -> Self {
        let hash = entry.hash.unwrap_or(0);
        Self {
            file: file.into(),
            hash: [(hash >> 64) as u64, hash as u64],
            size: entry.size,
            known: entry.hash.is_some(),
            staged,
        }
    }

    fn entry(&self) -> Entry {
        let hash = (u128::from(self.hash[0]) << 64) | u128::from(self.hash[1]);
        Entry {
            hash: self.known.then_some(hash),
            size: self.size,
        }
    }
}

/// Takes a build's files; see the module.
pub struct Writer {
    staging: Staging,
    /// The output folder (absolute).
    output: PathBuf,
    /// The staging folder as messages show it.
    shown_staging: PathBuf,
    /// The previous build's files, when this build updates the output in place.
    previous: Option<manifest::Files>,
    /// When the previous build's manifest was written: a file changed after it was
    /// changed by someone else, and is written again.
    written_at: Option<std::time::SystemTime>,
    /// In blocks of [`BLOCK`]: one list grown by doubling would hold up to twice
    /// what it needs, and a copy of itself while it grows.
    produced: Mutex<Vec<Vec<Produced>>>,
    _lock: lock::Held,
}

impl Writer {
    /// Prepares to write the files `files` to `output` (shown as `shown`), holding
    /// `lock` (see [`Lock`]): reads the output's manifest and creates the staging
    /// folder. With `clean`, or without a previous build, the output is replaced whole.
    pub fn open<'a>(
        output: &Path,
        shown: &Path,
        clean: bool,
        lock: Lock,
        files: impl Iterator<Item = &'a str>,
    ) -> Result<Self, Diagnostic> {
        let output = absolute(output);
        let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
        std::fs::create_dir_all(&parent)
            .map_err(|e| Diagnostic::io("create the output's parent folder", shown, &e))?;
        // A parent folder made just now: no other build could hold its lock before.
        let held = match lock.0 {
            Some(held) => held,
            None => lock::Held::acquire(&parent),
        };
        let manifest_path = output.join(MANIFEST);
        let previous = if clean {
            None
        } else {
            match std::fs::read_to_string(&manifest_path) {
                Ok(text) => manifest::parse(&text),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(Diagnostic::io("read", &shown.join(MANIFEST), &e)),
            }
        };
        let written_at = (std::fs::symlink_metadata(&manifest_path))
            .and_then(|m| m.modified())
            .ok();
        let staging = Staging::create(&output, shown)?;
        if previous.is_none() {
            make_dirs(staging.dir(), files)?;
        }
        Ok(Self {
            shown_staging: staging.shown_dir(shown),
            staging,
            output,
            previous,
            written_at,
            produced: Mutex::default(),
            _lock: held,
        })
    }

    /// True when this build updates the output in place (false: it is replaced whole).
    pub fn updates(&self) -> bool {
        self.previous.is_some()
    }

    /// Takes the file `file` (a path relative to the output folder) holding `bytes`.
    pub fn write(&self, file: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let entry = Entry::of(bytes);
        let staged = !self.unchanged(file, entry);
        if staged {
            let to = self.staged_path(file)?;
            std::fs::write(&to, bytes).map_err(|e| self.write_error(file, &e))?;
        }
        self.record(file, entry, staged);
        Ok(())
    }

    /// Takes the file `file` holding what `fill` writes, written as it comes rather
    /// than held (`search-index.json` is 33 MB for 100,000 posts). Its bytes are known
    /// only once written: an unchanged file is written to the staging folder, then
    /// deleted from it.
    pub fn write_with(
        &self,
        file: &str,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let to = self.staged_path(file)?;
        let dst = std::fs::File::create(&to).map_err(|e| self.write_error(file, &e))?;
        let mut out = Hashing {
            to: std::io::BufWriter::with_capacity(64 * 1024, dst),
            hasher: xxhash_rust::xxh3::Xxh3::new(),
            size: 0,
        };
        fill(&mut out)
            .and_then(|()| out.flush())
            .map_err(|e| self.write_error(file, &e))?;
        let entry = Entry {
            hash: Some(out.hasher.digest128()),
            size: out.size,
        };
        drop(out);
        let staged = !self.unchanged(file, entry);
        if !staged {
            std::fs::remove_file(&to).map_err(|e| self.write_error(file, &e))?;
        }
        self.record(file, entry, staged);
        Ok(())
    }

    /// Takes the file `file` as a copy of the site's file `from`, read through `fence`.
    /// Read errors name `from`, write errors the staging folder.
    pub fn copy(&self, file: &str, from: &Path, fence: &Fence) -> Result<(), Diagnostic> {
        let open = || fence.open(from).map_err(|e| e.diagnostic("copy", from));
        let read_error = |e: std::io::Error| Diagnostic::io("copy", from, &e);
        if self.updates() {
            let entry = stream(&mut open()?, None).map_err(|f| read_error(f.into()))?;
            if self.unchanged(file, entry) {
                self.record(file, entry, false);
                return Ok(());
            }
        }
        let to = self.staged_path(file)?;
        let mut dst = std::fs::File::create(&to).map_err(|e| self.write_error(file, &e))?;
        let entry = match stream(&mut open()?, Some(&mut dst)) {
            Ok(entry) => entry,
            Err(Failed::Read(e)) => return Err(read_error(e)),
            Err(Failed::Write(e)) => return Err(self.write_error(file, &e)),
        };
        self.record(file, entry, true);
        Ok(())
    }

    /// Puts the files taken in place. Called once every file was taken without an
    /// error; a build with errors drops the writer instead, and the output is untouched.
    pub fn finish(self, shown: &Path) -> Result<Finished, Diagnostic> {
        let blocks = std::mem::take(&mut *self.produced.lock().unwrap_or_else(|e| e.into_inner()));
        let mut produced: Vec<Produced> = blocks.into_iter().flatten().collect();
        produced.sort_unstable_by(|a, b| a.file.cmp(&b.file));
        let final_text = manifest::text(produced.iter().map(|p| (&*p.file, p.entry())));
        let manifest = manifest::hash(final_text.as_bytes());
        let Some(previous) = &self.previous else {
            self.staging.commit(&final_text, shown)?;
            return Ok(Finished {
                written: Written {
                    written: produced.len(),
                    ..Written::default()
                },
                manifest,
                _lock: self._lock,
            });
        };
        let new: HashSet<&str> = produced.iter().map(|p| &*p.file).collect();
        let mut gone: Vec<&str> = (previous.keys().map(String::as_str))
            .filter(|p| !new.contains(p))
            .collect();
        gone.sort_unstable();
        let staged: Vec<&str> = (produced.iter().filter(|p| p.staged))
            .map(|p| &*p.file)
            .collect();
        let written = Written {
            written: staged.len(),
            unchanged: produced.len() - staged.len(),
            removed: gone.len(),
        };
        if staged.is_empty() && gone.is_empty() {
            // Nothing to replace; the manifest itself only if it says something else
            // (one of an older Bulletin).
            let current = std::fs::read_to_string(self.output.join(MANIFEST)).ok();
            if current.as_deref() != Some(final_text.as_str()) {
                self.replace_manifest(&final_text, shown)?;
            }
            return Ok(Finished {
                written,
                manifest,
                _lock: self._lock,
            });
        }
        let during = manifest::text(
            (produced.iter())
                .map(|p| (&*p.file, if p.staged { Entry::UNKNOWN } else { p.entry() }))
                .chain(gone.iter().map(|p| (*p, Entry::UNKNOWN))),
        );
        self.replace_manifest(&during, shown)?;
        self.remove(&gone, shown)?;
        make_dirs(&self.output, staged.iter().copied())?;
        staged.par_iter().try_for_each(|file| {
            let (from, to) = (self.staging.dir().join(file), self.output.join(file));
            std::fs::rename(&from, &to)
                .or_else(|e| {
                    // An empty folder left where the file goes (the output's files are
                    // all listed, but folders are not): it goes first.
                    let folder = std::fs::symlink_metadata(&to).is_ok_and(|m| m.is_dir());
                    if folder && std::fs::remove_dir(&to).is_ok() {
                        std::fs::rename(&from, &to)
                    } else {
                        Err(e)
                    }
                })
                .map_err(|e| cut_short("move into place", &shown.join(file), &e))
        })?;
        self.replace_manifest(&final_text, shown)?;
        Ok(Finished {
            written,
            manifest,
            _lock: self._lock,
        })
    }

    /// True when the output holds `file` with the bytes of `entry` already: the
    /// manifest says so, and the file is there, of that size, and was not changed
    /// after the manifest was written.
    fn unchanged(&self, file: &str, entry: Entry) -> bool {
        let (Some(previous), Some(written_at)) = (&self.previous, self.written_at) else {
            return false;
        };
        entry.hash.is_some()
            && previous.get(file) == Some(&entry)
            && std::fs::symlink_metadata(self.output.join(file)).is_ok_and(|m| {
                m.is_file() && m.len() == entry.size && m.modified().is_ok_and(|t| t <= written_at)
            })
    }

    /// Where `file` goes in the staging folder, its folders created when this build
    /// updates in place (a whole build made them all first).
    fn staged_path(&self, file: &str) -> Result<PathBuf, Diagnostic> {
        let path = self.staging.dir().join(file);
        if self.updates()
            && let Some(parent) = path.parent()
        {
            std::fs::create_dir_all(parent).map_err(|e| self.write_error(file, &e))?;
        }
        Ok(path)
    }

    fn record(&self, file: &str, entry: Entry, staged: bool) {
        let mut produced = self.produced.lock().unwrap_or_else(|e| e.into_inner());
        match produced.last_mut() {
            Some(block) if block.len() < BLOCK => block.push(Produced::new(file, entry, staged)),
            _ => {
                let mut block = Vec::with_capacity(BLOCK);
                block.push(Produced::new(file, entry, staged));
                produced.push(block);
            }
        }
    }

    fn write_error(&self, file: &str, e: &std::io::Error) -> Diagnostic {
        Diagnostic::io("write", &self.shown_staging.join(file), e)
    }

    /// Writes `text` as the output's manifest, replacing the old one in one step.
    fn replace_manifest(&self, text: &str, shown: &Path) -> Result<(), Diagnostic> {
        let next = self.staging.dir().join(format!("{MANIFEST}.next"));
        std::fs::write(&next, text)
            .map_err(|e| Diagnostic::io("write", &self.shown_staging.join(MANIFEST), &e))?;
        std::fs::rename(&next, self.output.join(MANIFEST))
            .map_err(|e| cut_short("replace", &shown.join(MANIFEST), &e))
    }

    /// Deletes the files of the previous build that this one does not make, then the
    /// folders that leaves empty.
    fn remove(&self, gone: &[&str], shown: &Path) -> Result<(), Diagnostic> {
        gone.par_iter().try_for_each(|file| {
            match std::fs::remove_file(self.output.join(file)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    Err(cut_short("delete", &shown.join(file), &e))
                }
                _ => Ok(()),
            }
        })?;
        let mut folders: Vec<&str> = (gone.iter())
            .flat_map(|f| f.match_indices('/').map(|(i, _)| &f[..i]))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        // Deepest first; a folder that still holds something stays.
        folders.sort_unstable_by_key(|f| std::cmp::Reverse((f.matches('/').count(), *f)));
        for folder in folders {
            let _ = std::fs::remove_dir(self.output.join(folder));
        }
        Ok(())
    }
}

/// An error while the output is being changed: what is done stays, and the manifest
/// makes the next build finish the job.
fn cut_short(action: &str, shown: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::io(action, shown, e).help(
        "the output folder is partly updated; the next build repairs it (the files it \
         did not finish are listed as unknown in its manifest)",
    )
}

enum Failed {
    Read(std::io::Error),
    Write(std::io::Error),
}

impl From<Failed> for std::io::Error {
    fn from(f: Failed) -> Self {
        match f {
            Failed::Read(e) | Failed::Write(e) => e,
        }
    }
}

/// A file being written, hashed as it is.
struct Hashing<W> {
    to: W,
    hasher: xxhash_rust::xxh3::Xxh3,
    size: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.to.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.to.flush()
    }
}

/// Reads `src` to its end, hashing it, and writes it to `dst` if there is one.
fn stream(src: &mut impl Read, mut dst: Option<&mut std::fs::File>) -> Result<Entry, Failed> {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = match src.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Failed::Read(e)),
        };
        hasher.update(&buf[..n]);
        size += n as u64;
        if let Some(dst) = dst.as_deref_mut() {
            dst.write_all(&buf[..n]).map_err(Failed::Write)?;
        }
    }
    Ok(Entry {
        hash: Some(hasher.digest128()),
        size,
    })
}

/// Builds whose output folders share a parent folder wait for each other: a build
/// takes this before it looks at the output, and holds it until the output is written.
pub struct Lock(Option<lock::Held>);

impl Lock {
    /// Waits for the other builds writing beside `output`. Makes no folder: where the
    /// output's parent folder does not exist yet, the writer locks it once made.
    pub fn acquire(output: &Path) -> Self {
        let output = absolute(output);
        let parent = output.parent().filter(|p| p.is_dir());
        Self(parent.map(lock::Held::acquire))
    }
}

/// The lock that makes builds of one output folder wait for each other: `flock` on
/// the folder holding it, released when the process ends however it ends. Where the
/// file system cannot lock (some network and FUSE file systems), builds go unlocked,
/// as they did before there was a lock.
mod lock {
    use std::path::Path;

    pub(super) struct Held {
        #[cfg(unix)]
        _dir: Option<std::fs::File>,
    }

    impl Held {
        pub(super) fn acquire(parent: &Path) -> Self {
            #[cfg(unix)]
            {
                use std::os::fd::AsRawFd;
                let Ok(dir) = std::fs::File::open(parent) else {
                    return Self { _dir: None };
                };
                loop {
                    // SAFETY: flock on a descriptor this function owns.
                    if unsafe { libc::flock(dir.as_raw_fd(), libc::LOCK_EX) } == 0 {
                        return Self { _dir: Some(dir) };
                    }
                    if std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
                        return Self { _dir: None };
                    }
                }
            }
            #[cfg(not(unix))]
            {
                let _ = parent;
                Self {}
            }
        }
    }
}

#[cfg(test)]
mod tests;
