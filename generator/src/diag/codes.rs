//! Every diagnostic code, once, with its severity and a one-line meaning.
//!
//! Codes are `area.problem` in kebab case and are never reused or renamed. The integration tests
//! check that every code here has a fixture that raises it.

use super::Severity;

/// One registered code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// `area.problem`.
    pub code: &'static str,
    /// The severity every diagnostic with this code carries.
    pub severity: Severity,
    /// What it means, in one line.
    pub meaning: &'static str,
    /// What a doc writer does about it, in a sentence or two (`docgen explain`).
    pub fix: &'static str,
}

macro_rules! codes {
    ($($konst:ident = $code:literal, $severity:ident, $meaning:literal, $fix:literal;)*) => {
        $(
            #[doc = $meaning]
            pub const $konst: &str = $code;
        )*
        /// All registered codes, sorted by code.
        pub const ALL: &[Code] = &[$(Code { code: $code, severity: Severity::$severity, meaning: $meaning, fix: $fix },)*];
    };
}

codes! {
    ANNOTATION_DETACHED = "annotation.detached", Warning, "a code-block annotation is followed by no code block in its section",
        "Put the code block the annotation describes right after it, in the same section, or delete the annotation.";
    ANNOTATION_INVALID = "annotation.invalid", Warning, "an annotation comment is not JSON, even read leniently",
        "Make the comment's content a JSON object: double-quoted keys and strings, commas between members, no trailing comma.";
    ANNOTATION_LENIENT = "annotation.lenient", Info, "an annotation comment is not strict JSON but was read leniently",
        "Nothing is lost; to make it strict JSON, quote the keys with double quotes and drop trailing commas.";
    API_BAD_REQUEST_LINE = "api.bad-request-line", Warning, "a line of the HTTP request block is not `METHOD /path`",
        "Write each line of the HTTP request block as `METHOD /path`, for example `GET /users/{id}`; move prose out of the block.";
    API_EXAMPLE_JSON = "api.example-json", Warning, "an example body looks like JSON but cannot be read, even leniently",
        "Fix the example body so it parses as JSON (quotes, commas, brackets), or mark the block as another language.";
    API_MISHEADED_TABLE = "api.misheaded-table", Info, "a Request body table heads its type column `Value`; the column is read as the type",
        "Head the request body table `| Parameter | Type | Description |`.";
    API_NO_PERMISSIONS = "api.no-permissions", Warning, "an API page has no permissions table",
        "Add a Permissions section with the permissions table (or its include) for delegated and application access.";
    API_NO_REQUEST = "api.no-request", Error, "an API page has no HTTP request block with a path",
        "Add an HTTP request section with a fenced block holding `METHOD /path` lines; without it the page has no endpoint.";
    API_NO_STATUS = "api.no-status", Warning, "the Response section names no HTTP status code",
        "Say which status code the call returns in the Response section (`If successful, this method returns a 200 OK response code ...`).";
    API_PERMISSION_LABEL = "api.permission-label", Warning, "a permissions row has a label that is not a known permission type",
        "Use one of the permission types the docs use in the first column: Delegated (work or school account), Delegated (personal Microsoft account), Application.";
    API_REQUEST_LINE_REPAIRED = "api.request-line-repaired", Info, "a request line was written oddly (full URL, no leading slash, no space) and was repaired",
        "Write the request line as `METHOD /path`: no host, a leading slash, one space after the method.";
    API_RESPONSE_TYPE_CONFLICT = "api.response-type-conflict", Warning, "the Response section and the response example's annotation name different types, neither derived from the other",
        "Make the Response section's linked type and the response example's `@odata.type` annotation name the same type (or a type derived from it).";
    CMDLET_BAD_NAME = "cmdlet.bad-name", Warning, "a cmdlet page's title is not `<Verb>-<Noun>`",
        "Title the cmdlet page `Verb-Noun`, as PowerShell names cmdlets.";
    CMDLET_BAD_NOTES_ITEM = "cmdlet.bad-notes-item", Warning, "an indented NOTES line is not a `[Name <Type>]: description` item",
        "Write each NOTES item as `[Name <Type>]: description` on its own line.";
    CMDLET_EXTRA_PROPERTY = "cmdlet.extra-property", Warning, "lint: a cmdlet's body parameter lists properties the REST type or action does not document",
        "Remove the properties the REST type does not have from the cmdlet's body parameter, or document them on the REST page.";
    CMDLET_MISSING_PROPERTY = "cmdlet.missing-property", Warning, "lint: the REST type or action documents properties a cmdlet's body parameter lacks",
        "Add the missing properties to the cmdlet's body parameter, or regenerate the cmdlet page from the current REST docs.";
    CMDLET_NO_PARAMETER_YAML = "cmdlet.no-parameter-yaml", Warning, "a `### -Name` parameter has no YAML block",
        "Add the ```yaml block (Type, Parameter Sets, Required, ...) under the parameter's heading.";
    CMDLET_PARAMETER_YAML = "cmdlet.parameter-yaml", Warning, "a parameter's YAML block is not valid YAML and was read line by line",
        "Fix the parameter's YAML block: one `Key: value` per line, values with `:` quoted.";
    CMDLET_PATH_MISMATCH = "cmdlet.path-mismatch", Warning, "lint: a cmdlet's noun spells none of the paths of the operation it links",
        "Make the cmdlet's noun follow the path of the REST operation it links, or link the operation it really calls.";
    CMDLET_REST_PAGE_MISSING = "cmdlet.rest-page-missing", Warning, "lint: a cmdlet links a Graph API page the docs do not have",
        "Fix the cmdlet's link to the Graph API page, or add the missing API page.";
    CMDLET_SYNTAX_MISMATCH = "cmdlet.syntax-mismatch", Warning, "SYNTAX and a parameter's YAML disagree on the parameter sets it is in or requires it in",
        "Make SYNTAX and the parameter's YAML list the same parameter sets, and agree on where it is required.";
    CMDLET_TYPE_MISMATCH = "cmdlet.type-mismatch", Warning, "lint: a cmdlet body property's .NET type cannot carry the REST property's type",
        "Give the cmdlet property a .NET type that carries the REST property's type (for example `System.String` for Edm.String, `System.DateTime` for Edm.DateTimeOffset).";
    CMDLET_UNKNOWN_REST_TYPE = "cmdlet.unknown-rest-type", Warning, "lint: a cmdlet's body parameter names a Graph type no resource page defines",
        "Name a Graph type a resource page defines, or add the resource page.";
    COMMENT_UNCLOSED = "comment.unclosed", Warning, "an HTML comment is never closed and hides the rest of the page",
        "Close the HTML comment with `-->`; until then everything after it is hidden from readers and from docgen.";
    EMIT_ENDPOINT_CONFLICT = "emit.endpoint-conflict", Warning, "two pages document the same method and path with different responses; the endpoint follows one of them",
        "Document the method and path on one page, or make the pages agree on the response type.";
    EMIT_UNDEFINED_TYPE = "emit.undefined-type", Warning, "a type no page defines is emitted as a raw JSON value alias",
        "Add a resource page for the type, or correct the Type cell that names it; until then the field holds raw JSON.";
    ENUM_BAD_MEMBER = "enum.bad-member", Warning, "a member cell is not an identifier",
        "Write the member cell as the member's name alone (letters, digits, underscores), with prose in the Description column.";
    ENUM_BAD_VALUE = "enum.bad-value", Warning, "a member's Value cell is not an integer",
        "Write the Value cell as an integer, or leave the column out.";
    ENUM_DUPLICATE_MEMBER = "enum.duplicate-member", Warning, "an enum lists the same member twice",
        "List each member once.";
    ENUM_EMPTY = "enum.empty", Warning, "a member table has no rows",
        "Add the members to the table, or remove the empty table.";
    ENUM_INLINE_MISMATCH = "enum.inline-mismatch", Warning, "lint: a \"Possible values are\" list and the enum table of the same type have different members",
        "Make the property's \"Possible values are\" list and the enum's table list the same members.";
    EXAMPLE_TEST_UNTESTABLE = "example-test.untestable", Warning, "generate --example-tests: an example cannot become a test (its URL fits no documented path, its method differs from the page's, or it leaves out a value the function needs)",
        "Make the example's URL match a documented path and its method the page's method, and give every value the path needs.";
    EXAMPLE_PATH_MISMATCH = "example.path-mismatch", Warning, "lint: an example request's path matches none of the operation's documented paths",
        "Make the example request's path one of the paths in the HTTP request section (or add the path there).";
    EXAMPLE_UNKNOWN_PROPERTY = "example.unknown-property", Warning, "lint: an example body has a property its type or the request body table does not have",
        "Remove the property from the example, or add it to the type's Properties table or the request body table.";
    EXAMPLE_VALUE_SHAPE = "example.value-shape", Warning, "lint: an example value's JSON shape contradicts the declared type",
        "Give the example value the declared shape: an array for a collection, a string for a string type, an object for a complex type.";
    FENCE_UNCLOSED = "fence.unclosed", Warning, "a code fence is never closed and swallows the rest of the page",
        "Close the code block with a fence of the same kind (```) before the next section.";
    FRONT_MATTER_MISSING = "front-matter.missing", Info, "the page has no front matter block",
        "Start the page with a `---` front matter block (title, description, ms.localizationpriority, doc_type, ...).";
    FRONT_MATTER_UNCLOSED = "front-matter.unclosed", Warning, "the front matter block is never closed",
        "Close the front matter block with a `---` line.";
    FRONT_MATTER_YAML = "front-matter.yaml", Warning, "the front matter is not valid YAML and was read line by line",
        "Fix the front matter's YAML: one `key: value` per line, values holding `:` quoted.";
    INCLUDE_CYCLE = "include.cycle", Warning, "an include file includes itself, directly or through others",
        "Remove the include that leads back to a file already being included.";
    INCLUDE_MISSING = "include.missing", Warning, "a permissions include names a file the docs root does not hold",
        "Fix the include's path (relative to the page), or add the include file.";
    LINK_BASE_CYCLE = "link.base-cycle", Error, "base types form a cycle",
        "Fix the base types so no type derives from itself, directly or through others.";
    LINK_BASE_ENTITY = "link.base-entity", Info, "a type the tables make complex is the base of an entity, so it is an entity",
        "Mark the type as an entity (`\"keyProperty\": \"id\"` in the resource annotation): only entities derive from entities.";
    LINK_CONFLICTING_PROPERTY = "link.conflicting-property", Warning, "a type documented on several pages gives one property different types",
        "Give the property one type on every page that documents the type.";
    LINK_DERIVED_BASE = "link.derived-base", Info, "a type's page states no base, but the base's page lists it among its derived types",
        "Add \"Inherits from [base](base.md)\" to the type's introduction, or its baseType to the resource annotation.";
    LINK_DUPLICATE_ENUM = "link.duplicate-enum", Info, "an enum is defined on several pages; the definitions were merged",
        "Nothing is lost; keep one definition of the enum to make the docs easier to maintain.";
    LINK_DUPLICATE_OPERATION = "link.duplicate-operation", Warning, "two API pages have the same operation id",
        "Give the two API pages different file names (the operation id is the file stem).";
    LINK_DUPLICATE_PROPERTY = "link.duplicate-property", Warning, "a type lists the same property twice",
        "List the property once; the diagnostic says where it was first listed.";
    LINK_DUPLICATE_TYPE = "link.duplicate-type", Info, "a type is documented on several pages; the definitions were merged",
        "Nothing is lost; document the type on one page to keep the definitions from drifting apart.";
    LINK_ENUM_CONFLICT = "link.enum-conflict", Warning, "an enum defined on several pages has different members",
        "Make every page that defines the enum list the same members.";
    LINK_MEMBER_FROM_VALUES = "link.member-from-values", Info, "a property's \"Possible values\" list names a member its enum's table lacks, so the member was added",
        "Add a row for the member to the enum's table, as the property's description lists it.";
    LINK_MISSING_PAGE = "link.missing-page", Warning, "lint: a table links to a page that does not exist",
        "Fix the link's target, or add the page it points to.";
    LINK_NAVIGATION_ENTITY = "link.navigation-entity", Info, "a type a Relationships table points at states no key or base, so it is an entity",
        "Add \"keyProperty\": \"id\" to the type's resource annotation (or its base type), as the relationship implies.";
    LINK_PATH_ENTITY = "link.path-entity", Info, "a type the tables make complex is addressed by key in an HTTP path, so it is an entity",
        "Mark the type as an entity (`\"keyProperty\": \"id\"` in the resource annotation) if it is addressed by key, as the path says.";
    LINK_PATH_NAVIGATION = "link.path-navigation", Info, "an HTTP path names a navigation the type's Relationships table does not list",
        "Add the navigation to the type's Relationships table, as the HTTP path uses it.";
    LINK_ROW_IS_NAVIGATION = "link.row-is-navigation", Info, "a Properties-table row is typed with an entity the docs read by GET, so it is a relationship",
        "Move the row to the Relationships table (relationships point at entities; properties hold values).";
    LINK_UNRESOLVED_TYPE = "link.unresolved-type", Warning, "a type reference names no type or enum defined in the docs",
        "Fix the type's name (spelling, namespace), or add a resource or enum page that defines it.";
    NAMESPACE_BAD = "namespace.bad", Warning, "the Namespace line holds a malformed namespace",
        "Write the Namespace line as `Namespace: microsoft.graph` (dotted identifiers).";
    NAMESPACE_CONFLICT = "namespace.conflict", Warning, "the Namespace line disagrees with the annotation's @odata.type",
        "Make the Namespace line and the annotation's @odata.type name the same namespace.";
    NAMESPACE_MISSING = "namespace.missing", Info, "a page defining types has no Namespace line; the namespace came from elsewhere",
        "Add a `Namespace: microsoft.graph...` line under the title.";
    PAGE_EMPTY_SECTION = "page.empty-section", Warning, "lint: a section the page kind requires is empty",
        "Fill in the section (the page kind requires it), or remove its heading.";
    PAGE_INTERNAL_ERROR = "page.internal-error", Error, "docgen failed on the page (a bug in docgen) and skipped it",
        "This is a bug in docgen, not in the page: report it with the page attached. The run went on without the page.";
    PAGE_NO_TITLE = "page.no-title", Warning, "the page has no H1 title",
        "Start the page (after the front matter) with a `# Title` heading.";
    PAGE_PLACEHOLDER = "page.placeholder", Warning, "lint: template placeholder text (`**TODO: ...**`, `{{ Fill in ... }}`) is left in the page",
        "Replace the template's placeholder text with the real content.";
    PAGE_SKIPPED = "page.skipped", Warning, "a symbolic link, FIFO, socket or device named like a page was not read",
        "Replace the link or special file with a regular file if it should be read.";
    PAGE_UNREADABLE = "page.unreadable", Error, "a page could not be read as UTF-8 text, or a folder of pages could not be listed",
        "Save the page as UTF-8 text, and check the folder's permissions.";
    RESOURCE_BASE_CONFLICT = "resource.base-conflict", Warning, "the page states two different base types for a type (\"Inherits from\" and the annotation's baseType)",
        "Make the \"Inherits from\" line and the annotation's baseType name the same type.";
    RESOURCE_JSON_CASE = "resource.json-case", Warning, "lint: a JSON representation key differs from its property only in case",
        "Spell the JSON representation key exactly as the property is named in the table.";
    RESOURCE_JSON_EXTRA = "resource.json-extra", Warning, "lint: a JSON representation key is neither a property nor a relationship of the type",
        "Remove the key from the JSON representation, or add the property or relationship to its table.";
    RESOURCE_JSON_INVALID = "resource.json-invalid", Warning, "the JSON representation cannot be read, even leniently",
        "Fix the JSON representation so it reads as JSON (placeholder values like `\"String\"` are fine).";
    RESOURCE_JSON_MISSING = "resource.json-missing", Warning, "lint: a property of the Properties table is missing from the JSON representation",
        "Add the property to the JSON representation.";
    RESOURCE_MISHEADED_TABLE = "resource.misheaded-table", Info, "the table under Properties has a header other than `| Property | Type | Description |`; its rows are read as properties",
        "Head the properties table `| Property | Type | Description |`.";
    RESOURCE_NO_NAME = "resource.no-name", Error, "a resource page names no type (no annotation, no `X resource type` title)",
        "Add a resource annotation with `@odata.type`, or title the page `<name> resource type`.";
    RESOURCE_NO_PROPERTIES = "resource.no-properties", Warning, "a resource page has a Properties section without a property table",
        "Add the properties table under the Properties heading, or say the type has none.";
    RESOURCE_PROPERTIES_FROM_JSON = "resource.properties-from-json", Info, "a resource page has no property table; the properties its JSON representation types were read from it",
        "Add a `|Property|Type|Description|` table under `## Properties` with the properties the JSON representation shows.";
    TABLE_BAD_NAME = "table.bad-name", Warning, "a name cell does not start with an identifier",
        "Start the name cell with the property's or parameter's name; put remarks in the Description column.";
    TABLE_RECOVERED = "table.recovered", Info, "a table CommonMark would drop (short or tabbed delimiter row) was recovered",
        "Write the delimiter row with one `|---|` per header cell and no tabs.";
    TABLE_ROW_REPAIRED = "table.row-repaired", Info, "a table row split by a raw newline or a pipe was joined back",
        "Keep each table row on one line, and escape a pipe inside a cell as `\\|`.";
    TABLE_TYPE_FROM_JSON = "table.type-from-json", Info, "a Type cell names no one type (`numeric`, `[a] or [b]`); the type the JSON representation gives was used",
        "Write the type the JSON representation gives (`Decimal`, `Double`, `Int32`, the base of the types a cell offers) in the Type cell.";
    TABLE_TYPE_REMARK = "table.type-remark", Warning, "a Type cell holds a type name followed by a remark (`string (url)`); the name was used",
        "Put only the type in the Type cell (`String`); move the remark to the Description column.";
    TABLE_UNKNOWN_TYPE = "table.unknown-type", Warning, "a Type cell holds text that is not a type name",
        "Write a type name in the Type cell (`String`, `Int32`, `DateTimeOffset`, a linked resource or enum, or a collection of one).";
}

/// The severity registered for `code`; unregistered codes are errors (a bug the tests catch).
pub fn severity(code: &str) -> Severity {
    ALL.iter().find(|entry| entry.code == code).map_or(Severity::Error, |entry| entry.severity)
}

#[cfg(test)]
mod tests {
    use super::ALL;

    #[test]
    fn codes_are_sorted_unique_and_kebab_case() {
        for pair in ALL.windows(2) {
            assert!(pair[0].code < pair[1].code, "{} before {}", pair[0].code, pair[1].code);
        }
        for entry in ALL {
            let (area, problem) = entry.code.split_once('.').expect("code has an area");
            for part in [area, problem] {
                assert!(!part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", entry.code);
            }
        }
    }
}
