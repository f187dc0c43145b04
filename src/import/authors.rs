//! The old site's author data as Bulletin author files: Jekyll's `_data/authors.yml`,
//! Hugo's `data/authors.*`, and per-post keys such as VuePress's `author_site` and
//! `author_image`. Only authors some post names get a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::old_site::{OldSite, read_config};
use crate::content::authors::AuthorInfo;
use crate::error::Diagnostic;

/// Per-post keys that describe the post's (one) author, and the field each fills.
const POST_KEYS: [(&str, Field); 10] = [
    ("author_site", Field::Website),
    ("author_url", Field::Website),
    ("author_link", Field::Website),
    ("author_website", Field::Website),
    ("author_image", Field::Avatar),
    ("author_avatar", Field::Avatar),
    ("author_img", Field::Avatar),
    ("author_github", Field::Github),
    ("author_bio", Field::Bio),
    ("author_mastodon", Field::Mastodon),
];

#[derive(Debug, Clone, Copy)]
enum Field {
    Name,
    Bio,
    Github,
    Avatar,
    Website,
    Mastodon,
    Bluesky,
}

/// The field a key of an author's data fills.
fn field_of(key: &str) -> Option<Field> {
    Some(match key {
        "name" | "display_name" | "full_name" => Field::Name,
        "bio" | "description" | "about" => Field::Bio,
        "github" => Field::Github,
        "avatar" | "image" | "picture" | "photo" => Field::Avatar,
        "website" | "url" | "web" | "site" | "homepage" => Field::Website,
        "mastodon" => Field::Mastodon,
        "bluesky" => Field::Bluesky,
        _ => return None,
    })
}

fn set(info: &mut AuthorInfo, field: Field, value: &str) {
    let slot = match field {
        Field::Name => &mut info.name,
        Field::Bio => &mut info.bio,
        Field::Github => &mut info.github,
        Field::Avatar => &mut info.avatar,
        Field::Website => &mut info.website,
        Field::Mastodon => &mut info.mastodon,
        Field::Bluesky => &mut info.bluesky,
    };
    if slot.is_empty() {
        *slot = value.trim().to_string();
    }
}

fn empty(name: &str) -> AuthorInfo {
    AuthorInfo {
        name: name.to_string(),
        bio: String::new(),
        github: String::new(),
        avatar: String::new(),
        bluesky: String::new(),
        mastodon: String::new(),
        website: String::new(),
        featured: false,
        extra: Map::new(),
    }
}

/// The authors of the data files, by id: a map of id → fields, or a list of entries
/// with an `id` (or a `name`).
fn from_data(
    src: &Path,
    old: &OldSite,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, AuthorInfo> {
    let mut out = BTreeMap::new();
    for rel in &old.author_data {
        // A folder holds one file per author (Astro's collection, Hugo's
        // `data/authors/`), named by id; a file maps ids to authors.
        let entries: Vec<(String, Value)> = if src.join(rel).is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(src.join(rel))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| {
                        ["json", "yaml", "yml", "toml"].contains(&&*e.to_string_lossy())
                    })
                })
                .collect();
            files.sort();
            files
                .iter()
                .filter_map(|f| {
                    let id = f.file_stem()?.to_string_lossy().into_owned();
                    let map = read_or_warn(src, &rel.join(f.file_name()?), problems)?;
                    Some((id, Value::Object(map)))
                })
                .collect()
        } else {
            read_or_warn(src, rel, problems)
                .map(|m| m.into_iter().collect())
                .unwrap_or_default()
        };
        for (id, v) in entries {
            let Value::Object(fields) = v else { continue };
            let mut info = empty(&id);
            info.name.clear();
            for (k, v) in &fields {
                match (field_of(k), v) {
                    (Some(f), Value::String(s)) => set(&mut info, f, s),
                    (None, Value::Bool(b)) if k == "featured" => info.featured = *b,
                    _ => {
                        info.extra.insert(k.clone(), v.clone());
                    }
                }
            }
            if info.name.is_empty() {
                info.name = id.clone();
            }
            out.insert(id, info);
        }
    }
    out
}

/// A data file read, or a warning (the import goes on without it).
fn read_or_warn(
    src: &Path,
    rel: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Option<Map<String, Value>> {
    match read_config(src, rel) {
        Ok(m) => Some(m),
        Err(mut d) => {
            // Named as in the old site, as the report names every file.
            d.severity = crate::error::Severity::Warning;
            d.file = Some(rel.to_path_buf());
            problems.push(d);
            None
        }
    }
}

/// The author files to write, by id, for the authors posts name (`names` of each post,
/// with its kept front matter keys, from which the per-post author keys are taken out).
pub(super) fn collect<'a>(
    src: &Path,
    old: &OldSite,
    posts: impl Iterator<Item = (&'a [String], &'a mut Map<String, Value>)>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, AuthorInfo)> {
    let data = from_data(src, old, problems);
    let mut by_name: BTreeMap<String, String> = BTreeMap::new();
    for (id, info) in &data {
        by_name.insert(info.name.to_lowercase(), id.clone());
    }
    let mut out: BTreeMap<String, AuthorInfo> = BTreeMap::new();
    for (names, extra) in posts {
        for name in names {
            let id = data
                .get(name)
                .map(|_| name.clone())
                .or_else(|| by_name.get(&name.to_lowercase()).cloned());
            if let Some(id) = id {
                out.entry(id.clone()).or_insert_with(|| data[&id].clone());
            }
        }
        let mut fields: Vec<(Field, String)> = Vec::new();
        for (key, field) in POST_KEYS {
            if let Some(Value::String(s)) = extra.remove(key)
                && !s.trim().is_empty()
            {
                fields.push((field, s));
            }
        }
        if let ([name], false) = (names, fields.is_empty()) {
            let id = by_name
                .get(&name.to_lowercase())
                .cloned()
                .unwrap_or_else(|| crate::url::slugify(name));
            let info = out.entry(id).or_insert_with(|| empty(name));
            for (field, value) in fields {
                set(info, field, &value);
            }
        }
    }
    // An id is a file name: one that could leave the folder, or hide, is made a slug.
    (out.into_iter())
        .map(|(id, info)| {
            let safe = crate::url::is_plain_segment(&id) && !id.starts_with('.');
            (if safe { id } else { crate::url::slugify(&id) }, info)
        })
        .collect::<BTreeMap<_, _>>()
        .into_iter()
        .collect()
}
