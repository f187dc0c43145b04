//! The server as HTTP: statuses, types and paths, what it never serves, and
//! connections that misbehave or pile up.

use super::*;

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
