//! The command line: argument parsing, reading the docs root, printing and writing.
//!
//! This is the I/O edge of the pipeline, one file per command. Every byte the user sees goes
//! through the writers in [`Context`], so tests run the CLI in-process and read what it printed.
//! Exit codes are the constants below.

mod drift;
mod generate;
mod ir;
mod lint;
mod timings;

use std::io::Write;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::Severity;
use crate::ir::Ir;

pub use ir::summary;

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
    Ir(ir::IrArgs),
    /// Generate a Rust crate of models from a docs root.
    Generate(generate::GenerateArgs),
    /// Report what changed between two revisions of the docs, and which changes are breaking.
    Drift(drift::DriftArgs),
    /// Check the docs for places where they contradict themselves or each other (REST pages and
    /// PowerShell cmdlet pages), and print every problem with its code, file and line.
    Lint(lint::LintArgs),
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
        Command::Ir(args) => ir::run(&args, ctx),
        Command::Generate(args) => generate::run(&args, ctx),
        Command::Drift(args) => drift::run(&args, ctx),
        Command::Lint(args) => lint::run(&args, ctx),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            let _ = writeln!(ctx.stderr, "error: {err:#}");
            EXIT_ERROR
        }
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
