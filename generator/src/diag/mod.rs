//! Diagnostics: problems found in the docs, reported with code, file and line.
//!
//! Every stage pushes `Diagnostic`s beside its output and goes on; nothing here stops a run.
//! Codes are listed once in [`codes`]. Rendering (`path:line: severity[code]: message`) lives
//! here too, so the CLI and the tests print the same text.

pub mod codes;
#[cfg(feature = "cli")]
pub mod human;

use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The IR is missing or wrong about something the docs meant to say.
    Error,
    /// The docs say something unclear; docgen made a documented choice.
    Warning,
    /// A quirk docgen repaired; the IR is as the writer meant.
    Info,
}

impl Severity {
    /// The lower-case name used in text output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One problem in one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How bad it is; fixed per code in [`codes`].
    pub severity: Severity,
    /// `area.problem`, from [`codes`].
    pub code: &'static str,
    /// Lower-case, quotes what was found and says what was expected.
    pub message: String,
    /// Page path relative to the docs root.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in characters) of what the message is about, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// A JSON key inside the code block that starts at `line`, to be pointed at once the page's
    /// text is at hand ([`locate_keys`]).
    #[serde(skip)]
    pub key: Option<String>,
    /// Other places the message is about ("first listed here").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

/// A place a diagnostic refers to besides its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Page path, as [`Diagnostic::file`].
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// What is there (`first listed here`).
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic with the severity registered for `code`.
    pub fn new(code: &'static str, file: &str, line: u32, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: codes::severity(code),
            code,
            message: message.into(),
            file: file.to_owned(),
            line,
            column: None,
            key: None,
            related: Vec::new(),
        }
    }

    /// The same diagnostic, also pointing at `file:line`, labelled `message`.
    pub fn related(mut self, file: &str, line: u32, message: &str) -> Diagnostic {
        self.related.push(Related { file: file.to_owned(), line, message: message.to_owned() });
        self
    }

    /// The same diagnostic about the JSON key `key` of the code block at its line.
    pub fn at_key(mut self, key: &str) -> Diagnostic {
        self.key = Some(key.to_owned());
        self
    }

    /// The sort key of the text output: file, line, code, message.
    fn sort_key(&self) -> (&str, u32, &str, &str) {
        (&self.file, self.line, self.code, &self.message)
    }

    /// `path:line: severity[code]: message`, or `path:line:column: ...` when the column is known.
    pub fn render(&self) -> String {
        let (file, message) = (escape_controls(&self.file), escape_controls(&self.message));
        let column = self.column.map(|column| format!(":{column}")).unwrap_or_default();
        format!("{file}:{}{column}: {}[{}]: {message}", self.line, self.severity.as_str(), self.code)
    }
}

/// Points each diagnostic about a JSON key ([`Diagnostic::at_key`]) at the key itself: the first
/// line of its code block holding `"key":`, and the column of its opening quote. `text_of` gives
/// a page's text by its path; a key not found leaves the diagnostic at the block.
pub fn locate_keys<'t>(diagnostics: &mut [Diagnostic], text_of: impl Fn(&str) -> Option<&'t str>) {
    for diagnostic in diagnostics.iter_mut() {
        let (Some(key), Some(text)) = (&diagnostic.key, text_of(&diagnostic.file)) else { continue };
        let needle = format!("\"{key}\"");
        let start = usize::try_from(diagnostic.line).unwrap_or(usize::MAX);
        // The block's lines after its opening fence, up to the closing one.
        let block = text.lines().enumerate().skip(start).take_while(|(_, line)| {
            let line = line.trim_start();
            !line.starts_with("```") && !line.starts_with("~~~")
        });
        for (idx, line) in block {
            let Some(at) = line.find(&needle) else { continue };
            if !line[at + needle.len()..].trim_start().starts_with(':') {
                continue;
            }
            diagnostic.line = u32::try_from(idx + 1).unwrap_or(u32::MAX);
            diagnostic.column = u32::try_from(line[..at].chars().count() + 1).ok();
            break;
        }
    }
}

/// `text` with control characters and Unicode bidirectional overrides written as escapes
/// (`\u{1b}`), so page text quoted in a message cannot move a terminal's cursor, change its
/// colours or reorder what a reader sees.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden =
        |symbol: char| symbol.is_control() || matches!(symbol, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.contains(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|symbol| if hidden(symbol) { symbol.escape_default().to_string() } else { symbol.to_string() })
        .collect()
}

/// Sorts diagnostics by file, line, code and message, and drops exact repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

/// Collects diagnostics for one page, turning byte offsets into lines.
#[derive(Debug)]
pub struct Sink<'a> {
    file: &'a str,
    lines: &'a crate::source::LineIndex,
    /// What was reported so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    /// A sink for the page at `file`.
    pub fn new(file: &'a str, lines: &'a crate::source::LineIndex) -> Sink<'a> {
        Sink { file, lines, diagnostics: Vec::new() }
    }

    /// The line index of the page.
    pub fn lines(&self) -> &'a crate::source::LineIndex {
        self.lines
    }

    /// Reports `code` at byte `offset`.
    pub fn at(&mut self, code: &'static str, offset: usize, message: impl Into<String>) {
        let line = self.lines.line(offset);
        self.diagnostics.push(Diagnostic::new(code, self.file, line, message));
    }
}

#[cfg(test)]
mod tests {
    use super::escape_controls;

    #[test]
    fn control_characters_and_bidi_overrides_are_escaped() {
        assert_eq!(escape_controls("plain café"), "plain café");
        assert_eq!(escape_controls("red \u{1b}[31mtext\r\n"), "red \\u{1b}[31mtext\\r\\n");
        assert_eq!(escape_controls("a\u{202e}b\u{2066}"), "a\\u{202e}b\\u{2066}");
    }
}
