//! The `client` feature of the checked-in crate, against a local server on 127.0.0.1 (wiremock)
//! that replays the requests and responses documented in `docs-input/`: sending, retrying on 429
//! and 503 as `Retry-After` says, streaming every page, and telling errors apart.

use docgen::ir::{HttpMessage, Ir};
use docgen_generated::api::device_management::virtual_endpoint::device_images;
use docgen_generated::client::{Client, ClientError};
use docgen_generated::endpoint::Error;
use docgen_generated::graph::CloudPcDeviceImage;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{ir_of_dir, workspace_root};

/// A mock server listening on 127.0.0.1 only.
async fn local_server() -> MockServer {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let server = MockServer::builder().listener(listener).start().await;
    assert!(server.address().ip().is_loopback());
    server
}

fn docs_input() -> Ir {
    ir_of_dir(&workspace_root().join("docs-input/2023-11-15/beta"))
}

/// The first example of the operation `id`: its request and response.
fn example(ir: &Ir, id: &str) -> (HttpMessage, HttpMessage) {
    let op = ir.operations.iter().find(|op| op.id == id).unwrap_or_else(|| panic!("{id} is documented"));
    let example = op.examples.first().expect("an example");
    (example.request.clone().expect("a request"), example.response.clone().expect("a response"))
}

/// The path of a documented example URL (`https://graph.microsoft.com/beta/x` -> `/x`).
fn documented_path(request: &HttpMessage) -> String {
    let url = request.url.as_deref().expect("a URL");
    url.split_once("/beta").map(|(_, rest)| rest.to_owned()).expect("a beta URL")
}

/// The documented response, as the server sends it.
fn replay(response: &HttpMessage) -> ResponseTemplate {
    let template = ResponseTemplate::new(response.status.expect("a status"));
    match &response.body {
        Some(body) => template.set_body_json(body),
        None => template,
    }
}

/// Each of `tokens` must authorize exactly one DELETE (answered 204), so a test sees which token
/// each request carried.
async fn expect_one_delete_per_token(server: &MockServer, tokens: &[&str]) {
    for token in tokens {
        Mock::given(method("DELETE"))
            .and(header("authorization", format!("Bearer {token}").as_str()))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn sends_the_documented_requests_and_reads_the_documented_responses() {
    let ir = docs_input();
    let server = local_server().await;
    let client = Client::new(server.uri()).bearer("token-1");

    let (request, response) = example(&ir, "cloudpcdeviceimage-get");
    Mock::given(method("GET"))
        .and(path(documented_path(&request)))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(replay(&response))
        .expect(1)
        .mount(&server)
        .await;
    let id = documented_path(&request).rsplit('/').next().expect("an id").to_owned();
    let image = client.send(&device_images::get(&id)).await.expect("the documented image");
    assert_eq!(image.id.as_deref(), Some(id.as_str()));
    assert_eq!(image.display_name.as_deref(), response.body.as_ref().and_then(|body| body["displayName"].as_str()));

    let (request, response) = example(&ir, "virtualendpoint-post-deviceimages");
    let sent = request.body.clone().expect("a documented body");
    Mock::given(method("POST"))
        .and(path(documented_path(&request)))
        .and(body_json(&sent))
        .respond_with(replay(&response))
        .expect(1)
        .mount(&server)
        .await;
    let image: CloudPcDeviceImage = serde_json::from_value(sent).expect("the documented body is an image");
    let created = client.send(&device_images::create(&image)).await.expect("created");
    assert!(created.id.is_some(), "the documented response names the new image");

    let (request, response) = example(&ir, "cloudpcdeviceimage-delete");
    Mock::given(method("DELETE"))
        .and(path(documented_path(&request)))
        .respond_with(replay(&response))
        .mount(&server)
        .await;
    let id = documented_path(&request).rsplit('/').next().expect("an id").to_owned();
    client.send(&device_images::delete(&id)).await.expect("204 is success");
}

#[tokio::test]
async fn retries_throttled_and_unavailable_requests_as_retry_after_says() {
    let ir = docs_input();
    let (request, response) = example(&ir, "cloudpcdeviceimage-get");
    let id = documented_path(&request).rsplit('/').next().expect("an id").to_owned();
    let server = local_server().await;
    let throttled = json!({"error": {"code": "TooManyRequests", "message": "Slow down."}});
    // The first two answers refuse; the third replays the documented response.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1").set_body_json(&throttled))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(replay(&response)).mount(&server).await;

    let client = Client::new(server.uri());
    let started = std::time::Instant::now();
    let image = client.send(&device_images::get(&id)).await.expect("the third try succeeds");
    assert_eq!(image.id.as_deref(), Some(id.as_str()));
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 3, "one try and two retries");
    assert!(started.elapsed() >= std::time::Duration::from_secs(1), "Retry-After: 1 was honoured");

    // Without retries, the throttling answer is the error.
    let server = local_server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0").set_body_json(&throttled))
        .mount(&server)
        .await;
    let error = Client::new(server.uri()).max_retries(0).send(&device_images::get(&id)).await;
    match error {
        Err(ClientError::Response(Error::Graph { status: 429, error })) => assert_eq!(error.code, "TooManyRequests"),
        other => panic!("expected the 429 Graph error, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.expect("recorded").len(), 1);
}

#[tokio::test]
async fn streams_every_page_of_a_collection() {
    let ir = docs_input();
    let (request, response) = example(&ir, "virtualendpoint-list-deviceimages");
    let server = local_server().await;
    let list_path = documented_path(&request);
    // The documented page, with a next link to a second page on this server.
    let mut first = response.body.clone().expect("a documented page");
    first["@odata.nextLink"] = Value::String(format!("{}{list_path}?$skiptoken=page2", server.uri()));
    let documented: Vec<Value> = first["value"].as_array().expect("items").clone();
    Mock::given(method("GET"))
        .and(path(list_path.as_str()))
        .and(query_param("$skiptoken", "page2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [{"id": "last"}]})))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(list_path.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(&first))
        .mount(&server)
        .await;

    let client = Client::new(server.uri());
    let list = device_images::list();
    let pages: Vec<_> = client.pages(&list).try_collect().await.expect("both pages");
    assert_eq!(pages.len(), 2);
    let ids: Vec<String> = client.items(&list).map(|item| item.expect("an item").id.expect("an id")).collect().await;
    let mut expected: Vec<String> =
        documented.iter().map(|item| item["id"].as_str().expect("an id").to_owned()).collect();
    expected.push("last".to_owned());
    assert_eq!(ids, expected);

    // A failing page ends the stream with its error.
    let server = local_server().await;
    let mut first = response.body.clone().expect("a documented page");
    first["@odata.nextLink"] = Value::String(format!("{}{list_path}?$skiptoken=broken", server.uri()));
    Mock::given(method("GET"))
        .and(query_param("$skiptoken", "broken"))
        .respond_with(ResponseTemplate::new(500).set_body_string("down"))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&first)).mount(&server).await;
    let pages: Vec<_> = Client::new(server.uri()).pages(&list).collect().await;
    assert_eq!(pages.len(), 2);
    assert!(pages[0].is_ok());
    assert!(matches!(pages[1], Err(ClientError::Response(Error::Status { status: 500, .. }))), "{:?}", pages[1]);
}

#[tokio::test]
async fn build_and_transport_errors_are_told_apart() {
    let server = local_server().await;
    let client = Client::new(server.uri());
    let error = client.send(&device_images::get("")).await.expect_err("an empty id");
    assert!(matches!(error, ClientError::Build(_)), "{error}");
    assert!(server.received_requests().await.expect("recorded").is_empty(), "nothing was sent");

    // A port on 127.0.0.1 with nobody listening.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("a port").local_addr().expect("an address").port();
    let error = Client::new(format!("http://127.0.0.1:{port}"))
        .send(&device_images::get("x"))
        .await
        .expect_err("nobody listens");
    assert!(matches!(error, ClientError::Transport(_)), "{error}");
}

/// Issue 17: the token source is asked before every request, so a refreshed token is used from
/// the next request on; its failure is an error of its own, and nothing is sent.
#[tokio::test]
async fn a_token_source_is_asked_for_every_request() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use docgen_generated::client::{token_fn, TokenError};

    let server = local_server().await;
    expect_one_delete_per_token(&server, &["token-1", "token-2"]).await;
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    let client = Client::new(server.uri()).token_source(token_fn(move || {
        let call = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok::<_, TokenError>(format!("token-{call}")) }
    }));
    client.send(&device_images::delete("a")).await.expect("sent with token-1");
    client.send(&device_images::delete("b")).await.expect("sent with token-2, the refreshed one");
    assert_eq!(asked.load(Ordering::SeqCst), 2);

    let failing =
        Client::new(server.uri()).token_source(token_fn(|| async { Err::<String, TokenError>("expired".into()) }));
    let error = failing.send(&device_images::delete("c")).await.expect_err("no token");
    assert!(matches!(error, ClientError::Token(_)), "{error}");
    assert_eq!(error.to_string(), "could not get a token: expired");
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2, "nothing sent without a token");
}

/// Issue 17: a request that takes longer than the client's timeout fails as a timeout; a clone
/// with a longer one (the per-request setting) waits.
#[tokio::test]
async fn requests_time_out_and_a_clone_can_wait_longer() {
    use std::time::Duration;

    let server = local_server().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_millis(400)))
        .mount(&server)
        .await;
    let client = Client::new(server.uri()).timeout(Duration::from_millis(100));
    let error = client.send(&device_images::delete("a")).await.expect_err("too slow");
    assert!(matches!(&error, ClientError::Transport(inner) if inner.is_timeout()), "{error}");
    client.clone().timeout(Duration::from_secs(5)).send(&device_images::delete("a")).await.expect("waited");
}

/// Issue 17: `client` alone speaks HTTPS (rustls): against a plain-HTTP server an `https` URL
/// fails in the TLS handshake, where a client without TLS refuses the scheme before connecting.
#[tokio::test]
async fn the_client_feature_speaks_https() {
    let server = local_server().await;
    let https = server.uri().replacen("http://", "https://", 1);
    let error = Client::new(https).send(&device_images::delete("a")).await.expect_err("no TLS on the server");
    let ClientError::Transport(inner) = &error else { panic!("expected a transport error, got {error}") };
    assert!(inner.is_connect() && !inner.is_builder(), "{inner:?}");
    assert_eq!(Client::beta().base(), docgen_generated::endpoint::BETA);
    assert_eq!(Client::v1().base(), docgen_generated::endpoint::V1);
    assert_eq!(Client::default().base(), docgen_generated::SERVICE_ROOT, "the docs' own version");
    assert_eq!(docgen_generated::SERVICE_ROOT, "https://graph.microsoft.com/beta");
}

/// Issue 17: a JSON batch carries each endpoint as a request (a dependency as `dependsOn`), and
/// each answer is read through its own endpoint, a failed one as its Graph error.
#[tokio::test]
async fn a_batch_sends_requests_together_and_reads_each_answer() {
    use docgen_generated::batch::{Batch, BatchError};

    let ir = docs_input();
    let (_, response) = example(&ir, "cloudpcdeviceimage-get");
    let image = response.body.clone().expect("a documented image");
    let server = local_server().await;
    let not_found = json!({"error": {"code": "ResourceNotFound", "message": "No image b."}});
    let answers = json!({"responses": [
        {"id": "2", "status": 404, "body": not_found},
        {"id": "1", "status": 200, "headers": {"content-type": "application/json"}, "body": image},
        {"id": "3", "status": 424, "body": {"error": {"code": "FailedDependency", "message": "Depends on 2."}}}
    ]});
    let sent = json!({"requests": [
        {"id": "1", "method": "GET", "url": "/deviceManagement/virtualEndpoint/deviceImages/a"},
        {"id": "2", "method": "GET", "url": "/deviceManagement/virtualEndpoint/deviceImages/b"},
        {"id": "3", "method": "POST", "url": "/deviceManagement/virtualEndpoint/deviceImages/b/reupload", "dependsOn": ["2"]}
    ]});
    Mock::given(method("POST"))
        .and(path("/$batch"))
        .and(header("authorization", "Bearer token-1"))
        .and(body_json(&sent))
        .respond_with(ResponseTemplate::new(200).set_body_json(&answers))
        .expect(1)
        .mount(&server)
        .await;
    let mut batch = Batch::new();
    let found = batch.add(&device_images::get("a")).expect("room in the batch");
    let missing = batch.add(&device_images::get("b")).expect("room in the batch");
    let reupload = batch.add_after(&device_images::reupload("b"), &[missing.id()]).expect("a known dependency");
    assert_eq!(
        batch.add_after(&device_images::get("c"), &["9"]).unwrap_err(),
        BatchError::UnknownDependency("9".to_owned())
    );

    let answers = Client::new(server.uri()).bearer("token-1").send_batch(&batch).await.expect("the batch answer");
    let image: CloudPcDeviceImage = answers.get(&found).expect("the image");
    assert_eq!(image.id.as_deref(), Some("eda7ed64-7705-4079-9d08-c2bd883fffff"));
    match answers.get(&missing) {
        Err(Error::Graph { status: 404, error }) => assert_eq!(error.code, "ResourceNotFound"),
        other => panic!("expected the Graph error, got {other:?}"),
    }
    assert_eq!(answers.status(&reupload), Some(424));
    assert!(answers.get(&reupload).is_err());

    let mut full = Batch::new();
    for index in 0..Batch::MAX {
        full.add(&device_images::get(&index.to_string())).expect("room for twenty");
    }
    assert_eq!(full.add(&device_images::get("21")).unwrap_err(), BatchError::Full);
}

/// Issue 17: an upload session sends ranged PUTs without a token; after a failed chunk the
/// client asks the session where it stopped and resumes there.
#[tokio::test]
async fn an_upload_resumes_after_a_failed_chunk() {
    use docgen_generated::upload::{Upload, CHUNK_UNIT};
    use wiremock::matchers::header_exists;

    let server = local_server().await;
    let data: Vec<u8> = (0..CHUNK_UNIT * 2 + 100).map(|index| (index % 251) as u8).collect();
    let total = data.len();
    let first = format!("bytes 0-{}/{total}", CHUNK_UNIT - 1);
    let second = format!("bytes {CHUNK_UNIT}-{}/{total}", 2 * CHUNK_UNIT - 1);
    let last = format!("bytes {}-{}/{total}", 2 * CHUNK_UNIT, total - 1);
    let next = |start: usize| json!({"nextExpectedRanges": [format!("{start}-")]});
    Mock::given(method("PUT"))
        .and(header_exists("authorization"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(header("content-range", first.as_str()))
        .respond_with(ResponseTemplate::new(202).set_body_json(next(CHUNK_UNIT)))
        .expect(1)
        .mount(&server)
        .await;
    // The second chunk fails once, then is taken.
    Mock::given(method("PUT"))
        .and(header("content-range", second.as_str()))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(next(CHUNK_UNIT)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(header("content-range", second.as_str()))
        .respond_with(ResponseTemplate::new(202).set_body_json(next(2 * CHUNK_UNIT)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(header("content-range", last.as_str()))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "item-1", "size": total})))
        .expect(1)
        .mount(&server)
        .await;

    let session_url = format!("{}/upload/session-1", server.uri());
    let upload = Upload::new(session_url, &data, CHUNK_UNIT).expect("a valid upload");
    let client = Client::new(server.uri()).bearer("token-1");
    let item: Value = client.upload(upload).await.expect("the created item");
    assert_eq!(item["id"], json!("item-1"));
    let received = server.received_requests().await.expect("recorded");
    let bodies: usize =
        received.iter().filter(|request| request.method.as_str() == "PUT").map(|request| request.body.len()).sum();
    assert_eq!(bodies, total + CHUNK_UNIT, "every byte once, and the failed chunk once more");
}

/// Issue 17: with `azure-identity`, any azure_core credential is a token source, asked for the
/// Graph scope before every request.
#[tokio::test]
async fn an_azure_credential_is_a_token_source() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
    use docgen_generated::client::AzureCredential;

    #[derive(Debug, Default)]
    struct Counting(AtomicUsize);

    #[async_trait::async_trait]
    impl TokenCredential for Counting {
        async fn get_token(
            &self,
            scopes: &[&str],
            _: Option<TokenRequestOptions<'_>>,
        ) -> azure_core::Result<AccessToken> {
            assert_eq!(scopes, [AzureCredential::GRAPH_SCOPE]);
            let call = self.0.fetch_add(1, Ordering::SeqCst) + 1;
            let expires = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
            Ok(AccessToken::new(format!("azure-{call}"), expires))
        }
    }

    let server = local_server().await;
    expect_one_delete_per_token(&server, &["azure-1", "azure-2"]).await;
    let credential = Arc::new(Counting::default());
    let client = Client::new(server.uri()).token_source(AzureCredential::new(credential.clone()));
    client.send(&device_images::delete("a")).await.expect("sent with the first token");
    client.send(&device_images::delete("b")).await.expect("sent with the second token");
    assert_eq!(credential.0.load(Ordering::SeqCst), 2);
}
