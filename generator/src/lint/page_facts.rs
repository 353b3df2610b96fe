//! What the lint checks need from a page that the IR does not keep: placeholder text, empty
//! sections, links in tables, and where each JSON representation is.
//!
//! Runs on the `Page` while it is still in memory, beside extraction; the cross-page checks in
//! [`super::lint`] use the facts after linking.

use crate::diag::{codes, Diagnostic};
use crate::extract::{resolve_target, PageKind};
use crate::page::platyps::Node;
use crate::page::{Block, Inline, Page, Section};

/// The lint facts of one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageFacts {
    /// Page path relative to the root.
    pub path: String,
    /// Problems a page shows on its own (placeholders, empty sections).
    pub diagnostics: Vec<Diagnostic>,
    /// Links in table cells to other pages.
    pub links: Vec<PageLink>,
    /// JSON representation blocks: the `@odata.type` of their annotation, and their line.
    pub json_blocks: Vec<(Option<String>, u32)>,
}

/// A link from a table cell to a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink {
    /// The target resolved against the page, relative to the root and lower-cased.
    pub target: String,
    /// The link as written.
    pub written: String,
    /// The link text.
    pub text: String,
    /// The row's line.
    pub line: u32,
    /// The link is in a Methods table.
    pub methods_table: bool,
}

/// Sections a page of each kind must not leave empty, by heading (lower-case).
const REQUIRED_SECTIONS: &[(PageKind, &[&str])] = &[
    (PageKind::Api, &["http request", "permissions", "response"]),
    (PageKind::Resource, &["properties", "json representation"]),
    (PageKind::Cmdlet, &["synopsis", "description", "syntax"]),
];

/// Collects the lint facts of `page`, whose kind is `kind`.
pub fn page_facts(page: &Page, kind: PageKind) -> PageFacts {
    let mut facts = PageFacts { path: page.path.to_string(), ..PageFacts::default() };
    let sections = page.sections();
    placeholders(page, &mut facts);
    empty_sections(page, &sections, kind, &mut facts);
    for section in &sections {
        let heading = page.heading_text(section).to_ascii_lowercase();
        let blocks = page.blocks.get(section.start..section.own_end).unwrap_or_default();
        for block in blocks {
            match block {
                Block::Table(table) => {
                    for row in &table.rows {
                        for cell in &row.cells {
                            for link in &cell.links {
                                let Some(target) = page_target(&page.path, &link.target) else { continue };
                                facts.links.push(PageLink {
                                    target,
                                    written: link.target.clone(),
                                    text: link.text.clone(),
                                    line: page.line(row.span.start),
                                    methods_table: heading == "methods",
                                });
                            }
                        }
                    }
                }
                Block::Code(code) if heading.contains("json representation") => {
                    let odata_type = code
                        .annotation
                        .as_ref()
                        .and_then(|annotation| annotation.odata_type())
                        .map(|name| name.trim().trim_start_matches('#').to_owned());
                    facts.json_blocks.push((odata_type, page.line(code.span.start)));
                }
                _ => {}
            }
        }
    }
    facts
}

/// A link target that names a markdown page (`../resources/user.md`, `/graph/api/user-get`).
fn page_target(page_path: &str, written: &str) -> Option<String> {
    let path = written.split(['#', '?']).next().unwrap_or_default().trim().to_ascii_lowercase();
    if !(path.ends_with(".md") || path.starts_with("/graph/api/")) {
        return None;
    }
    resolve_target(page_path, written)
}

/// `**TODO: ...**`, `{{ Fill in the Description }}`, `{{ Add code here }}`,
/// `{{Insert list of aliases}}`: text a template left for a writer to replace.
pub fn placeholder(text: &str) -> Option<&str> {
    if let Some(at) = text.find("TODO") {
        let rest = text.get(at + 4..).unwrap_or_default();
        if rest.starts_with(':') || rest.starts_with(' ') || rest.is_empty() {
            return Some(excerpt(text.get(at..).unwrap_or_default()));
        }
    }
    let mut rest = text;
    while let Some(at) = rest.find("{{") {
        let inner = rest.get(at + 2..).unwrap_or_default();
        let word = inner.split_whitespace().next().unwrap_or_default().to_ascii_lowercase();
        if ["fill", "add", "insert", "todo"].contains(&word.as_str()) {
            let end = inner.find("}}").map_or(inner.len(), |end| end + 2);
            return Some(rest.get(at..at + 2 + end).unwrap_or_default());
        }
        rest = inner;
    }
    None
}

/// The placeholder up to its first full stop, at most 60 characters.
fn excerpt(text: &str) -> &str {
    let end = text.char_indices().nth(60).map_or(text.len(), |(idx, _)| idx);
    let end = text.find(['.', '*']).filter(|stop| *stop > 0 && *stop < end).unwrap_or(end);
    text.get(..end).unwrap_or(text).trim_end()
}

fn placeholders(page: &Page, facts: &mut PageFacts) {
    let mut found: Vec<(u32, String)> = Vec::new();
    if let Some(front_matter) = &page.front_matter {
        for (key, value) in &front_matter.fields {
            if let Some(hit) = placeholder(value) {
                found.push((page.line(front_matter.span.start) + 1, format!("front matter `{key}` holds \"{hit}\"")));
            }
        }
    }
    let inline = |inline: &Inline, found: &mut Vec<(u32, String)>| {
        if let Some(hit) = placeholder(&inline.text) {
            found.push((page.line(inline.span.start), format!("\"{hit}\"")));
        }
    };
    for block in &page.blocks {
        match block {
            Block::Paragraph(text) => inline(text, &mut found),
            Block::Table(table) => {
                for cell in table.rows.iter().flat_map(|row| &row.cells) {
                    inline(cell, &mut found);
                }
            }
            Block::Heading(_) | Block::Code(_) | Block::Annotation(_) => {}
        }
    }
    for node in page.cmdlet.iter().flat_map(|outline| &outline.nodes) {
        if let Node::Line { text, span } = node {
            if let Some(hit) = placeholder(text) {
                found.push((page.line(span.start), format!("\"{hit}\"")));
            }
        }
    }
    found.dedup_by(|a, b| a.0 == b.0);
    for (line, what) in found {
        facts.diagnostics.push(Diagnostic::new(
            codes::PAGE_PLACEHOLDER,
            &page.path,
            line,
            format!("placeholder text left in the page: {what}; replace it with the real content"),
        ));
    }
}

fn empty_sections(page: &Page, sections: &[Section], kind: PageKind, facts: &mut PageFacts) {
    let Some((_, required)) = REQUIRED_SECTIONS.iter().find(|(of, _)| *of == kind) else { return };
    if let Some(outline) = &page.cmdlet {
        // A cmdlet section is empty when only blank lines stand before the next H2.
        let nodes = &outline.nodes;
        for (idx, node) in nodes.iter().enumerate() {
            let Node::Heading { level: 2, text, span } = node else { continue };
            if !required.contains(&text.to_ascii_lowercase().as_str()) {
                continue;
            }
            let body = nodes.get(idx + 1..).unwrap_or_default();
            let has_content = body
                .iter()
                .take_while(|node| !matches!(node, Node::Heading { level: 1 | 2, .. }))
                .any(|node| !matches!(node, Node::Line { text, .. } if text.trim().is_empty()));
            if !has_content {
                facts.diagnostics.push(empty_section(page, text, page.line(span.start)));
            }
        }
        return;
    }
    for section in sections {
        let heading = page.heading_text(section);
        if !required.contains(&heading.trim().to_ascii_lowercase().as_str()) {
            continue;
        }
        if section.end <= section.start {
            let line = page.blocks.get(section.heading).map_or(1, |block| page.line(block.span().start));
            facts.diagnostics.push(empty_section(page, heading, line));
        }
    }
}

fn empty_section(page: &Page, heading: &str, line: u32) -> Diagnostic {
    Diagnostic::new(
        codes::PAGE_EMPTY_SECTION,
        &page.path,
        line,
        format!("section \"{heading}\" is empty; a page of this kind needs it filled in or removed"),
    )
}

#[cfg(test)]
mod tests {
    use super::placeholder;

    #[test]
    fn placeholders() {
        let rows = [
            ("**TODO: Add Description**", Some("TODO: Add Description")),
            ("TODO: Add Description. Possible values are: a, b.", Some("TODO: Add Description")),
            ("{{ Fill in the Description }}", Some("{{ Fill in the Description }}")),
            ("This cmdlet has the following aliases, {{Insert list of aliases}}", Some("{{Insert list of aliases}}")),
            ("{{ Add code here }}", Some("{{ Add code here }}")),
            ("GET /sites/{{site-id}}", None),
            ("A TODOS list", None),
            ("Returns the photo.", None),
        ];
        for (text, expected) in rows {
            assert_eq!(placeholder(text), expected, "{text}");
        }
    }
}
