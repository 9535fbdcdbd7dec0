//! The README stays true about how to run the tests: the plain command works on a fresh clone,
//! the validated one is exactly what CI runs, and the line quoted for a skipped validation is
//! the one the double prints.

use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// White space collapsed, Rust string continuations (`\` at a line's end) joined.
fn flat(text: &str) -> String {
    text.replace("\\\n", " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_readme_test_commands_are_the_ones_ci_and_the_double_use() {
    let readme = read("README.md");
    let lines: Vec<&str> = readme.lines().map(str::trim).collect();
    assert!(
        lines.contains(&"cargo test --workspace"),
        "the fresh-clone command is missing"
    );
    let ci = read(".ci/run");
    let run: Vec<&str> = ci
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && l.contains("cargo test"))
        .collect();
    assert!(!run.is_empty());
    for l in run {
        assert!(
            lines.contains(&l),
            "CI runs {l:?}, which the README does not show"
        );
    }
    let quoted = "discord-double: DISCORD_OPENAPI is not set: request bodies are NOT validated \
                  against Discord's OpenAPI schema";
    assert!(
        flat(&readme).contains(quoted),
        "the README quotes another line"
    );
    let double = read("crates/discord-double/src/validate.rs");
    assert!(
        flat(&double).contains(quoted),
        "the double prints another line"
    );
}
