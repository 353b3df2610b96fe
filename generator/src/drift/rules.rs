//! The one table that decides what a change means for users of the generated Rust code.
//!
//! Every [`Change`](super::Change) names the [`Rule`] that classified it; the diff picks the rule,
//! the rule alone decides the impact. The README's rules table is this table (a test keeps them
//! equal). Impacts follow what code generated from the old docs meets when the service follows the
//! new ones:
//!
//! - models are `#[non_exhaustive]` structs of `Option` fields, so an added property compiles and
//!   round-trips;
//! - enums keep unknown values in `Unrecognized`, so an added member still deserialises, but a
//!   `match` that handled the value through `Unrecognized` sees it move: flagged, not breaking;
//! - anything removed, renamed or retyped changes a name or a type the user's code spells: breaking.

use serde::Serialize;

/// What kind of IR item a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Entity {
    /// An entity or complex type.
    Type,
    /// A structural property of a type.
    Property,
    /// A navigation property (Relationships table).
    Navigation,
    /// An enumeration.
    Enum,
    /// A member of an enumeration.
    Member,
    /// An operation (one API page).
    Operation,
    /// A parameter of an operation: function or query parameter, request-body property, header.
    Parameter,
    /// A permission an operation accepts.
    Permission,
    /// A public item of the generated Rust API (function, struct, enum, alias) or a part of one
    /// (field, variant): what `docgen drift` finds by comparing the crates the two revisions give.
    Api,
}

impl Entity {
    /// The lower-case name used in every format.
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Type => "type",
            Entity::Property => "property",
            Entity::Navigation => "navigation",
            Entity::Enum => "enum",
            Entity::Member => "member",
            Entity::Operation => "operation",
            Entity::Parameter => "parameter",
            Entity::Permission => "permission",
            Entity::Api => "api",
        }
    }
}

/// Added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// In the new docs only.
    Added,
    /// In the old docs only.
    Removed,
    /// In both, with a different fact (or a different name: renames are changes of the name).
    Changed,
}

impl ChangeKind {
    /// The lower-case name used in every format.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// What a change does to code generated from the old docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Code that compiled stops compiling, or stops reading or sending what it did.
    Breaking,
    /// Code compiles and runs, but behaves differently somewhere a user should look at.
    Flagged,
    /// Nothing a user of the generated code notices.
    Compatible,
}

impl Impact {
    /// The lower-case name used in every format.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Flagged => "flagged",
            Impact::Compatible => "compatible",
        }
    }
}

/// Which side of a call meets the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Requests and responses alike (models are used both ways).
    Both,
    /// What the client sends.
    Request,
    /// What the client reads.
    Response,
}

impl Side {
    /// The lower-case name used in the README table.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Both => "both",
            Side::Request => "request",
            Side::Response => "response",
        }
    }
}

/// One row of the rules table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, printed with every change (`property-removed`). Never reused or renamed.
    pub id: &'static str,
    /// What the change is about.
    pub entity: Entity,
    /// Added, removed or changed.
    pub change: ChangeKind,
    /// The side of a call that meets it.
    pub side: Side,
    /// What it does to generated code.
    pub impact: Impact,
    /// Why, in a sentence without a final period.
    pub reason: &'static str,
}

macro_rules! rules {
    ($($konst:ident = $id:literal, $entity:ident, $change:ident, $side:ident, $impact:ident, $reason:literal;)*) => {
        $(
            #[doc = concat!("`", $id, "`: ", $reason, ".")]
            pub const $konst: Rule = Rule {
                id: $id,
                entity: Entity::$entity,
                change: ChangeKind::$change,
                side: Side::$side,
                impact: Impact::$impact,
                reason: $reason,
            };
        )*
        /// Every rule, in the README's order.
        pub const RULES: &[Rule] = &[$($konst),*];
    };
}

rules! {
    TYPE_ADDED = "type-added", Type, Added, Both, Compatible,
        "a new struct; nothing existing refers to it";
    TYPE_REMOVED = "type-removed", Type, Removed, Both, Breaking,
        "the struct and every field of its type disappear";
    TYPE_RENAMED = "type-renamed", Type, Changed, Both, Breaking,
        "the struct's name or module and its @odata.type tag change (same name in another namespace, or same properties)";
    TYPE_RENAMED_CASE = "type-renamed-case", Type, Changed, Both, Breaking,
        "the @odata.type tag changes case; dispatch on the old spelling falls back to the base type";
    TYPE_KIND_CHANGED = "type-kind-changed", Type, Changed, Both, Breaking,
        "entity <-> complex changes whether the type has a key and where it can be addressed";
    TYPE_BASE_CHANGED = "type-base-changed", Type, Changed, Both, Breaking,
        "inherited fields and the Any-enum the type dispatches through change";
    TYPE_ABSTRACT_CHANGED = "type-abstract-changed", Type, Changed, Request, Flagged,
        "the struct stays, but an abstract type can no longer be sent as such (or now can)";
    TYPE_OPEN_CHANGED = "type-open-changed", Type, Changed, Both, Compatible,
        "undescribed properties are kept in additional_properties either way";
    TYPE_KEY_CHANGED = "type-key-changed", Type, Changed, Both, Breaking,
        "the property that identifies an entity in paths changes";

    PROPERTY_ADDED = "property-added", Property, Added, Both, Compatible,
        "a new Option field on a non_exhaustive struct";
    PROPERTY_ADDED_REQUIRED = "property-added-required", Property, Added, Request, Breaking,
        "requests built without the new required property are rejected";
    PROPERTY_REMOVED = "property-removed", Property, Removed, Both, Breaking,
        "the field disappears; code reading or setting it stops compiling";
    PROPERTY_MOVED = "property-moved", Property, Changed, Both, Compatible,
        "the property is now declared on a base type; the flattened struct keeps the same field";
    PROPERTY_BECAME_NAVIGATION = "property-became-navigation", Property, Changed, Both, Compatible,
        "the row moved to the Relationships table; both tables make fields of the struct";
    PROPERTY_RENAMED = "property-renamed", Property, Changed, Both, Breaking,
        "the field's name and wire name change (removed and added with the same type)";
    PROPERTY_RENAMED_CASE = "property-renamed-case", Property, Changed, Both, Breaking,
        "the wire name changes case; the old field no longer reads what the service sends";
    PROPERTY_TYPE_CHANGED = "property-type-changed", Property, Changed, Both, Breaking,
        "the field's Rust type changes";
    PROPERTY_COLLECTION_CHANGED = "property-collection-changed", Property, Changed, Both, Breaking,
        "the field changes between a value and a Vec";
    PROPERTY_MADE_READ_ONLY = "property-made-read-only", Property, Changed, Request, Flagged,
        "the field still compiles, but the service now ignores or rejects it in requests";
    PROPERTY_MADE_WRITABLE = "property-made-writable", Property, Changed, Request, Compatible,
        "requests may now set the field";
    PROPERTY_MADE_NULLABLE = "property-made-nullable", Property, Changed, Response, Flagged,
        "fields are Options already, but code that relied on a value may now see null";
    PROPERTY_MADE_NON_NULLABLE = "property-made-non-nullable", Property, Changed, Response, Compatible,
        "fields are Options; a value is now always present";
    PROPERTY_MADE_REQUIRED = "property-made-required", Property, Changed, Request, Breaking,
        "requests built without the property are rejected";
    PROPERTY_MADE_OPTIONAL = "property-made-optional", Property, Changed, Request, Compatible,
        "requests may now leave the property out";
    PROPERTY_DEPRECATED = "property-deprecated", Property, Changed, Both, Flagged,
        "the docs now mark the property deprecated: it still works, and code using it gets a warning";
    PROPERTY_VALUES_ADDED = "property-values-added", Property, Changed, Response, Flagged,
        "the inline enum gains variants; values that landed in Unrecognized get their own variant";
    PROPERTY_VALUES_REMOVED = "property-values-removed", Property, Changed, Both, Breaking,
        "the inline enum loses variants that code may name";
    PROPERTY_VALUES_INTRODUCED = "property-values-introduced", Property, Changed, Both, Breaking,
        "a \"Possible values\" list turns the String field into an enum";
    PROPERTY_VALUES_DROPPED = "property-values-dropped", Property, Changed, Both, Breaking,
        "the \"Possible values\" list is gone, so the enum field becomes a String";

    NAVIGATION_ADDED = "navigation-added", Navigation, Added, Both, Compatible,
        "a new Option field for the related entity";
    NAVIGATION_REMOVED = "navigation-removed", Navigation, Removed, Both, Breaking,
        "the field disappears";
    NAVIGATION_BECAME_PROPERTY = "navigation-became-property", Navigation, Changed, Both, Compatible,
        "the row moved to the Properties table; both tables make fields of the struct";
    NAVIGATION_RENAMED_CASE = "navigation-renamed-case", Navigation, Changed, Both, Breaking,
        "the wire name changes case";
    NAVIGATION_TYPE_CHANGED = "navigation-type-changed", Navigation, Changed, Both, Breaking,
        "the field's Rust type changes";
    NAVIGATION_COLLECTION_CHANGED = "navigation-collection-changed", Navigation, Changed, Both, Breaking,
        "the field changes between a value and a Vec";

    ENUM_ADDED = "enum-added", Enum, Added, Both, Compatible,
        "a new enum; nothing existing refers to it";
    ENUM_REMOVED = "enum-removed", Enum, Removed, Both, Breaking,
        "the enum and every field of its type disappear";
    ENUM_RENAMED_CASE = "enum-renamed-case", Enum, Changed, Both, Breaking,
        "the enum's documented name changes case; references to the old spelling no longer resolve";
    ENUM_FLAGS_CHANGED = "enum-flags-changed", Enum, Changed, Both, Breaking,
        "fields switch between the enum and Flags of it";
    MEMBER_ADDED = "member-added", Member, Added, Response, Flagged,
        "the value deserialised into Unrecognized before and gets its own variant now";
    MEMBER_REMOVED = "member-removed", Member, Removed, Both, Breaking,
        "the variant disappears; code naming it stops compiling";
    MEMBER_RENAMED_CASE = "member-renamed-case", Member, Changed, Both, Breaking,
        "the wire value changes case; the old variant no longer matches what the service sends";
    MEMBER_VALUE_CHANGED = "member-value-changed", Member, Changed, Both, Flagged,
        "members travel by name, but a flags value or stored number changes meaning";
    MEMBER_DEPRECATED = "member-deprecated", Member, Changed, Both, Flagged,
        "the docs now mark the member deprecated: it still works, and code using it gets a warning";

    OPERATION_ADDED = "operation-added", Operation, Added, Both, Compatible,
        "a new operation";
    OPERATION_REMOVED = "operation-removed", Operation, Removed, Both, Breaking,
        "the operation is gone from the docs";
    OPERATION_RENAMED = "operation-renamed", Operation, Changed, Both, Flagged,
        "the page moved (new id) but documents the same method on the same paths";
    OPERATION_METHOD_CHANGED = "operation-method-changed", Operation, Changed, Request, Breaking,
        "requests must use another HTTP method";
    OPERATION_PATH_ADDED = "operation-path-added", Operation, Changed, Request, Compatible,
        "the operation can be reached one more way";
    OPERATION_PATH_REMOVED = "operation-path-removed", Operation, Changed, Request, Breaking,
        "requests on that path are no longer documented";
    OPERATION_REQUEST_BODY_CHANGED = "operation-request-body-changed", Operation, Changed, Request, Breaking,
        "the type sent in the body changes";
    OPERATION_RESPONSE_CHANGED = "operation-response-changed", Operation, Changed, Response, Breaking,
        "the type (or collection) the response parses into changes";
    OPERATION_STATUS_CHANGED = "operation-status-changed", Operation, Changed, Response, Flagged,
        "the documented success status changes; code that tests for the old one should look";

    PARAMETER_ADDED = "parameter-added", Parameter, Added, Request, Compatible,
        "a new optional parameter, query option or body property";
    PARAMETER_ADDED_REQUIRED = "parameter-added-required", Parameter, Added, Request, Breaking,
        "requests without the new required parameter (or function argument) are rejected";
    PARAMETER_REMOVED = "parameter-removed", Parameter, Removed, Request, Breaking,
        "code setting the parameter stops compiling or sends what the service rejects";
    PARAMETER_RENAMED_CASE = "parameter-renamed-case", Parameter, Changed, Request, Breaking,
        "the name sent on the wire changes case";
    PARAMETER_TYPE_CHANGED = "parameter-type-changed", Parameter, Changed, Request, Breaking,
        "the value's Rust type changes";
    PARAMETER_MADE_REQUIRED = "parameter-made-required", Parameter, Changed, Request, Breaking,
        "requests without the parameter are rejected";
    PARAMETER_MADE_OPTIONAL = "parameter-made-optional", Parameter, Changed, Request, Compatible,
        "requests may now leave the parameter out";

    PERMISSION_ADDED = "permission-added", Permission, Added, Request, Compatible,
        "one more permission is enough to call the operation";
    PERMISSION_REMOVED = "permission-removed", Permission, Removed, Request, Breaking,
        "apps holding only that permission are refused";
    PERMISSION_RENAMED = "permission-renamed", Permission, Changed, Request, Flagged,
        "a permission was removed and a near-identical one added (a plural s, a spelling fix): most likely the same permission, worth a look";

    DESCRIPTION_CHANGED = "description-changed", Type, Changed, Both, Compatible,
        "only text changed (descriptions, titles); doc comments follow. Counted always, listed with --descriptions";

    API_FUNCTION_ADDED = "api-function-added", Api, Added, Request, Compatible,
        "a new endpoint function";
    API_FUNCTION_REMOVED = "api-function-removed", Api, Removed, Request, Breaking,
        "code calling the function stops compiling";
    API_FUNCTION_CHANGED = "api-function-changed", Api, Changed, Request, Breaking,
        "the function's parameter or return types change, so calls stop compiling or read another type";
    API_ITEM_ADDED = "api-item-added", Api, Added, Both, Compatible,
        "a new struct, enum or alias";
    API_ITEM_REMOVED = "api-item-removed", Api, Removed, Both, Breaking,
        "code naming the struct, enum or alias stops compiling";
    API_ITEM_KIND_CHANGED = "api-item-kind-changed", Api, Changed, Both, Breaking,
        "the item changes between struct, enum, alias and function";
    API_FIELD_ADDED = "api-field-added", Api, Added, Both, Compatible,
        "a new Option field on a non_exhaustive struct";
    API_FIELD_REMOVED = "api-field-removed", Api, Removed, Both, Breaking,
        "code reading or setting the field stops compiling";
    API_FIELD_RETYPED = "api-field-retyped", Api, Changed, Both, Breaking,
        "the field's Rust type changes";
    API_VARIANT_ADDED = "api-variant-added", Api, Added, Response, Flagged,
        "values that landed in the catch-all or base variant get a variant of their own";
    API_VARIANT_REMOVED = "api-variant-removed", Api, Removed, Both, Breaking,
        "code naming the variant stops compiling";
    API_VARIANT_RETYPED = "api-variant-retyped", Api, Changed, Both, Breaking,
        "the variant's payload type changes";
}

/// The rules as the README's markdown table (a test keeps the README equal to it).
pub fn markdown_table() -> String {
    let mut table = String::from("| Rule | Entity | Change | Side | Impact | Why |\n|:---|:---|:---|:---|:---|:---|\n");
    for rule in RULES {
        table.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            rule.id,
            rule.entity.as_str(),
            rule.change.as_str(),
            rule.side.as_str(),
            rule.impact.as_str(),
            rule.reason.replace('|', "\\|")
        ));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_kebab_case_and_start_with_their_entity() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.id), "{} listed twice", rule.id);
            assert!(rule.id.chars().all(|symbol| symbol.is_ascii_lowercase() || symbol == '-'), "{}", rule.id);
            if rule.id != DESCRIPTION_CHANGED.id {
                assert!(rule.id.starts_with(rule.entity.as_str()), "{} is about {:?}", rule.id, rule.entity);
            }
        }
    }

    #[test]
    fn removals_are_breaking_and_additions_are_not_unless_required() {
        for rule in RULES {
            match rule.change {
                ChangeKind::Removed => assert_eq!(rule.impact, Impact::Breaking, "{}", rule.id),
                ChangeKind::Added => {
                    let required = rule.id.ends_with("-required");
                    assert_eq!(rule.impact == Impact::Breaking, required, "{}", rule.id);
                }
                ChangeKind::Changed => {}
            }
        }
    }
}
