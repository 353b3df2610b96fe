//! Extract stage: `Page` -> IR fragments (types, enums, operations) + diagnostics.
//!
//! The page kind is decided by content, in the order of dialect guide §2: PlatyPS cmdlet page, API
//! page (an `HTTP request` heading), resource page (a resource annotation or a property table),
//! enum page (a Member table), other. `doc_type` is only a hint. Type names in fragments are not
//! resolved yet: each `TypeRef` carries what the docs wrote for the link stage.

mod api;
mod cmdlet;
mod enums;
mod inline_enum;
mod phrases;
pub mod request_line;
mod resource;
mod rows;
pub mod type_cell;

use serde::Serialize;

pub use inline_enum::inline_enum;

use crate::diag::{codes, Diagnostic};
use crate::ir::{self, Source, TypeRef, Unresolved};
use crate::page::include::Includes;
use crate::page::{Block, Inline, Page, Section, Span, Table};
use type_cell::{CellName, CellType};

/// What kind of page a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// Defines entity or complex types.
    Resource,
    /// Defines enums only.
    Enum,
    /// Documents an operation.
    Api,
    /// A PowerShell cmdlet page.
    Cmdlet,
    /// Anything else.
    Other,
}

/// The IR facts of one page, names unresolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    /// Page path relative to the root.
    pub path: String,
    /// What the page is.
    pub kind: PageKind,
    /// Types the page defines.
    pub types: Vec<ir::Type>,
    /// Enums the page defines.
    pub enums: Vec<ir::Enum>,
    /// The operation the page documents.
    pub operations: Vec<ir::Operation>,
    /// The cmdlet a PlatyPS page documents.
    pub cmdlets: Vec<ir::Cmdlet>,
    /// Problems found (the page's parse diagnostics included).
    pub diagnostics: Vec<Diagnostic>,
}

impl Fragment {
    /// A page of kind [`PageKind::Other`] with no facts and no diagnostics.
    pub fn empty(path: &str) -> Fragment {
        Fragment {
            path: path.to_owned(),
            kind: PageKind::Other,
            types: Vec::new(),
            enums: Vec::new(),
            operations: Vec::new(),
            cmdlets: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

/// Extracts the IR facts of one page that includes no files.
pub fn extract_page(page: &Page) -> Fragment {
    extract_page_with(page, &Includes::default())
}

/// Extracts the IR facts of one page, reading the include files it names from `includes`.
pub fn extract_page_with(page: &Page, includes: &Includes) -> Fragment {
    let mut ctx = Ctx::new(page, includes);
    let kind = classify_sections(page, &ctx.sections);
    let mut fragment = Fragment { kind, ..Fragment::empty(&page.path) };
    match kind {
        PageKind::Api => fragment.operations = api::extract_operation(&mut ctx).into_iter().collect(),
        PageKind::Resource => {
            fragment.types = resource::extract_types(&mut ctx);
            fragment.enums = enums::extract_enums(&mut ctx);
        }
        PageKind::Enum => fragment.enums = enums::extract_enums(&mut ctx),
        PageKind::Cmdlet => fragment.cmdlets = cmdlet::extract_cmdlet(&mut ctx).into_iter().collect(),
        PageKind::Other => {}
    }
    // A resource page whose type could not be named still counts by what it defines.
    if fragment.kind == PageKind::Resource && fragment.types.is_empty() && !fragment.enums.is_empty() {
        fragment.kind = PageKind::Enum;
    }
    fragment.diagnostics = page.diagnostics.iter().cloned().chain(ctx.diagnostics).collect();
    fragment
}

/// Decides the page kind by content (dialect guide §2).
pub fn classify(page: &Page) -> PageKind {
    classify_sections(page, &page.sections())
}

fn classify_sections(page: &Page, sections: &[Section]) -> PageKind {
    if page.cmdlet.is_some() {
        return PageKind::Cmdlet;
    }
    let headings = || {
        page.blocks.iter().filter_map(|block| match block {
            Block::Heading(heading) => Some(heading),
            _ => None,
        })
    };
    if headings().any(|heading| heading.level >= 2 && is_http_request_heading(&heading.text)) {
        return PageKind::Api;
    }
    // An API page that lost its `## HTTP request` heading still has an API page's sections; it
    // is read as one (and `api.no-request` says what is missing) rather than dropped unseen.
    let is_api_hint = page.field("doc_type").is_some_and(|doc_type| doc_type.trim() == "apiPageType");
    let api_section = |text: &str| {
        ["request", "permissions", "request headers", "request body", "response"]
            .iter()
            .any(|name| text.trim().eq_ignore_ascii_case(name))
    };
    if is_api_hint && headings().any(|heading| heading.level == 2 && api_section(&heading.text)) {
        return PageKind::Api;
    }
    let has_resource_annotation = page.blocks.iter().any(|block| match block {
        Block::Code(code) => {
            code.annotation.as_ref().is_some_and(|annotation| annotation.block_type() == Some("resource"))
        }
        Block::Annotation(annotation) => annotation.block_type() == Some("resource"),
        _ => false,
    });
    // `# rbacApplication resource type` with only Methods or Relationships still defines a type.
    let titled_resource = page.title.as_ref().is_some_and(|title| {
        type_cell::strip_suffix_ignore_case(title.text.trim(), " resource type")
            .is_some_and(|name| rows::is_type_name(name.trim()))
    });
    // A property table counts under a Properties heading (`### Properties` on dynamics pages),
    // not in an overview's `|Name|Type|Use case|` table.
    let property_table_under_properties = sections.iter().any(|section| {
        type_cell::contains_ignore_case(page.heading_text(section), "properties")
            && page
                .blocks
                .get(section.start..section.end)
                .unwrap_or_default()
                .iter()
                .any(|block| matches!(block, Block::Table(table) if is_property_table(table)))
    });
    if has_resource_annotation || titled_resource || property_table_under_properties {
        return PageKind::Resource;
    }
    if page.blocks.iter().any(|block| matches!(block, Block::Table(table) if table.column(&["member"]) == Some(0))) {
        return PageKind::Enum;
    }
    PageKind::Other
}

/// `HTTP request`, `HTTP Requests`, `HTTP request (to upload a new file)`.
fn is_http_request_heading(text: &str) -> bool {
    type_cell::strip_prefix_ignore_case(text, "http request")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('s') || rest.starts_with([' ', '(']))
}

/// Name columns of property-like tables.
pub(crate) const NAME_COLUMNS: &[&str] =
    &["property", "property name", "name", "parameter", "parameter name", "relationship", "relationship name"];

/// A table with a name column and a Type column.
pub(crate) fn is_property_table(table: &Table) -> bool {
    table.column(NAME_COLUMNS).is_some() && table.column(&["type"]).is_some() && table.column(&["member"]).is_none()
}

/// What every extractor needs: the page, its namespace and a diagnostics list.
pub(crate) struct Ctx<'p> {
    pub(crate) page: &'p Page,
    /// The include files of the docs root.
    pub(crate) includes: &'p Includes,
    /// The page's sections, computed once.
    pub(crate) sections: Vec<Section>,
    /// The namespace of the page's definitions when nothing more precise says otherwise.
    pub(crate) namespace: String,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'p> Ctx<'p> {
    fn new(page: &'p Page, includes: &'p Includes) -> Ctx<'p> {
        let mut ctx =
            Ctx { page, includes, sections: page.sections(), namespace: String::new(), diagnostics: Vec::new() };
        ctx.namespace = ctx.page_namespace();
        ctx
    }

    pub(crate) fn diag(&mut self, code: &'static str, offset: usize, message: impl Into<String>) {
        let line = self.page.line(offset);
        self.diagnostics.push(Diagnostic::new(code, &self.page.path, line, message));
    }

    pub(crate) fn source(&self, span: Span) -> Source {
        Source { file: self.page.path.clone(), line: self.page.line(span.start) }
    }

    /// The page's namespace: the Namespace line, else the file-name prefix, else `microsoft.graph`
    /// (dialect guide §3).
    fn page_namespace(&mut self) -> String {
        if let Some((written, span)) = self.page.namespace.clone() {
            let (namespace, problem) = normalise_namespace(&written);
            if let Some(problem) = problem {
                self.diag(
                    codes::NAMESPACE_BAD,
                    span.start,
                    format!("Namespace line says \"{written}\", which {problem}; read as \"{namespace}\""),
                );
            }
            return namespace;
        }
        namespace_from_file_name(&self.page.path).unwrap_or(DEFAULT_NAMESPACE).to_owned()
    }

    /// A reference to a named type, to be resolved by the link stage.
    pub(crate) fn named_ref(&self, name: &str, target: Option<&str>, span: Span) -> TypeRef {
        let target = target.and_then(|target| resolve_target(&self.page.path, target));
        TypeRef {
            name: qualify(name, &self.namespace),
            unresolved: Some(Unresolved {
                name: name.to_owned(),
                page_namespace: self.namespace.clone(),
                target,
                source: self.source(span),
            }),
        }
    }

    /// A type reference from a parsed cell.
    pub(crate) fn cell_type_ref(&self, parsed: &CellType, span: Span) -> TypeRef {
        match &parsed.name {
            CellName::Primitive(name) => TypeRef::resolved(*name),
            CellName::Named { name, target } => self.named_ref(name, target.as_deref(), span),
        }
    }

    /// The type a link names by its text (`[cloudPcDeviceImage](../resources/x.md)`), with its
    /// collection flag; `None` when the text is not a type name.
    pub(crate) fn link_type_ref(&self, link: &crate::page::Link, span: Span) -> Option<(TypeRef, bool)> {
        let parsed = type_cell::parse_type_name(&link.text)?;
        let type_ref = match &parsed.name {
            CellName::Primitive(name) => TypeRef::resolved(*name),
            CellName::Named { name, .. } => self.named_ref(name, Some(&link.target), span),
        };
        Some((type_ref, parsed.collection))
    }

    /// Reads a Type cell; text that names no type stays raw, with a diagnostic. `what` names the
    /// row for that diagnostic and is only formatted when there is one.
    pub(crate) fn type_cell(&mut self, cell: &Inline, what: std::fmt::Arguments<'_>) -> (TypeRef, bool) {
        match type_cell::parse_type_cell(cell) {
            Ok(parsed) => (self.cell_type_ref(&parsed, cell.span), parsed.collection),
            Err(why) => match type_cell::parse_decorated(&cell.text) {
                // `string (url)`, `alertFeedback enum`: a type name with a remark.
                Some(parsed) => {
                    let read_as = match &parsed.name {
                        CellName::Primitive(name) => (*name).to_owned(),
                        CellName::Named { name, .. } => name.clone(),
                    };
                    self.diag(codes::TABLE_TYPE_REMARK, cell.span.start, format!("Type cell of {what} holds \"{}\"; read as \"{read_as}\" (move the remark to the description)", cell.text));
                    (self.cell_type_ref(&parsed, cell.span), parsed.collection)
                }
                None => {
                    self.diag(codes::TABLE_UNKNOWN_TYPE, cell.span.start, format!("Type cell of {what} {why}"));
                    (TypeRef::resolved(cell.text.trim()), false)
                }
            },
        }
    }
}

/// The namespace of everything not said otherwise.
pub const DEFAULT_NAMESPACE: &str = "microsoft.graph";

/// Namespaces the docs use, in their canonical spelling (compared case-insensitively).
const KNOWN_NAMESPACES: &[&str] = &[
    "microsoft.graph",
    "microsoft.graph.callRecords",
    "microsoft.graph.ediscovery",
    "microsoft.graph.externalConnectors",
    "microsoft.graph.managedTenants",
    "microsoft.graph.termStore",
    "microsoft.graph.windowsUpdates",
];

/// Canonical spelling of a namespace and, when it was malformed, what was wrong.
pub fn normalise_namespace(written: &str) -> (String, Option<&'static str>) {
    let trimmed = written.trim().trim_start_matches('#');
    let (mut namespace, mut problem) = (trimmed.trim_end_matches('.').to_owned(), None);
    if namespace.len() != trimmed.len() {
        problem = Some("ends with a dot");
    }
    // `microsoft.graph.ediscovery.ediscovery` (dialect guide §3).
    let parts: Vec<&str> = namespace.split('.').collect();
    if parts.len() > 2 && parts.windows(2).last().is_some_and(|pair| pair[0].eq_ignore_ascii_case(pair[1])) {
        namespace = parts[..parts.len() - 1].join(".");
        problem = Some("repeats its last segment");
    }
    match KNOWN_NAMESPACES.iter().find(|known| known.eq_ignore_ascii_case(&namespace)) {
        Some(known) => ((*known).to_owned(), problem),
        None => (namespace, problem),
    }
}

/// The namespace implied by a file-name prefix (`callrecords-session.md`), if any.
pub fn namespace_from_file_name(path: &str) -> Option<&'static str> {
    let stem = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    KNOWN_NAMESPACES.iter().skip(1).copied().find(|namespace| {
        let last = namespace.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
        stem.starts_with(&format!("{last}-")) || stem == format!("enums-{last}.md")
    })
}

/// `namespace.name`, unless `name` is qualified already.
pub(crate) fn qualify(name: &str, namespace: &str) -> String {
    if name.contains('.') {
        return name.to_owned();
    }
    let mut qualified = String::with_capacity(namespace.len() + 1 + name.len());
    qualified.push_str(namespace);
    qualified.push('.');
    qualified.push_str(name);
    qualified
}

/// Splits `microsoft.graph.x` into (`microsoft.graph`, `x`) with the namespace canonical.
pub(crate) fn split_qualified(qualified: &str) -> Option<(String, String)> {
    let qualified = qualified.trim().trim_start_matches('#');
    let (namespace, name) = qualified.rsplit_once('.')?;
    (!name.is_empty()).then(|| (normalise_namespace(namespace).0, name.to_owned()))
}

/// A link target as a page path relative to the root (`resources/x.md`), if it points at a page.
pub fn resolve_target(page_path: &str, target: &str) -> Option<String> {
    // Called for every linked type: byte searches, as `split([..])` and `contains("://")` set up
    // char and two-way searchers each time.
    let end = memchr::memchr2(b'#', b'?', target.as_bytes()).unwrap_or(target.len());
    let target = target.get(..end).unwrap_or_default().trim();
    if target.is_empty() || memchr::memmem::find(target.as_bytes(), b"://").is_some() {
        return None;
    }
    let target = target.to_ascii_lowercase();
    if let Some(rest) = target.strip_prefix("/graph/api/") {
        let rest = rest.trim_end_matches(".md");
        let path = if rest.starts_with("resources/") { rest.to_owned() } else { format!("api/{rest}") };
        return Some(format!("{path}.md"));
    }
    if target.starts_with('/') {
        return None;
    }
    // The page's folder, then the target's segments: `..` drops the last one.
    let mut path = String::with_capacity(page_path.len() + target.len() + 3);
    path.push_str(page_path.rsplit_once('/').map_or("", |(folder, _)| folder));
    let mut segments = page_path.split('/').count() - 1;
    for part in target.split('/') {
        match part {
            "." | "" => {}
            ".." if segments > 0 => {
                segments -= 1;
                path.truncate(path.rfind('/').unwrap_or(0));
            }
            ".." => {}
            other => {
                if segments > 0 {
                    path.push('/');
                }
                path.push_str(other);
                segments += 1;
            }
        }
    }
    if !path.ends_with(".md") {
        path.push_str(".md");
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::{namespace_from_file_name, normalise_namespace, resolve_target};

    #[test]
    fn normalises_namespaces() {
        let cases = [
            ("microsoft.graph", ("microsoft.graph", None)),
            ("microsoft.graph.termstore", ("microsoft.graph.termStore", None)),
            ("microsoft.graph.ediscovery.ediscovery", ("microsoft.graph.ediscovery", Some("repeats its last segment"))),
            ("microsoft.graph.", ("microsoft.graph", Some("ends with a dot"))),
            ("microsoft.graph.security", ("microsoft.graph.security", None)),
        ];
        for (written, (expected, problem)) in cases {
            assert_eq!(normalise_namespace(written), (expected.to_owned(), problem), "{written}");
        }
        assert_eq!(namespace_from_file_name("resources/callrecords-session.md"), Some("microsoft.graph.callRecords"));
        assert_eq!(
            namespace_from_file_name("resources/enums-managedtenants.md"),
            Some("microsoft.graph.managedTenants")
        );
        assert_eq!(namespace_from_file_name("resources/user.md"), None);
    }

    #[test]
    fn resolves_link_targets() {
        let cases = [
            ("resources/user.md", "identityset.md", Some("resources/identityset.md")),
            ("api/user-get.md", "../resources/user.md", Some("resources/user.md")),
            ("api/user-get.md", "../resources/User.md#properties", Some("resources/user.md")),
            ("resources/a.md", "#x-values", None),
            ("resources/a.md", "/graph/api/resources/user?view=graph-rest-beta", Some("resources/user.md")),
            ("resources/a.md", "https://example.com/x.md", None),
            ("resources/a.md", "/azure/x", None),
            ("a.md", "./b", Some("b.md")),
            ("api/x/y.md", "../../../z.md", Some("z.md")),
            ("api/y.md", "..//resources/./z", Some("resources/z.md")),
        ];
        for (page, target, expected) in cases {
            assert_eq!(resolve_target(page, target).as_deref(), expected, "{page} {target}");
        }
    }
}
