//! Which inputs changed: [`Changes`], sorted from the paths the watcher reports by
//! [`Live::classify`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::Live;

/// Which inputs changed since the last update.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Read everything again (the first build, or after a crash).
    pub all: bool,
    /// `bulletin.yaml` was written: everything is read again if its text changed.
    pub config: bool,
    /// Templates.
    pub templates: bool,
    /// Static files.
    pub statics: bool,
    /// Author files.
    pub authors: bool,
    /// Walk the content folder again: a file was added, removed or renamed.
    pub discover: bool,
    /// Post files edited in place (paths relative to the site's folder).
    pub posts: BTreeSet<PathBuf>,
}

impl Changes {
    /// Everything, as for the first build.
    pub fn everything() -> Self {
        Self {
            all: true,
            ..Self::default()
        }
    }

    /// True when nothing changed that the site is built from.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl Live {
    /// Sorts changed paths (absolute, or relative to the site's folder) into
    /// [`Changes`]. Paths Bulletin does not read (the output, hidden files) are left out.
    pub fn classify(&self, paths: &[PathBuf]) -> Changes {
        let mut changes = Changes::default();
        for path in paths {
            let rel = path.strip_prefix(&self.opts.source).unwrap_or(path);
            let hidden = rel
                .components()
                .any(|c| c.as_os_str().to_str().is_some_and(crate::fsutil::is_hidden));
            if hidden {
                continue;
            }
            if rel == Path::new(crate::config::CONFIG_FILE) {
                changes.config = true;
            } else if rel.starts_with("templates") {
                changes.templates = true;
            } else if rel.starts_with("static") {
                changes.statics = true;
            } else if rel.starts_with("content/authors") {
                // A new or removed author file is only found by walking again.
                changes.authors = true;
                changes.discover = true;
            } else if rel.starts_with("content")
                || (self.posts_folders().iter()).any(|f| rel.starts_with(f.trim_matches('/')))
            {
                if self.source_index.contains_key(rel) && path_exists(&self.opts.source.join(rel)) {
                    changes.posts.insert(rel.to_path_buf());
                } else {
                    changes.discover = true;
                }
            }
        }
        changes
    }
}

fn path_exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}
