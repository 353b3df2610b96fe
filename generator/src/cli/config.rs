//! `docgen.toml`: settings a project keeps once for CI, `build.rs` and a developer's shell.
//!
//! The file is found by walking up from the working directory (or named with `--config`).
//! Paths in it are relative to the file's folder. Flags given on the command line win over it.
//!
//! ```toml
//! [generate]
//! root = "docs/beta"
//! out = "crates/graph"
//! name = "graph-models"
//! only = ["user"]
//! paths = ["/users"]
//!
//! [lint]
//! roots = ["docs/beta"]
//! deny = ["warnings"]
//! baseline = "lint-baseline.json"
//!
//! [drift]
//! fail-on = "breaking"
//! only = ["breaking"]
//! max-rows = 200
//!
//! [drift.rules]
//! permission-removed = "flagged"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Deserialize;

use crate::drift::{self, Impact};

/// The file name looked for.
pub const FILE_NAME: &str = "docgen.toml";

/// A read `docgen.toml`, its paths made relative to the working directory's view of it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `[generate]`.
    #[serde(default)]
    pub generate: GenerateConfig,
    /// `[lint]`.
    #[serde(default)]
    pub lint: LintConfig,
    /// `[drift]`.
    #[serde(default)]
    pub drift: DriftConfig,
}

/// `[generate]`: what `docgen generate` and `docgen ir` read, and what they select.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GenerateConfig {
    /// The docs root.
    pub root: Option<PathBuf>,
    /// The crate directory.
    pub out: Option<PathBuf>,
    /// The package name.
    pub name: Option<String>,
    /// `--only` patterns.
    #[serde(default)]
    pub only: Vec<String>,
    /// `--exclude` patterns.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// `--path` prefixes.
    #[serde(default)]
    pub paths: Vec<String>,
}

/// `[lint]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LintConfig {
    /// Docs roots.
    #[serde(default)]
    pub roots: Vec<PathBuf>,
    /// Codes (or `warnings`) that fail the run.
    #[serde(default)]
    pub deny: Vec<String>,
    /// Codes left out.
    #[serde(default)]
    pub allow: Vec<String>,
    /// A baseline file of accepted findings.
    pub baseline: Option<PathBuf>,
}

/// `[drift]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DriftConfig {
    /// `any`, `breaking` or `none`.
    pub fail_on: Option<String>,
    /// Impacts listed.
    #[serde(default)]
    pub only: Vec<String>,
    /// Rows of a markdown report.
    pub max_rows: Option<usize>,
    /// Rule id -> the impact a team gives it.
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
}

impl Config {
    /// The `docgen.toml` named by `explicit`, else the first found walking up from `start`;
    /// `None` when there is none (or no `start`: tests run docgen without a working directory).
    pub fn load(explicit: Option<&Path>, start: Option<&Path>) -> anyhow::Result<Option<(PathBuf, Config)>> {
        let path = match explicit {
            Some(path) => path.to_owned(),
            None => match start.and_then(find) {
                Some(path) => path,
                None => return Ok(None),
            },
        };
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let mut config: Config = toml::from_str(&text).map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))?;
        let base = path.parent().map(Path::to_owned).unwrap_or_default();
        config.rebase(&base);
        config.drift.levels().map_err(|err| anyhow::anyhow!("{}: [drift.rules]: {err}", path.display()))?;
        Ok(Some((path, config)))
    }

    /// Makes the file's relative paths relative to where docgen runs.
    fn rebase(&mut self, base: &Path) {
        let join = |path: &mut PathBuf| {
            if path.is_relative() {
                *path = base.join(&*path);
            }
        };
        self.generate.root.iter_mut().for_each(join);
        self.generate.out.iter_mut().for_each(join);
        self.lint.roots.iter_mut().for_each(join);
        self.lint.baseline.iter_mut().for_each(join);
    }
}

impl DriftConfig {
    /// `[drift.rules]` checked: every key a rule id, every value an impact.
    pub fn levels(&self) -> anyhow::Result<BTreeMap<String, Impact>> {
        let mut levels = BTreeMap::new();
        for (rule, impact) in &self.rules {
            if !drift::RULES.iter().any(|known| known.id == rule) {
                anyhow::bail!("`{rule}` is not a drift rule (the README's rules table lists them)");
            }
            levels.insert(rule.clone(), parse_impact(impact)?);
        }
        Ok(levels)
    }
}

/// `breaking`, `flagged` or `compatible`.
pub fn parse_impact(text: &str) -> anyhow::Result<Impact> {
    match text {
        "breaking" => Ok(Impact::Breaking),
        "flagged" => Ok(Impact::Flagged),
        "compatible" => Ok(Impact::Compatible),
        other => anyhow::bail!("`{other}` is not an impact (breaking, flagged or compatible)"),
    }
}

/// The nearest `docgen.toml` at or above `start`.
fn find(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|dir| dir.join(FILE_NAME)).find(|path| path.is_file())
}
