//! serde over YAML nodes, driven by the type that is read: a `String` field takes a plain
//! scalar's text as it stands (`yes`, `0755` and `1e3` stay strings), an integer field
//! takes only an integer, a boolean field only `true` or `false`. Errors carry the
//! position of the node they are about, and serde's own wording
//! (`invalid type: string "lots", expected i32`).

use super::yaml::{Node, Pos, Value};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Unexpected, Visitor};
use std::fmt;

/// What kind of error serde raised: the rule it breaks is chosen from this, never from the
/// message's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A field the type does not have.
    UnknownField,
    /// A value an enumeration does not list.
    UnknownVariant,
    /// A field the type requires.
    MissingField,
    /// A value of the wrong type, or out of the type's range.
    InvalidType,
    /// Anything else.
    Other,
}

/// A deserialization error and the position of the node it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Error {
    pub(crate) kind: Kind,
    pub(crate) message: String,
    /// The node the error is about.
    pub(crate) at: Option<Pos>,
    /// True when it is about a map's key (an unknown field) rather than a value.
    pub(crate) on_key: bool,
}

impl Error {
    fn at(mut self, at: Pos) -> Self {
        self.at.get_or_insert(at);
        self
    }

    fn at_key(mut self, at: Pos) -> Self {
        if self.at.is_none() || self.at == Some(at) {
            self.at = Some(at);
            self.on_key = true;
        }
        self
    }
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
            kind: Kind::Other,
            message: msg.to_string(),
            at: None,
            on_key: false,
        }
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Error {
            kind: Kind::InvalidType,
            ..Error::custom(format_args!("invalid type: {unexp}, expected {exp}"))
        }
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Error {
            kind: Kind::InvalidType,
            ..Error::custom(format_args!("invalid value: {unexp}, expected {exp}"))
        }
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Error {
            kind: Kind::UnknownVariant,
            ..Error::custom(format_args!(
                "unknown variant `{variant}`, expected {}",
                one_of(expected)
            ))
        }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error {
            kind: Kind::UnknownField,
            ..Error::custom(format_args!(
                "unknown field `{field}`, expected {}",
                one_of(expected)
            ))
        }
    }

    fn missing_field(field: &'static str) -> Self {
        Error {
            kind: Kind::MissingField,
            ..Error::custom(format_args!("missing field `{field}`"))
        }
    }
}

/// serde's wording of a list of names: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => "nothing".to_owned(),
        [one] => one.clone(),
        [a, b] => format!("{a} or {b}"),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

/// Reads `T` from `node`; the error comes with the field path (serde_path_to_error).
pub(crate) fn from_node<T: de::DeserializeOwned>(
    node: &Node,
) -> Result<T, serde_path_to_error::Error<Error>> {
    serde_path_to_error::deserialize(NodeDeserializer(node))
}

/// A plain scalar's meaning under YAML 1.2's core schema, for fields that take any value
/// (such as a port given by number or by name).
enum Plain {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str,
}

fn int(text: &str) -> Option<Plain> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = if let Some(hex) = digits.strip_prefix("0x") {
        (16, hex)
    } else if let Some(oct) = digits.strip_prefix("0o") {
        (8, oct)
    } else {
        (10, digits)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if negative {
        let value = 0i64.checked_sub_unsigned(magnitude)?;
        Some(Plain::Int(value))
    } else {
        Some(i64::try_from(magnitude).map_or(Plain::UInt(magnitude), Plain::Int))
    }
}

fn float(text: &str) -> Option<f64> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => Some(f64::NAN),
        _ => {
            let numeric = text
                .chars()
                .all(|c| c.is_ascii_digit() || "+-.eE".contains(c))
                && text.chars().any(|c| c.is_ascii_digit());
            numeric.then(|| text.parse().ok()).flatten()
        }
    }
}

fn resolve(text: &str) -> Plain {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Plain::Null,
        "true" | "True" | "TRUE" => Plain::Bool(true),
        "false" | "False" | "FALSE" => Plain::Bool(false),
        _ => int(text)
            .or_else(|| float(text).map(Plain::Float))
            .unwrap_or(Plain::Str),
    }
}

struct NodeDeserializer<'a>(&'a Node);

impl NodeDeserializer<'_> {
    /// What the node is, in serde's words, for "invalid type" errors.
    fn unexpected(&self) -> Unexpected<'_> {
        match &self.0.value {
            Value::Scalar { text, plain: true } => match resolve(text) {
                Plain::Null => Unexpected::Unit,
                Plain::Bool(b) => Unexpected::Bool(b),
                Plain::Int(i) => Unexpected::Signed(i),
                Plain::UInt(u) => Unexpected::Unsigned(u),
                Plain::Float(f) => Unexpected::Float(f),
                Plain::Str => Unexpected::Str(text),
            },
            Value::Scalar { text, plain: false } => Unexpected::Str(text),
            Value::Seq(_) => Unexpected::Seq,
            Value::Map(_) => Unexpected::Map,
        }
    }

    fn invalid<'de, V: Visitor<'de>>(&self, visitor: &V) -> Error {
        de::Error::invalid_type(self.unexpected(), visitor)
    }

    /// A plain scalar's resolution, if the node is one.
    fn plain(&self) -> Option<Plain> {
        match &self.0.value {
            Value::Scalar { text, plain: true } => Some(resolve(text)),
            _ => None,
        }
    }

    fn integer<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.plain() {
            Some(Plain::Int(i)) => visitor.visit_i64(i),
            Some(Plain::UInt(u)) => visitor.visit_u64(u),
            _ => Err(de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }
}

macro_rules! integers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let at = self.0.at;
            self.integer(visitor).map_err(|e| e.at(at))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDeserializer<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let at = self.0.at;
        let result = match &self.0.value {
            Value::Scalar { text, plain: false } => visitor.visit_str(text),
            Value::Scalar { text, plain: true } => match resolve(text) {
                Plain::Null => visitor.visit_unit(),
                Plain::Bool(b) => visitor.visit_bool(b),
                Plain::Int(i) => visitor.visit_i64(i),
                Plain::UInt(u) => visitor.visit_u64(u),
                Plain::Float(f) => visitor.visit_f64(f),
                Plain::Str => visitor.visit_str(text),
            },
            Value::Seq(items) => visitor.visit_seq(SeqAccess(items.iter())),
            Value::Map(entries) => visitor.visit_map(MapAccess {
                entries: entries.iter(),
                value: None,
            }),
        };
        result.map_err(|e| e.at(at))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let at = self.0.at;
        match self.plain() {
            Some(Plain::Bool(b)) => visitor.visit_bool(b),
            _ => Err(self.invalid(&visitor)),
        }
        .map_err(|e| e.at(at))
    }

    integers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let at = self.0.at;
        match self.plain() {
            Some(Plain::Float(f)) => visitor.visit_f64(f),
            Some(Plain::Int(i)) => visitor.visit_i64(i),
            Some(Plain::UInt(u)) => visitor.visit_u64(u),
            _ => Err(self.invalid(&visitor)),
        }
        .map_err(|e| e.at(at))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let at = self.0.at;
        match &self.0.value {
            Value::Scalar { .. } if self.0.is_null() => Err(de::Error::custom(
                "invalid type: null (`~`, `null` or nothing), expected a string: a text is \
                 required here",
            )),
            Value::Scalar { text, .. } => visitor.visit_str(text),
            _ => Err(self.invalid(&visitor)),
        }
        .map_err(|e| e.at(at))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let at = self.0.at;
        if self.0.is_null() {
            visitor.visit_unit()
        } else {
            Err(self.invalid(&visitor).at(at))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let at = self.0.at;
        match &self.0.value {
            Value::Seq(items) => visitor.visit_seq(SeqAccess(items.iter())),
            _ => Err(self.invalid(&visitor)),
        }
        .map_err(|e| e.at(at))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let at = self.0.at;
        match &self.0.value {
            Value::Map(entries) => visitor.visit_map(MapAccess {
                entries: entries.iter(),
                value: None,
            }),
            _ => Err(self.invalid(&visitor)),
        }
        .map_err(|e| e.at(at))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let at = self.0.at;
        match &self.0.value {
            Value::Scalar { text, .. } if !self.0.is_null() => {
                visitor.visit_enum(text.as_str().into_deserializer())
            }
            Value::Map(entries) if entries.len() == 1 => {
                visitor.visit_enum(EnumAccess(&entries[0]))
            }
            _ => Err(self.invalid(&visitor)),
        }
        .map_err(|e| e.at(at))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

struct SeqAccess<'a>(std::slice::Iter<'a, Node>);

impl<'de> de::SeqAccess<'de> for SeqAccess<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|node| seed.deserialize(NodeDeserializer(node)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct MapAccess<'a> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(NodeDeserializer(key))
            .map(Some)
            .map_err(|e| e.at_key(key.at))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(node) => seed.deserialize(NodeDeserializer(node)),
            None => Err(de::Error::custom("a value without a key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An enum written as a one-entry map: `{ Variant: value }`.
struct EnumAccess<'a>(&'a (Node, Node));

impl<'de, 'a> de::EnumAccess<'de> for EnumAccess<'a> {
    type Error = Error;
    type Variant = NodeDeserializer<'a>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Error> {
        let (key, value) = self.0;
        let variant = seed.deserialize(NodeDeserializer(key))?;
        Ok((variant, NodeDeserializer(value)))
    }
}

impl<'de> de::VariantAccess<'de> for NodeDeserializer<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::yaml::load;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Sample {
        name: String,
        #[serde(default)]
        count: Option<i32>,
        #[serde(default)]
        flag: Option<bool>,
        #[serde(default)]
        env: BTreeMap<String, String>,
    }

    fn read(text: &str) -> Result<Sample, (String, String, Option<Pos>)> {
        let node = load(text).expect("YAML");
        from_node::<Sample>(&node).map_err(|e| {
            (
                e.path().to_string(),
                e.inner().message.clone(),
                e.inner().at,
            )
        })
    }

    #[test]
    fn strings_are_read_as_written_whatever_yaml_1_1_or_1_2_would_make_of_them() {
        let s =
            read("name: yes\nenv: { A: on, B: 0755, C: 1e3, D: '1:20', E: 2001-12-14, F: ~x }\n")
                .expect("reads");
        assert_eq!(s.name, "yes");
        let values: Vec<&str> = s.env.values().map(String::as_str).collect();
        assert_eq!(values, ["on", "0755", "1e3", "1:20", "2001-12-14", "~x"]);
    }

    #[test]
    fn numbers_and_booleans_must_be_numbers_and_booleans() {
        let (path, message, at) = read("name: x\ncount: lots\n").expect_err("not a number");
        assert_eq!(path, "count");
        assert_eq!(message, "invalid type: string \"lots\", expected i32");
        assert_eq!(at, Some(Pos { line: 2, column: 8 }));
        assert_eq!(read("name: x\ncount: '5'\n").map(|s| s.count).ok(), None);
        assert_eq!(
            read("name: x\ncount: 0x10\n").map(|s| s.count).ok(),
            Some(Some(16))
        );
        let (_, message, _) = read("name: x\ncount: 99999999999\n").expect_err("too big");
        assert_eq!(
            message,
            "invalid value: integer `99999999999`, expected i32"
        );
        let (_, message, _) = read("name: x\nflag: yes\n").expect_err("YAML 1.1 boolean");
        assert_eq!(message, "invalid type: string \"yes\", expected a boolean");
        assert_eq!(
            read("name: x\nflag: true\ncount: ~\n")
                .map(|s| (s.flag, s.count))
                .ok(),
            Some((Some(true), None))
        );
    }

    #[test]
    fn unknown_and_missing_fields_point_at_the_key_and_the_map() {
        let (path, message, at) = read("name: x\ncolour: blue\n").expect_err("unknown");
        assert_eq!(path, "colour");
        assert!(
            message.starts_with("unknown field `colour`, expected one of `name`"),
            "{message}"
        );
        assert_eq!(at, Some(Pos { line: 2, column: 1 }));
        let (_, message, at) = read("count: 1\n").expect_err("missing");
        assert_eq!(message, "missing field `name`");
        assert_eq!(at, Some(Pos { line: 1, column: 1 }));
        let (_, message, _) = read("name: ~\n").expect_err("null string");
        assert!(message.starts_with("invalid type: null"), "{message}");
    }

    /// The rule an error breaks comes from its kind, which serde's own calls set.
    #[test]
    fn each_error_has_the_kind_serde_raised() {
        let kind = |text: &str| {
            let node = load(text).expect("YAML");
            from_node::<Sample>(&node)
                .map(|_| ())
                .map_err(|e| e.inner().kind)
        };
        assert_eq!(kind("name: x\ncolour: blue\n"), Err(Kind::UnknownField));
        assert_eq!(kind("count: 1\n"), Err(Kind::MissingField));
        assert_eq!(kind("name: x\ncount: lots\n"), Err(Kind::InvalidType));
        assert_eq!(kind("name: x\n"), Ok(()));
    }
}
