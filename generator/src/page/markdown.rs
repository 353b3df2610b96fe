//! The markdown walk: pulldown-cmark events -> blocks, with tables repaired and annotations bound.
//!
//! pulldown-cmark is configured here and nowhere else: tables on, everything else off. The front
//! matter is cut off before (see `front_matter`), so the metadata option stays off (dialect guide
//! §1). Offsets from the parser are relative to the body and shifted by `base` when stored.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{BrokenLink, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use super::{prepass, Annotation, Block, CodeBlock, Heading, Inline, Link, Row, Span, Table};
use crate::diag::{codes, Sink};
use crate::page::json::{parse_lenient, Json};

/// What the walk produced.
pub(crate) struct Body {
    pub(crate) blocks: Vec<Block>,
    pub(crate) link_defs: BTreeMap<String, String>,
}

/// The one place pulldown-cmark is configured.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
}

/// Walks the body of a page, which starts at byte `base` of `text`.
pub(crate) fn parse_body(text: &str, base: usize, sink: &mut Sink<'_>) -> Body {
    let body = text.get(base..).unwrap_or_default();
    let (prepared, recovered) = prepass::repair_delimiter_rows(body, sink.lines().starts_from(base));
    for offset in recovered {
        sink.at(
            codes::TABLE_RECOVERED,
            base + offset,
            "table delimiter row has tabs or a different number of cells than the header; CommonMark drops such a table, docgen read it (write one `|---|` per header cell)",
        );
    }
    let iter = Parser::new_ext(&prepared, options()).into_offset_iter();
    let link_defs: BTreeMap<String, String> = iter
        .reference_definitions()
        .iter()
        .map(|(label, def)| (label.to_lowercase(), link_target(&def.dest)))
        .collect();
    let mut walker = Walker {
        text: &prepared,
        base,
        link_defs: &link_defs,
        sink,
        blocks: Vec::new(),
        pending: None,
        state: State::default(),
    };
    for (event, range) in iter {
        walker.event(event, range);
    }
    walker.flush_loose();
    if let Some(pending) = walker.pending.take() {
        walker.detach(pending);
    }
    let blocks = walker.blocks;
    Body { blocks, link_defs }
}

/// Inline text being collected.
#[derive(Debug, Default)]
struct InlineBuilder {
    text: String,
    links: Vec<Link>,
    code: Vec<Range<usize>>,
    span: Span,
    link_stack: Vec<(String, usize)>,
}

impl InlineBuilder {
    fn new(span: Span) -> InlineBuilder {
        // The text is rarely longer than its markdown, so one allocation holds it.
        let text = String::with_capacity(span.end.saturating_sub(span.start));
        InlineBuilder { text, span, ..InlineBuilder::default() }
    }

    /// Takes one inline event; block-level events are ignored.
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Text(text) => push_text(&mut self.text, &text),
            Event::Code(code) => {
                let trimmed = code.trim();
                let start = self.text.len();
                push_text(&mut self.text, trimmed);
                self.code.push(start..self.text.len());
            }
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            Event::InlineHtml(html) | Event::Html(html) => {
                // `<br>`, `<li>`, `<p>` separate words; other tags carry no text (dialect guide §4).
                let tag = html.trim_start_matches('<').trim_start_matches('/');
                let opens = |name: &str| tag.get(..name.len()).is_some_and(|head| head.eq_ignore_ascii_case(name));
                if ["br", "li", "p", "ul", "ol"].into_iter().any(opens) {
                    self.text.push(' ');
                }
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                self.link_stack.push((link_target(&dest_url), self.text.len()));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((target, start)) = self.link_stack.pop() {
                    let text = self.text.get(start..).unwrap_or_default().trim().to_owned();
                    self.links.push(Link { text, target });
                }
            }
            _ => {}
        }
    }

    fn finish(self) -> Inline {
        let InlineBuilder { mut text, links, code, span, .. } = self;
        // Trim in place: one allocation per cell, not two.
        let end = text.trim_end().len();
        text.truncate(end);
        let lead = text.len() - text.trim_start().len();
        text.drain(..lead);
        let code = code
            .into_iter()
            .map(|range| {
                range.start.saturating_sub(lead).min(text.len())..range.end.saturating_sub(lead).min(text.len())
            })
            .collect();
        Inline { text, links, code, span }
    }
}

/// A table being collected.
#[derive(Debug)]
struct TableBuilder {
    span: Span,
    header: Vec<Inline>,
    rows: Vec<Row>,
    row: Option<Row>,
    in_head: bool,
}

/// What the walk is inside of.
#[derive(Debug, Default)]
struct State {
    /// Paragraph, heading or table cell text.
    inline: Option<InlineBuilder>,
    /// Text directly inside a tight list item.
    loose: Option<InlineBuilder>,
    /// The level of the heading being read.
    heading: Option<u8>,
    table: Option<TableBuilder>,
    code: Option<(Option<String>, String, Span)>,
    html: Option<(String, Span)>,
}

struct Walker<'t, 's, 'f> {
    text: &'t str,
    base: usize,
    link_defs: &'t BTreeMap<String, String>,
    sink: &'s mut Sink<'f>,
    blocks: Vec<Block>,
    /// An annotation waiting for its code block.
    pending: Option<Annotation>,
    state: State,
}

impl Walker<'_, '_, '_> {
    fn span(&self, range: &Range<usize>) -> Span {
        Span::new(self.base + range.start, self.base + range.end)
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if let Some((_, code_text, _)) = &mut self.state.code {
            match event {
                Event::Text(text) => code_text.push_str(&text),
                Event::End(TagEnd::CodeBlock) => self.end_code(),
                _ => {}
            }
            return;
        }
        if let Some((html, _)) = &mut self.state.html {
            match event {
                Event::Html(text) | Event::Text(text) => html.push_str(&text),
                Event::End(TagEnd::HtmlBlock) => self.end_html(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Paragraph) => {
                self.flush_loose();
                self.state.inline = Some(InlineBuilder::new(self.span(&range)));
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(builder) = self.state.inline.take() {
                    self.blocks.push(Block::Paragraph(builder.finish()));
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                self.flush_loose();
                self.state.heading = Some(level as u8);
                self.state.inline = Some(InlineBuilder::new(self.span(&range)));
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::Table(_)) => {
                self.flush_loose();
                self.state.table = Some(TableBuilder {
                    span: self.span(&range),
                    header: Vec::new(),
                    rows: Vec::new(),
                    row: None,
                    in_head: false,
                });
            }
            Event::Start(Tag::TableHead) => {
                if let Some(table) = &mut self.state.table {
                    table.in_head = true;
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(table) = &mut self.state.table {
                    table.in_head = false;
                }
            }
            Event::Start(Tag::TableRow) => {
                let span = self.span(&range);
                if let Some(table) = &mut self.state.table {
                    table.row = Some(Row { cells: Vec::new(), span });
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(table) = &mut self.state.table {
                    if let Some(row) = table.row.take() {
                        table.rows.push(row);
                    }
                }
            }
            Event::Start(Tag::TableCell) => self.state.inline = Some(InlineBuilder::new(self.span(&range))),
            Event::End(TagEnd::TableCell) => {
                let cell = self.state.inline.take().unwrap_or_default().finish();
                if let Some(table) = &mut self.state.table {
                    match &mut table.row {
                        Some(row) if !table.in_head => row.cells.push(cell),
                        _ => table.header.push(cell),
                    }
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(builder) = self.state.table.take() {
                    let table = self.finish_table(builder);
                    self.blocks.push(Block::Table(table));
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.flush_loose();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(str::to_lowercase),
                    CodeBlockKind::Indented => None,
                };
                // The code arrives a line at a time; its block's length is room for all of it.
                self.state.code = Some((lang, String::with_capacity(range.len()), self.span(&range)));
            }
            Event::Start(Tag::HtmlBlock) => {
                self.flush_loose();
                self.state.html = Some((String::with_capacity(range.len()), self.span(&range)));
            }
            Event::Start(Tag::Item | Tag::List(_) | Tag::BlockQuote(_))
            | Event::End(TagEnd::Item | TagEnd::List(_) | TagEnd::BlockQuote(_)) => {
                self.flush_loose();
            }
            other => {
                if let Some(builder) = &mut self.state.inline {
                    builder.event(other);
                } else if matches!(
                    other,
                    Event::Text(_) | Event::Code(_) | Event::Start(Tag::Link { .. }) | Event::InlineHtml(_)
                ) || self.state.loose.is_some()
                {
                    let span = self.span(&range);
                    self.state.loose.get_or_insert_with(|| InlineBuilder::new(span)).event(other);
                    if let Some(loose) = &mut self.state.loose {
                        loose.span = loose.span.join(span);
                    }
                }
            }
        }
    }

    fn flush_loose(&mut self) {
        if let Some(builder) = self.state.loose.take() {
            let inline = builder.finish();
            if !inline.text.is_empty() {
                self.blocks.push(Block::Paragraph(inline));
            }
        }
    }

    fn end_heading(&mut self) {
        let Some(builder) = self.state.inline.take() else { return };
        let level = self.state.heading.take().unwrap_or(1);
        let inline = builder.finish();
        // Tab-group headings: `# [HTTP](#tab/http)` (dialect guide §10), not sections.
        let is_tab = inline.links.len() == 1 && inline.links.iter().all(|link| link.target.starts_with("#tab/"));
        if is_tab {
            return;
        }
        // An annotation never binds across a heading (dialect guide §8).
        if let Some(pending) = self.pending.take() {
            self.detach(pending);
        }
        self.blocks.push(Block::Heading(Heading { level, text: inline.text, span: inline.span }));
    }

    fn end_code(&mut self) {
        let Some((lang, text, span)) = self.state.code.take() else { return };
        let raw = self.text.get(span.start - self.base..span.end - self.base).unwrap_or_default();
        if !fence_is_closed(raw) {
            self.sink.at(
                codes::FENCE_UNCLOSED,
                span.start,
                "code fence is never closed, so everything after it is read as code; add a closing ``` line",
            );
        }
        let annotation = self.pending.take();
        self.blocks.push(Block::Code(CodeBlock { lang: lang.filter(|lang| !lang.is_empty()), text, annotation, span }));
    }

    fn end_html(&mut self) {
        let Some((html, span)) = self.state.html.take() else { return };
        let Some(inner) = html.trim_start().strip_prefix("<!--") else { return };
        let inner = match inner.rfind("-->") {
            Some(end) => inner.get(..end).unwrap_or_default(),
            None => {
                let hidden = memchr::memchr_iter(b'\n', html.as_bytes()).count();
                self.sink.at(
                    codes::COMMENT_UNCLOSED,
                    span.start,
                    format!(
                        "HTML comment `<!--` is never closed, so it hides the rest of the page ({hidden} lines); \
                         end it with `-->`"
                    ),
                );
                return;
            }
        };
        let inner = inner.trim();
        if !inner.starts_with('{') || inner.contains("#page.annotation") {
            return;
        }
        let value = match parse_lenient(inner) {
            Json::Strict(value) => value,
            Json::Lenient(value, why) => {
                self.sink.at(codes::ANNOTATION_LENIENT, span.start, format!("annotation is {why}; read leniently"));
                value
            }
            Json::Invalid(why) => {
                self.sink.at(
                    codes::ANNOTATION_INVALID,
                    span.start,
                    format!("annotation comment is not JSON ({why}); it was ignored"),
                );
                return;
            }
        };
        let annotation = Annotation { value, span };
        if annotation.block_type().is_none() {
            return;
        }
        if let Some(previous) = self.pending.replace(annotation) {
            self.detach(previous);
        }
    }

    /// Keeps an annotation that no code block follows as a block of its own.
    fn detach(&mut self, annotation: Annotation) {
        let block_type = annotation.block_type().unwrap_or_default().to_owned();
        // `ignored` marks a block on purpose; `permissions` marks today's permissions include,
        // which is a paragraph, not a code block (dialect guide §13).
        if block_type != "ignored" && block_type != "permissions" {
            self.sink.at(
                codes::ANNOTATION_DETACHED,
                annotation.span.start,
                format!("annotation with blockType \"{block_type}\" is followed by no code block before the next heading; move it right above its code block"),
            );
        }
        self.blocks.push(Block::Annotation(annotation));
    }

    /// Repairs rows (dialect guide §4): pipes inside code spans and unescaped pipes split cells,
    /// raw newlines split rows. pulldown-cmark drops cells past the header's count, so rows are
    /// re-split from their raw text when needed.
    fn finish_table(&mut self, builder: TableBuilder) -> Table {
        let n_columns = builder.header.len().max(1);
        let header_has_pipe =
            self.text.get(builder.span.start - self.base..).is_some_and(|rest| rest.trim_start().starts_with('|'));
        let mut rows: Vec<Row> = Vec::with_capacity(builder.rows.len());
        for row in builder.rows {
            let local = row.span.start - self.base..row.span.end - self.base;
            let raw = self.text.get(local.clone()).unwrap_or_default().trim_end_matches('\n');
            let split = split_cells(raw);
            let mut cells = row.cells;
            if split.cells.len() > n_columns || split.pipe_in_code {
                cells = self.rebuild_cells(raw, local.start, &split.cells, n_columns);
                let message = if split.pipe_in_code {
                    "a `|` inside a code span splits this row's cells; the pieces were joined (escape it as `\\|`)"
                        .to_owned()
                } else {
                    format!(
                        "row has {} cells where the header has {n_columns}; the extra cells were joined into the last (escape a `|` in text as `\\|`)",
                        split.cells.len()
                    )
                };
                self.sink.at(codes::TABLE_ROW_REPAIRED, row.span.start, message);
            }
            let short = split.cells.len() < n_columns;
            // A raw newline leaves a line without the leading pipe; a short row that does start
            // with one (`|**On-boarding**|`, `|unknownFutureValue|`) is a row of its own.
            let continues =
                if header_has_pipe { !split.leading_pipe } else { short && !looks_like_name(cells.first()) };
            match rows.last_mut() {
                Some(previous) if continues => {
                    self.sink.at(
                        codes::TABLE_ROW_REPAIRED,
                        row.span.start,
                        "line inside a table does not start a new row; it was joined to the row above (keep each row on one line, use `<br>` for breaks)",
                    );
                    join_into(previous, cells, row.span);
                }
                _ => {
                    cells.resize_with(n_columns, Inline::default);
                    rows.push(Row { cells, span: row.span });
                }
            }
        }
        let names = builder.header.iter().map(|cell| super::normalise_header(&cell.text)).collect();
        Table { header: builder.header, names, rows, span: builder.span }
    }

    /// Parses raw cell ranges as inline markdown, joining cells past `n_columns` into the last.
    fn rebuild_cells(&self, raw: &str, offset: usize, ranges: &[Range<usize>], n_columns: usize) -> Vec<Inline> {
        let mut cells = Vec::with_capacity(n_columns);
        for (idx, range) in ranges.iter().enumerate() {
            if idx + 1 > n_columns {
                break;
            }
            let range = if idx + 1 == n_columns {
                range.start..ranges.last().map_or(range.end, |last| last.end)
            } else {
                range.clone()
            };
            let fragment = raw.get(range.clone()).unwrap_or_default();
            let start = self.base + offset + range.start;
            cells.push(parse_inline(fragment, Span::new(start, start + fragment.len()), self.link_defs));
        }
        cells
    }
}

/// Appends text, with no-break spaces as plain spaces (dialect guide §4: `&nbsp;` padding).
fn push_text(out: &mut String, text: &str) {
    // U+00A0 is `C2 A0` in UTF-8. A byte search for A0 is cheap; `contains('\u{a0}')` searches for
    // a two-byte string, which costs more than the copy on every text event.
    if memchr::memchr(0xa0, text.as_bytes()).is_some() {
        out.push_str(&text.replace('\u{a0}', " "));
    } else {
        out.push_str(text);
    }
}

/// Appends a continuation row's text to the last cell of the row above.
fn join_into(previous: &mut Row, cells: Vec<Inline>, span: Span) {
    previous.span = previous.span.join(span);
    let Some(last) = previous.cells.iter_mut().rev().find(|cell| !cell.text.is_empty()) else { return };
    for cell in cells.into_iter().filter(|cell| !cell.text.is_empty()) {
        last.text.push(' ');
        let shift = last.text.len();
        last.text.push_str(&cell.text);
        last.links.extend(cell.links);
        last.code.extend(cell.code.into_iter().map(|range| range.start + shift..range.end + shift));
        last.span = last.span.join(cell.span);
    }
}

/// Whether a first cell starts a row of its own: one identifier-like word, or a link.
fn looks_like_name(cell: Option<&Inline>) -> bool {
    let Some(cell) = cell else { return false };
    if !cell.links.is_empty() {
        return true;
    }
    let text = cell.text.trim();
    let mut chars = text.chars();
    chars.next().is_some_and(|first| first.is_alphabetic() || matches!(first, '_' | '@' | '$'))
        && !text.contains(char::is_whitespace)
}

/// Parses a cell fragment as inline markdown with the page's link definitions.
fn parse_inline(fragment: &str, span: Span, link_defs: &BTreeMap<String, String>) -> Inline {
    let mut callback = |link: BrokenLink<'_>| {
        link_defs
            .get(&link.reference.to_lowercase())
            .map(|dest| (CowStr::from(dest.clone()), CowStr::from(String::new())))
    };
    let parser = Parser::new_with_broken_link_callback(fragment, options(), Some(&mut callback));
    let mut builder = InlineBuilder::new(span);
    for event in parser {
        builder.event(event);
    }
    builder.finish()
}

/// Cells of a raw row as ranges into it, split on pipes outside code spans and escapes.
struct SplitRow {
    cells: Vec<Range<usize>>,
    pipe_in_code: bool,
    leading_pipe: bool,
}

fn split_cells(raw: &str) -> SplitRow {
    let bytes = raw.as_bytes();
    let mut idx = 0;
    while idx < bytes.len() && bytes[idx].is_ascii_whitespace() {
        idx += 1;
    }
    let leading_pipe = bytes.get(idx) == Some(&b'|');
    if leading_pipe {
        idx += 1;
    }
    let mut cells = Vec::new();
    let mut pipe_in_code = false;
    let mut cell_start = idx;
    // Only backslashes, backticks and pipes matter; memchr jumps over everything else.
    while let Some(found) = bytes.get(idx..).and_then(|rest| memchr::memchr3(b'\\', b'`', b'|', rest)) {
        idx += found;
        match bytes[idx] {
            b'\\' => idx += 2,
            b'`' => {
                let run = bytes[idx..].iter().take_while(|&&byte| byte == b'`').count();
                match find_closing_run(bytes, idx + run, run) {
                    Some(close) => {
                        pipe_in_code |= bytes[idx + run..close].contains(&b'|');
                        idx = close + run;
                    }
                    None => idx += run,
                }
            }
            b'|' => {
                cells.push(cell_start..idx);
                idx += 1;
                cell_start = idx;
            }
            _ => idx += 1,
        }
    }
    let tail = raw.get(cell_start.min(raw.len())..).unwrap_or_default();
    if !tail.trim().is_empty() || cells.is_empty() {
        cells.push(cell_start.min(raw.len())..raw.len());
    }
    let cells = cells.into_iter().map(|range| trim_range(raw, range)).collect();
    SplitRow { cells, pipe_in_code, leading_pipe }
}

/// The start of the next run of exactly `run` backticks at or after `from`.
fn find_closing_run(bytes: &[u8], from: usize, run: usize) -> Option<usize> {
    let mut idx = from;
    while idx < bytes.len() {
        if bytes[idx] == b'`' {
            let len = bytes[idx..].iter().take_while(|&&byte| byte == b'`').count();
            if len == run {
                return Some(idx);
            }
            idx += len;
        } else {
            idx += 1;
        }
    }
    None
}

fn trim_range(raw: &str, range: Range<usize>) -> Range<usize> {
    let text = raw.get(range.clone()).unwrap_or_default();
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.end - (text.len() - text.trim_end().len());
    start..end.max(start)
}

/// Whether a fenced block's raw text ends with a closing fence.
fn fence_is_closed(raw: &str) -> bool {
    let mut lines = raw.lines();
    let Some(first) = lines.next() else { return true };
    let first = first.trim_start();
    let Some(fence_char) = first.chars().next().filter(|ch| matches!(ch, '`' | '~')) else {
        // Indented code has no fence.
        return true;
    };
    let run = first.chars().take_while(|&ch| ch == fence_char).count();
    raw.lines().skip(1).last().is_some_and(|last| {
        let last = last.trim();
        last.len() >= run && last.chars().all(|ch| ch == fence_char)
    })
}

/// A link destination as the rest of docgen reads it: a relative path written with Windows
/// separators (`..\\resources\\user.md`, dialect guide §13) gets `/`; URLs stay as written.
fn link_target(dest: &str) -> String {
    if !dest.contains('\\') || dest.contains("://") {
        dest.to_owned()
    } else {
        dest.replace('\\', "/")
    }
}

#[cfg(test)]
mod tests {
    use super::{fence_is_closed, split_cells};

    #[test]
    fn splits_rows_outside_code_spans() {
        let raw = "|x|`a|b`|d|";
        let split = split_cells(raw);
        let cells: Vec<&str> = split.cells.iter().map(|range| &raw[range.clone()]).collect();
        assert_eq!(cells, ["x", "`a|b`", "d"]);
        assert!(split.pipe_in_code && split.leading_pipe);

        let raw = "name | String | a \\| b ";
        let split = split_cells(raw);
        let cells: Vec<&str> = split.cells.iter().map(|range| &raw[range.clone()]).collect();
        assert_eq!(cells, ["name", "String", "a \\| b"]);
        assert!(!split.pipe_in_code && !split.leading_pipe);

        // An unmatched backtick is literal and does not protect the pipe.
        let raw = "|a`|b|";
        let cells: Vec<String> = split_cells(raw).cells.iter().map(|range| raw[range.clone()].to_owned()).collect();
        assert_eq!(cells, ["a`", "b"]);
    }

    #[test]
    fn tells_closed_fences() {
        assert!(fence_is_closed("```http\nGET /x\n```"));
        assert!(fence_is_closed("````\na\n`````\n"));
        assert!(!fence_is_closed("```json\n{}\n"));
        assert!(!fence_is_closed("```"));
        assert!(fence_is_closed("    indented"));
    }
}
