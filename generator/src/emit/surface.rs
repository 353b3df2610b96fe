//! The Rust API as data: every public item of the crate docgen generates for an IR, with what a
//! caller depends on (a function's parameter and return types, a struct's fields and their
//! types, an enum's variants).
//!
//! Takes the model [`Plan`] and the rendered `api` (`endpoints::Api`) and gives an [`ApiSurface`], keyed
//! by the item's Rust path (`api::users::messages::list`, `graph::User`). The crate records it
//! beside its IR ([`super::record`]), and `docgen drift` compares two of them, so a change that
//! breaks callers is seen even when the IR hardly changed (a path moved to another page), and a
//! doc edit that leaves the Rust API alone reports no API change.

use std::collections::{BTreeMap, HashMap};

use proc_macro2::TokenStream;
use serde::{Deserialize, Serialize};

use super::endpoints::{Api, ModuleBody, Signature};
use super::items::Scope;
use super::plan::{FieldType, Plan, Struct};

/// Every public item, by Rust path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiSurface {
    /// Rust path -> what callers depend on.
    pub items: BTreeMap<String, ApiItem>,
}

/// What callers of one public item depend on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ApiItem {
    /// An endpoint function.
    Function {
        /// The parameters, in order: (name, Rust type). Callers pass them by position, so only
        /// the types are part of the API.
        params: Vec<(String, String)>,
        /// The return type.
        returns: String,
        /// The request it builds (`GET /users/{id}`), for people reading a change.
        request: String,
    },
    /// A struct with public fields: field -> Rust type.
    Struct {
        /// The fields.
        fields: BTreeMap<String, String>,
    },
    /// An enum: variant -> payload type (empty for none).
    Enum {
        /// The variants.
        variants: BTreeMap<String, String>,
    },
    /// A type alias or a re-export: what it names.
    Alias {
        /// The aliased type or re-exported path.
        target: String,
    },
}

/// The surface of the crate whose models are `plan` and whose endpoints are `api`.
pub fn surface(plan: &Plan, api: &Api) -> ApiSurface {
    let mut items = BTreeMap::new();
    let mut types = TypeTexts { scope: Scope::new(""), known: HashMap::new() };
    for file in plan.files.values() {
        if let Some(model) = &file.model {
            items.insert(path_of(&model.name.module, &model.name.ident), struct_item(model, &mut types));
        }
        if let Some(any) = &file.any {
            let variants = any
                .variants
                .iter()
                .map(|(_, variant, payload)| (variant.clone(), types.text(payload)))
                .chain(std::iter::once((
                    any.base_variant.clone(),
                    path_of(&any.base_struct.module, &any.base_struct.ident),
                )))
                .collect();
            items.insert(path_of(&any.name.module, &any.name.ident), ApiItem::Enum { variants });
        }
        for en in &file.enums {
            let variants = en
                .members
                .iter()
                .map(|(_, variant, _, _)| (variant.clone(), String::new()))
                .chain(std::iter::once((en.unknown_variant.clone(), "String".to_owned())))
                .collect();
            items.insert(path_of(&en.name.module, &en.name.ident), ApiItem::Enum { variants });
        }
        if let Some(alias) = &file.alias {
            items.insert(
                path_of(&alias.name.module, &alias.name.ident),
                ApiItem::Alias { target: "rt::Value".to_owned() },
            );
        }
    }
    for (index, signature) in &api.signatures {
        let endpoint = &api.plan.endpoints[*index];
        let mut path = vec!["api".to_owned()];
        path.extend(endpoint.module.iter().cloned());
        path.push(endpoint.function.clone());
        items.insert(path.join("::"), function_item(signature, &format!("{} {}", endpoint.method, endpoint.path)));
    }
    for (module, body) in &api.bodies {
        let mut path = vec!["api".to_owned()];
        path.extend(module.iter().cloned());
        match body {
            ModuleBody::Defined(model) => {
                path.push(model.name.ident.clone());
                items.insert(path.join("::"), struct_item(model, &mut types));
            }
            ModuleBody::Reexport { ident, target } => {
                path.push(ident.clone());
                items.insert(path.join("::"), ApiItem::Alias { target: target.clone() });
            }
        }
    }
    ApiSurface { items }
}

/// Rust types as written, each worked out once: a crate's 45,000 fields have a few thousand
/// types between them.
struct TypeTexts<'p> {
    scope: Scope,
    known: HashMap<&'p FieldType, String>,
}

impl<'p> TypeTexts<'p> {
    fn text(&mut self, ty: &'p FieldType) -> String {
        if let Some(text) = self.known.get(ty) {
            return text.clone();
        }
        let text = tidy(&self.scope.rust_type(ty));
        self.known.insert(ty, text.clone());
        text
    }
}

fn struct_item<'p>(model: &'p Struct, types: &mut TypeTexts<'p>) -> ApiItem {
    let fields = model
        .fields
        .iter()
        .map(|field| (field.ident.clone(), types.text(&field.ty)))
        .chain(model.odata_type_field.iter().map(|ident| (ident.clone(), "String".to_owned())))
        .collect();
    ApiItem::Struct { fields }
}

fn function_item(signature: &Signature, request: &str) -> ApiItem {
    ApiItem::Function {
        params: signature.inputs.clone(),
        returns: signature.output.clone(),
        request: request.to_owned(),
    }
}

fn path_of(module: &str, ident: &str) -> String {
    if module.is_empty() {
        ident.to_owned()
    } else {
        format!("{module}::{ident}")
    }
}

/// Tokens as a type is written: `ep :: Json < graph :: User >` -> `ep::Json<graph::User>`.
pub(super) fn tidy(tokens: &TokenStream) -> String {
    let text: String = tokens.to_string().chars().filter(|ch| *ch != ' ').collect();
    text.replace(',', ", ")
}
