//! `bulletin import`: small old sites of each generator, written inline, imported,
//! built, and looked at: the URLs their generator gave (time zones, permalink styles,
//! sections, `path`), bodies made plain Markdown, files copied, and the report. The
//! real blogs are imported by `tests/corpora/`.

use std::path::Path;

use crate::common::{Run, Site, files, run_in};

mod links;
mod safety;

/// Imports the old site in `old` into `<parent>/<dest>` with `args`; returns the run.
fn import(old: &Site, dest: &str, args: &[&str]) -> Run {
    let mut all = vec!["import", "site", dest];
    all.extend_from_slice(args);
    run_in(old.parent(), &all)
}

/// Builds the site at `dir` and returns every file of its output.
fn build(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let run = run_in(dir, &["build"]).ok();
    assert!(run.stdout.starts_with("built "), "{}", run.stdout);
    files(&dir.join("public"))
}

fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, rel: &str) -> String {
    let bytes = files
        .get(rel)
        .unwrap_or_else(|| panic!("no {rel} in {:#?}", files.keys().collect::<Vec<_>>()));
    String::from_utf8(bytes.clone()).unwrap()
}

/// A redirect page sends readers to `to`.
fn redirects_to(page: &str, to: &str) -> bool {
    page.contains(&format!("url={to}\""))
        || page.contains(&format!("url={to}'"))
        || page.contains(&format!("href=\"{to}\""))
}

fn jekyll_site() -> Site {
    let old = Site::bare();
    old.file_as_is(
        "_config.yml",
        "title: Old Blog\ndescription: Releases.\nurl: https://example.org\n\
         timezone: America/New_York\npermalink: pretty\nplugins: [jekyll-feed]\nlang: en-us\n",
    )
    .file_as_is(
        "_posts/2024-05-01-first-release.md",
        "---\ntitle: First release\ndate: 2024-05-01 01:30:00 +0000\ncategories: [Release]\n\
         layout: post\n---\n\n\
         {% highlight ruby %}\nputs 1\n{% endhighlight %}\n\n\
         See [the next one]({% post_url 2024-06-01-second %}).\n\n\
         ![logo]({{ site.baseurl }}/assets/img/logo.png)\n\n\
         ![gone](/assets/img/gone.png)\n\n{% include note.html %}\n",
    )
    .file_as_is(
        "_posts/2024-06-01-second.md",
        "---\ntitle: Second\nredirect_from: [/old/second.html]\n---\n\nBody.\n",
    )
    .file_as_is("assets/img/logo.png", b"\x89PNG fake")
    .file_as_is("index.html", "<p>home</p>");
    old
}

#[test]
fn jekyll_old_urls_use_the_site_time_zone_and_become_redirects() {
    let old = jekyll_site();
    let run = import(&old, "new", &[]).ok();
    assert!(
        run.stdout
            .contains("from a Jekyll site (found _config.yml and _posts/)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("imported 2 posts into new"),
        "{}",
        run.stderr
    );
    let new = old.parent().join("new");
    let post = std::fs::read_to_string(new.join("content/posts/first-release/index.md")).unwrap();
    // 01:30 UTC is 21:30 the day before in New York: Jekyll's URL said 30 April.
    assert!(
        post.contains("publishDate: 2024-04-30T21:30:00-04:00\n"),
        "{post}"
    );
    assert!(
        post.contains("legacyUrl:\n  - '/release/2024/04/30/first-release/'\n"),
        "{post}"
    );
    assert!(post.contains("categories:\n  - 'Release'\n"), "{post}");
    assert!(!post.contains("layout"), "{post}");
    assert!(post.contains("```ruby\nputs 1\n```"), "{post}");
    assert!(post.contains("[the next one](/2024/06/second/)"), "{post}");
    assert!(post.contains("![logo](/assets/img/logo.png)"), "{post}");
    assert_eq!(
        std::fs::read(new.join("static/assets/img/logo.png")).unwrap(),
        b"\x89PNG fake"
    );
    let config = std::fs::read_to_string(new.join("bulletin.yaml")).unwrap();
    for line in [
        "title: 'Old Blog'\n",
        "base_url: 'https://example.org/'\n",
        "language: 'en-US'\n",
        "heading_ids: github\n",
        "  '/feed.xml': atom\n",
    ] {
        assert!(config.contains(line), "{line:?} not in:\n{config}");
    }
    let report = std::fs::read_to_string(new.join("import-report.md")).unwrap();
    assert!(
        report.contains("/assets/img/gone.png is not in the old site's root"),
        "{report}"
    );
    assert!(
        report.contains("_posts/2024-05-01-first-release.md:18: "),
        "{report}"
    );
    assert!(report.contains("`layout` (1 post)"), "{report}");

    let out = build(&new);
    let redirect = text(&out, "release/2024/04/30/first-release/index.html");
    assert!(
        redirects_to(&redirect, "https://example.org/2024/04/first-release/"),
        "{redirect}"
    );
    assert!(redirects_to(
        &text(&out, "old/second.html"),
        "https://example.org/2024/06/second/"
    ));
    assert!(text(&out, "feed.xml").contains("<feed"));
    assert!(out.contains_key("assets/img/logo.png"));
    assert!(text(&out, "2024/04/first-release/index.html").contains("First release"));
}

#[test]
fn keep_urls_gives_each_post_its_old_url() {
    let old = jekyll_site();
    import(&old, "kept", &["--keep-urls"]).ok();
    let new = old.parent().join("kept");
    let config = std::fs::read_to_string(new.join("bulletin.yaml")).unwrap();
    let post = std::fs::read_to_string(new.join("content/posts/second/index.md")).unwrap();
    // One pattern for both is not possible (one has a category): the pattern keeps one,
    // the other post has its own permalink.
    let pattern = config
        .lines()
        .find(|l| l.starts_with("permalink: "))
        .unwrap();
    let other = if pattern.contains("release") {
        &post
    } else {
        &std::fs::read_to_string(new.join("content/posts/first-release/index.md")).unwrap()
    };
    assert!(other.contains("\npermalink: '/"), "{config}\n{other}");
    assert!(
        !post.contains("legacyUrl:\n  - '/2024/06/01/second/'"),
        "{post}"
    );
    let out = build(&new);
    assert!(text(&out, "release/2024/04/30/first-release/index.html").contains("First release"));
    assert!(text(&out, "2024/06/01/second/index.html").contains("Second"));
    assert!(redirects_to(
        &text(&out, "old/second.html"),
        "https://example.org/2024/06/01/second/"
    ));
}

#[test]
fn hugo_permalinks_bundles_relative_aliases_and_shortcodes() {
    let old = Site::bare();
    old.file_as_is(
        "hugo.toml",
        "baseURL = 'https://example.org/blog/'\ntitle = 'Hugo Blog'\ntimeZone = 'Europe/Oslo'\n\
         [permalinks]\nposts = '/:year/:month/:slug/'\n[params]\ndescription = 'News'\n",
    )
    .file_as_is(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2024-05-01T10:00:00\nslug: Slug-A\naliases: [old-a]\nrelease: {version: '1.2.0', kind: security}\nguid: 'urn:x:1'\n---\n\n\
         Read {{< ref \"b\" >}}.\n\n{{< myown abc >}}\n",
    )
    .file_as_is(
        "content/posts/b/index.md",
        "---\ntitle: B post\ndate: 2024-06-02\n---\n\n![shot](shot.png)\n",
    )
    .file_as_is("content/posts/b/shot.png", b"png")
    .file_as_is(
        "content/posts/_index.md",
        "---\ntitle: Posts\naliases: [releases, /old-news/]\n---\n",
    )
    .file_as_is("content/about.md", "---\ntitle: About\n---\n");
    let run = import(&old, "new", &[]).ok();
    assert!(
        run.stdout
            .contains("Hugo's permalinks (posts = `/:year/:month/:slug/`)"),
        "{}",
        run.stdout
    );
    let new = old.parent().join("new");
    let a = std::fs::read_to_string(new.join("content/posts/slug-a/index.md")).unwrap();
    // A time without an offset is in the config's zone: Oslo, summer time.
    assert!(
        a.contains("publishDate: 2024-05-01T10:00:00+02:00\n"),
        "{a}"
    );
    // Hugo made the URL lower case, which is Bulletin's URL too; the relative alias is
    // beside the page.
    assert!(a.contains("legacyUrl:\n  - '/2024/05/old-a/'\n---"), "{a}");
    assert!(a.contains("Read /2024/06/b-post/."), "{a}");
    assert!(
        a.contains("release:\n  version: '1.2.0'\n  kind: 'security'\nguid: 'urn:x:1'\n"),
        "{a}"
    );
    assert!(new.join("content/posts/b-post/shot.png").is_file());
    let config = std::fs::read_to_string(new.join("bulletin.yaml")).unwrap();
    assert!(
        config.contains("base_url: 'https://example.org/blog/'\n"),
        "{config}"
    );
    assert!(
        config.contains("  '/index.xml': rss\n  '/posts/index.xml': rss\n"),
        "{config}"
    );
    let report = std::fs::read_to_string(new.join("import-report.md")).unwrap();
    assert!(
        report.contains("content/posts/_index.md: section files"),
        "{report}"
    );
    assert!(report.contains("content/posts/a.md:12: "), "{report}");

    let out = build(&new);
    assert!(redirects_to(
        &text(&out, "2024/05/old-a/index.html"),
        "https://example.org/blog/2024/05/slug-a/"
    ));
    assert!(text(&out, "posts/index.xml").contains("<rss"));
    // The old listing and its aliases go to Bulletin's; `/releases/` is the new site's
    // own page (post A announces a release), so that alias is left out, and listed.
    assert!(
        config.contains("redirects:\n  '/old-news/': '/blog/'\n  '/posts/': '/blog/'\n#"),
        "{config}"
    );
    assert!(
        report
            .contains("the old listing page /releases/ is left out: the new site has a page there"),
        "{report}"
    );
    assert!(text(&out, "releases/index.html").contains("1.2.0"));
    for old_listing in ["posts/index.html", "old-news/index.html"] {
        assert!(
            redirects_to(&text(&out, old_listing), "https://example.org/blog/blog/"),
            "{old_listing}"
        );
    }
    assert!(out.contains_key("2024/06/b-post/shot.png"));
}

#[test]
fn zola_sections_paths_and_internal_links() {
    let old = Site::bare();
    old.file_as_is(
        "config.toml",
        "base_url = \"https://zola.example\"\ntitle = \"Z\"\ngenerate_feeds = true\n",
    )
    .file_as_is("content/blog/_index.md", "+++\nsort_by = \"date\"\n+++\n")
    .file_as_is(
        "content/blog/2024-01-02-Hello.World.md",
        "+++\ntitle = \"Hello\"\ndate = 2024-01-02\n[taxonomies]\ntags = [\"x\"]\n+++\n\n\
         See [the other](@/blog/custom.md).\n",
    )
    .file_as_is(
        "content/blog/custom.md",
        "+++\ntitle = \"Custom\"\ndate = 2024-02-03T04:05:06Z\npath = \"elsewhere/page\"\n+++\n\nText.\n",
    );
    import(&old, "new", &[]).ok();
    let new = old.parent().join("new");
    let hello = std::fs::read_to_string(new.join("content/posts/hello-world/index.md")).unwrap();
    assert!(
        hello.contains("legacyUrl:\n  - '/blog/hello-world/'\n"),
        "{hello}"
    );
    assert!(hello.contains("tags:\n  - 'x'\n"), "{hello}");
    assert!(hello.contains("[the other](/2024/02/page/)"), "{hello}");
    let custom = std::fs::read_to_string(new.join("content/posts/page/index.md")).unwrap();
    assert!(
        custom.contains("publishDate: 2024-02-03T04:05:06+00:00\n"),
        "{custom}"
    );
    assert!(
        custom.contains("legacyUrl:\n  - '/elsewhere/page/'\n"),
        "{custom}"
    );
    let config = std::fs::read_to_string(new.join("bulletin.yaml")).unwrap();
    assert!(config.contains("heading_ids: zola\n"), "{config}");
    assert!(
        !config.contains("legacy_feeds"),
        "atom.xml is Bulletin's own: {config}"
    );
    import(&old, "kept", &["--keep-urls"]).ok();
    let out = build(&old.parent().join("kept"));
    assert!(text(&out, "blog/hello-world/index.html").contains("Hello"));
    assert!(text(&out, "elsewhere/page/index.html").contains("Custom"));
}

#[test]
fn a_folder_of_markdown_with_old_urls_pattern() {
    let old = Site::bare();
    old.file_as_is("2019-03-04-one.md", "---\ntitle: One\n---\n\nText.\n")
        .file_as_is("2019-05-06-two.md", "# Two\n\nNo front matter.\n");
    let run = run_in(
        old.parent(),
        &[
            "import",
            "site",
            "new",
            "--old-urls",
            "/news/{year}/{slug}.html",
        ],
    )
    .ok();
    assert!(run.stdout.contains("plain Markdown"), "{}", run.stdout);
    let two = std::fs::read_to_string(old.parent().join("new/content/posts/two/index.md")).unwrap();
    assert!(
        two.starts_with("---\ntitle: 'Two'\npublishDate: 2019-05-06\n"),
        "{two}"
    );
    assert!(
        two.contains("legacyUrl:\n  - '/news/2019/two.html'\n"),
        "{two}"
    );
    assert!(
        !two.contains("# Two"),
        "the title heading is the title: {two}"
    );
}

#[test]
fn without_old_urls_the_report_says_how_to_give_them() {
    let old = Site::bare();
    old.file_as_is("posts/2019-03-04-one.md", "---\ntitle: One\n---\n\nText.\n");
    let run = import(&old, "new", &[]).ok();
    assert!(
        run.stdout
            .contains("1 post without an old URL: pass `--old-urls"),
        "{}",
        run.stdout
    );
}

/// Each generator is recognised from its files, and its routes are the old URLs.
#[test]
fn generators_recognised_from_their_files() {
    /// The old site's files, what the report says was found, the old URL.
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: [Case<'_>; 4] = [
        (
            &[
                ("next.config.mjs", "export default {}\n"),
                ("pages/blog/launch.md", ""),
            ],
            "Next.js site (found next.config.mjs)",
            "/blog/launch",
        ),
        (
            &[
                ("astro.config.mjs", "export default {}\n"),
                ("src/content/blog/launch.md", ""),
            ],
            "Astro site (found astro.config.mjs)",
            "/blog/launch/",
        ),
        (
            &[
                ("docs/.vuepress/config.js", "module.exports = {}\n"),
                ("docs/blog/launch.md", ""),
            ],
            "VuePress site (found docs/.vuepress/)",
            "/blog/launch.html",
        ),
        (
            &[
                ("config.toml", "baseURL = 'https://x.org/'\n"),
                ("content/posts/launch.md", ""),
            ],
            "Hugo site (found config.toml and content/)",
            "/posts/launch/",
        ),
    ];
    for (files, found, url) in cases {
        let old = Site::bare();
        for (rel, text) in files {
            let text = if text.is_empty() {
                "---\ntitle: Launch\ndate: 2024-03-04\n---\n\nHello.\n"
            } else {
                text
            };
            old.file_as_is(rel, text);
        }
        let run = import(&old, "new", &[]).ok();
        assert!(run.stdout.contains(found), "{found}:\n{}", run.stdout);
        let post = std::fs::read_to_string(old.parent().join("new/content/posts/launch/index.md"))
            .unwrap();
        assert!(
            post.contains(&format!("legacyUrl:\n  - '{url}'\n")),
            "{found}: {post}"
        );
    }
}

/// Author data comes over as author files: Astro's collection of one file per author,
/// and per-post keys (VuePress's `author_image`, `author_site`).
#[test]
fn author_data_becomes_author_files() {
    let old = Site::bare();
    old.file_as_is("astro.config.mjs", "export default {}\n")
        .file_as_is(
            "src/content/authors/jane.json",
            r#"{"name": "Jane Doe", "github": "jane", "featured": true, "pronouns": "she"}"#,
        )
        .file_as_is("src/content/authors/nobody.json", r#"{"name": "No Posts"}"#)
        .file_as_is(
            "src/content/blog/a.md",
            "---\ntitle: A\npubDate: 2024-01-02\nauthor: jane\n---\n\nA.\n",
        )
        .file_as_is(
            "src/content/blog/b.md",
            "---\ntitle: B\npubDate: 2024-01-03\nauthor: Sam Roe\nauthor_site: https://sam.example\n\
             author_image: https://sam.example/me.png\n---\n\nB.\n",
        );
    let run = import(&old, "new", &[]).ok();
    assert!(
        run.stdout
            .contains("from an Astro site (found astro.config.mjs)"),
        "{}",
        run.stdout
    );
    let new = old.parent().join("new");
    let jane = std::fs::read_to_string(new.join("content/authors/jane.yaml")).unwrap();
    assert_eq!(
        jane,
        "name: 'Jane Doe'\ngithub: 'jane'\nfeatured: true\n'pronouns': \"she\"\n"
    );
    let sam = std::fs::read_to_string(new.join("content/authors/sam-roe.yaml")).unwrap();
    assert_eq!(
        sam,
        "name: 'Sam Roe'\navatar: 'https://sam.example/me.png'\nwebsite: 'https://sam.example'\n"
    );
    assert!(!new.join("content/authors/nobody.yaml").exists());
    let b = std::fs::read_to_string(new.join("content/posts/b/index.md")).unwrap();
    assert!(!b.contains("author_site"), "{b}");
    let out = build(&new);
    assert!(text(&out, "authors/jane/index.html").contains("Jane Doe"));
    assert!(text(&out, "authors/sam-roe/index.html").contains("https://sam.example"));
}

/// A Hugo page written in HTML comes over as a post whose body is that HTML, with its
/// bundle's files; blank lines do not end it (an indented line stays HTML, not code).
#[test]
fn a_page_written_in_html_is_imported() {
    let old = Site::bare();
    old.file_as_is("hugo.toml", "baseURL = 'https://x.org/'\n")
        .file_as_is(
            "content/news/bench/index.html",
            "---\ntitle: Benchmarks\ndate: 2020-12-10\n---\n\n<p>Intro</p>\n\n    <table><tr><td>1</td></tr></table>\n\n\
             <pre>a\n\nb</pre>\n<img src=\"chart.png\">\n",
        )
        .file_as_is("content/news/bench/chart.png", b"png")
        .file_as_is("content/news/other.md", "---\ntitle: Other\ndate: 2020-12-11\n---\n\nSee [bench](/news/bench/).\n");
    let run = import(&old, "new", &[]).ok();
    assert!(run.stdout.contains("1 page written in HTML imported as posts whose body is that HTML: content/news/bench/index.html"), "{}", run.stdout);
    assert!(!run.stdout.contains("Files not imported"), "{}", run.stdout);
    let new = old.parent().join("new");
    let out = build(&new);
    let page = text(&out, "2020/12/bench/index.html");
    assert!(
        page.contains("<table><tr><td>1</td></tr></table>"),
        "{page}"
    );
    assert!(!page.contains("<code>&lt;table"), "{page}");
    assert!(page.contains("<pre>a\n&#32;\nb</pre>"), "{page}");
    assert!(out.contains_key("2020/12/bench/chart.png"));
    assert!(text(&out, "2020/12/other/index.html").contains("href=\"/2020/12/bench/\""));
    assert!(redirects_to(
        &text(&out, "news/bench/index.html"),
        "https://x.org/2020/12/bench/"
    ));
}

/// What the old generator reads as a post, the import reads: Jekyll's titles from file
/// names, its any-character names, not its undated files; not Hugo's translations, nor
/// Next.js's route templates.
#[test]
fn posts_as_their_generator_reads_them() {
    let old = Site::bare();
    old.file_as_is("_config.yml", "title: T\npermalink: pretty\n")
        .file_as_is(
            "_posts/2024-03-04-big-news.md",
            "---\ncategories: [x]\n---\n\nBody.\n",
        )
        .file_as_is(
            "_posts/2024-03-05-hello world.md",
            "---\ntitle: Hi\n---\n\nBody.\n",
        )
        .file_as_is("_posts/notes.md", "---\ntitle: Notes\n---\n\nNot a post.\n");
    let run = import(&old, "new", &[]).ok();
    let new = old.parent().join("new");
    let big = std::fs::read_to_string(new.join("content/posts/big-news/index.md")).unwrap();
    assert!(big.starts_with("---\ntitle: 'Big News'\n"), "{big}");
    let hello = std::fs::read_to_string(new.join("content/posts/hello-world/index.md")).unwrap();
    assert!(
        hello.contains("legacyUrl:\n  - '/2024/03/05/hello-world/'\n"),
        "{hello}"
    );
    assert!(
        run.stdout.contains("_posts/notes.md: not posts for Jekyll"),
        "{}",
        run.stdout
    );

    let hugo = Site::bare();
    hugo.file_as_is(
        "hugo.toml",
        "defaultContentLanguage = 'en'\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n",
    )
    .file_as_is(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2024-01-01\n---\nA\n",
    )
    .file_as_is(
        "content/posts/a.fr.md",
        "---\ntitle: Un\ndate: 2024-01-01\n---\nUn\n",
    )
    .file_as_is(
        "content/posts/untitled-toml/index.md",
        "+++\ndate = 2024-02-01\n[extra]\nx = 1\n+++\nT\n",
    )
    .file_as_is(
        "content/posts/untitled_yaml.md",
        "---\ndate: 2024-02-02\n---\nY\n",
    );
    let run = import(&hugo, "new", &[]).ok();
    assert!(
        run.stdout.contains("content/posts/a.fr.md: translations"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .starts_with("# Import report\n\nImported 3 posts "),
        "{}",
        run.stdout
    );
    let new = hugo.parent().join("new");
    let toml = std::fs::read_to_string(new.join("content/posts/untitled-toml/index.md")).unwrap();
    assert!(toml.starts_with("---\ntitle: 'Untitled Toml'\n"), "{toml}");
    assert!(toml.contains("extra:\n  'x': 1\n"), "{toml}");
    let yaml = std::fs::read_to_string(new.join("content/posts/untitled_yaml/index.md")).unwrap();
    assert!(yaml.starts_with("---\ntitle: 'Untitled Yaml'\n"), "{yaml}");

    let next = Site::bare();
    next.file_as_is("next.config.js", "")
        .file_as_is(
            "pages/blog/[slug].md",
            "---\ntitle: T\ndate: 2024-01-01\n---\n",
        )
        .file_as_is(
            "pages/blog/real.md",
            "---\ntitle: R\ndate: 2024-01-01\n---\n",
        );
    let run = import(&next, "new", &[]).ok();
    assert!(
        run.stdout.contains("pages/blog/[slug].md: route templates"),
        "{}",
        run.stdout
    );
}

/// MDX comes over as Markdown and HTML: imports and comments left out, a callout an
/// aside, a component that cannot be kept listed at its line.
#[test]
fn mdx_becomes_markdown() {
    let old = Site::bare();
    old.file_as_is("astro.config.mjs", "export default {}\n").file_as_is(
        "src/content/blog/launch.mdx",
        "---\ntitle: Launch\npubDate: 2024-01-02\n---\nimport Chart from '../../components/Chart.astro';\n\n\
         {/* a comment */}\n\n<Note>\nRead this.\n</Note>\n\n<Chart data={[1, 2]} />\n\nText.\n",
    );
    let run = import(&old, "new", &[]).ok();
    assert!(
        run.stdout
            .contains("- src/content/blog/launch.mdx:13: MDX component <Chart> is left out"),
        "{}",
        run.stdout
    );
    let post =
        std::fs::read_to_string(old.parent().join("new/content/posts/launch/index.md")).unwrap();
    assert!(
        !post.contains("import ") && !post.contains("{/*") && !post.contains("<Chart"),
        "{post}"
    );
    assert!(
        post.contains("<aside class=\"callout callout-note\">"),
        "{post}"
    );
    build(&old.parent().join("new"));
}

/// Hugo's config folder: `config/_default/hugo.yaml` with `permalinks.toml` and
/// `params.toml` beside it, each one key of the config.
#[test]
fn hugo_config_folder() {
    let old = Site::bare();
    old.file_as_is(
        "config/_default/hugo.yaml",
        "baseURL: https://h.example/\ntitle: H\n",
    )
    .file_as_is(
        "config/_default/permalinks.toml",
        "posts = '/blog/:year/:slug/'\n",
    )
    .file_as_is(
        "config/_default/params.toml",
        "mainSections = ['posts']\ndescription = 'D'\n",
    )
    .file_as_is(
        "content/posts/first.md",
        "---\ntitle: First\ndate: 2024-01-02\n---\nA\n",
    )
    .file_as_is(
        "content/docs/page.md",
        "---\ntitle: Docs\ndate: 2024-01-02\n---\nB\n",
    );
    let run = import(&old, "new", &[]).ok();
    assert!(
        run.stdout
            .contains("Hugo site (found config/_default/hugo.yaml and content/)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Imported 1 post "),
        "mainSections: {}",
        run.stdout
    );
    let new = old.parent().join("new");
    let post = std::fs::read_to_string(new.join("content/posts/first/index.md")).unwrap();
    assert!(
        post.contains("legacyUrl:\n  - '/blog/2024/first/'\n"),
        "{post}"
    );
    let config = std::fs::read_to_string(new.join("bulletin.yaml")).unwrap();
    assert!(
        config.contains("description: 'D'\n")
            && config.contains("base_url: 'https://h.example/'\n"),
        "{config}"
    );
}
