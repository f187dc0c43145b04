//! Which keys of a map (a post's card) the templates can read, found in their text:
//! `serve` then renders a listing again only when a key its templates can read
//! changed on one of its cards, not when, say, a post's word count did.
//!
//! A key is read by name (`post.words`, `post["words"]`, `attribute="words"`), so a
//! key whose name is not a word of any template is not read, unless a template reads
//! maps by a computed key (`post[name]`), as pairs (`for k, v in post`), or whole
//! through a filter (`posts | sort`): then every key may be. What this cannot see is a
//! template that prints a whole card (`{{ post }}`), which nothing but debugging does.

use std::collections::BTreeSet;

/// The keys the templates can read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum ReadKeys {
    /// Any key: a template reads maps by computed keys, as pairs or whole.
    #[default]
    Any,
    /// Only keys among these words of the templates.
    Named(BTreeSet<String>),
}

/// Filters that read every key of a map or of the maps in a list: by a computed key
/// (`get`), as values or pairs, as text, or by comparing whole maps.
const WHOLE_MAP_FILTERS: &[&str] = &[
    "get", "values", "keys", "pairs", "str", "sort", "unique", "group_by", "join",
];

impl ReadKeys {
    /// The keys that templates with these texts can read.
    pub fn of<'t>(texts: impl IntoIterator<Item = &'t str>) -> Self {
        let mut words = BTreeSet::new();
        for text in texts {
            if tags(text).any(reads_any_key) {
                return Self::Any;
            }
            words.extend(
                (text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')))
                    .filter(|w| !w.is_empty())
                    .map(str::to_string),
            );
        }
        Self::Named(words)
    }

    /// Whether a template may read `key`.
    pub fn may_read(&self, key: &str) -> bool {
        match self {
            Self::Any => true,
            Self::Named(words) => words.contains(key),
        }
    }
}

/// The insides of a template's `{{ … }}` and `{% … %}` tags.
fn tags(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find('{')?;
            let after = &rest[start + 1..];
            let close = match after.as_bytes().first() {
                Some(b'{') => "}}",
                Some(b'%') => "%}",
                _ => {
                    rest = after;
                    continue;
                }
            };
            let body = &after[1..];
            let end = body.find(close).unwrap_or(body.len());
            rest = &body[end..];
            return Some(&body[..end]);
        }
    })
}

/// Whether the tag reads maps by computed keys, as pairs or whole.
fn reads_any_key(tag: &str) -> bool {
    if tag.contains("__tera_context") {
        return true;
    }
    let trimmed = tag.trim_start_matches(['-', '+', '~']).trim_start();
    if let Some(head) = trimmed.strip_prefix("for ")
        && head
            .split(" in ")
            .next()
            .is_some_and(|vars| vars.contains(','))
    {
        return true;
    }
    computed_subscript(tag) || whole_map_filter(tag)
}

/// Whether the tag indexes something with a computed key (`post[name]`); an index by a
/// literal (`posts[0]`, `post["title"]`) or a list (`[kind]`) is not one.
fn computed_subscript(tag: &str) -> bool {
    let bytes = tag.as_bytes();
    (bytes.iter().enumerate())
        .filter(|(_, b)| **b == b'[')
        .any(|(i, _)| {
            let before = tag[..i].trim_end().bytes().next_back();
            let indexes = before.is_some_and(|b| b.is_ascii_alphanumeric() || b"_])?".contains(&b));
            let key = tag[i + 1..].trim_start().bytes().next();
            let literal = key.is_some_and(|b| b.is_ascii_digit() || b"\"'`-]".contains(&b));
            indexes && !literal
        })
}

/// Whether the tag applies a filter that reads whole maps.
fn whole_map_filter(tag: &str) -> bool {
    tag.split('|').skip(1).any(|after| {
        let name = after.trim_start();
        let end =
            (name.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))).unwrap_or(name.len());
        WHOLE_MAP_FILTERS.contains(&&name[..end])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> ReadKeys {
        ReadKeys::of([text])
    }

    #[test]
    fn keys_named_in_templates_are_read_and_others_not() {
        let k = keys(
            r#"{% for post in posts %}<a href="{{ post.url }}">{{ post.title }}</a>{% endfor %}"#,
        );
        assert!(k.may_read("url") && k.may_read("title"));
        assert!(!k.may_read("words"));
        // By subscript or a filter's argument, words all the same.
        assert!(keys(r#"{{ post["words"] }}"#).may_read("words"));
        assert!(keys(r#"{{ posts[0].words }}"#).may_read("words"));
        // Words anywhere count: the test errs towards rendering again.
        assert!(keys("words, in text").may_read("words"));
    }

    #[test]
    fn computed_keys_pairs_and_whole_maps_read_every_key() {
        for text in [
            "{{ post[name] }}",
            "{{ post [ key ] }}",
            "{{ posts[0][k] }}",
            "{% for k, v in post %}{{ v }}{% endfor %}",
            "{%- for k,v in post -%}{%- endfor -%}",
            "{{ posts | sort(attribute=\"date\") }}",
            "{{ post|values }}",
            "{{ post | get(key=k) }}",
            "{{ posts | join(\", \") }}",
            "{{ __tera_context }}",
        ] {
            assert_eq!(keys(text), ReadKeys::Any, "{text}");
        }
    }

    #[test]
    fn lists_literal_indexes_and_other_filters_are_not_computed_keys() {
        for text in [
            "{% set kinds = [kind] %}",
            "{% include [\"a.html\", \"b.html\"] %}",
            "{{ posts[0].title }}{{ posts[-1].title }}",
            "{{ posts | length }} {{ title | escape_html }} {{ posts | first }}",
            "<p>[1] a footnote in the page's text, not in a tag</p>",
            "{% for post in posts %}{% endfor %}",
            "{ not a tag } {{ unclosed",
        ] {
            assert!(matches!(keys(text), ReadKeys::Named(_)), "{text}");
        }
    }

    #[test]
    fn the_default_theme_names_its_keys() {
        let k = ReadKeys::of(super::super::default_templates().map(|(_, t)| t));
        let ReadKeys::Named(_) = &k else {
            panic!("the default theme reads every key");
        };
        for read in [
            "title",
            "url",
            "date",
            "date_iso",
            "summary",
            "reading_time",
        ] {
            assert!(k.may_read(read), "{read}");
        }
        assert!(!k.may_read("words"));
    }
}
