//! `bulletin import` and what posts link to: the rest of the old site, files beside
//! them, the old feeds.

use super::{build, import};
use crate::common::{Site, run_in};

#[test]
fn a_legacy_feed_must_name_a_file() {
    let site = Site::new();
    site.file("bulletin.yaml", "legacy_feeds:\n  /feed/: atom\n");
    site.build()
        .fails()
        .says("legacy feed URL /feed/ ends with `/`");
    site.file("bulletin.yaml", "legacy_feeds:\n  /news/feed.xml: rdf\n");
    site.build()
        .fails()
        .says("bulletin.yaml:2:19: error[config]: unknown variant `rdf`, expected `rss` or `atom`");
}

/// Links to the rest of the site the blog was part of are listed, with the config that
/// tells `check` about them, commented out.
#[test]
fn links_to_the_rest_of_the_old_site_are_listed() {
    let old = Site::bare();
    old.file_as_is("next.config.js", "module.exports = {}\n")
        .file_as_is(
            "src/content/blog/2024/01/02/launch.md",
            "---\ntitle: Launch\ndate: 2024-01-02\n---\n\n[Learn](/learn) and [more](/learn/x#y), \
         [API](/reference/api), [the other post](/blog/2024/01/02/launch).\n",
        );
    let run = import(&old, "new", &[]).ok();
    assert!(
        run.stdout
            .contains("- /learn/: 2 links, to pages that are not posts"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("- /reference/: 1 link, to pages"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("2 entries of the report need a look"),
        "{}",
        run.stderr
    );
    let new = old.parent().join("new");
    let config = std::fs::read_to_string(new.join("bulletin.yaml")).unwrap();
    assert!(
        config.contains("# check:\n#   elsewhere:\n#     - '/learn/'\n#     - '/reference/'\n"),
        "{config}"
    );
    let post = std::fs::read_to_string(new.join("content/posts/launch/index.md")).unwrap();
    assert!(
        post.contains("[the other post](/2024/01/launch/)"),
        "{post}"
    );
    let check = run_in(&new, &["check", "--base-url", "https://example.org/"]);
    assert_eq!(
        check.stdout.matches("error[broken-link]").count(),
        3,
        "{}",
        check.stdout
    );
    let uncommented = config.replace("# check:", "check:").replace("#   ", "  ");
    std::fs::write(new.join("bulletin.yaml"), uncommented).unwrap();
    let check = run_in(&new, &["check", "--base-url", "https://example.org/"]);
    assert!(!check.stdout.contains("broken-link"), "{}", check.stdout);
}

/// An image linked relatively, beside the post's file (as MDX and VuePress find it),
/// comes over at the root path the link now names.
#[test]
fn an_image_beside_the_post_file_is_copied() {
    let old = Site::bare();
    old.file_as_is("next.config.js", "module.exports = {}\n")
        .file_as_is(
            "src/content/blog/2024/launch.md",
            "---\ntitle: Launch\ndate: 2024-01-02\n---\n\n![chart](./chart.png) <img src=\"../logo.svg\">\n",
        )
        .file_as_is("src/content/blog/2024/chart.png", b"png")
        .file_as_is("src/content/blog/logo.svg", "<svg/>");
    let run = import(&old, "new", &[]).ok();
    assert!(
        !run.stdout.contains("not in the old site"),
        "{}",
        run.stdout
    );
    let new = old.parent().join("new");
    let post = std::fs::read_to_string(new.join("content/posts/launch/index.md")).unwrap();
    // Beside the post: copied beside the new one, the link as written; above it: at the
    // root path the link now names.
    assert!(
        post.contains("![chart](./chart.png) <img src=\"/blog/logo.svg\">"),
        "{post}"
    );
    let out = build(&new);
    assert_eq!(out["2024/01/launch/chart.png"], b"png");
    assert_eq!(out["blog/logo.svg"], b"<svg/>");

    // A folder of Markdown with its images in a folder beside the posts.
    let md = Site::bare();
    md.file_as_is(
        "a.md",
        "---\ntitle: A\ndate: 2024-01-02\n---\n\n![p](img/x.png) ![q](img/gone.png)\n",
    )
    .file_as_is("img/x.png", "png");
    let run = import(&md, "new", &[]).ok();
    assert!(
        run.stdout.contains("a.md: img/gone.png is not beside it"),
        "{}",
        run.stdout
    );
    let out = build(&md.parent().join("new"));
    assert_eq!(out["2024/01/a/img/x.png"], b"png");
}
