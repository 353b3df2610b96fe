//! Drift: two IRs -> the sorted list of what changed between them, each change classified.
//!
//! [`diff`] pairs types, enums and operations by qualified name (or operation id), then their
//! properties, members, parameters and permissions by name, and reports every difference as a
//! [`Change`]. Renames are found in [`pair`]: case-only renames, and likely renames (an item
//! removed and another added in the same place with the same shape). Which changes break
//! generated code is decided by [`rules`] alone. Printing is [`render`]'s job. The stage is pure:
//! reading the two revisions (folders or git) is the CLI's.

pub mod api;
mod compare;
pub mod pair;
pub mod render;
pub mod rules;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::emit::surface::ApiSurface;
use crate::ir::{Ir, Source};
pub use rules::{ChangeKind, Entity, Impact, Rule, RULES};

/// Version of the drift JSON contract.
pub const DRIFT_VERSION: u32 = 1;

/// Everything that changed between two IRs. Its JSON form is the drift contract, version 1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drift {
    /// Always [`DRIFT_VERSION`].
    pub drift_version: u32,
    /// The old docs as the user named them (a folder or a `git:` revision), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The new docs, likewise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// Counts of every change found, whichever are listed.
    pub summary: Summary,
    /// How many distinct items the two IRs hold together.
    pub compared: Compared,
    /// The changes: those about types and enums, then those about operations, each sorted by
    /// subject (owner, or the item itself), entity and name.
    pub changes: Vec<Change>,
    /// How many description-only edits were found. They are in `changes` only when
    /// [`DiffOptions::descriptions`] asked for them.
    pub description_edits: usize,
    /// Per operation id (old and new): the resource that lists it and its method name, for the
    /// changelog.
    #[serde(skip)]
    pub operations: BTreeMap<String, OperationInfo>,
}

/// How many changes were found, per impact, and how many of them `changes` lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Every change found (description edits only when listed).
    pub changes: usize,
    /// Breaking ones.
    pub breaking: usize,
    /// Flagged ones.
    pub flagged: usize,
    /// Compatible ones.
    pub compatible: usize,
    /// How many of them `changes` lists: fewer than all when some impacts were left out.
    pub listed: usize,
}

impl Summary {
    fn of(changes: &[Change]) -> Summary {
        let count = |impact| changes.iter().filter(|change| change.impact == impact).count();
        Summary {
            changes: changes.len(),
            breaking: count(Impact::Breaking),
            flagged: count(Impact::Flagged),
            compatible: count(Impact::Compatible),
            listed: changes.len(),
        }
    }

    /// How many changes have `impact`.
    pub fn count(&self, impact: Impact) -> usize {
        match impact {
            Impact::Breaking => self.breaking,
            Impact::Flagged => self.flagged,
            Impact::Compatible => self.compatible,
        }
    }
}

/// Counts of compared items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Compared {
    /// Types in either IR (a renamed type counts once).
    pub types: usize,
    /// Enums in either IR.
    pub enums: usize,
    /// Operations in either IR.
    pub operations: usize,
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Added, removed or changed.
    pub change: ChangeKind,
    /// What kind of item changed.
    pub entity: Entity,
    /// The qualified type or enum, or the operation id, holding the item; `None` for types,
    /// enums and operations themselves.
    pub owner: Option<String>,
    /// The item's name (qualified for types and enums, the id for operations). For a rename, the
    /// new name.
    pub name: String,
    /// The old value of what changed (`null` for additions).
    pub from: Value,
    /// The new value (`null` for removals).
    pub to: Value,
    /// Whether the rule calls it breaking.
    pub breaking: bool,
    /// The id of the rule that classified it.
    pub rule: &'static str,
    /// Breaking, flagged or compatible.
    pub impact: Impact,
    /// Which fact changed (`type`, `read_only`, `name`, `path`, ...), for parameters and
    /// permissions added or removed, where they are (`query`, `body`, `application`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aspect: Option<&'static str>,
    /// Where the item was in the old docs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_source: Option<Source>,
    /// Where it is in the new docs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_source: Option<Source>,
}

/// What the changelog needs to know about an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationInfo {
    /// The simple name of the resource whose Methods table lists it.
    pub resource: Option<String>,
    /// That resource's page (`resources/cloudpcdeviceimage.md`).
    pub resource_page: Option<String>,
    /// The method's name: the action or function (`reupload`), else the verb of the page
    /// (`list`, `get`, `create`, `update`, `delete`).
    pub method_name: String,
}

/// What [`diff`] reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiffOptions {
    /// List description-only edits too (they are always counted).
    pub descriptions: bool,
}

impl Change {
    /// A change classified by `rule`.
    pub fn new(rule: &Rule, owner: Option<&str>, name: impl Into<String>) -> Change {
        Change {
            change: rule.change,
            entity: rule.entity,
            owner: owner.map(str::to_owned),
            name: name.into(),
            from: Value::Null,
            to: Value::Null,
            breaking: rule.impact == Impact::Breaking,
            rule: rule.id,
            impact: rule.impact,
            aspect: None,
            old_source: None,
            new_source: None,
        }
    }

    /// The group a change is listed under: its owner, or the item itself.
    pub fn subject(&self) -> &str {
        self.owner.as_deref().unwrap_or(&self.name)
    }

    /// Types and enums first, then operations.
    fn section(&self) -> u8 {
        match self.entity {
            Entity::Operation | Entity::Parameter | Entity::Permission => 1,
            Entity::Api => 2,
            _ => 0,
        }
    }

    fn sort_key(&self) -> (u8, &str, bool, Entity, &str, Option<&'static str>, String, String) {
        (
            self.section(),
            self.subject(),
            self.owner.is_some(),
            self.entity,
            &self.name,
            self.aspect,
            self.from.to_string(),
            self.to.to_string(),
        )
    }
}

impl Drift {
    /// How many listed changes have `impact`.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|change| change.impact == impact).count()
    }

    /// Gives every change of a rule in `levels` (rule id -> impact) that impact instead of the
    /// rule's own: a team's policy (`permission-removed = "flagged"`). Call it before [`Drift::retain`].
    pub fn relevel(&mut self, levels: &BTreeMap<String, Impact>) {
        for change in &mut self.changes {
            if let Some(&impact) = levels.get(change.rule) {
                change.impact = impact;
                change.breaking = impact == Impact::Breaking;
            }
        }
        self.summary = Summary::of(&self.changes);
    }

    /// Lists only the changes whose impact is in `impacts`; the summary still counts them all.
    pub fn retain(&mut self, impacts: &[Impact]) {
        self.keep(|change| impacts.contains(&change.impact));
    }

    /// Lists only the changes `keep` accepts; the summary still counts them all.
    pub fn keep(&mut self, keep: impl FnMut(&Change) -> bool) {
        self.changes.retain(keep);
        self.summary.listed = self.changes.len();
    }
}

/// Compares two IRs, and the Rust APIs generated from them.
pub fn diff(old: &Ir, new: &Ir, options: &DiffOptions) -> Drift {
    let (old_api, new_api) =
        rayon::join(|| crate::emit::api_surface(old, None), || crate::emit::api_surface(new, None));
    diff_with_api(old, new, &old_api, &new_api, options)
}

/// Compares two IRs, and the Rust APIs generated from them as given (a crate's recorded API
/// against the current docs').
pub fn diff_with_api(old: &Ir, new: &Ir, old_api: &ApiSurface, new_api: &ApiSurface, options: &DiffOptions) -> Drift {
    let mut out = compare::Collector::new(options.descriptions);
    let types = compare::types(old, new, &mut out);
    let enums = compare::enums(old, new, &mut out);
    let operations = compare::operations(old, new, &mut out);
    let mut changes = out.changes;
    api::compare(old_api, new_api, &mut changes);
    changes.sort_by_cached_key(|change| {
        let (section, subject, owned, entity, name, aspect, from, to) = change.sort_key();
        (section, subject.to_owned(), owned, entity, name.to_owned(), aspect, from, to)
    });
    let infos = compare::operation_infos(old, new);
    Drift {
        drift_version: DRIFT_VERSION,
        old: None,
        new: None,
        summary: Summary::of(&changes),
        compared: Compared { types, enums, operations },
        changes,
        description_edits: out.description_edits,
        operations: infos,
    }
}
