//! The operator's view, through the real binary: one language for every message (`LANG`, then
//! `bot.toml`), an unknown `--lang` refused, a TOML syntax error placed once, `check` that
//! only reads, `migrate` that does not invent folders, and a closed pipe that ends quietly.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary in `dir`, with `LANG` as given and no other setting from the environment.
fn suivi(dir: &Path, lang: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_suivi"));
    c.current_dir(dir)
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("RUST_LOG")
        .env_remove("SUIVI_CONFIG")
        .env_remove("SUIVI_LANGUAGE")
        .env_remove("SUIVI_DATABASE")
        .env_remove("SUIVI_TOKEN_FILE")
        // `check` is `run`'s start gate: it wants a token as `run` does.
        .env("DISCORD_TOKEN", "operator-token")
        .stdin(Stdio::null());
    c
}

/// A folder holding the example `bot.toml`, its language set to `language`.
fn folder(language: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("bot.toml")).unwrap();
    let text = text.replace("language = \"fr\"", &format!("language = \"{language}\""));
    std::fs::write(dir.path().join("bot.toml"), text).unwrap();
    dir
}

/// Standard output and error, French non-breaking spaces read as plain ones (their
/// typography is checked over every message elsewhere).
fn texts(out: &Output) -> (String, String) {
    let plain = |b: &[u8]| String::from_utf8_lossy(b).replace(['\u{202f}', '\u{a0}'], " ");
    (plain(&out.stdout), plain(&out.stderr))
}

/// Every file under `dir`, with its length.
fn listing(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let meta = e.metadata().unwrap();
        if meta.is_dir() {
            out.extend(listing(&e.path()));
        }
        out.push((e.path(), if meta.is_dir() { 0 } else { meta.len() }));
    }
    out.sort();
    out
}

#[test]
fn an_unknown_console_language_is_refused_with_the_list() {
    let dir = folder("fr");
    for (lang, listed) in [
        ("en_US.UTF-8", "Languages: fr (French) and en (English)."),
        ("fr_FR.UTF-8", "Langues : fr (français) et en (anglais)."),
    ] {
        let out = suivi(dir.path(), lang)
            .args(["console", "--lang", "de", "--db", "c.db"])
            .output()
            .unwrap();
        let (stdout, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
        assert!(stderr.contains("--lang de"), "{stderr}");
        assert!(stderr.contains(listed), "{stderr}");
        assert!(stdout.is_empty(), "{stdout}");
    }
    assert!(!dir.path().join("c.db").exists(), "nothing was started");
}

#[test]
fn the_operator_reads_one_language_lang_first_then_bot_toml() {
    // (LANG, bot.toml's language, the language every line must be in)
    let cases = [
        ("en_US.UTF-8", "fr", "en"),
        ("fr_FR.UTF-8", "en", "fr"),
        ("C.UTF-8", "en", "en"),
        ("C", "fr", "fr"),
    ];
    for (lang, configured, expected) in cases {
        let dir = folder(configured);
        let check = suivi(dir.path(), lang).arg("check").output().unwrap();
        let (ok, _) = texts(&check);
        let refused = suivi(dir.path(), lang)
            .args(["migrate", "--db", "missing/x.db"])
            .output()
            .unwrap();
        let (_, err) = texts(&refused);
        assert!(check.status.success() && !refused.status.success());
        let (ok_line, err_line) = match expected {
            "en" => (
                "Configuration: fine",
                "Database: the folder missing does not exist",
            ),
            _ => (
                "Configuration : en ordre",
                "Base de données : le dossier missing n’existe pas",
            ),
        };
        assert!(ok.starts_with(ok_line), "LANG={lang}, {configured}: {ok}");
        assert!(
            err.starts_with(err_line),
            "LANG={lang}, {configured}: {err}"
        );
    }
}

#[test]
fn a_toml_syntax_error_names_the_file_line_and_column_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("cfg")).unwrap();
    let text = "# suivi\nlanguage = \"en\"\ntimezone = \"Europe/Paris\ncalled_on_for = \"x\"\n";
    std::fs::write(dir.path().join("cfg/syntax.toml"), text).unwrap();
    for (lang, expected) in [
        (
            "C",
            "cfg/syntax.toml, line 3, column 25: this is not valid TOML",
        ),
        (
            "fr_FR.UTF-8",
            "cfg/syntax.toml, ligne 3, colonne 25 : ce n’est pas du TOML valide",
        ),
    ] {
        let out = suivi(dir.path(), lang)
            .args(["--config", "cfg/syntax.toml", "check"])
            .output()
            .unwrap();
        let (_, err) = texts(&out);
        assert!(!out.status.success());
        let first = err.lines().next().unwrap_or_default();
        assert!(first.starts_with(expected), "{err}");
        assert_eq!(err.matches("syntax.toml").count(), 1, "{err}");
        assert!(!err.contains("bot.toml"), "{err}");
        assert_eq!(
            err.matches("line 3").count() + err.matches("ligne 3").count(),
            1
        );
    }
}

#[test]
fn check_only_reads_a_missing_file_stays_missing() {
    let dir = folder("en");
    let before = listing(dir.path());
    let out = suivi(dir.path(), "C").arg("check").output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("Database: suivi.db does not exist yet."),
        "{stdout}"
    );
    assert_eq!(listing(dir.path()), before, "check created something");

    // A folder that does not exist is a problem `run` would meet: reported, not created.
    let out = suivi(dir.path(), "C")
        .arg("check")
        .env("SUIVI_DATABASE", "data/db/suivi.db")
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert!(!out.status.success());
    assert!(stderr.contains("mkdir -p data/db"), "{stderr}");
    assert_eq!(listing(dir.path()), before, "check created something");
}

#[test]
fn check_reports_pending_migrations_without_applying_them() {
    let dir = folder("en");
    // An empty file is an SQLite database without any table yet.
    std::fs::write(dir.path().join("suivi.db"), b"").unwrap();
    let before = listing(dir.path());
    let out = suivi(dir.path(), "C").arg("check").output().unwrap();
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("migrations to apply"), "{stdout}");
    assert_eq!(listing(dir.path()), before, "check changed the files");

    // Once migrated and closed, check reads the file and leaves it as it was.
    let out = suivi(dir.path(), "C").arg("migrate").output().unwrap();
    assert!(out.status.success());
    let before = listing(dir.path());
    let bytes = std::fs::read(dir.path().join("suivi.db")).unwrap();
    let out = suivi(dir.path(), "C").arg("check").output().unwrap();
    let (stdout, _) = texts(&out);
    assert!(stdout.contains("schema up to date"), "{stdout}");
    assert_eq!(listing(dir.path()), before);
    assert_eq!(std::fs::read(dir.path().join("suivi.db")).unwrap(), bytes);
}

#[test]
fn migrate_into_a_missing_folder_is_refused_with_the_fix() {
    let dir = folder("en");
    let out = suivi(dir.path(), "C")
        .args(["migrate", "--db", "nonexistent/dir/x.db"])
        .output()
        .unwrap();
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("the folder nonexistent/dir does not exist"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Create the folder first (mkdir -p nonexistent/dir)"),
        "{stderr}"
    );
    assert!(!dir.path().join("nonexistent").exists());
}

/// Runs `args` with standard output a pipe nobody reads any more (`… | head` after `head`
/// left), feeding `input`.
fn with_closed_stdout(dir: &Path, args: &[&str], input: &str) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut child = suivi(dir, "C")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The binary may stop reading before the end: a failed write here is expected.
    let _ = stdin.write_all(input.as_bytes());
    drop(stdin);
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_every_printing_command_quietly() {
    let dir = folder("en");
    let script = std::fs::read_to_string(root().join("examples/console-en.txt")).unwrap();
    let runs: [(&[&str], &str); 4] = [
        (&["console", "--db", "console.db"], &script),
        (&["check"], ""),
        (&["migrate"], ""),
        (
            &[
                "schedule",
                "preview",
                "--every",
                "every day",
                "--at",
                "2027-03-02 10:00",
                "--tz",
                "Europe/Paris",
                "--count",
                "50",
            ],
            "",
        ),
    ];
    for (args, input) in runs {
        let out = with_closed_stdout(dir.path(), args, input);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {stderr}", out.status);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}
