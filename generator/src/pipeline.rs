//! The stages wired together, without I/O: sources in, IR out.
//!
//! Pages are parsed and extracted in parallel (rayon keeps the output in input order), then
//! linked once. The `Page` of each file is dropped as soon as its fragment exists, so memory
//! holds fragments, not page models.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diag::{codes, Diagnostic};
use crate::extract::{extract_page, Fragment};
use crate::ir::Ir;
use crate::link::link;
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
    let results: Vec<(Fragment, Duration, Duration)> = files
        .par_iter()
        .map(|file| {
            let started = Instant::now();
            let page = parse_page(file);
            let parsed = Instant::now();
            let fragment = extract_page(&page);
            let extracted = Instant::now();
            on_page();
            (fragment, parsed - started, extracted - parsed)
        })
        .collect();
    let mut times = StageTimes::default();
    let mut fragments = Vec::with_capacity(results.len());
    for (fragment, parse, extract) in results {
        times.parse += parse;
        times.extract += extract;
        fragments.push(fragment);
    }
    let failed = unreadable
        .iter()
        .map(|file| {
            Diagnostic::new(
                codes::PAGE_UNREADABLE,
                &file.path,
                1,
                format!("page cannot be read ({}); save it as UTF-8", file.reason),
            )
        })
        .collect();
    let started = Instant::now();
    let ir = link(fragments, failed);
    times.link = started.elapsed();
    (ir, times)
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
