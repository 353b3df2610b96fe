//! The `docgen` binary: wires the real standard streams into [`docgen::cli::run`].

use std::io::IsTerminal;
use std::process::ExitCode;

/// The pipeline makes millions of small strings and vectors; with mimalloc instead of glibc's
/// allocator, `docgen ir` on the beta corpus takes about a fifth less time (`--timings`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `0.1.0 (1a2b3c4d5e6f 2026-12-02)`: the commit and its date come from `build.rs` when docgen is
/// built from a git checkout; a build from a package says only the version.
const VERSION: &str = env!("DOCGEN_VERSION");

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let progress = stderr.is_terminal();
    let stdout_is_terminal = stdout.is_terminal();
    let mut out = stdout.lock();
    // Not locked: the progress bar draws on standard error from worker threads.
    let mut err = stderr;
    let mut ctx = docgen::cli::Context {
        stdout: &mut out,
        stderr: &mut err,
        progress,
        config_dir: std::env::current_dir().ok(),
        version: VERSION,
        stdout_is_terminal,
    };
    ExitCode::from(docgen::cli::run(std::env::args_os(), &mut ctx))
}
