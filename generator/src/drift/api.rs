//! Drift of the generated Rust API: two [`ApiSurface`]s -> the changes a caller of the crate
//! meets (functions, structs, enums and aliases added or removed; parameter, return, field and
//! variant types changed), each classified by a rule of [`rules`].
//!
//! Items are paired by Rust path, so a page renamed or a request block reordered, which leaves
//! every path and signature as it was, gives no change here; a path removed from the docs gives
//! `api-function-removed` naming the function callers lose.

use serde_json::Value;

use super::rules::{self, Rule};
use super::Change;
use crate::emit::surface::{ApiItem, ApiSurface};

/// Appends the changes from `old` to `new` to `out`.
pub fn compare(old: &ApiSurface, new: &ApiSurface, out: &mut Vec<Change>) {
    for (path, item) in &old.items {
        match new.items.get(path) {
            None => {
                let rule = if is_function(item) { &rules::API_FUNCTION_REMOVED } else { &rules::API_ITEM_REMOVED };
                out.push(change(rule, module_of(path), path, Value::String(describe(path, item)), Value::Null));
            }
            Some(new_item) => compare_item(path, item, new_item, out),
        }
    }
    for (path, item) in &new.items {
        if !old.items.contains_key(path) {
            let rule = if is_function(item) { &rules::API_FUNCTION_ADDED } else { &rules::API_ITEM_ADDED };
            out.push(change(rule, module_of(path), path, Value::Null, Value::String(describe(path, item))));
        }
    }
}

fn compare_item(path: &str, old: &ApiItem, new: &ApiItem, out: &mut Vec<Change>) {
    match (old, new) {
        (
            ApiItem::Function { params: old_params, returns: old_returns, .. },
            ApiItem::Function { params, returns, .. },
        ) => {
            let old_types: Vec<&String> = old_params.iter().map(|(_, ty)| ty).collect();
            let new_types: Vec<&String> = params.iter().map(|(_, ty)| ty).collect();
            if old_types != new_types || old_returns != returns {
                out.push(with_aspect(
                    "signature",
                    change(
                        &rules::API_FUNCTION_CHANGED,
                        module_of(path),
                        path,
                        Value::String(describe(path, old)),
                        Value::String(describe(path, new)),
                    ),
                ));
            }
        }
        (ApiItem::Struct { fields: old_fields }, ApiItem::Struct { fields }) => {
            members(
                path,
                old_fields,
                fields,
                [&rules::API_FIELD_ADDED, &rules::API_FIELD_REMOVED, &rules::API_FIELD_RETYPED],
                out,
            );
        }
        (ApiItem::Enum { variants: old_variants }, ApiItem::Enum { variants }) => members(
            path,
            old_variants,
            variants,
            [&rules::API_VARIANT_ADDED, &rules::API_VARIANT_REMOVED, &rules::API_VARIANT_RETYPED],
            out,
        ),
        // An alias or re-export still names an item; changes of that item are reported on it.
        (ApiItem::Alias { .. }, ApiItem::Alias { .. }) => {}
        _ => out.push(with_aspect(
            "kind",
            change(
                &rules::API_ITEM_KIND_CHANGED,
                module_of(path),
                path,
                Value::String(describe(path, old)),
                Value::String(describe(path, new)),
            ),
        )),
    }
}

/// Fields or variants of one item: added, removed, retyped.
fn members(
    owner: &str,
    old: &std::collections::BTreeMap<String, String>,
    new: &std::collections::BTreeMap<String, String>,
    [added, removed, retyped]: [&Rule; 3],
    out: &mut Vec<Change>,
) {
    for (name, ty) in old {
        match new.get(name) {
            None => out.push(change(removed, Some(owner), name, typed(ty), Value::Null)),
            Some(new_ty) if new_ty != ty => {
                out.push(with_aspect("type", change(retyped, Some(owner), name, typed(ty), typed(new_ty))));
            }
            Some(_) => {}
        }
    }
    for (name, ty) in new {
        if !old.contains_key(name) {
            out.push(change(added, Some(owner), name, Value::Null, typed(ty)));
        }
    }
}

fn change(rule: &Rule, owner: Option<&str>, name: &str, from: Value, to: Value) -> Change {
    let mut change = Change::new(rule, owner, name);
    change.from = from;
    change.to = to;
    change
}

fn with_aspect(aspect: &'static str, mut change: Change) -> Change {
    change.aspect = Some(aspect);
    change
}

fn typed(ty: &str) -> Value {
    if ty.is_empty() {
        Value::Null
    } else {
        Value::String(ty.to_owned())
    }
}

fn is_function(item: &ApiItem) -> bool {
    matches!(item, ApiItem::Function { .. })
}

/// `api::users::messages` for `api::users::messages::list`.
fn module_of(path: &str) -> Option<&str> {
    path.rsplit_once("::").map(|(module, _)| module)
}

/// An item as a caller sees it: `fn list(user_id: &str) -> ep::Endpoint<...> (GET /users/{id}/messages)`.
fn describe(path: &str, item: &ApiItem) -> String {
    let name = path.rsplit("::").next().unwrap_or(path);
    match item {
        ApiItem::Function { params, returns, request } => {
            let params: Vec<String> = params.iter().map(|(name, ty)| format!("{name}: {ty}")).collect();
            format!("fn {name}({}) -> {returns} ({request})", params.join(", "))
        }
        ApiItem::Struct { fields } => format!("struct {name} ({} fields)", fields.len()),
        ApiItem::Enum { variants } => format!("enum {name} ({} variants)", variants.len()),
        ApiItem::Alias { target } => format!("{name} = {target}"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::compare;
    use crate::emit::surface::{ApiItem, ApiSurface};

    fn function(params: &[&str], returns: &str) -> ApiItem {
        ApiItem::Function {
            params: params.iter().map(|ty| ("x".to_owned(), (*ty).to_owned())).collect(),
            returns: returns.to_owned(),
            request: "GET /x".to_owned(),
        }
    }

    #[test]
    fn functions_and_fields_are_paired_by_path() {
        let old = ApiSurface {
            items: BTreeMap::from([
                ("api::users::get".to_owned(), function(&["&str"], "R")),
                ("api::users::list".to_owned(), function(&[], "L")),
                (
                    "graph::User".to_owned(),
                    ApiItem::Struct { fields: BTreeMap::from([("a".to_owned(), "i32".to_owned())]) },
                ),
            ]),
        };
        let mut new = old.clone();
        new.items.remove("api::users::list");
        new.items.insert("api::users::get".to_owned(), function(&["&str", "&str"], "R"));
        new.items.insert(
            "graph::User".to_owned(),
            ApiItem::Struct { fields: BTreeMap::from([("a".to_owned(), "i64".to_owned())]) },
        );
        let mut changes = Vec::new();
        compare(&old, &new, &mut changes);
        let rules: Vec<(&str, &str)> = changes.iter().map(|change| (change.rule, change.name.as_str())).collect();
        assert_eq!(
            rules,
            [
                ("api-function-changed", "api::users::get"),
                ("api-function-removed", "api::users::list"),
                ("api-field-retyped", "a")
            ]
        );
        let mut unchanged = Vec::new();
        compare(&old, &old, &mut unchanged);
        assert!(unchanged.is_empty());
    }
}
