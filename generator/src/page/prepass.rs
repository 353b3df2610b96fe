//! Same-length pre-pass that lets pulldown-cmark see tables it would drop.
//!
//! Dialect guide §4: 19 tables have a delimiter row with fewer cells than the header
//! (`|Member|Value|Description|` over `|:---|:---|`) and 15 have tabs in the delimiter row. GFM
//! drops both. Each such delimiter row is rewritten *in place with the same byte length* (tabs
//! become spaces; a short row becomes `|-|-|-|` padded with spaces), so every byte offset the
//! parser reports still points into the original text.

use std::borrow::Cow;

/// Rewrites broken delimiter rows. `line_starts` are the offsets where the lines of `text` start
/// (the page's line index has them already, so no line is searched for twice). Returns the text
/// to parse and the offsets of rewritten rows.
pub(crate) fn repair_delimiter_rows(
    text: &str,
    line_starts: impl Iterator<Item = usize>,
) -> (Cow<'_, str>, Vec<usize>) {
    let mut repaired: Option<Vec<u8>> = None;
    let mut offsets = Vec::new();
    let mut previous: Option<&str> = None;
    let mut offset = 0;
    // Each line ends before the newline ahead of the next start; the last one at the end.
    let nexts = line_starts.skip_while(|&start| start == 0).chain(std::iter::once(text.len() + 1));
    for next in nexts {
        let Some(body) = text.get(offset..next - 1) else { break };
        // Delimiter rows start with `|`, `:` or `-` after indentation; skip every other line at once.
        let first = body.bytes().find(|byte| !matches!(byte, b' ' | b'\t'));
        let starts_like_delimiter = matches!(first, Some(b'|' | b':' | b'-'));
        if let Some(header) = previous.filter(|_| starts_like_delimiter) {
            if is_delimiter_row(body) && header.contains('|') {
                let n_header = count_cells(header);
                let n_delimiter = count_cells(body);
                if body.contains('\t') || n_header != n_delimiter {
                    if let Some(new_row) = rewrite(body, n_header) {
                        let bytes = repaired.get_or_insert_with(|| text.as_bytes().to_vec());
                        if let Some(target) = bytes.get_mut(offset..offset + body.len()) {
                            target.copy_from_slice(new_row.as_bytes());
                            offsets.push(offset);
                        }
                    }
                }
            }
        }
        previous = Some(body);
        offset = next;
    }
    match repaired {
        // Only ASCII bytes replaced ASCII bytes, so the text is still UTF-8.
        Some(bytes) => (Cow::Owned(String::from_utf8(bytes).expect("ASCII-for-ASCII rewrite keeps UTF-8")), offsets),
        None => (Cow::Borrowed(text), offsets),
    }
}

fn is_delimiter_row(line: &str) -> bool {
    let trimmed = line.trim();
    // Ordinary table rows fail the first test at their first letter.
    trimmed.bytes().all(|byte| matches!(byte, b'|' | b':' | b'-' | b' ' | b'\t'))
        && trimmed.contains('-')
        && trimmed.contains('|')
}

/// Cells in a pipe-table row: pipes not escaped, without the outer ones.
pub(crate) fn count_cells(line: &str) -> usize {
    let trimmed = line.trim();
    let mut inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    if !inner.ends_with("\\|") {
        inner = inner.strip_suffix('|').unwrap_or(inner);
    }
    let mut count = 1;
    let mut escaped = false;
    for ch in inner.chars() {
        match ch {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => count += 1,
            _ => escaped = false,
        }
    }
    count
}

/// A delimiter row of `n_cells` cells with exactly `line.len()` bytes, if it fits.
fn rewrite(line: &str, n_cells: usize) -> Option<String> {
    let mut row = String::from("|");
    for _ in 0..n_cells {
        row.push_str("-|");
    }
    if row.len() > line.len() {
        return None;
    }
    while row.len() < line.len() {
        row.push(' ');
    }
    Some(row)
}

#[cfg(test)]
mod tests {
    use super::{count_cells, repair_delimiter_rows};
    use crate::source::LineIndex;

    #[test]
    fn rewrites_short_and_tabbed_delimiter_rows_in_place() {
        let text = "|Member|Value|Description|\n|:---|:---|\n|a|0|x|\n";
        let (fixed, offsets) = repair_delimiter_rows(text, LineIndex::new(text).starts_from(0));
        assert_eq!(fixed, "|Member|Value|Description|\n|-|-|-|    \n|a|0|x|\n");
        assert_eq!(fixed.len(), text.len());
        // The delimiter row starts after the 27-byte header line.
        assert_eq!(offsets, vec![27]);

        let text = "|A|B|\n|:--\t|:--|\n";
        let (fixed, _) = repair_delimiter_rows(text, LineIndex::new(text).starts_from(0));
        assert_eq!(fixed, "|A|B|\n|-|-|     \n");

        let text = "|A|B|\n|--|--|\n|a|b|\n";
        let (fixed, offsets) = repair_delimiter_rows(text, LineIndex::new(text).starts_from(0));
        assert_eq!(fixed, text);
        assert!(offsets.is_empty());
    }

    #[test]
    fn counts_cells() {
        let cases = [("|a|b|c|", 3), ("a|b", 2), ("|a|b", 2), ("| Member", 1), ("|a\\|b|c|", 2), ("|:--|:--|", 2)];
        for (line, expected) in cases {
            assert_eq!(count_cells(line), expected, "{line:?}");
        }
    }
}
