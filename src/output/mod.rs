//! Writing the site: safely, all or nothing, and only what changed.
//!
//! A build finds every error before it changes the output folder: the files it makes
//! go to a staging folder beside the output (`.<name>.bulletin-staging-<pid>`). The
//! first build of a folder (and `build --clean`) then swaps the staging folder in whole
//! (`staging.rs`); later builds stage only the files whose bytes changed and move them
//! in, leaving the others untouched (`writer.rs`). A failed build, Ctrl-C or SIGTERM
//! deletes the staging folder and leaves the previous output as it was; the folders a
//! killed build leaves are deleted by the next build of the same output.
//!
//! Bulletin only writes to an output folder it made itself: it leaves a manifest
//! ([`MANIFEST`], [`manifest`]) listing the files it wrote, and refuses a folder that
//! holds anything else, a folder that is (or contains) the source or lies inside a
//! folder the build reads (`content/`, `static/`, `templates/`), or a non-empty folder
//! without a manifest.

use std::path::Path;

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::fsutil::{self, absolute, lexical};

pub mod manifest;
mod staging;
mod writer;

use staging::{Staging, make_dirs};

pub use staging::remove_staging_on_signals;
pub use writer::{Finished, Lock, Writer, Written};

/// The file in the output folder that lists what Bulletin wrote there.
pub const MANIFEST: &str = crate::url::MANIFEST;

use manifest::HEADER as MANIFEST_HEADER;

/// Checks that `output` may be replaced by a build of `source`. `shown` is the output
/// folder as the user named it.
pub fn check_target(source: &Path, output: &Path, shown: &Path) -> Result<(), Diagnostic> {
    if !check_place(source, output, shown)? {
        return Ok(());
    }
    let foreign = foreign_files(&absolute(output))
        .map_err(|e| Diagnostic::io("read the output folder", shown, &e))?;
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
            let first = files.first().map_or("CNAME", String::as_str);
            Err(Diagnostic::error(format!(
                "the output folder holds files Bulletin did not write: {}{more}",
                list.join(", ")
            ))
            .help(format!(
                "Bulletin replaces its output folder as a whole: a file to publish goes in \
                 static/ (static/{first} is copied to {}), and the others can be deleted",
                shown.join(first).display()
            )))
        }
    }
}

/// Checks that `output` is not inside one of the site's posts folders (`posts`, from
/// the config): the build would read its own output as posts.
pub fn check_posts_folders(
    source: &Path,
    output: &Path,
    shown: &Path,
    posts: &[String],
) -> Result<(), Diagnostic> {
    let out = absolute(output);
    match (posts.iter()).find(|f| out.starts_with(absolute(&source.join(f.trim_matches('/'))))) {
        Some(folder) => Err(Diagnostic::error(format!(
            "the output folder {} is inside {}/, a posts folder, which the build reads",
            shown.display(),
            folder.trim_matches('/')
        ))
        .help("choose an output folder outside the posts folders, like public/")),
        None => Ok(()),
    }
}

/// Deletes what builds of `output` that were killed left beside it (see
/// [`Staging::create`]); a build that renders nothing does it too.
pub fn remove_leftovers(output: &Path) {
    staging::remove_dead_builds(&absolute(output));
}

/// The checks of [`check_target`] that look at where `output` is, not at what it
/// holds: true when it exists (as a folder).
fn check_place(source: &Path, output: &Path, shown: &Path) -> Result<bool, Diagnostic> {
    let src = absolute(source);
    let out = absolute(output);
    // A site could commit `public` as a link, and the build would then replace
    // whatever folder the link names: the output is never followed through a link.
    if let Ok(meta) = std::fs::symlink_metadata(output)
        && meta.file_type().is_symlink()
    {
        return Err(Diagnostic::error(format!(
            "the output folder {} is a symbolic link (to {}); Bulletin replaces its output \
             folder as a whole and does not follow a link to do it",
            shown.display(),
            out.display()
        ))
        .help("remove the link, or pass the folder it names with --output"));
    }
    let written_inside =
        lexical(output).starts_with(lexical(source)) || lexical(output).starts_with(&src);
    if written_inside && !out.starts_with(&src) {
        return Err(Diagnostic::error(format!(
            "the output folder {} is inside the site's folder as written, but a symbolic \
             link takes it to {}",
            shown.display(),
            out.display()
        ))
        .help("remove the link, or choose an output folder outside the site's folder"));
    }
    let output = out.as_path();
    if out == src || src.starts_with(&out) {
        return Err(Diagnostic::error(format!(
            "the output folder {} is the source folder or contains it",
            shown.display()
        ))
        .help("choose another output folder, like public/ inside the source folder"));
    }
    if let Some(read) = fsutil::READ_FOLDERS
        .iter()
        .find(|f| out.starts_with(absolute(&source.join(f))))
    {
        return Err(Diagnostic::error(format!(
            "the output folder {} is inside {read}/, which the build reads",
            shown.display()
        ))
        .help("choose an output folder outside content/, static/ and templates/, like public/"));
    }
    if out.parent().is_none() {
        return Err(Diagnostic::error(
            "the output folder cannot be the file system root",
        ));
    }
    if !output.exists() {
        return Ok(false);
    }
    if !output.is_dir() {
        return Err(
            Diagnostic::error(format!("{} exists and is not a folder", shown.display()))
                .help("remove it, or choose another output folder"),
        );
    }
    Ok(true)
}

/// The number of files `output` holds when it is as the build that wrote the manifest
/// hashing to `manifest` left it: that manifest, every file it lists there, a regular
/// file of its size, not changed after the manifest was written, and nothing else.
/// None when anything differs, or when `output` may not be a build's output at all
/// (see [`check_target`]). This is what lets a build skip itself ([`crate::rebuild`]).
pub fn intact(source: &Path, output: &Path, manifest: u128) -> Option<usize> {
    if !check_place(source, output, output).ok()? {
        return None;
    }
    let output = absolute(output);
    let path = output.join(MANIFEST);
    let meta = std::fs::symlink_metadata(&path)
        .ok()
        .filter(|m| m.is_file())?;
    let written_at = meta.modified().ok()?;
    let text = std::fs::read_to_string(&path).ok()?;
    if manifest::hash(text.as_bytes()) != manifest {
        return None;
    }
    let files = manifest::parse(&text)?;
    if files.values().any(|e| e.hash.is_none()) {
        return None;
    }
    let found = listed_files(&output, "", &files, written_at, 0)?;
    (found == files.len()).then_some(found)
}

/// How many files are below `dir` (`rel` in the output, with a trailing `/` unless
/// empty), when each is a regular file that `files` lists with its size, not changed
/// after `written_at`; None as soon as one is not, or below 200 folders (`depth` is
/// `dir`'s). The manifest itself is not counted.
fn listed_files(
    dir: &Path,
    rel: &str,
    files: &manifest::Files,
    written_at: std::time::SystemTime,
    depth: usize,
) -> Option<usize> {
    if depth > 200 {
        return None;
    }
    let mut count = 0;
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let name = entry.file_name();
        let path = format!("{rel}{}", name.to_str()?);
        // Not followed: a link is no file of Bulletin's.
        let meta = entry.metadata().ok()?;
        if meta.is_dir() {
            folders.push(path + "/");
        } else if path == MANIFEST {
            continue;
        } else {
            let entry = files.get(&path)?;
            let as_written = meta.is_file()
                && meta.len() == entry.size
                && meta.modified().is_ok_and(|t| t <= written_at);
            if !as_written {
                return None;
            }
            count += 1;
        }
    }
    let nested: Option<usize> = (folders.par_iter())
        .map(|f| {
            let name = &f[rel.len()..f.len() - 1];
            listed_files(&dir.join(name), f, files, written_at, depth + 1)
        })
        .sum();
    Some(count + nested?)
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
    let Some(known) = manifest::parse(&manifest) else {
        return Ok(Foreign::NoManifest);
    };
    let mut foreign = Vec::new();
    for found in fsutil::walk_files(output, fsutil::Walk::Everything) {
        let path = found.map_err(|e| match e.error {
            fsutil::FileError::Io(e) => e,
            other => std::io::Error::other(other.to_string()),
        })?;
        let rel = path.strip_prefix(output).unwrap_or(&path);
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel != MANIFEST && !known.contains_key(&rel) {
            foreign.push(rel);
        }
    }
    Ok(if foreign.is_empty() {
        Foreign::None
    } else {
        Foreign::Files(foreign)
    })
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
}
