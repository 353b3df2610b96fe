//! The command line: argument parsing, reading the docs root, printing and writing.
//!
//! This is the I/O edge of the pipeline, one file per command. Every byte the user sees goes
//! through the writers in [`Context`], so tests run the CLI in-process and read what it printed.
//! Exit codes are the constants below.

mod config;
mod drift;
mod explain;
mod generate;
mod ir;
mod lint;
mod timings;

use std::io::Write;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

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
    /// Read settings from FILE instead of the nearest `docgen.toml` at or above the working
    /// directory.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<std::path::PathBuf>,
    /// Print only the report and problems: no progress bar, no closing summary on standard error.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also say which `docgen.toml` was read and name every file written or removed.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Colour in reports for people: `auto` colours a terminal unless `NO_COLOR` is set (or when
    /// `CLICOLOR_FORCE` is).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

/// What every command gets besides its own arguments: the settings file and how talkative to be.
struct Global {
    /// The `docgen.toml` read, if any.
    config: config::Config,
    quiet: bool,
    verbose: bool,
    /// `--color`.
    color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    /// Colour a terminal, following `NO_COLOR` and `CLICOLOR_FORCE`.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour a report going to a terminal or not, by the conventions of no-color.org
    /// and bixense.com/clicolors.
    fn colors(self, terminal: bool) -> bool {
        let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if set("NO_COLOR") => false,
            ColorChoice::Auto => {
                terminal || std::env::var_os("CLICOLOR_FORCE").is_some_and(|value| value != "0" && !value.is_empty())
            }
        }
    }
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
    /// List every diagnostic code with its severity and meaning.
    Codes,
    /// Explain a diagnostic code: what it means and what to do about it.
    Explain {
        /// The code (`table.unknown-type`).
        code: String,
    },
    /// Print a shell completion script on standard output (`docgen completions bash >
    /// ~/.local/share/bash-completion/completions/docgen`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print docgen's man page (roff) on standard output (`docgen man > docgen.1`).
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiagnosticsFormat {
    /// `path:line: severity[code]: message`, one per line.
    Text,
    /// As rustc prints: the message and code, the page and line, the source line underlined.
    Human,
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
    /// Where to start looking for `docgen.toml` (the working directory); `None` reads none
    /// unless `--config` names one.
    pub config_dir: Option<std::path::PathBuf>,
    /// The text of `--version`: the package version, and the commit where docgen was built.
    pub version: &'static str,
    /// Standard output is a terminal: reports are for a person (`lint` prints source lines, in
    /// colour unless `NO_COLOR` says otherwise).
    pub stdout_is_terminal: bool,
}

/// Runs docgen with `args` (the first is the program name) and returns the exit code.
pub fn run<I, T>(args: I, ctx: &mut Context<'_>) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let parsed = Cli::command()
        .version(ctx.version)
        .try_get_matches_from(args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
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
    let result = global(&cli, ctx).and_then(|global| {
        if global.quiet {
            ctx.progress = false;
        }
        match &cli.command {
            Command::Ir(args) => ir::run(args, &global, ctx),
            Command::Generate(args) => generate::run(args, &global, ctx),
            Command::Drift(args) => drift::run(args, &global, ctx),
            Command::Lint(args) => lint::run(args, &global, ctx),
            Command::Codes => explain::codes(ctx),
            Command::Explain { code } => explain::explain(code, ctx),
            Command::Completions { shell } => {
                let mut command = Cli::command().version(ctx.version);
                clap_complete::generate(*shell, &mut command, "docgen", &mut *ctx.stdout);
                Ok(EXIT_OK)
            }
            Command::Man => {
                clap_mangen::Man::new(Cli::command().version(ctx.version)).render(&mut *ctx.stdout)?;
                Ok(EXIT_OK)
            }
        }
    });
    match result {
        Ok(code) => code,
        Err(err) => {
            let _ = writeln!(ctx.stderr, "error: {err:#}");
            EXIT_ERROR
        }
    }
}

/// The settings file and the verbosity flags.
fn global(cli: &Cli, ctx: &mut Context<'_>) -> anyhow::Result<Global> {
    let loaded = config::Config::load(cli.config.as_deref(), ctx.config_dir.as_deref())?;
    let config = match loaded {
        Some((path, config)) => {
            if cli.verbose {
                writeln!(ctx.stderr, "docgen: settings from {}", path.display())?;
            }
            config
        }
        None => config::Config::default(),
    };
    Ok(Global { config, quiet: cli.quiet, verbose: cli.verbose, color: cli.color })
}

/// Writes a report to `output` (atomically), or to standard output when there is none or it is `-`.
fn write_report(output: Option<&std::path::Path>, bytes: &[u8], ctx: &mut Context<'_>) -> anyhow::Result<()> {
    match output {
        Some(path) if path.as_os_str() != "-" => crate::write::write_atomically(path, bytes)?,
        _ => ctx.stdout.write_all(bytes)?,
    }
    Ok(())
}

/// A list flag's values, or the settings file's when the flag was not given.
fn flag_or_file(flag: &[String], file: &[String]) -> Vec<String> {
    if flag.is_empty() { file } else { flag }.to_vec()
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

fn print_diagnostics(
    ir: &Ir,
    files: &[crate::source::SourceFile],
    format: DiagnosticsFormat,
    global: &Global,
    ctx: &mut Context<'_>,
) -> anyhow::Result<()> {
    match format {
        DiagnosticsFormat::None => {}
        DiagnosticsFormat::Human => {
            let pages: std::collections::BTreeMap<&str, &str> =
                files.iter().map(|file| (file.path.as_str(), file.text.as_str())).collect();
            let color = global.color.colors(ctx.progress);
            ctx.stderr.write_all(crate::diag::human::render(&ir.diagnostics, &pages, color).as_bytes())?;
        }
        DiagnosticsFormat::Json => {
            serde_json::to_writer_pretty(&mut *ctx.stderr, &ir.diagnostics)?;
            writeln!(ctx.stderr)?;
        }
        DiagnosticsFormat::Text => {
            for diagnostic in &ir.diagnostics {
                writeln!(ctx.stderr, "{}", diagnostic.render())?;
            }
            if global.quiet {
                return Ok(());
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
