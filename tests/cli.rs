//! The `docgen ir` command as a user runs it: exit codes, formats, output file, determinism.

use crate::support::{copy_dir, files_under, run_cli, workspace_root};

fn docs_input_new() -> String {
    workspace_root().join("docs-input/2023-11-15/beta").display().to_string()
}

#[test]
fn ir_json_follows_the_contract() {
    let (code, stdout, stderr) = run_cli(&["ir", &docs_input_new()]);
    assert_eq!(code, 0, "stderr: {stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("stdout is JSON");
    assert_eq!(json["ir_version"], 1);
    let keys: Vec<&str> = json.as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(keys, ["ir_version", "pages", "types", "enums", "operations", "cmdlets", "diagnostics"]);
    let image = json["types"]
        .as_array()
        .expect("types")
        .iter()
        .find(|ty| ty["name"] == "cloudPcDeviceImage")
        .expect("the device image type");
    assert_eq!(image["namespace"], "microsoft.graph");
    assert_eq!(image["kind"], "entity");
    assert_eq!(image["base"], "microsoft.graph.entity");
    let status = image["properties"]
        .as_array()
        .expect("properties")
        .iter()
        .find(|property| property["name"] == "status")
        .expect("status");
    assert_eq!(status["type"], "microsoft.graph.cloudPcDeviceImageStatus");
    assert_eq!(status["source"]["file"], "resources/cloudpcdeviceimage.md");
    assert!(stderr.ends_with("0 errors, 0 warnings, 0 notes\n"), "stderr: {stderr}");
}

#[test]
fn output_is_identical_across_runs_and_thread_counts() {
    let root = docs_input_new();
    let (_, one_thread, _) = run_cli(&["ir", &root, "--threads", "1"]);
    let (_, two_threads, _) = run_cli(&["ir", &root, "--threads", "2"]);
    let (_, again, _) = run_cli(&["ir", &root]);
    assert_eq!(one_thread, two_threads);
    assert_eq!(one_thread, again);
}

#[test]
fn writes_the_output_file_atomically() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("ir.yaml");
    let out_arg = out.display().to_string();
    let (code, stdout, _) = run_cli(&["ir", &docs_input_new(), "--format", "yaml", "-o", &out_arg]);
    assert_eq!(code, 0);
    assert!(stdout.is_empty());
    let written = std::fs::read_to_string(&out).expect("output written");
    assert!(written.starts_with("ir_version: 1\n"), "{written}");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["ir.yaml"], "no temporary file is left behind");
}

#[test]
fn summary_counts_pages_and_items() {
    let (code, stdout, _) = run_cli(&["ir", &docs_input_new(), "--format", "summary", "--diagnostics", "none"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
}

#[test]
fn timings_print_the_ratio_to_the_floor() {
    let (code, _, stderr) =
        run_cli(&["ir", &docs_input_new(), "--format", "summary", "--diagnostics", "none", "--timings"]);
    assert_eq!(code, 0, "{stderr}");
    let line = stderr.lines().find(|line| line.trim_start().starts_with("ir, 1 thread:")).expect("a one-thread line");
    let ratio: f64 = line
        .split_whitespace()
        .find_map(|word| word.strip_suffix('x')?.parse().ok())
        .unwrap_or_else(|| panic!("no ratio in {line:?}"));
    // On a handful of pages the figure itself is noise; the line must state a ratio and say how
    // it was taken.
    assert!(ratio.is_finite() && ratio > 0.0, "{line}");
    assert!(line.ends_with("x floor (median of the 9 turns' ratios)"), "{line}");
    assert!(stderr.contains("floor (bare pulldown-cmark, 1 thread):"), "{stderr}");
}

#[test]
fn tool_errors_exit_with_2() {
    let (code, _, stderr) = run_cli(&["ir", "/definitely/not/here"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("error: docs root /definitely/not/here is not a readable directory"), "{stderr}");

    let (code, _, stderr) = run_cli(&["ir", &docs_input_new(), "--format", "xml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("invalid value 'xml'"), "{stderr}");

    let empty = tempfile::tempdir().expect("temp dir");
    let (code, _, stderr) = run_cli(&["ir", &empty.path().display().to_string()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("holds no .md pages"), "{stderr}");

    let (code, stdout, _) = run_cli(&["--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Usage: docgen [OPTIONS] <COMMAND>"));
}

/// A page that is not UTF-8 is counted as failed and reported; the run goes on.
#[test]
fn unreadable_pages_are_counted_not_fatal() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("broken.md"), b"# Title\n\xff\xfe\n").expect("write");
    std::fs::write(dir.path().join("fine.md"), "# Fine\n\nText.\n").expect("write");
    let (code, stdout, stderr) = run_cli(&["ir", &dir.path().display().to_string()]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["pages"]["failed"], 1);
    assert_eq!(json["pages"]["total"], 2);
    assert!(stderr.contains("broken.md:1: error[page.unreadable]: page cannot be read (not UTF-8"), "{stderr}");
}

/// Machine-readable diagnostics: one JSON array on standard error, same order as the text form.
#[test]
fn diagnostics_as_json() {
    let fixture = crate::support::tests_dir().join("fixtures/link/resolution");
    let root = fixture.display().to_string();
    let (code, _, stderr) = run_cli(&["ir", &root, "--format", "summary", "--diagnostics", "json"]);
    assert_eq!(code, 0);
    let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&stderr).expect("stderr is one JSON array");
    let first = diagnostics.first().expect("the fixture has diagnostics");
    let keys: Vec<&str> = first.as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(keys, ["severity", "code", "message", "file", "line"]);
    let (_, _, text) = run_cli(&["ir", &root, "--format", "summary"]);
    let from_text: Vec<&str> =
        text.lines().filter_map(|line| line.split(": ").nth(1)).filter(|part| part.contains('[')).collect();
    let from_json: Vec<String> = diagnostics
        .iter()
        .map(|diagnostic| {
            format!("{}[{}]", diagnostic["severity"].as_str().unwrap_or(""), diagnostic["code"].as_str().unwrap_or(""))
        })
        .collect();
    assert_eq!(from_text, from_json);
}

/// Only regular files are pages: a link (even to a page inside the root) and a FIFO are reported
/// and skipped, and the run neither follows the one nor blocks on the other.
#[cfg(unix)]
#[test]
fn links_and_fifos_are_skipped_with_a_diagnostic() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("fine.md"), "# Fine\n\nText.\n").expect("write");
    std::os::unix::fs::symlink(dir.path().join("fine.md"), dir.path().join("link.md")).expect("symlink");
    let fifo = dir.path().join("pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    let (code, stdout, stderr) = run_cli(&["ir", &dir.path().display().to_string()]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!((json["pages"]["total"].as_u64(), json["pages"]["failed"].as_u64()), (Some(3), Some(2)));
    assert!(stderr.contains("link.md:1: warning[page.skipped]: a symbolic link is not followed"), "{stderr}");
    assert!(stderr.contains("pipe.md:1: warning[page.skipped]: not a regular file"), "{stderr}");
}

/// `generate` writes all or nothing, never into or over the docs, and removes only what its own
/// manifest lists: never another crate's files, whatever `--out` is.
#[test]
fn generate_never_touches_what_it_did_not_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = dir.path().join("docs");
    copy_dir(&workspace_root().join("docs-input/2023-11-15/beta"), &docs);
    let docs_arg = docs.display().to_string();
    let pages_before = files_under(&docs);
    for out in [docs.clone(), docs.join("crate"), dir.path().to_owned()] {
        let (code, _, stderr) = run_cli(&["generate", &docs_arg, "--out", &out.display().to_string()]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("the docs root") && stderr.contains("write the crate to a folder"), "{stderr}");
    }
    assert_eq!(files_under(&docs), pages_before, "a refused run wrote into the docs");

    // A crate inside another crate's folder keeps every file when the outer one is regenerated.
    let outer = dir.path().join("outer");
    let inner = outer.join("inner");
    let (code, _, stderr) = run_cli(&["generate", &docs_arg, "--out", &inner.display().to_string()]);
    assert_eq!(code, 0, "{stderr}");
    let inner_files = files_under(&inner);
    let outer_arg = outer.display().to_string();
    for only in [None, Some("cloudPcDeviceImageStatus")] {
        let mut args = vec!["generate", &docs_arg, "--out", &outer_arg];
        args.extend(only.iter().flat_map(|pattern| ["--only", pattern]));
        let (code, _, stderr) = run_cli(&args);
        assert_eq!(code, 0, "{stderr}");
    }
    assert_eq!(files_under(&inner), inner_files, "regenerating the outer crate touched the inner one");
    assert!(!outer.join("src/api/device_management").exists(), "the outer crate's own stale files are removed");

    // A write that fails half-way leaves the folder as it was.
    let blocked = dir.path().join("blocked");
    std::fs::create_dir_all(blocked.join("src")).expect("mkdir");
    std::fs::write(blocked.join("src/api"), "a file where a folder must go").expect("write");
    let before = files_under(&blocked);
    let (code, _, stderr) = run_cli(&["generate", &docs_arg, "--out", &blocked.display().to_string()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("error: cannot create ") && stderr.contains("src/api/"), "{stderr}");
    assert_eq!(stderr.matches("os error").count(), 1, "the cause is said once: {stderr}");
    assert_eq!(files_under(&blocked), before, "a failed write left files behind");
}

/// Arguments are checked before anything runs: a package name by Cargo's rules, a thread count
/// within bounds; and the command recorded in generated headers stays one shell-quoted line.
#[test]
fn arguments_are_checked_and_recorded_commands_are_quoted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("crate").display().to_string();
    for name in ["a\"b", "x\nversion = \"9\"", "self", "9lives", "", "test"] {
        let (code, _, stderr) = run_cli(&["generate", &docs_input_new(), "--out", &out, "--name", name]);
        assert_eq!(code, 2, "--name {name:?} was accepted");
        assert!(stderr.contains("not a Cargo package name"), "{stderr}");
    }
    for threads in ["0", "5000"] {
        let (code, _, stderr) = run_cli(&["ir", &docs_input_new(), "--threads", threads]);
        assert_eq!(code, 2, "--threads {threads} was accepted");
        assert!(stderr.contains("not in 1..=256"), "{stderr}");
    }
    // A docs root whose name holds a quote and a newline.
    let docs = dir.path().join("it's a\ndocs");
    copy_dir(&workspace_root().join("docs-input/2023-11-15/beta"), &docs);
    let odd_out = dir.path().join("self");
    let (code, _, stderr) =
        run_cli(&["generate", &docs.display().to_string(), "--out", &odd_out.display().to_string()]);
    assert_eq!(code, 0, "{stderr}");
    let cargo_toml = std::fs::read_to_string(odd_out.join("Cargo.toml")).expect("Cargo.toml");
    let header = cargo_toml.lines().next().expect("a header line");
    assert!(header.contains("generate $'../it\\'s a\\ndocs' --out .` in the crate's directory"), "{header}");
    assert!(
        cargo_toml.contains("\nname = \"graph-models\"\n"),
        "a folder named like a keyword falls back: {cargo_toml}"
    );
}

/// `--version` names what `main` passes (the commit, in a real build); completions and the man
/// page come from the same argument definitions.
#[test]
fn version_completions_and_man_page() {
    let (code, stdout, _) = run_cli(&["--version"]);
    assert_eq!((code, stdout.trim()), (0, format!("docgen {}", env!("CARGO_PKG_VERSION")).as_str()));
    let (code, stdout, _) = run_cli(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("_docgen()") && stdout.contains("--fail-on"), "{stdout}");
    let (code, stdout, _) = run_cli(&["completions", "zsh"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("#compdef docgen"), "{stdout}");
    let (code, stdout, _) = run_cli(&["man"]);
    assert_eq!(code, 0);
    assert!(stdout.contains(".TH docgen 1") && stdout.contains("lint"), "{stdout}");
}

/// `-o -` is standard output, `-q` leaves only the report, `-v` names the files written.
#[test]
fn dash_output_and_verbosity() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, stdout, stderr) = run_cli(&["ir", &docs_input_new(), "-o", "-", "--format", "summary", "-q"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(stdout.starts_with("pages: total "), "{stdout}");
    assert!(!dir.path().join("-").exists() && !std::path::Path::new("-").exists());
    let out = dir.path().join("models").display().to_string();
    let (code, _, stderr) = run_cli(&["generate", &docs_input_new(), "--out", &out, "-v"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.lines().any(|line| line.starts_with("written: ") && line.ends_with("/Cargo.toml")), "{stderr}");
    let (code, _, stderr) = run_cli(&["generate", &docs_input_new(), "--out", &out, "-q"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
}

/// Settings in docgen.toml, paths relative to the file; flags win over the file.
/// A standalone crate turns incremental compilation off in its own `[profile.dev]`; a crate
/// inside another workspace leaves profiles to that workspace's root, where cargo reads them.
#[test]
fn a_standalone_crate_checks_without_incremental_compilation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = workspace_root().join("docs-input/2023-11-15/beta").display().to_string();
    let alone = dir.path().join("alone");
    let (code, _, stderr) = run_cli(&["generate", &docs, "--out", &alone.display().to_string(), "-q"]);
    assert_eq!(code, 0, "{stderr}");
    let manifest = std::fs::read_to_string(alone.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.ends_with("[profile.dev]\nincremental = false\n"), "{manifest}");

    let workspace = dir.path().join("workspace");
    std::fs::create_dir_all(&workspace).expect("mkdir");
    std::fs::write(workspace.join("Cargo.toml"), "[workspace]\nmembers = [\"models\"]\n").expect("write");
    let member = workspace.join("models");
    let (code, _, stderr) = run_cli(&["generate", &docs, "--out", &member.display().to_string(), "-q"]);
    assert_eq!(code, 0, "{stderr}");
    let manifest = std::fs::read_to_string(member.join("Cargo.toml")).expect("Cargo.toml");
    assert!(!manifest.contains("[profile"), "{manifest}");
}

#[test]
fn settings_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = dir.path().join("docs");
    copy_dir(&workspace_root().join("docs-input/2023-11-15/beta"), &docs);
    let config = dir.path().join("docgen.toml");
    std::fs::write(
        &config,
        "[generate]\nroot = \"docs\"\nout = \"crate\"\nname = \"from-file\"\nonly = [\"cloudPcDeviceImage\"]\n",
    )
    .expect("write");
    let config = config.display().to_string();
    let (code, _, stderr) = run_cli(&["--config", &config, "generate"]);
    assert_eq!(code, 0, "{stderr}");
    let manifest = std::fs::read_to_string(dir.path().join("crate/Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("name = \"from-file\""), "{manifest}");
    // The recorded command spells the settings out, so it works without the file.
    assert!(manifest.contains("generate ../docs --out . --name from-file --only cloudPcDeviceImage"), "{manifest}");
    let (code, _, stderr) = run_cli(&["--config", &config, "generate", "--name", "from-flag"]);
    assert_eq!(code, 0, "{stderr}");
    let manifest = std::fs::read_to_string(dir.path().join("crate/Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("name = \"from-flag\""), "{manifest}");

    std::fs::write(dir.path().join("docgen.toml"), "[generate]\nrooot = \"docs\"\n").expect("write");
    let (code, _, stderr) = run_cli(&["--config", &config, "generate"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown field `rooot`"), "{stderr}");
    std::fs::write(dir.path().join("docgen.toml"), "[drift.rules]\nproperty-gone = \"flagged\"\n").expect("write");
    let (code, _, stderr) = run_cli(&["--config", &config, "codes"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("`property-gone` is not a drift rule"), "{stderr}");
}

/// Drift for CI: `--only`, a JSON summary naming both roots, and rule levels from docgen.toml.
#[test]
fn drift_filters_summary_and_rule_levels() {
    let fixture = workspace_root().join("tests/fixtures/drift/property-removed");
    let (old, new) = (fixture.join("old").display().to_string(), fixture.join("new").display().to_string());
    let (code, stdout, _) = run_cli(&["drift", &old, &new, "--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!((report["old"].as_str(), report["new"].as_str()), (Some(old.as_str()), Some(new.as_str())));
    let summary = &report["summary"];
    assert!(summary["breaking"].as_u64() >= Some(1), "{summary}");
    assert_eq!(summary["listed"], summary["changes"]);

    let (code, stdout, _) = run_cli(&["drift", &old, &new, "--format", "json", "--only", "compatible"]);
    assert_eq!(code, 1, "the exit code follows every change found, not only those listed");
    let listed: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let changes = listed["changes"].as_array().expect("changes");
    assert!(changes.iter().all(|change| change["impact"] == "compatible"));
    assert_eq!(listed["summary"]["listed"].as_u64(), Some(changes.len() as u64));
    assert_eq!(listed["summary"]["breaking"], summary["breaking"]);

    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("docgen.toml");
    let changes = report["changes"].as_array().expect("changes");
    let breaking: std::collections::BTreeSet<&str> = changes
        .iter()
        .filter(|change| change["impact"] == "breaking")
        .map(|change| change["rule"].as_str().expect("rule"))
        .collect();
    let mut levels = String::from("[drift.rules]\n");
    for rule in breaking {
        levels.push_str(&format!("{rule} = \"flagged\"\n"));
    }
    std::fs::write(&config, levels).expect("write");
    let config = config.display().to_string();
    let (code, stdout, _) = run_cli(&["--config", &config, "drift", &old, &new, "--fail-on", "breaking"]);
    assert_eq!(code, 0, "a team re-levelled every breaking rule: {stdout}");
    assert!(stdout.contains("(0 breaking, "), "{stdout}");
}

/// `--diagnostics human` prints as rustc does, with the related place ("first listed here"),
/// which SARIF carries as a related location.
#[test]
fn human_diagnostics_and_related_locations() {
    let pages = workspace_root().join("tests/fixtures/pages").display().to_string();
    let (code, _, stderr) = run_cli(&["ir", &pages, "--diagnostics", "human", "-o", "-", "--format", "summary"]);
    assert_eq!(code, 0);
    let duplicate =
        stderr.split("\n\n").find(|block| block.contains("[link.duplicate-property]")).expect("a duplicate");
    assert!(duplicate.contains("--> two-types-one-page.md:16:1"), "{duplicate}");
    assert!(
        duplicate.contains("|source|String|Source object.|") && duplicate.contains("first listed here"),
        "{duplicate}"
    );
    assert!(!stderr.contains('\u{1b}'), "no colour off a terminal");

    let (_, stdout, _) = run_cli(&["lint", &pages, "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&stdout).expect("SARIF");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let result = results.iter().find(|result| result["ruleId"] == "link.duplicate-property").expect("a duplicate");
    let related = &result["relatedLocations"][0];
    assert_eq!(related["message"]["text"], "first listed here");
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 14);
    let uri = related["physicalLocation"]["artifactLocation"]["uri"].as_str().expect("uri");
    assert_eq!(uri, "tests/fixtures/pages/two-types-one-page.md");
}
