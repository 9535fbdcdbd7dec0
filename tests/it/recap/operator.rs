//! The operator's words, through the real binary: `suivi audit` as sentences in the operator's
//! language, the export's summary addressed to the operator with the relay consent history as
//! events, `--lang` for every message of the command (its configuration problems too), TOML
//! syntax errors without the parser's English, and the console's ids shown at start so that
//! `suivi data export --user 2` is found.

use std::path::Path;

use suivi::i18n::Lang;

use super::suivi;
use crate::common::*;

/// Standard output and error, as text.
fn texts(out: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn export(lang: &str, db: &Path, user: u64, file: &Path) -> std::process::Output {
    suivi(lang, None)
        .env("SUIVI_DATABASE", db)
        .args(["data", "export", "--user", &user.to_string(), "--out"])
        .arg(file)
        .output()
        .unwrap()
}

#[tokio::test]
async fn the_export_summary_speaks_to_the_operator_and_counts_relay_events() {
    for (lang, env_lang, person, given, events) in [
        (
            Lang::Fr,
            "fr_FR.UTF-8",
            format!("Données de la personne {BENEFICIARY}\u{202f}:"),
            "relais\u{202f}: accepté une fois)",
            "relais\u{202f}: accepté une fois et retiré une fois)",
        ),
        (
            Lang::En,
            "en_US.UTF-8",
            format!("Data of person {BENEFICIARY}:"),
            "relay: accepted once)",
            "relay: accepted once and withdrawn once)",
        ),
    ] {
        let s = if lang == Lang::Fr { &FR } else { &EN };
        let env = env().await;
        let (closing, _) = to_recap(&env, lang, s, false).await;
        agree(&env, closing, lang, lang, s).await;
        let dir = tempfile::tempdir().unwrap();
        let out = export(env_lang, &env.path, BENEFICIARY, &dir.path().join("a.json"));
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{stderr}");
        assert!(stdout.starts_with(&person), "{stdout}");
        assert!(stdout.contains(given), "{stdout}");
        assert!(!stdout.contains("Vos données") && !stdout.contains("Your data"));

        // A day later the beneficiary withdraws their consent: one more event, not "2 consents".
        env.clock.advance(chrono::Duration::days(1));
        env.desk
            .set_relay_consent(GUILD, &beneficiary(lang), false)
            .await
            .unwrap();
        let out = export(env_lang, &env.path, BENEFICIARY, &dir.path().join("b.json"));
        let (stdout, _) = texts(&out);
        assert!(stdout.contains(events), "{stdout}");
    }
}

#[tokio::test]
async fn the_audit_reads_as_sentences_in_the_operator_language() {
    let env = env().await;
    let (closing, _) = to_recap(&env, Lang::Fr, &FR, false).await;
    agree(&env, closing, Lang::Fr, Lang::Fr, &FR).await;
    let dir = tempfile::tempdir().unwrap();
    let out = export("C", &env.path, BENEFICIARY, &dir.path().join("a.json"));
    assert!(out.status.success());
    for (lang, sentence, zone) in [
        (
            "fr_FR.UTF-8",
            format!(
                "export des données de la personne {BENEFICIARY}, par l’opérateur·rice, en ligne \
                 de commande"
            ),
            "heure de Paris",
        ),
        (
            "en_US.UTF-8",
            format!(
                "export of the data of person {BENEFICIARY}, by the operator, from the command line"
            ),
            "Paris time",
        ),
    ] {
        let out = suivi(lang, None)
            .env("SUIVI_DATABASE", &env.path)
            .arg("audit")
            .output()
            .unwrap();
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{stderr}");
        assert!(stdout.contains(&sentence), "{stdout}");
        assert!(stdout.contains(zone), "{stdout}");
        for raw in ["by=", "subject=", "sections=", "\texport"] {
            assert!(!stdout.contains(raw), "{raw}: {stdout}");
        }
        assert!(!stdout.contains(FR.next_step), "no content in the audit");
    }
}

/// A folder with a `bot.toml` in `language` whose line 3 opens a text it never closes.
fn broken_config(language: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "# suivi\nlanguage = \"{language}\"\ntimezone = \"Europe/Paris\ncalled_on_for = \"x\"\n"
    );
    std::fs::write(dir.path().join("bot.toml"), text).unwrap();
    dir
}

#[test]
fn a_toml_error_reads_in_the_operator_language_without_the_parser_english() {
    for (lang, said) in [
        (
            "fr_FR.UTF-8",
            "ligne 3, colonne 25\u{202f}: ce n’est pas du TOML valide\u{202f}: un texte entre \
             guillemets n’est pas fermé sur sa ligne",
        ),
        (
            "en_US.UTF-8",
            "line 3, column 25: this is not valid TOML: a text in quotes is not closed on its line",
        ),
    ] {
        let dir = broken_config("fr");
        let out = suivi(lang, Some(&dir.path().join("bot.toml")))
            .env("DISCORD_TOKEN", "t")
            .arg("check")
            .output()
            .unwrap();
        let (_, stderr) = texts(&out);
        assert!(!out.status.success());
        assert!(stderr.contains(said), "{stderr}");
        for english in ["invalid", "expected", "basic string"] {
            assert!(!stderr.contains(english), "{english}: {stderr}");
        }
    }
}

#[test]
fn the_console_lang_flag_is_every_message_even_configuration_problems() {
    // The operator's environment and the file both say French; `--lang en` wins, and the
    // reverse.
    for (env_lang, file_lang, flag, said, not) in [
        (
            "fr_FR.UTF-8",
            "fr",
            "en",
            "this is not valid TOML",
            "ce n’est pas du TOML valide",
        ),
        (
            "en_US.UTF-8",
            "en",
            "fr",
            "ce n’est pas du TOML valide",
            "this is not valid TOML",
        ),
    ] {
        let dir = broken_config(file_lang);
        let out = suivi(env_lang, Some(&dir.path().join("bot.toml")))
            .args(["console", "--lang", flag, "--db"])
            .arg(dir.path().join("c.db"))
            .output()
            .unwrap();
        let (_, stderr) = texts(&out);
        assert!(!out.status.success());
        assert!(stderr.contains(said), "{stderr}");
        assert!(!stderr.contains(not), "{stderr}");
    }
}

#[test]
fn the_console_shows_its_ids_and_the_export_they_open() {
    for (lang, ids, person) in [
        (
            "fr",
            "la personne chargée de mission a l’identifiant 1 et la personne bénéficiaire \
             l’identifiant 2",
            "Données de la personne 2\u{202f}:",
        ),
        (
            "en",
            "the advisor has the id 1 and the beneficiary the id 2",
            "Data of person 2:",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.db");
        let script = crate::console::script(&format!("console-{lang}.txt"));
        let out = crate::console::run_console(&db, lang, &script);
        let start: String = out.lines().take(3).collect::<Vec<_>>().join("\n");
        assert!(start.contains(ids), "{start}");
        assert!(start.contains("suivi data export --user 2"), "{start}");
        // The command the console names works on its file, for its beneficiary.
        let env_lang = if lang == "fr" {
            "fr_FR.UTF-8"
        } else {
            "en_US.UTF-8"
        };
        let out = export(env_lang, &db, 2, &dir.path().join("x.json"));
        let (stdout, stderr) = texts(&out);
        assert!(out.status.success(), "{stderr}");
        assert!(stdout.starts_with(person), "{stdout}");
        assert!(!stdout.contains("0 appui comme") && !stdout.contains("0 supports as"));
    }
}
