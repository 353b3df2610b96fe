//! The embedded default input: both revisions parse without a diagnostic, and their IRs are
//! snapshotted whole (they are small and written by us, so every fact in them is reviewed).

use crate::support::{ir_of_dir, workspace_root};

#[test]
fn revisions_parse_cleanly_and_match_their_snapshots() {
    for revision in ["2021-06-01", "2023-11-15"] {
        let ir = ir_of_dir(&workspace_root().join("docs-input").join(revision).join("beta"));
        let rendered: Vec<String> = ir.diagnostics.iter().map(docgen::diag::Diagnostic::render).collect();
        assert!(rendered.is_empty(), "docs-input/{revision} has diagnostics: {rendered:#?}");
        insta::with_settings!({ snapshot_suffix => revision }, {
            insta::assert_json_snapshot!("docs_input_ir", ir);
        });
    }
}
