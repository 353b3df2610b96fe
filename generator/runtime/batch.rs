//! JSON batching: up to 20 endpoints sent as one `POST /$batch`, each answer read as its own
//! endpoint's type. Sans-IO like the endpoints: [`Batch::into_request`] gives the HTTP request
//! and [`Batch::parse_response`] reads what came back; the client's `send_batch` does both.
//! docgen copies this file verbatim into every crate it generates.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde_json::{json, Map, Value};

use super::endpoint::{BuildError, Endpoint, Error, Kind};

/// A batch of requests, each with an id, some waiting for others (`dependsOn`).
#[derive(Debug, Clone, Default)]
pub struct Batch {
    requests: Vec<Value>,
}

/// The handle of one request in a batch: its id, and the type its answer is read as.
#[derive(Debug)]
pub struct Step<K> {
    id: String,
    kind: PhantomData<fn() -> K>,
}

impl<K> Step<K> {
    /// The request's id in the batch (`"1"`, `"2"`, ...).
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl<K> Clone for Step<K> {
    fn clone(&self) -> Self {
        Step { id: self.id.clone(), kind: PhantomData }
    }
}

/// Why a request could not join a batch, or a batch could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchError {
    /// The batch holds [`Batch::MAX`] requests already.
    Full,
    /// The endpoint could not be turned into a request.
    Build(BuildError),
    /// A request depends on an id the batch does not hold (yet).
    UnknownDependency(String),
    /// The request's URL is not on a Graph service root, or its body is not JSON.
    NotBatchable(String),
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchError::Full => write!(f, "a batch holds at most {} requests", Batch::MAX),
            BatchError::Build(error) => error.fmt(f),
            BatchError::UnknownDependency(id) => write!(f, "no request with id {id:?} comes before this one"),
            BatchError::NotBatchable(why) => write!(f, "the request cannot be batched: {why}"),
        }
    }
}

impl std::error::Error for BatchError {}

impl Batch {
    /// How many requests one batch may hold: the service refuses more.
    pub const MAX: usize = 20;

    /// An empty batch.
    pub fn new() -> Batch {
        Batch::default()
    }

    /// How many requests the batch holds.
    pub fn len(&self) -> usize {
        self.requests.len()
    }

    /// Whether the batch holds no request.
    pub fn is_empty(&self) -> bool {
        self.requests.is_empty()
    }

    /// Adds `endpoint`; the service may run it in any order with the others.
    pub fn add<K: Kind, A>(&mut self, endpoint: &Endpoint<K, A>) -> Result<Step<K>, BatchError> {
        self.add_after(endpoint, &[])
    }

    /// Adds `endpoint` to run after the requests `depends_on` names (their [`Step::id`]s); if
    /// one of those fails, the service answers this one with 424 and does not run it.
    pub fn add_after<K: Kind, A>(
        &mut self,
        endpoint: &Endpoint<K, A>,
        depends_on: &[&str],
    ) -> Result<Step<K>, BatchError> {
        if self.requests.len() >= Batch::MAX {
            return Err(BatchError::Full);
        }
        for id in depends_on {
            if !self.requests.iter().any(|request| request["id"] == **id) {
                return Err(BatchError::UnknownDependency((*id).to_owned()));
            }
        }
        let request = endpoint.clone().into_request("").map_err(BatchError::Build)?;
        let id = (self.requests.len() + 1).to_string();
        let mut entry = Map::new();
        entry.insert("id".to_owned(), Value::String(id.clone()));
        entry.insert("method".to_owned(), Value::String(request.method().to_string()));
        entry.insert("url".to_owned(), Value::String(relative_url(&request.uri().to_string())?));
        let mut headers = Map::new();
        for (name, value) in request.headers() {
            let value = value.to_str().map_err(|_| BatchError::NotBatchable(format!("header {name}")))?;
            headers.insert(name.to_string(), Value::String(value.to_owned()));
        }
        if !request.body().is_empty() {
            let body: Value = serde_json::from_slice(request.body())
                .map_err(|_| BatchError::NotBatchable("the body is not JSON".to_owned()))?;
            headers.entry("content-type").or_insert_with(|| Value::String("application/json".to_owned()));
            entry.insert("body".to_owned(), body);
        }
        if !headers.is_empty() {
            entry.insert("headers".to_owned(), Value::Object(headers));
        }
        if !depends_on.is_empty() {
            entry.insert("dependsOn".to_owned(), json!(depends_on));
        }
        self.requests.push(Value::Object(entry));
        Ok(Step { id, kind: PhantomData })
    }

    /// The `POST {base}/$batch` request carrying every request added.
    pub fn into_request(self, base: &str) -> Result<http::Request<Vec<u8>>, BuildError> {
        let body = serde_json::to_vec(&json!({ "requests": self.requests })).unwrap_or_default();
        http::Request::builder()
            .method(http::Method::POST)
            .uri(format!("{}/$batch", base.trim_end_matches('/')))
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .body(body)
            .map_err(|error| BuildError::Uri(error.to_string()))
    }

    /// Reads the answer to the batch: a 2xx status with a `responses` array gives each
    /// request's status and body; anything else is the batch's own [`Error`].
    pub fn parse_response(status: u16, body: &[u8]) -> Result<BatchResponses, Error> {
        if !(200..300).contains(&status) {
            return Err(Error::from_failure(status, body));
        }
        let malformed = |message: &str| Error::Body { status, message: message.to_owned(), body: body.to_vec() };
        let value: Value = serde_json::from_slice(body).map_err(|_| malformed("the batch answer is not JSON"))?;
        let responses = value.get("responses").and_then(Value::as_array).ok_or_else(|| malformed("no responses"))?;
        let mut answers = BTreeMap::new();
        for response in responses {
            let id = response.get("id").and_then(Value::as_str).ok_or_else(|| malformed("a response without id"))?;
            let status = response.get("status").and_then(Value::as_u64).and_then(|status| u16::try_from(status).ok());
            let status = status.ok_or_else(|| malformed("a response without status"))?;
            let body = match response.get("body") {
                None | Some(Value::Null) => Vec::new(),
                Some(body) => serde_json::to_vec(body).unwrap_or_default(),
            };
            answers.insert(id.to_owned(), (status, body));
        }
        Ok(BatchResponses { answers })
    }
}

/// The answers to a batch, by request id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchResponses {
    answers: BTreeMap<String, (u16, Vec<u8>)>,
}

impl BatchResponses {
    /// The status the service gave the request of `step`, if it answered it.
    pub fn status<K>(&self, step: &Step<K>) -> Option<u16> {
        self.answers.get(&step.id).map(|(status, _)| *status)
    }

    /// The answer to the request of `step`, read as its endpoint's type: a 2xx answer gives
    /// the documented type, any other (424 when a request it depends on failed) an [`Error`].
    pub fn get<K: Kind>(&self, step: &Step<K>) -> Result<K::Output, Error> {
        let Some((status, body)) = self.answers.get(&step.id) else {
            let message = format!("the batch holds no answer to request {}", step.id);
            return Err(Error::Body { status: 0, message, body: Vec::new() });
        };
        if !(200..300).contains(status) {
            return Err(Error::from_failure(*status, body));
        }
        K::parse(*status, body)
    }
}

/// A request's URL as a batch wants it: relative to the service root (`/users/1`). A URL the
/// service gave (a next link) loses its root.
fn relative_url(uri: &str) -> Result<String, BatchError> {
    if uri.starts_with('/') {
        return Ok(uri.to_owned());
    }
    ["/v1.0/", "/beta/"]
        .iter()
        .find_map(|root| uri.find(root).map(|at| uri[at + root.len() - 1..].to_owned()))
        .ok_or_else(|| BatchError::NotBatchable(format!("{uri} is not under a Graph service root")))
}

#[cfg(test)]
mod tests {
    use super::relative_url;

    #[test]
    fn urls_are_relative_to_the_service_root() {
        assert_eq!(relative_url("/users/1?$select=id").as_deref(), Ok("/users/1?$select=id"));
        let next = "https://graph.microsoft.com/v1.0/users?$skiptoken=X";
        assert_eq!(relative_url(next).as_deref(), Ok("/users?$skiptoken=X"));
        assert!(relative_url("https://example.com/other").is_err());
    }
}
