//! Diagnostics for people, as rustc prints them: the message with its code, the page and line,
//! and the source line with the offending text underlined (annotate-snippets, the renderer rustc
//! and cargo use), coloured when asked.

use std::collections::BTreeMap;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{escape_controls, Diagnostic, Severity};

/// Renders `diagnostics`, reading each source line from `pages` (path as shown -> page text).
/// A diagnostic whose page or line is not there is printed with its location only.
pub fn render(diagnostics: &[Diagnostic], pages: &BTreeMap<&str, &str>, color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for diagnostic in diagnostics {
        let level = match diagnostic.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::NOTE,
        };
        let message = escape_controls(&diagnostic.message);
        let file = escape_controls(&diagnostic.file);
        let title = level.primary_title(message.as_ref()).id(diagnostic.code);
        let line = usize::try_from(diagnostic.line.max(1)).unwrap_or(1);
        let source = pages.get(diagnostic.file.as_str()).and_then(|text| text.lines().nth(line - 1));
        let group = match source.filter(|text| !text.trim().is_empty()) {
            Some(text) => {
                let text = escape_controls(text);
                let (mut start, mut end) = text_span(&text);
                // A located key is underlined alone: `"size"`.
                let column = diagnostic.column.and_then(|column| usize::try_from(column).ok());
                if let Some(at) = column.and_then(|column| text.char_indices().nth(column - 1)).map(|(at, _)| at) {
                    let width = diagnostic.key.as_ref().map_or(1, |key| key.len() + 2);
                    (start, end) = (at, (at + width).min(text.len()));
                }
                let snippet = Snippet::source(text.into_owned())
                    .line_start(line)
                    .path(file.as_ref())
                    .annotation(AnnotationKind::Primary.span(start..end));
                title.element(snippet)
            }
            None => {
                let origin = Origin::path(file.as_ref()).line(line);
                let origin = match diagnostic.column {
                    Some(column) => origin.char_column(usize::try_from(column).unwrap_or(1)),
                    None => origin,
                };
                title.element(origin)
            }
        };
        let mut group = group;
        for related in &diagnostic.related {
            let line = usize::try_from(related.line.max(1)).unwrap_or(1);
            let source = pages.get(related.file.as_str()).and_then(|text| text.lines().nth(line - 1));
            if let Some(text) = source.filter(|text| !text.trim().is_empty()) {
                let text = escape_controls(text).into_owned();
                let (start, end) = text_span(&text);
                let snippet = Snippet::source(text)
                    .line_start(line)
                    .path(escape_controls(&related.file).into_owned())
                    .annotation(AnnotationKind::Context.span(start..end).label(related.message.as_str()));
                group = group.element(snippet);
            }
        }
        let explain = Level::HELP.message(format!("`docgen explain {}` says what to do", diagnostic.code));
        let report: [Group<'_>; 1] = [group.element(explain)];
        out.push_str(&renderer.render(&report));
        out.push_str("\n\n");
    }
    out
}

/// The bytes of a source line between its leading and trailing blanks: what gets underlined.
fn text_span(line: &str) -> (usize, usize) {
    (line.len() - line.trim_start().len(), line.trim_end().len())
}
