//! Worst cases of one post: whatever its front matter holds, the site it makes grows in
//! proportion to it, never with its square. A post is listed on a page for each of its
//! tags, categories and authors, and redirected to from each of its legacy URLs, so
//! what those pages show of it must not grow with the post. Sizes are bytes written,
//! never times.

use crate::common::{Site, post};

/// Bytes of every file the build wrote.
fn site_bytes(site: &Site) -> usize {
    site.files("public").values().map(Vec::len).sum()
}

/// A site of one post with the front matter `extra`, built.
fn one_post(extra: &str) -> Site {
    let site = Site::new();
    site.file("bulletin.yaml", "social_cards: false\n");
    site.file(
        "content/posts/worst.md",
        post("Worst case", "2024-05-01", extra, "Text.\n"),
    );
    site.build().clean();
    site
}

fn yaml_list(key: &str, items: &[String]) -> String {
    format!("{key}: [{}]", items.join(", "))
}

/// The bytes of the same site with one tag, author and legacy URL: what every page
/// costs besides the post's own data.
fn base_bytes() -> usize {
    site_bytes(&one_post(
        "tags: [t]\nauthors: [A]\nlegacyUrl: [/old.html]\n",
    ))
}

#[test]
fn two_thousand_tags_make_a_site_linear_in_the_tags() {
    let n = 2_000;
    let tags: Vec<String> = (0..n).map(|i| format!("tag-{i}")).collect();
    let site = one_post(&yaml_list("tags", &tags));
    // Each tag adds its page (about 5 KB, the post's card of a handful of tags in the
    // theme's frame), a line of the tag index and of the sitemap, and a link on the
    // post's page. With every tag on every card, it was 2,000 × 2,000 links: 200 MB.
    let total = site_bytes(&site);
    let per_tag = (total - base_bytes()) / n;
    assert!(per_tag < 8_000, "{per_tag} bytes per tag ({total} in all)");
    let page = site.read("public/tags/tag-1999/index.html");
    // Six on the card; the rest lead to the tag's own feeds (two in the head, one in
    // the text).
    let feeds = page.matches("href=\"/tags/tag-1999/rss.xml\"").count()
        + page.matches("href=\"/tags/tag-1999/atom.xml\"").count();
    assert_eq!(feeds, 3, "{page}");
    assert_eq!(
        page.matches("href=\"/tags/tag-").count(),
        6 + feeds,
        "{page}"
    );
    assert!(
        page.contains("<a class=\"tags-more\" href=\"/2024/05/worst/\">+1994 more</a>"),
        "{page}"
    );
    // The post's own page lists them all.
    let own = site.read("public/2024/05/worst/index.html");
    assert!(own.contains("href=\"/tags/tag-1999/\""), "{own}");
    assert!(!own.contains("tags-more"));
}

#[test]
fn a_thousand_categories_make_a_site_linear_in_the_categories() {
    let n = 1_000;
    let categories: Vec<String> = (0..n).map(|i| format!("cat-{i}")).collect();
    let site = one_post(&yaml_list("categories", &categories));
    let total = site_bytes(&site);
    let per_category = (total - base_bytes()) / n;
    assert!(
        per_category < 8_000,
        "{per_category} bytes per category ({total} in all)"
    );
    let page = site.read("public/categories/cat-999/index.html");
    let feeds = page.matches("href=\"/categories/cat-999/rss.xml\"").count()
        + page
            .matches("href=\"/categories/cat-999/atom.xml\"")
            .count();
    assert_eq!(feeds, 3, "{page}");
    assert_eq!(
        page.matches("href=\"/categories/cat-").count(),
        4 + feeds,
        "{page}"
    );
    assert!(page.contains("cat-3</a> and 996 more"), "{page}");
    let own = site.read("public/2024/05/worst/index.html");
    assert!(own.contains("href=\"/categories/cat-999/\""), "{own}");
}

#[test]
fn a_thousand_authors_make_a_site_linear_in_the_authors() {
    let n = 1_000;
    let authors: Vec<String> = (0..n).map(|i| format!("Author {i}")).collect();
    let site = one_post(&yaml_list("authors", &authors));
    let total = site_bytes(&site);
    let per_author = (total - base_bytes()) / n;
    assert!(
        per_author < 8_000,
        "{per_author} bytes per author ({total} in all)"
    );
    let page = site.read("public/authors/author-999/index.html");
    assert!(page.contains("Author 3</a> and 996 more"), "{page}");
    assert!(!page.contains("Author 4<"), "{page}");
    let own = site.read("public/2024/05/worst/index.html");
    assert!(own.contains(">Author 999</a>"), "{own}");
}

#[test]
fn a_long_title_and_description_are_not_repeated_on_every_tag_and_redirect_page() {
    let n = 500;
    let title = "long title ".repeat(2_000);
    let description = "long description ".repeat(1_000);
    let tags: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
    let legacy: Vec<String> = (0..n).map(|i| format!("/old/{i}.html")).collect();
    let extra = format!(
        "description: '{description}'\n{}\n{}\n",
        yaml_list("tags", &tags),
        yaml_list("legacyUrl", &legacy)
    );
    let site = Site::new();
    site.file("bulletin.yaml", "social_cards: false\n");
    site.file(
        "content/posts/worst.md",
        post(title.trim(), "2024-05-01", &extra, "Text.\n"),
    );
    site.build().clean();
    // The post's own page, its feeds and its search entry hold the title and the
    // description whole (a few times each); a tag page or a redirect page holds a few
    // hundred characters of them. Whole on each of those pages, it was 40 MB.
    let total = site_bytes(&site);
    let whole = 12 * (title.len() + description.len());
    let per_page = total.saturating_sub(whole + base_bytes()) / (2 * n);
    assert!(
        per_page < 6_000,
        "{per_page} bytes per tag or redirect page ({total} in all)"
    );
    let tag = site.read("public/tags/t7/index.html");
    assert!(tag.contains("long title long title"), "{tag}");
    assert!(tag.len() < 8_000, "{} bytes: {tag}", tag.len());
    let redirect = site.read("public/old/7.html");
    assert!(
        redirect.len() < 2_000,
        "{} bytes: {redirect}",
        redirect.len()
    );
    let own = site.read("public/2024/05/worst/index.html");
    assert!(
        own.contains(title.trim()),
        "the post's own page has all of it"
    );
}

#[test]
fn the_year_navigation_does_not_grow_with_the_years() {
    // Each year is a page, and every list page links years: all of them would be
    // 400 × 400 links.
    let n = 400;
    let site = Site::new();
    site.file("bulletin.yaml", "social_cards: false\n");
    for i in 0..n {
        site.file(
            &format!("content/posts/p{i}.md"),
            post(
                &format!("Post {i}"),
                &format!("{:04}-01-01", 2024 - i),
                "",
                "Text.\n",
            ),
        );
    }
    site.build().clean();
    let page = site.read("public/blog/year/1900/index.html");
    let nav = page
        .split("<nav class=\"years\"")
        .nth(1)
        .unwrap()
        .split("</nav>")
        .next()
        .unwrap();
    // The newest six, 1902 to 1898 around 1900, the oldest; two gaps.
    assert_eq!(nav.matches("<li>").count(), 12, "{nav}");
    assert_eq!(nav.matches("<li class=\"gap\"").count(), 2, "{nav}");
    assert!(
        nav.contains("<span aria-current=\"page\">1900</span>"),
        "{nav}"
    );
    assert!(
        nav.contains("<a href=\"/blog/year/2024/\">2024</a>"),
        "{nav}"
    );
    assert!(
        nav.contains("<a href=\"/blog/year/1625/\">1625</a>"),
        "{nav}"
    );
    // About three pages a post (its page, its year's, a redirect) of some 4 KB each,
    // the search palette's markup included; every year on every page would be 400
    // links, some 20 KB, more on each.
    let total = site_bytes(&site);
    assert!(
        total / n < 14_000,
        "{} bytes per post ({total} in all)",
        total / n
    );
}
