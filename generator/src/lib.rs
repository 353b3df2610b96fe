//! docgen: Microsoft Graph reference markdown -> IR -> Rust code and drift reports.
//!
//! The pipeline, one module per stage (see `shared/docs/STYLE.md`):
//! [`source`] reads pages, [`page`] parses each into a page model with spans, [`extract`] turns a
//! page into IR fragments, [`link`] resolves and merges the fragments into one [`ir::Ir`],
//! [`emit`] turns the IR into a crate's files as tokens, [`format`](mod@format) prints them with
//! prettyplease and [`write`](mod@write) puts them on disk; [`drift`] compares two IRs;
//! [`lint`] checks an IR (and facts kept from its pages) for places where the docs contradict
//! themselves.
//! Diagnostics ([`diag`]) travel beside every stage's output. [`template`] reads documented
//! paths as templates, for the endpoints [`emit`] writes and the examples [`lint`] checks.

#![warn(missing_docs)]

pub mod build;
#[cfg(feature = "cli")]
pub mod cli;
pub mod diag;
pub mod drift;
pub mod emit;
pub mod extract;
pub mod format;
pub mod hierarchy;
pub mod ir;
pub mod link;
pub mod lint;
pub mod page;
pub mod pipeline;
pub mod source;
pub mod template;
pub mod write;
