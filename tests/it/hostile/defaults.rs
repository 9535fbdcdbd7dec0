//! The documented defaults are the code's: every default in the README's configuration table
//! (`| key | default | meaning |`) and every value of the example `bot.toml` gives, key by key,
//! the configuration that leaving the key out gives.

use std::path::Path;

use suivi::config::Config;

/// The one key every file needs.
const REQUIRED: &str = "called_on_for = \"relire vos dossiers\"\n";

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .expect("a file of the repository")
}

/// The configuration with only the required key, then with `key = value` (TOML) added.
fn with(key: &str, value: &str) -> (String, String) {
    let base = Config::parse(REQUIRED, &[]).expect("the required key alone is valid");
    let one = Config::parse(&format!("{REQUIRED}{key} = {value}\n"), &[])
        .unwrap_or_else(|e| panic!("{key} = {value}: {:?}", e.0));
    (format!("{base:#?}"), format!("{one:#?}"))
}

/// The texts between backticks in a cell of a markdown table.
fn ticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// `(key, documented default)` from the README's configuration table; `None` for a key
/// without a default (required, or unset).
fn readme_defaults() -> Vec<(String, Option<String>)> {
    let readme = read("README.md");
    let mut rows = readme
        .lines()
        .skip_while(|l| !l.starts_with("| key | default | meaning |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'));
    let mut out = Vec::new();
    for row in rows.by_ref() {
        let cells: Vec<&str> = row.split(" | ").collect();
        let keys = ticked(cells[0]);
        let defaults = ticked(cells[1]);
        assert!(!keys.is_empty(), "a row without a key: {row}");
        if defaults.is_empty() {
            out.extend(keys.into_iter().map(|k| (k, None)));
            continue;
        }
        assert_eq!(keys.len(), defaults.len(), "one default per key: {row}");
        out.extend(keys.into_iter().zip(defaults.into_iter().map(Some)));
    }
    out
}

#[test]
fn the_readme_defaults_are_the_codes() {
    let documented = readme_defaults();
    assert!(documented.len() >= 15, "{documented:?}");
    for (key, default) in &documented {
        match (key.as_str(), default) {
            ("called_on_for", None) => {
                let e = Config::parse("", &[]).expect_err("called_on_for is required");
                assert!(e.0.iter().any(|p| p.id == "config-missing-called-on-for"));
            }
            ("discord.api_base", None) => {
                let c = Config::parse(REQUIRED, &[]).expect("valid");
                assert_eq!(c.discord_api_base, None);
            }
            (key, None) => panic!("{key}: no default documented"),
            (key, Some(value)) => {
                let (base, one) = with(key, value);
                assert_eq!(
                    base, one,
                    "the README documents {key} = {value}, the code's default differs"
                );
            }
        }
    }
    // And the digest time in particular, which once said 09:00 while the code said 00:00.
    assert!(documented.contains(&("digest.time".into(), Some("\"09:00\"".into()))));
}

#[test]
fn the_example_files_values_are_the_codes_defaults() {
    let text = read("bot.toml");
    let doc: toml_edit::DocumentMut = text.parse().expect("bot.toml is TOML");
    let mut checked = Vec::new();
    for (name, item) in doc.iter() {
        let pairs: Vec<(String, String)> = match item {
            toml_edit::Item::Table(t) => t
                .iter()
                .filter_map(|(k, v)| Some((format!("{name}.{k}"), v.as_value()?.to_string())))
                .collect(),
            other => other
                .as_value()
                .map(|v| vec![(name.to_owned(), v.to_string())])
                .unwrap_or_default(),
        };
        for (key, value) in pairs {
            // The required text, and an example of fillers added to the built-in ones.
            if key.starts_with("called_on_for") || key == "own_words.fillers" {
                continue;
            }
            let (base, one) = with(&key, value.trim());
            assert_eq!(
                base, one,
                "bot.toml sets {key} = {value}, the code's default differs"
            );
            checked.push(key);
        }
    }
    assert!(checked.len() >= 13, "{checked:?}");
    assert!(checked.contains(&"digest.time".to_owned()), "{checked:?}");
}
