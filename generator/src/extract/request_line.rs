//! Lines of an HTTP request block: `PATCH /deviceManagement/x/{xId}` (dialect guide §10).
//!
//! Repairs what the docs get wrong (a full `https://graph.microsoft.com/beta` URL, no leading
//! slash, `DELETE/identity/…` without a space, a trailing `/`) and splits off the query string
//! at the first `?` (never on whitespace: `$filter=x eq '{y}'`).

/// HTTP methods the docs use.
const METHODS: &[&str] = &["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS"];

/// A parsed request line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedLine {
    /// Upper-case method.
    pub method: String,
    /// Path with a leading `/`, without query string or trailing `/`.
    pub path: String,
    /// The query string after the first `?`.
    pub query: Option<String>,
    /// What had to be repaired, for an info diagnostic.
    pub repairs: Vec<&'static str>,
}

/// What a line of a request block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A request line.
    Request(ParsedLine),
    /// Blank, a header (`Content-Type: x`) or a comment: nothing to read.
    Skip,
    /// Starts with a method but has no usable path; the string says why.
    Bad(String),
    /// Neither a request line nor a header.
    Other,
}

/// Reads one line of an HTTP request block.
pub fn parse_request_line(line: &str) -> Line {
    let line = line.trim();
    if line.is_empty() || line.starts_with("//") || line.starts_with('#') {
        return Line::Skip;
    }
    let word_len = line.find(|ch: char| !ch.is_ascii_alphabetic()).unwrap_or(line.len());
    let word = line.get(..word_len).unwrap_or_default();
    let Some(method) = METHODS.iter().find(|method| method.eq_ignore_ascii_case(word)) else {
        return if is_header(line) { Line::Skip } else { Line::Other };
    };
    let mut repairs = Vec::new();
    let rest = line.get(word_len..).unwrap_or_default();
    if rest.starts_with('/') {
        repairs.push("no space after the method");
    }
    let mut url = rest.trim();
    // `GET /me HTTP/1.1`
    if let Some(stripped) = url.strip_suffix("HTTP/1.1").or_else(|| url.strip_suffix("HTTP/2")) {
        url = stripped.trim_end();
    }
    if url.is_empty() {
        return Line::Bad(format!("\"{line}\" has a method but no path"));
    }
    if url.starts_with("**") || url.contains("not found") {
        return Line::Bad(format!("\"{line}\" is not a path (left over from a doc generator); write the request path"));
    }
    let mut url = url.to_owned();
    for base in ["https://graph.microsoft.com/beta", "https://graph.microsoft.com/v1.0", "https://graph.microsoft.com"]
    {
        if let Some(rest) = super::type_cell::strip_prefix_ignore_case(&url, base) {
            url = rest.to_owned();
            repairs.push("full URL instead of a path");
            break;
        }
    }
    if !url.starts_with('/') {
        url.insert(0, '/');
        repairs.push("no leading `/`");
    }
    // `GET /beta/teams/{id}/photo/$value`: the service version, which no Graph path starts with.
    for version in ["/beta/", "/v1.0/"] {
        if let Some(rest) = super::type_cell::strip_prefix_ignore_case(&url, version) {
            url = format!("/{rest}");
            repairs.push("the API version before the path");
            break;
        }
    }
    let (mut path, query) = match url.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (url, None),
    };
    if path.len() > 1 && path.ends_with('/') {
        path.pop();
        repairs.push("trailing `/`");
    }
    let braced = braced_placeholders(&path);
    if braced != path {
        path = braced;
        repairs.push("placeholder written `(x-id)` or `<x-id>` instead of `{x-id}`");
    }
    Line::Request(ParsedLine { method: (*method).to_owned(), path, query, repairs })
}

/// Whole segments written `(team-id)` or `<resourceId>` become `{team-id}`, `{resourceId}`, and
/// so does `<address>` anywhere else (`range(address='<address>')`): no Graph path has `<`.
/// Function calls (`range(address='A1')`) and keys (`users('x')`) are not whole segments.
fn braced_placeholders(path: &str) -> String {
    // Most paths hold neither `<` nor a segment opening with `(`.
    if !path.contains('<') && !path.starts_with('(') && !path.contains("/(") {
        return path.to_owned();
    }
    let mut path = path.to_owned();
    let mut from = 0;
    while let Some(open) = path[from..].find('<').map(|at| at + from) {
        let Some(close) = path[open..].find('>').map(|at| at + open) else { break };
        let name = &path[open + 1..close];
        if !name.is_empty() && name.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_')) {
            path = format!("{}{{{name}}}{}", &path[..open], &path[close + 1..]);
        }
        from = open + 1;
    }
    path.split('/')
        .map(|segment| {
            let inner = segment
                .strip_prefix('(')
                .and_then(|rest| rest.strip_suffix(')'))
                .or_else(|| segment.strip_prefix('<').and_then(|rest| rest.strip_suffix('>')));
            match inner {
                Some(name)
                    if !name.is_empty()
                        && name.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_')) =>
                {
                    format!("{{{name}}}")
                }
                _ => segment.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn is_header(line: &str) -> bool {
    line.split_once(':')
        .is_some_and(|(name, _)| !name.is_empty() && name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-'))
}

/// Parameters found in a path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathParams {
    /// Placeholders in path segments and keys: `{userId}`, `<address>`, `items('{id}')`.
    pub path: Vec<String>,
    /// Function arguments: `f(period='{period}')` gives `period`.
    pub function: Vec<String>,
}

/// Finds the parameters of a path. A placeholder's name is the text before `|`, trimmed
/// (`{id | userPrincipalName}` -> `id`).
pub fn path_params(path: &str) -> PathParams {
    let mut params = PathParams::default();
    let mut depth = 0usize;
    let mut arg_name: Option<String> = None;
    let mut arg_start = 0;
    let chars: Vec<(usize, char)> = path.char_indices().collect();
    let mut idx = 0;
    while let Some(&(at, ch)) = chars.get(idx) {
        match ch {
            '(' => {
                depth += 1;
                arg_start = at + 1;
                arg_name = None;
            }
            ')' => {
                flush_arg(path, arg_start, at, depth, &mut arg_name, &mut params);
                depth = depth.saturating_sub(1);
            }
            ',' if depth > 0 => {
                flush_arg(path, arg_start, at, depth, &mut arg_name, &mut params);
                arg_start = at + 1;
            }
            '=' if depth > 0 && arg_name.is_none() => {
                arg_name = Some(path.get(arg_start..at).unwrap_or_default().trim().to_owned());
            }
            '{' | '<' => {
                let close = if ch == '{' { '}' } else { '>' };
                if let Some(offset) = chars.get(idx..).unwrap_or_default().iter().position(|&(_, other)| other == close)
                {
                    let end = chars.get(idx + offset).map_or(path.len(), |&(end, _)| end);
                    let inner = path.get(at + 1..end).unwrap_or_default();
                    let name = inner.split('|').next().unwrap_or_default().trim().to_owned();
                    if !name.is_empty() {
                        match &arg_name {
                            Some(arg) if depth > 0 && !arg.is_empty() => push_unique(&mut params.function, arg.clone()),
                            _ => push_unique(&mut params.path, name),
                        }
                    }
                    idx += offset;
                }
            }
            _ => {}
        }
        idx += 1;
    }
    params
}

/// Every `name=value` argument is a parameter of the function, whatever the example value:
/// `Image(width=0,height=0)`, `filterByCurrentUser(on='reviewer')`, `f(date={date_value})`.
fn flush_arg(
    path: &str,
    start: usize,
    end: usize,
    depth: usize,
    arg_name: &mut Option<String>,
    params: &mut PathParams,
) {
    if depth == 0 {
        return;
    }
    if let Some(name) = arg_name.take() {
        let has_value =
            path.get(start..end).unwrap_or_default().split_once('=').is_some_and(|(_, value)| !value.trim().is_empty());
        if !name.is_empty() && has_value {
            push_unique(&mut params.function, name);
        }
    }
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_request_line, path_params, Line, ParsedLine};

    fn request(method: &str, path: &str, query: Option<&str>, repairs: &[&'static str]) -> Line {
        Line::Request(ParsedLine {
            method: method.to_owned(),
            path: path.to_owned(),
            query: query.map(str::to_owned),
            repairs: repairs.to_vec(),
        })
    }

    #[test]
    fn reads_request_lines() {
        let cases = [
            ("PATCH /deviceManagement/virtualEndpoint/deviceImages/{cloudPcDeviceImageId}", request("PATCH", "/deviceManagement/virtualEndpoint/deviceImages/{cloudPcDeviceImageId}", None, &[])),
            ("GET https://graph.microsoft.com/beta/me/insights/shared", request("GET", "/me/insights/shared", None, &["full URL instead of a path"])),
            ("GET /beta/teams/{id}/photo/$value", request("GET", "/teams/{id}/photo/$value", None, &["the API version before the path"])),
            ("GET policies/activityBasedTimeoutPolicies", request("GET", "/policies/activityBasedTimeoutPolicies", None, &["no leading `/`"])),
            ("DELETE/identity/b2xUserFlows/{id}", request("DELETE", "/identity/b2xUserFlows/{id}", None, &["no space after the method"])),
            ("GET /users?$filter=startswith(displayName, 'a') eq '{y}'", request("GET", "/users", Some("$filter=startswith(displayName, 'a') eq '{y}'"), &[])),
            ("GET /me/drive/root/", request("GET", "/me/drive/root", None, &["trailing `/`"])),
            ("get /me", request("GET", "/me", None, &[])),
            ("PATCH /teams/(team-id)/channels/{channel-id}", request("PATCH", "/teams/{team-id}/channels/{channel-id}", None, &["placeholder written `(x-id)` or `<x-id>` instead of `{x-id}`"])),
            ("GET /resources/<resourceId>/roleSettings", request("GET", "/resources/{resourceId}/roleSettings", None, &["placeholder written `(x-id)` or `<x-id>` instead of `{x-id}`"])),
            ("GET /worksheets/{id}/range(address='<address>')/format", request("GET", "/worksheets/{id}/range(address='{address}')/format", None, &["placeholder written `(x-id)` or `<x-id>` instead of `{x-id}`"])),
            ("GET /drive/items('{item-id}')/range(address='A1')", request("GET", "/drive/items('{item-id}')/range(address='A1')", None, &[])),
            ("Content-Type: application/json", Line::Skip),
            ("", Line::Skip),
            ("POST ** Collection URI for x not found", Line::Bad("\"POST ** Collection URI for x not found\" is not a path (left over from a doc generator); write the request path".to_owned())),
            ("{", Line::Other),
        ];
        for (line, expected) in cases {
            assert_eq!(parse_request_line(line), expected, "{line:?}");
        }
    }

    #[test]
    fn finds_path_and_function_params() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("/users/{id | userPrincipalName}/events/{event-id}", &["id", "event-id"], &[]),
            ("/reports/getEmailActivityCounts(period='{period_value}')", &[], &["period"]),
            (
                "/me/calendarView(startDateTime=startDateTime-value,endDateTime=endDateTime-value)",
                &[],
                &["startDateTime", "endDateTime"],
            ),
            ("/x/f(date={date_value})", &[], &["date"]),
            ("/x/filterByCurrentUser(on='reviewer')", &[], &["on"]),
            (
                "/charts/{name}/Image(width=0,height=0,fittingMode='fit')",
                &["name"],
                &["width", "height", "fittingMode"],
            ),
            ("/drive/items('{item-id}')", &["item-id"], &[]),
            ("/me/drive/root:/{item-path}:/content", &["item-path"], &[]),
            ("/users/<address>", &["address"], &[]),
        ];
        for (path, path_expected, function_expected) in cases {
            let params = path_params(path);
            assert_eq!(params.path, *path_expected, "{path}");
            assert_eq!(params.function, *function_expected, "{path}");
        }
    }
}
