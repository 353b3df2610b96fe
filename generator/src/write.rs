//! Write: file texts land on disk all at once, only when their bytes change, and only docgen's
//! own files are ever replaced or removed.
//!
//! Takes a directory and the text of every file (paths relative to it, with `/`) and gives a
//! [`WriteReport`]. The write is staged: every changed file is first written to a temporary file
//! in its own directory; only when all of them are written are they renamed over the old ones, so
//! a failure (a full disk, a name the file system refuses) leaves the directory as it was, and a
//! reader never sees half a file. Files whose bytes are equal are not touched.
//!
//! What docgen wrote is listed in [`MANIFEST_FILE`]. A later write removes a file only when that
//! list names it, it still carries [`GENERATED_MARKER`], and it is not inside a nested crate: a
//! crate without the list loses nothing, and no docs page or other crate's file is ever removed.
//! A file docgen would write over that lacks the marker is the user's: the write is refused
//! before anything is written. [`check_tree`] compares without writing, for `--check`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use crate::emit::GENERATED_MARKER;

/// The list of files docgen wrote into a directory, one relative path a line.
pub const MANIFEST_FILE: &str = ".docgen-files";

/// A file system error, with the path it happened on.
#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {}", path.display())]
pub struct WriteError {
    /// What was being done (`write`, `read`, `remove`).
    pub action: &'static str,
    /// The path.
    pub path: PathBuf,
    /// The cause.
    #[source]
    pub source: std::io::Error,
}

/// What a write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or replaced.
    pub written: Vec<String>,
    /// Files left as they were.
    pub unchanged: usize,
    /// Generated files removed because nothing produces them any more.
    pub removed: Vec<String>,
}

/// How a file on disk differs from what would be written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difference {
    /// It does not exist.
    Missing(String),
    /// Its bytes differ.
    Changed(String),
    /// It is generated and no longer produced.
    Stale(String),
}

/// Says why `out` must not receive a generated crate: it is the docs root `docs`, lies inside it
/// (generated files would be read as pages, and removing stale ones could hit a page), or holds
/// it. `None` when the two are apart.
pub fn docs_overlap(out: &Path, docs: &Path) -> Option<String> {
    let (out_abs, docs_abs) = (resolved(out), resolved(docs));
    let (out, docs) = (out.display(), docs.display());
    if out_abs == docs_abs {
        Some(format!("--out {out} is the docs root; write the crate to a folder of its own"))
    } else if out_abs.starts_with(&docs_abs) {
        Some(format!("--out {out} is inside the docs root {docs}; write the crate to a folder outside it"))
    } else if docs_abs.starts_with(&out_abs) {
        Some(format!("--out {out} holds the docs root {docs}; write the crate to a folder of its own"))
    } else {
        None
    }
}

/// The `Cargo.toml` of a workspace that `out` lies inside (one with a `[workspace]` table, in a
/// folder above `out`), as cargo looks for a workspace root. Cargo reads `[profile]` tables only
/// from the root, and warns about them anywhere else.
pub fn enclosing_workspace(out: &Path) -> Option<PathBuf> {
    let out = resolved(out);
    out.ancestors().skip(1).map(|dir| dir.join("Cargo.toml")).find(|manifest| {
        std::fs::read_to_string(manifest).is_ok_and(|text| text.lines().any(|line| line.trim() == "[workspace]"))
    })
}

/// `path` made absolute with links resolved, as far as it exists; the rest appended as written.
pub fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut missing = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return missing.iter().rev().fold(real, |path, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_owned());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Writes `files` under `dir`, staged, and removes the stale files a previous write listed.
pub fn write_tree(dir: &Path, files: &BTreeMap<String, String>) -> Result<WriteReport, WriteError> {
    for relative in files.keys() {
        check_relative(dir, relative)?;
    }
    let mut report = WriteReport::default();
    // Each existing file is read once: equal bytes are left alone, and a file of the user's where
    // we would write stays theirs, refused before anything is written.
    let mut to_write = Vec::new();
    for (relative, text) in files {
        let path = dir.join(relative);
        match std::fs::read(&path) {
            Ok(existing) if existing == text.as_bytes() => report.unchanged += 1,
            Ok(existing) if !has_marker(&existing) => {
                let source = std::io::Error::other(format!("it exists and does not carry \"{GENERATED_MARKER}\""));
                return Err(WriteError { action: "replace", path, source });
            }
            _ => to_write.push((relative, path, text)),
        }
    }
    let stale = stale_files(dir, files)?;
    let staged = stage(to_write.iter().map(|(_, path, text)| (path.as_path(), text.as_bytes())))?;
    for ((relative, path, _), file) in to_write.iter().zip(staged) {
        file.persist(path).map_err(|err| WriteError { action: "write", path: path.clone(), source: err.error })?;
        report.written.push((*relative).clone());
    }
    for relative in stale {
        let path = dir.join(&relative);
        std::fs::remove_file(&path).map_err(|source| WriteError { action: "remove", path: path.clone(), source })?;
        remove_empty_parents(dir, &path);
        report.removed.push(relative);
    }
    write_atomically(&dir.join(MANIFEST_FILE), manifest(files).as_bytes())?;
    Ok(report)
}

/// How the files under `dir` differ from `files`; empty when they match.
pub fn check_tree(dir: &Path, files: &BTreeMap<String, String>) -> Result<Vec<Difference>, WriteError> {
    let mut differences = Vec::new();
    for (relative, text) in files {
        let path = dir.join(relative);
        match std::fs::read(&path) {
            Ok(existing) if existing == text.as_bytes() => {}
            Ok(_) => differences.push(Difference::Changed(relative.clone())),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                differences.push(Difference::Missing(relative.clone()))
            }
            Err(source) => return Err(WriteError { action: "read", path, source }),
        }
    }
    differences.extend(stale_files(dir, files)?.into_iter().map(Difference::Stale));
    differences.sort();
    Ok(differences)
}

/// Writes every file to a temporary file beside its destination, creating folders as needed.
/// On the first failure the temporary files and the folders created are removed again.
fn stage<'a>(files: impl Iterator<Item = (&'a Path, &'a [u8])>) -> Result<Vec<tempfile::NamedTempFile>, WriteError> {
    let mut created: Vec<PathBuf> = Vec::new();
    let mut staged = Vec::new();
    let write_one = |path: &Path, bytes: &[u8], created: &mut Vec<PathBuf>| {
        let dir = parent_dir(path);
        let mut missing: Vec<PathBuf> = dir.ancestors().take_while(|dir| !dir.exists()).map(Path::to_owned).collect();
        std::fs::create_dir_all(&dir).map_err(|source| WriteError { action: "create", path: dir.clone(), source })?;
        missing.reverse();
        created.extend(missing);
        let mut file = temp_file_builder(path).tempfile_in(&dir).map_err(|source| WriteError {
            action: "write into",
            path: dir.clone(),
            source,
        })?;
        file.write_all(bytes).map_err(|source| WriteError { action: "write", path: path.to_owned(), source })?;
        Ok::<_, WriteError>(file)
    };
    for (path, bytes) in files {
        match write_one(path, bytes, &mut created) {
            Ok(file) => staged.push(file),
            Err(err) => {
                drop(staged);
                for dir in created.iter().rev() {
                    let _ = std::fs::remove_dir(dir);
                }
                return Err(err);
            }
        }
    }
    Ok(staged)
}

/// Refuses a path that is absolute or climbs out of `dir` (emit never makes one; a bug would).
fn check_relative(dir: &Path, relative: &str) -> Result<(), WriteError> {
    let inside = Path::new(relative).components().all(|part| matches!(part, Component::Normal(_)));
    if inside && !relative.is_empty() {
        return Ok(());
    }
    let source = std::io::Error::other("the path leaves the crate's directory");
    Err(WriteError { action: "write", path: dir.join(relative), source })
}

/// The text of [`MANIFEST_FILE`] for `files`.
fn manifest(files: &BTreeMap<String, String>) -> String {
    let mut text = format!("# {GENERATED_MARKER}: the files it wrote here, which it alone may remove.\n");
    for relative in files.keys() {
        text.push_str(relative);
        text.push('\n');
    }
    text
}

/// The files the manifest in `dir` lists; none when there is no manifest or it is not docgen's.
fn listed_files(dir: &Path) -> Result<Vec<String>, WriteError> {
    let path = dir.join(MANIFEST_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(WriteError { action: "read", path, source }),
    };
    let mut lines = text.lines();
    if !lines.next().is_some_and(|first| first.contains(GENERATED_MARKER)) {
        return Ok(Vec::new());
    }
    Ok(lines.filter(|line| !line.is_empty()).map(str::to_owned).collect())
}

/// Files the last write listed that `files` no longer has and that are still docgen's: regular
/// files inside `dir`, outside any nested crate, carrying the marker. Sorted.
fn stale_files(dir: &Path, files: &BTreeMap<String, String>) -> Result<Vec<String>, WriteError> {
    let mut stale = BTreeSet::new();
    for relative in listed_files(dir)? {
        if files.contains_key(&relative) || check_relative(dir, &relative).is_err() {
            continue;
        }
        let path = dir.join(&relative);
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|meta| meta.file_type().is_file());
        if is_file && !in_nested_crate(dir, &path) && is_generated(&path) {
            stale.insert(relative);
        }
    }
    Ok(stale.into_iter().collect())
}

/// Whether a folder between `dir` (excluded) and `path` holds a `Cargo.toml`.
fn in_nested_crate(dir: &Path, path: &Path) -> bool {
    path.ancestors()
        .skip(1)
        .take_while(|ancestor| *ancestor != dir)
        .any(|ancestor| ancestor.join("Cargo.toml").exists())
}

/// Writes `bytes` to `path` through a temporary file in the same directory, creating the
/// directory when needed. Equal bytes leave the file untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    if std::fs::read(path).is_ok_and(|existing| existing == bytes) {
        return Ok(());
    }
    replace_atomically(path, bytes)
}

/// [`write_atomically`] without the comparison, for callers that compared already.
fn replace_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let staged = stage(std::iter::once((path, bytes)))?;
    for file in staged {
        file.persist(path).map_err(|err| WriteError { action: "write", path: path.to_owned(), source: err.error })?;
    }
    Ok(())
}

/// The directory a file goes in (`.` for a bare file name).
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Temporary files get the permissions of the file they replace, or those of a file created
/// normally (0666 less the umask); tempfile's own default, 0600, would hide generated files
/// from other users.
fn temp_file_builder(path: &Path) -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    match std::fs::metadata(path) {
        Ok(meta) => {
            builder.permissions(meta.permissions());
        }
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                builder.permissions(std::fs::Permissions::from_mode(0o666));
            }
        }
    }
    builder
}

/// Whether the first lines of the file carry [`GENERATED_MARKER`].
fn is_generated(path: &Path) -> bool {
    let mut head = [0u8; HEAD_LEN];
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    let Ok(n_read) = file.read(&mut head) else { return false };
    has_marker(head.get(..n_read).unwrap_or_default())
}

/// How much of a file's start is searched for the marker (a `lib.rs` header lists every
/// namespace on one line).
const HEAD_LEN: usize = 8192;

/// Whether the first lines of `bytes` carry [`GENERATED_MARKER`].
fn has_marker(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(bytes.get(..HEAD_LEN).unwrap_or(bytes));
    head.lines().take(8).any(|line| line.contains(GENERATED_MARKER))
}

/// Removes the directories between `path` and `root` that became empty.
fn remove_empty_parents(root: &Path, path: &Path) {
    let mut current = path.parent();
    while let Some(dir) = current {
        if dir == root || !dir.starts_with(root) || std::fs::remove_dir(dir).is_err() {
            break;
        }
        current = dir.parent();
    }
}
