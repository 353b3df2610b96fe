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
}

macro_rules! codes {
    ($($konst:ident = $code:literal, $severity:ident, $meaning:literal;)*) => {
        $(
            #[doc = $meaning]
            pub const $konst: &str = $code;
        )*
        /// All registered codes, sorted by code.
        pub const ALL: &[Code] = &[$(Code { code: $code, severity: Severity::$severity, meaning: $meaning },)*];
    };
}

codes! {
    ANNOTATION_DETACHED = "annotation.detached", Warning, "a code-block annotation is followed by no code block in its section";
    ANNOTATION_INVALID = "annotation.invalid", Warning, "an annotation comment is not JSON, even read leniently";
    ANNOTATION_LENIENT = "annotation.lenient", Info, "an annotation comment is not strict JSON but was read leniently";
    API_BAD_REQUEST_LINE = "api.bad-request-line", Warning, "a line of the HTTP request block is not `METHOD /path`";
    API_EXAMPLE_JSON = "api.example-json", Warning, "an example body looks like JSON but cannot be read, even leniently";
    API_MISHEADED_TABLE = "api.misheaded-table", Info, "a Request body table heads its type column `Value`; the column is read as the type";
    API_NO_PERMISSIONS = "api.no-permissions", Warning, "an API page has no permissions table";
    API_NO_REQUEST = "api.no-request", Error, "an API page has no HTTP request block with a path";
    API_NO_STATUS = "api.no-status", Warning, "the Response section names no HTTP status code";
    API_PERMISSION_LABEL = "api.permission-label", Warning, "a permissions row has a label that is not a known permission type";
    API_REQUEST_LINE_REPAIRED = "api.request-line-repaired", Info, "a request line was written oddly (full URL, no leading slash, no space) and was repaired";
    API_RESPONSE_TYPE_CONFLICT = "api.response-type-conflict", Warning, "the Response section and the response example's annotation name different types, neither derived from the other";
    CMDLET_BAD_NAME = "cmdlet.bad-name", Warning, "a cmdlet page's title is not `<Verb>-<Noun>`";
    CMDLET_BAD_NOTES_ITEM = "cmdlet.bad-notes-item", Warning, "an indented NOTES line is not a `[Name <Type>]: description` item";
    CMDLET_EXTRA_PROPERTY = "cmdlet.extra-property", Warning, "lint: a cmdlet's body parameter lists properties the REST type or action does not document";
    CMDLET_MISSING_PROPERTY = "cmdlet.missing-property", Warning, "lint: the REST type or action documents properties a cmdlet's body parameter lacks";
    CMDLET_NO_PARAMETER_YAML = "cmdlet.no-parameter-yaml", Warning, "a `### -Name` parameter has no YAML block";
    CMDLET_PARAMETER_YAML = "cmdlet.parameter-yaml", Warning, "a parameter's YAML block is not valid YAML and was read line by line";
    CMDLET_PATH_MISMATCH = "cmdlet.path-mismatch", Warning, "lint: a cmdlet's noun spells none of the paths of the operation it links";
    CMDLET_REST_PAGE_MISSING = "cmdlet.rest-page-missing", Warning, "lint: a cmdlet links a Graph API page the docs do not have";
    CMDLET_SYNTAX_MISMATCH = "cmdlet.syntax-mismatch", Warning, "SYNTAX and a parameter's YAML disagree on the parameter sets it is in or requires it in";
    CMDLET_TYPE_MISMATCH = "cmdlet.type-mismatch", Warning, "lint: a cmdlet body property's .NET type cannot carry the REST property's type";
    CMDLET_UNKNOWN_REST_TYPE = "cmdlet.unknown-rest-type", Warning, "lint: a cmdlet's body parameter names a Graph type no resource page defines";
    COMMENT_UNCLOSED = "comment.unclosed", Warning, "an HTML comment is never closed and hides the rest of the page";
    EMIT_ENDPOINT_CONFLICT = "emit.endpoint-conflict", Warning, "two pages document the same method and path with different responses; the endpoint follows one of them";
    EMIT_UNDEFINED_TYPE = "emit.undefined-type", Warning, "a type no page defines is emitted as a raw JSON value alias";
    ENUM_BAD_MEMBER = "enum.bad-member", Warning, "a member cell is not an identifier";
    ENUM_BAD_VALUE = "enum.bad-value", Warning, "a member's Value cell is not an integer";
    ENUM_DUPLICATE_MEMBER = "enum.duplicate-member", Warning, "an enum lists the same member twice";
    ENUM_EMPTY = "enum.empty", Warning, "a member table has no rows";
    ENUM_INLINE_MISMATCH = "enum.inline-mismatch", Warning, "lint: a \"Possible values are\" list and the enum table of the same type have different members";
    EXAMPLE_TEST_UNTESTABLE = "example-test.untestable", Warning, "generate --example-tests: an example cannot become a test (its URL fits no documented path, its method differs from the page's, or it leaves out a value the function needs)";
    EXAMPLE_PATH_MISMATCH = "example.path-mismatch", Warning, "lint: an example request's path matches none of the operation's documented paths";
    EXAMPLE_UNKNOWN_PROPERTY = "example.unknown-property", Warning, "lint: an example body has a property its type or the request body table does not have";
    EXAMPLE_VALUE_SHAPE = "example.value-shape", Warning, "lint: an example value's JSON shape contradicts the declared type";
    FENCE_UNCLOSED = "fence.unclosed", Warning, "a code fence is never closed and swallows the rest of the page";
    FRONT_MATTER_MISSING = "front-matter.missing", Info, "the page has no front matter block";
    FRONT_MATTER_UNCLOSED = "front-matter.unclosed", Warning, "the front matter block is never closed";
    FRONT_MATTER_YAML = "front-matter.yaml", Warning, "the front matter is not valid YAML and was read line by line";
    INCLUDE_CYCLE = "include.cycle", Warning, "an include file includes itself, directly or through others";
    INCLUDE_MISSING = "include.missing", Warning, "a permissions include names a file the docs root does not hold";
    LINK_BASE_CYCLE = "link.base-cycle", Error, "base types form a cycle";
    LINK_CONFLICTING_PROPERTY = "link.conflicting-property", Warning, "a type documented on several pages gives one property different types";
    LINK_DUPLICATE_ENUM = "link.duplicate-enum", Info, "an enum is defined on several pages; the definitions were merged";
    LINK_DUPLICATE_OPERATION = "link.duplicate-operation", Warning, "two API pages have the same operation id";
    LINK_DUPLICATE_PROPERTY = "link.duplicate-property", Warning, "a type lists the same property twice";
    LINK_DUPLICATE_TYPE = "link.duplicate-type", Info, "a type is documented on several pages; the definitions were merged";
    LINK_ENUM_CONFLICT = "link.enum-conflict", Warning, "an enum defined on several pages has different members";
    LINK_MISSING_PAGE = "link.missing-page", Warning, "lint: a table links to a page that does not exist";
    LINK_PATH_ENTITY = "link.path-entity", Info, "a type the tables make complex is addressed by key in an HTTP path, so it is an entity";
    LINK_PATH_NAVIGATION = "link.path-navigation", Info, "an HTTP path names a navigation the type's Relationships table does not list";
    LINK_UNRESOLVED_TYPE = "link.unresolved-type", Warning, "a type reference names no type or enum defined in the docs";
    NAMESPACE_BAD = "namespace.bad", Warning, "the Namespace line holds a malformed namespace";
    NAMESPACE_CONFLICT = "namespace.conflict", Warning, "the Namespace line disagrees with the annotation's @odata.type";
    NAMESPACE_MISSING = "namespace.missing", Info, "a page defining types has no Namespace line; the namespace came from elsewhere";
    PAGE_EMPTY_SECTION = "page.empty-section", Warning, "lint: a section the page kind requires is empty";
    PAGE_INTERNAL_ERROR = "page.internal-error", Error, "docgen failed on the page (a bug in docgen) and skipped it";
    PAGE_NO_TITLE = "page.no-title", Warning, "the page has no H1 title";
    PAGE_PLACEHOLDER = "page.placeholder", Warning, "lint: template placeholder text (`**TODO: ...**`, `{{ Fill in ... }}`) is left in the page";
    PAGE_SKIPPED = "page.skipped", Warning, "a symbolic link, FIFO, socket or device named like a page was not read";
    PAGE_UNREADABLE = "page.unreadable", Error, "a page could not be read as UTF-8 text, or a folder of pages could not be listed";
    RESOURCE_BASE_CONFLICT = "resource.base-conflict", Warning, "the page states two different base types for a type (\"Inherits from\" and the annotation's baseType)";
    RESOURCE_JSON_CASE = "resource.json-case", Warning, "lint: a JSON representation key differs from its property only in case";
    RESOURCE_JSON_EXTRA = "resource.json-extra", Warning, "lint: a JSON representation key is neither a property nor a relationship of the type";
    RESOURCE_JSON_INVALID = "resource.json-invalid", Warning, "the JSON representation cannot be read, even leniently";
    RESOURCE_JSON_MISSING = "resource.json-missing", Warning, "lint: a property of the Properties table is missing from the JSON representation";
    RESOURCE_MISHEADED_TABLE = "resource.misheaded-table", Info, "the table under Properties has a header other than `| Property | Type | Description |`; its rows are read as properties";
    RESOURCE_NO_NAME = "resource.no-name", Error, "a resource page names no type (no annotation, no `X resource type` title)";
    RESOURCE_NO_PROPERTIES = "resource.no-properties", Warning, "a resource page has a Properties section without a property table";
    TABLE_BAD_NAME = "table.bad-name", Warning, "a name cell does not start with an identifier";
    TABLE_RECOVERED = "table.recovered", Info, "a table CommonMark would drop (short or tabbed delimiter row) was recovered";
    TABLE_ROW_REPAIRED = "table.row-repaired", Info, "a table row split by a raw newline or a pipe was joined back";
    TABLE_TYPE_REMARK = "table.type-remark", Warning, "a Type cell holds a type name followed by a remark (`string (url)`); the name was used";
    TABLE_UNKNOWN_TYPE = "table.unknown-type", Warning, "a Type cell holds text that is not a type name";
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
