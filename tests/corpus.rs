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

/// Issue 18: a slice by type brings the type's operations and the models they need; a slice by
/// path brings the operations under it.
#[test]
fn slices_by_type_and_by_path() {
    use docgen::emit::select::{select, Selection};
    let Some(root) = corpus("graph-docs/2021-07-16/beta") else { return };
    let ir = ir_of_dir(&root);
    let ids = |ir: &docgen::ir::Ir| ir.operations.iter().map(|op| op.id.clone()).collect::<Vec<_>>();
    let by_type = select(ir.clone(), &Selection::only(&["user".to_owned()])).expect("selects");
    let operations = ids(&by_type);
    for id in ["user-list", "user-get", "user-post-users", "user-update", "user-delete", "user-assignlicense"] {
        assert!(operations.iter().any(|op| op == id), "{id} missing from {operations:?}");
    }
    assert!(by_type.types.iter().any(|ty| ty.qualified_name() == "microsoft.graph.user"));
    assert!(by_type.types.iter().any(|ty| ty.qualified_name() == "microsoft.graph.assignedLicense"));
    assert!(by_type.operations.len() < ir.operations.len() / 5, "{} operations", by_type.operations.len());

    let selection = Selection { paths: vec!["/users".to_owned()], ..Selection::default() };
    let by_path = select(ir.clone(), &selection).expect("selects");
    assert!(ids(&by_path).iter().any(|op| op == "user-list"));
    for op in &by_path.operations {
        assert!(op.paths.iter().any(|path| path.to_lowercase().starts_with("/users")), "{}: {:?}", op.id, op.paths);
    }
    let excluded = Selection { exclude: vec!["user-*".to_owned()], ..selection };
    let without = select(ir, &excluded).expect("selects");
    assert!(!ids(&without).iter().any(|op| op.starts_with("user-")));
    assert!(without.operations.len() < by_path.operations.len());
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
