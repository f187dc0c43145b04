//! A site's identity from `bulletin.yaml`: the logo, tagline, footer links, copyright
//! and licence, in the header, the footer and the feeds; and each mistake named at its
//! line.

use crate::common::{Site, post};

const IDENTITY: &str = "title: Notes
base_url: https://example.org/blog/
social_cards: false
logo: static/img/logo.png
tagline: News from the <core> team
footer:
  - text: Home site
    url: https://example.org/
  - text: About
    url: /about/
copyright: \"© {year} Example & Co\"
licence:
  text: CC BY 4.0
  url: https://creativecommons.org/licenses/by/4.0/
";

#[test]
fn the_header_footer_and_feeds_show_who_the_site_is() {
    let site = Site::new();
    site.file("bulletin.yaml", IDENTITY)
        .file("static/img/logo.png", "not really a PNG")
        .file("content/posts/a.md", post("A", "2024-01-02", "", "Body.\n"))
        .file("content/posts/b.md", post("B", "2025-03-04", "", "Body.\n"));
    site.build().clean();
    let home = site.read("public/index.html");
    for want in [
        r#"<img class="logo" src="/blog/img/logo.png" alt="" height="28">"#,
        "<p>News from the &lt;core&gt; team</p>",
        r#"<li><a href="https://example.org/">Home site</a></li>"#,
        r#"<li><a href="/blog/about/">About</a></li>"#,
        "© 2025 Example &amp; Co",
        r#"<a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>"#,
    ] {
        assert!(home.contains(want), "{want}\n{home}");
    }
    assert!(!home.contains("favicon.svg\" alt"), "{home}");
    let rss = site.read("public/rss.xml");
    assert!(
        rss.contains("<image>\n<url>https://example.org/blog/img/logo.png</url>"),
        "{rss}"
    );
    assert!(
        rss.contains("<copyright>© 2025 Example &amp; Co</copyright>"),
        "{rss}"
    );
    let atom = site.read("public/atom.xml");
    assert!(
        atom.contains("<logo>https://example.org/blog/img/logo.png</logo>"),
        "{atom}"
    );
    assert!(
        atom.contains("<rights>© 2025 Example &amp; Co</rights>"),
        "{atom}"
    );
}

#[test]
fn a_site_that_sets_nothing_gets_a_finished_footer() {
    let site = Site::new();
    site.file("bulletin.yaml", "title: Notes\nsocial_cards: false\n")
        .file("content/posts/a.md", post("A", "2024-01-02", "", "Body.\n"));
    site.build().clean();
    let home = site.read("public/index.html");
    for want in [
        r#"src="/favicon.svg" alt="" width="28" height="28""#,
        "1 posts since 2024",
        r#"<li><a href="/blog/">All posts</a></li>"#,
        r#"<li><a href="/rss.xml">RSS feed</a></li>"#,
        "Made with Bulletin",
    ] {
        assert!(home.contains(want), "{want}\n{home}");
    }
    let rss = site.read("public/rss.xml");
    assert!(
        !rss.contains("<image>") && !rss.contains("<copyright>"),
        "{rss}"
    );
    // An SVG logo is not an image RSS allows: Atom's logo only.
    site.file(
        "bulletin.yaml",
        "title: Notes\nsocial_cards: false\nlogo: favicon.svg\n",
    );
    site.build().clean();
    assert!(!site.read("public/rss.xml").contains("<image>"));
    assert!(
        site.read("public/atom.xml")
            .contains("<logo>http://localhost/favicon.svg</logo>")
    );
}

#[test]
fn identity_mistakes_are_named_at_their_line() {
    let site = Site::new();
    site.file("content/posts/a.md", post("A", "2024-01-02", "", "Body.\n"));
    site.file("bulletin.yaml", "title: T\nlogo: logo.svg\n");
    site.build()
        .fails()
        .has_line("bulletin.yaml:2:7: error: logo `logo.svg` is not in static/");
    site.file("bulletin.yaml", "title: T\nlogo: ../secret.png\n");
    site.build()
        .fails()
        .has_line("bulletin.yaml:2:7: error: logo `../secret.png` must be");
    site.file("bulletin.yaml", "title: T\nlogo: notes.txt\n");
    site.build()
        .fails()
        .has_line("bulletin.yaml:2:7: error: logo `notes.txt` must be an image");
    site.file(
        "bulletin.yaml",
        "title: T\nfooter:\n  - text: Click\n    url: javascript:alert(1)\n",
    );
    site.build().fails().has_line(
        "bulletin.yaml:2:8: error: the link `Click` of `footer` goes to `javascript:alert(1)`",
    );
    site.file(
        "bulletin.yaml",
        "title: T\nlicence:\n  text: CC\n  link: https://x.org/\n",
    );
    site.build()
        .fails()
        .has_line("bulletin.yaml:4:3: error: unknown key `link`");
}

/// The logo on the social cards: the site's and each post's card change with it (and
/// are drawn again, not taken from the cache of cards without it); a logo the cards
/// cannot draw is one error naming the file; a JPEG logo leaves the cards as they are.
#[test]
fn the_logo_is_drawn_on_the_social_cards() {
    let site = Site::new();
    site.file("content/posts/a.md", post("A", "2024-01-02", "", "Body.\n"));
    site.file("bulletin.yaml", "title: Notes\n");
    site.build().clean();
    let (plain_site, plain_post) = (
        site.read_bytes("public/social.png"),
        site.read_bytes("public/2024/01/a/social.png"),
    );

    site.file("bulletin.yaml", "title: Notes\nlogo: logo.svg\n").file(
        "static/logo.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#c81e28"/></svg>"##,
    );
    site.build().clean();
    assert_ne!(site.read_bytes("public/social.png"), plain_site);
    assert_ne!(site.read_bytes("public/2024/01/a/social.png"), plain_post);

    site.file("static/logo.svg", "<svg");
    site.build()
        .fails()
        .has_line("static/logo.svg: error: social cards: the logo static/logo.svg cannot be drawn");

    site.remove("static/logo.svg")
        .file("bulletin.yaml", "title: Notes\nlogo: logo.jpg\n")
        .file("static/logo.jpg", "a JPEG");
    site.build().clean();
    assert_eq!(site.read_bytes("public/2024/01/a/social.png"), plain_post);
}

/// A logo that is a link to a file outside the site is refused with the static files,
/// so neither drawn on a card nor published: the build fails and names it.
#[cfg(unix)]
#[test]
fn a_logo_linked_from_outside_the_site_is_not_drawn() {
    let site = Site::new();
    site.file("content/posts/a.md", post("A", "2024-01-02", "", "Body.\n"))
        .file("bulletin.yaml", "title: Notes\nlogo: logo.svg\n");
    let outside = site.parent().join("secret.svg");
    std::fs::write(
        &outside,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#c81e28"/></svg>"##,
    )
    .unwrap();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::os::unix::fs::symlink(&outside, site.root().join("static/logo.svg")).unwrap();
    let run = site.build().fails();
    run.says("static/logo.svg");
    assert!(!site.exists("public/social.png"));
}
