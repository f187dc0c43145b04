//! Tests of the build as a whole that need its internals.

use std::path::Path;

use super::*;
use crate::site::Selection;

/// Every file under `dir`, relative to `root`, with its bytes.
fn files(root: &Path, dir: &Path, into: &mut std::collections::BTreeMap<PathBuf, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(root, &path, into);
        } else {
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            into.insert(rel, std::fs::read(&path).unwrap());
        }
    }
}

#[test]
fn bodies_left_in_their_files_make_the_same_site() {
    let site = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let path = site.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "bulletin.yaml",
        "title: T\nbase_url: https://example.org/\nsocial_cards: false\n",
    );
    // A body as written, in a bundle and alone; one Bulletin changes (a control
    // character left out), which stays in memory; one linking to another post.
    write(
        "content/posts/one/index.md",
        "---\ntitle: One 1.0 released\ndate: 2024-01-02\ntags: [release]\n---\n\nThe *first* post, with `code`.\n\n## Notes\n\nMore text.\n",
    );
    write(
        "content/posts/two.md",
        "---\ntitle: Two\ndate: 2024-02-03\n---\nSecond, right after the front matter.\n",
    );
    write(
        "content/posts/three.md",
        "---\ntitle: Three\ndate: 2024-03-04\n---\n\nA bell \u{7} here.\n",
    );
    write(
        "content/posts/four.md",
        "---\ntitle: Four\ndate: 2024-04-05\n---\n\nSee [the first](one/index.md).\n",
    );
    let out = tempfile::tempdir().unwrap();
    let build = |name: &str, hold: usize| {
        let opts = BuildOptions {
            source: site.path().to_path_buf(),
            output: out.path().join(name),
            base_url: None,
            selection: Selection::default(),
            clean: false,
        };
        let settings = Settings {
            hold_text: hold,
            cache: None,
            settle: rebuild::SETTLE,
        };
        build_with(&opts, &settings).unwrap();
        let mut all = std::collections::BTreeMap::new();
        files(&opts.output, &opts.output, &mut all);
        all
    };
    let held = build("held", usize::MAX);
    let left = build("left", 0);
    assert_eq!(
        held.keys().collect::<Vec<_>>(),
        left.keys().collect::<Vec<_>>()
    );
    for (file, bytes) in &held {
        assert!(left[file] == *bytes, "{} differs", file.display());
    }
    let page = String::from_utf8(held[Path::new("2024/01/one/index.html")].clone());
    assert!(page.unwrap().contains("<em>first</em>"));
}

/// A site in a temporary folder, built into another with a cache of its own and no
/// settling time (the files are written just before each build).
struct Quick {
    site: tempfile::TempDir,
    out: tempfile::TempDir,
    cache: tempfile::TempDir,
}

impl Quick {
    fn new() -> Self {
        let quick = Self {
            site: tempfile::tempdir().unwrap(),
            out: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
        };
        // No base_url: a warning every build reports.
        quick.write("bulletin.yaml", "title: T\nsocial_cards: false\n");
        quick.write(
            "content/posts/one.md",
            "---\ntitle: One 1.0 released\ndate: 2024-01-02\ntags: [release]\n---\n\nText.\n",
        );
        quick.write(
            "content/posts/draft.md",
            "---\ntitle: Soon\ndate: 2024-02-02\ndraft: true\n---\n\nLater.\n",
        );
        quick.write("content/posts/notes.txt", "not a post\n");
        quick
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.site.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn opts(&self) -> BuildOptions {
        BuildOptions {
            source: self.site.path().to_path_buf(),
            output: self.out.path().join("public"),
            base_url: None,
            selection: Selection::default(),
            clean: false,
        }
    }

    fn build_opts(&self, opts: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
        let settings = Settings {
            hold_text: usize::MAX,
            cache: Some(self.cache.path().to_path_buf()),
            settle: Duration::ZERO,
        };
        build_with(opts, &settings)
    }

    fn build(&self) -> BuildReport {
        self.build_opts(&self.opts()).unwrap()
    }

    fn page(&self) -> PathBuf {
        self.opts().output.join("2024/01/one/index.html")
    }
}

#[test]
fn a_build_that_would_change_nothing_is_skipped_and_says_what_the_last_one_did() {
    let q = Quick::new();
    let first = q.build();
    assert!(!first.up_to_date);
    let page = std::fs::metadata(q.page()).unwrap();
    let again = q.build();
    assert!(again.up_to_date, "nothing changed");
    assert_eq!(
        (again.posts, again.pages, again.redirects),
        (first.posts, first.pages, first.redirects)
    );
    assert_eq!(again.held_back, first.held_back);
    assert_eq!(again.held_back.drafts, 1);
    assert_eq!(again.skipped, first.skipped);
    assert_eq!(again.skipped.len(), 1);
    assert_eq!(again.warnings, first.warnings);
    assert!(again.warnings.iter().any(|w| w.code == Some("base-url")));
    let files = first.files.written;
    assert_eq!(
        again.files,
        output::Written {
            unchanged: files,
            ..Default::default()
        }
    );
    let after = std::fs::metadata(q.page()).unwrap();
    assert_eq!(after.modified().unwrap(), page.modified().unwrap());

    // Other options, or --clean: built in full.
    let mut opts = q.opts();
    opts.base_url = Some("https://example.org/".into());
    assert!(!q.build_opts(&opts).unwrap().up_to_date);
    assert!(!q.build().up_to_date, "the options changed back");
    assert!(q.build().up_to_date);
    let mut opts = q.opts();
    opts.clean = true;
    assert!(!q.build_opts(&opts).unwrap().up_to_date);
}

#[test]
fn a_changed_input_builds_again() {
    let q = Quick::new();
    q.build();
    let changes: [(&str, &str); 5] = [
        (
            "content/posts/one.md",
            "---\ntitle: One 1.0 released\ndate: 2024-01-02\n---\n\nNew text.\n",
        ),
        (
            "content/posts/two.md",
            "---\ntitle: Two\ndate: 2024-03-02\n---\n\nTwo.\n",
        ),
        ("static/files/notes.txt", "Notes.\n"),
        ("templates/robots.txt", "User-agent: *\nDisallow: /\n"),
        ("bulletin.yaml", "title: Another\nsocial_cards: false\n"),
    ];
    for (rel, text) in changes {
        assert!(q.build().up_to_date, "before {rel}");
        q.write(rel, text);
        let report = q.build();
        assert!(!report.up_to_date, "{rel} changed");
        assert!(report.files.written > 0, "{rel} changed the site");
    }
    let page = std::fs::read_to_string(q.page()).unwrap();
    assert!(page.contains("New text."));
}

#[test]
fn an_output_not_as_the_last_build_left_it_is_built_again() {
    let q = Quick::new();
    q.build();
    let page = q.page();
    let bytes = std::fs::read(&page).unwrap();
    // Same size, other bytes, changed after the manifest (a second later: within the
    // file system's clock tick, a change cannot be told from the build's own write).
    let mut changed = bytes.clone();
    changed[0] ^= 1;
    std::fs::write(&page, &changed).unwrap();
    let later = std::time::SystemTime::now() + Duration::from_secs(1);
    let file = std::fs::File::options().write(true).open(&page).unwrap();
    file.set_modified(later).unwrap();
    let report = q.build();
    assert!(!report.up_to_date);
    assert_eq!(report.files.written, 1);
    assert_eq!(std::fs::read(&page).unwrap(), bytes, "repaired");

    std::fs::remove_file(&page).unwrap();
    assert!(!q.build().up_to_date);
    assert!(page.exists(), "written again");

    // A file Bulletin did not write: the build refuses the folder, as always.
    let foreign = q.opts().output.join("CNAME");
    std::fs::write(&foreign, "example.org").unwrap();
    let errors = q.build_opts(&q.opts()).unwrap_err();
    assert!(
        errors.iter().any(|e| e.message.contains("did not write")),
        "{errors:?}"
    );
    std::fs::remove_file(&foreign).unwrap();
    assert!(
        q.build().up_to_date,
        "the failed build left the output as it was"
    );
}

#[test]
fn a_build_whose_inputs_had_just_changed_leaves_no_record() {
    let q = Quick::new();
    let settings = Settings {
        hold_text: usize::MAX,
        cache: Some(q.cache.path().to_path_buf()),
        settle: Duration::from_secs(3600),
    };
    assert!(!build_with(&q.opts(), &settings).unwrap().up_to_date);
    assert!(!build_with(&q.opts(), &settings).unwrap().up_to_date);
    assert!(
        !q.build().up_to_date,
        "the unsettled build removed the record"
    );
    assert!(q.build().up_to_date);
}

#[test]
fn an_output_inside_a_posts_folder_is_refused() {
    let q = Quick::new();
    q.write(
        "bulletin.yaml",
        "title: T\nposts: [blog]\nsocial_cards: false\n",
    );
    q.write("blog/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n\nA.\n");
    let mut opts = q.opts();
    opts.output = q.site.path().join("blog/public");
    let errors = q.build_opts(&opts).unwrap_err();
    let refused = errors.iter().find(|e| e.message.contains("a posts folder"));
    assert!(refused.is_some(), "{errors:?}");
    assert!(!opts.output.exists(), "nothing written");
}
