//! The outline `bulletin new TITLE` writes: its front matter, and the body made from the
//! theme's (or the site's) `new.md` template. `check` asks for the outline's sentences
//! to warn about a published post that still holds one.

use serde::Serialize;

use crate::content::front_matter::quote;

/// What the body template is given.
#[derive(Serialize)]
pub(super) struct NewPost<'a> {
    pub(super) title: &'a str,
    pub(super) date: &'a str,
    pub(super) author: Option<&'a str>,
    pub(super) tags: &'a [String],
    pub(super) slug: &'a str,
    pub(super) draft: bool,
}

/// The lines a body made from the site's `new.md` holds that a finished post would
/// not: the outline's own sentences and list items (headings and short lines left
/// out, since a real post may share them). `check` warns about a published post that
/// still holds one.
pub fn outline_lines(tera: &tera::Tera) -> Vec<String> {
    let post = NewPost {
        title: "Example 1.0 released",
        date: "2024-01-01",
        author: Some("Example Author"),
        tags: &[],
        slug: "example-10-released",
        draft: true,
    };
    let mut ctx = tera::Context::new();
    ctx.insert("post", &post);
    let Ok(body) = tera.render("new.md", &ctx) else {
        return Vec::new();
    };
    (body.lines())
        .map(|l| l.trim().trim_start_matches(['-', '*', ' ']).trim())
        .filter(|l| !l.starts_with('#') && l.chars().count() >= 24)
        .map(str::to_string)
        .collect()
}

/// The front matter, in the spellings the README lists first.
pub(super) fn front_matter(p: &NewPost<'_>) -> String {
    let mut s = String::from("---\n");
    s.push_str(&format!("title: {}\n", quote(p.title)));
    s.push_str(&format!("publishDate: {}\n", quote(p.date)));
    if let Some(author) = p.author {
        s.push_str(&format!("author: {}\n", quote(author)));
    }
    s.push_str("description: ''\n");
    if p.tags.is_empty() {
        s.push_str("tags: []\n");
    } else {
        s.push_str("tags:\n");
        for t in p.tags {
            s.push_str(&format!("  - {}\n", quote(t)));
        }
    }
    s.push_str(&format!("published: {}\n", !p.draft));
    s.push_str("---\n");
    s
}
