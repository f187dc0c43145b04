//! Author files: `content/authors/<id>.json` or `<id>.yaml`. The id (the file name) is
//! the author's URL segment; posts name an author by `name` or by id.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::front_matter;
use crate::error::Diagnostic;

/// One author, as read from a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorInfo {
    /// Display name; what posts usually write in `author`.
    pub name: String,
    /// A sentence or two.
    #[serde(default)]
    pub bio: String,
    /// GitHub user name.
    #[serde(default)]
    pub github: String,
    /// Avatar image URL (may be empty).
    #[serde(default)]
    pub avatar: String,
    /// Bluesky handle or URL.
    #[serde(default)]
    pub bluesky: String,
    /// Mastodon profile URL.
    #[serde(default)]
    pub mastodon: String,
    /// Personal website.
    #[serde(default)]
    pub website: String,
    /// Shown first on the authors page.
    #[serde(default)]
    pub featured: bool,
    /// Other keys, for templates.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// An author file read: its id and contents.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthorFile {
    /// The file stem.
    pub id: String,
    /// The file, as shown in messages.
    pub file: PathBuf,
    /// What it says.
    pub info: AuthorInfo,
}

/// Reads the author files found by discovery (paths relative to `source`).
pub fn load_authors(
    source: &Path,
    shown: &Path,
    files: &[PathBuf],
    diags: &mut Vec<Diagnostic>,
) -> Vec<AuthorFile> {
    let from = diags.len();
    let fence = crate::fsutil::Fence::new(source);
    let mut out: Vec<AuthorFile> = Vec::new();
    for rel in files {
        let file = shown.join(rel);
        let id = rel
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        if let Some(prev) = out.iter().find(|a| a.id == id) {
            diags.push(
                Diagnostic::error(format!(
                    "two files for author '{id}': {} and this one",
                    prev.file.display()
                ))
                .in_file(&file)
                .help("keep one file per author"),
            );
            continue;
        }
        if !crate::url::is_plain_segment(&id) {
            diags.push(
                Diagnostic::error(format!("author id '{id}' cannot be a URL segment"))
                    .in_file(&file)
                    .help("rename the file with letters, digits and dashes"),
            );
            continue;
        }
        let text = match fence.read_to_string(&source.join(rel)) {
            Ok(t) => t,
            Err(e) => {
                diags.push(e.diagnostic("read the author file", &file));
                continue;
            }
        };
        match parse_author(rel, &text) {
            Ok(info) if info.name.trim().is_empty() => diags.push(
                Diagnostic::error("the author's `name` is empty")
                    .in_file(&file)
                    .help("give the author a name"),
            ),
            Ok(info) => out.push(AuthorFile { id, file, info }),
            Err((msg, line, col)) => {
                let mut d = Diagnostic::error(format!("invalid author file: {msg}"))
                    .in_file(&file)
                    .help("an author file has `name` and, optionally, bio, github, avatar, bluesky, mastodon, website, featured");
                if let Some(line) = line {
                    d = d.at(line, col.unwrap_or(1));
                }
                diags.push(d);
            }
        }
    }
    crate::error::default_code(diags, from, "author-file");
    out
}

fn parse_author(
    rel: &Path,
    text: &str,
) -> Result<AuthorInfo, (String, Option<usize>, Option<usize>)> {
    if rel.extension().is_some_and(|e| e == "json") {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        serde_json::from_str(text).map_err(|e| {
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            (msg, Some(e.line()), Some(e.column()))
        })
    } else {
        front_matter::from_yaml(text).map_err(|e| (e.message, e.line, e.column))
    }
}

/// Initials for avatars without a picture: "Łukasz Langa" → "ŁL".
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let pick = match words.as_slice() {
        [] => Vec::new(),
        [one] => vec![*one],
        [first, .., last] => vec![*first, *last],
    };
    pick.iter()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_yaml() {
        let a = parse_author(Path::new("a.json"), r#"{"name": "A", "bio": "b", "x": 1}"#).unwrap();
        assert_eq!(a.name, "A");
        assert_eq!(a.extra["x"], 1);
        let a = parse_author(Path::new("a.yaml"), "name: B\nfeatured: true\n").unwrap();
        assert!(a.featured);
        let e = parse_author(Path::new("a.json"), "{\n\"bio\": 1\n}").unwrap_err();
        assert_eq!(e.1, Some(2));
    }

    #[test]
    fn initials_of_names() {
        assert_eq!(initials("Łukasz Langa"), "ŁL");
        assert_eq!(initials("haypo"), "H");
        assert_eq!(initials("Hugo van Kemenade"), "HK");
        assert_eq!(initials(""), "");
    }
}
