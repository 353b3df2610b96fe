//! SARIF 2.1.0, the format GitHub code scanning reads: one run, one rule per code found.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::diag::{codes, Diagnostic, Severity};

/// Where the SARIF 2.1.0 JSON schema lives; written as `$schema`.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base id every URI is relative to: the repository root, which code scanning knows.
pub const SRCROOT: &str = "%SRCROOT%";

/// The SARIF log of `diagnostics`, whose `file`s are paths relative to the repository root.
/// `root_uri` is that root as a `file://` URI ending in `/`, written as the `%SRCROOT%` base.
pub fn sarif(diagnostics: &[Diagnostic], tool_version: &str, root_uri: Option<&str>) -> Value {
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
                "fullDescription": { "text": meaning },
                "help": { "text": format!("{meaning}. `docgen explain {code}` says what to do about it.") },
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
                "relatedLocations": diagnostic.related.iter().enumerate().map(|(id, related)| json!({
                    "id": id,
                    "message": { "text": related.message },
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri_path(&related.file), "uriBaseId": SRCROOT },
                        "region": { "startLine": related.line.max(1) },
                    },
                })).collect::<Vec<Value>>(),
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri_path(&diagnostic.file), "uriBaseId": SRCROOT },
                        "region": match diagnostic.column {
                            Some(column) => json!({ "startLine": diagnostic.line.max(1), "startColumn": column }),
                            None => json!({ "startLine": diagnostic.line.max(1) }),
                        },
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
            "originalUriBaseIds": match root_uri {
                Some(uri) => json!({ SRCROOT: { "uri": uri } }),
                None => json!({}),
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// A relative path as a URI reference: `/` separators, and what a URI cannot hold
/// percent-encoded.
pub fn uri_path(path: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'/').remove(b'-').remove(b'_').remove(b'.').remove(b'~');
    percent_encoding::utf8_percent_encode(&path.replace('\\', "/"), KEEP).to_string()
}

/// A directory as a `file://` URI ending in `/`.
pub fn dir_uri(dir: &std::path::Path) -> String {
    let text = dir.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') { text } else { format!("/{text}") };
    format!("file://{}/", uri_path(text.trim_end_matches('/')))
}

/// SARIF's names for the severities.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}
