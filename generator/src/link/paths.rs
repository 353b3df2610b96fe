//! Navigations the docs state only as HTTP paths.
//!
//! `GET /deviceManagement/assignmentFilters/{id}` says that what `/deviceManagement` returns has
//! a navigation `assignmentFilters`, even when no Relationships table lists it. Once operations
//! are resolved, the requests tell what type a path holds (GETs, PUTs and creating POSTs, the
//! paths their keys index, and the segments between them: see `returned_types`), and a
//! resource's Methods table can say whose a path is (`methods_table_owners`). A fixed segment
//! that follows a path holding one entity, and whose own path holds a known type, is a navigation
//! of that entity unless the type (or a base) already has a property or navigation of that name.
//! Nothing is guessed: a segment whose path holds no documented type adds nothing. Each added
//! navigation says where it came from (`from: "path"`) and is an info diagnostic on the page
//! that documents the type, so the writer can add the row; the type it points at is an entity.
//!
//! A path no request types may still go through a member the docs declare
//! (`/roleManagement/directory` is the roleManagement page's `directory` row), which types it in
//! turn. A request whose page title names a function (`outlookUser: supportedLanguages`, `GET
//! /me/outlook/supportedLanguages`) calls it, written without parentheses: it types no path.

use std::collections::{BTreeMap, BTreeSet};

use super::TypeIndex;
use crate::diag::{codes, Diagnostic};
use crate::extract::type_cell;
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
    let mut returns = returned_types(operations, &index, types);
    let stated_by_methods = methods_table_owners(types, operations, &index, &returns);
    // A Methods table that says whose `/a/b` is says what `/a` holds, when the type is named
    // after `a` (userAnalytics's "Get settings" row reads `/me/analytics/settings`:
    // `/me/analytics` is a userAnalytics). A table listing another type's requests (directory's
    // lists `/policies/claimsMappingPolicies`) says nothing of what `/policies` is.
    for (path, &owner) in &stated_by_methods {
        let Some((parent, _)) = path.rsplit_once('/') else { continue };
        let Some(read) = returns.get(path) else { continue };
        let Some((_, segment)) = parent.rsplit_once('/') else { continue };
        let named_after = type_cell::strip_suffix_ignore_case(&types[owner].name, segment).is_some();
        if !named_after || segment == "{}" || returns.contains_key(parent) {
            continue;
        }
        let held = Returns { type_: types[owner].qualified_name(), collection: false, ..read.clone() };
        returns.insert(parent.to_owned(), held);
    }
    let mut added: BTreeMap<usize, Vec<ir::Navigation>> = BTreeMap::new();
    let mut seen: BTreeSet<(usize, String)> = BTreeSet::new();
    for (path, target) in &returns {
        let Some((parent, segment)) = path.rsplit_once('/') else { continue };
        if !is_navigation_segment(segment) {
            continue;
        }
        let owner = match single_entity(&returns, parent) {
            Some(owner) => index.get(&owner.to_ascii_lowercase()).copied(),
            None => stated_by_methods.get(path).copied(),
        };
        let Some(owner) = owner else { continue };
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
    let bases = derived_from(types);
    for (owner, navigations) in added {
        for navigation in &navigations {
            // Navigations point at entities, as Relationships rows do (`navigation_targets`); the
            // bases are settled by now, so the new entity gets its own, and a type others derive
            // from stays as its page says.
            let Some(&target) = index.get(&navigation.type_.name.to_ascii_lowercase()) else { continue };
            if types[target].kind != TypeKind::Complex || bases.contains(&navigation.type_.name.to_ascii_lowercase()) {
                continue;
            }
            let why = format!(
                "is what the navigation {}.{} holds ({})",
                types[owner].name, navigation.name, navigation.source.file
            );
            super::make_entity(&mut types[target], "path", codes::LINK_PATH_ENTITY, &why, diagnostics);
            if types[target].kind == TypeKind::Entity && types[target].base.is_none() {
                types[target].base = Some(TypeRef::resolved(super::ENTITY));
            }
        }
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

/// Navigations a Methods table states: a "List x" or "Get x" row of type T linking a GET of
/// `/a/b` (or `/a/b/{id}`) that returns a type outside T's family says T has a navigation `b`
/// (`print`'s "List taskDefinitions" reads `/print/taskDefinitions`), where no GET documents what
/// `/a` is. Each claim covers that one path, keyed without the trailing key. A claim is dropped
/// when two types make it, or when T is already what a shorter path returns (a user's Methods
/// table lists `/users/{id}/outlook/tasks`: the tasks are not the user's own).
fn methods_table_owners(
    types: &[ir::Type],
    operations: &[ir::Operation],
    index: &TypeIndex,
    returns: &BTreeMap<String, Returns>,
) -> BTreeMap<String, usize> {
    let by_id: BTreeMap<&str, &ir::Operation> = operations.iter().map(|op| (op.id.as_str(), op)).collect();
    let mut claims: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (at, ty) in types.iter().enumerate() {
        let own = ty.qualified_name();
        for method in &ty.methods {
            let Some(op) = method.operation.as_deref().and_then(|id| by_id.get(id)) else { continue };
            let Some(returned) = &op.response.type_ else { continue };
            // What the row and the page say it returns must both lie outside T's family.
            let in_family = |name: &str| {
                name.eq_ignore_ascii_case(&own)
                    || is_ancestor(types, index, &own, name)
                    || is_ancestor(types, index, name, &own)
            };
            if in_family(&returned.name) || method.returns.as_ref().is_some_and(|row| in_family(&row.name)) {
                continue;
            }
            let reads =
                ["list ", "get "].iter().any(|verb| type_cell::strip_prefix_ignore_case(&method.name, verb).is_some());
            if !reads {
                continue;
            }
            for request in op.requests.iter().filter(|request| request.method == "GET") {
                let Some(path) = normalize(&request.path) else { continue };
                let path = path.strip_suffix("/{}").unwrap_or(&path);
                let Some((parent, _)) = path.rsplit_once('/') else { continue };
                if !parent.is_empty() && !returns.contains_key(parent) && single_entity(returns, parent).is_none() {
                    claims.entry(path.to_owned()).or_default().insert(at);
                }
            }
        }
    }
    claims
        .into_iter()
        .filter_map(|(path, owners)| {
            let [owner] = owners.into_iter().collect::<Vec<_>>()[..] else { return None };
            let own = types[owner].qualified_name();
            let shorter = path.match_indices('/').map(|(end, _)| &path[..end]).filter(|prefix| !prefix.is_empty());
            let addressed_above = shorter
                .filter_map(|prefix| single_entity(returns, prefix))
                .any(|returned| returned.eq_ignore_ascii_case(&own));
            (!addressed_above).then_some((path, owner))
        })
        .collect()
}

/// Each path (keys written `{}`) the requests say what it holds, with the type: what GETs read
/// (see [`typed_paths`] for paths pages disagree on), what PUTs and creating POSTs write, what a
/// key's path lists, and the types of the segments in between
/// ([`name_intermediate_segments`]).
fn returned_types(operations: &[ir::Operation], index: &TypeIndex, types: &[ir::Type]) -> BTreeMap<String, Returns> {
    let mut returns = requested_types(operations, index, types);
    // An item read by key is one of what the path without the key lists (`/drives/{}/items/{}`
    // returns a driveItem: `/drives/{}/items` lists them), where no GET documents the list.
    let keyed: Vec<(String, Returns)> = returns
        .iter()
        .filter(|(_, returned)| !returned.collection)
        .filter_map(|(path, returned)| {
            let listed = path.strip_suffix("/{}")?;
            (!returns.contains_key(listed))
                .then(|| (listed.to_owned(), Returns { collection: true, ..returned.clone() }))
        })
        .collect();
    returns.extend(keyed);
    let passed = passed_paths(operations);
    type_through_members(&mut returns, &passed, index, types);
    name_intermediate_segments(&mut returns, &passed, operations, index, types);
    returns
}

/// Every path some request goes through (`/a` and `/a/{}` for `GET /a/{id}/b`), shortest first,
/// with the first request that does.
fn passed_paths(operations: &[ir::Operation]) -> Vec<(String, &ir::RequestLine)> {
    let mut passed: BTreeMap<String, &ir::RequestLine> = BTreeMap::new();
    for request in operations.iter().flat_map(|op| &op.requests) {
        let Some(path) = normalize(&request.path) else { continue };
        let mut end = path.len();
        while let Some(slash) = path[..end].rfind('/') {
            if slash > 0 {
                passed.entry(path[..slash].to_owned()).or_insert(request);
            }
            end = slash;
        }
    }
    let mut passed: Vec<(String, &ir::RequestLine)> = passed.into_iter().collect();
    passed.sort_by_key(|(path, _)| path.matches('/').count());
    passed
}

/// Types for the paths no request types but that go through a member the docs declare: when `/a`
/// holds one `A` and `A` (or a base) has a property or navigation `b` of a defined type `B`,
/// `/a/b` holds `B` (`/roleManagement/directory` is the `rbacApplication` that the
/// roleManagement page's `directory` row says), and `/a/b/{}` one `B` when `b` is a collection.
/// Shorter paths are settled first, so a chain resolves from its start.
fn type_through_members(
    returns: &mut BTreeMap<String, Returns>,
    passed: &[(String, &ir::RequestLine)],
    index: &TypeIndex,
    types: &[ir::Type],
) {
    // A member typed with a base may hold any type below it (`site.items` are baseItems, and
    // `/sites/{id}/items/{id}/versions` reads a listItem's): what lies below it is not the base's.
    let bases = derived_from(types);
    for (path, request) in passed {
        if returns.contains_key(path) {
            continue;
        }
        let Some((parent, segment)) = path.rsplit_once('/') else { continue };
        let held = if segment == "{}" {
            returns.get(parent).filter(|listed| listed.collection).map(|listed| (listed.type_.clone(), false))
        } else {
            single_entity(returns, parent)
                .and_then(|owner| index.get(&owner.to_ascii_lowercase()))
                .and_then(|&owner| member_type(types, index, owner, segment))
        };
        let Some((type_, collection)) = held else { continue };
        if bases.contains(&type_.to_ascii_lowercase()) {
            continue;
        }
        let line = request.path.clone();
        returns.insert(path.clone(), Returns { type_, collection, source: request.source.clone(), line });
    }
}

/// The qualified type and collection flag of the property or navigation `name` of the type at
/// `owner` or a base of it, when that type is defined.
fn member_type(types: &[ir::Type], index: &TypeIndex, owner: usize, name: &str) -> Option<(String, bool)> {
    lineage(types, index, owner).find_map(|at| {
        let ty = &types[at];
        let properties = ty.properties.iter().map(|property| (&property.name, &property.type_, property.collection));
        let navigations =
            ty.navigation.iter().map(|navigation| (&navigation.name, &navigation.type_, navigation.collection));
        let (_, type_, collection) =
            properties.chain(navigations).find(|(member, _, _)| member.eq_ignore_ascii_case(name))?;
        let &target = index.get(&type_.name.to_ascii_lowercase())?;
        Some((types[target].qualified_name(), collection))
    })
}

/// What the requests themselves say a path holds: what GETs read; then, for paths no GET
/// documents, what a PUT writes there and answers with, and what POSTs answered with 201 Created
/// add to (a collection of it). Per-subtype create pages disagree on the type, so they never
/// overrule a GET.
fn requested_types(operations: &[ir::Operation], index: &TypeIndex, types: &[ir::Type]) -> BTreeMap<String, Returns> {
    let mut returns = typed_paths(operations, index, types, Reads::Get);
    for reads in [Reads::Put, Reads::Create] {
        for (path, written) in typed_paths(operations, index, types, reads) {
            returns.entry(path).or_insert(written);
        }
    }
    returns
}

/// Types for the fixed segments no GET reads but deeper paths pass through
/// (`/deviceManagement/virtualEndpoint` in `/deviceManagement/virtualEndpoint/deviceImages`): the
/// one type named like the segment (`print`; `educationRoot` for `/education`, `policyRoot` for
/// `/policies`) whose page speaks of what lies under it: a member named like one of the
/// segment's typed children, or a Methods-table row whose request goes below the segment. Both
/// must hold; a segment named like no type, or like a type whose page says nothing of its
/// children, stays unknown. Deeper segments are settled first, so a chain of them resolves from
/// its end.
fn name_intermediate_segments(
    returns: &mut BTreeMap<String, Returns>,
    passed: &[(String, &ir::RequestLine)],
    operations: &[ir::Operation],
    index: &TypeIndex,
    types: &[ir::Type],
) {
    let mut by_simple_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (at, ty) in types.iter().enumerate() {
        by_simple_name.entry(ty.name.to_ascii_lowercase()).or_default().push(at);
    }
    let by_id: BTreeMap<&str, &ir::Operation> = operations.iter().map(|op| (op.id.as_str(), op)).collect();
    // The paths a type's Methods rows request, worked out once per type asked about. A row
    // reading the type itself (`GET /policies/authorizationPolicy/authorizationPolicy`) says
    // nothing of what lies below it.
    let mut methods_paths: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut methods_reach = |at: usize, below: &str| {
        let paths = methods_paths.entry(at).or_insert_with(|| {
            let own = types[at].qualified_name();
            types[at]
                .methods
                .iter()
                .filter_map(|method| by_id.get(method.operation.as_deref()?))
                .filter(|op| {
                    op.response.type_.as_ref().is_some_and(|returned| !returned.name.eq_ignore_ascii_case(&own))
                })
                .flat_map(|op| &op.requests)
                .filter_map(|request| normalize(&request.path))
                .collect()
        });
        paths.iter().any(|path| path.starts_with(below))
    };
    // `passed` runs shortest first; a path's children are deeper, so siblings' order is free.
    let deepest_first: Vec<&String> =
        passed.iter().rev().map(|(path, _)| path).filter(|path| !returns.contains_key(*path)).collect();
    for path in deepest_first {
        let Some((_, segment)) = path.rsplit_once('/') else { continue };
        if !is_navigation_segment(segment) {
            continue;
        }
        let below = format!("{path}/");
        let children: Vec<(&str, &Returns)> = returns
            .range(below.clone()..)
            .take_while(|(child, _)| child.starts_with(&below))
            .filter_map(|(child, returned)| {
                let name = &child[below.len()..];
                (is_navigation_segment(name)).then_some((name, returned))
            })
            .collect();
        let Some(&(_, first_child)) = children.first() else { continue };
        let lower = segment.to_ascii_lowercase();
        let named: Vec<usize> = root_type_names(&lower)
            .iter()
            .filter_map(|name| by_simple_name.get(name))
            .flatten()
            .copied()
            .filter(|&at| {
                children.iter().any(|(child, _)| has_member(types, index, at, child)) || methods_reach(at, &below)
            })
            .collect();
        if let [at] = named[..] {
            let returned = Returns { type_: types[at].qualified_name(), collection: false, ..first_child.clone() };
            returns.insert(path.clone(), returned);
        }
    }
}

/// The lower-case names a type for the segment `lower` may have: the segment itself (`print`),
/// or its singular with `Root` (`/education` -> `educationRoot`, `/policies` -> `policyRoot`).
fn root_type_names(lower: &str) -> Vec<String> {
    let singular = match lower.strip_suffix("ies") {
        Some(stem) => format!("{stem}y"),
        None => lower.strip_suffix('s').unwrap_or(lower).to_owned(),
    };
    let mut names = vec![lower.to_owned(), format!("{lower}root")];
    if singular != lower {
        names.push(format!("{singular}root"));
    }
    names
}

/// How a request tells what its path holds.
#[derive(Clone, Copy, PartialEq)]
enum Reads {
    /// A GET returns it.
    Get,
    /// A PUT writes one and answers with it (`PUT /groups/{id}/team`).
    Put,
    /// A POST answered with 201 Created adds one to the collection at the path.
    Create,
}

/// The paths of GET requests (or of PUTs, or of creating POSTs) with a known, defined response
/// type. Pages that give a path different types agree when one of the types is a base of all the
/// others (per-subtype pages of one collection: the path returns the base); otherwise the path is
/// left out.
fn typed_paths(
    operations: &[ir::Operation],
    index: &TypeIndex,
    types: &[ir::Type],
    reads: Reads,
) -> BTreeMap<String, Returns> {
    let mut stated: BTreeMap<String, Vec<(bool, Returns)>> = BTreeMap::new();
    for op in operations {
        let Some(type_) = &op.response.type_ else { continue };
        let method = match reads {
            Reads::Get => "GET",
            Reads::Put if !op.response.collection => "PUT",
            Reads::Create if op.response.status == Some(201) && !op.response.collection => "POST",
            Reads::Put | Reads::Create => continue,
        };
        let mut requests = op.requests.iter().filter(|request| request.method == method).peekable();
        if requests.peek().is_none() {
            continue;
        }
        let Some(&at) = index.get(&type_.name.to_ascii_lowercase()) else { continue };
        let qualified = types[at].qualified_name();
        for request in requests {
            let Some(path) = normalize(&request.path) else { continue };
            if path.rsplit_once('/').is_some_and(|(_, last)| title_calls(&op.title, last)) {
                continue;
            }
            let expands =
                request.query.as_deref().is_some_and(|query| type_cell::contains_ignore_case(query, "$expand"));
            stated.entry(path).or_default().push((
                expands,
                Returns {
                    type_: qualified.clone(),
                    collection: op.response.collection || reads == Reads::Create,
                    source: request.source.clone(),
                    line: request.path.clone(),
                },
            ));
        }
    }
    stated
        .into_iter()
        .filter_map(|(path, mut candidates)| {
            // A request that expands a navigation (`GET /users/{id}?$expand=extensions`) is written
            // on the page of what it expands; a plain request of the path says what it returns.
            if candidates.iter().any(|(expands, _)| !expands) {
                candidates.retain(|(expands, _)| !expands);
            }
            let candidates: Vec<Returns> = candidates.into_iter().map(|(_, returned)| returned).collect();
            let agreed = candidates.iter().find(|candidate| {
                candidates.iter().all(|other| {
                    other.collection == candidate.collection
                        && (other.type_ == candidate.type_ || is_ancestor(types, index, &candidate.type_, &other.type_))
                })
            })?;
            Some((path, agreed.clone()))
        })
        .collect()
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
fn has_member(types: &[ir::Type], index: &TypeIndex, owner: usize, name: &str) -> bool {
    let named = |other: &str| other.eq_ignore_ascii_case(name);
    lineage(types, index, owner).any(|at| {
        types[at].properties.iter().any(|property| named(&property.name))
            || types[at].navigation.iter().any(|navigation| named(&navigation.name))
    })
}

/// The lower-cased qualified names of the types some type derives from.
fn derived_from(types: &[ir::Type]) -> BTreeSet<String> {
    types.iter().filter_map(|ty| ty.base.as_ref()).map(|base| base.name.to_ascii_lowercase()).collect()
}

/// Whether `ancestor` is a base, direct or not, of the type named `qualified`.
fn is_ancestor(types: &[ir::Type], index: &TypeIndex, ancestor: &str, qualified: &str) -> bool {
    let Some(&at) = index.get(&qualified.to_ascii_lowercase()) else { return false };
    lineage(types, index, at).skip(1).any(|base| types[base].qualified_name().eq_ignore_ascii_case(ancestor))
}

/// The type at `at`, then its bases as far as they are defined, stopping before a repeat.
fn lineage<'t>(types: &'t [ir::Type], index: &'t TypeIndex, at: usize) -> impl Iterator<Item = usize> + 't {
    let mut visited = BTreeSet::new();
    std::iter::successors(Some(at), move |&current| {
        types[current].base.as_ref().and_then(|base| index.get(&base.name.to_ascii_lowercase()).copied())
    })
    .take_while(move |&current| visited.insert(current))
}

/// `/users/{id}/messages/{message-id}` -> `/users/{}/messages/{}`; `None` for paths with
/// functions, casts, `$value` and other segments that are not plain names or keys.
fn normalize(path: &str) -> Option<String> {
    let mut normalized = String::with_capacity(path.len() + 8);
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

/// Whether a page titled `title` documents a call of the function or action `name`, which the
/// docs write without parentheses: "outlookUser: supportedLanguages" (`GET
/// /me/outlook/supportedLanguages` lists what the function returns) or "deviceConfigurationUserActivity
/// function". Such a request says nothing of what a path holds.
fn title_calls(title: &str, name: &str) -> bool {
    let title = title.trim();
    let named = |text: &str| text.trim().eq_ignore_ascii_case(name);
    title.rsplit_once(':').is_some_and(|(_, called)| named(called))
        || type_cell::strip_suffix_ignore_case(title, " function").is_some_and(named)
}

/// Whether `name` starts with a verb functions start with (`getSourceImages`, `delta`): the docs
/// call such functions without parentheses, so their path segments look like navigations.
pub fn reads_like_function(name: &str) -> bool {
    let first_word = name.find(|symbol: char| symbol.is_ascii_uppercase()).map_or(name, |end| &name[..end]);
    FUNCTION_VERBS.contains(&first_word)
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
    // Keys are read by requests themselves; what is inferred between them adds no key.
    let returns = requested_types(operations, &index, types);
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
    use super::{normalize, title_calls};

    #[test]
    fn titles_name_the_functions_their_pages_call() {
        assert!(title_calls("outlookUser: supportedLanguages", "supportedLanguages"));
        assert!(title_calls("Range: BoundingRect", "boundingRect"));
        assert!(title_calls("deviceConfigurationUserActivity function", "deviceConfigurationUserActivity"));
        assert!(!title_calls("orgContact: Get manager", "manager"));
        assert!(!title_calls("List supportedLanguages", "supportedLanguages"));
        assert!(!title_calls("function", "function"));
    }

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
