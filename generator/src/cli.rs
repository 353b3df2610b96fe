//! The command line: argument parsing, reading the docs root, printing and writing.
//!
//! This is the I/O edge of the pipeline. Every byte the user sees goes through the writers in
//! [`Context`], so tests run the CLI in-process and read what it printed. Exit codes are the
//! constants below.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::Severity;
use crate::ir::Ir;
use crate::pipeline;
use crate::source::{self, SourceFile};
use crate::{drift, emit, write};

/// Success (diagnostics may have been printed).
pub const EXIT_OK: u8 = 0;
/// Drift found (`drift`, `generate --check`), or denied diagnostics (`lint`).
pub const EXIT_DRIFT: u8 = 1;
/// The tool failed: bad arguments, unreadable root, write error.
pub const EXIT_ERROR: u8 = 2;

/// docgen: Microsoft Graph reference markdown -> IR -> Rust code.
#[derive(Debug, Parser)]
#[command(name = "docgen", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse a docs root and print its IR (types, enums, operations, diagnostics).
    Ir(IrArgs),
    /// Generate a Rust crate of models from a docs root.
    Generate(GenerateArgs),
    /// Report what changed between two revisions of the docs, and which changes are breaking.
    Drift(DriftArgs),
    /// Check the docs for places where they contradict themselves or each other (REST pages and
    /// PowerShell cmdlet pages), and print every problem with its code, file and line.
    Lint(LintArgs),
}

#[derive(Debug, clap::Args)]
struct LintArgs {
    /// Docs roots, linted as one set: version folders, folders of cmdlet pages, or any folder
    /// of .md pages. With several roots, paths are shown with their root in front.
    #[arg(required = true, value_name = "ROOT")]
    roots: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    format: LintFormat,
    /// Make these codes fail the run (exit 1); globs such as `cmdlet.*` work [default: none, but
    /// diagnostics of severity error always fail it unless allowed].
    #[arg(long, value_name = "CODE", num_args = 1..)]
    deny: Vec<String>,
    /// Leave these codes out of the report and never fail on them; globs work [default: none].
    #[arg(long, value_name = "CODE", num_args = 1..)]
    allow: Vec<String>,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Worker threads, 1 to 256 [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_THREADS))]
    threads: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LintFormat {
    /// `path:line: severity[code]: message`, one per line, then a count per code.
    Text,
    /// `{"lint_version": 1, "diagnostics": [...]}` for scripts.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

#[derive(Debug, clap::Args)]
struct DriftArgs {
    /// The old docs: a folder (as for `docgen ir`) or a git revision, `git:<repo-path>@<rev>:<subdir>`.
    old: String,
    /// The new docs, written the same ways.
    new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DriftFormat::Text)]
    format: DriftFormat,
    /// Which changes make the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Any)]
    fail_on: FailOn,
    /// List description-only edits too [default: counted, not listed].
    #[arg(long)]
    descriptions: bool,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Changelog `Version` [default: v1.0 when NEW ends in v1.0, else beta].
    #[arg(long, value_name = "VERSION")]
    api_version: Option<String>,
    /// Changelog `CreatedDateTime` [default: NEW's commit time for a git revision, else the
    /// modification time of NEW's newest page].
    #[arg(long, value_name = "DATETIME")]
    created: Option<String>,
    /// Changelog `WorkloadArea` [default: empty, for the doc team to fill in].
    #[arg(long, value_name = "AREA", default_value = "")]
    workload_area: String,
    /// Changelog `SubArea` [default: empty].
    #[arg(long, value_name = "AREA", default_value = "")]
    sub_area: String,
    /// Worker threads, 1 to 256 [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_THREADS))]
    threads: Option<u16>,
    /// Print on standard error how long reading, building each IR and comparing took.
    #[arg(long)]
    timings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DriftFormat {
    /// Grouped by type, enum or operation, for people.
    Text,
    /// Tables for a pull-request comment.
    Markdown,
    /// The drift JSON contract, version 1.
    Json,
    /// A Microsoft Graph changelog record (ChangeList items), description edits left out.
    Changelog,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// Exit 1 when any change is listed.
    Any,
    /// Exit 1 when a breaking change is listed.
    Breaking,
    /// Exit 0 whatever changed (tool errors still exit 2).
    None,
}

#[derive(Debug, clap::Args)]
struct GenerateArgs {
    /// A version folder with api/ and resources/, or any folder of .md pages (walked recursively).
    root: PathBuf,
    /// The crate's directory; created when missing. Only files docgen generated are replaced or removed.
    #[arg(long, value_name = "CRATE_DIR")]
    out: PathBuf,
    /// The package name [default: the name of CRATE_DIR]; Cargo's rules apply (letters, digits,
    /// `-` and `_`, a letter or `_` first, at most 64 characters, no Rust keyword).
    #[arg(long, value_name = "CRATE", value_parser = package_name)]
    name: Option<String>,
    /// Generate only the types, enums or operations matching these globs (names or qualified
    /// names, case-insensitive), and everything they reference [default: everything].
    #[arg(long, value_name = "PATTERN", num_args = 1..)]
    only: Vec<String>,
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

#[derive(Debug, clap::Args)]
struct IrArgs {
    /// A version folder with api/ and resources/, or any folder of .md pages (walked recursively).
    root: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Write the output to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// How diagnostics are printed on standard error.
    #[arg(long, value_enum, default_value_t = DiagnosticsFormat::Text)]
    diagnostics: DiagnosticsFormat,
    /// Worker threads, 1 to 256 [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_THREADS))]
    threads: Option<u16>,
    /// Print a benchmark on standard error: pages/s, MB/s, stage times, peak memory, and the
    /// time of bare pulldown-cmark parsing of the same files (the floor), on one thread and on all.
    #[arg(long)]
    timings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The IR JSON contract, version 1.
    Json,
    /// The same data as YAML.
    Yaml,
    /// Counts per kind and per diagnostic code.
    Summary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiagnosticsFormat {
    /// `path:line: severity[code]: message`, one per line.
    Text,
    /// One JSON array.
    Json,
    /// Nothing.
    None,
}

/// Where output goes.
pub struct Context<'w> {
    /// Standard output.
    pub stdout: &'w mut dyn Write,
    /// Standard error.
    pub stderr: &'w mut dyn Write,
    /// Show a progress bar on standard error (only when it is a terminal).
    pub progress: bool,
}

/// Runs docgen with `args` (the first is the program name) and returns the exit code.
pub fn run<I, T>(args: I, ctx: &mut Context<'_>) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let rendered = err.render().to_string();
            return if err.use_stderr() {
                let _ = write!(ctx.stderr, "{rendered}");
                EXIT_ERROR
            } else {
                let _ = write!(ctx.stdout, "{rendered}");
                EXIT_OK
            };
        }
    };
    let result = match cli.command {
        Command::Ir(args) => run_ir(&args, ctx),
        Command::Generate(args) => run_generate(&args, ctx),
        Command::Drift(args) => run_drift(&args, ctx),
        Command::Lint(args) => run_lint(&args, ctx),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            let _ = writeln!(ctx.stderr, "error: {err:#}");
            EXIT_ERROR
        }
    }
}

fn run_ir(args: &IrArgs, ctx: &mut Context<'_>) -> anyhow::Result<u8> {
    let pool = thread_pool(args.threads)?;
    let started = Instant::now();
    let sources = pool.install(|| source::read_sources(&args.root))?;
    let read_time = started.elapsed();
    let progress = progress_bar(ctx.progress, sources.files.len());
    let tick = || progress.inc(1);
    let (ir, times) = pool.install(|| pipeline::build_ir_timed(&sources.files, &sources.unreadable, &tick));
    progress.finish_and_clear();
    let wall = started.elapsed();

    print_diagnostics(&ir, args.diagnostics, ctx)?;
    match &args.output {
        // A file is written whole or not at all, so the text is made first.
        Some(path) => {
            let mut rendered = Vec::new();
            render_ir(&ir, args.format, &mut rendered)?;
            write::write_atomically(path, &rendered)?;
        }
        // Streamed: the JSON of a full revision is about 50 MB, and need not be held as well.
        None => {
            let mut out = std::io::BufWriter::new(&mut *ctx.stdout);
            render_ir(&ir, args.format, &mut out)?;
            out.flush()?;
        }
    }
    if args.timings {
        // Read before the extra benchmark runs below, so it is this run's peak.
        let peak = peak_rss_kib();
        print_timings(&sources.files, &pool, read_time, wall, times, peak, ctx)?;
    }
    Ok(EXIT_OK)
}

/// Writes the IR in `format` to `out`.
fn render_ir(ir: &Ir, format: Format, out: &mut impl Write) -> anyhow::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, ir)?;
            out.write_all(b"\n")?;
        }
        Format::Yaml => serde_yaml::to_writer(&mut *out, ir)?,
        Format::Summary => out.write_all(summary(ir).as_bytes())?,
    }
    Ok(())
}

fn run_generate(args: &GenerateArgs, ctx: &mut Context<'_>) -> anyhow::Result<u8> {
    if let Some(why) = write::docs_overlap(&args.out, &args.root) {
        anyhow::bail!(why);
    }
    let pool = thread_pool(args.threads)?;
    let sources = pool.install(|| source::read_sources(&args.root))?;
    let progress = progress_bar(ctx.progress, sources.files.len());
    let tick = || progress.inc(1);
    let mut ir = pool.install(|| pipeline::build_ir(&sources.files, &sources.unreadable, &tick));
    progress.finish_and_clear();
    // Endpoints are named with the whole docs' vocabulary, so a slice names them as the full crate.
    let vocabulary = emit::endpoint_plan::Vocabulary::of(&ir);
    if !args.only.is_empty() {
        ir = emit::select::select(ir, &args.only)?;
    }
    let options = emit::Options {
        serde: if args.serde_derive { emit::Serde::Derive } else { emit::Serde::Wire },
        example_tests: args.example_tests,
        vocabulary: Some(vocabulary),
        ..emit::Options::new(crate_name(args), regenerate_command(args))
    };
    let generated = pipeline::generate_crate(&ir, &options)?;
    ir.diagnostics.extend(generated.diagnostics);
    crate::diag::sort(&mut ir.diagnostics);
    print_diagnostics(&ir, args.diagnostics, ctx)?;

    let out = args.out.display();
    if args.check {
        let differences = write::check_tree(&args.out, &generated.files)?;
        if differences.is_empty() {
            writeln!(ctx.stderr, "docgen: {out} is up to date ({} files)", generated.files.len())?;
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
        print_code_drift(&args.out, &ir, current, ctx)?;
        writeln!(
            ctx.stderr,
            "docgen: {out} differs from the docs in {} files; regenerate with `{}`",
            differences.len(),
            typed_command(args)
        )?;
        return Ok(EXIT_DRIFT);
    }
    let report = write::write_tree(&args.out, &generated.files)?;
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

fn run_drift(args: &DriftArgs, ctx: &mut Context<'_>) -> anyhow::Result<u8> {
    let pool = thread_pool(args.threads)?;
    let old_root = source::Root::parse(&args.old)?;
    let new_root = source::Root::parse(&args.new)?;
    let started = Instant::now();
    let (old_sources, new_sources) = pool.install(|| rayon::join(|| old_root.read(), || new_root.read()));
    let (old_sources, new_sources) = (old_sources?, new_sources?);
    let read_time = started.elapsed();
    let progress = progress_bar(ctx.progress, old_sources.files.len() + new_sources.files.len());
    let tick = || progress.inc(1);
    let build = |sources: &source::Sources| pipeline::build_ir(&sources.files, &sources.unreadable, &tick);
    let (old_ir, new_ir) = pool.install(|| rayon::join(|| build(&old_sources), || build(&new_sources)));
    progress.finish_and_clear();
    let built = Instant::now();
    let drift = drift::diff(&old_ir, &new_ir, &drift::DiffOptions { descriptions: args.descriptions });
    let diff_time = built.elapsed();

    let rendered = match args.format {
        DriftFormat::Text => drift::render::text(&drift),
        DriftFormat::Markdown => drift::render::markdown(&drift),
        DriftFormat::Json => drift::render::json(&drift)?,
        DriftFormat::Changelog => {
            let options = drift::render::ChangelogOptions {
                version: args.api_version.clone().unwrap_or_else(|| default_api_version(&args.new)),
                created: match &args.created {
                    Some(created) => created.clone(),
                    None => created_time(&new_root, &new_sources)?,
                },
                workload_area: args.workload_area.clone(),
                sub_area: args.sub_area.clone(),
            };
            drift::render::changelog(&drift, &options)?
        }
    };
    match &args.output {
        Some(path) => write::write_atomically(path, rendered.as_bytes())?,
        None => ctx.stdout.write_all(rendered.as_bytes())?,
    }
    for (label, ir) in [("old", &old_ir), ("new", &new_ir)] {
        if !ir.diagnostics.is_empty() {
            writeln!(
                ctx.stderr,
                "docgen: the {label} docs have {} diagnostics (`docgen ir` lists them)",
                ir.diagnostics.len()
            )?;
        }
    }
    if args.format != DriftFormat::Text || args.output.is_some() {
        writeln!(ctx.stderr, "docgen drift: {}", drift::render::headline(&drift))?;
    }
    if args.timings {
        let pages = old_sources.files.len() + new_sources.files.len();
        writeln!(
            ctx.stderr,
            "timings: {pages} pages; read both {:.3}s, build both IRs {:.3}s, diff {:.3}s, total {:.3}s",
            read_time.as_secs_f64(),
            (built - started - read_time).as_secs_f64(),
            diff_time.as_secs_f64(),
            started.elapsed().as_secs_f64()
        )?;
    }
    let failing = match args.fail_on {
        FailOn::Any => !drift.changes.is_empty(),
        FailOn::Breaking => drift.count(drift::Impact::Breaking) > 0,
        FailOn::None => false,
    };
    Ok(if failing { EXIT_DRIFT } else { EXIT_OK })
}

fn run_lint(args: &LintArgs, ctx: &mut Context<'_>) -> anyhow::Result<u8> {
    let pool = thread_pool(args.threads)?;
    let deny = code_patterns(&args.deny, "--deny")?;
    let allow = code_patterns(&args.allow, "--allow")?;
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for root in &args.roots {
        let mut sources = pool.install(|| source::read_sources(root))?;
        if args.roots.len() > 1 {
            // Several roots: show each path with its root, so pages with one name stay apart.
            let prefix = root.to_string_lossy().replace('\\', "/").trim_end_matches('/').to_owned();
            for file in &mut sources.files {
                file.path = format!("{prefix}/{}", file.path);
            }
            for file in &mut sources.unreadable {
                file.path = format!("{prefix}/{}", file.path);
            }
        }
        files.extend(sources.files);
        unreadable.extend(sources.unreadable);
    }
    let progress = progress_bar(ctx.progress, files.len());
    let tick = || progress.inc(1);
    let (ir, mut diagnostics) = pool.install(|| pipeline::build_lint(&files, &unreadable, &tick));
    progress.finish_and_clear();
    diagnostics.retain(|diagnostic| !allow.is_match(diagnostic.code));
    let denied = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error || deny.is_match(diagnostic.code))
        .count();

    let rendered = match args.format {
        LintFormat::Text => {
            let mut text = String::new();
            for diagnostic in &diagnostics {
                text.push_str(&diagnostic.render());
                text.push('\n');
            }
            text
        }
        LintFormat::Json => {
            let report = serde_json::json!({ "lint_version": 1, "diagnostics": diagnostics });
            let mut text = serde_json::to_string_pretty(&report)?;
            text.push('\n');
            text
        }
        LintFormat::Sarif => {
            let mut text =
                serde_json::to_string_pretty(&crate::lint::sarif::sarif(&diagnostics, env!("CARGO_PKG_VERSION")))?;
            text.push('\n');
            text
        }
    };
    match &args.output {
        Some(path) => write::write_atomically(path, rendered.as_bytes())?,
        None => ctx.stdout.write_all(rendered.as_bytes())?,
    }
    let count = |severity| diagnostics.iter().filter(|diagnostic| diagnostic.severity == severity).count();
    writeln!(
        ctx.stderr,
        "docgen lint: {} pages ({} cmdlet), {} errors, {} warnings, {} notes; {denied} denied",
        ir.pages.total,
        ir.pages.cmdlet,
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    )?;
    Ok(if denied > 0 { EXIT_DRIFT } else { EXIT_OK })
}

/// `--deny`/`--allow` values as one matcher; each must match a registered code.
fn code_patterns(patterns: &[String], flag: &str) -> anyhow::Result<globset::GlobSet> {
    let mut builder = globset::GlobSetBuilder::new();
    for pattern in patterns {
        let glob = globset::Glob::new(pattern).map_err(|err| anyhow::anyhow!("{flag} {pattern}: {err}"))?;
        let matcher = glob.compile_matcher();
        if !crate::diag::codes::ALL.iter().any(|code| matcher.is_match(code.code)) {
            anyhow::bail!(
                "{flag} {pattern}: matches no diagnostic code; `docgen lint --help` names where they are listed"
            );
        }
        builder.add(glob);
    }
    Ok(builder.build()?)
}

/// `v1.0` when the root's last folder says so, else `beta`.
fn default_api_version(root: &str) -> String {
    let last = root.trim_end_matches(['/', '\\']).rsplit(['/', '\\', ':']).next().unwrap_or_default();
    if last == "v1.0" { "v1.0" } else { "beta" }.to_owned()
}

/// When the new docs were made: a git revision's commit time, or a folder's newest page.
fn created_time(root: &source::Root, sources: &source::Sources) -> anyhow::Result<String> {
    match root {
        source::Root::Git(git) => Ok(git.commit_time()?),
        source::Root::Folder(folder) => {
            let newest = sources
                .files
                .iter()
                .filter_map(|file| std::fs::metadata(folder.join(&file.path)).and_then(|meta| meta.modified()).ok())
                .max()
                .unwrap_or(std::time::UNIX_EPOCH);
            Ok(humantime::format_rfc3339_seconds(newest).to_string())
        }
    }
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
fn crate_name(args: &GenerateArgs) -> String {
    if let Some(name) = &args.name {
        return name.clone();
    }
    let dir = args.out.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
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
fn regenerate_command(args: &GenerateArgs) -> String {
    let root = relative_path(&write::resolved(&args.out), &write::resolved(&args.root));
    format!("`{}` in the crate's directory", command_line(&root, ".", args))
}

/// The command as the user typed it, for messages.
fn typed_command(args: &GenerateArgs) -> String {
    command_line(&args.root.to_string_lossy(), &args.out.to_string_lossy(), args)
}

fn command_line(root: &str, out: &str, args: &GenerateArgs) -> String {
    let slashes = |path: &str| path.replace('\\', "/");
    let mut words = vec!["docgen".to_owned(), "generate".to_owned(), slashes(root), "--out".to_owned(), slashes(out)];
    if let Some(name) = &args.name {
        words.extend(["--name".to_owned(), name.clone()]);
    }
    for pattern in &args.only {
        words.extend(["--only".to_owned(), pattern.clone()]);
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

/// The most worker threads `--threads` takes; more only cost memory.
const MAX_THREADS: i64 = 256;

fn thread_pool(threads: Option<u16>) -> anyhow::Result<rayon::ThreadPool> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(threads) = threads {
        builder = builder.num_threads(usize::from(threads));
    }
    Ok(builder.build()?)
}

fn progress_bar(enabled: bool, len: usize) -> indicatif::ProgressBar {
    if !enabled {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(Some(len as u64), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages {elapsed}") {
        bar.set_style(style);
    }
    bar
}

fn print_diagnostics(ir: &Ir, format: DiagnosticsFormat, ctx: &mut Context<'_>) -> anyhow::Result<()> {
    match format {
        DiagnosticsFormat::None => {}
        DiagnosticsFormat::Json => {
            serde_json::to_writer_pretty(&mut *ctx.stderr, &ir.diagnostics)?;
            writeln!(ctx.stderr)?;
        }
        DiagnosticsFormat::Text => {
            for diagnostic in &ir.diagnostics {
                writeln!(ctx.stderr, "{}", diagnostic.render())?;
            }
            let count = |severity| ir.diagnostics.iter().filter(|diagnostic| diagnostic.severity == severity).count();
            writeln!(
                ctx.stderr,
                "docgen: {} pages, {} types, {} enums, {} operations; {} errors, {} warnings, {} notes",
                ir.pages.total,
                ir.types.len(),
                ir.enums.len(),
                ir.operations.len(),
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info)
            )?;
        }
    }
    Ok(())
}

/// Counts per page kind, per IR item and per diagnostic code.
pub fn summary(ir: &Ir) -> String {
    use std::collections::BTreeMap;
    use std::fmt::Write as _;
    let pages = &ir.pages;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "pages: total {}, resource {}, enum {}, api {}, cmdlet {}, other {}, failed {}",
        pages.total, pages.resource, pages.enum_, pages.api, pages.cmdlet, pages.other, pages.failed
    );
    let entities = ir.types.iter().filter(|ty| ty.kind == crate::ir::TypeKind::Entity).count();
    let properties: usize = ir.types.iter().map(|ty| ty.properties.len()).sum();
    let navigation: usize = ir.types.iter().map(|ty| ty.navigation.len()).sum();
    let members: usize = ir.enums.iter().map(|en| en.members.len()).sum();
    let paths: usize = ir.operations.iter().map(|op| op.paths.len()).sum();
    let examples: usize = ir.operations.iter().map(|op| op.examples.len()).sum();
    let _ = writeln!(
        out,
        "types: {} (entity {}, complex {}), properties {}, navigation {}",
        ir.types.len(),
        entities,
        ir.types.len() - entities,
        properties,
        navigation
    );
    let _ = writeln!(out, "enums: {}, members {}", ir.enums.len(), members);
    let _ = writeln!(out, "operations: {}, paths {}, examples {}", ir.operations.len(), paths, examples);
    let parameters: usize = ir.cmdlets.iter().map(|cmdlet| cmdlet.parameters.len()).sum();
    let sets: usize = ir.cmdlets.iter().map(|cmdlet| cmdlet.parameter_sets.len()).sum();
    let _ = writeln!(out, "cmdlets: {}, parameters {}, parameter sets {}", ir.cmdlets.len(), parameters, sets);
    let mut per_code: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for diagnostic in &ir.diagnostics {
        *per_code.entry((diagnostic.code, diagnostic.severity.as_str())).or_default() += 1;
    }
    let _ = writeln!(out, "diagnostics: {}", ir.diagnostics.len());
    for ((code, severity), count) in per_code {
        let _ = writeln!(out, "  {code} ({severity}): {count}");
    }
    out
}

/// How often each `--timings` benchmark runs; the best run is printed.
const BENCH_RUNS: usize = 5;

fn print_timings(
    files: &[SourceFile],
    pool: &rayon::ThreadPool,
    read: Duration,
    wall: Duration,
    times: pipeline::StageTimes,
    peak: Option<u64>,
    ctx: &mut Context<'_>,
) -> anyhow::Result<()> {
    let bytes: usize = files.iter().map(|file| file.text.len()).sum();
    let megabytes = bytes as f64 / 1_000_000.0;
    // The best of a few runs each: a shared machine adds noise, never speed.
    let best = |run: &dyn Fn() -> Duration| (0..BENCH_RUNS).map(|_| run()).min().unwrap_or_default();
    let floor = best(&|| bare_pulldown(files));
    let one_thread = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    let timed = |pool: &rayon::ThreadPool| {
        let started = Instant::now();
        let ir = pool.install(|| pipeline::build_ir(files, &[], &|| {}));
        std::hint::black_box(ir);
        started.elapsed()
    };
    let single = best(&|| timed(&one_thread));
    let all = best(&|| timed(pool));
    let pages = files.len() as f64;
    let err = &mut *ctx.stderr;
    writeln!(err, "timings: {} pages, {megabytes:.1} MB (benchmarks: best of {BENCH_RUNS} runs)", files.len())?;
    writeln!(err, "  this run (wall): read {:.3}s, total {:.3}s", read.as_secs_f64(), wall.as_secs_f64())?;
    writeln!(
        err,
        "  stage cpu: parse {:.3}s, extract {:.3}s, link {:.3}s",
        times.parse.as_secs_f64(),
        times.extract.as_secs_f64(),
        times.link.as_secs_f64()
    )?;
    writeln!(
        err,
        "  floor (bare pulldown-cmark, 1 thread): {:.3}s, {:.0} pages/s, {:.1} MB/s",
        floor.as_secs_f64(),
        pages / floor.as_secs_f64(),
        megabytes / floor.as_secs_f64()
    )?;
    writeln!(
        err,
        "  ir, 1 thread: {:.3}s, {:.0} pages/s, {:.1} MB/s, {:.2}x floor",
        single.as_secs_f64(),
        pages / single.as_secs_f64(),
        megabytes / single.as_secs_f64(),
        single.as_secs_f64() / floor.as_secs_f64()
    )?;
    writeln!(
        err,
        "  ir, {} threads: {:.3}s, {:.0} pages/s, {:.1} MB/s",
        pool.current_num_threads(),
        all.as_secs_f64(),
        pages / all.as_secs_f64(),
        megabytes / all.as_secs_f64()
    )?;
    match peak {
        Some(kib) => writeln!(err, "  peak RSS of the run (before the benchmark runs): {:.1} MB", kib as f64 / 1024.0)?,
        None => writeln!(err, "  peak RSS: unknown (no /proc/self/status)")?,
    }
    Ok(())
}

/// Parses every file with pulldown-cmark, configured as the page stage does, reading all events.
fn bare_pulldown(files: &[SourceFile]) -> Duration {
    let started = Instant::now();
    let mut events = 0usize;
    for file in files {
        events += pulldown_cmark::Parser::new_ext(&file.text, pulldown_cmark::Options::ENABLE_TABLES)
            .into_offset_iter()
            .count();
    }
    std::hint::black_box(events);
    started.elapsed()
}

/// Peak resident set size of this process (Linux `VmHWM`), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
