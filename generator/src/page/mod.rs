//! Parse stage: `SourceFile` -> `Page`, the markdown page model with byte spans.
//!
//! A `Page` is a flat list of blocks in document order (headings, paragraphs, tables, code blocks,
//! detached annotations) plus the front matter, the H1 title, the `Namespace:` line and the page's
//! link definitions. Sections (the heading tree) are computed from the flat list by
//! [`Page::sections`]. Every node keeps its byte span into the source text; lines come from the
//! line index only when a diagnostic or an IR `source` is made.
//!
//! Parsing always yields a `Page`, however broken the input; problems travel beside it as
//! diagnostics. Quirks handled here are described in `shared/docs/doc-dialect.md` (cited by section).

pub mod front_matter;
pub mod include;
pub mod json;
pub(crate) mod markdown;
pub mod nesting;
mod outline;
pub mod platyps;
mod prepass;

use std::collections::BTreeMap;

use serde::Serialize;

pub use front_matter::FrontMatter;

use crate::diag::{codes, Diagnostic, Sink};
use crate::source::{LineIndex, SourceFile};

/// A byte range into the page text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// `start..end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// One parsed page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Path relative to the docs root.
    pub path: std::sync::Arc<str>,
    /// The front matter, when the page has a closed block.
    pub front_matter: Option<FrontMatter>,
    /// The first H1 that is not a tab-group heading.
    pub title: Option<Heading>,
    /// The first `Namespace: x` line, its value trimmed.
    pub namespace: Option<(String, Span)>,
    /// Blocks in document order.
    pub blocks: Vec<Block>,
    /// Reference-link definitions at the page bottom: lower-cased label -> destination.
    pub link_defs: BTreeMap<String, String>,
    /// A PlatyPS cmdlet page's line outline; such a page has no `blocks` (see [`platyps`]).
    pub cmdlet: Option<platyps::Outline>,
    /// Line index of the source text.
    pub lines: LineIndex,
    /// Length of the source text, for span checks.
    pub text_len: usize,
    /// Problems found while parsing.
    pub diagnostics: Vec<Diagnostic>,
}

/// A block-level node.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading (tab-group H1s such as `# [HTTP](#tab/http)` are left out).
    Heading(Heading),
    /// A paragraph or a list item's text.
    Paragraph(Inline),
    /// A pipe table, rows repaired.
    Table(Table),
    /// A code block, with the annotation that precedes it.
    Code(CodeBlock),
    /// An annotation comment that no code block follows in its section.
    Annotation(Annotation),
}

impl Block {
    /// The block's byte span.
    pub fn span(&self) -> Span {
        match self {
            Block::Heading(heading) => heading.span,
            Block::Paragraph(inline) => inline.span,
            Block::Table(table) => table.span,
            Block::Code(code) => code.span,
            Block::Annotation(annotation) => annotation.span,
        }
    }
}

/// A heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its text, links reduced to their text.
    pub text: String,
    /// The whole heading line.
    pub span: Span,
}

/// Text with its links: a paragraph, a cell, a heading's content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    /// Plain text: links reduced to their text, code spans to their content, `<br>` to a space.
    pub text: String,
    /// Links in order.
    pub links: Vec<Link>,
    /// Code spans, as byte ranges into `text`, in order.
    pub code: Vec<std::ops::Range<usize>>,
    /// Where it is.
    pub span: Span,
}

/// A link: its text and its destination (reference links resolved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The link text.
    pub text: String,
    /// The destination as written (`../resources/user.md`, `#x-values`).
    pub target: String,
}

/// A pipe table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Header cells.
    pub header: Vec<Inline>,
    /// Header texts normalised by [`normalise_header`], computed once.
    pub names: Vec<String>,
    /// Body rows, each with exactly as many cells as the header.
    pub rows: Vec<Row>,
    /// The whole table.
    pub span: Span,
}

impl Table {
    /// Index of the first header cell whose normalised text is one of `names`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.names.iter().position(|text| names.contains(&text.as_str()))
    }
}

/// A header cell, lower-cased, bold and padding removed (`**Property name**` -> `property name`).
pub fn normalise_header(text: &str) -> String {
    if text.is_ascii() && !text.contains('*') {
        return text.trim().to_ascii_lowercase();
    }
    text.replace('\u{a0}', " ").replace("**", "").trim().to_lowercase()
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Cells, as many as the header has.
    pub cells: Vec<Inline>,
    /// The row's lines.
    pub span: Span,
}

impl Row {
    /// Cell `idx`; rows are padded to the header's width, so `None` only past it.
    pub fn cell(&self, idx: usize) -> Option<&Inline> {
        self.cells.get(idx)
    }
}

/// A code block.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeBlock {
    /// The info string's first word, trimmed and lower-cased (`http`, `json`); `None` when untagged.
    pub lang: Option<String>,
    /// The code.
    pub text: String,
    /// The annotation bound to it (dialect guide §8: the nearest one before it in its section).
    pub annotation: Option<Annotation>,
    /// Fence to fence.
    pub span: Span,
}

/// An annotation comment `<!-- { "blockType": ... } -->`.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// The JSON object.
    pub value: serde_json::Value,
    /// The comment.
    pub span: Span,
}

impl Inline {
    /// The text of each code span.
    pub fn code_texts(&self) -> impl Iterator<Item = &str> {
        self.code.iter().map(|range| self.text.get(range.clone()).unwrap_or_default())
    }
}

/// The type an annotation object names: `"@odata.type"`, else `"@type"`.
pub fn odata_type(annotation: &serde_json::Value) -> Option<&str> {
    annotation.get("@odata.type").or_else(|| annotation.get("@type")).and_then(serde_json::Value::as_str)
}

impl Annotation {
    /// `blockType`.
    pub fn block_type(&self) -> Option<&str> {
        self.value.get("blockType").and_then(serde_json::Value::as_str)
    }

    /// The type the annotation names: `"@odata.type"`, or `"@type"` as some pages write it
    /// (dialect guide §8).
    pub fn odata_type(&self) -> Option<&str> {
        odata_type(&self.value)
    }

    /// A string field.
    pub fn str_field(&self, key: &str) -> Option<&str> {
        self.value.get(key).and_then(serde_json::Value::as_str)
    }

    /// A boolean field; the strings `"true"`/`"false"` count too (dialect guide §12.19).
    pub fn bool_field(&self, key: &str) -> Option<bool> {
        match self.value.get(key)? {
            serde_json::Value::Bool(flag) => Some(*flag),
            serde_json::Value::String(text) => text.trim().parse().ok(),
            _ => None,
        }
    }
}

/// A heading and the blocks it owns, as indices into [`Page::blocks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    /// Index of the heading block.
    pub heading: usize,
    /// Heading level.
    pub level: u8,
    /// First block after the heading.
    pub start: usize,
    /// One past the last block before the next heading of the same or a higher level.
    pub end: usize,
    /// One past the last block before the next heading of any level.
    pub own_end: usize,
}

impl Page {
    /// Every heading with the range of blocks it owns.
    pub fn sections(&self) -> Vec<Section> {
        let headings: Vec<(usize, u8)> = self
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(idx, block)| match block {
                Block::Heading(heading) => Some((idx, heading.level)),
                _ => None,
            })
            .collect();
        headings
            .iter()
            .enumerate()
            .map(|(nth, &(idx, level))| {
                let rest = headings.get(nth + 1..).unwrap_or_default();
                let end = rest.iter().find(|(_, other)| *other <= level).map_or(self.blocks.len(), |(other, _)| *other);
                let own_end = rest.first().map_or(self.blocks.len(), |(other, _)| *other);
                Section { heading: idx, level, start: idx + 1, end, own_end }
            })
            .collect()
    }

    /// The heading text of a section.
    pub fn heading_text(&self, section: &Section) -> &str {
        match self.blocks.get(section.heading) {
            Some(Block::Heading(heading)) => &heading.text,
            _ => "",
        }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        self.lines.line(offset)
    }

    /// A front matter field.
    pub fn field(&self, key: &str) -> Option<&str> {
        self.front_matter.as_ref()?.fields.get(key).map(String::as_str)
    }
}

/// Parses one page. Never fails: problems become diagnostics on the page.
pub fn parse_page(file: &SourceFile) -> Page {
    let mut sink = Sink::new(&file.path, &file.lines);
    let (front_matter, body_start) = match front_matter::split(&file.text) {
        front_matter::Split::None => {
            sink.at(
                codes::FRONT_MATTER_MISSING,
                0,
                "page has no front matter; expected a `---` block with title and doc_type",
            );
            (None, 0)
        }
        front_matter::Split::Unclosed { open } => {
            sink.at(
                codes::FRONT_MATTER_UNCLOSED,
                open,
                "front matter opens with `---` but no closing `---` line follows; the page is read without it",
            );
            (None, 0)
        }
        front_matter::Split::Block { span, yaml } => {
            let yaml_text = file.text.get(yaml.start..yaml.end).unwrap_or_default();
            let (fields, result) = front_matter::read(yaml_text);
            if let Err(err) = &result {
                sink.at(
                    codes::FRONT_MATTER_YAML,
                    yaml.start + err.offset(yaml_text),
                    format!(
                        "front matter is not valid YAML ({}); read line by line, quote values that contain `: `",
                        err.message
                    ),
                );
            }
            (Some(FrontMatter { fields, span, valid_yaml: result.is_ok() }), span.end)
        }
    };
    let is_cmdlet = front_matter
        .as_ref()
        .is_some_and(|front_matter| platyps::is_cmdlet_page(|key| front_matter.fields.get(key).cloned()));
    if is_cmdlet {
        let outline = platyps::outline(&file.text, body_start, &mut sink);
        let title = outline.nodes.iter().find_map(|node| match node {
            platyps::Node::Heading { level: 1, text, span } => {
                Some(Heading { level: 1, text: text.clone(), span: *span })
            }
            _ => None,
        });
        if title.is_none() {
            sink.at(codes::PAGE_NO_TITLE, body_start, "cmdlet page has no H1 title; expected `# <Verb>-<Noun>`");
        }
        return Page {
            path: file.path.as_str().into(),
            front_matter,
            title,
            namespace: None,
            blocks: Vec::new(),
            link_defs: BTreeMap::new(),
            cmdlet: Some(outline),
            lines: file.lines.clone(),
            text_len: file.text.len(),
            diagnostics: sink.diagnostics,
        };
    }
    let body = markdown::parse_body(&file.text, body_start, &mut sink);
    let namespace = body.blocks.iter().find_map(|block| match block {
        Block::Paragraph(inline) => namespace_line(&inline.text).map(|ns| (ns, inline.span)),
        _ => None,
    });
    let title = body.blocks.iter().find_map(|block| match block {
        Block::Heading(heading) if heading.level == 1 => Some(heading.clone()),
        _ => None,
    });
    if title.is_none() {
        sink.at(
            codes::PAGE_NO_TITLE,
            body_start,
            "page has no H1 title; expected a `# Title` line after the front matter",
        );
    }
    Page {
        path: file.path.as_str().into(),
        front_matter,
        title,
        namespace,
        blocks: body.blocks,
        link_defs: body.link_defs,
        cmdlet: None,
        lines: file.lines.clone(),
        text_len: file.text.len(),
        diagnostics: sink.diagnostics,
    }
}

/// The value of a `Namespace: x` paragraph.
fn namespace_line(text: &str) -> Option<String> {
    let rest = text.trim_start().strip_prefix("Namespace:")?;
    rest.split_whitespace().next().map(str::to_owned)
}
