//! `release:` and `guid:` in front matter: what a post announces, and the feed id it
//! keeps from an older system.
//!
//! `release:` is a version (`release: '3.12.0rc1'`), a list of them (a post announcing
//! `3.11.9` and `3.10.14`), a mapping with `version` (one or a list), `product` and
//! `kind` (`security`, `bugfix`, `feature`), or `false` for a post whose title looks
//! like an announcement but is not one. The versions stay text here: the site decides
//! what they mean, by its config's scheme.

use serde_json::Value;

use super::Parser;
use super::fields::is_empty;
use crate::content::post::Release;

/// The keys of a `release:` mapping.
const RELEASE_KEYS: [&str; 3] = ["version", "product", "kind"];

impl Parser<'_> {
    /// The post's `release:`, when it has one.
    pub(super) fn release(&mut self, fm: &serde_json::Map<String, Value>) -> Option<Release> {
        let v = fm.get("release").filter(|v| !is_empty(v))?;
        let (line, column) = self.key_pos("release");
        let mut release = Release {
            versions: Vec::new(),
            product: None,
            kind: None,
            off: false,
            line,
            column,
        };
        match v {
            Value::Bool(false) => release.off = true,
            Value::Object(map) => {
                if let Some(unknown) = map.keys().find(|k| !RELEASE_KEYS.contains(&k.as_str())) {
                    self.error_at_key(
                        "release",
                        format!("`release` has the key `{unknown}`, which Bulletin does not know"),
                        "its keys are `version` (one or a list), `product` and `kind`",
                    );
                    return None;
                }
                if let Some(v) = map.get("version") {
                    release.versions = self.string_list("release", v);
                }
                release.product = self.release_text(map, "product");
                release.kind = self.release_text(map, "kind");
                if release.versions.is_empty() {
                    self.error_at_key(
                        "release",
                        "`release` names no `version`".into(),
                        "add `version: '3.12.0rc1'` under it (quoted, so YAML keeps it as written)",
                    );
                    return None;
                }
            }
            Value::Bool(true) => {
                self.error_at_key(
                    "release",
                    "`release: true` names no version".into(),
                    "write the version, like `release: '3.12.0rc1'`, or leave the key out to \
                     take it from the title",
                );
                return None;
            }
            other => release.versions = self.string_list("release", other),
        }
        release.versions.retain(|s| !s.trim().is_empty());
        for s in &mut release.versions {
            *s = s.trim().to_string();
        }
        Some(release)
    }

    /// A text value of the `release:` mapping.
    fn release_text(&mut self, map: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
        match map.get(key)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Null => None,
            Value::String(_) => None,
            _ => {
                self.error_at_key(
                    "release",
                    format!("`release.{key}` must be text"),
                    "write one word or name, like `kind: security`",
                );
                None
            }
        }
    }

    /// The post's own feed id (`guid:`), kept from an older system.
    pub(super) fn guid(&mut self, fm: &serde_json::Map<String, Value>) -> Option<String> {
        let (key, text) = self.one_of_strings(fm, &["guid"])?;
        let text = text.trim();
        if text.is_empty() || text.chars().any(char::is_control) {
            self.error_at_key(
                key,
                "`guid` must be one line of text".into(),
                "keep the id the old feed gave the post, as it was",
            );
            return None;
        }
        Some(text.to_string())
    }
}
