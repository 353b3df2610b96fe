//! `docgen lint`: every problem in the docs, as text, JSON or SARIF.

use std::path::PathBuf;

use clap::ValueEnum;

use super::{progress_bar, thread_pool, Context, EXIT_DRIFT, EXIT_OK, MAX_THREADS};
use crate::diag::Severity;
use crate::{pipeline, source, write};

#[derive(Debug, clap::Args)]
pub struct LintArgs {
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

pub fn run(args: &LintArgs, ctx: &mut Context<'_>) -> anyhow::Result<u8> {
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
