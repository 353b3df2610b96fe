//! Request and response examples against the operation and the types they claim to carry.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Model;
use crate::diag::{codes, Diagnostic};
use crate::ir::{self, Source};

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

/// The example's URL must match one of the documented paths.
fn request_path(op: &ir::Operation, request: &ir::HttpMessage, out: &mut Vec<Diagnostic>) {
    let Some(url) = &request.url else { return };
    // A notification Graph posts to an app's callback URL is not a Graph request.
    let host = url.split_once("://").map(|(_, rest)| rest.split('/').next().unwrap_or_default());
    if op.paths.is_empty() || host.is_some_and(|host| !host.to_ascii_lowercase().contains("graph.microsoft")) {
        return;
    }
    let path = example_path(url);
    if path.is_empty() || op.paths.iter().any(|documented| path_matches(documented, &path)) {
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

/// `https://graph.microsoft.com/beta/me/events?$top=1` -> `/me/events`.
pub(crate) fn example_path(url: &str) -> String {
    let mut rest = url.trim();
    if let Some(after_scheme) = rest.split_once("://").map(|(_, after)| after) {
        rest = after_scheme.find('/').map_or("", |slash| after_scheme.get(slash..).unwrap_or_default());
    }
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let mut path = rest.trim().to_owned();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    for version in ["/beta/", "/v1.0/"] {
        if path.to_ascii_lowercase().starts_with(version) {
            path = path.get(version.len() - 1..).unwrap_or_default().to_owned();
        }
    }
    key_segments(path.trim_end_matches('/'))
}

/// Whether parentheses hold `name=value` arguments: an `=` outside quotes (`'AAMkADA1M-zAAA='`
/// is a quoted key that ends in base64 padding).
fn has_named_argument(text: &str) -> bool {
    let mut quoted = false;
    text.chars().any(|ch| {
        if ch == '\'' {
            quoted = !quoted;
        }
        ch == '=' && !quoted
    })
}

/// OData key syntax as a path segment: `/users('a@b.com')/people` -> `/users/a@b.com/people`.
/// Function calls keep their parentheses: their arguments are `name=value`.
fn key_segments(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            let Some((name, rest)) = segment.split_once('(') else { return segment.to_owned() };
            let Some(key) = rest.strip_suffix(')') else { return segment.to_owned() };
            if name.is_empty() || key.is_empty() || has_named_argument(key) {
                return segment.to_owned();
            }
            format!("{name}/{}", key.trim_matches('\''))
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether an example path fits a documented template. Placeholders (`{id}`) match any text
/// without `/`, or with `/` inside a `root:/{path}:` colon path; `microsoft.graph.` prefixes,
/// quotes and case are ignored, and a template's trailing function parentheses match any
/// arguments.
pub(crate) fn path_matches(template: &str, path: &str) -> bool {
    let normalise = |text: &str| {
        text.to_ascii_lowercase()
            .replace("microsoft.graph.", "")
            .replace(['\'', '"'], "")
            .trim_end_matches('/')
            .to_owned()
    };
    let template = normalise(template.split('?').next().unwrap_or_default());
    let path = normalise(path);
    // `/$value` (media content) and `/$count` are OData suffixes any such path takes.
    let bare = ["/$value", "/$count"].iter().find_map(|suffix| path.strip_suffix(suffix)).unwrap_or(&path);
    matches_from(template.as_bytes(), path.as_bytes()) || matches_from(template.as_bytes(), bare.as_bytes())
}

fn matches_from(template: &[u8], path: &[u8]) -> bool {
    // A function written without its parameters (`/getLicensesForApp`) takes them in the example
    // (`/getLicensesForApp(bundleId='x')`).
    if matches!(template.first(), None | Some(b'/')) && path.first() == Some(&b'(') {
        if let Some(close) = path.iter().position(|&c| c == b')') {
            return matches_from(template, path.get(close + 1..).unwrap_or_default());
        }
    }
    match template.first() {
        None => path.is_empty(),
        Some(b'{') => {
            let close = template.iter().position(|&c| c == b'}').unwrap_or(template.len() - 1);
            let rest = template.get(close + 1..).unwrap_or_default();
            // A colon path's placeholder may span folders.
            let spans_slashes = rest.first() == Some(&b':');
            (1..=path.len()).any(|taken| {
                let value = path.get(..taken).unwrap_or_default();
                (spans_slashes || !value.contains(&b'/')) && matches_from(rest, path.get(taken..).unwrap_or_default())
            })
        }
        Some(b'(') => {
            // Function arguments: any text up to the matching parenthesis on the path side.
            let Some(close) = template.iter().position(|&c| c == b')') else { return false };
            let rest = template.get(close + 1..).unwrap_or_default();
            if path.first() != Some(&b'(') {
                // `getSourceImages()` called as `getSourceImages`.
                return close == 1 && matches_from(rest, path);
            }
            let Some(path_close) = path.iter().position(|&c| c == b')') else { return false };
            matches_from(rest, path.get(path_close + 1..).unwrap_or_default())
        }
        Some(&c) => {
            path.first() == Some(&c)
                && matches_from(template.get(1..).unwrap_or_default(), path.get(1..).unwrap_or_default())
        }
    }
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
    out.push(Diagnostic::new(
        codes::EXAMPLE_UNKNOWN_PROPERTY,
        &source.file,
        source.line,
        format!(
            "request example of {} sends {keys}, which {against}; fix the {them} or document {}",
            op.id,
            if unknown.len() == 1 { "it" } else { "them" }
        ),
    ));
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
                ));
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
        out.push(Diagnostic::new(
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
        ));
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
        out.push(Diagnostic::new(
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
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::{example_path, path_matches};

    #[test]
    fn example_paths() {
        let rows = [
            ("https://graph.microsoft.com/beta/me/events?$top=1", "/me/events"),
            ("/v1.0/users/{id}/", "/users/{id}"),
            ("users/abc", "/users/abc"),
            ("/users('a@b.com')/people", "/users/a@b.com/people"),
            ("/me/messages('AAMk-zAAA=')/attachments('AAMk-qI=')", "/me/messages/AAMk-zAAA=/attachments/AAMk-qI="),
            ("/reports/getX(period='D7')", "/reports/getX(period='D7')"),
        ];
        for (url, expected) in rows {
            assert_eq!(example_path(url), expected, "{url}");
        }
    }

    #[test]
    fn templates() {
        let rows = [
            ("/users/{id}", "/users/48d31887", true),
            ("/users/{id}", "/users/48d31887/photo", false),
            ("/users/{id}/microsoft.graph.reboot", "/USERS/x/reboot", true),
            ("/drive/root:/{item-path}:/content", "/drive/root:/a/b.txt:/content", true),
            ("/reports/getEmailActivity(period='{period_value}')", "/reports/getEmailActivity(period='D7')", true),
            ("/deviceImages/getSourceImages()", "/deviceImages/getSourceImages", true),
            ("/me/events", "/me/calendar", false),
            ("/vppTokens/getLicensesForApp", "/vppTokens/getLicensesForApp(bundleId='x')", true),
            ("/chats/{id}/hostedContents/{id}", "/chats/19:a@thread.v2/hostedContents/aWQ9/$value", true),
        ];
        for (template, path, expected) in rows {
            assert_eq!(path_matches(template, path), expected, "{template} ~ {path}");
        }
    }
}
