//! The direction of dependencies, checked on the sources: adapters (`discord/`, `console/`)
//! go through the service for every read and write — never the store, never SQL — so that who
//! may see what is decided in one place (`domain::access`, used by the service).

use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

#[test]
fn adapters_never_reach_the_store() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for adapter in ["discord", "console"] {
        sources(&root.join(adapter), &mut files);
    }
    assert!(files.len() > 5);
    for (path, text) in files {
        for forbidden in [".store()", "crate::store", "sqlx::"] {
            assert!(
                !text.contains(forbidden),
                "{path} uses {forbidden}: adapters go through the service"
            );
        }
    }
}
