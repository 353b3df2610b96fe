//! The guide on the front page of a generated crate's documentation: what a user reads first,
//! with examples written against the crate's own items, so they are compiled (and the model
//! examples run) by `cargo test --doc`.
//!
//! Takes the crate's [`ApiSurface`] and picks, in sorted order so the guide is the same on every
//! run, the items each example needs: a model with a string property, an endpoint that reads one
//! model by id, one that lists a collection, one that creates. An example whose items the docs
//! don't have is left out; the client examples compile only with a client feature.

use super::plan::{FieldType, Plan};
use super::surface::{ApiItem, ApiSurface};

/// The guide's lines, for the crate-level doc comment; `crate_ident` is how examples name the
/// crate (`docgen_generated`).
pub fn guide(crate_ident: &str, plan: &Plan, surface: &ApiSurface) -> Vec<String> {
    let picks = Picks::of(plan, surface);
    let mut lines = vec![String::new(), "# Guide".to_owned()];
    if let Some((model, field, wire)) = &picks.model {
        let setter = format!("with_{field}");
        lines.extend(section(
            "Build a model",
            &[
                "Models are `#[non_exhaustive]`: build one with `new` and chained setters, which take",
                "anything that converts (`&str` for a `String`, an array for a collection, a derived",
                "type for its base's `Any` enum), or `rt::Null`, which sends an explicit `null`, as a",
                "PATCH that clears the property must.",
            ],
        ));
        lines.extend(code(
            "",
            &[
                format!("use {crate_ident}::graph::{model};"),
                format!("use {crate_ident}::rt::{{self, Wire}};"),
                String::new(),
                format!("let model = {model}::new().{setter}(\"example\");"),
                format!("assert_eq!(model.to_wire().to_string(), r#\"{{\"{wire}\":\"example\"}}\"#);"),
                String::new(),
                "// The body of a PATCH that clears the property.".to_owned(),
                format!("let cleared = {model}::new().{setter}(rt::Null);"),
                format!("assert_eq!(cleared.to_wire().to_string(), r#\"{{\"{wire}\":null}}\"#);"),
            ],
        ));
    }
    let Some(get) = &picks.get else { return lines };
    lines.extend(section(
        "Authenticate and read",
        &[
            "The `client` feature sends endpoints over HTTPS. The client asks its token source for a",
            "token before every request, so a source that refreshes tokens keeps a long-running",
            "service signed in; `Client::default()` calls the service these docs describe.",
        ],
    ));
    let functions = [Some(get), picks.list.as_ref(), picks.create.as_ref().map(|(path, _)| path)];
    let (uses, short) = shorten(crate_ident, functions.into_iter().flatten());
    let get = &short[get];
    let mut body = uses.clone();
    body.extend([
        format!("use {crate_ident}::client::{{token_fn, Client, TokenError}};"),
        String::new(),
        "// Here the token comes from the environment; ask your identity library instead.".to_owned(),
        "let client = Client::default()".to_owned(),
        "    .token_source(token_fn(|| async { Ok::<_, TokenError>(std::env::var(\"GRAPH_TOKEN\")?) }));".to_owned(),
        format!("let one = client.send(&{get}(\"ID\")).await?;"),
    ]);
    if let Some(list) = &picks.list {
        body.extend([
            String::new(),
            "// Every item of a collection, following `@odata.nextLink` page after page.".to_owned(),
            "use futures_util::TryStreamExt;".to_owned(),
            format!("let all: Vec<_> = client.items(&{}()).try_collect().await?;", short[list]),
        ]);
    }
    if let Some((create, model)) = &picks.create {
        body.extend([
            String::new(),
            "// Create: the body is the model, built with its setters.".to_owned(),
            format!("let created = client.send(&{}(&{crate_ident}::graph::{model}::new())).await?;", short[create]),
        ]);
    }
    lines.extend(code("no_run", &client_example(&body)));
    lines.extend(section(
        "Send requests together",
        &[
            "A batch sends up to 20 endpoints as one `POST /$batch` (`add_after` makes one wait for",
            "others); each answer is read as its own endpoint's type, a failed one as its error.",
        ],
    ));
    let mut body = uses.clone();
    body.extend([
        format!("use {crate_ident}::batch::Batch;"),
        format!("use {crate_ident}::client::Client;"),
        String::new(),
        "let client = Client::default().bearer(\"TOKEN\");".to_owned(),
        "let mut batch = Batch::new();".to_owned(),
        format!("let first = batch.add(&{get}(\"ID-1\"))?;"),
        format!("let second = batch.add(&{get}(\"ID-2\"))?;"),
        "let answers = client.send_batch(&batch).await?;".to_owned(),
        "let one = answers.get(&first)?;".to_owned(),
        "if let Err(error) = answers.get(&second) {".to_owned(),
        "    println!(\"the second failed: {error}\");".to_owned(),
        "}".to_owned(),
    ]);
    lines.extend(code("no_run", &client_example(&body)));
    lines.extend(section(
        "Handle a Graph error",
        &[
            "A failed call says where it failed: `Build` (nothing was sent), `Token`, `Transport` (a",
            "timeout included) or `Response`, which holds the Graph error the service sent.",
        ],
    ));
    let mut body = uses;
    body.extend([
        format!("use {crate_ident}::client::{{Client, ClientError}};"),
        format!("use {crate_ident}::endpoint::Error;"),
        String::new(),
        "let client = Client::default().bearer(\"TOKEN\");".to_owned(),
        format!("match client.send(&{get}(\"ID\")).await {{"),
        "    Ok(found) => println!(\"{found:?}\"),".to_owned(),
        "    Err(ClientError::Response(Error::Graph { status: 404, error })) => {".to_owned(),
        "        println!(\"not there: {} ({})\", error.message, error.code)".to_owned(),
        "    }".to_owned(),
        "    Err(other) => return Err(other.into()),".to_owned(),
        "}".to_owned(),
    ]);
    lines.extend(code("no_run", &client_example(&body)));
    lines
}

/// The items the examples use.
#[derive(Debug, Default)]
struct Picks {
    /// A model with a string property: (type, field, wire name).
    model: Option<(String, String, String)>,
    /// A function reading one model by one id.
    get: Option<String>,
    /// A function listing a collection, without parameters.
    list: Option<String>,
    /// A function creating a model from a body of the same type: (function, model).
    create: Option<(String, String)>,
}

impl Picks {
    fn of(plan: &Plan, surface: &ApiSurface) -> Picks {
        let mut picks = Picks { model: model_pick(plan), ..Picks::default() };
        let (mut gets, mut lists, mut creates) = (Vec::new(), Vec::new(), Vec::new());
        for (path, item) in &surface.items {
            let ApiItem::Function { params, returns, request } = item else { continue };
            let params: Vec<&str> = params.iter().map(|(_, ty)| ty.as_str()).collect();
            let one = model_of(returns, "ep::Json<");
            if request.starts_with("GET ") && params == ["&str"] && one.is_some() {
                gets.push(path.clone());
            }
            if request.starts_with("GET ") && params.is_empty() && model_of(returns, "ep::Collection<").is_some() {
                lists.push(path.clone());
            }
            if let Some(model) = one {
                if request.starts_with("POST ") && params == [format!("&graph::{model}").as_str()] {
                    creates.push((path.clone(), model));
                }
            }
        }
        // The plain verbs first (`get` over `get_source_images`), else the first in order.
        let named = |paths: &[String], verb: &str| {
            let suffix = format!("::{verb}");
            paths.iter().find(|path| path.ends_with(&suffix)).or(paths.first()).cloned()
        };
        picks.get = named(&gets, "get");
        picks.list = named(&lists, "list");
        let create_paths: Vec<String> = creates.iter().map(|(path, _)| path.clone()).collect();
        picks.create =
            named(&create_paths, "create").and_then(|chosen| creates.into_iter().find(|(path, _)| *path == chosen));
        picks
    }
}

/// `use` lines for the modules of `functions` (`api::users::messages::list`), and each function
/// as the examples call it (`messages::list`); two modules of the same name keep full paths.
fn shorten<'a>(
    crate_ident: &str,
    functions: impl Iterator<Item = &'a String>,
) -> (Vec<String>, std::collections::BTreeMap<String, String>) {
    let functions: Vec<&String> = functions.collect();
    let modules: std::collections::BTreeSet<&str> =
        functions.iter().filter_map(|path| path.rsplit_once("::").map(|(module, _)| module)).collect();
    let last = |module: &str| module.rsplit("::").next().unwrap_or(module).to_owned();
    let names: std::collections::BTreeSet<String> = modules.iter().map(|module| last(module)).collect();
    if names.len() < modules.len() {
        let uses = vec![format!("use {crate_ident}::api;")];
        return (uses, functions.into_iter().map(|path| (path.clone(), path.clone())).collect());
    }
    let uses = modules.iter().map(|module| format!("use {crate_ident}::{module};")).collect();
    let short = functions
        .into_iter()
        .map(|path| {
            let (module, function) = path.rsplit_once("::").unwrap_or(("", path));
            (path.clone(), format!("{}::{function}", last(module)))
        })
        .collect();
    (uses, short)
}

/// `graph::X` out of `ep::Endpoint<ep::Json<graph::X>, ep::Read>` (with `wrapper` `ep::Json<`),
/// when X is a model of the `graph` module.
fn model_of(returns: &str, wrapper: &str) -> Option<String> {
    let inner = returns.split_once(wrapper)?.1.split_once('>')?.0;
    let model = inner.strip_prefix("graph::")?;
    model.bytes().all(|byte| byte.is_ascii_alphanumeric()).then(|| model.to_owned())
}

/// The first model of the `graph` module with a string property other than `id`: (type, field,
/// wire name), names plain enough to write in an example as they are.
fn model_pick(plan: &Plan) -> Option<(String, String, String)> {
    let plain = |text: &str| !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_');
    plan.files.values().filter_map(|file| file.model.as_ref()).filter(|model| model.name.module == "graph").find_map(
        |model| {
            let field = model.fields.iter().find(|field| {
                field.ty == FieldType::Primitive("Edm.String".to_owned())
                    && field.ident != "id"
                    && !field.deprecated
                    && plain(&field.ident)
                    && plain(&field.wire)
            })?;
            Some((model.name.ident.clone(), field.ident.clone(), field.wire.clone()))
        },
    )
}

fn section(title: &str, text: &[&str]) -> Vec<String> {
    let mut lines = vec![String::new(), format!("## {title}"), String::new()];
    lines.extend(text.iter().map(|line| (*line).to_owned()));
    lines
}

/// A fenced example; `attribute` as rustdoc reads it (`no_run`).
fn code(attribute: &str, body: &[String]) -> Vec<String> {
    let mut lines = vec![String::new(), format!("```{attribute}")];
    lines.extend(body.iter().cloned());
    lines.push("```".to_owned());
    lines
}

/// `body` inside an async function that exists only with a client feature, its frame hidden.
fn client_example(body: &[String]) -> Vec<String> {
    let mut lines = vec![
        "# #[cfg(feature = \"client-core\")]".to_owned(),
        "# async fn example() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {".to_owned(),
    ];
    lines.extend(body.iter().cloned());
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines
}
