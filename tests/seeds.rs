//! The seeds the project started from: resource pages 001 and 004 give the cloudPcDeviceImage
//! type with every property, and 004's enums with all their members (issue 2, "done when").

use crate::support::{corpus, ir_of_dir, workspace_root};

fn seed_ir(seed: &str) -> Option<docgen::ir::Ir> {
    // The seeds sit beside the corpus in shared/; the corpus guard decides skip or fail.
    corpus("graph-docs")?;
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(workspace_root().join("../shared/seeds").join(seed)).expect("seed is readable");
    std::fs::write(dir.path().join("cloudpcdeviceimage.md"), text).expect("write");
    Some(ir_of_dir(dir.path()))
}

fn property_names(ir: &docgen::ir::Ir) -> Vec<(String, String, bool)> {
    let image =
        ir.types.iter().find(|ty| ty.name == "cloudPcDeviceImage").expect("the seed defines cloudPcDeviceImage");
    image
        .properties
        .iter()
        .map(|property| (property.name.clone(), property.type_.name.clone(), property.collection))
        .collect()
}

#[test]
fn seed_001_gives_every_property() {
    let Some(ir) = seed_ir("001_4a9d8e5cacfb33db.txt") else { return };
    let expected = [
        ("displayName", "Edm.String"),
        ("id", "Edm.String"),
        ("lastModifiedDateTime", "Edm.DateTimeOffset"),
        ("operatingSystem", "Edm.String"),
        ("osBuildNumber", "Edm.String"),
        ("sourceImageResourceId", "Edm.String"),
        ("status", "microsoft.graph.cloudPcDeviceImageStatus"),
        ("statusDetails", "microsoft.graph.cloudPcDeviceImageStatusDetails"),
        ("version", "Edm.String"),
    ];
    let expected: Vec<(String, String, bool)> =
        expected.iter().map(|(name, ty)| ((*name).to_owned(), (*ty).to_owned(), false)).collect();
    assert_eq!(property_names(&ir), expected);
    let image = &ir.types[0];
    assert_eq!(image.base.as_ref().map(|base| base.name.as_str()), Some("microsoft.graph.entity"));
    assert_eq!(image.key.as_deref(), Some("id"));
    let status = image.properties.iter().find(|property| property.name == "status").expect("status");
    assert_eq!(status.inline_enum, ["pending", "ready", "failed"]);
}

#[test]
fn seed_004_gives_every_property_and_enum_member() {
    let Some(ir) = seed_ir("004_ab2d6cefa1bdc6e8.txt") else { return };
    let names: Vec<String> = property_names(&ir).into_iter().map(|(name, _, _)| name).collect();
    assert_eq!(
        names,
        [
            "displayName",
            "expirationDate",
            "id",
            "lastModifiedDateTime",
            "operatingSystem",
            "osBuildNumber",
            "osStatus",
            "sourceImageResourceId",
            "status",
            "statusDetails",
            "errorCode",
            "version"
        ]
    );
    let details = [
        "internalServerError",
        "sourceImageNotFound",
        "osVersionNotSupported",
        "sourceImageInvalid",
        "sourceImageNotGeneralized",
        "unknownFutureValue",
        "vmAlreadyAzureAdJoined",
        "paidSourceImageNotSupport",
        "sourceImageNotSupportCustomizeVMName",
        "sourceImageSizeExceedsLimitation",
    ];
    let expected: [(&str, &[&str]); 4] = [
        ("cloudPcDeviceImageErrorCode", &details),
        ("cloudPcDeviceImageOsStatus", &["supported", "supportedWithWarning", "unknown", "unknownFutureValue"]),
        ("cloudPcDeviceImageStatus", &["pending", "ready", "failed", "unknownFutureValue"]),
        ("cloudPcDeviceImageStatusDetails", &details),
    ];
    let enums: Vec<(String, Vec<String>)> = ir
        .enums
        .iter()
        .map(|en| (en.name.clone(), en.members.iter().map(|member| member.name.clone()).collect()))
        .collect();
    let expected: Vec<(String, Vec<String>)> = expected
        .iter()
        .map(|(name, members)| ((*name).to_owned(), members.iter().map(|member| (*member).to_owned()).collect()))
        .collect();
    assert_eq!(enums, expected);
    let types: Vec<(&str, &str)> = ir.types[0]
        .properties
        .iter()
        .filter(|property| {
            property.name.ends_with("Status") || property.name == "status" || property.name == "errorCode"
        })
        .map(|property| (property.name.as_str(), property.type_.name.as_str()))
        .collect();
    assert_eq!(
        types,
        [
            ("osStatus", "microsoft.graph.cloudPcDeviceImageOsStatus"),
            ("status", "microsoft.graph.cloudPcDeviceImageStatus"),
            ("errorCode", "microsoft.graph.cloudPcDeviceImageErrorCode"),
        ]
    );
}
