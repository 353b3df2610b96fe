//! Include files: `[!INCLUDE [label](path)]` directives and the files they name.
//!
//! Today's docs (dialect guide §13) keep each API page's permissions table in a small file under
//! `includes/permissions/`, named by a directive in the page's Permissions section. Files in a
//! folder named `includes` are not pages: the pipeline parses each once into an [`Includes`]
//! store, shared by every page that names it, and never reports them as pages. A directive's
//! path is resolved against the including file's folder, for folder and `git:` roots alike.

use std::collections::BTreeMap;

use super::{Inline, Page};

/// Whether a file of the docs root is an include file rather than a page: it sits in a folder
/// named `includes`.
pub fn is_include_file(path: &str) -> bool {
    path.split('/').rev().skip(1).any(|folder| folder.eq_ignore_ascii_case("includes"))
}

/// The path an `[!INCLUDE [label](path)]` paragraph names (backslashes already made `/`).
pub fn directive_target(paragraph: &Inline) -> Option<String> {
    let text = paragraph.text.trim_start();
    let is_directive = text.get(..9).is_some_and(|start| start.eq_ignore_ascii_case("[!include"));
    match paragraph.links.as_slice() {
        [link] if is_directive => Some(link.target.clone()),
        _ => None,
    }
}

/// `target` seen from the file `from` (both relative to the docs root): `../includes/x.md` from
/// `api/a.md` is `includes/x.md`. `None` when it leaves the root or is a URL.
pub fn resolve(from: &str, target: &str) -> Option<String> {
    if target.contains("://") || target.starts_with('/') {
        return None;
    }
    let target = target.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// Every include file of a docs root, parsed once, by path relative to the root.
#[derive(Debug, Clone, Default)]
pub struct Includes {
    files: BTreeMap<String, Page>,
}

/// What a directive leads to.
#[derive(Debug, Clone, Copy)]
pub enum Resolved<'i> {
    /// The include file.
    Found(&'i Page),
    /// A path inside the root that no file has.
    Missing,
    /// A path that leaves the root (or a URL): out of docgen's sight.
    Outside,
}

impl Includes {
    /// A store of the given parsed include files.
    pub fn new(files: impl IntoIterator<Item = Page>) -> Includes {
        Includes { files: files.into_iter().map(|page| (page.path.to_string(), page)).collect() }
    }

    /// The file `target` names, seen from the file `from`.
    pub fn resolve(&self, from: &str, target: &str) -> Resolved<'_> {
        match resolve(from, target) {
            None => Resolved::Outside,
            Some(path) => self.files.get(&path).map_or(Resolved::Missing, Resolved::Found),
        }
    }

    /// How many include files there are.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::{is_include_file, resolve};

    #[test]
    fn include_files_and_paths() {
        assert!(is_include_file("includes/permissions/user-get-permissions.md"));
        assert!(is_include_file("beta/Includes/x.md"));
        assert!(!is_include_file("api/includes.md"));
        assert!(!is_include_file("api/user-get.md"));
        assert_eq!(
            resolve("api/user-get.md", "../includes/permissions/user-get-permissions.md").as_deref(),
            Some("includes/permissions/user-get-permissions.md")
        );
        assert_eq!(resolve("api/a.md", "./b.md#part").as_deref(), Some("api/b.md"));
        assert_eq!(resolve("api/a.md", "../../includes/global-us.md"), None);
        assert_eq!(resolve("api/a.md", "https://example.com/x.md"), None);
    }
}
