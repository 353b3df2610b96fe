//! `--timings`: the benchmark `docgen ir` prints on standard error.

use std::time::{Duration, Instant};

use super::Context;
use crate::pipeline;
use crate::source::SourceFile;

/// How often each `--timings` benchmark runs (odd, so the ratios have a middle one); the best
/// run is printed.
const BENCH_RUNS: usize = 9;

pub fn print_timings(
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
    let one_thread = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    // The IR is built, not freed, in the time taken: a run of `docgen ir` leaves freeing it to
    // the end of the process. It is freed on the thread that built it, so the next run does not
    // collect another thread's frees.
    let timed = |pool: &rayon::ThreadPool| {
        pool.install(|| {
            let started = Instant::now();
            let ir = pipeline::build_ir(files, &[], &|| {});
            let elapsed = started.elapsed();
            drop(std::hint::black_box(ir));
            elapsed
        })
    };
    // The best of a few runs each: a shared machine adds noise, never speed. The floor and the
    // one-thread build take turns on the same thread. The ratio is the median of each turn's
    // ratio, not best over best: this machine switches between a fast and a slow spell every few
    // seconds, slowing both halves of a turn alike, and a floor run that alone caught a fast
    // spell would skew best over best.
    let (mut floor, mut single, mut all) = (Duration::MAX, Duration::MAX, Duration::MAX);
    let mut ratios = Vec::with_capacity(BENCH_RUNS);
    for _ in 0..BENCH_RUNS {
        let floor_run = one_thread.install(|| bare_pulldown(files));
        let single_run = timed(&one_thread);
        ratios.push(single_run.as_secs_f64() / floor_run.as_secs_f64());
        floor = floor.min(floor_run);
        single = single.min(single_run);
    }
    ratios.sort_by(f64::total_cmp);
    let ratio = ratios[BENCH_RUNS / 2];
    for _ in 0..BENCH_RUNS {
        all = all.min(timed(pool));
    }
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
        "  ir, 1 thread: {:.3}s, {:.0} pages/s, {:.1} MB/s, {ratio:.2}x floor (median of the {BENCH_RUNS} turns' ratios)",
        single.as_secs_f64(),
        pages / single.as_secs_f64(),
        megabytes / single.as_secs_f64(),
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
        events +=
            pulldown_cmark::Parser::new_ext(&file.text, crate::page::markdown::options()).into_offset_iter().count();
    }
    std::hint::black_box(events);
    started.elapsed()
}

/// Peak resident set size of this process (Linux `VmHWM`), in KiB.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
