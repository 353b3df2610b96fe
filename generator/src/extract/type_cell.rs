//! Type cells -> type references (dialect guide §5, "Normalise a Type cell").
//!
//! `String`, `string`, `Edm.String`, `String collection`, `Collection(String)`,
//! `[identitySet](identityset.md)`, `[driveItem][] collection`, `microsoft.graph.callRecords.session`
//! all become a primitive or a name, plus a collection flag. Text that names no type
//! (`string, maximum size 20`, `[a](a.md) or [b](b.md)`) is an error the caller reports.

use std::borrow::Cow;

use crate::page::Inline;

/// What a Type cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellType {
    /// The named type.
    pub name: CellName,
    /// `X collection`, `Collection(X)`, `Collection of X`.
    pub collection: bool,
}

/// The type a cell names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellName {
    /// An `Edm.` primitive, fully spelled (`Edm.Int32`).
    Primitive(&'static str),
    /// A type name (maybe qualified) and the page a link points to.
    Named {
        /// `identitySet` or `microsoft.graph.callRecords.session`.
        name: String,
        /// The link destination as written, when the cell links.
        target: Option<String>,
    },
}

/// Edm primitives by lower-cased spelling, including the non-Edm words the docs use
/// (dialect guide §5: `int`/`integer` -> Int32, `bool` -> Boolean, `datetime` -> DateTimeOffset).
const PRIMITIVES: &[(&str, &str)] = &[
    ("binary", "Edm.Binary"),
    ("bool", "Edm.Boolean"),
    ("boolean", "Edm.Boolean"),
    ("byte", "Edm.Byte"),
    ("date", "Edm.Date"),
    ("datetime", "Edm.DateTimeOffset"),
    ("datetimeoffset", "Edm.DateTimeOffset"),
    ("decimal", "Edm.Decimal"),
    ("double", "Edm.Double"),
    ("duration", "Edm.Duration"),
    ("guid", "Edm.Guid"),
    ("int", "Edm.Int32"),
    ("int16", "Edm.Int16"),
    ("int32", "Edm.Int32"),
    ("int64", "Edm.Int64"),
    ("integer", "Edm.Int32"),
    ("sbyte", "Edm.SByte"),
    ("single", "Edm.Single"),
    ("stream", "Edm.Stream"),
    ("string", "Edm.String"),
    ("timeofday", "Edm.TimeOfDay"),
    // The docs define their Timestamp as an ISO 8601 date and time in UTC.
    ("timestamp", "Edm.DateTimeOffset"),
    ("untyped", "Edm.Untyped"),
    ("uri", "Edm.String"),
    ("url", "Edm.String"),
];

/// The Edm primitive a word names, case-insensitively, with or without `Edm.`.
pub fn primitive(word: &str) -> Option<&'static str> {
    let word = word.trim();
    let bare = strip_prefix_ignore_case(word, "edm.").unwrap_or(word);
    PRIMITIVES.iter().find(|(spelling, _)| spelling.eq_ignore_ascii_case(bare)).map(|(_, name)| *name)
}

/// Reads a Type cell. `Err` says, for a diagnostic, why it names no type.
pub fn parse_type_cell(cell: &Inline) -> Result<CellType, String> {
    let text = clean(&cell.text);
    if text.is_empty() {
        return Err("is empty".to_owned());
    }
    let (inner, collection) = strip_collection(&text);
    match cell.links.as_slice() {
        [link] => {
            let link_text = clean(&link.text);
            let (name, inner_collection) = strip_collection(&link_text);
            // The link must be the whole type: `[x](x.md)`, `[x][]`, `[x] collection`. Most cells
            // are the link's text and nothing else.
            let whole = inner == link_text.as_ref()
                || inner.replace(link_text.as_ref(), "").replace("[]", "").replace(['[', ']'], "").trim().is_empty();
            if !whole && !name.is_empty() {
                return Err(format!("holds \"{text}\"; expected one type name, optionally followed by `collection`"));
            }
            let parsed = parse_name(name, Some(link.target.clone()))
                .ok_or_else(|| format!("links \"{name}\", which is not a type name"))?;
            Ok(CellType { name: parsed, collection: collection || inner_collection })
        }
        [] => {
            // Unresolved reference links keep their brackets: `[driveItem][]`, `[x]`.
            let name = inner.trim_end_matches("[]").trim_start_matches('[').trim_end_matches(']').trim();
            let parsed = parse_name(name, None).ok_or_else(|| {
                format!("holds \"{text}\"; expected a type name such as `String` or `identitySet collection`")
            })?;
            Ok(CellType { name: parsed, collection })
        }
        _ => Err(format!("holds \"{text}\", which links several types; expected one type")),
    }
}

/// Parses a bare type name (`String`, `Edm.Int64`, `microsoft.graph.x`, `x collection`).
pub fn parse_type_name(text: &str) -> Option<CellType> {
    let text = clean(text);
    let (inner, collection) = strip_collection(&text);
    parse_name(inner, None).map(|name| CellType { name, collection })
}

/// A type name followed by a remark: `string (url)`, `String (timestamp)`, `alertFeedback enum`,
/// `string, maximum size 20` (dynamics pages). Only for cells [`parse_type_cell`] rejected; the
/// caller reports what was dropped.
pub fn parse_decorated(text: &str) -> Option<CellType> {
    let text = clean(text);
    let head = match (text.find(" ("), text.find(", ")) {
        (Some(at), _) if text.ends_with(')') => text.get(..at)?,
        (_, Some(at)) => text.get(..at)?,
        _ => strip_suffix_ignore_case(&text, " enum").or_else(|| strip_suffix_ignore_case(&text, " enumeration"))?,
    };
    parse_type_name(head)
}

fn parse_name(name: &str, target: Option<String>) -> Option<CellName> {
    let name = name.trim().trim_start_matches('#');
    if let Some(primitive) = primitive(name) {
        return Some(CellName::Primitive(primitive));
    }
    if strip_prefix_ignore_case(name, "edm.").is_some() {
        return None;
    }
    let mut chars = name.chars();
    let valid = chars.next().is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.')
        && !name.ends_with('.');
    valid.then(|| CellName::Named { name: name.to_owned(), target })
}

/// Strips a collection marker: `X collection`, `Collection(X)`, `Collection of X`.
fn strip_collection(text: &str) -> (&str, bool) {
    let mut inner = text.trim().trim_end_matches('.').trim();
    let mut collection = false;
    loop {
        if let Some(rest) = strip_suffix_ignore_case(inner, " collection") {
            // `collection collection` (dialect guide §5) is still one collection.
            inner = rest.trim();
            collection = true;
        } else if let Some(rest) =
            strip_prefix_ignore_case(inner, "collection(").and_then(|rest| rest.strip_suffix(')'))
        {
            inner = rest.trim();
            collection = true;
        } else if let Some(rest) = strip_prefix_ignore_case(inner, "collection of ") {
            inner = rest.trim();
            collection = true;
        } else {
            return (inner, collection);
        }
    }
}

/// Removes decoration: backticks, bold markers and surrounding whitespace.
fn clean(text: &str) -> Cow<'_, str> {
    // Most cells are already tidy (`String`, `identitySet collection`): printable ASCII without
    // backticks, asterisks, or spaces at the ends or side by side. Those are borrowed as they are.
    let bytes = text.as_bytes();
    let tidy = bytes.iter().all(|&byte| matches!(byte, b' '..=b'~') && byte != b'`' && byte != b'*')
        && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && memchr::memmem::find(bytes, b"  ").is_none();
    if tidy {
        return Cow::Borrowed(text);
    }
    let text = text.replace(['`', '*'], "");
    Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// `text` without `prefix`, compared ASCII case-insensitively.
pub fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| text.get(prefix.len()..)).flatten()
}

/// Whether `text` holds `needle`, compared ASCII case-insensitively (for short texts such as
/// headings: no lower-cased copy, no searcher to set up).
pub fn contains_ignore_case(text: &str, needle: &str) -> bool {
    needle.is_empty()
        || text.as_bytes().windows(needle.len()).any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// `text` without `suffix`, compared ASCII case-insensitively.
pub fn strip_suffix_ignore_case<'t>(text: &'t str, suffix: &str) -> Option<&'t str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let tail = text.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| text.get(..cut)).flatten()
}

#[cfg(test)]
mod tests {
    use super::{parse_type_cell, CellName, CellType};
    use crate::page::{Inline, Link};

    fn cell(text: &str, links: &[(&str, &str)]) -> Inline {
        let links = links
            .iter()
            .map(|(text, target)| Link { text: (*text).to_owned(), target: (*target).to_owned() })
            .collect();
        Inline { text: text.to_owned(), links, ..Inline::default() }
    }

    fn named(name: &str, target: Option<&str>, collection: bool) -> Result<CellType, String> {
        Ok(CellType { name: CellName::Named { name: name.to_owned(), target: target.map(str::to_owned) }, collection })
    }

    fn primitive(name: &'static str, collection: bool) -> Result<CellType, String> {
        Ok(CellType { name: CellName::Primitive(name), collection })
    }

    #[test]
    fn reads_type_cells() {
        let cases: Vec<(Inline, Result<CellType, String>)> = vec![
            (cell("String", &[]), primitive("Edm.String", false)),
            (cell("string", &[]), primitive("Edm.String", false)),
            (cell("Edm.TimeOfDay", &[]), primitive("Edm.TimeOfDay", false)),
            (cell("edm.DateTime", &[]), primitive("Edm.DateTimeOffset", false)),
            (cell("Int", &[]), primitive("Edm.Int32", false)),
            (cell("GUID", &[]), primitive("Edm.Guid", false)),
            (cell("String collection", &[]), primitive("Edm.String", true)),
            (cell("Collection(Edm.String)", &[]), primitive("Edm.String", true)),
            (cell("Collection of String", &[]), primitive("Edm.String", true)),
            (cell("`Boolean`", &[]), primitive("Edm.Boolean", false)),
            (cell("**chatMessagePolicyViolationDlpActionType**", &[]), named("chatMessagePolicyViolationDlpActionType", None, false)),
            (cell("identitySet", &[("identitySet", "identityset.md")]), named("identitySet", Some("identityset.md"), false)),
            (cell("driveItem collection", &[("driveItem", "driveitem.md")]), named("driveItem", Some("driveitem.md"), true)),
            (cell("Collection(columnDefinition)", &[("columnDefinition", "columndefinition.md")]), named("columnDefinition", Some("columndefinition.md"), true)),
            (cell("call collection collection", &[]), named("call", None, true)),
            (cell("[driveItem][] collection", &[]), named("driveItem", None, true)),
            (cell("microsoft.graph.callRecords.session", &[]), named("microsoft.graph.callRecords.session", None, false)),
            (cell("cloudPcDeviceImageStatusDetails", &[]), named("cloudPcDeviceImageStatusDetails", None, false)),
            (cell("string, maximum size 20", &[]), Err("holds \"string, maximum size 20\"; expected a type name such as `String` or `identitySet collection`".to_owned())),
            (cell("a or b", &[("a", "a.md"), ("b", "b.md")]), Err("holds \"a or b\", which links several types; expected one type".to_owned())),
            (cell("", &[]), Err("is empty".to_owned())),
            (cell("Edm.Strng", &[]), Err("holds \"Edm.Strng\"; expected a type name such as `String` or `identitySet collection`".to_owned())),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_type_cell(&input), expected, "{:?}", input.text);
        }
    }

    #[test]
    fn reads_types_with_remarks() {
        assert_eq!(super::parse_decorated("string (url)"), primitive("Edm.String", false).ok());
        assert_eq!(super::parse_decorated("alertFeedback enum"), named("alertFeedback", None, false).ok());
        assert_eq!(super::parse_decorated("string, maximum size 20"), primitive("Edm.String", false).ok());
        assert_eq!(super::parse_decorated("Untyped JSON object"), None);
        assert_eq!(super::parse_decorated("String (enum)"), primitive("Edm.String", false).ok());
    }
}
