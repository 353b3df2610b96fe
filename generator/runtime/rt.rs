//! What every generated model shares: the conversion between JSON values and Rust values.
//!
//! Models convert through [`serde_json::Value`] rather than deriving serde impls, which keeps the
//! crate quick to compile: each struct is one straight-line function per direction, and the generic
//! code lives here, compiled once. docgen copies this file verbatim into every crate it generates.

use std::fmt;

use base64::Engine as _;
pub use serde_json::Value;
use serde_json::{Map, Number};

// The macros below name the runtime `rt`, as generated files do.
use super::rt;

/// A JSON object as the models read and write it.
pub type Object = Map<String, Value>;

/// `Edm.DateTimeOffset`: an RFC 3339 timestamp.
pub type DateTimeOffset = Kept<time::OffsetDateTime>;
/// `Edm.Date`: a calendar date (`2023-11-15`).
pub type Date = Kept<time::Date>;
/// `Edm.TimeOfDay`: a time of day (`08:30:00.0000000`).
pub type TimeOfDay = Kept<time::Time>;
/// `Edm.Duration`: an ISO 8601 day-time duration (`P1DT2H30M`).
pub type Duration = Kept<time::Duration>;
/// `Edm.Guid`: a UUID.
pub type Guid = Kept<uuid::Uuid>;

/// A value that could not be converted, with the path of fields that led to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    path: Vec<String>,
    message: String,
}

impl Error {
    /// An error about the value at hand.
    pub fn new(message: impl Into<String>) -> Error {
        Error { path: Vec::new(), message: message.into() }
    }

    fn expected(what: &str, found: &Value) -> Error {
        let found = match found {
            Value::Null => "null".to_owned(),
            Value::Bool(flag) => format!("the boolean {flag}"),
            Value::Number(number) => format!("the number {number}"),
            Value::String(text) => format!("the string {text:?}"),
            Value::Array(_) => "an array".to_owned(),
            Value::Object(_) => "an object".to_owned(),
        };
        Error::new(format!("expected {what}, found {found}"))
    }

    fn within(mut self, segment: impl Into<String>) -> Error {
        self.path.push(segment.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            return f.write_str(&self.message);
        }
        let path: Vec<&str> = self.path.iter().rev().map(String::as_str).collect();
        write!(f, "at {}: {}", path.join("."), self.message)
    }
}

impl std::error::Error for Error {}

/// Conversion between a Rust value and its JSON form on the wire.
pub trait Wire: Sized {
    /// Reads the value from JSON.
    fn from_wire(value: Value) -> Result<Self, Error>;
    /// Writes the value as JSON.
    fn to_wire(&self) -> Value;
}

/// An enumeration whose members travel as strings.
pub trait Enumeration: Sized {
    /// The member a wire name stands for; names the docs don't list are kept, not refused.
    fn from_name(name: String) -> Self;
    /// The wire name of the member.
    fn as_str(&self) -> &str;
}

/// A primitive that travels as a string with a canonical spelling.
pub trait Lexical: Sized {
    /// What the value is, for error messages.
    const WHAT: &'static str;
    /// Parses the wire text.
    fn parse(text: &str) -> Option<Self>;
    /// The canonical wire text.
    fn format(&self) -> String;
}

/// A parsed primitive that remembers how it was spelled, so a round trip gives back the same text
/// (`2023-10-02T08:30:00.0000000Z` stays that way). It dereferences to the value, and compares,
/// orders and hashes as the value does, whatever the spelling.
#[derive(Debug, Clone)]
pub struct Kept<T> {
    value: T,
    text: Option<Box<str>>,
}

impl<T> Kept<T> {
    /// A value written in its canonical spelling.
    pub fn new(value: T) -> Kept<T> {
        Kept { value, text: None }
    }

    /// The value.
    pub fn get(&self) -> &T {
        &self.value
    }

    /// The value, taken out.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> From<T> for Kept<T> {
    fn from(value: T) -> Kept<T> {
        Kept::new(value)
    }
}

/// The value's own methods work on the wrapper: `modified.year()`.
impl<T> std::ops::Deref for Kept<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Kept<T> {
    fn eq(&self, other: &Kept<T>) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Kept<T> {}

impl<T: PartialOrd> PartialOrd for Kept<T> {
    fn partial_cmp(&self, other: &Kept<T>) -> Option<std::cmp::Ordering> {
        self.value.partial_cmp(&other.value)
    }
}

impl<T: Ord> Ord for Kept<T> {
    fn cmp(&self, other: &Kept<T>) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl<T: std::hash::Hash> std::hash::Hash for Kept<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

/// The text as it travels: as received, or the canonical spelling.
impl<T: Lexical> fmt::Display for Kept<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.text {
            Some(text) => f.write_str(text),
            None => f.write_str(&self.value.format()),
        }
    }
}

impl<T: Lexical> Wire for Kept<T> {
    fn from_wire(value: Value) -> Result<Self, Error> {
        let Value::String(text) = value else { return Err(Error::expected(T::WHAT, &value)) };
        let Some(parsed) = T::parse(&text) else { return Err(Error::expected(T::WHAT, &Value::String(text))) };
        let text = (parsed.format() != text).then(|| text.into_boxed_str());
        Ok(Kept { value: parsed, text })
    }

    fn to_wire(&self) -> Value {
        Value::String(self.text.as_deref().map_or_else(|| self.value.format(), str::to_owned))
    }
}

/// `Edm.Decimal`: kept as the exact digits sent (a number or a string), never rounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    digits: String,
    quoted: bool,
}

impl Decimal {
    /// The digits as sent (`"12.50"`).
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// The value as the nearest `f64`.
    pub fn to_f64(&self) -> Option<f64> {
        self.digits.parse().ok()
    }
}

impl std::str::FromStr for Decimal {
    type Err = Error;

    fn from_str(text: &str) -> Result<Decimal, Error> {
        let digits = text.strip_prefix('-').unwrap_or(text);
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
        let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
        if !all_digits(whole) || !all_digits(fraction) {
            return Err(Error::new(format!("expected a decimal number, found {text:?}")));
        }
        Ok(Decimal { digits: text.to_owned(), quoted: false })
    }
}

impl Wire for Decimal {
    fn from_wire(value: Value) -> Result<Self, Error> {
        match value {
            Value::Number(number) => Ok(Decimal { digits: number.to_string(), quoted: false }),
            Value::String(text) => Ok(Decimal { quoted: true, ..text.parse()? }),
            other => Err(Error::expected("a decimal number", &other)),
        }
    }

    fn to_wire(&self) -> Value {
        match self.digits.parse::<Number>() {
            Ok(number) if !self.quoted => Value::Number(number),
            _ => Value::String(self.digits.clone()),
        }
    }
}

/// `Edm.Binary`: bytes, base64-encoded on the wire.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Binary(pub Vec<u8>);

impl Wire for Binary {
    fn from_wire(value: Value) -> Result<Self, Error> {
        let Value::String(text) = &value else { return Err(Error::expected("base64 text", &value)) };
        match base64::engine::general_purpose::STANDARD.decode(text) {
            Ok(bytes) => Ok(Binary(bytes)),
            Err(_) => Err(Error::expected("base64 text", &value)),
        }
    }

    fn to_wire(&self) -> Value {
        Value::String(base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

/// A flags enumeration: a set of members, comma-separated on the wire (`"email,sms"`).
/// Members keep the order they came in, and each appears once.
#[derive(Debug, Clone, PartialEq)]
pub struct Flags<E> {
    members: Vec<E>,
}

impl<E> Default for Flags<E> {
    fn default() -> Flags<E> {
        Flags { members: Vec::new() }
    }
}

impl<E: PartialEq> Flags<E> {
    /// Whether the set holds `member`.
    pub fn contains(&self, member: &E) -> bool {
        self.members.contains(member)
    }

    /// Adds `member` unless the set holds it already.
    pub fn insert(&mut self, member: E) {
        if !self.contains(&member) {
            self.members.push(member);
        }
    }

    /// The members, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, E> {
        self.members.iter()
    }
}

impl<E: PartialEq> FromIterator<E> for Flags<E> {
    fn from_iter<I: IntoIterator<Item = E>>(members: I) -> Flags<E> {
        let mut flags = Flags::default();
        for member in members {
            flags.insert(member);
        }
        flags
    }
}

impl<E: Enumeration + PartialEq> Wire for Flags<E> {
    fn from_wire(value: Value) -> Result<Self, Error> {
        let Value::String(text) = value else { return Err(Error::expected("comma-separated member names", &value)) };
        Ok(text.split(',').map(str::trim).filter(|name| !name.is_empty()).map(|name| E::from_name(name.to_owned())).collect())
    }

    fn to_wire(&self) -> Value {
        let names: Vec<&str> = self.members.iter().map(E::as_str).collect();
        Value::String(names.join(","))
    }
}

impl Wire for bool {
    fn from_wire(value: Value) -> Result<Self, Error> {
        value.as_bool().ok_or_else(|| Error::expected("a boolean", &value))
    }

    fn to_wire(&self) -> Value {
        Value::Bool(*self)
    }
}

impl Wire for String {
    fn from_wire(value: Value) -> Result<Self, Error> {
        match value {
            Value::String(text) => Ok(text),
            other => Err(Error::expected("a string", &other)),
        }
    }

    fn to_wire(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Wire for Value {
    fn from_wire(value: Value) -> Result<Self, Error> {
        Ok(value)
    }

    fn to_wire(&self) -> Value {
        self.clone()
    }
}

/// Integers accept numbers and, as OData's `IEEE754Compatible` form sends `Edm.Int64`, strings of
/// digits; they are written back as numbers.
macro_rules! integer {
    ($($int:ty),*) => {$(
        impl Wire for $int {
            fn from_wire(value: Value) -> Result<Self, Error> {
                let parsed = match &value {
                    Value::Number(number) => number.as_i64().and_then(|int| <$int>::try_from(int).ok()),
                    Value::String(text) => text.trim().parse().ok(),
                    _ => None,
                };
                parsed.ok_or_else(|| Error::expected(concat!("an integer that fits ", stringify!($int)), &value))
            }

            fn to_wire(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}

integer!(i8, i16, i32, i64, u8);

/// Floating-point numbers accept numbers and the strings `NaN`, `INF` and `-INF`, and write
/// non-finite values back as those strings.
macro_rules! float {
    ($($float:ty),*) => {$(
        impl Wire for $float {
            fn from_wire(value: Value) -> Result<Self, Error> {
                let parsed = match &value {
                    Value::Number(number) => number.as_f64().map(|float| float as $float),
                    Value::String(text) => match text.as_str() {
                        "NaN" => Some(<$float>::NAN),
                        "INF" => Some(<$float>::INFINITY),
                        "-INF" => Some(<$float>::NEG_INFINITY),
                        other => other.parse().ok(),
                    },
                    _ => None,
                };
                parsed.ok_or_else(|| Error::expected("a number", &value))
            }

            fn to_wire(&self) -> Value {
                let float = f64::from(*self);
                if float.is_nan() {
                    Value::String("NaN".to_owned())
                } else if float.is_infinite() {
                    Value::String(if float > 0.0 { "INF" } else { "-INF" }.to_owned())
                } else if float.fract() == 0.0 && float.abs() < 9.0e15 {
                    // Whole numbers go back out as integers, as the service sends them.
                    Value::from(float as i64)
                } else {
                    Number::from_f64(float).map_or(Value::Null, Value::Number)
                }
            }
        }
    )*};
}

float!(f32, f64);

impl<T: Wire> Wire for Vec<T> {
    fn from_wire(value: Value) -> Result<Self, Error> {
        let Value::Array(items) = value else { return Err(Error::expected("an array", &value)) };
        items.into_iter().enumerate().map(|(idx, item)| T::from_wire(item).map_err(|err| err.within(idx.to_string()))).collect()
    }

    fn to_wire(&self) -> Value {
        Value::Array(self.iter().map(T::to_wire).collect())
    }
}

impl<T: Wire> Wire for Box<T> {
    fn from_wire(value: Value) -> Result<Self, Error> {
        T::from_wire(value).map(Box::new)
    }

    fn to_wire(&self) -> Value {
        T::to_wire(self)
    }
}

impl Lexical for time::OffsetDateTime {
    const WHAT: &'static str = "an RFC 3339 date and time";

    fn parse(text: &str) -> Option<Self> {
        use time::format_description::well_known::Rfc3339;
        // The service sometimes leaves out the offset; such times are UTC.
        time::OffsetDateTime::parse(text, &Rfc3339).ok().or_else(|| {
            let with_offset = format!("{text}Z");
            time::OffsetDateTime::parse(&with_offset, &Rfc3339).ok()
        })
    }

    fn format(&self) -> String {
        time::OffsetDateTime::format(*self, &time::format_description::well_known::Rfc3339).unwrap_or_default()
    }
}

const DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");
const TIME: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[hour]:[minute]:[second][optional [.[subsecond]]]");

impl Lexical for time::Date {
    const WHAT: &'static str = "a date such as 2023-11-15";

    fn parse(text: &str) -> Option<Self> {
        time::Date::parse(text, DATE).ok()
    }

    fn format(&self) -> String {
        time::Date::format(*self, DATE).unwrap_or_default()
    }
}

impl Lexical for time::Time {
    const WHAT: &'static str = "a time of day such as 08:30:00";

    fn parse(text: &str) -> Option<Self> {
        time::Time::parse(text, TIME).ok()
    }

    fn format(&self) -> String {
        time::Time::format(*self, TIME).unwrap_or_default()
    }
}

impl Lexical for time::Duration {
    const WHAT: &'static str = "an ISO 8601 duration such as PT1H30M";

    fn parse(text: &str) -> Option<Self> {
        parse_duration(text)
    }

    fn format(&self) -> String {
        format_duration(*self)
    }
}

impl Lexical for uuid::Uuid {
    const WHAT: &'static str = "a GUID";

    fn parse(text: &str) -> Option<Self> {
        uuid::Uuid::try_parse(text).ok()
    }

    fn format(&self) -> String {
        self.hyphenated().to_string()
    }
}

/// Reads a model's properties out of its object one call at a time, keeping the first error, so
/// that a model's `from_wire` is one struct expression with no early return per property: each
/// such return drops every field read before it, which made the readers' code grow with the
/// square of their property count (their share of a large crate's `cargo check` halved).
pub struct Reader {
    object: Object,
    error: Option<Error>,
}

impl Reader {
    /// The reader of a model's object, or an error naming the model.
    pub fn new(value: Value, model: &str) -> Result<Self, Error> {
        match value {
            Value::Object(object) => Ok(Reader { object, error: None }),
            other => Err(Error::expected(&format!("a {model} object"), &other)),
        }
    }

    /// Reads the property `key`: an absent key or `null` is `None`, and an explicit `null` stays
    /// among the properties not read, so it is written back. After an error, `None`.
    pub fn take<T: Wire>(&mut self, key: &str) -> Option<T> {
        if self.error.is_some() || matches!(self.object.get(key), None | Some(Value::Null)) {
            return None;
        }
        let value = self.object.remove(key).unwrap_or_default();
        T::from_wire(value)
            .map_err(|err| self.error = Some(err.within(key)))
            .ok()
    }

    /// The properties not read, which the model keeps, or the first error.
    pub fn finish(self) -> Result<Object, Error> {
        match self.error {
            Some(err) => Err(err),
            None => Ok(self.object),
        }
    }
}

/// Writes the property `key` into `object` when it has a value.
pub fn put<T: Wire>(object: &mut Object, key: &str, value: &Option<T>) {
    if let Some(value) = value {
        object.insert(key.to_owned(), value.to_wire());
    }
}

/// An explicit JSON `null`, for a setter: `image.with_display_name(rt::Null)` sends
/// `"displayName": null`, as a PATCH that clears the property must.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Null;

/// What the setter of a `T` property takes: anything that converts into `T`, or [`Null`].
pub trait Assign<T> {
    /// The value, or `None` for [`Null`].
    fn assign(self) -> Option<T>;
}

/// The types a setter takes as values. [`Null`] is not one, which keeps the two impls of
/// [`Assign`] apart; the models and enums of the crate are.
pub trait Assignable {}

impl<T: Into<U> + Assignable, U> Assign<U> for T {
    fn assign(self) -> Option<U> {
        Some(self.into())
    }
}

impl<U> Assign<U> for Null {
    fn assign(self) -> Option<U> {
        None
    }
}

macro_rules! assignable {
    ($($ty:ty),* $(,)?) => {$(impl Assignable for $ty {})*};
}

assignable!(bool, i8, i16, i32, i64, u8, u16, u32, f32, f64, String, &str, Value);
assignable!(time::OffsetDateTime, time::Date, time::Time, time::Duration, uuid::Uuid);

impl<T> Assignable for Kept<T> {}
impl<T> Assignable for Box<T> {}

/// A property's new value from its setter's argument. A [`Null`] is recorded in `additional`
/// under the wire name `key`, so it is sent; a value replaces a null recorded before.
pub fn assign<T>(additional: &mut Object, key: &str, value: impl Assign<T>) -> Option<T> {
    let value = value.assign();
    if value.is_none() {
        additional.insert(key.to_owned(), Value::Null);
    } else if additional.get(key) == Some(&Value::Null) {
        additional.remove(key);
    }
    value
}

/// A collection property's new value from its setter's argument: the items, each converted.
/// (One generic function rather than the same iterator chain in every setter: the type checker
/// then solves it once.)
pub fn list<T, I>(values: I) -> Option<Vec<T>>
where
    I: IntoIterator,
    I::Item: Into<T>,
{
    Some(values.into_iter().map(Into::into).collect())
}

/// Finishes writing a model: adds the properties the docs don't describe, unless a known property
/// of the same name was written.
pub fn finish(mut object: Object, additional: &Object) -> Value {
    for (key, value) in additional {
        if !object.contains_key(key) {
            object.insert(key.clone(), value.clone());
        }
    }
    Value::Object(object)
}

/// The `@odata.type` of an object, without its leading `#` (`microsoft.graph.user`).
pub fn odata_type(value: &Value) -> Option<&str> {
    let tag = value.get("@odata.type")?.as_str()?;
    Some(tag.strip_prefix('#').unwrap_or(tag))
}

/// Serializes any [`Wire`] value through its JSON form.
pub fn serialize<W: Wire, S: serde::Serializer>(value: &W, serializer: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&value.to_wire(), serializer)
}

/// Deserializes any [`Wire`] value through its JSON form.
pub fn deserialize<'de, W: Wire, D: serde::Deserializer<'de>>(deserializer: D) -> Result<W, D::Error> {
    let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
    W::from_wire(value).map_err(serde::de::Error::custom)
}

/// Writes a model for `{:?}`: its name and the properties it would send, under their wire names
/// with their JSON values (`CloudPcDeviceImage { id: "7", displayName: "Win 11", .. }`). A
/// model of a large type has a hundred or more properties and few of them set, so the unset ones
/// are left out; `..` says so.
pub fn debug_model<M: Wire>(name: &str, model: &M, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut out = formatter.debug_struct(name);
    if let Value::Object(object) = model.to_wire() {
        for (key, value) in &object {
            out.field(key, &format_args!("{value}"));
        }
    }
    out.finish_non_exhaustive()
}

/// Implements `Debug` for models through [`debug_model`]. Derived, it would be one more function
/// per property for the compiler, on crates that have tens of thousands of properties.
// A crate generated from docs without types has no use for it.
#[allow(unused_macros)]
macro_rules! debug_via_wire {
    ($($model:ty),* $(,)?) => {$(
        impl ::core::fmt::Debug for $model {
            fn fmt(&self, formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                rt::debug_model(stringify!($model), self, formatter)
            }
        }
    )*};
}

#[allow(unused_imports)] // As for the macro above.
pub(crate) use debug_via_wire;

/// Implements serde's traits through [`Wire`], and marks the type [`Assignable`]. Like the next macro, it names the runtime as
/// `rt`, which every generated file imports, so the models can live anywhere in a crate.
// A crate generated from docs without types or enums has no use for it.
#[allow(unused_macros)]
macro_rules! serde_via_wire {
    ($($model:ty),* $(,)?) => {$(
        impl rt::Assignable for $model {}

        impl serde::Serialize for $model {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                rt::serialize(self, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $model {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                rt::deserialize(deserializer)
            }
        }
    )*};
}

#[allow(unused_imports)] // As for the macro above.
pub(crate) use serde_via_wire;

/// The runtime's own types, through [`Wire`]; generic, so written out rather than by the macro.
macro_rules! generic_serde_via_wire {
    ($(<$param:ident: $($bound:path),+> $ty:ty),* $(,)?) => {$(
        impl<$param: $($bound +)+> serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serialize(self, serializer)
            }
        }

        impl<'de, $param: $($bound +)+> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize(deserializer)
            }
        }
    )*};
}

generic_serde_via_wire!(<T: Lexical> Kept<T>, <E: Enumeration, PartialEq> Flags<E>);

serde_via_wire!(Decimal, Binary);

/// Implements what an enumeration offers through [`Enumeration`]: [`Wire`], an inherent `as_str`,
/// `Display` (the wire name) and `FromStr` (a name these docs don't list gives the catch-all
/// variant, so parsing never fails).
// A crate generated from docs without enums has no use for it.
#[allow(unused_macros)]
macro_rules! enumeration {
    ($($enumeration:ty),* $(,)?) => {$(
        impl rt::Wire for $enumeration {
            fn from_wire(value: serde_json::Value) -> Result<Self, rt::Error> {
                match value {
                    serde_json::Value::String(name) => Ok(rt::Enumeration::from_name(name)),
                    other => Err(rt::Error::new(format!("expected a member name, found {other}"))),
                }
            }

            fn to_wire(&self) -> serde_json::Value {
                serde_json::Value::String(rt::Enumeration::as_str(self).to_owned())
            }
        }

        impl $enumeration {
            /// The member's name on the wire.
            pub fn as_str(&self) -> &str {
                rt::Enumeration::as_str(self)
            }
        }

        impl std::fmt::Display for $enumeration {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(rt::Enumeration::as_str(self))
            }
        }

        impl std::str::FromStr for $enumeration {
            type Err = std::convert::Infallible;

            fn from_str(name: &str) -> Result<Self, Self::Err> {
                Ok(rt::Enumeration::from_name(name.to_owned()))
            }
        }
    )*};
}

#[allow(unused_imports)] // As for the macro above.
pub(crate) use enumeration;

/// Parses `P[nD][T[nH][nM][n[.f]S]]`, optionally negative. Years and months have no fixed length,
/// so they are refused.
fn parse_duration(text: &str) -> Option<time::Duration> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let rest = rest.strip_prefix('P')?;
    let (date_part, time_part) = rest.split_once('T').unwrap_or((rest, ""));
    if date_part.is_empty() && time_part.is_empty() {
        return None;
    }
    let mut total = time::Duration::ZERO;
    let mut read = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut number = String::new();
        for symbol in part.chars() {
            if symbol.is_ascii_digit() || symbol == '.' {
                number.push(symbol);
                continue;
            }
            let seconds = units.iter().find(|(unit, _)| *unit == symbol)?.1;
            let amount: f64 = number.parse().ok()?;
            total += time::Duration::seconds_f64(amount * seconds);
            number.clear();
        }
        number.is_empty().then_some(())
    };
    read(date_part, &[('W', 604_800.0), ('D', 86_400.0)])?;
    read(time_part, &[('H', 3_600.0), ('M', 60.0), ('S', 1.0)])?;
    Some(if negative { -total } else { total })
}

/// Writes a duration in the form [`parse_duration`] reads, days first (`P1DT2H30M`).
fn format_duration(duration: time::Duration) -> String {
    let sign = if duration.is_negative() { "-" } else { "" };
    let duration = duration.abs();
    let days = duration.whole_days();
    let hours = duration.whole_hours() % 24;
    let minutes = duration.whole_minutes() % 60;
    let seconds = duration.whole_seconds() % 60;
    let nanos = duration.subsec_nanoseconds();
    let mut text = format!("{sign}P");
    if days > 0 {
        text.push_str(&format!("{days}D"));
    }
    if hours > 0 || minutes > 0 || seconds > 0 || nanos > 0 || days == 0 {
        text.push('T');
        if hours > 0 {
            text.push_str(&format!("{hours}H"));
        }
        if minutes > 0 {
            text.push_str(&format!("{minutes}M"));
        }
        if nanos > 0 {
            let fraction = format!("{:09}", nanos);
            text.push_str(&format!("{seconds}.{}S", fraction.trim_end_matches('0')));
        } else if seconds > 0 || (hours == 0 && minutes == 0) {
            text.push_str(&format!("{seconds}S"));
        }
    }
    text
}
