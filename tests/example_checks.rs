//! The checks every example test runs (`check.rs`, copied into each crate generated with
//! `--example-tests`): each must fail, with the right party named, when the request or response
//! departs from the documented one, and must let placeholders and equal spellings through.

use docgen_generated::api::device_management::virtual_endpoint::device_images;
use docgen_generated::graph::CloudPcDeviceImage;
use serde_json::json;

use crate::check;

const AT: &str = "api/page.md:7";

/// The diagnostic a check panicked with.
fn failure(run: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let payload = std::panic::catch_unwind(run).expect_err("the check fails");
    payload.downcast_ref::<String>().cloned().unwrap_or_default()
}

#[test]
fn a_matching_request_passes_and_any_difference_is_the_generators() {
    let endpoint = device_images::get("a b").select(&["id", "displayName"]);
    // Documented spellings that mean the same request: encoded or not, other case, key syntax.
    let path = "/deviceManagement/virtualEndpoint/deviceImages/a%20b?$select=id,displayName";
    check::request(AT, &endpoint, "GET", path, &[], None);
    check::request(
        AT,
        &endpoint,
        "get",
        "/devicemanagement/virtualEndpoint/deviceImages('a b')?$select=id, displayName",
        &[],
        None,
    );

    let message =
        failure(|| check::request(AT, &endpoint, "GET", "/deviceManagement/virtualEndpoint/deviceImages/a", &[], None));
    assert!(message.starts_with("api/page.md:7: error[example-test.generator]: the endpoint requests"), "{message}");
    let message = failure(|| check::request(AT, &endpoint, "PATCH", path, &[], None));
    assert!(message.contains("error[example-test.generator]: the endpoint sends GET, the example PATCH"), "{message}");
}

#[test]
fn a_body_goes_through_its_type_and_must_come_back_the_same() {
    let sent = r#"{"displayName": "Image 1", "sourceImageResourceId": "String (identifier)", "version": "1.0"}"#;
    let image: CloudPcDeviceImage = check::body(AT, sent);
    assert_eq!(image.display_name.as_deref(), Some("Image 1"));
    assert_eq!(image.source_image_resource_id, None, "a placeholder is left out");
    let endpoint = device_images::create(&image);
    check::request(AT, &endpoint, "POST", "/deviceManagement/virtualEndpoint/deviceImages", &[], Some(sent));

    let message = failure(|| {
        check::request(AT, &endpoint, "POST", "/deviceManagement/virtualEndpoint/deviceImages", &[], Some("{}"))
    });
    assert!(message.contains("error[example-test.generator]: the body sent differs"), "{message}");
    assert!(message.contains("displayName"), "{message}");
}

#[test]
fn a_body_that_contradicts_its_type_is_the_docs_fault() {
    let message = failure(|| {
        let _: CloudPcDeviceImage = check::body(AT, r#"{"lastModifiedDateTime": "last Tuesday"}"#);
    });
    assert!(
        message.starts_with("api/page.md:7: error[example-test.doc]: the example's request body does not fit"),
        "{message}"
    );
    assert!(message.contains("lastModifiedDateTime"), "{message}");
}

#[test]
fn responses_must_fit_the_type_and_survive_a_round_trip() {
    let get = device_images::get("x");
    let documented = r#"{"id": "x", "lastModifiedDateTime": "2023-10-02T08:30:00.0000000Z", "futureProperty": [1]}"#;
    check::json_response(AT, &get, 200, Some(documented));
    check::json_response(AT, &get, 200, Some(r#"{"id": "x", "lastModifiedDateTime": "DateTimeOffset"}"#));

    let message = failure(|| check::json_response(AT, &get, 200, Some(r#"{"status": 3}"#)));
    assert!(message.contains("error[example-test.doc]: the example's response does not fit"), "{message}");
    let message = failure(|| check::json_response(AT, &get, 200, None));
    assert!(message.contains("error[example-test.doc]: the example's 200 response shows no JSON body"), "{message}");

    let list = device_images::list();
    check::page_response(AT, &list, 200, Some(r#"{"value": [{"id": "a"}], "@odata.count": 1}"#));
    check::other_response(AT, &device_images::delete("x"), 204, None);
    check::failure_response(AT, &get, 404, Some(r#"{"error": {"code": "NotFound", "message": "No."}}"#));
    let message = failure(|| check::failure_response(AT, &get, 200, Some(r#"{"id": "x"}"#)));
    assert!(message.contains("error[example-test.generator]: a 200 response was read as a success"), "{message}");
}

#[test]
fn placeholders_are_what_the_docs_write_instead_of_values() {
    for text in [
        "String",
        "string (identifier)",
        "Int32",
        "Edm.Boolean",
        "DateTimeOffset",
        "{id}",
        "<guid>",
        "...",
        "customerId-value",
    ] {
        assert!(check::is_placeholder(text), "{text}");
    }
    for text in ["Stringent", "Image 1", "2023-10-02", "D7", "{\"a\": 1}", "a-value b"] {
        assert!(!check::is_placeholder(text), "{text}");
    }
    let value = check::without_placeholders(json!({"a": "String", "b": ["Guid", "x"], "c": {"d": "<id>"}}));
    assert_eq!(value, json!({"b": ["x"], "c": {}}));
}

#[test]
fn json_compares_numbers_by_value() {
    let same = [(json!(1), json!(1.0)), (json!(60), json!("60")), (json!(4.666666507720947), json!(4.666666666666667))];
    for (left, right) in same {
        assert_eq!(check::difference(&left, &right), None, "{left} ~ {right}");
    }
    assert_eq!(check::difference(&json!({"a": 1}), &json!({"a": 2})).as_deref(), Some("a: 1 against 2"));
    assert_eq!(check::difference(&json!({"a": 1}), &json!({})).as_deref(), Some("a: 1 against nothing"));
    assert_eq!(check::difference(&json!([1]), &json!([1, 2])).as_deref(), Some("1 items against 2"));
}

#[test]
fn targets_compare_as_the_same_request() {
    let pairs = [
        ("/f(b=2,a='x,y')", "/F(a='x,y',b=2)"),
        ("/users('a%40b.com')/people", "/users/a@b.com/people"),
        ("/x/microsoft.graph.reboot", "/x/reboot"),
        ("/getSourceImages()", "/getSourceImages"),
        ("/x?$top=2&$select=a,b", "/x?$select=a, b&$top=2"),
    ];
    for (left, right) in pairs {
        assert_eq!(check::normal_target(left), check::normal_target(right), "{left} ~ {right}");
    }
    assert_ne!(check::normal_target("/users/a/people"), check::normal_target("/users/b/people"));
    assert_ne!(check::normal_target("/x?$top=2"), check::normal_target("/x?$top=3"));
}

#[test]
fn arguments_read_odata_literals() {
    assert_eq!(check::arg::<String>(AT, "'it''s'"), "it's");
    assert_eq!(check::arg::<i32>(AT, "5"), 5);
    assert!(check::arg::<bool>(AT, "true"));
    let message = failure(|| {
        check::arg::<i32>(AT, "'five'");
    });
    assert!(message.contains("error[example-test.doc]: the example's argument 'five' does not fit"), "{message}");
}
