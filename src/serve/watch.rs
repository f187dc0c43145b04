//! Watching the site's inputs: `content/`, `templates/`, `static/` and `bulletin.yaml`.
//!
//! Events go through notify's debouncer, so that an editor's save (a temporary file
//! written, then renamed over the post) arrives as one batch. The site's folder itself
//! is watched without recursion, so the output folder and anything else beside the
//! inputs (a `target/`, a `.git/`) costs nothing; an input folder created later is
//! watched from then on.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

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
