//! Starting and stopping: Ctrl-C, and the private folders killed servers leave.

use super::*;

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_and_removes_its_folder() {
    let site = blog();
    let mut server = Server::start(&site, &[]);
    assert_eq!(server.get("/").status, 200);
    let in_use = names(&server.tmp);
    assert_eq!(in_use.len(), 1, "the site is not in its private folder");
    let left = interrupt(&mut server);
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Sends Ctrl-C to the server and waits for it to exit, successfully: what is left in
/// its `$TMPDIR`.
#[cfg(unix)]
fn interrupt(server: &mut Server) -> Vec<std::io::Result<std::fs::DirEntry>> {
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
    std::fs::read_dir(&server.tmp).unwrap().collect()
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

/// The server listens while its first render writes the site: what a browser asks for
/// meanwhile (the front page, a post far down the list, a listing, a stylesheet, a
/// path that is no page) is answered as it will be once the site is written, never
/// with a missing or half-written file.
#[test]
fn requests_during_the_first_render_are_answered_as_after_it() {
    let site = many_posts();
    let server = early(&site);
    let asked = [
        ("/", 200, "Post number 1499"),
        ("/2010/01/post-0/", 200, "Body of post 0, with a few words"),
        ("/tags/rare/", 200, "Post number 500"),
        ("/style.css", 200, "{"),
        ("/no/such/page/", 404, "</html>"),
    ];
    let answers: Vec<Response> = asked.iter().map(|(path, ..)| server.get(path)).collect();
    let during = !server.stderr().contains(WROTE_THE_SITE);
    for ((path, status, text), answer) in asked.iter().zip(&answers) {
        assert_eq!(
            answer.status, *status,
            "{path} (during the render: {during})"
        );
        assert!(answer.body.contains(text), "{path}: {}", answer.body);
    }
    // Each is the page `build` writes for the same address, but for the live-reload
    // script: the listings rendered ahead of their turn show what they will show.
    let url = format!("http://{}/", server.addr);
    site.run(&["build", "--base-url", &url]).ok();
    let files = [
        "index.html",
        "2010/01/post-0/index.html",
        "tags/rare/index.html",
    ];
    let built = files.iter().chain(["style.css", "404.html"].iter());
    for ((path, ..), (answer, file)) in asked.iter().zip(answers.iter().zip(built)) {
        let served = answer.body.as_str();
        let script = served.find("<script src=\"/__bulletin/live.js\"");
        let served = match script {
            Some(at) => {
                let end = at + served[at..].find("</script>").unwrap() + "</script>".len();
                format!("{}{}", &served[..at], &served[end..])
            }
            None => served.to_string(),
        };
        assert!(
            served == site.read(&format!("public/{file}")),
            "{path}: as served:\n{served}"
        );
    }
}

/// A site of 1,500 posts (one of them in a second tag): its first render takes a while.
fn many_posts() -> Site {
    let site = Site::new();
    site.file("bulletin.yaml", "title: Many posts\nsocial_cards: false\n");
    const POSTS: usize = 1500;
    for n in 0..POSTS {
        let date = format!(
            "20{:02}-{:02}-{:02}",
            10 + n / 336,
            1 + n / 28 % 12,
            1 + n % 28
        );
        let tag = if n % 500 == 0 {
            "tags: [rare]"
        } else {
            "tags: [common]"
        };
        let body = format!("Body of post {n}, with a few words of text.\n\n**Bold** too.\n");
        site.file(
            &format!("content/posts/post-{n}.md"),
            post(&format!("Post number {n}"), &date, tag, &body),
        );
    }
    site
}

/// A server of `site` that returns as soon as it listens.
fn early(site: &Site) -> Server {
    Server::launch(
        site,
        &[],
        Launch {
            early: true,
            ..Launch::default()
        },
    )
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_the_first_render_stops_it_and_removes_the_folder() {
    let site = many_posts();
    let mut server = early(&site);
    let left = interrupt(&mut server);
    assert!(
        left.is_empty(),
        "left behind: {left:?}\n{}",
        server.stderr()
    );
    assert!(
        !server.stderr().contains(WROTE_THE_SITE),
        "{}",
        server.stderr()
    );
}
