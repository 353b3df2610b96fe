//! `--only`, `--exclude` and `--path`: narrow the IR to what a user asked for and what it needs.
//!
//! A pattern is a glob matched, ignoring case, against a type's or enum's simple name, qualified
//! name or namespace (`cloudPc*`, `microsoft.graph.user`, `microsoft.graph.callRecords`) and an
//! operation's id (`cloudpcdeviceimage-*`). A path prefix (`/users`) selects the operations with
//! a documented path under it, segment by segment, ignoring case and the names of `{keys}`.
//!
//! A selected type brings its operations: those its Methods table links, and those that take or
//! return it. The closure then follows base types, property and navigation types, and each
//! operation's request body and response types. Derived types are not pulled in: a polymorphic
//! enum then lists only the derived types selected. `--exclude` takes items out of the selection;
//! a type or enum an item still selected refers to comes back, so the crate compiles.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::ir::{Ir, Operation, Type};

/// What to select. Empty `only` and `paths` select everything (minus `exclude`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Patterns of names, namespaces and operation ids.
    pub only: Vec<String>,
    /// Patterns of items to leave out.
    pub exclude: Vec<String>,
    /// URL path prefixes (`/users`).
    pub paths: Vec<String>,
}

impl Selection {
    /// `--only` patterns alone.
    pub fn only(patterns: &[String]) -> Selection {
        Selection { only: patterns.to_vec(), ..Selection::default() }
    }

    /// Whether it selects everything.
    pub fn is_everything(&self) -> bool {
        self.only.is_empty() && self.exclude.is_empty() && self.paths.is_empty()
    }
}

/// A pattern that is not a valid glob, or that matches nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectError {
    /// The glob does not parse.
    #[error("{flag} pattern \"{pattern}\" is not a valid glob: {message}")]
    BadPattern {
        /// The flag it was given to.
        flag: &'static str,
        /// The pattern.
        pattern: String,
        /// Why.
        message: String,
    },
    /// The glob matches no name.
    #[error("{flag} pattern \"{pattern}\" matches no type, enum, namespace or operation")]
    NoMatch {
        /// The flag it was given to.
        flag: &'static str,
        /// The pattern.
        pattern: String,
    },
    /// The prefix is no documented path's.
    #[error("--path \"{0}\" starts no documented path (write it as in the docs' HTTP requests: `/users`)")]
    NoPath(String),
}

/// The part of `ir` that `selection` selects, with everything it references. Page counts and
/// diagnostics stay whole ([`narrow_diagnostics`] narrows them).
pub fn select(mut ir: Ir, selection: &Selection) -> Result<Ir, SelectError> {
    if selection.is_everything() {
        return Ok(ir);
    }
    let mut only = Patterns::new("--only", &selection.only)?;
    let mut exclude = Patterns::new("--exclude", &selection.exclude)?;
    let prefixes: Vec<Vec<String>> = selection.paths.iter().map(|prefix| segments(prefix)).collect();
    let mut prefix_used = vec![false; prefixes.len()];
    let everything = selection.only.is_empty() && selection.paths.is_empty();

    let mut queue: VecDeque<String> = VecDeque::new();
    let mut seeds: BTreeSet<String> = BTreeSet::new();
    for ty in &ir.types {
        let names = [ty.name.as_str(), &ty.qualified_name(), &ty.namespace];
        let chosen = only.matches(&names) || everything;
        if chosen && !exclude.matches(&names) {
            seeds.insert(ty.qualified_name());
            queue.push_back(ty.qualified_name());
        }
    }
    for en in &ir.enums {
        let names = [en.name.as_str(), &en.qualified_name(), &en.namespace];
        let chosen = only.matches(&names) || everything;
        if chosen && !exclude.matches(&names) {
            queue.push_back(en.qualified_name());
        }
    }
    let linked = methods_links(&ir.types, &seeds);
    let mut operations = BTreeSet::new();
    for operation in &ir.operations {
        let mut chosen = everything || only.matches(&[&operation.id]) || linked.contains(operation.id.as_str());
        chosen |= operation_types(operation).any(|name| seeds.contains(&name));
        for (idx, prefix) in prefixes.iter().enumerate() {
            if operation.paths.iter().any(|path| starts_with(&segments(path), prefix)) {
                prefix_used[idx] = true;
                chosen = true;
            }
        }
        if chosen && !exclude.matches(&[&operation.id]) {
            operations.insert(operation.id.clone());
            queue.extend(operation_types(operation));
        }
    }
    only.check_used()?;
    exclude.check_used()?;
    if let Some(idx) = prefix_used.iter().position(|used| !used) {
        return Err(SelectError::NoPath(selection.paths[idx].clone()));
    }

    let types: BTreeMap<String, &Type> = ir.types.iter().map(|ty| (ty.qualified_name(), ty)).collect();
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

/// Keeps the diagnostics of the pages the IR's items come from, after [`select`], so a slice
/// reports on itself; returns how many were left out.
pub fn narrow_diagnostics(ir: &mut Ir) -> usize {
    let pages: BTreeSet<String> = (ir.types.iter().map(|ty| ty.source.file.to_string()))
        .chain(ir.enums.iter().map(|en| en.source.file.to_string()))
        .chain(ir.operations.iter().map(|operation| operation.source.file.to_string()))
        .collect();
    let before = ir.diagnostics.len();
    ir.diagnostics.retain(|diagnostic| pages.contains(&diagnostic.file));
    before - ir.diagnostics.len()
}

/// Globs, and which of them matched something.
struct Patterns {
    flag: &'static str,
    patterns: Vec<String>,
    globs: GlobSet,
    used: Vec<bool>,
}

impl Patterns {
    fn new(flag: &'static str, patterns: &[String]) -> Result<Patterns, SelectError> {
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            let glob =
                GlobBuilder::new(pattern).case_insensitive(true).literal_separator(false).build().map_err(|err| {
                    SelectError::BadPattern { flag, pattern: pattern.clone(), message: err.kind().to_string() }
                })?;
            builder.add(glob);
        }
        let globs = builder.build().map_err(|err| SelectError::BadPattern {
            flag,
            pattern: patterns.join(" "),
            message: err.to_string(),
        })?;
        Ok(Patterns { flag, patterns: patterns.to_vec(), globs, used: vec![false; patterns.len()] })
    }

    /// Whether any name matches a pattern; marks the patterns that do.
    fn matches(&mut self, names: &[&str]) -> bool {
        let mut any = false;
        for name in names {
            for idx in self.globs.matches(name) {
                self.used[idx] = true;
                any = true;
            }
        }
        any
    }

    /// Every pattern must have matched something: a typo should not give an empty crate.
    fn check_used(&self) -> Result<(), SelectError> {
        match self.used.iter().position(|used| !used) {
            Some(idx) => Err(SelectError::NoMatch { flag: self.flag, pattern: self.patterns[idx].clone() }),
            None => Ok(()),
        }
    }
}

/// The operation ids the Methods tables of `seeds` link.
fn methods_links<'ir>(types: &'ir [Type], seeds: &BTreeSet<String>) -> BTreeSet<&'ir str> {
    types
        .iter()
        .filter(|ty| seeds.contains(&ty.qualified_name()))
        .flat_map(|ty| ty.methods.iter().filter_map(|method| method.operation.as_deref()))
        .collect()
}

/// The types an operation takes or returns.
fn operation_types(operation: &Operation) -> impl Iterator<Item = String> + '_ {
    let body = operation.request_body.iter();
    (body.clone().filter_map(|body| body.type_.as_ref()).map(|ty| ty.name.clone()))
        .chain(body.flat_map(|body| &body.properties).map(|property| property.type_.name.clone()))
        .chain(operation.response.type_.iter().map(|ty| ty.name.clone()))
}

/// A path's segments, lower-cased, every `{key}` written `{}`.
fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| if segment.starts_with('{') { "{}".to_owned() } else { segment.to_lowercase() })
        .collect()
}

fn starts_with(path: &[String], prefix: &[String]) -> bool {
    path.len() >= prefix.len() && path.iter().zip(prefix).all(|(a, b)| a == b)
}
