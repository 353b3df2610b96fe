//! Lint stage: (`Ir`, page facts) -> diagnostics where the docs contradict themselves.
//!
//! `docgen lint` prints these beside the diagnostics of parsing, extraction and linking, which
//! already cover duplicate properties, members and operations (`link.duplicate-*`,
//! `enum.duplicate-member`), conflicting facts for a type documented twice
//! (`link.conflicting-property`, `link.enum-conflict`) and types referenced but never defined
//! (`link.unresolved-type`). [`GROUPS`] lists every code `docgen lint` adds, beside the function that raises it. Each check is a
//! function of the linked IR and the [`PageFacts`] of every page; none reads files.

mod cmdlet;
mod examples;
pub mod page_facts;
pub mod report;
pub mod sarif;

use std::collections::{BTreeMap, BTreeSet};

pub use page_facts::{page_facts, PageFacts};

use crate::diag::{self, codes, Diagnostic};
use crate::hierarchy::Hierarchy;
use crate::ir::{self, Ir};

/// A consistency check: its code and what it compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    /// The diagnostic code it raises.
    pub code: &'static str,
    /// What it compares, in one line.
    pub compares: &'static str,
}

/// What runs a group of checks: the linked IR's index and every page's facts in, diagnostics out.
type Run = fn(&Model<'_>, &[PageFacts], &mut Vec<Diagnostic>);

/// Checks run by one function, registered with it, so a check cannot be declared and never run
/// (and [`lint`] refuses a code its group did not declare).
pub struct Group {
    /// The checks, one code each.
    pub checks: &'static [Check],
    run: Run,
}

const fn check(code: &'static str, compares: &'static str) -> Check {
    Check { code, compares }
}

/// Every check `docgen lint` runs on top of the IR's own diagnostics, grouped by the function
/// that runs them.
pub const GROUPS: &[Group] = &[
    Group {
        checks: &[
            check(codes::PAGE_EMPTY_SECTION, "required sections vs their content"),
            check(codes::PAGE_PLACEHOLDER, "page text vs template placeholders (`**TODO: ...**`, `{{ Fill in ... }}`)"),
        ],
        run: |_, pages, out| out.extend(pages.iter().flat_map(|facts| facts.diagnostics.iter().cloned())),
    },
    Group {
        checks: &[check(codes::LINK_MISSING_PAGE, "type and Methods-table links vs the pages that exist")],
        run: |_, pages, out| missing_pages(pages, out),
    },
    Group {
        checks: &[
            check(codes::RESOURCE_JSON_CASE, "JSON representation keys vs the Properties table, ignoring case"),
            check(codes::RESOURCE_JSON_EXTRA, "JSON representation keys vs the Properties and Relationships tables"),
            check(codes::RESOURCE_JSON_MISSING, "the Properties table vs the JSON representation keys"),
        ],
        run: json_representations,
    },
    Group {
        checks: &[check(
            codes::ENUM_INLINE_MISMATCH,
            "\"Possible values are\" lists vs the enum table of the same type",
        )],
        run: |model, _, out| inline_enums(model, out),
    },
    Group {
        checks: &[
            check(
                codes::API_RESPONSE_TYPE_CONFLICT,
                "the type the Response section links vs the response example's annotation",
            ),
            check(codes::EXAMPLE_PATH_MISMATCH, "example request paths vs the operation's documented paths"),
            check(codes::EXAMPLE_UNKNOWN_PROPERTY, "example JSON keys vs the resource or request-body table"),
            check(
                codes::EXAMPLE_VALUE_SHAPE,
                "example JSON values vs the declared type (collection, string, number, object)",
            ),
        ],
        run: |model, _, out| examples::check(model, out),
    },
    Group {
        checks: &[
            check(codes::CMDLET_MISSING_PROPERTY, "REST type properties vs the cmdlet's body parameter properties"),
            check(
                codes::CMDLET_EXTRA_PROPERTY,
                "cmdlet body parameter properties vs the REST type or action parameters",
            ),
            check(codes::CMDLET_TYPE_MISMATCH, "cmdlet body property .NET types vs the REST property types"),
            check(codes::CMDLET_REST_PAGE_MISSING, "the cmdlet's Graph API links vs the API pages in the docs"),
            check(codes::CMDLET_PATH_MISMATCH, "the cmdlet noun vs the paths of the operation it links"),
            check(codes::CMDLET_UNKNOWN_REST_TYPE, "the Graph type named by a body parameter vs the types in the docs"),
        ],
        run: |model, _, out| cmdlet::check(model, out),
    },
];

/// Every check, in registry order.
pub fn checks() -> impl Iterator<Item = &'static Check> {
    GROUPS.iter().flat_map(|group| group.checks)
}

/// Runs every check. The result is sorted and holds the page facts' own diagnostics. A group
/// raising a code it did not declare is a bug in docgen, which debug builds (the tests) stop at.
pub fn lint(ir: &Ir, pages: &[PageFacts]) -> Vec<Diagnostic> {
    let model = Model::new(ir);
    let mut out = Vec::new();
    for group in GROUPS {
        let before = out.len();
        (group.run)(&model, pages, &mut out);
        for diagnostic in &out[before..] {
            debug_assert!(
                group.checks.iter().any(|check| check.code == diagnostic.code),
                "a lint check raised {}, which its group does not declare",
                diagnostic.code
            );
        }
    }
    diag::sort(&mut out);
    out
}

/// The IR indexed for lookups.
pub(crate) struct Model<'ir> {
    pub(crate) ir: &'ir Ir,
    /// Types by qualified name, bases and subtypes.
    hierarchy: Hierarchy<'ir>,
    /// Lower-cased simple name -> types, qualified-name order.
    pub(crate) by_simple: BTreeMap<String, Vec<&'ir ir::Type>>,
    /// Lower-cased qualified name -> enum.
    pub(crate) enums: BTreeMap<String, &'ir ir::Enum>,
    /// Operation id -> operation.
    pub(crate) operations: BTreeMap<&'ir str, &'ir ir::Operation>,
}

impl<'ir> Model<'ir> {
    pub(crate) fn new(ir: &'ir Ir) -> Model<'ir> {
        let mut model = Model {
            ir,
            hierarchy: Hierarchy::new(ir),
            by_simple: BTreeMap::new(),
            enums: BTreeMap::new(),
            operations: ir.operations.iter().map(|op| (op.id.as_str(), op)).collect(),
        };
        for ty in &ir.types {
            model.by_simple.entry(ty.name.to_ascii_lowercase()).or_default().push(ty);
        }
        for en in &ir.enums {
            model.enums.insert(en.qualified_name().to_ascii_lowercase(), en);
        }
        model
    }

    pub(crate) fn type_named(&self, qualified: &str) -> Option<&'ir ir::Type> {
        self.hierarchy.get(qualified)
    }

    /// The type and its ancestors, nearest first (cycles cut).
    pub(crate) fn ancestry(&self, ty: &'ir ir::Type) -> Vec<&'ir ir::Type> {
        let mut chain = vec![ty];
        chain.extend(self.hierarchy.ancestors(ty));
        chain
    }

    /// The type, its ancestors and all its descendants: every type an object declared as `ty`
    /// may really be.
    pub(crate) fn family(&self, ty: &'ir ir::Type) -> Vec<&'ir ir::Type> {
        let mut family = self.ancestry(ty);
        family.extend(self.hierarchy.descendants(ty));
        family
    }

    /// Lower-cased names of the navigation properties of the type and its ancestors.
    pub(crate) fn navigation_names(&self, ty: &'ir ir::Type) -> BTreeSet<String> {
        self.ancestry(ty)
            .iter()
            .flat_map(|ancestor| &ancestor.navigation)
            .map(|nav| nav.name.to_ascii_lowercase())
            .collect()
    }

    /// Properties of the type and its ancestors, by name.
    pub(crate) fn properties(&self, ty: &'ir ir::Type) -> BTreeMap<&'ir str, &'ir ir::Property> {
        let mut properties = BTreeMap::new();
        for ancestor in self.ancestry(ty).into_iter().rev() {
            for property in &ancestor.properties {
                properties.insert(property.name.as_str(), property);
            }
        }
        properties
    }
}

/// Links in tables to pages the root does not have. A link into a folder that holds no page at
/// all is left alone: the root is a part of the docs, not all of them.
fn missing_pages(pages: &[PageFacts], out: &mut Vec<Diagnostic>) {
    let existing: BTreeSet<String> = pages.iter().map(|facts| facts.path.to_ascii_lowercase()).collect();
    let folders: BTreeSet<&str> =
        existing.iter().map(|path| path.rsplit_once('/').map_or("", |(folder, _)| folder)).collect();
    for facts in pages {
        for link in &facts.links {
            let folder = link.target.rsplit_once('/').map_or("", |(folder, _)| folder);
            if existing.contains(&link.target) || !folders.contains(folder) {
                continue;
            }
            let table = if link.methods_table { "Methods table" } else { "table" };
            out.push(Diagnostic::new(
                codes::LINK_MISSING_PAGE,
                &facts.path,
                link.line,
                format!(
                    "{table} links \"{}\" to \"{}\", but no page {} exists; fix the link or add the page",
                    link.text, link.written, link.target
                ),
            ));
        }
    }
}

/// Resource JSON representations against the Properties (and Relationships) tables.
fn json_representations(model: &Model<'_>, pages: &[PageFacts], out: &mut Vec<Diagnostic>) {
    let json_lines: BTreeMap<&str, &PageFacts> = pages.iter().map(|facts| (facts.path.as_str(), facts)).collect();
    for ty in &model.ir.types {
        let Some(keys) = &ty.json_keys else { continue };
        if ty.properties.is_empty() {
            continue;
        }
        let qualified = ty.qualified_name();
        let line = json_lines
            .get(&*ty.source.file)
            .and_then(|facts| {
                let matching = facts
                    .json_blocks
                    .iter()
                    .find(|(odata, _)| odata.as_deref().is_some_and(|odata| odata.eq_ignore_ascii_case(&qualified)));
                matching.or_else(|| facts.json_blocks.first().filter(|_| facts.json_blocks.len() == 1))
            })
            .map_or(ty.source.line, |(_, line)| *line);
        let properties = model.properties(ty);
        let navigation = model.navigation_names(ty);
        let json: BTreeSet<&str> = keys.iter().map(String::as_str).collect();
        let json_lower: BTreeMap<String, &str> =
            keys.iter().map(|key| (key.to_ascii_lowercase(), key.as_str())).collect();
        for key in keys {
            if key.contains('@') || properties.contains_key(key.as_str()) {
                continue;
            }
            let lower = key.to_ascii_lowercase();
            if let Some(property) = properties.values().find(|property| property.name.to_ascii_lowercase() == lower) {
                out.push(Diagnostic::new(
                    codes::RESOURCE_JSON_CASE,
                    &ty.source.file,
                    line,
                    format!(
                        "JSON representation of {} spells \"{key}\" but the Properties table has \"{}\"; use one spelling",
                        ty.name, property.name
                    ),
                ));
            } else if !navigation.contains(&lower) {
                out.push(Diagnostic::new(
                    codes::RESOURCE_JSON_EXTRA,
                    &ty.source.file,
                    line,
                    format!(
                        "JSON representation of {} has \"{key}\", which neither the Properties nor the Relationships table lists; add the row or drop the key",
                        ty.name
                    ),
                ));
            }
        }
        for property in &ty.properties {
            if json.contains(property.name.as_str()) || json_lower.contains_key(&property.name.to_ascii_lowercase()) {
                continue;
            }
            out.push(Diagnostic::new(
                codes::RESOURCE_JSON_MISSING,
                &property.source.file,
                property.source.line,
                format!(
                    "property \"{}\" of {} is missing from the JSON representation; add it there",
                    property.name, ty.name
                ),
            ));
        }
    }
}

/// "Possible values are" lists against the enum table their property's type names.
fn inline_enums(model: &Model<'_>, out: &mut Vec<Diagnostic>) {
    for ty in &model.ir.types {
        for property in &ty.properties {
            if property.inline_enum.is_empty() {
                continue;
            }
            let Some(en) = model.enums.get(&property.type_.name.to_ascii_lowercase()) else { continue };
            // The table's own members: those the link stage added from this very list are not
            // the table's.
            let table: BTreeSet<&str> =
                en.members.iter().filter(|member| member.from.is_none()).map(|member| member.name.as_str()).collect();
            let prose: BTreeSet<&str> = property.inline_enum.iter().map(String::as_str).collect();
            let only_prose: Vec<&str> = prose.difference(&table).copied().collect();
            // `unknownFutureValue` is the evolvable-enum sentinel: tables list it, prose often
            // leaves it out on purpose.
            let only_table: Vec<&str> =
                table.difference(&prose).copied().filter(|member| *member != "unknownFutureValue").collect();
            if only_prose.is_empty() && only_table.is_empty() {
                continue;
            }
            let mut parts = Vec::new();
            if !only_prose.is_empty() {
                parts.push(format!("lists {} that the {} table lacks", quoted(&only_prose), en.name));
            }
            if !only_table.is_empty() {
                parts.push(format!("leaves out {} that the table has", quoted(&only_table)));
            }
            out.push(Diagnostic::new(
                codes::ENUM_INLINE_MISMATCH,
                &property.source.file,
                property.source.line,
                format!(
                    "\"Possible values\" of {}.{} {}; make the two agree",
                    ty.name,
                    property.name,
                    parts.join(" and ")
                ),
            ));
        }
    }
}

/// `"a", "b"`.
pub(crate) fn quoted(names: &[&str]) -> String {
    names.iter().map(|name| format!("\"{name}\"")).collect::<Vec<_>>().join(", ")
}
