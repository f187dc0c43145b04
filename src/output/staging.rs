//! The staging folder a build fills, and the swap that puts it in place of the
//! output folder in one step; what killed builds left beside the output is deleted.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{MANIFEST, MANIFEST_HEADER};
use crate::error::Diagnostic;
use crate::fsutil::absolute;

/// A folder being filled with the new site. Dropped without [`Staging::commit`], it
/// deletes itself; so does a build stopped by Ctrl-C or SIGTERM (see
/// [`remove_staging_on_signals`]).
pub(super) struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
}

/// Bulletin's own folder of `kind` (`staging`, `old`) beside `output`, for process `pid`.
fn sibling(output: &Path, kind: &str, pid: u32) -> PathBuf {
    let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
    let name = output.file_name().unwrap_or_default().to_string_lossy();
    parent.join(format!(".{name}.bulletin-{kind}-{pid}"))
}

impl Staging {
    /// Creates an empty staging folder beside `output`, after deleting what dead
    /// builds of the same output left there.
    pub(super) fn create(output: &Path, shown: &Path) -> Result<Self, Diagnostic> {
        let output = absolute(output);
        let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
        std::fs::create_dir_all(&parent)
            .map_err(|e| Diagnostic::io("create the output's parent folder", shown, &e))?;
        remove_dead_builds(&output);
        let dir = sibling(&output, "staging", std::process::id());
        if dir.exists() {
            remove_tree(&dir);
        }
        signals::create(&dir).map_err(|e| Diagnostic::io("create a staging folder", &dir, &e))?;
        let staging = Self {
            dir,
            output,
            committed: false,
        };
        // Marks the folder as Bulletin's from the start, so that it can be recognised
        // and deleted if this build is killed.
        let marker = staging.dir.join(MANIFEST);
        std::fs::write(&marker, MANIFEST_HEADER)
            .map_err(|e| Diagnostic::io("write the manifest", &marker, &e))?;
        Ok(staging)
    }

    /// The staging folder.
    pub(super) fn dir(&self) -> &Path {
        &self.dir
    }

    /// The staging folder as messages show it: beside the output folder as the user
    /// named it (`shown`).
    pub(super) fn shown_dir(&self, shown: &Path) -> PathBuf {
        let name = self.dir.file_name().unwrap_or_default();
        shown
            .parent()
            .map_or_else(|| PathBuf::from(name), |p| p.join(name))
    }

    /// Writes `manifest` as the manifest, then swaps the staging folder in for the
    /// output folder.
    pub(super) fn commit(mut self, manifest: &str, shown: &Path) -> Result<(), Diagnostic> {
        let mpath = self.dir.join(MANIFEST);
        std::fs::write(&mpath, manifest)
            .map_err(|e| Diagnostic::io("write the manifest", &mpath, &e))?;
        let old = swap_in(&self.dir, &self.output, shown)?;
        self.committed = true;
        // Still registered while the previous output is deleted from where the staging
        // folder was: a signal now deletes it instead of leaving it.
        if let Some(old) = old {
            remove_tree(&old);
        }
        signals::unregister(&self.dir);
        Ok(())
    }
}

/// Creates under `root` the folders the files `files` go in (parents first); folders
/// already there are fine.
pub(super) fn make_dirs<'a>(
    root: &Path,
    files: impl Iterator<Item = &'a str>,
) -> Result<(), Diagnostic> {
    let mut dirs: BTreeSet<&str> = BTreeSet::new();
    for f in files {
        let mut rest = f;
        while let Some(i) = rest.rfind('/') {
            rest = &rest[..i];
            if !dirs.insert(rest) {
                break;
            }
        }
    }
    // Parents before children: one parallel round per depth.
    let mut by_depth: Vec<Vec<&str>> = Vec::new();
    for d in dirs {
        let depth = d.matches('/').count() + 1;
        if by_depth.len() < depth {
            by_depth.resize(depth, Vec::new());
        }
        by_depth[depth - 1].push(d);
    }
    for level in by_depth {
        level.par_iter().try_for_each(|d| {
            let path = root.join(d);
            match std::fs::create_dir(&path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && path.is_dir() => Ok(()),
                Err(e) => Err(Diagnostic::io("create a folder", &path, &e)),
            }
        })?;
    }
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            signals::unregister(&self.dir);
            remove_tree(&self.dir);
        }
    }
}

/// Puts the finished folder `new` at `output`. Returns where the previous output now
/// is (to be deleted), if there was one.
fn swap_in(new: &Path, output: &Path, shown: &Path) -> Result<Option<PathBuf>, Diagnostic> {
    if std::fs::symlink_metadata(output).is_err() {
        match std::fs::rename(new, output) {
            Ok(()) => return Ok(None),
            // A concurrent build put its output there first: exchange with it.
            Err(_) if std::fs::symlink_metadata(output).is_ok() => {}
            Err(e) => return Err(Diagnostic::io("move the new output into place", shown, &e)),
        }
    }
    match exchange(new, output) {
        // The old output is where the new one was.
        Ok(()) => return Ok(Some(new.to_path_buf())),
        Err(e) if !exchange_unsupported(&e) => {
            return Err(Diagnostic::io("swap the new output into place", shown, &e));
        }
        Err(_) => {}
    }
    // Two renames, where the file system cannot exchange folders.
    let old = sibling(output, "old", std::process::id());
    std::fs::rename(output, &old)
        .map_err(|e| Diagnostic::io("move the previous output aside", shown, &e))?;
    if let Err(e) = std::fs::rename(new, output) {
        let _ = std::fs::rename(&old, output);
        return Err(Diagnostic::io("move the new output into place", shown, &e));
    }
    Ok(Some(old))
}

/// Exchanges two folders in one step (Linux 3.15 and later).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths; the call reads them only.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// True when the exchange failed because the system or file system lacks it (the
/// two renames are used then).
fn exchange_unsupported(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    if matches!(
        e.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP)
    ) {
        return true;
    }
    e.kind() == std::io::ErrorKind::Unsupported
}

/// Deletes the staging and old folders that builds of `output` which are no longer
/// running left beside it: only folders named as Bulletin names them, for a process
/// that is gone, and holding Bulletin's manifest.
pub(super) fn remove_dead_builds(output: &Path) {
    let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
        return;
    };
    let prefix = format!(".{}.bulletin-", name.to_string_lossy());
    let Ok(read) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in read.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|rest| (rest.strip_prefix("staging-")).or_else(|| rest.strip_prefix("old-")))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let path = entry.path();
        let ours = std::fs::read_to_string(path.join(MANIFEST))
            .is_ok_and(|m| m.starts_with(MANIFEST_HEADER));
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && ours && pid != std::process::id() && process_is_gone(pid) {
            remove_tree(&path);
        }
    }
}

/// True when no process `pid` runs (false when it cannot be known).
fn process_is_gone(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only asks whether the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        r == -1 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        false
    }
}

pub use signals::remove_staging_on_signals;

/// Ctrl-C and SIGTERM during a build: the staging folder goes, then the process.
mod signals {
    use std::path::{Path, PathBuf};
    use std::sync::Mutex;

    /// Staging folders of this process not yet committed.
    static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

    /// Creates the staging folder `dir` and registers it, in one step as the signal
    /// handler sees it: a signal never finds a folder it does not know of.
    pub(super) fn create(dir: &Path) -> std::io::Result<()> {
        let mut live = LIVE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        std::fs::create_dir(dir)?;
        live.push(dir.to_path_buf());
        Ok(())
    }

    pub(super) fn unregister(dir: &Path) {
        LIVE.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .retain(|d| d != dir);
    }

    /// From now on, SIGINT, SIGTERM and SIGHUP delete the staging folders of builds
    /// in progress and end the process (exit status 128 + the signal), and a file size
    /// limit (`ulimit -f`) makes writes fail with an error instead of killing the
    /// process. For commands that build; `serve` handles its signals itself.
    pub fn remove_staging_on_signals() {
        #[cfg(unix)]
        {
            // SAFETY: ignoring a signal installs no handler code; writes past the limit
            // then fail with EFBIG and are reported like a full disk.
            unsafe { libc::signal(libc::SIGXFSZ, libc::SIG_IGN) };
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    // Held until the process ends: a build that fails because its
                    // folder went away blocks in `unregister` instead of exiting first.
                    let mut live = LIVE
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    for dir in live.drain(..) {
                        // Renamed first (to the name of an old output, which the next
                        // build deletes if this one is cut short), so that the threads
                        // still writing fail at once instead of filling the folder while
                        // it is deleted.
                        let name = dir.file_name().unwrap_or_default().to_string_lossy();
                        let doomed = dir
                            .with_file_name(name.replace(".bulletin-staging-", ".bulletin-old-"));
                        let dir = match std::fs::rename(&dir, &doomed) {
                            Ok(()) => doomed,
                            Err(_) => dir,
                        };
                        let _ = std::fs::remove_dir_all(&dir);
                    }
                    std::process::exit(128 + signal);
                }
            });
        }
    }
}

/// Removes a folder tree, deleting the top-level entries in parallel.
fn remove_tree(dir: &Path) {
    if let Ok(read) = std::fs::read_dir(dir) {
        let entries: Vec<PathBuf> = read.flatten().map(|e| e.path()).collect();
        entries.par_iter().for_each(|p| {
            if p.is_dir() && !p.is_symlink() {
                let _ = std::fs::remove_dir_all(p);
            } else {
                let _ = std::fs::remove_file(p);
            }
        });
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_is_removed_unless_committed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let dir = {
            let s = Staging::create(&out, Path::new("out")).unwrap();
            std::fs::write(s.dir().join("a"), "x").unwrap();
            s.dir().to_path_buf()
        };
        assert!(!dir.exists());
        assert!(!out.exists());
        let s = Staging::create(&out, Path::new("out")).unwrap();
        make_dirs(s.dir(), ["a/b/c.html", "a/d.html"].into_iter()).unwrap();
        std::fs::write(s.dir().join("a/b/c.html"), "x").unwrap();
        s.commit(&format!("{MANIFEST_HEADER}a/b/c.html\n"), Path::new("out"))
            .unwrap();
        assert!(out.join("a/b/c.html").is_file());
        assert!(out.join(MANIFEST).is_file());
    }
}
