//! The copy `new --from` makes: front matter settled as text, every mention replaced,
//! and what to check, at lines of the new file.

use crate::new::rewrite::{Edit, Rewritten, rewrite};
use crate::version::{Scheme, SeriesStyle, Version};

fn v(text: &str) -> Version {
    Version::parse(text, Scheme::Auto).unwrap()
}

/// The copy of `text` from `old` to `new`, dated 2023-09-06, a draft.
fn copy(text: &str, old: &str, new: &str) -> Rewritten {
    copy_with(text, old, new, Opts::default())
}

/// What a test changes of the edit.
#[derive(Default)]
struct Opts {
    date: Option<&'static str>,
    publish: bool,
    path_dated: bool,
    tags: Vec<String>,
    author: Option<&'static str>,
}

fn copy_with(text: &str, old: &str, new: &str, opts: Opts) -> Rewritten {
    try_copy_with(text, old, new, opts).unwrap_or_else(|e| panic!("{e}"))
}

/// [`copy_with`], its error given back.
fn try_copy_with(text: &str, old: &str, new: &str, opts: Opts) -> Result<Rewritten, String> {
    let (old, new) = (v(old), v(new));
    let (old_series, new_series) = (
        old.series(SeriesStyle::Minor),
        new.series(SeriesStyle::Minor),
    );
    let edit = Edit {
        old: &old,
        new: &new,
        old_series: (old_series != new_series).then_some(&old_series),
        new_series: &new_series,
        date: opts.date.unwrap_or("2023-09-06"),
        day: "2023-09-06",
        old_day: "2023-08-06",
        publish: opts.publish,
        path_dated: opts.path_dated,
        tags: &opts.tags,
        author: opts.author,
    };
    rewrite(text, &edit)
}

fn checks_at(r: &Rewritten, line: usize) -> Vec<&str> {
    (r.checks.iter())
        .filter(|c| c.line == line)
        .map(|c| c.why.as_str())
        .collect()
}

#[test]
fn front_matter_keeps_its_keys_quoting_and_order() {
    let text = "---\ntitle: Python 3.12.0rc1\npublishDate: '2023-08-06'\nupdatedDate: '2023-08-07'\n\
                author: A\npublished: true\nlegacyUrl: /2023/08/x.html\nguid: tag:1\n---\n\nBody \
                3.12.0rc1.\n";
    let r = copy(text, "3.12.0rc1", "3.12.0rc2");
    assert_eq!(
        r.text,
        "---\ntitle: Python 3.12.0rc2\npublishDate: '2023-09-06'\nauthor: A\npublished: false\n\
         ---\n\nBody 3.12.0rc2.\n"
    );
    let lines: Vec<(usize, &str)> = r.changes.iter().map(|c| (c.line, c.new.as_str())).collect();
    assert_eq!(lines, [(2, "3.12.0rc2"), (8, "3.12.0rc2")]);
    assert_eq!(r.ours, [3, 5]);
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("`updatedDate`, `legacyUrl`, `guid`")),
        "{:?}",
        r.notes
    );
}

#[test]
fn dates_keep_their_time_and_quotes() {
    let r = copy(
        "---\ntitle: 3.12.0\ndate: 2023-08-06 10:00:00 +0000\ndraft: false\n---\n",
        "3.12.0",
        "3.12.1",
    );
    assert_eq!(
        r.text,
        "---\ntitle: 3.12.1\ndate: 2023-09-06 10:00:00 +0000\ndraft: true\n---\n"
    );
    let r = copy_with(
        "---\ntitle: 3.12.0\npubDate: \"2023/08/06\"\npublished: false\n---\n",
        "3.12.0",
        "3.12.1",
        Opts {
            date: Some("2023-09-06T10:00:00+02:00"),
            publish: true,
            ..Opts::default()
        },
    );
    assert_eq!(
        r.text,
        "---\ntitle: 3.12.1\npubDate: \"2023-09-06T10:00:00+02:00\"\npublished: true\n---\n"
    );
}

#[test]
fn a_missing_draft_key_or_date_is_added() {
    let r = copy("---\ntitle: 3.12.0\n---\nx\n", "3.12.0", "3.12.1");
    assert_eq!(
        r.text,
        "---\ntitle: 3.12.1\npublishDate: '2023-09-06'\npublished: false\n---\nx\n"
    );
    // Hugo's `published` holding a date: the draft key is `draft`.
    let r = copy(
        "---\ntitle: 3.12.0\npublished: 2023-08-06\n---\n",
        "3.12.0",
        "3.12.1",
    );
    assert_eq!(
        r.text,
        "---\ntitle: 3.12.1\npublished: 2023-09-06\ndraft: true\n---\n"
    );
    // A dated file name gives the date; a post without front matter gets one.
    let r = copy_with(
        "# Python 3.12.0\r\n\r\nText\r\n",
        "3.12.0",
        "3.12.1",
        Opts {
            path_dated: true,
            ..Opts::default()
        },
    );
    assert_eq!(
        r.text,
        "---\r\npublished: false\r\n---\r\n# Python 3.12.1\r\n\r\nText\r\n"
    );
    assert_eq!(r.changes[0].line, 4);
}

#[test]
fn toml_front_matter_gets_toml_lines_before_its_tables() {
    let text = "+++\ntitle = \"Release 22.03\"\ndate = 2022-03-28\naliases = [\"/x/\"]\n\n\
                [taxonomies]\ntags = [\"release\"]\n+++\nHelix 22.03\n";
    let r = copy_with(
        text,
        "22.03",
        "22.05",
        Opts {
            author: Some("Ann"),
            ..Opts::default()
        },
    );
    assert_eq!(
        r.text,
        "+++\ntitle = \"Release 22.05\"\ndate = 2023-09-06\ndraft = true\nauthors = [\"Ann\"]\n\n\
         [taxonomies]\ntags = [\"release\"]\n+++\nHelix 22.05\n"
    );
}

#[test]
fn own_urls_are_kept_with_the_new_version_or_dropped() {
    let r = copy(
        "---\ntitle: Homebrew 4.1.0\npermalink: /2023/08/06/homebrew-4.1.0/\n---\n",
        "4.1.0",
        "4.2.0",
    );
    assert_eq!(
        r.text,
        "---\ntitle: Homebrew 4.2.0\npermalink: /2023/09/06/homebrew-4.2.0/\npublishDate: \
         '2023-09-06'\npublished: false\n---\n"
    );
    let r = copy(
        "---\ntitle: Homebrew 4.1.0\nslug: announcing\n---\n",
        "4.1.0",
        "4.2.0",
    );
    assert!(!r.text.contains("slug"), "{}", r.text);
    assert!(
        r.notes.iter().any(|n| n.starts_with("dropped `slug`")),
        "{:?}",
        r.notes
    );
}

#[test]
fn links_are_rewritten_or_kept_and_named() {
    let text = "---\ntitle: Python 3.12.0rc1\n---\n\
                [dl](https://www.python.org/downloads/release/python-3120rc1/)\n\
                ## [](https://discuss.python.org/t/python-3-12-0-release-candidate-1-released/31137#x)Call\n\
                [old](/2023/08/python-3120-release-candidate-1-released.html)\n";
    let r = copy(text, "3.12.0rc1", "3.12.0rc2");
    let body: Vec<&str> = r.text.lines().skip(5).collect();
    assert_eq!(
        body,
        [
            "[dl](https://www.python.org/downloads/release/python-3120rc2/)",
            "## [](https://discuss.python.org/t/python-3-12-0-release-candidate-1-released/31137#x)Call",
            "[old](/2023/08/python-3120-release-candidate-1-released.html)",
        ]
    );
    assert!(checks_at(&r, 7)[0].starts_with("link kept: https://discuss.python.org/t/"));
    assert!(checks_at(&r, 7)[0].contains("(31137)"));
    assert!(checks_at(&r, 8)[0].contains("(2023)"));
    assert!(checks_at(&r, 6).is_empty());
}

#[test]
fn what_replacing_finds_is_named_at_its_line() {
    let text = "---\ntitle: Python 3.12.0rc2\n---\nThe next will be 3.13.0a1.\n\
                Compared to 3.12 and 3.11.\nThis is release candidate 2.\n";
    let r = copy(text, "3.12.0rc2", "3.13.0a1");
    assert!(checks_at(&r, 6)[0].starts_with("it named 3.13.0a1 before the copy"));
    assert_eq!(
        checks_at(&r, 7),
        ["3.12, the old series (this post is of 3.13): keep it where 3.12 is meant"]
    );
    // The phase alone has no word in a final.
    let r = copy(text, "3.12.0rc2", "3.12.0");
    assert_eq!(
        checks_at(&r, 8),
        ["“release candidate 2” is said of 3.12.0rc2; 3.12.0 has no such phase: reword it"]
    );
    assert!(r.text.ends_with("This is release candidate 2.\n"));
}

#[test]
fn tags_and_authors_are_replaced_when_given() {
    let text = "---\ntitle: v20.0.0\nauthors:\n  - A\n  - B\ntags: [a]\nauthor_name: C\n---\n";
    let r = copy_with(
        text,
        "v20.0.0",
        "v20.0.1",
        Opts {
            tags: vec!["release".into(), "20".into()],
            author: Some("Rafael"),
            ..Opts::default()
        },
    );
    assert_eq!(
        r.text,
        "---\ntitle: v20.0.1\nauthor: 'Rafael'\ntags:\n  - 'release'\n  - '20'\n\
         publishDate: '2023-09-06'\npublished: false\n---\n"
    );
}

#[test]
fn front_matter_that_cannot_be_read_is_refused() {
    let (old, new) = (v("1.0.0"), v("1.0.1"));
    let series = old.series(SeriesStyle::Minor);
    let edit = Edit {
        old: &old,
        new: &new,
        old_series: None,
        new_series: &series,
        date: "2023-09-06",
        day: "2023-09-06",
        old_day: "2023-08-06",
        publish: false,
        path_dated: false,
        tags: &[],
        author: None,
    };
    assert!(rewrite("---\ntitle: 1.0.0\n", &edit).is_err());
    assert!(rewrite("---\ntitle: [1.0.0\n---\n", &edit).is_err());
    // Odd but readable texts do not panic.
    for text in ["", "---\n---\n", "\u{feff}---\ntitle: 1.0.0\n---", "1.0.0"] {
        assert!(rewrite(text, &edit).is_ok(), "{text:?}");
    }
}

/// Texts pieced together from the tokens the copy looks at: none may panic.
#[test]
fn pieced_together_texts_do_not_panic() {
    const TOKENS: [&str; 26] = [
        "3.12.0rc1",
        "](",
        "https://",
        "é",
        "«",
        "[",
        "]:",
        "href=\"",
        " ",
        "\n",
        "---\n",
        "+++\n",
        "title: ",
        "-",
        ".",
        "rc1",
        "3120rc1",
        "python-",
        "/31137",
        "\t",
        "2023-08-06",
        "release candidate 1",
        "\r\n",
        "published: true\n",
        "date = 2023-08-06\n",
        "3.12",
    ];
    let mut next = crate::testing::numbers(0x2545_f491_4f6c_dd1d);
    for _ in 0..3000 {
        let n = (next() % 24) as usize;
        let text: String = (0..n)
            .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
            .collect();
        for (old, new) in [
            ("3.12.0rc1", "3.12.0rc2"),
            ("3.12.0rc1", "3.13.0"),
            ("v20.0.0", "1.0.0-rc.1"),
        ] {
            let opts = Opts {
                author: Some("A"),
                ..Opts::default()
            };
            if let Ok(r) = try_copy_with(&text, old, new, opts) {
                let lines = r.text.lines().count().max(1);
                assert!(r.changes.iter().all(|c| c.line <= lines + 1), "{text:?}");
            }
        }
    }
}
