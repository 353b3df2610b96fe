//! Generating models from a `build.rs`: the library entry point for build scripts.
//!
//! A build script reads a docs root, generates the models into `OUT_DIR` and tells cargo to run
//! it again when a page changes; the crate then includes the models as a module:
//!
//! ```no_run
//! // In build.rs's `main`:
//! docgen::build::Models::new("docs/beta").only(["cloudPcDeviceImage"]).generate().unwrap();
//! ```
//!
//! ```text
//! // src/lib.rs
//! pub mod graph_models {
//!     include!(concat!(env!("OUT_DIR"), "/graph_models.rs"));
//! }
//! ```
//!
//! The crate needs the generated code's dependencies: `base64`, `serde`, `serde_json`, `time`
//! (features `formatting`, `macros`, `parsing`) and `uuid`.

use std::io::Write;
use std::path::PathBuf;

use crate::emit::{self, Layout};
use crate::{pipeline, write};

/// What a build script generation can fail on.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// `OUT_DIR` is not set (not running under cargo) or not absolute.
    #[error("OUT_DIR is not set to an absolute directory; call Models::out_dir or run from a build script")]
    NoOutDir,
    /// The module path is not a Rust path.
    #[error("module path \"{0}\" is not a Rust path such as `crate::graph_models`")]
    BadModulePath(String),
    /// The docs root can't be read.
    #[error(transparent)]
    Read(#[from] crate::source::ReadError),
    /// A `--only`-style pattern is bad or matches nothing.
    #[error(transparent)]
    Select(#[from] emit::select::SelectError),
    /// docgen generated invalid code (a docgen bug).
    #[error(transparent)]
    Format(#[from] crate::format::FormatError),
    /// Writing failed.
    #[error(transparent)]
    Write(#[from] write::WriteError),
}

/// Models to generate from one docs root.
#[derive(Debug, Clone)]
pub struct Models {
    root: PathBuf,
    module: String,
    module_path: Option<String>,
    only: Vec<String>,
    out_dir: Option<PathBuf>,
}

/// What [`Models::generate`] did.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The file to `include!` (`OUT_DIR/graph_models.rs`).
    pub include: PathBuf,
    /// Every page read; cargo was told to rerun when any changes.
    pub pages: Vec<PathBuf>,
    /// Diagnostics, rendered (`path:line: severity[code]: message`).
    pub diagnostics: Vec<String>,
}

impl Models {
    /// Models of every page under `root`, as module `graph_models` at `crate::graph_models`.
    pub fn new(root: impl Into<PathBuf>) -> Models {
        Models {
            root: root.into(),
            module: "graph_models".to_owned(),
            module_path: None,
            only: Vec::new(),
            out_dir: None,
        }
    }

    /// The module name, and the file name `<module>.rs` (default: `graph_models`).
    pub fn module(mut self, module: impl Into<String>) -> Models {
        self.module = module.into();
        self
    }

    /// Where the including crate puts the module (default: `crate::<module>`).
    pub fn module_path(mut self, path: impl Into<String>) -> Models {
        self.module_path = Some(path.into());
        self
    }

    /// Only these types, enums or operations (globs) and what they reference (default: all).
    pub fn only<I: IntoIterator<Item = S>, S: Into<String>>(mut self, patterns: I) -> Models {
        self.only = patterns.into_iter().map(Into::into).collect();
        self
    }

    /// The output directory (default: `OUT_DIR`).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Models {
        self.out_dir = Some(dir.into());
        self
    }

    /// Generates the models and prints `cargo:rerun-if-changed` for the root and every page,
    /// and `cargo:warning` for each error-level diagnostic.
    pub fn generate(self) -> Result<Generated, BuildError> {
        let generated = self.generate_quietly()?;
        let mut stdout = std::io::stdout().lock();
        // The root too: cargo scans a directory for changes, so a new page also triggers a rerun.
        let _ = writeln!(stdout, "cargo:rerun-if-changed={}", self.root.display());
        for page in &generated.pages {
            let _ = writeln!(stdout, "cargo:rerun-if-changed={}", page.display());
        }
        for diagnostic in generated.diagnostics.iter().filter(|line| line.contains(": error[")) {
            let _ = writeln!(stdout, "cargo:warning={diagnostic}");
        }
        Ok(generated)
    }

    /// [`Models::generate`] without printing anything for cargo.
    pub fn generate_quietly(&self) -> Result<Generated, BuildError> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or(BuildError::NoOutDir)?,
        };
        if !out_dir.is_absolute() {
            return Err(BuildError::NoOutDir);
        }
        let module_path = self.module_path.clone().unwrap_or_else(|| format!("crate::{}", self.module));
        if syn::parse_str::<syn::Path>(&module_path).is_err() || syn::parse_str::<syn::Ident>(&self.module).is_err() {
            return Err(BuildError::BadModulePath(module_path));
        }
        let sources = crate::source::read_sources(&self.root)?;
        let mut ir = pipeline::build_ir(&sources.files, &sources.unreadable, &|| {});
        let vocabulary = emit::endpoint_plan::Vocabulary::of(&ir);
        if !self.only.is_empty() {
            ir = emit::select::select(ir, &emit::select::Selection::only(&self.only))?;
        }
        let dir = out_dir.to_string_lossy().replace('\\', "/");
        let options = emit::Options {
            layout: Layout::Module { dir, module: self.module.clone(), module_path },
            vocabulary: Some(vocabulary),
            ..emit::Options::new(self.module.clone(), "`cargo build` (a build script)")
        };
        let generated = pipeline::generate_crate(&ir, &options)?;
        write::write_tree(&out_dir.join(&self.module), &strip_module(&generated.files, &self.module))?;
        let include = out_dir.join(format!("{}.rs", self.module));
        if let Some(text) = generated.files.get(&format!("{}.rs", self.module)) {
            write::write_atomically(&include, text.as_bytes())?;
        }
        let mut diagnostics = ir.diagnostics;
        diagnostics.extend(generated.diagnostics);
        crate::diag::sort(&mut diagnostics);
        let pages = sources.files.iter().map(|file| self.root.join(&file.path)).collect();
        let diagnostics = diagnostics.iter().map(crate::diag::Diagnostic::render).collect();
        Ok(Generated { include, pages, diagnostics })
    }
}

/// The files under `<module>/`, relative to it.
fn strip_module(
    files: &std::collections::BTreeMap<String, String>,
    module: &str,
) -> std::collections::BTreeMap<String, String> {
    let prefix = format!("{module}/");
    files.iter().filter_map(|(path, text)| Some((path.strip_prefix(&prefix)?.to_owned(), text.clone()))).collect()
}
