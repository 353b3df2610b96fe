//! Rust identifiers for the docs' names: the one place they are computed.
//!
//! Takes wire names (`osBuildNumber`, `@odata.type`, `3dModel`, `type`) and gives identifiers
//! (`os_build_number`, `odata_type`, `_3d_model`, `type_`). Each case has one function built on
//! heck; a [`Namer`] hands out names within one scope (a struct's fields, an enum's variants, a
//! namespace's items, a folder's files) and settles collisions the same way every run:
//! 1. the heck spelling (`OsBuildNumber`, `os_build_number`);
//! 2. for a name that collides after case conversion, a spelling that keeps the docs' capitals
//!    (`OSBuildNumber`, `o_s_build_number`);
//! 3. then a counter (`os_build_number_2`).
//!
//! Names are claimed in a fixed order (callers sort what they name), so the first comer keeps
//! the plain spelling.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust's keywords, strict and reserved, in every edition up to 2024. A name equal to one gets a
/// trailing `_` (`type` -> `type_`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names of the std prelude and of what generated code uses unqualified. A Graph type with one of
/// these names would shadow it, so it is prefixed with its namespace (`result` in
/// `microsoft.graph` -> `GraphResult`).
const SHADOWED: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Module names generated code gives its own meaning to (`rt` is the runtime module).
const RESERVED_MODULES: &[&str] = &[
    "rt",
    "ep",
    "api",
    "endpoint",
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "time",
    "uuid",
    "base64",
    "http",
    "percent_encoding",
    "client",
    "reqwest",
    "tokio",
    "futures_util",
    "httpdate",
    // The example tests' own files (`tests/examples/main.rs`, `check.rs`).
    "main",
    "check",
    // The crate root's own file (`src/lib.rs` beside `src/lib/mod.rs` is ambiguous) and cargo's
    // folder of binaries (`src/bin/` files would each become a program).
    "lib",
    "bin",
    "generated",
];

/// The spelling of an identifier in one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Types and variants: `CloudPcDeviceImage`.
    UpperCamel,
    /// Fields and modules: `os_build_number`.
    Snake,
}

/// Hands out unique identifiers within one scope.
#[derive(Debug, Clone)]
pub struct Namer {
    case: Case,
    taken: BTreeSet<String>,
}

impl Namer {
    /// A scope for identifiers of `case`, with nothing taken yet.
    pub fn new(case: Case) -> Namer {
        Namer { case, taken: BTreeSet::new() }
    }

    /// A scope where module names the generated crate uses itself are taken already.
    pub fn for_modules() -> Namer {
        let mut namer = Namer::new(Case::Snake);
        namer.taken.extend(RESERVED_MODULES.iter().map(|name| (*name).to_owned()));
        namer
    }

    /// Marks `ident` taken, for identifiers generated code adds itself.
    pub fn reserve(&mut self, ident: &str) {
        self.taken.insert(ident.to_owned());
    }

    /// A unique identifier for the wire name `name`.
    pub fn claim(&mut self, name: &str) -> String {
        let plain = match self.case {
            Case::UpperCamel => type_ident(name),
            Case::Snake => snake_ident(name),
        };
        if self.taken.insert(plain.clone()) {
            return plain;
        }
        let capitals = match self.case {
            Case::UpperCamel => sanitize(&capitalised(name), Case::UpperCamel),
            Case::Snake => sanitize(&split_capitals(name), Case::Snake),
        };
        if self.taken.insert(capitals.clone()) {
            return capitals;
        }
        // `self_` -> `self_2` (a double underscore is not snake case); `Self_` -> `Self2` (an
        // underscore next to a letter is not camel case).
        let (stem, separator) = match self.case {
            Case::Snake if plain.ends_with('_') => (plain.as_str(), ""),
            Case::Snake => (plain.as_str(), "_"),
            Case::UpperCamel => (plain.trim_end_matches('_'), ""),
        };
        (2..)
            .map(|counter| format!("{stem}{separator}{counter}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded counter finds a free name")
    }
}

/// Whether `word` is a Rust keyword, strict or reserved.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// The UpperCamel identifier for a type or variant name (`cloudPcDeviceImage` -> `CloudPcDeviceImage`).
pub fn type_ident(name: &str) -> String {
    remembered(&TYPE_IDENTS, name, |name| sanitize(&words(name).to_upper_camel_case(), Case::UpperCamel))
}

/// The snake_case identifier for a field or module name (`@odata.type` -> `odata_type`).
pub fn snake_ident(name: &str) -> String {
    remembered(&SNAKE_IDENTS, name, |name| sanitize(&words(name).to_snake_case(), Case::Snake))
}

thread_local! {
    /// [`type_ident`]'s and [`snake_ident`]'s answers so far. Planning a crate converts the same
    /// few thousand wire names (`id`, `displayName`) a hundred thousand times, and heck's
    /// conversion was a tenth of `docgen drift`'s work; the answers depend on the name only.
    static TYPE_IDENTS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    static SNAKE_IDENTS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// `convert(name)`, computed once per thread and name.
fn remembered(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<String, String>>>,
    name: &str,
    convert: fn(&str) -> String,
) -> String {
    cache.with(|cache| {
        if let Some(ident) = cache.borrow().get(name) {
            return ident.clone();
        }
        let ident = convert(name);
        cache.borrow_mut().insert(name.to_owned(), ident.clone());
        ident
    })
}

/// A type identifier that shadows no prelude name: `result` in namespace `microsoft.graph` ->
/// `GraphResult`. Other names are [`type_ident`]'s.
pub fn unshadowed(ident: String, namespace: &str) -> String {
    if !SHADOWED.contains(&ident.as_str()) {
        return ident;
    }
    let last = namespace.rsplit('.').next().unwrap_or(namespace);
    format!("{}{ident}", type_ident(last))
}

/// The name a namespace's module is claimed under: `microsoft.graph` -> `graph`,
/// `microsoft.graph.callRecords` -> `callRecords` (module `call_records`), anything else whole.
pub fn namespace_short_name(namespace: &str) -> String {
    let short = namespace.strip_prefix("microsoft.").unwrap_or(namespace);
    short.strip_prefix("graph.").unwrap_or(short).to_owned()
}

/// Replaces every character that cannot be in an identifier by a word break, so heck splits there
/// (`@microsoft.graph.downloadUrl` -> ` microsoft graph downloadUrl`).
fn words(name: &str) -> String {
    name.chars().map(|symbol| if symbol.is_ascii_alphanumeric() { symbol } else { ' ' }).collect()
}

/// `OSBuildNumber` stays, `osBuildNumber` -> `OsBuildNumber`: capitals kept, first letter raised.
fn capitalised(name: &str) -> String {
    words(name)
        .split(' ')
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// `OSBuildNumber` -> `o_s_build_number`: a break before every capital.
fn split_capitals(name: &str) -> String {
    let mut out = String::new();
    for symbol in words(name).chars() {
        if symbol.is_ascii_uppercase() || symbol == ' ' {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            if symbol == ' ' {
                continue;
            }
        }
        out.push(symbol.to_ascii_lowercase());
    }
    out.trim_end_matches('_').to_owned()
}

/// The longest identifier handed out, in bytes; module identifiers are file names, which most
/// file systems cut at 255 bytes (and `api::` modules nest up to 16 deep within a 4 KB path). The
/// longest in the corpus has 116 (a beta type named after its description).
pub const MAX_IDENT_LEN: usize = 128;

/// Makes a converted name a valid identifier: a name that is empty gets a stand-in, one that
/// starts with a digit gets a leading `_` (`3dModel` -> `_3dModel`), a keyword a
/// trailing `_`, and one longer than [`MAX_IDENT_LEN`] is cut and ends in a hash of the whole
/// name, so it stays unique and the same every run.
fn sanitize(converted: &str, case: Case) -> String {
    let ident = match converted.chars().next() {
        None => match case {
            Case::UpperCamel => "Unnamed".to_owned(),
            Case::Snake => "unnamed".to_owned(),
        },
        Some(first) if first.is_ascii_digit() => format!("_{converted}"),
        Some(_) => converted.to_owned(),
    };
    if KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if ident.len() > MAX_IDENT_LEN {
        shortened(&ident, case)
    } else {
        ident
    }
}

/// An identifier cut to [`MAX_IDENT_LEN`] bytes, its last 9 the hash of the whole.
fn shortened(ident: &str, case: Case) -> String {
    let hash = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, ident.as_bytes()).simple().to_string();
    let separator = if case == Case::Snake { "_" } else { "" };
    let keep = MAX_IDENT_LEN - 8 - separator.len();
    // Identifiers are ASCII (words() keeps nothing else), so any byte is a char boundary. A cut
    // right after `_` would make `__` with the separator.
    let kept = ident[..keep].trim_end_matches('_');
    format!("{kept}{separator}{}", &hash[..8])
}

#[cfg(test)]
mod tests {
    use super::{namespace_short_name, snake_ident, type_ident, unshadowed, Case, Namer, MAX_IDENT_LEN};

    #[test]
    fn idents_in_each_case() {
        let cases = [
            // (wire name, type ident, snake ident)
            ("cloudPcDeviceImage", "CloudPcDeviceImage", "cloud_pc_device_image"),
            ("osBuildNumber", "OsBuildNumber", "os_build_number"),
            ("OSBuildNumber", "OsBuildNumber", "os_build_number"),
            ("@odata.type", "OdataType", "odata_type"),
            ("@microsoft.graph.downloadUrl", "MicrosoftGraphDownloadUrl", "microsoft_graph_download_url"),
            ("content-type", "ContentType", "content_type"),
            ("3dModel", "_3dModel", "_3d_model"),
            ("24Hours", "_24hours", "_24hours"),
            ("24", "_24", "_24"),
            ("type", "Type", "type_"),
            ("self", "Self_", "self_"),
            ("Self", "Self_", "self_"),
            ("match", "Match", "match_"),
            ("async", "Async", "async_"),
            ("gen", "Gen", "gen_"),
            ("@", "Unnamed", "unnamed"),
            ("", "Unnamed", "unnamed"),
            ("café", "Caf", "caf"),
        ];
        for (name, upper, snake) in cases {
            assert_eq!((type_ident(name).as_str(), snake_ident(name).as_str()), (upper, snake), "for {name:?}");
        }
    }

    #[test]
    fn long_names_are_cut_with_a_hash_of_the_whole() {
        let long = "veryLongName.".repeat(30);
        let (upper, snake) = (type_ident(&long), snake_ident(&long));
        assert!(upper.len() <= MAX_IDENT_LEN && snake.len() <= MAX_IDENT_LEN, "{upper} {snake}");
        assert!(!snake.contains("__"), "{snake}");
        assert!(upper.starts_with("VeryLongNameVeryLongName") && snake.starts_with("very_long_name_very_long_name"));
        assert_ne!(type_ident(&format!("{long}x")), upper, "names that differ past the cut still differ");
        assert_eq!(type_ident(&long), upper, "the same every time");
        assert!(snake[snake.len() - 9..].starts_with('_'), "{snake}");
        for shift in 0..8 {
            let cut_anywhere = snake_ident(&format!("{}{}", "x".repeat(shift), " ab cd".repeat(40)));
            assert!(!cut_anywhere.contains("__") && cut_anywhere.len() <= MAX_IDENT_LEN, "{cut_anywhere}");
        }
    }

    #[test]
    fn collisions_after_case_conversion_keep_the_docs_capitals_then_count() {
        let mut fields = Namer::new(Case::Snake);
        let claimed: Vec<String> = ["osBuildNumber", "OSBuildNumber", "os_build_number", "osBuildNumber"]
            .iter()
            .map(|name| fields.claim(name))
            .collect();
        assert_eq!(claimed, ["os_build_number", "o_s_build_number", "os_build_number_2", "os_build_number_3"]);

        let mut types = Namer::new(Case::UpperCamel);
        let claimed: Vec<String> = ["osBuild", "OSBuild", "OsBuild"].iter().map(|name| types.claim(name)).collect();
        assert_eq!(claimed, ["OsBuild", "OSBuild", "OsBuild2"]);
        let claimed: Vec<String> = ["self", "Self"].iter().map(|name| types.claim(name)).collect();
        assert_eq!(claimed, ["Self_", "Self2"]);
    }

    #[test]
    fn reserved_names_are_never_handed_out() {
        let mut fields = Namer::new(Case::Snake);
        fields.reserve("additional_properties");
        assert_eq!(fields.claim("additionalProperties"), "additional_properties_2");
        let mut modules = Namer::for_modules();
        assert_eq!(modules.claim("rt"), "rt_2");
        modules.reserve("self_");
        assert_eq!(modules.claim("self"), "self_2");
    }

    #[test]
    fn prelude_names_are_prefixed_with_their_namespace() {
        assert_eq!(unshadowed(type_ident("result"), "microsoft.graph"), "GraphResult");
        assert_eq!(unshadowed(type_ident("option"), "microsoft.graph.security"), "SecurityOption");
        assert_eq!(unshadowed(type_ident("user"), "microsoft.graph"), "User");
    }

    #[test]
    fn namespace_modules() {
        assert_eq!(namespace_short_name("microsoft.graph"), "graph");
        assert_eq!(namespace_short_name("microsoft.graph.callRecords"), "callRecords");
        assert_eq!(namespace_short_name("contoso.ext"), "contoso.ext");
        assert_eq!(Namer::for_modules().claim(&namespace_short_name("microsoft.graph.callRecords")), "call_records");
    }
}
