//! `suivi console` driven through a pipe, as the README shows: the real binary, a real file.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

pub(crate) fn run_console(db: &Path, lang: &str, script: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_suivi"))
        .arg("--config")
        .arg(root.join("bot.toml"))
        .args(["console", "--lang", lang, "--db"])
        .arg(db)
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the suivi binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "exit {:?}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

async fn rows(db: &Path) -> (String, String, String, i64, String) {
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(db))
            .await
            .unwrap();
    let (cadence, local, means, commitments): (String, String, String, String) = sqlx::query_as(
        "SELECT cadence, first_exchange_local, means, advisor_commitments FROM agreements",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let (tasks,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM tasks")
        .fetch_one(&pool)
        .await
        .unwrap();
    (cadence, local, means, tasks, commitments)
}

pub(crate) fn script(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name),
    )
    .unwrap()
}

#[tokio::test]
async fn scripted_console_run_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("console.db");
    let out = run_console(&db, "fr", &script("console-fr.txt"));
    assert!(
        out.contains("C’est convenu\u{202f}! L’accord de fin de séance est enregistré"),
        "{out}"
    );
    assert!(
        out.contains(
            "Prochaine étape\u{202f}: Rédiger une convention de partenariat avec la commune de Thiès"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "Tâches (3)\u{202f}:\n• écrire au maire de Thiès\n• préparer le budget prévisionnel"
        ),
        "{out}"
    );
    assert!(
        out.contains("Les prochains échanges auront lieu toutes les 2 semaines, à partir du mardi"),
        "{out}"
    );
    assert!(
        out.contains("Engagements côté chargé·e de mission\u{202f}: Relire la convention"),
        "{out}"
    );
    // `/wait 1w` reaches past the first exchange (at most a week ahead): both sides get its
    // one-hour reminder (the day-before one too, unless the exchange was less than a day away).
    assert_eq!(
        out.matches("Rappel\u{202f}: votre prochain échange avec")
            .count()
            % 2,
        0,
        "{out}"
    );
    assert_eq!(out.matches("a lieu dans 1 heure").count(), 2, "{out}");
    assert!(out.contains("Il est maintenant"), "{out}");
    assert!(
        out.trim_end().ends_with("Au revoir. Tout est enregistré."),
        "{out}"
    );
    let (cadence, local, means, tasks, commitments) = rows(&db).await;
    assert_eq!(cadence, r#"{"unit":"weeks","every":2}"#);
    assert!(local.ends_with("T10:00:00"), "{local}");
    let day = chrono::NaiveDateTime::parse_from_str(&local, "%Y-%m-%dT%H:%M:%S").unwrap();
    assert_eq!(chrono::Datelike::weekday(&day), chrono::Weekday::Tue);
    assert_eq!(means, "email,in_person");
    assert_eq!(tasks, 3);
    assert_eq!(
        commitments,
        "Relire la convention et transmettre deux contacts de bailleurs"
    );
}

#[tokio::test]
async fn scripted_console_run_in_english_resumes_after_quitting() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("console.db");
    let full = script("console-en.txt");
    let lines: Vec<&str> = full.lines().collect();
    // Quit half-way (after the means and resources), then start again.
    let (first, rest) = lines.split_at(9);
    let out = run_console(&db, "en", &format!("{}\n/quit\n", first.join("\n")));
    assert!(out.contains("Do you already see needs coming up?"), "{out}");
    let out = run_console(&db, "en", &rest.join("\n"));
    assert!(
        out.contains("Resuming the conversation where it stopped."),
        "{out}"
    );
    assert!(
        out.contains("Agreed! The end-of-session agreement is saved"),
        "{out}"
    );
    assert!(
        out.contains("The next exchanges take place every 3 weeks, from Thursday"),
        "{out}"
    );
    assert!(out.contains("Means: phone and Discord."), "{out}");
    assert_eq!(out.matches("is in 1 hour, on Thursday").count(), 2, "{out}");
    assert!(
        out.contains("Future needs: Train a pair of volunteers"),
        "{out}"
    );
    let (cadence, local, means, tasks, _) = rows(&db).await;
    assert_eq!(cadence, r#"{"unit":"weeks","every":3}"#);
    assert!(local.ends_with("T14:00:00"), "{local}");
    assert_eq!(means, "phone,discord");
    assert_eq!(tasks, 3);
}

#[test]
fn a_malformed_configuration_is_reported_with_lines_and_a_non_zero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("bot.toml");
    std::fs::write(
        &cfg,
        "language = \"es\"\ntimezone = \"Paris\"\ntoken = \"x\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_suivi"))
        .arg("--config")
        .arg(&cfg)
        .arg("check")
        .env("LANG", "fr_FR.UTF-8")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("ligne 1, language")
            && err.contains("«\u{202f}es\u{202f}» n’est pas une langue de suivi"),
        "{err}"
    );
    assert!(
        err.contains("ligne 2, timezone") && err.contains("Europe/Paris"),
        "{err}"
    );
    assert!(
        err.contains("ligne 3, token") && err.contains("ne doit jamais être écrit dans bot.toml"),
        "{err}"
    );
    assert!(err.contains("4 problèmes trouvés."), "{err}");
}
