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
            Ok(info) if let Some((key, problem)) = bad_field(&info) => {
                let mut d = Diagnostic::error(format!("the author's {key} {problem}"))
                    .in_file(&file)
                    .help(LINK_HELP);
                if let Some((line, col)) = field_position(&text, &key) {
                    d = d.at(line, col);
                }
                diags.push(d);
            }
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

const LINK_HELP: &str = "website and mastodon are https://, http:// or mailto: links; github and \
     bluesky a handle or an https:// link; avatar an https:// link or a path of the site";

/// The first field of an author file that Bulletin will not publish as it is: a link
/// that is not a web or mail address (a `javascript:` or `data:` URL runs or shows
/// whatever it holds), or text holding a character feeds cannot carry.
fn bad_field(info: &AuthorInfo) -> Option<(String, String)> {
    const WEB_OR_MAIL: &[&str] = &["https://", "http://", "mailto:"];
    const WEB: &[&str] = &["https://", "http://"];
    let links: [(&'static str, &str, &[&str], Plain); 5] = [
        ("website", &info.website, WEB_OR_MAIL, Plain::No),
        ("mastodon", &info.mastodon, WEB_OR_MAIL, Plain::No),
        ("github", &info.github, WEB, Plain::Handle),
        ("bluesky", &info.bluesky, WEB, Plain::Handle),
        ("avatar", &info.avatar, WEB, Plain::SitePath),
    ];
    for (key, value, schemes, plain) in links {
        if let Some(problem) = link_problem(value, schemes, plain) {
            return Some((key.to_string(), problem));
        }
    }
    let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(info) else {
        return None;
    };
    fields.into_iter().find_map(|(key, value)| {
        let c = front_matter::forbidden_in_value(&value)?;
        Some((
            key,
            format!(
                "holds the character U+{:04X}, which feeds cannot carry",
                u32::from(c)
            ),
        ))
    })
}

/// What a link field may hold besides a link with one of its schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plain {
    /// Nothing else.
    No,
    /// A handle (`octocat`, `@a.bsky.social`), made into a link by the theme.
    Handle,
    /// A path of the site, from its root (`/img/ann.png`).
    SitePath,
}

/// What is wrong with a link value: a scheme not in `schemes`, a value without one
/// that is not the `plain` kind, or spaces, control characters and backslashes, which
/// browsers drop or mend and so could hide a scheme (`java\tscript:`) or a host
/// (`\\evil.example`).
fn link_problem(value: &str, schemes: &[&str], plain: Plain) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    if value
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return Some(format!(
            "{value:?} holds spaces, control characters or backslashes"
        ));
    }
    let lower = value.to_ascii_lowercase();
    if schemes
        .iter()
        .any(|s| lower.starts_with(s) && lower.len() > s.len())
    {
        return None;
    }
    let has_scheme = value
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|first| first.contains(':'));
    let fine = !has_scheme
        && !value.starts_with("//")
        && match plain {
            Plain::No => false,
            Plain::Handle => true,
            Plain::SitePath => value.starts_with('/'),
        };
    if fine {
        return None;
    }
    let allowed: Vec<&str> = schemes.iter().map(|s| s.trim_end_matches('/')).collect();
    let or_path = if plain == Plain::SitePath {
        " link or a path of the site from its root (/img/a.png)"
    } else {
        " link"
    };
    Some(format!(
        "{value:?} is not a {}{or_path}",
        allowed.join(" or ")
    ))
}

/// Where `key` is written in an author file, YAML or JSON: 1-based (line, column).
fn field_position(text: &str, key: &str) -> Option<(usize, usize)> {
    if let Some(at) = front_matter::key_position(text, key) {
        return Some(at);
    }
    let quoted = format!("\"{key}\"");
    text.lines().enumerate().find_map(|(i, line)| {
        let at = line.find(&quoted)?;
        line[at + quoted.len()..]
            .trim_start()
            .starts_with(':')
            .then(|| (i + 1, line[..at].chars().count() + 1))
    })
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
    fn only_web_and_mail_links_are_published() {
        let info = |yaml: &str| parse_author(Path::new("a.yaml"), yaml).unwrap();
        for bad in [
            "website: javascript:alert(1)",
            "website: JavaScript:alert(1)",
            "website: \"java\\tscript:alert(1)\"",
            "website: \" javascript:alert(1)\"",
            "website: data:text/html;base64,PHNjcmlwdD4=",
            "website: example.org",
            "website: //evil.example/",
            "mastodon: vbscript:x",
            "github: javascript:alert(1)",
            "bluesky: \"data:text/html,x\"",
            "avatar: javascript:alert(1)",
            "avatar: \"\\\\\\\\evil.example/a.png\"",
            "avatar: \"\\\\/evil.example/a.png\"",
            "avatar: img/a.png",
            "github: \"a\\\\b\"",
            "website: \"https://\"",
        ] {
            let yaml = format!("name: A\n{bad}\n");
            let found = bad_field(&info(&yaml));
            assert!(found.is_some(), "{bad}");
            let key = found.unwrap().0;
            assert_eq!(field_position(&yaml, &key).map(|p| p.0), Some(2), "{bad}");
        }
        for good in [
            "website: https://example.org/",
            "website: HTTP://example.org/",
            "website: mailto:a@example.org",
            "mastodon: https://fosstodon.org/@a",
            "github: octocat",
            "github: '@octocat'",
            "bluesky: a.bsky.social",
            "avatar: /img/a.png",
            "avatar: https://example.org/a.png",
        ] {
            let yaml = format!("name: A\n{good}\n");
            assert_eq!(bad_field(&info(&yaml)), None, "{good}");
        }
        let json = "{\n  \"name\": \"A\",\n  \"website\": \"javascript:x\"\n}";
        assert_eq!(field_position(json, "website"), Some((3, 3)));
        let info = parse_author(Path::new("a.json"), "{\"name\": \"A\\u0001\"}").unwrap();
        assert!(bad_field(&info).is_some_and(|(k, _)| k == "name"));
        let info = parse_author(
            Path::new("a.json"),
            "{\"name\": \"A\", \"x\": [\"\\uFFFF\"]}",
        )
        .unwrap();
        assert!(bad_field(&info).is_some_and(|(k, _)| k == "x"));
    }

    #[test]
    fn initials_of_names() {
        assert_eq!(initials("Łukasz Langa"), "ŁL");
        assert_eq!(initials("haypo"), "H");
        assert_eq!(initials("Hugo van Kemenade"), "HK");
        assert_eq!(initials(""), "");
    }
}
