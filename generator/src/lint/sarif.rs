//! SARIF 2.1.0, the format GitHub code scanning reads: one run, one rule per code found.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::diag::{codes, Diagnostic, Severity};

/// Where the SARIF 2.1.0 JSON schema lives; written as `$schema`.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF log of `diagnostics`, whose `file`s are the paths to show (relative to the
/// repository root when they should map onto it).
pub fn sarif(diagnostics: &[Diagnostic], tool_version: &str) -> Value {
    let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
    for diagnostic in diagnostics {
        rule_index.entry(diagnostic.code).or_default();
    }
    for (idx, slot) in rule_index.values_mut().enumerate() {
        *slot = idx;
    }
    let rules: Vec<Value> = rule_index
        .keys()
        .map(|code| {
            let registered = codes::ALL.iter().find(|entry| entry.code == *code);
            let meaning = registered.map_or("", |entry| entry.meaning);
            let severity = registered.map_or(Severity::Error, |entry| entry.severity);
            json!({
                "id": code,
                "name": code,
                "shortDescription": { "text": meaning },
                "defaultConfiguration": { "level": level(severity) },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|diagnostic| {
            json!({
                "ruleId": diagnostic.code,
                "ruleIndex": rule_index.get(diagnostic.code).copied().unwrap_or_default(),
                "level": level(diagnostic.severity),
                "message": { "text": diagnostic.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": diagnostic.file },
                        "region": { "startLine": diagnostic.line.max(1) },
                    }
                }],
            })
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "docgen",
                    "version": tool_version,
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// SARIF's names for the severities.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}
