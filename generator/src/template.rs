//! Documented paths as templates, shared by the endpoints `emit` writes and the example checks
//! of `lint`: literal text and holes (`{id}`, `root:/{item-path}:`,
//! `f(period='{period_value}')`). Endpoint functions are built from the holes, and example
//! tests match an example's URL against the same holes to learn the values it fills them with.

use std::collections::BTreeMap;

/// The identity of a documented path, the one rule the endpoints and drift share: holes written
/// `{}` whatever their name (`{user-id}`, `<id>`), quotes, case, a `microsoft.graph.` prefix, an
/// empty call's `()` and a trailing slash ignored, one leading slash.
///
/// `/Users/{user-id}/microsoft.graph.getStats()/` and `users/<id>/getstats` are both
/// `/users/{}/getstats`.
pub fn path_key(path: &str) -> String {
    let mut key = String::with_capacity(path.len() + 1);
    let mut in_hole = None;
    for symbol in path.trim().chars() {
        match (in_hole, symbol) {
            (None, '{') => {
                in_hole = Some('}');
                key.push_str("{}");
            }
            (None, '<') => {
                in_hole = Some('>');
                key.push_str("{}");
            }
            (Some(close), symbol) if symbol == close => in_hole = None,
            (Some(_), _) | (None, '\'') => {}
            (None, symbol) if symbol.is_ascii() => key.push(symbol.to_ascii_lowercase()),
            (None, symbol) => key.extend(symbol.to_lowercase()),
        }
    }
    // Drift and the endpoint plan key every path this way, tens of thousands of times: replace
    // only what is there.
    for dropped in ["microsoft.graph.", "()"] {
        if key.contains(dropped) {
            key = key.replace(dropped, "");
        }
    }
    key.truncate(key.trim_end_matches('/').len());
    if !key.starts_with('/') {
        key.insert(0, '/');
    }
    key
}

/// One piece of a documented path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// Text as documented; the quotes around a quoted literal hole are not part of it.
    Lit(String),
    /// A value the caller gives.
    Hole(Hole),
}

/// A placeholder of a documented path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hole {
    /// The text between the braces (`cloudPcDeviceImageId`), or an unbraced `startDateTime-value`.
    pub raw: String,
    /// The parameter name it suggests: the placeholder (before any `|`), or, for a generic name
    /// used twice, the segment before it and the name (`users id`).
    pub name: String,
    /// Where it sits.
    pub place: Place,
}

/// Where a hole sits, which says how its value is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A whole path segment (`/users/{id}`), percent-encoded.
    Segment,
    /// A drive item path between `root:/` and `:`, folders encoded one by one.
    ItemPath,
    /// An OData literal inside parentheses: a function argument (`period=`) or a key.
    Literal {
        /// The argument name before `=`, if any.
        argument: Option<String>,
        /// Whether the template puts it in single quotes (`'{period_value}'`).
        quoted: bool,
    },
}

/// The tokens of `path`, a documented path without its query string.
pub fn tokens(path: &str) -> Vec<Token> {
    let names = placeholder_names(path);
    let mut tokens = Vec::new();
    let mut literal = String::new();
    let mut depth = 0usize;
    let mut index = 0;
    let mut placeholder = 0;
    while index < path.len() {
        let rest = &path[index..];
        let Some(ch) = rest.chars().next() else { break };
        if depth > 0 && literal.ends_with('=') {
            // `calendarView(startDateTime=startDateTime-value,...)`: a placeholder without braces.
            let value_len = rest.find([',', ')']).unwrap_or(rest.len());
            let value = &rest[..value_len];
            if value.ends_with("-value") || value.ends_with("_value") {
                let argument = argument_name(&literal);
                let name = argument.clone().unwrap_or_else(|| value.to_owned());
                flush(&mut literal, &mut tokens);
                tokens.push(Token::Hole(Hole {
                    raw: value.to_owned(),
                    name,
                    place: Place::Literal { argument, quoted: false },
                }));
                index += value_len;
                continue;
            }
        }
        let close = if ch == '{' { rest.find('}') } else { None };
        let Some(close) = close else {
            match ch {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            literal.push(ch);
            index += ch.len_utf8();
            continue;
        };
        let raw = rest[1..close].trim().to_owned();
        let after = &rest[close + 1..];
        let name = names.get(placeholder).cloned().unwrap_or_else(|| raw.clone());
        placeholder += 1;
        if depth > 0 {
            // `f(period='{period_value}')` or `items('{item-id}')`: the template's quotes
            // belong to the literal.
            let quoted = literal.ends_with('\'') && after.starts_with('\'');
            if quoted {
                literal.pop();
            }
            let argument = argument_name(&literal);
            flush(&mut literal, &mut tokens);
            let name = argument.clone().unwrap_or(name);
            tokens.push(Token::Hole(Hole { raw, name, place: Place::Literal { argument, quoted } }));
            index += close + 1 + usize::from(quoted);
            continue;
        }
        let place = if literal.ends_with(":/") && after.starts_with(':') { Place::ItemPath } else { Place::Segment };
        flush(&mut literal, &mut tokens);
        tokens.push(Token::Hole(Hole { raw, name, place }));
        index += close + 1;
    }
    flush(&mut literal, &mut tokens);
    tokens
}

fn flush(literal: &mut String, tokens: &mut Vec<Token>) {
    if !literal.is_empty() {
        tokens.push(Token::Lit(std::mem::take(literal)));
    }
}

/// The argument name a literal ends with (`period` in `/f(period=`).
fn argument_name(before: &str) -> Option<String> {
    let before = before.strip_suffix('=')?;
    let start = before.rfind(['(', ',']).map_or(0, |at| at + 1);
    let name = before[start..].trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// Names for a path's braced placeholders, in order: the placeholder's own name
/// (`cloudPcDeviceImageId`), or for a generic `{id}` that appears more than once, the segment
/// before it (`users` -> `users id`).
fn placeholder_names(path: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut previous = "";
    for segment in path.split('/') {
        let mut rest = segment;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else { break };
            let raw = &rest[open + 1..open + close];
            let name = raw.split('|').next().unwrap_or(raw).trim().to_owned();
            found.push((name, previous.to_owned()));
            rest = &rest[open + close + 1..];
        }
        if !segment.contains('{') {
            previous = segment;
        }
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (name, _) in &found {
        *counts.entry(name.to_ascii_lowercase()).or_default() += 1;
    }
    found
        .into_iter()
        .map(|(name, previous)| {
            if counts[&name.to_ascii_lowercase()] > 1 && !previous.is_empty() {
                format!("{} {name}", previous.trim_start_matches("microsoft.graph."))
            } else {
                name
            }
        })
        .collect()
}

/// Splits `text` at `separator` where it stands outside parentheses and single quotes
/// (`members($select=id,name),owners` at `,`; `worksheets('a/b')/range` at `/`).
pub fn split_outside_parens(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quoted, mut start) = (0usize, false, 0);
    for (at, ch) in text.char_indices() {
        match ch {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = depth.saturating_sub(1),
            ch if ch == separator && !quoted && depth == 0 => {
                parts.push(&text[start..at]);
                start = at + ch.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// `https://graph.microsoft.com/beta/me/events?$top=1` -> (`/me/events`, `$top=1`); `None`
/// for a URL on another host (a notification an app receives).
pub fn split_url(url: &str) -> Option<(String, &str)> {
    let mut rest = url.trim();
    if let Some((_, after)) = rest.split_once("://") {
        let host = after.split('/').next().unwrap_or_default();
        if !host.to_ascii_lowercase().contains("graph.microsoft") {
            return None;
        }
        rest = after.find('/').map_or("", |slash| &after[slash..]);
    }
    let rest = rest.split('#').next().unwrap_or_default();
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut path = path.trim().to_owned();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    for version in ["/beta/", "/v1.0/"] {
        if path.to_ascii_lowercase().starts_with(version) {
            path = path[version.len() - 1..].to_owned();
        }
    }
    let path = path.trim_end_matches('/').to_owned();
    (!path.is_empty()).then_some((path, query.trim()))
}

/// What an example's path fills a template with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filled {
    /// The text of each hole, in order, as written in the example (literals without the
    /// template's quotes).
    pub holes: Vec<String>,
    /// `name=value` arguments the example gives after a function the template writes without
    /// parentheses (`/getLicensesForApp(bundleId='x')`).
    pub trailing_args: Vec<(String, String)>,
}

/// Fills `tokens` from an example's `path` (no scheme, host, version or query): literal text
/// matches ignoring ASCII case and `microsoft.graph.` prefixes, a template's empty `()` may be
/// left out, and key parentheses (`/users('a@b.com')`) stand for a segment. `None` when the
/// path does not fit.
pub fn fill(tokens: &[Token], path: &str) -> Option<Filled> {
    let units = units(tokens);
    let path = strip_namespace(path.trim_end_matches('/'));
    let mut filled = Filled::default();
    if fill_from(&units, &path, &mut filled) {
        return Some(filled);
    }
    let keyed = key_segments(&path);
    let mut filled = Filled::default();
    (keyed != path && fill_from(&units, &keyed, &mut filled)).then_some(filled)
}

/// A template as the matcher walks it: one character, or one hole.
#[derive(Debug)]
enum Unit<'t> {
    Char(char),
    Hole(&'t Hole),
}

fn units(tokens: &[Token]) -> Vec<Unit<'_>> {
    let mut units = Vec::new();
    for token in tokens {
        match token {
            Token::Lit(text) => units.extend(strip_namespace(text).chars().map(Unit::Char)),
            Token::Hole(hole) => units.push(Unit::Hole(hole)),
        }
    }
    units
}

/// `text` without `microsoft.graph.` prefixes, matched ignoring case.
fn strip_namespace(text: &str) -> String {
    const PREFIX: &str = "microsoft.graph.";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.to_ascii_lowercase().find(PREFIX) {
        out.push_str(&rest[..at]);
        rest = &rest[at + PREFIX.len()..];
    }
    out.push_str(rest);
    out
}

/// OData key syntax as a path segment: `/users('a@b.com')/people` -> `/users/a@b.com/people`.
/// Function calls keep their parentheses: their arguments are `name=value`.
fn key_segments(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            let Some((name, rest)) = segment.split_once('(') else { return segment.to_owned() };
            let Some(key) = rest.strip_suffix(')') else { return segment.to_owned() };
            if name.is_empty() || key.is_empty() || split_arguments(key).iter().any(|(name, _)| name.is_some()) {
                return segment.to_owned();
            }
            let key = key.strip_prefix('\'').and_then(|key| key.strip_suffix('\'')).unwrap_or(key);
            format!("{name}/{key}")
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn fill_from(units: &[Unit<'_>], path: &str, filled: &mut Filled) -> bool {
    let Some(first) = units.first() else {
        if path.is_empty() {
            return true;
        }
        // A function documented without parentheses, called with arguments.
        let Some(inner) = path.strip_prefix('(').and_then(|rest| rest.strip_suffix(')')) else { return false };
        let arguments = split_arguments(inner);
        if arguments.iter().any(|(name, _)| name.is_none()) {
            return false;
        }
        filled.trailing_args = arguments
            .into_iter()
            .map(|(name, value)| (name.unwrap_or_default().to_owned(), value.to_owned()))
            .collect();
        return true;
    };
    match first {
        Unit::Char(ch) => {
            // `getSourceImages()` called as `getSourceImages`.
            if *ch == '(' && matches!(units.get(1), Some(Unit::Char(')'))) && !path.starts_with('(') {
                return fill_from(&units[2..], path, filled);
            }
            let Some(next) = path.chars().next() else { return false };
            next.eq_ignore_ascii_case(ch) && fill_from(&units[1..], &path[next.len_utf8()..], filled)
        }
        Unit::Hole(hole) => {
            let rest = &units[1..];
            match &hole.place {
                Place::Literal { quoted: true, .. } => {
                    let Some(len) = quoted_len(path) else { return false };
                    try_value(rest, path, len, filled, |value| value[1..value.len() - 1].to_owned())
                }
                Place::Literal { quoted: false, .. } => {
                    let len = unquoted_len(path);
                    len > 0 && try_value(rest, path, len, filled, str::to_owned)
                }
                Place::Segment | Place::ItemPath => {
                    let spans_folders = hole.place == Place::ItemPath;
                    let ends: Vec<usize> = path
                        .char_indices()
                        .map(|(at, ch)| at + ch.len_utf8())
                        .take_while(|&end| spans_folders || !path[..end].contains('/'))
                        .collect();
                    ends.into_iter().any(|len| try_value(rest, path, len, filled, str::to_owned))
                }
            }
        }
    }
}

/// Takes the first `len` bytes of `path` as the next hole's value and matches the rest.
fn try_value(rest: &[Unit<'_>], path: &str, len: usize, filled: &mut Filled, value: impl Fn(&str) -> String) -> bool {
    let mark = filled.holes.len();
    filled.holes.push(value(&path[..len]));
    if fill_from(rest, &path[len..], filled) {
        return true;
    }
    filled.holes.truncate(mark);
    false
}

/// The length of a quoted OData string at the start of `text` (`'it''s'` is one string).
fn quoted_len(text: &str) -> Option<usize> {
    let inner = text.strip_prefix('\'')?;
    let mut chars = inner.char_indices().peekable();
    while let Some((at, ch)) = chars.next() {
        if ch == '\'' {
            if chars.peek().is_some_and(|(_, next)| *next == '\'') {
                chars.next();
                continue;
            }
            return Some(at + 2);
        }
    }
    None
}

/// The length of an unquoted literal at the start of `text`: up to a `,` or `)` outside quotes.
fn unquoted_len(text: &str) -> usize {
    let mut quoted = false;
    for (at, ch) in text.char_indices() {
        match ch {
            '\'' => quoted = !quoted,
            ',' | ')' if !quoted => return at,
            _ => {}
        }
    }
    text.len()
}

/// `a='x,y',b=2` -> `[(Some("a"), "'x,y'"), (Some("b"), "2")]`; a lone key gives `(None, key)`.
pub fn split_arguments(text: &str) -> Vec<(Option<&str>, &str)> {
    let mut arguments = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let len = unquoted_len(rest);
        let argument = &rest[..len];
        let equals = argument.find('=').filter(|&at| !argument[..at].contains('\''));
        arguments.push(match equals {
            Some(at) => (Some(argument[..at].trim()), argument[at + 1..].trim()),
            None => (None, argument.trim()),
        });
        rest = rest.get(len + 1..).unwrap_or_default();
    }
    arguments
}

#[cfg(test)]
mod tests {
    #[test]
    fn path_keys_ignore_placeholder_names_case_quotes_namespaces_and_empty_calls() {
        let cases = [
            ("/users/{user-id}/mailFolders/{id}", "/users/{}/mailfolders/{}"),
            ("users/<id>/", "/users/{}"),
            ("/reports/f(period='{p}')", "/reports/f(period={})"),
            ("/x/microsoft.graph.delta()", "/x/delta"),
            ("/users/{id}/getStats()", "/users/{}/getstats"),
            ("/Users/{user-id}/getstats/", "/users/{}/getstats"),
            ("/drives/{drive-id}/root:/{path}:", "/drives/{}/root:/{}:"),
            ("/Équipes/{id}/", "/équipes/{}"),
            ("", "/"),
        ];
        for (path, key) in cases {
            assert_eq!(super::path_key(path), key, "{path}");
        }
    }

    use super::{fill, split_url, tokens, Filled, Hole, Place, Token};

    #[test]
    fn urls() {
        assert_eq!(
            split_url("https://graph.microsoft.com/beta/me/events?$top=1"),
            Some(("/me/events".to_owned(), "$top=1"))
        );
        assert_eq!(split_url("https://webhook.contoso.com/api"), None);
        assert_eq!(split_url("/users/x/"), Some(("/users/x".to_owned(), "")));
    }

    fn hole(raw: &str, name: &str, place: Place) -> Token {
        Token::Hole(Hole { raw: raw.to_owned(), name: name.to_owned(), place })
    }

    #[test]
    fn tokens_of_templates() {
        assert_eq!(
            tokens("/users/{id}/events/{id}"),
            vec![
                Token::Lit("/users/".to_owned()),
                hole("id", "users id", Place::Segment),
                Token::Lit("/events/".to_owned()),
                hole("id", "events id", Place::Segment),
            ]
        );
        assert_eq!(
            tokens("/drive/root:/{item-path}:/content"),
            vec![
                Token::Lit("/drive/root:/".to_owned()),
                hole("item-path", "item-path", Place::ItemPath),
                Token::Lit(":/content".to_owned()),
            ]
        );
        let period = Place::Literal { argument: Some("period".to_owned()), quoted: true };
        assert_eq!(
            tokens("/reports/getX(period='{period_value}')"),
            vec![
                Token::Lit("/reports/getX(period=".to_owned()),
                hole("period_value", "period", period),
                Token::Lit(")".to_owned()),
            ]
        );
        let start = Place::Literal { argument: Some("start".to_owned()), quoted: false };
        assert_eq!(
            tokens("/me/calendarView(start=start-value)"),
            vec![
                Token::Lit("/me/calendarView(start=".to_owned()),
                hole("start-value", "start", start),
                Token::Lit(")".to_owned()),
            ]
        );
    }

    #[test]
    fn filling_templates_from_example_paths() {
        let rows: [(&str, &str, Option<Vec<&str>>); 11] = [
            ("/users/{id}", "/users/48d31887", Some(vec!["48d31887"])),
            ("/users/{id}", "/users/48d31887/photo", None),
            ("/users/{id}/microsoft.graph.reboot", "/USERS/x/reboot", Some(vec!["x"])),
            ("/drive/root:/{item-path}:/content", "/drive/root:/a/b.txt:/content", Some(vec!["a/b.txt"])),
            ("/reports/getX(period='{p}')", "/reports/getX(period='D7')", Some(vec!["D7"])),
            ("/reports/getX(period='{p}')", "/reports/getX(period='it''s')", Some(vec!["it''s"])),
            ("/f(a={a},b='{b}')", "/f(a=5,b='x,y')", Some(vec!["5", "x,y"])),
            ("/deviceImages/getSourceImages()", "/deviceImages/getSourceImages", Some(vec![])),
            ("/users/{id}/people", "/users('a@b.com')/people", Some(vec!["a@b.com"])),
            ("/me/calendarView(start=start-value)", "/me/calendarView(start=2020-01-01)", Some(vec!["2020-01-01"])),
            ("/items('{item-id}')", "/items('a/b')", Some(vec!["a/b"])),
        ];
        for (template, path, expected) in rows {
            let filled = fill(&tokens(template), path).map(|filled| filled.holes);
            let expected = expected.map(|holes| holes.into_iter().map(str::to_owned).collect::<Vec<_>>());
            assert_eq!(filled, expected, "{template} ~ {path}");
        }
    }

    #[test]
    fn arguments_after_a_bare_function() {
        let filled = fill(&tokens("/vppTokens/getLicensesForApp"), "/vppTokens/getLicensesForApp(bundleId='x')");
        assert_eq!(
            filled,
            Some(Filled { holes: vec![], trailing_args: vec![("bundleId".to_owned(), "'x'".to_owned())] })
        );
    }
}
