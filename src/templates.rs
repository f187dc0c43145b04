//! Templates: the default theme compiled into the binary, overridden file by file by
//! the site's own `templates/` and `static/`.
//!
//! Templates are parsed once per build (never per page). A site template that does
//! not parse is an error pointing at its file and line; it never silently falls back
//! to the default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::error::Diagnostic;
use crate::fsutil::{self, Fence, Walk};

mod keys;
pub use keys::ReadKeys;

mod theme {
    include!(concat!(env!("OUT_DIR"), "/theme.rs"));
}

/// The default theme's templates: (name, source).
pub fn default_templates() -> impl Iterator<Item = (&'static str, &'static str)> {
    theme::TEMPLATES
        .iter()
        .filter_map(|(name, bytes)| std::str::from_utf8(bytes).ok().map(|s| (*name, s)))
}

/// Where a template came from, for messages.
#[derive(Debug, Clone, Default)]
pub struct TemplateSources {
    /// Template name → the site file that defines it (absent: the default theme's).
    pub overrides: BTreeMap<String, PathBuf>,
    /// Template name → a fingerprint of its text and of every template it extends,
    /// includes or imports, directly or not: when it changes, pages rendered with the
    /// template may change.
    pub fingerprints: BTreeMap<String, u64>,
    /// The keys of a card the templates can read.
    pub read_keys: ReadKeys,
}

impl TemplateSources {
    /// How a template is named in messages: the site file, or `[default theme]/templates/<name>`.
    pub fn shown(&self, name: &str) -> String {
        match self.overrides.get(name) {
            Some(p) => p.display().to_string(),
            None => format!("[default theme]/templates/{name}"),
        }
    }
}

/// Loads the default templates, then the site's `templates/` over them.
pub fn load(source: &Path, shown: &Path, diags: &mut Vec<Diagnostic>) -> (Tera, TemplateSources) {
    let from = diags.len();
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.set_escape_fn(crate::escape::tera_escape);
    let mut all: BTreeMap<String, String> = default_templates()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    let mut sources = TemplateSources::default();
    let dir = source.join("templates");
    if dir.is_dir() {
        let fence = Fence::new(source);
        for found in fsutil::walk_files(&dir, Walk::Content(&fence)) {
            let path = match found {
                Ok(path) => path,
                Err(e) => {
                    diags.push(e.diagnostic(source, shown));
                    continue;
                }
            };
            let rel = path.strip_prefix(&dir).unwrap_or(&path);
            let shown_file = shown.join("templates").join(rel);
            let Some(name) = rel.to_str().map(|s| s.replace('\\', "/")) else {
                diags.push(
                    Diagnostic::error("template file name is not valid UTF-8").in_file(&shown_file),
                );
                continue;
            };
            match fence.read_to_string(&path) {
                Ok(text) => {
                    sources.overrides.insert(name.clone(), shown_file);
                    all.insert(name, text);
                }
                Err(e) => diags.push(e.diagnostic("read the template", &shown_file)),
            }
        }
    }
    sources.fingerprints = fingerprints(&all);
    sources.read_keys = ReadKeys::of(all.values().map(String::as_str));
    // Tera stops at the first broken template of a batch, so that one is reported.
    if let Err(e) = tera.add_raw_templates(all.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        diags.push(template_error(&e, &sources));
    }
    crate::error::default_code(diags, from, "template");
    (tera, sources)
}

/// The fingerprint of each template with everything it uses (see
/// [`TemplateSources::fingerprints`]).
pub fn fingerprints(all: &BTreeMap<String, String>) -> BTreeMap<String, u64> {
    use std::collections::BTreeSet;
    use std::hash::{DefaultHasher, Hash, Hasher};
    let deps: BTreeMap<&str, Vec<String>> = all
        .iter()
        .map(|(name, text)| (name.as_str(), used_templates(text)))
        .collect();
    all.keys()
        .map(|name| {
            // Every template reachable from `name`, each once (cycles are Tera's to report).
            let mut seen = BTreeSet::new();
            let mut todo = vec![name.as_str()];
            while let Some(n) = todo.pop() {
                if seen.insert(n) {
                    todo.extend(deps.get(n).into_iter().flatten().map(String::as_str));
                }
            }
            let mut h = DefaultHasher::new();
            for n in seen {
                n.hash(&mut h);
                all.get(n).hash(&mut h);
            }
            (name.clone(), h.finish())
        })
        .collect()
}

/// The names a template's `extends`, `include` and `import` tags give.
fn used_templates(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.split("%}").next().unwrap_or("");
        let tag = tag.trim_start_matches(['-', ' ', '\t', '\n', '\r']);
        let Some(rest) = ["extends", "include", "import"]
            .iter()
            .find_map(|kw| tag.strip_prefix(kw))
        else {
            continue;
        };
        // Every quoted string of the tag: `include ["a.html", "b.html"]` names several.
        let mut parts = rest.split(['"', '\'']);
        parts.next();
        names.extend(parts.step_by(2).map(str::to_string));
    }
    names
}

/// A Tera error as a located diagnostic.
pub fn template_error(e: &tera::Error, sources: &TemplateSources) -> Diagnostic {
    located_template_error(e, sources).code("template")
}

fn located_template_error(e: &tera::Error, sources: &TemplateSources) -> Diagnostic {
    use std::error::Error as _;
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            // The message may carry Tera's own report (source excerpt); keep its first line.
            let first = r.message().lines().next().unwrap_or_default();
            let mut message = first.strip_prefix("error: ").unwrap_or(first).to_string();
            let mut cause = e.source();
            while let Some(c) = cause {
                message.push_str(": ");
                message.push_str(&c.to_string());
                cause = c.source();
            }
            Diagnostic::error(format!("template: {message}"))
                .in_file(sources.shown(r.filename()))
                .at(span.start_line, span.start_col + 1)
                .help("fix the template; https://keats.github.io/tera/ documents the syntax")
        }
        tera::ErrorKind::MissingParent { current, .. } => {
            Diagnostic::error(format!("template: {e}"))
                .in_file(sources.shown(current))
                .help("add the parent template to templates/, or extend one of the default theme's")
        }
        _ => {
            // Some errors carry Tera's own report as text: take the place from its
            // ` --> name:line:col` line.
            let text = e.to_string();
            let first = text.lines().next().unwrap_or_default();
            let message = first.strip_prefix("error: ").unwrap_or(first);
            let mut d = Diagnostic::error(format!("template: {message}"))
                .help("check the site's templates/ folder");
            if let Some((name, line, col)) = text.lines().find_map(report_place) {
                d = d.in_file(sources.shown(name)).at(line, col);
            }
            d
        }
    }
}

/// ` --> partials/card.html:2:10` → ("partials/card.html", 2, 10).
fn report_place(line: &str) -> Option<(&str, usize, usize)> {
    let rest = line.trim_start().strip_prefix("--> ")?;
    let mut parts = rest.rsplitn(3, ':');
    let col = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?, line, col))
}

/// The static files to publish: the default theme's, with the site's `static/` files
/// replacing them by path. Values are where the bytes come from.
#[derive(Debug, Clone)]
pub enum StaticFile {
    /// Embedded in the binary.
    Embedded(&'static [u8]),
    /// A file of the site (absolute path, and as shown in messages).
    Site {
        /// To read.
        path: PathBuf,
        /// For messages.
        shown: PathBuf,
    },
}

/// Lists static files by output path (`/`-separated, relative).
pub fn static_files(
    source: &Path,
    shown: &Path,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, StaticFile> {
    let from = diags.len();
    let mut files: BTreeMap<String, StaticFile> = theme::STATIC
        .iter()
        .map(|(name, bytes)| (name.to_string(), StaticFile::Embedded(bytes)))
        .collect();
    let dir = source.join("static");
    if dir.is_dir() {
        let fence = Fence::new(source);
        for found in fsutil::walk_files(&dir, Walk::Static(&fence)) {
            match found {
                Ok(path) => {
                    let rel = path.strip_prefix(&dir).unwrap_or(&path);
                    let shown_file = shown.join("static").join(rel);
                    match rel.to_str() {
                        Some(name) => {
                            files.insert(
                                name.replace('\\', "/"),
                                StaticFile::Site {
                                    shown: shown_file,
                                    path,
                                },
                            );
                        }
                        None => diags.push(
                            Diagnostic::error("file name is not valid UTF-8").in_file(shown_file),
                        ),
                    }
                }
                Err(e) => diags.push(e.diagnostic(source, shown)),
            }
        }
    }
    crate::error::default_code(diags, from, "static-file");
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_in_tera_reports() {
        assert_eq!(
            report_place(" --> partials/card.html:2:10"),
            Some(("partials/card.html", 2, 10))
        );
        assert_eq!(report_place("no place"), None);
    }

    #[test]
    fn finds_the_templates_a_template_uses() {
        let text = r#"{% extends "base.html" %}{%- include "partials/a.html" -%}
            {% import 'macros.html' as m %}{% include ["x.html", "y.html"] %}{% if a %}{% endif %}"#;
        assert_eq!(
            used_templates(text),
            [
                "base.html",
                "partials/a.html",
                "macros.html",
                "x.html",
                "y.html"
            ]
        );
    }

    #[test]
    fn a_change_reaches_the_templates_using_it() {
        let mut all: BTreeMap<String, String> = [
            ("base.html", "{% block b %}{% endblock %}"),
            (
                "post.html",
                r#"{% extends "base.html" %}{% include "card.html" %}"#,
            ),
            ("tags.html", r#"{% extends "base.html" %}"#),
            ("card.html", "card"),
        ]
        .into_iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
        let before = fingerprints(&all);
        all.insert("card.html".into(), "card, changed".into());
        let after = fingerprints(&all);
        assert_ne!(before["post.html"], after["post.html"]);
        assert_ne!(before["card.html"], after["card.html"]);
        assert_eq!(before["tags.html"], after["tags.html"]);
        assert_eq!(before["base.html"], after["base.html"]);
    }
}
