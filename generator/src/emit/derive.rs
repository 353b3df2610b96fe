//! The plain serde-derive version of the models, for the compile-time benchmark only.
//!
//! Takes the same plan as [`items`](super::items) and gives the items a typical generator would
//! write: `#[derive(Serialize, Deserialize)]` with `rename`, `skip_serializing_if` and `flatten`
//! attributes; enums with an untagged catch-all; polymorphic enums untagged. Same names, same
//! field types, so the two versions differ only in how serde is implemented.
//! `docgen generate --serde-derive` selects it; `bench/generated-crates.sh --compare` measures both.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::items::{any_conversions, article, setters, Scope};
use super::plan::{AnyEnum, EnumPlan, FieldType, Struct};

pub(super) fn struct_item(model: &Struct, scope: &mut Scope) -> TokenStream {
    let ident = format_ident!("{}", model.name.ident);
    let mut fields = Vec::new();
    if let Some(odata) = &model.odata_type_field {
        let field = format_ident!("{odata}");
        fields.push(quote! {
            /// The `@odata.type` annotation: the type the object says it is.
            #[serde(rename = "@odata.type", default, skip_serializing_if = "Option::is_none")]
            pub #field: Option<String>,
        });
    }
    for field in &model.fields {
        let field_ident = format_ident!("{}", field.ident);
        let ty = scope.rust_type(&field.ty);
        let docs = doc_attrs(&field.description, &format!("The `{}` property.", field.wire));
        let wire = &field.wire;
        fields.push(quote! {
            #(#docs)*
            #[serde(rename = #wire, default, skip_serializing_if = "Option::is_none")]
            pub #field_ident: Option<#ty>,
        });
    }
    let additional = format_ident!("{}", model.additional_field);
    let setters = setters(model, scope);
    let docs = doc_attrs(&model.description, &format!("The `{}` type.", model.qualified));
    quote! {
        #(#docs)*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #ident {
            #(#fields)*
            /// Properties the docs don't describe.
            #[serde(flatten)]
            pub #additional: rt::Object,
        }

        impl rt::Assignable for #ident {}

        #setters
    }
}

pub(super) fn any_item(any: &AnyEnum, scope: &mut Scope) -> TokenStream {
    let ident = format_ident!("{}", any.name.ident);
    let base_simple = any.base.rsplit('.').next().unwrap_or(&any.base);
    let base_variant = format_ident!("{}", any.base_variant);
    let base_path = scope.path(&any.base_struct);
    let mut variants = Vec::new();
    for (qualified, variant, payload) in &any.variants {
        let variant_ident = format_ident!("{variant}");
        let simple = qualified.rsplit('.').next().unwrap_or(qualified);
        let ty = match payload {
            FieldType::Any(name) => scope.path(name),
            other => scope.rust_type(other),
        };
        let doc = format!(" {} `{simple}`.", article(simple));
        variants.push(quote! {
            #[doc = #doc]
            #variant_ident(#ty),
        });
    }
    let conversions = any_conversions(any, scope);
    let doc = format!(" {} `{base_simple}` or any type derived from it.", article(base_simple));
    let base_doc = format!(" {} `{base_simple}`.", article(base_simple));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #ident {
            #(#variants)*
            #[doc = #base_doc]
            #base_variant(Box<#base_path>),
        }

        impl rt::Assignable for #ident {}

        #conversions
    }
}

pub(super) fn enum_item(en: &EnumPlan) -> TokenStream {
    let ident = format_ident!("{}", en.name.ident);
    let unknown = format_ident!("{}", en.unknown_variant);
    let docs = doc_attrs(&en.description, &format!("The `{}` enumeration.", en.wire_name));
    let variants = en.members.iter().map(|(wire, variant, description, _)| {
        let variant = format_ident!("{variant}");
        let member_docs = doc_attrs(description, &format!("`{wire}`."));
        quote! {
            #(#member_docs)*
            #[serde(rename = #wire)]
            #variant,
        }
    });
    quote! {
        #(#docs)*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub enum #ident {
            #(#variants)*
            /// A member these docs don't list.
            #[serde(untagged)]
            #unknown(String),
        }

        impl rt::Assignable for #ident {}

        impl rt::Enumeration for #ident {
            fn from_name(name: String) -> Self {
                serde_json::from_value(serde_json::Value::String(name.clone())).unwrap_or(#ident::#unknown(name))
            }

            fn as_str(&self) -> &str {
                match self {
                    #ident::#unknown(name) => name,
                    _ => "",
                }
            }
        }
    }
}
