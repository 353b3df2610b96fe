//! The endpoint plan: which Rust function every documented request becomes, decided before any
//! token is written, from the request's HTTP method and path alone.
//!
//! Takes an [`Ir`] and gives an [`EndpointPlan`]: one [`PlannedEndpoint`] per distinct method and
//! path (an operation documented on several pages is one endpoint), each with its module path
//! under `api`, its function name and the operations that document it. Rendering
//! (`endpoints.rs`), the example tests and the crate's file tree all read the plan.
//!
//! The rule (the README has a table of examples):
//! - Modules mirror the path's fixed segments: `/deviceManagement/virtualEndpoint/deviceImages/{id}`
//!   lives in `api::device_management::virtual_endpoint::device_images`. Keys (`{id}`,
//!   `users('{id}')`, literal GUIDs) are parameters and add no module; a cast
//!   (`microsoft.graph.group`) adds `as_group`; a drive item path (`root:/{item-path}:`) adds
//!   `by_path`; a function called mid-path (`range(address='{a}')/format`) adds its name.
//! - The function says what the request does: on a key, `get`, `update` (PATCH), `replace` (PUT),
//!   `delete`, `create` (POST); on a navigation, the same with `list` for a GET that returns a
//!   collection; `$value`, `$count` and `$ref` append their name (`get_value`, `create_ref`); a
//!   POST to a path no GET reads and no other path goes below, ending in a segment no type has
//!   as a navigation, is an action named after it (`send_mail`), and a function called at the
//!   end of a GET or POST is named after itself.
//! - Segments are spelled as the docs spell them most often (navigation names first), so
//!   `contactfolders` and `contactFolders` are one module.
//! - Where two paths of one module would get the same name, the tie-break looks only at the
//!   paths: a GET on a navigation next to a GET on a key of it is `list`; functions called with
//!   other arguments are told apart by them (`get_x_by_date`, `get_x_by_period`); what still
//!   collides is counted in path order.
//!
//! Nothing here depends on page file names, titles, or the order of pages or of paths on a page.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{codes, Diagnostic};
use crate::ir::{self, Ir};
use crate::template;

use super::names::{self, Case, Namer};

/// Every endpoint the crate will have, sorted by module and function.
#[derive(Debug, Clone, Default)]
pub struct EndpointPlan {
    /// The endpoints.
    pub endpoints: Vec<PlannedEndpoint>,
    /// Module path -> the documented path prefix it stands for (`/users/{id}/messages`).
    pub modules: BTreeMap<Vec<String>, String>,
    /// (method, normalized path) -> index into `endpoints`.
    pub by_key: BTreeMap<(String, String), usize>,
}

/// One function of the `api` module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedEndpoint {
    /// Module idents below `api` (`["users", "messages"]`).
    pub module: Vec<String>,
    /// The function's ident (`list`).
    pub function: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path as the chosen request line documents it (no query string).
    pub path: String,
    /// The operation whose facts the function follows (index into `ir.operations`).
    pub op: usize,
    /// The index of that operation's request line.
    pub request: usize,
    /// Every operation documenting this method and path, the chosen one first.
    pub operations: Vec<usize>,
    /// What the path ends with.
    pub ending: Ending,
    /// A GET that returns a collection (named `list`), whatever the page's Response says.
    pub collection: bool,
    /// When the pages documenting the endpoint name different types of one hierarchy (Intune
    /// documents `GET /deviceAppManagement/mobileApps` once per kind of app): their nearest
    /// common base, which the response is read as and, for a create or update, the body is.
    pub common_type: Option<ir::TypeRef>,
}

/// What a path ends with, which decides how the function is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// A key: one item of a collection.
    Item,
    /// A navigation or an entity set (`/users`, `/me/manager`).
    Navigation,
    /// `$value`, `$count`, `$ref`.
    Special,
    /// An action or function named by the last segment (the name as documented).
    Action(String),
}

/// Names the docs use as navigations, and how they spell path segments; taken from the whole IR
/// before `--only` narrows it, so a slice names its endpoints as the full crate does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vocabulary {
    /// Lower-case names of navigation properties and of path segments that lead somewhere.
    navigations: BTreeSet<String>,
    /// Lower-case names of navigation properties.
    type_navigations: BTreeSet<String>,
    /// Lower-case names of properties.
    properties: BTreeSet<String>,
    /// The key (`template::path_key`) of every documented path.
    paths: BTreeSet<String>,
    /// The keys of the paths a GET reads.
    read_paths: BTreeSet<String>,
    /// Lower-case segment -> its spelling.
    spellings: BTreeMap<String, String>,
}

impl Vocabulary {
    /// The vocabulary of `ir`.
    pub fn of(ir: &Ir) -> Vocabulary {
        let mut navigations = BTreeSet::new();
        let mut properties = BTreeSet::new();
        let mut type_navigations = BTreeSet::new();
        let mut paths = BTreeSet::new();
        let mut read_paths = BTreeSet::new();
        // Spelling candidates with a weight: navigation names count most, then every use in a path.
        let mut candidates: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for ty in &ir.types {
            for navigation in &ty.navigation {
                let lower = navigation.name.to_ascii_lowercase();
                navigations.insert(lower.clone());
                type_navigations.insert(lower.clone());
                *candidates.entry(lower).or_default().entry(navigation.name.clone()).or_default() += 1_000_000;
            }
            for property in &ty.properties {
                let lower = property.name.to_ascii_lowercase();
                properties.insert(lower.clone());
                *candidates.entry(lower).or_default().entry(property.name.clone()).or_default() += 1_000;
            }
        }
        for op in &ir.operations {
            for request in &op.requests {
                let key = template::path_key(&request.path);
                if http_method(&request.method) == "GET" {
                    read_paths.insert(key.clone());
                }
                paths.insert(key);
                let segments = segments(&request.path);
                for (index, segment) in segments.iter().enumerate() {
                    let name = match segment {
                        Segment::Fixed(name) | Segment::Call { name, .. } | Segment::Cast(name) => name,
                        _ => continue,
                    };
                    let lower = name.to_ascii_lowercase();
                    *candidates.entry(lower.clone()).or_default().entry(name.clone()).or_default() += 1;
                    if matches!(segment, Segment::Fixed(_)) && index + 1 < segments.len() {
                        navigations.insert(lower);
                    }
                }
            }
        }
        let spellings = candidates
            .into_iter()
            .map(|(lower, spellings)| {
                // The heaviest spelling; on a tie the one sorting first (capitals sort first).
                let best = spellings
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(spelling, _)| spelling.clone())
                    .unwrap_or_else(|| lower.clone());
                (lower, best)
            })
            .collect();
        Vocabulary { navigations, type_navigations, properties, paths, read_paths, spellings }
    }

    fn spell<'a>(&'a self, name: &'a str) -> &'a str {
        self.spellings.get(&name.to_ascii_lowercase()).map_or(name, String::as_str)
    }

    /// A POST to `path` (ending with a fixed segment) creates, rather than runs an action named
    /// after that segment, when the docs read `path` with a GET or go below it, or when a type
    /// has a navigation property of that name. A path segment of the same name elsewhere
    /// (`/me/messages/{id}/copy` beside nothing that reads `copy`) does not make it one.
    fn is_created_in(&self, path: &str, name: &str) -> bool {
        let key = template::path_key(path);
        let below = format!("{key}/");
        self.read_paths.contains(&key)
            || self.paths.range(below.clone()..).next().is_some_and(|other| other.starts_with(&below))
            || self.type_navigations.contains(&name.to_ascii_lowercase())
    }

    /// A GET of `name`, written without parentheses, calls a function when `name` is neither a
    /// navigation nor a property and reads like one: the page has Function parameters, or its
    /// first word is a verb functions start with (`getSourceImages`, `delta`).
    fn is_function(&self, name: &str, op: &ir::Operation) -> bool {
        let lower = name.to_ascii_lowercase();
        if self.navigations.contains(&lower) || self.properties.contains(&lower) {
            return false;
        }
        !op.function_params.is_empty() || crate::link::reads_like_function(name)
    }
}

/// Plans the endpoints of `ir`, naming them with `vocabulary` (by default `ir`'s own). No module
/// is called `ep` or `rt` (the names endpoint files `use` the runtime by); a module called like a
/// model namespace keeps its name, and its file reaches that namespace by its full path.
pub fn plan_endpoints(ir: &Ir, vocabulary: &Vocabulary, diagnostics: &mut Vec<Diagnostic>) -> EndpointPlan {
    // Every request line, grouped by method and normalized path.
    let mut groups: BTreeMap<(String, String), Vec<Candidate>> = BTreeMap::new();
    for (op_index, op) in ir.operations.iter().enumerate() {
        for (request_index, request) in op.requests.iter().enumerate() {
            let method = http_method(&request.method);
            if request.path.trim_matches('/').is_empty() && request.path != "/" {
                continue;
            }
            let key = (method.clone(), template::path_key(&request.path));
            let candidate = Candidate {
                op: op_index,
                request: request_index,
                has_query: request.query.as_deref().is_some_and(|query| !query.trim().is_empty()),
                first_path: op.paths.first().is_some_and(|first| *first == request.path),
                silent: op.response.type_.is_none(),
                named_by_path: names_last_segment(op, &request.path),
                page: op.id.clone(),
            };
            let group = groups.entry(key).or_default();
            if !group.iter().any(|known| known.op == op_index) {
                group.push(candidate);
            }
        }
    }

    let bases: BTreeMap<String, String> = ir
        .types
        .iter()
        .filter_map(|ty| ty.base.as_ref().map(|base| (ty.qualified_name(), base.name.clone())))
        .collect();
    let mut drafts = Vec::new();
    for ((method, _), mut candidates) in groups {
        // The chosen documentation: a request line without a query string, a page that says what
        // the request returns, a page that lists the path first, then the page id.
        candidates.sort_by(|a, b| {
            (a.has_query, a.silent, !a.named_by_path, !a.first_path, &a.page, a.request).cmp(&(
                b.has_query,
                b.silent,
                !b.named_by_path,
                !b.first_path,
                &b.page,
                b.request,
            ))
        });
        let chosen = &candidates[0];
        let op = &ir.operations[chosen.op];
        let path = op.requests[chosen.request].path.clone();
        let named: BTreeSet<&str> = candidates
            .iter()
            .filter_map(|candidate| ir.operations[candidate.op].response.type_.as_ref())
            .map(|type_ref| type_ref.name.as_str())
            .collect();
        let common_type = if named.len() > 1 { common_base(&bases, &named) } else { None };
        if common_type.is_none() {
            for other in &candidates[1..] {
                conflict(ir, &method, chosen, other, diagnostics);
            }
        }
        let common_type = common_type.map(ir::TypeRef::resolved);
        let (mut module, function, ending) = name(&method, &path, op, vocabulary);
        // Every module is a folder: a path of hundreds of segments must not exceed the file
        // system's path length. Endpoints deeper than this share the deepest module.
        module.truncate(MAX_MODULE_DEPTH);
        let collection = method == "GET" && function == "list";
        drafts.push(Draft {
            collection,
            common_type,
            module,
            function,
            ending,
            method,
            path,
            op: chosen.op,
            request: chosen.request,
            operations: candidates.iter().map(|candidate| candidate.op).collect(),
        });
    }
    settle_collisions(&mut drafts);
    assign_idents(drafts)
}

/// How many modules deep `api::` goes (the deepest Graph path in the corpus needs 9).
const MAX_MODULE_DEPTH: usize = 16;

/// One request line documenting an endpoint.
struct Candidate {
    op: usize,
    request: usize,
    has_query: bool,
    first_path: bool,
    /// The page says nothing about what the request returns.
    silent: bool,
    /// The type it returns is what the path's last fixed segment names (`drawing` for
    /// `/drawings/{id}`).
    named_by_path: bool,
    page: String,
}

/// An endpoint before identifiers are assigned: module segments and function as words.
struct Draft {
    module: Vec<String>,
    function: String,
    ending: Ending,
    method: String,
    path: String,
    op: usize,
    request: usize,
    operations: Vec<usize>,
    collection: bool,
    common_type: Option<ir::TypeRef>,
}

/// Whether `op` returns the type `path`'s last fixed segment names (`/drawings/{id}` -> `drawing`).
fn names_last_segment(op: &ir::Operation, path: &str) -> bool {
    let Some(type_ref) = &op.response.type_ else { return false };
    let type_name = unqualified(&type_ref.name).to_ascii_lowercase();
    segments(path).iter().rev().find_map(|segment| match segment {
        Segment::Fixed(name) => Some(name.to_ascii_lowercase().starts_with(&type_name)),
        _ => None,
    }) == Some(true)
}

/// One segment of a documented path, as the naming rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Segment {
    /// A fixed name (`users`, `deviceImages`).
    Fixed(String),
    /// A key: a placeholder, a key in parentheses, or a literal id.
    Key,
    /// `name(...)` with named arguments or none: their names.
    Call {
        /// The function's name without namespace.
        name: String,
        /// The argument names, as written.
        arguments: Vec<String>,
    },
    /// `$value`, `$count`, `$ref`: the name without `$`.
    Special(String),
    /// `microsoft.graph.group`: the type's name.
    Cast(String),
    /// The item path of `root:/{item-path}:`.
    ByPath,
}

/// The segments of `path` (no query string).
pub(super) fn segments(path: &str) -> Vec<Segment> {
    segments_by_piece(path).into_iter().flat_map(|(_, segments)| segments).collect()
}

/// The pieces of `path` between slashes, each with its segments.
fn segments_by_piece(path: &str) -> Vec<(&str, Vec<Segment>)> {
    let mut out = Vec::new();
    let mut previous_ends_with_colon = false;
    for piece in split_segments(path) {
        let trimmed = piece.trim().trim_start_matches(':');
        let ends_with_colon = trimmed.ends_with(':');
        let text = trimmed.trim_end_matches(':').trim();
        let segments = if text.is_empty() {
            Vec::new()
        } else if previous_ends_with_colon && is_hole(text) {
            // `root:/{item-path}:`: the folders and file under a drive item.
            vec![Segment::ByPath, Segment::Key]
        } else {
            piece_segments(text)
        };
        out.push((piece, segments));
        previous_ends_with_colon = ends_with_colon;
    }
    out
}

fn piece_segments(text: &str) -> Vec<Segment> {
    if is_hole(text) || is_literal_id(text) {
        return vec![Segment::Key];
    }
    if let Some(name) = text.strip_prefix('$') {
        return vec![Segment::Special(name.to_owned())];
    }
    if let Some(open) = text.find('(') {
        let name = unqualified(text[..open].trim()).to_owned();
        let inner = text[open + 1..].trim_end().trim_end_matches(')');
        if inner.trim().is_empty() {
            return vec![Segment::Call { name, arguments: Vec::new() }];
        }
        let arguments: Vec<String> = inner
            .split(',')
            .filter_map(|argument| argument.split_once('=').map(|(name, _)| name.trim().to_owned()))
            .collect();
        if arguments.is_empty() {
            // `worksheets('{id|name}')`: a key in parentheses.
            return vec![Segment::Fixed(name), Segment::Key];
        }
        return vec![Segment::Call { name, arguments }];
    }
    if text.len() > "microsoft.graph.".len()
        && text[.."microsoft.graph.".len()].eq_ignore_ascii_case("microsoft.graph.")
    {
        return vec![Segment::Cast(unqualified(text).to_owned())];
    }
    // `{id}$ref` and other holes glued to text: the key, then what follows.
    if let Some(open) = text.find(['{', '<']) {
        let close = text[open..].find(['}', '>']).map_or(text.len(), |close| open + close + 1);
        let mut out = Vec::new();
        if open > 0 {
            out.extend(piece_segments(&text[..open]));
        }
        out.push(Segment::Key);
        if close < text.len() {
            out.extend(piece_segments(&text[close..]));
        }
        return out;
    }
    vec![Segment::Fixed(text.to_owned())]
}

/// Splits a path at `/` outside parentheses and quotes, keeping empty pieces out.
fn split_segments(path: &str) -> Vec<&str> {
    template::split_outside_parens(path, '/').into_iter().filter(|piece| !piece.trim().is_empty()).collect()
}

fn is_hole(text: &str) -> bool {
    (text.starts_with('{') && text.ends_with('}') && !text[1..].contains('{'))
        || (text.starts_with('<') && text.ends_with('>') && !text[1..].contains('<'))
}

/// A literal id the docs wrote instead of a placeholder: a GUID, a long hex or digit string.
fn is_literal_id(text: &str) -> bool {
    let hex = text.chars().filter(char::is_ascii_hexdigit).count();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    text.chars().all(|ch| ch.is_ascii_hexdigit() || ch == '-') && hex >= 16 && digits > 0
        || (!text.is_empty() && text.chars().all(|ch| ch.is_ascii_digit()))
}

/// `microsoft.graph.windowsUpdates.updatableAssetGroup` -> `updatableAssetGroup`.
fn unqualified(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// The upper-case method a request line sends (GET for anything that is not a method).
pub fn http_method(method: &str) -> String {
    match method.to_ascii_uppercase().as_str() {
        method @ ("GET" | "POST" | "PATCH" | "PUT" | "DELETE" | "HEAD" | "OPTIONS") => method.to_owned(),
        _ => "GET".to_owned(),
    }
}

/// The module segments (as words), function name (as words) and ending of `method path`.
fn name(method: &str, path: &str, op: &ir::Operation, vocabulary: &Vocabulary) -> (Vec<String>, String, Ending) {
    let segments = segments(path);
    let mut module = Vec::new();
    let Some((last, before)) = segments.split_last() else {
        return (module, verb(method, op, false), Ending::Navigation);
    };
    for segment in before {
        match segment {
            Segment::Fixed(name) | Segment::Call { name, .. } => module.push(vocabulary.spell(name).to_owned()),
            Segment::Special(name) => module.push(name.clone()),
            Segment::Cast(name) => module.push(format!("as {}", vocabulary.spell(name))),
            Segment::ByPath => module.push("by path".to_owned()),
            Segment::Key => {}
        }
    }
    match last {
        Segment::Key | Segment::ByPath => (module, verb(method, op, false), Ending::Item),
        Segment::Special(name) => {
            let collection = !matches!(before.last(), Some(Segment::Key));
            (module, format!("{} {name}", verb(method, op, collection)), Ending::Special)
        }
        Segment::Cast(name) => {
            module.push(format!("as {}", vocabulary.spell(name)));
            (module, verb(method, op, true), Ending::Navigation)
        }
        Segment::Call { name, .. } => {
            let spelled = vocabulary.spell(name).to_owned();
            if method == "GET" || method == "POST" {
                (module, spelled.clone(), Ending::Action(spelled))
            } else {
                module.push(spelled);
                (module, verb(method, op, false), Ending::Item)
            }
        }
        Segment::Fixed(name) => {
            let spelled = vocabulary.spell(name).to_owned();
            let action = match method {
                "POST" => !vocabulary.is_created_in(path, name),
                "GET" => vocabulary.is_function(name, op),
                _ => false,
            };
            if action && !module.is_empty() {
                (module, spelled.clone(), Ending::Action(spelled))
            } else {
                module.push(spelled);
                (module, verb(method, op, true), Ending::Navigation)
            }
        }
    }
}

/// What a method does to a resource: `list` for a GET of a collection on a navigation.
fn verb(method: &str, op: &ir::Operation, on_navigation: bool) -> String {
    match method {
        "GET" if on_navigation && op.response.collection => "list",
        "GET" => "get",
        "POST" => "create",
        "PATCH" => "update",
        "PUT" => "replace",
        "DELETE" => "delete",
        other => return other.to_ascii_lowercase(),
    }
    .to_owned()
}

/// Renames drafts that would share a module and function, looking only at their paths.
fn settle_collisions(drafts: &mut [Draft]) {
    let mut by_name: BTreeMap<(Vec<String>, String), Vec<usize>> = BTreeMap::new();
    for (index, draft) in drafts.iter().enumerate() {
        let module = draft.module.iter().map(|word| names::snake_ident(word)).collect();
        by_name.entry((module, names::snake_ident(&draft.function))).or_default().push(index);
    }
    for indexes in by_name.into_values().filter(|indexes| indexes.len() > 1) {
        // A GET on a navigation beside a GET on one of its items is the list.
        let item_get =
            indexes.iter().any(|&index| drafts[index].method == "GET" && drafts[index].ending == Ending::Item);
        for &index in &indexes {
            let draft = &mut drafts[index];
            if item_get && draft.method == "GET" && draft.ending == Ending::Navigation && draft.function == "get" {
                draft.function = "list".to_owned();
                draft.collection = true;
            }
            // Overloads of one function are told apart by their arguments.
            if let Ending::Action(_) = draft.ending {
                if let Some(Segment::Call { arguments, .. }) = segments(&draft.path).last() {
                    if !arguments.is_empty() {
                        draft.function = format!("{} by {}", draft.function, arguments.join(" and "));
                    }
                }
            }
        }
    }
}

/// Turns the drafts' words into identifiers: modules claimed per parent, functions per module,
/// each in a fixed order, so what still collides is counted in path order.
fn assign_idents(mut drafts: Vec<Draft>) -> EndpointPlan {
    // Module idents, per parent, claimed in sorted order of their words.
    let mut module_words: BTreeSet<Vec<String>> = BTreeSet::new();
    for draft in &drafts {
        for len in 1..=draft.module.len() {
            module_words.insert(draft.module[..len].to_vec());
        }
    }
    let mut namers: BTreeMap<Vec<String>, Namer> = BTreeMap::new();
    let mut idents: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    let mut by_ident: BTreeMap<(Vec<String>, String), String> = BTreeMap::new();
    // Claim plain spellings first so a word that clashes only after case conversion never takes
    // a plain name from one that does not.
    let mut ordered: Vec<&Vec<String>> = module_words.iter().collect();
    ordered
        .sort_by_cached_key(|words| (words.len(), words.last().map(|word| names::snake_ident(word)), (*words).clone()));
    for words in ordered {
        let (last, parent_words) = words.split_last().expect("module paths are not empty");
        let parent = if parent_words.is_empty() { Vec::new() } else { idents[parent_words].clone() };
        let key = (parent.clone(), last.to_ascii_lowercase());
        let ident = if let Some(ident) = by_ident.get(&key) {
            ident.clone()
        } else {
            let namer = namers.entry(parent.clone()).or_insert_with(|| {
                let mut namer = Namer::new(Case::Snake);
                namer.reserve("ep");
                namer.reserve("rt");
                namer
            });
            let ident = namer.claim(last);
            by_ident.insert(key, ident.clone());
            ident
        };
        let mut path = parent;
        path.push(ident);
        idents.insert(words.clone(), path);
    }

    drafts.sort_by_cached_key(|draft| {
        (
            draft.module.clone(),
            draft.function.clone(),
            hole_count(&draft.path),
            template::path_key(&draft.path),
            draft.method.clone(),
        )
    });
    let mut function_namers: BTreeMap<Vec<String>, Namer> = BTreeMap::new();
    let mut endpoints = Vec::new();
    let mut modules = BTreeMap::new();
    for draft in drafts {
        let module = if draft.module.is_empty() { Vec::new() } else { idents[&draft.module].clone() };
        let function =
            function_namers.entry(module.clone()).or_insert_with(|| Namer::new(Case::Snake)).claim(&draft.function);
        let segments_in_module = draft.module.len();
        modules.entry(module.clone()).or_insert_with(|| prefix_of(&draft.path, segments_in_module));
        endpoints.push(PlannedEndpoint {
            module,
            function,
            method: draft.method,
            path: draft.path,
            op: draft.op,
            request: draft.request,
            operations: draft.operations,
            ending: draft.ending,
            collection: draft.collection,
            common_type: draft.common_type,
        });
    }
    // Every ancestor module gets a prefix too.
    let known: Vec<(Vec<String>, String)> =
        modules.iter().map(|(module, prefix)| (module.clone(), prefix.clone())).collect();
    for (module, prefix) in known {
        for len in 1..module.len() {
            let ancestor = module[..len].to_vec();
            modules.entry(ancestor).or_insert_with(|| prefix_of(&prefix, len));
        }
    }
    endpoints.sort_by(|a, b| (&a.module, &a.function).cmp(&(&b.module, &b.function)));
    let by_key = endpoints
        .iter()
        .enumerate()
        .map(|(index, endpoint)| ((endpoint.method.clone(), template::path_key(&endpoint.path)), index))
        .collect();
    EndpointPlan { endpoints, modules, by_key }
}

fn hole_count(path: &str) -> usize {
    segments(path).iter().filter(|segment| **segment == Segment::Key).count()
}

/// The documented path up to the segment that gives the `count`-th module (`/users/{id}/messages`
/// for `users::messages`, `/users` for `users`).
fn prefix_of(path: &str, count: usize) -> String {
    let mut modules = 0;
    let mut pieces = Vec::new();
    for (piece, segments) in segments_by_piece(path) {
        if modules >= count {
            break;
        }
        modules += segments.iter().filter(|segment| !matches!(segment, Segment::Key)).count();
        pieces.push(piece);
    }
    format!("/{}", pieces.join("/")).trim_end_matches(':').to_owned()
}

/// The base of every Graph entity type: two types that share only it are unrelated.
const UNIVERSAL_BASE: &str = "microsoft.graph.entity";

/// The nearest type every one of `names` is or derives from, unless that is only the base of
/// every entity (`entity`) and none of them names it.
fn common_base(bases: &BTreeMap<String, String>, names: &BTreeSet<&str>) -> Option<String> {
    let chain = |name: &str| {
        let mut chain = vec![name.to_owned()];
        while let Some(base) = bases.get(chain.last().expect("the chain starts with a name")) {
            if chain.contains(base) || chain.len() > 64 {
                break;
            }
            chain.push(base.clone());
        }
        chain
    };
    let chains: Vec<Vec<String>> = names.iter().map(|name| chain(name)).collect();
    let (first, others) = chains.split_first()?;
    let common = first.iter().find(|ancestor| others.iter().all(|chain| chain.contains(ancestor)))?;
    (common != UNIVERSAL_BASE || names.contains(common.as_str())).then(|| common.clone())
}

/// A diagnostic when another page documents the same endpoint with other facts.
fn conflict(ir: &Ir, method: &str, chosen: &Candidate, other: &Candidate, diagnostics: &mut Vec<Diagnostic>) {
    let first = &ir.operations[chosen.op];
    let second = &ir.operations[other.op];
    let shape = |op: &ir::Operation| {
        op.response.type_.as_ref().map(|ty| {
            let name = ty.name.rsplit('.').next().unwrap_or(&ty.name).to_owned();
            if op.response.collection {
                format!("a collection of `{name}`")
            } else {
                format!("`{name}`")
            }
        })
    };
    // A page that says nothing about the response leaves the other's facts standing.
    let (Some(chosen_shape), Some(other_shape)) = (shape(first), shape(second)) else { return };
    if chosen_shape == other_shape {
        return;
    }
    let request = &second.requests[other.request];
    diagnostics.push(Diagnostic::new(
        codes::EMIT_ENDPOINT_CONFLICT,
        &request.source.file,
        request.source.line,
        format!(
            "`{method} {}` is also documented by {}:{}, which says it returns {}; this page says {}; the generated function follows {}: make the pages agree",
            request.path,
            first.source.file,
            first.requests[chosen.request].source.line,
            chosen_shape,
            other_shape,
            first.source.file,
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::{segments, Segment};

    #[test]
    fn segments_of_documented_paths() {
        use Segment::{ByPath, Call, Cast, Fixed, Key, Special};
        let fixed = |name: &str| Fixed(name.to_owned());
        let cases = vec![
            ("/users/{id}/messages", vec![fixed("users"), Key, fixed("messages")]),
            (
                "/me/drive/root:/{item-path}:/content",
                vec![fixed("me"), fixed("drive"), fixed("root"), ByPath, Key, fixed("content")],
            ),
            (
                "/me/drive/items/{parent-id}:/{filename}:/content",
                vec![fixed("me"), fixed("drive"), fixed("items"), Key, ByPath, Key, fixed("content")],
            ),
            (
                "/workbook/worksheets('{id|name}')/range(address='{a}')",
                vec![
                    fixed("workbook"),
                    fixed("worksheets"),
                    Key,
                    Call { name: "range".to_owned(), arguments: vec!["address".to_owned()] },
                ],
            ),
            (
                "/me/drive/root/microsoft.graph.delta()",
                vec![fixed("me"), fixed("drive"), fixed("root"), Call { name: "delta".to_owned(), arguments: vec![] }],
            ),
            (
                "/directory/deletedItems/microsoft.graph.group",
                vec![fixed("directory"), fixed("deletedItems"), Cast("group".to_owned())],
            ),
            ("/groups/{id}/members/$ref", vec![fixed("groups"), Key, fixed("members"), Special("ref".to_owned())]),
            (
                "/servicePrincipals/{id}/policies/{id}$ref",
                vec![fixed("servicePrincipals"), Key, fixed("policies"), Key, Special("ref".to_owned())],
            ),
            ("/cases/4c8f8f70-7785-4bd4-b296-c98376a2c5e1/custodians", vec![fixed("cases"), Key, fixed("custodians")]),
        ];
        for (path, expected) in cases {
            assert_eq!(segments(path), expected, "{path}");
        }
    }
}
