//! Endpoint code of the checked-in crate (`generated/`): requests built from the documented
//! paths, ids that cannot leave their path segment, and responses read into the documented types.

use docgen_generated::api::device_management::virtual_endpoint::device_images;
use docgen_generated::endpoint::{self, BuildError, Error};
use docgen_generated::graph::CloudPcDeviceImage;
use proptest::prelude::*;

const BASE: &str = endpoint::BETA;

#[test]
fn a_get_request_has_method_path_and_query_options() {
    let request = device_images::get("eda7ed64").select(&["id", "displayName"]).into_request(BASE).expect("builds");
    assert_eq!(request.method(), "GET");
    assert_eq!(
        request.uri().to_string(),
        "https://graph.microsoft.com/beta/deviceManagement/virtualEndpoint/deviceImages/eda7ed64?$select=id%2CdisplayName"
    );
    assert!(request.body().is_empty());
}

#[test]
fn a_post_sends_its_body_as_json() {
    let mut image = CloudPcDeviceImage::default();
    image.display_name = Some("Image 1".to_owned());
    let request = device_images::create(&image).into_request(BASE).expect("builds");
    assert_eq!(request.method(), "POST");
    assert_eq!(request.headers()["content-type"], "application/json");
    let sent: serde_json::Value = serde_json::from_slice(request.body()).expect("JSON body");
    assert_eq!(sent, serde_json::json!({"displayName": "Image 1"}));
}

#[test]
fn odd_ids_stay_in_their_segment() {
    let cases = [
        ("a/b", "a%2Fb"),
        ("a?b", "a%3Fb"),
        ("a#b", "a%23b"),
        ("100%", "100%25"),
        ("a b", "a%20b"),
        ("é", "%C3%A9"),
        ("../x", "..%2Fx"),
    ];
    for (id, encoded) in cases {
        let path = device_images::get(id).path_and_query().expect("builds");
        assert_eq!(path, format!("/deviceManagement/virtualEndpoint/deviceImages/{encoded}"), "{id:?}");
    }
    for id in ["", ".", ".."] {
        let error = device_images::get(id).into_request(BASE).expect_err("refused");
        assert!(matches!(error, BuildError::Segment { .. }), "{id:?}: {error}");
    }
}

proptest! {
    /// Whatever the id, the built path has exactly the documented segments, and the last one
    /// decodes back to the id.
    #[test]
    fn no_id_escapes_its_segment(id in "\\PC{1,12}") {
        prop_assume!(id != "." && id != "..");
        let request = device_images::get(&id).into_request(BASE).expect("builds");
        let path = request.uri().path().to_owned();
        prop_assert!(request.uri().query().is_none());
        let segments: Vec<&str> = path.split('/').collect();
        prop_assert_eq!(segments.len(), 6, "{}", path);
        let decoded = percent_encoding::percent_decode_str(segments[5]).decode_utf8().expect("UTF-8");
        prop_assert_eq!(decoded, id);
    }
}

#[test]
fn responses_parse_into_the_documented_types() {
    let get = device_images::get("x");
    let image = get.parse_response(200, br#"{"id": "x", "displayName": "Image 1"}"#).expect("parses");
    assert_eq!(image.display_name.as_deref(), Some("Image 1"));

    let list = device_images::list();
    let page = list
        .parse_response(
            200,
            br#"{"value": [{"id": "a"}, {"id": "b"}], "@odata.nextLink": "https://graph.microsoft.com/beta/next?$skiptoken=2"}"#,
        )
        .expect("parses");
    assert_eq!(page.value.len(), 2);
    let next = page.next().expect("a next page").into_request(BASE).expect("builds");
    assert_eq!(next.uri().to_string(), "https://graph.microsoft.com/beta/next?$skiptoken=2");
    assert!(page.delta().is_none());

    // The last round of a delta query gives the link to resume from, later.
    let last = list
        .parse_response(
            200,
            br#"{"value": [], "@odata.deltaLink": "https://graph.microsoft.com/beta/x?$deltatoken=9"}"#,
        )
        .expect("parses");
    let link = last.delta_link.clone().expect("a delta link");
    let resumed = endpoint::Endpoint::<endpoint::Collection<CloudPcDeviceImage>, endpoint::Read>::from_link(&link);
    assert_eq!(resumed.into_request(BASE).expect("builds").uri().to_string(), link);
    assert_eq!(last.delta().expect("the next round").path_and_query().expect("builds"), link);

    device_images::delete("x").parse_response(204, b"").expect("no content");
}

#[test]
fn failures_keep_what_the_service_said() {
    let get = device_images::get("x");
    let body =
        br#"{"error": {"code": "ResourceNotFound", "message": "No such image.", "innerError": {"request-id": "1"}}}"#;
    match get.parse_response(404, body) {
        Err(Error::Graph { status: 404, error }) => {
            assert_eq!(error.code, "ResourceNotFound");
            assert_eq!(error.message, "No such image.");
            assert!(error.inner_error.is_some());
        }
        other => panic!("expected a Graph error, got {other:?}"),
    }
    assert_eq!(
        get.parse_response(502, b"Bad gateway"),
        Err(Error::Status { status: 502, body: b"Bad gateway".to_vec() })
    );
    match get.parse_response(200, b"[1, 2]") {
        Err(Error::Body { status: 200, .. }) => {}
        other => panic!("expected a body error, got {other:?}"),
    }
}
