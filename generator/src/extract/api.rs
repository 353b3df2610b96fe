//! API pages -> operations (dialect guide §10).
//!
//! Sections are found by heading text at any level (levels drift): HTTP request, Permissions or
//! Intune's Prerequisites, Function/Path parameters, Optional query parameters, Request headers,
//! Request body, Response (the first one before the Examples), Examples. Request and response
//! examples are code blocks annotated `request`/`response`, or, on Intune pages that carry no
//! annotations, code blocks under Request/Response headings.

use super::request_line::{parse_request_line, path_params, Line};
use super::rows::{self, row_name, Columns};
use super::type_cell::{contains_ignore_case, strip_prefix_ignore_case, strip_suffix_ignore_case};
use super::{is_http_request_heading, is_property_table, split_qualified, type_cell, Ctx};
use crate::diag::codes;
use crate::ir::{self, TypeRef};
use crate::page::include::{directive_target, Resolved};
use crate::page::{json, Block, CodeBlock, Inline, Page, Section, Table};

/// Extracts the operation of an API page.
pub(crate) fn extract_operation(ctx: &mut Ctx<'_>) -> Option<ir::Operation> {
    let page = ctx.page;
    // A copy (sections are `Copy`), so `ctx` stays free for diagnostics.
    let sections = ctx.sections.clone();
    let id = page.path.rsplit('/').next().unwrap_or(&page.path).trim_end_matches(".md").to_owned();
    let title = page
        .title
        .as_ref()
        .map(|title| title.text.clone())
        .or_else(|| page.field("title").map(str::to_owned))
        .unwrap_or_default();
    let first_example = sections
        .iter()
        .find(|section| strip_prefix_ignore_case(page.heading_text(section), "example").is_some())
        .map_or(page.blocks.len(), |section| section.heading);

    let requests = request_lines(ctx, &sections);
    if requests.is_empty() {
        let message = if sections.iter().any(|section| is_request_section(page, section)) {
            "API page has no HTTP request block with a `METHOD /path` line; add one under `## HTTP request`"
        } else {
            "API page has no `## HTTP request` section, so no request is read from it; add the section with a `METHOD /path` block"
        };
        ctx.diag(codes::API_NO_REQUEST, 0, message);
    }
    let mut paths: Vec<String> = Vec::new();
    let mut path_param_names: Vec<String> = Vec::new();
    let mut function_param_names: Vec<String> = Vec::new();
    for request in &requests {
        if !paths.contains(&request.path) {
            paths.push(request.path.clone());
        }
        let params = path_params(&request.path);
        for name in params.path {
            if !path_param_names.contains(&name) {
                path_param_names.push(name);
            }
        }
        for name in params.function {
            if !function_param_names.contains(&name) {
                function_param_names.push(name);
            }
        }
    }
    let method = requests.first().map(|request| request.method.clone()).unwrap_or_default();

    let mut function_params =
        parameter_tables(ctx, &sections, &["function parameters", "parameters", "path parameters"], first_example);
    for name in function_param_names {
        if !function_params.iter().any(|param| param.name.eq_ignore_ascii_case(&name)) {
            function_params.push(ir::Parameter {
                name,
                type_: None,
                collection: false,
                required: None,
                description: String::new(),
                source: ir::Source {
                    file: page.path.clone(),
                    line: requests.first().map_or(1, |request| request.source.line),
                },
            });
        }
    }
    // Path-parameter tables describe path placeholders, not function arguments.
    function_params.retain(|param| !path_param_names.iter().any(|name| name.eq_ignore_ascii_case(&param.name)));

    let operation = ir::Operation {
        id,
        title,
        method,
        paths,
        path_params: path_param_names,
        requests,
        function_params,
        query_params: query_params(ctx, &sections, first_example),
        request_headers: request_headers(ctx, &sections, first_example),
        request_body: request_body(ctx, &sections, first_example),
        response: ir::Response::default(),
        permissions: permissions(ctx, &sections),
        examples: examples(ctx, first_example),
        source: ir::Source {
            file: page.path.clone(),
            line: page.title.as_ref().map_or(1, |title| page.line(title.span.start)),
        },
    };
    let response = response(ctx, &sections, first_example, &operation.examples);
    Some(ir::Operation { response, ..operation })
}

/// Sections whose heading matches (`matches` compares ASCII case-insensitively), before the
/// examples.
fn sections_named<'s>(
    page: &Page,
    sections: &'s [Section],
    first_example: usize,
    matches: impl Fn(&str) -> bool,
) -> impl Iterator<Item = &'s Section> {
    let names: Vec<bool> = sections.iter().map(|section| matches(page.heading_text(section))).collect();
    sections
        .iter()
        .zip(names)
        .filter(move |(section, matched)| *matched && section.heading < first_example)
        .map(|(section, _)| section)
}

fn blocks<'p>(page: &'p Page, section: &Section) -> &'p [Block] {
    page.blocks.get(section.start..section.end).unwrap_or_default()
}

fn tables<'p>(page: &'p Page, section: &Section) -> impl Iterator<Item = &'p Table> {
    blocks(page, section).iter().filter_map(|block| match block {
        Block::Table(table) => Some(table),
        _ => None,
    })
}

fn paragraphs<'p>(page: &'p Page, section: &Section) -> impl Iterator<Item = &'p Inline> {
    page.blocks.get(section.start..section.own_end).unwrap_or_default().iter().filter_map(|block| match block {
        Block::Paragraph(inline) => Some(inline),
        _ => None,
    })
}

/// `## HTTP request` (and its variants), or a level-2 `## Request`.
fn is_request_section(page: &Page, section: &Section) -> bool {
    let text = page.heading_text(section);
    is_http_request_heading(text) || (section.level == 2 && text.eq_ignore_ascii_case("request"))
}

/// Every request line of every code block under an HTTP request heading.
fn request_lines(ctx: &mut Ctx<'_>, sections: &[Section]) -> Vec<ir::RequestLine> {
    let page = ctx.page;
    let mut lines = Vec::new();
    for section in sections.iter().filter(|section| is_request_section(page, section)) {
        for block in blocks(page, section) {
            let Block::Code(code) = block else { continue };
            // The first line of the code sits on the line after the fence.
            let first_line = page.line(code.span.start) + 1;
            for (nth, line) in code.text.lines().enumerate() {
                let line_no = first_line + u32::try_from(nth).unwrap_or(0);
                let offset = page.lines.line_start(line_no).unwrap_or(code.span.start);
                match parse_request_line(line) {
                    Line::Request(parsed) => {
                        if !parsed.repairs.is_empty() {
                            ctx.diag(
                                codes::API_REQUEST_LINE_REPAIRED,
                                offset,
                                format!(
                                    "request line \"{}\" has {}; read as `{} {}`",
                                    line.trim(),
                                    parsed.repairs.join(", "),
                                    parsed.method,
                                    parsed.path
                                ),
                            );
                        }
                        lines.push(ir::RequestLine {
                            method: parsed.method,
                            path: parsed.path,
                            query: parsed.query,
                            source: ir::Source { file: page.path.clone(), line: line_no },
                        });
                    }
                    Line::Bad(why) => ctx.diag(codes::API_BAD_REQUEST_LINE, offset, why),
                    Line::Other if !line.trim_start().starts_with(['{', '}', '[', ']', '"']) => {
                        ctx.diag(
                            codes::API_BAD_REQUEST_LINE,
                            offset,
                            format!("line \"{}\" in the HTTP request block is not `METHOD /path`", line.trim()),
                        );
                    }
                    Line::Other | Line::Skip => {}
                }
            }
        }
    }
    lines
}

/// Rows of the parameter tables under the named headings.
fn parameter_tables(
    ctx: &mut Ctx<'_>,
    sections: &[Section],
    headings: &[&str],
    first_example: usize,
) -> Vec<ir::Parameter> {
    let page = ctx.page;
    let mut params: Vec<ir::Parameter> = Vec::new();
    for section in sections_named(page, sections, first_example, |text| {
        headings.iter().any(|heading| text.eq_ignore_ascii_case(heading))
    }) {
        for table in tables(page, section) {
            if !is_property_table(table) {
                continue;
            }
            for property in rows::property_rows(ctx, table, "parameter") {
                if params.iter().any(|param| param.name == property.name) {
                    continue;
                }
                params.push(ir::Parameter {
                    name: property.name,
                    type_: Some(property.type_),
                    collection: property.collection,
                    required: property.required,
                    description: property.description,
                    source: property.source,
                });
            }
        }
    }
    params
}

/// Query parameters: table rows, and `$name` code spans in the section's prose.
fn query_params(ctx: &mut Ctx<'_>, sections: &[Section], first_example: usize) -> Vec<ir::Parameter> {
    let page = ctx.page;
    let mut params: Vec<ir::Parameter> = Vec::new();
    let matching = |text: &str| contains_ignore_case(text, "query parameters");
    for section in sections_named(page, sections, first_example, matching) {
        for table in tables(page, section) {
            let Some(columns) = Columns::of(table) else { continue };
            for row in &table.rows {
                let Some(name) = row_name(ctx, row, columns.name, "query parameter") else { continue };
                if params.iter().any(|param| param.name.eq_ignore_ascii_case(&name)) {
                    continue;
                }
                let (type_, collection) = match columns.type_.and_then(|idx| row.cell(idx)) {
                    Some(cell) => {
                        let (type_, collection) = ctx.type_cell(cell, format_args!("query parameter \"{name}\""));
                        (Some(type_), collection)
                    }
                    None => (None, false),
                };
                let description =
                    columns.description.and_then(|idx| row.cell(idx)).map(|cell| cell.text.clone()).unwrap_or_default();
                params.push(ir::Parameter {
                    name,
                    type_,
                    collection,
                    required: rows::Flags::of(&description).required,
                    description,
                    source: ctx.source(row.span),
                });
            }
        }
        for inline in paragraphs(page, section) {
            for code in inline.code_texts() {
                let is_option =
                    code.starts_with('$') && code.len() > 1 && code[1..].chars().all(|ch| ch.is_ascii_alphabetic());
                if is_option && !params.iter().any(|param| param.name.eq_ignore_ascii_case(code)) {
                    params.push(ir::Parameter {
                        name: code.to_owned(),
                        type_: None,
                        collection: false,
                        required: Some(false),
                        description: String::new(),
                        source: ctx.source(inline.span),
                    });
                }
            }
        }
    }
    params
}

fn request_headers(ctx: &mut Ctx<'_>, sections: &[Section], first_example: usize) -> Vec<ir::Header> {
    let page = ctx.page;
    let mut headers: Vec<ir::Header> = Vec::new();
    for section in sections_named(page, sections, first_example, |text| {
        strip_suffix_ignore_case(text, "request headers").is_some()
    }) {
        for table in tables(page, section) {
            let Some(name_column) = table.column(&["header", "name", "request header"]) else { continue };
            let value_column = table.column(&["value", "description"]);
            for row in &table.rows {
                let Some(cell) = row.cell(name_column) else { continue };
                // `Prefer: outlook.timezone` puts the value in the name cell (dialect guide §10).
                let name =
                    cell.text.split(':').next().unwrap_or_default().trim().trim_matches(['*', '_', '`']).to_owned();
                if name.is_empty() || headers.iter().any(|header| header.name.eq_ignore_ascii_case(&name)) {
                    continue;
                }
                let description =
                    value_column.and_then(|idx| row.cell(idx)).map(|cell| cell.text.clone()).unwrap_or_default();
                let lower = description.to_ascii_lowercase();
                let required =
                    lower.contains("required") && !lower.contains("not required") && !lower.contains("optional");
                headers.push(ir::Header { name, description, required });
            }
        }
    }
    headers
}

fn request_body(ctx: &mut Ctx<'_>, sections: &[Section], first_example: usize) -> Option<ir::RequestBody> {
    let page = ctx.page;
    let section =
        sections_named(page, sections, first_example, |text| text.eq_ignore_ascii_case("request body")).next()?;
    let mut properties: Vec<ir::Property> = Vec::new();
    for table in tables(page, section) {
        let rows = if is_property_table(table) {
            rows::property_rows(ctx, table, "request body property")
        } else if let Some(columns) = value_headed_columns(table) {
            // `| Name | Value | Description |` on the drive pages: the Value column holds types.
            ctx.diag(
                codes::API_MISHEADED_TABLE,
                table.span.start,
                "the Request body table heads its type column `Value`; it is read as the type (head it `| Parameter | Type | Description |`)",
            );
            rows::property_rows_in(ctx, table, &columns, "request body property")
        } else {
            continue;
        };
        for property in rows {
            if !properties.iter().any(|known| known.name == property.name) {
                properties.push(property);
            }
        }
    }
    // "In the request body, supply a JSON representation of the [x](x.md) object." Intune pages
    // write "representation for the [x]".
    let type_ = paragraphs(page, section).find_map(|inline| {
        let lower = inline.text.to_ascii_lowercase();
        let at = lower.find("representation of").or_else(|| lower.find("representation for"))?;
        let rest = inline.text.get(at..).unwrap_or_default();
        let link = inline.links.iter().find(|link| rest.contains(&link.text) && !link.text.is_empty())?;
        ctx.link_type_ref(link, inline.span).map(|(type_ref, _)| type_ref)
    });
    if type_.is_none() && properties.is_empty() {
        return None;
    }
    Some(ir::RequestBody { type_, properties })
}

/// The columns of a `| Name | Value | Description |` table: name, Value as the type, description.
fn value_headed_columns(table: &Table) -> Option<Columns> {
    let name = table.column(super::NAME_COLUMNS)?;
    let type_ = table.column(&["value"])?;
    let description = table.column(&["description"])?;
    (table.column(&["type"]).is_none()).then_some(Columns { name, type_: Some(type_), description: Some(description) })
}

/// The documented success response: status and type from the Response prose, the type from the
/// first response example's annotation when it names one.
fn response(ctx: &mut Ctx<'_>, sections: &[Section], first_example: usize, examples: &[ir::Example]) -> ir::Response {
    let page = ctx.page;
    let mut response = ir::Response::default();
    let example_status = examples.iter().find_map(|example| example.response.as_ref()?.status);
    let section = sections_named(page, sections, first_example, |text| {
        text.eq_ignore_ascii_case("response") || text.eq_ignore_ascii_case("responses")
    })
    .next();
    // Sections also name error statuses ("a `507 Insufficient Storage` response"): the first
    // 2xx wins, then the first example's, then the first named.
    let named: Vec<u16> =
        section.into_iter().flat_map(|section| paragraphs(page, section)).flat_map(statuses_in).collect();
    response.status = named
        .iter()
        .copied()
        .find(|status| (200..300).contains(status))
        .or(example_status.filter(|status| (200..300).contains(status)))
        .or(named.first().copied())
        .or(example_status);
    for inline in section.into_iter().flat_map(|section| paragraphs(page, section)) {
        if response.type_.is_none() {
            if let Some(link) = inline
                .links
                .iter()
                .find(|link| is_type_link(&link.target) && type_cell::parse_type_name(&link.text).is_some())
            {
                if let Some(parsed) = type_cell::parse_type_name(&link.text) {
                    let lower = inline.text.to_ascii_lowercase();
                    let link_lower = link.text.to_ascii_lowercase();
                    response.collection = parsed.collection
                        || lower.contains(&format!("{link_lower} collection"))
                        || lower.contains(&format!("{link_lower} objects"))
                        || lower.contains(&format!("collection of {link_lower}"));
                    response.type_ = ctx.link_type_ref(link, inline.span).map(|(type_ref, _)| type_ref);
                }
            }
        }
    }
    if let (Some(section), true) = (section, named.is_empty()) {
        let at = page.blocks.get(section.heading).map_or(0, |block| block.span().start);
        ctx.diag(codes::API_NO_STATUS, at, "Response section names no status code; write it as `200 OK`");
    }
    // The response example's annotation is precise: `"@odata.type": "microsoft.graph.x"`.
    let annotated = examples.iter().filter_map(|example| example.response.as_ref()).find_map(|message| {
        let annotation = message.annotation.as_ref()?;
        let written = crate::page::odata_type(annotation)?.trim();
        let is_collection_flag = match annotation.get("isCollection") {
            Some(serde_json::Value::Bool(flag)) => *flag,
            Some(serde_json::Value::String(text)) => text.trim() == "true",
            _ => false,
        };
        let (inner, wrapped) =
            match type_cell::strip_prefix_ignore_case(written, "collection(").and_then(|rest| rest.strip_suffix(')')) {
                Some(inner) => (inner, true),
                None => (written, false),
            };
        // `"@odata.type": "microsoft.graph.None"` (or `none`) annotates a response with no body.
        let simple = inner.rsplit('.').next().unwrap_or(inner);
        if simple.eq_ignore_ascii_case("none") {
            return None;
        }
        Some((inner.to_owned(), wrapped || is_collection_flag, message.source.line))
    });
    if let Some((written, collection, line)) = annotated {
        let offset = page.lines.line_start(line).unwrap_or(0);
        let span = crate::page::Span::new(offset, offset);
        let type_ = match type_cell::primitive(&written) {
            Some(primitive) => Some(TypeRef::resolved(primitive)),
            None => split_qualified(&written)
                .map(|(namespace, name)| ctx.named_ref(&format!("{namespace}.{name}"), None, span))
                .or_else(|| Some(ctx.named_ref(&written, None, span))),
        };
        if type_.is_some() && response.status != Some(204) {
            let simple = |name: &str| name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
            let mut prose_collection = false;
            if let (Some(stated), Some(annotated)) = (&response.type_, &type_) {
                if simple(&stated.name) != simple(&annotated.name) {
                    response.stated_type = Some(stated.clone());
                } else {
                    // An annotation without `isCollection` and prose saying "collection of": the
                    // example's body settles it (`{"value": [...]}` is a page of items).
                    prose_collection = response.collection && examples_list_values(examples);
                }
            }
            response.type_ = type_;
            response.collection = collection || prose_collection;
        }
    }
    if response.status == Some(204) {
        response.type_ = None;
        response.stated_type = None;
        response.collection = false;
    }
    response
}

/// Whether the first example response with a body answers with a page: `{"value": [...]}`.
fn examples_list_values(examples: &[ir::Example]) -> bool {
    examples
        .iter()
        .filter_map(|example| example.response.as_ref()?.body.as_ref())
        .next()
        .is_some_and(|body| body.get("value").is_some_and(serde_json::Value::is_array))
}

/// A link to a type page rather than to a concept page.
fn is_type_link(target: &str) -> bool {
    let lower = target.to_ascii_lowercase();
    (lower.contains("resources/") || (!lower.contains('/') && lower.ends_with(".md")))
        && !lower.contains("errors")
        && !lower.contains("concepts")
}

/// Status codes a paragraph names: those in backticks (`` `200 OK` ``), else every `NNN Word`.
fn statuses_in(inline: &Inline) -> Vec<u16> {
    let from_code: Vec<u16> = inline.code_texts().filter_map(leading_status).collect();
    if !from_code.is_empty() {
        return from_code;
    }
    let words: Vec<&str> = inline.text.split_whitespace().collect();
    words
        .windows(2)
        .filter_map(|pair| {
            let status = leading_status(pair[0])?;
            pair[1].chars().next().is_some_and(char::is_alphabetic).then_some(status)
        })
        .collect()
}

fn leading_status(text: &str) -> Option<u16> {
    let digits: String = text.trim().chars().take_while(char::is_ascii_digit).collect();
    let status: u16 = digits.parse().ok()?;
    (digits.len() == 3 && (100..600).contains(&status)).then_some(status)
}

fn permissions(ctx: &mut Ctx<'_>, sections: &[Section]) -> ir::Permissions {
    let page = ctx.page;
    let mut permissions = ir::Permissions::default();
    let mut found = false;
    // A named include that cannot be read has its own diagnostic; no second one for the table.
    let mut named_include = false;
    let matching = sections.iter().filter(|section| {
        let text = page.heading_text(section);
        strip_prefix_ignore_case(text, "permissions").is_some() || text.eq_ignore_ascii_case("prerequisites")
    });
    for section in matching {
        for table in tables(page, section) {
            found |= permission_table(ctx, table, None, &mut permissions);
        }
        // Today's pages name an include file that holds the table (dialect guide §13); other
        // includes here are notes (`limited-info.md`), prose only.
        for paragraph in paragraphs(page, section) {
            let Some(target) = directive_target(paragraph) else { continue };
            if !paragraph.text.to_ascii_lowercase().contains("permission")
                && !target.to_ascii_lowercase().contains("permission")
            {
                continue;
            }
            named_include = true;
            let at = paragraph.span.start;
            let mut chain = vec![page.path.to_string()];
            match included_permissions(ctx, &target, at, &mut chain, &mut permissions) {
                Some(true) => found = true,
                Some(false) => ctx.diag(
                    codes::API_NO_PERMISSIONS,
                    at,
                    format!("the permissions include \"{target}\" holds no `|Permission type|Permissions|` table"),
                ),
                None => {}
            }
        }
    }
    if !found && !named_include {
        ctx.diag(
            codes::API_NO_PERMISSIONS,
            0,
            "API page has no `|Permission type|Permissions|` table under `## Permissions`",
        );
    }
    permissions
}

/// Reads a permissions table, in either layout; `false` when it is not one. Diagnostics about
/// its rows go to `at` when the table is another file's (an include).
fn permission_table(ctx: &mut Ctx<'_>, table: &Table, at: Option<usize>, permissions: &mut ir::Permissions) -> bool {
    if let Some(label_column) = table.column(&["permission type"]) {
        permission_rows(ctx, table, label_column, at, permissions);
        true
    } else {
        permission_matrix(table, permissions)
    }
}

/// Reads the permissions tables of the include file `target` names (and of the files it includes
/// in turn), seen from the last file of `chain`: whether it held one. A file that is missing or
/// includes itself is reported at the page's directive, `at`, and gives `None`.
fn included_permissions(
    ctx: &mut Ctx<'_>,
    target: &str,
    at: usize,
    chain: &mut Vec<String>,
    permissions: &mut ir::Permissions,
) -> Option<bool> {
    let from = chain.last().cloned().unwrap_or_default();
    let include = match ctx.includes.resolve(&from, target) {
        Resolved::Found(include) => include,
        Resolved::Missing => {
            let message = format!(
                "the permissions include \"{target}\" is not in the docs root, so this page's permissions are unknown; add the file or fix the path"
            );
            ctx.diag(codes::INCLUDE_MISSING, at, message);
            return None;
        }
        Resolved::Outside => {
            let message = format!(
                "the permissions include \"{target}\" lies outside the docs root, so this page's permissions are unknown; read a root that holds it"
            );
            ctx.diag(codes::INCLUDE_MISSING, at, message);
            return None;
        }
    };
    let path = include.path.to_string();
    if chain.contains(&path) {
        let message =
            format!("the include \"{path}\" includes itself (through {}); it was read once", chain.join(" -> "));
        ctx.diag(codes::INCLUDE_CYCLE, at, message);
        return None;
    }
    chain.push(path);
    let mut found = false;
    for block in &include.blocks {
        match block {
            Block::Table(table) => found |= permission_table(ctx, table, Some(at), permissions),
            Block::Paragraph(paragraph) => {
                if let Some(nested) = directive_target(paragraph) {
                    found |= included_permissions(ctx, &nested, at, chain, permissions) == Some(true);
                }
            }
            _ => {}
        }
    }
    chain.pop();
    Some(found)
}

/// Which list a permission-type label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PermissionKind {
    DelegatedWork,
    DelegatedPersonal,
    Application,
}

fn permission_kind(label: &str) -> Option<PermissionKind> {
    let lower = label.to_ascii_lowercase();
    if lower.contains("delegated") && lower.contains("work") {
        Some(PermissionKind::DelegatedWork)
    } else if lower.contains("delegated") && lower.contains("personal") {
        Some(PermissionKind::DelegatedPersonal)
    } else if lower.starts_with("application") {
        Some(PermissionKind::Application)
    } else {
        None
    }
}

fn permission_list(permissions: &mut ir::Permissions, kind: PermissionKind) -> &mut Vec<String> {
    match kind {
        PermissionKind::DelegatedWork => &mut permissions.delegated_work,
        PermissionKind::DelegatedPersonal => &mut permissions.delegated_personal,
        PermissionKind::Application => &mut permissions.application,
    }
}

fn add_permissions(list: &mut Vec<String>, text: &str) {
    for name in permission_names(text) {
        if !list.iter().any(|listed| listed == name) {
            list.push(name.to_owned());
        }
    }
}

/// `|Permission type|Permissions|` rows. Intune pages put scenario rows under a label row with an
/// empty cell (`| &nbsp; **Policy Set** | DeviceManagementApps.ReadWrite.All|`); those belong to
/// the label above.
///
/// Today's tables have two permission columns, least and higher privileged; the first's names are
/// also kept in `least_privileged`.
fn permission_rows(
    ctx: &mut Ctx<'_>,
    table: &Table,
    label_column: usize,
    at: Option<usize>,
    permissions: &mut ir::Permissions,
) {
    let header = |idx: usize| table.header.get(idx).map(|cell| cell.text.to_ascii_lowercase()).unwrap_or_default();
    let mut value_columns: Vec<usize> =
        (0..table.header.len()).filter(|&idx| idx != label_column && header(idx).contains("permission")).collect();
    if value_columns.is_empty() {
        value_columns.push(if label_column == 0 { 1 } else { 0 });
    }
    let has_higher = value_columns.iter().any(|&idx| header(idx).contains("higher privileged"));
    let least_column =
        value_columns.iter().copied().find(|&idx| has_higher && header(idx).contains("least privileged"));
    let mut open_label: Option<PermissionKind> = None;
    for row in &table.rows {
        let Some(label) = row.cell(label_column) else { continue };
        let values: Vec<&Inline> = value_columns.iter().filter_map(|&idx| row.cell(idx)).collect();
        let kind = match (permission_kind(&label.text), open_label) {
            (Some(kind), _) => {
                open_label = values.iter().all(|cell| cell.text.trim().is_empty()).then_some(kind);
                kind
            }
            (None, Some(kind)) => kind,
            (None, None) => {
                ctx.diag(
                    codes::API_PERMISSION_LABEL,
                    at.unwrap_or(label.span.start),
                    format!("permissions row is labelled \"{}\"; expected `Delegated (work or school account)`, `Delegated (personal Microsoft account)` or `Application`", label.text),
                );
                continue;
            }
        };
        for cell in &values {
            add_permissions(permission_list(permissions, kind), &cell.text);
        }
        if let Some(cell) = least_column.and_then(|idx| row.cell(idx)) {
            add_permissions(&mut permissions.least_privileged, &cell.text);
        }
    }
}

/// Per-resource matrices: `|Supported resource|Delegated (work or school account)|...|Application|`.
fn permission_matrix(table: &Table, permissions: &mut ir::Permissions) -> bool {
    let columns: Vec<(usize, PermissionKind)> =
        table.header.iter().enumerate().filter_map(|(idx, cell)| Some((idx, permission_kind(&cell.text)?))).collect();
    if columns.is_empty() {
        return false;
    }
    for row in &table.rows {
        for &(idx, kind) in &columns {
            if let Some(cell) = row.cell(idx) {
                add_permissions(permission_list(permissions, kind), &cell.text);
            }
        }
    }
    true
}

/// `User.Read, User.ReadWrite.All` -> names; "Not supported." and prose are dropped.
fn permission_names(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', ';'])
        .flat_map(|part| part.split(" or "))
        .map(|part| part.trim().trim_end_matches('.').trim())
        .filter(|part| {
            !part.is_empty()
                && part.contains('.')
                && part.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '_' || ch == '-')
        })
}

/// Request/response pairs. Annotated blocks count anywhere on the page (scenario pages such as
/// `drive-get.md` put them under their own H2s); unannotated ones (Intune, dynamics) only after
/// the first Examples heading, their role told by their first line or by the nearest
/// `Request`/`Response` heading or bold label.
fn examples(ctx: &mut Ctx<'_>, first_example: usize) -> Vec<ir::Example> {
    let page = ctx.page;
    let mut examples: Vec<ir::Example> = Vec::new();
    let mut label = String::new();
    for (idx, block) in page.blocks.iter().enumerate() {
        let code = match block {
            Block::Heading(heading) => {
                label = heading.text.to_ascii_lowercase();
                continue;
            }
            Block::Paragraph(inline) => {
                let text = inline.text.trim().trim_matches('*').to_ascii_lowercase();
                if text.starts_with("request") || text.starts_with("response") {
                    label = text;
                }
                continue;
            }
            Block::Code(code) => code,
            _ => continue,
        };
        let block_type = code.annotation.as_ref().and_then(|annotation| annotation.block_type());
        let first_line = code.text.lines().find(|line| !line.trim().is_empty()).unwrap_or_default().trim();
        let (is_request, is_response) = match block_type {
            Some("request") => (true, false),
            Some("response") => (false, true),
            Some(_) => (false, false),
            None if idx < first_example => (false, false),
            None if first_line.starts_with("HTTP/") => (false, true),
            None if matches!(parse_request_line(first_line), Line::Request(_)) && !label.starts_with("response") => {
                (true, false)
            }
            None => (false, label.starts_with("response")),
        };
        if !is_request && !is_response {
            continue;
        }
        let name = code.annotation.as_ref().and_then(|annotation| annotation.str_field("name")).map(str::to_owned);
        let message = http_message(ctx, code, is_request);
        match examples.last_mut() {
            Some(example) if is_response && example.response.is_none() => example.response = Some(message),
            _ if is_request => examples.push(ir::Example { name, request: Some(message), response: None }),
            _ => examples.push(ir::Example { name, request: None, response: Some(message) }),
        }
    }
    examples
}

/// Reads an example block: a request line or status line, headers, a blank line, a body.
fn http_message(ctx: &mut Ctx<'_>, code: &CodeBlock, is_request: bool) -> ir::HttpMessage {
    let mut message = ir::HttpMessage {
        annotation: code.annotation.as_ref().map(|annotation| annotation.value.clone()),
        method: None,
        url: None,
        status: None,
        headers: Vec::new(),
        body: None,
        source: ctx.source(code.span),
    };
    let text = code.text.as_str();
    let mut rest = text;
    let mut lines = text.split_inclusive('\n');
    let mut consumed = 0;
    let first = lines.by_ref().find(|line| {
        consumed += line.len();
        !line.trim().is_empty()
    });
    let starts_with_json = text.trim_start().starts_with(['{', '[']);
    if let Some(first) = first.filter(|_| !starts_with_json) {
        let first = first.trim();
        if is_request {
            let mut parts = first.splitn(2, char::is_whitespace);
            message.method = parts.next().map(str::to_ascii_uppercase);
            let mut url = parts.next().map(|url| url.trim().trim_end_matches("HTTP/1.1").trim().to_owned());
            // A function's arguments written over several lines (`getRoleScopeTagsByIds(ids=[`).
            while let Some(open) = url.as_mut().filter(|url| url.matches('(').count() > url.matches(')').count()) {
                let Some(line) = lines.next() else { break };
                consumed += line.len();
                open.push_str(line.trim());
            }
            message.url = url;
        } else if let Some(status) = first.strip_prefix("HTTP/").and_then(|rest| rest.split_whitespace().nth(1)) {
            message.status = leading_status(status);
        }
        for line in lines {
            if line.trim().is_empty() {
                consumed += line.len();
                break;
            }
            match line.split_once(':') {
                Some((name, value)) if !name.contains(['{', '"', ' ']) => {
                    message.headers.push((name.trim().to_owned(), value.trim().to_owned()))
                }
                _ => break,
            }
            consumed += line.len();
        }
        rest = text.get(consumed.min(text.len())..).unwrap_or_default();
    }
    let body = rest.trim();
    if body.starts_with(['{', '[']) {
        match json::parse_lenient(body) {
            json::Json::Strict(value) | json::Json::Lenient(value, _) => message.body = Some(value),
            json::Json::Invalid(why) => ctx.diag(
                codes::API_EXAMPLE_JSON,
                code.span.start,
                format!(
                    "example {} body is not JSON ({why}); fix it so the example can be checked",
                    if is_request { "request" } else { "response" }
                ),
            ),
        }
    }
    message
}
