//! docgen's integration tests: one binary, one module per area, fixtures in folders beside them.
//!
//! Snapshots live in `tests/snapshots/`. Review changes with `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test` and `git diff`); under `CI=true` insta writes nothing and a
//! mismatch fails.

mod cli;
mod corpus;
mod docs_input;
mod drift;
mod endpoints;
mod fixtures;
mod lint;
mod models;
mod props;
mod seeds;
mod support;
