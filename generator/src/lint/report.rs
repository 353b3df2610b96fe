//! Printing lint findings (text and JSON; SARIF is [`super::sarif`]), and baselines: a saved list
//! of accepted findings, so a team can adopt the lint on docs that already have thousands.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;

/// Version of the lint JSON report.
pub const LINT_VERSION: u32 = 1;

/// Version of the baseline file.
pub const BASELINE_VERSION: u32 = 1;

/// `path:line: severity[code]: message`, one per line.
pub fn text(diagnostics: &[Diagnostic]) -> String {
    let mut text = String::new();
    for diagnostic in diagnostics {
        text.push_str(&diagnostic.render());
        text.push('\n');
    }
    text
}

/// `{"lint_version": 1, "diagnostics": [...]}`.
pub fn json(diagnostics: &[Diagnostic]) -> Result<String, serde_json::Error> {
    let report = serde_json::json!({ "lint_version": LINT_VERSION, "diagnostics": diagnostics });
    let mut text = serde_json::to_string_pretty(&report)?;
    text.push('\n');
    Ok(text)
}

/// A saved set of accepted findings.
///
/// A finding is known by its code, file and message, not its line, so editing a page above a
/// finding doesn't make it new; a finding that occurs twice on a page is accepted twice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Always [`BASELINE_VERSION`].
    pub baseline_version: u32,
    /// The accepted findings, sorted.
    pub findings: Vec<Finding>,
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// The diagnostic code.
    pub code: String,
    /// The page.
    pub file: String,
    /// The message, as printed.
    pub message: String,
}

impl Finding {
    fn of(diagnostic: &Diagnostic) -> Finding {
        Finding { code: diagnostic.code.to_owned(), file: diagnostic.file.clone(), message: diagnostic.message.clone() }
    }
}

impl Baseline {
    /// The baseline accepting every finding in `diagnostics`.
    pub fn of(diagnostics: &[Diagnostic]) -> Baseline {
        let mut findings: Vec<Finding> = diagnostics.iter().map(Finding::of).collect();
        findings.sort();
        Baseline { baseline_version: BASELINE_VERSION, findings }
    }

    /// Reads a baseline file's text.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let baseline: Baseline = serde_json::from_str(text).map_err(|err| err.to_string())?;
        if baseline.baseline_version != BASELINE_VERSION {
            return Err(format!(
                "baseline_version is {}, this docgen reads {BASELINE_VERSION}",
                baseline.baseline_version
            ));
        }
        Ok(baseline)
    }

    /// The file's text.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        Ok(text)
    }

    /// Removes from `diagnostics` the findings the baseline accepts, each as often as it is
    /// listed; returns how many were removed.
    pub fn subtract(&self, diagnostics: &mut Vec<Diagnostic>) -> usize {
        let mut left: BTreeMap<&Finding, usize> = BTreeMap::new();
        for finding in &self.findings {
            *left.entry(finding).or_default() += 1;
        }
        let before = diagnostics.len();
        diagnostics.retain(|diagnostic| match left.get_mut(&Finding::of(diagnostic)) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        });
        before - diagnostics.len()
    }
}
