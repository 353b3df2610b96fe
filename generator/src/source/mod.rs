//! Read stage: a docs root on disk -> `Vec<SourceFile>`.
//!
//! This is the only stage that touches the file system on the way in. It walks the root, keeps
//! every `.md` page (the corpus also holds `.md.txt` byte copies, which are skipped: dialect guide
//! §0), and gives each page its path relative to the root (with `/`), its text and a line index.
//! Files that are not UTF-8, folders that cannot be listed, links and other things that are not
//! regular files come back as unreadable entries, so the run reports them instead of stopping
//! (or hanging on a FIFO). A root may also be a git revision ([`git`]), read without touching
//! the work tree.

pub mod git;
mod line_index;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use line_index::LineIndex;

/// One page of the docs, as read from disk.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    /// Path relative to the docs root, with `/` separators (`resources/user.md`).
    pub path: String,
    /// The page text. Line endings are normalised to `\n`.
    pub text: String,
    /// Byte offset -> 1-based line.
    pub lines: LineIndex,
}

impl SourceFile {
    /// Builds a source file from text already in memory (tests, git blobs).
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let mut text = text.into();
        if memchr::memchr(b'\r', text.as_bytes()).is_some() {
            // The corpus has no CR line endings (dialect guide §1); normalise anyway.
            text = text.replace("\r\n", "\n").replace('\r', "\n");
        }
        if let Some(stripped) = text.strip_prefix('\u{feff}') {
            text = stripped.to_owned();
        }
        let lines = LineIndex::new(&text);
        SourceFile { path: path.into(), text, lines }
    }
}

/// A file that was found but could not be read as a page.
#[derive(Debug, Clone, PartialEq)]
pub struct UnreadableFile {
    /// Path relative to the docs root.
    pub path: String,
    /// Why it could not be read.
    pub problem: Problem,
}

/// Why a page (or a folder of pages) was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Its bytes are not UTF-8; the decoder's message.
    NotUtf8(String),
    /// Reading it failed; the I/O error.
    Io(String),
    /// A folder under the root could not be listed; the I/O error.
    Folder(String),
    /// A symbolic link named like a page. Links are never followed, by the folder reader and
    /// the `git:` reader alike, so a root gives the same pages wherever it is read from and
    /// never reads outside itself.
    Link,
    /// A FIFO, socket or device named like a page (reading one could block forever).
    NotAFile,
}

impl Problem {
    /// The diagnostic code it is reported with.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::NotUtf8(_) | Problem::Io(_) | Problem::Folder(_) => crate::diag::codes::PAGE_UNREADABLE,
            Problem::Link | Problem::NotAFile => crate::diag::codes::PAGE_SKIPPED,
        }
    }

    /// What happened and what to do, for the diagnostic.
    pub fn message(&self) -> String {
        match self {
            Problem::NotUtf8(why) => format!("page cannot be read (not UTF-8: {why}); save it as UTF-8"),
            Problem::Io(why) => format!("page cannot be read ({why})"),
            Problem::Folder(why) => format!("folder cannot be listed ({why}); the pages in it were not read"),
            Problem::Link => "a symbolic link is not followed (docgen reads only files inside the root); \
                              copy the page here or point docgen at the folder it is in"
                .to_owned(),
            Problem::NotAFile => "not a regular file (a FIFO, socket or device); it was skipped".to_owned(),
        }
    }
}

/// Everything the read stage found under a root.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sources {
    /// Readable pages, sorted by path.
    pub files: Vec<SourceFile>,
    /// Pages that exist but could not be read (not UTF-8, I/O error), sorted by path.
    pub unreadable: Vec<UnreadableFile>,
}

/// Reads every page under `root`, in parallel, sorted by path.
pub fn read_sources(root: &Path) -> Result<Sources, ReadError> {
    let listing = list_pages(root)?;
    let results: Vec<Result<SourceFile, UnreadableFile>> =
        listing.pages.par_iter().map(|path| read_page(root, path)).collect();
    let mut sources = Sources { unreadable: listing.skipped, ..Sources::default() };
    for result in results {
        match result {
            Ok(file) => sources.files.push(file),
            Err(unreadable) => sources.unreadable.push(unreadable),
        }
    }
    sources.unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(sources)
}

/// A failure of the read stage itself (the root is missing or unreadable).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The root does not exist or is not a directory.
    #[error("docs root {path} is not a readable directory", path = path.display())]
    Root {
        /// The root as given.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The root holds no markdown pages at all.
    #[error("docs root {0} holds no .md pages")]
    Empty(PathBuf),
    /// A `git:` root that is malformed or cannot be read.
    #[error("{root}: {message}")]
    Git {
        /// The root as written.
        root: String,
        /// What went wrong.
        message: String,
    },
}

/// A docs root: a folder, or a tree in a git revision (`git:<repo-path>@<rev>:<subdir>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Root {
    /// A folder on disk.
    Folder(PathBuf),
    /// A folder in a git revision.
    Git(git::GitRoot),
}

impl Root {
    /// A `git:` root when `text` starts with `git:`, else a folder.
    pub fn parse(text: &str) -> Result<Root, ReadError> {
        match git::GitRoot::parse(text) {
            Some(parsed) => parsed.map(Root::Git),
            None => Ok(Root::Folder(PathBuf::from(text))),
        }
    }

    /// Reads every page of the root, sorted by path.
    pub fn read(&self) -> Result<Sources, ReadError> {
        match self {
            Root::Folder(path) => read_sources(path),
            Root::Git(root) => git::read_git_sources(root),
        }
    }

    /// The root as the user wrote it.
    pub fn label(&self) -> String {
        match self {
            Root::Folder(path) => path.display().to_string(),
            Root::Git(root) => root.spec(),
        }
    }
}

/// The pages below a root, and what was found but will not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    /// Regular `.md` files, sorted by relative path.
    pub pages: Vec<PathBuf>,
    /// Links and other non-files named like pages, and folders that cannot be listed.
    pub skipped: Vec<UnreadableFile>,
}

/// Lists every `.md` page below `root`, sorted by relative path.
///
/// A version folder (`api/`, `resources/`) and any folder of pages are walked the same way.
/// Only regular files are pages, and symbolic links (to files or folders) are not followed.
/// A folder that cannot be listed is reported and the walk goes on.
pub fn list_pages(root: &Path) -> Result<Listing, ReadError> {
    let meta = std::fs::metadata(root).map_err(|source| ReadError::Root { path: root.to_owned(), source })?;
    if !meta.is_dir() {
        return Err(ReadError::Root {
            path: root.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a directory"),
        });
    }
    let mut listing = Listing::default();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(source) if dir == root => return Err(ReadError::Root { path: dir, source }),
            Err(err) => {
                let problem = Problem::Folder(err.to_string());
                listing.skipped.push(UnreadableFile { path: relative_path(root, &dir), problem });
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(file_type) = entry.file_type() else { continue };
            let is_page = path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("md"));
            if file_type.is_dir() {
                stack.push(path);
            } else if !is_page {
                continue;
            } else if file_type.is_file() {
                listing.pages.push(path);
            } else {
                let problem = if file_type.is_symlink() { Problem::Link } else { Problem::NotAFile };
                listing.skipped.push(UnreadableFile { path: relative_path(root, &path), problem });
            }
        }
    }
    if listing.pages.is_empty() && listing.skipped.is_empty() {
        return Err(ReadError::Empty(root.to_owned()));
    }
    listing.pages.sort_by_cached_key(|path| relative_path(root, path));
    Ok(listing)
}

/// Reads one page; `Err` carries the reason it is unreadable.
pub fn read_page(root: &Path, path: &Path) -> Result<SourceFile, UnreadableFile> {
    let relative = relative_path(root, path);
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(relative, text)),
            Err(err) => Err(UnreadableFile { path: relative, problem: Problem::NotUtf8(err.to_string()) }),
        },
        Err(err) => Err(UnreadableFile { path: relative, problem: Problem::Io(err.to_string()) }),
    }
}

/// Path of `path` relative to `root`, with `/` separators.
pub fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> =
        relative.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/")
}
