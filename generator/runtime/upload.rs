//! Upload sessions for large files: after a `createUploadSession` endpoint gave an upload URL,
//! the bytes go up in ranged `PUT`s, and an interrupted upload resumes where the service says
//! it stopped. Sans-IO like the endpoints: [`Upload`] gives each request and reads each answer;
//! the client's `upload` drives it. docgen copies this file verbatim into every crate it
//! generates.

use std::fmt;

use serde_json::Value;

use super::endpoint::Error;

/// Chunks must be a multiple of this many bytes (320 KiB), as the service requires.
pub const CHUNK_UNIT: usize = 327_680;

/// The chunk size used unless another is asked for: 10 units, 3.2 MiB.
pub const DEFAULT_CHUNK: usize = 10 * CHUNK_UNIT;

/// The largest chunk the service takes (60 MiB).
pub const MAX_CHUNK: usize = 192 * CHUNK_UNIT;

/// An upload in progress: the session's URL, the bytes, and the first byte the service still
/// expects.
#[derive(Debug, Clone)]
pub struct Upload<'a> {
    url: String,
    data: &'a [u8],
    chunk: usize,
    next: usize,
}

/// What an answer to a chunk means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// The chunk was taken; more are expected.
    More,
    /// The last chunk was taken: the body of the answer (the created item).
    Done(Vec<u8>),
}

/// Why an upload cannot start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadError {
    /// The chunk size is not a positive multiple of [`CHUNK_UNIT`] up to [`MAX_CHUNK`].
    ChunkSize(usize),
    /// There is nothing to upload: the service takes no empty ranges.
    Empty,
}

impl fmt::Display for UploadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UploadError::ChunkSize(size) => {
                write!(f, "chunk size {size} is not a positive multiple of {CHUNK_UNIT} bytes up to {MAX_CHUNK}")
            }
            UploadError::Empty => write!(f, "an upload session needs at least one byte"),
        }
    }
}

impl std::error::Error for UploadError {}

impl<'a> Upload<'a> {
    /// An upload of `data` to the session at `url` (the `uploadUrl` the session gave), in chunks
    /// of `chunk` bytes.
    pub fn new(url: impl Into<String>, data: &'a [u8], chunk: usize) -> Result<Upload<'a>, UploadError> {
        if chunk == 0 || !chunk.is_multiple_of(CHUNK_UNIT) || chunk > MAX_CHUNK {
            return Err(UploadError::ChunkSize(chunk));
        }
        if data.is_empty() {
            return Err(UploadError::Empty);
        }
        Ok(Upload { url: url.into(), data, chunk, next: 0 })
    }

    /// The first byte the service still expects.
    pub fn position(&self) -> usize {
        self.next
    }

    /// The `PUT` of the next chunk, with its `Content-Range`. The upload URL is
    /// pre-authenticated: the request carries no token, as the service asks.
    pub fn next_request(&self) -> Result<http::Request<Vec<u8>>, Error> {
        let end = (self.next + self.chunk).min(self.data.len());
        let chunk = self.data.get(self.next..end).unwrap_or_default().to_vec();
        let range = format!("bytes {}-{}/{}", self.next, end.saturating_sub(1), self.data.len());
        http::Request::builder()
            .method(http::Method::PUT)
            .uri(&self.url)
            .header("content-range", range)
            .header("content-length", chunk.len().to_string())
            .body(chunk)
            .map_err(|error| Error::Body { status: 0, message: error.to_string(), body: Vec::new() })
    }

    /// Reads the answer to a chunk: 202 with `nextExpectedRanges` moves on, 200 or 201 ends the
    /// upload with the item; anything else is an [`Error`] (ask [`Upload::status_request`]
    /// where to resume).
    pub fn read_response(&mut self, status: u16, body: &[u8]) -> Result<Progress, Error> {
        match status {
            200 | 201 => Ok(Progress::Done(body.to_vec())),
            202 => {
                self.read_status(status, body)?;
                Ok(Progress::More)
            }
            _ => Err(Error::from_failure(status, body)),
        }
    }

    /// The `GET` of the session's state, to learn where to resume after a failed chunk.
    pub fn status_request(&self) -> Result<http::Request<Vec<u8>>, Error> {
        http::Request::builder()
            .method(http::Method::GET)
            .uri(&self.url)
            .body(Vec::new())
            .map_err(|error| Error::Body { status: 0, message: error.to_string(), body: Vec::new() })
    }

    /// Reads the session's state (`nextExpectedRanges`: `["26-"]`) and resumes from the first
    /// byte it expects.
    pub fn read_status(&mut self, status: u16, body: &[u8]) -> Result<(), Error> {
        if !(200..300).contains(&status) {
            return Err(Error::from_failure(status, body));
        }
        let malformed = |message: &str| Error::Body { status, message: message.to_owned(), body: body.to_vec() };
        let value: Value = serde_json::from_slice(body).map_err(|_| malformed("the session state is not JSON"))?;
        let first = value
            .get("nextExpectedRanges")
            .and_then(Value::as_array)
            .and_then(|ranges| ranges.first())
            .and_then(Value::as_str)
            .ok_or_else(|| malformed("no nextExpectedRanges"))?;
        let start = first.split('-').next().and_then(|start| start.trim().parse::<usize>().ok());
        match start {
            Some(start) if start <= self.data.len() => {
                self.next = start;
                Ok(())
            }
            _ => Err(malformed("nextExpectedRanges is not a range of these bytes")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Progress, Upload, UploadError, CHUNK_UNIT};

    #[test]
    fn chunks_follow_the_ranges_the_service_expects() {
        let data = vec![7u8; CHUNK_UNIT + 10];
        assert_eq!(Upload::new("u", &data, 1000).unwrap_err(), UploadError::ChunkSize(1000));
        assert_eq!(Upload::new("u", &[], CHUNK_UNIT).unwrap_err(), UploadError::Empty);
        let mut upload = Upload::new("https://up.example/s", &data, CHUNK_UNIT).expect("a valid upload");
        let first = upload.next_request().expect("a request");
        assert_eq!(first.headers()["content-range"], format!("bytes 0-{}/{}", CHUNK_UNIT - 1, CHUNK_UNIT + 10));
        assert_eq!(first.body().len(), CHUNK_UNIT);
        let accepted = format!(r#"{{"nextExpectedRanges": ["{CHUNK_UNIT}-"]}}"#);
        assert_eq!(upload.read_response(202, accepted.as_bytes()), Ok(Progress::More));
        let last = upload.next_request().expect("a request");
        assert_eq!(last.headers()["content-range"], format!("bytes {CHUNK_UNIT}-{}/{}", CHUNK_UNIT + 9, CHUNK_UNIT + 10));
        assert_eq!(upload.read_response(201, b"{}"), Ok(Progress::Done(b"{}".to_vec())));
        assert!(upload.read_status(200, br#"{"nextExpectedRanges": ["999999999-"]}"#).is_err());
    }
}
