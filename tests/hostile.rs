//! Hostile input: past crashers, generated hostile pages and generated hostile names.
//!
//! `fixtures/crashers/` keeps one page per input that once crashed, stalled or silently lost
//! facts, named `<code>@<what>.md`: read beside a sound page, each must raise `<code>` on its own
//! file and leave the sound page's facts whole. The property tests make more of the same kinds
//! (nesting, size, names, encodings) and check that every stage finishes and that every crate
//! docgen emits is valid Rust whose names pass rustc's naming lints.

use std::collections::BTreeSet;

use docgen::ir::Ir;
use docgen::source::SourceFile;
use proptest::prelude::*;

use crate::support::{ir_of_dir, tests_dir};

/// A sound page read beside each hostile one.
const SOUND_PAGE: &str = "---\ntitle: \"sound resource type\"\ndoc_type: resourcePageType\n---\n\n\
# sound resource type\n\nNamespace: microsoft.graph\n\nA page with nothing wrong.\n\n## Properties\n\n\
|Property|Type|Description|\n|:---|:---|:---|\n|id|String|The identifier.|\n|size|Int32|How big.|\n";

/// Runs every stage on `pages`: the IR and lint, then the crate with example tests.
fn every_stage(pages: &[SourceFile]) -> (Ir, Vec<docgen::diag::Diagnostic>, docgen::pipeline::GeneratedCrate) {
    let (ir, diagnostics) = docgen::pipeline::build_lint(pages, &[], &|| {});
    let options = docgen::emit::Options { example_tests: true, ..docgen::emit::Options::new("hostile", "") };
    let generated = docgen::pipeline::generate_crate(&ir, &options)
        .unwrap_or_else(|err| panic!("docgen generated invalid Rust: {err}"));
    (ir, diagnostics, generated)
}

#[test]
fn past_crashers_give_their_diagnostic_and_the_run_goes_on() {
    let dir = tests_dir().join("fixtures/crashers");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("crashers folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        let (code, _) = name.split_once('@').unwrap_or_else(|| panic!("{name} is not named <code>@<what>.md"));
        let text = std::fs::read_to_string(&path).expect("readable");
        let pages =
            [SourceFile::new(format!("resources/{name}"), text), SourceFile::new("resources/sound.md", SOUND_PAGE)];
        let (ir, diagnostics, _) = every_stage(&pages);
        assert!(
            diagnostics.iter().any(|diagnostic| diagnostic.code == code && diagnostic.file.ends_with(&name)),
            "{name} raises no {code}: {:#?}",
            diagnostics.iter().map(|diagnostic| diagnostic.render()).collect::<Vec<_>>()
        );
        let sound = ir.types.iter().find(|ty| ty.name == "sound").expect("the sound page's type is kept");
        assert_eq!(sound.properties.len(), 2, "{name}");
        seen += 1;
    }
    assert!(seen >= 9, "only {seen} crashers");
}

/// A page of the dialect with one hostile thing put in: nesting of any depth in any JSON or
/// YAML the docs hold, a long table, an odd name, control characters and stray encodings.
fn hostile_page() -> impl Strategy<Value = String> {
    let opener = prop_oneof![Just("["), Just("{\"a\": "), Just("{a: "), Just("- ")];
    let nesting = (opener, 0usize..20_000).prop_map(|(open, depth)| open.repeat(depth));
    let name = prop_oneof![
        proptest::sample::select(HOSTILE_NAMES).prop_map(str::to_owned),
        "\\PC{0,16}",
        "[0-9_@.$-]{1,8}",
        (1usize..400).prop_map(|len| "x".repeat(len)),
    ];
    let noise = "[\\x00-\\x1f\u{202e}\u{feff}\r]{0,6}";
    (nesting, name, 0usize..3_000, noise, 0usize..6).prop_map(|(deep, name, rows, noise, spot)| {
        let in_spot = |at: usize| if spot == at { deep.as_str() } else { "" };
        let rows: String = (0..rows).map(|row| format!("|{name}{row}|String|Row {row}.|\n")).collect();
        format!(
            "---\ntitle: \"{name}\"\nkeys: {}\ndoc_type: resourcePageType\n---\n\n# {name} resource type\n\n\
             Namespace: microsoft.graph.{name}\n\n{noise}\n\n## Properties\n\n|Property|Type|Description|\n\
             |:---|:---|:---|\n|{name}|{name}|A value {}.|\n{rows}\n### {name} values\n\n|Member|Description|\n\
             |:---|:---|\n|{name}|x|\n\n## JSON representation\n\n\
             <!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.{name}\", \"x\": {} }} -->\n\n\
             ```json\n{{ \"{name}\": {} }}\n```\n\n## Example\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"n\" }} -->\n\n\
             ```http\nPOST https://graph.microsoft.com/beta/{name}/{{id}}\n\n{{ x: {} }}\n```\n",
            in_spot(0),
            in_spot(1),
            in_spot(2),
            in_spot(3),
            in_spot(4),
        )
    })
}

/// Names that have broken generated code before, or could.
const HOSTILE_NAMES: &[&str] = &[
    "24Hours",
    "1x",
    "-1",
    "self",
    "Self",
    "crate",
    "super",
    "lib",
    "main",
    "mod",
    "bin",
    "rt",
    "api",
    "type",
    "r#type",
    "_",
    "__",
    "",
    "Unknown",
    "unknownFutureValue",
    "Option",
    "Result",
    "名前",
    "Ünïcødé",
    "a_b",
    "aB",
    "AB",
    "@odata.type",
    "$value",
    "a b",
    "a\u{1b}[31mb",
    "x\ny",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// No hostile page ends the run, and the sound page beside it keeps its facts.
    #[test]
    fn hostile_pages_never_end_the_run(text in hostile_page()) {
        let pages = [SourceFile::new("resources/hostile.md", text), SourceFile::new("resources/sound.md", SOUND_PAGE)];
        let (ir, diagnostics, _) = every_stage(&pages);
        prop_assert!(ir.types.iter().any(|ty| ty.name == "sound"));
        for diagnostic in &diagnostics {
            let rendered = diagnostic.render();
            prop_assert!(!rendered.contains(|symbol: char| symbol.is_control()), "{rendered:?}");
        }
    }

    /// Whatever the names, every emitted file is Rust that parses, whose items follow rustc's
    /// naming lints, and no module shares a name with an item beside it.
    #[test]
    fn hostile_names_give_valid_rust(names in proptest::collection::vec(proptest::sample::select(HOSTILE_NAMES), 8..40), long in 60usize..300) {
        let mut ir = hostile_fixture();
        let long_name = "veryLong".repeat(long / 8);
        // Names stay unique where the link stage makes them unique (items of a namespace,
        // properties of a type, members of an enum): a name already taken is not given again.
        let mut pick = names.iter().copied().chain([long_name.as_str()]).cycle();
        let mut rename = |name: &mut String, taken: &mut BTreeSet<String>| {
            let candidate = pick.next().expect("an endless cycle").to_owned();
            if taken.insert(candidate.clone()) {
                *name = candidate;
            }
        };
        let mut items: BTreeSet<String> = ir.types.iter().map(|ty| ty.name.clone()).chain(ir.enums.iter().map(|en| en.name.clone())).collect();
        for ty in &mut ir.types {
            rename(&mut ty.name, &mut items);
            let mut properties: BTreeSet<String> = ty.properties.iter().map(|property| property.name.clone()).collect();
            for property in &mut ty.properties {
                rename(&mut property.name, &mut properties);
            }
        }
        for en in &mut ir.enums {
            rename(&mut en.name, &mut items);
            let mut members: BTreeSet<String> = en.members.iter().map(|member| member.name.clone()).collect();
            for member in &mut en.members {
                rename(&mut member.name, &mut members);
            }
        }
        let options = docgen::emit::Options::new("hostile", "");
        let generated = docgen::pipeline::generate_crate(&ir, &options).map_err(|err| TestCaseError::fail(err.to_string()))?;
        for (path, text) in &generated.files {
            prop_assert!(path.split('/').all(|part| !part.is_empty() && part.len() <= docgen::emit::names::MAX_IDENT_LEN + 3), "{path}");
            if !path.ends_with(".rs") {
                continue;
            }
            let file = syn::parse_file(text).map_err(|err| TestCaseError::fail(format!("{path}: {err}")))?;
            check_items(path, &file.items)?;
        }
    }
}

/// The hostile-names model fixture's IR, read once.
fn hostile_fixture() -> Ir {
    static IR: std::sync::OnceLock<Ir> = std::sync::OnceLock::new();
    IR.get_or_init(|| ir_of_dir(&tests_dir().join("fixtures/models/hostile-names"))).clone()
}

/// rustc's `non_camel_case_types` rule.
fn is_camel(ident: &str) -> bool {
    let trimmed = ident.trim_matches('_');
    let chars: Vec<char> = trimmed.chars().collect();
    trimmed.is_empty()
        || (!chars[0].is_lowercase()
            && !trimmed.contains("__")
            && !chars.windows(2).any(|pair| {
                let has_case = |symbol: char| symbol.is_lowercase() || symbol.is_uppercase();
                (has_case(pair[0]) && pair[1] == '_') || (has_case(pair[1]) && pair[0] == '_')
            }))
}

/// rustc's `non_snake_case` rule.
fn is_snake(ident: &str) -> bool {
    let trimmed = ident.trim_matches('_');
    !trimmed.contains("__") && !trimmed.chars().any(char::is_uppercase)
}

/// Checks the names of `items` and of the items of inline modules below them.
fn check_items(path: &str, items: &[syn::Item]) -> Result<(), TestCaseError> {
    let mut modules = BTreeSet::new();
    let mut others = BTreeSet::new();
    let named = |ident: &syn::Ident| ident.to_string().trim_start_matches("r#").to_owned();
    for item in items {
        match item {
            syn::Item::Struct(item) => {
                prop_assert!(is_camel(&named(&item.ident)), "{path}: struct {}", item.ident);
                for field in &item.fields {
                    if let Some(ident) = &field.ident {
                        prop_assert!(is_snake(&named(ident)), "{path}: field {ident}");
                    }
                }
                others.insert(named(&item.ident));
            }
            syn::Item::Enum(item) => {
                prop_assert!(is_camel(&named(&item.ident)), "{path}: enum {}", item.ident);
                for variant in &item.variants {
                    prop_assert!(is_camel(&named(&variant.ident)), "{path}: variant {}", variant.ident);
                }
                others.insert(named(&item.ident));
            }
            syn::Item::Type(item) => {
                prop_assert!(is_camel(&named(&item.ident)), "{path}: type {}", item.ident);
                others.insert(named(&item.ident));
            }
            syn::Item::Fn(item) => prop_assert!(is_snake(&named(&item.sig.ident)), "{path}: fn {}", item.sig.ident),
            syn::Item::Mod(item) => {
                prop_assert!(is_snake(&named(&item.ident)), "{path}: mod {}", item.ident);
                prop_assert!(modules.insert(named(&item.ident)), "{path}: mod {} twice", item.ident);
                if let Some((_, inner)) = &item.content {
                    check_items(path, inner)?;
                }
            }
            syn::Item::Use(item) => {
                let mut leaves = Vec::new();
                use_leaves(&item.tree, &mut leaves);
                others.extend(leaves);
            }
            _ => {}
        }
    }
    let clashes: Vec<&String> = modules.intersection(&others).collect();
    prop_assert!(clashes.is_empty(), "{path}: modules named like items beside them: {clashes:?}");
    Ok(())
}

/// The names a `use` brings into scope (`*` brings none we can see).
fn use_leaves(tree: &syn::UseTree, leaves: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(path) => use_leaves(&path.tree, leaves),
        syn::UseTree::Name(name) if name.ident != "self" => leaves.push(name.ident.to_string()),
        syn::UseTree::Rename(rename) => leaves.push(rename.rename.to_string()),
        syn::UseTree::Group(group) => group.items.iter().for_each(|tree| use_leaves(tree, leaves)),
        _ => {}
    }
}
