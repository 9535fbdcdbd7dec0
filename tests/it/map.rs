//! `ARCHITECTURE.md` at the project's root stays true: every path it names in backticks exists,
//! and every module of `src/` and of `src/domain/` is named there, so a module that moves or a
//! new one that the map forgets fails here.

use std::collections::BTreeSet;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn map() -> String {
    std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md is readable")
}

/// The backticked spans of the map that look like paths of the project.
fn named_paths(text: &str) -> BTreeSet<String> {
    const PLACES: [&str; 9] = [
        "src/",
        "tests/",
        "benches/",
        "migrations/",
        "locales/",
        "crates/",
        "deploy/",
        "docs/",
        "examples/",
    ];
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| PLACES.iter().any(|p| span.starts_with(p)))
        .map(|span| span.trim_end_matches('/').to_string())
        .collect()
}

#[test]
fn every_path_the_map_names_exists() {
    let paths = named_paths(&map());
    assert!(paths.len() > 30, "the map names {} paths", paths.len());
    let missing: Vec<&String> = paths.iter().filter(|p| !root().join(p).exists()).collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names paths that do not exist (moved or renamed?): {missing:?}"
    );
}

/// The modules directly under `dir`: folders and `.rs` files (`mod.rs` aside).
fn modules(dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root().join(dir)).expect("the folder is readable") {
        let path = entry.expect("a folder entry").path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() || (name.ends_with(".rs") && name != "mod.rs") {
            out.push(format!("{dir}/{name}"));
        }
    }
    out.sort();
    out
}

#[test]
fn every_module_is_on_the_map() {
    let paths = named_paths(&map());
    let mut forgotten = Vec::new();
    for dir in ["src", "src/domain"] {
        for module in modules(dir) {
            if !paths.contains(&module) {
                forgotten.push(module);
            }
        }
    }
    assert!(
        forgotten.is_empty(),
        "modules missing from ARCHITECTURE.md (say what they are for): {forgotten:?}"
    );
}

#[test]
fn the_map_reader_sees_what_it_should() {
    // The checks above read backticked spans: a misspelt path in the map must be caught, and
    // a path outside the project's places must not count.
    let spans = named_paths("see `src/nowhere.rs` and `cargo test` and `locales/fr/`");
    assert_eq!(
        spans.into_iter().collect::<Vec<_>>(),
        ["locales/fr", "src/nowhere.rs"]
    );
    assert!(!root().join("src/nowhere.rs").exists());
}
