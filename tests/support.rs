//! Helpers shared by the test modules: paths, the corpus guard, in-process CLI runs.

use std::path::{Path, PathBuf};

use docgen::cli::{run, Context};
use docgen::ir::Ir;
use docgen::source::SourceFile;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the workspace").to_owned()
}

/// `tests/` itself.
pub fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/corpus/<rest>` next to the workspace. When it is missing the test is skipped
/// with a printed reason, except under `CI=true`, where a missing corpus fails.
pub fn corpus(rest: &str) -> Option<PathBuf> {
    let path = workspace_root().join("../shared/corpus").join(rest);
    if path.is_dir() {
        return Some(path);
    }
    let ci = std::env::var("CI").is_ok_and(|value| value == "true");
    assert!(!ci, "corpus folder {} is missing; CI must have ../shared/corpus beside the repository", path.display());
    eprintln!(
        "skipped: corpus folder {} is missing (tests that read the real corpus need ../shared/corpus)",
        path.display()
    );
    None
}

/// Runs the CLI in-process; returns (exit code, stdout, stderr).
pub fn run_cli(args: &[&str]) -> (u8, String, String) {
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let code = {
        let mut ctx = Context {
            stdout: &mut stdout,
            stderr: &mut stderr,
            progress: false,
            config_dir: None,
            version: env!("CARGO_PKG_VERSION"),
            stdout_is_terminal: false,
        };
        run(std::iter::once("docgen").chain(args.iter().copied()), &mut ctx)
    };
    (code, String::from_utf8(stdout).expect("stdout is UTF-8"), String::from_utf8(stderr).expect("stderr is UTF-8"))
}

/// The IR of a folder, through the same reading code as the CLI.
pub fn ir_of_dir(root: &Path) -> Ir {
    let sources = docgen::source::read_sources(root).expect("fixture root is readable");
    docgen::pipeline::build_ir(&sources.files, &sources.unreadable, &|| {})
}

/// The IR of pages held in memory.
pub fn ir_of_pages(pages: &[SourceFile]) -> Ir {
    docgen::pipeline::build_ir(pages, &[], &|| {})
}

/// A fixture page read from `path`, named by its file name.
pub fn fixture_file(path: &Path) -> SourceFile {
    let name = path.file_name().expect("fixture has a name").to_string_lossy().into_owned();
    SourceFile::new(name, std::fs::read_to_string(path).expect("fixture is readable"))
}

/// The IR of each folder under `tests/<dir>`, named by the folder, sorted by name.
pub fn folder_cases(dir: &str) -> Vec<(String, Ir)> {
    let root = tests_dir().join(dir);
    let mut cases: Vec<(String, Ir)> = std::fs::read_dir(&root)
        .unwrap_or_else(|err| panic!("{} is readable: {err}", root.display()))
        .map(|entry| {
            let path = entry.expect("entry").path();
            (path.file_name().expect("name").to_string_lossy().into_owned(), ir_of_dir(&path))
        })
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

/// Diagnostics rendered one per line, as the CLI prints them.
pub fn render_lines(diagnostics: &[docgen::diag::Diagnostic]) -> String {
    diagnostics.iter().map(|diagnostic| diagnostic.render() + "\n").collect()
}

/// The IR's diagnostics, rendered one per line.
pub fn rendered_diagnostics(ir: &Ir) -> String {
    render_lines(&ir.diagnostics)
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("readable") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file below `dir`, as sorted paths relative to it with `/` separators.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path.strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}
