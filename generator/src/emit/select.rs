//! `--only`: narrows the IR to the named types, enums and operations and what they reference.
//!
//! Takes an [`Ir`] and glob patterns and gives it back narrowed. A pattern matches a type's or
//! enum's simple or qualified name (`cloudPc*`, `microsoft.graph.user`) or an operation id
//! (`cloudpcdeviceimage-*`), ignoring case. The closure follows base types, property and
//! navigation types, and an operation's request body and response types. Derived types are not
//! pulled in: a polymorphic enum then lists only the derived types selected.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use globset::{GlobBuilder, GlobSetBuilder};

use crate::ir::Ir;

/// A pattern that is not a valid glob, or that matches nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectError {
    /// The glob does not parse.
    #[error("--only pattern \"{pattern}\" is not a valid glob: {message}")]
    BadPattern {
        /// The pattern.
        pattern: String,
        /// Why.
        message: String,
    },
    /// The glob matches no name.
    #[error("--only pattern \"{0}\" matches no type, enum or operation")]
    NoMatch(String),
}

/// The part of `ir` that `patterns` select, with everything it references. Diagnostics and
/// page counts stay whole.
pub fn select(mut ir: Ir, patterns: &[String]) -> Result<Ir, SelectError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = GlobBuilder::new(pattern)
            .case_insensitive(true)
            .literal_separator(false)
            .build()
            .map_err(|err| SelectError::BadPattern { pattern: pattern.clone(), message: err.kind().to_string() })?;
        builder.add(glob);
    }
    let globs = builder
        .build()
        .map_err(|err| SelectError::BadPattern { pattern: patterns.join(" "), message: err.to_string() })?;
    let mut used = vec![false; patterns.len()];
    let mut matches = |names: &[&str]| -> bool {
        let mut any = false;
        for name in names {
            for idx in globs.matches(name) {
                if let Some(flag) = used.get_mut(idx) {
                    *flag = true;
                }
                any = true;
            }
        }
        any
    };

    let mut queue: VecDeque<String> = VecDeque::new();
    for ty in &ir.types {
        if matches(&[&ty.name, &ty.qualified_name()]) {
            queue.push_back(ty.qualified_name());
        }
    }
    for en in &ir.enums {
        if matches(&[&en.name, &en.qualified_name()]) {
            queue.push_back(en.qualified_name());
        }
    }
    let mut operations = BTreeSet::new();
    for operation in &ir.operations {
        if matches(&[&operation.id]) {
            operations.insert(operation.id.clone());
            let body = operation.request_body.iter();
            queue.extend(body.clone().filter_map(|body| body.type_.as_ref()).map(|ty| ty.name.clone()));
            queue.extend(body.flat_map(|body| &body.properties).map(|property| property.type_.name.clone()));
            queue.extend(operation.response.type_.iter().map(|ty| ty.name.clone()));
        }
    }
    if let Some(idx) = used.iter().position(|flag| !flag) {
        return Err(SelectError::NoMatch(patterns[idx].clone()));
    }

    let types: BTreeMap<String, &crate::ir::Type> = ir.types.iter().map(|ty| (ty.qualified_name(), ty)).collect();
    let mut selected: BTreeSet<String> = BTreeSet::new();
    while let Some(name) = queue.pop_front() {
        if name.starts_with("Edm.") || !selected.insert(name.clone()) {
            continue;
        }
        if let Some(ty) = types.get(&name) {
            queue.extend(ty.base.iter().map(|base| base.name.clone()));
            queue.extend(ty.properties.iter().map(|property| property.type_.name.clone()));
            queue.extend(ty.navigation.iter().map(|navigation| navigation.type_.name.clone()));
        }
    }
    ir.types.retain(|ty| selected.contains(&ty.qualified_name()));
    ir.enums.retain(|en| selected.contains(&en.qualified_name()));
    ir.operations.retain(|operation| operations.contains(&operation.id));
    Ok(ir)
}
