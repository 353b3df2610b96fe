//! PlatyPS cmdlet pages -> `ir::Cmdlet`.
//!
//! Reads the line outline of `page::platyps` section by section. Both PlatyPS formats land in
//! the same IR (`shared/corpus/powershell/README.md` describes them):
//!
//! - SYNTAX gives the parameter sets, the default one, and which parameters each set has and
//!   requires: `-Name <T>` is mandatory, `[-Name <T>]` optional, `[-Name] <T>` mandatory and
//!   positional. The older format cannot state required-ness per set in its YAML, so SYNTAX is
//!   the one source for it in both formats.
//! - PARAMETERS gives each parameter's .NET type, aliases and pipeline input from its YAML block:
//!   `ParameterSets:` as a list of mappings (2024-05-01), or `Parameter Sets:`/`Required:`/
//!   `Accept pipeline input:` keys (older format). When SYNTAX and PARAMETERS disagree, it is a
//!   diagnostic and the union is kept.
//! - NOTES gives the complex parameters: `BODYPARAMETER <IType>: description` (the type in
//!   backticks in some revisions) and items `  [Name <Type>]: description` (older format:
//!   ``  - `[Name <Type>]`: ``), nested by indentation, continuation lines at column 0.

use std::collections::BTreeSet;

use super::Ctx;
use crate::diag::codes;
use crate::ir::{self, Source};
use crate::page::nesting::read_yaml;
use crate::page::platyps::Node;
use crate::page::Span;

/// The name PowerShell gives the one set of a cmdlet that declares none.
pub const ALL_PARAMETER_SETS: &str = "__AllParameterSets";

/// Extracts the cmdlet of a PlatyPS page.
pub(super) fn extract_cmdlet(ctx: &mut Ctx<'_>) -> Option<ir::Cmdlet> {
    let page = ctx.page;
    let outline = page.cmdlet.as_ref()?;
    let sections = split_sections(&outline.nodes);
    let field = |key: &str| page.field(key).map(|value| value.trim().to_owned()).filter(|value| !value.is_empty());
    let title_span = page.title.as_ref().map_or(Span::default(), |title| title.span);
    let name = page.title.as_ref().map(|title| title.text.clone()).or_else(|| field("title")).unwrap_or_default();
    let (verb, noun) = match name.split_once('-') {
        Some((verb, noun)) if !verb.is_empty() && !noun.is_empty() => (verb.to_owned(), noun.to_owned()),
        _ => {
            ctx.diag(
                codes::CMDLET_BAD_NAME,
                title_span.start,
                format!("cmdlet title \"{name}\" is not `<Verb>-<Noun>`; write the cmdlet's name as the H1"),
            );
            (String::new(), name.clone())
        }
    };

    let mut cmdlet = ir::Cmdlet {
        name,
        verb,
        noun,
        module: field("Module Name"),
        schema: field("PlatyPS schema version").or_else(|| field("schema")).unwrap_or_default(),
        help_uri: field("HelpUri").or_else(|| field("online version")),
        synopsis: String::new(),
        rest_pages: Vec::new(),
        default_parameter_set: None,
        parameter_sets: Vec::new(),
        parameters: Vec::new(),
        body: None,
        complex_parameters: Vec::new(),
        inputs: Vec::new(),
        outputs: Vec::new(),
        source: ctx.source(title_span),
    };
    let mut yaml_sets = Vec::new();
    for section in &sections {
        match section.name.to_ascii_uppercase().as_str() {
            "SYNOPSIS" => cmdlet.synopsis = synopsis(section.intro),
            "SYNTAX" => cmdlet.parameter_sets = syntax_sets(ctx, &cmdlet.name, section),
            "PARAMETERS" => {
                for sub in &section.subsections {
                    let Some(param_name) = sub.title.strip_prefix('-') else { continue };
                    let (parameter, sets) = parameter(ctx, param_name.trim(), sub);
                    cmdlet.parameters.push(parameter);
                    yaml_sets.push(sets);
                }
            }
            "INPUTS" => cmdlet.inputs = section.subsections.iter().map(|sub| sub.title.clone()).collect(),
            "OUTPUTS" => cmdlet.outputs = section.subsections.iter().map(|sub| sub.title.clone()).collect(),
            "NOTES" => cmdlet.complex_parameters = notes(ctx, section.all),
            _ => {}
        }
        if matches!(section.name.to_ascii_uppercase().as_str(), "DESCRIPTION" | "RELATED LINKS") {
            for node in section.all {
                if let Node::Line { text, .. } = node {
                    for rest_page in rest_page_links(text) {
                        if !cmdlet.rest_pages.contains(&rest_page) {
                            cmdlet.rest_pages.push(rest_page);
                        }
                    }
                }
            }
        }
    }
    cmdlet.default_parameter_set = cmdlet.parameter_sets.iter().find(|set| set.default).map(|set| set.name.clone());
    reconcile_sets(ctx, &mut cmdlet, &yaml_sets);
    for complex in &mut cmdlet.complex_parameters {
        complex.parameter = cmdlet
            .parameters
            .iter()
            .find(|parameter| parameter.name.eq_ignore_ascii_case(&complex.name))
            .map(|parameter| parameter.name.clone());
    }
    if let Some(idx) = cmdlet.complex_parameters.iter().position(|complex| complex.name == "BODYPARAMETER") {
        cmdlet.body = Some(cmdlet.complex_parameters.remove(idx));
    }
    Some(cmdlet)
}

/// An H2 section of a cmdlet page.
struct PsSection<'n> {
    name: &'n str,
    /// Nodes before the first H3.
    intro: &'n [Node],
    /// Every node of the section.
    all: &'n [Node],
    subsections: Vec<PsSubsection<'n>>,
}

/// An H3 inside a section.
struct PsSubsection<'n> {
    title: String,
    span: Span,
    nodes: &'n [Node],
}

fn split_sections(nodes: &[Node]) -> Vec<PsSection<'_>> {
    let h2: Vec<usize> = nodes
        .iter()
        .enumerate()
        .filter(|(_, node)| matches!(node, Node::Heading { level: 2, .. }))
        .map(|(idx, _)| idx)
        .collect();
    let mut sections = Vec::new();
    for (nth, &start) in h2.iter().enumerate() {
        let end = h2.get(nth + 1).copied().unwrap_or(nodes.len());
        let Some(Node::Heading { text, .. }) = nodes.get(start) else { continue };
        let body = nodes.get(start + 1..end).unwrap_or_default();
        let h3: Vec<usize> = body
            .iter()
            .enumerate()
            .filter(|(_, node)| matches!(node, Node::Heading { level, .. } if *level >= 3))
            .map(|(idx, _)| idx)
            .collect();
        let intro = body.get(..h3.first().copied().unwrap_or(body.len())).unwrap_or_default();
        let subsections = h3
            .iter()
            .enumerate()
            .filter_map(|(sub_nth, &sub_start)| {
                let sub_end = h3.get(sub_nth + 1).copied().unwrap_or(body.len());
                match body.get(sub_start) {
                    Some(Node::Heading { text, span, .. }) => Some(PsSubsection {
                        title: text.clone(),
                        span: *span,
                        nodes: body.get(sub_start + 1..sub_end).unwrap_or_default(),
                    }),
                    _ => None,
                }
            })
            .collect();
        sections.push(PsSection { name: text, intro, all: body, subsections });
    }
    sections
}

/// The SYNOPSIS lines up to a `> [!NOTE]` pointing at the v1.0/beta twin.
fn synopsis(nodes: &[Node]) -> String {
    let mut lines = Vec::new();
    for node in nodes {
        if let Node::Line { text, .. } = node {
            if text.trim_start().starts_with('>') {
                break;
            }
            if !text.trim().is_empty() {
                lines.push(text.trim());
            }
        }
    }
    lines.join(" ")
}

/// The sets of SYNTAX: one `### Name` (+ ` (Default)`) and fence each, or one bare fence.
fn syntax_sets(ctx: &mut Ctx<'_>, cmdlet_name: &str, section: &PsSection<'_>) -> Vec<ir::ParameterSet> {
    let mut sets = Vec::new();
    if let Some((text, span)) = first_fence(section.intro) {
        sets.push(ir::ParameterSet {
            name: ALL_PARAMETER_SETS.to_owned(),
            default: true,
            parameters: syntax_parameters(text, cmdlet_name),
            source: ctx.source(span),
        });
    }
    for sub in &section.subsections {
        let (name, default) = match sub.title.strip_suffix("(Default)") {
            Some(name) => (name.trim().to_owned(), true),
            None => (sub.title.trim().to_owned(), false),
        };
        let parameters = match first_fence(sub.nodes) {
            Some((text, _)) => syntax_parameters(text, cmdlet_name),
            None => {
                ctx.diag(
                    codes::CMDLET_SYNTAX_MISMATCH,
                    sub.span.start,
                    format!(
                        "parameter set \"{name}\" has no syntax block; add the fenced syntax line under its heading"
                    ),
                );
                Vec::new()
            }
        };
        sets.push(ir::ParameterSet { name, default, parameters, source: ctx.source(sub.span) });
    }
    sets
}

fn first_fence(nodes: &[Node]) -> Option<(&str, Span)> {
    nodes.iter().find_map(|node| match node {
        Node::Fence { text, span, .. } => Some((text.as_str(), *span)),
        _ => None,
    })
}

/// The parameters of one syntax line, in order, with whether each is mandatory.
///
/// `Get-X -Id <string> [-Top <int>] [[-Path] <string>] [-Id2] <string> [<CommonParameters>]`:
/// a parameter is optional when a bracket opened before its own `[-Name]` positional marker.
pub(crate) fn syntax_parameters(text: &str, cmdlet_name: &str) -> Vec<ir::SetParameter> {
    let text = text.trim_start();
    let text = text.strip_prefix(cmdlet_name).unwrap_or(text);
    let chars: Vec<char> = text.chars().collect();
    let mut parameters = Vec::new();
    let mut depth = 0_usize;
    let mut idx = 0;
    while let Some(&c) = chars.get(idx) {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '<' => {
                // A type or `<CommonParameters>`: skip to its end.
                while chars.get(idx).is_some_and(|&c| c != '>') {
                    idx += 1;
                }
            }
            '-' if idx == 0 || chars.get(idx - 1).is_some_and(|prev| prev.is_whitespace() || *prev == '[') => {
                let start = idx + 1;
                let mut end = start;
                while chars.get(end).is_some_and(|c| c.is_alphanumeric() || *c == '_') {
                    end += 1;
                }
                if end > start {
                    let name: String = chars.get(start..end).unwrap_or_default().iter().collect();
                    // `[-Name] <T>`: the bracket right around the name only marks it positional
                    // (a switch, `[-Break]`, has no type after it).
                    let type_follows =
                        chars.get(end + 1..).unwrap_or_default().iter().find(|c| !c.is_whitespace()) == Some(&'<');
                    let positional_marker = chars.get(start.saturating_sub(2)) == Some(&'[')
                        && chars.get(end) == Some(&']')
                        && type_follows;
                    let optional_depth = if positional_marker { depth.saturating_sub(1) } else { depth };
                    parameters.push(ir::SetParameter { name, required: optional_depth == 0 });
                    idx = end;
                    continue;
                }
            }
            _ => {}
        }
        idx += 1;
    }
    parameters
}

/// What a parameter's YAML block says about its sets.
#[derive(Debug, Default)]
struct YamlSets {
    parameter: String,
    /// `(set name, required there)`; `(All)` is kept as written.
    sets: Vec<(String, Option<bool>)>,
    /// The older format's `Required:` holds for every listed set, so it is not compared per set.
    per_set_required: bool,
    source: Source,
}

/// One `### -Name` subsection.
fn parameter(ctx: &mut Ctx<'_>, name: &str, sub: &PsSubsection<'_>) -> (ir::CmdletParameter, YamlSets) {
    let description: Vec<&str> = sub
        .nodes
        .iter()
        .take_while(|node| !matches!(node, Node::Fence { .. }))
        .filter_map(|node| match node {
            Node::Line { text, .. } if !text.trim().is_empty() => Some(text.trim()),
            _ => None,
        })
        .collect();
    let source = ctx.source(sub.span);
    let mut parameter = ir::CmdletParameter {
        name: name.to_owned(),
        type_: String::new(),
        aliases: Vec::new(),
        pipeline_input: ir::PipelineInput::default(),
        description: description.join("\n"),
        source: source.clone(),
    };
    let mut sets = YamlSets { parameter: name.to_owned(), source, ..YamlSets::default() };
    let fence = sub.nodes.iter().find_map(|node| match node {
        Node::Fence { text, text_start, .. } => Some((text, *text_start)),
        _ => None,
    });
    let Some((yaml, text_start)) = fence else {
        ctx.diag(
            codes::CMDLET_NO_PARAMETER_YAML,
            sub.span.start,
            format!("parameter -{name} has no ```yaml block; its type and parameter sets are unknown"),
        );
        return (parameter, sets);
    };
    let value = match read_yaml::<serde_yaml::Value>(yaml) {
        Ok(value @ serde_yaml::Value::Mapping(_)) => value,
        Ok(_) => flat_yaml(yaml),
        Err(err) => {
            ctx.diag(
                codes::CMDLET_PARAMETER_YAML,
                text_start + err.offset(yaml),
                format!("the YAML block of parameter -{name} is not valid YAML ({}); read line by line", err.message),
            );
            flat_yaml(yaml)
        }
    };
    let get = |key: &str| value.get(key);
    parameter.type_ = get("Type").map(yaml_text).unwrap_or_default();
    parameter.aliases = match get("Aliases") {
        Some(serde_yaml::Value::Sequence(items)) => items.iter().map(yaml_text).collect(),
        Some(other) => split_list(&yaml_text(other)),
        None => Vec::new(),
    };
    if let Some(serde_yaml::Value::Sequence(entries)) = get("ParameterSets") {
        sets.per_set_required = true;
        for entry in entries {
            let set_name = entry.get("Name").map(yaml_text).unwrap_or_default();
            sets.sets.push((set_name, entry.get("IsRequired").and_then(yaml_bool)));
            parameter.pipeline_input.by_value |= entry.get("ValueFromPipeline").and_then(yaml_bool).unwrap_or(false);
            parameter.pipeline_input.by_property_name |=
                entry.get("ValueFromPipelineByPropertyName").and_then(yaml_bool).unwrap_or(false);
        }
    } else if let Some(listed) = get("Parameter Sets") {
        let required = get("Required").and_then(yaml_bool);
        sets.sets = split_list(&yaml_text(listed)).into_iter().map(|set| (set, required)).collect();
        // `True (ByValue)`, `True (ByPropertyName, ByValue)`, `False`.
        let pipeline = get("Accept pipeline input").map(yaml_text).unwrap_or_default();
        parameter.pipeline_input.by_value = pipeline.contains("ByValue");
        parameter.pipeline_input.by_property_name = pipeline.contains("ByPropertyName");
    }
    (parameter, sets)
}

/// Checks SYNTAX against each parameter's YAML sets, and adds to a set the parameters only the
/// YAML puts there.
fn reconcile_sets(ctx: &mut Ctx<'_>, cmdlet: &mut ir::Cmdlet, yaml_sets: &[YamlSets]) {
    let documented: BTreeSet<String> =
        cmdlet.parameters.iter().map(|parameter| parameter.name.to_ascii_lowercase()).collect();
    for set in &cmdlet.parameter_sets {
        for parameter in &set.parameters {
            if !documented.contains(&parameter.name.to_ascii_lowercase()) {
                let message = format!(
                    "syntax of set \"{}\" has -{} but PARAMETERS has no `### -{}` entry; document it",
                    set.name, parameter.name, parameter.name
                );
                mismatch(ctx, &set.source, message);
            }
        }
    }
    let all_names: Vec<String> = cmdlet.parameter_sets.iter().map(|set| set.name.clone()).collect();
    for yaml in yaml_sets {
        let mut listed: Vec<(String, Option<bool>)> = Vec::new();
        for (set_name, required) in &yaml.sets {
            if set_name == "(All)" || set_name.is_empty() {
                listed.extend(all_names.iter().map(|name| (name.clone(), *required)));
            } else {
                listed.push((set_name.clone(), *required));
            }
        }
        for (set_name, required) in &listed {
            let set = match cmdlet.parameter_sets.iter_mut().find(|set| &set.name == set_name) {
                Some(set) => set,
                None => {
                    mismatch(
                        ctx,
                        &yaml.source,
                        format!(
                            "parameter -{} names set \"{set_name}\", which SYNTAX does not have; fix the set name",
                            yaml.parameter
                        ),
                    );
                    continue;
                }
            };
            match set.parameters.iter().find(|it| it.name.eq_ignore_ascii_case(&yaml.parameter)) {
                None => {
                    mismatch(ctx, &yaml.source, format!(
                            "parameter -{} is in set \"{set_name}\" by its YAML but not in that set's syntax; add it there or drop the set",
                            yaml.parameter
                        ));
                    set.parameters
                        .push(ir::SetParameter { name: yaml.parameter.clone(), required: required.unwrap_or(false) });
                }
                Some(in_syntax) if yaml.per_set_required && required.is_some_and(|req| req != in_syntax.required) => {
                    let say = |flag: bool| if flag { "mandatory" } else { "optional" };
                    mismatch(
                        ctx,
                        &yaml.source,
                        format!(
                            "parameter -{} is {} in set \"{set_name}\" by its YAML but {} in the syntax",
                            yaml.parameter,
                            say(required.unwrap_or(false)),
                            say(in_syntax.required)
                        ),
                    );
                }
                Some(_) => {}
            }
        }
        let listed_names: BTreeSet<&str> = listed.iter().map(|(name, _)| name.as_str()).collect();
        if yaml.sets.is_empty() {
            continue;
        }
        for set in &cmdlet.parameter_sets {
            let in_syntax = set.parameters.iter().any(|it| it.name.eq_ignore_ascii_case(&yaml.parameter));
            if in_syntax && !listed_names.contains(set.name.as_str()) {
                mismatch(ctx, &yaml.source, format!(
                        "syntax of set \"{}\" has -{} but the parameter's YAML does not list that set; add it to its parameter sets",
                        set.name, yaml.parameter
                    ));
            }
        }
    }
}

/// Reports a disagreement between SYNTAX and a parameter's YAML at `source`.
fn mismatch(ctx: &mut Ctx<'_>, source: &Source, message: String) {
    ctx.diagnostics.push(crate::diag::Diagnostic::new(
        codes::CMDLET_SYNTAX_MISMATCH,
        &source.file,
        source.line,
        message,
    ));
}

/// The NOTES blocks: `NAME <IType>: description` and their items.
fn notes(ctx: &mut Ctx<'_>, nodes: &[Node]) -> Vec<ir::ComplexParameter> {
    let mut blocks: Vec<ir::ComplexParameter> = Vec::new();
    let mut open: Option<ir::ComplexParameter> = None;
    // Indentation and index path of the items above the current line, for nesting.
    let mut stack: Vec<(usize, Vec<usize>)> = Vec::new();
    // The item that continuation lines extend; `None` after `(Any)`, whose text is dropped.
    let mut last: Option<Vec<usize>> = None;
    for node in nodes {
        let Node::Line { text, span } = node else { continue };
        if text.trim().is_empty() {
            blocks.extend(open.take());
            stack.clear();
            continue;
        }
        if let Some((name, type_, description)) = notes_header(text) {
            blocks.extend(open.take());
            stack.clear();
            last = Some(Vec::new());
            open = Some(ir::ComplexParameter {
                name: name.to_owned(),
                parameter: None,
                type_: type_.to_owned(),
                graph_type: graph_type(description),
                description: description.to_owned(),
                properties: Vec::new(),
                source: ctx.source(*span),
            });
            continue;
        }
        let Some(block) = open.as_mut() else { continue };
        let indent = text.len() - text.trim_start().len();
        if indent > 0 {
            match notes_item(text.trim_start()) {
                Some(item) => {
                    while stack.last().is_some_and(|(depth, _)| *depth >= indent) {
                        stack.pop();
                    }
                    if item.name == "(Any)" {
                        last = None;
                        continue;
                    }
                    let property = ir::NoteProperty {
                        name: item.name.to_owned(),
                        type_: item.type_,
                        nullable: item.nullable,
                        collection: item.collection,
                        description: item.description.to_owned(),
                        properties: Vec::new(),
                        source: ctx.source(*span),
                    };
                    let parent_path = stack.last().map(|(_, path)| path.clone()).unwrap_or_default();
                    let siblings = properties_at(&mut block.properties, &parent_path);
                    siblings.push(property);
                    let mut path = parent_path;
                    path.push(siblings.len() - 1);
                    stack.push((indent, path.clone()));
                    last = Some(path);
                }
                None => ctx.diag(
                    codes::CMDLET_BAD_NOTES_ITEM,
                    span.start,
                    format!(
                        "NOTES line \"{}\" is indented like a property but is not `[Name <Type>]: description`",
                        text.trim()
                    ),
                ),
            }
            continue;
        }
        // A continuation line at column 0.
        match &last {
            Some(path) if path.is_empty() => push_line(&mut block.description, text),
            Some(path) => {
                if let Some(property) = property_at(&mut block.properties, path) {
                    push_line(&mut property.description, text);
                }
            }
            None => {}
        }
    }
    blocks.extend(open);
    blocks
}

fn push_line(description: &mut String, line: &str) {
    if !description.is_empty() {
        description.push('\n');
    }
    description.push_str(line.trim());
}

/// The list of properties at `path` (an empty path is the block's own list).
fn properties_at<'a>(properties: &'a mut Vec<ir::NoteProperty>, path: &[usize]) -> &'a mut Vec<ir::NoteProperty> {
    match path.split_first() {
        None => properties,
        Some((first, rest)) => {
            // Paths are only ever built from items pushed above, so the index exists; an empty
            // list is never reached, but fall back to the top level rather than panic.
            if *first < properties.len() {
                properties_at(&mut properties[*first].properties, rest)
            } else {
                properties
            }
        }
    }
}

fn property_at<'a>(properties: &'a mut [ir::NoteProperty], path: &[usize]) -> Option<&'a mut ir::NoteProperty> {
    let (first, rest) = path.split_first()?;
    let property = properties.get_mut(*first)?;
    if rest.is_empty() {
        Some(property)
    } else {
        property_at(&mut property.properties, rest)
    }
}

/// `BODYPARAMETER <IMicrosoftGraphX>: cloudPcDeviceImage`, with or without backticks around the
/// type -> (`BODYPARAMETER`, `IMicrosoftGraphX`, `cloudPcDeviceImage`).
fn notes_header(line: &str) -> Option<(&str, &str, &str)> {
    let (name, rest) = line.split_once(' ')?;
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') {
        return None;
    }
    let rest = rest.trim_start().trim_start_matches('`');
    let rest = rest.strip_prefix('<')?;
    let (type_, after) = rest.split_once('>')?;
    let after = after.trim_start_matches('`');
    let description = after.strip_prefix(':')?;
    Some((name, type_.trim(), description.trim()))
}

/// A NOTES item, its indentation already removed.
#[derive(Debug, PartialEq, Eq)]
struct NotesItem<'a> {
    name: &'a str,
    type_: String,
    nullable: bool,
    collection: bool,
    description: &'a str,
}

/// `[Name <DateTime?>]: text`, `` - `[Name <String[]>]`: text`` and the older format's mangled
/// ``[ScopeIds <String- `[]`>]`` (an array).
fn notes_item(line: &str) -> Option<NotesItem<'_>> {
    let line = line.strip_prefix("- ").unwrap_or(line).trim_start_matches('`');
    let rest = line.strip_prefix('[')?;
    let (name, rest) = rest.split_once(' ')?;
    let rest = rest.trim_start().strip_prefix('<')?;
    let close = rest.rfind(">]")?;
    let written = rest.get(..close)?;
    let after = rest.get(close + 2..)?.trim_start_matches('`');
    let description = after.strip_prefix(':')?.trim();
    let cleaned = written.replace('`', "");
    let collection = cleaned.contains("[]");
    let base = cleaned.replace("[]", "");
    let base = base.trim().trim_end_matches('-').trim();
    let nullable = base.ends_with('?');
    let type_ = base.trim_end_matches('?').to_owned();
    if name.is_empty() || type_.is_empty() {
        return None;
    }
    Some(NotesItem { name, type_, nullable, collection, description })
}

/// A description that is one camelCase identifier names the Graph type (`cloudPcDeviceImage`).
fn graph_type(description: &str) -> Option<String> {
    let first = description.lines().next()?.trim();
    let is_name = first.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
    is_name.then(|| first.to_owned())
}

/// `https://learn.microsoft.com/graph/api/cloudpc-reboot?view=graph-rest-1.0` -> `cloudpc-reboot`,
/// for every such link on the line.
fn rest_page_links(line: &str) -> Vec<String> {
    let mut pages = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("/graph/api/") {
        let after = rest.get(at + "/graph/api/".len()..).unwrap_or_default();
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
            .unwrap_or(after.len());
        let page = after.get(..end).unwrap_or_default().trim_end_matches(".md").to_ascii_lowercase();
        if !page.is_empty() && !pages.contains(&page) {
            pages.push(page);
        }
        rest = after.get(end..).unwrap_or_default();
    }
    pages
}

/// Lines as a `key: value` mapping, for a block serde_yaml rejects.
fn flat_yaml(text: &str) -> serde_yaml::Value {
    let mut mapping = serde_yaml::Mapping::new();
    for line in text.lines() {
        if let Some((key, value)) = line.split_once(':') {
            if !key.starts_with([' ', '-']) {
                mapping.insert(key.trim().into(), value.trim().into());
            }
        }
    }
    serde_yaml::Value::Mapping(mapping)
}

/// A scalar as text; `''` and null as empty.
fn yaml_text(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(text) => text.trim().to_owned(),
        serde_yaml::Value::Bool(flag) => flag.to_string(),
        serde_yaml::Value::Number(number) => number.to_string(),
        _ => String::new(),
    }
}

/// `true`, `True`, `"True"`.
fn yaml_bool(value: &serde_yaml::Value) -> Option<bool> {
    match value {
        serde_yaml::Value::Bool(flag) => Some(*flag),
        serde_yaml::Value::String(text) => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// `UpdateExpanded, Update` -> both names; empty text -> none.
fn split_list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|item| !item.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str) -> Vec<(String, bool)> {
        syntax_parameters(text, "Get-MgX").into_iter().map(|it| (it.name, it.required)).collect()
    }

    #[test]
    fn syntax_lines() {
        let owned =
            |rows: &[(&str, bool)]| rows.iter().map(|(name, req)| ((*name).to_owned(), *req)).collect::<Vec<_>>();
        assert_eq!(
            set("Get-MgX -CloudPcId <string> [-Top <int>] [-Count]\n [-WhatIf] [<CommonParameters>]\n"),
            owned(&[("CloudPcId", true), ("Top", false), ("Count", false), ("WhatIf", false)])
        );
        // Positional: `[-Name] <T>` is mandatory, `[[-Name] <T>]` optional.
        assert_eq!(
            set("Get-MgX [-Path] <string> [[-Filter] <string>] [-Break] [-Top <int>]"),
            owned(&[("Path", true), ("Filter", false), ("Break", false), ("Top", false)])
        );
        // A hyphen inside a type or a word is not a parameter.
        assert_eq!(set("Get-MgX -A <Some-Type> non-param"), owned(&[("A", true)]));
    }

    #[test]
    fn notes_headers() {
        let rows = [
            ("BODYPARAMETER <IMicrosoftGraphX>: cloudPcX", Some(("BODYPARAMETER", "IMicrosoftGraphX", "cloudPcX"))),
            ("BODYPARAMETER `<IMicrosoftGraphX>`: cloudPcX", Some(("BODYPARAMETER", "IMicrosoftGraphX", "cloudPcX"))),
            ("INPUTOBJECT <IIdentity>: Identity Parameter", Some(("INPUTOBJECT", "IIdentity", "Identity Parameter"))),
            ("COMPLEX PARAMETER PROPERTIES", None),
            ("To create the parameters described below, construct a hash table.", None),
        ];
        for (line, expected) in rows {
            assert_eq!(notes_header(line), expected, "{line}");
        }
    }

    #[test]
    fn notes_items() {
        let item = |name, type_: &str, nullable, collection, description| NotesItem {
            name,
            type_: type_.to_owned(),
            nullable,
            collection,
            description,
        };
        let rows = [
            ("[Id <String>]: The id.", Some(item("Id", "String", false, false, "The id."))),
            ("[When <DateTime?>]: ", Some(item("When", "DateTime", true, false, ""))),
            ("- `[Tags <String[]>]`: Tags", Some(item("Tags", "String", false, true, "Tags"))),
            ("- `[ScopeIds <String- `[]`>]`: ", Some(item("ScopeIds", "String", false, true, ""))),
            ("[(Any) <Object>]: anything", Some(item("(Any)", "Object", false, false, "anything"))),
            ("[Broken]: no type", None),
        ];
        for (line, expected) in rows {
            assert_eq!(notes_item(line), expected, "{line}");
        }
    }

    #[test]
    fn rest_links() {
        assert_eq!(
            rest_page_links("- [](https://learn.microsoft.com/graph/api/cloudpc-reboot?view=graph-rest-1.0)"),
            vec!["cloudpc-reboot"]
        );
        assert_eq!(
            rest_page_links("[https://learn.microsoft.com/graph/api/a-get?view=beta](https://learn.microsoft.com/graph/api/a-get?view=beta)"),
            vec!["a-get"]
        );
        assert!(rest_page_links("- [](https://learn.microsoft.com/powershell/module/x/get-mgx)").is_empty());
    }
}
