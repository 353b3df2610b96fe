//! A crate whose Graph models are generated at build time by `build.rs` with
//! `docgen::build::Models`, and included here as the module `graph_models`.

/// Models generated from `docs-input/2023-11-15/beta`: `cloudPcDeviceImage` and what it uses.
pub mod graph_models {
    include!(concat!(env!("OUT_DIR"), "/graph_models.rs"));
}

use graph_models::graph::{CloudPcDeviceImage, CloudPcDeviceImageStatus};

/// The display names of the images that are ready, from a list response body.
pub fn ready_images(body: &str) -> Result<Vec<String>, serde_json::Error> {
    let mut page: serde_json::Value = serde_json::from_str(body)?;
    let images: Vec<CloudPcDeviceImage> = serde_json::from_value(page["value"].take())?;
    Ok(images
        .into_iter()
        .filter(|image| image.status == Some(CloudPcDeviceImageStatus::Ready))
        .filter_map(|image| image.display_name)
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn models_generated_at_build_time_parse_a_response() {
        let body = r#"{"value": [
            {"id": "1", "displayName": "Ready image", "status": "ready"},
            {"id": "2", "displayName": "Failed image", "status": "failed"},
            {"id": "3", "displayName": "New state", "status": "somethingNew"}
        ]}"#;
        assert_eq!(super::ready_images(body).expect("parses"), ["Ready image"]);
    }
}
