//! The walk over two IRs: which items pair up, and which facts of a pair differ.
//!
//! Each `compare` function reports through a [`Collector`] and returns how many items it compared.
//! Rules are picked here, by name from [`super::rules`]; nothing here decides an impact.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::pair::{pair, Pairing};
use super::rules::{self as rule, Entity, Rule};
use super::{Change, OperationInfo};
use crate::hierarchy::Hierarchy;
use crate::ir::{Enum, Ir, Navigation, Operation, Property, Source, Type, TypeRef};
use crate::template::path_key;

/// Gathers changes; counts description edits and lists them only when asked.
pub(super) struct Collector {
    pub(super) changes: Vec<Change>,
    pub(super) description_edits: usize,
    descriptions: bool,
}

impl Collector {
    pub(super) fn new(descriptions: bool) -> Collector {
        Collector { changes: Vec::new(), description_edits: 0, descriptions }
    }

    fn push(&mut self, change: Change) {
        if change.rule == rule::DESCRIPTION_CHANGED.id {
            self.description_edits += 1;
            if !self.descriptions {
                return;
            }
        }
        self.changes.push(change);
    }

    /// Reports a description edit of `entity` when the texts differ beyond whitespace.
    fn description(&mut self, entity: Entity, owner: Option<&str>, name: &str, from: &str, to: &str, sources: Sources) {
        if from == to || squeeze(from) == squeeze(to) {
            return;
        }
        let mut change = Change::new(&rule::DESCRIPTION_CHANGED, owner, name).values(json!(from), json!(to));
        change.entity = entity;
        change.aspect = Some("description");
        self.push(change.sources(sources));
    }
}

/// Where a pair of items is.
#[derive(Clone, Copy)]
struct Sources<'a> {
    old: Option<&'a Source>,
    new: Option<&'a Source>,
}

impl Change {
    fn values(mut self, from: Value, to: Value) -> Change {
        self.from = from;
        self.to = to;
        self
    }

    fn aspect(mut self, aspect: &'static str) -> Change {
        self.aspect = Some(aspect);
        self
    }

    fn sources(mut self, sources: Sources<'_>) -> Change {
        self.old_source = sources.old.cloned();
        self.new_source = sources.new.cloned();
        self
    }
}

fn both<'a>(old: &'a Source, new: &'a Source) -> Sources<'a> {
    Sources { old: Some(old), new: Some(new) }
}

fn old_only(old: &Source) -> Sources<'_> {
    Sources { old: Some(old), new: None }
}

fn new_only(new: &Source) -> Sources<'_> {
    Sources { old: None, new: Some(new) }
}

/// Text with runs of whitespace made one space, for description comparison.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn type_name(type_ref: &TypeRef, collection: bool) -> String {
    if collection {
        format!("Collection({})", type_ref.name)
    } else {
        type_ref.name.clone()
    }
}

/// Reports `rule` when `from != to`.
fn fact<T: PartialEq + serde::Serialize>(
    out: &mut Collector,
    rule: &Rule,
    (owner, name): (Option<&str>, &str),
    aspect: &'static str,
    from: &T,
    to: &T,
    sources: Sources<'_>,
) {
    if from != to {
        out.push(Change::new(rule, owner, name).values(json!(from), json!(to)).aspect(aspect).sources(sources));
    }
}

// ---------------------------------------------------------------------------------------------
// Types

/// Types by qualified name, to look up base chains.
struct TypeIndex<'a> {
    hierarchy: Hierarchy<'a>,
}

impl<'a> TypeIndex<'a> {
    fn new(ir: &'a Ir) -> TypeIndex<'a> {
        TypeIndex { hierarchy: Hierarchy::new(ir) }
    }

    /// The ancestor of `ty` that declares `property`, with the property.
    fn inherited(&self, ty: &'a Type, property: &str) -> Option<(&'a Type, &'a Property)> {
        self.hierarchy.ancestors(ty).into_iter().find_map(|ancestor| {
            ancestor.properties.iter().find(|prop| prop.name == property).map(|found| (ancestor, found))
        })
    }
}

pub(super) fn types(old: &Ir, new: &Ir, out: &mut Collector) -> usize {
    let old_index = TypeIndex::new(old);
    let new_index = TypeIndex::new(new);
    let paired = pair(&old.types, &new.types, Type::qualified_name, same_shape);
    for ty in &paired.added {
        let name = ty.qualified_name();
        out.push(
            Change::new(&rule::TYPE_ADDED, None, name)
                .values(Value::Null, json!(ty.kind))
                .sources(new_only(&ty.source)),
        );
    }
    for ty in &paired.removed {
        let name = ty.qualified_name();
        out.push(
            Change::new(&rule::TYPE_REMOVED, None, name)
                .values(json!(ty.kind), Value::Null)
                .sources(old_only(&ty.source)),
        );
    }
    for &(old_type, new_type, how) in &paired.pairs {
        let name = new_type.qualified_name();
        let sources = both(&old_type.source, &new_type.source);
        let subject = (None, name.as_str());
        let renamed = match how {
            Pairing::Same => None,
            Pairing::CaseRename => Some(&rule::TYPE_RENAMED_CASE),
            Pairing::LikelyRename => Some(&rule::TYPE_RENAMED),
        };
        if let Some(rule) = renamed {
            fact(out, rule, subject, "name", &old_type.qualified_name(), &name, sources);
        }
        fact(out, &rule::TYPE_KIND_CHANGED, subject, "kind", &old_type.kind, &new_type.kind, sources);
        let base = |ty: &Type| ty.base.as_ref().map(|base| base.name.clone());
        fact(out, &rule::TYPE_BASE_CHANGED, subject, "base", &base(old_type), &base(new_type), sources);
        fact(out, &rule::TYPE_ABSTRACT_CHANGED, subject, "abstract", &old_type.abstract_, &new_type.abstract_, sources);
        fact(out, &rule::TYPE_OPEN_CHANGED, subject, "open", &old_type.open, &new_type.open, sources);
        if old_type.kind == new_type.kind {
            fact(out, &rule::TYPE_KEY_CHANGED, subject, "key", &old_type.key, &new_type.key, sources);
        }
        out.description(Entity::Type, None, &name, &old_type.description, &new_type.description, sources);
        let owners = Owners { name: &name, old: old_type, new: new_type, old_index: &old_index, new_index: &new_index };
        properties(&owners, out);
        navigation(&owners, out);
    }
    paired.union_len()
}

/// A type removed and another added is the same type renamed when only its namespace changed
/// (`microsoft.graph.acl` -> `microsoft.graph.externalConnectors.acl`), or when namespace, kind
/// and (two or more) property names are the same.
fn same_shape(old: &Type, new: &Type) -> bool {
    if old.name == new.name {
        return true;
    }
    old.namespace == new.namespace
        && old.kind == new.kind
        && old.properties.len() >= 2
        && property_names(old) == property_names(new)
}

fn property_names(ty: &Type) -> BTreeSet<&str> {
    ty.properties.iter().map(|prop| prop.name.as_str()).collect()
}

/// A paired type and the indexes to look up its ancestors.
struct Owners<'a> {
    name: &'a str,
    old: &'a Type,
    new: &'a Type,
    old_index: &'a TypeIndex<'a>,
    new_index: &'a TypeIndex<'a>,
}

fn properties(owners: &Owners<'_>, out: &mut Collector) {
    let owner = Some(owners.name);
    let paired = pair(&owners.old.properties, &owners.new.properties, |prop| prop.name.clone(), likely_property);
    for prop in &paired.added {
        let type_ = json!(type_name(&prop.type_, prop.collection));
        if moved_between_tables(&prop.name, &owners.old.navigation, &owners.new.navigation) {
            continue; // reported by `navigation` as navigation-became-property
        }
        let change = match owners.old_index.inherited(owners.old, &prop.name) {
            // It was inherited before: the flattened struct had the field already.
            Some((ancestor, found)) if same_type(found, prop) => Change::new(&rule::PROPERTY_MOVED, owner, &prop.name)
                .values(json!(ancestor.qualified_name()), json!(owners.name))
                .aspect("declared_on"),
            _ if prop.required == Some(true) => {
                Change::new(&rule::PROPERTY_ADDED_REQUIRED, owner, &prop.name).values(Value::Null, type_)
            }
            _ => Change::new(&rule::PROPERTY_ADDED, owner, &prop.name).values(Value::Null, type_),
        };
        out.push(change.sources(new_only(&prop.source)));
    }
    for prop in &paired.removed {
        let type_ = json!(type_name(&prop.type_, prop.collection));
        if let Some(nav) = owners.new.navigation.iter().find(|nav| nav.name == prop.name) {
            if !owners.old.navigation.iter().any(|old_nav| old_nav.name == prop.name) {
                // The row moved to the Relationships table; both tables make fields.
                let to = json!(type_name(&nav.type_, nav.collection));
                let change = Change::new(&rule::PROPERTY_BECAME_NAVIGATION, owner, &prop.name).values(type_, to);
                out.push(change.aspect("table").sources(both(&prop.source, &nav.source)));
                continue;
            }
        }
        let change = match owners.new_index.inherited(owners.new, &prop.name) {
            // Now declared on an ancestor: the flattened struct keeps the field.
            Some((ancestor, found)) if same_type(found, prop) => Change::new(&rule::PROPERTY_MOVED, owner, &prop.name)
                .values(json!(owners.name), json!(ancestor.qualified_name()))
                .aspect("declared_on"),
            _ => Change::new(&rule::PROPERTY_REMOVED, owner, &prop.name).values(type_, Value::Null),
        };
        out.push(change.sources(old_only(&prop.source)));
    }
    for &(old_prop, new_prop, how) in &paired.pairs {
        compare_property(owner, old_prop, new_prop, how, out);
    }
}

/// Whether `name` came over from the other table: it was in the other table before (`was_other`)
/// and is not there now (`now_other`).
fn moved_between_tables<T: Named>(name: &str, was_other: &[T], now_other: &[T]) -> bool {
    was_other.iter().any(|item| item.name() == name) && !now_other.iter().any(|item| item.name() == name)
}

/// Items with a wire name.
trait Named {
    fn name(&self) -> &str;
}

impl Named for Property {
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for Navigation {
    fn name(&self) -> &str {
        &self.name
    }
}

fn same_type(a: &Property, b: &Property) -> bool {
    a.type_.name == b.type_.name && a.collection == b.collection
}

/// A property removed and another added with the same type is a rename; for primitive types,
/// which many properties share, the names must also be close.
fn likely_property(old: &Property, new: &Property) -> bool {
    if !same_type(old, new) {
        return false;
    }
    if !old.type_.name.starts_with("Edm.") {
        return true;
    }
    let (old_name, new_name) = (old.name.to_lowercase(), new.name.to_lowercase());
    // Jaro-Winkler favours a shared start: `serialNo` -> `serialNumber` is close,
    // `displayName` -> `version` is not.
    old_name.contains(&new_name) || new_name.contains(&old_name) || strsim::jaro_winkler(&old_name, &new_name) >= 0.85
}

fn compare_property(owner: Option<&str>, old: &Property, new: &Property, how: Pairing, out: &mut Collector) {
    let sources = both(&old.source, &new.source);
    let subject = (owner, new.name.as_str());
    let renamed = match how {
        Pairing::Same => None,
        Pairing::CaseRename => Some(&rule::PROPERTY_RENAMED_CASE),
        Pairing::LikelyRename => Some(&rule::PROPERTY_RENAMED),
    };
    if let Some(rule) = renamed {
        fact(out, rule, subject, "name", &old.name, &new.name, sources);
    }
    fact(out, &rule::PROPERTY_TYPE_CHANGED, subject, "type", &old.type_.name, &new.type_.name, sources);
    fact(out, &rule::PROPERTY_COLLECTION_CHANGED, subject, "collection", &old.collection, &new.collection, sources);

    // "Read-only" and "Required" are said or not; silence means writable and optional.
    let read_only = (old.read_only.unwrap_or(false), new.read_only.unwrap_or(false));
    let read_only_rule = if read_only.1 { &rule::PROPERTY_MADE_READ_ONLY } else { &rule::PROPERTY_MADE_WRITABLE };
    fact(out, read_only_rule, subject, "read_only", &read_only.0, &read_only.1, sources);
    let required = (old.required.unwrap_or(false), new.required.unwrap_or(false));
    let required_rule = if required.1 { &rule::PROPERTY_MADE_REQUIRED } else { &rule::PROPERTY_MADE_OPTIONAL };
    fact(out, required_rule, subject, "required", &required.0, &required.1, sources);
    if new.deprecated && !old.deprecated {
        fact(out, &rule::PROPERTY_DEPRECATED, subject, "deprecated", &false, &true, sources);
    }
    // Nullability is often unsaid; only a statement on both sides is a change.
    if let (Some(was), Some(is)) = (old.nullable, new.nullable) {
        let rule = if is { &rule::PROPERTY_MADE_NULLABLE } else { &rule::PROPERTY_MADE_NON_NULLABLE };
        fact(out, rule, subject, "nullable", &was, &is, sources);
    }
    // Inline "Possible values" lists make enums only on string properties (emit::plan).
    if old.type_.name == "Edm.String" && new.type_.name == "Edm.String" {
        inline_values(subject, old, new, sources, out);
    }
    out.description(Entity::Property, owner, &new.name, &old.description, &new.description, sources);
}

fn inline_values(
    subject: (Option<&str>, &str),
    old: &Property,
    new: &Property,
    sources: Sources<'_>,
    out: &mut Collector,
) {
    let (owner, name) = subject;
    let old_values: BTreeSet<&str> = old.inline_enum.iter().map(String::as_str).collect();
    let new_values: BTreeSet<&str> = new.inline_enum.iter().map(String::as_str).collect();
    // Each change carries both whole lists, in the docs' order.
    let change = |rule: &Rule| {
        let values = Change::new(rule, owner, name).values(json!(old.inline_enum), json!(new.inline_enum));
        values.aspect("possible_values").sources(sources)
    };
    if old_values.is_empty() && !new_values.is_empty() {
        out.push(change(&rule::PROPERTY_VALUES_INTRODUCED));
    } else if new_values.is_empty() && !old_values.is_empty() {
        out.push(change(&rule::PROPERTY_VALUES_DROPPED));
    } else if old_values.difference(&new_values).next().is_some() {
        // One row even when values were added too: it carries both lists, and removal decides.
        out.push(change(&rule::PROPERTY_VALUES_REMOVED));
    } else if new_values.difference(&old_values).next().is_some() {
        out.push(change(&rule::PROPERTY_VALUES_ADDED));
    }
}

fn navigation(owners: &Owners<'_>, out: &mut Collector) {
    let owner = Some(owners.name);
    let paired = pair(&owners.old.navigation, &owners.new.navigation, |nav| nav.name.clone(), |_, _| false);
    let type_ = |nav: &Navigation| json!(type_name(&nav.type_, nav.collection));
    for nav in &paired.added {
        if moved_between_tables(&nav.name, &owners.old.properties, &owners.new.properties) {
            continue; // reported by `properties` as property-became-navigation
        }
        let change = Change::new(&rule::NAVIGATION_ADDED, owner, &nav.name).values(Value::Null, type_(nav));
        out.push(change.sources(new_only(&nav.source)));
    }
    for nav in &paired.removed {
        if let Some(prop) = owners.new.properties.iter().find(|prop| prop.name == nav.name) {
            if !owners.old.properties.iter().any(|old_prop| old_prop.name == nav.name) {
                let to = json!(type_name(&prop.type_, prop.collection));
                let change = Change::new(&rule::NAVIGATION_BECAME_PROPERTY, owner, &nav.name).values(type_(nav), to);
                out.push(change.aspect("table").sources(both(&nav.source, &prop.source)));
                continue;
            }
        }
        let change = Change::new(&rule::NAVIGATION_REMOVED, owner, &nav.name).values(type_(nav), Value::Null);
        out.push(change.sources(old_only(&nav.source)));
    }
    for &(old_nav, new_nav, how) in &paired.pairs {
        let sources = both(&old_nav.source, &new_nav.source);
        let subject = (owner, new_nav.name.as_str());
        if how != Pairing::Same {
            fact(out, &rule::NAVIGATION_RENAMED_CASE, subject, "name", &old_nav.name, &new_nav.name, sources);
        }
        fact(out, &rule::NAVIGATION_TYPE_CHANGED, subject, "type", &old_nav.type_.name, &new_nav.type_.name, sources);
        let collection = (&old_nav.collection, &new_nav.collection);
        fact(out, &rule::NAVIGATION_COLLECTION_CHANGED, subject, "collection", collection.0, collection.1, sources);
        out.description(Entity::Navigation, owner, &new_nav.name, &old_nav.description, &new_nav.description, sources);
    }
}

// ---------------------------------------------------------------------------------------------
// Enums

pub(super) fn enums(old: &Ir, new: &Ir, out: &mut Collector) -> usize {
    let paired = pair(&old.enums, &new.enums, Enum::qualified_name, |_, _| false);
    for en in &paired.added {
        out.push(Change::new(&rule::ENUM_ADDED, None, en.qualified_name()).sources(new_only(&en.source)));
    }
    for en in &paired.removed {
        out.push(Change::new(&rule::ENUM_REMOVED, None, en.qualified_name()).sources(old_only(&en.source)));
    }
    for &(old_enum, new_enum, how) in &paired.pairs {
        let name = new_enum.qualified_name();
        let sources = both(&old_enum.source, &new_enum.source);
        let subject = (None, name.as_str());
        if how != Pairing::Same {
            fact(out, &rule::ENUM_RENAMED_CASE, subject, "name", &old_enum.qualified_name(), &name, sources);
        }
        fact(out, &rule::ENUM_FLAGS_CHANGED, subject, "flags", &old_enum.flags, &new_enum.flags, sources);
        let owner = Some(name.as_str());
        let members = pair(&old_enum.members, &new_enum.members, |member| member.name.clone(), |_, _| false);
        // Members carry no source of their own; their enum's stands in.
        for member in &members.added {
            let change = Change::new(&rule::MEMBER_ADDED, owner, &member.name).values(Value::Null, json!(member.value));
            out.push(change.sources(new_only(&new_enum.source)));
        }
        for member in &members.removed {
            let change =
                Change::new(&rule::MEMBER_REMOVED, owner, &member.name).values(json!(member.value), Value::Null);
            out.push(change.sources(old_only(&old_enum.source)));
        }
        for &(old_member, new_member, how) in &members.pairs {
            let subject = (owner, new_member.name.as_str());
            if how != Pairing::Same {
                fact(out, &rule::MEMBER_RENAMED_CASE, subject, "name", &old_member.name, &new_member.name, sources);
            }
            if let (Some(was), Some(is)) = (old_member.value, new_member.value) {
                fact(out, &rule::MEMBER_VALUE_CHANGED, subject, "value", &was, &is, sources);
            }
            if new_member.deprecated && !old_member.deprecated {
                fact(out, &rule::MEMBER_DEPRECATED, subject, "deprecated", &false, &true, sources);
            }
            let texts = (&old_member.description, &new_member.description);
            out.description(Entity::Member, owner, &new_member.name, texts.0, texts.1, sources);
        }
    }
    paired.union_len()
}

// ---------------------------------------------------------------------------------------------
// Operations

/// Operations pair by id; a page removed and another added with the same method on a shared path
/// document the same operation under a new id.
pub(super) fn operations(old: &Ir, new: &Ir, out: &mut Collector) -> usize {
    // Path keys once per operation, not once per candidate pair.
    let keys = |ir: &Ir| -> BTreeMap<String, BTreeSet<String>> {
        ir.operations.iter().map(|op| (op.id.clone(), op.paths.iter().map(|path| path_key(path)).collect())).collect()
    };
    let (old_keys, new_keys) = (keys(old), keys(new));
    let same_request = |old_op: &Operation, new_op: &Operation| {
        old_op.method == new_op.method
            && match (old_keys.get(&old_op.id), new_keys.get(&new_op.id)) {
                (Some(old_paths), Some(new_paths)) => !old_paths.is_disjoint(new_paths),
                _ => false,
            }
    };
    let paired = pair(&old.operations, &new.operations, |op| op.id.clone(), same_request);
    // A page id that now documents another request (`chatmessage-list-replies` holds what
    // `channel-list-messagereplies` held) is not the same operation: such pairs are split and,
    // with what is left, paired again by method and path.
    let has_paths = |op: &Operation, keys: &BTreeMap<String, BTreeSet<String>>| {
        keys.get(&op.id).is_some_and(|paths| !paths.is_empty())
    };
    let requests = |ir: &Ir, keys: &BTreeMap<String, BTreeSet<String>>| -> BTreeMap<(String, String), String> {
        let mut requests = BTreeMap::new();
        for op in &ir.operations {
            for path in &keys[&op.id] {
                requests.entry((op.method.clone(), path.clone())).or_insert_with(|| op.id.clone());
            }
        }
        requests
    };
    let (old_requests, new_requests) = (requests(old, &old_keys), requests(new, &new_keys));
    // Whether another page on the other side documents one of `op`'s requests.
    let elsewhere =
        |op: &Operation, keys: &BTreeMap<String, BTreeSet<String>>, other: &BTreeMap<(String, String), String>| {
            keys[&op.id].iter().any(|path| other.get(&(op.method.clone(), path.clone())).is_some_and(|id| *id != op.id))
        };
    let mut pairs = Vec::new();
    let (mut old_left, mut new_left) = (paired.removed, paired.added);
    for (old_op, new_op, how) in paired.pairs {
        let disjoint = has_paths(old_op, &old_keys)
            && has_paths(new_op, &new_keys)
            && old_keys[&old_op.id].is_disjoint(&new_keys[&new_op.id]);
        if disjoint && (elsewhere(old_op, &old_keys, &new_requests) || elsewhere(new_op, &new_keys, &old_requests)) {
            old_left.push(old_op);
            new_left.push(new_op);
        } else {
            pairs.push((old_op, new_op, how));
        }
    }
    // Ids stay unique keys (a list may document one request on several pages); a split pair
    // shares its id, so its request is part of the key, and the likely-rename test (same method,
    // a shared path) finds each side's real partner.
    let request_key = |op: &&Operation| {
        let first = op.paths.iter().map(|path| path_key(path)).min().unwrap_or_default();
        format!("{} {} {first}", op.id, op.method)
    };
    old_left.sort_by(|a, b| a.id.cmp(&b.id));
    new_left.sort_by(|a, b| a.id.cmp(&b.id));
    let again = pair(&old_left, &new_left, request_key, |old_op, new_op| same_request(old_op, new_op));
    let union = pairs.len() + again.union_len();
    // Requests every one of which the new docs still document on another page: a page merged
    // into another, not an operation removed.
    for op in &again.added {
        let change = Change::new(&rule::OPERATION_ADDED, None, &op.id).values(Value::Null, json!(op.method));
        out.push(change.sources(new_only(&op.source)));
    }
    for op in &again.removed {
        let paths = &old_keys[&op.id];
        let holders: BTreeSet<&str> = paths
            .iter()
            .filter_map(|path| new_requests.get(&(op.method.clone(), path.clone())))
            .map(String::as_str)
            .collect();
        if !paths.is_empty()
            && holders.len() == 1
            && paths.iter().all(|path| new_requests.contains_key(&(op.method.clone(), path.clone())))
        {
            let holder = holders.into_iter().next().expect("one holder");
            let change = Change::new(&rule::OPERATION_RENAMED, None, holder).values(json!(op.id), json!(holder));
            out.push(change.aspect("id").sources(old_only(&op.source)));
            continue;
        }
        let change = Change::new(&rule::OPERATION_REMOVED, None, &op.id).values(json!(op.method), Value::Null);
        out.push(change.sources(old_only(&op.source)));
    }
    pairs.extend(again.pairs.iter().map(|&(old_op, new_op, how)| (*old_op, *new_op, how)));
    for (old_op, new_op, how) in pairs {
        // Paired by request, a page under another id is a rename.
        let how = if old_op.id == new_op.id { how } else { Pairing::LikelyRename };
        compare_operation(old_op, new_op, how, out);
    }
    union
}

fn compare_operation(old: &Operation, new: &Operation, how: Pairing, out: &mut Collector) {
    let sources = both(&old.source, &new.source);
    let subject = (None, new.id.as_str());
    if how != Pairing::Same {
        fact(out, &rule::OPERATION_RENAMED, subject, "id", &old.id, &new.id, sources);
    }
    // A page that documented no request (a lost `## HTTP request` section) had no method to
    // change: its paths are added below.
    if !old.method.is_empty() && !new.method.is_empty() {
        fact(out, &rule::OPERATION_METHOD_CHANGED, subject, "method", &old.method, &new.method, sources);
    }

    let keyed = |op: &Operation| -> BTreeMap<String, String> {
        let mut map = BTreeMap::new();
        for path in &op.paths {
            map.entry(path_key(path)).or_insert_with(|| path.clone());
        }
        map
    };
    let (old_paths, new_paths) = if old.paths == new.paths { Default::default() } else { (keyed(old), keyed(new)) };
    for (key, path) in &new_paths {
        if !old_paths.contains_key(key) {
            let change = Change::new(&rule::OPERATION_PATH_ADDED, None, &new.id).values(Value::Null, json!(path));
            out.push(change.aspect("path").sources(sources));
        }
    }
    for (key, path) in &old_paths {
        if !new_paths.contains_key(key) {
            let change = Change::new(&rule::OPERATION_PATH_REMOVED, None, &new.id).values(json!(path), Value::Null);
            out.push(change.aspect("path").sources(sources));
        }
    }

    let body_type =
        |op: &Operation| op.request_body.as_ref().and_then(|body| body.type_.as_ref()).map(|ty| ty.name.clone());
    fact(
        out,
        &rule::OPERATION_REQUEST_BODY_CHANGED,
        subject,
        "request_body",
        &body_type(old),
        &body_type(new),
        sources,
    );
    // No type is "nothing returned" only with a 204; otherwise the page just doesn't say.
    let response = |op: &Operation| match (&op.response.type_, op.response.status) {
        (Some(ty), _) => Some(type_name(ty, op.response.collection)),
        (None, Some(204)) => Some("none".to_owned()),
        (None, _) => None,
    };
    if let (Some(was), Some(is)) = (response(old), response(new)) {
        fact(out, &rule::OPERATION_RESPONSE_CHANGED, subject, "response", &was, &is, sources);
    }
    if let (Some(was), Some(is)) = (old.response.status, new.response.status) {
        fact(out, &rule::OPERATION_STATUS_CHANGED, subject, "status", &was, &is, sources);
    }
    out.description(Entity::Operation, None, &new.id, &old.title, &new.title, sources);
    parameters(old, new, out);
    permissions(old, new, sources, out);
}

/// A parameter of any kind, made comparable.
struct Param<'a> {
    /// `function`, `query`, `body` or `header`.
    place: &'static str,
    name: &'a str,
    type_: Option<String>,
    required: bool,
    description: &'a str,
    source: &'a Source,
}

fn params(op: &Operation) -> Vec<Param<'_>> {
    let mut list = Vec::new();
    let typed = |type_: Option<&TypeRef>, collection: bool| type_.map(|ty| type_name(ty, collection));
    for param in &op.function_params {
        // Function arguments are required unless the docs say otherwise.
        let (type_, required) = (typed(param.type_.as_ref(), param.collection), param.required != Some(false));
        let (name, description, source) = (param.name.as_str(), param.description.as_str(), &param.source);
        list.push(Param { place: "function", name, type_, required, description, source });
    }
    for param in &op.query_params {
        let (type_, required) = (typed(param.type_.as_ref(), param.collection), param.required == Some(true));
        let (name, description, source) = (param.name.as_str(), param.description.as_str(), &param.source);
        list.push(Param { place: "query", name, type_, required, description, source });
    }
    for prop in op.request_body.iter().flat_map(|body| &body.properties) {
        let (type_, required) = (Some(type_name(&prop.type_, prop.collection)), prop.required == Some(true));
        let (name, description, source) = (prop.name.as_str(), prop.description.as_str(), &prop.source);
        list.push(Param { place: "body", name, type_, required, description, source });
    }
    // Headers the client sets itself are not part of the generated API.
    for header in op.request_headers.iter().filter(|header| !is_client_header(&header.name)) {
        let (name, description, source) = (header.name.as_str(), header.description.as_str(), &op.source);
        list.push(Param { place: "header", name, type_: None, required: header.required, description, source });
    }
    list
}

fn is_client_header(name: &str) -> bool {
    crate::emit::CLIENT_HEADERS.contains(&name.to_ascii_lowercase().as_str())
}

fn parameters(old_op: &Operation, new_op: &Operation, out: &mut Collector) {
    let owner = Some(new_op.id.as_str());
    let (old, new) = (params(old_op), params(new_op));
    let same = |a: &Param<'_>, b: &Param<'_>| {
        (a.place, a.name, &a.type_, a.required, a.description) == (b.place, b.name, &b.type_, b.required, b.description)
    };
    if old.len() == new.len() && old.iter().zip(&new).all(|(a, b)| same(a, b)) {
        return;
    }
    let paired = pair(&old, &new, |param| format!("{}:{}", param.place, param.name), |_, _| false);
    for param in &paired.added {
        let rule = if param.required { &rule::PARAMETER_ADDED_REQUIRED } else { &rule::PARAMETER_ADDED };
        let change = Change::new(rule, owner, param.name).values(Value::Null, json!(param.type_));
        out.push(change.aspect(param.place).sources(new_only(param.source)));
    }
    for param in &paired.removed {
        let change = Change::new(&rule::PARAMETER_REMOVED, owner, param.name).values(json!(param.type_), Value::Null);
        out.push(change.aspect(param.place).sources(old_only(param.source)));
    }
    for &(old_param, new_param, how) in &paired.pairs {
        let sources = both(old_param.source, new_param.source);
        let subject = (owner, new_param.name);
        if how != Pairing::Same {
            fact(out, &rule::PARAMETER_RENAMED_CASE, subject, "name", &old_param.name, &new_param.name, sources);
        }
        // A type the table gives on one side only is not a change of type.
        if old_param.type_.is_some() && new_param.type_.is_some() {
            fact(out, &rule::PARAMETER_TYPE_CHANGED, subject, "type", &old_param.type_, &new_param.type_, sources);
        }
        let rule = if new_param.required { &rule::PARAMETER_MADE_REQUIRED } else { &rule::PARAMETER_MADE_OPTIONAL };
        fact(out, rule, subject, "required", &old_param.required, &new_param.required, sources);
        out.description(
            Entity::Parameter,
            owner,
            new_param.name,
            old_param.description,
            new_param.description,
            sources,
        );
    }
}

fn permissions(old: &Operation, new: &Operation, sources: Sources<'_>, out: &mut Collector) {
    if old.permissions == new.permissions {
        return;
    }
    let owner = Some(new.id.as_str());
    let listed = |op: &Operation| -> BTreeMap<(&'static str, String), String> {
        let permissions = &op.permissions;
        let kinds = [
            ("delegated_work", &permissions.delegated_work),
            ("delegated_personal", &permissions.delegated_personal),
            ("application", &permissions.application),
        ];
        let mut map = BTreeMap::new();
        for (kind, names) in kinds {
            for name in names {
                // Permission names are case-insensitive; the docs vary their case.
                map.entry((kind, name.to_lowercase())).or_insert_with(|| name.clone());
            }
        }
        map
    };
    let (old_listed, new_listed) = (listed(old), listed(new));
    let mut added: Vec<(&(&'static str, String), &String)> =
        new_listed.iter().filter(|(key, _)| !old_listed.contains_key(*key)).collect();
    let mut removed = Vec::new();
    for (key, name) in &old_listed {
        if new_listed.contains_key(key) {
            continue;
        }
        // A near-identical permission of the same kind added in its place: a spelling fix
        // (`...AzureADGroups` -> `...AzureADGroup`), flagged rather than breaking.
        if let Some(at) =
            added.iter().position(|(new_key, _)| new_key.0 == key.0 && likely_same_permission(&key.1, &new_key.1))
        {
            let (_, new_name) = added.remove(at);
            let change =
                Change::new(&rule::PERMISSION_RENAMED, owner, new_name.as_str()).values(json!(name), json!(new_name));
            out.push(change.aspect(key.0).sources(sources));
            continue;
        }
        removed.push((key, name));
    }
    for (key, name) in added {
        let change = Change::new(&rule::PERMISSION_ADDED, owner, name).values(Value::Null, json!(key.0));
        out.push(change.aspect(key.0).sources(Sources { old: None, ..sources }));
    }
    for (key, name) in removed {
        let change = Change::new(&rule::PERMISSION_REMOVED, owner, name).values(json!(key.0), Value::Null);
        out.push(change.aspect(key.0).sources(Sources { new: None, ..sources }));
    }
}

/// Two lower-cased permission names that differ only in spelling: a plural `s`, or at most two
/// edits in a name long enough that such an edit cannot make another permission.
fn likely_same_permission(old: &str, new: &str) -> bool {
    old.strip_suffix('s') == Some(new)
        || new.strip_suffix('s') == Some(old)
        || (old.len().min(new.len()) >= 12 && strsim::levenshtein(old, new) <= 2)
}

/// The resource and method name of every operation, new IR first.
pub(super) fn operation_infos(old: &Ir, new: &Ir) -> BTreeMap<String, OperationInfo> {
    let mut infos = BTreeMap::new();
    for ir in [new, old] {
        let mut rows: BTreeMap<&str, (&Type, &str)> = BTreeMap::new();
        for ty in &ir.types {
            for method in &ty.methods {
                if let Some(id) = &method.operation {
                    rows.entry(id.as_str()).or_insert((ty, method.name.as_str()));
                }
            }
        }
        for op in &ir.operations {
            if infos.contains_key(&op.id) {
                continue;
            }
            let row = rows.get(op.id.as_str());
            let method_name = match row {
                // A one-word row names the action or function (`reupload`).
                Some((_, name)) if !name.trim().is_empty() && !name.trim().contains(' ') => name.trim().to_owned(),
                _ => verb(&op.id),
            };
            let info = OperationInfo {
                resource: row.map(|(ty, _)| ty.name.clone()),
                resource_page: row.map(|(ty, _)| ty.source.file.to_string()),
                method_name,
            };
            infos.insert(op.id.clone(), info);
        }
    }
    infos
}

/// The CRUD verb in a page id (`virtualendpoint-post-deviceimages` -> `create`), else its last part.
fn verb(id: &str) -> String {
    let parts: Vec<&str> = id.split('-').collect();
    for part in parts.iter().skip(1) {
        match *part {
            "list" | "get" | "create" | "update" | "delete" | "upsert" => return (*part).to_owned(),
            "post" | "add" => return "create".to_owned(),
            "patch" => return "update".to_owned(),
            "remove" => return "delete".to_owned(),
            _ => {}
        }
    }
    parts.last().map(|part| (*part).to_owned()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_come_from_the_page_id() {
        let cases = [
            ("virtualendpoint-post-deviceimages", "create"),
            ("virtualendpoint-list-deviceimages", "list"),
            ("cloudpcdeviceimage-get", "get"),
            ("cloudpcdeviceimage-reupload", "reupload"),
            ("user-delete-manager", "delete"),
            ("lonely", "lonely"),
        ];
        for (id, expected) in cases {
            assert_eq!(verb(id), expected, "{id}");
        }
    }

    #[test]
    fn likely_property_renames_need_close_names_for_primitives_only() {
        let prop = |name: &str, type_: &str| Property::bare(name, TypeRef::resolved(type_), false, Source::default());
        assert!(likely_property(&prop("osBuild", "Edm.String"), &prop("osBuildNumber", "Edm.String")));
        assert!(likely_property(&prop("statusDetail", "Edm.String"), &prop("statusDetails", "Edm.String")));
        assert!(likely_property(&prop("serialNo", "Edm.String"), &prop("serialNumber", "Edm.String")));
        assert!(!likely_property(&prop("displayName", "Edm.String"), &prop("version", "Edm.String")));
        assert!(!likely_property(&prop("startDateTime", "Edm.String"), &prop("endDateTime", "Edm.String")));
        assert!(likely_property(&prop("details", "microsoft.graph.x"), &prop("info", "microsoft.graph.x")));
        assert!(!likely_property(&prop("details", "microsoft.graph.x"), &prop("details", "microsoft.graph.y")));
    }
}
