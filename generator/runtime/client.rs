//! An async client for the endpoints (the `client` feature): sends an [`Endpoint`] with
//! [`reqwest`], retries when the service answers 429 or 503 (waiting as `Retry-After` says),
//! and streams every page of a collection.
//!
//! `client` alone speaks plain HTTP; for the Graph service turn on `client-rustls` or
//! `client-native-tls` (reqwest's `rustls` or `native-tls`), or pass a configured
//! `reqwest::Client` to [`Client::with_http`]. docgen copies this file verbatim into every crate
//! it generates.

use std::fmt;
use std::time::{Duration, SystemTime};

use futures_util::stream::{self, Stream, StreamExt};

use crate::endpoint::{BuildError, Collection, Endpoint, Error, Kind, Page, Read, BETA};
use crate::rt::Wire;

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
pub enum ClientError {
    /// The endpoint could not be turned into a request (an empty id, a bad header value).
    Build(BuildError),
    /// The request could not be sent or the response not received.
    Transport(reqwest::Error),
    /// The service answered, but not with the documented type (after any retries).
    Response(Error),
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Build(error) => write!(f, "could not build the request: {error}"),
            ClientError::Transport(error) => write!(f, "could not send the request: {error}"),
            ClientError::Response(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Build(error) => Some(error),
            ClientError::Transport(error) => Some(error),
            ClientError::Response(error) => Some(error),
        }
    }
}

/// Sends endpoints to one service root (such as [`BETA`]).
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
    max_retries: u32,
}

impl Client {
    /// A client for the service root `base` (`endpoint::BETA`, `endpoint::V1`, or a test
    /// server), with a default `reqwest::Client`.
    pub fn new(base: impl Into<String>) -> Client {
        Client::with_http(reqwest::Client::new(), base)
    }

    /// A client for `base` that sends with `http` (its TLS, proxy and timeout settings).
    pub fn with_http(http: reqwest::Client, base: impl Into<String>) -> Client {
        Client { http, base: base.into(), token: None, max_retries: 3 }
    }

    /// The Graph beta root with a default `reqwest::Client`.
    pub fn beta() -> Client {
        Client::new(BETA)
    }

    /// Sends `Authorization: Bearer <token>` with every request.
    pub fn bearer(mut self, token: impl Into<String>) -> Client {
        self.token = Some(token.into());
        self
    }

    /// How many times a throttled (429) or unavailable (503) request is sent again (default 3).
    pub fn max_retries(mut self, retries: u32) -> Client {
        self.max_retries = retries;
        self
    }

    /// Sends `endpoint` and reads the response as its documented type, retrying on 429 and 503.
    pub async fn send<K: Kind, A>(&self, endpoint: &Endpoint<K, A>) -> Result<K::Output, ClientError> {
        let mut attempt = 0;
        loop {
            let request = endpoint.clone().into_request(&self.base).map_err(ClientError::Build)?;
            let mut request = reqwest::Request::try_from(request).map_err(ClientError::Transport)?;
            if let Some(token) = &self.token {
                let value = format!("Bearer {token}")
                    .parse()
                    .map_err(|_| ClientError::Build(BuildError::Header { name: "Authorization".to_owned() }))?;
                request.headers_mut().insert(reqwest::header::AUTHORIZATION, value);
            }
            let response = self.http.execute(request).await.map_err(ClientError::Transport)?;
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            let body = response.bytes().await.map_err(ClientError::Transport)?;
            if attempt < self.max_retries {
                if let Some(delay) = retry_delay(status, retry_after.as_deref(), attempt, SystemTime::now()) {
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                    continue;
                }
            }
            return endpoint.parse_response(status, &body).map_err(ClientError::Response);
        }
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

    /// Every item of a collection, page after page.
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
