//! Property tests for parse + extract + link: no panic on any input, spans inside the text and
//! on char boundaries, lines that match spans, and output that does not depend on page order.

use docgen::page::{parse_page, Block, Page, Span};
use docgen::source::SourceFile;
use proptest::prelude::*;

/// Lines of the Graph dialect, broken and whole, that random pages are built from.
const LINES: &[&str] = &[
    "---",
    "--- ",
    "title: \"x: y\"",
    "title: a: b",
    "doc_type: resourcePageType",
    "doc_type: apiPageType",
    "# widget resource type",
    "# [HTTP](#tab/http)",
    "## Properties",
    "## Relationships",
    "## Methods",
    "## HTTP request",
    "## Response",
    "## Permissions",
    "## Prerequisites",
    "## Request body",
    "## Example",
    "### Request",
    "### Response",
    "### widgetState values",
    "Namespace: microsoft.graph",
    "Namespace: microsoft.graph.",
    "Inherits from [entity](entity.md).",
    "|Property|Type|Description|",
    "|:---|:---|:---|",
    "|:---|:---|",
    "|:---\t|:---|",
    "|Member|Value|Description|",
    "| Member",
    "|name|String|Possible values are: `a`, `b`. Read-only.|",
    "|items|[driveItem][] collection|Inherited from [entity](entity.md)|",
    "|code|String|`a|b` and c|",
    "|x|Collection(|",
    "|é|ü|€|",
    "continuation text",
    "|Permission type|Permissions (from least to most privileged)|",
    "|Application|A.Read, B.Write|",
    "|pending|0|Waiting.|",
    "|bad|x|",
    "<!-- {",
    "<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.w\" } -->",
    "<!-- { \"blockType\": \"request\", \"name\": \"n\" } -->",
    "<!-- { \"blockType\": \"response\", \"@odata.type\": \"Collection(microsoft.graph.w)\" } -->",
    "  \"blockType\": \"resource\",",
    "}-->",
    "-->",
    "```http",
    "``` json",
    "```",
    "````",
    "GET /widgets/{id}?$filter=a eq '{b}'",
    "POST https://graph.microsoft.com/beta/widgets",
    "DELETE/widgets/{id | name}/f(p='{q}')",
    "HTTP/1.1 200 OK",
    "Content-Type: application/json",
    "{ \"a\": [1, 2,], }",
    "If successful, this method returns a `200 OK` response code and a [widget](widget.md) collection.",
    "[driveitem]: driveitem.md",
    "> **Note:** text",
    "- item",
    "",
    "",
];

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => proptest::sample::select(LINES).prop_map(str::to_owned),
        1 => "\\PC{0,12}",
        1 => "[|`\\[\\]{}<>*#-]{0,8}",
    ]
}

fn page_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(line(), 0..40).prop_map(|lines| lines.join("\n"))
}

fn spans(page: &Page) -> Vec<Span> {
    let mut spans = Vec::new();
    if let Some(front_matter) = &page.front_matter {
        spans.push(front_matter.span);
    }
    for block in &page.blocks {
        spans.push(block.span());
        if let Block::Table(table) = block {
            spans.extend(table.header.iter().map(|cell| cell.span));
            for row in &table.rows {
                spans.push(row.span);
                spans.extend(row.cells.iter().map(|cell| cell.span));
            }
        }
        if let Block::Code(code) = block {
            spans.extend(code.annotation.as_ref().map(|annotation| annotation.span));
        }
    }
    spans
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn parsing_never_panics_and_spans_are_sound(text in page_text()) {
        let file = SourceFile::new("resources/widget.md", text.clone());
        let page = parse_page(&file);
        for span in spans(&page) {
            prop_assert!(span.start <= span.end && span.end <= text.len(), "span {span:?} outside {} bytes", text.len());
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "span {span:?} not on char boundaries");
        }
        let n_lines = u32::try_from(file.lines.line_count()).expect("few lines");
        for block in &page.blocks {
            let span = block.span();
            let line = page.line(span.start);
            let expected = u32::try_from(text[..span.start].matches('\n').count() + 1).expect("few lines");
            prop_assert_eq!(line, expected);
        }
        let fragment = docgen::extract::extract_page(&page);
        for diagnostic in &fragment.diagnostics {
            prop_assert!(diagnostic.line >= 1 && diagnostic.line <= n_lines, "{}", diagnostic.render());
        }
        // Parsing is a pure function of the text.
        prop_assert_eq!(parse_page(&file), page);
    }

    #[test]
    fn ir_does_not_depend_on_page_order(texts in proptest::collection::vec(page_text(), 1..5), seed in any::<u64>()) {
        let files: Vec<SourceFile> = texts.iter().enumerate().map(|(idx, text)| SourceFile::new(format!("resources/page{idx}.md"), text.clone())).collect();
        let mut shuffled = files.clone();
        // A cheap deterministic shuffle driven by the seed.
        let len = shuffled.len();
        for idx in 0..len {
            let other = usize::try_from((seed >> (idx % 32)) % len as u64).expect("small");
            shuffled.swap(idx, other);
        }
        let first = docgen::pipeline::build_ir(&files, &[], &|| {});
        let second = docgen::pipeline::build_ir(&shuffled, &[], &|| {});
        prop_assert_eq!(serde_json::to_string(&first).expect("json"), serde_json::to_string(&second).expect("json"));
    }
}
