//! PowerShell cmdlets against the REST docs: the body parameter's properties against the Graph
//! type (or the action's parameters), the linked API pages, and the noun against their paths.
//!
//! Checks that need the REST side run only when the root has it: cmdlet pages linted alone say
//! nothing about REST pages they cannot see.

use super::{quoted, Model};
use crate::diag::{codes, Diagnostic};
use crate::ir;

pub(super) fn check(model: &Model<'_>, out: &mut Vec<Diagnostic>) {
    let has_operations = !model.ir.operations.is_empty();
    let has_types = !model.ir.types.is_empty();
    for cmdlet in &model.ir.cmdlets {
        let mut operations = Vec::new();
        for page in &cmdlet.rest_pages {
            match model.operations.get(page.as_str()) {
                Some(op) => operations.push(*op),
                None if has_operations => out.push(Diagnostic::new(
                    codes::CMDLET_REST_PAGE_MISSING,
                    &cmdlet.source.file,
                    cmdlet.source.line,
                    format!(
                        "{} links the Graph API page \"{page}\", which these docs do not have; fix the link or add the page",
                        cmdlet.name
                    ),
                )),
                None => {}
            }
        }
        if !operations.is_empty()
            && !operations.iter().any(|op| op.paths.iter().any(|path| noun_fits_path(&cmdlet.noun, path)))
        {
            let paths: Vec<&str> = operations.iter().flat_map(|op| &op.paths).take(3).map(String::as_str).collect();
            out.push(Diagnostic::new(
                codes::CMDLET_PATH_MISMATCH,
                &cmdlet.source.file,
                cmdlet.source.line,
                format!(
                    "noun {} does not spell any path of the linked operation ({}); the cmdlet and the API page describe different resources",
                    cmdlet.noun,
                    paths.join(", ")
                ),
            ));
        }
        let Some(body) = &cmdlet.body else { continue };
        if let Some(graph_type) = &body.graph_type {
            if !has_types {
                continue;
            }
            let found = model.by_simple.get(&graph_type.to_ascii_lowercase()).and_then(|types| types.first());
            match found {
                Some(ty) => compare_with_type(model, cmdlet, body, ty, out),
                None => out.push(Diagnostic::new(
                    codes::CMDLET_UNKNOWN_REST_TYPE,
                    &body.source.file,
                    body.source.line,
                    format!(
                        "{} of {} is a \"{graph_type}\", which no resource page defines; check the type name",
                        body.name, cmdlet.name
                    ),
                )),
            }
        } else if let Some(request_body) = operations.iter().find_map(|op| op.request_body.as_ref()) {
            // An action's body: its parameters are the Request body table's rows.
            if !request_body.properties.is_empty() {
                let rest: Vec<(&str, &ir::Property)> =
                    request_body.properties.iter().map(|property| (property.name.as_str(), property)).collect();
                compare(cmdlet, body, &rest, "the action's Request body table", out);
            }
        }
    }
}

fn compare_with_type(
    model: &Model<'_>,
    cmdlet: &ir::Cmdlet,
    body: &ir::ComplexParameter,
    ty: &ir::Type,
    out: &mut Vec<Diagnostic>,
) {
    let properties = model.properties(ty);
    let rest: Vec<(&str, &ir::Property)> = properties.iter().map(|(name, property)| (*name, *property)).collect();
    // Navigation properties may appear in the body too; they are neither missing nor extra.
    let navigation = model.navigation_names(ty);
    let body_only: Vec<&ir::NoteProperty> =
        body.properties.iter().filter(|property| !navigation.contains(&property.name.to_ascii_lowercase())).collect();
    let trimmed = ir::ComplexParameter { properties: body_only.into_iter().cloned().collect(), ..body.clone() };
    compare(cmdlet, &trimmed, &rest, &format!("REST type {}", ty.name), out);
}

/// Names on one side only, and type disagreements, between a body parameter and REST rows.
fn compare(
    cmdlet: &ir::Cmdlet,
    body: &ir::ComplexParameter,
    rest: &[(&str, &ir::Property)],
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let find = |name: &str| rest.iter().find(|(rest_name, _)| rest_name.eq_ignore_ascii_case(name)).map(|(_, p)| *p);
    let mut cmdlet_only = Vec::new();
    for property in &body.properties {
        match find(&property.name) {
            None => cmdlet_only.push(property.name.as_str()),
            Some(rest_property) => {
                if let Some(problem) = type_disagreement(property, rest_property) {
                    out.push(Diagnostic::new(
                        codes::CMDLET_TYPE_MISMATCH,
                        &property.source.file,
                        property.source.line,
                        format!(
                            "{} of {}: {} is {problem}; the two docs disagree on its type",
                            body.name, cmdlet.name, property.name
                        ),
                    ));
                }
            }
        }
    }
    if !cmdlet_only.is_empty() {
        out.push(Diagnostic::new(
            codes::CMDLET_EXTRA_PROPERTY,
            &body.source.file,
            body.source.line,
            format!(
                "{} of {} has {} that {what} does not document; one side is out of date",
                body.name,
                cmdlet.name,
                quoted(&cmdlet_only)
            ),
        ));
    }
    let rest_only: Vec<&str> = rest
        .iter()
        .filter(|(name, _)| !body.properties.iter().any(|property| property.name.eq_ignore_ascii_case(name)))
        .map(|(name, _)| *name)
        .collect();
    if !rest_only.is_empty() {
        out.push(Diagnostic::new(
            codes::CMDLET_MISSING_PROPERTY,
            &body.source.file,
            body.source.line,
            format!(
                "{} of {} lacks {} that {what} documents; one side is out of date",
                body.name,
                cmdlet.name,
                quoted(&rest_only)
            ),
        ));
    }
}

/// Why a NOTES property's .NET type cannot be the REST property's type, if it cannot.
fn type_disagreement(property: &ir::NoteProperty, rest: &ir::Property) -> Option<String> {
    let edm = rest.type_.name.as_str();
    let dotnet = property.type_.as_str();
    // `Byte[]` is how PowerShell carries Edm.Binary.
    if dotnet.eq_ignore_ascii_case("Byte") && property.collection && edm == "Edm.Binary" {
        return None;
    }
    let rest_shape = if rest.collection { format!("a collection of {edm}") } else { edm.to_owned() };
    let cmdlet_shape = format!("{dotnet}{}", if property.collection { "[]" } else { "" });
    if property.collection != rest.collection {
        return Some(format!("{cmdlet_shape} in the cmdlet but {rest_shape} in REST"));
    }
    let fits = match dotnet.to_ascii_lowercase().as_str() {
        "object" | "hashtable" | "idictionary" | "psobject" => true,
        "string" => matches!(edm, "Edm.String" | "Edm.Guid" | "Edm.Binary") || !edm.starts_with("Edm."),
        "datetime" => matches!(edm, "Edm.DateTimeOffset" | "Edm.Date"),
        "timespan" => matches!(edm, "Edm.Duration" | "Edm.TimeOfDay"),
        "boolean" | "switchparameter" | "bool" => edm == "Edm.Boolean",
        "int32" | "int" | "int16" | "byte" | "sbyte" => {
            matches!(edm, "Edm.Int32" | "Edm.Int16" | "Edm.Byte" | "Edm.SByte")
        }
        "int64" | "long" => edm == "Edm.Int64",
        "double" | "single" | "float" | "decimal" => matches!(edm, "Edm.Double" | "Edm.Single" | "Edm.Decimal"),
        "guid" => edm == "Edm.Guid",
        other => match other.strip_prefix("imicrosoftgraph") {
            // `IMicrosoftGraphCloudPcSourceDeviceImage` is `microsoft.graph.cloudPcSourceDeviceImage`.
            Some(name) => {
                let rest_name =
                    edm.strip_prefix("microsoft.graph.").unwrap_or(edm).replace('.', "").to_ascii_lowercase();
                rest_name == name
            }
            // A type we have no rule for is not a disagreement we can prove.
            None => true,
        },
    };
    (!fits).then(|| format!("{cmdlet_shape} in the cmdlet but {rest_shape} in REST"))
}

/// Whether a cmdlet noun (`MgDeviceManagementVirtualEndpointDeviceImage`) spells a path
/// (`/deviceManagement/virtualEndpoint/deviceImages/{id}`): the path's segments singularised and
/// joined, with the last segment (an action such as `reboot`) optional or in front, and a
/// leading verb of a function (`getSourceImages`, `retrieveCloudPcLaunchDetail`) dropped.
pub(crate) fn noun_fits_path(noun: &str, path: &str) -> bool {
    let noun = noun.strip_prefix("MgBeta").or_else(|| noun.strip_prefix("Mg")).unwrap_or(noun).to_ascii_lowercase();
    let segments: Vec<String> = path
        .split('/')
        .filter(|segment| !segment.is_empty() && !segment.starts_with('{'))
        .map(|segment| {
            let segment = segment.split('(').next().unwrap_or_default();
            let segment = segment.rsplit('.').next().unwrap_or(segment);
            singular(&segment.to_ascii_lowercase())
        })
        .filter(|segment| !segment.is_empty())
        .collect();
    let Some((last, init)) = segments.split_last() else { return false };
    let base = init.concat();
    let last_without_verb = strip_verb(last);
    // `cloudPCs/{id}/retrieveCloudPcLaunchDetail` is `...CloudPcLaunchDetail`: the function
    // repeats the segment before it.
    let overlapping = init
        .last()
        .and_then(|previous| last_without_verb.strip_prefix(previous.as_str()))
        .map(|rest| format!("{base}{rest}"));
    let candidates = [
        Some(format!("{base}{last}")),
        Some(base.clone()),
        Some(format!("{last}{base}")),
        Some(format!("{base}{last_without_verb}")),
        overlapping,
    ];
    candidates.iter().flatten().any(|candidate| candidate == &noun)
}

fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    if word.ends_with("ss") || word.ends_with("us") {
        return word.to_owned();
    }
    word.strip_suffix('s').unwrap_or(word).to_owned()
}

/// `getsourceimage` -> `sourceimage`; the leading lower-case verb of a function name.
fn strip_verb(segment: &str) -> &str {
    for verb in ["get", "retrieve", "list", "create", "update", "delete"] {
        if let Some(rest) = segment.strip_prefix(verb).filter(|rest| !rest.is_empty()) {
            return rest;
        }
    }
    segment
}

#[cfg(test)]
mod tests {
    use super::noun_fits_path;

    #[test]
    fn nouns_and_paths() {
        let rows = [
            (
                "MgDeviceManagementVirtualEndpointDeviceImage",
                "/deviceManagement/virtualEndpoint/deviceImages/{id}",
                true,
            ),
            ("MgDeviceManagementVirtualEndpointDeviceImage", "/deviceManagement/virtualEndpoint/deviceImages", true),
            (
                "MgDeviceManagementVirtualEndpointCloudPc",
                "/deviceManagement/virtualEndpoint/cloudPCs/{id}/reboot",
                true,
            ),
            (
                "MgBetaReprovisionDeviceManagementVirtualEndpointCloudPc",
                "/deviceManagement/virtualEndpoint/cloudPCs/{id}/reprovision",
                true,
            ),
            (
                "MgDeviceManagementVirtualEndpointDeviceImageSourceImage",
                "/deviceManagement/virtualEndpoint/deviceImages/getSourceImages()",
                true,
            ),
            (
                "MgDeviceManagementVirtualEndpointCloudPcLaunchDetail",
                "/deviceManagement/virtualEndpoint/cloudPCs/{id}/retrieveCloudPcLaunchDetail()",
                true,
            ),
            (
                "MgDeviceManagementVirtualEndpointGalleryImage",
                "/deviceManagement/virtualEndpoint/deviceImages/{id}",
                false,
            ),
        ];
        for (noun, path, expected) in rows {
            assert_eq!(noun_fits_path(noun, path), expected, "{noun} ~ {path}");
        }
    }
}
