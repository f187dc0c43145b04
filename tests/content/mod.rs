//! Finding posts: bundles, flat files, Jekyll file names, the accepted extensions, and
//! what is skipped or warned about.

use crate::common::{Site, post};

#[test]
fn bundle_files_are_published_beside_the_page() {
    let site = Site::new();
    site.file(
        "content/posts/charts/index.md",
        post(
            "Charts",
            "2024-01-15",
            "",
            "![A chart](chart.png)\n\n[The data](data/table.csv)\n",
        ),
    )
    .file("content/posts/charts/chart.png", b"\x89PNG\r\n\x1a\nfake")
    .file("content/posts/charts/data/table.csv", "a,b\n1,2\n");
    site.build().clean();

    let page = site.read("public/2024/01/charts/index.html");
    assert!(
        page.contains(r#"src="/2024/01/charts/chart.png""#),
        "{page}"
    );
    assert!(
        page.contains(r#"href="/2024/01/charts/data/table.csv""#),
        "{page}"
    );
    assert_eq!(
        site.read_bytes("public/2024/01/charts/chart.png"),
        b"\x89PNG\r\n\x1a\nfake"
    );
    assert_eq!(
        site.read("public/2024/01/charts/data/table.csv"),
        "a,b\n1,2\n"
    );
}

#[test]
fn markdown_file_inside_a_bundle_is_an_asset_not_a_post() {
    let site = Site::new();
    site.file(
        "content/posts/release/index.md",
        post("Release", "2024-01-15", "", "See [notes](notes.md).\n"),
    )
    .file(
        "content/posts/release/notes.md",
        "# not a post, no front matter\n",
    );
    site.build().clean();
    assert_eq!(
        site.read("public/2024/01/release/notes.md"),
        "# not a post, no front matter\n"
    );
    assert!(!site.exists("public/2024/01/notes"));
}

#[test]
fn hidden_files_in_a_bundle_are_not_published() {
    let site = Site::new();
    site.file(
        "content/posts/b/index.md",
        post("B", "2024-01-15", "", "Body.\n"),
    )
    .file("content/posts/b/.DS_Store", "junk")
    .file("content/posts/b/pic.png", "png");
    site.build().clean();
    assert!(site.exists("public/2024/01/b/pic.png"));
    assert!(!site.exists("public/2024/01/b/.DS_Store"));
}

#[test]
fn flat_file_takes_its_slug_from_the_file_name() {
    let site = Site::new();
    site.file(
        "content/posts/hello-world.md",
        post("Hello world", "2024-03-09", "", "First *post*.\n"),
    );
    site.build().clean();
    let page = site.read("public/2024/03/hello-world/index.html");
    assert!(page.contains("<h1>Hello world</h1>"), "{page}");
    assert!(page.contains("First <em>post</em>."), "{page}");
}

#[test]
fn posts_in_sub_folders_are_found() {
    let site = Site::new();
    site.file(
        "content/posts/2019/archived.md",
        post("Archived", "2019-05-01", "", "Old.\n"),
    );
    site.build().clean();
    assert!(site.exists("public/2019/05/archived/index.html"));
}

#[test]
fn jekyll_file_name_gives_the_date_and_the_slug() {
    let site = Site::new();
    site.file(
        "content/posts/2023-11-05-jekyll-post.md",
        post("From Jekyll", "", "", "Imported.\n"),
    );
    site.build().clean();
    let page = site.read("public/2023/11/jekyll-post/index.html");
    assert!(page.contains("November 5, 2023"), "{page}");
    assert!(!site.exists("public/2023/11/2023-11-05-jekyll-post"));
}

#[test]
fn front_matter_date_wins_over_the_jekyll_file_name() {
    let site = Site::new();
    site.file(
        "content/posts/2023-11-05-moved.md",
        post("Moved", "2024-02-01", "", "Body.\n"),
    );
    site.build().clean();
    assert!(site.exists("public/2024/02/moved/index.html"));
}

#[test]
fn markdown_extension_is_a_post() {
    let site = Site::new();
    site.file(
        "content/posts/old-style.markdown",
        post("Old style", "2024-04-01", "", "Still **Markdown**.\n"),
    );
    site.build().clean();
    let page = site.read("public/2024/04/old-style/index.html");
    assert!(page.contains("<strong>Markdown</strong>"), "{page}");
}

#[test]
fn mdx_drops_imports_exports_and_component_tags_with_a_warning() {
    let site = Site::new();
    site.file(
        "content/posts/mdx-post/index.mdx",
        "---\n\
         title: MDX post\n\
         publishDate: '2024-01-01'\n\
         ---\n\
         import Cards from '../components/Cards';\n\
         export const meta = { x: 1 };\n\
         \n\
         Hello from MDX.\n\
         \n\
         <Cards items={3} />\n\
         \n\
         <Box>\n\
         inside the box\n\
         </Box>\n\
         \n\
         ```jsx\n\
         <Code />\n\
         ```\n",
    );
    let run = site.build().ok();
    run.has_line(
        "content/posts/mdx-post/index.mdx:10:1: warning[mdx-component]: MDX component <Cards> is left out",
    )
    .has_line("content/posts/mdx-post/index.mdx:12:1: warning[mdx-component]: MDX component <Box> is left out");
    assert_eq!(run.diagnostics().len(), 2, "{}", run.stderr);

    let page = site.read("public/2024/01/mdx-post/index.html");
    assert!(page.contains("Hello from MDX."), "{page}");
    assert!(!page.contains("import Cards"), "{page}");
    assert!(!page.contains("export const"), "{page}");
    assert!(!page.contains("Cards items"), "{page}");
    assert!(
        page.contains("<p>inside the box</p>"),
        "a component's content is kept: {page}"
    );
    assert!(!page.contains("<Box>"), "{page}");
    let code = &page[page.find("<pre").expect("the code block is kept")..];
    assert!(
        code.contains("&lt;") && code.contains("Code"),
        "code blocks are kept: {page}"
    );
}

#[test]
fn other_generators_syntax_is_rendered_or_left_as_text() {
    let site = Site::new();
    site.file(
        "content/posts/moved-in.md",
        post(
            "Moved in",
            "2024-01-01",
            "",
            "<Note>\n\nSome **bold** news.\n\n</Note>\n\n\
             {% highlight ruby %}\nputs \"{{ not_liquid }}\"\n{% endhighlight %}\n\n\
             ## Install {/*install*/}\n\n\
             ![logo]({{ site.baseurl }}/logo.png) and {{< gh 2090 >}}\n\n\
             {{< figure src=\"/shot.png\" caption=\"A <shot>\" >}}\n",
        ),
    )
    .file("static/logo.png", "png")
    // The figure's image is checked like any other.
    .file("static/shot.png", "png");
    let run = site.build().ok();
    run.has_line(
        "content/posts/moved-in.md:17:42: warning[foreign-syntax]: Hugo shortcode `{{< gh 2090 >}}` is left as text",
    );
    assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr);

    let page = site.read("public/2024/01/moved-in/index.html");
    let aside = &page[page
        .find("<aside class=\"callout callout-note\">")
        .expect("an aside")..];
    assert!(
        aside.starts_with("<aside class=\"callout callout-note\"><p class=\"callout-title\">Note</p>\n<p>Some <strong>bold</strong> news.</p>\n</aside>"),
        "{page}"
    );
    let code = &page[page.find("<pre").expect("a code block")..];
    assert!(
        code.contains("not_liquid") && code.contains("language-ruby"),
        "{page}"
    );
    assert!(page.contains("id=\"install\""), "{page}");
    assert!(page.contains("src=\"/logo.png\""), "{page}");
    assert!(page.contains("{{&lt; gh 2090 &gt;}}"), "{page}");
    assert!(
        page.contains("<figure><img src=\"/shot.png\" alt=\"A &lt;shot&gt;\"><figcaption>A &lt;shot&gt;</figcaption></figure>"),
        "{page}"
    );
}

#[test]
fn section_index_files_are_skipped() {
    let site = Site::new();
    site.file("content/posts/_index.md", "no front matter: not a post\n")
        .file("content/posts/sub/_index.md", "+++\nzola = true\n+++\n")
        .file(
            "content/posts/real.md",
            post("Real", "2024-01-01", "", "Body.\n"),
        );
    let run = site.build().clean();
    assert!(run.stdout.starts_with("built 1 post,"), "{}", run.stdout);
    assert!(!site.exists("public/2024/01/_index"));
}

#[test]
fn files_that_are_not_posts_are_skipped_and_counted() {
    let site = Site::new();
    site.file(
        "content/posts/real.md",
        post("Real", "2024-01-01", "", "Body.\n"),
    )
    .file("content/posts/notes.txt", "scratch")
    .file("content/posts/_index.md", "+++\ntitle = 'News'\n+++\n")
    .file("content/posts/README.md", "# The blog\n\n<BlogPosts />\n");
    let run = site.build().clean();
    assert!(
        run.stdout.contains(
            "skipped 3 files in the posts folders: section files (_index.md): 1; listing \
             pages (an undated index.md or README.md whose folder holds posts): 1; files that are not \
             Markdown and not in a post's folder: 1 (--verbose lists them)"
        ),
        "{}",
        run.stdout
    );
    assert!(!site.files("public").keys().any(|f| f.contains("notes")));
    let run = site.build_with(&["--verbose"]).clean();
    assert!(
        run.stdout
            .contains("  content/posts/notes.txt: files that are not Markdown"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_undated_index_beside_posts_is_their_listing_and_a_dated_one_a_bundle() {
    let site = Site::new();
    site.file("bulletin.yaml", "posts: [content/posts, content/notes]\n")
        // The old blog's page listing the posts beside it.
        .file(
            "content/posts/2024/README.md",
            "---\ntitle: Posts of 2024\nlayout: list\n---\n<PostList />\n",
        )
        .file(
            "content/posts/2024/2024-05-01-one.md",
            post("One", "", "", "Body.\n"),
        )
        .file(
            "content/posts/2024/two.md",
            post("Two", "2024-06-01", "", "Body.\n"),
        )
        // A post whose Markdown file beside it is a download.
        .file(
            "content/notes/release/index.md",
            post("Release", "2024-07-01", "", "See [notes](notes.md).\n"),
        )
        .file("content/notes/release/notes.md", "# Notes\n");
    let run = site.build().clean();
    assert!(run.stdout.starts_with("built 3 posts,"), "{}", run.stdout);
    assert!(site.exists("public/2024/05/one/index.html"));
    assert!(site.exists("public/2024/06/two/index.html"));
    assert_eq!(site.read("public/2024/07/release/notes.md"), "# Notes\n");
    assert!(
        run.stdout.contains(
            "listing pages (an undated index.md or README.md whose folder holds posts): 1"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn non_author_file_in_authors_warns() {
    let site = Site::new();
    site.file(
        "content/posts/real.md",
        post("Real", "2024-01-01", "", "Body.\n"),
    )
    .file("content/authors/README.txt", "who is who");
    site.build()
        .ok()
        .has_line("content/authors/README.txt: warning: 'README.txt' is not an author file");
}

#[test]
fn hidden_and_backup_files_are_ignored() {
    let site = Site::new();
    site.file(
        "content/posts/real.md",
        post("Real", "2024-01-01", "", "Body.\n"),
    )
    .file("content/posts/.unfinished.md", "not even front matter")
    .file("content/posts/real.md~", "editor backup")
    .file("content/posts/.git/HEAD", "ref: refs/heads/main");
    let run = site.build().clean();
    assert!(run.stdout.starts_with("built 1 post,"), "{}", run.stdout);
}

#[test]
fn mdx_drops_multi_line_imports_and_exports() {
    let site = Site::new();
    site.file(
        "content/posts/multi.mdx",
        "---\n\
         title: Multi\n\
         publishDate: '2024-01-01'\n\
         ---\n\
         import {\n  \
           Cards,\n  \
           Box,\n\
         } from '../components';\n\
         export const meta = {\n  \
           author: 'x',\n\
         };\n\
         \n\
         Hello.\n",
    );
    site.build().clean();
    let page = site.read("public/2024/01/multi/index.html");
    assert!(page.contains("<p>Hello.</p>"), "{page}");
    assert!(!page.contains("Cards"), "{page}");
    assert!(!page.contains("from"), "{page}");
    assert!(!page.contains("author:"), "{page}");
}

#[test]
fn links_to_other_posts_in_any_generators_syntax_lead_to_their_pages() {
    let site = Site::bare();
    site.file(
        "bulletin.yaml",
        "posts: [_posts]\npermalink: /{year}/{month}/{day}/{slug}/\nsocial_cards: false\n",
    )
    .file(
        "_posts/2024-01-05-b.md",
        "---\ntitle: B\n---\n## Part {#part}\n",
    )
    .file(
        "_posts/2024-01-06-a.md",
        "---\ntitle: A\n---\n[one]({% post_url 2024-01-05-b %}) \
         [two]({{< ref \"2024-01-05-b.md#part\" >}}) [three](@/_posts/2024-01-05-b.md)\n",
    );
    site.build().clean();
    let page = site.read("public/2024/01/06/a/index.html");
    for link in [
        r#"<a href="/2024/01/05/b/">one</a>"#,
        r#"<a href="/2024/01/05/b/#part">two</a>"#,
        r#"<a href="/2024/01/05/b/">three</a>"#,
    ] {
        assert!(page.contains(link), "{link}: {page}");
    }

    // A post nobody has is an error where the link is written.
    site.file(
        "_posts/2024-01-07-c.md",
        "---\ntitle: C\n---\n\nSee [x]({% post_url 2023-01-01-gone %}).\n",
    );
    let run = site.build().fails();
    run.has_line(
        "_posts/2024-01-07-c.md:5:9: error[broken-link]: no post '2023-01-01-gone' to link to: no published post's file path ends with it",
    );
}

#[test]
fn relative_links_to_other_posts_markdown_files_lead_to_their_pages() {
    let site = Site::bare();
    site.file(
        "bulletin.yaml",
        "posts: [blog]\npermalink: /blog/{year}-{month}-{day}-{slug}.html\n\
         permalink_date: path\nsocial_cards: false\n",
    )
    .file("blog/2023-12-21-b.md", "# B\n\nText.\n")
    .file("blog/old/2023-01-02-c.md", "# C\n\n## Part\n")
    .file(
        "blog/2024-01-06-a.md",
        "# A\n\n[b](2023-12-21-b.md) [c](./old/2023-01-02-c.md#part) [gone](2020-01-01-x.md) \
         [root](/blog/2023-12-21-b.md)\n",
    )
    .file(
        "blog/2024-02-01-d/index.md",
        "# D\n\n[notes](notes.md) [a](../2024-01-06-a.md)\n",
    )
    .file("blog/2024-02-01-d/notes.md", "notes\n");
    site.build().clean();
    let page = site.read("public/blog/2024-01-06-a.html");
    for link in [
        r#"<a href="/blog/2023-12-21-b.html">b</a>"#,
        r#"<a href="/blog/2023-01-02-c.html#part">c</a>"#,
        r#"<a href="/blog/2020-01-01-x.md">gone</a>"#,
        r#"<a href="/blog/2023-12-21-b.html">root</a>"#,
    ] {
        assert!(page.contains(link), "{link}: {page}");
    }
    let page = site.read("public/blog/2024-02-01-d.html");
    assert!(
        page.contains(r#"<a href="/blog/notes.md">notes</a>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<a href="/blog/2024-01-06-a.html">a</a>"#),
        "{page}"
    );
}
