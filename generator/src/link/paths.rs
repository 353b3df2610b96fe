//! Navigations the docs state only as HTTP paths.
//!
//! `GET /deviceManagement/assignmentFilters/{id}` says that what `/deviceManagement` returns has
//! a navigation `assignmentFilters`, even when no Relationships table lists it. Once operations
//! are resolved, every documented GET tells what type a path returns; a fixed segment that follows
//! a path returning one entity, and whose own path returns a known type, is a navigation of that
//! entity unless the type (or a base) already has a property or navigation of that name. Nothing
//! is guessed: a segment whose path returns no documented type adds nothing. Each added
//! navigation says where it came from (`from: "path"`) and is an info diagnostic on the page
//! that documents the type, so the writer can add the row.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{codes, Diagnostic};
use crate::ir::{self, TypeKind, TypeRef};

/// What a path returns: a type, one or a collection, and the request line that says so.
#[derive(Debug, Clone)]
struct Returns {
    type_: String,
    collection: bool,
    source: ir::Source,
    line: String,
}

/// Adds the navigations the operations' paths state to `types` (sorted by qualified name).
pub fn infer_navigations(types: &mut [ir::Type], operations: &[ir::Operation], diagnostics: &mut Vec<Diagnostic>) {
    let index = super::case_insensitive_index(types);
    let returns = returned_types(operations, &index, types);
    let mut added: BTreeMap<usize, Vec<ir::Navigation>> = BTreeMap::new();
    let mut seen: BTreeSet<(usize, String)> = BTreeSet::new();
    for (path, target) in &returns {
        let Some((parent, segment)) = path.rsplit_once('/') else { continue };
        if !is_navigation_segment(segment) {
            continue;
        }
        let Some(owner) = single_entity(&returns, parent).and_then(|owner| index.get(&owner.to_ascii_lowercase()))
        else {
            continue;
        };
        let owner = *owner;
        if has_member(types, &index, owner, segment) || !seen.insert((owner, segment.to_ascii_lowercase())) {
            continue;
        }
        // A collection path's items are addressed by key: `/a/{}` returns one of what `/a` lists.
        let collection = target.collection || returns.contains_key(&format!("{path}/{{}}"));
        added.entry(owner).or_default().push(ir::Navigation {
            name: segment.to_owned(),
            type_: TypeRef::resolved(&target.type_),
            collection,
            description: String::new(),
            from: Some("path".to_owned()),
            source: target.source.clone(),
        });
    }
    for (owner, navigations) in added {
        let ty = &mut types[owner];
        for navigation in navigations {
            diagnostics.push(Diagnostic::new(
                codes::LINK_PATH_NAVIGATION,
                &ty.source.file,
                ty.source.line,
                format!(
                    "\"{}\" has a navigation \"{}\" ({}{} on {}) that its Relationships table does not list; add the row",
                    ty.name,
                    navigation.name,
                    if navigation.collection { "a collection of " } else { "" },
                    navigation.type_.name,
                    navigation.source.file,
                ),
            ));
            ty.navigation.push(navigation);
        }
    }
}

/// Each path (keys written `{}`) that a GET with a known, defined response type reads, with the
/// type. A path that pages give different types (per-subtype pages, doc errors) is left out.
fn returned_types(
    operations: &[ir::Operation],
    index: &BTreeMap<String, usize>,
    types: &[ir::Type],
) -> BTreeMap<String, Returns> {
    // What GETs read; then, for paths no GET documents, what POSTs answered with 201 Created and
    // the new item add to (a collection of it). Per-subtype create pages disagree on the type, so
    // they never overrule a GET.
    let mut returns = typed_paths(operations, index, types, false);
    for (path, created) in typed_paths(operations, index, types, true) {
        returns.entry(path).or_insert(created);
    }
    returns
}

/// The paths of GET requests (or of creating POSTs) with a known, defined response type; a path
/// that pages give different types is left out.
fn typed_paths(
    operations: &[ir::Operation],
    index: &BTreeMap<String, usize>,
    types: &[ir::Type],
    creates: bool,
) -> BTreeMap<String, Returns> {
    let mut returns: BTreeMap<String, Returns> = BTreeMap::new();
    let mut disputed: BTreeSet<String> = BTreeSet::new();
    for op in operations {
        let Some(type_) = &op.response.type_ else { continue };
        let Some(&at) = index.get(&type_.name.to_ascii_lowercase()) else { continue };
        if creates && (op.response.status != Some(201) || op.response.collection) {
            continue;
        }
        let method = if creates { "POST" } else { "GET" };
        for request in op.requests.iter().filter(|request| request.method == method) {
            let Some(path) = normalize(&request.path) else { continue };
            let entry = Returns {
                type_: types[at].qualified_name(),
                collection: op.response.collection || creates,
                source: request.source.clone(),
                line: request.path.clone(),
            };
            match returns.get(&path) {
                Some(known) if (&known.type_, known.collection) != (&entry.type_, entry.collection) => {
                    disputed.insert(path);
                }
                Some(_) => {}
                None => {
                    returns.insert(path, entry);
                }
            }
        }
    }
    returns.retain(|path, _| !disputed.contains(path));
    returns
}

/// The type `path` returns when it is one entity: a GET of it returns one, or it is a key into
/// a path that lists them.
fn single_entity<'r>(returns: &'r BTreeMap<String, Returns>, path: &str) -> Option<&'r str> {
    if let Some(returned) = returns.get(path) {
        return (!returned.collection).then_some(returned.type_.as_str());
    }
    let listed = path.strip_suffix("/{}")?;
    returns.get(listed).filter(|returned| returned.collection).map(|returned| returned.type_.as_str())
}

/// Whether the type at `owner`, or a base of it, has a property or navigation `name`.
fn has_member(types: &[ir::Type], index: &BTreeMap<String, usize>, owner: usize, name: &str) -> bool {
    let mut current = Some(owner);
    let mut visited = BTreeSet::new();
    while let Some(at) = current {
        if !visited.insert(at) {
            return false;
        }
        let ty = &types[at];
        let named = |other: &str| other.eq_ignore_ascii_case(name);
        if ty.properties.iter().any(|property| named(&property.name))
            || ty.navigation.iter().any(|navigation| named(&navigation.name))
        {
            return true;
        }
        current = ty.base.as_ref().and_then(|base| index.get(&base.name.to_ascii_lowercase()).copied());
    }
    false
}

/// `/users/{id}/messages/{message-id}` -> `/users/{}/messages/{}`; `None` for paths with
/// functions, casts, `$value` and other segments that are not plain names or keys.
fn normalize(path: &str) -> Option<String> {
    let mut normalized = String::new();
    // `/me` is the signed-in user: `/users/{id}` (the docs give both forms of the same request).
    let path = match path.strip_prefix("/me") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            normalized.push_str("/users/{}");
            rest
        }
        _ => path,
    };
    for segment in path.trim_end_matches('/').split('/').skip(1) {
        normalized.push('/');
        if segment.starts_with('{') && segment.ends_with('}') && !segment[1..].contains(['{', '/']) {
            normalized.push_str("{}");
        } else if is_navigation_segment(segment) {
            normalized.push_str(segment);
        } else {
            return None;
        }
    }
    (!normalized.is_empty()).then_some(normalized)
}

/// A segment that can name a navigation: letters and digits, a lower-case letter first (Graph's
/// navigations are camel case; `Range` and `UsedRange` are workbook functions), not read like a
/// function called without parentheses.
fn is_navigation_segment(segment: &str) -> bool {
    segment.starts_with(|first: char| first.is_ascii_lowercase())
        && segment.chars().all(|symbol| symbol.is_ascii_alphanumeric())
        && !reads_like_function(segment)
}

/// Whether `name` starts with a verb functions start with (`getSourceImages`, `delta`): the docs
/// call such functions without parentheses, so their path segments look like navigations.
pub fn reads_like_function(name: &str) -> bool {
    let first_word: String = name.chars().take_while(|symbol| !symbol.is_ascii_uppercase()).collect();
    FUNCTION_VERBS.contains(&first_word.to_ascii_lowercase().as_str())
}

/// First words of functions the docs call without parentheses (`getSourceImages`, `delta`), and
/// of actions whose POST answers 201 Created (`copy`, `createReply`, `move`).
const FUNCTION_VERBS: &[&str] = &[
    "are",
    "assign",
    "check",
    "compare",
    "copy",
    "create",
    "delta",
    "dismiss",
    "download",
    "evaluate",
    "export",
    "filter",
    "find",
    "forward",
    "get",
    "has",
    "instantiate",
    "is",
    "move",
    "reply",
    "restore",
    "search",
    "send",
    "summarize",
    "validate",
    "verify",
];

/// Types whose items a path addresses by key are entities (`/security/alerts/{id}`), whatever
/// kind the page's tables suggested; each change is an info diagnostic.
pub fn infer_entities(types: &mut [ir::Type], operations: &[ir::Operation], diagnostics: &mut Vec<Diagnostic>) {
    let index = super::case_insensitive_index(types);
    let returns = returned_types(operations, &index, types);
    let mut keyed: BTreeMap<usize, String> = BTreeMap::new();
    for (path, returned) in &returns {
        // `/a/{}` returning one thing reads an item by its key.
        if path.ends_with("/{}") && !returned.collection {
            if let Some(&at) = index.get(&returned.type_.to_ascii_lowercase()) {
                keyed.entry(at).or_insert_with(|| returned.line.clone());
            }
        }
    }
    for (at, line) in keyed {
        let why = format!("is addressed by key (GET {line})");
        super::make_entity(&mut types[at], "path", codes::LINK_PATH_ENTITY, &why, diagnostics);
    }
}

/// A Properties-table row whose type is an entity some documented GET returns is a navigation:
/// relationships point at entities, and properties hold values. The row moves to the navigations,
/// marked `from: "properties-table"`, with an info diagnostic. Rows that carry facts a navigation
/// has no place for (deprecated, inherited, possible values) stay.
pub fn rows_to_navigations(types: &mut [ir::Type], operations: &[ir::Operation], diagnostics: &mut Vec<Diagnostic>) {
    let entities: BTreeSet<String> = types
        .iter()
        .filter(|ty| ty.kind == TypeKind::Entity)
        .map(|ty| ty.qualified_name().to_ascii_lowercase())
        .collect();
    let read: BTreeSet<String> = operations
        .iter()
        .filter(|op| op.method == "GET")
        .filter_map(|op| op.response.type_.as_ref())
        .map(|ty| ty.name.to_ascii_lowercase())
        .filter(|name| entities.contains(name))
        .collect();
    for ty in types.iter_mut() {
        let (moved, kept): (Vec<ir::Property>, Vec<ir::Property>) =
            std::mem::take(&mut ty.properties).into_iter().partition(|property| {
                read.contains(&property.type_.name.to_ascii_lowercase())
                    && !property.deprecated
                    && property.inherited_from.is_none()
                    && property.inline_enum.is_empty()
            });
        ty.properties = kept;
        for property in moved {
            diagnostics.push(Diagnostic::new(
                codes::LINK_ROW_IS_NAVIGATION,
                &property.source.file,
                property.source.line,
                format!(
                    "\"{}\" of \"{}\" is typed {}, an entity the docs read by GET, so it is a relationship; move the row to the Relationships table",
                    property.name, ty.name, property.type_.name
                ),
            ));
            ty.navigation.push(ir::Navigation {
                name: property.name,
                type_: property.type_,
                collection: property.collection,
                description: property.description,
                from: Some("properties-table".to_owned()),
                source: property.source,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn paths_normalize_to_names_and_keys() {
        assert_eq!(normalize("/users/{id}/messages/{message-id}").as_deref(), Some("/users/{}/messages/{}"));
        assert_eq!(
            normalize("/deviceManagement/assignmentFilters").as_deref(),
            Some("/deviceManagement/assignmentFilters")
        );
        assert_eq!(normalize("/me/drive/root:/{path}:"), None);
        assert_eq!(normalize("/reports/getEmailActivity(period='{p}')"), None);
        assert_eq!(normalize("/users/{id}/photo/$value"), None);
        assert_eq!(normalize("/"), None);
    }
}
