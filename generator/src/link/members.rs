//! Enum members stated outside the enum's table: a property typed with the enum whose "Possible
//! values" list names a member the table lacks (`registryKeyState.hive` lists
//! `localMachineSecurity`, which the `registryHive` table leaves out).
//!
//! The table stays as it is; a listed member it lacks is added after its rows, with
//! `"from": "possible-values"` and a `link.member-from-values` info diagnostic on the enum.
//! Only a list that mostly agrees with the table, or names most of it, speaks for it (a list of
//! another enum's values, under a wrong Type cell, adds nothing); a member the table spells in
//! another case or with a letter or two wrong is the table's; `null` or a value that is not an
//! identifier is no member.

use std::collections::{BTreeMap, HashSet};

use crate::diag::{codes, Diagnostic};
use crate::ir;

/// Where a member comes from when only a "Possible values" list names it.
pub const FROM_POSSIBLE_VALUES: &str = "possible-values";

/// Adds to each enum the members that the "Possible values" lists of properties typed with it
/// name and its table lacks. `types` and `enums` are sorted, so the order members are added in
/// does not depend on page order.
pub fn members_from_possible_values(types: &[ir::Type], enums: &mut [ir::Enum], diagnostics: &mut Vec<Diagnostic>) {
    let index: BTreeMap<String, usize> =
        enums.iter().enumerate().map(|(idx, en)| (en.qualified_name().to_ascii_lowercase(), idx)).collect();
    for ty in types {
        for property in &ty.properties {
            if property.inline_enum.is_empty() {
                continue;
            }
            let Some(&enum_index) = index.get(&property.type_.name.to_ascii_lowercase()) else { continue };
            let en = &mut enums[enum_index];
            let table: HashSet<String> = en
                .members
                .iter()
                .filter(|member| member.from.is_none())
                .map(|member| member.name.to_ascii_lowercase())
                .collect();
            // The list is about this enum when most of it is in the table, or most of the table
            // is in it (a table of five that the list names four of, with five more).
            let lowered: Vec<String> = property.inline_enum.iter().map(|value| value.to_ascii_lowercase()).collect();
            let agreeing = lowered.iter().filter(|value| table.contains(*value)).count();
            if agreeing == 0 || (agreeing * 2 < lowered.len() && agreeing * 2 < table.len()) {
                continue;
            }
            for (value, lower) in property.inline_enum.iter().zip(&lowered) {
                if table.contains(lower)
                    || !is_identifier(value)
                    || lower == "null"
                    || en.members.iter().any(|member| is_spelling_of(lower, &member.name))
                {
                    continue;
                }
                en.members.push(ir::Member {
                    name: value.clone(),
                    value: None,
                    description: String::new(),
                    deprecated: false,
                    from: Some(FROM_POSSIBLE_VALUES.to_owned()),
                });
                diagnostics.push(
                    Diagnostic::new(
                        codes::LINK_MEMBER_FROM_VALUES,
                        &en.source.file,
                        en.source.line,
                        format!(
                            "the {} table has no member \"{value}\", which the Possible values of {}.{} name; it was added: add a row for it",
                            en.name, ty.name, property.name
                        ),
                    )
                    .related(&property.source.file, property.source.line, "the list naming it"),
                );
            }
        }
    }
}

/// `lower` (lower case) is `member` spelled in another case, or misspelled by a letter or two
/// (`externalNonParther` for `externalNonPartner`).
fn is_spelling_of(lower: &str, member: &str) -> bool {
    if member.eq_ignore_ascii_case(lower) {
        return true;
    }
    let allowed = match lower.len().min(member.len()) {
        0..=4 => 0,
        5..=11 => 1,
        _ => 2,
    };
    allowed > 0
        && lower.len().abs_diff(member.len()) <= allowed
        && strsim::levenshtein(lower, &member.to_ascii_lowercase()) <= allowed
}

/// A member name: letters, digits and underscores, not starting with a digit.
fn is_identifier(value: &str) -> bool {
    value.chars().next().is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && value.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
}
