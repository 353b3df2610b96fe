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
use crate::template::{self, Place, Token};

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

/// The `api` module: its files in group module order, and the signature of each function by
/// operation index (in `ir.operations`) and path index.
pub struct Api {
    /// The group files.
    pub files: Vec<GroupFile>,
    /// `(operation, path)` -> the function.
    pub signatures: BTreeMap<(usize, usize), Signature>,
}

/// The `api` module's files, by group module name.
pub fn api_files(ir: &Ir, plan: &Plan, root: &syn::Path) -> Api {
    let dictionary = Dictionary::new(ir);
    let mut groups: BTreeMap<String, Vec<(usize, &ir::Operation)>> = BTreeMap::new();
    for (op_index, op) in ir.operations.iter().enumerate() {
        if op.paths.is_empty() {
            continue;
        }
        groups.entry(group_of(&op.id).to_owned()).or_default().push((op_index, op));
    }
    let mut signatures = BTreeMap::new();
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
        for (op_index, op) in ops {
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
                let (function, mut signature) = function(op, path, &name, plan, body.as_ref(), &mut scope);
                signature.module.clone_from(&module);
                signatures.insert((op_index, index), signature);
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
    Api { files, signatures }
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
    if method_of(op) == "GET" {
        return None;
    }
    let Some(body) = op.request_body.as_ref() else { return undeclared_body(op, plan) };
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

/// The parameters of a function: its Function parameters table, or on a GET (which sends no
/// body) the Request body table, where Intune's pages list them.
fn function_params(op: &ir::Operation) -> Vec<ir::Parameter> {
    if !op.function_params.is_empty() || method_of(op) != "GET" {
        return op.function_params.clone();
    }
    let Some(body) = &op.request_body else { return Vec::new() };
    body.properties
        .iter()
        .map(|property| ir::Parameter {
            name: property.name.clone(),
            type_: Some(property.type_.clone()),
            collection: property.collection,
            required: None,
            description: property.description.clone(),
            source: property.source.clone(),
        })
        .collect()
}

/// A body the page does not describe but its examples send: an update sends (part of) the
/// resource it returns; anything else any JSON.
fn undeclared_body(op: &ir::Operation, plan: &Plan) -> Option<BodyKind> {
    let method = method_of(op);
    let sends = op.examples.iter().filter_map(|example| example.request.as_ref()).any(|request| request.body.is_some());
    if !sends || !["POST", "PATCH", "PUT"].contains(&method.as_str()) {
        return None;
    }
    let returned = op.response.type_.as_ref().filter(|_| !op.response.collection && method != "POST");
    let ty = returned
        .map(|type_ref| plan.type_of(type_ref, false))
        .filter(|ty| matches!(ty, FieldType::Struct { .. } | FieldType::Any(_)))
        .unwrap_or_else(|| plan.type_of(&ir::TypeRef::resolved("Edm.Untyped"), false));
    Some(BodyKind::Model(ty))
}

/// One function: the endpoint of `op` at `path`.
fn function(
    op: &ir::Operation,
    path: &str,
    name: &str,
    plan: &Plan,
    body: Option<&BodyKind>,
    scope: &mut Scope,
) -> (TokenStream, Signature) {
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
            chain.push(quote!(.query(#name, #ident)));
            params.push(ident, quote!(&str), Role::Query(name.to_owned()));
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
        chain.push(quote!(.header(#wire, #ident)));
        params.push(ident, quote!(&str), Role::Header(header.name.clone()));
    }
    let body_type = match body {
        Some(BodyKind::Model(ty)) => Some(scope.rust_type(ty)),
        Some(BodyKind::Action(model)) => {
            let ty = format_ident!("{}", model.name.ident);
            Some(quote!(#ty))
        }
        None => None,
    };
    if let Some(ty) = body_type {
        let ident = params.claim("body");
        chain.push(quote!(.json(#ident)));
        params.push(ident, quote!(&#ty), Role::Body);
    }
    let (kind, response) = response_kind(op, plan, scope);
    let access = if method == "GET" { quote!(ep::Read) } else { quote!(ep::Write) };
    let ident = format_ident!("{name}");
    let param_list = &params.list;
    let docs = function_docs(op, path);
    let function = quote! {
        #(#docs)*
        pub fn #ident(#(#param_list),*) -> ep::Endpoint<#kind, #access> {
            let path = #build;
            ep::Endpoint::new(ep::Method::#method, path) #(#chain)*
        }
    };
    let signature = Signature { module: String::new(), function: name.to_owned(), params: params.signature, response };
    (function, signature)
}

/// The method the operation's functions send: the request block's, upper-cased (GET when it is
/// not an HTTP method).
pub(super) fn method_of(op: &ir::Operation) -> String {
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
    signature: Vec<Role>,
}

impl Params {
    fn new() -> Params {
        let mut namer = Namer::new(Case::Snake);
        namer.reserve("path");
        Params { namer, list: Vec::new(), signature: Vec::new() }
    }

    fn claim(&mut self, name: &str) -> proc_macro2::Ident {
        format_ident!("{}", self.namer.claim(name))
    }

    fn push(&mut self, ident: proc_macro2::Ident, ty: TokenStream, role: Role) {
        self.list.push(quote!(#ident: #ty));
        self.signature.push(role);
    }
}

/// What an endpoint function is, for the code that calls it (the example tests).
#[derive(Debug, Clone)]
pub struct Signature {
    /// The group module (`cloud_pc_device_image`).
    pub module: String,
    /// The function (`get`).
    pub function: String,
    /// What each parameter fills, in order.
    pub params: Vec<Role>,
    /// How the response is read.
    pub response: ResponseKind,
}

/// What a parameter fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The hole of the path template at this token index.
    Hole {
        /// Index into [`template::tokens`] of the path.
        index: usize,
        /// The value's form.
        form: Form,
    },
    /// A function argument from the Function parameters table.
    Argument {
        /// The argument name.
        name: String,
        /// The value's form.
        form: Form,
        /// An `Option`: the table calls it optional.
        optional: bool,
    },
    /// A required query parameter of the request line.
    Query(String),
    /// A required header.
    Header(String),
    /// The JSON body.
    Body,
}

/// How a value is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `&str`, sent as given.
    Text,
    /// `&str` that the function quotes (an OData string literal): given without its quotes.
    Unquoted,
    /// A typed value (`i32`, `bool`) read from its OData literal.
    Value,
    /// A reference to a typed value (`&graph::Period`) read from its OData literal, written
    /// quoted (an enum member) or bare (a date, an object).
    Borrowed {
        /// Whether the literal is written in quotes.
        quoted: bool,
    },
}

/// How a 2xx response is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// `ep::Json<T>`.
    Json,
    /// `ep::Primitive<T>`.
    Primitive,
    /// `ep::Collection<T>`.
    Collection,
    /// `ep::NoContent`.
    NoContent,
    /// `ep::Bytes`.
    Bytes,
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
    /// Function arguments from the Function parameters table: (name, expression giving an
    /// `Option` of the literal).
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
    let function_params = function_params(op);
    let mut pieces = Vec::new();
    let mut parens_have_args = false;
    for (index, token) in template::tokens(path).into_iter().enumerate() {
        let hole = match token {
            Token::Lit(text) => {
                pieces.push(Piece::Lit(text));
                continue;
            }
            Token::Hole(hole) => hole,
        };
        match &hole.place {
            Place::Literal { argument, quoted } => {
                let typed = argument.as_deref().and_then(|argument| {
                    function_params.iter().find(|param| param.name.eq_ignore_ascii_case(argument))
                });
                let ident = params.claim(&hole.name);
                let (ty, value, form) = literal_value(typed, *quoted, &ident, plan, scope);
                params.push(ident, ty, Role::Hole { index, form });
                pieces.push(Piece::Literal(value));
                parens_have_args = true;
            }
            Place::Segment | Place::ItemPath => {
                let ident = params.claim(&hole.name);
                params.push(ident.clone(), quote!(&str), Role::Hole { index, form: Form::Text });
                pieces.push(if hole.place == Place::ItemPath {
                    Piece::ItemPath(hole.raw, ident)
                } else {
                    Piece::Seg(hole.raw, ident)
                });
            }
        }
    }
    // A function documented without its parentheses takes its Function parameters table.
    let last = path.rsplit('/').next().unwrap_or(path);
    let any_parens = op.paths.iter().any(|path| path.contains('('));
    if !parens_have_args && !any_parens && !last.is_empty() && method_of(op) == "GET" && !function_params.is_empty() {
        let mut args = Vec::new();
        for param in &function_params {
            let ident = params.claim(&param.name);
            let (ty, value, form) = literal_value(Some(param), false, &ident, plan, scope);
            // An optional argument is an `Option`, left out of the call when `None`.
            let optional = param.required == Some(false)
                || param.description.trim_start().to_ascii_lowercase().starts_with("optional");
            let (ty, value) = if optional {
                let literal = match form {
                    Form::Text => quote!(#ident.map(str::to_owned)),
                    Form::Unquoted => quote!(#ident.map(ep::quoted)),
                    Form::Value => quote!(#ident.map(ep::bare)),
                    Form::Borrowed { .. } => quote!(#ident.map(|#ident| #value)),
                };
                (quote!(Option<#ty>), literal)
            } else {
                (ty, quote!(Some(#value)))
            };
            params.push(ident, ty, Role::Argument { name: param.name.clone(), form, optional });
            args.push((param.name.clone(), value));
        }
        pieces.push(Piece::Args(args));
    }
    pieces
}

/// The parameter type, the expression making its OData literal, and the form its value takes.
fn literal_value(
    param: Option<&ir::Parameter>,
    quoted: bool,
    ident: &proc_macro2::Ident,
    plan: &Plan,
    scope: &mut Scope,
) -> (TokenStream, TokenStream, Form) {
    let Some(param) = param.and_then(|param| param.type_.as_ref().map(|ty| (param, ty))) else {
        return if quoted {
            (quote!(&str), quote!(ep::quoted(#ident)), Form::Unquoted)
        } else {
            (quote!(&str), quote!(#ident.to_owned()), Form::Text)
        };
    };
    let (param, type_ref) = param;
    let ty = plan.type_of(type_ref, param.collection);
    match &ty {
        FieldType::Primitive(edm) if edm == "Edm.String" => (quote!(&str), quote!(ep::quoted(#ident)), Form::Unquoted),
        FieldType::Primitive(edm) if is_copy_primitive(edm) => {
            let rust = scope.rust_type(&ty);
            (rust, quote!(ep::bare(#ident)), Form::Value)
        }
        FieldType::Enum { .. } => {
            let rust = scope.rust_type(&ty);
            (quote!(&#rust), quote!(ep::json(#ident, true)), Form::Borrowed { quoted: true })
        }
        _ => {
            let rust = scope.rust_type(&ty);
            (quote!(&#rust), quote!(ep::json(#ident, false)), Form::Borrowed { quoted: false })
        }
    }
}

fn is_copy_primitive(edm: &str) -> bool {
    matches!(primitives::rust_type(edm), "bool" | "u8" | "i8" | "i16" | "i32" | "i64" | "f32" | "f64")
}

/// The response kind: what a 2xx response is read as.
fn response_kind(op: &ir::Operation, plan: &Plan, scope: &mut Scope) -> (TokenStream, ResponseKind) {
    let response = &op.response;
    let Some(type_ref) = response.type_.as_ref().filter(|_| response.status != Some(204)) else {
        return if method_of(op) == "GET" {
            (quote!(ep::Bytes), ResponseKind::Bytes)
        } else {
            (quote!(ep::NoContent), ResponseKind::NoContent)
        };
    };
    if type_ref.name == "Edm.Stream" {
        return (quote!(ep::Bytes), ResponseKind::Bytes);
    }
    let single = plan.type_of(type_ref, false);
    match &single {
        FieldType::Primitive(_) | FieldType::Enum { .. } => {
            let ty = scope.rust_type(&plan.type_of(type_ref, response.collection));
            (quote!(ep::Primitive<#ty>), ResponseKind::Primitive)
        }
        _ => {
            let ty = scope.rust_type(&single);
            if response.collection {
                (quote!(ep::Collection<#ty>), ResponseKind::Collection)
            } else {
                (quote!(ep::Json<#ty>), ResponseKind::Json)
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
