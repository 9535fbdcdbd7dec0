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

/// The module path of a file under `src/domain` (`when/tokens.rs` -> `["when", "tokens"]`,
/// `closing/mod.rs` -> `["closing"]`).
fn module_of(domain: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(domain).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The paths a line of code names from the domain (`super::…`, `crate::domain::…`), as module
/// paths from the domain's root, each followed by the items of a `{…}` group if any.
fn named_paths(line: &str, here: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = [rest.find("super::"), rest.find("crate::domain::")]
        .into_iter()
        .flatten()
        .min()
    {
        let preceded = rest[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':');
        let mut path = here.to_vec();
        let mut tail = &rest[at..];
        if tail.starts_with("crate::domain::") {
            path.clear();
            tail = &tail["crate::domain::".len()..];
        } else {
            while let Some(t) = tail.strip_prefix("super::") {
                path.pop();
                tail = t;
            }
        }
        let end = tail
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '{'))
            .unwrap_or(tail.len());
        let (segments, group) = match tail[..end].split_once('{') {
            Some((segs, _)) => {
                let close = tail.find('}').unwrap_or(tail.len());
                (segs, tail[segs.len() + 1..close].to_owned())
            }
            None => (&tail[..end], String::new()),
        };
        if !preceded {
            let base: Vec<String> = path
                .into_iter()
                .chain(
                    segments
                        .split("::")
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned),
                )
                .collect();
            if group.is_empty() {
                out.push(base.clone());
            }
            for item in group.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let mut p = base.clone();
                p.extend(item.split("::").map(str::to_owned));
                out.push(p);
            }
        }
        rest = &tail[end..];
    }
    out
}

/// Two files of the domain that import each other are one room with a wall through it: the
/// next change to either means reading both. Each `use super::…`, `use crate::domain::…` and
/// path written in code (comments and the file's inline `mod tests` aside) is resolved to the
/// file that defines the module it names; a pair that names each other fails, listed. A
/// module's own child files (`closing/recap/`) are part of it and are not walled off from it.
#[test]
fn no_two_domain_files_import_each_other() {
    let domain = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let mut files = Vec::new();
    sources(&domain, &mut files);
    let modules: std::collections::BTreeMap<Vec<String>, String> = files
        .iter()
        .map(|(path, _)| (module_of(&domain, Path::new(path)), path.clone()))
        .collect();
    let rel = |p: &str| p.trim_start_matches(env!("CARGO_MANIFEST_DIR")).to_owned();
    let mut edges = std::collections::BTreeSet::new();
    for (path, text) in &files {
        let here = module_of(&domain, Path::new(path));
        for line in text.lines().map(str::trim) {
            if line == "mod tests {" {
                break;
            }
            if line.starts_with("//") {
                continue;
            }
            for mut named in named_paths(line, &here) {
                while !named.is_empty() && !modules.contains_key(&named) {
                    named.pop();
                }
                if named.is_empty() || named == here {
                    continue;
                }
                edges.insert((rel(path), rel(&modules[&named])));
            }
        }
    }
    assert!(
        edges.len() > 50,
        "the domain's imports were not read: {edges:?}"
    );
    let circles: Vec<String> = edges
        .iter()
        .filter(|(a, b)| a < b && edges.contains(&(b.clone(), a.clone())))
        .map(|(a, b)| format!("{a} <-> {b}"))
        .collect();
    assert!(
        circles.is_empty(),
        "import circles in the domain:\n{}",
        circles.join("\n")
    );
}
