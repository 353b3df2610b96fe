//! `docgen drift` (issue 5): one fixture pair per rule, the two `docs-input/` revisions, the two
//! corpus beta revisions, git roots against folders, and exit codes.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use docgen::drift::{self, DiffOptions, RULES};

use crate::support::{copy_dir, corpus, ir_of_dir, run_cli, tests_dir, workspace_root};

fn drift_of(old: &Path, new: &Path, descriptions: bool) -> drift::Drift {
    drift::diff(&ir_of_dir(old), &ir_of_dir(new), &DiffOptions { descriptions })
}

/// Fixture folders under `tests/fixtures/drift`, sorted.
fn drift_fixtures() -> Vec<String> {
    let root = tests_dir().join("fixtures/drift");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .unwrap_or_else(|err| panic!("{} is readable: {err}", root.display()))
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_rule_has_a_fixture_and_every_fixture_names_a_rule() {
    let fixtures: BTreeSet<String> = drift_fixtures().into_iter().collect();
    let rules: BTreeSet<String> = RULES.iter().map(|rule| rule.id.to_owned()).collect();
    let missing: Vec<&String> = rules.difference(&fixtures).collect();
    let unknown: Vec<&String> = fixtures.difference(&rules).collect();
    assert!(missing.is_empty(), "rules without a fixture in tests/fixtures/drift: {missing:?}");
    assert!(unknown.is_empty(), "fixtures that name no rule: {unknown:?}");
}

/// Each `tests/fixtures/drift/<rule>/{old,new}` pair makes one change, classified by `<rule>`.
#[test]
fn each_rule_fixture_reports_exactly_its_rule() {
    for name in drift_fixtures() {
        let dir = tests_dir().join("fixtures/drift").join(&name);
        let descriptions = name == drift::rules::DESCRIPTION_CHANGED.id;
        let drift = drift_of(&dir.join("old"), &dir.join("new"), descriptions);
        // A doc change also changes the Rust API: each fixture is checked on its own side, the
        // IR's rules for IR fixtures and the API's (`api-*`) for API fixtures.
        let api_fixture = name.starts_with("api-");
        let rules: Vec<&str> = drift
            .changes
            .iter()
            .filter(|change| (change.entity == drift::Entity::Api) == api_fixture)
            .map(|change| change.rule)
            .collect();
        let expected: &[&str] = match name.as_str() {
            // The property lands on the base type (added there) and leaves the derived one.
            "property-moved" => &["property-added", "property-moved"],
            // A derived type of a derived type: its struct and Any-enum are new items.
            "api-variant-retyped" => &["api-item-added", "api-item-added", "api-variant-retyped"],
            other => &[other],
        };
        let mut sorted = rules.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, expected, "fixture {name}");
        let rule = RULES.iter().find(|rule| rule.id == name).expect("fixture names a rule");
        let change = drift.changes.iter().find(|change| change.rule == name).expect("the rule's change");
        assert_eq!((change.impact, change.breaking), (rule.impact, rule.impact == drift::Impact::Breaking), "{name}");
        insta::with_settings!({ snapshot_suffix => name.clone() }, {
            insta::assert_snapshot!("drift_rule_fixture", drift::render::text(&drift));
        });
    }
}

fn docs_input(revision: &str) -> std::path::PathBuf {
    workspace_root().join("docs-input").join(revision).join("beta")
}

/// The differences written into `docs-input/2023-11-15` on purpose, and nothing else.
#[test]
fn docs_input_drift_is_exactly_what_the_revisions_differ_in() {
    let drift = drift_of(&docs_input("2021-06-01"), &docs_input("2023-11-15"), false);
    let listed: Vec<String> = drift
        .changes
        .iter()
        .map(|change| format!("{} {} {}", change.rule, change.owner.as_deref().unwrap_or("-"), change.name))
        .collect();
    let image = "microsoft.graph.cloudPcDeviceImage";
    let status = "microsoft.graph.cloudPcDeviceImageStatus";
    let details = "microsoft.graph.cloudPcDeviceImageStatusDetails";
    let images = "api::device_management::virtual_endpoint::device_images";
    let expected = [
        format!("property-made-read-only {image} displayName"),
        format!("property-added {image} errorCode"),
        format!("property-added {image} expirationDate"),
        format!("property-made-read-only {image} id"),
        format!("property-made-read-only {image} osBuildNumber"),
        format!("property-added {image} osStatus"),
        format!("property-made-read-only {image} sourceImageResourceId"),
        format!("property-made-read-only {image} version"),
        "enum-added - microsoft.graph.cloudPcDeviceImageErrorCode".to_owned(),
        "enum-added - microsoft.graph.cloudPcDeviceImageOsStatus".to_owned(),
        format!("member-removed {status} deleting"),
        format!("member-added {status} unknownFutureValue"),
        format!("member-added {details} paidSourceImageNotSupport"),
        format!("member-added {details} sourceImageNotGeneralized"),
        format!("member-added {details} sourceImageNotSupportCustomizeVMName"),
        format!("member-added {details} sourceImageSizeExceedsLimitation"),
        format!("member-added {details} unknownFutureValue"),
        format!("member-added {details} vmAlreadyAzureAdJoined"),
        "type-added - microsoft.graph.cloudPcSourceDeviceImage".to_owned(),
        "operation-added - cloudpcdeviceimage-getsourceimages".to_owned(),
        "operation-removed - cloudpcdeviceimage-update".to_owned(),
        "operation-renamed - virtualendpoint-list-deviceimages".to_owned(),
        "operation-renamed - virtualendpoint-post-deviceimages".to_owned(),
        // The Rust API: the list and create pages moved, which changes no function.
        format!("api-function-added {images} {images}::get_source_images"),
        format!("api-function-removed {images} {images}::update"),
        "api-item-added graph graph::CloudPcDeviceImageErrorCode".to_owned(),
        "api-item-added graph graph::CloudPcDeviceImageOsStatus".to_owned(),
        "api-item-added graph graph::CloudPcSourceDeviceImage".to_owned(),
        "api-field-added graph::CloudPcDeviceImage error_code".to_owned(),
        "api-field-added graph::CloudPcDeviceImage expiration_date".to_owned(),
        "api-field-added graph::CloudPcDeviceImage os_status".to_owned(),
        "api-variant-removed graph::CloudPcDeviceImageStatus Deleting".to_owned(),
        "api-variant-added graph::CloudPcDeviceImageStatus UnknownFutureValue".to_owned(),
        "api-variant-added graph::CloudPcDeviceImageStatusDetails PaidSourceImageNotSupport".to_owned(),
        "api-variant-added graph::CloudPcDeviceImageStatusDetails SourceImageNotGeneralized".to_owned(),
        "api-variant-added graph::CloudPcDeviceImageStatusDetails SourceImageNotSupportCustomizeVmName".to_owned(),
        "api-variant-added graph::CloudPcDeviceImageStatusDetails SourceImageSizeExceedsLimitation".to_owned(),
        "api-variant-added graph::CloudPcDeviceImageStatusDetails UnknownFutureValue".to_owned(),
        "api-variant-added graph::CloudPcDeviceImageStatusDetails VmAlreadyAzureAdJoined".to_owned(),
    ];
    assert_eq!(listed, expected);
    assert_eq!((drift.compared.types, drift.compared.enums, drift.compared.operations), (3, 4, 7));
    assert_eq!(drift.description_edits, 11);
}

#[test]
fn docs_input_drift_formats_match_their_snapshots() {
    let (old, new) = (docs_input("2021-06-01"), docs_input("2023-11-15"));
    let drift = drift_of(&old, &new, false);
    insta::assert_snapshot!("docs_input_drift_text", drift::render::text(&drift));
    insta::assert_snapshot!("docs_input_drift_markdown", drift::render::markdown(&drift, &Default::default()));
    insta::assert_snapshot!("docs_input_drift_json", drift::render::json(&drift).expect("serialises"));
    let options = drift::render::ChangelogOptions {
        version: "beta".to_owned(),
        created: "2023-11-15T00:00:00Z".to_owned(),
        workload_area: "Devices and apps".to_owned(),
        sub_area: "Cloud PC".to_owned(),
    };
    insta::assert_snapshot!(
        "docs_input_drift_changelog",
        drift::render::changelog(&drift, &options).expect("serialises")
    );
    let described = drift_of(&old, &new, true);
    insta::assert_snapshot!("docs_input_drift_text_with_descriptions", drift::render::text(&described));
}

#[test]
fn drift_json_keeps_the_contract_field_order_and_values() {
    let drift = drift_of(&docs_input("2021-06-01"), &docs_input("2023-11-15"), false);
    let json: serde_json::Value =
        serde_json::from_str(&drift::render::json(&drift).expect("serialises")).expect("JSON");
    let top: Vec<&str> = json.as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(top[..4], ["drift_version", "summary", "compared", "changes"]);
    let summary = &json["summary"];
    assert_eq!(summary["changes"], json["changes"].as_array().expect("array").len());
    let per_impact = ["breaking", "flagged", "compatible"].map(|impact| summary[impact].as_u64().expect("count"));
    assert_eq!(per_impact.iter().sum::<u64>(), summary["changes"].as_u64().expect("count"));
    assert_eq!(json["drift_version"], 1);
    let first = json["changes"][0].as_object().expect("object");
    let keys: Vec<&str> = first.keys().map(String::as_str).collect();
    assert_eq!(keys[..8], ["change", "entity", "owner", "name", "from", "to", "breaking", "rule"]);
    let entities: BTreeSet<&str> =
        ["type", "property", "navigation", "enum", "member", "operation", "parameter", "permission", "api"].into();
    for change in json["changes"].as_array().expect("array") {
        assert!(["added", "removed", "changed"].contains(&change["change"].as_str().expect("change")));
        assert!(entities.contains(change["entity"].as_str().expect("entity")), "{change}");
    }
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=docgen", "-c", "user.email=docgen@example.invalid", "-c", "commit.gpgsign=false"])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

/// A repository whose `docs/beta` holds docs-input 2021-06-01 at `HEAD~1` and 2023-11-15 at
/// `HEAD`, with an uncommitted edit in the work tree that git roots must not see.
fn docs_repo() -> tempfile::TempDir {
    let repo = tempfile::tempdir().expect("temp dir");
    let docs = repo.path().join("docs/beta");
    git(repo.path(), &["init", "-q"]);
    copy_dir(&docs_input("2021-06-01"), &docs);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-qm", "old"]);
    std::fs::remove_dir_all(&docs).expect("clear");
    copy_dir(&docs_input("2023-11-15"), &docs);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-qm", "new"]);
    std::fs::write(docs.join("resources/entity.md"), "# scratch\n").expect("dirty the work tree");
    repo
}

#[test]
fn git_revisions_and_folders_give_identical_reports() {
    let repo = docs_repo();
    let spec = |rev: &str| format!("git:{}@{rev}:docs/beta", repo.path().display());
    let (old_folder, new_folder) = (docs_input("2021-06-01"), docs_input("2023-11-15"));
    for format in ["text", "json", "markdown"] {
        let from_git = run_cli(&["drift", &spec("HEAD~1"), &spec("HEAD"), "--format", format]);
        let from_folders =
            run_cli(&["drift", &old_folder.to_string_lossy(), &new_folder.to_string_lossy(), "--format", format]);
        assert_eq!(from_git.0, 1, "{format}: {}", from_git.2);
        // The reports name their roots as given; everything else is the same.
        let unnamed = |report: &str| {
            report
                .replace(&spec("HEAD~1"), "OLD")
                .replace(&spec("HEAD"), "NEW")
                .replace(&*old_folder.to_string_lossy(), "OLD")
                .replace(&*new_folder.to_string_lossy(), "NEW")
        };
        assert_eq!(unnamed(&from_git.1), unnamed(&from_folders.1), "{format}");
    }
    // The same revision on both sides: no drift, and the counts are still printed.
    let (code, stdout, _) = run_cli(&["drift", &spec("HEAD"), &spec("HEAD")]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("docgen drift: compared 3 types, 4 enums, 6 operations: 0 changes"), "{stdout}");
}

#[test]
fn a_tool_error_never_looks_like_no_drift() {
    let repo = docs_repo();
    let new = docs_input("2023-11-15");
    let new = new.to_string_lossy();
    let cases = [
        (format!("git:{}@no-such-rev:docs/beta", repo.path().display()), "names no commit"),
        (format!("git:{}@HEAD:no/such/folder", repo.path().display()), "no .md pages under \"no/such/folder\""),
        ("git:missing-at-sign".to_owned(), "found no '@'"),
        ("no/such/docs/root".to_owned(), "is not a readable directory"),
    ];
    for (old, message) in cases {
        let (code, stdout, stderr) = run_cli(&["drift", &old, &new]);
        assert_eq!(code, 2, "{old}: {stderr}");
        assert!(stdout.is_empty(), "{old}: printed a report: {stdout}");
        assert!(stderr.contains(message), "{old}: {stderr}");
    }
}

#[test]
fn fail_on_decides_which_drift_exits_1() {
    let compatible = tests_dir().join("fixtures/drift/property-added");
    let breaking = tests_dir().join("fixtures/drift/property-removed");
    let run = |dir: &Path, fail_on: &str| {
        let (old, new) = (dir.join("old"), dir.join("new"));
        run_cli(&["drift", &old.to_string_lossy(), &new.to_string_lossy(), "--fail-on", fail_on]).0
    };
    assert_eq!(run(&compatible, "any"), 1);
    assert_eq!(run(&compatible, "breaking"), 0);
    assert_eq!(run(&breaking, "breaking"), 1);
    assert_eq!(run(&breaking, "none"), 0);
}

/// The corpus drift between the two beta revisions: counts per rule, and every Cloud PC change.
#[test]
fn corpus_beta_drift_counts_and_cloud_pc_listing() {
    let (Some(old), Some(new)) = (corpus("graph-docs/2021-03-31/beta"), corpus("graph-docs/2021-07-16/beta")) else {
        return;
    };
    let drift = drift_of(&old, &new, false);
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for change in &drift.changes {
        *counts.entry(format!("{} {}", change.impact.as_str(), change.rule)).or_default() += 1;
    }
    let mut summary = format!("{}\n", drift::render::headline(&drift));
    for (rule, count) in counts {
        summary.push_str(&format!("{rule}: {count}\n"));
    }
    insta::assert_snapshot!("corpus_beta_drift_counts", summary);
    // Issue 15: headers the client sets are not API, and a permission's spelling fix is flagged.
    let client_header =
        |name: &str| ["authorization", "content-type", "accept"].contains(&name.to_ascii_lowercase().as_str());
    assert!(!drift.changes.iter().any(|change| change.aspect == Some("header") && client_header(&change.name)));
    let spelling = |change: &&drift::Change| change.name.contains("AzureADGroup");
    assert!(drift
        .changes
        .iter()
        .filter(spelling)
        .all(|change| change.rule == "permission-renamed" && !change.breaking));
    assert!(drift.changes.iter().filter(spelling).count() >= 20);
    // A page id reused by another page pairs by its request: the old page is renamed, not removed.
    assert!(drift
        .changes
        .iter()
        .any(|change| change.rule == "operation-renamed"
            && change.from == serde_json::json!("channel-list-messagereplies")));

    let cloud_pc = |name: &str| name.to_ascii_lowercase().contains("cloudpc");
    let mut listing = drift.clone();
    listing.keep(|change| cloud_pc(change.subject()));
    insta::assert_snapshot!("corpus_beta_drift_cloud_pc", drift::render::text(&listing));

    // Issue 18: the markdown fits a pull-request comment and starts with the breaking changes.
    let markdown = drift::render::markdown(&drift, &Default::default());
    assert!(markdown.len() <= drift::render::PR_COMMENT_CHARS, "{} characters", markdown.len());
    let first_table = markdown.find("\n| Item |").expect("a change table");
    let heading = format!("### Breaking changes ({})\n", drift.summary.breaking);
    assert!(markdown[..first_table].ends_with(&heading), "{}", &markdown[..first_table]);
    let first_row = markdown[first_table..].lines().nth(3).expect("a row");
    assert!(first_row.ends_with("`property-removed` |"), "{first_row}");
    assert!(markdown.contains("*Not shown to fit a pull-request comment: "));
    // The breaking changes are cut, so no flagged or compatible row is shown after them.
    assert!(!markdown.contains("<details>"), "rows after the cut");
    let rows = |text: &str| text.lines().filter(|line| line.starts_with("| ") && line.ends_with("` |")).count();
    let capped =
        drift::render::markdown(&drift, &drift::render::MarkdownOptions { max_rows: Some(7), ..Default::default() });
    assert_eq!(rows(&capped), 7);
    // `--only breaking` lists exactly the breaking changes; the summary still counts all.
    let mut breaking = drift.clone();
    breaking.retain(&[drift::Impact::Breaking]);
    assert_eq!(breaking.changes.len(), drift.count(drift::Impact::Breaking));
    assert!(breaking.changes.iter().all(|change| change.breaking));
    assert_eq!(breaking.summary, drift::Summary { listed: breaking.changes.len(), ..drift.summary });
}

/// `generate --check` on a stale crate says what changed in the docs, from the IR the crate
/// recorded when it was generated.
#[test]
fn a_stale_crate_check_reports_the_docs_drift_since_generation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("models");
    let out_arg = out.to_string_lossy().into_owned();
    let (old, new) = (docs_input("2021-06-01"), docs_input("2023-11-15"));
    let (code, _, stderr) = run_cli(&["generate", &old.to_string_lossy(), "--out", &out_arg]);
    assert_eq!(code, 0, "{stderr}");
    let record = out.join(docgen::emit::record::RECORD_FILE);
    let recorded = docgen::emit::record::read_record(&std::fs::read_to_string(&record).expect("record written"));
    let (recorded_ir, recorded_api) = recorded.expect("record reads back");
    assert_eq!(recorded_ir.types, ir_of_dir(&old).types);
    assert_eq!(recorded_ir.operations.len(), ir_of_dir(&old).operations.len());
    assert!(recorded_api.items.contains_key("api::device_management::virtual_endpoint::device_images::update"));

    let (code, stdout, stderr) = run_cli(&["generate", &new.to_string_lossy(), "--out", &out_arg, "--check"]);
    assert_eq!(code, 1, "{stderr}");
    let report = stdout.split_once("what changed in the docs since").map(|(_, report)| report).unwrap_or_default();
    for line in [
        "+ property expirationDate: Edm.Date",
        "- member deleting = 3  [breaking: member-removed]",
        "+ type microsoft.graph.cloudPcSourceDeviceImage (complex)",
        "~ property displayName: description Name of the image as administrators see it. -> Name of the image as administrators see it. Read-only.",
        // The Rust API since generation, from the API the crate recorded.
        "- api api::device_management::virtual_endpoint::device_images::update: fn update(",
        "+ api os_status: graph::CloudPcDeviceImageOsStatus",
    ] {
        assert!(report.contains(line), "missing {line:?} in:\n{stdout}");
    }

    // Regenerated, then a generated file edited by hand: no doc change is invented.
    let (code, _, stderr) = run_cli(&["generate", &new.to_string_lossy(), "--out", &out_arg]);
    assert_eq!(code, 0, "{stderr}");
    let edited = out.join("src/graph/entity.rs");
    let text = std::fs::read_to_string(&edited).expect("generated file");
    std::fs::write(&edited, format!("{text}// a local fix\n")).expect("edit");
    let (code, stdout, stderr) = run_cli(&["generate", &new.to_string_lossy(), "--out", &out_arg, "--check"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("changed: ") && !stdout.contains("what changed in the docs"), "{stdout}");
    assert!(stderr.contains("neither the docs nor the Rust API have changed"), "{stderr}");
    assert!(stderr.contains("edited by hand"), "{stderr}");

    std::fs::remove_file(&record).expect("remove the record");
    let (code, stdout, stderr) = run_cli(&["generate", &new.to_string_lossy(), "--out", &out_arg, "--check"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("missing: "), "{stdout}");
    assert!(stderr.contains("docgen-ir.json is missing, so what changed in the docs is unknown"), "{stderr}");
}

#[test]
fn the_readme_lists_the_rules_table_as_the_code_has_it() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README.md");
    let table = drift::rules::markdown_table();
    assert!(readme.contains(&table), "README.md's drift rules table is stale; paste this in its place:\n{table}");
}

/// Issue 15: a page moved to another file changes no Rust item, so the drift's API side is empty;
/// a documented path removed makes `--fail-on breaking` exit 1 and names the lost function.
#[test]
fn api_drift_sees_what_callers_see() {
    let renamed = tests_dir().join("fixtures/drift/operation-renamed");
    let drift = drift_of(&renamed.join("old"), &renamed.join("new"), false);
    assert!(drift.changes.iter().any(|change| change.rule == "operation-renamed"), "{:?}", drift.changes);
    assert!(drift.changes.iter().all(|change| change.entity != drift::Entity::Api), "{:?}", drift.changes);

    let removed = tests_dir().join("fixtures/drift/api-function-removed");
    let (old, new) = (removed.join("old"), removed.join("new"));
    let (code, stdout, _) =
        run_cli(&["drift", &old.to_string_lossy(), &new.to_string_lossy(), "--fail-on", "breaking"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("- api api::me::widgets::get: fn get(widget_id: &str)"), "{stdout}");
}

/// Permissions kept in include files (today's docs) drift like permissions in tables: editing the
/// include changes the operation that names it.
#[test]
fn permissions_in_include_files_drift() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    let fixture = tests_dir().join("fixtures/link/includes");
    copy_dir(&fixture, &old);
    copy_dir(&fixture, &new);
    let include = new.join("includes/permissions/widget-get-permissions.md");
    let text = std::fs::read_to_string(&include).expect("include");
    std::fs::write(
        &include,
        text.replace(
            "|Widget.Read.All|Widget.ReadWrite.All, Directory.Read.All|",
            "|Widget.Read.All|Widget.ReadWrite.All|",
        ),
    )
    .expect("write");
    let drift = drift_of(&old, &new, false);
    let changes: Vec<(&str, Option<&str>, &str)> =
        drift.changes.iter().map(|change| (change.rule, change.owner.as_deref(), change.name.as_str())).collect();
    assert_eq!(changes, [("permission-removed", Some("widget-get"), "Directory.Read.All")], "{:#?}", drift.changes);
}

/// A page that lost its `## HTTP request` heading documents no request; when a later revision
/// restores the section, its paths are added, and no method "changed" from nothing to GET.
#[test]
fn a_restored_request_section_adds_paths_without_changing_the_method() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = std::fs::read_to_string(tests_dir().join("fixtures/pages/api-no-request-heading.md")).expect("fixture");
    let restored = page.replace("```http\nGET", "## HTTP request\n\n```http\nGET");
    assert_ne!(page, restored, "the fixture has the request block to restore");
    for (side, text) in [("old", &page), ("new", &restored)] {
        std::fs::create_dir_all(dir.path().join(side).join("api")).expect("folder");
        std::fs::write(dir.path().join(side).join("api/widget-get.md"), text).expect("page written");
    }
    let drift = drift_of(&dir.path().join("old"), &dir.path().join("new"), false);
    let rules: BTreeSet<&str> =
        drift.changes.iter().filter(|change| change.entity != drift::Entity::Api).map(|change| change.rule).collect();
    assert_eq!(rules, BTreeSet::from(["operation-path-added"]), "{:?}", drift.changes);
}
