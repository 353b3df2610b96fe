//! The one table from `Edm.` primitives to Rust types.
//!
//! Types from `rt` are the runtime's (copied into every generated crate): they parse and keep
//! the wire text, so a round trip gives back what came in. Why each mapping:
//! - `Edm.Int64` is `i64` that also accepts strings of digits (OData's `IEEE754Compatible`).
//! - `Edm.Double`/`Edm.Single` accept `"NaN"`, `"INF"` and `"-INF"`.
//! - `Edm.Decimal` keeps the exact digits: no float rounding, no extra dependency.
//! - `Edm.DateTimeOffset`, `Edm.Date`, `Edm.TimeOfDay`, `Edm.Duration` parse into the `time`
//!   crate's types; `Edm.Guid` into `uuid::Uuid`; `Edm.Binary` is base64-decoded bytes.
//! - `Edm.Stream` properties carry a media link or inline content the service chooses; they stay
//!   a `String`, as sent.
//! - `Edm.Untyped` is any JSON value.

/// `Edm.` name -> Rust type, as it is spelled in generated code.
pub const PRIMITIVES: &[(&str, &str)] = &[
    ("Edm.Binary", "rt::Binary"),
    ("Edm.Boolean", "bool"),
    ("Edm.Byte", "u8"),
    ("Edm.Date", "rt::Date"),
    ("Edm.DateTimeOffset", "rt::DateTimeOffset"),
    ("Edm.Decimal", "rt::Decimal"),
    ("Edm.Double", "f64"),
    ("Edm.Duration", "rt::Duration"),
    ("Edm.Guid", "rt::Guid"),
    ("Edm.Int16", "i16"),
    ("Edm.Int32", "i32"),
    ("Edm.Int64", "i64"),
    ("Edm.SByte", "i8"),
    ("Edm.Single", "f32"),
    ("Edm.Stream", "String"),
    ("Edm.String", "String"),
    ("Edm.TimeOfDay", "rt::TimeOfDay"),
    ("Edm.Untyped", "rt::Value"),
];

/// The Rust type of an `Edm.` primitive; an unknown one is any JSON value.
pub fn rust_type(edm: &str) -> &'static str {
    PRIMITIVES.iter().find(|(name, _)| *name == edm).map_or("rt::Value", |(_, rust)| rust)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_entry_is_a_path_and_every_extracted_primitive_has_one() {
        for (edm, rust) in super::PRIMITIVES {
            assert!(syn::parse_str::<syn::Path>(rust).is_ok(), "{edm} -> {rust} is not a path");
        }
        for spelling in [
            "binary",
            "bool",
            "byte",
            "date",
            "datetime",
            "decimal",
            "double",
            "duration",
            "guid",
            "int16",
            "int32",
            "int64",
            "sbyte",
            "single",
            "stream",
            "string",
            "timeofday",
            "untyped",
        ] {
            let edm = crate::extract::type_cell::primitive(spelling).expect("a primitive spelling");
            assert!(super::PRIMITIVES.iter().any(|(name, _)| *name == edm), "{edm} has no Rust type");
        }
    }
}
