//! Front matter: cut off by hand, read with serde_yaml, or line by line when the YAML is broken.
//!
//! pulldown-cmark's metadata option also swallows `---…---` blocks in mid-page (dialect guide §1),
//! so the block is cut here and the markdown parser only ever sees the body.

use std::collections::BTreeMap;

use super::nesting::{self, YamlError};
use super::Span;

/// The `---` block at the top of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// Keys and their values as strings (`title`, `doc_type`, `ms.prod`, ...).
    pub fields: BTreeMap<String, String>,
    /// The whole block including both `---` lines.
    pub span: Span,
    /// `false` when serde_yaml rejected the block and it was read line by line.
    pub valid_yaml: bool,
}

/// Where the front matter is and where the body starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Split {
    /// No block: the body is the whole text.
    None,
    /// A block opens but never closes; the body is the whole text.
    Unclosed {
        /// Offset of the opening `---`.
        open: usize,
    },
    /// A block spanning `span`; the YAML text is `yaml`.
    Block {
        /// The block including its `---` lines.
        span: Span,
        /// The YAML between the lines.
        yaml: Span,
    },
}

/// Finds the front matter block: leading blank lines, then a `---` line (maybe `--- `), then a
/// closing `---` line.
pub(crate) fn split(text: &str) -> Split {
    let mut offset = 0;
    let mut open = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if open.is_none() {
            if trimmed.is_empty() {
                offset += line.len();
                continue;
            }
            if trimmed != "---" {
                return Split::None;
            }
            open = Some((offset, offset + line.len()));
        } else if let Some((open_at, yaml_start)) = open {
            if trimmed == "---" {
                let end = offset + line.len();
                return Split::Block { span: Span::new(open_at, end), yaml: Span::new(yaml_start, offset) };
            }
        }
        offset += line.len();
    }
    match open {
        Some((open_at, _)) => Split::Unclosed { open: open_at },
        None => Split::None,
    }
}

/// The YAML text of a page's front matter block, if it has a closed one.
pub fn block_yaml(text: &str) -> Option<&str> {
    match split(text) {
        Split::Block { yaml, .. } => text.get(yaml.start..yaml.end),
        Split::None | Split::Unclosed { .. } => None,
    }
}

/// Reads the YAML of a block. `Err` says what serde_yaml refused (or that the block nests too
/// deep to hand it over) and on which line; the fields are then read by
/// splitting each line on its first `: ` (dialect guide §1: an unquoted colon in a title).
///
/// Nearly every block is flat `key: value` lines with plain or simply double-quoted values;
/// those are read directly ([`read_flat`], proven equal to serde_yaml over the whole corpus by
/// the integration tests). Anything else goes to serde_yaml.
pub fn read(yaml: &str) -> (BTreeMap<String, String>, Result<(), YamlError>) {
    if let Some(fields) = read_flat(yaml) {
        return (fields, Ok(()));
    }
    read_yaml(yaml)
}

/// Reads a block with serde_yaml only (the reference for [`read_flat`]).
pub fn read_yaml(yaml: &str) -> (BTreeMap<String, String>, Result<(), YamlError>) {
    match nesting::read_yaml::<BTreeMap<String, serde_yaml::Value>>(yaml) {
        Ok(map) => (map.into_iter().map(|(key, value)| (key, yaml_to_string(&value))).collect(), Ok(())),
        Err(_) if yaml.trim().is_empty() => (BTreeMap::new(), Ok(())),
        Err(err) => (read_lines(yaml), Err(err)),
    }
}

/// Reads a block made only of `key: value` lines whose values YAML reads as the same plain
/// string: no quotes but a whole double-quoted value without escapes, no `: ` or ` #` inside, no
/// indicator at the start, not a YAML keyword or number. `None` when any line is not like that.
pub fn read_flat(yaml: &str) -> Option<BTreeMap<String, String>> {
    let mut fields = BTreeMap::new();
    for line in yaml.lines() {
        if line.trim().is_empty() {
            continue;
        }
        // A plain key holds no colon, so the line splits at its first one, which ends the line
        // or comes before a space (`split_once(": ")` costs a substring searcher per line).
        let colon = memchr::memchr(b':', line.as_bytes())?;
        let (key, value) = match line.get(colon + 1..)? {
            "" => (&line[..colon], ""),
            rest => (&line[..colon], rest.strip_prefix(' ')?),
        };
        let plain_key = !key.is_empty()
            && key.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-'));
        if !plain_key || fields.contains_key(key) {
            return None;
        }
        let value = value.trim();
        let value = match value.strip_prefix('"').and_then(|inner| inner.strip_suffix('"')) {
            Some(inner) if !inner.contains(['"', '\\']) => inner.trim(),
            Some(_) => return None,
            None => {
                let first = value.bytes().next();
                let special_start = matches!(
                    first,
                    Some(
                        b'\''
                            | b'"'
                            | b'['
                            | b']'
                            | b'{'
                            | b'}'
                            | b'&'
                            | b'*'
                            | b'!'
                            | b'|'
                            | b'>'
                            | b'%'
                            | b'@'
                            | b'`'
                            | b'#'
                            | b','
                            | b'?'
                            | b'-'
                            | b':'
                    )
                );
                let keyword = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"]
                    .iter()
                    .any(|keyword| value.eq_ignore_ascii_case(keyword));
                let numeric =
                    value.bytes().next().is_some_and(|byte| byte.is_ascii_digit() || byte == b'.' || byte == b'+');
                if value.is_empty()
                    || special_start
                    || keyword
                    || numeric
                    || value.contains(": ")
                    || value.contains(" #")
                    || value.ends_with(':')
                    || value.contains('\t')
                {
                    return None;
                }
                value
            }
        };
        fields.insert(key.to_owned(), value.to_owned());
    }
    Some(fields)
}

fn read_lines(yaml: &str) -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    for line in yaml.lines() {
        if line.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value);
        fields.insert(key.trim().to_owned(), value.to_owned());
    }
    fields
}

fn yaml_to_string(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(text) => text.trim().to_owned(),
        serde_yaml::Value::Null => String::new(),
        serde_yaml::Value::Bool(flag) => flag.to_string(),
        serde_yaml::Value::Number(number) => number.to_string(),
        other => serde_yaml::to_string(other).map(|text| text.trim().to_owned()).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::{read, read_flat, read_yaml, split, Span, Split};

    #[test]
    fn splits_blocks() {
        let cases: [(&str, Split); 5] = [
            ("---\na: b\n---\n# T\n", Split::Block { span: Span::new(0, 13), yaml: Span::new(4, 9) }),
            // A leading blank line and `--- ` with a trailing space (dialect guide §1).
            ("\n--- \na: b\n---\n", Split::Block { span: Span::new(1, 15), yaml: Span::new(6, 11) }),
            ("# T\n---\n", Split::None),
            ("---\na: b\n", Split::Unclosed { open: 0 }),
            ("", Split::None),
        ];
        for (text, expected) in cases {
            assert_eq!(split(text), expected, "{text:?}");
        }
    }

    #[test]
    fn flat_blocks_read_like_serde_yaml() {
        let flat = "title: \"Get user\"\ndoc_type: apiPageType\nms.prod: microsoft-identity-platform\nauthor: a b\n";
        assert_eq!(read_flat(flat), Some(read_yaml(flat).0));
        // Values YAML would read differently are left to serde_yaml.
        for text in
            ["a: true\n", "a: 12\n", "a: 'x'\n", "a: \"x\\\"y\"\n", "a: [x]\n", "a: x #c\n", "a:\n  - x\n", "a: b: c\n"]
        {
            assert_eq!(read_flat(text), None, "{text:?}");
        }
    }

    #[test]
    fn falls_back_to_lines_on_broken_yaml() {
        let (fields, result) = read("title: Create: upload session\ndoc_type: apiPageType\n");
        assert!(result.is_err());
        assert_eq!(fields.get("title").map(String::as_str), Some("Create: upload session"));
        assert_eq!(fields.get("doc_type").map(String::as_str), Some("apiPageType"));
        let (fields, result) = read("title: \"Quoted\"\nms.prod: x \n");
        assert_eq!(result, Ok(()));
        assert_eq!(fields.get("title").map(String::as_str), Some("Quoted"));
        assert_eq!(fields.get("ms.prod").map(String::as_str), Some("x"));
    }
}
