//! Request and response examples against the operation and the types they claim to carry.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Model;
use crate::diag::{codes, Diagnostic};
use crate::ir::{self, Source};
use crate::template;

/// Runs the example checks of every operation.
pub(super) fn check(model: &Model<'_>, out: &mut Vec<Diagnostic>) {
    for op in &model.ir.operations {
        response_type(model, op, out);
        for example in &op.examples {
            if let Some(request) = &example.request {
                request_path(op, request, out);
                if let (Some(body), Some(declared)) = (&request.body, &op.request_body) {
                    request_body(model, op, declared, body, &request.source, out);
                }
            }
            if let Some(response) = &example.response {
                if let (Some(body), Some(returned)) = (&response.body, &op.response.type_) {
                    response_body(model, op, returned, op.response.collection, body, &response.source, out);
                }
            }
        }
    }
}

/// The type the Response section links against the one the response example's annotation
/// names. A base and its derived type (`attachment`, `fileAttachment`) only differ in precision.
fn response_type(model: &Model<'_>, op: &ir::Operation, out: &mut Vec<Diagnostic>) {
    let (Some(stated), Some(annotated)) = (&op.response.stated_type, &op.response.type_) else { return };
    let (stated_type, annotated_type) = (model.type_named(&stated.name), model.type_named(&annotated.name));
    if let (Some(stated_type), Some(annotated_type)) = (stated_type, annotated_type) {
        let descends = |ty: &ir::Type, from: &ir::Type| {
            model.ancestry(ty).iter().any(|ancestor| ancestor.qualified_name() == from.qualified_name())
        };
        if descends(stated_type, annotated_type) || descends(annotated_type, stated_type) {
            return;
        }
    }
    let Some(line) =
        op.examples.iter().find_map(|example| example.response.as_ref()).map(|response| response.source.line)
    else {
        return;
    };
    out.push(Diagnostic::new(
        codes::API_RESPONSE_TYPE_CONFLICT,
        &op.source.file,
        line,
        format!(
            "the Response section says {} returns \"{}\", but the response example's annotation says \"{}\"; fix whichever is wrong (the annotation is used)",
            op.id, stated.name, annotated.name
        ),
    ));
}

/// The example's URL must fit one of the documented paths (as [`template::fill`] matches them;
/// `/$value` and `/$count`, OData suffixes any such path takes, may follow).
fn request_path(op: &ir::Operation, request: &ir::HttpMessage, out: &mut Vec<Diagnostic>) {
    let Some(url) = &request.url else { return };
    // A notification Graph posts to an app's callback URL is not a Graph request.
    let Some((path, _)) = template::split_url(url) else { return };
    if op.paths.is_empty() || fits_documented_path(op, &path) {
        return;
    }
    let listed: Vec<&str> = op.paths.iter().take(3).map(String::as_str).collect();
    let more = if op.paths.len() > 3 { format!(" and {} more", op.paths.len() - 3) } else { String::new() };
    out.push(Diagnostic::new(
        codes::EXAMPLE_PATH_MISMATCH,
        &request.source.file,
        request.source.line,
        format!(
            "example requests \"{path}\", which matches none of the documented paths ({}{more}); fix the example or add the path to the HTTP request block",
            listed.join(", ")
        ),
    ));
}

/// Whether `path` fits one of the operation's documented paths, perhaps with `/$value` or
/// `/$count` after it.
fn fits_documented_path(op: &ir::Operation, path: &str) -> bool {
    let bare = ["/$value", "/$count"].iter().find_map(|suffix| path.strip_suffix(suffix));
    op.paths.iter().any(|documented| {
        let tokens = template::tokens(documented);
        template::fill(&tokens, path).is_some() || bare.is_some_and(|bare| template::fill(&tokens, bare).is_some())
    })
}

/// Keys of a request body against the Request body table and the body type.
fn request_body(
    model: &Model<'_>,
    op: &ir::Operation,
    declared: &ir::RequestBody,
    body: &Value,
    source: &Source,
    out: &mut Vec<Diagnostic>,
) {
    let Value::Object(object) = body else { return };
    // An update page's table lists what may be changed; without a body type, the resource it
    // returns tells what else the object has.
    let ty = declared
        .type_
        .as_ref()
        .or(op.response.type_.as_ref().filter(|_| !op.response.collection))
        .and_then(|type_ref| model.type_named(&type_ref.name));
    if ty.is_none() && declared.properties.is_empty() {
        return;
    }
    if ty.is_some_and(|ty| is_open(model, ty)) {
        return;
    }
    let family = ty.map(|ty| model.family(ty)).unwrap_or_default();
    let mut unknown = Vec::new();
    for (key, value) in object {
        if key.contains('@') {
            continue;
        }
        let row = declared.properties.iter().find(|property| &property.name == key);
        let in_type = family.iter().find_map(|member| member.properties.iter().find(|property| &property.name == key));
        let in_nav = family.iter().any(|member| member.navigation.iter().any(|nav| &nav.name == key));
        match row.or(in_type) {
            Some(property) => value_shape(model, op, key, property, value, source, out),
            None if in_nav => {}
            None => unknown.push(key.as_str()),
        }
    }
    if unknown.is_empty() {
        return;
    }
    let against = match (ty, declared.properties.is_empty()) {
        (Some(ty), true) => format!("{} does not have", ty.name),
        (Some(ty), false) => format!("neither the Request body table nor {} has", ty.name),
        (None, _) => "the Request body table does not list".to_owned(),
    };
    let (keys, them) = keys_and_pronoun(&unknown);
    out.push(
        Diagnostic::new(
            codes::EXAMPLE_UNKNOWN_PROPERTY,
            &source.file,
            source.line,
            format!(
                "request example of {} sends {keys}, which {against}; fix the {them} or document {}",
                op.id,
                if unknown.len() == 1 { "it" } else { "them" }
            ),
        )
        .at_key(unknown[0]),
    );
}

/// `"a"` and `key`, or `"a", "b"` and `keys`: one diagnostic names every unknown key of an object.
fn keys_and_pronoun(keys: &[&str]) -> (String, &'static str) {
    (super::quoted(keys), if keys.len() == 1 { "key" } else { "keys" })
}

/// Keys of a response body against the response type (each item of `value` for a collection).
fn response_body(
    model: &Model<'_>,
    op: &ir::Operation,
    returned: &ir::TypeRef,
    collection: bool,
    body: &Value,
    source: &Source,
    out: &mut Vec<Diagnostic>,
) {
    let Some(ty) = model.type_named(&returned.name) else { return };
    let has_value_property = model.family(ty).iter().any(|member| member.properties.iter().any(|p| p.name == "value"));
    let items: Vec<&Value> = match (collection, body) {
        (true, Value::Object(object)) => match object.get("value") {
            Some(Value::Array(items)) => items.iter().collect(),
            _ => return,
        },
        (false, Value::Object(object)) => match object.get("value") {
            // `{"value": {...}}` for one object: the Intune templates wrap a single entity as if
            // it were a collection page.
            Some(inner @ (Value::Object(_) | Value::Array(_))) if !has_value_property => {
                out.push(Diagnostic::new(
                    codes::EXAMPLE_VALUE_SHAPE,
                    &source.file,
                    source.line,
                    format!(
                        "response example of {} wraps its {} in \"value\", but the operation returns a single {}; drop the wrapper",
                        op.id, ty.name, ty.name
                    ),
                )
                .at_key("value"));
                match inner {
                    Value::Array(items) => items.iter().collect(),
                    _ => vec![inner],
                }
            }
            _ => vec![body],
        },
        _ => return,
    };
    // Unknown keys per item type, each named once however many items repeat it.
    let mut unknown: BTreeMap<String, (&ir::Type, Vec<&str>)> = BTreeMap::new();
    for item in items {
        let Value::Object(object) = item else { continue };
        // `"@odata.type": "#microsoft.graph.x"` names the item's real type.
        let item_type =
            object.get("@odata.type").and_then(Value::as_str).and_then(|name| model.type_named(name)).unwrap_or(ty);
        if is_open(model, item_type) {
            continue;
        }
        let family = model.family(item_type);
        for (key, value) in object {
            if key.contains('@') {
                continue;
            }
            let property =
                family.iter().find_map(|member| member.properties.iter().find(|property| &property.name == key));
            let in_nav = family.iter().any(|member| member.navigation.iter().any(|nav| &nav.name == key));
            match property {
                Some(property) => value_shape(model, op, key, property, value, source, out),
                None if in_nav => {}
                None => {
                    let (_, keys) = unknown.entry(item_type.qualified_name()).or_insert((item_type, Vec::new()));
                    if !keys.contains(&key.as_str()) {
                        keys.push(key);
                    }
                }
            }
        }
    }
    for (item_type, keys) in unknown.into_values() {
        let (listed, them) = keys_and_pronoun(&keys);
        out.push(
            Diagnostic::new(
                codes::EXAMPLE_UNKNOWN_PROPERTY,
                &source.file,
                source.line,
                format!(
                    "response example of {} has {listed}, which {} does not have; fix the {them} or add {} to {}",
                    op.id,
                    item_type.name,
                    if keys.len() == 1 { "the property" } else { "the properties" },
                    item_type.name
                ),
            )
            .at_key(keys[0]),
        );
    }
}

/// Open types take properties no table lists: those annotated `openType`, and extensions
/// (`openTypeExtension` is open by definition, though its page does not annotate it).
fn is_open(model: &Model<'_>, ty: &ir::Type) -> bool {
    model.ancestry(ty).iter().any(|ancestor| ancestor.open || ancestor.qualified_name() == "microsoft.graph.extension")
}

/// What a JSON value is, for messages.
fn shape(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value whose JSON shape contradicts the declared type.
fn value_shape(
    model: &Model<'_>,
    op: &ir::Operation,
    key: &str,
    property: &ir::Property,
    value: &Value,
    source: &Source,
    out: &mut Vec<Diagnostic>,
) {
    if value.is_null() {
        return;
    }
    let type_name = &property.type_.name;
    let expected = if property.collection {
        (!value.is_array()).then_some("an array (the property is a collection)")
    } else if value.is_array() {
        Some("a single value (the property is not a collection)")
    } else {
        match type_name.as_str() {
            "Edm.Boolean" => (!value.is_boolean()).then_some("a boolean"),
            "Edm.String" | "Edm.DateTimeOffset" | "Edm.Date" | "Edm.TimeOfDay" | "Edm.Duration" | "Edm.Guid" => {
                (value.is_object() || value.is_boolean()).then_some("a string")
            }
            "Edm.Int16" | "Edm.Int32" | "Edm.Int64" | "Edm.Byte" | "Edm.SByte" | "Edm.Double" | "Edm.Single"
            | "Edm.Decimal" => (value.is_object() || value.is_boolean()).then_some("a number"),
            _ if model.enums.contains_key(&type_name.to_ascii_lowercase()) => {
                (value.is_object() || value.is_boolean()).then_some("an enum member name")
            }
            // A type without properties (`microsoft.graph.Json`) may hold any JSON value.
            _ if model.type_named(type_name).is_some_and(|ty| !model.properties(ty).is_empty()) => {
                (!value.is_object()).then_some("an object")
            }
            _ => None,
        }
    };
    if let Some(expected) = expected {
        out.push(
            Diagnostic::new(
                codes::EXAMPLE_VALUE_SHAPE,
                &source.file,
                source.line,
                format!(
                    "example of {} gives \"{key}\" {}, but the property is {}{}; expected {expected}",
                    op.id,
                    shape(value),
                    if property.collection { "a collection of " } else { "" },
                    type_name
                ),
            )
            .at_key(key),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::fits_documented_path;
    use crate::ir::{Operation, Source};

    #[test]
    fn example_paths_fit_documented_ones() {
        let rows = [
            ("/users/{id}", "/users/48d31887", true),
            ("/users/{id}", "/users/48d31887/photo", false),
            ("/users/{id}", "/users('a@b.com')", true),
            ("/users/{id}/microsoft.graph.reboot", "/USERS/x/reboot", true),
            ("/drive/root:/{item-path}:/content", "/drive/root:/a/b.txt:/content", true),
            ("/reports/getEmailActivity(period='{period_value}')", "/reports/getEmailActivity(period='D7')", true),
            ("/reports/getEmailActivity(period='{period_value}')", "/reports/getEmailActivity(period=D7)", false),
            ("/deviceImages/getSourceImages()", "/deviceImages/getSourceImages", true),
            ("/me/events", "/me/calendar", false),
            ("/vppTokens/getLicensesForApp", "/vppTokens/getLicensesForApp(bundleId='x')", true),
            ("/chats/{id}/hostedContents/{id}", "/chats/19:a@thread.v2/hostedContents/aWQ9/$value", true),
        ];
        for (template, path, expected) in rows {
            let op: Operation = serde_json::from_value(serde_json::json!({
                "id": "x", "title": "x", "method": "GET", "paths": [template], "path_params": [],
                "requests": [], "function_params": [], "query_params": [], "request_headers": [],
                "request_body": null, "response": {"status": 200, "type": null, "collection": false},
                "permissions": {"delegated_work": [], "delegated_personal": [], "application": []},
                "examples": [], "source": Source { file: "x.md".into(), line: 1 },
            }))
            .expect("an operation");
            assert_eq!(fits_documented_path(&op, path), expected, "{template} ~ {path}");
        }
    }
}
