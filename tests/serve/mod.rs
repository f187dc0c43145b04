//! `bulletin serve`, end to end: the real binary on port 0, spoken to over plain TCP
//! (HTTP/1.1 and server-sent events), while the test edits the site's files. Here: the
//! harness; the tests are in the submodules, by what they look at.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::common::{Site, post};

mod edits;
mod follow;
mod http;
mod lifecycle;

/// What the server says when its first render is over.
const WROTE_THE_SITE: &str = "wrote the site: ";

/// How long anything may take before a test gives up (a loaded CI machine is slow).
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `bulletin serve`; killed on drop (SIGKILL, which leaves its private folder
/// behind: that folder is in a temporary folder of the test, removed after it).
struct Server {
    child: Child,
    addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
    /// The server's `$TMPDIR`, where it makes its private folder.
    tmp: PathBuf,
    /// `tmp`, when this server has it to itself; dropped after the server is killed.
    _own_tmp: Option<TempDir>,
}

/// How to start a server beyond its arguments.
#[derive(Default)]
struct Launch<'a> {
    /// Its `$TMPDIR`; by default a temporary folder of its own.
    tmpdir: Option<&'a Path>,
    /// Its limit on open files (soft and hard, so it cannot raise it).
    #[cfg(unix)]
    open_files: Option<libc::rlim_t>,
    /// Return as soon as it listens, while its first render may still be writing the
    /// site (by default, once the site is written: a test's edits come after it).
    early: bool,
}

impl Server {
    fn start(site: &Site, args: &[&str]) -> Self {
        Self::launch(site, args, Launch::default())
    }

    fn launch(site: &Site, args: &[&str], launch: Launch<'_>) -> Self {
        let own_tmp = match launch.tmpdir {
            Some(_) => None,
            None => Some(
                tempfile::Builder::new()
                    .prefix("bulletin-serve-test-")
                    .tempdir()
                    .unwrap(),
            ),
        };
        let tmp = launch
            .tmpdir
            .or(own_tmp.as_ref().map(TempDir::path))
            .unwrap()
            .to_path_buf();
        let mut command = Command::new(env!("CARGO_BIN_EXE_bulletin"));
        command
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .current_dir(site.root())
            .env("TMPDIR", &tmp)
            .env(
                "BULLETIN_CACHE_DIR",
                PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bulletin-cache"),
            )
            .env_remove("BULLETIN_TIMINGS")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        if let Some(n) = launch.open_files {
            use std::os::unix::process::CommandExt;
            let limit = libc::rlimit {
                rlim_cur: n,
                rlim_max: n,
            };
            // SAFETY: between fork and exec the closure only calls setrlimit, which is
            // async-signal-safe, and allocates nothing unless it fails.
            unsafe {
                command.pre_exec(move || {
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 {
                        Ok(())
                    } else {
                        Err(std::io::Error::last_os_error())
                    }
                });
            }
        }
        let mut child = command.spawn().expect("bulletin serve starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        let mut err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| {
                panic!(
                    "no URL in {line:?}; stderr:\n{}",
                    stderr.lock().unwrap().as_str()
                )
            });
        let addr: SocketAddr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .unwrap();
        let server = Self {
            child,
            addr,
            stderr,
            tmp,
            _own_tmp: own_tmp,
        };
        if !launch.early {
            server.says(WROTE_THE_SITE);
        }
        server
    }

    fn get(&self, path: &str) -> Response {
        request(self.addr, "GET", path)
    }

    fn events(&self) -> Events {
        Events::open(self.addr)
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until the server has printed `text` (its output is read by another thread).
    #[track_caller]
    fn says(&self, text: &str) {
        let start = Instant::now();
        while !self.stderr().contains(text) {
            assert!(
                start.elapsed() < PATIENCE,
                "the server never said {text:?}; it said:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A new connection to the server.
fn connect(addr: SocketAddr) -> TcpStream {
    TcpStream::connect_timeout(&addr, PATIENCE).expect("the server takes connections")
}

/// One HTTP/1.1 request on a new connection; the path is sent exactly as given.
fn request(addr: SocketAddr, method: &str, path: &str) -> Response {
    let mut s = connect(addr);
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("no answer to {method} {path} within {PATIENCE:?}: {e}"));
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_string(),
    }
}

/// The live-reload event stream, as a page holds it.
struct Events {
    stream: TcpStream,
    /// Bytes received, chunk framing included (each event is one chunk).
    raw: String,
}

impl Events {
    fn open(addr: SocketAddr) -> Self {
        let mut stream = connect(addr);
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        write!(
            stream,
            "GET /__bulletin/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut events = Self {
            stream,
            raw: String::new(),
        };
        events.next("hello");
        events
    }

    /// Waits until `holds` is true, checking again after each reload event: an edit
    /// can arrive as more than one change (a new folder, then its file).
    #[track_caller]
    fn until(&mut self, mut holds: impl FnMut() -> bool) {
        let start = Instant::now();
        while !holds() {
            assert!(start.elapsed() < PATIENCE, "the change never showed");
            self.next("reload");
        }
    }

    /// Waits for the next event named `name`; returns its data. Earlier events of
    /// other names are skipped.
    #[track_caller]
    fn next(&mut self, name: &str) -> String {
        let start = Instant::now();
        let marker = format!("event: {name}\n");
        loop {
            if let Some(at) = self.raw.find(&marker) {
                let rest = &self.raw[at + marker.len()..];
                if let Some(end) = rest.find("\n\n") {
                    let data = rest[..end].trim_start_matches("data: ").to_string();
                    self.raw = rest[end..].to_string();
                    return data;
                }
            }
            assert!(
                start.elapsed() < PATIENCE,
                "no `{name}` event; got {:?}",
                self.raw
            );
            let mut buf = [0u8; 4096];
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("the event stream closed; got {:?}", self.raw),
                Ok(n) => self.raw.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("event stream: {e}"),
            }
        }
    }
}

/// A two-post site; `a.md` is the one edited.
fn blog() -> Site {
    let site = Site::new();
    site.file("bulletin.yaml", "title: Serve test\nsocial_cards: false\n")
        .file(
            "content/posts/a.md",
            post("Post A", "2024-03-01", "tags: [news]", "First body of A.\n"),
        )
        .file(
            "content/posts/b.md",
            post("Post B", "2024-02-01", "", "Body of B.\n"),
        );
    site
}

/// `a.md` with a date that is not one, on its line 3.
const BROKEN_A: &str = "---\ntitle: Post A\npublishDate: 'not a date'\n---\nBroken body.\n";

/// Saves a file the way many editors do: a temporary file renamed over it.
fn save(site: &Site, rel: &str, text: &str) {
    let path = site.root().join(rel);
    let tmp = path.with_file_name(".saving.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
}

/// Saves `a.md` of [`blog`] with `title` and `body` (its date and tag kept).
fn save_a(site: &Site, title: &str, body: &str) {
    save(
        site,
        "content/posts/a.md",
        &post(title, "2024-03-01", "tags: [news]", body),
    );
}
