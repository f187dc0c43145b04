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
