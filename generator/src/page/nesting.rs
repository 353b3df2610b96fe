//! A bound on how deep any JSON or YAML text docgen reads may nest.
//!
//! json5 (a recursive pest parser) overflows the stack a few thousand brackets deep, and libyaml
//! slows down worse than quadratically with depth (50 s at 100k levels). Neither can be told to
//! stop, so the text is measured first, in one linear pass, and refused when it may nest deeper
//! than [`MAX_DEPTH`]. The measure is an upper bound (brackets inside strings count too), which
//! only matters for texts no page of the docs comes near: by this measure the deepest JSON in the
//! corpus nests 39 levels (an Intune settings example), the deepest YAML 4.

/// The deepest nesting docgen reads; serde_json stops at 128 on its own.
pub const MAX_DEPTH: usize = 64;

/// A text that may nest deeper than [`MAX_DEPTH`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    /// Byte offset, into the text measured, of the bracket or line that went past the bound.
    pub offset: usize,
}

impl TooDeep {
    /// The 1-based line of the text on which the bound was passed.
    pub fn line(self, text: &str) -> usize {
        let before = text.get(..self.offset).unwrap_or(text);
        memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1
    }

    /// Says what was refused, for a diagnostic: "nests deeper than 64 levels at line 3 of the block".
    pub fn describe(self, text: &str) -> String {
        format!("nests deeper than {MAX_DEPTH} levels at line {} of the block", self.line(text))
    }
}

/// A YAML text that serde_yaml refused, or that nests too deep to be handed to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// The 1-based line of the text the problem is on.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl YamlError {
    /// Byte offset, into the text read, of the start of [`YamlError::line`].
    pub fn offset(&self, text: &str) -> usize {
        match self.line.checked_sub(2) {
            None => 0,
            Some(newlines) => text.match_indices('\n').nth(newlines).map_or(text.len(), |(at, _)| at + 1),
        }
    }
}

/// Reads YAML with serde_yaml, once [`check_yaml`] has found it shallow enough.
pub fn read_yaml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    check_yaml(text).map_err(|too_deep| YamlError { line: too_deep.line(text), message: too_deep.describe(text) })?;
    serde_yaml::from_str(text).map_err(|err| YamlError {
        line: err.location().map_or(1, |location| location.line()),
        message: err.to_string(),
    })
}

/// Checks the bracket depth of a JSON (or JSON5) text.
pub fn check_json(text: &str) -> Result<(), TooDeep> {
    check_brackets(text, 0)
}

/// Checks a YAML text: bracket depth plus the deepest block nesting a line can open (its
/// indentation, and each `- `, `? ` or `: ` indicator on it, every one at most one level).
pub fn check_yaml(text: &str) -> Result<(), TooDeep> {
    let mut deepest_block = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let depth = indent + indicators(&line[indent..]);
        if depth > MAX_DEPTH {
            return Err(TooDeep { offset });
        }
        deepest_block = deepest_block.max(depth);
        offset += line.len();
    }
    check_brackets(text, deepest_block)
}

/// How many `-`, `?` and `:` on `line` are followed by white space or the line's end, `-` and
/// `?` also preceded by white space or the line's start.
fn indicators(line: &str) -> usize {
    let bytes = line.as_bytes();
    (0..bytes.len())
        .filter(|&at| {
            let ends = bytes.get(at + 1).is_none_or(|next| next.is_ascii_whitespace());
            let starts = at == 0 || bytes[at - 1].is_ascii_whitespace();
            match bytes[at] {
                b':' => ends,
                b'-' | b'?' => ends && starts,
                _ => false,
            }
        })
        .count()
}

/// Fails when `start` plus the open `[`/`{` count exceeds the bound anywhere in `text`.
fn check_brackets(text: &str, start: usize) -> Result<(), TooDeep> {
    let mut depth = start;
    for (offset, byte) in text.bytes().enumerate() {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(TooDeep { offset });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{check_json, check_yaml, read_yaml, MAX_DEPTH};

    #[test]
    fn json_depth_is_bounded() {
        let at_bound = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(check_json(&at_bound), Ok(()));
        let text = format!("{{\n\"a\": {}", "[".repeat(MAX_DEPTH));
        let refused = check_json(&text).unwrap_err();
        assert_eq!(refused.line(&text), 2);
        assert_eq!(refused.describe(&text), "nests deeper than 64 levels at line 2 of the block");
        // Siblings do not add up.
        assert_eq!(check_json(&"[[]]".repeat(10_000)), Ok(()));
    }

    #[test]
    fn yaml_depth_counts_brackets_indentation_and_indicators() {
        assert_eq!(check_yaml("title: a\nkeys:\n  - one\n  - two\n"), Ok(()));
        let dashes = format!("a: b\nx: {}z\n", "- ".repeat(MAX_DEPTH + 1));
        assert_eq!(check_yaml(&dashes).unwrap_err().line(&dashes), 2);
        let indented = format!("a:\n{}b: c\n", " ".repeat(MAX_DEPTH + 1));
        assert!(check_yaml(&indented).is_err());
        // Indentation and brackets add up.
        let both = format!("a:\n{}b: {}\n", " ".repeat(MAX_DEPTH - 2), "[".repeat(3));
        assert!(check_yaml(&both).is_err());
    }

    #[test]
    fn yaml_errors_carry_their_line() {
        let text = "a: b\nc: [\n";
        let error = read_yaml::<serde_yaml::Value>(text).unwrap_err();
        assert_eq!((error.line, error.offset(text)), (3, text.len()));
        let deep = format!("a: b\nc: {}\n", "[".repeat(100));
        let error = read_yaml::<serde_yaml::Value>(&deep).unwrap_err();
        assert_eq!((error.line, error.offset(&deep)), (2, 5));
        assert!(error.message.starts_with("nests deeper than 64 levels"), "{}", error.message);
    }
}
