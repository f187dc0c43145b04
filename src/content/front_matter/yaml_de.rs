//! Serde over a YAML [`Node`] tree, for the files read into Rust types (the site
//! config, author files): every error is located at the value it is about (an unknown
//! field at its key, a wrong type at its value, a missing field at its mapping).
//!
//! Values are given to serde as the core schema resolves them, except where a string
//! is asked for: then a scalar's text as written is given (`title: 3.10` is the title
//! "3.10", as serde_yaml did).

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

use super::yaml::{Kind, Node, Resolved};
use super::{ParseError, Position};

/// A serde error with the place of the innermost value it came from.
#[derive(Debug)]
pub(super) struct Error {
    message: String,
    at: Option<Position>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            at: None,
        }
    }
}

/// Deserializes `T` from `root`.
pub(super) fn deserialize<T: DeserializeOwned>(root: &Node) -> Result<T, ParseError> {
    T::deserialize(root).map_err(|e| ParseError {
        message: e.message,
        line: e.at.map(|p| p.line),
        column: e.at.map(|p| p.column),
    })
}

impl Node {
    /// Gives an error that has no place yet this value's place.
    fn locate<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        result.map_err(|mut e| {
            e.at.get_or_insert(self.at);
            e
        })
    }
}

impl<'de> de::Deserializer<'de> for &Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match &self.kind {
            Kind::Scalar(s) => match s.resolve() {
                Resolved::Null => visitor.visit_unit(),
                Resolved::Bool(b) => visitor.visit_bool(b),
                Resolved::Int(i) => visitor.visit_i64(i),
                Resolved::UInt(u) => visitor.visit_u64(u),
                Resolved::Float(f) => visitor.visit_f64(f),
                Resolved::Str => visitor.visit_str(&s.text),
            },
            Kind::Seq(items) => visitor.visit_seq(Seq(items.iter())),
            Kind::Map(pairs) => {
                // An error the visitor finds between entries (a field given twice) is
                // about the key read last.
                let key_at = Cell::new(None);
                let result = visitor.visit_map(Map {
                    pairs: pairs.iter(),
                    value: None,
                    key_at: &key_at,
                });
                result.map_err(|mut e| {
                    if e.at.is_none() {
                        e.at = key_at.get();
                    }
                    e
                })
            }
        };
        self.locate(result)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.kind {
            Kind::Scalar(s) => self.locate(visitor.visit_str(&s.text)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_null() {
            self.locate(visitor.visit_none())
        } else {
            self.locate(visitor.visit_some(self))
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.locate(visitor.visit_newtype_struct(self))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        // Unit variants, written as their name.
        match &self.kind {
            Kind::Scalar(s) => {
                let name: de::value::StrDeserializer<'_, Error> =
                    s.text.as_str().into_deserializer();
                self.locate(visitor.visit_enum(name))
            }
            _ => self.locate(Err(de::Error::invalid_type(
                de::Unexpected::Other(self.kind_name()),
                &"a name",
            ))),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct
    }
}

struct Seq<'a>(std::slice::Iter<'a, Node>);

impl<'de> de::SeqAccess<'de> for Seq<'_> {
    type Error = Error;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|node| seed.deserialize(node)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Map<'a> {
    pairs: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
    /// Where the key being read is; none after the last.
    key_at: &'a Cell<Option<Position>>,
}

impl<'de> de::MapAccess<'de> for Map<'_> {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.pairs.next() else {
            self.key_at.set(None);
            return Ok(None);
        };
        self.key_at.set(Some(key.at));
        self.value = Some(value);
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::custom("a value without a key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.pairs.len())
    }
}
