//! `called_on_for` in every shape: one text for all languages (the form written before texts
//! were told apart), an inline table, a `[called_on_for]` section, the environment.

use super::*;

fn parse(called_on_for: &str, env: &[(&str, &str)]) -> Result<Config, ConfigErrors> {
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    Config::parse(&format!("language = \"fr\"\n{called_on_for}"), &env)
}

#[test]
fn one_text_serves_every_language() {
    let c = parse("called_on_for = \"  relire vos dossiers \"\n", &[]).unwrap();
    assert_eq!(
        c.called_on_for,
        Localized::One("relire vos dossiers".into())
    );
    assert_eq!(c.called_on_for.get("en-US"), "relire vos dossiers");
}

#[test]
fn a_table_gives_one_text_per_language() {
    let c = parse(
        "called_on_for = { fr = \"relire vos dossiers\", en = \"review your files\" }\n",
        &[],
    )
    .unwrap();
    assert_eq!(c.called_on_for.get("fr"), "relire vos dossiers");
    assert_eq!(c.called_on_for.get("en-GB"), "review your files");
    let c = parse(
        "[called_on_for]\nfr = \"relire vos dossiers\"\nen = \"review your files\"\n",
        &[],
    )
    .unwrap();
    assert_eq!(c.called_on_for.get("en-US"), "review your files");
    // A language left out shows the other one.
    let c = parse("called_on_for = { fr = \"relire\" }\n", &[]).unwrap();
    assert_eq!(c.called_on_for.get("en-US"), "relire");
    // The example file has both.
    let c = Config::parse(include_str!("../../bot.toml"), &[]).unwrap();
    assert!(c.called_on_for.get("fr").contains("vous orienter"));
    assert!(c
        .called_on_for
        .get("en-US")
        .contains("point you to partners"));
}

#[test]
fn the_environment_overrides_one_language() {
    let c = parse(
        "called_on_for = { fr = \"relire\", en = \"review\" }\n",
        &[("SUIVI_CALLED_ON_FOR_EN", "review your files")],
    )
    .unwrap();
    assert_eq!(c.called_on_for.get("en-US"), "review your files");
    assert_eq!(c.called_on_for.get("fr"), "relire");
}

#[test]
fn an_unknown_language_or_an_empty_text_is_reported() {
    let errs = parse("called_on_for = { de = \"lesen\" }\n", &[])
        .unwrap_err()
        .0;
    let got: Vec<_> = errs.iter().map(|p| (p.key.as_str(), p.id)).collect();
    assert!(
        got.contains(&("called_on_for.de", "config-bad-language")),
        "{got:?}"
    );
    assert!(
        got.contains(&("called_on_for", "config-missing-called-on-for")),
        "{got:?}"
    );
    let errs = parse("[called_on_for]\nit = \"x\"\nfr = \"relire\"\n", &[])
        .unwrap_err()
        .0;
    assert!(
        errs.iter()
            .any(|p| p.key == "called_on_for.it" && p.id == "config-unknown-key"),
        "{errs:?}"
    );
    let errs = parse("called_on_for = 3\n", &[]).unwrap_err().0;
    assert!(errs.iter().any(|p| p.id == "config-wrong-type"), "{errs:?}");
}
