//! The real corpus: every page of every set is read with no failed page, and the totals (pages
//! per kind, types, enums, operations, diagnostics per code) are snapshotted.

use crate::support::{corpus, ir_of_dir};

fn check_set(set: &str) {
    let Some(root) = corpus(&format!("graph-docs/{set}")) else { return };
    let ir = ir_of_dir(&root);
    assert_eq!(ir.pages.failed, 0, "failed pages in {set}");
    assert!(ir.pages.total > 3000, "{set} has only {} pages", ir.pages.total);
    insta::with_settings!({ snapshot_suffix => set.replace('/', "_") }, {
        insta::assert_snapshot!("corpus_totals", docgen::cli::summary(&ir));
    });
}

#[test]
fn beta_2021_07_16() {
    check_set("2021-07-16/beta");
}

#[test]
fn v1_2021_07_16() {
    check_set("2021-07-16/v1.0");
}

#[test]
fn beta_2021_03_31() {
    check_set("2021-03-31/beta");
}

/// Byte-identical JSON on one thread and on two.
#[test]
fn corpus_output_is_deterministic() {
    let Some(root) = corpus("graph-docs/2021-07-16/v1.0") else { return };
    let sources = docgen::cli::read_sources(&root).expect("corpus is readable");
    let render = |threads: usize| {
        let pool = rayon_pool(threads);
        let ir = pool.install(|| docgen::pipeline::build_ir(&sources.files, &sources.unreadable, &|| {}));
        serde_json::to_string(&ir).expect("IR serialises")
    };
    assert!(render(1) == render(2), "IR JSON differs between one and two threads");
}

fn rayon_pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool")
}
