//! Write: file texts land on disk, atomically, only when their bytes change.
//!
//! Takes a directory and the text of every file (paths relative to it, with `/`) and gives a
//! [`WriteReport`]. Each file goes to a temporary file in its own directory and is renamed over
//! the old one, so a reader never sees half a file. Files whose bytes are equal are not touched.
//! Files a previous run generated (their first lines carry [`GENERATED_MARKER`]) that are no
//! longer produced are removed, with directories left empty; nothing else is ever removed.
//! A file docgen would write over that lacks the marker is the user's: the write is refused
//! before anything is written. [`check_tree`] compares without writing, for `--check`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::emit::GENERATED_MARKER;

/// A file system error, with the path it happened on.
#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {}: {source}", path.display())]
pub struct WriteError {
    /// What was being done (`write`, `read`, `remove`).
    pub action: &'static str,
    /// The path.
    pub path: PathBuf,
    /// The cause.
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

/// Writes `files` under `dir` and removes stale generated files.
pub fn write_tree(dir: &Path, files: &BTreeMap<String, String>) -> Result<WriteReport, WriteError> {
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
    for (relative, path, text) in to_write {
        replace_atomically(&path, text.as_bytes())?;
        report.written.push(relative.clone());
    }
    for relative in stale_files(dir, files)? {
        let path = dir.join(&relative);
        std::fs::remove_file(&path).map_err(|source| WriteError { action: "remove", path: path.clone(), source })?;
        remove_empty_parents(dir, &path);
        report.removed.push(relative);
    }
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
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let error = |action, path: &Path| {
        let path = path.to_owned();
        move |source| WriteError { action, path, source }
    };
    std::fs::create_dir_all(&dir).map_err(error("create", &dir))?;
    let mut file = temp_file_builder(path).tempfile_in(&dir).map_err(error("write into", &dir))?;
    file.write_all(bytes).map_err(error("write", path))?;
    file.persist(path).map_err(|err| WriteError { action: "write", path: path.to_owned(), source: err.error })?;
    Ok(())
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

/// Generated files under `dir` that `files` no longer lists, sorted. `target/` and hidden
/// directories are not searched.
fn stale_files(dir: &Path, files: &BTreeMap<String, String>) -> Result<Vec<String>, WriteError> {
    let mut stale = BTreeSet::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        let entries = match std::fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => return Err(WriteError { action: "read", path: current, source }),
        };
        for entry in entries {
            let entry = entry.map_err(|source| WriteError { action: "read", path: current.clone(), source })?;
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                let build_output = current == dir && name == "target";
                if !name.starts_with('.') && !build_output {
                    pending.push(path);
                }
                continue;
            }
            let Ok(relative) = path.strip_prefix(dir) else { continue };
            let relative = relative.to_string_lossy().replace('\\', "/");
            if !files.contains_key(&relative) && is_generated(&path) {
                stale.insert(relative);
            }
        }
    }
    Ok(stale.into_iter().collect())
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
