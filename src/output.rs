//! Writing the site: safely, all or nothing.
//!
//! The new site is written to a staging folder beside the output folder; only when
//! every file is written is the old output moved aside and the staging folder renamed
//! into its place. A failed build deletes its staging folder and leaves the previous
//! output exactly as it was.
//!
//! Bulletin only replaces an output folder it made itself: it leaves a manifest
//! ([`MANIFEST`]) listing the files it wrote, and refuses a folder that holds anything
//! else, a folder that is (or contains) the source, or a non-empty folder without a
//! manifest.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::fsutil;

/// The file in the output folder that lists what Bulletin wrote there.
pub const MANIFEST: &str = ".bulletin-output";
const MANIFEST_HEADER: &str =
    "# Written by Bulletin; files Bulletin wrote in this folder, one per line.\n";

/// The absolute, normalized form of a path that may not exist yet: existing parts are
/// resolved by the file system (symbolic links included), and `..` after a part that
/// does not exist removes that part (a missing folder cannot be a link).
pub fn absolute(path: &Path) -> PathBuf {
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
                if out.exists() {
                    out = out.canonicalize().unwrap_or(out);
                }
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.canonicalize().unwrap_or(out)
}

/// Checks that `output` may be replaced by a build of `source`. `shown` is the output
/// folder as the user named it.
pub fn check_target(source: &Path, output: &Path, shown: &Path) -> Result<(), Diagnostic> {
    let src = absolute(source);
    let out = absolute(output);
    let output = out.as_path();
    if out == src || src.starts_with(&out) {
        return Err(Diagnostic::error(format!(
            "the output folder {} is the source folder or contains it",
            shown.display()
        ))
        .help("choose another output folder, like public/ inside the source folder"));
    }
    if out.parent().is_none() {
        return Err(Diagnostic::error(
            "the output folder cannot be the file system root",
        ));
    }
    if !output.exists() {
        return Ok(());
    }
    if !output.is_dir() {
        return Err(
            Diagnostic::error(format!("{} exists and is not a folder", shown.display()))
                .help("remove it, or choose another output folder"),
        );
    }
    let foreign =
        foreign_files(output).map_err(|e| Diagnostic::io("read the output folder", shown, &e))?;
    match foreign {
        Foreign::None => Ok(()),
        Foreign::NoManifest => Err(Diagnostic::error(format!(
            "{} is not empty and was not written by Bulletin",
            shown.display()
        ))
        .help("Bulletin replaces its output folder as a whole; empty it or choose another output folder")),
        Foreign::Files(files) => {
            let list: Vec<String> = files.iter().take(5).map(|f| shown.join(f).display().to_string()).collect();
            let more = if files.len() > 5 { format!(" and {} more", files.len() - 5) } else { String::new() };
            Err(Diagnostic::error(format!(
                "the output folder holds files Bulletin did not write: {}{more}",
                list.join(", ")
            ))
            .help("Bulletin replaces its output folder as a whole; move files you want published to static/, and delete the others"))
        }
    }
}

enum Foreign {
    None,
    NoManifest,
    Files(Vec<String>),
}

fn foreign_files(output: &Path) -> std::io::Result<Foreign> {
    let manifest = match std::fs::read_to_string(output.join(MANIFEST)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let empty = std::fs::read_dir(output)?.next().is_none();
            return Ok(if empty {
                Foreign::None
            } else {
                Foreign::NoManifest
            });
        }
        Err(e) => return Err(e),
    };
    if !manifest.starts_with(MANIFEST_HEADER) {
        return Ok(Foreign::NoManifest);
    }
    let known: BTreeSet<&str> = manifest.lines().filter(|l| !l.starts_with('#')).collect();
    let mut foreign = Vec::new();
    for found in fsutil::walk_files(output, fsutil::Walk::Everything) {
        let path = found.map_err(|e| match e.error {
            fsutil::FileError::Io(e) => e,
            other => std::io::Error::other(other.to_string()),
        })?;
        let rel = path.strip_prefix(output).unwrap_or(&path);
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel != MANIFEST && !known.contains(rel.as_str()) {
            foreign.push(rel);
        }
    }
    Ok(if foreign.is_empty() {
        Foreign::None
    } else {
        Foreign::Files(foreign)
    })
}

/// A folder being filled with the new site. Dropped without [`Staging::commit`], it
/// deletes itself.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder beside `output`.
    pub fn create(output: &Path, shown: &Path) -> Result<Self, Diagnostic> {
        let output = absolute(output);
        let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        std::fs::create_dir_all(&parent)
            .map_err(|e| Diagnostic::io("create the output's parent folder", shown, &e))?;
        let dir = parent.join(format!(".{name}.bulletin-staging-{}", std::process::id()));
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::fs::create_dir(&dir)
            .map_err(|e| Diagnostic::io("create a staging folder", &dir, &e))?;
        Ok(Self {
            dir,
            output,
            committed: false,
        })
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Creates the folders the files will go in (sorted, parents first).
    pub fn make_dirs<'a>(&self, files: impl Iterator<Item = &'a str>) -> Result<(), Diagnostic> {
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
                let path = self.dir.join(d);
                match std::fs::create_dir(&path) {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && path.is_dir() => {
                        Ok(())
                    }
                    Err(e) => Err(Diagnostic::io("create a folder", &path, &e)),
                }
            })?;
        }
        Ok(())
    }

    /// Writes the manifest listing `files`, then swaps the staging folder in for the
    /// output folder.
    pub fn commit(mut self, files: &[&str], shown: &Path) -> Result<(), Diagnostic> {
        let mut manifest = String::from(MANIFEST_HEADER);
        for f in files {
            manifest.push_str(f);
            manifest.push('\n');
        }
        let mpath = self.dir.join(MANIFEST);
        std::fs::write(&mpath, manifest)
            .map_err(|e| Diagnostic::io("write the manifest", &mpath, &e))?;

        let parent = self
            .output
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let name = self
            .output
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let old = parent.join(format!(".{name}.bulletin-old-{}", std::process::id()));
        let had_old = self.output.exists();
        if had_old {
            std::fs::rename(&self.output, &old)
                .map_err(|e| Diagnostic::io("move the previous output aside", shown, &e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            if had_old {
                let _ = std::fs::rename(&old, &self.output);
            }
            return Err(Diagnostic::io("move the new output into place", shown, &e));
        }
        self.committed = true;
        if had_old {
            remove_tree(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.dir);
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
    fn refuses_source_and_foreign_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("site");
        std::fs::create_dir_all(src.join("public")).unwrap();
        assert!(check_target(&src, &src, Path::new("site")).is_err());
        assert!(check_target(&src.join("public"), &src, Path::new("site")).is_err());
        assert!(
            check_target(&src, &src.join("public"), Path::new("public")).is_ok(),
            "empty is fine"
        );
        assert!(
            check_target(&src, &src.join("new"), Path::new("new")).is_ok(),
            "missing is fine"
        );
        std::fs::write(src.join("public/CNAME"), "x").unwrap();
        let e = check_target(&src, &src.join("public"), Path::new("public")).unwrap_err();
        assert!(e.message.contains("not written by Bulletin"), "{e}");
        std::fs::write(
            src.join("public").join(MANIFEST),
            format!("{MANIFEST_HEADER}index.html\n"),
        )
        .unwrap();
        let e = check_target(&src, &src.join("public"), Path::new("public")).unwrap_err();
        assert!(e.message.contains("public/CNAME"), "{e}");
        std::fs::write(
            src.join("public").join(MANIFEST),
            format!("{MANIFEST_HEADER}CNAME\n"),
        )
        .unwrap();
        assert!(check_target(&src, &src.join("public"), Path::new("public")).is_ok());
    }

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
        s.make_dirs(["a/b/c.html", "a/d.html"].into_iter()).unwrap();
        std::fs::write(s.dir().join("a/b/c.html"), "x").unwrap();
        s.commit(&["a/b/c.html"], Path::new("out")).unwrap();
        assert!(out.join("a/b/c.html").is_file());
        assert!(out.join(MANIFEST).is_file());
    }
}
