//! A readable one-line-per-node view of a `Page`, for snapshots and debugging.
//!
//! `12-14 table [Property|Type|Description] 3 rows` — line range, node kind, a short excerpt.

use std::fmt::Write as _;

use super::platyps::Node;
use super::{Block, Page, Span};

impl Page {
    /// One line per node: front matter, title, namespace, then every block with its lines.
    pub fn outline(&self) -> String {
        let mut out = String::new();
        let lines = |span: Span| {
            let first = self.line(span.start);
            let last = self.line(span.end.saturating_sub(1).max(span.start));
            if first == last {
                format!("{first}")
            } else {
                format!("{first}-{last}")
            }
        };
        if let Some(front_matter) = &self.front_matter {
            let keys: Vec<String> =
                front_matter.fields.iter().map(|(key, value)| format!("{key}={}", excerpt(value, 24))).collect();
            let _ = writeln!(
                out,
                "{} front-matter{} {}",
                lines(front_matter.span),
                if front_matter.valid_yaml { "" } else { " (line by line)" },
                keys.join(" ")
            );
        }
        if let Some((namespace, span)) = &self.namespace {
            let _ = writeln!(out, "{} namespace {namespace}", lines(*span));
        }
        for block in &self.blocks {
            match block {
                Block::Heading(heading) => {
                    let _ = writeln!(out, "{} h{} {}", lines(heading.span), heading.level, heading.text);
                }
                Block::Paragraph(inline) => {
                    let links =
                        if inline.links.is_empty() { String::new() } else { format!(" links={}", inline.links.len()) };
                    let _ = writeln!(out, "{} paragraph {:?}{links}", lines(inline.span), excerpt(&inline.text, 48));
                }
                Block::Table(table) => {
                    let header: Vec<&str> = table.header.iter().map(|cell| cell.text.as_str()).collect();
                    let _ =
                        writeln!(out, "{} table [{}] {} rows", lines(table.span), header.join("|"), table.rows.len());
                    for row in &table.rows {
                        let cells: Vec<String> = row
                            .cells
                            .iter()
                            .map(|cell| {
                                let links: Vec<String> =
                                    cell.links.iter().map(|link| format!("->{}", link.target)).collect();
                                format!("{}{}", excerpt(&cell.text, 28), links.join(""))
                            })
                            .collect();
                        let _ = writeln!(out, "  {} row {}", lines(row.span), cells.join(" | "));
                    }
                }
                Block::Code(code) => {
                    let annotation = code.annotation.as_ref().map_or(String::new(), |annotation| {
                        format!(" annotation={}", annotation.block_type().unwrap_or("?"))
                    });
                    let first_line = code.text.lines().next().unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "{} code {}{annotation} {:?}",
                        lines(code.span),
                        code.lang.as_deref().unwrap_or("-"),
                        excerpt(first_line, 48)
                    );
                }
                Block::Annotation(annotation) => {
                    let _ = writeln!(
                        out,
                        "{} annotation {} (detached)",
                        lines(annotation.span),
                        annotation.block_type().unwrap_or("?")
                    );
                }
            }
        }
        if let Some(cmdlet) = &self.cmdlet {
            for node in &cmdlet.nodes {
                match node {
                    Node::Heading { level, text, span } => {
                        let _ = writeln!(out, "{} h{level} {text}", lines(*span));
                    }
                    Node::Fence { lang, text, span, .. } => {
                        let first_line = text.lines().next().unwrap_or_default();
                        let _ = writeln!(
                            out,
                            "{} fence {} {:?}",
                            lines(*span),
                            lang.as_deref().unwrap_or("-"),
                            excerpt(first_line, 48)
                        );
                    }
                    // Blank lines only separate; they are left out of the view.
                    Node::Line { text, span } if !text.trim().is_empty() => {
                        let _ = writeln!(out, "{} line {:?}", lines(*span), excerpt(text, 48));
                    }
                    Node::Line { .. } => {}
                }
            }
        }
        out
    }
}

/// The first `max` characters of `text`, with `…` when cut.
fn excerpt(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let cut: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{cut}…")
    } else {
        cut
    }
}
