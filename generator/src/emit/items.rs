//! Tokens for the items of one planned file: structs, polymorphic enums, enums and aliases.
//!
//! Takes a [`FilePlan`] and gives its `use` lines and items as token streams, each item with its
//! impls. Names of other items are written short and imported (`use super::X;` within a
//! namespace, `use crate::security;` and `security::X` across namespaces), so a file reads as if
//! written by hand; the plan's names never shadow the prelude, so `Option` and `Vec` stay plain.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::names::{Case, Namer};
use super::plan::{Alias, AnyEnum, EnumPlan, FieldType, FilePlan, ItemName, Struct};
use super::primitives;

/// The `use` lines and the items of a file, items sorted by name.
#[derive(Debug, Clone)]
pub struct FileItems {
    /// `use` items.
    pub uses: Vec<TokenStream>,
    /// (item name, the item and its impls).
    pub items: Vec<(String, TokenStream)>,
}

/// Renders the items of `file`, which lives in namespace module `module`; `root` is the path of
/// the module holding the namespace modules and `rt` (`crate`).
pub fn file_items(root: &syn::Path, module: &str, file: &FilePlan, serde: Serde, setters_feature: bool) -> FileItems {
    let mut scope = Scope::new(module);
    scope.setters_feature = setters_feature;
    scope.local.extend(file.model.iter().map(|model| model.name.ident.clone()));
    scope.local.extend(file.any.iter().map(|any| any.name.ident.clone()));
    scope.local.extend(file.enums.iter().map(|en| en.name.ident.clone()));
    scope.local.extend(file.alias.iter().map(|alias| alias.name.ident.clone()));
    let mut items = Vec::new();
    if let Some(model) = &file.model {
        let item = match serde {
            Serde::Wire => struct_item(model, &mut scope),
            Serde::Derive => super::derive::struct_item(model, &mut scope),
        };
        items.push((model.name.ident.clone(), item));
    }
    if let Some(any) = &file.any {
        let item = match serde {
            Serde::Wire => any_item(any, &mut scope),
            Serde::Derive => super::derive::any_item(any, &mut scope),
        };
        items.push((any.name.ident.clone(), item));
    }
    for en in &file.enums {
        let item = match serde {
            Serde::Wire => enum_item(en),
            Serde::Derive => super::derive::enum_item(en),
        };
        items.push((en.name.ident.clone(), item));
    }
    if let Some(alias) = &file.alias {
        items.push((alias.name.ident.clone(), alias_item(alias)));
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let mut uses = vec![quote!(
        use #root::rt;
    )];
    for other in &scope.other {
        let other = format_ident!("{other}");
        uses.push(quote!(use #root::#other;));
    }
    if !scope.same.is_empty() {
        let same = scope.same.iter().map(|ident| format_ident!("{ident}"));
        uses.push(quote!(use super::{#(#same),*};));
    }
    FileItems { uses, items }
}

/// How models implement serde's traits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Serde {
    /// Through `rt::Wire`: straight-line code per model, quick to compile (the default).
    Wire,
    /// `#[derive(Serialize, Deserialize)]`: the plain version the compile-time benchmark
    /// compares with.
    Derive,
}

/// What a file refers to, for its `use` lines.
pub(super) struct Scope {
    /// Whether anything written so far names `rt`.
    pub(super) uses_rt: bool,
    /// Put the setters behind the crate's `setters` feature (a standalone crate; a build script's
    /// module has no features of its own).
    setters_feature: bool,
    module: String,
    local: BTreeSet<String>,
    same: BTreeSet<String>,
    other: BTreeSet<String>,
    /// Namespace modules a child module of `module` shadows, with the path they are reached by
    /// instead of a `use` (`crate::call_records` in `api::communications`, which has a child
    /// module `call_records` of its own).
    shadowed: BTreeMap<String, TokenStream>,
}

impl Scope {
    /// A scope for items of `module` (`graph`, or `api::user` for endpoints).
    pub(super) fn new(module: &str) -> Scope {
        Scope {
            uses_rt: false,
            setters_feature: false,
            module: module.to_owned(),
            local: BTreeSet::new(),
            same: BTreeSet::new(),
            other: BTreeSet::new(),
            shadowed: BTreeMap::new(),
        }
    }

    /// Names the namespace modules called like one of `children` (the module's own child
    /// modules) by their full path under `root`, so neither gives up its name.
    pub(super) fn shadowed_by(mut self, children: &[String], root: &syn::Path) -> Scope {
        for child in children {
            let ident = format_ident!("{child}");
            self.shadowed.insert(child.clone(), quote!(#root::#ident));
        }
        self
    }

    /// `use` lines for the namespace modules referred to, `root` being their parent module.
    pub(super) fn uses(&self, root: &syn::Path) -> Vec<TokenStream> {
        self.other
            .iter()
            .map(|other| {
                let other = format_ident!("{other}");
                quote!(use #root::#other;)
            })
            .collect()
    }

    pub(super) fn path(&mut self, name: &ItemName) -> TokenStream {
        let ident = format_ident!("{}", name.ident);
        if name.module == self.module {
            if !self.local.contains(&name.ident) {
                self.same.insert(name.ident.clone());
            }
            quote!(#ident)
        } else if let Some(full) = self.shadowed.get(&name.module) {
            quote!(#full::#ident)
        } else {
            self.other.insert(name.module.clone());
            let module = format_ident!("{}", name.module);
            quote!(#module::#ident)
        }
    }

    pub(super) fn rust_type(&mut self, ty: &FieldType) -> TokenStream {
        match ty {
            FieldType::Primitive(edm) => {
                let rust = primitives::rust_type(edm);
                self.uses_rt |= rust.starts_with("rt::");
                // Every Rust type of the table is a path (`bool`, `rt::Date`): its tests say so.
                let segments = rust.split("::").map(|segment| format_ident!("{segment}"));
                quote!(#(#segments)::*)
            }
            FieldType::Struct { name, boxed: true } => {
                let path = self.path(name);
                quote!(Box<#path>)
            }
            FieldType::Struct { name, boxed: false } | FieldType::Any(name) | FieldType::Undefined(name) => {
                self.path(name)
            }
            FieldType::Enum { name, flags: true } => {
                self.uses_rt = true;
                let path = self.path(name);
                quote!(rt::Flags<#path>)
            }
            FieldType::Enum { name, flags: false } => self.path(name),
            FieldType::Collection(inner) => {
                let inner = self.rust_type(inner);
                quote!(Vec<#inner>)
            }
        }
    }
}

/// The struct of an action's parameters, with its `rt::Wire` impl, like a model's.
pub(super) fn body_struct(model: &Struct, scope: &mut Scope) -> TokenStream {
    scope.uses_rt = true;
    struct_item(model, scope)
}

fn struct_item(model: &Struct, scope: &mut Scope) -> TokenStream {
    let ident = format_ident!("{}", model.name.ident);
    let simple = model.qualified.rsplit('.').next().unwrap_or(&model.qualified);
    let wire_name = simple.to_owned();
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    if let Some(odata) = &model.odata_type_field {
        let field = format_ident!("{odata}");
        fields.push(quote! {
            /// The `@odata.type` annotation: the type the object says it is.
            pub #field: Option<String>,
        });
        reads.push(quote!(#field: reader.take("@odata.type"),));
        writes.push(quote!(rt::put(&mut object, "@odata.type", &self.#field);));
    }
    for field in &model.fields {
        let field_ident = format_ident!("{}", field.ident);
        let ty = scope.rust_type(&field.ty);
        let fallback = format!("The `{}` property.", field.wire);
        let docs = doc_attrs(&field.description, &fallback);
        let wire = &field.wire;
        let deprecated = deprecated_property(field.deprecated);
        fields.push(quote! {
            #(#docs)*
            #deprecated
            pub #field_ident: Option<#ty>,
        });
        reads.push(quote!(#field_ident: reader.take(#wire),));
        writes.push(quote!(rt::put(&mut object, #wire, &self.#field_ident);));
    }
    let additional = format_ident!("{}", model.additional_field);
    let allow = allow_deprecated(model.fields.iter().any(|field| field.deprecated));
    let setters = setters(model, scope);
    let fallback = format!("The `{}` type.", model.qualified);
    let docs = doc_attrs(&model.description, &fallback);
    quote! {
        #(#docs)*
        #[derive(Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #ident {
            #(#fields)*
            /// Properties the docs don't describe, and explicit `null`s, kept as sent so that a
            /// round trip loses nothing.
            pub #additional: rt::Object,
        }

        #allow
        impl rt::Wire for #ident {
            fn from_wire(value: rt::Value) -> Result<Self, rt::Error> {
                let mut reader = rt::Reader::new(value, #wire_name)?;
                Ok(#ident {
                    #(#reads)*
                    #additional: reader.finish()?,
                })
            }

            fn to_wire(&self) -> rt::Value {
                let mut object = rt::Object::new();
                #(#writes)*
                rt::finish(object, &self.#additional)
            }
        }

        rt::serde_via_wire!(#ident);
        rt::debug_via_wire!(#ident);

        #setters
    }
}

/// `new` and a chained setter per property (`with_display_name`), so that a model is built in
/// one expression although it is `#[non_exhaustive]`. A setter takes anything that converts
/// (`&str` for a `String`, a derived type for its base's `Any` enum, an iterable for a
/// collection) or `rt::Null`, which sends an explicit `null`, as a PATCH that clears the
/// property must (collections are cleared with an empty one).
pub(super) fn setters(model: &Struct, scope: &mut Scope) -> TokenStream {
    let ident = format_ident!("{}", model.name.ident);
    let additional = format_ident!("{}", model.additional_field);
    let string = FieldType::Primitive("Edm.String".to_owned());
    let odata = model.odata_type_field.as_ref().map(|field| (field.as_str(), "@odata.type", &string, false));
    let properties: Vec<(&str, &str, &FieldType, bool)> = odata
        .into_iter()
        .chain(
            model.fields.iter().map(|field| (field.ident.as_str(), field.wire.as_str(), &field.ty, field.deprecated)),
        )
        .collect();
    let mut namer = Namer::new(Case::Snake);
    namer.reserve("new");
    let mut methods = Vec::new();
    for (field, wire, ty, deprecated) in &properties {
        let field_ident = format_ident!("{field}");
        let setter = format_ident!("{}", namer.claim(&format!("with_{}", field.trim_start_matches("r#"))));
        let (input, value) = setter_input(ty, scope);
        let set = match value {
            Some(conversion) => quote!(self.#field_ident = #conversion;),
            None => quote!(self.#field_ident = rt::assign(&mut self.#additional, #wire, value);),
        };
        let doc = format!(" Sets `{wire}`.");
        let deprecated = deprecated_property(*deprecated);
        methods.push(quote! {
            #[doc = #doc]
            #deprecated
            pub fn #setter(mut self, value: #input) -> Self {
                #set
                self
            }
        });
    }
    scope.uses_rt = true;
    let allow = allow_deprecated(properties.iter().any(|(.., deprecated)| *deprecated));
    let new_doc = format!(" {} `{}` with no property set.", article(&model.name.ident), model.name.ident);
    let new = quote! {
        #[doc = #new_doc]
        pub fn new() -> Self {
            Self::default()
        }
    };
    if !scope.setters_feature {
        return quote! {
            #allow
            impl #ident {
                #new

                #(#methods)*
            }
        };
    }
    // The setters are a quarter of a large crate's check time; the feature lets a crate that only
    // reads models leave them out.
    quote! {
        impl #ident {
            #new
        }

        #[cfg(feature = "setters")]
        #allow
        impl #ident {
            #(#methods)*
        }
    }
}

/// What a setter of a property of type `ty` takes, and how it makes the field's value of it:
/// collections from any iterable of convertible items, anything else through `rt::assign`
/// (`None`), which also takes `rt::Null`.
fn setter_input(ty: &FieldType, scope: &mut Scope) -> (TokenStream, Option<TokenStream>) {
    match ty {
        FieldType::Collection(inner) => {
            let inner = scope.rust_type(inner);
            (quote!(impl IntoIterator<Item = impl Into<#inner>>), Some(quote!(rt::list(value))))
        }
        FieldType::Enum { name, flags: true } => {
            let path = scope.path(name);
            (quote!(impl IntoIterator<Item = #path>), Some(quote!(Some(value.into_iter().collect()))))
        }
        other => {
            let rust = scope.rust_type(other);
            (quote!(impl rt::Assign<#rust>), None)
        }
    }
}

/// `#[deprecated]` for a field, and its setter, of a property the docs mark deprecated.
fn deprecated_property(deprecated: bool) -> Option<TokenStream> {
    deprecated.then(|| quote!(#[deprecated = "the docs mark this property deprecated"]))
}

/// `#[allow(deprecated)]` for the impls of an item some of whose parts are deprecated: the crate's
/// own code must still read and write them without a warning.
fn allow_deprecated(any: bool) -> Option<TokenStream> {
    any.then(|| quote!(#[allow(deprecated)]))
}

fn any_item(any: &AnyEnum, scope: &mut Scope) -> TokenStream {
    let ident = format_ident!("{}", any.name.ident);
    let base_simple = any.base.rsplit('.').next().unwrap_or(&any.base);
    let base_variant = format_ident!("{}", any.base_variant);
    let base_path = scope.path(&any.base_struct);
    let base_doc = format!(" {} `{base_simple}`, or a derived type these docs don't describe.", article(base_simple));
    let mut variants = vec![quote! {
        #[doc = #base_doc]
        #base_variant(Box<#base_path>),
    }];
    let mut claims = vec![];
    let mut reads = Vec::new();
    let mut writes = vec![quote!(#ident::#base_variant(model) => rt::Wire::to_wire(model),)];
    let base_tag = &any.base;
    claims.push(quote!(tag == #base_tag));
    for (qualified, variant, payload) in &any.variants {
        let variant_ident = format_ident!("{variant}");
        let simple = qualified.rsplit('.').next().unwrap_or(qualified);
        let (doc, ty) = match payload {
            FieldType::Any(name) => {
                let path = scope.path(name);
                claims.push(quote!(#path::claims(tag)));
                reads
                    .push(quote!(tag if #path::claims(tag) => rt::Wire::from_wire(value).map(#ident::#variant_ident),));
                (format!(" {} `{simple}` or a type derived from it.", article(simple)), path)
            }
            other => {
                let ty = scope.rust_type(other);
                claims.push(quote!(tag == #qualified));
                reads.push(quote!(#qualified => rt::Wire::from_wire(value).map(#ident::#variant_ident),));
                (format!(" {} `{simple}`.", article(simple)), ty)
            }
        };
        variants.push(quote! {
            #[doc = #doc]
            #variant_ident(#ty),
        });
        writes.push(quote!(#ident::#variant_ident(model) => rt::Wire::to_wire(model),));
    }
    let conversions = any_conversions(any, scope);
    let doc =
        format!(" {} `{base_simple}` or any type derived from it, told apart by `@odata.type`.", article(base_simple));
    let claims_doc =
        format!(" Whether `tag` (an `@odata.type` without its `#`) names `{base_simple}` or a type derived from it.");
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #ident {
            #(#variants)*
        }

        impl #ident {
            #[doc = #claims_doc]
            pub fn claims(tag: &str) -> bool {
                #(#claims)||*
            }
        }

        impl rt::Wire for #ident {
            fn from_wire(value: rt::Value) -> Result<Self, rt::Error> {
                let tag = rt::odata_type(&value).unwrap_or_default().to_owned();
                match tag.as_str() {
                    #(#reads)*
                    _ => rt::Wire::from_wire(value).map(#ident::#base_variant),
                }
            }

            fn to_wire(&self) -> rt::Value {
                match self {
                    #(#writes)*
                }
            }
        }

        rt::serde_via_wire!(#ident);

        #conversions
    }
}

/// `From` every type of the hierarchy into its `Any` enum: the base, each derived type (boxed as
/// its variant holds it), a derived type's own `Any` enum, and the types below that one, through
/// it; so `AnyRecipient::from(attendee)` works however deep `attendee` sits.
pub(super) fn any_conversions(any: &AnyEnum, scope: &mut Scope) -> TokenStream {
    let ident = format_ident!("{}", any.name.ident);
    let base_variant = format_ident!("{}", any.base_variant);
    let base_path = scope.path(&any.base_struct);
    let mut impls = vec![quote! {
        impl From<#base_path> for #ident {
            fn from(model: #base_path) -> Self {
                #ident::#base_variant(Box::new(model))
            }
        }
    }];
    for (_, variant, payload) in &any.variants {
        let variant = format_ident!("{variant}");
        impls.push(match payload {
            FieldType::Struct { name, boxed: true } => {
                let path = scope.path(name);
                quote! {
                    impl From<#path> for #ident {
                        fn from(model: #path) -> Self {
                            #ident::#variant(Box::new(model))
                        }
                    }
                }
            }
            other => {
                let ty = scope.rust_type(other);
                quote! {
                    impl From<#ty> for #ident {
                        fn from(model: #ty) -> Self {
                            #ident::#variant(model)
                        }
                    }
                }
            }
        });
    }
    for (variant, name) in &any.nested {
        let variant = format_ident!("{variant}");
        let path = scope.path(name);
        impls.push(quote! {
            impl From<#path> for #ident {
                fn from(model: #path) -> Self {
                    #ident::#variant(model.into())
                }
            }
        });
    }
    quote!(#(#impls)*)
}

fn enum_item(en: &EnumPlan) -> TokenStream {
    let ident = format_ident!("{}", en.name.ident);
    let unknown = format_ident!("{}", en.unknown_variant);
    let fallback = format!("The `{}` enumeration.", en.wire_name);
    let docs = doc_attrs(&en.description, &fallback);
    let mut variants = Vec::new();
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    let allow = allow_deprecated(en.members.iter().any(|(_, _, _, deprecated)| *deprecated));
    for (wire, variant, description, deprecated) in &en.members {
        let variant = format_ident!("{variant}");
        let member_docs = doc_attrs(description, &format!("`{wire}`."));
        let deprecated = deprecated.then(|| quote!(#[deprecated = "the docs mark this member deprecated"]));
        variants.push(quote! {
            #(#member_docs)*
            #deprecated
            #variant,
        });
        reads.push(quote!(#wire => #ident::#variant,));
        writes.push(quote!(#ident::#variant => #wire,));
    }
    quote! {
        #(#docs)*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #ident {
            #(#variants)*
            /// A member these docs don't list, kept as sent.
            #unknown(String),
        }

        #allow
        impl rt::Enumeration for #ident {
            fn from_name(name: String) -> Self {
                match name.as_str() {
                    #(#reads)*
                    _ => #ident::#unknown(name),
                }
            }

            fn as_str(&self) -> &str {
                match self {
                    #(#writes)*
                    #ident::#unknown(name) => name,
                }
            }
        }

        rt::enumeration!(#ident);
        rt::serde_via_wire!(#ident);
    }
}

fn alias_item(alias: &Alias) -> TokenStream {
    let ident = format_ident!("{}", alias.name.ident);
    let doc = format!(
        " `{}` is used by the docs (first in `{}`, line {}) but no page defines it, so its values are kept as raw JSON.",
        alias.qualified, alias.first_use.file, alias.first_use.line
    );
    quote! {
        #[doc = #doc]
        pub type #ident = rt::Value;
    }
}

/// "A" or "An", by the first letter of `word`.
pub(super) fn article(word: &str) -> &'static str {
    match word.chars().next().map(|first| first.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "An",
        _ => "A",
    }
}
