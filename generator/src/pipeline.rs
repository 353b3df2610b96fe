//! The stages wired together, without I/O: sources in, IR out.
//!
//! Pages are parsed and extracted in parallel (rayon keeps the output in input order), then
//! linked once. The `Page` of each file is dropped as soon as its fragment exists, so memory
//! holds fragments, not page models.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diag::{codes, Diagnostic};
use crate::extract::{extract_page_with, Fragment};
use crate::ir::Ir;
use crate::link::link;
use crate::page::include::{is_include_file, Includes};
use crate::page::parse_page;
use crate::source::{SourceFile, UnreadableFile};

/// CPU time spent per stage, summed over threads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTimes {
    /// Markdown parsing (`page`).
    pub parse: Duration,
    /// IR extraction (`extract`).
    pub extract: Duration,
    /// Linking (`link`), wall time.
    pub link: Duration,
}

/// Builds the IR of a set of pages. `on_page` is called once per page (for progress bars).
pub fn build_ir(files: &[SourceFile], unreadable: &[UnreadableFile], on_page: &(dyn Fn() + Sync)) -> Ir {
    build_ir_timed(files, unreadable, on_page).0
}

/// [`build_ir`], also returning per-stage times.
pub fn build_ir_timed(
    files: &[SourceFile],
    unreadable: &[UnreadableFile],
    on_page: &(dyn Fn() + Sync),
) -> (Ir, StageTimes) {
    let (ir, _, times) = build(files, unreadable, on_page, |_, _| ());
    (ir, times)
}

/// Builds the IR and runs the lint checks on it: the IR, and every diagnostic (the IR's own
/// and the checks'), sorted.
pub fn build_lint(
    files: &[SourceFile],
    unreadable: &[UnreadableFile],
    on_page: &(dyn Fn() + Sync),
) -> (Ir, Vec<Diagnostic>) {
    let (ir, facts, _) = build(files, unreadable, on_page, crate::lint::page_facts);
    let mut diagnostics = ir.diagnostics.clone();
    diagnostics.extend(crate::lint::lint(&ir, &facts));
    let texts: std::collections::HashMap<&str, &str> =
        files.iter().map(|file| (file.path.as_str(), file.text.as_str())).collect();
    crate::diag::locate_keys(&mut diagnostics, |path| texts.get(path).copied());
    crate::diag::sort(&mut diagnostics);
    (ir, diagnostics)
}

/// Parses and extracts every page in parallel, taking `per_page` of each page too, then links.
///
/// Pages are isolated from each other: a page that makes docgen panic (a bug, always) becomes
/// one error diagnostic on that page, and every other page's facts are kept.
fn build<T: Send + Default>(
    files: &[SourceFile],
    unreadable: &[UnreadableFile],
    on_page: &(dyn Fn() + Sync),
    per_page: impl Fn(&crate::page::Page, crate::extract::PageKind) -> T + Sync,
) -> (Ir, Vec<T>, StageTimes) {
    // Include files are parsed first, once each, and shared by every page that names them.
    let (include_files, pages): (Vec<&SourceFile>, Vec<&SourceFile>) =
        files.iter().partition(|file| is_include_file(&file.path));
    let includes = Includes::new(
        include_files
            .par_iter()
            .map(|file| {
                on_page();
                parse_page(file)
            })
            .collect::<Vec<_>>(),
    );
    let results: Vec<(Fragment, T, Duration, Duration)> = pages
        .par_iter()
        .map(|file| {
            let started = Instant::now();
            let one_page = || {
                let page = parse_page(file);
                let parsed = Instant::now();
                let fragment = extract_page_with(&page, &includes);
                let extra = per_page(&page, fragment.kind);
                (fragment, extra, parsed)
            };
            let (fragment, extra, parsed) = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(one_page)) {
                Ok(done) => done,
                Err(panic) => (failed_page(file, panic.as_ref()), T::default(), started),
            };
            let extracted = Instant::now();
            on_page();
            (fragment, extra, parsed - started, extracted - parsed)
        })
        .collect();
    let mut times = StageTimes::default();
    let mut fragments = Vec::with_capacity(results.len());
    let mut extras = Vec::with_capacity(results.len());
    for (fragment, extra, parse, extract) in results {
        times.parse += parse;
        times.extract += extract;
        fragments.push(fragment);
        extras.push(extra);
    }
    let failed = unreadable
        .iter()
        .map(|file| Diagnostic::new(file.problem.code(), &file.path, 1, file.problem.message()))
        .collect();
    let started = Instant::now();
    let ir = link(fragments, failed);
    times.link = started.elapsed();
    (ir, extras, times)
}

/// The fragment of a page docgen failed on: no facts, one diagnostic saying so.
fn failed_page(file: &SourceFile, panic: &(dyn std::any::Any + Send)) -> Fragment {
    let cause = panic
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned());
    let message = format!(
        "docgen failed on this page ({cause}) and skipped it; the other pages are unaffected. \
         This is a bug in docgen: please report it with the page"
    );
    let mut fragment = Fragment::empty(&file.path);
    fragment.diagnostics.push(Diagnostic::new(codes::PAGE_INTERNAL_ERROR, &file.path, 1, message));
    fragment
}

/// A generated crate: the text of every file, and what emitting found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedCrate {
    /// Path relative to the crate root (`src/graph/user.rs`) -> text.
    pub files: std::collections::BTreeMap<String, String>,
    /// Diagnostics of the emit stage (the IR's own are in the IR).
    pub diagnostics: Vec<Diagnostic>,
}

/// Emits and formats the crate of models for `ir`.
pub fn generate_crate(ir: &Ir, options: &crate::emit::Options) -> Result<GeneratedCrate, crate::format::FormatError> {
    let (files, diagnostics) = crate::emit::emit_crate(ir, options);
    let files = crate::format::format_crate(&files)?;
    Ok(GeneratedCrate { files, diagnostics })
}

#[cfg(test)]
mod tests {
    use super::build;
    use crate::diag::codes;
    use crate::source::SourceFile;

    #[test]
    fn a_page_docgen_fails_on_is_one_diagnostic_and_the_others_are_kept() {
        let files = [
            SourceFile::new("resources/a.md", "# a resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | x |\n"),
            SourceFile::new("resources/b.md", "# b resource type\n"),
        ];
        let (ir, facts, _) = build(&files, &[], &|| {}, |page, _| {
            assert!(!page.path.ends_with("b.md"), "a bug on page b");
            1
        });
        assert_eq!(facts, [1, 0]);
        assert_eq!(ir.types.len(), 1, "page a's type is kept");
        let failed: Vec<_> = ir.diagnostics.iter().filter(|d| d.code == codes::PAGE_INTERNAL_ERROR).collect();
        assert_eq!(failed.len(), 1);
        assert_eq!((failed[0].file.as_str(), failed[0].line), ("resources/b.md", 1));
        assert!(failed[0].message.contains("(a bug on page b)"), "{}", failed[0].message);
    }
}
