//! "Possible values are: `a`, `b`, `c`." lists in descriptions (dialect guide §6).
//!
//! The list starts after one of the known phrasings and is read either as code spans separated by
//! commas, `or`, `and` (the common form, also `0 - \`Not Ready\``) or as bare words up to the
//! first `. `. Numeric ranges (`Valid values 0 to 65535`) are not enums.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::page::Inline;

/// Phrasings that open a list, lower-case. Each holds "value" or "one of".
const PHRASES: &[&str] = &[
    "the possible values are",
    "possible values are",
    "possible values include",
    "possible values",
    "possible value are",
    "the possible value is",
    "possible value is",
    "supported values are",
    "supported values",
    "allowed values are",
    "allowed values",
    "allowed value",
    "valid values are",
    "valid values",
    "must be one of",
    "can be one of the following",
    "one of the following values",
];

/// Members listed after a "Possible values" phrase, in order; empty when there is no list.
pub fn inline_enum(cell: &Inline) -> Vec<String> {
    static GATES: LazyLock<[Finder<'static>; 2]> = LazyLock::new(|| ["value", "one of"].map(Finder::new));
    static OPENERS: LazyLock<Vec<Finder<'static>>> = LazyLock::new(|| PHRASES.iter().map(Finder::new).collect());
    let lower = cell.text.to_ascii_lowercase();
    // Most descriptions hold neither word.
    if !GATES.iter().any(|gate| gate.find(lower.as_bytes()).is_some()) {
        return Vec::new();
    }
    // The earliest phrase wins; at the same start, the longest ("possible values are" over
    // "possible values"). A phrase in a negated sentence ("cannot be one of the following
    // values") lists what is refused, not what is possible, and is passed over.
    let mut found: Vec<(usize, usize)> = OPENERS
        .iter()
        .flat_map(|phrase| phrase.find_iter(lower.as_bytes()).map(move |at| (at, phrase.needle().len())))
        .collect();
    found.sort_by_key(|&(at, len)| (at, std::cmp::Reverse(len)));
    let negated = |start: usize| {
        let sentence_start = lower.get(..start).and_then(|before| before.rfind(". ")).map_or(0, |at| at + 2);
        let lead = lower.get(sentence_start..start).unwrap_or_default();
        ["cannot", "can't", "can not", "must not", "not be", "isn't", "is not"]
            .iter()
            .any(|negation| lead.contains(negation))
    };
    let Some((start, len)) = found.into_iter().find(|&(start, _)| !negated(start)) else {
        return Vec::new();
    };
    let after = start + len;
    let from_code = code_list(cell, after);
    let members = if from_code.is_empty() { word_list(cell.text.get(after..).unwrap_or_default()) } else { from_code };
    if members.iter().all(|member| member.chars().all(|ch| ch.is_ascii_digit() || ch == '-')) {
        return Vec::new();
    }
    members
}

/// Consecutive code spans after `after`, separated only by list punctuation.
fn code_list(cell: &Inline, after: usize) -> Vec<String> {
    let mut members = Vec::new();
    let mut cursor = after;
    for range in cell.code.iter().filter(|range| range.start >= after) {
        let gap = cell.text.get(cursor..range.start).unwrap_or_default();
        if !is_separator(gap, members.is_empty()) {
            break;
        }
        if let Some(member) = cell.text.get(range.clone()) {
            members.push(member.trim().to_owned());
        }
        cursor = range.end;
    }
    members
}

/// Text allowed between the phrase and the first item, or between items: punctuation, `or`,
/// `and`, and `N -` numbering.
fn is_separator(gap: &str, first: bool) -> bool {
    let words = gap.replace([',', ':', ';', '-', '=', '(', ')', '"', '\''], " ");
    words.split_whitespace().all(|word| {
        let word = word.to_ascii_lowercase();
        matches!(word.as_str(), "or" | "and" | "and/or")
            || word.chars().all(|ch| ch.is_ascii_digit())
            || (first && word == "is")
    })
}

/// Bare comma-separated words up to the first `. `.
fn word_list(text: &str) -> Vec<String> {
    let text = text.trim_start_matches([':', ' ']);
    let end = text.find(". ").unwrap_or(text.len());
    let list = text.get(..end).unwrap_or_default().trim_end_matches('.');
    let mut members = Vec::new();
    for item in list.split(',') {
        let item = item.trim();
        let item = item
            .strip_prefix("or ")
            .or_else(|| item.strip_prefix("and "))
            .unwrap_or(item)
            .trim()
            .trim_matches(['"', '\'']);
        let is_word = !item.is_empty() && item.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-');
        if !is_word {
            break;
        }
        members.push(item.to_owned());
    }
    members
}

#[cfg(test)]
mod tests {
    use super::inline_enum;
    use crate::page::Inline;

    /// Builds a cell from text where code spans are written in backticks.
    fn cell(marked: &str) -> Inline {
        let mut text = String::new();
        let mut code = Vec::new();
        for (idx, part) in marked.split('`').enumerate() {
            let start = text.len();
            text.push_str(part);
            if idx % 2 == 1 {
                code.push(start..text.len());
            }
        }
        Inline { text, code, ..Inline::default() }
    }

    #[test]
    fn reads_lists() {
        let cases: &[(&str, &[&str])] = &[
            (
                "The status. Possible values are: `pending`, `ready`, `failed`. Read-only.",
                &["pending", "ready", "failed"],
            ),
            ("Possible values include: `a`, `b`,`c`. Read-Only.", &["a", "b", "c"]),
            ("Possible values are `a`, `b`, or `c`.", &["a", "b", "c"]),
            ("Possible values are: 0 - `Not Ready`, 1 - `Ready`.", &["Not Ready", "Ready"]),
            ("Possible values are: none, low, high. Required.", &["none", "low", "high"]),
            ("Possible values are: a, b, or c", &["a", "b", "c"]),
            ("Valid values 0 to 65535", &[]),
            ("The name. See `docs` for more.", &[]),
            ("Possible values are: `a`, `b`. Example: `x`.", &["a", "b"]),
            ("The kind. The possible value is: `basic`.", &["basic"]),
            ("Possible values: `on`, `off`.", &["on", "off"]),
            ("The name cannot be one of the following values: `admin`, `root`.", &[]),
            ("Must not be one of the following values: `x`. Possible values are: `a`, `b`.", &["a", "b"]),
        ];
        for (marked, expected) in cases {
            assert_eq!(inline_enum(&cell(marked)), *expected, "{marked}");
        }
    }
}
