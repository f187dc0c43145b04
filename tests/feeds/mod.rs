//! Feeds: RSS (also at the Blogger path), Atom, their limits and dates.

use std::collections::BTreeSet;

use crate::common::{Site, check_xml, count, elements, post, unescape};

const BASE: &str = "base_url: https://releases.example.com/\n";

fn feed_site() -> Site {
    let site = Site::new();
    site.file("bulletin.yaml", BASE)
        .file("content/authors/mira.json", r#"{"name": "Mira Okonkwo"}"#)
        .file(
            "content/posts/first.md",
            post(
                "Fixes & <features> in 1.0",
                "2024-01-05",
                "author: mira\ntags: [releases, 'c&c']",
                "Plain **text** & more.\n",
            ),
        )
        .file(
            "content/posts/second/index.md",
            post(
                "Second",
                "2024-02-05T12:00:00+01:00",
                "authors: [mira, Tomáš Novák]",
                "See [the first post](/2024/01/first/) and [its tags](../../01/first/#tags).\n\n\
                 ![Chart](chart.png)\n\n<p><a href=\"/tags/\">all tags</a></p>\n",
            ),
        )
        .file("content/posts/second/chart.png", "png")
        .file(
            "content/posts/third.md",
            post("Third", "2024-03-05", "", "Short.\n"),
        );
    site
}

#[test]
fn rss_is_well_formed_with_one_item_per_post() {
    let site = feed_site();
    site.build().clean();
    let rss = site.read("public/rss.xml");
    check_xml(&rss).unwrap_or_else(|e| panic!("{e}\n{rss}"));
    assert_eq!(count(&rss, "<item>"), 3, "{rss}");
    assert_eq!(count(&rss, "<content:encoded>"), 3, "{rss}");
    assert_eq!(
        elements(&rss, "title")[1..],
        ["Third", "Second", "Fixes &amp; &lt;features&gt; in 1.0"]
    );
    assert_eq!(
        elements(&rss, "dc:creator"),
        ["Mira Okonkwo", "Tomáš Novák", "Mira Okonkwo"]
    );
    let guids = elements(&rss, "guid");
    assert_eq!(guids.len(), 3);
    assert_eq!(guids.iter().collect::<BTreeSet<_>>().len(), 3, "{guids:?}");
    for url in guids.iter().chain(&elements(&rss, "link")) {
        assert!(url.starts_with("https://releases.example.com/"), "{url}");
    }
    assert_eq!(guids[0], "https://releases.example.com/2024/03/third/");
    assert!(
        rss.contains("<pubDate>Mon, 05 Feb 2024 12:00:00 +0100</pubDate>"),
        "{rss}"
    );
    assert!(
        rss.contains("<category>c&amp;c</category>"),
        "categories are escaped: {rss}"
    );
}

#[test]
fn links_inside_feed_content_are_absolute() {
    let site = feed_site();
    site.build().clean();
    let rss = site.read("public/rss.xml");
    let content = unescape(&elements(&rss, "content:encoded")[1]);
    for link in [
        r#"href="https://releases.example.com/2024/01/first/""#,
        r#"href="https://releases.example.com/2024/01/first/#tags""#,
        r#"src="https://releases.example.com/2024/02/second/chart.png""#,
        r#"href="https://releases.example.com/tags/""#,
    ] {
        assert!(content.contains(link), "{link} missing in {content}");
    }
    let atom = site.read("public/atom.xml");
    let content = unescape(&elements(&atom, "content")[1]);
    assert!(
        content.contains(r#"src="https://releases.example.com/2024/02/second/chart.png""#),
        "{content}"
    );
}

#[test]
fn relative_raw_html_links_are_absolute_in_feeds() {
    let site = Site::new();
    site.file("bulletin.yaml", BASE)
        .file(
            "content/posts/pics/index.md",
            post(
                "Pics",
                "2024-02-05",
                "",
                "<img src=\"./chart.png\" alt=\"chart\">\n\n<a href=\"data.csv\">data</a>\n",
            ),
        )
        .file("content/posts/pics/chart.png", "png")
        .file("content/posts/pics/data.csv", "a,b\n");
    site.build().clean();
    let content = unescape(&elements(&site.read("public/rss.xml"), "content:encoded")[0]);
    assert!(
        content.contains(r#"src="https://releases.example.com/2024/02/pics/chart.png""#),
        "{content}"
    );
    assert!(
        content.contains(r#"href="https://releases.example.com/2024/02/pics/data.csv""#),
        "{content}"
    );
}

/// The spellings and attributes the old string replacement missed: upper-case names,
/// unquoted values, spaces around `=`, `srcset`, `poster`; and text that only looks
/// like an attribute stays as written. Badge icons and heading anchors stay out.
#[test]
fn every_url_of_raw_html_is_absolute_in_feeds_and_code_is_left_alone() {
    let site = Site::new();
    site.file("bulletin.yaml", "base_url: https://e.org/blog/\n")
        .file(
            "content/posts/raw/index.md",
            post(
                "Raw",
                "2024-02-05",
                "",
                "<p><a HREF=\"/x/\">x</a> <img src=/i.png alt=\"\"> <a href = \"/y/\">y</a></p>\n\n\
                 <img srcset=\"a.png 1x, b.png 2x\" alt=\"\"><video poster=\"v.jpg\"></video>\n\n\
                 <p><code>href=\"/blog/c/\"</code></p>\n\n\
                 ## Notes\n\nSee [PEP 8](https://peps.python.org/pep-0008/) and a note[^1].\n\n[^1]: Here.\n",
            ),
        )
        .file("static/i.png", "png");
    site.build().clean();
    let content = unescape(&elements(&site.read("public/rss.xml"), "content:encoded")[0]);
    for wanted in [
        r#"<a HREF="https://e.org/blog/x/">x</a>"#,
        r#"<img src="https://e.org/blog/i.png" alt="">"#,
        r#"<a href = "https://e.org/blog/y/">y</a>"#,
        r#"srcset="https://e.org/blog/2024/02/raw/a.png 1x, https://e.org/blog/2024/02/raw/b.png 2x""#,
        r#"poster="https://e.org/blog/2024/02/raw/v.jpg""#,
        r#"<code>href="/blog/c/"</code>"#,
        r##"href="https://e.org/blog/2024/02/raw/#1""##,
        r#"<h2 id="notes">Notes</h2>"#,
    ] {
        assert!(content.contains(wanted), "{wanted} missing in {content}");
    }
    assert!(!content.contains("<svg"), "{content}");
    // The page keeps its paths, under the base path, and its icons and anchors.
    let page = site.read("public/2024/02/raw/index.html");
    assert!(page.contains(r#"<a HREF="/blog/x/">x</a>"#), "{page}");
    assert!(page.contains("<svg"), "{page}");
    assert!(page.contains(r##"href="#notes""##), "{page}");
}

#[test]
fn atom_is_well_formed_with_one_entry_per_post() {
    let site = feed_site();
    site.build().clean();
    let atom = site.read("public/atom.xml");
    check_xml(&atom).unwrap_or_else(|e| panic!("{e}\n{atom}"));
    assert_eq!(count(&atom, "<entry>"), 3, "{atom}");
    let ids = elements(&atom, "id");
    assert_eq!(
        ids,
        [
            "https://releases.example.com/",
            "https://releases.example.com/2024/03/third/",
            "https://releases.example.com/2024/02/second/",
            "https://releases.example.com/2024/01/first/",
        ]
    );
    assert!(
        atom.contains("<published>2024-02-05T12:00:00+01:00</published>"),
        "{atom}"
    );
}

#[test]
fn blogger_feed_path_serves_the_rss_feed_with_its_own_self_link() {
    let site = feed_site();
    site.build().clean();
    let rss = site.read("public/rss.xml");
    let blogger = site.read("public/feeds/posts/default");
    let own =
        |at: &str| format!(r#"<atom:link href="https://releases.example.com/{at}" rel="self""#);
    assert!(rss.contains(&own("rss.xml")), "{rss}");
    assert!(blogger.contains(&own("feeds/posts/default")), "{blogger}");
    // Otherwise the same feed.
    assert_eq!(
        blogger.replace("feeds/posts/default\" rel=", "rss.xml\" rel="),
        rss
    );
    check_xml(&blogger).unwrap();
}

#[test]
fn feed_limit_keeps_the_newest_posts() {
    let site = Site::new();
    site.file("bulletin.yaml", "feed_limit: 3\n");
    for i in 1..=5 {
        site.file(
            &format!("content/posts/p{i}.md"),
            post(
                &format!("Post {i}"),
                &format!("2024-01-0{i}"),
                "",
                "Body.\n",
            ),
        );
    }
    site.build().clean();
    let rss = site.read("public/rss.xml");
    assert_eq!(count(&rss, "<item>"), 3, "{rss}");
    assert_eq!(elements(&rss, "title")[1..], ["Post 5", "Post 4", "Post 3"]);
    assert_eq!(count(&site.read("public/atom.xml"), "<entry>"), 3);
    assert_eq!(count(&site.read("public/sitemap.xml"), "/2024/01/p"), 5);
}

#[test]
fn feeds_hold_fifty_posts_by_default() {
    let site = Site::new();
    for i in 0..51 {
        site.file(
            &format!("content/posts/p{i:02}.md"),
            post(
                &format!("Post {i}"),
                &format!("2024-03-01T{:02}:{:02}:00Z", i / 60, i % 60),
                "",
                "Body.\n",
            ),
        );
    }
    site.build().clean();
    let rss = site.read("public/rss.xml");
    assert_eq!(count(&rss, "<item>"), 50);
    assert!(rss.contains("<title>Post 50</title>"));
    assert!(
        !rss.contains("<title>Post 0</title>"),
        "the oldest is left out"
    );
    assert_eq!(count(&site.read("public/atom.xml"), "<entry>"), 50);
}

#[test]
fn feed_updated_comes_from_the_newest_post_not_the_clock() {
    let site = Site::new();
    site.file(
        "content/posts/a.md",
        post("A", "2024-01-01", "updatedDate: '2024-06-01'", "Body.\n"),
    )
    .file("content/posts/b.md", post("B", "2024-03-01", "", "Body.\n"));
    site.build().clean();
    let rss = site.read("public/rss.xml");
    assert!(
        rss.contains("<lastBuildDate>Sat, 01 Jun 2024 00:00:00 +0000</lastBuildDate>"),
        "{rss}"
    );
    let atom = site.read("public/atom.xml");
    assert_eq!(elements(&atom, "updated")[0], "2024-06-01T00:00:00+00:00");

    std::thread::sleep(std::time::Duration::from_millis(1100));
    site.build_with(&["-o", "../again"]).clean();
    let again = crate::common::files(&site.parent().join("again"));
    assert_eq!(again["rss.xml"], rss.as_bytes());
    assert_eq!(again["atom.xml"], atom.as_bytes());
}

#[test]
fn empty_site_feeds_are_well_formed() {
    let site = Site::new();
    site.build().clean();
    for feed in ["public/rss.xml", "public/atom.xml", "public/sitemap.xml"] {
        let xml = site.read(feed);
        check_xml(&xml).unwrap_or_else(|e| panic!("{feed}: {e}\n{xml}"));
    }
    assert_eq!(count(&site.read("public/rss.xml"), "<item>"), 0);
}

#[test]
fn sitemap_lists_pages_and_is_well_formed() {
    let site = feed_site();
    site.build().clean();
    let sitemap = site.read("public/sitemap.xml");
    check_xml(&sitemap).unwrap_or_else(|e| panic!("{e}\n{sitemap}"));
    let locs = elements(&sitemap, "loc");
    for page in [
        "https://releases.example.com/",
        "https://releases.example.com/blog/",
        "https://releases.example.com/blog/year/2024/",
        "https://releases.example.com/tags/",
        "https://releases.example.com/tags/releases/",
        "https://releases.example.com/authors/",
        "https://releases.example.com/authors/mira/",
        "https://releases.example.com/2024/02/second/",
    ] {
        assert!(locs.iter().any(|l| l == page), "{page} missing in {locs:?}");
    }
    assert!(!sitemap.contains("404"), "{sitemap}");
    assert!(
        site.read("public/robots.txt")
            .contains("Sitemap: https://releases.example.com/sitemap.xml")
    );
}

mod terms;

/// A post that keeps its feed id from an older system (`guid:`, Blogger's ids) is that
/// item in both feeds: its readers do not see it again as new.
#[test]
fn a_post_keeps_its_old_guid() {
    let site = Site::new();
    site.file("bulletin.yaml", "base_url: https://blog.example.org/\n")
        .file(
            "content/posts/old.md",
            post(
                "Old",
                "2010-05-01",
                "guid: 'tag:blogger.com,1999:blog-1.post-2'",
                "Body.\n",
            ),
        )
        .file(
            "content/posts/new.md",
            post("New", "2024-05-01", "", "Body.\n"),
        );
    site.build().clean();
    let rss = site.read("public/rss.xml");
    check_xml(&rss).unwrap();
    assert!(
        rss.contains(r#"<guid isPermaLink="false">tag:blogger.com,1999:blog-1.post-2</guid>"#),
        "{rss}"
    );
    assert!(
        rss.contains(r#"<guid isPermaLink="true">https://blog.example.org/2024/05/new/</guid>"#),
        "{rss}"
    );
    let atom = site.read("public/atom.xml");
    assert!(
        atom.contains("<id>tag:blogger.com,1999:blog-1.post-2</id>"),
        "{atom}"
    );
}
