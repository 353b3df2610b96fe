//! The record of what a crate was generated from: `docgen-ir.json` beside `Cargo.toml`.
//!
//! `docgen generate --check` reads it back when the crate is stale and reports the drift between
//! the recorded IR and the current docs, so a failing check says what changed in the docs, not
//! only which files differ. The record holds what the code is generated from (the IR's types,
//! enums and operations) and the public Rust API generated from it ([`ApiSurface`]), so the check
//! can also say which functions, fields and variants changed.

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::surface::{ApiItem, ApiSurface};
use crate::ir::{Enum, Ir, Operation, Type, IR_VERSION};

/// The record's path in a generated crate.
pub const RECORD_FILE: &str = "docgen-ir.json";

/// The record's JSON form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The marker and the regenerate command, so the write stage knows the file is docgen's.
    pub generated: String,
    /// The IR contract version of what follows.
    pub ir_version: u32,
    /// The IR's types.
    pub types: Vec<Type>,
    /// The IR's enums.
    pub enums: Vec<Enum>,
    /// The IR's operations (absent in records written before endpoints were recorded).
    #[serde(default)]
    pub operations: Vec<Operation>,
    /// The crate's public API, one item per entry (absent in older records).
    #[serde(default)]
    pub api: Vec<RecordedItem>,
}

/// One public item of the recorded API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedItem {
    /// Its Rust path.
    pub path: String,
    /// What callers depend on.
    #[serde(flatten)]
    pub item: ApiItem,
}

/// The record of `ir`, as the text of [`RECORD_FILE`]; `footer` is the files' generated-by line.
///
/// One JSON value per line (a type or an enum each), so the file stays compact and a change to
/// one type is a change to one line.
pub fn record(ir: &Ir, surface: &ApiSurface, footer: &str) -> String {
    let mut text = format!(
        "{{\"generated\": {},\n\"ir_version\": {IR_VERSION},\n\"types\": [\n",
        serde_json::to_string(footer).unwrap_or_default()
    );
    text.push_str(&ir.types.iter().map(line).collect::<Vec<_>>().join(",\n"));
    text.push_str("\n],\n\"enums\": [\n");
    text.push_str(&ir.enums.iter().map(line).collect::<Vec<_>>().join(",\n"));
    text.push_str("\n],\n\"operations\": [\n");
    text.push_str(&ir.operations.iter().map(line).collect::<Vec<_>>().join(",\n"));
    text.push_str("\n],\n\"api\": [\n");
    let items = surface.items.iter().map(|(path, item)| line(&RecordedItem { path: path.clone(), item: item.clone() }));
    text.push_str(&items.collect::<Vec<_>>().join(",\n"));
    text.push_str("\n]}\n");
    text
}

/// A value as one line of compact JSON. Plain data with string keys always serialises.
fn line<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Reads a record back as an IR (no pages, no diagnostics) and the API generated from it.
pub fn read_record(text: &str) -> Result<(Ir, ApiSurface), RecordError> {
    let record: Record = serde_json::from_str(text).map_err(RecordError::Json)?;
    if record.ir_version != IR_VERSION {
        return Err(RecordError::Version(record.ir_version));
    }
    let items: BTreeMap<String, ApiItem> =
        record.api.into_iter().map(|recorded| (recorded.path, recorded.item)).collect();
    let ir = Ir {
        ir_version: record.ir_version,
        pages: crate::ir::PageCounts::default(),
        types: record.types,
        enums: record.enums,
        operations: record.operations,
        cmdlets: Vec::new(),
        diagnostics: Vec::new(),
    };
    Ok((ir, ApiSurface { items }))
}

/// Why a record cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// Not a record.
    #[error("not a docgen IR record: {0}")]
    Json(serde_json::Error),
    /// Written by a docgen with another IR contract.
    #[error("recorded with IR version {0}; this docgen reads version {IR_VERSION}")]
    Version(u32),
}
