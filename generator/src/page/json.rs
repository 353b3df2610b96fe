//! Lenient JSON, for annotations and example bodies.
//!
//! Strict serde_json first; then json5 (trailing commas, comments, unquoted keys, single quotes:
//! dialect guide §8, §9); then json5 again after replacing the few things neither reads: smart
//! quotes, `...` elisions and raw newlines and tabs inside strings (§13). json5 recurses and keeps a parse tree
//! of about 80 bytes per input byte, so a text goes to it only when it nests no deeper than
//! [`nesting::MAX_DEPTH`] and is at most [`LENIENT_MAX_BYTES`] long (the longest example in the
//! corpus is 60 KB); serde_json bounds its own depth and memory.

use serde_json::Value;

use super::nesting;

/// The longest text read leniently.
pub const LENIENT_MAX_BYTES: usize = 1 << 20;

/// How a JSON text was read.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// Valid JSON.
    Strict(Value),
    /// Not JSON, but read leniently; the string says what was off.
    Lenient(Value, String),
    /// Not readable; the string is the strict parser's error.
    Invalid(String),
}

impl Json {
    /// The value, however it was read.
    pub fn value(self) -> Option<Value> {
        match self {
            Json::Strict(value) | Json::Lenient(value, _) => Some(value),
            Json::Invalid(_) => None,
        }
    }
}

/// Reads `text` as JSON, as leniently as needed.
pub fn parse_lenient(text: &str) -> Json {
    let strict_error = match serde_json::from_str::<Value>(text) {
        Ok(value) => return Json::Strict(value),
        Err(err) => err,
    };
    if let Err(too_deep) = nesting::check_json(text) {
        return Json::Invalid(too_deep.describe(text));
    }
    if text.len() > LENIENT_MAX_BYTES {
        let size = text.len() >> 10;
        return Json::Invalid(format!("{strict_error}; at {size} KiB it is too long to be read leniently"));
    }
    if let Ok(value) = json5::from_str::<Value>(text) {
        return Json::Lenient(value, format!("not strict JSON ({strict_error})"));
    }
    let cleaned = clean(text);
    match json5::from_str::<Value>(&cleaned) {
        Ok(value) => Json::Lenient(value, format!("not strict JSON ({strict_error})")),
        Err(_) => Json::Invalid(strict_error.to_string()),
    }
}

/// Replaces smart quotes, drops `...`/`…` elisions and escapes raw newlines and tabs inside strings.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim().trim_end_matches(',');
        if !in_string && (trimmed == "..." || trimmed == "…") {
            continue;
        }
        for ch in line.chars() {
            let ch = match ch {
                '\u{201c}' | '\u{201d}' => '"',
                other => other,
            };
            if in_string {
                if escaped {
                    escaped = false;
                } else if ch == '\\' {
                    escaped = true;
                } else if ch == '"' {
                    in_string = false;
                } else if ch == '\n' {
                    out.push_str("\\n");
                    continue;
                } else if ch == '\t' {
                    out.push_str("\\t");
                    continue;
                }
            } else if ch == '"' {
                in_string = true;
            }
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{parse_lenient, Json, LENIENT_MAX_BYTES};
    use serde_json::json;

    #[test]
    fn reads_what_the_docs_write() {
        let cases = [
            (r#"{"a": 1}"#, Some(json!({"a": 1})), true),
            ("{\"a\": 1,\n}", Some(json!({"a": 1})), false),
            ("{isCollection: true}", Some(json!({"isCollection": true})), false),
            ("{\"a\": [1, /* two */ 2]}", Some(json!({"a": [1, 2]})), false),
            ("{\"a\": 1,\n  ...\n}", Some(json!({"a": 1})), false),
            ("{\u{201c}a\u{201d}: 1}", Some(json!({"a": 1})), false),
            ("{\"a\": \"x\ny\"}", Some(json!({"a": "x\ny"})), false),
            ("{\"a\": \"x\ty\"}", Some(json!({"a": "x\ty"})), false),
            ("{\"a\": ", None, false),
        ];
        for (text, expected, strict) in cases {
            let parsed = parse_lenient(text);
            assert_eq!(matches!(parsed, Json::Strict(_)), strict, "{text:?}");
            assert_eq!(parsed.value(), expected, "{text:?}");
        }
    }

    #[test]
    fn deep_and_long_texts_are_refused_with_a_reason() {
        let deep = format!("{{a: {}", "[".repeat(10_000));
        assert_eq!(parse_lenient(&deep), Json::Invalid("nests deeper than 64 levels at line 1 of the block".into()));
        let long = format!("{{a: [{}]}}", "1,".repeat(LENIENT_MAX_BYTES / 2));
        let Json::Invalid(reason) = parse_lenient(&long) else { panic!("a long lenient text is read") };
        assert!(reason.ends_with("at 1024 KiB it is too long to be read leniently"), "{reason}");
    }
}
