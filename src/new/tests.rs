//! Unit tests of `bulletin new`: slugs and the outline's front matter.

use super::outline::{NewPost, front_matter};
use super::*;

#[test]
fn slugs_follow_the_corpus() {
    assert_eq!(
        title_slug("Python 3.12.0 release candidate 1 released"),
        "python-3120-release-candidate-1-released"
    );
    assert_eq!(
        title_slug("It's time for another set of Python releases"),
        "its-time-for-another-set-of-python-releases"
    );
    assert_eq!(
        title_slug("Python 3.9.2rc1 and 3.8.8rc1"),
        "python-392rc1-and-388rc1"
    );
    assert_eq!(title_slug("..."), "x");
}

#[test]
fn front_matter_quotes_what_yaml_would_misread() {
    let fm = front_matter(&NewPost {
        title: "Python 3.10: it's here",
        date: "2024-01-02",
        author: Some("Łukasz"),
        tags: &["releases".into(), "3.10".into()],
        slug: "x",
        draft: true,
    });
    assert!(fm.contains("title: 'Python 3.10: it''s here'\n"), "{fm}");
    assert!(fm.contains("  - '3.10'\n"), "{fm}");
    assert!(fm.contains("published: false\n"), "{fm}");
}

mod rewrite;
