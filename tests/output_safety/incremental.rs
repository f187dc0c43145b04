//! Rebuilds of an output folder write only the files whose bytes changed: the others
//! keep their inode and modification time, files that are gone are deleted, a failed
//! build touches nothing, and a build cut short is repaired by the next one.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::many_posts;
use crate::common::{Run, Site, files, no_leftovers, post};

/// Inode and modification time (seconds, nanoseconds) of every file under `dir`.
fn stamps(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    files(dir)
        .into_keys()
        .map(|rel| {
            let m = std::fs::symlink_metadata(dir.join(&rel)).unwrap();
            (rel, (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

/// The `N files written, N unchanged[, N removed]` of a build's summary line.
fn written(run: &Run) -> (usize, usize, usize) {
    let line = run.stdout.lines().next().unwrap_or_default();
    let number = |s: &str| s.replace(',', "").parse::<usize>().unwrap();
    let (_, rest) = line.split_once(": ").unwrap_or_else(|| panic!("{line}"));
    let (files, _) = rest.split_once(" in ").unwrap_or_else(|| panic!("{line}"));
    let parts: Vec<&str> = files.split(", ").collect();
    let n = |i: usize, word: &str| {
        parts.get(i).map_or(0, |p| {
            let p = p.strip_suffix(word).unwrap_or_else(|| panic!("{line}"));
            number(p.split(' ').next().unwrap())
        })
    };
    let w = if parts[0].contains(" file ") {
        n(0, " file written")
    } else {
        n(0, " files written")
    };
    (w, n(1, " unchanged"), n(2, " removed"))
}

fn site() -> Site {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post("A", "2024-01-01", "", "Alpha.\n"),
    )
    .file("content/posts/b.md", post("B", "2024-01-02", "", "Beta.\n"))
    .file(
        "content/posts/c.md",
        post("C", "2024-02-03", "", "Gamma.\n"),
    );
    site
}

/// What a first build of the site as it is now writes, in a folder of its own.
fn fresh(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let out = site.parent().join("fresh");
    let _ = std::fs::remove_dir_all(&out);
    site.build_with(&["-o", out.to_str().unwrap()]).clean();
    files(&out)
}

#[test]
fn a_rebuild_with_nothing_changed_touches_no_file() {
    let site = site();
    let first = site.build().clean();
    let public = site.root().join("public");
    let (all, _, _) = written(&first);
    let before = stamps(&public);
    let folder = std::fs::metadata(&public).unwrap().ino();
    let again = site.build().clean();
    assert_eq!(written(&again), (0, all, 0), "{}", again.stdout);
    assert_eq!(stamps(&public), before);
    assert_eq!(std::fs::metadata(&public).unwrap().ino(), folder);
    no_leftovers(site.root());
}

#[test]
fn an_edit_rewrites_exactly_the_files_whose_bytes_changed() {
    let site = site();
    site.build().clean();
    let public = site.root().join("public");
    let (bytes, before) = (files(&public), stamps(&public));
    site.file(
        "content/posts/b.md",
        post("B", "2024-01-02", "", "Beta, edited.\n"),
    );
    let run = site.build().clean();
    let (after_bytes, after) = (files(&public), stamps(&public));
    assert_eq!(after_bytes, fresh(&site), "the same as a first build");
    let changed: Vec<&String> = (bytes.keys())
        .filter(|f| bytes[*f] != after_bytes[*f])
        .collect();
    assert!(
        changed.iter().any(|f| *f == "2024/01/b/index.html"),
        "{changed:?}"
    );
    assert!(
        !changed.iter().any(|f| *f == "2024/01/a/index.html"),
        "{changed:?}"
    );
    for (file, stamp) in &before {
        if changed.contains(&file) {
            assert_ne!(after[file], *stamp, "{file} was rewritten");
        } else {
            assert_eq!(after[file], *stamp, "{file} was left alone");
        }
    }
    // The manifest is one of the changed files, and is not counted.
    let pages = changed
        .iter()
        .filter(|f| f.as_str() != ".bulletin-output")
        .count();
    assert_eq!(written(&run), (pages, bytes.len() - 1 - pages, 0));
}

#[test]
fn the_files_of_a_removed_post_are_deleted_with_their_folders() {
    let site = site();
    site.build().clean();
    assert!(site.exists("public/2024/02/c/index.html"));
    site.remove("content/posts/c.md");
    let run = site.build().clean();
    assert!(!site.exists("public/2024/02/c"), "its folder goes too");
    assert!(!site.exists("public/2024/02"));
    assert_eq!(site.files("public"), fresh(&site));
    let (_, _, removed) = written(&run);
    assert!(removed >= 2, "its page and card at least: {}", run.stdout);
}

#[test]
fn a_post_moving_where_a_folder_was_and_back() {
    // A page at `x.html` where a folder `x/` of the last build was, and the reverse: the
    // old file or folder goes before the new one comes.
    let site = Site::new();
    site.file("bulletin.yaml", "social_cards: false\n")
        .file(
            "content/posts/a.md",
            post("A", "2024-01-01", "url: /news/release/", "Alpha.\n"),
        )
        .file(
            "content/posts/b.md",
            post("B", "2024-01-02", "url: /news/release/notes/", "Beta.\n"),
        );
    site.build().clean();
    assert!(site.exists("public/news/release/notes/index.html"));
    site.remove("content/posts/b.md").file(
        "content/posts/a.md",
        post("A", "2024-01-01", "url: /news/release.html", "Alpha.\n"),
    );
    site.build().clean();
    assert!(site.exists("public/news/release.html"));
    assert!(!site.exists("public/news/release"));
    assert_eq!(site.files("public"), fresh(&site));
}

#[test]
fn a_failed_rebuild_touches_nothing() {
    let site = site();
    site.build().clean();
    let public = site.root().join("public");
    let (bytes, before) = (files(&public), stamps(&public));
    // Posts render (and are staged) before the feed fails.
    site.file("content/posts/b.md", post("B", "2024-01-02", "", "New.\n"))
        .file(
            "templates/atom.xml",
            "<feed>{{ no_such_thing.here }}</feed>\n",
        );
    site.build().fails().says("public was not changed");
    assert_eq!(files(&public), bytes);
    assert_eq!(stamps(&public), before);
    no_leftovers(site.root());
}

#[test]
fn a_file_deleted_or_changed_by_hand_is_written_again() {
    let site = site();
    site.build().clean();
    std::fs::remove_file(site.root().join("public/index.html")).unwrap();
    site.file("public/2024/01/a/index.html", "edited by hand");
    let run = site.build().clean();
    assert_eq!(written(&run).0, 2, "{}", run.stdout);
    assert_eq!(site.files("public"), fresh(&site));
}

#[test]
fn clean_replaces_the_folder_whole() {
    let site = site();
    site.build().clean();
    let public = site.root().join("public");
    let (bytes, before) = (files(&public), stamps(&public));
    let folder = std::fs::metadata(&public).unwrap().ino();
    let run = site.build_with(&["--clean"]).clean();
    assert_eq!(written(&run), (bytes.len() - 1, 0, 0));
    assert_ne!(std::fs::metadata(&public).unwrap().ino(), folder);
    assert_eq!(files(&public), bytes);
    let after = stamps(&public);
    assert!(before.iter().all(|(f, s)| after[f].0 != s.0), "new files");
    no_leftovers(site.root());
}

#[test]
fn the_manifest_of_an_older_bulletin_makes_every_file_written_once() {
    let site = site();
    site.build().clean();
    let manifest = site.read("public/.bulletin-output");
    let mut lines = manifest.lines();
    let header = lines.next().unwrap();
    let paths: Vec<&str> = lines
        .skip(1)
        .map(|l| l.rsplit('\t').next().unwrap())
        .collect();
    site.file(
        "public/.bulletin-output",
        format!("{header}\n{}\n", paths.join("\n")),
    );
    let run = site.build().clean();
    assert_eq!(written(&run), (paths.len(), 0, 0), "{}", run.stdout);
    assert_eq!(site.read("public/.bulletin-output"), manifest);
    assert_eq!(written(&site.build().clean()), (0, paths.len(), 0));
}

#[test]
fn a_build_killed_while_it_replaces_files_is_repaired_by_the_next() {
    let site = many_posts(1500, "Text.\n");
    site.file("templates/partials/logo.html", "<b>0</b>\n");
    site.build().clean();
    let public = site.root().join("public");
    let pages: Vec<std::path::PathBuf> = (0..1500)
        .map(|i| public.join(format!("2024/01/p{i}/index.html")))
        .collect();
    let marked = |page: &Path, round: usize| {
        std::fs::read_to_string(page).is_ok_and(|t| t.contains(&format!("<b>{round}</b>")))
    };
    // Every page changes: the build replaces thousands of files one by one. It is
    // killed once the first of them is replaced, and the output is then a mix.
    let mut cut_short = false;
    for round in 1..10 {
        site.file("templates/partials/logo.html", format!("<b>{round}</b>\n"));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .arg("build")
            .current_dir(site.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        while !marked(&pages[0], round)
            && child.try_wait().unwrap().is_none()
            && std::time::Instant::now() < deadline
        {}
        child.kill().unwrap();
        child.wait().unwrap();
        let new = pages.iter().filter(|p| marked(p, round)).count();
        if new > 0 && new < pages.len() {
            cut_short = true;
            break;
        }
    }
    assert!(cut_short, "no build was killed while it replaced files");
    let run = site.build().clean();
    assert!(written(&run).0 > 0, "{}", run.stdout);
    assert_eq!(site.files("public"), fresh(&site));
    no_leftovers(site.root());
}

#[test]
fn a_build_waits_for_another_build_of_the_same_output() {
    use std::os::fd::AsRawFd;
    let site = site();
    site.build().clean();
    site.file(
        "content/posts/b.md",
        post("B", "2024-01-02", "", "Later.\n"),
    );
    // What another build holds while it runs: a lock on the folder holding the output.
    let parent = std::fs::File::open(site.root()).unwrap();
    // SAFETY: flock on a descriptor the test owns.
    assert_eq!(unsafe { libc::flock(parent.as_raw_fd(), libc::LOCK_EX) }, 0);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .arg("build")
        .current_dir(site.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "the build waits");
    assert!(!site.read("public/2024/01/b/index.html").contains("Later."));
    drop(parent);
    assert!(child.wait().unwrap().success());
    assert!(site.read("public/2024/01/b/index.html").contains("Later."));
}

#[test]
fn a_manifest_naming_files_outside_the_output_is_refused_and_they_are_kept() {
    let site = site();
    site.build().clean();
    site.file("victim.txt", "keep me");
    let manifest = site.read("public/.bulletin-output");
    for lines in [
        "-\t0\t../victim.txt\n",
        "-\t0\t/etc/hostname\n",
        // From here on `posts` is a link to the site's folder, where victim.txt is:
        // the link listed, and a file through it…
        "-\t0\tposts\n-\t0\tposts/victim.txt\n",
        // …and a file through the link, which the manifest does not list.
        "-\t0\tposts/victim.txt\n",
    ] {
        if lines.contains("posts") && !site.root().join("public/posts").exists() {
            std::os::unix::fs::symlink(site.root(), site.root().join("public/posts")).unwrap();
        }
        site.file("public/.bulletin-output", format!("{manifest}{lines}"));
        let run = site.build().fails();
        let refused = [
            "was not written by Bulletin",
            "files Bulletin did not write",
        ];
        assert!(
            refused.iter().any(|r| run.stderr.contains(r)),
            "{lines}{}",
            run.stderr
        );
        assert_eq!(site.read("victim.txt"), "keep me");
    }
}

#[test]
fn a_file_edited_by_hand_to_the_same_size_is_written_again() {
    let site = site();
    site.build().clean();
    let page = site.read("public/2024/01/a/index.html");
    let edited = page.replacen("Alpha.", "Omega.", 1);
    assert_ne!(edited, page);
    assert_eq!(edited.len(), page.len());
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.file("public/2024/01/a/index.html", &edited);
    let run = site.build().clean();
    assert_eq!(written(&run).0, 1, "{}", run.stdout);
    assert_eq!(site.read("public/2024/01/a/index.html"), page);
}

#[test]
fn an_empty_folder_where_a_file_goes_is_replaced_by_it() {
    let site = site();
    site.build().clean();
    std::fs::remove_file(site.root().join("public/index.html")).unwrap();
    std::fs::create_dir(site.root().join("public/index.html")).unwrap();
    site.build().clean();
    assert!(site.root().join("public/index.html").is_file());
    assert_eq!(site.files("public"), fresh(&site));
}

#[test]
fn a_build_of_a_site_left_as_it_was_renders_nothing_and_says_so() {
    let site = site();
    site.file("content/posts/notes.txt", "not a post\n");
    // Files changed within two seconds of a build keep it from leaving the record
    // the next build needs (src/rebuild.rs).
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let first = site.build().clean();
    assert!(
        !first.stdout.contains("nothing rendered"),
        "{}",
        first.stdout
    );
    let before = stamps(&site.root().join("public"));
    let again = site.build().clean();
    assert!(
        again.stdout.contains("nothing rendered"),
        "{}",
        again.stdout
    );
    assert_eq!(
        written(&again),
        (0, before.len() - 1, 0),
        "the manifest is not counted"
    );
    assert_eq!(again.stderr, first.stderr, "the same warnings");
    assert!(again.stdout.contains("skipped 1 file"), "{}", again.stdout);
    assert_eq!(stamps(&site.root().join("public")), before);

    site.file(
        "content/posts/b.md",
        post("B", "2024-01-02", "", "Beta, edited.\n"),
    );
    let edited = site.build().clean();
    assert!(
        !edited.stdout.contains("nothing rendered"),
        "{}",
        edited.stdout
    );
    assert!(
        site.read("public/2024/01/b/index.html")
            .contains("Beta, edited.")
    );
    assert_eq!(site.files("public"), fresh(&site));
}
