use super::*;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A site whose posts are in `blog/`.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bulletin.yaml", "title: T\nposts: [blog]\n");
    write(
        dir.path(),
        "blog/a.md",
        "---\ntitle: A\ndate: 2024-01-01\n---\n\nA.\n",
    );
    write(dir.path(), "static/x.css", "p {}\n");
    dir
}

fn take(site: &Path, options: &str) -> Fingerprint {
    let output = site.join("public");
    Fingerprint::take(site, &output, options, Duration::ZERO).unwrap()
}

/// Sets `rel`'s modification time, as an edit of the same size a while later would.
fn touch(root: &Path, rel: &str, seconds: u64) {
    let file = std::fs::File::options()
        .write(true)
        .open(root.join(rel))
        .unwrap();
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(seconds);
    file.set_modified(at).unwrap();
}

#[test]
fn the_fingerprint_changes_with_what_a_build_reads() {
    let dir = site();
    let root = dir.path();
    let mut last = take(root, "o");
    assert_eq!(take(root, "o"), last, "nothing changed");
    assert_ne!(take(root, "other options").hash, last.hash);
    let changes: [(&str, &dyn Fn()); 8] = [
        ("an edit of the same size", &|| {
            touch(root, "blog/a.md", 1_000_000)
        }),
        ("a new post", &|| {
            write(root, "blog/b.md", "---\ntitle: B\n---\n")
        }),
        ("a hidden file", &|| write(root, "blog/.c.md.swp", "x")),
        ("a static file", &|| write(root, "static/y.css", "")),
        ("a template", &|| {
            write(root, "templates/post.html", "{{ 1 }}")
        }),
        ("the config", &|| touch(root, "bulletin.yaml", 2_000_000)),
        ("a lock file", &|| write(root, "bulletin.lock", "")),
        ("a removed post", &|| {
            std::fs::remove_file(root.join("blog/b.md")).unwrap()
        }),
    ];
    for (what, change) in changes {
        change();
        let now = take(root, "o");
        assert_ne!(now.hash, last.hash, "{what}");
        last = now;
    }
}

#[test]
fn what_version_control_keeps_is_not_an_input_but_every_other_hidden_file_is() {
    let dir = site();
    let root = dir.path();
    let before = take(root, "o");
    write(root, "content/.git/index", "x");
    write(root, "blog/.hg/store", "x");
    assert_eq!(take(root, "o").hash, before.hash);
    write(root, "static/.cfg.bulletin-x", "published");
    assert_ne!(take(root, "o").hash, before.hash);
}

#[test]
fn an_output_inside_a_folder_the_build_reads_has_no_fingerprint() {
    let dir = site();
    let root = dir.path();
    for inside in ["blog/public", "content/public", "static/out"] {
        let output = root.join(inside);
        assert!(
            Fingerprint::take(root, &output, "o", Duration::ZERO).is_none(),
            "{inside}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_link_is_followed_through_every_link_on_its_way() {
    let dir = site();
    let root = dir.path();
    write(
        root,
        "content/v1/n.md",
        "---\ntitle: N\n---\n\nVersion one.\n",
    );
    write(
        root,
        "content/v2/n.md",
        "---\ntitle: N\n---\n\nVersion two, longer.\n",
    );
    std::os::unix::fs::symlink("content/v1", root.join("current")).unwrap();
    std::os::unix::fs::symlink("../current/n.md", root.join("blog/n.md")).unwrap();
    let before = take(root, "o");
    std::fs::remove_file(root.join("current")).unwrap();
    std::os::unix::fs::symlink("content/v2", root.join("current")).unwrap();
    assert_ne!(
        take(root, "o").hash,
        before.hash,
        "the link on the way moved"
    );
    let before = take(root, "o");
    touch(root, "content/v2/n.md", 3_000_000);
    assert_ne!(
        take(root, "o").hash,
        before.hash,
        "the file it leads to changed"
    );
}

#[test]
fn folders_nested_too_deep_are_not_fingerprinted() {
    let dir = site();
    let root = dir.path();
    let deep: PathBuf = std::iter::repeat_n("d", DEEPEST + 5).collect();
    std::fs::create_dir_all(root.join("content").join(&deep)).unwrap();
    assert!(Fingerprint::take(root, &root.join("public"), "o", Duration::ZERO).is_none());
}

#[test]
fn inputs_changed_within_the_settling_time_are_not_settled() {
    let dir = site();
    let root = dir.path();
    let output = root.join("public");
    let hour = Duration::from_secs(3600);
    assert!(!Fingerprint::take(root, &output, "o", hour).unwrap().settled);
    assert!(
        Fingerprint::take(root, &output, "o", Duration::ZERO)
            .unwrap()
            .settled
    );
}

fn report() -> Replay {
    Replay {
        posts: 3,
        pages: 9,
        redirects: 2,
        held_back: HeldBack {
            drafts: 1,
            future: 2,
            expired: 0,
        },
        skipped: vec![
            (PathBuf::from("content/posts/_index.md"), Skip::Section),
            (PathBuf::from("content/posts/x.txt"), Skip::NotMarkdown),
        ],
        warnings: vec![
            Diagnostic::warning("base_url is not set")
                .code("base-url")
                .in_file("bulletin.yaml")
                .help("add it"),
            Diagnostic::warning("odd")
                .in_file("content/posts/a.md")
                .at(3, 7),
        ],
    }
}

/// An output folder holding one file, as a build leaves it; returns its manifest's
/// hash.
fn output(dir: &Path) -> u128 {
    let entry = crate::output::manifest::Entry::of(b"<p>hi</p>");
    let text = crate::output::manifest::text([("index.html", entry)]);
    write(dir, "index.html", "<p>hi</p>");
    write(dir, crate::output::MANIFEST, &text);
    crate::output::manifest::hash(text.as_bytes())
}

/// A site, its fingerprint, an output folder as a build leaves it, and a cache.
struct Fixture {
    site: tempfile::TempDir,
    cache: tempfile::TempDir,
    out: tempfile::TempDir,
    public: PathBuf,
    manifest: u128,
    fingerprint: Fingerprint,
}

impl Fixture {
    fn new() -> Self {
        let site = site();
        let out = tempfile::tempdir().unwrap();
        let public = out.path().join("public");
        Self {
            fingerprint: take(site.path(), "o"),
            manifest: output(&public),
            site,
            cache: tempfile::tempdir().unwrap(),
            out,
            public,
        }
    }
}

#[test]
fn a_record_replays_the_report_until_the_site_changes_by_itself() {
    let Fixture {
        site: dir,
        cache,
        out: _out,
        public,
        manifest,
        fingerprint,
    } = Fixture::new();
    let root = dir.path();
    let now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
    let secs = jiff::SignedDuration::from_secs;
    let millis = jiff::SignedDuration::from_millis;
    let at = now.checked_sub(secs(60)).unwrap();
    // A post comes out at a fraction of a second: the site changes within that second.
    let until = now.checked_add(millis(90_900)).unwrap();
    let times = (at, Some(until));
    save(
        cache.path(),
        fingerprint,
        &public,
        manifest,
        times,
        &report(),
    );

    let (replayed, files) = replay(cache.path(), fingerprint, root, &public, now).unwrap();
    assert_eq!(replayed, report());
    assert_eq!(files, 1);
    assert_eq!(replayed.warnings[0].code, Some("base-url"));

    let at_time = |t: jiff::Timestamp| replay(cache.path(), fingerprint, root, &public, t);
    assert!(
        at_time(until.checked_add(millis(50)).unwrap()).is_none(),
        "a post came out"
    );
    assert!(
        at_time(until.checked_sub(millis(850)).unwrap()).is_none(),
        "within the second it comes out"
    );
    assert!(at_time(until.checked_sub(millis(1000)).unwrap()).is_some());
    assert!(
        at_time(at.checked_sub(secs(1)).unwrap()).is_none(),
        "the clock was set back before the build"
    );
    let other = Fingerprint {
        hash: fingerprint.hash ^ 1,
        settled: true,
    };
    assert!(
        replay(cache.path(), other, root, &public, now).is_none(),
        "other inputs"
    );
    write(&public, "extra.html", "");
    assert!(
        replay(cache.path(), fingerprint, root, &public, now).is_none(),
        "a file too many"
    );
    std::fs::remove_file(public.join("extra.html")).unwrap();
    assert!(replay(cache.path(), fingerprint, root, &public, now).is_some());
    let older =
        crate::output::manifest::text([("index.html", crate::output::manifest::Entry::UNKNOWN)]);
    write(&public, crate::output::MANIFEST, &older);
    assert!(
        replay(cache.path(), fingerprint, root, &public, now).is_none(),
        "another manifest"
    );
}

#[test]
fn a_build_with_an_unsettled_fingerprint_or_an_error_removes_the_record() {
    let Fixture {
        site: dir,
        cache,
        out: _out,
        public,
        manifest,
        fingerprint,
    } = Fixture::new();
    let root = dir.path();
    let now = jiff::Timestamp::now();
    let times = (now, None);
    save(
        cache.path(),
        fingerprint,
        &public,
        manifest,
        times,
        &report(),
    );
    assert!(replay(cache.path(), fingerprint, root, &public, now).is_some());
    let unsettled = Fingerprint {
        settled: false,
        ..fingerprint
    };
    save(cache.path(), unsettled, &public, manifest, times, &report());
    assert!(replay(cache.path(), fingerprint, root, &public, now).is_none());

    save(
        cache.path(),
        fingerprint,
        &public,
        manifest,
        times,
        &report(),
    );
    let mut failed = report();
    failed
        .warnings
        .push(Diagnostic::error("the lock could not be written"));
    save(cache.path(), fingerprint, &public, manifest, times, &failed);
    assert!(replay(cache.path(), fingerprint, root, &public, now).is_none());
}

#[test]
fn records_of_output_folders_that_are_gone_are_pruned() {
    let cache = tempfile::tempdir().unwrap();
    let dir = site();
    let fingerprint = take(dir.path(), "o");
    let outs: Vec<tempfile::TempDir> = (0..20).map(|_| tempfile::tempdir().unwrap()).collect();
    for out in &outs {
        save(
            cache.path(),
            fingerprint,
            out.path(),
            1,
            (jiff::Timestamp::now(), None),
            &report(),
        );
    }
    let count = || {
        std::fs::read_dir(cache.path().join("builds"))
            .unwrap()
            .count()
    };
    assert_eq!(count(), 20);
    let kept = outs.into_iter().take(5).collect::<Vec<_>>();
    let last = tempfile::tempdir().unwrap();
    save(
        cache.path(),
        fingerprint,
        last.path(),
        1,
        (jiff::Timestamp::now(), None),
        &report(),
    );
    assert_eq!(count(), kept.len() + 1);
}

#[test]
fn codes_are_kept_once() {
    let a = static_code("some-code");
    let b = static_code(&String::from("some-code"));
    assert!(std::ptr::eq(a, b));
}
