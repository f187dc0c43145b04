//! What the server may send while the first render is still writing the site.
//!
//! The server listens before the first render starts, so that the first page is
//! served as soon as it exists rather than after the whole site is written. Until
//! the first render is done, a request waits at the [`Gate`] for the files it names
//! (or for the 404 page, when the site has no such file); the files it waits for are
//! handed to the render as wanted, and the render writes them next. A file is let
//! through only once it is whole: the first render writes files in place, and the
//! gate is told of each after it is written.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use tokio::sync::watch;

/// The first render's progress, shared by the render and the server.
#[derive(Debug)]
pub struct Gate {
    state: Mutex<State>,
    /// Bumped whenever files are written or the gate opens: waiting requests look again.
    progress: watch::Sender<u64>,
}

/// How far the first render is with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Progress {
    Planned,
    /// A request waits for it: it was handed to the render.
    Wanted,
    Written,
}

#[derive(Debug, Default)]
struct State {
    /// The first render is over (or never came): every request goes through.
    open: bool,
    /// The server is stopping: the first render stops at its next batch.
    stopped: bool,
    /// Every file the first render will write, and how far it is; None until the
    /// site is planned.
    planned: Option<HashMap<String, Progress>>,
    /// Files requests wait for, not handed to the render yet.
    wanted: Vec<String>,
}

impl Default for Gate {
    fn default() -> Self {
        Self {
            state: Mutex::new(State::default()),
            progress: watch::channel(0).0,
        }
    }
}

/// The page sent for a path the site has no file at.
const NOT_FOUND: &str = "404.html";

impl Gate {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held leaves plain data: still usable.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn bump(&self) {
        self.progress.send_modify(|n| *n += 1);
    }

    /// Whether the first render is over.
    pub fn is_open(&self) -> bool {
        self.state().open
    }

    /// Lets every request through from now on.
    pub fn open(&self) {
        self.state().open = true;
        self.bump();
    }

    /// Tells the first render to stop at its next batch: the server is stopping.
    pub fn stop(&self) {
        self.state().stopped = true;
    }

    /// Whether the server is stopping.
    pub fn is_stopped(&self) -> bool {
        self.state().stopped
    }

    /// Waits until the gate is open: the first update is over.
    pub async fn until_open(&self) {
        let mut progress = self.progress.subscribe();
        while !self.is_open() {
            if progress.changed().await.is_err() {
                return;
            }
        }
    }

    /// The files the first render is about to write.
    pub fn plan<'f>(&self, files: impl IntoIterator<Item = &'f String>) {
        let planned = (files.into_iter())
            .map(|f| (f.clone(), Progress::Planned))
            .collect();
        self.state().planned = Some(planned);
        self.bump();
    }

    /// Marks `files` written (or failed: there is nothing more to wait for).
    pub fn written<'f>(&self, files: impl IntoIterator<Item = &'f str>) {
        let mut state = self.state();
        if let Some(planned) = &mut state.planned {
            for file in files {
                if let Some(progress) = planned.get_mut(file) {
                    *progress = Progress::Written;
                }
            }
        }
        drop(state);
        self.bump();
    }

    /// The files requests are waiting for, each once, to render next.
    pub fn take_wanted(&self) -> Vec<String> {
        std::mem::take(&mut self.state().wanted)
    }

    /// Puts files taken with [`Gate::take_wanted`] back, to be taken again later.
    pub fn want_again(&self, files: Vec<String>) {
        if !files.is_empty() {
            self.state().wanted.extend(files);
        }
    }

    /// Waits until a request for any of `candidates` (the files a path can name, in
    /// the output folder) can be answered from the folder: the gate is open, or the
    /// ones the site has are written, or, when it has none of them, its 404 page is.
    pub async fn wait(&self, candidates: &[String]) {
        let mut progress = self.progress.subscribe();
        while !self.ready(candidates) {
            if progress.changed().await.is_err() {
                return;
            }
        }
    }

    /// Whether the files a request needs are there; if not, asks for them.
    fn ready(&self, candidates: &[String]) -> bool {
        let mut state = self.state();
        let state = &mut *state;
        if state.open {
            return true;
        }
        let Some(planned) = &mut state.planned else {
            return false;
        };
        let mut needed: Vec<&str> = (candidates.iter())
            .map(String::as_str)
            .filter(|c| planned.contains_key(*c))
            .collect();
        if needed.is_empty() && planned.contains_key(NOT_FOUND) {
            needed.push(NOT_FOUND);
        }
        let mut ready = true;
        for file in needed {
            let progress = planned.get_mut(file).expect("planned");
            if *progress == Progress::Planned {
                *progress = Progress::Wanted;
                state.wanted.push(file.to_string());
            }
            ready &= *progress == Progress::Written;
        }
        ready
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Duration;

    fn files(names: &[&str]) -> Vec<String> {
        names.iter().map(ToString::to_string).collect()
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
    }

    /// Whether a request for `candidates` is answered within a short while.
    fn answered(gate: &Arc<Gate>, candidates: &[&str]) -> bool {
        let (gate, candidates) = (Arc::clone(gate), files(candidates));
        runtime().block_on(async move {
            tokio::time::timeout(Duration::from_millis(50), gate.wait(&candidates))
                .await
                .is_ok()
        })
    }

    #[test]
    fn requests_wait_for_their_files_and_ask_for_them() {
        let gate = Arc::new(Gate::default());
        assert!(!answered(&gate, &["index.html"]), "nothing is planned yet");
        gate.plan(&files(&[
            "index.html",
            "a/index.html",
            "style.css",
            NOT_FOUND,
        ]));
        assert!(!answered(&gate, &["a", "a/index.html", "a.html"]));
        assert!(!answered(&gate, &["style.css"]));
        assert!(!answered(&gate, &["style.css"]));
        // Each once, in the order asked for (the request made before the plan gave
        // up), and not again once handed over.
        assert_eq!(gate.take_wanted(), files(&["a/index.html", "style.css"]));
        assert!(!answered(&gate, &["style.css"]));
        assert!(gate.take_wanted().is_empty());
        // What the render cannot write yet goes back, to be taken again.
        gate.want_again(files(&["style.css"]));
        assert_eq!(gate.take_wanted(), files(&["style.css"]));
        gate.written(["a/index.html"]);
        assert!(answered(&gate, &["a", "a/index.html", "a.html"]));
        assert!(!answered(&gate, &["style.css"]));
        // A path the site has no file at waits for the 404 page.
        assert!(!answered(&gate, &["nowhere"]));
        assert_eq!(gate.take_wanted(), files(&[NOT_FOUND]));
        gate.written([NOT_FOUND]);
        assert!(answered(&gate, &["nowhere"]));
        gate.open();
        assert!(answered(&gate, &["style.css"]));
        assert!(gate.is_open());
    }

    #[test]
    fn a_waiting_request_goes_on_when_its_file_is_written() {
        let gate = Arc::new(Gate::default());
        gate.plan(&files(&["index.html"]));
        let writer = Arc::clone(&gate);
        let waited = runtime().block_on(async move {
            let wait = tokio::spawn({
                let gate = Arc::clone(&writer);
                async move { gate.wait(&files(&["index.html"])).await }
            });
            tokio::time::sleep(Duration::from_millis(20)).await;
            assert_eq!(writer.take_wanted(), files(&["index.html"]));
            writer.written(["index.html"]);
            tokio::time::timeout(Duration::from_secs(5), wait).await
        });
        assert!(waited.is_ok());
    }
}
