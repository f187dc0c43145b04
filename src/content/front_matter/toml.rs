//! TOML headers (between `+++` lines, as Zola and Hugo write them) through the `toml`
//! crate's spanned tables, into the same [`Mapping`] as YAML's.
//!
//! Dates, times and date-times become strings in their TOML form (`2022-03-28`,
//! `2023-10-25T00:00:00Z`), tables (`[extra]`, `[taxonomies]`) objects, integers and
//! floats numbers (a float that is not finite is null, as in YAML). TOML refuses a key
//! given twice and limits nesting itself; its errors and every key are located in the
//! header.

use ::toml::Spanned;
use ::toml::de::{DeTable, DeValue};
use serde_json::Value;

use super::text::LineIndex;
use super::{Entry, KeyAt, Mapping, ParseError};

fn parse<'t>(text: &'t str, lines: &LineIndex<'_>) -> Result<DeTable<'t>, ParseError> {
    DeTable::parse(text)
        .map(Spanned::into_inner)
        .map_err(|e| ParseError {
            message: e.message().to_string(),
            line: e.span().map(|s| lines.position(s.start).line),
            column: e.span().map(|s| lines.position(s.start).column),
        })
}

/// The entries of `table` in the order written (the crate keeps them sorted by key).
fn in_order(table: DeTable<'_>) -> Vec<(Spanned<String>, Spanned<DeValue<'_>>)> {
    let mut entries: Vec<_> = table
        .into_iter()
        .map(|(k, v)| {
            let span = k.span();
            (Spanned::new(span, k.into_inner().into_owned()), v)
        })
        .collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// Reads a TOML header as a mapping.
pub(super) fn mapping(text: &str) -> Result<Mapping, ParseError> {
    let lines = LineIndex::new(text);
    let table = parse(text, &lines)?;
    let mut entries = Vec::with_capacity(table.len());
    for (key, value) in in_order(table) {
        let at = KeyAt {
            key: lines.position(key.span().start),
            value: lines.position(value.span().start),
        };
        entries.push(Entry {
            key: key.into_inner(),
            value: to_json(value, &lines)?,
            at,
        });
    }
    Ok(Mapping {
        entries,
        duplicates: Vec::new(),
    })
}

fn to_json(value: Spanned<DeValue<'_>>, lines: &LineIndex<'_>) -> Result<Value, ParseError> {
    let span = value.span();
    Ok(match value.into_inner() {
        DeValue::String(s) => Value::String(s.into_owned()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::from(n),
            Err(_) => {
                return Err(ParseError::at(
                    "the integer is out of range".into(),
                    lines.position(span.start),
                ));
            }
        },
        DeValue::Float(f) => f
            .as_str()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| to_json(item, lines))
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(table) => {
            let mut map = serde_json::Map::new();
            for (k, v) in in_order(table) {
                map.insert(k.into_inner(), to_json(v, lines)?);
            }
            Value::Object(map)
        }
    })
}

/// Where `path` is written in the TOML `text` (keys of `[extra]` as `["extra", key]`).
pub(super) fn locate(text: &str, path: &[&str]) -> Option<KeyAt> {
    let lines = LineIndex::new(text);
    let root = parse(text, &lines).ok()?;
    let (last, parents) = path.split_last()?;
    let mut table = &root;
    for name in parents {
        let (_, value) = table.iter().find(|(k, _)| k.get_ref() == name)?;
        table = value.get_ref().as_table()?;
    }
    let (key, value) = table.iter().find(|(k, _)| k.get_ref() == last)?;
    Some(KeyAt {
        key: lines.position(key.span().start),
        value: lines.position(value.span().start),
    })
}
