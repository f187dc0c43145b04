//! Reading one front-matter value as the model wants it: text, a list of text items, a
//! date or a flag. A value of the wrong type is an error at its key, and so is a number
//! YAML read from an unquoted value like `3.10`.

use serde_json::Value;

use super::Parser;
use crate::content::date::PostDate;

impl Parser<'_> {
    /// The first of `keys` present, as text (the key tables list them by precedence).
    pub(super) fn one_of_strings(
        &mut self,
        fm: &serde_json::Map<String, Value>,
        keys: &[&'static str],
    ) -> Option<(&'static str, String)> {
        let present: Vec<&'static str> = keys
            .iter()
            .copied()
            .filter(|k| fm.contains_key(*k))
            .collect();
        let key = *present.first()?;
        match &fm[key] {
            Value::String(s) => Some((key, s.clone())),
            Value::Number(n) if n.is_f64() => {
                self.float_error(key, n);
                None
            }
            Value::Number(n) => Some((key, n.to_string())),
            Value::Bool(b) => Some((key, b.to_string())),
            Value::Null => None,
            _ => {
                self.error_at_key(
                    key,
                    format!("`{key}` must be text"),
                    "write a single value, not a list or mapping",
                );
                None
            }
        }
    }

    /// YAML reads `3.10` as the number 3.1: on a release blog that is a version, and
    /// quietly writing "3.1" would be wrong.
    fn float_error(&mut self, key: &str, n: &serde_json::Number) {
        self.error_at_key(
            key,
            format!(
                "`{key}` has the number {n}, which YAML reads from an unquoted value like 3.10"
            ),
            "quote the value so it stays as written, e.g. '3.10'",
        );
    }

    /// True when one of `keys` is set to something other than nothing.
    pub(super) fn any_set(fm: &serde_json::Map<String, Value>, keys: &[&str]) -> bool {
        keys.iter()
            .any(|k| fm.get(*k).is_some_and(|v| !v.is_null()))
    }

    pub(super) fn date(&mut self, key: &str, text: &str) -> Option<PostDate> {
        match PostDate::parse(text) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error_at_key(
                    key,
                    e,
                    "write the date as YYYY-MM-DD, or RFC 3339 like 2024-02-01T10:00:00+02:00",
                );
                None
            }
        }
    }

    /// A list of scalars, or one scalar standing for a one-item list.
    pub(super) fn string_list(&mut self, key: &str, v: &Value) -> Vec<String> {
        let mut floats = Vec::new();
        let mut scalar = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) if n.is_f64() => {
                floats.push(n.clone());
                Some(String::new())
            }
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        let list = match v {
            Value::Null => Vec::new(),
            Value::Array(items) => {
                let mut out = Vec::new();
                let mut wrong = false;
                for item in items {
                    match scalar(item) {
                        Some(s) => out.push(s),
                        None => wrong |= !item.is_null(),
                    }
                }
                // Once for the key, however many items are wrong (each error looks
                // for the key in the front matter).
                if wrong {
                    self.error_at_key(
                        key,
                        format!("`{key}` must be a list of text items"),
                        "write one item per line: `  - item`",
                    );
                }
                out
            }
            other => match scalar(other) {
                Some(s) => vec![s],
                None => {
                    self.error_at_key(
                        key,
                        format!("`{key}` must be text or a list of text items"),
                        "write one item per line: `  - item`",
                    );
                    Vec::new()
                }
            },
        };
        // The first number YAML read as a decimal, once for the key.
        if let Some(n) = floats.first() {
            self.float_error(key, n);
        }
        list
    }

    pub(super) fn published(&mut self, fm: &serde_json::Map<String, Value>) -> bool {
        let mut flag = |key: &str| match fm.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            // Hugo's publication date, read with the dates.
            Some(Value::String(s)) if key == "published" && PostDate::parse(s).is_ok() => None,
            Some(_) => {
                self.error_at_key(
                    key,
                    format!("`{key}` must be true or false"),
                    "write `true` or `false` without quotes (or, for `published`, a date)",
                );
                None
            }
        };
        let published = flag("published");
        let draft = flag("draft");
        match (published, draft) {
            (Some(p), Some(d)) if p == d => {
                self.error_at_key(
                    "draft",
                    format!("`published: {p}` and `draft: {d}` contradict each other"),
                    "keep one of them",
                );
                p
            }
            (Some(p), _) => p,
            (None, Some(d)) => !d,
            (None, None) => true,
        }
    }
}
