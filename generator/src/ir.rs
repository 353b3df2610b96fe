//! The intermediate representation: every fact the docs state about types, enums and operations.
//!
//! These are plain data types shared by `extract` (which fills them per page, names unresolved),
//! `link` (which resolves names and merges pages) and every later stage. Their JSON form is the
//! IR contract, version 1: field names and order here are the contract's. Names keep the docs'
//! spelling; Rust identifiers are computed later, in code generation.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::diag::Diagnostic;

/// Version of the JSON contract this module produces.
pub const IR_VERSION: u32 = 1;

/// The whole IR of one docs root.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ir {
    /// Always [`IR_VERSION`].
    pub ir_version: u32,
    /// How many pages of each kind were read.
    pub pages: PageCounts,
    /// Entity and complex types, sorted by qualified name.
    pub types: Vec<Type>,
    /// Enumerations, sorted by qualified name.
    pub enums: Vec<Enum>,
    /// Operations from API pages, sorted by id.
    pub operations: Vec<Operation>,
    /// PowerShell cmdlets from PlatyPS pages, sorted by name, then page.
    #[serde(default)]
    pub cmdlets: Vec<Cmdlet>,
    /// Every problem found, sorted by file, line and code. Not read back: an IR read from JSON
    /// (a generated crate's record of what it was generated from) has none.
    #[serde(skip_deserializing)]
    pub diagnostics: Vec<Diagnostic>,
}

/// A reference to a type: `Edm.String`, a qualified name, or the raw text of a cell that names
/// no type. Serialised as that one string.
///
/// `extract` fills `unresolved` with what the docs wrote; `link` resolves it to a qualified name
/// and clears it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TypeRef {
    /// The resolved name (before linking: the best spelling known).
    pub name: String,
    /// What still needs resolving.
    pub unresolved: Option<Unresolved>,
}

/// A type name as the docs wrote it, waiting for the link stage.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unresolved {
    /// Simple (`identitySet`) or qualified (`microsoft.graph.callRecords.session`) name.
    pub name: String,
    /// Namespace of the page that wrote it.
    pub page_namespace: String,
    /// The page a link points to, relative to the root (`resources/identityset.md`).
    pub target: Option<String>,
    /// Where it was written.
    pub source: Source,
}

impl TypeRef {
    /// A resolved name (`Edm.String`, `microsoft.graph.user`).
    pub fn resolved(name: impl Into<String>) -> TypeRef {
        TypeRef { name: name.into(), unresolved: None }
    }

    /// Whether this is an `Edm.` primitive.
    pub fn is_primitive(&self) -> bool {
        self.unresolved.is_none() && self.name.starts_with("Edm.")
    }
}

impl Serialize for TypeRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name)
    }
}

/// Read back as a resolved name: only linked IRs are serialised.
impl<'de> Deserialize<'de> for TypeRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<TypeRef, D::Error> {
        String::deserialize(deserializer).map(TypeRef::resolved)
    }
}

/// Pages per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageCounts {
    /// All pages found.
    pub total: usize,
    /// Pages that define entity or complex types.
    pub resource: usize,
    /// Pages that define only enums.
    #[serde(rename = "enum")]
    pub enum_: usize,
    /// Pages that document an operation.
    pub api: usize,
    /// PowerShell cmdlet pages.
    pub cmdlet: usize,
    /// Conceptual and overview pages.
    pub other: usize,
    /// Pages that could not be read at all.
    pub failed: usize,
}

/// Where a fact was stated.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Source {
    /// Page path relative to the docs root, shared by every fact of the page.
    pub file: std::sync::Arc<str>,
    /// 1-based line.
    pub line: u32,
}

/// Whether a type has a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TypeKind {
    /// Has a key (`id`); addressable.
    Entity,
    /// A value type without a key.
    Complex,
}

/// An entity or complex type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Type {
    /// The docs' spelling (`cloudPcDeviceImage`).
    pub name: String,
    /// `microsoft.graph` or a sub-namespace.
    pub namespace: String,
    /// Entity or complex.
    pub kind: TypeKind,
    /// Qualified base type, or `None`.
    pub base: Option<TypeRef>,
    /// Stated abstract.
    #[serde(rename = "abstract")]
    pub abstract_: bool,
    /// Open type (takes properties the docs don't list).
    pub open: bool,
    /// Key property of an entity.
    pub key: Option<String>,
    /// The page's description of the type.
    pub description: String,
    /// Structural properties, in table order.
    pub properties: Vec<Property>,
    /// Navigation properties (Relationships table), in table order.
    pub navigation: Vec<Navigation>,
    /// Rows of the Methods table.
    pub methods: Vec<Method>,
    /// Keys of the JSON representation, in order, when the page has one.
    pub json_keys: Option<Vec<String>>,
    /// Where the type is defined (its first page).
    pub source: Source,
    /// Other pages that document the same type.
    pub also_defined_in: Vec<Source>,
    /// Where the kind was read from when no table or annotation of the type's own page states
    /// it: `path` (a documented path addresses it by key), `navigation` (a Relationships table
    /// points at it, and relationships point at entities) or `derived` (an entity derives from
    /// it, and only entities derive from entities).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind_from: Option<String>,
    /// Where the base was read from when the type's own page does not state it: `derived-list`
    /// (the base type's page names it among its derived types).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_from: Option<String>,
    /// Types the page names as derived from this one (`This is a base type for [a], [b]`,
    /// a "Derived types" section).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived: Vec<TypeRef>,
}

impl Type {
    /// `namespace.name`.
    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }
}

/// A structural property (or a request-body property).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Property {
    /// Wire name.
    pub name: String,
    /// `Edm.X` or a qualified name; the raw cell text when it names no type (with a diagnostic).
    #[serde(rename = "type")]
    pub type_: TypeRef,
    /// A collection of `type_`.
    pub collection: bool,
    /// `Some` when the docs say whether it is nullable.
    pub nullable: Option<bool>,
    /// `Some` when the docs say whether it is read-only.
    pub read_only: Option<bool>,
    /// The description cell, as text.
    pub description: String,
    /// Members of a "Possible values are" list in the description.
    pub inline_enum: Vec<String>,
    /// `Some(true)` for "Required", `Some(false)` for "Optional".
    pub required: Option<bool>,
    /// The ancestor named by "Inherited from `[x]`".
    pub inherited_from: Option<TypeRef>,
    /// The name cell says `(deprecated)`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// Where the fact comes from when no table states it: `json` for a property only the JSON
    /// representation of a page without a property table shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Where the row is (for a property read from JSON, the key's line).
    pub source: Source,
}

impl Property {
    /// A property of `type_` that the docs say nothing more about: no flags, no description.
    pub fn bare(name: &str, type_: TypeRef, collection: bool, source: Source) -> Property {
        Property {
            name: name.to_owned(),
            type_,
            collection,
            nullable: None,
            read_only: None,
            description: String::new(),
            inline_enum: Vec::new(),
            required: None,
            inherited_from: None,
            deprecated: false,
            from: None,
            source,
        }
    }
}

/// A navigation property.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Navigation {
    /// Wire name.
    pub name: String,
    /// Qualified target type.
    #[serde(rename = "type")]
    pub type_: TypeRef,
    /// A collection of targets.
    pub collection: bool,
    /// The description cell.
    pub description: String,
    /// Where the fact comes from when no Relationships table states it: `path` for a navigation
    /// only an API page's HTTP path names, `properties-table` for a Properties-table row typed
    /// with an entity the docs read by GET.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Where the row is (for an inferred navigation, the request line).
    pub source: Source,
}

/// A row of a resource page's Methods table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Method {
    /// The link text (`Get cloudPcDeviceImage`).
    pub name: String,
    /// Operation id of the linked API page (its file stem), when linked.
    pub operation: Option<String>,
    /// Return type, resolved like a Type cell; `None` for "None" or an empty cell.
    pub returns: Option<TypeRef>,
    /// The return is a collection.
    pub collection: bool,
    /// Where the row is.
    pub source: Source,
}

/// An enumeration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enum {
    /// The docs' spelling.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// A flags enum (values combine).
    pub flags: bool,
    /// Members in table order.
    pub members: Vec<Member>,
    /// Where it is defined (first page).
    pub source: Source,
    /// Other pages that define it too.
    pub also_defined_in: Vec<Source>,
}

impl Enum {
    /// `namespace.name`.
    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }
}

/// An enum member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// Wire name.
    pub name: String,
    /// Integer value, when the table has one.
    pub value: Option<i64>,
    /// Description cell.
    pub description: String,
    /// The member cell says `(deprecated)`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// Where the member comes from when the enum's table does not list it: `possible-values` for
    /// a member only a property's "Possible values" list names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

/// Whether a flag is unset, so the IR leaves it out.
fn is_false(flag: &bool) -> bool {
    !flag
}

/// An operation documented by one API page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// The page's file stem (`cloudpcdeviceimage-update`).
    pub id: String,
    /// The H1 title.
    pub title: String,
    /// HTTP method of the first request line.
    pub method: String,
    /// Every path, without query strings, in block order, duplicates removed.
    pub paths: Vec<String>,
    /// Placeholders in path segments, in order of first appearance.
    pub path_params: Vec<String>,
    /// Every request line as written, repaired: method, path, query string.
    pub requests: Vec<RequestLine>,
    /// Function parameters (`f(name='{value}')` and the Function parameters table).
    pub function_params: Vec<Parameter>,
    /// Optional query parameters the page names (`$select`, custom ones).
    pub query_params: Vec<Parameter>,
    /// Request headers.
    pub request_headers: Vec<Header>,
    /// The request body; `None` when the page says not to send one or says nothing.
    pub request_body: Option<RequestBody>,
    /// The documented success response.
    pub response: Response,
    /// Permissions by kind.
    pub permissions: Permissions,
    /// Request/response example pairs.
    pub examples: Vec<Example>,
    /// The page.
    pub source: Source,
}

/// One line of an HTTP request block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestLine {
    /// Upper-case method.
    pub method: String,
    /// Path with a leading `/`, no query string.
    pub path: String,
    /// Query string after `?`, if any.
    pub query: Option<String>,
    /// Where it is.
    pub source: Source,
}

/// A parameter of an operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    /// Name as written (`$select`, `period`).
    pub name: String,
    /// Type, when a table gives one.
    #[serde(rename = "type")]
    pub type_: Option<TypeRef>,
    /// A collection of `type_`.
    pub collection: bool,
    /// `Some(true)` when the docs say Required.
    pub required: Option<bool>,
    /// Description cell.
    pub description: String,
    /// Where it is stated.
    pub source: Source,
}

/// A request header row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Header name as written.
    pub name: String,
    /// Value or description cell.
    pub description: String,
    /// The row says Required.
    pub required: bool,
}

/// What a request sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestBody {
    /// The type whose JSON representation is sent, when the page names one.
    #[serde(rename = "type")]
    pub type_: Option<TypeRef>,
    /// Rows of the Request body table (properties or action parameters).
    pub properties: Vec<Property>,
}

/// The documented success response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// The first status code the Response section names.
    pub status: Option<u16>,
    /// The returned type, qualified; `None` when nothing is returned or it is not said.
    #[serde(rename = "type")]
    pub type_: Option<TypeRef>,
    /// A collection of `type_`.
    pub collection: bool,
    /// The type the Response section's text links, when the response example's annotation (which
    /// gives `type_`) names another: `docgen lint` reports it unless one derives from the other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_type: Option<TypeRef>,
}

/// Permissions by account kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permissions {
    /// Delegated (work or school account).
    pub delegated_work: Vec<String>,
    /// Delegated (personal Microsoft account).
    pub delegated_personal: Vec<String>,
    /// Application.
    pub application: Vec<String>,
    /// The permissions a table names least privileged (today's three-column tables), of every
    /// kind; empty when the page does not say.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub least_privileged: Vec<String>,
}

/// One documented example: a request and the response that follows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// The annotation's `name`, when annotated.
    pub name: Option<String>,
    /// The request.
    pub request: Option<HttpMessage>,
    /// The response.
    pub response: Option<HttpMessage>,
}

/// A request or response of an example.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HttpMessage {
    /// The annotation before the block, as JSON.
    pub annotation: Option<serde_json::Value>,
    /// Method of a request.
    pub method: Option<String>,
    /// URL of a request as written.
    pub url: Option<String>,
    /// Status of a response.
    pub status: Option<u16>,
    /// Headers, in order.
    pub headers: Vec<(String, String)>,
    /// The JSON body, read leniently; `None` when there is none or it is not JSON.
    pub body: Option<serde_json::Value>,
    /// Where the code block is.
    pub source: Source,
}

/// A PowerShell cmdlet documented by a PlatyPS page (either PlatyPS format).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cmdlet {
    /// `Update-MgDeviceManagementVirtualEndpointDeviceImage`.
    pub name: String,
    /// `Update`.
    pub verb: String,
    /// `MgDeviceManagementVirtualEndpointDeviceImage`.
    pub noun: String,
    /// The front matter's `Module Name`.
    pub module: Option<String>,
    /// The PlatyPS schema: `2024-05-01`, or `2.0.0` for the older format.
    pub schema: String,
    /// The cmdlet's own help page (`HelpUri`, or `online version` in the older format).
    pub help_uri: Option<String>,
    /// The SYNOPSIS text.
    pub synopsis: String,
    /// File stems of the Graph REST API pages the cmdlet calls (`cloudpcdeviceimage-get`), from
    /// its `learn.microsoft.com/graph/api/<page>` links, in page order: a `Get-` cmdlet links the
    /// get and the list page. Empty for cmdlets generated from a navigation property.
    pub rest_pages: Vec<String>,
    /// The set marked ` (Default)` in SYNTAX.
    pub default_parameter_set: Option<String>,
    /// Parameter sets in SYNTAX order.
    pub parameter_sets: Vec<ParameterSet>,
    /// Parameters in page order, `CommonParameters` left out.
    pub parameters: Vec<CmdletParameter>,
    /// The `-BodyParameter` hash table described in NOTES (`BODYPARAMETER <IMicrosoftGraphX>`).
    pub body: Option<ComplexParameter>,
    /// The other complex parameters described in NOTES (`INPUTOBJECT`, ...).
    pub complex_parameters: Vec<ComplexParameter>,
    /// .NET types listed under INPUTS.
    pub inputs: Vec<String>,
    /// .NET types listed under OUTPUTS.
    pub outputs: Vec<String>,
    /// The page.
    pub source: Source,
}

/// A parameter set of a cmdlet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterSet {
    /// `UpdateExpanded`; `__AllParameterSets` for a cmdlet with one unnamed set.
    pub name: String,
    /// Marked ` (Default)`.
    pub default: bool,
    /// Its parameters, syntax order first, then those only the PARAMETERS section puts in it.
    pub parameters: Vec<SetParameter>,
    /// The SYNTAX heading or block.
    pub source: Source,
}

/// A parameter's place in one set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetParameter {
    /// Parameter name without the dash.
    pub name: String,
    /// Mandatory in this set: written without brackets in the set's syntax.
    pub required: bool,
}

/// One `### -Name` parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CmdletParameter {
    /// Name without the dash (`CloudPcDeviceImageId`).
    pub name: String,
    /// The .NET type as written (`System.String`, or `String` in the older format).
    #[serde(rename = "type")]
    pub type_: String,
    /// Aliases (`cf` for `-Confirm`).
    pub aliases: Vec<String>,
    /// Which pipeline input the parameter accepts, in any set.
    pub pipeline_input: PipelineInput,
    /// The description lines, joined by newlines.
    pub description: String,
    /// The `### -Name` heading.
    pub source: Source,
}

/// Pipeline binding of a parameter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineInput {
    /// Binds the piped object itself.
    pub by_value: bool,
    /// Binds a property of the piped object with the parameter's name.
    pub by_property_name: bool,
}

/// A complex (hash table) parameter described in NOTES.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplexParameter {
    /// The upper-case NOTES name (`BODYPARAMETER`).
    pub name: String,
    /// The parameter it describes (`BodyParameter`), when the page has it.
    pub parameter: Option<String>,
    /// The interface type (`IMicrosoftGraphCloudPcDeviceImage`).
    #[serde(rename = "type")]
    pub type_: String,
    /// The Graph type named by the description (`cloudPcDeviceImage`), when it names one.
    pub graph_type: Option<String>,
    /// The description after the colon.
    pub description: String,
    /// The listed properties, `(Any)` left out.
    pub properties: Vec<NoteProperty>,
    /// The NOTES line that opens the block.
    pub source: Source,
}

/// A property of a complex parameter (`[ExpirationDate <DateTime?>]: ...`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteProperty {
    /// PascalCase name as written (`ExpirationDate`).
    pub name: String,
    /// The type without `?` and `[]` (`DateTime`, `IMicrosoftGraphX`).
    #[serde(rename = "type")]
    pub type_: String,
    /// Written with `?`.
    pub nullable: bool,
    /// Written with `[]`.
    pub collection: bool,
    /// The description, continuation lines joined by newlines.
    pub description: String,
    /// Nested properties of a complex property (deeper indentation).
    pub properties: Vec<NoteProperty>,
    /// The item's line.
    pub source: Source,
}
