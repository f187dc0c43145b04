//! `bulletin.lock`, the feed contract: a published post keeps its URL and its guid, or
//! `check` says so and what to do.

use crate::common::{Site, post};

fn locked_site() -> Site {
    let site = Site::new();
    site.file(
        "bulletin.yaml",
        "base_url: https://blog.example.org/\nsocial_cards: false\n",
    )
    .file(
        "content/posts/a.md",
        post("A", "2024-05-01", "description: A.", "Body.\n"),
    )
    .file(
        "content/posts/b.md",
        post("B", "2024-06-01", "description: B.", "Body.\n"),
    );
    let run = site.run(&["lock"]).clean();
    assert_eq!(
        run.stdout,
        "bulletin.lock: 2 added, 0 changed, 0 taken out\n"
    );
    site
}

#[test]
fn lock_records_each_post_and_a_build_adds_new_ones_only() {
    let site = locked_site();
    let lock = site.read("bulletin.lock");
    assert!(lock.starts_with("# bulletin.lock: "), "{lock}");
    assert!(
        lock.ends_with(
            "content/posts/a.md\t/2024/05/a/\thttps://blog.example.org/2024/05/a/\n\
             content/posts/b.md\t/2024/06/b/\thttps://blog.example.org/2024/06/b/\n"
        ),
        "{lock}"
    );
    site.file(
        "content/posts/c.md",
        post("C", "2024-07-01", "description: C.", "Body.\n"),
    );
    site.build().clean();
    let after = site.read("bulletin.lock");
    assert!(after.starts_with(&lock[..lock.len() - 1]), "{after}");
    assert!(
        after.contains("content/posts/c.md\t/2024/07/c/\t"),
        "{after}"
    );
    // Drafts, future posts and previews are not locked, nor a build elsewhere.
    site.file(
        "content/posts/d.md",
        post("D", "2024-08-01", "published: false", "Body.\n"),
    );
    site.build_with(&["--drafts"]).clean();
    site.build_with(&["--preview"]).clean();
    assert!(!site.read("bulletin.lock").contains("d.md"));
    site.run(&["check", "--deny-warnings"]).clean();
}

#[test]
fn a_moved_post_fails_check_until_its_old_url_is_kept() {
    let site = locked_site();
    // Its date moved to another month: another URL.
    site.file(
        "content/posts/a.md",
        post("A", "2024-04-30", "description: A.", "Body.\n"),
    );
    let run = site.run(&["check"]).fails();
    assert!(run.stdout.contains("content/posts/a.md:1:1: error[url-changed]: the post's URL changed from /2024/05/a/ to /2024/04/a/"), "{}", run.stdout);
    // Keeping the old URL: the check passes, and the feed keeps the old guid.
    site.file(
        "content/posts/a.md",
        post(
            "A",
            "2024-04-30",
            "description: A.\nlegacyUrl: /2024/05/a/",
            "Body.\n",
        ),
    );
    site.run(&["check", "--deny-warnings"]).clean();
    site.build().clean();
    let rss = site.read("public/rss.xml");
    assert!(
        rss.contains(r#"<guid isPermaLink="false">https://blog.example.org/2024/05/a/</guid>"#),
        "{rss}"
    );
    // Or accepting the move: the lock takes the new URL.
    site.file(
        "content/posts/a.md",
        post("A", "2024-04-30", "description: A.", "Body.\n"),
    );
    let run = site.run(&["lock", "--update"]).clean();
    assert_eq!(
        run.stdout,
        "bulletin.lock: 0 added, 1 changed, 0 taken out\n"
    );
    site.run(&["check", "--deny-warnings"]).clean();
}

#[test]
fn a_removed_post_or_a_changed_guid_fails_check() {
    let site = locked_site();
    site.remove("content/posts/b.md");
    let run = site.run(&["check"]).fails();
    assert!(run.stdout.contains("bulletin.lock:6:1: error[post-removed]: content/posts/b.md, published at /2024/06/b/, is gone"), "{}", run.stdout);
    site.file(
        "content/posts/b.md",
        post(
            "B",
            "2024-06-01",
            "description: B.\nguid: 'urn:x'",
            "Body.\n",
        ),
    );
    let run = site.run(&["check"]).fails();
    assert!(run.stdout.contains("content/posts/b.md:1:1: error[guid-changed]: the post's guid changed from https://blog.example.org/2024/06/b/ to urn:x"), "{}", run.stdout);
    // A new address for the whole site.
    site.file(
        "content/posts/b.md",
        post("B", "2024-06-01", "description: B.", "Body.\n"),
    );
    let run = site
        .run(&["check", "--base-url", "https://news.example.org/"])
        .fails();
    assert!(
        run.stdout
            .contains("content/posts/a.md:1:1: error[url-changed]: the post's address changed"),
        "{}",
        run.stdout
    );
    // A lock file that cannot be read is located.
    site.file_as_is("bulletin.lock", "content/posts/a.md\t/2024/05/a/\n");
    site.build()
        .fails()
        .has_line("bulletin.lock:1:1: error[lock]: bulletin.lock cannot be read");
}
