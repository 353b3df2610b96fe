//! Printing a [`Drift`]: text for people, markdown for a pull-request comment, the JSON contract,
//! and changelog entries in the shape of Microsoft Graph's published changelog.
//!
//! Every format starts from the sorted change list; none sorts or filters again, so they agree.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use super::{Change, ChangeKind, Drift, Entity, Impact};

/// The one-line account every format gives: what was compared and what was found.
pub fn headline(drift: &Drift) -> String {
    let compared = &drift.compared;
    let summary = &drift.summary;
    let mut line = format!(
        "compared {} types, {} enums, {} operations: {} changes ({} breaking, {} flagged, {} compatible)",
        compared.types,
        compared.enums,
        compared.operations,
        summary.changes,
        summary.breaking,
        summary.flagged,
        summary.compatible,
    );
    let listed = drift.changes.iter().filter(|change| change.aspect == Some("description")).count();
    if drift.description_edits > 0 && listed == 0 {
        let _ = write!(line, "; {} description edits not listed (--descriptions lists them)", drift.description_edits);
    } else if listed > 0 {
        let _ = write!(line, ", {listed} of them description edits");
    }
    if summary.listed < summary.changes {
        let _ = write!(line, "; {} of them listed", summary.listed);
    }
    line
}

/// Grouped by subject, one line per change:
///
/// ```text
/// microsoft.graph.cloudPcDeviceImage (type)
///   + property expirationDate: Edm.Date
///   - property sourceImageUrl: Edm.String  [breaking: property-removed]
/// ```
pub fn text(drift: &Drift) -> String {
    let mut out = format!("docgen drift: {}\n", headline(drift));
    for (subject, changes) in groups(drift) {
        match changes {
            [single] if is_whole(changes) => {
                let _ = writeln!(out, "\n{}", line(single));
            }
            _ => {
                let _ = writeln!(out, "\n{subject} ({})", subject_kind(changes));
                for change in changes {
                    let _ = writeln!(out, "  {}", line(change));
                }
            }
        }
    }
    out
}

/// How much a markdown report may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// The most characters, notes included: a GitHub pull-request comment holds 65,536.
    pub max_chars: usize,
    /// The most change rows, all sections together (`None`: as many as fit).
    pub max_rows: Option<usize>,
}

impl Default for MarkdownOptions {
    fn default() -> MarkdownOptions {
        MarkdownOptions { max_chars: PR_COMMENT_CHARS, max_rows: None }
    }
}

/// The most characters a GitHub pull-request comment holds.
pub const PR_COMMENT_CHARS: usize = 65_536;

/// The most characters of a `From` or `To` cell; longer values end in `…`.
const MAX_CELL_CHARS: usize = 160;

/// Room kept for the notes that close a cut report.
const CLOSING_ROOM: usize = 600;

/// A pull-request comment: the summary, the breaking changes in a table, then the flagged and the
/// compatible ones folded in `<details>`. Whatever the window, the report stays within
/// [`MarkdownOptions::max_chars`] and `max_rows`: rows that don't fit are counted in a note, so
/// the breaking changes are always the ones shown first.
pub fn markdown(drift: &Drift, options: &MarkdownOptions) -> String {
    let mut out = String::from("## docgen drift\n\n");
    if let (Some(old), Some(new)) = (&drift.old, &drift.new) {
        let _ = writeln!(out, "`{}` → `{}`\n", old.replace('`', "'"), new.replace('`', "'"));
    }
    let _ = writeln!(out, "{}.", capitalised(&headline(drift)));
    if drift.changes.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\n| Impact | Count | Rules (most frequent first) |\n|:---|---:|:---|");
    for impact in [Impact::Breaking, Impact::Flagged, Impact::Compatible] {
        let _ =
            writeln!(out, "| {} | {} | {} |", impact.as_str(), drift.summary.count(impact), top_rules(drift, impact));
    }
    let budget = options.max_chars.saturating_sub(CLOSING_ROOM);
    let mut rows_left = options.max_rows.unwrap_or(usize::MAX);
    // Once a row does not fit, no later (shorter) one is shown: the order stays breaking first.
    let mut unshown = Vec::new();
    for impact in [Impact::Breaking, Impact::Flagged, Impact::Compatible] {
        let changes: Vec<&Change> = drift.changes.iter().filter(|change| change.impact == impact).collect();
        if changes.is_empty() {
            continue;
        }
        let title = format!("{} changes ({})", capitalised(impact.as_str()), changes.len());
        let (open, close) = if impact == Impact::Breaking {
            (format!("\n### {title}\n\n"), String::new())
        } else {
            (format!("\n<details><summary>{title}</summary>\n\n"), "\n</details>\n".to_owned())
        };
        let header = "| Item | Change | From | To | Rule |\n|:---|:---|:---|:---|:---|\n";
        let mut shown = 0;
        let mut section = String::new();
        for change in &changes {
            let row = markdown_row(change);
            let fits = out.len() + open.len() + header.len() + section.len() + row.len() + close.len() <= budget;
            if !fits {
                rows_left = 0;
            }
            if rows_left == 0 {
                break;
            }
            section.push_str(&row);
            shown += 1;
            rows_left -= 1;
        }
        if shown > 0 {
            out.push_str(&open);
            out.push_str(header);
            out.push_str(&section);
            out.push_str(&close);
        }
        if shown < changes.len() {
            unshown.push(format!("{} {}", changes.len() - shown, impact.as_str()));
        }
    }
    if !unshown.is_empty() {
        let _ = writeln!(
            out,
            "\n*Not shown to fit a pull-request comment: {} changes. `docgen drift --format text` or `--format json` lists them all; `--only breaking` lists one impact.*",
            unshown.join(", ")
        );
    }
    out
}

/// `` `permission-removed` 95, `operation-added` 12, … `` for one impact, at most five rules.
fn top_rules(drift: &Drift, impact: Impact) -> String {
    let mut per_rule: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for change in drift.changes.iter().filter(|change| change.impact == impact) {
        *per_rule.entry(change.rule).or_default() += 1;
    }
    let mut rules: Vec<(&str, usize)> = per_rule.into_iter().collect();
    rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut text: Vec<String> = rules.iter().take(5).map(|(rule, count)| format!("`{rule}` {count}")).collect();
    if rules.len() > 5 {
        text.push(format!("{} more", rules.len() - 5));
    }
    text.join(", ")
}

/// One table row: `` | property `user.aboutMe` | removed | `Edm.String` |  | `property-removed` | ``.
fn markdown_row(change: &Change) -> String {
    let short = |name: &str| name.strip_prefix("microsoft.graph.").unwrap_or(name).to_owned();
    let item = match &change.owner {
        // A Rust item's name is its whole path already.
        Some(owner) if !change.name.starts_with(owner.as_str()) => {
            format!("{} `{}.{}`", change.entity.as_str(), short(owner), change.name)
        }
        _ => format!("{} `{}`", change.entity.as_str(), short(&change.name)),
    };
    let what = match change.aspect {
        Some(aspect) => format!("{} ({aspect})", change.change.as_str()),
        None => change.change.as_str().to_owned(),
    };
    format!(
        "| {} | {} | {} | {} | `{}` |\n",
        cell(&item),
        what,
        cell(&clipped(&code(&change.from))),
        cell(&clipped(&code(&change.to))),
        change.rule
    )
}

/// A cell's text cut at [`MAX_CELL_CHARS`], on a character boundary.
fn clipped(text: &str) -> String {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => {
            // A cut code span would swallow the rest of the row.
            let cut = &text[..end];
            let ticks = cut.matches('`').count();
            format!("{cut}{}…", if ticks % 2 == 1 { "`" } else { "" })
        }
        None => text.to_owned(),
    }
}

/// The drift JSON contract, pretty-printed.
pub fn json(drift: &Drift) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(drift)?;
    text.push('\n');
    Ok(text)
}

/// What a changelog record says beyond its changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangelogOptions {
    /// `beta` or `v1.0`.
    pub version: String,
    /// `CreatedDateTime` (`2021-07-16T00:00:00Z`).
    pub created: String,
    /// `WorkloadArea`; the docs don't say, so the doc team fills it in.
    pub workload_area: String,
    /// `SubArea`.
    pub sub_area: String,
}

/// One changelog record holding every listed change except description edits and moved pages
/// (`operation-renamed`: the API did not change), as JSON.
///
/// Its `Id` is a name-based (v5) UUID of the entries, so the same drift always gets the same id.
pub fn changelog(drift: &Drift, options: &ChangelogOptions) -> Result<String, serde_json::Error> {
    let view = if options.version == "v1.0" { "graph-rest-1.0" } else { "graph-rest-beta" };
    let entries: Vec<Entry> = drift
        .changes
        .iter()
        .filter(|change| {
            change.aspect != Some("description")
                && change.rule != super::rules::OPERATION_RENAMED.id
                && change.entity != Entity::Api
        })
        .map(|change| entry(drift, change, view))
        .collect();
    let seed = serde_json::to_string(&entries)?;
    let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, seed.as_bytes()).to_string();
    let change_list: Vec<Value> = entries
        .into_iter()
        .map(|entry| {
            serde_json::json!({
                "Id": id,
                "ApiChange": entry.api_change,
                "ChangedApiName": entry.changed_api_name,
                "ChangeType": entry.change_type,
                "Description": entry.description,
                "Target": entry.target,
            })
        })
        .collect();
    let record = serde_json::json!({
        "changelog": [{
            "ChangeList": change_list,
            "Id": id,
            "Cloud": "prd",
            "Version": options.version,
            "CreatedDateTime": options.created,
            "WorkloadArea": options.workload_area,
            "SubArea": options.sub_area,
        }]
    });
    let mut text = serde_json::to_string_pretty(&record)?;
    text.push('\n');
    Ok(text)
}

/// A changelog item before it gets the record's id.
#[derive(Debug, Serialize)]
struct Entry {
    api_change: &'static str,
    changed_api_name: String,
    change_type: &'static str,
    description: String,
    target: String,
}

fn entry(drift: &Drift, change: &Change, view: &str) -> Entry {
    let simple = |qualified: &str| qualified.rsplit('.').next().unwrap_or(qualified).to_owned();
    let link = |text: &str, page: Option<&str>| match page {
        Some(page) => {
            let stem = page.rsplit('/').next().unwrap_or(page).trim_end_matches(".md");
            let folder = if page.starts_with("api/") { "" } else { "resources/" };
            format!("[{text}](https://learn.microsoft.com/en-us/graph/api/{folder}{stem}?view={view})")
        }
        None => format!("**{text}**"),
    };
    let page = change.new_source.as_ref().or(change.old_source.as_ref()).map(|source| source.file.to_string());
    let change_type = match change.change {
        ChangeKind::Added => "Addition",
        ChangeKind::Removed => "Deletion",
        ChangeKind::Changed => "Change",
    };
    let method_of =
        |id: &str| drift.operations.get(id).map(|info| info.method_name.clone()).unwrap_or_else(|| id.to_owned());
    let method_link = |id: &str| link(&method_of(id), Some(&format!("api/{id}.md")));

    // What the item is called in the sentence, and what holds it ("the [x] resource").
    let (api_change, name, target, item, holder) = match change.entity {
        Entity::Type | Entity::Enum => {
            let name = simple(&change.name);
            let (api_change, noun) =
                if change.entity == Entity::Type { ("Resource", "resource") } else { ("Enumeration", "enumeration") };
            (api_change, name.clone(), name.clone(), format!("the {} {noun}", link(&name, page.as_deref())), None)
        }
        Entity::Property | Entity::Navigation | Entity::Member => {
            let owner = simple(change.owner.as_deref().unwrap_or_default());
            let (api_change, noun, owner_noun) = match change.entity {
                Entity::Property => ("Property", "property", "resource"),
                Entity::Navigation => ("Relationship", "relationship", "resource"),
                _ => ("Member", "member", "enumeration"),
            };
            let holder = format!("the {} {owner_noun}", link(&owner, page.as_deref()));
            (api_change, change.name.clone(), owner, format!("the **{}** {noun}", change.name), Some(holder))
        }
        Entity::Operation => {
            let info = drift.operations.get(&change.name);
            let resource = info.and_then(|info| info.resource.clone());
            let holder = resource.as_deref().map(|name| {
                format!("the {} resource", link(name, info.and_then(|info| info.resource_page.as_deref())))
            });
            let method = method_of(&change.name);
            let target = resource.unwrap_or_else(|| method.clone());
            ("Method", method, target, format!("the {} method", method_link(&change.name)), holder)
        }
        // Left out of changelogs (see `changelog`); named plainly should one reach here.
        Entity::Api => {
            let item = format!("the Rust item `{}`", change.name);
            ("Rust API", change.name.clone(), change.name.clone(), item, None)
        }
        Entity::Parameter | Entity::Permission => {
            let id = change.owner.as_deref().unwrap_or_default();
            let holder = Some(format!("the {} method", method_link(id)));
            let (api_change, item) = if change.entity == Entity::Permission {
                let kind = change.aspect.unwrap_or_default().replace('_', " ");
                ("Permission", format!("the `{}` {kind} permission", change.name))
            } else if change.aspect == Some("header") {
                ("Header", format!("the **{}** header", change.name))
            } else {
                ("Parameter", format!("the **{}** parameter", change.name))
            };
            (api_change, change.name.clone(), method_of(id), item, holder)
        }
    };
    let description = match (change.change, change.aspect) {
        (ChangeKind::Added, _) => match &holder {
            Some(holder) => format!("Added {item} to {holder}."),
            None => format!("Added {item}."),
        },
        (ChangeKind::Removed, _) => match &holder {
            Some(holder) => format!("Removed {item} from {holder}."),
            None => format!("Removed {item}."),
        },
        (ChangeKind::Changed, Some("name" | "id")) => {
            let within = holder.as_deref().map(|holder| format!(" in {holder}")).unwrap_or_default();
            format!("Renamed **{}** to {item}{within}.", simple(&plain(&change.from)))
        }
        (ChangeKind::Changed, aspect) => {
            let within = holder.as_deref().map(|holder| format!(" in {holder}")).unwrap_or_default();
            format!(
                "Changed the {} of {item}{within} from {} to {}.",
                aspect_phrase(aspect.unwrap_or("value")),
                quoted(&change.from),
                quoted(&change.to)
            )
        }
    };
    Entry { api_change, changed_api_name: name, change_type, description, target }
}

/// An aspect in a sentence: `read_only` -> "read-only state".
fn aspect_phrase(aspect: &str) -> String {
    match aspect {
        "read_only" => "read-only state".to_owned(),
        "nullable" => "nullable state".to_owned(),
        "required" => "required state".to_owned(),
        "collection" => "collection state".to_owned(),
        "abstract" => "abstract state".to_owned(),
        "open" => "open state".to_owned(),
        "request_body" => "request body type".to_owned(),
        "response" => "response type".to_owned(),
        "status" => "response status".to_owned(),
        "base" => "base type".to_owned(),
        other => other.replace('_', " "),
    }
}

/// A value for a changelog sentence: code-spanned, "none" for null.
fn quoted(value: &Value) -> String {
    match value {
        Value::Null => "none".to_owned(),
        other => format!("`{}`", plain(other)),
    }
}

/// Changes grouped by subject, in order.
fn groups(drift: &Drift) -> Vec<(&str, &[Change])> {
    let mut groups = Vec::new();
    let mut rest = drift.changes.as_slice();
    while let Some(first) = rest.first() {
        let subject = first.subject();
        let len = rest.iter().take_while(|change| change.subject() == subject).count();
        let (group, tail) = rest.split_at(len);
        groups.push((subject, group));
        rest = tail;
    }
    groups
}

/// A group that is one type, enum or operation added or removed as a whole.
fn is_whole(changes: &[Change]) -> bool {
    matches!(changes, [single] if single.owner.is_none() && single.change != ChangeKind::Changed)
}

/// What a subject is, from its changes.
fn subject_kind(changes: &[Change]) -> &'static str {
    match changes.first().map(|change| change.entity) {
        Some(Entity::Type | Entity::Property | Entity::Navigation) => "type",
        Some(Entity::Enum | Entity::Member) => "enum",
        Some(Entity::Api) => "Rust API",
        _ => "operation",
    }
}

/// `+ property expirationDate: Edm.Date`, `~ property status: type a -> b  [breaking: rule]`;
/// a change of the subject itself, under its heading, is just `~ base a -> b`.
fn line(change: &Change) -> String {
    let item = format!("{} {}", change.entity.as_str(), change.name);
    let mut text = match change.change {
        ChangeKind::Added => format!("+ {item}{}", value_suffix(change, &change.to)),
        ChangeKind::Removed => format!("- {item}{}", value_suffix(change, &change.from)),
        ChangeKind::Changed => {
            let what = format!("{} {} -> {}", change.aspect.unwrap_or("value"), plain(&change.from), plain(&change.to));
            match change.owner {
                Some(_) => format!("~ {item}: {what}"),
                None => format!("~ {what}"),
            }
        }
    };
    if change.impact != Impact::Compatible {
        let _ = write!(text, "  [{}: {}]", change.impact.as_str(), change.rule);
    } else if change.rule == super::rules::PROPERTY_MOVED.id {
        let _ = write!(text, "  [{}]", change.rule);
    }
    text
}

/// `: Edm.Date` for a typed item, ` (query)` for where a parameter sits.
fn value_suffix(change: &Change, value: &Value) -> String {
    let place = match (change.entity, change.aspect) {
        (Entity::Parameter, Some(place)) => format!(" ({place})"),
        _ => String::new(),
    };
    match (change.entity, value) {
        (_, Value::Null) => place,
        (Entity::Permission, _) => format!(" ({})", plain(value).replace('_', " ")),
        (Entity::Type | Entity::Operation, _) => format!(" ({})", plain(value)),
        (Entity::Member, _) => format!(" = {}", plain(value)),
        _ => format!(": {}{place}", plain(value)),
    }
}

/// A value as plain text: strings unquoted, lists comma-separated, null as "none".
fn plain(value: &Value) -> String {
    match value {
        Value::Null => "none".to_owned(),
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// A value for a markdown cell: code-spanned, empty for null.
fn code(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Array(items) => items.iter().map(code).collect::<Vec<_>>().join(", "),
        other => format!("`{}`", plain(other).replace('`', "'")),
    }
}

/// Escapes what would end a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
