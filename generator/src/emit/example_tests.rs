//! Example tests (`generate --example-tests`): one `#[test]` per documented request example,
//! in `tests/examples/`, that calls the endpoint function of the example's operation and path
//! with the values the example's URL fills the path with, sends the example's body through the
//! body type, and checks the built request and the documented response (see
//! `runtime/examples.rs`, copied to `tests/examples/check.rs`).
//!
//! The example's URL is matched against the operation's documented paths with the same template
//! tokens the endpoint functions are built from ([`template`]). An example no path fits, or one
//! whose method differs from the page's, gets no test but a diagnostic saying why.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::endpoint_plan;
use super::endpoints::{Api, Form, ResponseKind, Role, Signature};
use super::names::{Case, Namer};
use crate::diag::{codes, Diagnostic};
use crate::ir::{self, Ir};
use crate::template::{self, Filled, Place, Token};

/// The test files of one group: its module name and its page modules.
#[derive(Debug, Clone)]
pub struct TestFile {
    /// The file's module: the first module below `api` of the tests' endpoints (`users`).
    pub module: String,
    /// The page modules, each with its tests.
    pub items: Vec<TokenStream>,
    /// How many tests.
    pub tests: usize,
}

/// The tests of every operation, by group, and a diagnostic for each example left without one.
pub fn example_tests(ir: &Ir, api: &Api) -> (Vec<TestFile>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut groups: BTreeMap<String, Vec<(String, TokenStream)>> = BTreeMap::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for op in &ir.operations {
        let mut test_namer = Namer::new(Case::Snake);
        let mut tests = Vec::new();
        let mut module = None;
        for (example_index, example) in op.examples.iter().enumerate() {
            let Some(request) = &example.request else { continue };
            match example_test(op, request, example.response.as_ref(), api) {
                Ok(Some((signature, body))) => {
                    let name = example.name.clone().unwrap_or_else(|| format!("example {}", example_index + 1));
                    let ident = format_ident!("{}", test_namer.claim(&name));
                    let url = request.url.as_deref().unwrap_or_default();
                    let doc = format!(" `{}` from `{}:{}`.", url.trim(), request.source.file, request.source.line);
                    tests.push(quote! {
                        #[doc = #doc]
                        #[test]
                        fn #ident() { #body }
                    });
                    module = Some(signature.module.first().cloned().unwrap_or_else(|| "api_root".to_owned()));
                }
                Ok(None) => {}
                Err(why) => diagnostics.push(Diagnostic::new(
                    codes::EXAMPLE_TEST_UNTESTABLE,
                    &request.source.file,
                    request.source.line,
                    why,
                )),
            }
        }
        let Some(module) = module else { continue };
        *counts.entry(module.clone()).or_default() += tests.len();
        groups.entry(module).or_default().push((op.id.clone(), quote!(#(#tests)*)));
    }
    let mut file_namer = Namer::new(Case::Snake);
    for reserved in ["api", "check", "generated", "main"] {
        file_namer.reserve(reserved);
    }
    let files = groups
        .into_iter()
        .map(|(group, mut pages)| {
            let module = file_namer.claim(&group);
            pages.sort_by(|a, b| a.0.cmp(&b.0));
            let mut page_namer = Namer::new(Case::Snake);
            page_namer.reserve("api");
            page_namer.reserve("check");
            let items = pages
                .into_iter()
                .map(|(page, tests)| {
                    let ident = format_ident!("{}", page_namer.claim(&page));
                    let doc = format!(" The examples of `{page}`.");
                    quote! {
                        #[doc = #doc]
                        mod #ident {
                            use super::{api, check};
                            #tests
                        }
                    }
                })
                .collect();
            let tests = counts.get(&group).copied().unwrap_or_default();
            TestFile { module, items, tests }
        })
        .collect();
    (files, diagnostics)
}

/// The body of one example's test, or why the example cannot have one (`Ok(None)`: not a
/// Graph request).
fn example_test(
    op: &ir::Operation,
    request: &ir::HttpMessage,
    response: Option<&ir::HttpMessage>,
    api: &Api,
) -> Result<Option<(Signature, TokenStream)>, String> {
    let Some(url) = request.url.as_deref() else { return Ok(None) };
    let Some((path, query)) = template::split_url(url) else { return Ok(None) };
    let method = request.method.as_deref().unwrap_or("GET").to_ascii_uppercase();
    let documented: Vec<&ir::RequestLine> =
        op.requests.iter().filter(|line| endpoint_plan::http_method(&line.method) == method).collect();
    if documented.is_empty() {
        let methods: Vec<String> = op.requests.iter().map(|line| endpoint_plan::http_method(&line.method)).collect();
        return Err(format!(
            "example sends {method}, but the HTTP request block of {} says {}, so it has no test; the doc is at fault: fix the example or the request block",
            op.id,
            methods.first().map_or("nothing", String::as_str)
        ));
    }
    // The first documented path the URL fits, with a function that takes what the URL gives:
    // the endpoint planned for that method and path, filled through its own template.
    let mut fitting = documented.iter().filter_map(|line| {
        let index = *api.plan.by_key.get(&(method.clone(), crate::template::path_key(&line.path)))?;
        let tokens = template::tokens(&api.plan.endpoints[index].path);
        template::fill(&tokens, &path).map(|filled| (index, tokens, filled))
    });
    let Some(first) = fitting.next() else {
        return Err(format!(
            "example requests \"{path}\", which fits none of the documented paths of {}, so it has no test; the doc is at fault: fix the example or add its path to the HTTP request block",
            op.id
        ));
    };
    let takes_arguments = |index: usize| {
        api.signatures
            .get(&index)
            .is_some_and(|signature| signature.params.iter().any(|role| matches!(role, Role::Argument { .. })))
    };
    let found = std::iter::once(first)
        .chain(fitting)
        .find(|(index, _, filled)| filled.trailing_args.is_empty() || takes_arguments(*index));
    let Some((index, tokens, filled)) = found else {
        return Err(format!(
            "example calls \"{path}\" with arguments, but {} documents no function parameters for that path, so it has no test; the doc is at fault: list them in a Function parameters table or write them in the path",
            op.id
        ));
    };
    let Some(signature) = api.signatures.get(&index) else { return Ok(None) };
    if request.body.is_some() && !signature.params.contains(&Role::Body) {
        return Err(format!(
            "example sends a JSON body, but {} documents no request body for {method}, so it has no test; the doc is at fault: document the body or drop it from the example",
            op.id
        ));
    }
    let at = format!("{}:{}", request.source.file, request.source.line);
    let mut pairs = query_pairs(query);
    let mut statements = Vec::new();
    let mut args = Vec::new();
    let mut headers = Vec::new();
    for param in &signature.params {
        let arg = match param {
            Role::Hole { index, form } => {
                let (hole, value) = hole_value(&tokens, &filled, *index)
                    .ok_or_else(|| format!("docgen could not place a value of {} (a generator bug)", op.id))?;
                // A number, date or object the template writes bare, quoted by the example.
                let bare = matches!(form, Form::Value | Form::Borrowed { quoted: false });
                if matches!(hole.place, Place::Literal { quoted: false, .. })
                    && bare
                    && value.len() > 1
                    && value.starts_with('\'')
                    && value.ends_with('\'')
                {
                    return Err(format!(
                        "example of {} quotes the argument {value}, which the HTTP request block writes without quotes ({}), so it has no test; the doc is at fault: write the literal as the request block does",
                        op.id, hole.raw
                    ));
                }
                let value = match hole.place {
                    Place::Segment | Place::ItemPath => decode(&value),
                    Place::Literal { quoted: true, .. } if *form != Form::Unquoted => format!("'{value}'"),
                    Place::Literal { .. } => value,
                };
                argument(&value, *form)
            }
            Role::Argument { name, form, optional } => {
                let value = filled
                    .trailing_args
                    .iter()
                    .find(|(given, _)| given.eq_ignore_ascii_case(name))
                    .map(|(_, value)| argument(value, *form));
                match (value, optional) {
                    (Some(value), false) => value,
                    (Some(value), true) => quote!(Some(#value)),
                    (None, true) => quote!(None),
                    (None, false) => {
                        return Err(format!(
                            "example of {} leaves out the function parameter {name}, which its Function parameters table does not call optional, so it has no test; the doc is at fault: give the argument or say it is optional",
                            op.id
                        ))
                    }
                }
            }
            Role::Query(name) => {
                let at = pairs.iter().position(|(given, _)| given == name).ok_or_else(|| {
                    format!(
                        "example of {} leaves out the query parameter {name} that its request line requires, so it has no test; the doc is at fault",
                        op.id
                    )
                })?;
                let (_, value) = pairs.remove(at);
                quote!(#value)
            }
            Role::Header(name) => {
                // Sent as the example writes it, and then checked; empty when it writes none.
                let value = request.headers.iter().find(|(given, _)| given.eq_ignore_ascii_case(name));
                let value = value.map_or("", |(_, value)| value.as_str());
                if !value.is_empty() {
                    headers.push(quote!((#name, #value)));
                }
                quote!(#value)
            }
            Role::Body => {
                if request.body.is_some() {
                    statements.push(quote!(let body = check::body(at, sent);));
                } else {
                    statements.push(quote!(let body = check::body(at, "{}");));
                }
                quote!(&body)
            }
        };
        args.push(arg);
    }
    // Headers the docs require only in some cases travel through the endpoint's setters.
    let mut setters = Vec::new();
    for (setter, name) in [("consistency_level", "ConsistencyLevel"), ("prefer", "Prefer")] {
        if signature.params.contains(&Role::Header(name.to_owned())) {
            continue;
        }
        if let Some((_, value)) = request.headers.iter().find(|(given, _)| given.eq_ignore_ascii_case(name)) {
            let setter = format_ident!("{setter}");
            setters.push(quote!(.#setter(#value)));
            headers.push(quote!((#name, #value)));
        }
    }
    let function = format_ident!("{}", signature.function);
    let read = method == "GET";
    let options: Vec<TokenStream> = pairs.iter().map(|(name, value)| query_option(name, value, read)).collect();
    let target = if query.is_empty() { path.clone() } else { format!("{path}?{query}") };
    // The body as documented, read into the body type and compared with what is sent.
    let (sent, expected_body) = match &request.body {
        Some(body) => {
            let json = raw_string(&pretty(body));
            (Some(quote!(let sent = #json;)), quote!(Some(sent)))
        }
        None => (None, quote!(None)),
    };
    let module = signature.module.iter().map(|segment| format_ident!("{segment}"));
    let mut body = quote! {
        let at = #at;
        #sent
        #(#statements)*
        let endpoint = api::#(#module::)*#function(#(#args),*) #(#setters)* #(#options)*;
        check::request(at, &endpoint, #method, #target, &[#(#headers),*], #expected_body);
    };
    if let Some(response) = response {
        body.extend(response_check(op, response, signature));
    }
    Ok(Some((signature.clone(), body)))
}

/// The check of the documented response.
fn response_check(op: &ir::Operation, response: &ir::HttpMessage, signature: &Signature) -> TokenStream {
    let at = format!("{}:{}", response.source.file, response.source.line);
    let status = response.status.or(op.response.status).unwrap_or(200);
    let json = match &response.body {
        Some(body) => {
            let json = raw_string(&pretty(body));
            quote!(Some(#json))
        }
        None => quote!(None),
    };
    let check = if !(200..300).contains(&status) {
        quote!(failure_response)
    } else {
        match signature.response {
            ResponseKind::Json => quote!(json_response),
            ResponseKind::Collection => quote!(page_response),
            ResponseKind::Primitive => quote!(primitive_response),
            ResponseKind::NoContent | ResponseKind::Bytes => quote!(other_response),
        }
    };
    let status = Literal::u16_unsuffixed(status);
    quote!(check::#check(#at, &endpoint, #status, #json);)
}

/// The hole at token `index` and the value the example fills it with.
fn hole_value<'t>(tokens: &'t [Token], filled: &Filled, index: usize) -> Option<(&'t template::Hole, String)> {
    let Token::Hole(hole) = tokens.get(index)? else { return None };
    let ordinal = tokens[..index].iter().filter(|token| matches!(token, Token::Hole(_))).count();
    Some((hole, filled.holes.get(ordinal)?.clone()))
}

/// The expression passing `value` (an OData literal, or a segment's text) in `form`.
fn argument(value: &str, form: Form) -> TokenStream {
    match form {
        Form::Text => quote!(#value),
        Form::Unquoted => {
            let text = value.strip_prefix('\'').and_then(|inner| inner.strip_suffix('\'')).unwrap_or(value);
            let text = text.replace("''", "'");
            quote!(#text)
        }
        Form::Value => quote!(check::arg(at, #value)),
        Form::Borrowed { .. } => quote!(&check::arg(at, #value)),
    }
}

/// The builder call for a query parameter the function does not take: a query option's typed
/// setter on a read, else the parameter as written.
fn query_option(name: &str, value: &str, read: bool) -> TokenStream {
    let list = || {
        let items: Vec<String> =
            template::split_outside_parens(value, ',').into_iter().map(|item| item.trim().to_owned()).collect();
        quote!(&[#(#items),*])
    };
    if read {
        match name {
            "$select" => {
                return {
                    let items = list();
                    quote!(.select(#items))
                }
            }
            "$expand" => {
                return {
                    let items = list();
                    quote!(.expand(#items))
                }
            }
            "$orderby" => {
                return {
                    let items = list();
                    quote!(.orderby(#items))
                }
            }
            "$filter" => return quote!(.filter(#value)),
            "$search" => return quote!(.search(#value)),
            "$top" | "$skip" => {
                if let Ok(count) = value.trim().parse::<u32>() {
                    let setter = format_ident!("{}", &name[1..]);
                    let count = Literal::u32_unsuffixed(count);
                    return quote!(.#setter(#count));
                }
            }
            "$count" => {
                if let Ok(include) = value.trim().parse::<bool>() {
                    return quote!(.count(#include));
                }
            }
            _ => {}
        }
    }
    quote!(.query(#name, #value))
}

/// The decoded `name=value` pairs of a query string, in order.
fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.trim().is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name.trim()), decode(value))
        })
        .collect()
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// `text` as a raw string literal with enough `#`s.
fn raw_string(text: &str) -> Literal {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{text}\"{fence}").parse().unwrap_or_else(|_| Literal::string(text))
}

#[cfg(test)]
mod tests {
    use super::query_pairs;
    use crate::template::split_outside_parens;

    #[test]
    fn query_strings() {
        assert_eq!(
            query_pairs("$select=a,b&$filter=name%20eq%20'x'"),
            vec![("$select".to_owned(), "a,b".to_owned()), ("$filter".to_owned(), "name eq 'x'".to_owned())]
        );
        assert_eq!(
            split_outside_parens("members($select=id,name),owners", ','),
            vec!["members($select=id,name)", "owners"]
        );
    }
}
