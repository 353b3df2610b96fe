//! `docgen generate`: a docs root -> a Rust crate on disk, or `--check` against one.

use std::path::{Path, PathBuf};

use super::{
    flag_or_file, print_diagnostics, progress_bar, thread_pool, Context, DiagnosticsFormat, Global, EXIT_DRIFT,
    EXIT_OK, MAX_THREADS,
};
use crate::emit::select::Selection;
use crate::ir::Ir;
use crate::{drift, emit, pipeline, source, write};

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// A version folder with api/ and resources/, or any folder of .md pages (walked recursively)
    /// [default: `root` under [generate] in docgen.toml].
    root: Option<PathBuf>,
    /// The crate's directory; created when missing. Only files docgen generated are replaced or
    /// removed [default: `out` under [generate] in docgen.toml].
    #[arg(long, value_name = "CRATE_DIR")]
    out: Option<PathBuf>,
    /// The package name [default: the name of CRATE_DIR]; Cargo's rules apply (letters, digits,
    /// `-` and `_`, a letter or `_` first, at most 64 characters, no Rust keyword).
    #[arg(long, value_name = "CRATE", value_parser = package_name)]
    name: Option<String>,
    /// Generate only the types, enums, namespaces or operations matching these globs (names,
    /// qualified names or operation ids, case-insensitive); a type brings the operations its
    /// Methods table links and those that take or return it, and everything they reference
    /// [default: everything].
    #[arg(long, value_name = "PATTERN", num_args = 1..)]
    only: Vec<String>,
    /// Leave out the items matching these globs (written as for --only); a type something
    /// selected refers to stays.
    #[arg(long, value_name = "PATTERN", num_args = 1..)]
    exclude: Vec<String>,
    /// Generate the operations with a documented path under this prefix (`/users`, `/me/drive`),
    /// and everything they reference.
    #[arg(long = "path", value_name = "PREFIX", num_args = 1..)]
    paths: Vec<String>,
    /// Write nothing; exit 1 and name the files that differ when the crate on disk is stale.
    #[arg(long)]
    check: bool,
    /// Implement serde with `#[derive]` instead of docgen's runtime: the slower-to-compile
    /// version the compile-time benchmark compares with.
    #[arg(long, hide = true)]
    serde_derive: bool,
    /// Also write `tests/examples/`: a test per documented request example that builds the
    /// example's request with the endpoint code and reads the documented response.
    #[arg(long)]
    example_tests: bool,
    /// How diagnostics are printed on standard error.
    #[arg(long, value_enum, default_value_t = DiagnosticsFormat::Text)]
    diagnostics: DiagnosticsFormat,
    /// Worker threads, 1 to 256 [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_THREADS))]
    threads: Option<u16>,
}

/// What to generate: the flags, completed from docgen.toml.
struct Job {
    root: PathBuf,
    out: PathBuf,
    name: Option<String>,
    selection: Selection,
    serde_derive: bool,
    example_tests: bool,
}

impl Job {
    fn new(args: &GenerateArgs, global: &Global) -> anyhow::Result<Job> {
        let settings = &global.config.generate;
        let root = args.root.clone().or_else(|| settings.root.clone());
        let root =
            root.ok_or_else(|| anyhow::anyhow!("no docs root: give ROOT, or `root` under [generate] in docgen.toml"))?;
        let out = args.out.clone().or_else(|| settings.out.clone());
        let out = out.ok_or_else(|| {
            anyhow::anyhow!("no crate directory: give --out, or `out` under [generate] in docgen.toml")
        })?;
        let name = match (&args.name, &settings.name) {
            (Some(name), _) => Some(name.clone()),
            (None, Some(name)) => {
                Some(package_name(name).map_err(|err| anyhow::anyhow!("docgen.toml: [generate] name: {err}"))?)
            }
            (None, None) => None,
        };
        let selection = Selection {
            only: flag_or_file(&args.only, &settings.only),
            exclude: flag_or_file(&args.exclude, &settings.exclude),
            paths: flag_or_file(&args.paths, &settings.paths),
        };
        Ok(Job { root, out, name, selection, serde_derive: args.serde_derive, example_tests: args.example_tests })
    }
}

pub fn run(args: &GenerateArgs, global: &Global, ctx: &mut Context<'_>) -> anyhow::Result<u8> {
    let job = Job::new(args, global)?;
    if let Some(why) = write::docs_overlap(&job.out, &job.root) {
        anyhow::bail!(why);
    }
    let pool = thread_pool(args.threads)?;
    let sources = pool.install(|| source::read_sources(&job.root))?;
    let progress = progress_bar(ctx.progress, sources.files.len());
    let tick = || progress.inc(1);
    let mut ir = pool.install(|| pipeline::build_ir(&sources.files, &sources.unreadable, &tick));
    progress.finish_and_clear();
    // Endpoints are named with the whole docs' vocabulary, so a slice names them as the full crate.
    let vocabulary = emit::endpoint_plan::Vocabulary::of(&ir);
    let mut hidden = 0;
    if !job.selection.is_everything() {
        ir = emit::select::select(ir, &job.selection)?;
        hidden = emit::select::narrow_diagnostics(&mut ir);
    }
    let options = emit::Options {
        serde: if job.serde_derive { emit::Serde::Derive } else { emit::Serde::Wire },
        example_tests: job.example_tests,
        vocabulary: Some(vocabulary),
        own_profile: write::enclosing_workspace(&job.out).is_none(),
        ..emit::Options::new(crate_name(&job), regenerate_command(&job))
    };
    let generated = pipeline::generate_crate(&ir, &options)?;
    ir.diagnostics.extend(generated.diagnostics);
    crate::diag::sort(&mut ir.diagnostics);
    print_diagnostics(&ir, &sources.files, args.diagnostics, global, ctx)?;
    if hidden > 0 && !global.quiet {
        writeln!(
            ctx.stderr,
            "docgen: {hidden} diagnostics on pages outside the selection not shown (`docgen lint` lists them)"
        )?;
    }

    let out = job.out.display();
    if args.check {
        let differences = write::check_tree(&job.out, &generated.files)?;
        if differences.is_empty() {
            if !global.quiet {
                writeln!(ctx.stderr, "docgen: {out} is up to date ({} files)", generated.files.len())?;
            }
            return Ok(EXIT_OK);
        }
        for difference in &differences {
            let line = match difference {
                write::Difference::Missing(path) => format!("missing: {out}/{path}"),
                write::Difference::Changed(path) => format!("changed: {out}/{path}"),
                write::Difference::Stale(path) => format!("stale:   {out}/{path} (no longer generated)"),
            };
            writeln!(ctx.stdout, "{line}")?;
        }
        let current = generated.files.get(emit::record::RECORD_FILE).map(String::as_str);
        print_code_drift(&job.out, &ir, current, ctx)?;
        writeln!(
            ctx.stderr,
            "docgen: {out} differs from the docs in {} files; regenerate with `{}`",
            differences.len(),
            typed_command(&job)
        )?;
        return Ok(EXIT_DRIFT);
    }
    let report = write::write_tree(&job.out, &generated.files)?;
    if global.verbose {
        for path in &report.written {
            writeln!(ctx.stderr, "written: {out}/{path}")?;
        }
        for path in &report.removed {
            writeln!(ctx.stderr, "removed: {out}/{path}")?;
        }
    }
    if global.quiet {
        return Ok(EXIT_OK);
    }
    writeln!(
        ctx.stderr,
        "docgen: {out}: {} files ({} written, {} unchanged, {} removed) for {} types and {} enums",
        generated.files.len(),
        report.written.len(),
        report.unchanged,
        report.removed.len(),
        ir.types.len(),
        ir.enums.len()
    )?;
    Ok(EXIT_OK)
}

/// After a failed `--check`: what changed in the docs since the crate was generated, from the
/// IR the crate recorded, and what changed in its Rust API, from the API it recorded against the
/// one `current` (the record docgen would write now) holds. Description edits are listed: they
/// change doc comments.
fn print_code_drift(out: &Path, ir: &Ir, current: Option<&str>, ctx: &mut Context<'_>) -> anyhow::Result<()> {
    let path = out.join(emit::record::RECORD_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            writeln!(ctx.stderr, "docgen: {} is missing, so what changed in the docs is unknown", path.display())?;
            return Ok(());
        }
        Err(err) => return Err(anyhow::Error::new(err).context(format!("cannot read {}", path.display()))),
    };
    match emit::record::read_record(&text) {
        Ok((recorded, recorded_api)) => {
            let current_api = current
                .and_then(|text| emit::record::read_record(text).ok())
                .map(|(_, api)| api)
                .unwrap_or_else(|| emit::api_surface(ir, None));
            let options = drift::DiffOptions { descriptions: true };
            let drift = drift::diff_with_api(&recorded, ir, &recorded_api, &current_api, &options);
            if drift.changes.is_empty() {
                let why = "so the files listed were edited by hand, or written by another version of docgen";
                let since = format!("since {} was generated", out.display());
                writeln!(ctx.stderr, "docgen: neither the docs nor the Rust API have changed {since}, {why}")?;
            } else {
                writeln!(ctx.stdout, "\nwhat changed in the docs since {} was generated:", out.display())?;
                ctx.stdout.write_all(drift::render::text(&drift).as_bytes())?;
            }
        }
        Err(err) => writeln!(ctx.stderr, "docgen: {}: {err}; what changed in the docs is unknown", path.display())?,
    }
    Ok(())
}

/// `--name`, or the crate directory's name made a valid package name.
fn crate_name(job: &Job) -> String {
    if let Some(name) = &job.name {
        return name.clone();
    }
    let dir = job.out.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let name: String =
        dir.chars().map(|symbol| if symbol.is_ascii_alphanumeric() || symbol == '_' { symbol } else { '-' }).collect();
    package_name(name.trim_matches('-')).unwrap_or_else(|_| "graph-models".to_owned())
}

/// Checks a package name against Cargo's rules: ASCII letters, digits, `-` and `_`, a letter or
/// `_` first, at most 64 characters, not a Rust keyword and not a name Cargo keeps for itself.
fn package_name(name: &str) -> Result<String, String> {
    const CARGO_RESERVED: &[&str] =
        &["alloc", "build", "core", "deps", "examples", "incremental", "proc-macro", "proc_macro", "std", "test"];
    let problem = if name.is_empty() {
        Some("it is empty")
    } else if name.len() > 64 {
        Some("it is longer than 64 characters")
    } else if !name.chars().all(|symbol| symbol.is_ascii_alphanumeric() || matches!(symbol, '-' | '_')) {
        Some("only ASCII letters, digits, `-` and `_` may be used")
    } else if !name.starts_with(|first: char| first.is_ascii_alphabetic() || first == '_') {
        Some("it must start with a letter or `_`")
    } else if emit::names::is_keyword(name) || CARGO_RESERVED.contains(&name) {
        Some("Rust or Cargo keeps that name for itself")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(format!("not a Cargo package name: {problem}")),
        None => Ok(name.to_owned()),
    }
}

/// The header's account of how to regenerate: the command run in the crate's directory, with the
/// docs root relative to it, so headers don't depend on where docgen was started.
fn regenerate_command(job: &Job) -> String {
    let root = relative_path(&write::resolved(&job.out), &write::resolved(&job.root));
    format!("`{}` in the crate's directory", command_line(&root, ".", job))
}

/// The command as the user typed it, for messages.
fn typed_command(job: &Job) -> String {
    command_line(&job.root.to_string_lossy(), &job.out.to_string_lossy(), job)
}

/// The whole command, settings from docgen.toml spelled out, so it works without the file.
fn command_line(root: &str, out: &str, args: &Job) -> String {
    let slashes = |path: &str| path.replace('\\', "/");
    let mut words = vec!["docgen".to_owned(), "generate".to_owned(), slashes(root), "--out".to_owned(), slashes(out)];
    if let Some(name) = &args.name {
        words.extend(["--name".to_owned(), name.clone()]);
    }
    for pattern in &args.selection.only {
        words.extend(["--only".to_owned(), pattern.clone()]);
    }
    for pattern in &args.selection.exclude {
        words.extend(["--exclude".to_owned(), pattern.clone()]);
    }
    for prefix in &args.selection.paths {
        words.extend(["--path".to_owned(), prefix.clone()]);
    }
    if args.serde_derive {
        words.push("--serde-derive".to_owned());
    }
    if args.example_tests {
        words.push("--example-tests".to_owned());
    }
    words.iter().map(|word| shell_word(word)).collect::<Vec<_>>().join(" ")
}

/// One word of a command line, quoted for a POSIX shell when it needs it, and always on one
/// line: control characters are written as `$'...'` escapes, so a path holding a newline cannot
/// end the comment the command is printed in.
fn shell_word(word: &str) -> String {
    if !word.contains(char::is_control) {
        if let Ok(quoted) = shlex::try_quote(word) {
            return quoted.into_owned();
        }
    }
    let mut quoted = String::from("$'");
    for symbol in word.chars() {
        match symbol {
            '\\' | '\'' => {
                quoted.push('\\');
                quoted.push(symbol);
            }
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            symbol if symbol.is_control() => quoted.push_str(&format!("\\x{:02x}", u32::from(symbol) & 0xff)),
            symbol => quoted.push(symbol),
        }
    }
    quoted.push('\'');
    quoted
}

/// The path of `to` seen from the directory `from`, both absolute (`../docs-input/beta`).
fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(to.iter().skip(common).map(|part| part.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}
