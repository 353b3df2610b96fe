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
    let sources = docgen::source::read_sources(&root).expect("corpus is readable");
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

/// The flat front-matter reader agrees with serde_yaml on every corpus page it accepts, and
/// accepts nearly all of them (it exists for speed; serde_yaml stays the reference).
#[test]
fn flat_front_matter_reads_like_serde_yaml() {
    use docgen::page::front_matter::{block_yaml, read_flat, read_yaml};
    let Some(root) = corpus("graph-docs") else { return };
    let sources = docgen::source::read_sources(&root).expect("corpus is readable");
    let (mut flat, mut total) = (0, 0);
    for file in &sources.files {
        let Some(yaml) = block_yaml(&file.text) else { continue };
        total += 1;
        if let Some(fields) = read_flat(yaml) {
            flat += 1;
            let (reference, result) = read_yaml(yaml);
            assert!(result.is_ok(), "{}: flat reader accepted YAML serde_yaml rejects", file.path);
            assert_eq!(fields, reference, "{}", file.path);
        }
    }
    assert!(flat * 100 >= total * 95, "flat reader took only {flat} of {total} blocks");
}
