//! `docgen lint`: every problem in the docs, as text, JSON or SARIF.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::{flag_or_file, progress_bar, thread_pool, write_report, Context, Global, EXIT_DRIFT, EXIT_OK, MAX_THREADS};
use crate::diag::{codes, Diagnostic, Severity};
use crate::lint::report::{self, Baseline};
use crate::lint::sarif;
use crate::{pipeline, source, write};

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Docs roots, linted as one set: version folders, folders of cmdlet pages, or any folder
    /// of .md pages. With several roots, paths are shown with their root in front [default:
    /// `roots` under [lint] in docgen.toml].
    #[arg(value_name = "ROOT")]
    roots: Vec<PathBuf>,
    /// Output format [default: human on a terminal, else text].
    #[arg(long, value_enum)]
    format: Option<LintFormat>,
    /// Make these codes fail the run (exit 1); globs such as `cmdlet.*` work, and `warnings`
    /// denies every warning [default: none, but diagnostics of severity error always fail it
    /// unless allowed]. `docgen codes` lists the codes.
    #[arg(long, value_name = "CODE", num_args = 1..)]
    deny: Vec<String>,
    /// Leave these codes out of the report and never fail on them; globs work [default: none].
    #[arg(long, value_name = "CODE", num_args = 1..)]
    allow: Vec<String>,
    /// Report only findings the baseline FILE does not accept (see --write-baseline).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write every finding to FILE as a baseline that accepts them, and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// SARIF: the folder URIs are relative to [default: the git repository holding the first
    /// root, else that root].
    #[arg(long, value_name = "DIR")]
    sarif_root: Option<PathBuf>,
    /// Write the report to FILE (atomically) instead of standard output (`-` is standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Worker threads, 1 to 256 [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_THREADS))]
    threads: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LintFormat {
    /// As rustc prints: the message and code, the page and line, the source line underlined.
    Human,
    /// `path:line: severity[code]: message`, one per line, then a count per code.
    Text,
    /// `{"lint_version": 1, "diagnostics": [...]}` for scripts.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

pub fn run(args: &LintArgs, global: &Global, ctx: &mut Context<'_>) -> anyhow::Result<u8> {
    let settings = &global.config.lint;
    let roots = if args.roots.is_empty() { &settings.roots } else { &args.roots };
    if roots.is_empty() {
        anyhow::bail!("no docs root: give ROOT, or `roots` under [lint] in docgen.toml");
    }
    let deny = Codes::new(&flag_or_file(&args.deny, &settings.deny), "--deny")?;
    let allow = Codes::new(&flag_or_file(&args.allow, &settings.allow), "--allow")?;
    let baseline = match args.baseline.as_ref().or(settings.baseline.as_ref()) {
        Some(path) if args.write_baseline.is_none() => {
            let text = std::fs::read_to_string(path)
                .map_err(|err| anyhow::anyhow!("cannot read the baseline {}: {err}", path.display()))?;
            Some(Baseline::parse(&text).map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))?)
        }
        _ => None,
    };
    let pool = thread_pool(args.threads)?;
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    // Where each shown path is on disk, for SARIF's repository-relative URIs.
    let mut on_disk: BTreeMap<String, PathBuf> = BTreeMap::new();
    for root in roots {
        let mut sources = pool.install(|| source::read_sources(root))?;
        let absolute = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
        for path in sources
            .files
            .iter_mut()
            .map(|file| &mut file.path)
            .chain(sources.unreadable.iter_mut().map(|file| &mut file.path))
        {
            let disk = absolute.join(&*path);
            if roots.len() > 1 {
                // Several roots: show each path with its root, so pages with one name stay apart.
                let prefix = root.to_string_lossy().replace('\\', "/").trim_end_matches('/').to_owned();
                *path = format!("{prefix}/{path}");
            }
            on_disk.insert(path.clone(), disk);
        }
        files.extend(sources.files);
        unreadable.extend(sources.unreadable);
    }
    let progress = progress_bar(ctx.progress, files.len());
    let tick = || progress.inc(1);
    let (ir, mut diagnostics) = pool.install(|| pipeline::build_lint(&files, &unreadable, &tick));
    progress.finish_and_clear();
    diagnostics.retain(|diagnostic| !allow.matches(diagnostic));

    if let Some(path) = &args.write_baseline {
        write::write_atomically(path, Baseline::of(&diagnostics).to_json()?.as_bytes())?;
        if !global.quiet {
            writeln!(
                ctx.stderr,
                "docgen lint: {} findings written to the baseline {}",
                diagnostics.len(),
                path.display()
            )?;
        }
        return Ok(EXIT_OK);
    }
    let accepted = baseline.as_ref().map_or(0, |baseline| baseline.subtract(&mut diagnostics));
    let denied = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error || deny.matches(diagnostic))
        .count();

    let terminal = ctx.stdout_is_terminal && args.output.as_ref().is_none_or(|path| path.as_os_str() == "-");
    let format = args.format.unwrap_or(if terminal { LintFormat::Human } else { LintFormat::Text });
    let rendered = match format {
        LintFormat::Human => {
            let pages: BTreeMap<&str, &str> =
                files.iter().map(|file| (file.path.as_str(), file.text.as_ref())).collect();
            crate::diag::human::render(&diagnostics, &pages, global.color.colors(terminal))
        }
        LintFormat::Text => report::text(&diagnostics),
        LintFormat::Json => report::json(&diagnostics)?,
        LintFormat::Sarif => {
            let first = std::fs::canonicalize(&roots[0]).unwrap_or_else(|_| roots[0].clone());
            let base = match &args.sarif_root {
                Some(dir) => std::fs::canonicalize(dir)
                    .map_err(|err| anyhow::anyhow!("--sarif-root {}: {err}", dir.display()))?,
                None => repository_root(&first).unwrap_or(first),
            };
            let from_base = |shown: &str| {
                on_disk
                    .get(shown)
                    .and_then(|disk| disk.strip_prefix(&base).ok())
                    .map_or_else(|| shown.to_owned(), |path| path.to_string_lossy().replace('\\', "/"))
            };
            let relative: Vec<Diagnostic> = diagnostics
                .iter()
                .map(|diagnostic| {
                    let mut relative = Diagnostic { file: from_base(&diagnostic.file), ..diagnostic.clone() };
                    for related in &mut relative.related {
                        related.file = from_base(&related.file);
                    }
                    relative
                })
                .collect();
            let log = sarif::sarif(&relative, env!("CARGO_PKG_VERSION"), Some(&sarif::dir_uri(&base)));
            let mut text = serde_json::to_string_pretty(&log)?;
            text.push('\n');
            text
        }
    };
    write_report(args.output.as_deref(), rendered.as_bytes(), ctx)?;
    if global.quiet {
        return Ok(if denied > 0 { EXIT_DRIFT } else { EXIT_OK });
    }
    let count = |severity| diagnostics.iter().filter(|diagnostic| diagnostic.severity == severity).count();
    let accepted = if baseline.is_some() { format!("; {accepted} accepted by the baseline") } else { String::new() };
    writeln!(
        ctx.stderr,
        "docgen lint: {} pages ({} cmdlet), {} errors, {} warnings, {} notes; {denied} denied{accepted}",
        ir.pages.total,
        ir.pages.cmdlet,
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    )?;
    Ok(if denied > 0 { EXIT_DRIFT } else { EXIT_OK })
}

/// The folder holding `.git` at or above `dir`.
fn repository_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().find(|candidate| candidate.join(".git").exists()).map(Path::to_owned)
}

/// `--deny`/`--allow` values: code globs, and the severity words `warnings`, `notes`, `errors`.
struct Codes {
    globs: globset::GlobSet,
    severities: Vec<Severity>,
}

impl Codes {
    /// Each value must match a registered code or be a severity word.
    fn new(patterns: &[String], flag: &str) -> anyhow::Result<Codes> {
        let mut builder = globset::GlobSetBuilder::new();
        let mut severities = Vec::new();
        for pattern in patterns {
            match pattern.as_str() {
                "warnings" => severities.push(Severity::Warning),
                "notes" => severities.push(Severity::Info),
                "errors" => severities.push(Severity::Error),
                _ => {
                    let glob = globset::Glob::new(pattern).map_err(|err| anyhow::anyhow!("{flag} {pattern}: {err}"))?;
                    let matcher = glob.compile_matcher();
                    if !codes::ALL.iter().any(|code| matcher.is_match(code.code)) {
                        anyhow::bail!(
                            "{flag} {pattern}: matches no diagnostic code and is not `warnings`, `notes` or `errors`; `docgen codes` lists the codes"
                        );
                    }
                    builder.add(glob);
                }
            }
        }
        Ok(Codes { globs: builder.build()?, severities })
    }

    fn matches(&self, diagnostic: &Diagnostic) -> bool {
        self.severities.contains(&diagnostic.severity) || self.globs.is_match(diagnostic.code)
    }
}
