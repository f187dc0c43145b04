//! `bulletin new --from POST [VERSION]`: the next release's announcement drafted from a
//! previous one, on the real Python Insider post and on small posts of other shapes.

use std::path::PathBuf;

use crate::common::{Site, post};

/// The real post, in the corpus beside the project (copied into a temporary site at
/// test time, never into the repository).
const CORPUS_POST: &str = "../shared/corpus/python-insider/content/posts/python-3120-release-candidate-1-released/index.md";
const OLD: &str = "content/posts/python-3120-release-candidate-1-released/index.md";
const NEW: &str = "content/posts/python-3120-release-candidate-2-released/index.md";

/// The corpus post's text, or none (with a note) when the corpus is not beside the
/// project, as on a fork's CI.
fn corpus_post() -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(CORPUS_POST);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            println!("note: {} is absent; skipping", path.display());
            None
        }
    }
}

/// The 1-based number of the only line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    let found: Vec<usize> = (text.lines().enumerate())
        .filter(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(found.len(), 1, "{needle:?} on lines {found:?}");
    found[0]
}

/// The lines of `stdout` about line `n` of `file`.
fn said_of<'a>(stdout: &'a str, file: &str, n: usize) -> Vec<&'a str> {
    let prefix = format!("{file}:{n}: ");
    (stdout.lines())
        .filter_map(|l| l.strip_prefix(&prefix))
        .collect()
}

#[test]
fn drafts_the_second_release_candidate_from_the_first() {
    let Some(source) = corpus_post() else { return };
    let site = Site::new();
    site.file(OLD, &source);
    let run = site
        .run(&[
            "new",
            "--from",
            "python-3120-release-candidate-1-released",
            "3.12.0rc2",
            "--date",
            "2023-09-06",
        ])
        .ok();
    let out = &run.stdout;
    assert_eq!(out.lines().next(), Some(NEW), "{out}");
    let text = site.read(NEW);
    assert!(
        text.starts_with("---\ntitle: Python 3.12.0 release candidate 2 released\n"),
        "{text}"
    );
    assert!(text.contains("publishDate: '2023-09-06'\n"), "{text}");
    assert!(text.contains("\npublished: false\n"), "{text}");
    for gone in ["legacyUrl", "updatedDate", "3.12.0rc1", "python-3120rc1"] {
        assert!(!text.contains(gone), "{gone} left in:\n{text}");
    }
    assert!(text.contains("**3.12.0rc2**"), "{text}");
    assert!(
        text.contains("(https://www.python.org/downloads/release/python-3120rc2/)"),
        "{text}"
    );
    assert!(
        text.contains("release of Python 3.12 release candidate 2. https://www.python.org/downloads/release/python-3120rc2/"),
        "the description: {text}"
    );
    // The source's own lines 20 and 18, two lines up: two keys were left out.
    let scheduled = line_of(&text, "is scheduled for Monday, 2023-09-04");
    assert_eq!(scheduled, 18);
    let said = said_of(out, NEW, scheduled).join("; ");
    assert!(said.contains("“Monday, 2023-09-04”"), "{out}");
    assert!(
        said.contains("“second candidate”") && said.contains("“penultimate”"),
        "{out}"
    );
    let first = line_of(&text, "# This is the first release candidate");
    assert_eq!(first, 16);
    assert_eq!(
        said_of(out, NEW, first),
        ["which release this is: “first release candidate”"]
    );
    // The thread on discuss.python.org is the old release's (its id, 31137): every link
    // to it is kept and named.
    let threads: Vec<usize> = (text.lines().enumerate())
        .filter(|(_, l)| {
            l.contains("discuss.python.org/t/python-3-12-0-release-candidate-1-released/31137")
        })
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(threads, [22, 28, 34, 36, 46, 51, 64]);
    for n in threads {
        let said = said_of(out, NEW, n);
        assert!(
            said.iter().any(|s| s.starts_with("link kept: https://discuss.python.org/t/python-3-12-0-release-candidate-1-released/31137#")),
            "line {n}: {said:?}\n{out}"
        );
    }
    // The source named the new version as the next one.
    let next = line_of(
        &text,
        "The next pre-release of Python 3.12 will be 3.12.0rc2",
    );
    assert!(said_of(out, NEW, next)[0].starts_with("it named 3.12.0rc2 before the copy"));
    // What was replaced, at its line.
    assert!(
        out.contains(&format!(
            "{NEW}:2: 3.12.0 release candidate 1 → 3.12.0 release candidate 2\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("{NEW}:12: 3120rc1 → 3120rc2 (2×)\n")),
        "{out}"
    );

    // The site builds; the draft is left out unless asked for.
    let build = site.build().ok();
    assert_eq!(build.held_back(), Some((1, 0)), "{}", build.stdout);
    assert!(!site.exists("public/2023/09/python-3120-release-candidate-2-released/index.html"));
    site.build_with(&["--drafts"]).ok();
    let page = site.read("public/2023/09/python-3120-release-candidate-2-released/index.html");
    assert!(page.contains("Python 3.12.0 release candidate 2 released"));
    assert!(site.exists("public/2023/08/python-3120-release-candidate-1-released/index.html"));
}

#[test]
fn without_a_version_the_next_release_candidate_is_taken() {
    let site = Site::new();
    site.file(
        "content/posts/rc1.md",
        post(
            "Python 3.12.0 release candidate 1 released",
            "2023-08-06",
            "published: true",
            "Get **3.12.0rc1**.\n",
        ),
    );
    let run = site.run(&["new", "--from", "rc1", "--flat"]).ok();
    let rel = "content/posts/python-3120-release-candidate-2-released.md";
    assert_eq!(run.stdout.lines().next(), Some(rel));
    assert!(
        run.stdout.contains(
            "from content/posts/rc1.md: 3.12.0rc1 → 3.12.0rc2 (no VERSION given: the next release candidate)"
        ),
        "{}",
        run.stdout
    );
    assert!(site.read(rel).contains("Get **3.12.0rc2**."));
    // Not newer: a warning, not a refusal.
    let run = site
        .run(&["new", "--from", "rc1", "3.12.0b4", "--flat"])
        .ok();
    assert!(
        run.stderr
            .contains("warning: 3.12.0b4 is older than 3.12.0rc1"),
        "{}",
        run.stderr
    );
    // The same version is no new post.
    site.run(&["new", "--from", "rc1", "3.12.0rc1"])
        .fails()
        .says("already announces 3.12.0rc1");
}

#[test]
fn after_a_fourth_beta_it_asks() {
    let site = Site::new();
    site.file(
        "content/posts/b4/index.md",
        post(
            "Python 3.12.0 beta 4 is now available",
            "2023-07-11",
            "",
            "x\n",
        ),
    );
    site.run(&["new", "--from", "b4"])
        .fails()
        .says("which version comes after 3.12.0b4: 3.12.0b5 or 3.12.0rc1?")
        .says("bulletin new --from b4 3.12.0b5");
    assert_eq!(site.files("content/posts").len(), 1);
    // Told, it goes on; the phase is spelled as the new one's.
    site.run(&["new", "--from", "b4", "3.12.0rc1"]).ok();
    let text = site.read("content/posts/python-3120-release-candidate-1-is-now-available/index.md");
    assert!(
        text.contains("title: \"Python 3.12.0 release candidate 1 is now available\"\n"),
        "{text}"
    );
}

#[test]
fn a_missing_post_is_named_with_near_ones() {
    let site = Site::new();
    site.file(
        "content/posts/python-3120-release-candidate-1-released/index.md",
        post("Python 3.12.0rc1", "2023-08-06", "", "x\n"),
    );
    site.run(&[
        "new",
        "--from",
        "python-3120-release-candidate-1-releasd",
        "3.12.0rc2",
    ])
    .fails()
    .says("no post \"python-3120-release-candidate-1-releasd\" in content/posts")
    .says("did you mean python-3120-release-candidate-1-released?");
    site.run(&["new", "--from", "content/posts/nothing.md", "3.12.0rc2"])
        .fails()
        .says("no post \"content/posts/nothing.md\"");
    // By its path, or its bundle folder, it is found.
    for by in [
        "content/posts/python-3120-release-candidate-1-released/index.md",
        "./content/posts/python-3120-release-candidate-1-released/",
    ] {
        let run = site.run(&["new", "--from", by, "3.12.0rc2", "--flat"]).ok();
        assert_eq!(
            run.stdout.lines().next(),
            Some("content/posts/python-3120rc2.md")
        );
        site.remove("content/posts/python-3120rc2.md");
    }
    assert_eq!(site.files("content/posts").len(), 1);
}

#[test]
fn versions_the_scheme_cannot_read_are_refused() {
    let site = Site::new();
    site.file(
        "content/posts/rc1.md",
        post("Python 3.12.0rc1 is out", "2023-08-06", "", "x\n"),
    );
    site.run(&["new", "--from", "rc1", "3.12.0zz"])
        .fails()
        .says("VERSION: \"3.12.0zz\" is not a version")
        .says("like the one content/posts/rc1.md announces, 3.12.0rc1");
    site.file("bulletin.yaml", "releases:\n  scheme: semver\n");
    site.file(
        "content/posts/rc1.md",
        post("Kestrel 2.0.0 is out", "2023-08-06", "", "x\n"),
    );
    site.run(&["new", "--from", "rc1", "2.0.1rc1"])
        .fails()
        .says("not a SemVer version");
    // A post announcing several versions, or none, cannot be copied.
    site.file(
        "content/posts/many.md",
        post(
            "Python 3.11.5, 3.10.13 and 3.9.18 are now available",
            "2023-08-24",
            "",
            "x\n",
        ),
    )
    .file(
        "content/posts/none.md",
        post("Hello", "2023-08-24", "", "x\n"),
    );
    site.file("bulletin.yaml", "");
    site.run(&["new", "--from", "many", "3.11.6"])
        .fails()
        .says("announces 3 versions (3.11.5, 3.10.13, 3.9.18)")
        .says("`release: '3.12.0rc1'`");
    site.run(&["new", "--from", "none", "1.0"])
        .fails()
        .says("announces no version");
    assert_eq!(site.files("content/posts").len(), 3);
}

#[test]
fn refuses_to_overwrite() {
    let site = Site::new();
    site.file(
        "content/posts/rc1.md",
        post("Python 3.12.0rc1 is out", "2023-08-06", "", "x\n"),
    );
    site.run(&["new", "--from", "rc1", "3.12.0rc2"]).ok();
    let rel = "content/posts/python-3120rc2-is-out/index.md";
    let before = site.read(rel);
    site.file(rel, format!("{before}\nMy edits.\n"));
    site.run(&["new", "--from", "rc1", "3.12.0rc2", "--flat"])
        .fails()
        .says("content/posts/python-3120rc2-is-out already exists; nothing was written");
    assert!(site.read(rel).ends_with("My edits.\n"));
    assert!(!site.exists("content/posts/python-3120rc2-is-out.md"));
}

#[cfg(unix)]
#[test]
fn a_post_linked_from_outside_the_site_is_refused() {
    let site = Site::new();
    let outside = site.parent().join("outside.md");
    std::fs::write(
        &outside,
        post("Secret 1.0.0 released", "2023-08-06", "", "token\n"),
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, site.root().join("content/posts/evil.md")).unwrap();
    for by in ["evil", "content/posts/evil.md"] {
        site.run(&["new", "--from", by, "1.0.1"])
            .fails()
            .says("content/posts/evil.md: error: cannot read: it is a link to")
            .says("outside the site's folder");
    }
    assert_eq!(site.files("content/posts").len(), 1);
    assert!(!site.exists("content/posts/secret-101-released"));
}

#[test]
fn a_jekyll_post_gets_the_new_date_in_its_name() {
    let site = Site::bare();
    site.file(
        "bulletin.yaml",
        "posts: [_posts]\npermalink: /{year}/{month}/{day}/{slug}/\nsocial_cards: false\n",
    )
    .file(
        "_posts/2023-08-06-homebrew-4.1.0.md",
        "---\ntitle: Homebrew 4.1.0\ndate: 2023-08-06 10:00:00 +0000\nauthor: Mike\n---\n\
         Today I'd like to announce [Homebrew 4.1.0](https://github.com/Homebrew/brew/releases/tag/4.1.0),\n\
         with 123 commits by 45 contributors since 4.0.28.\n",
    );
    let run = site
        .run(&[
            "new",
            "--from",
            "homebrew-4.1.0",
            "4.2.0",
            "--flat",
            "--date",
            "2023-12-01",
            "--publish",
        ])
        .ok();
    let rel = "_posts/2023-12-01-homebrew-420.md";
    assert_eq!(run.stdout.lines().next(), Some(rel), "{}", run.stdout);
    let text = site.read(rel);
    assert_eq!(
        text,
        "---\ntitle: Homebrew 4.2.0\ndate: 2023-12-01 10:00:00 +0000\nauthor: Mike\n---\n\
         Today I'd like to announce [Homebrew 4.2.0](https://github.com/Homebrew/brew/releases/tag/4.2.0),\n\
         with 123 commits by 45 contributors since 4.0.28.\n"
    );
    assert_eq!(
        said_of(&run.stdout, rel, 7),
        ["count: “123 commits”, “45 contributors”"]
    );
    site.build().ok();
    assert!(site.exists("public/2023/12/01/homebrew-420/index.html"));
}

#[test]
fn a_semver_post_gets_the_next_patch_and_the_tags_given() {
    let site = Site::new();
    site.file(
        "content/posts/node-v2000/index.md",
        post(
            "Node v20.0.0 (Current)",
            "2023-04-18",
            "author: Rafael\ntags: [release]\nslug: node-v20.0.0",
            "Download [v20.0.0](https://nodejs.org/dist/v20.0.0/node-v20.0.0.tar.gz); not \
             v20.0.0-rc.1 nor 120.0.0.\nThe next release is v20.0.1.\n",
        ),
    );
    let run = site
        .run(&[
            "new",
            "--from",
            "node-v2000",
            "--tag",
            "release",
            "--tag",
            "current",
            "--author",
            "Ruy",
            "--date",
            "2023-04-25",
        ])
        .ok();
    let rel = "content/posts/node-v2001-current/index.md";
    assert_eq!(run.stdout.lines().next(), Some(rel), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("v20.0.0 → 20.0.1 (no VERSION given: the next bugfix release)"),
        "{}",
        run.stdout
    );
    let text = site.read(rel);
    assert_eq!(
        text,
        "---\ntitle: \"Node v20.0.1 (Current)\"\npublishDate: '2023-04-25'\nauthor: 'Ruy'\n\
         tags:\n  - 'release'\n  - 'current'\nslug: node-v20.0.1\npublished: false\n---\n\
         Download [v20.0.1](https://nodejs.org/dist/v20.0.1/node-v20.0.1.tar.gz); not \
         v20.0.0-rc.1 nor 120.0.0.\nThe next release is v20.0.1.\n"
    );
    let said = said_of(&run.stdout, rel, 12);
    assert!(
        said[0].starts_with("it named 20.0.1 before the copy"),
        "{said:?}"
    );
    site.build_with(&["--drafts"]).ok();
    assert!(site.exists("public/2023/04/node-v20.0.1/index.html"));
}

#[test]
fn a_new_series_is_named_where_the_old_one_is() {
    let site = Site::new();
    site.file(
        "content/posts/final.md",
        post(
            "Python 3.12.0 is now available",
            "2023-10-02",
            "",
            "Python 3.12.0 is out.\n\nNew in the 3.12 series, compared to 3.11:\n",
        ),
    );
    let run = site
        .run(&["new", "--from", "final", "3.13.0a1", "--flat"])
        .ok();
    let rel = "content/posts/python-3130a1-is-now-available.md";
    let text = site.read(rel);
    assert!(
        text.contains("Python 3.13.0a1 is out.\n\nNew in the 3.12 series"),
        "{text}"
    );
    let n = line_of(&text, "New in the 3.12 series");
    assert_eq!(
        said_of(&run.stdout, rel, n),
        ["3.12, the old series (this post is of 3.13): keep it where 3.12 is meant"]
    );
}

#[test]
fn the_manual_page_and_help_tell_of_from() {
    let site = Site::new();
    let page = site.run(&["man", "new"]).ok().stdout;
    assert!(
        page.contains("\\-\\-from") && page.contains("VERSION"),
        "{page}"
    );
    let help = site.run(&["new", "--help"]).ok().stdout;
    assert!(help.contains("--from <POST>"), "{help}");
    assert!(
        help.contains("bulletin new --from python-3120-release-candidate-1-released 3.12.0rc2")
    );
    // Neither a title nor --from: a usage error.
    assert_eq!(site.run(&["new"]).code, 2);
}

#[test]
fn release_front_matter_gets_the_new_version() {
    let site = Site::new();
    site.file(
        "content/posts/sec.md",
        post(
            "Python 3.11.5 is now available",
            "2023-08-24",
            "release:\n  version: '3.11.5'\n  kind: security\npublished: true",
            "Security fixes in 3.11.5.\n",
        ),
    )
    .file(
        "content/posts/plain.md",
        post(
            "Security news",
            "2023-08-24",
            "release: '3.11.5'",
            "3.11.5 is out.\n",
        ),
    );
    let run = site
        .run(&["new", "--from", "sec", "--publish", "--flat"])
        .ok();
    let rel = "content/posts/python-3116-is-now-available.md";
    assert_eq!(run.stdout.lines().next(), Some(rel), "{}", run.stdout);
    let text = site.read(rel);
    assert!(
        text.contains("release:\n  version: '3.11.6'\n  kind: security\npublished: true\n"),
        "{text}"
    );
    assert!(run.stdout.contains("`release`: 3.11.6"), "{}", run.stdout);
    site.build().ok();
    // A title without the version would be the old title: refused.
    site.run(&["new", "--from", "plain", "3.11.6"])
        .fails()
        .says("the title “Security news” does not name 3.11.5");
    assert!(!site.exists("content/posts/security-news"));
}

#[test]
fn a_post_in_dated_folders_goes_in_the_new_date_s() {
    let site = Site::bare();
    site.file(
        "bulletin.yaml",
        "posts: [src/content/blog]\npermalink: /blog/{year}/{month}/{day}/{slug}\n\
         permalink_date: path\nsocial_cards: false\n",
    )
    .file(
        "src/content/blog/2024/12/05/react-19.md",
        "---\ntitle: \"React v19\"\nauthor: The React Team\n---\n\nReact v19 is now available on npm!\n",
    );
    let run = site
        .run(&[
            "new",
            "--from",
            "react-19",
            "v19.1",
            "--flat",
            "--date",
            "2025-01-10",
        ])
        .ok();
    let rel = "src/content/blog/2025/01/10/react-v191.md";
    assert_eq!(run.stdout.lines().next(), Some(rel), "{}", run.stdout);
    assert_eq!(
        site.read(rel),
        "---\ntitle: \"React v19.1\"\nauthor: The React Team\npublished: false\n---\n\n\
         React v19.1 is now available on npm!\n"
    );
    site.build_with(&["--drafts"]).ok();
    assert!(site.exists("public/blog/2025/01/10/react-v191.html"));
}
