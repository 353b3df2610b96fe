//! Generates the Cloud PC device image models from the docs in `docs-input/` into `OUT_DIR`.

fn main() {
    let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs-input/2023-11-15/beta");
    let generated = docgen::build::Models::new(docs)
        .module("graph_models")
        .only(["cloudPcDeviceImage"])
        .generate()
        .unwrap_or_else(|err| panic!("docgen could not generate the models: {err}"));
    assert!(generated.diagnostics.is_empty(), "the docs have problems: {:#?}", generated.diagnostics);
}
