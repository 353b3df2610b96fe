//! Rows of property-like tables (Properties, Relationships, Request body, parameters) -> IR rows.
//!
//! Name cells keep their first word (`backupReviewers (deprecated)`, dialect guide §5); flags
//! come from the description: read-only, nullable (mostly negated), required/optional, and
//! `Inherited from [x]` (dialect guide §6).

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

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

/// A row's name, or `None` for an empty divider row. Reports cells that hold no name.
pub(crate) fn row_name(ctx: &mut Ctx<'_>, cell: Option<&Inline>, what: &str) -> Option<String> {
    let cell = cell?;
    let text = cell.text.replace(['*', '`', '\\'], "");
    let first = text.split_whitespace().next().unwrap_or_default().trim_end_matches([':', ',', '.']);
    if first.is_empty() {
        return None;
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
    let name = row_name(ctx, row.cell(columns.name), what)?;
    let (type_, collection) = match columns.type_.and_then(|idx| row.cell(idx)) {
        Some(cell) => ctx.type_cell(cell, &format!("{what} \"{name}\"")),
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
        /// Every phrase a flag depends on, found in one pass whatever the case; the index of a
        /// phrase here is its bit in `said`.
        const PHRASES: &[&str] = &[
            "read-only",
            "readonly",
            "read only",
            "read-write",
            "read/write",
            "not nullable",
            "non-nullable",
            "non nullable",
            "not null",
            "nullable",
            "required only",
            "required if",
            "required when",
            "required to",
            "required",
            "optional",
        ];
        static FINDER: LazyLock<AhoCorasick> = LazyLock::new(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(PHRASES)
                .expect("the phrases are a valid automaton")
        });
        let said = FINDER.find_overlapping_iter(description).fold(0u32, |said, found| said | 1 << found.pattern().as_u32());
        let any = |range: std::ops::Range<u32>| range.into_iter().any(|bit| said & 1 << bit != 0);
        let read_only = if any(0..3) {
            Some(true)
        } else if any(3..5) {
            Some(false)
        } else {
            None
        };
        let nullable = if any(5..9) {
            Some(false)
        } else if any(9..10) {
            Some(true)
        } else {
            None
        };
        let (mut says_required, mut says_not_required, mut says_optional) = (false, false, false);
        if any(14..16) {
            let mut previous = "";
            for word in description.split(|ch: char| !ch.is_ascii_alphanumeric()).filter(|word| !word.is_empty()) {
                if word.eq_ignore_ascii_case("required") {
                    if previous.eq_ignore_ascii_case("not") {
                        says_not_required = true;
                    } else {
                        says_required = true;
                    }
                } else if word.eq_ignore_ascii_case("optional") {
                    says_optional = true;
                }
                previous = word;
            }
        }
        let starts_required =
            description.trim_start().get(..8).is_some_and(|head| head.eq_ignore_ascii_case("required"));
        // "Required only if status is `inGracePeriod`" states a condition, not a requirement.
        let required = if any(10..13) {
            None
        } else if says_not_required {
            Some(false)
        } else if says_required && (starts_required || !any(13..14)) {
            Some(true)
        } else if says_optional {
            Some(false)
        } else {
            None
        };
        Flags { read_only, nullable, required }
    }
}

/// `Inherited from [entity](entity.md)` in a description.
pub(crate) fn inherited_from(ctx: &Ctx<'_>, cell: &Inline) -> Option<TypeRef> {
    type_after(ctx, cell, "inherited from")
}

/// The type named right after `phrase` (lower-case) in `inline`: the first link after it, else
/// the next word ("Inherits from [x](x.md)", "Inherited from statusBase.").
pub(crate) fn type_after(ctx: &Ctx<'_>, inline: &Inline, phrase: &str) -> Option<TypeRef> {
    let lower = inline.text.to_ascii_lowercase();
    let at = lower.find(phrase)? + phrase.len();
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
            ("Plain text", Flags::default()),
        ];
        for (text, expected) in cases {
            assert_eq!(Flags::of(text), expected, "{text}");
        }
    }
}
