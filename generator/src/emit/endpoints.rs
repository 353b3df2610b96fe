//! Endpoints: every documented method and path becomes a function of the crate's `api` module
//! that returns an `endpoint::Endpoint` (method, encoded path, headers, JSON body, and the kind of
//! response to read).
//!
//! Which module and name each function gets is the [`EndpointPlan`]'s decision (from the method
//! and path alone); this file renders the plan: one file per module of `api`, its functions sorted
//! by name, and the body struct of each action beside its first function (re-exported where the
//! action has other paths). The parameters come in path order: path placeholders as `&str`,
//! function arguments typed, required headers, then the body.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{self, doc_lines};
use super::endpoint_plan::{Ending, EndpointPlan, PlannedEndpoint};
use super::items::{self, Scope};
use super::names::{Case, Namer};
use super::plan::{Field, FieldType, ItemName, Plan, Struct};
use super::primitives;
use super::surface;
use crate::ir::{self, Ir};
use crate::template::{self, Place, Token};

/// One module of `api`: its path, what it stands for, its children and its items.
#[derive(Debug, Clone)]
pub struct ModuleFile {
    /// Idents below `api` (`["users", "messages"]`).
    pub module: Vec<String>,
    /// The documented path prefix it stands for (`/users/{id}/messages`).
    pub prefix: String,
    /// Child module idents, sorted.
    pub children: Vec<String>,
    /// The pages its functions come from.
    pub sources: Vec<String>,
    /// `use` lines.
    pub uses: Vec<TokenStream>,
    /// Items in order: functions sorted by name, each action body struct after its function.
    pub items: Vec<TokenStream>,
}

/// The `api` module: its files in module order, and the signature of each planned endpoint.
pub struct Api {
    /// Every module, parents before children.
    pub files: Vec<ModuleFile>,
    /// The plan the files render.
    pub plan: EndpointPlan,
    /// Index into `plan.endpoints` -> the function.
    pub signatures: BTreeMap<usize, Signature>,
    /// The action body structs, by module: defined there, or re-exported from their first module.
    pub bodies: Vec<(Vec<String>, ModuleBody)>,
}

/// What [`api_files`] renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Render {
    /// The files' code.
    Code,
    /// Only the signatures, for the API's surface: no items.
    Signatures,
}

/// An action body struct as a module holds it.
#[derive(Debug, Clone)]
pub enum ModuleBody {
    /// The struct itself.
    Defined(Struct),
    /// A `pub use` of the struct defined in another module: its ident here and the target path
    /// below the crate root (`api::drives::items::CopyBody`).
    Reexport {
        /// The ident in this module.
        ident: String,
        /// The struct's path.
        target: String,
    },
}

/// The `api` module's files for `endpoint_plan`.
pub fn api_files(ir: &Ir, plan: &Plan, endpoint_plan: EndpointPlan, root: &syn::Path, render: Render) -> Api {
    let mut modules: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    modules.insert(Vec::new(), Vec::new());
    for module in endpoint_plan.modules.keys() {
        modules.entry(module.clone()).or_default();
    }
    for (index, endpoint) in endpoint_plan.endpoints.iter().enumerate() {
        modules.entry(endpoint.module.clone()).or_default().push(index);
    }
    let mut children: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    for module in modules.keys() {
        if let Some((last, parent)) = module.split_last() {
            children.entry(parent.to_vec()).or_default().insert(last.clone());
        }
    }
    // Each action's body struct: where it is defined and its ident there.
    let mut bodies: BTreeMap<usize, (Vec<String>, String)> = BTreeMap::new();
    let mut module_bodies = Vec::new();
    let mut signatures = BTreeMap::new();
    let mut files = Vec::new();
    for (module, indexes) in &modules {
        let module_path = module.join("::");
        let module_children: Vec<String> =
            children.get(module).map(|set| set.iter().cloned().collect()).unwrap_or_default();
        let mut scope = Scope::new(&format!("api::{module_path}")).shadowed_by(&module_children, root);
        let mut type_namer = Namer::new(Case::UpperCamel);
        let mut items: Vec<(String, TokenStream)> = Vec::new();
        let mut sources = BTreeSet::new();
        for &index in indexes {
            let endpoint = &endpoint_plan.endpoints[index];
            let op = &ir.operations[endpoint.op];
            for &op_index in &endpoint.operations {
                sources.insert(ir.operations[op_index].source.file.to_string());
            }
            let body = match body_of(ir, op, endpoint, plan, &endpoint_plan) {
                Some(Body::Model(ty)) => Some(BodyKind::Model(ty)),
                Some(Body::Action(mut model)) => {
                    let ident = if let Some((defined_in, defined_ident)) = bodies.get(&endpoint.op) {
                        let ident = type_namer.claim(defined_ident);
                        let target = format_ident!("{defined_ident}");
                        let alias = format_ident!("{ident}");
                        let path = defined_in.iter().map(|segment| format_ident!("{segment}"));
                        let rename = (ident != *defined_ident).then(|| quote!(as #alias));
                        items.push((
                            format!("{}~body", endpoint.function),
                            quote!(pub use #root::api::#(#path::)*#target #rename;),
                        ));
                        let target = format!("api::{}::{defined_ident}", defined_in.join("::"));
                        module_bodies.push((module.clone(), ModuleBody::Reexport { ident: ident.clone(), target }));
                        ident
                    } else {
                        let ident = type_namer.claim(&format!("{} body", action_name(endpoint)));
                        bodies.insert(endpoint.op, (module.clone(), ident.clone()));
                        model.name.ident.clone_from(&ident);
                        if render == Render::Code {
                            items.push((format!("{}~body", endpoint.function), items::body_struct(&model, &mut scope)));
                        }
                        module_bodies.push((module.clone(), ModuleBody::Defined(model)));
                        ident
                    };
                    Some(BodyKind::Named(ident))
                }
                None => None,
            };
            let pages: Vec<String> =
                endpoint.operations.iter().map(|&op_index| ir.operations[op_index].source.file.to_string()).collect();
            let (function, mut signature) = function(op, endpoint, &pages, plan, body.as_ref(), &mut scope, render);
            signature.module.clone_from(module);
            signatures.insert(index, signature);
            items.push((endpoint.function.clone(), function));
        }
        items.sort_by(|a, b| a.0.cmp(&b.0));
        let mut uses = Vec::new();
        if !indexes.is_empty() {
            uses.push(quote!(use #root::endpoint as ep;));
        }
        if scope.uses_rt {
            uses.push(quote!(use #root::rt;));
        }
        uses.extend(scope.uses(root));
        files.push(ModuleFile {
            module: module.clone(),
            prefix: endpoint_plan.modules.get(module).cloned().unwrap_or_else(|| "/".to_owned()),
            children: module_children,
            sources: sources.into_iter().collect(),
            uses,
            items: items.into_iter().map(|(_, item)| item).collect(),
        });
    }
    Api { files, plan: endpoint_plan, signatures, bodies: module_bodies }
}

/// The name an action's body struct is named after: the action (`sendMail`).
fn action_name(endpoint: &PlannedEndpoint) -> String {
    match &endpoint.ending {
        Ending::Action(name) => name.clone(),
        _ => endpoint.function.clone(),
    }
}

/// What a request sends, as the function's parameter type.
enum BodyKind {
    /// A model (`body: &graph::CloudPcDeviceImage`).
    Model(FieldType),
    /// The action's body struct, by its ident in the function's module.
    Named(String),
}

/// What a request sends, as planned: a model, or an action's own body struct.
enum Body {
    Model(FieldType),
    Action(Struct),
}

/// The body of `endpoint`: nothing for a GET; the type the page names; for an action its
/// Request body table as a struct of its own; for anything else with a table (a create or an
/// update) the resource itself, which a GET of the same path returns.
fn body_of(
    ir: &Ir,
    op: &ir::Operation,
    endpoint: &PlannedEndpoint,
    plan: &Plan,
    endpoints: &EndpointPlan,
) -> Option<Body> {
    if endpoint.method == "GET" {
        return None;
    }
    let Some(body) = op.request_body.as_ref() else { return undeclared_body(op, &endpoint.method, plan) };
    if let Some(type_ref) = &body.type_ {
        // Pages of one hierarchy's types document one endpoint: it sends their common base.
        let type_ref =
            endpoint.common_type.as_ref().filter(|_| Some(type_ref) == op.response.type_.as_ref()).unwrap_or(type_ref);
        return Some(Body::Model(plan.type_of(type_ref, false)));
    }
    if body.properties.is_empty() {
        return None;
    }
    if !matches!(endpoint.ending, Ending::Action(_)) {
        if let Some(resource) = resource_of(ir, op, endpoint, plan, endpoints) {
            return Some(Body::Model(resource));
        }
    }
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
            deprecated: false,
        })
        .collect();
    Some(Body::Action(Struct {
        name: ItemName { module: String::new(), ident: String::new() },
        qualified: format!("{} request body", op.id),
        description: format!(
            "The parameters `{} {}` sends (the Request body table of `{}`).",
            endpoint.method, endpoint.path, op.source.file
        ),
        fields,
        odata_type_field: None,
        additional_field: "additional_properties".to_owned(),
    }))
}

/// The resource a create or update sends: what a GET of the same path returns, else what the
/// operation itself returns (one model, not a collection of primitives).
fn resource_of(
    ir: &Ir,
    op: &ir::Operation,
    endpoint: &PlannedEndpoint,
    plan: &Plan,
    endpoints: &EndpointPlan,
) -> Option<FieldType> {
    let read = endpoints
        .by_key
        .get(&("GET".to_owned(), crate::template::path_key(&endpoint.path)))
        .map(|&index| &endpoints.endpoints[index])
        .and_then(|read| read.common_type.as_ref().or(ir.operations[read.op].response.type_.as_ref()));
    [read, endpoint.common_type.as_ref(), op.response.type_.as_ref()]
        .into_iter()
        .flatten()
        .map(|type_ref| plan.type_of(type_ref, false))
        .find(|ty| matches!(ty, FieldType::Struct { .. } | FieldType::Any(_)))
}

/// The parameters of a function: its Function parameters table, or on a GET (which sends no
/// body) the Request body table, where Intune's pages list them.
fn function_params(op: &ir::Operation, method: &str) -> Vec<ir::Parameter> {
    if !op.function_params.is_empty() || method != "GET" {
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
fn undeclared_body(op: &ir::Operation, method: &str, plan: &Plan) -> Option<Body> {
    let sends = op.examples.iter().filter_map(|example| example.request.as_ref()).any(|request| request.body.is_some());
    if !sends || !["POST", "PATCH", "PUT"].contains(&method) {
        return None;
    }
    let returned = op.response.type_.as_ref().filter(|_| !op.response.collection && method != "POST");
    let ty = returned
        .map(|type_ref| plan.type_of(type_ref, false))
        .filter(|ty| matches!(ty, FieldType::Struct { .. } | FieldType::Any(_)))
        .unwrap_or_else(|| plan.type_of(&ir::TypeRef::resolved("Edm.Untyped"), false));
    Some(Body::Model(ty))
}

/// Headers the docs call required that the endpoint does not take as parameters besides
/// [`CLIENT_HEADERS`](super::CLIENT_HEADERS): the docs require them only in some cases (`ConsistencyLevel` with `$search`, `Prefer`),
/// which the endpoint's setters cover.
const NOT_PARAMETERS: &[&str] = &["consistencylevel", "prefer"];

/// One function: the endpoint `endpoint`, documented by `op`.
fn function(
    op: &ir::Operation,
    endpoint: &PlannedEndpoint,
    sources: &[String],
    plan: &Plan,
    body: Option<&BodyKind>,
    scope: &mut Scope,
    render: Render,
) -> (TokenStream, Signature) {
    let method_name = endpoint.method.as_str();
    let path = endpoint.path.as_str();
    let mut params = Params::new();
    let build = path_tokens(op, method_name, path, plan, scope, &mut params);
    let method = format_ident!("{method_name}");
    let mut chain = Vec::new();
    // `?startDateTime={start_datetime}&endDateTime=...` in the request line: required query
    // parameters; a value without a placeholder is sent as written.
    let query = op.requests.get(endpoint.request).and_then(|request| request.query.as_deref());
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
        if super::CLIENT_HEADERS.contains(&lower.as_str()) || NOT_PARAMETERS.contains(&lower.as_str()) {
            continue;
        }
        let ident = params.claim(&header.name);
        let wire = header.name.as_str();
        chain.push(quote!(.header(#wire, #ident)));
        params.push(ident, quote!(&str), Role::Header(header.name.clone()));
    }
    let body_type = match body {
        Some(BodyKind::Model(ty)) => Some(scope.rust_type(ty)),
        Some(BodyKind::Named(ident)) => {
            let ty = format_ident!("{ident}");
            Some(quote!(#ty))
        }
        None => None,
    };
    if let Some(ty) = body_type {
        let ident = params.claim("body");
        chain.push(quote!(.json(#ident)));
        params.push(ident, quote!(&#ty), Role::Body);
    }
    let (kind, response) = response_kind(op, endpoint, plan, scope);
    let access = if method_name == "GET" { quote!(ep::Read) } else { quote!(ep::Write) };
    let signature = Signature {
        module: Vec::new(),
        function: endpoint.function.clone(),
        params: params.signature,
        inputs: params.inputs,
        output: surface::tidy(&quote!(ep::Endpoint<#kind, #access>)),
        response,
    };
    if render == Render::Signatures {
        return (TokenStream::new(), signature);
    }
    let ident = format_ident!("{}", endpoint.function);
    let param_list = &params.list;
    let docs = function_docs(op, endpoint, sources);
    let function = quote! {
        #(#docs)*
        pub fn #ident(#(#param_list),*) -> ep::Endpoint<#kind, #access> {
            let path = #build;
            ep::Endpoint::new(ep::Method::#method, path) #(#chain)*
        }
    };
    (function, signature)
}

/// The function's parameters so far, with unique names (`path` is the function's own local).
struct Params {
    namer: Namer,
    list: Vec<TokenStream>,
    signature: Vec<Role>,
    inputs: Vec<(String, String)>,
}

impl Params {
    fn new() -> Params {
        let mut namer = Namer::new(Case::Snake);
        namer.reserve("path");
        Params { namer, list: Vec::new(), signature: Vec::new(), inputs: Vec::new() }
    }

    fn claim(&mut self, name: &str) -> proc_macro2::Ident {
        format_ident!("{}", self.namer.claim(name))
    }

    fn push(&mut self, ident: proc_macro2::Ident, ty: TokenStream, role: Role) {
        self.inputs.push((ident.to_string(), surface::tidy(&ty)));
        self.list.push(quote!(#ident: #ty));
        self.signature.push(role);
    }
}

/// What an endpoint function is, for the code that calls it (the example tests).
#[derive(Debug, Clone)]
pub struct Signature {
    /// The module below `api` (`["users", "messages"]`).
    pub module: Vec<String>,
    /// The function (`get`).
    pub function: String,
    /// What each parameter fills, in order.
    pub params: Vec<Role>,
    /// Each parameter's name and Rust type, in order.
    pub inputs: Vec<(String, String)>,
    /// The return type.
    pub output: String,
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
fn path_tokens(
    op: &ir::Operation,
    method: &str,
    path: &str,
    plan: &Plan,
    scope: &mut Scope,
    params: &mut Params,
) -> TokenStream {
    let pieces = pieces(op, method, path, plan, scope, params);
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

fn pieces(
    op: &ir::Operation,
    method: &str,
    path: &str,
    plan: &Plan,
    scope: &mut Scope,
    params: &mut Params,
) -> Vec<Piece> {
    let function_params = function_params(op, method);
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
    if !parens_have_args && !any_parens && !last.is_empty() && method == "GET" && !function_params.is_empty() {
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
fn response_kind(
    op: &ir::Operation,
    endpoint: &PlannedEndpoint,
    plan: &Plan,
    scope: &mut Scope,
) -> (TokenStream, ResponseKind) {
    let response = &op.response;
    let collection = response.collection || endpoint.collection;
    let type_ref = endpoint.common_type.as_ref().or(response.type_.as_ref());
    let Some(type_ref) = type_ref.filter(|_| response.status != Some(204)) else {
        return if endpoint.method == "GET" && endpoint.collection {
            // A list whose page names no type: a page of any JSON.
            let ty = scope.rust_type(&plan.type_of(&ir::TypeRef::resolved("Edm.Untyped"), false));
            (quote!(ep::Collection<#ty>), ResponseKind::Collection)
        } else if endpoint.method == "GET" {
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
            let ty = scope.rust_type(&plan.type_of(type_ref, collection));
            (quote!(ep::Primitive<#ty>), ResponseKind::Primitive)
        }
        _ => {
            let ty = scope.rust_type(&single);
            if collection {
                (quote!(ep::Collection<#ty>), ResponseKind::Collection)
            } else {
                (quote!(ep::Json<#ty>), ResponseKind::Json)
            }
        }
    }
}

fn function_docs(op: &ir::Operation, endpoint: &PlannedEndpoint, sources: &[String]) -> Vec<TokenStream> {
    let (method, path) = (&endpoint.method, &endpoint.path);
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
    if !permissions.least_privileged.is_empty() {
        lines.push(format!("Least privileged: {}.", doc_lines(&permissions.least_privileged.join(", ")).join(" ")));
    }
    lines.push(String::new());
    let sources: Vec<String> = sources.iter().map(|source| format!("`{source}`")).collect();
    lines.push(format!("From {}.", sources.join(", ")));
    docs::attrs(lines)
}
