//! Code generation: emitted code per fixture (snapshots), the checked-in `generated/` crate
//! (fresh, and its models round-trip JSON), `docgen generate` on disk (`--check`, `--only`,
//! untouched and stale files).

use std::collections::BTreeMap;

use docgen::emit::Options;
use docgen::ir::Ir;
use docgen::pipeline::{generate_crate, GeneratedCrate};
use docgen_generated::graph::{
    AnyEntity, CloudPcDeviceImage, CloudPcDeviceImageOsStatus, CloudPcDeviceImageStatus, Entity,
};
use docgen_generated::rt::{self, Wire};
use serde_json::{json, Value};

use crate::support::{
    files_under, fixture_file, folder_cases, ir_of_dir, ir_of_pages, render_lines, run_cli, tests_dir, workspace_root,
};

/// How `generated/`'s headers say to regenerate it.
const REGENERATE: &str =
    "`docgen generate ../docs-input/2023-11-15/beta --out . --name docgen-generated --example-tests` in the crate's directory";

/// The README's command, run from the repository root.
const README_COMMAND: &str =
    "generate docs-input/2023-11-15/beta --out generated --name docgen-generated --example-tests";

/// The crate for `ir`, with its example tests.
fn generate(ir: &Ir, name: &str) -> GeneratedCrate {
    let options = Options { example_tests: true, ..Options::new(name, format!("`docgen generate {name}`")) };
    generate_crate(ir, &options).expect("generated code parses")
}

/// The Rust files of a generated crate, except the runtime (copied verbatim), one after another
/// under their paths.
fn rust_listing(files: &BTreeMap<String, String>) -> String {
    const RUNTIME: [&str; 6] =
        ["src/rt.rs", "src/endpoint.rs", "src/batch.rs", "src/upload.rs", "src/client.rs", "tests/examples/check.rs"];
    files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs") && !RUNTIME.contains(&path.as_str()))
        .map(|(path, text)| format!("// ---- {path} ----\n{text}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The model fixtures: one folder of pages per case (`fixtures/models/<case>/`).
pub fn model_cases() -> Vec<(String, Ir)> {
    folder_cases("fixtures/models")
}

#[test]
fn emitted_code_per_model_fixture() {
    for (case, ir) in model_cases() {
        let generated = generate(&ir, &case);
        let diagnostics = render_lines(&generated.diagnostics);
        insta::with_settings!({ snapshot_suffix => case.clone() }, {
            insta::assert_snapshot!("model_code", rust_listing(&generated.files));
            insta::assert_snapshot!("model_diagnostics", diagnostics);
        });
    }
}

#[test]
fn emitted_code_per_page_fixture() {
    insta::glob!("fixtures/pages/*.md", |path| {
        let ir = ir_of_pages(&[fixture_file(path)]);
        // Conceptual pages emit nothing; API pages emit endpoints and their example tests.
        if !ir.types.is_empty() || !ir.enums.is_empty() || !ir.operations.is_empty() {
            insta::assert_snapshot!(rust_listing(&generate(&ir, "fixture").files));
        }
    });
}

/// The checked-in crate is what docgen generates from `docs-input/` today.
#[test]
fn generated_crate_is_fresh() {
    let root = workspace_root();
    let ir = ir_of_dir(&root.join("docs-input/2023-11-15/beta"));
    let out = root.join("generated");
    // A member of this workspace: the root's Cargo.toml sets its profile, as `generate` sees.
    let own_profile = docgen::write::enclosing_workspace(&out).is_none();
    assert!(!own_profile, "generated/ lies inside the workspace");
    let options = Options { example_tests: true, own_profile, ..Options::new("docgen-generated", REGENERATE) };
    let generated = generate_crate(&ir, &options).expect("generated code parses");
    assert!(generated.diagnostics.is_empty(), "{:#?}", generated.diagnostics);
    let differences = docgen::write::check_tree(&out, &generated.files).expect("generated/ is readable");
    assert!(
        differences.is_empty(),
        "generated/ is stale: {differences:?}\nregenerate it with `cargo run -p msgraph-docgen -- {README_COMMAND}`"
    );
}

/// Issue 17: the README's Rust snippets cannot rot: each line is a line of code that is compiled,
/// in the build-script example or in the checked-in crate's guide (its doctests).
#[test]
fn readme_rust_snippets_are_compiled_code() {
    let root = workspace_root();
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap_or_else(|err| panic!("{path}: {err}"));
    let mut compiled: Vec<String> = Vec::new();
    for path in ["examples/build-script/build.rs", "examples/build-script/src/lib.rs"] {
        compiled.extend(read(path).lines().map(|line| line.trim().to_owned()));
    }
    let guide = read("generated/src/lib.rs");
    compiled.extend(guide.lines().filter_map(|line| line.strip_prefix("//!")).map(|line| line.trim().to_owned()));
    let readme = read("README.md");
    let mut snippets = 0;
    let mut in_rust = false;
    for (number, line) in readme.lines().enumerate() {
        match line.trim() {
            "```rust" => {
                in_rust = true;
                snippets += 1;
            }
            "```" => in_rust = false,
            // `// build.rs` names the file the next lines are from.
            code if in_rust && !code.is_empty() && !code.starts_with("// ") => assert!(
                compiled.iter().any(|line| line == code),
                "README.md:{}: `{code}` is not a line of the build-script example or the generated crate's guide",
                number + 1
            ),
            _ => {}
        }
    }
    assert!(snippets >= 2, "the README's Rust snippets were not found");
}

#[test]
fn a_model_round_trips_json_without_loss() {
    let sent = json!({
        "@odata.type": "#microsoft.graph.cloudPcDeviceImage",
        "id": "eda7ed64-7705-4079-9d08-c2bd883fffff",
        "displayName": "Image 1",
        "expirationDate": "2024-01-31",
        "lastModifiedDateTime": "2023-10-02T08:30:00.0000000Z",
        "status": "ready",
        "osStatus": "supportedWithWarning",
        "version": null,
        "futureProperty": {"nested": [1, 2, 3]}
    });
    let image: CloudPcDeviceImage = serde_json::from_value(sent.clone()).expect("the image parses");
    assert_eq!(image.display_name.as_deref(), Some("Image 1"));
    assert_eq!(image.status, Some(CloudPcDeviceImageStatus::Ready));
    assert_eq!(image.os_status, Some(CloudPcDeviceImageOsStatus::SupportedWithWarning));
    let modified = image.last_modified_date_time.as_ref().expect("a timestamp");
    assert_eq!(modified.get().unix_timestamp(), 1_696_235_400);
    assert_eq!(image.version, None, "an explicit null reads as None");
    assert_eq!(image.additional_properties["futureProperty"], json!({"nested": [1, 2, 3]}));
    assert_eq!(serde_json::to_value(&image).expect("serializes"), sent, "the round trip changed the JSON");
}

#[test]
fn a_model_built_in_code_writes_only_what_is_set() {
    let mut image = CloudPcDeviceImage::default();
    image.display_name = Some("Image 2".to_owned());
    image.status = Some(CloudPcDeviceImageStatus::Failed);
    let written = serde_json::to_value(&image).expect("serializes");
    assert_eq!(written, json!({"displayName": "Image 2", "status": "failed"}));
}

/// Issue 17: a model is built in one expression, though `#[non_exhaustive]`; a property is sent as
/// an explicit `null` without typing its wire name; a derived type converts into its base's enum.
#[test]
fn a_model_is_built_in_one_expression_and_can_send_null() {
    let image = CloudPcDeviceImage::new()
        .with_display_name("Image 3")
        .with_status(CloudPcDeviceImageStatus::Pending)
        .with_expiration_date(time::macros::date!(2024 - 01 - 31))
        .with_version(rt::Null);
    assert_eq!(
        serde_json::to_value(&image).expect("serializes"),
        json!({"displayName": "Image 3", "status": "pending", "expirationDate": "2024-01-31", "version": null})
    );
    // A value set after the null replaces it; the null set after a value clears it.
    let set_again = image.clone().with_version("1.0");
    assert_eq!(serde_json::to_value(&set_again).expect("serializes")["version"], json!("1.0"));
    assert!(set_again.additional_properties.is_empty(), "no null left behind");
    let cleared = CloudPcDeviceImage::new().with_display_name("x").with_display_name(rt::Null);
    assert_eq!(serde_json::to_value(&cleared).expect("serializes"), json!({"displayName": null}));
    // What was read with a null writes it back, and equals the model built with the setter.
    let read: CloudPcDeviceImage = serde_json::from_value(json!({"displayName": null})).expect("parses");
    assert_eq!(read, CloudPcDeviceImage::new().with_display_name(rt::Null));

    let any: AnyEntity = image.clone().into();
    assert!(matches!(&any, AnyEntity::CloudPcDeviceImage(model) if **model == image));
    let base: AnyEntity = Entity::new().with_id("7").into();
    assert_eq!(serde_json::to_value(&base).expect("serializes"), json!({"id": "7"}));
}

/// `{:?}` of a model shows what it would send: the set properties and the explicit nulls, under
/// their wire names, not a `None` for each of the others.
#[test]
fn a_model_debugs_as_the_properties_it_would_send() {
    let image = CloudPcDeviceImage::new()
        .with_display_name("Image 4")
        .with_status(CloudPcDeviceImageStatus::Ready)
        .with_version(rt::Null);
    assert_eq!(
        format!("{image:?}"),
        r#"CloudPcDeviceImage { displayName: "Image 4", status: "ready", version: null, .. }"#
    );
    assert_eq!(format!("{:?}", CloudPcDeviceImage::new()), "CloudPcDeviceImage { .. }");
    let any: AnyEntity = image.into();
    assert!(format!("{any:?}").starts_with("CloudPcDeviceImage(CloudPcDeviceImage { displayName"), "{any:?}");
}

#[test]
fn enums_display_and_parse_their_wire_names() {
    let status: CloudPcDeviceImageStatus = "ready".parse().expect("parsing never fails");
    assert_eq!(status, CloudPcDeviceImageStatus::Ready);
    assert_eq!(status.to_string(), "ready");
    assert_eq!(status.as_str(), "ready");
    let later: CloudPcDeviceImageStatus = "archived".parse().expect("parsing never fails");
    assert_eq!(later, CloudPcDeviceImageStatus::Unrecognized("archived".to_owned()));
    assert_eq!(format!("{later}"), "archived");
}

#[test]
fn date_and_time_wrappers_hand_out_compare_and_order_as_their_values() {
    let read = |text: &str| -> rt::DateTimeOffset { rt::Wire::from_wire(json!(text)).expect("parses") };
    let early = read("2023-10-02T08:30:00.0000000Z");
    let same = read("2023-10-02T08:30:00Z");
    let late = read("2023-10-02T09:00:00+00:00");
    assert_eq!(early.year(), 2023, "the wrapper dereferences to the time value");
    assert_eq!(early, same, "equal values, whatever the spelling");
    assert!(early < late);
    assert_eq!(early.to_string(), "2023-10-02T08:30:00.0000000Z", "Display gives the text as received");
    let mut sorted = vec![late.clone(), early.clone()];
    sorted.sort();
    assert_eq!(sorted, vec![early, late]);
    let built: rt::Date = time::macros::date!(2024 - 02 - 29).into();
    assert_eq!(built.to_string(), "2024-02-29");
}

#[test]
fn derived_types_are_told_apart_by_odata_type() {
    let image = json!({"@odata.type": "#microsoft.graph.cloudPcDeviceImage", "id": "1", "displayName": "x"});
    match serde_json::from_value::<AnyEntity>(image.clone()).expect("parses") {
        AnyEntity::CloudPcDeviceImage(model) => assert_eq!(model.display_name.as_deref(), Some("x")),
        other => panic!("expected the derived type, got {other:?}"),
    }
    // No tag, or a tag these docs don't know: the base type, with nothing lost.
    for sent in [json!({"id": "2"}), json!({"@odata.type": "#microsoft.graph.somethingNew", "id": "3", "extra": true})]
    {
        let parsed: AnyEntity = serde_json::from_value(sent.clone()).expect("parses");
        assert!(matches!(parsed, AnyEntity::Entity(_)), "expected the base type, got {parsed:?}");
        assert_eq!(serde_json::to_value(&parsed).expect("serializes"), sent);
    }
    assert!(AnyEntity::claims("microsoft.graph.cloudPcDeviceImage"));
    assert!(!AnyEntity::claims("microsoft.graph.user"));
    assert_eq!(serde_json::to_value(AnyEntity::Entity(Box::default())).expect("serializes"), json!({}));
    let _: Entity = Entity::default();
}

#[test]
fn unknown_enum_members_are_kept() {
    let status: CloudPcDeviceImageStatus = serde_json::from_value(json!("archived")).expect("parses");
    assert_eq!(status, CloudPcDeviceImageStatus::Unrecognized("archived".to_owned()));
    assert_eq!(serde_json::to_value(&status).expect("serializes"), json!("archived"));
    let error = serde_json::from_value::<CloudPcDeviceImageStatus>(json!(3)).expect_err("a number is no member");
    assert_eq!(error.to_string(), "expected a member name, found 3");
}

#[test]
fn flags_are_sets_written_comma_separated() {
    let flags: rt::Flags<CloudPcDeviceImageStatus> =
        rt::Wire::from_wire(json!("pending, ready,pending,later")).expect("parses");
    assert!(flags.contains(&CloudPcDeviceImageStatus::Pending));
    assert!(flags.contains(&CloudPcDeviceImageStatus::Ready));
    assert!(!flags.contains(&CloudPcDeviceImageStatus::Failed));
    assert_eq!(flags.iter().count(), 3, "a repeated member counts once; an unknown one is kept");
    assert_eq!(flags.to_wire(), json!("pending,ready,later"));
    let empty: rt::Flags<CloudPcDeviceImageStatus> = rt::Wire::from_wire(json!("")).expect("parses");
    assert_eq!(empty.iter().count(), 0);
}

/// Reads `sent` as `T` and writes it back.
fn round_trip<T: Wire>(sent: Value) -> Value {
    T::from_wire(sent.clone()).unwrap_or_else(|err| panic!("{sent} does not parse: {err}")).to_wire()
}

#[test]
fn every_primitive_reads_and_writes_its_wire_form() {
    // (what was sent, what is written back): the same unless the comment says otherwise.
    let same = |value: Value| (value.clone(), value);
    type RoundTrip = fn(Value) -> Value;
    let cases: Vec<(&str, RoundTrip, (Value, Value))> = vec![
        ("Edm.Binary", round_trip::<rt::Binary>, same(json!("aGVsbG8="))),
        ("Edm.Boolean", round_trip::<bool>, same(json!(true))),
        ("Edm.Byte", round_trip::<u8>, same(json!(255))),
        ("Edm.Date", round_trip::<rt::Date>, same(json!("2023-11-15"))),
        ("Edm.DateTimeOffset", round_trip::<rt::DateTimeOffset>, same(json!("2023-10-02T08:30:00.1230000+02:00"))),
        // No offset: read as UTC, written as sent.
        ("Edm.DateTimeOffset", round_trip::<rt::DateTimeOffset>, same(json!("2023-10-02T08:30:00"))),
        ("Edm.Decimal", round_trip::<rt::Decimal>, same(json!(12.5))),
        ("Edm.Decimal", round_trip::<rt::Decimal>, same(json!("12.50"))),
        ("Edm.Double", round_trip::<f64>, same(json!(2.5))),
        ("Edm.Double", round_trip::<f64>, same(json!("NaN"))),
        ("Edm.Double", round_trip::<f64>, same(json!("-INF"))),
        // A whole number goes back out as an integer.
        ("Edm.Double", round_trip::<f64>, same(json!(3))),
        ("Edm.Duration", round_trip::<rt::Duration>, same(json!("P1DT2H30M"))),
        ("Edm.Duration", round_trip::<rt::Duration>, same(json!("PT0.5S"))),
        ("Edm.Guid", round_trip::<rt::Guid>, same(json!("EDA7ED64-7705-4079-9D08-C2BD883FFFFF"))),
        ("Edm.Int16", round_trip::<i16>, same(json!(-32768))),
        ("Edm.Int32", round_trip::<i32>, same(json!(2_147_483_647))),
        ("Edm.Int64", round_trip::<i64>, same(json!(9_007_199_254_740_993_i64))),
        // IEEE754Compatible sends Int64 as a string; it is written back as a number.
        ("Edm.Int64", round_trip::<i64>, (json!("9007199254740993"), json!(9_007_199_254_740_993_i64))),
        ("Edm.SByte", round_trip::<i8>, same(json!(-128))),
        ("Edm.Single", round_trip::<f32>, same(json!(0.5))),
        ("Edm.Single", round_trip::<f32>, same(json!("INF"))),
        ("Edm.String", round_trip::<String>, same(json!("text"))),
        ("Edm.TimeOfDay", round_trip::<rt::TimeOfDay>, same(json!("08:30:00.0000000"))),
        ("Edm.TimeOfDay", round_trip::<rt::TimeOfDay>, same(json!("23:59:59"))),
        ("Edm.Untyped", round_trip::<rt::Value>, same(json!({"any": ["thing", 1]}))),
    ];
    for (edm, round_trip, (sent, expected)) in cases {
        assert_eq!(round_trip(sent.clone()), expected, "{edm}: {sent}");
    }
    assert_eq!(round_trip::<rt::Binary>(json!("aGVsbG8=")), json!("aGVsbG8="));
    let bytes = rt::Binary::from_wire(json!("aGVsbG8=")).expect("base64");
    assert_eq!(bytes.0, b"hello");
    let duration = rt::Duration::from_wire(json!("P1DT2H30M")).expect("a duration");
    assert_eq!(duration.get().whole_minutes(), 24 * 60 + 150);
    assert_eq!(rt::Duration::new(time::Duration::minutes(90)).to_wire(), json!("PT1H30M"));
    let guid = rt::Guid::from_wire(json!("EDA7ED64-7705-4079-9D08-C2BD883FFFFF")).expect("a guid");
    assert_eq!(guid, rt::Guid::from_wire(json!("eda7ed64-7705-4079-9d08-c2bd883fffff")).expect("a guid"));
}

#[test]
fn values_of_the_wrong_shape_are_errors_that_name_the_field() {
    let cases = [
        (json!({"displayName": 5}), "at displayName: expected a string, found the number 5"),
        (
            json!({"expirationDate": "soon"}),
            "at expirationDate: expected a date such as 2023-11-15, found the string \"soon\"",
        ),
        (json!([1]), "expected a cloudPcDeviceImage object, found an array"),
        // Of two wrong properties, the one read first (in the docs' order) is reported.
        (json!({"expirationDate": "soon", "displayName": 5}), "at displayName: expected a string, found the number 5"),
    ];
    for (sent, message) in cases {
        let error = CloudPcDeviceImage::from_wire(sent.clone()).expect_err("the value is refused");
        assert_eq!(error.to_string(), message, "for {sent}");
    }
    let error = i16::from_wire(json!(40_000)).expect_err("out of range");
    assert_eq!(error.to_string(), "expected an integer that fits i16, found the number 40000");
    let error = rt::Duration::from_wire(json!("P1M")).expect_err("months have no fixed length");
    assert_eq!(error.to_string(), "expected an ISO 8601 duration such as PT1H30M, found the string \"P1M\"");
}

fn polymorphic_fixture() -> String {
    tests_dir().join("fixtures/models/polymorphic").display().to_string()
}

#[test]
fn generate_writes_a_crate_then_touches_only_what_changed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("shapes");
    let out_arg = out.display().to_string();
    let (code, _, stderr) = run_cli(&["generate", &polymorphic_fixture(), "--out", &out_arg]);
    assert_eq!(code, 0, "stderr: {stderr}");
    assert!(
        stderr.contains("15 files (15 written, 0 unchanged, 0 removed) for 5 types and 0 enums"),
        "stderr: {stderr}"
    );
    #[cfg(unix)]
    {
        // Generated files get the permissions of any new file, not tempfile's private 0600.
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(dir.path().join("plain"), "").expect("write");
        let mode = |path: &std::path::Path| std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode(&out.join("src/graph/shape.rs")), mode(&dir.path().join("plain")));
    }
    let cargo_toml = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    assert!(cargo_toml.contains("name = \"shapes\""), "the package is named after the folder: {cargo_toml}");

    // A file of the user's, a file an older run generated (the manifest lists it), and a file
    // that carries the marker but that docgen never wrote here (a copy from another crate).
    let manifest = std::fs::read_to_string(out.join(".docgen-files")).expect("manifest");
    assert!(
        manifest.starts_with("# @generated by docgen") && manifest.contains("\nsrc/graph/shape.rs\n"),
        "{manifest}"
    );
    std::fs::write(out.join(".docgen-files"), format!("{manifest}src/graph/square.rs\n")).expect("write");
    std::fs::write(out.join("src/notes.md"), "mine").expect("write");
    let marked = "//! Old.\n//! @generated by docgen; do not edit.\n";
    std::fs::write(out.join("src/graph/square.rs"), marked).expect("write");
    std::fs::write(out.join("src/graph/copied.rs"), marked).expect("write");
    let before = std::fs::metadata(out.join("src/graph/shape.rs")).and_then(|meta| meta.modified()).expect("mtime");

    let (code, stdout, stderr) = run_cli(&["generate", &polymorphic_fixture(), "--out", &out_arg, "--check"]);
    assert_eq!(code, 1, "a stale file is drift; stderr: {stderr}");
    assert_eq!(stdout, format!("stale:   {out_arg}/src/graph/square.rs (no longer generated)\n"));
    assert!(stderr.contains("regenerate with `docgen generate"), "stderr: {stderr}");
    assert!(stderr.contains("neither the docs nor the Rust API have changed since"), "stderr: {stderr}");

    let (code, _, stderr) = run_cli(&["generate", &polymorphic_fixture(), "--out", &out_arg]);
    assert_eq!(code, 0, "stderr: {stderr}");
    assert!(stderr.contains("15 files (0 written, 15 unchanged, 1 removed)"), "stderr: {stderr}");
    let after = std::fs::metadata(out.join("src/graph/shape.rs")).and_then(|meta| meta.modified()).expect("mtime");
    assert_eq!(before, after, "an unchanged file was rewritten");
    assert!(out.join("src/notes.md").exists(), "a file docgen did not generate was removed");
    assert!(out.join("src/graph/copied.rs").exists(), "a marked file docgen did not write here was removed");
    assert!(!out.join("src/graph/square.rs").exists());

    let (code, stdout, _) = run_cli(&["generate", &polymorphic_fixture(), "--out", &out_arg, "--check"]);
    assert_eq!((code, stdout.as_str()), (0, ""));

    std::fs::write(out.join("src/graph/circle.rs"), "edited").expect("write");
    std::fs::remove_file(out.join("src/graph/polygon.rs")).expect("remove");
    let (code, stdout, _) = run_cli(&["generate", &polymorphic_fixture(), "--out", &out_arg, "--check"]);
    assert_eq!(code, 1);
    assert_eq!(stdout, format!("missing: {out_arg}/src/graph/polygon.rs\nchanged: {out_arg}/src/graph/circle.rs\n"));
    assert_eq!(std::fs::read_to_string(out.join("src/graph/circle.rs")).expect("read"), "edited", "--check wrote");
}

#[test]
fn only_pulls_in_what_the_selection_references() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("picked");
    let out_arg = out.display().to_string();
    let (code, _, stderr) = run_cli(&["generate", &polymorphic_fixture(), "--out", &out_arg, "--only", "Drawing"]);
    assert_eq!(code, 0, "stderr: {stderr}");
    // drawing references shape and triangle; triangle's base is polygon. circle derives from
    // shape but nothing references it.
    assert_eq!(
        files_under(&out),
        [
            ".docgen-files",
            "Cargo.toml",
            "docgen-ir.json",
            "src/api/mod.rs",
            "src/batch.rs",
            "src/client.rs",
            "src/endpoint.rs",
            "src/graph/drawing.rs",
            "src/graph/mod.rs",
            "src/graph/polygon.rs",
            "src/graph/shape.rs",
            "src/graph/triangle.rs",
            "src/lib.rs",
            "src/rt.rs",
            "src/upload.rs"
        ]
    );
    let shape = std::fs::read_to_string(out.join("src/graph/shape.rs")).expect("shape");
    assert!(shape.contains("Polygon(AnyPolygon)") && !shape.contains("Circle"), "{shape}");

    let (code, _, stderr) = run_cli(&["generate", &polymorphic_fixture(), "--out", &out_arg, "--only", "nothing*"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr.lines().last(),
        Some("error: --only pattern \"nothing*\" matches no type, enum, namespace or operation")
    );
}

/// Headers don't depend on the directory docgen runs in, so `--check` passes from anywhere.
#[test]
fn check_passes_on_the_checked_in_crate() {
    let root = workspace_root();
    let docs = root.join("docs-input/2023-11-15/beta").display().to_string();
    let out = root.join("generated").display().to_string();
    let (code, stdout, stderr) =
        run_cli(&["generate", &docs, "--out", &out, "--name", "docgen-generated", "--example-tests", "--check"]);
    assert_eq!((code, stdout.as_str()), (0, ""), "stderr: {stderr}");
}

#[test]
fn build_scripts_get_clear_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = tests_dir().join("fixtures/models/polymorphic");
    let models = docgen::build::Models::new(&docs).out_dir(dir.path());
    let error = models.clone().module_path("not a path").generate_quietly().expect_err("a bad path");
    assert_eq!(error.to_string(), "module path \"not a path\" is not a Rust path such as `crate::graph_models`");
    let error = models.clone().out_dir("relative").generate_quietly().expect_err("a relative OUT_DIR");
    assert!(error.to_string().starts_with("OUT_DIR is not set to an absolute directory"), "{error}");
    let generated = models.only(["circle"]).generate_quietly().expect("generates");
    assert_eq!(generated.pages.len(), 5);
    let include = std::fs::read_to_string(&generated.include).expect("the include file");
    assert!(include.contains("pub mod graph;") && include.contains("pub mod rt;"), "{include}");
    assert!(dir.path().join("graph_models/graph/circle.rs").exists());
    assert!(!dir.path().join("graph_models/graph/drawing.rs").exists(), "--only was ignored");
}

#[test]
fn generate_never_overwrites_a_file_it_did_not_generate() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"mine\"\n").expect("write");
    let out = dir.path().display().to_string();
    let (code, _, stderr) = run_cli(&["generate", &polymorphic_fixture(), "--out", &out]);
    assert_eq!(code, 2, "stderr: {stderr}");
    assert!(
        stderr.contains("cannot replace") && stderr.contains("does not carry \"@generated by docgen\""),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("Cargo.toml")).expect("read"), "[package]\nname = \"mine\"\n");
    assert!(!dir.path().join("src").exists(), "files were written before the refusal");
}

/// The public surface of a crate's `api` module: every function's module file and signature,
/// without doc comments (which name the pages).
fn api_surface(files: &BTreeMap<String, String>) -> Vec<String> {
    let mut surface = Vec::new();
    for (path, text) in files.iter().filter(|(path, _)| path.starts_with("src/api/")) {
        let file = syn::parse_file(text).expect("generated code parses");
        for item in file.items {
            match item {
                syn::Item::Fn(function) => {
                    let signature = &function.sig;
                    surface.push(format!("{path}: {}", quote::quote!(#signature)));
                }
                syn::Item::Struct(item) => surface.push(format!("{path}: struct {}", item.ident)),
                syn::Item::Use(item) => surface.push(format!("{path}: {}", quote::quote!(#item))),
                _ => {}
            }
        }
    }
    surface
}

/// Issue 15: an endpoint's Rust path comes from its method and path alone, so renaming a page
/// or reordering the paths of its HTTP request block changes no public item or signature.
#[test]
fn page_renames_and_path_order_leave_the_api_unchanged() {
    let fixture = tests_dir().join("fixtures/models/endpoints");
    let before = generate(&ir_of_dir(&fixture), "endpoints");

    let moved = tempfile::tempdir().expect("temp dir");
    for folder in ["api", "resources"] {
        std::fs::create_dir_all(moved.path().join(folder)).expect("folder");
        for entry in std::fs::read_dir(fixture.join(folder)).expect("fixture folder") {
            let entry = entry.expect("entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            let mut text = std::fs::read_to_string(entry.path()).expect("page");
            if name == "driveitem-copy.md" {
                // The two paths of the request block, swapped.
                let first = "POST /drives/{drive-id}/items/{item-id}/copy\n";
                let second = "POST /me/drive/items/{item-id}/copy\n";
                assert!(text.contains(&format!("{first}{second}")), "the fixture lists both paths");
                text = text.replace(&format!("{first}{second}"), &format!("{second}{first}"));
            }
            let renamed = match name.as_str() {
                "driveitem-copy.md" => "copy-a-file.md".to_owned(),
                "driveitem-list-children.md" => "folder-children.md".to_owned(),
                _ => name,
            };
            std::fs::write(moved.path().join(folder).join(renamed), text).expect("write");
        }
    }
    let after = generate(&ir_of_dir(moved.path()), "endpoints");
    let surface = api_surface(&before.files);
    assert!(surface.iter().any(|item| item.contains("src/api/me/drive/items/mod.rs: fn copy")), "{surface:#?}");
    assert_eq!(surface, api_surface(&after.files));
}

/// Issue 15: a slice (`--only`) names its endpoints as the full crate does, because names come
/// from the whole docs' vocabulary, not from what the slice keeps.
#[test]
fn a_slice_names_endpoints_as_the_full_crate() {
    let full = ir_of_dir(&tests_dir().join("fixtures/models/endpoints"));
    let vocabulary = docgen::emit::endpoint_plan::Vocabulary::of(&full);
    let whole = docgen::emit::api_surface(&full, Some(&vocabulary));
    let slice = docgen::emit::select::select(
        full.clone(),
        &docgen::emit::select::Selection::only(&["driveitem-copy".to_owned()]),
    )
    .expect("selects");
    let sliced = docgen::emit::api_surface(&slice, Some(&vocabulary));
    let functions: Vec<&String> = sliced.items.keys().filter(|path| path.starts_with("api::")).collect();
    assert!(functions.iter().any(|path| path.as_str() == "api::me::drive::items::copy"), "{functions:?}");
    for path in functions {
        assert_eq!(sliced.items.get(path), whole.items.get(path), "{path}");
    }
}

/// Issue 15: whether a POST creates or runs an action is decided by the path's own neighbours
/// (a GET of it, a path below it, a type's navigation of that name), not by the same segment
/// somewhere else, so an unrelated page cannot rename it.
#[test]
fn a_post_creates_only_where_its_own_path_is_read() {
    let api_page = |name: &str, requests: &str| {
        let text = format!(
            "---\ntitle: \"{name}\"\ndoc_type: apiPageType\n---\n\n# {name}\n\nNamespace: microsoft.graph\n\n\
             Does one thing.\n\n## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n\n```http\n{requests}\n```\n"
        );
        docgen::source::SourceFile::new(format!("api/{name}.md"), text)
    };
    let pages = [
        api_page("shelf-archive", "POST /shelves/{id}/archive"),
        // Elsewhere the docs read a segment of the same name (a doc error, as with `dismiss` on beta).
        api_page("vault-archive", "GET /vaults/archive"),
        api_page("shelf-list-books", "GET /shelves/{id}/books"),
        api_page("shelf-post-books", "POST /shelves/{id}/books"),
        api_page("shelf-post-labels", "POST /shelves/{id}/labels"),
        api_page("shelf-delete-label", "DELETE /shelves/{id}/labels/{label-id}"),
    ];
    let surface = docgen::emit::api_surface(&ir_of_pages(&pages), None);
    let functions: Vec<&str> =
        surface.items.keys().map(String::as_str).filter(|path| path.starts_with("api::")).collect();
    for expected in ["api::shelves::archive", "api::shelves::books::create", "api::shelves::labels::create"] {
        assert!(functions.contains(&expected), "{expected} missing from {functions:#?}");
    }
    assert!(!functions.contains(&"api::shelves::archive::create"), "{functions:#?}");
}
