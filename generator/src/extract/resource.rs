//! Resource pages -> entity and complex types (dialect guide §2, §5, §6, §9).
//!
//! The main type is named by the first resource annotation's `@odata.type` (or `@type`), else by
//! the H1 (`cloudPcDeviceImage resource type`). Its properties come from the first property table
//! under the Properties heading (tables under an H3 there describe sub-objects), its navigation
//! properties from Relationships, its methods from Methods. Further annotated types on the page
//! become types of their own.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::phrases::Phrases;
use super::rows::{self, is_type_name};
use super::{is_property_table, split_qualified, type_cell, Ctx};
use crate::diag::codes;
use crate::ir::{self, TypeKind, TypeRef};
use crate::page::{json, Annotation, Block, CodeBlock, Page, Section, Span, Table};

/// A resource annotation and the JSON block it describes.
struct Declared<'p> {
    annotation: &'p Annotation,
    json: Option<&'p CodeBlock>,
    namespace: String,
    name: String,
}

/// Extracts the types a resource page defines.
pub(crate) fn extract_types(ctx: &mut Ctx<'_>) -> Vec<ir::Type> {
    let page = ctx.page;
    // A copy (sections are `Copy`), so `ctx` stays free for diagnostics.
    let sections = ctx.sections.clone();
    let declared = declared_types(ctx);
    let title_name = page.title.as_ref().and_then(|title| name_from_title(&title.text));
    let (namespace, name) = match (declared.first(), &title_name) {
        (Some(first), Some(title)) if title.eq_ignore_ascii_case(&first.name) => {
            (first.namespace.clone(), better_case(&first.name, title))
        }
        (Some(first), _) => (first.namespace.clone(), first.name.clone()),
        (None, Some(name)) => (ctx.namespace.clone(), name.clone()),
        (None, None) => {
            let title = page.title.as_ref().map_or("", |title| title.text.as_str());
            ctx.diag(codes::RESOURCE_NO_NAME, 0, format!("resource page names no type: no resource annotation and the title \"{title}\" is not `X resource type`; add an annotation with \"@odata.type\""));
            return Vec::new();
        }
    };
    if let (Some(first), Some((line_namespace, span))) = (declared.first(), &page.namespace) {
        let (line_namespace, _) = super::normalise_namespace(line_namespace);
        if !line_namespace.eq_ignore_ascii_case(&first.namespace) {
            ctx.diag(codes::NAMESPACE_CONFLICT, span.start, format!("Namespace line says \"{line_namespace}\" but the resource annotation names \"{}.{}\"; the annotation wins", first.namespace, first.name));
        }
    }
    if page.namespace.is_none() {
        ctx.diag(codes::NAMESPACE_MISSING, 0, format!("page has no `Namespace:` line; \"{name}\" was placed in \"{namespace}\" (add the line after the title)"));
    }
    let mut main = new_type(ctx, &namespace, &name);
    main.description = description(page);
    let main_declared =
        declared.iter().find(|declared| declared.name.eq_ignore_ascii_case(&name) && declared.namespace == namespace);
    let main_json = apply_annotation(ctx, &mut main, main_declared);
    main.abstract_ |= says_abstract(&main.description);
    // `## Properties` twice in a row (`onenoteentityhierarchymodel.md`): the one with a table.
    let mut named_properties =
        sections.iter().filter(|section| page.heading_text(section).eq_ignore_ascii_case("properties"));
    let first_properties = named_properties.clone().next();
    let properties_section = named_properties
        .find(|section| {
            page.blocks
                .get(section.start..section.end)
                .unwrap_or_default()
                .iter()
                .any(|block| matches!(block, Block::Table(_)))
        })
        .or(first_properties);
    let tables = main_property_tables(page, &sections, properties_section);
    let no_table = tables.is_empty();
    let misheaded = match (no_table, properties_section) {
        (true, Some(section)) => misheaded_property_table(page, section),
        _ => None,
    };
    if let Some((table, columns)) = &misheaded {
        let header: Vec<&str> = table.header.iter().map(|cell| cell.text.trim()).collect();
        ctx.diag(
            codes::RESOURCE_MISHEADED_TABLE,
            table.span.start,
            format!("the Properties table of \"{name}\" is headed `| {} |`; its rows are read as properties (head it `| Property | Type | Description |`)", header.join(" | ")),
        );
        main.properties = rows::property_rows_in(ctx, table, columns, "property");
    }
    if !tables.is_empty() {
        for table in tables {
            let mut properties = rows::property_rows(ctx, table, "property");
            // "The following properties are inherited from [baseItem][]." above a table.
            if let Some(ancestor) = inherited_table(ctx, table) {
                for property in properties.iter_mut().filter(|property| property.inherited_from.is_none()) {
                    property.inherited_from = Some(ancestor.clone());
                }
            }
            main.properties.extend(properties);
        }
    } else if let (true, Some(section)) = (misheaded.is_none(), properties_section) {
        let at = page.blocks.get(section.heading).map_or(0, |block| block.span().start);
        if !section_says_none(page, section) && !main.open {
            ctx.diag(
                codes::RESOURCE_NO_PROPERTIES,
                at,
                format!("Properties section of \"{name}\" has no `|Property|Type|Description|` table"),
            );
        }
    }
    settle_types_from_json(ctx, &mut main.properties, main_json.as_ref());
    main.navigation = navigation(ctx, &sections);
    let says_none = properties_section.is_some_and(|section| section_says_none(page, section));
    if no_table && misheaded.is_none() && !says_none {
        if let (Some(value), Some(code)) = (main_json.as_ref(), main_declared.and_then(|declared| declared.json)) {
            main.properties = properties_from_json(ctx, &main, value, code);
        }
    }
    main.methods = methods(ctx, &sections);
    main.derived = derived_types(ctx, &main.name);
    let inherits = inherits_from(ctx);
    match (&main.base, inherits) {
        (_, None) => {}
        (None, Some(stated)) => main.base = Some(stated),
        (Some(annotated), Some(stated)) => {
            let annotated_simple = annotated.name.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
            let stated_simple = stated.name.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
            if annotated_simple != stated_simple {
                let line = stated.unresolved.as_ref().map_or(1, |unresolved| unresolved.source.line);
                let offset = page.lines.line_start(line).unwrap_or(0);
                ctx.diag(codes::RESOURCE_BASE_CONFLICT, offset, format!("the introduction says the type inherits from \"{}\" but the annotation's baseType is \"{}\"; the introduction wins (fix the one that is wrong)", stated.name, annotated.name));
                main.base = Some(stated);
            }
        }
    }
    main.kind = kind_of(&main, main_declared.is_some());
    let mut types = vec![main];
    // Further types declared on the same page (`synchronization-objectdefinition.md`).
    for other in &declared {
        if types.iter().any(|known| known.name.eq_ignore_ascii_case(&other.name) && known.namespace == other.namespace)
        {
            continue;
        }
        let mut extra = new_type(ctx, &other.namespace, &other.name);
        extra.source = ctx.source(other.annotation.span);
        let json = apply_annotation(ctx, &mut extra, Some(other));
        if let Some(table) = table_in_section_named(page, &sections, &other.name) {
            extra.properties = rows::property_rows(ctx, table, "property");
            settle_types_from_json(ctx, &mut extra.properties, json.as_ref());
        }
        extra.kind = kind_of(&extra, true);
        types.push(extra);
    }
    types
}

/// Type cells that name no one type take the type the JSON representation gives the property,
/// with a diagnostic: a number without saying which (`numeric`, `number`) the primitive written
/// there (`"balanceDue": "decimal"`), a choice of types (`[organizerMeetingInfo](...) or
/// [tokenMeetingInfo](...)`) the type its object is annotated with (`{"@odata.type":
/// "#microsoft.graph.meetingInfo"}`, their base). Without one they stay as written (and the link
/// stage reports the unknown name).
fn settle_types_from_json(ctx: &mut Ctx<'_>, properties: &mut [ir::Property], json: Option<&serde_json::Value>) {
    const VAGUE: [&str; 2] = ["numeric", "number"];
    let Some(object) = json.and_then(serde_json::Value::as_object) else { return };
    for property in properties {
        let in_json = object.get(&property.name);
        let offset = ctx.page.lines.line_start(property.source.line).unwrap_or(0);
        let (written, spelled, read_as) = match &property.type_.unresolved {
            Some(written) if VAGUE.iter().any(|vague| written.name.eq_ignore_ascii_case(vague)) => {
                let Some((spelled, primitive)) = in_json
                    .and_then(serde_json::Value::as_str)
                    .and_then(|spelled| Some((spelled, type_cell::primitive(spelled)?)))
                else {
                    continue;
                };
                (written.name.clone(), spelled.to_owned(), TypeRef::resolved(primitive))
            }
            // A cell that is no type name stays raw text: `appHostedMediaConfig or serviceHostedMediaConfig`.
            None if property.type_.name.contains(" or ") && !property.collection => {
                let row = Span { start: offset, end: offset };
                let annotated =
                    in_json.filter(|value| value.is_object()).and_then(|value| json_value_type(ctx, value, row));
                let Some((read_as, _)) = annotated else { continue };
                // This diagnostic says what the cell was read as; the row's "links several
                // types" warning, which says it was kept as text, goes.
                let line = property.source.line;
                ctx.diagnostics
                    .retain(|diagnostic| !(diagnostic.code == codes::TABLE_UNKNOWN_TYPE && diagnostic.line == line));
                (property.type_.name.clone(), read_as.name.clone(), read_as)
            }
            _ => continue,
        };
        ctx.diag(
            codes::TABLE_TYPE_FROM_JSON,
            offset,
            format!(
                "Type cell of property \"{}\" says \"{written}\", which names no one type; the JSON representation says \"{spelled}\", so it is read as {} (write that in the cell)",
                property.name, read_as.name
            ),
        );
        property.type_ = read_as;
    }
}

/// The properties of a type whose page has no property table, from its JSON representation:
/// each key whose value names a type (`"String"`, `"Int32"`, `"String (identifier)"`,
/// `{"@odata.type": "microsoft.graph.workbookIcon"}`, `"@odata.type: x"`, a one-element array
/// of such for a collection, `true` for a Boolean). A key whose value is an example or a number
/// (`"Alice"`, `1024`: which integer?) states no type and is left out, and so is a key the
/// Relationships table lists. One info diagnostic names what was read.
fn properties_from_json(
    ctx: &mut Ctx<'_>,
    ty: &ir::Type,
    value: &serde_json::Value,
    code: &CodeBlock,
) -> Vec<ir::Property> {
    let Some(object) = value.as_object() else { return Vec::new() };
    let first_line = ctx.page.line(code.span.start) + 1;
    let mut properties = Vec::new();
    for (key, value) in object {
        // The Relationships table's navigations show in the JSON too.
        let navigation = ty.navigation.iter().any(|navigation| navigation.name.eq_ignore_ascii_case(key));
        if navigation || key.contains('@') || !is_type_name(key) {
            continue;
        }
        let Some((type_, collection)) = json_value_type(ctx, value, code.span) else { continue };
        let quoted = format!("\"{key}\"");
        let line =
            code.text.find(&quoted).map_or(first_line, |at| first_line + code.text[..at].matches('\n').count() as u32);
        let source = ir::Source { file: ctx.page.path.clone(), line };
        properties
            .push(ir::Property { from: Some("json".to_owned()), ..ir::Property::bare(key, type_, collection, source) });
    }
    if !properties.is_empty() {
        let names: Vec<String> = properties.iter().map(|property| format!("`{}`", property.name)).collect();
        ctx.diag(
            codes::RESOURCE_PROPERTIES_FROM_JSON,
            code.span.start,
            format!(
                "the page of \"{}\" has no property table; {} {} read from its JSON representation (add a Properties table with their descriptions)",
                ty.name,
                names.join(", "),
                if names.len() == 1 { "was" } else { "were" }
            ),
        );
    }
    properties
}

/// The type a JSON representation's value names, with its collection flag; `at` is where a
/// named type is referred to from.
fn json_value_type(ctx: &Ctx<'_>, value: &serde_json::Value, at: Span) -> Option<(TypeRef, bool)> {
    let named = |name: &str| {
        let name = name.trim().trim_start_matches('#');
        let parsed = type_cell::parse_type_name(name)?;
        Some(ctx.cell_type_ref(&parsed, at))
    };
    match value {
        serde_json::Value::Bool(_) => Some((TypeRef::resolved("Edm.Boolean"), false)),
        serde_json::Value::String(text) => {
            if let Some(name) = type_cell::strip_prefix_ignore_case(text.trim(), "@odata.type:") {
                return named(name).map(|type_ref| (type_ref, false));
            }
            // `"String (identifier)"`, `"string"`, `"Edm.Int64"`.
            let head = text.split([' ', '(']).next().unwrap_or_default();
            type_cell::primitive(head).map(|primitive| (TypeRef::resolved(primitive), false))
        }
        serde_json::Value::Object(object) => {
            let name = object.get("@odata.type")?.as_str()?;
            named(name).map(|type_ref| (type_ref, false))
        }
        serde_json::Value::Array(items) => match items.as_slice() {
            [item] => json_value_type(ctx, item, at)
                .filter(|(_, collection)| !collection)
                .map(|(type_ref, _)| (type_ref, true)),
            _ => None,
        },
        serde_json::Value::Null | serde_json::Value::Number(_) => None,
    }
}

fn new_type(ctx: &Ctx<'_>, namespace: &str, name: &str) -> ir::Type {
    ir::Type {
        name: name.to_owned(),
        namespace: namespace.to_owned(),
        kind: TypeKind::Complex,
        base: None,
        abstract_: false,
        open: false,
        key: None,
        description: String::new(),
        properties: Vec::new(),
        navigation: Vec::new(),
        methods: Vec::new(),
        json_keys: None,
        source: ir::Source { file: ctx.page.path.clone(), line: 1 },
        also_defined_in: Vec::new(),
        kind_from: None,
        base_from: None,
        derived: Vec::new(),
    }
}

/// Entity when the annotation gives a key; without an annotation, when the type has an `id`
/// property, relationships or methods (only entities are addressable). The link stage also makes entities of types whose base
/// is an entity.
fn kind_of(ty: &ir::Type, annotated: bool) -> TypeKind {
    let looks_like_entity = ty.key.is_some()
        || (!annotated
            && (ty.properties.iter().any(|property| property.name == "id")
                || !ty.navigation.is_empty()
                || !ty.methods.is_empty()));
    if looks_like_entity {
        TypeKind::Entity
    } else {
        TypeKind::Complex
    }
}

/// Every resource annotation, in page order, with the JSON block it precedes.
fn declared_types<'p>(ctx: &Ctx<'p>) -> Vec<Declared<'p>> {
    let page = ctx.page;
    let mut declared = Vec::new();
    for block in &page.blocks {
        let (annotation, json) = match block {
            Block::Code(code) => match &code.annotation {
                Some(annotation) => (annotation, Some(code)),
                None => continue,
            },
            Block::Annotation(annotation) => (annotation, None),
            _ => continue,
        };
        if annotation.block_type() != Some("resource") {
            continue;
        }
        // `@type` instead of `@odata.type` on 74 pages.
        let Some(written) = annotation.odata_type() else {
            continue;
        };
        let Some((namespace, name)) = split_qualified(written) else { continue };
        if declared.iter().any(|known: &Declared<'_>| known.name == name && known.namespace == namespace) {
            continue;
        }
        declared.push(Declared { annotation, json, namespace, name });
    }
    declared
}

/// Copies what an annotation states: base type, key, open, abstract and the JSON keys; returns
/// the JSON representation when it can be read.
fn apply_annotation(
    ctx: &mut Ctx<'_>,
    ty: &mut ir::Type,
    declared: Option<&Declared<'_>>,
) -> Option<serde_json::Value> {
    let declared = declared?;
    let annotation = declared.annotation;
    if let Some(base) = annotation.str_field("baseType").filter(|base| !base.trim().is_empty()) {
        if let Some(parsed) = type_cell::parse_type_name(base) {
            ty.base = Some(ctx.cell_type_ref(&parsed, annotation.span));
        }
    }
    ty.key = annotation.str_field("keyProperty").filter(|key| !key.trim().is_empty()).map(str::to_owned);
    ty.open = annotation.bool_field("openType").unwrap_or(false);
    ty.abstract_ = annotation.bool_field("abstract").or_else(|| annotation.bool_field("isAbstract")).unwrap_or(false);
    if let Some(code) = declared.json {
        match json::parse_lenient(&code.text) {
            json::Json::Strict(value) | json::Json::Lenient(value, _) => {
                ty.json_keys = value.as_object().map(|object| object.keys().cloned().collect());
                return Some(value);
            }
            json::Json::Invalid(why) => {
                ctx.diag(
                    codes::RESOURCE_JSON_INVALID,
                    code.span.start,
                    format!(
                        "JSON representation of \"{}\" cannot be read ({why}); fix the JSON so its keys can be checked",
                        ty.name
                    ),
                );
            }
        }
    }
    None
}

/// Of two spellings that differ only in case, the camelCase one: the annotation says
/// `baseItem` where the title says `BaseItem`, but `chunkeduploadsessiondescriptor` where the
/// title says `chunkedUploadSessionDescriptor` (73 such pages in 2021-07-16 beta).
fn better_case(annotated: &str, titled: &str) -> String {
    let score = |name: &str| {
        let starts_lower = name.chars().next().is_some_and(|ch| ch.is_ascii_lowercase());
        let inner_upper = name.chars().skip(1).filter(char::is_ascii_uppercase).count();
        (starts_lower, inner_upper)
    };
    if score(titled) > score(annotated) {
        titled.to_owned()
    } else {
        annotated.to_owned()
    }
}

/// Whether a type's description says the type itself is abstract ("is an abstract type", "An
/// abstract base class for ...") rather than mentioning something abstract ("a value for an
/// abstract setting").
fn says_abstract(description: &str) -> bool {
    static PHRASES: LazyLock<Phrases> = LazyLock::new(|| {
        Phrases::new(&[
            "is an abstract",
            "is abstract",
            "an abstract type",
            "an abstract base",
            "an abstract class",
            "an abstract entity",
            "an abstract resource",
            "abstract base class",
            "abstract base type",
            "and abstract base",
            ". abstract ",
        ])
    });
    type_cell::strip_prefix_ignore_case(description, "abstract ").is_some() || PHRASES.in_text(description)
}

/// `cloudPcDeviceImage resource type` -> `cloudPcDeviceImage`; a trailing remark in parentheses
/// (`(deprecated)`) is dropped.
fn name_from_title(title: &str) -> Option<String> {
    let title = match title.find(" (") {
        Some(at) if title.trim_end().ends_with(')') => title.get(..at).unwrap_or(title),
        _ => title,
    };
    let mut name = title.trim();
    for suffix in [" resource type", " complex type", " entity type", " resource", " type", " object"] {
        if let Some(rest) = super::type_cell::strip_suffix_ignore_case(name, suffix) {
            name = rest.trim();
            break;
        }
    }
    let name = name.replace(['*', '`'], "");
    is_type_name(&name).then_some(name)
}

/// The paragraphs between the title and the first H2, without the Namespace line, includes and
/// inheritance lines.
fn description(page: &Page) -> String {
    let mut parts = Vec::new();
    let mut seen_title = false;
    for block in &page.blocks {
        match block {
            Block::Heading(heading) if heading.level == 1 && !seen_title => seen_title = true,
            Block::Heading(_) => break,
            Block::Paragraph(inline) if seen_title => {
                let text = inline.text.trim();
                let skip = text.starts_with("Namespace:")
                    || text.starts_with("[!INCLUDE")
                    || text.starts_with("[!NOTE")
                    || text.to_ascii_lowercase().starts_with("inherits from");
                if !skip && !text.is_empty() {
                    parts.push(text.to_owned());
                }
            }
            _ => {}
        }
    }
    parts.join(" ")
}

/// The main property tables: every property table directly under `## Properties` (a table split
/// in two by a sentence, `accessreviewdecision.md`; tables under an H3 there describe
/// sub-objects), else the first anywhere in that section, else the first on the page outside
/// Relationships and Methods.
fn main_property_tables<'p>(page: &'p Page, sections: &[Section], properties: Option<&Section>) -> Vec<&'p Table> {
    if let Some(section) = properties {
        let direct: Vec<&Table> = page
            .blocks
            .get(section.start..section.own_end)
            .unwrap_or_default()
            .iter()
            .filter_map(|block| match block {
                Block::Table(table) if is_main_property_table(table) => Some(table),
                _ => None,
            })
            .collect();
        if !direct.is_empty() {
            return direct;
        }
        return first_property_table(page.blocks.get(section.start..section.end).unwrap_or_default())
            .into_iter()
            .collect();
    }
    let excluded: Vec<(usize, usize)> = sections
        .iter()
        .filter(|section| {
            let heading = page.heading_text(section);
            ["relationships", "methods"].iter().any(|name| type_cell::strip_prefix_ignore_case(heading, name).is_some())
        })
        .map(|section| (section.start, section.end))
        .collect();
    page.blocks
        .iter()
        .enumerate()
        .find_map(|(idx, block)| match block {
            Block::Table(table)
                if is_property_table(table) && !excluded.iter().any(|(start, end)| (*start..*end).contains(&idx)) =>
            {
                Some(table)
            }
            _ => None,
        })
        .into_iter()
        .collect()
}

/// The ancestor named by an "inherited from [x]" paragraph right above `table`.
fn inherited_table(ctx: &Ctx<'_>, table: &Table) -> Option<TypeRef> {
    let page = ctx.page;
    let idx =
        page.blocks.iter().position(|block| matches!(block, Block::Table(other) if std::ptr::eq(other, table)))?;
    match page.blocks.get(idx.checked_sub(1)?)? {
        Block::Paragraph(inline) if inline.text.to_ascii_lowercase().contains("inherited from") => {
            rows::inherited_from(ctx, inline)
        }
        _ => None,
    }
}

fn is_main_property_table(table: &Table) -> bool {
    is_property_table(table) && table.column(&["relationship", "relationship name"]).is_none()
}

fn first_property_table(blocks: &[Block]) -> Option<&Table> {
    blocks.iter().find_map(|block| match block {
        Block::Table(table) if is_main_property_table(table) => Some(table),
        _ => None,
    })
}

/// The first table right under `## Properties` when its header is a slip (`| Relationship | Type |`
/// in `presence.md`, `| Method | Return Type |` in `agreementfiledata.md`): the section says what
/// the rows are. The name is the first column, the type the column headed "... type".
fn misheaded_property_table<'p>(page: &'p Page, section: &Section) -> Option<(&'p Table, rows::Columns)> {
    page.blocks.get(section.start..section.own_end).unwrap_or_default().iter().find_map(|block| {
        let Block::Table(table) = block else { return None };
        let type_ = table.names.iter().position(|name| name.ends_with("type")).filter(|idx| *idx > 0)?;
        let columns = rows::Columns { name: 0, type_: Some(type_), description: table.column(&["description"]) };
        Some((table, columns))
    })
}

/// A property table in a section whose heading names `name`.
fn table_in_section_named<'p>(page: &'p Page, sections: &[Section], name: &str) -> Option<&'p Table> {
    sections
        .iter()
        .filter(|section| type_cell::contains_ignore_case(page.heading_text(section), name))
        .find_map(|section| first_property_table(page.blocks.get(section.start..section.end).unwrap_or_default()))
}

/// Whether a section's own text says there is nothing of its own: "None.", "Not applicable.",
/// "This type has no properties.", "X inherits all the properties of [y]", or that the type is an
/// open type whose properties the client defines. Code blocks may follow (the JSON
/// representation sits under Properties on `educationsubmissionrecipient.md`).
fn section_says_none(page: &Page, section: &Section) -> bool {
    let blocks = page.blocks.get(section.start..section.own_end).unwrap_or_default();
    let mut paragraphs = blocks.iter().filter_map(|block| match block {
        Block::Paragraph(inline) => Some(inline.text.to_ascii_lowercase()),
        _ => None,
    });
    !blocks.iter().any(|block| matches!(block, Block::Table(_)))
        && paragraphs.next().is_some_and(|lower| {
            lower.starts_with("none")
                || lower.starts_with("not applicable")
                || ["no properties", "any properties", "inherits all the properties", "open type"]
                    .iter()
                    .any(|phrase| lower.contains(phrase))
        })
}

/// Rows of the Relationships tables: every property-like table of the section (a page may add
/// a second table after a paragraph, "for items shared from personal accounts ..."); a row that
/// restates an earlier row's name is left to the first.
fn navigation(ctx: &mut Ctx<'_>, sections: &[Section]) -> Vec<ir::Navigation> {
    let page = ctx.page;
    let Some(section) = sections
        .iter()
        .find(|section| type_cell::strip_prefix_ignore_case(page.heading_text(section), "relationships").is_some())
    else {
        return Vec::new();
    };
    let tables =
        page.blocks.get(section.start..section.end).unwrap_or_default().iter().filter_map(|block| match block {
            Block::Table(table) if is_property_table(table) => Some(table),
            _ => None,
        });
    let mut navigations: Vec<ir::Navigation> = Vec::new();
    for (nth, table) in tables.enumerate() {
        for property in rows::property_rows(ctx, table, "relationship") {
            if nth > 0 && navigations.iter().any(|known| known.name == property.name) {
                continue;
            }
            navigations.push(ir::Navigation {
                name: property.name,
                type_: property.type_,
                collection: property.collection,
                description: property.description,
                from: None,
                source: property.source,
            });
        }
    }
    navigations
}

/// Rows of the Methods table.
fn methods(ctx: &mut Ctx<'_>, sections: &[Section]) -> Vec<ir::Method> {
    let page = ctx.page;
    let Some(section) = sections.iter().find(|section| page.heading_text(section).eq_ignore_ascii_case("methods"))
    else {
        return Vec::new();
    };
    let Some(table) =
        page.blocks.get(section.start..section.end).unwrap_or_default().iter().find_map(|block| match block {
            Block::Table(table) if table.column(&["method"]) == Some(0) => Some(table),
            _ => None,
        })
    else {
        return Vec::new();
    };
    let returns_column = table.column(&["return type", "return types", "returns"]);
    let mut methods = Vec::new();
    for row in &table.rows {
        let Some(cell) = row.cell(0) else { continue };
        let link = cell.links.first();
        let name = link.map_or_else(|| cell.text.replace("**", ""), |link| link.text.clone());
        if name.trim().is_empty() || link.is_none() {
            // Bold group dividers such as `**Open extensions**` (dialect guide §6).
            continue;
        }
        let operation = link
            .and_then(|link| super::resolve_target(&page.path, &link.target))
            .filter(|target| target.starts_with("api/"))
            .map(|target| target.trim_start_matches("api/").trim_end_matches(".md").to_owned());
        let (returns, collection) = match returns_column.and_then(|idx| row.cell(idx)) {
            Some(cell) if !is_none(&cell.text) => match type_cell::parse_type_cell(cell) {
                Ok(parsed) => (Some(ctx.cell_type_ref(&parsed, cell.span)), parsed.collection),
                Err(_) => (Some(TypeRef::resolved(cell.text.clone())), false),
            },
            _ => (None, false),
        };
        methods.push(ir::Method {
            name: name.trim().to_owned(),
            operation,
            returns,
            collection,
            source: ctx.source(row.span),
        });
    }
    methods
}

fn is_none(text: &str) -> bool {
    let text = text.trim().trim_end_matches('.');
    text.is_empty() || text.eq_ignore_ascii_case("none") || text.eq_ignore_ascii_case("no content")
}

/// The type named by an "Inherits from [x]" sentence before the first H2 (dialect guide §5).
fn inherits_from(ctx: &Ctx<'_>) -> Option<TypeRef> {
    let page = ctx.page;
    for block in &page.blocks {
        match block {
            Block::Heading(heading) if heading.level <= 2 && heading.level > 1 => break,
            Block::Paragraph(inline) => {
                if let Some(stated) = rows::type_after(ctx, inline, &rows::INHERITS_FROM) {
                    return Some(stated);
                }
                // "... is returned instead. Inherited from [DomainDnsRecord](domaindnsrecord.md)
                // entity.", "Derived from [place](place.md)." or "This resource is the derivative
                // of the [actionResultPart](actionresultpart.md) resource." in the introduction:
                // only with a link right after the phrase, so a remark such as "inherited from the
                // template" or "a subtype of this complex type, either [a] or [b]" names nothing.
                static PHRASES: LazyLock<[Finder<'static>; 8]> = LazyLock::new(|| {
                    [
                        "inherited from ",
                        "derived from ",
                        "derives from ",
                        "subclass of ",
                        "subclass from ",
                        "subtype of ",
                        "derivative of ",
                        "inherits from ",
                    ]
                    .map(Finder::new)
                });
                let lower = inline.text.to_ascii_lowercase();
                for phrase in PHRASES.iter() {
                    let Some(at) = phrase.find(lower.as_bytes()) else { continue };
                    let rest = inline.text.get(at + phrase.needle().len()..).unwrap_or_default().trim_start();
                    let rest = rest.strip_prefix("the ").unwrap_or(rest);
                    let link = inline.links.iter().find(|link| {
                        // Whole words: `[Domain]` earlier in the sentence is not `DomainDnsRecord`.
                        rest.strip_prefix(link.text.as_str())
                            .is_some_and(|after| !link.text.is_empty() && !after.starts_with(char::is_alphanumeric))
                    });
                    if let Some(link) = link.filter(|link| rows::is_type_name(&link.text)) {
                        return Some(ctx.named_ref(&link.text, Some(&link.target), inline.span));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// The types the page names as derived from `own`: the links listed right after an
/// introduction's "base type for" ("This is a base type for [a](a.md) and [b](b.md)", "... for
/// example, [a], [b]"), and the links of a "Derived types" section or of the list after
/// "Supported derived types:".
fn derived_types(ctx: &Ctx<'_>, own: &str) -> Vec<TypeRef> {
    static BASE_PHRASES: LazyLock<[Finder<'static>; 4]> =
        LazyLock::new(|| ["base type for ", "base class for ", "base type of ", "base resource for "].map(Finder::new));
    let mut derived: Vec<TypeRef> = Vec::new();
    let mut add = |link: &crate::page::Link, span| {
        let page_link = link.target.ends_with(".md") && !link.target.starts_with("http");
        let named = rows::is_type_name(&link.text) && !link.text.eq_ignore_ascii_case(own);
        if page_link && named && !derived.iter().any(|known: &TypeRef| known.name.eq_ignore_ascii_case(&link.text)) {
            derived.push(ctx.named_ref(&link.text, Some(&link.target), span));
        }
    };
    let mut in_intro = true;
    let mut in_list: Option<u8> = None;
    for block in &ctx.page.blocks {
        match block {
            Block::Heading(heading) => {
                if heading.level == 2 {
                    in_intro = false;
                }
                if in_list.is_some_and(|level| heading.level <= level) {
                    in_list = None;
                }
                if heading.level >= 2 && heading.text.trim().eq_ignore_ascii_case("derived types") {
                    in_list = Some(heading.level);
                }
            }
            Block::Paragraph(inline) if in_list.is_some() => {
                inline.links.iter().for_each(|link| add(link, inline.span));
            }
            // `| Type | Description |` under "Derived types": the first cell of each row.
            Block::Table(table) if in_list.is_some() => {
                for cell in table.rows.iter().filter_map(|row| row.cells.first()) {
                    cell.links.iter().for_each(|link| add(link, cell.span));
                }
            }
            Block::Paragraph(inline) if in_intro => {
                let lower = inline.text.to_ascii_lowercase();
                if lower.trim_end().ends_with("derived types:") {
                    // The list that follows, up to the next heading.
                    in_list = Some(2);
                    continue;
                }
                for phrase in BASE_PHRASES.iter() {
                    let Some(at) = phrase.find(lower.as_bytes()) else { continue };
                    listed_links(inline, at + phrase.needle().len())
                        .into_iter()
                        .for_each(|link| add(link, inline.span));
                }
            }
            _ => {}
        }
    }
    derived
}

/// The links of `inline` that form a list starting at byte `from` of its text: the first right
/// there (after "the", or after "for example," or "such as" ending a few words), the next ones
/// after a comma, "and" or "or", up to the end of the sentence.
fn listed_links(inline: &crate::page::Inline, from: usize) -> Vec<&crate::page::Link> {
    let text = &inline.text;
    let mut at = from;
    let mut listed = Vec::new();
    for link in &inline.links {
        let Some(found) = text.get(at..).and_then(|rest| rest.find(link.text.as_str())) else { continue };
        let gap = text[at..at + found].trim().to_ascii_lowercase();
        let fits = if listed.is_empty() {
            gap.is_empty()
                || gap == "the"
                || ["for example,", "for example", "such as", "e.g.,", "including", ":"]
                    .iter()
                    .any(|end| gap.ends_with(end))
        } else {
            ["", ",", "and", ", and", "or", ", or"].contains(&gap.as_str())
        };
        if !fits || gap.contains(". ") {
            break;
        }
        listed.push(link);
        at += found + link.text.len();
    }
    listed
}

#[cfg(test)]
mod tests {
    use super::{better_case, name_from_title};

    #[test]
    fn names_from_titles() {
        let cases = [
            ("cloudPcDeviceImage resource type", Some("cloudPcDeviceImage")),
            ("accessReview resource type (deprecated)", Some("accessReview")),
            ("FileSystemInfo facet", None),
            ("identitySet complex type", Some("identitySet")),
            ("Working with groups in Microsoft Graph", None),
        ];
        for (title, expected) in cases {
            assert_eq!(name_from_title(title).as_deref(), expected, "{title}");
        }
    }

    #[test]
    fn tells_abstract_types_from_their_description() {
        let cases = [
            ("It is an abstract type that is inherited by other scopes.", true),
            ("Abstract base class for all school data profiles.", true),
            ("Requires a license. Abstract class that contains properties.", true),
            ("An empty and abstract base. Use one of the derived types.", true),
            ("Setting instance representing a complex value for an abstract setting.", false),
            ("A plain type.", false),
        ];
        for (description, expected) in cases {
            assert_eq!(super::says_abstract(description), expected, "{description}");
        }
    }

    #[test]
    fn prefers_camel_case() {
        assert_eq!(better_case("baseItem", "BaseItem"), "baseItem");
        assert_eq!(
            better_case("chunkeduploadsessiondescriptor", "chunkedUploadSessionDescriptor"),
            "chunkedUploadSessionDescriptor"
        );
        assert_eq!(better_case("user", "user"), "user");
    }
}
