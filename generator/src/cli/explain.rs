//! `docgen codes` and `docgen explain CODE`: the diagnostic codes, from the one registry.

use super::{Context, EXIT_OK};
use crate::diag::codes;
use crate::drift::render::capitalised;

/// Every code, one per line: `code  severity  meaning`.
pub fn codes(ctx: &mut Context<'_>) -> anyhow::Result<u8> {
    let width = codes::ALL.iter().map(|code| code.code.len()).max().unwrap_or_default();
    for code in codes::ALL {
        writeln!(ctx.stdout, "{:width$}  {:7}  {}", code.code, code.severity.as_str(), code.meaning)?;
    }
    Ok(EXIT_OK)
}

/// One code: its severity, what it means, which command reports it and what to do.
pub fn explain(code: &str, ctx: &mut Context<'_>) -> anyhow::Result<u8> {
    let Some(entry) = codes::ALL.iter().find(|entry| entry.code == code) else {
        let near = codes::ALL
            .iter()
            .map(|entry| (strsim::jaro_winkler(entry.code, code), entry.code))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .filter(|(score, _)| *score > 0.8)
            .map(|(_, near)| format!(" (did you mean `{near}`?)"))
            .unwrap_or_default();
        anyhow::bail!("`{code}` is not a diagnostic code{near}; `docgen codes` lists them");
    };
    let (meaning, lint_only) = match entry.meaning.strip_prefix("lint: ") {
        Some(meaning) => (meaning, true),
        None => (entry.meaning, false),
    };
    let reported = if lint_only {
        "`docgen lint` reports it; `ir` and `generate` don't look for it."
    } else {
        "Every command that reads the docs reports it (`ir`, `generate`, `lint`, and `drift` counts it)."
    };
    writeln!(ctx.stdout, "{} ({})\n", entry.code, entry.severity.as_str())?;
    writeln!(ctx.stdout, "What it means: {}.\n", capitalised(meaning))?;
    writeln!(ctx.stdout, "What to do: {}\n", entry.fix)?;
    writeln!(ctx.stdout, "{reported}")?;
    writeln!(
        ctx.stdout,
        "Leave it out with `--allow {}`; make it fail `docgen lint` with `--deny {}`.",
        entry.code, entry.code
    )?;
    Ok(EXIT_OK)
}
