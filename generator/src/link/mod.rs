//! Link stage: per-page fragments -> one resolved, merged, sorted `Ir`.
//!
//! Two phases, so page order and forward references don't matter: first every type and enum
//! name is registered (by qualified name, by simple name, by defining page); then every type
//! reference is resolved (link text first, then the linked page), types and enums documented on
//! several pages are merged, base types are settled ("Inherits from", the annotation, then the
//! "Inherited from `[x]`" hints of property rows; entities default to `microsoft.graph.entity`) and
//! everything is sorted.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::diag::{self, codes, Diagnostic};
use crate::extract::{split_qualified, Fragment, PageKind, DEFAULT_NAMESPACE};
use crate::ir::{self, Ir, PageCounts, TypeKind, TypeRef};

mod members;
mod paths;

pub use paths::reads_like_function;

/// The root entity type every keyed Graph type derives from.
pub const ENTITY: &str = "microsoft.graph.entity";

/// Links the fragments of every page into the IR. `failed` lists pages that could not be read,
/// with their diagnostics.
pub fn link(fragments: Vec<Fragment>, failed: Vec<Diagnostic>) -> Ir {
    let mut diagnostics: Vec<Diagnostic> = failed.clone();
    let mut pages = PageCounts { total: fragments.len() + failed.len(), failed: failed.len(), ..PageCounts::default() };
    for fragment in &fragments {
        match fragment.kind {
            PageKind::Resource => pages.resource += 1,
            PageKind::Enum => pages.enum_ += 1,
            PageKind::Api => pages.api += 1,
            PageKind::Cmdlet => pages.cmdlet += 1,
            PageKind::Other => pages.other += 1,
        }
    }
    let registry = Registry::new(&fragments);
    let mut types: Vec<ir::Type> = Vec::new();
    let mut enums: Vec<ir::Enum> = Vec::new();
    let mut operations: Vec<ir::Operation> = Vec::new();
    let mut cmdlets: Vec<ir::Cmdlet> = Vec::new();
    for fragment in fragments {
        diagnostics.extend(fragment.diagnostics);
        types.extend(fragment.types);
        enums.extend(fragment.enums);
        operations.extend(fragment.operations);
        cmdlets.extend(fragment.cmdlets);
    }
    let mut resolver = Resolver { registry: &registry, diagnostics: &mut diagnostics };
    for ty in &mut types {
        resolver.resolve_type(ty);
    }
    for operation in &mut operations {
        resolver.resolve_operation(operation);
    }
    let mut types = merge_types(types, &mut diagnostics);
    let enums = merge_enums(enums, &mut diagnostics);
    operations.sort_by(|a, b| (&a.id, &a.source).cmp(&(&b.id, &b.source)));
    // Facts other pages state come first: the bases of entities follow from them.
    derived_lists(&mut types, &mut diagnostics);
    paths::infer_entities(&mut types, &operations, &mut diagnostics);
    navigation_targets(&mut types, &mut diagnostics);
    settle_bases(&mut types, &mut diagnostics);
    types.sort_by_cached_key(|ty| (ty.qualified_name(), ty.source.clone()));
    paths::infer_navigations(&mut types, &operations, &mut diagnostics);
    paths::rows_to_navigations(&mut types, &operations, &mut diagnostics);
    let mut enums = enums;
    enums.sort_by_cached_key(|en| (en.qualified_name(), en.source.clone()));
    members::members_from_possible_values(&types, &mut enums, &mut diagnostics);
    for pair in operations.windows(2) {
        if pair[0].id == pair[1].id {
            diagnostics.push(Diagnostic::new(
                codes::LINK_DUPLICATE_OPERATION,
                &pair[1].source.file,
                pair[1].source.line,
                format!("operation id \"{}\" is also used by {}; rename one page", pair[1].id, pair[0].source.file),
            ));
        }
    }
    cmdlets.sort_by(|a, b| (&a.name, &a.source).cmp(&(&b.name, &b.source)));
    diag::sort(&mut diagnostics);
    Ir { ir_version: ir::IR_VERSION, pages, types, enums, operations, cmdlets, diagnostics }
}

/// Every defined name. The maps are only looked up, never walked, so they hash.
struct Registry {
    /// Lower-cased qualified name -> canonical qualified name.
    qualified: HashMap<String, String>,
    /// Lower-cased simple name -> canonical qualified names, in page order.
    simple: HashMap<String, Vec<String>>,
    /// Page path (lower-case) -> qualified names it defines.
    by_page: HashMap<String, Vec<String>>,
}

impl Registry {
    fn new(fragments: &[Fragment]) -> Registry {
        let mut registry = Registry { qualified: HashMap::new(), simple: HashMap::new(), by_page: HashMap::new() };
        for fragment in fragments {
            let names = fragment
                .types
                .iter()
                .map(|ty| (ty.namespace.as_str(), ty.name.as_str()))
                .chain(fragment.enums.iter().map(|en| (en.namespace.as_str(), en.name.as_str())));
            for (namespace, name) in names {
                let qualified = format!("{namespace}.{name}");
                let canonical =
                    registry.qualified.entry(qualified.to_lowercase()).or_insert_with(|| qualified.clone()).clone();
                let same_simple = registry.simple.entry(name.to_lowercase()).or_default();
                if !same_simple.contains(&canonical) {
                    same_simple.push(canonical.clone());
                }
                let on_page = registry.by_page.entry(fragment.path.to_lowercase()).or_default();
                if !on_page.contains(&canonical) {
                    on_page.push(canonical);
                }
            }
        }
        registry
    }

    /// The defined type or enum `namespace.name`, whatever the case.
    fn lookup(&self, namespace: &str, name: &str) -> Option<&String> {
        let mut key = String::with_capacity(namespace.len() + 1 + name.len());
        key.push_str(namespace);
        key.push('.');
        key.push_str(name);
        if key.is_ascii() {
            key.make_ascii_lowercase();
        } else {
            key = key.to_lowercase();
        }
        self.qualified.get(&key)
    }

    /// Resolves a name as the docs wrote it.
    fn resolve(&self, unresolved: &ir::Unresolved) -> Option<String> {
        let name = unresolved.name.trim();
        if name.contains('.') {
            if let Some(found) = split_qualified(name).and_then(|(namespace, simple)| self.lookup(&namespace, &simple))
            {
                return Some(found.clone());
            }
        } else {
            for namespace in [unresolved.page_namespace.as_str(), DEFAULT_NAMESPACE] {
                if let Some(found) = self.lookup(namespace, name) {
                    return Some(found.clone());
                }
            }
            if let Some([only]) = self.simple.get(&name.to_lowercase()).map(Vec::as_slice) {
                return Some(only.clone());
            }
        }
        // The link text names nothing: the linked page's type (dialect guide §5, "link text ≠ target").
        let on_page = self.by_page.get(unresolved.target.as_deref()?)?;
        let simple = name.rsplit('.').next().unwrap_or(name).to_lowercase();
        on_page
            .iter()
            .find(|qualified| qualified.rsplit('.').next().is_some_and(|other| other.to_lowercase() == simple))
            .or_else(|| on_page.first().filter(|_| on_page.len() == 1))
            .cloned()
    }
}

struct Resolver<'r> {
    registry: &'r Registry,
    diagnostics: &'r mut Vec<Diagnostic>,
}

impl Resolver<'_> {
    fn resolve(&mut self, type_ref: &mut TypeRef) {
        let Some(unresolved) = type_ref.unresolved.take() else { return };
        match self.registry.resolve(&unresolved) {
            Some(found) => type_ref.name = found,
            None => {
                let qualified =
                    split_qualified(&unresolved.name).filter(|_| unresolved.name.contains('.')).map_or_else(
                        || format!("{}.{}", unresolved.page_namespace, unresolved.name),
                        |(namespace, name)| format!("{namespace}.{name}"),
                    );
                self.diagnostics.push(Diagnostic::new(
                    codes::LINK_UNRESOLVED_TYPE,
                    &unresolved.source.file,
                    unresolved.source.line,
                    format!("type \"{}\" is not defined by any page; kept as \"{qualified}\" (link it to its resource or enum page, or fix the spelling)", unresolved.name),
                ));
                type_ref.name = qualified;
            }
        }
    }

    fn resolve_option(&mut self, type_ref: &mut Option<TypeRef>) {
        if let Some(type_ref) = type_ref {
            self.resolve(type_ref);
        }
    }

    fn resolve_type(&mut self, ty: &mut ir::Type) {
        self.resolve_option(&mut ty.base);
        // A derived-types list links pages; one no page defines is left out quietly (the list
        // only adds facts to the types it names).
        ty.derived.retain_mut(|derived| {
            let Some(unresolved) = derived.unresolved.take() else { return true };
            match self.registry.resolve(&unresolved) {
                Some(found) => {
                    derived.name = found;
                    true
                }
                None => false,
            }
        });
        for property in &mut ty.properties {
            self.resolve(&mut property.type_);
            self.resolve_option(&mut property.inherited_from);
        }
        for navigation in &mut ty.navigation {
            self.resolve(&mut navigation.type_);
        }
        for method in &mut ty.methods {
            self.resolve_option(&mut method.returns);
        }
    }

    fn resolve_operation(&mut self, operation: &mut ir::Operation) {
        for param in operation.function_params.iter_mut().chain(operation.query_params.iter_mut()) {
            self.resolve_option(&mut param.type_);
        }
        if let Some(body) = &mut operation.request_body {
            self.resolve_option(&mut body.type_);
            for property in &mut body.properties {
                self.resolve(&mut property.type_);
                self.resolve_option(&mut property.inherited_from);
            }
        }
        self.resolve_option(&mut operation.response.type_);
        self.resolve_option(&mut operation.response.stated_type);
    }
}

/// Merges types documented on several pages into the first (by page path) and drops repeated
/// properties within a type.
fn merge_types(types: Vec<ir::Type>, diagnostics: &mut Vec<Diagnostic>) -> Vec<ir::Type> {
    let mut merged: BTreeMap<String, ir::Type> = BTreeMap::new();
    let mut sorted = types;
    sorted.sort_by(|a, b| a.source.cmp(&b.source));
    for mut ty in sorted {
        dedup_properties(&mut ty, diagnostics);
        let key = ty.qualified_name().to_lowercase();
        let Some(first) = merged.get_mut(&key) else {
            merged.insert(key, ty);
            continue;
        };
        diagnostics.push(Diagnostic::new(
            codes::LINK_DUPLICATE_TYPE,
            &ty.source.file,
            ty.source.line,
            format!(
                "type \"{}\" is also documented in {}; the two were merged",
                ty.qualified_name(),
                first.source.file
            ),
        ));
        // Indexes by name keep a merge linear in the rows of the two pages.
        let mut property_at: HashMap<String, usize> =
            first.properties.iter().enumerate().map(|(at, known)| (known.name.clone(), at)).collect();
        for property in ty.properties {
            match property_at.get(&property.name).map(|&at| &first.properties[at]) {
                Some(known) if (&known.type_.name, known.collection) != (&property.type_.name, property.collection) => {
                    diagnostics.push(Diagnostic::new(
                        codes::LINK_CONFLICTING_PROPERTY,
                        &property.source.file,
                        property.source.line,
                        format!(
                            "property \"{}\" of \"{}\" has type \"{}\" here but \"{}\" in {}; the first page wins",
                            property.name,
                            first.name,
                            describe(&property.type_, property.collection),
                            describe(&known.type_, known.collection),
                            known.source.file
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    property_at.insert(property.name.clone(), first.properties.len());
                    first.properties.push(property);
                }
            }
        }
        let mut navigations: HashSet<String> = first.navigation.iter().map(|known| known.name.clone()).collect();
        for navigation in ty.navigation {
            if navigations.insert(navigation.name.clone()) {
                first.navigation.push(navigation);
            }
        }
        for derived in ty.derived {
            if !first.derived.iter().any(|known| known.name == derived.name) {
                first.derived.push(derived);
            }
        }
        // Each page's Methods table lists operations of the one type.
        let mut methods: HashSet<(Option<String>, String)> =
            first.methods.iter().map(|known| (known.operation.clone(), known.name.clone())).collect();
        for method in ty.methods {
            let listed =
                method.operation.is_some() && first.methods.iter().any(|known| known.operation == method.operation);
            if !listed && methods.insert((method.operation.clone(), method.name.clone())) {
                first.methods.push(method);
            }
        }
        if first.base.is_none() {
            first.base = ty.base;
        }
        if first.description.is_empty() {
            first.description = ty.description;
        }
        if ty.kind == TypeKind::Entity {
            first.kind = TypeKind::Entity;
        }
        first.key = first.key.take().or(ty.key);
        first.also_defined_in.push(ty.source);
    }
    merged.into_values().collect()
}

/// A base page's list of derived types gives each listed type without a stated base its base.
fn derived_lists(types: &mut [ir::Type], diagnostics: &mut Vec<Diagnostic>) {
    let index = case_insensitive_index(types);
    let mut bases: Vec<(usize, String, ir::Source)> = Vec::new();
    for ty in types.iter() {
        let own = ty.qualified_name();
        for derived in &ty.derived {
            if let Some(&at) = index.get(&derived.name.to_ascii_lowercase()) {
                if !derived.name.eq_ignore_ascii_case(&own) {
                    bases.push((at, own.clone(), ty.source.clone()));
                }
            }
        }
    }
    for (at, base, listed_on) in bases {
        let ty = &mut types[at];
        // Its own page's "Inherited from [x]" rows state a base too; settle_bases reads them.
        if ty.base.is_some() || ty.properties.iter().any(|property| property.inherited_from.is_some()) {
            continue;
        }
        diagnostics.push(Diagnostic::new(
            codes::LINK_DERIVED_BASE,
            &ty.source.file,
            ty.source.line,
            format!(
                "\"{}\" derives from \"{base}\", whose page {} lists it among its derived types; say so on this page too (\"Inherits from [{}](...)\")",
                ty.name,
                listed_on.file,
                base.rsplit('.').next().unwrap_or(&base)
            ),
        ));
        ty.base = Some(TypeRef::resolved(&base));
        ty.base_from = Some("derived-list".to_owned());
    }
}

/// Relationships point at entities: a type a Relationships table names, whose own page states
/// neither a key nor a base, is an entity.
fn navigation_targets(types: &mut [ir::Type], diagnostics: &mut Vec<Diagnostic>) {
    let index = case_insensitive_index(types);
    let mut targets: BTreeMap<usize, String> = BTreeMap::new();
    for ty in types.iter() {
        for navigation in ty.navigation.iter().filter(|navigation| navigation.from.is_none()) {
            if let Some(&at) = index.get(&navigation.type_.name.to_ascii_lowercase()) {
                targets.entry(at).or_insert_with(|| format!("{}.{}", ty.name, navigation.name));
            }
        }
    }
    for (at, relationship) in targets {
        let why = format!("is the type of the relationship {relationship}, and relationships point at entities");
        make_entity(&mut types[at], "navigation", codes::LINK_NAVIGATION_ENTITY, &why, diagnostics);
    }
}

/// Makes a type the tables left complex, and whose page states no base (a base decides the
/// kind), an entity because of what other pages state (`from`, `why`), with an info diagnostic.
pub(crate) fn make_entity(
    ty: &mut ir::Type,
    from: &str,
    code: &'static str,
    why: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if ty.kind != TypeKind::Complex || ty.base.is_some() {
        return;
    }
    mark_entity(ty, from, code, why, diagnostics);
}

/// Makes `ty` an entity because of what other pages state (`from`, `why`), with an info
/// diagnostic on its page.
fn mark_entity(ty: &mut ir::Type, from: &str, code: &'static str, why: &str, diagnostics: &mut Vec<Diagnostic>) {
    ty.kind = TypeKind::Entity;
    ty.kind_from = Some(from.to_owned());
    diagnostics.push(Diagnostic::new(
        code,
        &ty.source.file,
        ty.source.line,
        format!(
            "\"{}\" {why}, so it is an entity; say so on its page (a key property, or \"keyProperty\" in the annotation)",
            ty.name
        ),
    ));
}

/// Lower-cased qualified name -> position in a list of types. Only looked up, never walked, so a
/// hash map: a sorted map compares every key on the way with its `microsoft.graph.` prefix.
pub(crate) type TypeIndex = HashMap<String, usize>;

/// Lower-cased qualified name -> position in `types`.
pub(crate) fn case_insensitive_index(types: &[ir::Type]) -> TypeIndex {
    types.iter().enumerate().map(|(at, ty)| (ty.qualified_name().to_ascii_lowercase(), at)).collect()
}

fn describe(type_ref: &TypeRef, collection: bool) -> String {
    if collection {
        format!("Collection({})", type_ref.name)
    } else {
        type_ref.name.clone()
    }
}

fn dedup_properties(ty: &mut ir::Type, diagnostics: &mut Vec<Diagnostic>) {
    // Property name -> where it was first listed.
    let mut seen: BTreeMap<String, ir::Source> = BTreeMap::new();
    let name = ty.name.clone();
    ty.properties.retain(|property| {
        let first = seen.get(&property.name);
        let fresh = first.is_none();
        if let Some(first) = first {
            let place = if first.file == property.source.file {
                format!("line {}", first.line)
            } else {
                format!("{}:{}", first.file, first.line)
            };
            diagnostics.push(
                Diagnostic::new(
                    codes::LINK_DUPLICATE_PROPERTY,
                    &property.source.file,
                    property.source.line,
                    format!(
                        "type \"{name}\" lists property \"{}\" twice; the first row, on {place}, wins",
                        property.name
                    ),
                )
                .related(&first.file, first.line, "first listed here"),
            );
        } else {
            seen.insert(property.name.clone(), property.source.clone());
        }
        fresh
    });
}

/// Merges enums defined on several pages; differing member lists are reported.
fn merge_enums(enums: Vec<ir::Enum>, diagnostics: &mut Vec<Diagnostic>) -> Vec<ir::Enum> {
    let mut merged: BTreeMap<String, ir::Enum> = BTreeMap::new();
    let mut sorted = enums;
    sorted.sort_by(|a, b| a.source.cmp(&b.source));
    for en in sorted {
        let key = en.qualified_name().to_lowercase();
        let Some(first) = merged.get_mut(&key) else {
            merged.insert(key, en);
            continue;
        };
        let known: BTreeSet<&str> = first.members.iter().map(|member| member.name.as_str()).collect();
        let other: BTreeSet<&str> = en.members.iter().map(|member| member.name.as_str()).collect();
        if known != other {
            let only_here: Vec<&str> = other.difference(&known).copied().collect();
            let only_there: Vec<&str> = known.difference(&other).copied().collect();
            diagnostics.push(Diagnostic::new(
                codes::LINK_ENUM_CONFLICT,
                &en.source.file,
                en.source.line,
                format!(
                    "enum \"{}\" has members [{}] only here and [{}] only in {}; the lists were merged",
                    en.qualified_name(),
                    only_here.join(", "),
                    only_there.join(", "),
                    first.source.file
                ),
            ));
        } else {
            diagnostics.push(Diagnostic::new(
                codes::LINK_DUPLICATE_ENUM,
                &en.source.file,
                en.source.line,
                format!("enum \"{}\" is also defined in {}", en.qualified_name(), first.source.file),
            ));
        }
        let mut members: HashSet<String> = first.members.iter().map(|known| known.name.clone()).collect();
        for member in en.members {
            if members.insert(member.name.clone()) {
                first.members.push(member);
            }
        }
        first.flags |= en.flags;
        first.also_defined_in.push(en.source);
    }
    merged.into_values().collect()
}

/// Settles base types and kinds: "Inherited from" hints where no base is stated, entity as the
/// default base of entities, entity kind for types deriving from entities, cycles cut.
fn settle_bases(types: &mut [ir::Type], diagnostics: &mut Vec<Diagnostic>) {
    let index: HashMap<String, usize> = types.iter().enumerate().map(|(idx, ty)| (ty.qualified_name(), idx)).collect();
    // Hints: the most derived ancestor named by "Inherited from [x]" rows.
    for idx in 0..types.len() {
        if types[idx].base.is_some() {
            continue;
        }
        let own = types[idx].qualified_name();
        let mut hints: Vec<String> = Vec::new();
        for property in &types[idx].properties {
            if let Some(hint) = &property.inherited_from {
                if hint.name != own && !hints.contains(&hint.name) {
                    hints.push(hint.name.clone());
                }
            }
        }
        // Not an ancestor of another hint; among those, `entity` last (it is everyone's ancestor,
        // even where the chain between is undocumented).
        let candidates: Vec<&String> = hints
            .iter()
            .filter(|hint| !hints.iter().any(|other| other != *hint && ancestors(types, &index, other).contains(*hint)))
            .collect();
        let most_derived =
            candidates.iter().find(|hint| hint.as_str() != ENTITY).or(candidates.first()).map(|hint| (*hint).clone());
        types[idx].base = most_derived.map(TypeRef::resolved);
    }
    // Cycles.
    for idx in 0..types.len() {
        let own = types[idx].qualified_name();
        let chain = ancestors(types, &index, &own);
        if chain.contains(&own) {
            let ty = &mut types[idx];
            diagnostics.push(Diagnostic::new(
                codes::LINK_BASE_CYCLE,
                &ty.source.file,
                ty.source.line,
                format!("base types of \"{own}\" lead back to itself ({}); its base was dropped", chain.join(" -> ")),
            ));
            ty.base = None;
        }
    }
    // Kinds follow the base chain: a type whose chain reaches `entity`, a keyed type or an entity
    // is an entity.
    let in_entity_chain = |types: &[ir::Type], idx: usize| {
        ancestors(types, &index, &types[idx].qualified_name()).iter().any(|ancestor| {
            ancestor == ENTITY
                || index
                    .get(ancestor)
                    .is_some_and(|&other| types[other].key.is_some() || types[other].kind == TypeKind::Entity)
        })
    };
    // Only entities derive from entities: a type an entity derives from (however far up its
    // chain) is an entity too, when nothing above it says so already. The topmost such type of a
    // chain is the one to mark (and to report): the types below it follow from it.
    let mut bases_of_entities: Vec<(usize, String)> = Vec::new();
    for ty in types.iter().filter(|ty| ty.kind == TypeKind::Entity || ty.key.is_some()) {
        for ancestor in ancestors(types, &index, &ty.qualified_name()).iter().rev() {
            if let Some(&at) = index.get(ancestor) {
                bases_of_entities.push((at, ty.name.clone()));
            }
        }
    }
    for (at, derived) in bases_of_entities {
        if types[at].kind == TypeKind::Complex && types[at].key.is_none() && !in_entity_chain(types, at) {
            let why = format!("is a base of the entity \"{derived}\", and only entities derive from entities");
            mark_entity(&mut types[at], "derived", codes::LINK_BASE_ENTITY, &why, diagnostics);
        }
    }
    // The other way round, an entity's subtypes are entities (whichever is settled first);
    // entities without a base derive from entity.
    for idx in 0..types.len() {
        if in_entity_chain(types, idx) {
            types[idx].kind = TypeKind::Entity;
        }
        let ty = &mut types[idx];
        if ty.kind == TypeKind::Entity && ty.base.is_none() && ty.qualified_name() != ENTITY {
            ty.base = Some(TypeRef::resolved(ENTITY));
        }
    }
}

/// The base chain of a type, nearest first, stopping at a repeat.
fn ancestors(types: &[ir::Type], index: &HashMap<String, usize>, qualified: &str) -> Vec<String> {
    let mut chain: Vec<String> = Vec::new();
    let mut current = index.get(qualified).and_then(|&idx| types[idx].base.as_ref()).map(|base| base.name.clone());
    while let Some(name) = current {
        if chain.contains(&name) {
            break;
        }
        chain.push(name.clone());
        if name == qualified {
            break;
        }
        current = index.get(&name).and_then(|&idx| types[idx].base.as_ref()).map(|base| base.name.clone());
    }
    chain
}
