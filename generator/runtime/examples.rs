//! What the example tests share: reading an example's values, and comparing the request an
//! endpoint builds and the response it reads with what the documentation shows.
//!
//! A failing check panics with a diagnostic line, `file:line: error[code]: message`, where the
//! code says who is at fault:
//! - `example-test.doc`: the documentation contradicts itself (an example's body does not fit
//!   the type the page documents);
//! - `example-test.generator`: the generated code does not reproduce the example (a different
//!   path, a body that does not survive a round trip).
//!
//! Placeholder values the docs write instead of real ones (`"String"`, `"Int32"`,
//! `"String (identifier)"`, `"{id}"`, `"<guid>"`, `"customerId-value"`, `"..."`) are left out
//! before anything is read or compared. docgen copies this file verbatim into the example tests
//! it generates.

use crate::generated::endpoint::{BuildError, Collection, Endpoint, Json, Kind, Page, Primitive, BETA};
use crate::generated::rt::{Value, Wire};

/// Fails the test with a diagnostic saying the documentation is at fault.
fn doc(at: &str, message: impl std::fmt::Display) -> ! {
    panic!("{at}: error[example-test.doc]: {message}")
}

/// Fails the test with a diagnostic saying the generated code is at fault.
fn generator(at: &str, message: impl std::fmt::Display) -> ! {
    panic!("{at}: error[example-test.generator]: {message}")
}

/// Reads JSON docgen wrote into the test.
fn documented(at: &str, json: &str) -> Value {
    match serde_json::from_str(json) {
        Ok(value) => without_placeholders(value),
        Err(error) => generator(at, format!("the test holds JSON that does not parse: {error}")),
    }
}

/// Whether a string stands for a value rather than being one.
pub fn is_placeholder(text: &str) -> bool {
    const TYPE_WORDS: &[&str] = &[
        "string",
        "int16",
        "int32",
        "int64",
        "integer",
        "int",
        "boolean",
        "bool",
        "datetimeoffset",
        "datetime",
        "date",
        "timeofday",
        "duration",
        "guid",
        "double",
        "single",
        "decimal",
        "float",
        "byte",
        "binary",
        "stream",
        "number",
        "timestamp",
    ];
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let word = lower.split([' ', '(']).next().unwrap_or_default();
    let rest = lower[word.len()..].trim_start();
    let word = word.strip_prefix("edm.").unwrap_or(word);
    let typed = TYPE_WORDS.contains(&word) && (rest.is_empty() || rest.starts_with('('));
    let wrapped = (text.starts_with('{') && text.ends_with('}') && !text.contains('"'))
        || (text.starts_with('<') && text.ends_with('>'));
    typed
        || wrapped
        || matches!(text, "..." | "…")
        || ((lower.ends_with("-value") || lower.ends_with("_value")) && !lower.contains(' '))
}

/// `value` without the members and items that are placeholders.
pub fn without_placeholders(value: Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .into_iter()
                .filter(|(_, member)| !matches!(member, Value::String(text) if is_placeholder(text)))
                .map(|(key, member)| (key, without_placeholders(member)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .filter(|item| !matches!(item, Value::String(text) if is_placeholder(text)))
                .map(without_placeholders)
                .collect(),
        ),
        other => other,
    }
}

/// Where two JSON values differ, or `None` when they are equal. Numbers compare by value (`1`
/// and `1.0` are equal), to single precision, and a number equals the same number written as
/// a string.
pub fn difference(left: &Value, right: &Value) -> Option<String> {
    match (left, right) {
        (Value::Object(left), Value::Object(right)) => {
            for (key, value) in left {
                match right.get(key) {
                    Some(other) => {
                        if let Some(inner) = difference(value, other) {
                            return Some(format!("{key}: {inner}"));
                        }
                    }
                    None => return Some(format!("{key}: {value} against nothing")),
                }
            }
            right
                .iter()
                .find(|(key, _)| !left.contains_key(*key))
                .map(|(key, value)| format!("{key}: nothing against {value}"))
        }
        (Value::Array(left), Value::Array(right)) => {
            if left.len() != right.len() {
                return Some(format!("{} items against {}", left.len(), right.len()));
            }
            left.iter().zip(right).enumerate().find_map(|(index, (left, right))| {
                difference(left, right).map(|inner| format!("item {index}: {inner}"))
            })
        }
        (Value::Number(left), Value::Number(right)) if same_number(left.as_f64(), right.as_f64()) => None,
        // OData's IEEE754Compatible form sends numbers as strings (`"60"`).
        (Value::Number(number), Value::String(text)) | (Value::String(text), Value::Number(number))
            if same_number(number.as_f64(), text.trim().parse().ok()) =>
        {
            None
        }
        (left, right) if left == right => None,
        (left, right) => Some(format!("{left} against {right}")),
    }
}

/// Whether two numbers are equal to single precision (an `Edm.Single` property holds a `f32`,
/// so `4.666666666666667` comes back as `4.666666507720947`).
fn same_number(left: Option<f64>, right: Option<f64>) -> bool {
    match (left, right) {
        (Some(left), Some(right)) => left == right || (left - right).abs() <= 1e-6 * left.abs().max(right.abs()),
        _ => false,
    }
}

/// Reads an example's JSON as `T`: a request body, or a model given to a function.
pub fn body<T: Wire>(at: &str, json: &str) -> T {
    T::from_wire(documented(at, json)).unwrap_or_else(|error| {
        doc(at, format!("the example's request body does not fit its documented type: {error}"))
    })
}

/// Reads an OData literal (`'D7'`, `5`, `true`, `microsoft.graph.period'D7'`) as `T`.
pub fn arg<T: Wire>(at: &str, literal: &str) -> T {
    let text = literal.trim();
    let unquoted = text
        .find('\'')
        .filter(|&open| text.ends_with('\'') && text.len() > open + 1)
        .map(|open| text[open + 1..text.len() - 1].replace("''", "'"));
    let value = match unquoted {
        Some(text) => Value::String(text),
        None => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned())),
    };
    T::from_wire(value).unwrap_or_else(|error| {
        doc(at, format!("the example's argument {literal} does not fit its documented type: {error}"))
    })
}

/// Decodes `%XX` escapes (invalid ones are kept as written).
fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// A path and query, spelled the same way whichever way the docs write it: decoded, in lower
/// case, without `microsoft.graph.` prefixes, keys written as segments (`/users('x')` as
/// `/users/x`), a trailing `()` left out, and query parameters sorted.
pub fn normal_target(target: &str) -> (String, Vec<(String, String)>) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = decode(path).to_lowercase().replace("microsoft.graph.", "");
    let segments: Vec<String> = path
        .trim_end_matches('/')
        .split('/')
        .map(|segment| {
            let segment = segment.strip_suffix("()").unwrap_or(segment);
            match segment.split_once('(') {
                Some((name, key)) if !name.is_empty() && key.ends_with(')') && !has_named_argument(key) => {
                    format!("{name}/{}", key.trim_end_matches(')').trim_matches('\''))
                }
                // Function arguments are named, so their order does not matter.
                Some((name, arguments)) if arguments.ends_with(')') => {
                    let mut arguments = split_arguments(arguments.trim_end_matches(')'));
                    arguments.sort_unstable();
                    format!("{name}({})", arguments.join(","))
                }
                _ => segment.to_owned(),
            }
        })
        .collect();
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name).trim().to_lowercase(), decode(value).split(',').map(str::trim).collect::<Vec<_>>().join(","))
        })
        .collect();
    pairs.sort();
    (segments.join("/"), pairs)
}

/// Whether parentheses hold `name=value` arguments: an `=` outside quotes (`'AAMkADA1M-zAAA='`
/// is a key that ends in base64 padding).
fn has_named_argument(text: &str) -> bool {
    let mut quoted = false;
    text.chars().any(|ch| {
        if ch == '\'' {
            quoted = !quoted;
        }
        ch == '=' && !quoted
    })
}

/// `a='x,y',b=2` -> `["a='x,y'", "b=2"]`: the arguments of a function call, split at commas
/// outside quotes.
fn split_arguments(text: &str) -> Vec<&str> {
    let mut arguments = Vec::new();
    let (mut quoted, mut start) = (false, 0);
    for (at, ch) in text.char_indices() {
        match ch {
            '\'' => quoted = !quoted,
            ',' if !quoted => {
                arguments.push(text[start..at].trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    arguments.push(text[start..].trim());
    arguments
}

/// The request `endpoint` builds must have the example's method, path and query (compared as
/// [`normal_target`] spells them), headers, and JSON body (compared as JSON, placeholders left
/// out; no body and `{}` are the same).
pub fn request<K: Kind, A>(
    at: &str,
    endpoint: &Endpoint<K, A>,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) {
    let request = match endpoint.clone().into_request(BETA) {
        Ok(request) => request,
        Err(error @ BuildError::Segment { .. }) => doc(at, format!("the example's path cannot be sent: {error}")),
        Err(error) => generator(at, format!("the request does not build: {error}")),
    };
    if !request.method().as_str().eq_ignore_ascii_case(method) {
        generator(at, format!("the endpoint sends {}, the example {method}", request.method()));
    }
    let built = request.uri().path_and_query().map_or_else(String::new, |target| target.as_str().to_owned());
    let built = built.strip_prefix("/beta").unwrap_or(&built);
    if normal_target(built) != normal_target(target) {
        generator(at, format!("the endpoint requests {built}, the example {target}"));
    }
    for (name, value) in headers {
        let sent = request.headers().get(*name).and_then(|sent| sent.to_str().ok());
        if sent != Some(value) {
            generator(at, format!("the endpoint sends header {name} as {sent:?}, the example as {value:?}"));
        }
    }
    let sent = (!request.body().is_empty()).then(|| {
        serde_json::from_slice::<Value>(request.body())
            .unwrap_or_else(|error| generator(at, format!("the endpoint sends a body that is not JSON: {error}")))
    });
    let expected = body.map(|json| documented(at, json));
    let empty = Value::Object(Default::default());
    let (sent, expected) = (sent.unwrap_or_else(|| empty.clone()), expected.unwrap_or(empty));
    if let Some(difference) = difference(&sent, &expected) {
        generator(at, format!("the body sent differs from the example's (sent against documented) at {difference}"));
    }
}

/// Reads a documented 2xx response with `endpoint`; the response must fit the documented type.
fn read<K: Kind, A>(at: &str, endpoint: &Endpoint<K, A>, status: u16, body: Option<&str>) -> K::Output {
    let bytes = body.map(|json| documented(at, json).to_string().into_bytes()).unwrap_or_default();
    endpoint.parse_response(status, &bytes).unwrap_or_else(|error| {
        doc(at, format!("the example's response does not fit the documented response type: {error}"))
    })
}

/// A documented response must have the JSON body its type needs.
fn json_body<'b>(at: &str, status: u16, body: Option<&'b str>) -> &'b str {
    body.unwrap_or_else(|| {
        doc(at, format!("the example's {status} response shows no JSON body, but the page documents a response type"))
    })
}

/// A documented single-object response must read as `T` and write back the same JSON.
pub fn json_response<T: Wire, A>(at: &str, endpoint: &Endpoint<Json<T>, A>, status: u16, body: Option<&str>) {
    let body = Some(json_body(at, status, body));
    let object = read(at, endpoint, status, body);
    let expected = body.map_or(Value::Null, |json| documented(at, json));
    if let Some(difference) = difference(&object.to_wire(), &expected) {
        generator(
            at,
            format!("the response does not survive a round trip (written against documented) at {difference}"),
        );
    }
}

/// A documented collection response must read as a page of `T`, each item writing back the
/// same JSON.
pub fn page_response<T: Wire, A>(at: &str, endpoint: &Endpoint<Collection<T>, A>, status: u16, body: Option<&str>) {
    let body = Some(json_body(at, status, body));
    let page: Page<T> = read(at, endpoint, status, body);
    let expected = body.map_or(Value::Null, |json| documented(at, json));
    let items = expected.get("value").cloned().unwrap_or(Value::Null);
    let written = Value::Array(page.value.iter().map(Wire::to_wire).collect());
    if let Some(difference) = difference(&written, &items) {
        generator(at, format!("the items do not survive a round trip (written against documented) at {difference}"));
    }
}

/// A documented primitive response (`{"value": ...}`) must read as `T` and write back the same
/// value.
pub fn primitive_response<T: Wire, A>(at: &str, endpoint: &Endpoint<Primitive<T>, A>, status: u16, body: Option<&str>) {
    let body = Some(json_body(at, status, body));
    let value = read(at, endpoint, status, body);
    let expected = body.map_or(Value::Null, |json| documented(at, json));
    let expected = match expected {
        Value::Object(mut object) if object.contains_key("value") => object.remove("value").unwrap_or_default(),
        other => other,
    };
    if let Some(difference) = difference(&value.to_wire(), &expected) {
        generator(at, format!("the value does not survive a round trip (written against documented) at {difference}"));
    }
}

/// A documented response without a body to read (204, bytes) must be accepted.
pub fn other_response<K: Kind, A>(at: &str, endpoint: &Endpoint<K, A>, status: u16, body: Option<&str>) {
    read(at, endpoint, status, body);
}

/// A documented failure (a status outside 2xx) must be read as an error, not as the type.
pub fn failure_response<K: Kind, A>(at: &str, endpoint: &Endpoint<K, A>, status: u16, body: Option<&str>) {
    let bytes = body.map(|json| documented(at, json).to_string().into_bytes()).unwrap_or_default();
    if endpoint.parse_response(status, &bytes).is_ok() {
        generator(at, format!("a {status} response was read as a success"));
    }
}
