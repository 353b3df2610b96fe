//! docgen's integration tests: one binary, one module per area, fixtures in folders beside them.
//!
//! Snapshots live in `tests/snapshots/`. Review changes with `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test` and `git diff`); under `CI=true` insta writes nothing and a
//! mismatch fails.

mod cli;
mod client;
mod corpus;
mod docs_input;
mod drift;
mod endpoints;
mod example_checks;
mod fixtures;
mod hostile;
mod lint;
mod models;
mod props;
mod seeds;
mod support;

// The example tests' shared checks, as `generated/` carries them, tested in `example_checks`;
// they reach the generated crate as `crate::generated`.
use docgen_generated as generated;
#[allow(dead_code)]
#[path = "../generated/tests/examples/check.rs"]
mod check;
