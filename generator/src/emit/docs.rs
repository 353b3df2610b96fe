//! Doc comments from the docs' descriptions, cleaned for rustdoc.
//!
//! Takes a description as extracted (markdown of one table cell or paragraph) and gives doc
//! lines that rustdoc renders without warnings: `[text](url)` links keep their text, other
//! brackets are escaped (rustdoc would read `[x]` as an intra-doc link), HTML-like tags and
//! `<br>` breaks are written out, bare URLs are wrapped in `<...>`, and code fences, which
//! rustdoc would compile as doctests, are flattened to inline code.

use proc_macro2::TokenStream;
use quote::quote;

/// One `#[doc = " ..."]` attribute per line of `text`, or of `fallback` when `text` is empty.
pub fn doc_attrs(text: &str, fallback: &str) -> Vec<TokenStream> {
    let lines = doc_lines(text);
    attrs(if lines.is_empty() { doc_lines(fallback) } else { lines })
}

/// One `#[doc = " ..."]` attribute per line, already cleaned; empty lines stay empty.
pub fn attrs(lines: Vec<String>) -> Vec<TokenStream> {
    lines
        .into_iter()
        .map(|line| {
            let line = if line.is_empty() { line } else { format!(" {line}") };
            quote!(#[doc = #line])
        })
        .collect()
}

/// The cleaned lines of a description; `<br>` breaks become line breaks.
pub fn doc_lines(text: &str) -> Vec<String> {
    let text = text.replace("```", "`");
    let mut lines = Vec::new();
    for raw in split_breaks(&text) {
        let line = clean_line(raw.trim());
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

/// Splits at newlines and `<br>`, `<br/>`, `<br />` in any case.
fn split_breaks(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        let next_break = lower.find("<br").and_then(|start| {
            let end = lower.get(start..)?.find('>')? + start + 1;
            lower.get(start + 3..end - 1).filter(|inner| inner.trim().trim_end_matches('/').trim().is_empty())?;
            Some((start, end))
        });
        let next_newline = rest.find('\n').map(|at| (at, at + 1));
        let cut = match (next_break, next_newline) {
            (Some(a), Some(b)) => Some(if a.0 < b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        match cut {
            Some((start, end)) => {
                parts.push(rest.get(..start).unwrap_or_default());
                rest = rest.get(end..).unwrap_or_default();
            }
            None => {
                parts.push(rest);
                return parts;
            }
        }
    }
}

/// Cleans one line outside and inside inline code.
fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    // Code spans pass through untouched; everything else is cleaned.
    for (idx, part) in line.split('`').enumerate() {
        if idx > 0 {
            out.push('`');
        }
        if idx % 2 == 1 {
            out.push_str(part);
        } else {
            out.push_str(&clean_prose(part));
        }
    }
    if line.matches('`').count() % 2 == 1 {
        // An unbalanced backtick would swallow the rest of the doc comment.
        out = out.replace('`', "'");
    }
    out
}

fn clean_prose(text: &str) -> String {
    let text = strip_links(&drop_includes(text));
    let mut out = String::with_capacity(text.len());
    for (idx, word) in text.split(' ').enumerate() {
        if idx > 0 {
            out.push(' ');
        }
        let url_start = word.find("https://").or_else(|| word.find("http://"));
        match url_start {
            Some(start) => {
                let (before, url) = word.split_at(start);
                let end =
                    url.find(|symbol: char| symbol.is_whitespace() || "<>\"'()".contains(symbol)).unwrap_or(url.len());
                let (url, after) = url.split_at(end);
                let url = url.trim_end_matches(['.', ',', ';', ':']);
                let after = word.get(before.len() + url.len()..).unwrap_or(after);
                out.push_str(&escape(before));
                out.push('<');
                out.push_str(url);
                out.push('>');
                out.push_str(&escape(after));
            }
            None => out.push_str(&escape(word)),
        }
    }
    out
}

/// Drops `[!INCLUDE [label](path)]` directives: the text they stand for is another file's, which
/// a cell's description does not carry, and the directive itself means nothing to a reader.
fn drop_includes(text: &str) -> String {
    // ASCII lower-casing keeps byte offsets, so positions found in `lower` hold in `text`.
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    while let Some(found) = lower.get(done..).and_then(|rest| rest.find("[!include")) {
        let start = done + found;
        out.push_str(text.get(done..start).unwrap_or_default().trim_end());
        let mut depth = 0usize;
        let mut end = text.len();
        for (offset, symbol) in text.get(start..).unwrap_or_default().char_indices() {
            match symbol {
                '[' => depth += 1,
                ']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = start + offset + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        done = end;
    }
    out.push_str(text.get(done..).unwrap_or_default());
    out
}

/// `[text](target)` -> `text`; the target is a docs-relative page rustdoc can't follow.
fn strip_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let (before, from_open) = rest.split_at(open);
        out.push_str(before);
        let link = from_open.find("](").and_then(|middle| {
            let close = from_open.get(middle..)?.find(')')? + middle;
            Some((from_open.get(1..middle)?, close))
        });
        match link {
            Some((label, close)) if !label.contains('[') => {
                out.push_str(label);
                rest = from_open.get(close + 1..).unwrap_or_default();
            }
            _ => {
                out.push('[');
                rest = from_open.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for symbol in text.chars() {
        match symbol {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(symbol),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::doc_lines;

    #[test]
    fn include_directives_are_dropped() {
        let lines =
            doc_lines("Unique identifier. [!INCLUDE [outlook-beta-id](../../includes/outlook-beta-id.md)] Read-only.");
        assert_eq!(lines, vec!["Unique identifier. Read-only.".to_owned()]);
        assert_eq!(doc_lines("[!include[x](y.md)]"), Vec::<String>::new());
    }

    #[test]
    fn descriptions_become_warning_free_doc_lines() {
        let cases: &[(&str, &[&str])] = &[
            // (description, doc lines)
            ("Name of the image. Read-only.", &["Name of the image. Read-only."]),
            ("See [identitySet](../resources/identityset.md) for details.", &["See identitySet for details."]),
            ("Values are [a, b] only.", &["Values are \\[a, b\\] only."]),
            ("First.<br/>Second.<BR>Third.", &["First.", "Second.", "Third."]),
            ("Use <id> here.", &["Use &lt;id&gt; here."]),
            ("Docs at https://aka.ms/x.", &["Docs at <https://aka.ms/x>."]),
            ("Keep `a [b] <c>` as code.", &["Keep `a [b] <c>` as code."]),
            ("An odd ` backtick.", &["An odd ' backtick."]),
            ("```json {} ```", &["`json {} `"]),
            ("   ", &[]),
            ("The `x` enumeration.", &["The `x` enumeration."]),
        ];
        for (text, expected) in cases {
            assert_eq!(doc_lines(text), *expected, "for {text:?}");
        }
    }
}
