//! `docgen lint`: one fixture folder per check (`fixtures/lint/<code>/`), the output formats and
//! exit codes, docs-input, the seeds, and the real corpora's counts per code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::{corpus, run_cli, tests_dir, workspace_root};

/// Every lint fixture folder, sorted.
fn lint_cases() -> Vec<(String, std::path::PathBuf)> {
    let root = tests_dir().join("fixtures/lint");
    let mut cases: Vec<(String, std::path::PathBuf)> = std::fs::read_dir(&root)
        .expect("fixtures/lint is readable")
        .map(|entry| {
            let path = entry.expect("entry").path();
            (path.file_name().expect("name").to_string_lossy().into_owned(), path)
        })
        .collect();
    cases.sort();
    cases
}

/// Codes in text output.
fn codes_in(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| {
            line.split_once("[").and_then(|(_, rest)| rest.split_once(']')).map(|(code, _)| code.to_owned())
        })
        .collect()
}

fn lint_text(root: &Path) -> (u8, String, String) {
    run_cli(&["lint", root.to_str().expect("UTF-8 path")])
}

/// Each folder raises the check it is named after; its whole output is snapshotted.
#[test]
fn lint_fixtures() {
    for (case, path) in lint_cases() {
        let (code, stdout, stderr) = lint_text(&path);
        assert_eq!(code, 0, "{case}: only warnings, so exit 0; stderr: {stderr}");
        let raised = codes_in(&stdout);
        let expected = case.replacen('-', ".", 1);
        assert!(raised.contains(&expected), "{case} should raise {expected}:\n{stdout}");
        insta::with_settings!({ snapshot_suffix => case.clone() }, {
            insta::assert_snapshot!("lint_fixture", stdout);
        });
    }
}

/// A check without a fixture has no example a reviewer can read, and may be dead.
#[test]
fn every_check_has_a_fixture() {
    let mut raised = BTreeSet::new();
    for (_, path) in lint_cases() {
        raised.extend(codes_in(&lint_text(&path).1));
    }
    let missing: Vec<&str> =
        docgen::lint::checks().map(|check| check.code).filter(|code| !raised.contains(*code)).collect();
    assert!(missing.is_empty(), "checks without a fixture: {missing:?}");
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README");
    for check in docgen::lint::checks() {
        assert!(readme.contains(&format!("| `{}` |", check.code)), "README's lint table lists {}", check.code);
        assert!(docgen::diag::codes::ALL.iter().any(|code| code.code == check.code), "{} is registered", check.code);
    }
}

#[test]
fn deny_allow_and_exit_codes() {
    let root = tests_dir().join("fixtures/lint/resource-json-missing");
    let root = root.to_str().expect("UTF-8 path");
    let (code, stdout, _) = run_cli(&["lint", root, "--deny", "resource.json-missing"]);
    assert_eq!(code, 1, "a denied code fails the run");
    assert!(stdout.contains("[resource.json-missing]"));
    let (code, _, stderr) = run_cli(&["lint", root, "--deny", "resource.*"]);
    assert_eq!(code, 1, "globs deny too: {stderr}");
    let (code, stdout, _) = run_cli(&["lint", root, "--deny", "resource.*", "--allow", "resource.json-missing"]);
    assert_eq!((code, stdout.as_str()), (0, ""), "an allowed code is neither printed nor denied");
    let (code, _, stderr) = run_cli(&["lint", root, "--deny", "resource.no-such-check"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("matches no diagnostic code"), "{stderr}");
    let (code, _, _) = run_cli(&["lint", "/no/such/docs/root"]);
    assert_eq!(code, 2);
}

#[test]
fn several_roots_show_their_root() {
    let one = tests_dir().join("fixtures/lint/resource-json-missing");
    let two = tests_dir().join("fixtures/lint/resource-json-extra");
    let (code, stdout, _) = run_cli(&["lint", one.to_str().expect("path"), two.to_str().expect("path")]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines.iter().any(|line| line.starts_with(&format!("{}/resources/widget.md:", one.display()))), "{stdout}");
    assert!(lines.iter().any(|line| line.starts_with(&format!("{}/resources/widget.md:", two.display()))), "{stdout}");
}

#[test]
fn json_output() {
    let root = tests_dir().join("fixtures/lint/example-value-shape");
    let (code, stdout, _) = run_cli(&["lint", root.to_str().expect("path"), "--format", "json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["lint_version"], 1);
    let diagnostics = report["diagnostics"].as_array().expect("array");
    assert_eq!(diagnostics.len(), 2);
    assert_eq!(diagnostics[0]["code"], "example.value-shape");
    assert_eq!(diagnostics[0]["file"], "api/widget-get.md");
    assert_eq!(diagnostics[0]["severity"], "warning");
}

/// The SARIF 2.1.0 shape GitHub code scanning needs: version and schema, one run with a named
/// driver, each result pointing at a rule by id and index, a level, and a file and line. All the
/// lint fixtures linted as one root give results under many rules.
#[test]
fn sarif_output() {
    let root = tests_dir().join("fixtures/lint");
    let (code, stdout, _) = run_cli(&["lint", root.to_str().expect("path"), "--format", "sarif"]);
    assert_eq!(code, 0);
    let log: serde_json::Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["$schema"], docgen::lint::sarif::SCHEMA);
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "docgen");
    let rules = driver["rules"].as_array().expect("rules");
    let rule_ids: Vec<&str> = rules.iter().map(|rule| rule["id"].as_str().expect("rule id")).collect();
    assert_eq!(rule_ids.iter().collect::<BTreeSet<_>>().len(), rule_ids.len(), "rule ids are unique");
    for rule in rules {
        assert!(!rule["shortDescription"]["text"].as_str().expect("text").is_empty());
    }
    let results = runs[0]["results"].as_array().expect("results");
    assert_eq!(results.len(), lint_text(&root).1.lines().count(), "one result per diagnostic of the text report");
    assert!(rule_ids.len() > 10, "one rule per code raised: {rule_ids:?}");
    for result in results {
        let rule_index = usize::try_from(result["ruleIndex"].as_u64().expect("ruleIndex")).expect("index");
        assert_eq!(rule_ids.get(rule_index).copied(), result["ruleId"].as_str(), "ruleIndex points at ruleId");
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().expect("level")));
        assert!(!result["message"]["text"].as_str().expect("message").is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(!uri.is_empty() && !uri.contains('\\') && !uri.starts_with('/'), "relative uri: {uri}");
        // Issue 18: relative to the repository root, which code scanning knows as %SRCROOT%.
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(uri.starts_with("tests/fixtures/lint/"), "repository-relative uri: {uri}");
        let base = runs[0]["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().expect("base uri");
        let base = base.strip_prefix("file://").expect("a file URI");
        assert!(Path::new(base).join(uri).is_file(), "{base} + {uri} is a page");
        assert!(location["region"]["startLine"].as_u64().expect("startLine") >= 1);
    }
}

/// `--deny warnings`, and a baseline written then reused: nothing new is reported.
#[test]
fn deny_warnings_and_baselines() {
    let root = tests_dir().join("fixtures/lint");
    let root = root.to_str().expect("path");
    let (code, stdout, _) = run_cli(&["lint", root]);
    assert_eq!(code, 0);
    let warnings = stdout.lines().filter(|line| line.contains(": warning[")).count();
    assert!(warnings > 10, "{stdout}");
    let (code, _, stderr) = run_cli(&["lint", root, "--deny", "warnings"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(&format!("{warnings} denied")), "{stderr}");

    let dir = tempfile::tempdir().expect("temp dir");
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().expect("path");
    let (code, stdout, stderr) = run_cli(&["lint", root, "--write-baseline", baseline]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    let (code, stdout, stderr) = run_cli(&["lint", root, "--baseline", baseline, "--deny", "warnings"]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert!(stderr.contains("0 errors, 0 warnings, 0 notes; 0 denied;"), "{stderr}");

    // A finding the baseline does not hold is reported.
    let text = std::fs::read_to_string(baseline).expect("baseline");
    let mut saved: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let findings = saved["findings"].as_array_mut().expect("findings");
    let dropped = findings.remove(0);
    std::fs::write(baseline, serde_json::to_string(&saved).expect("JSON")).expect("write");
    let (code, stdout, _) = run_cli(&["lint", root, "--baseline", baseline]);
    assert_eq!(code, 0);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains(dropped["message"].as_str().expect("message")), "{stdout}");

    std::fs::write(baseline, "{\"baseline_version\": 9, \"findings\": []}").expect("write");
    let (code, _, stderr) = run_cli(&["lint", root, "--baseline", baseline]);
    assert_eq!(code, 2);
    assert!(stderr.contains("baseline_version is 9"), "{stderr}");
}

/// `docgen codes` lists the registry; `docgen explain` says what to do, and suggests a code for
/// a typo.
#[test]
fn codes_and_explain() {
    let (code, stdout, _) = run_cli(&["codes"]);
    assert_eq!(code, 0);
    assert_eq!(stdout.lines().count(), docgen::diag::codes::ALL.len());
    assert!(stdout.lines().any(|line| line.starts_with("table.unknown-type") && line.contains("warning")));
    let (code, stdout, _) = run_cli(&["explain", "table.unknown-type"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("table.unknown-type (warning)\n"), "{stdout}");
    assert!(stdout.contains("What to do: Write a type name in the Type cell"), "{stdout}");
    let (code, _, stderr) = run_cli(&["explain", "table.unknwn-type"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `table.unknown-type`?"), "{stderr}");
    for entry in docgen::diag::codes::ALL {
        assert!(entry.fix.ends_with('.') && entry.fix.len() > 20, "{}: {}", entry.code, entry.fix);
    }
}

/// docs-input is written to lint clean; the snapshot shows any regression.
#[test]
fn docs_input() {
    for revision in ["2021-06-01", "2023-11-15"] {
        let root = workspace_root().join("docs-input").join(revision).join("beta");
        let (code, stdout, stderr) = lint_text(&root);
        assert_eq!(code, 0, "{stderr}");
        insta::with_settings!({ snapshot_suffix => revision }, {
            insta::assert_snapshot!("lint_docs_input", format!("{stdout}{stderr}"));
        });
    }
}

/// A cmdlet page (seed 002) against the resource page of either revision (seed 001, seed 004):
/// the properties only one side has are reported.
#[test]
fn seeds() {
    let seeds = workspace_root().join("../shared/seeds");
    if corpus("").is_none() {
        return;
    }
    for (name, resource) in [("001", "001_4a9d8e5cacfb33db.txt"), ("004", "004_ab2d6cefa1bdc6e8.txt")] {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::copy(seeds.join(resource), dir.path().join("cloudpcdeviceimage.md")).expect("copy resource seed");
        std::fs::copy(
            seeds.join("002_e8ec7e18401e3a13.txt"),
            dir.path().join("Update-MgDeviceManagementVirtualEndpointDeviceImage.md"),
        )
        .expect("copy cmdlet seed");
        let (code, stdout, _) = lint_text(dir.path());
        assert_eq!(code, 0);
        assert!(stdout.contains("[cmdlet.missing-property]"), "{stdout}");
        insta::with_settings!({ snapshot_suffix => format!("seed_{name}_with_002") }, {
            insta::assert_snapshot!("lint_seeds", stdout);
        });
    }
}

/// Counts per code, one line each.
fn counts(stdout: &str) -> String {
    let mut per_code: BTreeMap<String, usize> = BTreeMap::new();
    for line in stdout.lines() {
        for code in codes_in(line) {
            *per_code.entry(code).or_default() += 1;
        }
    }
    per_code.iter().map(|(code, count)| format!("{code}: {count}\n")).collect()
}

#[test]
fn corpus_beta_counts() {
    let Some(root) = corpus("graph-docs/2021-07-16/beta") else { return };
    let (code, stdout, stderr) = lint_text(&root);
    assert_eq!(code, 1, "the corpus has error diagnostics (api.no-request), which fail a lint run: {stderr}");
    insta::assert_snapshot!("lint_corpus_beta_2021_07_16_counts", counts(&stdout));
}

/// Every PowerShell page is a cmdlet with its parameters and sets, and lints to known counts.
#[test]
fn corpus_powershell() {
    let Some(root) = corpus("powershell") else { return };
    let ir = crate::support::ir_of_dir(&root);
    assert_eq!(ir.pages.cmdlet, 28);
    assert_eq!(ir.cmdlets.len(), 28);
    for cmdlet in &ir.cmdlets {
        assert!(!cmdlet.verb.is_empty() && cmdlet.noun.starts_with("Mg"), "{}", cmdlet.name);
        assert!(!cmdlet.parameter_sets.is_empty(), "{} has parameter sets", cmdlet.name);
        assert!(cmdlet.default_parameter_set.is_some(), "{} has a default set", cmdlet.name);
        let in_sets: BTreeSet<&str> =
            cmdlet.parameter_sets.iter().flat_map(|set| &set.parameters).map(|it| it.name.as_str()).collect();
        for parameter in &cmdlet.parameters {
            assert!(!parameter.type_.is_empty(), "{} -{} has a type", cmdlet.name, parameter.name);
            assert!(in_sets.contains(parameter.name.as_str()), "{} -{} is in a set", cmdlet.name, parameter.name);
        }
        if cmdlet.parameters.iter().any(|parameter| parameter.name == "BodyParameter") {
            let body = cmdlet.body.as_ref().expect("a -BodyParameter has NOTES");
            assert!(!body.properties.is_empty(), "{} body has properties", cmdlet.name);
        }
    }
    let text: String = ir
        .cmdlets
        .iter()
        .map(|cmdlet| {
            format!(
                "{} ({}): {} parameters, sets {}, rest pages [{}], body {}\n",
                cmdlet.name,
                cmdlet.schema,
                cmdlet.parameters.len(),
                cmdlet
                    .parameter_sets
                    .iter()
                    .map(|set| {
                        let required: Vec<&str> =
                            set.parameters.iter().filter(|it| it.required).map(|it| it.name.as_str()).collect();
                        format!("{}{}[{}]", set.name, if set.default { "*" } else { "" }, required.join(" "))
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
                cmdlet.rest_pages.join(" "),
                cmdlet.body.as_ref().map_or("-".to_owned(), |body| format!(
                    "{} ({} properties)",
                    body.type_,
                    body.properties.len()
                ))
            )
        })
        .collect();
    insta::assert_snapshot!("powershell_cmdlets", text);
    let (_, stdout, _) = lint_text(&root);
    insta::assert_snapshot!("lint_corpus_powershell_counts", counts(&stdout));
}

/// The 2026 cmdlet pages against the 2021-07-16 beta REST docs: every cmdlet-vs-REST finding.
#[test]
fn corpus_powershell_against_rest() {
    let (Some(rest), Some(powershell)) = (corpus("graph-docs/2021-07-16/beta"), corpus("powershell")) else { return };
    let (_, stdout, _) = run_cli(&["lint", rest.to_str().expect("path"), powershell.to_str().expect("path")]);
    let prefix = format!("{}/", powershell.display());
    let findings: String = stdout
        .lines()
        .filter(|line| line.contains("[cmdlet."))
        .map(|line| format!("{}\n", line.trim_start_matches(prefix.as_str())))
        .collect();
    insta::assert_snapshot!("lint_corpus_powershell_against_beta", findings);
}
