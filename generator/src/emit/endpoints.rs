//! Endpoints: every operation, and each of its documented paths, becomes a function of the
//! crate's `api` module that returns an `endpoint::Endpoint` (method, encoded path, headers, JSON
//! body, and the kind of response to read).
//!
//! Operations are grouped by the resource their page belongs to (the page name's prefix,
//! `cloudpcdeviceimage-update` -> `api::cloud_pc_device_image`), one file per group. A function is
//! named after the rest of the page name, spelled as the paths and type names spell its words
//! (`reportroot-getm365appusercounts` -> `get_m365_app_user_counts`); an operation with several
//! paths gets one function per path, the first plainly named and the others `_via_` the segments
//! that tell them apart (`list_events_via_users`). The parameters come in path order: path
//! placeholders as `&str`, function arguments typed, required headers, then the body.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{self, doc_lines};
use super::items::{self, Scope};
use super::names::{self, Case, Namer};
use super::plan::{Field, FieldType, ItemName, Plan, Struct};
use super::primitives;
use crate::ir::{self, Ir};

/// The file of one group: its module name, pages, and functions (with action body structs).
#[derive(Debug, Clone)]
pub struct GroupFile {
    /// The module (`cloud_pc_device_image`).
    pub module: String,
    /// What the group is named after (`cloudPcDeviceImage`).
    pub resource: String,
    /// The pages its operations come from.
    pub sources: Vec<String>,
    /// `use` lines.
    pub uses: Vec<TokenStream>,
    /// Items in order: functions sorted by name, each action body struct after its function.
    pub items: Vec<TokenStream>,
}

/// The `api` module's files, by group module name.
pub fn api_files(ir: &Ir, plan: &Plan, root: &syn::Path) -> Vec<GroupFile> {
    let dictionary = Dictionary::new(ir);
    let mut groups: BTreeMap<String, Vec<&ir::Operation>> = BTreeMap::new();
    for op in &ir.operations {
        if op.paths.is_empty() {
            continue;
        }
        groups.entry(group_of(&op.id).to_owned()).or_default().push(op);
    }
    let mut module_namer = Namer::for_modules();
    let mut files = Vec::new();
    for (group, ops) in groups {
        let resource = dictionary.spell(&group);
        let module = module_namer.claim(&resource);
        let mut scope = Scope::new(&format!("api::{module}"));
        let mut fn_namer = Namer::new(Case::Snake);
        let mut type_namer = Namer::new(Case::UpperCamel);
        let mut items: Vec<(String, TokenStream)> = Vec::new();
        let mut sources = BTreeSet::new();
        for op in ops {
            sources.insert(op.source.file.to_string());
            let base = function_base(op, &group, &dictionary);
            let body = body_of(op, plan, &base, &mut type_namer);
            if let Some(BodyKind::Action(model)) = &body {
                items.push((format!("{base}~body"), items::body_struct(model, &mut scope)));
            }
            for (index, path) in op.paths.iter().enumerate() {
                let name = if index == 0 {
                    fn_namer.claim(&base)
                } else {
                    fn_namer.claim(&format!("{base}_via_{}", qualifier(path, &op.paths[0])))
                };
                let function = function(op, path, &name, plan, body.as_ref(), &mut scope);
                items.push((name, function));
            }
        }
        items.sort_by(|a, b| a.0.cmp(&b.0));
        let mut uses = vec![quote!(use #root::endpoint as ep;)];
        if scope.uses_rt {
            uses.push(quote!(use #root::rt;));
        }
        uses.extend(scope.uses(root));
        files.push(GroupFile {
            module,
            resource,
            sources: sources.into_iter().collect(),
            uses,
            items: items.into_iter().map(|(_, item)| item).collect(),
        });
    }
    files
}

/// The group of a page: its name's first word, after Intune's `intune-<area>-` prefix.
fn group_of(id: &str) -> &str {
    let rest = id.strip_prefix("intune-").and_then(|rest| rest.split_once('-')).map_or(id, |(_, rest)| rest);
    rest.split('-').next().unwrap_or(rest)
}

/// The words of a page name after its group, as the function's base name.
fn function_base(op: &ir::Operation, group: &str, dictionary: &Dictionary) -> String {
    let rest = op.id.rsplit_once(&format!("{group}-")).map_or("", |(_, rest)| rest);
    let words: Vec<String> = rest
        .split('-')
        .filter(|word| !word.is_empty())
        .map(|word| names::snake_ident(&dictionary.spell_for(word, op)))
        .collect();
    if words.is_empty() {
        op.method.to_ascii_lowercase()
    } else {
        words.join("_")
    }
}

/// Spellings of lower-case words: type names, then per operation its path segments.
struct Dictionary {
    types: BTreeMap<String, String>,
}

impl Dictionary {
    fn new(ir: &Ir) -> Dictionary {
        let mut types = BTreeMap::new();
        for ty in &ir.types {
            types.entry(ty.name.to_ascii_lowercase()).or_insert_with(|| ty.name.clone());
        }
        for en in &ir.enums {
            types.entry(en.name.to_ascii_lowercase()).or_insert_with(|| en.name.clone());
        }
        Dictionary { types }
    }

    fn spell(&self, word: &str) -> String {
        self.types.get(word).cloned().unwrap_or_else(|| word.to_owned())
    }

    /// `word` spelled as one of the operation's path segments or function names spells it, else
    /// as a type name does.
    fn spell_for(&self, word: &str, op: &ir::Operation) -> String {
        op.paths
            .iter()
            .flat_map(|path| path.split(['/', '(', ')', ':', '.']))
            .find(|segment| segment.eq_ignore_ascii_case(word))
            .map_or_else(|| self.spell(word), str::to_owned)
    }
}

/// What tells `path` apart from the operation's first path: its literal segments before the
/// segments both end with (`/users/{id}/events` against `/me/events` -> `users`).
fn qualifier(path: &str, first: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|segment| !segment.is_empty()).collect();
    let first_segments: Vec<&str> = first.split('/').filter(|segment| !segment.is_empty()).collect();
    let common = segments.iter().rev().zip(first_segments.iter().rev()).take_while(|(a, b)| a == b).count();
    let own: Vec<String> = segments[..segments.len() - common.min(segments.len())]
        .iter()
        .filter(|segment| !segment.contains('{'))
        .map(|segment| {
            segment.trim_start_matches("microsoft.graph.").replace(['(', ')', '\'', '=', ':', '$', '~'], " ")
        })
        .filter(|segment| !segment.trim().is_empty())
        .collect();
    if own.is_empty() {
        "path".to_owned()
    } else {
        own.join(" ")
    }
}

/// What a request sends.
enum BodyKind {
    /// A model (`body: &graph::CloudPcDeviceImage`).
    Model(FieldType),
    /// The parameters of an action, as a struct of the group's file.
    Action(Struct),
}

fn body_of(op: &ir::Operation, plan: &Plan, base: &str, type_namer: &mut Namer) -> Option<BodyKind> {
    let body = op.request_body.as_ref()?;
    if let Some(type_ref) = &body.type_ {
        return Some(BodyKind::Model(plan.type_of(type_ref, false)));
    }
    if body.properties.is_empty() {
        return None;
    }
    let ident = type_namer.claim(&format!("{base} body"));
    let mut field_namer = Namer::new(Case::Snake);
    field_namer.reserve("additional_properties");
    let fields = body
        .properties
        .iter()
        .filter(|property| !property.name.is_empty())
        .map(|property| Field {
            wire: property.name.clone(),
            ident: field_namer.claim(&property.name),
            ty: plan.type_of(&property.type_, property.collection),
            description: property.description.clone(),
            declared_by: String::new(),
        })
        .collect();
    Some(BodyKind::Action(Struct {
        name: ItemName { module: String::new(), ident },
        qualified: format!("{} request body", op.id),
        description: format!("The parameters {} sends (the Request body table of `{}`).", op.id, op.source.file),
        fields,
        odata_type_field: None,
        additional_field: "additional_properties".to_owned(),
    }))
}

/// One function: the endpoint of `op` at `path`.
fn function(
    op: &ir::Operation,
    path: &str,
    name: &str,
    plan: &Plan,
    body: Option<&BodyKind>,
    scope: &mut Scope,
) -> TokenStream {
    let mut params = Params::new();
    let build = path_tokens(op, path, plan, scope, &mut params);
    let method = format_ident!("{}", method_of(op));
    let mut chain = Vec::new();
    // `?startDateTime={start_datetime}&endDateTime=...` in the request line: required query
    // parameters; a value without a placeholder is sent as written.
    let query = op.requests.iter().find(|request| request.path == path).and_then(|request| request.query.as_deref());
    for pair in query.unwrap_or_default().split('&').filter(|pair| !pair.is_empty()) {
        let Some((name, value)) = pair.split_once('=') else { continue };
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        if value.contains('{') || name.starts_with('$') {
            let ident = params.claim(name.trim_start_matches('$'));
            params.list.push(quote!(#ident: &str));
            chain.push(quote!(.query(#name, #ident)));
        } else {
            let value = value.trim();
            chain.push(quote!(.query(#name, #value)));
        }
    }
    for header in op.request_headers.iter().filter(|header| header.required) {
        let lower = header.name.to_ascii_lowercase();
        if ["authorization", "content-type", "content-length", "accept"].contains(&lower.as_str()) {
            continue;
        }
        let ident = params.claim(&header.name);
        let wire = header.name.as_str();
        params.list.push(quote!(#ident: &str));
        chain.push(quote!(.header(#wire, #ident)));
    }
    match body {
        Some(BodyKind::Model(ty)) => {
            let ty = scope.rust_type(ty);
            let ident = params.claim("body");
            params.list.push(quote!(#ident: &#ty));
            chain.push(quote!(.json(#ident)));
        }
        Some(BodyKind::Action(model)) => {
            let ty = format_ident!("{}", model.name.ident);
            let ident = params.claim("body");
            params.list.push(quote!(#ident: &#ty));
            chain.push(quote!(.json(#ident)));
        }
        None => {}
    }
    let kind = response_kind(op, plan, scope);
    let access = if method == "GET" { quote!(ep::Read) } else { quote!(ep::Write) };
    let ident = format_ident!("{name}");
    let param_list = &params.list;
    let docs = function_docs(op, path);
    quote! {
        #(#docs)*
        pub fn #ident(#(#param_list),*) -> ep::Endpoint<#kind, #access> {
            let path = #build;
            ep::Endpoint::new(ep::Method::#method, path) #(#chain)*
        }
    }
}

fn method_of(op: &ir::Operation) -> String {
    let method = op.requests.first().map_or(op.method.as_str(), |request| request.method.as_str());
    match method.to_ascii_uppercase().as_str() {
        method @ ("GET" | "POST" | "PATCH" | "PUT" | "DELETE" | "HEAD" | "OPTIONS") => method.to_owned(),
        _ => "GET".to_owned(),
    }
}

/// The function's parameters so far, with unique names (`path` is the function's own local).
struct Params {
    namer: Namer,
    list: Vec<TokenStream>,
}

impl Params {
    fn new() -> Params {
        let mut namer = Namer::new(Case::Snake);
        namer.reserve("path");
        Params { namer, list: Vec::new() }
    }

    fn claim(&mut self, name: &str) -> proc_macro2::Ident {
        format_ident!("{}", self.namer.claim(name))
    }
}

/// A piece of a path as the function builds it.
enum Piece {
    /// Documented text.
    Lit(String),
    /// A placeholder filled with one encoded segment: (placeholder, parameter).
    Seg(String, proc_macro2::Ident),
    /// A `root:/{item-path}:` placeholder: folders encoded one by one.
    ItemPath(String, proc_macro2::Ident),
    /// An OData literal inside parentheses (the expression making it).
    Literal(TokenStream),
    /// Function arguments from the Function parameters table: (name, expression).
    Args(Vec<(String, TokenStream)>),
}

/// The expression building `path`: literal text, placeholders as segments, drive item paths,
/// and function arguments as OData literals.
fn path_tokens(op: &ir::Operation, path: &str, plan: &Plan, scope: &mut Scope, params: &mut Params) -> TokenStream {
    let pieces = pieces(op, path, plan, scope, params);
    let mut pieces = pieces.into_iter().peekable();
    let start = match pieces.peek() {
        Some(Piece::Lit(text)) => {
            let text = text.clone();
            pieces.next();
            quote!(ep::Path::new(#text))
        }
        _ => quote!(ep::Path::new("")),
    };
    let calls = pieces.map(|piece| match piece {
        Piece::Lit(text) => quote!(.lit(#text)),
        Piece::Seg(wire, ident) => quote!(.seg(#wire, #ident)),
        Piece::ItemPath(wire, ident) => quote!(.item_path(#wire, #ident)),
        Piece::Literal(value) => quote!(.literal(&#value)),
        Piece::Args(args) => {
            let args = args.iter().map(|(name, value)| quote!((#name, #value)));
            quote!(.args(&[#(#args),*]))
        }
    });
    quote!(#start #(#calls)*)
}

fn pieces(op: &ir::Operation, path: &str, plan: &Plan, scope: &mut Scope, params: &mut Params) -> Vec<Piece> {
    let names = placeholder_names(path);
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut depth = 0usize;
    let mut parens_have_args = false;
    let mut index = 0;
    let mut placeholder = 0;
    while index < path.len() {
        let rest = &path[index..];
        let Some(ch) = rest.chars().next() else { break };
        if depth > 0 && literal.ends_with('=') {
            // `calendarView(startDateTime=startDateTime-value,...)`: a placeholder without braces.
            let value_len = rest.find([',', ')']).unwrap_or(rest.len());
            let value = &rest[..value_len];
            if value.ends_with("-value") || value.ends_with("_value") {
                let argument = argument_name(&literal).unwrap_or_else(|| value.to_owned());
                let typed = op.function_params.iter().find(|param| param.name.eq_ignore_ascii_case(&argument));
                let ident = params.claim(&argument);
                let (ty, made) = literal_value(typed, false, &ident, plan, scope);
                params.list.push(quote!(#ident: #ty));
                flush(&mut literal, &mut pieces);
                pieces.push(Piece::Literal(made));
                parens_have_args = true;
                index += value_len;
                continue;
            }
        }
        let close = rest.find('}').filter(|_| ch == '{');
        let Some(close) = close else {
            match ch {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            literal.push(ch);
            index += ch.len_utf8();
            continue;
        };
        let raw = rest[1..close].trim();
        let after = &rest[close + 1..];
        let name = names.get(placeholder).cloned().unwrap_or_else(|| raw.to_owned());
        placeholder += 1;
        if depth > 0 {
            // `f(period='{period_value}')` or `items('{item-id}')`: an OData literal; the
            // template's quotes become the literal's own.
            let quoted = literal.ends_with('\'') && after.starts_with('\'');
            let argument = argument_name(literal.trim_end_matches('\''));
            if quoted {
                literal.pop();
            }
            let typed = argument
                .as_deref()
                .and_then(|argument| op.function_params.iter().find(|param| param.name.eq_ignore_ascii_case(argument)));
            let ident = params.claim(argument.as_deref().unwrap_or(&name));
            let (ty, value) = literal_value(typed, quoted, &ident, plan, scope);
            params.list.push(quote!(#ident: #ty));
            flush(&mut literal, &mut pieces);
            pieces.push(Piece::Literal(value));
            parens_have_args = true;
            index += close + 1 + usize::from(quoted);
            continue;
        }
        let ident = params.claim(&name);
        params.list.push(quote!(#ident: &str));
        let is_item_path = literal.ends_with(":/") && after.starts_with(':');
        flush(&mut literal, &mut pieces);
        pieces.push(if is_item_path {
            Piece::ItemPath(raw.to_owned(), ident)
        } else {
            Piece::Seg(raw.to_owned(), ident)
        });
        index += close + 1;
    }
    flush(&mut literal, &mut pieces);
    // A function documented without its parentheses takes its Function parameters table.
    let last = path.rsplit('/').next().unwrap_or(path);
    let any_parens = op.paths.iter().any(|path| path.contains('('));
    if !parens_have_args && !any_parens && !last.is_empty() && method_of(op) == "GET" && !op.function_params.is_empty()
    {
        let mut args = Vec::new();
        for param in &op.function_params {
            let ident = params.claim(&param.name);
            let (ty, value) = literal_value(Some(param), false, &ident, plan, scope);
            params.list.push(quote!(#ident: #ty));
            args.push((param.name.clone(), value));
        }
        pieces.push(Piece::Args(args));
    }
    pieces
}

fn flush(literal: &mut String, pieces: &mut Vec<Piece>) {
    if !literal.is_empty() {
        pieces.push(Piece::Lit(std::mem::take(literal)));
    }
}

/// The argument name a literal ends with (`period` in `/f(period=`).
fn argument_name(before: &str) -> Option<String> {
    let before = before.strip_suffix('=')?;
    let start = before.rfind(['(', ',']).map_or(0, |at| at + 1);
    let name = before[start..].trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// The parameter type and the expression making its OData literal.
fn literal_value(
    param: Option<&ir::Parameter>,
    quoted: bool,
    ident: &proc_macro2::Ident,
    plan: &Plan,
    scope: &mut Scope,
) -> (TokenStream, TokenStream) {
    let Some(param) = param.and_then(|param| param.type_.as_ref().map(|ty| (param, ty))) else {
        return if quoted {
            (quote!(&str), quote!(ep::quoted(#ident)))
        } else {
            (quote!(&str), quote!(#ident.to_owned()))
        };
    };
    let (param, type_ref) = param;
    let ty = plan.type_of(type_ref, param.collection);
    match &ty {
        FieldType::Primitive(edm) if edm == "Edm.String" => (quote!(&str), quote!(ep::quoted(#ident))),
        FieldType::Primitive(edm) if is_copy_primitive(edm) => {
            let rust = scope.rust_type(&ty);
            (rust, quote!(ep::bare(#ident)))
        }
        FieldType::Enum { .. } => {
            let rust = scope.rust_type(&ty);
            (quote!(&#rust), quote!(ep::json(#ident, true)))
        }
        _ => {
            let rust = scope.rust_type(&ty);
            (quote!(&#rust), quote!(ep::json(#ident, false)))
        }
    }
}

fn is_copy_primitive(edm: &str) -> bool {
    matches!(primitives::rust_type(edm), "bool" | "u8" | "i8" | "i16" | "i32" | "i64" | "f32" | "f64")
}

/// Names for a path's placeholders, in order: the placeholder's own name (`cloudPcDeviceImageId`),
/// or for a generic `{id}` that appears more than once, the segment before it (`users` -> `users id`).
fn placeholder_names(path: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut previous = "";
    for segment in path.split('/') {
        let mut rest = segment;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else { break };
            let raw = &rest[open + 1..open + close];
            let name = raw.split('|').next().unwrap_or(raw).trim().to_owned();
            found.push((name, previous.to_owned()));
            rest = &rest[open + close + 1..];
        }
        if !segment.contains('{') {
            previous = segment;
        }
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (name, _) in &found {
        *counts.entry(name.to_ascii_lowercase()).or_default() += 1;
    }
    found
        .into_iter()
        .map(|(name, previous)| {
            if counts[&name.to_ascii_lowercase()] > 1 && !previous.is_empty() {
                format!("{} {name}", previous.trim_start_matches("microsoft.graph."))
            } else {
                name
            }
        })
        .collect()
}

/// The response kind: what a 2xx response is read as.
fn response_kind(op: &ir::Operation, plan: &Plan, scope: &mut Scope) -> TokenStream {
    let response = &op.response;
    let Some(type_ref) = response.type_.as_ref().filter(|_| response.status != Some(204)) else {
        return if method_of(op) == "GET" { quote!(ep::Bytes) } else { quote!(ep::NoContent) };
    };
    if type_ref.name == "Edm.Stream" {
        return quote!(ep::Bytes);
    }
    let single = plan.type_of(type_ref, false);
    match &single {
        FieldType::Primitive(_) | FieldType::Enum { .. } => {
            let ty = scope.rust_type(&plan.type_of(type_ref, response.collection));
            quote!(ep::Primitive<#ty>)
        }
        _ => {
            let ty = scope.rust_type(&single);
            if response.collection {
                quote!(ep::Collection<#ty>)
            } else {
                quote!(ep::Json<#ty>)
            }
        }
    }
}

fn function_docs(op: &ir::Operation, path: &str) -> Vec<TokenStream> {
    let method = method_of(op);
    let title = doc_lines(&op.title).join(" ");
    let mut lines = vec![format!("{title}: `{method} {path}`.")];
    let permissions = &op.permissions;
    let mut said = Vec::new();
    for (label, list) in [
        ("delegated (work or school account)", &permissions.delegated_work),
        ("delegated (personal Microsoft account)", &permissions.delegated_personal),
        ("application", &permissions.application),
    ] {
        if !list.is_empty() {
            said.push(format!("{label}: {}", doc_lines(&list.join(", ")).join(" ")));
        }
    }
    if !said.is_empty() {
        lines.push(String::new());
        lines.push(format!("Permissions: {}.", said.join("; ")));
    }
    lines.push(String::new());
    lines.push(format!("From `{}`.", op.source.file));
    docs::attrs(lines)
}
