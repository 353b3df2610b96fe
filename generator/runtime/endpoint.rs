//! What every generated endpoint shares: building the HTTP request and reading the response.
//!
//! Endpoints are sans-IO. A function of the crate's `api` module returns an [`Endpoint`]; its
//! [`Endpoint::into_request`] gives an `http::Request<Vec<u8>>` for any HTTP client, and
//! [`Endpoint::parse_response`] turns the status and body that came back into the documented
//! type, a [`GraphError`], or an error that keeps the status and body. Path parameters are
//! percent-encoded as one segment each, so no value can change the route. docgen copies this file
//! verbatim into every crate it generates.

use std::fmt;
use std::marker::PhantomData;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

pub use http::Method;

use super::rt::{self, Wire};

/// Characters a path segment or query value keeps as they are: RFC 3986's unreserved ones.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Query option names keep their `$` (`$select`).
const QUERY_NAME: &AsciiSet = &UNRESERVED.remove(b'$');

/// Inside a function call's parentheses the quotes of OData string literals stay readable.
const LITERAL: &AsciiSet = &UNRESERVED.remove(b'\'');

/// The base URL of the Graph beta service.
pub const BETA: &str = "https://graph.microsoft.com/beta";
/// The base URL of the Graph v1.0 service.
pub const V1: &str = "https://graph.microsoft.com/v1.0";

/// A request path under construction: literal text from the docs, and values encoded as segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    text: String,
    problem: Option<BuildError>,
}

impl Path {
    /// A path starting with documented text (`/deviceManagement/virtualEndpoint/deviceImages/`).
    pub fn new(literal: &str) -> Path {
        Path { text: literal.to_owned(), problem: None }
    }

    /// Appends documented text as it is.
    pub fn lit(mut self, literal: &str) -> Path {
        self.text.push_str(literal);
        self
    }

    /// Appends a value as exactly one path segment: `/`, `?`, `#`, `%`, spaces and non-ASCII are
    /// percent-encoded. An empty value, `.` or `..` would change the route and is refused when
    /// the request is built.
    pub fn seg(mut self, name: &str, value: &str) -> Path {
        if value.is_empty() || value == "." || value == ".." {
            self.problem.get_or_insert(BuildError::Segment { name: name.to_owned(), value: value.to_owned() });
        }
        self.text.extend(utf8_percent_encode(value, UNRESERVED));
        self
    }

    /// Appends a drive item path of the `root:/{item-path}:` form: each folder is encoded as a
    /// segment of its own and the `/` between them is kept.
    pub fn item_path(mut self, name: &str, value: &str) -> Path {
        let trimmed = value.trim_matches('/');
        for (index, folder) in trimmed.split('/').enumerate() {
            if index > 0 {
                self.text.push('/');
            }
            self = self.seg(name, folder);
        }
        self
    }

    /// Appends an OData literal inside documented parentheses (`'D7'` in `f(period='D7')`, a key
    /// in `items('x')`), percent-encoded so that it stays inside them.
    pub fn literal(mut self, literal: &str) -> Path {
        self.text.extend(utf8_percent_encode(literal, LITERAL));
        self
    }

    /// Appends a function call's parentheses: `(name=literal,...)`, each literal encoded (see
    /// [`quoted`], [`bare`] and [`json`] for how values become literals). Arguments without a
    /// value are left out, and with none at all so are the parentheses.
    pub fn args(mut self, args: &[(&str, Option<String>)]) -> Path {
        let given: Vec<(&str, &String)> =
            args.iter().filter_map(|(name, literal)| literal.as_ref().map(|literal| (*name, literal))).collect();
        if given.is_empty() {
            return self;
        }
        self.text.push('(');
        for (index, (name, literal)) in given.into_iter().enumerate() {
            if index > 0 {
                self.text.push(',');
            }
            self.text.push_str(name);
            self.text.push('=');
            self.text.extend(utf8_percent_encode(literal, LITERAL));
        }
        self.text.push(')');
        self
    }

    /// The path as built so far.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// An OData string literal: `'it''s'`.
pub fn quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// A literal written as the value displays: numbers, booleans.
pub fn bare(value: impl fmt::Display) -> String {
    value.to_string()
}

/// A literal from a value's JSON form: strings bare (dates, GUIDs), enum members quoted when
/// `quote_strings` is set, anything else (collections, objects) as JSON.
pub fn json(value: &impl Wire, quote_strings: bool) -> String {
    match value.to_wire() {
        Value::String(text) if quote_strings => quoted(&text),
        Value::String(text) => text,
        other => other.to_string(),
    }
}

/// Why a request could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// A path parameter would not be one segment (empty, `.` or `..`).
    Segment {
        /// The parameter.
        name: String,
        /// Its value.
        value: String,
    },
    /// A header value holds characters HTTP does not allow (a line break).
    Header {
        /// The header.
        name: String,
    },
    /// The base URL and path do not make a URI.
    Uri(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Segment { name, value } => {
                write!(f, "path parameter {name} is {value:?}, which is not a path segment")
            }
            BuildError::Header { name } => write!(f, "the value of header {name} is not a valid header value"),
            BuildError::Uri(why) => write!(f, "not a valid URI: {why}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// An endpoint that reads (GET): the OData query options apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {}

/// An endpoint that changes something (POST, PATCH, PUT, DELETE).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {}

/// One documented request, ready to be sent; `K` says what its response holds.
#[derive(Debug)]
pub struct Endpoint<K, A = Write> {
    method: http::Method,
    target: Target,
    query: Vec<(String, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
    kind: PhantomData<fn() -> (K, A)>,
}

impl<K, A> Clone for Endpoint<K, A> {
    fn clone(&self) -> Self {
        Endpoint {
            method: self.method.clone(),
            target: self.target.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            kind: PhantomData,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// A path under the base URL.
    Path(Path),
    /// A URL the service gave (`@odata.nextLink`), used as it is.
    Absolute(String),
}

impl<K: Kind, A> Endpoint<K, A> {
    /// An endpoint with no query, headers or body.
    pub fn new(method: http::Method, path: Path) -> Self {
        Endpoint {
            method,
            target: Target::Path(path),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            kind: PhantomData,
        }
    }

    /// Sends `body` as JSON.
    pub fn json<B: Wire>(mut self, body: &B) -> Self {
        self.body = Some(body.to_wire().to_string().into_bytes());
        self.header("Content-Type", "application/json")
    }

    /// Sets a request header, replacing an earlier value.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.retain(|(other, _)| !other.eq_ignore_ascii_case(name));
        self.headers.push((name, value.into()));
        self
    }

    /// Sets `ConsistencyLevel` (`eventual`), which Graph requires for `$search`, `$count` and some
    /// `$filter`s on directory objects, and which changes how other requests are served.
    pub fn consistency_level(self, value: &str) -> Self {
        self.header("ConsistencyLevel", value)
    }

    /// Sets `Prefer` (`outlook.timezone="UTC"`, `return=minimal`, ...).
    pub fn prefer(self, value: &str) -> Self {
        self.header("Prefer", value)
    }

    /// Sets `If-Match`: the request only succeeds while the resource still has this ETag.
    pub fn if_match(self, etag: &str) -> Self {
        self.header("If-Match", etag)
    }

    /// Adds a query parameter (the value is percent-encoded when the request is built).
    pub fn query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.retain(|(other, _)| other != name);
        self.query.push((name.to_owned(), value.into()));
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> &http::Method {
        &self.method
    }

    /// The JSON body, if any.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The path (or absolute URL) and query string, encoded.
    pub fn path_and_query(&self) -> Result<String, BuildError> {
        let mut text = match &self.target {
            Target::Path(path) => {
                if let Some(problem) = &path.problem {
                    return Err(problem.clone());
                }
                path.text.clone()
            }
            Target::Absolute(url) => url.clone(),
        };
        for (index, (name, value)) in self.query.iter().enumerate() {
            text.push(if index == 0 && !text.contains('?') { '?' } else { '&' });
            text.extend(utf8_percent_encode(name, QUERY_NAME));
            text.push('=');
            text.extend(utf8_percent_encode(value, UNRESERVED));
        }
        Ok(text)
    }

    /// The request to send to `base` (such as [`BETA`]); a URL the service gave is used as it is.
    pub fn into_request(self, base: &str) -> Result<http::Request<Vec<u8>>, BuildError> {
        let path_and_query = self.path_and_query()?;
        let uri = match self.target {
            Target::Path(_) => format!("{}{path_and_query}", base.trim_end_matches('/')),
            Target::Absolute(_) => path_and_query,
        };
        let mut builder = http::Request::builder().method(self.method).uri(uri);
        for (name, value) in &self.headers {
            let value =
                http::HeaderValue::from_str(value).map_err(|_| BuildError::Header { name: (*name).to_owned() })?;
            builder = builder.header(*name, value);
        }
        builder.body(self.body.unwrap_or_default()).map_err(|error| BuildError::Uri(error.to_string()))
    }

    /// Reads a response: a 2xx status gives the documented type; anything else a [`Error`].
    pub fn parse_response(&self, status: u16, body: &[u8]) -> Result<K::Output, Error> {
        if !(200..300).contains(&status) {
            return Err(Error::from_failure(status, body));
        }
        K::parse(status, body)
    }
}

impl<K: Kind> Endpoint<K, Read> {
    /// `$select`: only these properties.
    pub fn select(self, properties: &[&str]) -> Self {
        self.query("$select", properties.join(","))
    }

    /// `$expand`: these navigation properties inline.
    pub fn expand(self, navigation: &[&str]) -> Self {
        self.query("$expand", navigation.join(","))
    }

    /// `$filter`: an OData filter expression.
    pub fn filter(self, expression: &str) -> Self {
        self.query("$filter", expression)
    }

    /// `$orderby`: properties, each optionally followed by ` desc`.
    pub fn orderby(self, order: &[&str]) -> Self {
        self.query("$orderby", order.join(","))
    }

    /// `$top`: at most this many items.
    pub fn top(self, count: u32) -> Self {
        self.query("$top", count.to_string())
    }

    /// `$skip`: leave out this many items.
    pub fn skip(self, count: u32) -> Self {
        self.query("$skip", count.to_string())
    }

    /// `$count`: include the number of items.
    pub fn count(self, include: bool) -> Self {
        self.query("$count", include.to_string())
    }

    /// `$search`: a search expression (Graph needs it in double quotes: `"\"displayName:a\""`).
    pub fn search(self, expression: &str) -> Self {
        self.query("$search", expression)
    }
}

/// What a response holds, and how to read it.
pub trait Kind {
    /// What a successful response gives.
    type Output;
    /// Reads a 2xx response.
    fn parse(status: u16, body: &[u8]) -> Result<Self::Output, Error>;
}

/// A JSON object of type `T`.
#[derive(Debug)]
pub struct Json<T>(PhantomData<fn() -> T>);

impl<T: Wire> Kind for Json<T> {
    type Output = T;

    fn parse(status: u16, body: &[u8]) -> Result<T, Error> {
        let value = json_body(status, body)?;
        T::from_wire(value).map_err(|error| Error::body(status, error.to_string(), body))
    }
}

/// A primitive, enum member or collection of them, wrapped as OData does: `{"value": ...}`.
#[derive(Debug)]
pub struct Primitive<T>(PhantomData<fn() -> T>);

impl<T: Wire> Kind for Primitive<T> {
    type Output = T;

    fn parse(status: u16, body: &[u8]) -> Result<T, Error> {
        let value = match json_body(status, body)? {
            Value::Object(mut object) if object.contains_key("value") => object.remove("value").unwrap_or_default(),
            other => other,
        };
        T::from_wire(value).map_err(|error| Error::body(status, error.to_string(), body))
    }
}

/// A page of a collection of `T`.
#[derive(Debug)]
pub struct Collection<T>(PhantomData<fn() -> T>);

impl<T: Wire> Kind for Collection<T> {
    type Output = Page<T>;

    fn parse(status: u16, body: &[u8]) -> Result<Page<T>, Error> {
        let Value::Object(mut object) = json_body(status, body)? else {
            return Err(Error::body(status, "expected an object with \"value\"", body));
        };
        let items = match object.remove("value") {
            Some(Value::Array(items)) => items,
            _ => return Err(Error::body(status, "expected \"value\" to be an array", body)),
        };
        let value = items
            .into_iter()
            .enumerate()
            .map(|(index, item)| T::from_wire(item).map_err(|error| format!("item {index}: {error}")))
            .collect::<Result<Vec<T>, String>>()
            .map_err(|why| Error::body(status, why, body))?;
        let mut text = |key: &str| match object.remove(key) {
            Some(Value::String(text)) => Some(text),
            _ => None,
        };
        let next_link = text("@odata.nextLink");
        let delta_link = text("@odata.deltaLink");
        let count = object.remove("@odata.count").and_then(|count| count.as_i64());
        Ok(Page { value, next_link, delta_link, count, extra: object })
    }
}

/// No body to read (`204 No Content`, or a body nobody documented).
#[derive(Debug)]
pub enum NoContent {}

impl Kind for NoContent {
    type Output = ();

    fn parse(_status: u16, _body: &[u8]) -> Result<(), Error> {
        Ok(())
    }
}

/// The body as bytes (`$value` content, reports, redirects).
#[derive(Debug)]
pub enum Bytes {}

impl Kind for Bytes {
    type Output = Vec<u8>;

    fn parse(_status: u16, body: &[u8]) -> Result<Vec<u8>, Error> {
        Ok(body.to_vec())
    }
}

/// One page of a collection.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items.
    pub value: Vec<T>,
    /// `@odata.nextLink`: where the next page is.
    pub next_link: Option<String>,
    /// `@odata.deltaLink`: where to ask for changes later.
    pub delta_link: Option<String>,
    /// `@odata.count`, when `$count` asked for it.
    pub count: Option<i64>,
    /// The other members of the response object (`@odata.context`).
    pub extra: rt::Object,
}

impl<T: Wire> Page<T> {
    /// The request for the next page, if there is one.
    pub fn next(&self) -> Option<Endpoint<Collection<T>, Read>> {
        self.next_link.as_deref().map(Endpoint::from_link)
    }

    /// The request for the changes since this round of a delta query, if the service gave a
    /// `@odata.deltaLink` (store the link and call [`Endpoint::from_link`] later to resume).
    pub fn delta(&self) -> Option<Endpoint<Collection<T>, Read>> {
        self.delta_link.as_deref().map(Endpoint::from_link)
    }
}

impl<T: Wire> Endpoint<Collection<T>, Read> {
    /// A GET of a link the service gave (`@odata.nextLink`, `@odata.deltaLink`), used as it is.
    pub fn from_link(url: &str) -> Self {
        Endpoint {
            method: http::Method::GET,
            target: Target::Absolute(url.to_owned()),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            kind: PhantomData,
        }
    }
}

/// The `error` object of a Graph error response.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphError {
    /// `code`: `Request_ResourceNotFound`, `itemNotFound`, ...
    pub code: String,
    /// `message`.
    pub message: String,
    /// `innerError` (request id, date), as sent.
    pub inner_error: Option<Value>,
    /// `details`, as sent.
    pub details: Vec<Value>,
}

/// Why a response did not give the documented type.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The service answered with a Graph error.
    Graph {
        /// The HTTP status.
        status: u16,
        /// The error (boxed: it is large and rare).
        error: Box<GraphError>,
    },
    /// A status other than 2xx without a Graph error body.
    Status {
        /// The HTTP status.
        status: u16,
        /// The body.
        body: Vec<u8>,
    },
    /// A 2xx body that is not the documented type.
    Body {
        /// The HTTP status.
        status: u16,
        /// What was wrong.
        message: String,
        /// The body.
        body: Vec<u8>,
    },
}

impl Error {
    fn body(status: u16, message: impl Into<String>, body: &[u8]) -> Error {
        Error::Body { status, message: message.into(), body: body.to_vec() }
    }

    /// Reads a non-2xx response: a Graph error body, or the status and body as they are.
    pub fn from_failure(status: u16, body: &[u8]) -> Error {
        let graph = serde_json::from_slice::<Value>(body).ok().and_then(|value| {
            let error = value.get("error")?.as_object()?;
            let text = |key: &str| error.get(key).and_then(Value::as_str).map(str::to_owned);
            Some(GraphError {
                code: text("code")?,
                message: text("message").unwrap_or_default(),
                inner_error: error.get("innerError").or_else(|| error.get("innererror")).cloned(),
                details: error.get("details").and_then(Value::as_array).cloned().unwrap_or_default(),
            })
        });
        match graph {
            Some(error) => Error::Graph { status, error: Box::new(error) },
            None => Error::Status { status, body: body.to_vec() },
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Error::Graph { status, .. } | Error::Status { status, .. } | Error::Body { status, .. } => *status,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Graph { status, error } => write!(f, "HTTP {status}: {}: {}", error.code, error.message),
            Error::Status { status, body } => {
                write!(f, "HTTP {status}: {}", String::from_utf8_lossy(body.get(..200).unwrap_or(body)))
            }
            Error::Body { status, message, .. } => write!(f, "HTTP {status}: unexpected body: {message}"),
        }
    }
}

impl std::error::Error for Error {}

fn json_body(status: u16, body: &[u8]) -> Result<Value, Error> {
    serde_json::from_slice(body).map_err(|error| Error::body(status, format!("not JSON: {error}"), body))
}
