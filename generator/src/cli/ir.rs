//! `docgen ir`: a docs root's IR as JSON, YAML or counts.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::ValueEnum;

use super::{
    print_diagnostics, progress_bar, thread_pool, timings, Context, DiagnosticsFormat, Global, EXIT_OK, MAX_THREADS,
};
use crate::ir::Ir;
use crate::{pipeline, source, write};

#[derive(Debug, clap::Args)]
pub struct IrArgs {
    /// A version folder with api/ and resources/, or any folder of .md pages (walked recursively)
    /// [default: `root` under [generate] in docgen.toml].
    root: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Write the output to FILE (atomically) instead of standard output (`-` is standard output).
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

pub fn run(args: &IrArgs, global: &Global, ctx: &mut Context<'_>) -> anyhow::Result<u8> {
    let root = args.root.as_ref().or(global.config.generate.root.as_ref());
    let root =
        root.ok_or_else(|| anyhow::anyhow!("no docs root: give ROOT, or `root` under [generate] in docgen.toml"))?;
    let pool = thread_pool(args.threads)?;
    let started = Instant::now();
    let sources = pool.install(|| source::read_sources(root))?;
    let read_time = started.elapsed();
    let progress = progress_bar(ctx.progress, sources.files.len());
    let tick = || progress.inc(1);
    let (ir, times) = pool.install(|| pipeline::build_ir_timed(&sources.files, &sources.unreadable, &tick));
    progress.finish_and_clear();
    let wall = started.elapsed();

    print_diagnostics(&ir, &sources.files, args.diagnostics, global, ctx)?;
    match &args.output {
        // A file is written whole or not at all, so the text is made first.
        Some(path) if path.as_os_str() != "-" => {
            let mut rendered = Vec::new();
            render_ir(&ir, args.format, &mut rendered)?;
            write::write_atomically(path, &rendered)?;
        }
        // Streamed: the JSON of a full revision is about 50 MB, and need not be held as well.
        _ => {
            let mut out = std::io::BufWriter::new(&mut *ctx.stdout);
            render_ir(&ir, args.format, &mut out)?;
            out.flush()?;
        }
    }
    if args.timings {
        // Read before the extra benchmark runs below, so it is this run's peak.
        let peak = timings::peak_rss_kib();
        timings::print_timings(&sources.files, &pool, read_time, wall, times, peak, ctx)?;
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
