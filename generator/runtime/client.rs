//! An async client for the endpoints (the `client` feature): sends an [`Endpoint`] with
//! [`reqwest`] over HTTPS (rustls), asks a [`TokenSource`] for a bearer token before every
//! request, gives up after a timeout, retries when the service answers 429 or 503 (waiting as
//! `Retry-After` says), and streams every page of a collection.
//!
//! `client` brings rustls; `client-native-tls` uses the platform's TLS library instead, and
//! `client-core` brings no TLS at all, for a configured `reqwest::Client` passed to
//! [`Client::with_http`]. docgen copies this file verbatim into every crate it generates.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures_util::stream::{self, Stream, StreamExt};

use crate::batch::{Batch, BatchResponses};
use crate::endpoint::{BuildError, Collection, Endpoint, Error, Kind, Page, Read, BETA, V1};
use crate::rt::Wire;
use crate::upload::{Progress, Upload};

/// Why no token could be had: whatever error the token source gives.
pub type TokenError = Box<dyn std::error::Error + Send + Sync>;

/// What [`TokenSource::token`] returns: a future of the token.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, TokenError>> + Send + 'a>>;

/// Where the bearer token of each request comes from. The client asks before every request
/// (retries included), so a source can cache a token and refresh it when it nears expiry;
/// a long-running service then never sends an expired one.
pub trait TokenSource: Send + Sync {
    /// The token for the next request, without the `Bearer ` prefix.
    fn token(&self) -> TokenFuture<'_>;
}

/// A token that never changes (tests, or a token a user pasted).
#[derive(Clone)]
struct Fixed(String);

impl TokenSource for Fixed {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move { Ok(self.0.clone()) })
    }
}

/// A [`TokenSource`] made of an async closure; see [`token_fn`].
#[derive(Clone)]
pub struct TokenFn<F>(F);

/// A token source that calls `fetch` for every request:
/// `token_fn(|| async { Ok::<_, TokenError>(cache.current().await?) })`.
pub fn token_fn<F, Fut>(fetch: F) -> TokenFn<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, TokenError>> + Send + 'static,
{
    TokenFn(fetch)
}

impl<F, Fut> TokenSource for TokenFn<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, TokenError>> + Send + 'static,
{
    fn token(&self) -> TokenFuture<'_> {
        Box::pin((self.0)())
    }
}

/// A [`TokenSource`] from an Azure credential (the `azure-identity` feature): any
/// `azure_core::credentials::TokenCredential`, such as `azure_identity`'s developer-tools,
/// client-secret or managed-identity credentials. It asks the credential for a token for the
/// Graph scope before every request; the credential caches the token and refreshes it.
#[cfg(feature = "azure-identity")]
#[derive(Debug, Clone)]
pub struct AzureCredential {
    credential: Arc<dyn azure_core::credentials::TokenCredential>,
    scopes: Vec<String>,
}

#[cfg(feature = "azure-identity")]
impl AzureCredential {
    /// The scope of the global Graph service.
    pub const GRAPH_SCOPE: &'static str = "https://graph.microsoft.com/.default";

    /// Tokens from `credential` for [`AzureCredential::GRAPH_SCOPE`].
    pub fn new(credential: Arc<dyn azure_core::credentials::TokenCredential>) -> AzureCredential {
        AzureCredential { credential, scopes: vec![AzureCredential::GRAPH_SCOPE.to_owned()] }
    }

    /// Tokens for other scopes (a national cloud's: `https://graph.microsoft.us/.default`).
    pub fn scopes(mut self, scopes: impl IntoIterator<Item = impl Into<String>>) -> AzureCredential {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }
}

#[cfg(feature = "azure-identity")]
impl TokenSource for AzureCredential {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let scopes: Vec<&str> = self.scopes.iter().map(String::as_str).collect();
            let token = self.credential.get_token(&scopes, None).await?;
            Ok(token.token.secret().to_owned())
        })
    }
}

/// How long a request may take, from sending to the last byte of the response, unless
/// [`Client::timeout`] says otherwise. The Graph SDKs wait as long.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(100);

/// How long to wait before retry `attempt` (counting from 0) when the service gave no
/// `Retry-After`: 1, 2, 4, 8, ... seconds, at most a minute.
fn backoff(attempt: u32) -> Duration {
    Duration::from_secs(1u64 << attempt.min(6)).min(Duration::from_secs(60))
}

/// Whether a response with `status` is worth sending again, and after how long: 429 (throttled)
/// and 503 (unavailable) are; `Retry-After` (seconds, or an HTTP date) says how long to wait,
/// else 1, 2, 4, ... seconds by attempt, at most a minute. `now` is when the response came.
pub fn retry_delay(status: u16, retry_after: Option<&str>, attempt: u32, now: SystemTime) -> Option<Duration> {
    if status != 429 && status != 503 {
        return None;
    }
    let said = retry_after.map(str::trim).and_then(|value| match value.parse::<u64>() {
        Ok(seconds) => Some(Duration::from_secs(seconds)),
        Err(_) => httpdate::parse_http_date(value).ok().map(|at| at.duration_since(now).unwrap_or_default()),
    });
    Some(said.unwrap_or_else(|| backoff(attempt)))
}

/// Why a request did not give the documented type.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError {
    /// The endpoint could not be turned into a request (an empty id, a bad header value).
    Build(BuildError),
    /// The token source gave no token.
    Token(TokenError),
    /// The request could not be sent or the response not received (a timeout included:
    /// `reqwest::Error::is_timeout`).
    Transport(reqwest::Error),
    /// The service answered, but not with the documented type (after any retries).
    Response(Error),
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Build(error) => write!(f, "could not build the request: {error}"),
            ClientError::Token(error) => write!(f, "could not get a token: {error}"),
            ClientError::Transport(error) => write!(f, "could not send the request: {error}"),
            ClientError::Response(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Build(error) => Some(error),
            ClientError::Token(error) => Some(error.as_ref()),
            ClientError::Transport(error) => Some(error),
            ClientError::Response(error) => Some(error),
        }
    }
}

/// Sends endpoints to one service root. Cloning is cheap (the connection pool and the token
/// source are shared), so a request with its own timeout is `client.clone().timeout(...)`.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    tokens: Option<Arc<dyn TokenSource>>,
    timeout: Duration,
    max_retries: u32,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("tokens", &self.tokens.as_ref().map(|_| "TokenSource"))
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

/// The service root of the docs the crate was generated from ([`crate::SERVICE_ROOT`]).
impl Default for Client {
    fn default() -> Client {
        Client::new(crate::SERVICE_ROOT)
    }
}

impl Client {
    /// A client for the service root `base`: [`BETA`], [`V1`], a national cloud's root
    /// (`https://graph.microsoft.us/v1.0`) or a test server, with a default `reqwest::Client`.
    pub fn new(base: impl Into<String>) -> Client {
        Client::with_http(reqwest::Client::new(), base)
    }

    /// A client for `base` that sends with `http` (its TLS, proxy and connection settings).
    pub fn with_http(http: reqwest::Client, base: impl Into<String>) -> Client {
        Client { http, base: base.into(), tokens: None, timeout: DEFAULT_TIMEOUT, max_retries: 3 }
    }

    /// The Graph beta service.
    pub fn beta() -> Client {
        Client::new(BETA)
    }

    /// The Graph v1.0 service.
    pub fn v1() -> Client {
        Client::new(V1)
    }

    /// Sends `Authorization: Bearer <token>` with every request, the same token each time.
    pub fn bearer(self, token: impl Into<String>) -> Client {
        self.token_source(Fixed(token.into()))
    }

    /// Asks `tokens` for the bearer token of every request.
    pub fn token_source(mut self, tokens: impl TokenSource + 'static) -> Client {
        self.tokens = Some(Arc::new(tokens));
        self
    }

    /// How long each request may take before it fails with a timeout (default
    /// [`DEFAULT_TIMEOUT`]); retries each get the whole time again.
    pub fn timeout(mut self, timeout: Duration) -> Client {
        self.timeout = timeout;
        self
    }

    /// How many times a throttled (429) or unavailable (503) request is sent again (default 3).
    pub fn max_retries(mut self, retries: u32) -> Client {
        self.max_retries = retries;
        self
    }

    /// The service root requests go to.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Sends `endpoint` and reads the response as its documented type, retrying on 429 and 503.
    pub async fn send<K: Kind, A>(&self, endpoint: &Endpoint<K, A>) -> Result<K::Output, ClientError> {
        let (status, body) = self.execute(|| endpoint.clone().into_request(&self.base), true).await?;
        endpoint.parse_response(status, &body).map_err(ClientError::Response)
    }

    /// Sends `batch` as one `POST /$batch` (token, timeout and retries as for one request) and
    /// gives the answers; [`BatchResponses::get`] reads each as its endpoint's type. A request
    /// the service throttled inside the batch is answered 429 there, and is not sent again.
    pub async fn send_batch(&self, batch: &Batch) -> Result<BatchResponses, ClientError> {
        let (status, body) = self.execute(|| batch.clone().into_request(&self.base), true).await?;
        Batch::parse_response(status, &body).map_err(ClientError::Response)
    }

    /// Uploads `upload`'s bytes to its session, chunk after chunk, and reads the created item
    /// as `T`. A chunk that fails (a transport error, a 5xx) is not lost: the client asks the
    /// session where it stopped and resumes from there, up to `max_retries` times in a row.
    /// The upload URL is pre-authenticated, so these requests carry no token.
    pub async fn upload<T: Wire>(&self, mut upload: Upload<'_>) -> Result<T, ClientError> {
        let mut failures = 0;
        loop {
            let request = upload.next_request().map_err(ClientError::Response)?;
            let answer = self.send_once(request, false).await;
            let progress = answer.and_then(|(status, body, _)| {
                upload.read_response(status, &body).map_err(ClientError::Response)
            });
            match progress {
                Ok(Progress::Done(body)) => return read_item(&body).map_err(ClientError::Response),
                Ok(Progress::More) => failures = 0,
                Err(error) if failures >= self.max_retries => return Err(error),
                Err(_) => {
                    failures += 1;
                    let request = upload.status_request().map_err(ClientError::Response)?;
                    let (status, body, _) = self.send_once(request, false).await?;
                    upload.read_status(status, &body).map_err(ClientError::Response)?;
                }
            }
        }
    }

    /// Sends the request `build` makes (again for each retry) within the timeout, with a token
    /// when `authorize`, retrying on 429 and 503, and gives the status and body of the last
    /// response.
    async fn execute(
        &self,
        build: impl Fn() -> Result<http::Request<Vec<u8>>, BuildError>,
        authorize: bool,
    ) -> Result<(u16, Vec<u8>), ClientError> {
        let mut attempt = 0;
        loop {
            let request = build().map_err(ClientError::Build)?;
            let (status, body, retry_after) = self.send_once(request, authorize).await?;
            if attempt < self.max_retries {
                if let Some(delay) = retry_delay(status, retry_after.as_deref(), attempt, SystemTime::now()) {
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                    continue;
                }
            }
            return Ok((status, body));
        }
    }

    /// Sends `request` once: the status, the body and the `Retry-After` header of the answer.
    async fn send_once(
        &self,
        request: http::Request<Vec<u8>>,
        authorize: bool,
    ) -> Result<(u16, Vec<u8>, Option<String>), ClientError> {
        let mut sent = reqwest::Request::try_from(request).map_err(ClientError::Transport)?;
            *sent.timeout_mut() = Some(self.timeout);
            if let Some(tokens) = self.tokens.as_ref().filter(|_| authorize) {
                let token = tokens.token().await.map_err(ClientError::Token)?;
                let value = format!("Bearer {token}")
                    .parse()
                    .map_err(|_| ClientError::Build(BuildError::Header { name: "Authorization".to_owned() }))?;
                sent.headers_mut().insert(reqwest::header::AUTHORIZATION, value);
            }
            let response = self.http.execute(sent).await.map_err(ClientError::Transport)?;
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            let body = response.bytes().await.map_err(ClientError::Transport)?;
            Ok((status, body.to_vec(), retry_after))
    }

    /// Every page of a collection, the first from `endpoint` and each next one from the
    /// `@odata.nextLink` of the one before; the stream ends after the first error.
    pub fn pages<'a, T: Wire + 'a, A: 'a>(
        &'a self,
        endpoint: &Endpoint<Collection<T>, A>,
    ) -> impl Stream<Item = Result<Page<T>, ClientError>> + 'a {
        let first = Next::First(endpoint.clone());
        stream::unfold(first, move |next| async move {
            let page = match next {
                Next::First(endpoint) => self.send(&endpoint).await,
                Next::Then(endpoint) => self.send(&endpoint).await,
                Next::Done => return None,
            };
            match page {
                Ok(page) => {
                    let next = page.next().map_or(Next::Done, Next::Then);
                    Some((Ok(page), next))
                }
                Err(error) => Some((Err(error), Next::Done)),
            }
        })
    }

    /// Every item of a collection, page after page. The stream is not `Unpin`: pin it
    /// (`std::pin::pin!`) before calling `next` on it, or use `try_collect`.
    pub fn items<'a, T: Wire + 'a, A: 'a>(
        &'a self,
        endpoint: &Endpoint<Collection<T>, A>,
    ) -> impl Stream<Item = Result<T, ClientError>> + 'a {
        self.pages(endpoint).flat_map(|page| {
            let items: Vec<Result<T, ClientError>> = match page {
                Ok(page) => page.value.into_iter().map(Ok).collect(),
                Err(error) => vec![Err(error)],
            };
            stream::iter(items)
        })
    }
}

/// The item an upload created, from the body of the last chunk's answer.
fn read_item<T: Wire>(body: &[u8]) -> Result<T, Error> {
    let malformed = |message: String| Error::Body { status: 201, message, body: body.to_vec() };
    let value = serde_json::from_slice(body).map_err(|error| malformed(error.to_string()))?;
    T::from_wire(value).map_err(|error| malformed(error.to_string()))
}

/// The request for the next page: the caller's, then those `@odata.nextLink` gives.
enum Next<T, A> {
    First(Endpoint<Collection<T>, A>),
    Then(Endpoint<Collection<T>, Read>),
    Done,
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::retry_delay;

    #[test]
    fn only_429_and_503_are_retried_as_retry_after_says() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(retry_delay(200, Some("5"), 0, now), None);
        assert_eq!(retry_delay(500, None, 0, now), None);
        assert_eq!(retry_delay(429, Some("5"), 0, now), Some(Duration::from_secs(5)));
        assert_eq!(retry_delay(503, Some(" 0 "), 0, now), Some(Duration::ZERO));
        let date = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(retry_delay(503, Some(&date), 0, now), Some(Duration::from_secs(30)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(retry_delay(429, Some(&past), 0, now), Some(Duration::ZERO));
        assert_eq!(retry_delay(429, None, 0, now), Some(Duration::from_secs(1)));
        assert_eq!(retry_delay(429, Some("soon"), 2, now), Some(Duration::from_secs(4)));
        assert_eq!(retry_delay(429, None, 40, now), Some(Duration::from_secs(60)));
    }
}
