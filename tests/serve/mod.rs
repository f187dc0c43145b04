//! `bulletin serve`, end to end: the real binary on port 0, spoken to over plain TCP
//! (HTTP/1.1 and server-sent events), while the test edits the site's files.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::common::{Site, post};

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
        Self {
            child,
            addr,
            stderr,
            tmp,
            _own_tmp: own_tmp,
        }
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

#[test]
fn an_edit_is_served_and_open_pages_are_told_to_reload() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let page = server.get("/2024/03/a/");
    assert_eq!(page.status, 200, "{page:?}");
    assert!(page.body.contains("First body of A."));
    assert!(
        page.body.contains("/__bulletin/live.js"),
        "no live-reload script"
    );
    assert!(!site.exists("public"), "serve wrote public/");

    let mut events = server.events();
    save_a(&site, "Post A", "Second body of A.\n");
    events.next("reload");
    let page = server.get("/2024/03/a/");
    assert!(page.body.contains("Second body of A."), "{}", page.body);
    assert!(!page.body.contains("First body of A."));
    // The feed carries the new body too; the other post's page is as it was.
    assert!(server.get("/rss.xml").body.contains("Second body of A."));
    assert!(server.get("/2024/02/b/").body.contains("Body of B."));

    // A new post appears in the listings; a removed one leaves them.
    site.file(
        "content/posts/c.md",
        post("Post C", "2024-04-01", "", "Body of C.\n"),
    );
    // Pages are written in parallel: each is waited for.
    events.until(|| {
        server.get("/2024/04/c/").status == 200 && server.get("/").body.contains("Post C")
    });
    site.remove("content/posts/c.md");
    events.until(|| server.get("/2024/04/c/").status == 404);
    assert!(!server.get("/blog/").body.contains("Post C"));
}

#[test]
fn the_first_edit_after_start_up_rewrites_no_more_than_a_later_one() {
    // The first render leaves the files' fingerprints for after the server listens.
    // They are recorded before any change is read: the first edit rewrites the files
    // it changes, as a later edit does, not every page that shows the post.
    let site = blog();
    let server = Server::start(&site, &[]);
    server.says("updated ");
    // A second paragraph: the post's page, feeds and search change, not its card.
    let first = files_written_by(
        &server,
        &site,
        "First body of A.\n\nA second paragraph, once.\n",
    );
    let later = files_written_by(
        &server,
        &site,
        "First body of A.\n\nA second paragraph, twice.\n",
    );
    assert!(first > 0, "{}", server.stderr());
    assert_eq!(first, later, "{}", server.stderr());
}

/// Saves `a.md` of [`blog`] with `body` and waits for the update: the number of files
/// it wrote.
fn files_written_by(server: &Server, site: &Site, body: &str) -> usize {
    let count = |s: &str| s.lines().filter(|l| l.starts_with("updated ")).count();
    let before = count(&server.stderr());
    save_a(site, "Post A", body);
    let deadline = Instant::now() + PATIENCE;
    while count(&server.stderr()) == before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let stderr = server.stderr();
    let last = stderr.lines().rev().find(|l| l.starts_with("updated "));
    let files = last.and_then(|l| l.split(' ').nth(1)?.parse::<usize>().ok());
    files.unwrap_or_else(|| panic!("{stderr}"))
}

#[test]
fn listings_are_rendered_again_for_what_their_templates_show_of_a_post() {
    // The default theme shows no word count in listings: a paragraph that adds words
    // changes the post's card, but no listing is rendered again for it.
    let added = "First body of A.\n\nAnd a second paragraph of seven words.\n";
    let site = blog();
    let server = Server::start(&site, &[]);
    server.says("updated ");
    // The live-reload script names the site's version, which every update moves on.
    let listing = || {
        let body = server.get("/blog/").body;
        let at = body.find("data-version=").unwrap_or(body.len());
        body[..at].to_string()
    };
    let before = listing();
    let plain = files_written_by(&server, &site, added);
    assert_eq!(listing(), before);

    // A card that shows it: the listings that show the post are rendered again.
    let card = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/partials/card.html"),
    )
    .unwrap();
    let card = card.replace(
        "</article>",
        "<p class=\"words\">{{ post.words }} words</p></article>",
    );
    let shown = blog();
    shown.file("templates/partials/card.html", &card);
    let server = Server::start(&shown, &[]);
    server.says("updated ");
    assert!(server.get("/blog/").body.contains(">4 words<"));
    let with_words = files_written_by(&server, &shown, added);
    for page in ["/blog/", "/tags/news/", "/blog/year/2024/"] {
        let body = server.get(page).body;
        assert!(body.contains(">11 words<"), "{page}: {body}");
    }
    assert!(with_words > plain, "{with_words} files against {plain}");
}

#[test]
fn a_broken_post_shows_an_overlay_until_it_is_fixed() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    save(&site, "content/posts/a.md", BROKEN_A);
    events.next("reload");
    // Every page shows the error, with its file and line; the last good version of
    // the broken post is still served.
    for path in ["/2024/03/a/", "/2024/02/b/", "/"] {
        let page = server.get(path);
        assert_eq!(page.status, 200, "{path}");
        assert!(
            page.body.contains("id=\"bulletin-overlay\""),
            "{path}: no overlay"
        );
        assert!(
            page.body.contains("content/posts/a.md:3:"),
            "{path}: the overlay does not name the file and line:\n{}",
            page.body
        );
    }
    assert!(server.get("/2024/03/a/").body.contains("First body of A."));
    server.says("content/posts/a.md:3:");

    save_a(&site, "Post A", "Fixed body of A.\n");
    events.next("reload");
    let page = server.get("/2024/03/a/");
    assert!(
        !page.body.contains("bulletin-overlay"),
        "the overlay stayed"
    );
    assert!(page.body.contains("Fixed body of A."));
}

/// A title edit that names no other release patches the model: the post's page, the
/// listings and the feed show the new title; one that names another version moves the
/// post to that release's series.
#[test]
fn a_title_edit_shows_everywhere_and_moves_a_release_only_when_its_version_changes() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    save_a(&site, "Post A, renamed", "First body of A.\n");
    events.until(|| server.get("/").body.contains("Post A, renamed"));
    assert!(server.get("/2024/03/a/").body.contains("Post A, renamed"));
    assert!(server.get("/blog/").body.contains("Post A, renamed"));
    assert!(server.get("/tags/news/").body.contains("Post A, renamed"));
    assert!(server.get("/rss.xml").body.contains("Post A, renamed"));
    assert!(
        server
            .get("/search-index.json")
            .body
            .contains("Post A, renamed")
    );
    // Its summary too, which a new first paragraph changes.
    save_a(
        &site,
        "Post A, renamed",
        "A new first paragraph.\n\nFirst body of A.\n",
    );
    events.until(|| server.get("/blog/").body.contains("A new first paragraph."));
    assert!(
        server
            .get("/search-index.json")
            .body
            .contains("A new first paragraph.")
    );
    // Now it announces a release, then another one: the releases page follows.
    for version in ["2.1.0", "3.0.0"] {
        save_a(
            &site,
            &format!("Widget {version} released"),
            "First body of A.\n",
        );
        events.until(|| server.get("/releases/").body.contains(version));
    }
    assert!(!server.get("/releases/").body.contains("2.1.0"));
}

/// The search index's shards as served, in order.
fn served_shards(server: &Server) -> Vec<String> {
    let manifest: serde_json::Value =
        serde_json::from_str(&server.get("/search/index.json").body).unwrap();
    let shards = manifest["shards"].as_u64().unwrap();
    (0..shards)
        .map(|n| server.get(&format!("/search/t/{n}.json")).body)
        .collect()
}

/// An edit that moves no post leaves the search index to be brought up to date once
/// the page is served: a new word is soon found, a removed one gone, and the index is
/// then the one a build makes.
#[test]
fn the_search_index_catches_up_with_an_edit() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let has = |word: &str| {
        served_shards(&server)
            .iter()
            .any(|s| s.contains(&format!("\"{word}\"")))
    };
    assert!(has("first") && !has("zebrafinch"));
    let mut events = server.events();
    save_a(&site, "Post A", "Zebrafinch sighting.\n");
    events.next("reload");
    let start = Instant::now();
    while !has("zebrafinch") {
        assert!(start.elapsed() < PATIENCE, "the index never caught up");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !has("first"),
        "a word no post has any more is still indexed"
    );
    site.build().clean();
    let built: Vec<String> = (0..served_shards(&server).len())
        .map(|n| site.read(&format!("public/search/t/{n}.json")))
        .collect();
    assert_eq!(served_shards(&server), built);
    assert_eq!(
        server.get("/search/index.json").body,
        site.read("public/search/index.json")
    );
}

#[test]
fn search_results_follow_an_edit_while_another_post_of_their_file_is_broken() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    // A and B share the file of results search/d/0.json.
    save(&site, "content/posts/a.md", BROKEN_A);
    events.next("reload");
    save(
        &site,
        "content/posts/b.md",
        &post("Post B", "2024-02-01", "", "Zebras crossed B.\n"),
    );
    events.until(|| {
        server
            .get("/search/d/0.json")
            .body
            .contains("Zebras crossed B.")
    });
    let results: serde_json::Value =
        serde_json::from_str(&server.get("/search/d/0.json").body).unwrap();
    // Oldest first: B, then A as it last read.
    assert_eq!(results[0]["title"], "Post B");
    assert_eq!(results[1]["title"], "Post A");
    assert!(
        results[1]["text"]
            .as_str()
            .unwrap()
            .contains("First body of A.")
    );
}

#[test]
fn a_link_to_a_post_follows_it_when_it_moves_and_shows_in_the_overlay_when_broken() {
    let site = blog();
    site.file(
        "content/posts/a.md",
        post("Post A", "2024-03-01", "", "See [B]({% post_url b %}).\n"),
    );
    site.file(
        "content/posts/c.md",
        post("Post C", "2023-06-01", "", "Body of C.\n"),
    )
    .file(
        "content/posts/d.md",
        post("Post D", "2023-01-01", "", "Body of D.\n"),
    );
    let server = Server::start(&site, &[]);
    assert!(
        (server.get("/2024/03/a/").body).contains(r#"<a href="/2024/02/b/">B</a>"#),
        "{}",
        server.get("/2024/03/a/").body
    );
    let mut events = server.events();
    // B moves; A's text is the same, and its page follows.
    save(
        &site,
        "content/posts/b.md",
        &post("Post B", "2024-02-01", "slug: bee", "Body of B.\n"),
    );
    events.until(|| (server.get("/2024/03/a/").body).contains(r#"<a href="/2024/02/bee/">B</a>"#));
    // B goes: the link leads nowhere, which every page says until it is fixed.
    site.remove("content/posts/b.md");
    events.until(|| server.get("/").body.contains("id=\"bulletin-overlay\""));
    let home = server.get("/").body;
    assert!(
        home.contains("no post &#39;b&#39; to link to") || home.contains("no post 'b' to link to"),
        "{home}"
    );
    assert!(home.contains("content/posts/a.md:5:"), "{home}");
    // An edit of a post far from A looks at the links of that post only: A's problem
    // stays.
    let updates = || {
        let stderr = server.stderr();
        let summary = |l: &&str| l.starts_with("updated ") || l.contains("(shown on every page)");
        stderr.lines().filter(summary).count()
    };
    let before = updates();
    save(
        &site,
        "content/posts/d.md",
        &post("Post D", "2023-01-01", "", "Body of D, edited.\n"),
    );
    let deadline = Instant::now() + PATIENCE;
    while updates() == before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        server
            .get("/2023/01/d/")
            .body
            .contains("Body of D, edited.")
    );
    assert!(server.get("/").body.contains("content/posts/a.md:5:"));
    site.file(
        "content/posts/b.md",
        post("Post B", "2024-02-01", "", "Body of B.\n"),
    );
    events.until(|| !server.get("/").body.contains("bulletin-overlay"));
    assert!((server.get("/2024/03/a/").body).contains(r#"<a href="/2024/02/b/">B</a>"#));
}

#[test]
fn a_release_post_follows_its_series_when_another_post_of_it_changes() {
    let site = blog();
    site.file(
        "content/posts/rc1.md",
        post(
            "Python 3.12.0rc1 released",
            "2023-08-06",
            "",
            "Body of rc1.\n",
        ),
    );
    let server = Server::start(&site, &[]);
    assert!(!server.get("/2023/08/rc1/").body.contains("A newer release"));
    let mut events = server.events();
    // A newer release of the series: rc1's page says so, though its text is the same.
    site.file(
        "content/posts/final.md",
        post(
            "Python 3.12.0 is now available",
            "2023-10-02",
            "",
            "Final.\n",
        ),
    );
    events.until(|| {
        let page = server.get("/2023/08/rc1/").body;
        page.contains("A newer release of this series is available")
            && page.contains("/2023/10/final/")
    });
    // Its title changes its version: rc1's next release follows.
    save(
        &site,
        "content/posts/final.md",
        &post(
            "Python 3.12.1 is now available",
            "2023-10-02",
            "",
            "Final.\n",
        ),
    );
    events.until(|| server.get("/2023/08/rc1/").body.contains(">3.12.1</a>"));
}

#[test]
fn a_broken_template_keeps_the_last_good_pages() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    site.file("templates/post.html", "{% if %}broken{% endif %}\n");
    events.until(|| server.get("/").body.contains("bulletin-overlay"));
    let page = server.get("/2024/03/a/");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("First body of A."),
        "the last good page is gone"
    );
    assert!(page.body.contains("templates/post.html"), "{}", page.body);

    site.file(
        "templates/post.html",
        "{% extends \"base.html\" %}{% block content %}<p>custom {{ card.title }}</p>{% endblock %}\n",
    );
    // The overlay is cleared once the update is done, after the page is written.
    events.until(|| {
        let page = server.get("/2024/03/a/").body;
        page.contains("custom Post A") && !page.contains("bulletin-overlay")
    });
    // Pages not using the template were not rewritten with it.
    assert!(!server.get("/").body.contains("custom"));
}

#[test]
fn a_stylesheet_change_swaps_css_without_a_reload() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    site.file("static/style.css", "body { color: rebeccapurple }\n");
    let data = events.next("css");
    let data: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(data["files"], serde_json::json!(["style.css"]), "{data}");
    let css = server.get("/style.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(css.body.contains("rebeccapurple"));
}

#[test]
fn http_statuses_types_and_paths() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );

    let moved = server.get("/blog?x=1");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), Some("/blog/?x=1"));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<html"), "not the site's 404 page");

    for (path, kind) in [
        ("/rss.xml", "application/xml; charset=utf-8"),
        ("/atom.xml", "application/xml; charset=utf-8"),
        ("/feeds/posts/default", "application/xml; charset=utf-8"),
        ("/search/index.json", "application/json"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/site.js", "text/javascript; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(
            (r.status, r.header("content-type")),
            (200, Some(kind)),
            "{path}"
        );
    }

    let head = request(server.addr, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD sent a body");
    let length: usize = head.header("content-length").unwrap().parse().unwrap();
    assert_eq!(length, server.get("/").body.len());

    assert_eq!(request(server.addr, "POST", "/").status, 405);
}

#[test]
fn no_path_outside_the_site_can_be_read() {
    let site = blog();
    std::fs::write(site.parent().join("secret.txt"), "TOP SECRET").unwrap();
    site.file("static/ok.txt", "fine");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.parent().join("secret.txt"),
        site.root().join("static/leak.txt"),
    )
    .unwrap();
    let server = Server::start(&site, &[]);
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/a/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/%00",
    ] {
        let r = server.get(path);
        assert!(
            r.status == 400 || r.status == 404,
            "{path}: status {}",
            r.status
        );
        assert!(
            !r.body.contains("TOP SECRET") && !r.body.contains("root:"),
            "{path}"
        );
    }
    assert_eq!(server.get("/ok.txt").body, "fine");
    #[cfg(unix)]
    {
        let leak = server.get("/leak.txt");
        assert_eq!(leak.status, 404);
        assert!(!leak.body.contains("TOP SECRET"));
        server.says("static/leak.txt");
        server.says("outside the site's folder");
    }
}

#[test]
fn many_connections_at_once() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let addr = server.addr;
    let threads: Vec<_> = (0..100)
        .map(|i| {
            std::thread::spawn(move || {
                let path = if i % 2 == 0 { "/" } else { "/2024/03/a/" };
                request(addr, "GET", path).status
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), 200);
    }
}

#[test]
fn drafts_get_a_banner_and_stay_out_of_feeds_and_the_sitemap() {
    let site = blog();
    site.file(
        "content/posts/draft.md",
        post(
            "Unfinished draft",
            "2024-05-01",
            "published: false",
            "Draft body.\n",
        ),
    );
    let server = Server::start(&site, &["--drafts"]);
    let page = server.get("/2024/05/draft/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("draft-banner"), "no Draft banner");
    for feed in [
        "/rss.xml",
        "/atom.xml",
        "/feeds/posts/default",
        "/sitemap.xml",
    ] {
        let body = server.get(feed).body;
        assert!(
            !body.contains("Unfinished draft") && !body.contains("/draft/"),
            "{feed}"
        );
        assert!(
            body.contains("/2024/03/a/"),
            "{feed} lost the published posts"
        );
    }
    drop(server);
    let server = Server::start(&site, &[]);
    assert_eq!(server.get("/2024/05/draft/").status, 404);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_and_removes_its_folder() {
    let site = blog();
    let mut server = Server::start(&site, &[]);
    assert_eq!(server.get("/").status, 200);
    let in_use = names(&server.tmp);
    assert_eq!(in_use.len(), 1, "the site is not in its private folder");
    // SAFETY: kill only sends a signal to the child's pid.
    unsafe { libc::kill(server.child.id() as i32, libc::SIGINT) };
    let start = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < PATIENCE, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}\n{}", server.stderr());
    let left: Vec<_> = std::fs::read_dir(&server.tmp).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn a_killed_servers_folder_is_removed_by_the_next_server_and_no_running_ones() {
    let site = blog();
    let tmp = tempfile::tempdir().unwrap();
    let launch = || Launch {
        tmpdir: Some(tmp.path()),
        ..Launch::default()
    };
    let killed = Server::launch(&site, &[], launch());
    let killed_folder = names(tmp.path());
    assert_eq!(killed_folder.len(), 1, "{killed_folder:?}");
    let running = Server::launch(&site, &[], launch());
    let both = names(tmp.path());
    assert_eq!(both.len(), 2, "{both:?}");
    // SIGKILL: the server cannot remove its folder.
    drop(killed);
    assert_eq!(
        names(tmp.path()),
        both,
        "a killed server removed its folder?"
    );

    let next = Server::launch(&site, &[], launch());
    let now = names(tmp.path());
    assert!(
        !now.contains(&killed_folder[0]),
        "the killed server's folder was left: {now:?}"
    );
    assert_eq!(now.len(), 2, "{now:?}");
    assert!(
        both.iter().any(|n| now.contains(n)),
        "the running server's folder was removed: {now:?}"
    );
    assert_eq!(
        running.get("/").status,
        200,
        "the running server lost its site"
    );
    assert_eq!(next.get("/").status, 200);
}

/// Reads until the server closes the connection; what it sent before that.
#[track_caller]
fn until_closed(stream: &mut TcpStream, what: &str) -> String {
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let start = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("{what} still open after {:?}: {e}", start.elapsed()),
        }
        assert!(start.elapsed() < PATIENCE, "{what} still open");
    }
    String::from_utf8_lossy(&got).into_owned()
}

/// Open files the server under test may have, soft and hard (it cannot raise them).
#[cfg(unix)]
const OPEN_FILES: libc::rlim_t = 256;

/// A server of `site` limited to [`OPEN_FILES`] open files.
#[cfg(unix)]
fn with_few_files(site: &Site) -> Server {
    Server::launch(
        site,
        &[],
        Launch {
            open_files: Some(OPEN_FILES),
            ..Launch::default()
        },
    )
}

#[cfg(unix)]
#[test]
fn half_open_connections_are_closed_and_never_keep_others_waiting() {
    let site = blog();
    let server = with_few_files(&site);
    let mut events = server.events();

    // More connections than the server may open files: every other one sends part of
    // its headers, the rest nothing. The server may close any of them meanwhile.
    let flood = usize::try_from(OPEN_FILES).unwrap() + 100;
    let held: Vec<TcpStream> = (0..flood)
        .map(|i| {
            let mut s = connect(server.addr);
            if i % 2 == 0 {
                let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: sl");
            }
            s
        })
        .collect();
    // Others are still answered.
    let page = server.get("/2024/03/a/");
    assert_eq!(page.status, 200, "{page:?}");
    assert!(page.body.contains("First body of A."));

    // A request whose headers never end is closed after the header timeout.
    let mut slow = connect(server.addr);
    slow.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1\r\n")
        .unwrap();
    until_closed(&mut slow, "a connection with half its headers");
    // So is an idle keep-alive connection, once its response is sent.
    let mut idle = connect(server.addr);
    idle.write_all(b"GET /robots.txt HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let answer = until_closed(&mut idle, "an idle keep-alive connection");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    drop(held);

    // The live-reload stream opened first outlived those timeouts and still delivers.
    save_a(&site, "Post A", "Later body of A.\n");
    events.next("reload");
    assert!(server.get("/2024/03/a/").body.contains("Later body of A."));
}

#[cfg(unix)]
#[test]
fn live_reload_streams_nobody_reads_cannot_lock_others_out() {
    let site = blog();
    let server = with_few_files(&site);
    // More event streams than the server keeps connections, none of them read.
    let flood = usize::try_from(OPEN_FILES).unwrap();
    let mut held: Vec<TcpStream> = (0..flood)
        .map(|_| {
            let mut s = connect(server.addr);
            let _ = s.write_all(b"GET /__bulletin/events HTTP/1.1\r\nHost: localhost\r\n\r\n");
            s
        })
        .collect();
    // Each stream the server took has begun (its headers came); the rest were refused.
    let mut streaming = 0;
    for s in &mut held {
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut first = [0u8; 12];
        if s.read_exact(&mut first).is_ok() && first.starts_with(b"HTTP/1.1 200") {
            streaming += 1;
        }
    }
    assert!(streaming > 100, "{streaming} streams");
    // A page is still answered: the oldest stream made room.
    let page = server.get("/2024/03/a/");
    assert_eq!(page.status, 200, "{page:?}");
    drop(held);
}

#[test]
fn a_busy_port_is_an_error_naming_it_and_the_default_moves_on() {
    let site = blog();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", "--port", &port]);
    run.fails()
        .says("cannot listen on 127.0.0.1")
        .says("--port");

    // Without --port, 1111 (held here when free) gives way to the next free port.
    let _default = std::net::TcpListener::bind("127.0.0.1:1111");
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(["serve"])
        .current_dir(site.root())
        .env("TMPDIR", tmp.path())
        .env(
            "BULLETIN_CACHE_DIR",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    // Killed outright, it could not remove its private folder; that is in the test's
    // own temporary folder, removed with it.
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    let port: u16 = line
        .split(':')
        .nth(2)
        .and_then(|p| p.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    assert!((1112..1211).contains(&port), "{line}");
}

#[test]
fn categories_come_and_go_with_edits() {
    let site = blog();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    assert_eq!(server.get("/categories/").status, 404);
    assert!(!server.get("/2024/02/b/").body.contains("/categories/"));

    save(
        &site,
        "content/posts/a.md",
        &post(
            "Post A",
            "2024-03-01",
            "tags: [news]\ncategories: [Releases]",
            "First body of A.\n",
        ),
    );
    // The category's pages appear, and every page's header links to them.
    events.until(|| {
        server.get("/categories/Releases/").body.contains("Post A")
            && server
                .get("/2024/02/b/")
                .body
                .contains(r#"href="/categories/""#)
    });
    assert!(server.get("/categories/").body.contains("Releases"));
    assert!(
        server
            .get("/sitemap.xml")
            .body
            .contains("/categories/Releases/")
    );
    assert!(
        server
            .get("/2024/03/a/")
            .body
            .contains(r#" · in <a href="/categories/Releases/">Releases</a>"#)
    );

    // Renamed, then gone.
    save(
        &site,
        "content/posts/a.md",
        &post(
            "Post A",
            "2024-03-01",
            "tags: [news]\ncategories: [Security]",
            "First body of A.\n",
        ),
    );
    events.until(|| {
        server.get("/categories/Security/").status == 200
            && server.get("/categories/Releases/").status == 404
    });
    save_a(&site, "Post A", "First body of A.\n");
    events.until(|| {
        server.get("/categories/").status == 404
            && !server.get("/2024/02/b/").body.contains("/categories/")
    });
    assert!(!server.get("/sitemap.xml").body.contains("/categories/"));
}

#[test]
fn author_files_dates_and_feed_dates_follow_edits() {
    let site = blog();
    site.file(
        "bulletin.yaml",
        "title: Serve test\nsocial_cards: false\nfeed_limit: 1\n",
    )
    .file(
        "content/posts/b.md",
        post(
            "Post B",
            "2024-02-01T00:30:00+02:00",
            "author: zed",
            "Body of B.\n",
        ),
    );
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    assert!(server.get("/authors/zed/").body.contains(">zed<"));

    // A new author file names the author.
    site.file("content/authors/zed.yaml", "name: Zed Zebra\n");
    events.until(|| server.get("/authors/zed/").body.contains("Zed Zebra"));

    // The same instant written in another zone is another day, so another URL.
    save(
        &site,
        "content/posts/b.md",
        &post(
            "Post B",
            "2024-01-31T22:30:00Z",
            "author: zed",
            "Body of B.\n",
        ),
    );
    // The new page is written before the old one is removed: both are waited for.
    events.until(|| {
        server.get("/2024/01/b/").status == 200 && server.get("/2024/02/b/").status == 404
    });

    // The feed holds one post (A), but its `updated` is the newest date of all.
    save(
        &site,
        "content/posts/b.md",
        &post(
            "Post B",
            "2024-01-31T22:30:00Z",
            "author: zed\nupdatedDate: '2025-06-01'",
            "Body of B.\n",
        ),
    );
    events.until(|| server.get("/atom.xml").body.contains("<updated>2025-06-01"));
}

#[test]
fn a_post_restored_to_its_last_good_text_clears_its_error() {
    let site = blog();
    let good = post("Post A", "2024-03-01", "tags: [news]", "First body of A.\n");
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    save(
        &site,
        "content/posts/a.md",
        "---\ntitle: [unclosed\n---\nBroken.\n",
    );
    events.until(|| server.get("/").body.contains("bulletin-overlay"));
    // A template change while the post is broken: its page cannot be rendered.
    site.file(
        "templates/post.html",
        "{% extends \"base.html\" %}{% block content %}<p>v2 {{ card.title }}</p>{% endblock %}\n",
    );
    events.until(|| server.get("/2024/02/b/").body.contains("v2 Post B"));
    // Undo: the exact text it had.
    save(&site, "content/posts/a.md", &good);
    events.until(|| {
        let page = server.get("/2024/03/a/").body;
        page.contains("v2 Post A") && !page.contains("bulletin-overlay")
    });
}

#[test]
fn a_post_written_as_name_html_is_served_at_its_url_from_a_posts_folder() {
    let site = Site::bare();
    site.file(
        "bulletin.yaml",
        "posts: [src/blog]\npermalink: /blog/{year}/{month}/{day}/{slug}\n\
         permalink_date: path\nsocial_cards: false\n",
    )
    .file(
        "src/blog/2024/12/05/react-19.md",
        "---\ntitle: React 19\n---\nBody.\n",
    );
    let server = Server::start(&site, &[]);
    let page = server.get("/blog/2024/12/05/react-19");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("React 19"), "{}", page.body);
    assert_eq!(server.get("/blog/2024/12/05/react-1").status, 404);
}
