//! The settled IR's type hierarchy, one index that emit, lint and drift share: lookup by
//! qualified name (exact, else ignoring case and a leading `#`), each type's ancestors and
//! descendants, with one cycle guard. (The link stage walks bases while it settles them, before
//! there is a settled IR to index.)

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Ir, Type};

/// Types by name, and who derives from whom.
pub struct Hierarchy<'ir> {
    exact: BTreeMap<String, &'ir Type>,
    folded: BTreeMap<String, &'ir Type>,
    /// Lower-cased qualified name -> its direct subtypes, in the IR's order.
    children: BTreeMap<String, Vec<&'ir Type>>,
}

impl<'ir> Hierarchy<'ir> {
    /// Indexes the types of `ir`.
    pub fn new(ir: &'ir Ir) -> Hierarchy<'ir> {
        let mut hierarchy = Hierarchy { exact: BTreeMap::new(), folded: BTreeMap::new(), children: BTreeMap::new() };
        for ty in &ir.types {
            let qualified = ty.qualified_name();
            hierarchy.folded.entry(qualified.to_ascii_lowercase()).or_insert(ty);
            hierarchy.exact.entry(qualified).or_insert(ty);
            if let Some(base) = &ty.base {
                hierarchy.children.entry(base.name.to_ascii_lowercase()).or_default().push(ty);
            }
        }
        hierarchy
    }

    /// The type named `qualified` (`microsoft.graph.user`, `#microsoft.graph.User`).
    pub fn get(&self, qualified: &str) -> Option<&'ir Type> {
        let name = qualified.trim_start_matches('#');
        self.exact.get(name).or_else(|| self.folded.get(&name.to_ascii_lowercase())).copied()
    }

    /// The bases of `ty`, nearest first; a chain that comes back to a type it passed stops there
    /// (the link stage reported the cycle).
    pub fn ancestors(&self, ty: &'ir Type) -> Vec<&'ir Type> {
        let mut chain = Vec::new();
        let mut seen = BTreeSet::from([ty.qualified_name().to_ascii_lowercase()]);
        let mut current = ty;
        while let Some(base) = current.base.as_ref().and_then(|base| self.get(&base.name)) {
            if !seen.insert(base.qualified_name().to_ascii_lowercase()) {
                break;
            }
            chain.push(base);
            current = base;
        }
        chain
    }

    /// Every type that derives from `ty`, directly or not: each type's children in the IR's
    /// order, the last found explored first.
    pub fn descendants(&self, ty: &'ir Type) -> Vec<&'ir Type> {
        let mut found = Vec::new();
        let mut seen = BTreeSet::from([ty.qualified_name().to_ascii_lowercase()]);
        let mut stack = vec![ty.qualified_name().to_ascii_lowercase()];
        while let Some(name) = stack.pop() {
            for &child in self.children.get(&name).into_iter().flatten() {
                let key = child.qualified_name().to_ascii_lowercase();
                if seen.insert(key.clone()) {
                    found.push(child);
                    stack.push(key);
                }
            }
        }
        found
    }
}
