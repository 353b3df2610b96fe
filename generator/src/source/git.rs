//! Reading a docs root from a git revision, without touching the repository's work tree.
//!
//! A root written `git:<repo-path>@<rev>:<subdir>` (`git:../graph-docs@main~20:api-reference/beta`)
//! is read with the `git` program: `rev-parse` names the commit, `ls-tree` lists the `.md` blobs
//! under `subdir`, and one `cat-file --batch` process streams them. Paths come out relative to
//! `subdir`, exactly as the folder reader gives them, so a folder and the same tree in git give
//! the same IR.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::{Problem, ReadError, SourceFile, Sources, UnreadableFile};

/// The prefix that marks a git root.
pub const PREFIX: &str = "git:";

/// A docs root inside a git revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitRoot {
    /// The repository (any folder inside its work tree, or a bare repository).
    pub repo: PathBuf,
    /// Any revision git understands (`main~20`, a tag, a commit id).
    pub rev: String,
    /// The docs root inside the tree, with `/` (empty for the whole tree).
    pub subdir: String,
}

impl GitRoot {
    /// Parses `git:<repo-path>@<rev>[:<subdir>]`; `None` when `spec` doesn't start with `git:`.
    ///
    /// The repository path ends at the first `@`, the revision at the next `:`.
    pub fn parse(spec: &str) -> Option<Result<GitRoot, ReadError>> {
        let rest = spec.strip_prefix(PREFIX)?;
        let invalid = |why: &str| ReadError::Git { root: spec.to_owned(), message: why.to_owned() };
        let Some((repo, rev_and_subdir)) = rest.split_once('@') else {
            return Some(Err(invalid("expected git:<repo-path>@<rev>:<subdir>, found no '@'")));
        };
        let (rev, subdir) = rev_and_subdir.split_once(':').unwrap_or((rev_and_subdir, ""));
        if repo.is_empty() || rev.is_empty() {
            return Some(Err(invalid(
                "expected git:<repo-path>@<rev>:<subdir>, with a repository path and a revision",
            )));
        }
        let subdir = subdir.trim_matches('/').to_owned();
        Some(Ok(GitRoot { repo: PathBuf::from(repo), rev: rev.to_owned(), subdir }))
    }

    /// The root as written.
    pub fn spec(&self) -> String {
        format!("{PREFIX}{}@{}:{}", self.repo.display(), self.rev, self.subdir)
    }

    /// The commit the revision names (full id).
    pub fn commit(&self) -> Result<String, ReadError> {
        let no_commit = || self.error(format!("revision \"{}\" names no commit in {}", self.rev, self.repo.display()));
        let output = match self.git(&["rev-parse", "--verify", "--quiet", &format!("{}^{{commit}}", self.rev)]) {
            Ok(output) => output,
            // `--quiet` fails without a word when the revision doesn't exist; anything else
            // (not a repository, no git) says why.
            Err(ReadError::Git { message, .. }) if message.ends_with("no message") => return Err(no_commit()),
            Err(err) => return Err(err),
        };
        let commit = String::from_utf8_lossy(&output).trim().to_owned();
        if commit.is_empty() {
            return Err(no_commit());
        }
        Ok(commit)
    }

    /// The committer date of the revision, in UTC (`2021-07-16T08:00:00Z`).
    pub fn commit_time(&self) -> Result<String, ReadError> {
        let commit = self.commit()?;
        let output = self.git(&["show", "-s", "--format=%ct", &commit])?;
        let seconds: u64 = String::from_utf8_lossy(&output)
            .trim()
            .parse()
            .map_err(|_| self.error(format!("git printed no commit time for {commit}")))?;
        let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds);
        Ok(humantime::format_rfc3339_seconds(time).to_string())
    }

    /// Runs `git -C repo args...` and returns its standard output; a failure names the command.
    fn git(&self, args: &[&str]) -> Result<Vec<u8>, ReadError> {
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.repo)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|err| self.error(format!("cannot run git: {err}")))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let why = stderr.lines().next().unwrap_or("no message").trim().to_owned();
            return Err(self.error(format!("`git {}` failed: {why}", args.join(" "))));
        }
        Ok(output.stdout)
    }

    fn error(&self, message: String) -> ReadError {
        ReadError::Git { root: self.spec(), message }
    }
}

/// Reads every `.md` page under the root's subdirectory at its revision, sorted by path.
pub fn read_git_sources(root: &GitRoot) -> Result<Sources, ReadError> {
    let commit = root.commit()?;
    let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", commit.as_str()];
    let pathspec = format!("{}/", root.subdir);
    if !root.subdir.is_empty() {
        args.extend(["--", pathspec.as_str()]);
    }
    let listing = root.git(&args)?;
    let mut blobs: Vec<(String, String)> = Vec::new();
    let mut skipped = Vec::new();
    for entry in listing.split(|&byte| byte == 0).filter(|entry| !entry.is_empty()) {
        // `<mode> SP <type> SP <object> TAB <path>`
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else { continue };
        let fields: Vec<&str> = meta.split(' ').collect();
        let [mode, kind, object] = fields.as_slice() else { continue };
        let is_page = path.rsplit('.').next().is_some_and(|ext| ext.eq_ignore_ascii_case("md"));
        // Submodules are not pages; symbolic links (120000) are reported, as the folder reader does.
        if *kind != "blob" || !is_page {
            continue;
        }
        let relative = match path.strip_prefix(&pathspec) {
            Some(relative) => relative.to_owned(),
            None if root.subdir.is_empty() => path.to_owned(),
            None => continue,
        };
        if *mode == "120000" {
            skipped.push(UnreadableFile { path: relative, problem: Problem::Link });
            continue;
        }
        blobs.push((relative, (*object).to_owned()));
    }
    if blobs.is_empty() && skipped.is_empty() {
        return Err(ReadError::Git {
            root: root.spec(),
            message: format!("no .md pages under \"{}\" at {commit}", root.subdir),
        });
    }
    blobs.sort();
    let contents = cat_blobs(root, &blobs)?;
    let mut sources = Sources { unreadable: skipped, ..Sources::default() };
    for ((path, _), bytes) in blobs.into_iter().zip(contents) {
        match String::from_utf8(bytes) {
            Ok(text) => sources.files.push(SourceFile::new(path, text)),
            Err(err) => sources.unreadable.push(UnreadableFile { path, problem: Problem::NotUtf8(err.to_string()) }),
        }
    }
    sources.unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(sources)
}

/// The bytes of each blob, in order, through one `git cat-file --batch`.
fn cat_blobs(root: &GitRoot, blobs: &[(String, String)]) -> Result<Vec<Vec<u8>>, ReadError> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(&root.repo)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| root.error(format!("cannot run git: {err}")))?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err(root.error("git cat-file gave no pipes".to_owned()));
    };
    let request: String = blobs.iter().map(|(_, object)| format!("{object}\n")).collect();
    // Written from another thread: git answers while we still send, and pipes are small.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut reader = BufReader::new(stdout);
    let mut contents = Vec::with_capacity(blobs.len());
    let broken = |why: String| root.error(format!("git cat-file: {why}"));
    for (path, object) in blobs {
        let mut header = String::new();
        reader.read_line(&mut header).map_err(|err| broken(err.to_string()))?;
        // `<object> blob <size>`, or `<object> missing`.
        let size = header
            .trim_end()
            .strip_prefix(object.as_str())
            .and_then(|rest| rest.strip_prefix(" blob "))
            .and_then(|size| size.parse::<usize>().ok())
            .ok_or_else(|| broken(format!("unexpected answer {:?} for {path}", header.trim_end())))?;
        let mut bytes = vec![0; size + 1];
        reader.read_exact(&mut bytes).map_err(|err| broken(format!("{path}: {err}")))?;
        bytes.pop(); // the newline after each blob
        contents.push(bytes);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_into_repository_revision_and_folder() {
        let root = GitRoot::parse("git:../graph-docs@main~20:api-reference/beta/").and_then(Result::ok);
        assert_eq!(
            root,
            Some(GitRoot {
                repo: PathBuf::from("../graph-docs"),
                rev: "main~20".to_owned(),
                subdir: "api-reference/beta".to_owned()
            })
        );
        let whole = GitRoot::parse("git:.@v1.2").and_then(Result::ok).map(|root| root.subdir);
        assert_eq!(whole.as_deref(), Some(""));
        assert!(GitRoot::parse("docs-input/beta").is_none());
    }

    #[test]
    fn malformed_specs_say_what_is_expected() {
        let message = |spec: &str| match GitRoot::parse(spec) {
            Some(Err(err)) => err.to_string(),
            other => format!("{other:?}"),
        };
        assert_eq!(
            message("git:../graph-docs"),
            "git:../graph-docs: expected git:<repo-path>@<rev>:<subdir>, found no '@'"
        );
        assert_eq!(
            message("git:@main:beta"),
            "git:@main:beta: expected git:<repo-path>@<rev>:<subdir>, with a repository path and a revision"
        );
    }
}
