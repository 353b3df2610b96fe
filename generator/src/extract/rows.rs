//! Rows of property-like tables (Properties, Relationships, Request body, parameters) -> IR rows.
//!
//! Name cells keep their first word (`backupReviewers (deprecated)`, dialect guide §5; the mark
//! becomes the row's `deprecated` fact); flags
//! come from the description: read-only, nullable (mostly negated), required/optional, and
//! `Inherited from [x]` (dialect guide §6).

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::{inline_enum, Ctx, NAME_COLUMNS};
use crate::diag::codes;
use crate::ir::{self, TypeRef};
use crate::page::{Inline, Row, Table};

/// The columns of a property-like table.
pub(crate) struct Columns {
    pub(crate) name: usize,
    pub(crate) type_: Option<usize>,
    pub(crate) description: Option<usize>,
}

impl Columns {
    /// Finds the name, Type and Description columns by header text.
    pub(crate) fn of(table: &Table) -> Option<Columns> {
        Some(Columns {
            name: table.column(NAME_COLUMNS)?,
            type_: table.column(&["type"]),
            description: table.column(&["description", "value", "notes"]),
        })
    }
}

/// The name in column `column` of a row, or `None` for a blank row. Reports cells that hold no
/// name, the empty cell of a row that has other cells filled in included.
pub(crate) fn row_name(ctx: &mut Ctx<'_>, row: &Row, column: usize, what: &str) -> Option<String> {
    let cell = row.cell(column)?;
    let text = match memchr::memchr3(b'*', b'`', b'\\', cell.text.as_bytes()) {
        Some(_) => Cow::Owned(cell.text.replace(['*', '`', '\\'], "")),
        None => Cow::Borrowed(cell.text.as_str()),
    };
    let text = ascii_hyphens(text);
    let first = text.split_whitespace().next().unwrap_or_default().trim_end_matches([':', ',', '.']);
    if first.is_empty() {
        if !is_blank(row) {
            ctx.diag(
                codes::TABLE_BAD_NAME,
                cell.span.start,
                format!("{what} row has an empty name cell; the row was skipped (write the name, or delete the row)"),
            );
        }
        return None;
    }
    if what == "relationship" {
        if let Some(joined) = label_as_name(&text) {
            ctx.diag(
                codes::TABLE_BAD_NAME,
                cell.span.start,
                format!("{what} name cell holds the label \"{}\", not a name; read as \"{joined}\" (write the name as the API spells it)", text.trim()),
            );
            return Some(joined);
        }
    }
    let is_name = first.chars().next().is_some_and(|ch| ch.is_alphabetic() || matches!(ch, '_' | '@' | '$'))
        && first.chars().all(|ch| ch.is_alphanumeric() || matches!(ch, '_' | '@' | '$' | '.' | '-'));
    if !is_name {
        ctx.diag(
            codes::TABLE_BAD_NAME,
            cell.span.start,
            format!("{what} name cell holds \"{}\"; expected a name such as `displayName`", cell.text),
        );
        return None;
    }
    Some(first.to_owned())
}

/// A label of two or three plain words written where a name belongs ("Legal holds"), as the
/// camel-case name it stands for (`legalHolds`); `None` for anything else.
fn label_as_name(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let plain = words.iter().all(|word| word.chars().all(|ch| ch.is_ascii_alphabetic()));
    if !(2..=3).contains(&words.len()) || !plain || !words[0].starts_with(|ch: char| ch.is_ascii_uppercase()) {
        return None;
    }
    let mut name = words[0].to_ascii_lowercase();
    for word in &words[1..] {
        let mut chars = word.chars();
        name.extend(chars.next().map(|first| first.to_ascii_uppercase()));
        name.push_str(&chars.as_str().to_ascii_lowercase());
    }
    Some(name)
}

/// Names written with a Unicode hyphen (U+2010, U+2011 non-breaking; dialect guide §13) mean the
/// ASCII one.
pub(crate) fn ascii_hyphens(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.contains(['\u{2010}', '\u{2011}']) {
        Cow::Owned(text.replace(['\u{2010}', '\u{2011}'], "-"))
    } else {
        text
    }
}

/// Whether a name cell marks its row `(deprecated)` (today's docs, dialect guide §13).
pub(crate) fn says_deprecated(cell: &str) -> bool {
    cell.contains('(') && cell.to_ascii_lowercase().contains("(deprecated)")
}

/// `name (deprecated)` -> `name`: the cell without its deprecation mark.
pub(crate) fn without_deprecated(cell: &str) -> &str {
    match cell.to_ascii_lowercase().find("(deprecated)") {
        Some(at) => cell[..at].trim_end(),
        None => cell,
    }
}

/// Whether every cell of the row is empty (or only emphasis and code marks).
pub(crate) fn is_blank(row: &Row) -> bool {
    row.cells
        .iter()
        .all(|cell| cell.text.trim_matches(|ch: char| ch.is_whitespace() || matches!(ch, '*' | '`' | '_')).is_empty())
}

/// Reads every row of a property-like table as properties.
pub(crate) fn property_rows(ctx: &mut Ctx<'_>, table: &Table, what: &str) -> Vec<ir::Property> {
    let Some(columns) = Columns::of(table) else { return Vec::new() };
    property_rows_in(ctx, table, &columns, what)
}

/// [`property_rows`] with the columns already chosen.
pub(crate) fn property_rows_in(ctx: &mut Ctx<'_>, table: &Table, columns: &Columns, what: &str) -> Vec<ir::Property> {
    table.rows.iter().filter_map(|row| property_row(ctx, row, columns, what)).collect()
}

fn property_row(ctx: &mut Ctx<'_>, row: &Row, columns: &Columns, what: &str) -> Option<ir::Property> {
    // `|**On-boarding**|` on Intune pages: a group divider, not a property.
    let is_divider = row.cells.iter().enumerate().all(|(idx, cell)| idx == columns.name || cell.text.trim().is_empty());
    if is_divider {
        return None;
    }
    let name = row_name(ctx, row, columns.name, what)?;
    let (type_, collection) = match columns.type_.and_then(|idx| row.cell(idx)) {
        Some(cell) => ctx.type_cell(cell, format_args!("{what} \"{name}\"")),
        None => (TypeRef::resolved("Edm.Untyped"), false),
    };
    let description_cell = columns.description.and_then(|idx| row.cell(idx));
    let description = description_cell.map(|cell| cell.text.clone()).unwrap_or_default();
    let flags = Flags::of(&description);
    let inherited_from = description_cell.and_then(|cell| inherited_from(ctx, cell));
    Some(ir::Property {
        name,
        type_,
        collection,
        nullable: flags.nullable,
        read_only: flags.read_only,
        inline_enum: description_cell.map(inline_enum).unwrap_or_default(),
        description,
        required: flags.required,
        inherited_from,
        deprecated: row.cell(columns.name).is_some_and(|cell| says_deprecated(&cell.text)),
        from: None,
        source: ctx.source(row.span),
    })
}

/// What a description says about a property.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Flags {
    pub(crate) read_only: Option<bool>,
    pub(crate) nullable: Option<bool>,
    pub(crate) required: Option<bool>,
}

impl Flags {
    /// Reads the flags from a description (dialect guide §12.14 for the spellings).
    pub(crate) fn of(description: &str) -> Flags {
        // Each phrase below holds one of these words; most descriptions hold none, and one search
        // for a word costs less than one for each of its phrases.
        static WORDS: LazyLock<[Finder<'static>; 4]> =
            LazyLock::new(|| ["read", "null", "required", "optional"].map(Finder::new));
        let lower = description.to_ascii_lowercase();
        let [read, null, required, optional] = WORDS.each_ref().map(|word| word.find(lower.as_bytes()).is_some());
        let says = |phrases: &[&str]| phrases.iter().any(|phrase| lower.contains(phrase));
        let read_only = if read && says(&["read-only", "readonly", "read only"]) {
            Some(true)
        } else if read && says(&["read-write", "read/write"]) {
            Some(false)
        } else {
            None
        };
        let nullable = if null && says(&["not nullable", "non-nullable", "non nullable", "not null"]) {
            Some(false)
        } else if null && says(&["nullable"]) {
            Some(true)
        } else {
            None
        };
        let (mut says_required, mut says_not_required, mut says_optional) = (false, false, false);
        if required || optional {
            // "The **any** operator is required for filter expressions" is about the query, not
            // the property: sentences about an operator say nothing here.
            let about_property: String =
                lower.split(". ").filter(|sentence| !sentence.contains("operator")).collect::<Vec<_>>().join(". ");
            let mut previous = "";
            for word in about_property.split(|ch: char| !ch.is_ascii_alphanumeric()).filter(|word| !word.is_empty()) {
                match word {
                    "required" if previous == "not" => says_not_required = true,
                    "required" => says_required = true,
                    "optional" => says_optional = true,
                    _ => {}
                }
                previous = word;
            }
        }
        // "Required only if status is `inGracePeriod`" states a condition, not a requirement.
        let conditional = required && says(&["required only", "required if", "required when"]);
        let required = if conditional {
            None
        } else if says_not_required {
            Some(false)
        } else if says_required && (lower.trim_start().starts_with("required") || !says(&["required to"])) {
            Some(true)
        } else if says_optional {
            Some(false)
        } else {
            None
        };
        Flags { read_only, nullable, required }
    }
}

/// "inherited from", searched for in lower-cased text.
static INHERITED_FROM: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("inherited from"));
/// "inherits from", searched for in lower-cased text.
pub(crate) static INHERITS_FROM: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("inherits from"));

/// `Inherited from [entity](entity.md)` in a description.
pub(crate) fn inherited_from(ctx: &Ctx<'_>, cell: &Inline) -> Option<TypeRef> {
    type_after(ctx, cell, &INHERITED_FROM)
}

/// The type named right after `phrase` (lower-case) in `inline`: the first link after it, else
/// the next word ("Inherits from [x](x.md)", "Inherited from statusBase.").
pub(crate) fn type_after(ctx: &Ctx<'_>, inline: &Inline, phrase: &Finder<'_>) -> Option<TypeRef> {
    let lower = inline.text.to_ascii_lowercase();
    let at = phrase.find(lower.as_bytes())? + phrase.needle().len();
    let rest = inline.text.get(at..).unwrap_or_default();
    // The link whose text comes first after the phrase, as a whole word: a `[Domain]` link earlier
    // in the sentence must not match inside `DomainDnsRecord`.
    let whole_word_at = |text: &str| {
        rest.match_indices(text).map(|(at, _)| at).find(|at| {
            let before = rest.get(..*at).and_then(|head| head.chars().next_back());
            let after = rest.get(at + text.len()..).and_then(|tail| tail.chars().next());
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    };
    let first_link = inline
        .links
        .iter()
        .filter(|link| !link.text.is_empty())
        .filter_map(|link| Some((whole_word_at(&link.text)?, std::cmp::Reverse(link.text.len()), link)))
        .min_by_key(|(at, longer, _)| (*at, *longer))
        .map(|(_, _, link)| link);
    if let Some(link) = first_link {
        let name = link.text.replace(['*', '`'], "");
        let name = name.split_whitespace().next().unwrap_or_default();
        if is_type_name(name) {
            return Some(ctx.named_ref(name, Some(&link.target), inline.span));
        }
    }
    let word = first_word(rest);
    is_type_name(word).then(|| ctx.named_ref(word, None, inline.span))
}

/// The word after "inherits from"/"inherited from" when no link follows, or "" when it is a
/// function word ("inherited from the template", "inherits from this base type").
pub(crate) fn first_word(rest: &str) -> &str {
    const FUNCTION_WORDS: &[&str] =
        &["a", "an", "the", "this", "that", "these", "its", "their", "another", "base", "abstract", "parent", "which"];
    let word = rest.split_whitespace().next().unwrap_or_default();
    let word = word.trim_matches(|ch: char| !ch.is_alphanumeric() && ch != '.').trim_end_matches('.');
    if FUNCTION_WORDS.iter().any(|stop| stop.eq_ignore_ascii_case(word)) {
        return "";
    }
    word
}

/// An identifier that can name a type.
pub(crate) fn is_type_name(word: &str) -> bool {
    word.chars().next().is_some_and(|ch| ch.is_ascii_alphabetic())
        && word.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.')
}

#[cfg(test)]
mod tests {
    use super::{first_word, Flags};

    #[test]
    fn first_words_after_inherits_from() {
        let cases = [(" statusBase.", "statusBase"), (" this base type", ""), (" the template.", ""), ("", "")];
        for (rest, expected) in cases {
            assert_eq!(first_word(rest), expected, "{rest:?}");
        }
    }

    #[test]
    fn reads_flags() {
        let cases = [
            ("The name. Read-only.", Flags { read_only: Some(true), nullable: None, required: None }),
            (
                "When it ends. Required only if status is `inGracePeriod`.",
                Flags { read_only: None, nullable: None, required: None },
            ),
            ("Not nullable. Required.", Flags { read_only: None, nullable: Some(false), required: Some(true) }),
            ("Nullable.", Flags { read_only: None, nullable: Some(true), required: None }),
            ("Optional. readonly", Flags { read_only: Some(true), nullable: None, required: Some(false) }),
            ("Not required.", Flags { read_only: None, nullable: None, required: Some(false) }),
            (
                "The roles. The **any** operator is required for filter expressions on multi-valued properties.",
                Flags::default(),
            ),
            (
                "The roles. Required. The any operator is required for filters.",
                Flags { required: Some(true), ..Flags::default() },
            ),
            ("Plain text", Flags::default()),
        ];
        for (text, expected) in cases {
            assert_eq!(Flags::of(text), expected, "{text}");
        }
    }
}
