//! Member tables -> enums (dialect guide §7).
//!
//! Three layouts: a single-enum page (`# X enum type`, `## Members`), the enums.md family (many
//! `### X values` sections, one-column `| Member` tables) and `### X values` tables inside
//! resource pages (`Member|Description` or `Value|Description`). The enum's name comes from the
//! nearest heading `X values`, else from the title `X enum type`. "Flag enum" in the enum's own
//! text or the page description marks a flags enum.

use std::sync::LazyLock;

use super::phrases::Phrases;
use super::rows::{ascii_hyphens, is_blank, is_type_name, says_deprecated, without_deprecated};
use super::type_cell::{strip_prefix_ignore_case, strip_suffix_ignore_case};
use super::Ctx;
use crate::diag::codes;
use crate::ir;
use crate::page::{Block, Page, Section, Table};

/// Extracts every enum a page defines.
pub(crate) fn extract_enums(ctx: &mut Ctx<'_>) -> Vec<ir::Enum> {
    let page = ctx.page;
    // A copy (sections are `Copy`), so `ctx` stays free for diagnostics.
    let sections = ctx.sections.clone();
    let title_name = page.title.as_ref().and_then(|title| enum_name_from_title(&title.text));
    let mut enums: Vec<ir::Enum> = Vec::new();
    for (idx, block) in page.blocks.iter().enumerate() {
        let Block::Table(table) = block else { continue };
        let member_column = table.column(&["member", "name"]).filter(|column| *column == 0);
        let value_first = table.column(&["value"]) == Some(0);
        if member_column.is_none() && !value_first {
            continue;
        }
        // The innermost section holding the table.
        let section = sections
            .iter()
            .filter(|section| (section.start..section.end).contains(&idx))
            .max_by_key(|section| section.level);
        let heading_name = section.and_then(|section| enum_name_from_heading(page.heading_text(section)));
        // `Name|...` and `Value|Description` tables are enums only under an `X values` heading.
        let is_member_table = table.column(&["member"]) == Some(0);
        if !is_member_table && heading_name.is_none() {
            continue;
        }
        if table.column(&["type"]).is_some() {
            continue;
        }
        let Some(name) = heading_name.or_else(|| title_name.clone()) else { continue };
        let members = members(ctx, table, &name);
        if members.is_empty() {
            ctx.diag(codes::ENUM_EMPTY, table.span.start, format!("member table of enum \"{name}\" has no rows"));
        }
        // "No flags set." on the zero member says it too (`windowsArchitecture`).
        let flags = is_flags(page, section) || members.iter().any(|member| says_flags(&member.description));
        match enums.iter_mut().find(|known| known.name == name) {
            // A split table continues the same enum.
            Some(known) => {
                for member in members {
                    if !known.members.iter().any(|other| other.name == member.name) {
                        known.members.push(member);
                    }
                }
            }
            None => enums.push(ir::Enum {
                name,
                namespace: ctx.namespace.clone(),
                flags,
                members,
                source: ctx.source(
                    section.and_then(|section| page.blocks.get(section.heading)).map_or(table.span, Block::span),
                ),
                also_defined_in: Vec::new(),
            }),
        }
    }
    enums
}

fn members(ctx: &mut Ctx<'_>, table: &Table, enum_name: &str) -> Vec<ir::Member> {
    let value_column = table.column(&["value", "int value"]).filter(|column| *column > 0);
    let description_column = table.column(&["description"]);
    let mut members: Vec<ir::Member> = Vec::new();
    for row in &table.rows {
        let Some(cell) = row.cell(0) else { continue };
        let text = ascii_hyphens(cell.text.replace(['*', '`'], "").into()).into_owned();
        let deprecated = says_deprecated(&text);
        let name = without_deprecated(text.trim());
        if name.is_empty() {
            if !is_blank(row) {
                ctx.diag(
                    codes::ENUM_BAD_MEMBER,
                    cell.span.start,
                    format!("a row of enum \"{enum_name}\" has an empty member cell; the row was skipped (write the member, or delete the row)"),
                );
            }
            continue;
        }
        let is_name = name.chars().next().is_some_and(|ch| ch.is_alphanumeric() || ch == '_')
            && name.chars().all(|ch| ch.is_alphanumeric() || matches!(ch, '_' | '-' | '.'));
        if !is_name {
            ctx.diag(
                codes::ENUM_BAD_MEMBER,
                cell.span.start,
                format!("member cell of enum \"{enum_name}\" holds \"{}\"; expected one identifier", cell.text),
            );
            continue;
        }
        let value = match value_column.and_then(|idx| row.cell(idx)) {
            Some(cell) if !cell.text.trim().is_empty() => match cell.text.trim().parse::<i64>() {
                Ok(value) => Some(value),
                Err(_) => {
                    ctx.diag(
                        codes::ENUM_BAD_VALUE,
                        cell.span.start,
                        format!(
                            "value of member \"{name}\" of enum \"{enum_name}\" is \"{}\"; expected an integer",
                            cell.text
                        ),
                    );
                    None
                }
            },
            _ => None,
        };
        if members.iter().any(|member| member.name == name) {
            ctx.diag(
                codes::ENUM_DUPLICATE_MEMBER,
                row.span.start,
                format!("enum \"{enum_name}\" lists member \"{name}\" twice"),
            );
            continue;
        }
        let description =
            description_column.and_then(|idx| row.cell(idx)).map(|cell| cell.text.clone()).unwrap_or_default();
        members.push(ir::Member { name: name.to_owned(), value, description, deprecated, from: None });
    }
    members
}

/// `### cloudPcDeviceImageStatus values` -> `cloudPcDeviceImageStatus`; `X enum type` -> `X`.
fn enum_name_from_heading(heading: &str) -> Option<String> {
    let heading = heading.replace(['*', '`'], "");
    let heading = heading.trim();
    let name = strip_suffix_ignore_case(heading, " values")
        .or_else(|| strip_suffix_ignore_case(heading, " enum type"))
        .or_else(|| strip_suffix_ignore_case(heading, " enumeration"))
        .or_else(|| strip_suffix_ignore_case(heading, " enum"))?
        .trim();
    is_type_name(name).then(|| name.to_owned())
}

fn enum_name_from_title(title: &str) -> Option<String> {
    enum_name_from_heading(title)
}

/// "Flag enum" in the enum's own section text, or on a single-enum page in the intro or the
/// front matter description.
/// Whether a text says its enum is a flags enum ("Flag enum to ...", "Flags representing ...",
/// "No flags set.").
fn says_flags(text: &str) -> bool {
    static PHRASES: LazyLock<Phrases> = LazyLock::new(|| {
        Phrases::new(&["flag enum", "flags enum", "flags enumeration", "bit flag", "flags representing", "flags set"])
    });
    strip_prefix_ignore_case(text, "flags ").is_some() || PHRASES.in_text(text)
}

fn is_flags(page: &Page, section: Option<&Section>) -> bool {
    let says_flags = |text: &str| says_flags(text);
    let own = section.map_or(0..0, |section| section.start..section.end);
    let in_section = page
        .blocks
        .get(own)
        .unwrap_or_default()
        .iter()
        .any(|block| matches!(block, Block::Paragraph(inline) if says_flags(&inline.text)));
    let single_enum = page.title.as_ref().is_some_and(|title| enum_name_from_title(&title.text).is_some());
    in_section
        || (single_enum
            && (page.field("description").is_some_and(says_flags)
                || page
                    .blocks
                    .iter()
                    .take_while(|block| !matches!(block, Block::Heading(heading) if heading.level == 2))
                    .any(|block| matches!(block, Block::Paragraph(inline) if says_flags(&inline.text)))))
}

#[cfg(test)]
mod tests {
    use super::says_flags;

    #[test]
    fn tells_flags_enums() {
        let cases = [
            ("Flag enum to determine whether to delay updates.", true),
            ("Flags representing firewall rule interface types.", true),
            ("No flags set.", true),
            ("Followup flag status of a message.", false),
            ("Flagged for review.", false),
        ];
        for (text, expected) in cases {
            assert_eq!(says_flags(text), expected, "{text}");
        }
    }
}
