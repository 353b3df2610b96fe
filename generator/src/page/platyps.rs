//! PlatyPS cmdlet pages read as a line outline: headings, fenced blocks and text lines.
//!
//! The markdown reading of the other pages loses what a cmdlet page says: `<String>` and
//! `<IMicrosoftGraphX>` parse as HTML tags and vanish, and the indentation of NOTES items (which
//! nests complex properties) is folded away with the line breaks. PlatyPS writes a rigid,
//! generated layout (dialect guide §2.1 and `shared/corpus/powershell/README.md`), so the page is
//! kept line by line and the `extract` stage reads the sections it needs.

use super::Span;
use crate::diag::{codes, Sink};

/// A cmdlet page's body, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// Headings, fences and lines outside fences.
    pub nodes: Vec<Node>,
}

/// One piece of a cmdlet page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// An ATX heading outside any fence.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Its text, trimmed.
        text: String,
        /// The heading line.
        span: Span,
    },
    /// A fenced block.
    Fence {
        /// The info string's first word, lower-cased (`yaml`, `powershell`); `None` when bare.
        lang: Option<String>,
        /// The lines between the fences, with their newlines.
        text: String,
        /// Where the text between the fences starts, for mapping YAML error lines.
        text_start: usize,
        /// Fence to fence.
        span: Span,
    },
    /// A line of text outside fences, trailing whitespace removed; blank lines are kept because
    /// they end NOTES blocks and descriptions.
    Line {
        /// The line as written, leading spaces kept.
        text: String,
        /// The line.
        span: Span,
    },
}

impl Node {
    /// Where the node is.
    pub fn span(&self) -> Span {
        match self {
            Node::Heading { span, .. } | Node::Fence { span, .. } | Node::Line { span, .. } => *span,
        }
    }
}

/// Whether front matter fields mark a PlatyPS page: the 2024-05-01 schema names itself, the older
/// one has `external help file` (dialect guide §2.1).
pub fn is_cmdlet_page(field: impl Fn(&str) -> Option<String>) -> bool {
    field("PlatyPS schema version").is_some()
        || field("external help file").is_some()
        || field("document type").is_some_and(|kind| kind.trim() == "cmdlet")
}

/// Splits the body (from `body_start`) into headings, fences and lines.
pub(crate) fn outline(text: &str, body_start: usize, sink: &mut Sink<'_>) -> Outline {
    let mut nodes = Vec::new();
    let mut open: Option<OpenFence> = None;
    let mut offset = body_start;
    let body = text.get(body_start..).unwrap_or_default();
    for raw in body.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let line_span = Span::new(start, start + line.len());
        if let Some(fence) = &mut open {
            if is_closing_fence(line, &fence.marker) {
                let fence = open.take().expect("a fence is open in this branch");
                nodes.push(Node::Fence {
                    lang: fence.lang,
                    text: text.get(fence.text_start..start).unwrap_or_default().to_owned(),
                    text_start: fence.text_start,
                    span: Span::new(fence.start, line_span.end),
                });
            }
            continue;
        }
        if let Some((marker, info)) = opening_fence(line) {
            let lang = info.split_whitespace().next().map(str::to_ascii_lowercase);
            open = Some(OpenFence { marker, lang, start, text_start: offset });
            continue;
        }
        if let Some((level, heading)) = atx_heading(line) {
            nodes.push(Node::Heading { level, text: heading.to_owned(), span: line_span });
            continue;
        }
        nodes.push(Node::Line { text: line.trim_end().to_owned(), span: line_span });
    }
    if let Some(fence) = open {
        sink.at(
            codes::FENCE_UNCLOSED,
            fence.start,
            "code fence is never closed, so it swallows the rest of the page; add a closing fence",
        );
        nodes.push(Node::Fence {
            lang: fence.lang,
            text: text.get(fence.text_start..).unwrap_or_default().to_owned(),
            text_start: fence.text_start,
            span: Span::new(fence.start, text.len()),
        });
    }
    Outline { nodes }
}

/// A fence being read.
struct OpenFence {
    /// The fence characters (```` ``` ```` or `~~~`, at least three).
    marker: String,
    lang: Option<String>,
    start: usize,
    text_start: usize,
}

/// ```` ```yaml ```` -> (```` ``` ````, `yaml`); up to three spaces of indent, as CommonMark allows.
fn opening_fence(line: &str) -> Option<(String, &str)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let fence_char = trimmed.chars().next().filter(|first| *first == '`' || *first == '~')?;
    let run = trimmed.len() - trimmed.trim_start_matches(fence_char).len();
    if run < 3 {
        return None;
    }
    let (marker, info) = trimmed.split_at(run);
    // A backtick fence's info string may not contain a backtick.
    if fence_char == '`' && info.contains('`') {
        return None;
    }
    Some((marker.to_owned(), info.trim()))
}

/// A line of the fence's character, at least as long as the opening, and nothing else.
fn is_closing_fence(line: &str, marker: &str) -> bool {
    let trimmed = line.trim();
    let Some(fence_char) = marker.chars().next() else { return false };
    trimmed.len() >= marker.len() && trimmed.chars().all(|c| c == fence_char)
}

/// `## SYNTAX` -> (2, `SYNTAX`). A `#` run must be followed by a space or end the line.
fn atx_heading(line: &str) -> Option<(u8, &str)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let hashes = trimmed.len() - trimmed.trim_start_matches('#').len();
    let level = u8::try_from(hashes).ok().filter(|level| (1..=6).contains(level))?;
    let rest = trimmed.get(hashes..)?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::LineIndex;

    fn nodes(text: &str) -> Vec<Node> {
        let lines = LineIndex::new(text);
        let mut sink = Sink::new("x.md", &lines);
        let outline = outline(text, 0, &mut sink);
        outline.nodes
    }

    #[test]
    fn headings_fences_and_lines() {
        let text = "# Get-MgX\n## SYNTAX\n### List (Default)\n```\nGet-MgX [-Top <int>]\n```\n  [Id <String>]: x\n";
        let nodes = nodes(text);
        assert_eq!(
            nodes,
            vec![
                Node::Heading { level: 1, text: "Get-MgX".into(), span: Span::new(0, 9) },
                Node::Heading { level: 2, text: "SYNTAX".into(), span: Span::new(10, 19) },
                Node::Heading { level: 3, text: "List (Default)".into(), span: Span::new(20, 38) },
                // ```` ``` ```` to ```` ``` ````: lines 4 to 6.
                Node::Fence {
                    lang: None,
                    text: "Get-MgX [-Top <int>]\n".into(),
                    text_start: 43,
                    span: Span::new(39, 67)
                },
                Node::Line { text: "  [Id <String>]: x".into(), span: Span::new(68, 86) },
            ]
        );
    }

    #[test]
    fn hashes_inside_a_fence_are_not_headings() {
        let nodes = nodes("```powershell\n# a comment\n```\n#NotAHeading\n");
        assert!(
            matches!(&nodes[0], Node::Fence { lang: Some(lang), text, .. } if lang == "powershell" && text == "# a comment\n")
        );
        assert!(matches!(&nodes[1], Node::Line { text, .. } if text == "#NotAHeading"));
    }

    #[test]
    fn an_unclosed_fence_runs_to_the_end_and_is_reported() {
        let text = "```yaml\nType: String\n";
        let lines = LineIndex::new(text);
        let mut sink = Sink::new("x.md", &lines);
        let outline = outline(text, 0, &mut sink);
        assert!(matches!(&outline.nodes[..], [Node::Fence { text, .. }] if text == "Type: String\n"));
        assert_eq!(sink.diagnostics[0].code, codes::FENCE_UNCLOSED);
    }
}
