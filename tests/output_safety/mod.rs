//! The output folder: changed only by a build without errors, only when Bulletin wrote
//! it, never the source, and no temporary folders left behind.

use crate::common::{Site, files, leftovers, no_leftovers, post};

mod incremental;

fn site() -> Site {
    let site = Site::new();
    site.file("content/posts/a.md", post("A", "2024-01-01", "", "Body.\n"));
    site
}

#[test]
fn failed_build_leaves_the_previous_output_byte_identical() {
    let site = site();
    site.build().clean();
    let before = site.files("public");
    assert!(before.contains_key("index.html") && before.contains_key(".bulletin-output"));

    site.file("content/posts/b.md", post("B", "2024-02-30", "", "Body.\n"));
    site.build().fails().says("public was not changed");
    assert_eq!(site.files("public"), before);
    no_leftovers(site.root());
}

#[test]
fn render_failure_leaves_the_previous_output_and_no_staging_folder() {
    let site = site();
    site.build().clean();
    let before = site.files("public");
    // Parses, but fails while rendering: the staging folder exists by then.
    site.file("templates/post.html", "{{ card.no_such_field }}\n");
    site.build().fails();
    assert_eq!(site.files("public"), before);
    no_leftovers(site.root());
}

#[test]
fn successful_rebuild_replaces_the_output_and_removes_stale_files() {
    let site = site();
    site.file("content/posts/b.md", post("B", "2024-01-02", "", "Body.\n"));
    site.build().clean();
    assert!(site.exists("public/2024/01/b/index.html"));
    site.remove("content/posts/b.md");
    site.build().clean();
    assert!(!site.exists("public/2024/01/b"));
    assert!(site.exists("public/2024/01/a/index.html"));
    no_leftovers(site.root());
}

#[test]
fn output_folder_that_is_the_source_is_refused() {
    let site = site();
    let run = site.build_with(&["-o", "."]).fails();
    run.says("error: the output folder . is the source folder or contains it");
    assert!(!site.exists(".bulletin-output"));
    assert!(!site.exists("index.html"));
    let absolute = site.root().to_str().unwrap().to_string();
    site.build_with(&["-o", &absolute])
        .fails()
        .says("is the source folder or contains it");
}

#[test]
fn output_folder_containing_the_source_is_refused() {
    let site = site();
    let before = files(site.parent());
    site.build_with(&["-o", ".."])
        .fails()
        .says("error: the output folder .. is the source folder or contains it");
    assert_eq!(files(site.parent()), before);
}

#[test]
fn source_given_with_a_relative_path_is_protected_too() {
    let site = site();
    crate::common::run_in(
        site.parent(),
        &["build", "-s", "site", "-o", "site/../site"],
    )
    .fails()
    .says("is the source folder or contains it");
    assert!(!site.exists(".bulletin-output"));
}

#[test]
fn non_empty_folder_not_written_by_bulletin_is_refused_and_untouched() {
    let site = site();
    site.file("public/keep.txt", "mine");
    site.build()
        .fails()
        .says("error: public is not empty and was not written by Bulletin");
    assert_eq!(
        site.files("public").into_keys().collect::<Vec<_>>(),
        ["keep.txt"]
    );
}

#[test]
fn empty_existing_output_folder_is_used() {
    let site = site();
    std::fs::create_dir(site.root().join("public")).unwrap();
    site.build().clean();
    assert!(site.exists("public/index.html"));
}

#[test]
fn file_added_by_hand_to_a_previous_output_is_refused_by_name() {
    let site = site();
    site.build().clean();
    site.file("public/CNAME", "blog.example.org\n");
    let before = site.files("public");
    site.build()
        .fails()
        .says("error: the output folder holds files Bulletin did not write: public/CNAME")
        .says("a file to publish goes in static/ (static/CNAME is copied to public/CNAME)");
    assert_eq!(site.files("public"), before);
}

#[test]
fn tampered_manifest_is_not_trusted() {
    let site = site();
    site.file("public/.bulletin-output", "index.html\n")
        .file("public/index.html", "mine");
    site.build().fails().says("was not written by Bulletin");
    assert_eq!(site.read("public/index.html"), "mine");
}

#[test]
fn output_that_is_a_file_is_refused() {
    let site = site();
    site.file("out", "a file");
    site.build_with(&["-o", "out"])
        .fails()
        .says("error: out exists and is not a folder");
    assert_eq!(site.read("out"), "a file");
}

#[test]
fn missing_output_folder_and_parents_are_created() {
    let site = site();
    let out = site.parent().join("deploy/nested/site");
    let run = site
        .build_with(&["--output", out.to_str().unwrap()])
        .clean();
    assert!(out.join("2024/01/a/index.html").is_file());
    assert!(
        run.stdout
            .trim_end()
            .ends_with(&format!("→ {}", out.display())),
        "{}",
        run.stdout
    );
    no_leftovers(out.parent().unwrap());
}

#[test]
fn no_staging_folder_is_left_after_success_or_failure() {
    let site = site();
    site.build_with(&["-o", "../out"]).clean();
    no_leftovers(site.parent());
    site.build_with(&["-o", "../out"]).clean();
    no_leftovers(site.parent());
    site.file("templates/post.html", "{{ nothing.here }}");
    site.build_with(&["-o", "../out"]).fails();
    site.build_with(&["-o", "../fresh"]).fails();
    no_leftovers(site.parent());
    assert!(
        !site.parent().join("fresh").exists(),
        "a failed first build creates nothing"
    );
}

#[test]
fn a_tool_changing_the_output_in_place_cannot_change_the_cards_of_later_builds() {
    let site = site();
    site.build().clean();
    let card = site.read_bytes("public/2024/01/a/social.png");
    // An optimiser rewrites the file where it is (same inode), as oxipng does.
    let path = site.root().join("public/2024/01/a/social.png");
    let mut file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    std::io::Write::write_all(&mut file, b"optimised").unwrap();
    drop(file);
    assert_ne!(site.read_bytes("public/2024/01/a/social.png"), card);

    site.build_with(&["-o", "again"]).clean();
    assert_eq!(site.read_bytes("again/2024/01/a/social.png"), card);
}

/// A folder beside `out` as a killed build of process `pid` leaves it: Bulletin's name,
/// and (when `manifest`) Bulletin's manifest.
fn left_by_a_killed_build(
    parent: &std::path::Path,
    kind: &str,
    pid: u32,
    manifest: bool,
) -> String {
    let name = format!(".public.bulletin-{kind}-{pid}");
    let dir = parent.join(&name);
    std::fs::create_dir_all(dir.join("2024")).unwrap();
    std::fs::write(dir.join("2024/big.html"), "x".repeat(10_000)).unwrap();
    if manifest {
        std::fs::write(
            dir.join(".bulletin-output"),
            "# Written by Bulletin; files Bulletin wrote in this folder, one per line.\n",
        )
        .unwrap();
    }
    name
}

/// The id of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn folders_left_by_killed_builds_are_removed_by_the_next_build() {
    let site = site();
    let dead = dead_pid();
    let staging = left_by_a_killed_build(site.root(), "staging", dead, true);
    let old = left_by_a_killed_build(site.root(), "old", dead, true);
    // Not provably Bulletin's, or of a process still running: kept.
    let foreign = left_by_a_killed_build(site.root(), "staging", dead + 1_000_000, false);
    let running = left_by_a_killed_build(site.root(), "old", std::process::id(), true);
    site.build().clean();
    let left = leftovers(site.root());
    assert!(!left.contains(&staging) && !left.contains(&old), "{left:?}");
    assert!(
        left.contains(&foreign) && left.contains(&running),
        "{left:?}"
    );
    assert!(site.exists("public/index.html"));
}

#[test]
fn the_output_folder_is_never_missing_during_a_rebuild() {
    // A build swaps folders in one step, or replaces each file in one step: a reader
    // looking all the time never finds the home page missing.
    let site = site();
    site.build().clean();
    let public = site.root().join("public");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (public, stop) = (public.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut missing = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if !public.join("index.html").exists() {
                    missing += 1;
                }
            }
            missing
        })
    };
    // Half the builds replace the folder, half replace the files that changed in it.
    for round in 0..20 {
        site.file(
            "content/posts/a.md",
            post(&format!("A {round}"), "2024-01-01", "", "Body.\n"),
        );
        if round % 2 == 0 {
            site.build_with(&["--clean"]).clean();
        } else {
            site.build().clean();
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert_eq!(watcher.join().unwrap(), 0, "the output was missing");
    no_leftovers(site.root());
}

#[test]
fn an_output_folder_inside_a_folder_the_build_reads_is_refused() {
    for inside in ["static/out", "content/out", "templates/out", "static"] {
        let site = site();
        site.file("static/style.txt", "s");
        site.build_with(&["-o", inside])
            .fails()
            .says("which the build reads");
        assert!(
            !site
                .files("static")
                .keys()
                .any(|k| k.contains("index.html"))
        );
    }
}

/// A site of `n` posts with `body`, without social cards: big enough that a build
/// takes a while.
fn many_posts(n: usize, body: &str) -> Site {
    let site = Site::new();
    for i in 0..n {
        site.file(
            &format!("content/posts/p{i}.md"),
            post(&format!("Post {i}"), "2024-01-01", "", body),
        );
    }
    site.file("bulletin.yaml", "social_cards: false\n");
    site
}

#[test]
fn ctrl_c_or_sigterm_during_a_build_removes_the_staging_folder() {
    let site = many_posts(1500, &"Some text. ".repeat(200));
    site.build().clean();
    let before = site.files("public");
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .arg("build")
            .current_dir(site.root())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let staging = site
            .root()
            .join(format!(".public.bulletin-staging-{}", child.id()));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !staging.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        assert!(staging.exists(), "the build started writing");
        // SAFETY: sends a signal to the child this test started.
        unsafe { libc::kill(child.id() as libc::pid_t, signal) };
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(128 + signal), "{status:?}");
        no_leftovers(site.root());
        assert_eq!(site.files("public"), before, "the previous output stays");
    }
}

#[test]
fn a_full_disk_is_one_error_not_one_per_file() {
    use std::os::unix::process::CommandExt;
    let site = many_posts(30, "Text.\n");
    site.file("content/posts/a.md", post("A", "2024-01-01", "", "Body.\n"));
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"));
    command.arg("build").current_dir(site.root());
    // SAFETY: only async-signal-safe calls between fork and exec. Files over 200 bytes
    // cannot be written (EFBIG, as a full disk gives ENOSPC); the SIGXFSZ that would
    // kill the process is Bulletin's to ignore.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 200,
                rlim_max: 200,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let out = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains("File too large") && errors[0].contains("the same for"),
        "{stderr}"
    );
    assert!(
        errors[0].starts_with(".public.bulletin-staging-"),
        "the real path: {stderr}"
    );
    no_leftovers(site.root());
}

#[test]
fn two_concurrent_builds_into_one_output_both_succeed() {
    let site = site();
    site.file("bulletin.yaml", "social_cards: false\n");
    for round in 0..4 {
        if round % 2 == 0 {
            let _ = std::fs::remove_dir_all(site.root().join("public"));
        }
        let spawn = || {
            std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
                .arg("build")
                .current_dir(site.root())
                .output()
                .unwrap()
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(spawn);
            let b = s.spawn(spawn);
            (a.join().unwrap(), b.join().unwrap())
        });
        for out in [a, b] {
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(site.exists("public/2024/01/a/index.html"));
        no_leftovers(site.root());
        site.build().clean();
    }
}

#[test]
fn a_signal_while_the_previous_output_is_deleted_leaves_nothing() {
    use std::os::unix::fs::MetadataExt;
    let site = many_posts(1500, "Text.\n");
    site.build().clean();
    let public = site.root().join("public");
    let before = std::fs::metadata(&public).unwrap().ino();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(["build", "--clean"])
        .current_dir(site.root())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The moment the new output is in place, the old one is being deleted.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::fs::metadata(&public).map(|m| m.ino()).ok() == Some(before)
        && std::time::Instant::now() < deadline
    {
        std::thread::yield_now();
    }
    // SAFETY: sends a signal to the child this test started.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert!(matches!(status.code(), Some(0 | 143)), "{status:?}");
    no_leftovers(site.root());
    assert!(site.exists("public/index.html"));
}
