//! `docgen drift`: what changed between two revisions of the docs.

use std::path::PathBuf;
use std::time::Instant;

use clap::ValueEnum;

use super::{config, progress_bar, thread_pool, write_report, Context, Global, EXIT_DRIFT, EXIT_OK, MAX_THREADS};
use crate::{drift, pipeline, source};

#[derive(Debug, clap::Args)]
pub struct DriftArgs {
    /// The old docs: a folder (as for `docgen ir`) or a git revision, `git:<repo-path>@<rev>:<subdir>`.
    old: String,
    /// The new docs, written the same ways.
    new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DriftFormat::Text)]
    format: DriftFormat,
    /// Which changes make the exit code 1 [default: any, or `fail-on` under [drift] in docgen.toml].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// List only changes of these impacts; the summary still counts every change [default: all,
    /// or `only` under [drift] in docgen.toml].
    #[arg(long, value_enum, value_name = "IMPACT", num_args = 1..)]
    only: Vec<ImpactArg>,
    /// Markdown: list at most N changes (the rest are counted in a note) [default: as many as fit
    /// in a pull-request comment, 65,536 characters].
    #[arg(long, value_name = "N")]
    max_rows: Option<usize>,
    /// List description-only edits too [default: counted, not listed].
    #[arg(long)]
    descriptions: bool,
    /// Write the report to FILE (atomically) instead of standard output (`-` is standard output).
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
enum ImpactArg {
    /// Changes that break code generated from the old docs.
    Breaking,
    /// Changes a user should look at.
    Flagged,
    /// Changes no user notices.
    Compatible,
}

impl From<ImpactArg> for drift::Impact {
    fn from(impact: ImpactArg) -> drift::Impact {
        match impact {
            ImpactArg::Breaking => drift::Impact::Breaking,
            ImpactArg::Flagged => drift::Impact::Flagged,
            ImpactArg::Compatible => drift::Impact::Compatible,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// Exit 1 when any change is found.
    Any,
    /// Exit 1 when a breaking change is found (after `[drift.rules]` re-levels rules).
    Breaking,
    /// Exit 0 whatever changed (tool errors still exit 2).
    None,
}

pub fn run(args: &DriftArgs, global: &Global, ctx: &mut Context<'_>) -> anyhow::Result<u8> {
    let settings = &global.config.drift;
    let levels = settings.levels()?;
    let only: Vec<drift::Impact> = if args.only.is_empty() {
        settings.only.iter().map(|impact| config::parse_impact(impact)).collect::<anyhow::Result<_>>()?
    } else {
        args.only.iter().map(|&impact| impact.into()).collect()
    };
    let fail_on = match (args.fail_on, &settings.fail_on) {
        (Some(fail_on), _) => fail_on,
        (None, Some(text)) => FailOn::from_str(text, true).map_err(|_| {
            anyhow::anyhow!("docgen.toml: [drift] fail-on = \"{text}\": expected any, breaking or none")
        })?,
        (None, None) => FailOn::Any,
    };
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
    let mut drift = drift::diff(&old_ir, &new_ir, &drift::DiffOptions { descriptions: args.descriptions });
    let diff_time = built.elapsed();
    drift.old = Some(args.old.clone());
    drift.new = Some(args.new.clone());
    drift.relevel(&levels);
    if !only.is_empty() {
        drift.retain(&only);
    }

    let rendered = match args.format {
        DriftFormat::Text => drift::render::text(&drift),
        DriftFormat::Markdown => {
            let max_rows = args.max_rows.or(settings.max_rows);
            drift::render::markdown(&drift, &drift::render::MarkdownOptions { max_rows, ..Default::default() })
        }
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
    write_report(args.output.as_deref(), rendered.as_bytes(), ctx)?;
    for (label, ir) in [("old", &old_ir), ("new", &new_ir)] {
        if !ir.diagnostics.is_empty() && !global.quiet {
            writeln!(
                ctx.stderr,
                "docgen: the {label} docs have {} diagnostics (`docgen ir` lists them)",
                ir.diagnostics.len()
            )?;
        }
    }
    if (args.format != DriftFormat::Text || args.output.is_some()) && !global.quiet {
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
    let failing = match fail_on {
        FailOn::Any => drift.summary.changes > 0,
        FailOn::Breaking => drift.summary.breaking > 0,
        FailOn::None => false,
    };
    Ok(if failing { EXIT_DRIFT } else { EXIT_OK })
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
