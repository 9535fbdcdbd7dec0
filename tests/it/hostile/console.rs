//! The console through a pipe, as an attacker would feed it: a wait past any date, a line that
//! is not UTF-8, a line of many megabytes. Each gets its message, and the script goes on.

use crate::console::run_console;

#[test]
fn a_wait_past_any_date_is_refused_with_the_allowed_range() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("console.db");
    let out = run_console(&db, "en", "/wait 99999999999999w\n/wait 400d\n/help\n");
    assert_eq!(
        out.matches("You can wait from 1 minute to 366 days (a year)")
            .count(),
        2,
        "{out}"
    );
    // The next line was read: the help is there, and the console said goodbye.
    assert!(out.contains("/wait"), "{out}");
    assert!(out.trim_end().ends_with("Everything is saved."), "{out}");
    let out = run_console(&db, "fr", "/attendre 9223372036854775808m\n");
    assert!(
        out.contains("Vous pouvez attendre de 1 minute à 366 jours (un an)\u{202f}:"),
        "{out}"
    );
    assert!(
        out.trim_end().ends_with("Au revoir. Tout est enregistré."),
        "{out}"
    );
}

#[test]
fn a_line_that_is_not_utf8_is_refused_and_the_script_goes_on() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("console.db");
    let mut script = b"/role\n".to_vec();
    script.extend_from_slice(b"caf\xe9 \xff\xfe\n");
    script.extend_from_slice(b"/wait 1h\n");
    let out = run_console_bytes(&db, "en", &script);
    assert!(
        out.contains("Line 2 is not UTF-8 text and was not read"),
        "{out}"
    );
    // Line 3 was still read and done.
    assert!(out.contains("It is now"), "{out}");
    assert!(out.trim_end().ends_with("Everything is saved."), "{out}");
    let out = run_console_bytes(&db, "fr", b"\xc3\x28\n/wait 1h\n");
    assert!(
        out.contains("La ligne 1 n’est pas du texte UTF-8 et n’a pas été lue\u{202f}:"),
        "{out}"
    );
    assert!(out.contains("Il est maintenant"), "{out}");
}

#[test]
fn a_line_of_many_megabytes_is_dropped_not_echoed() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("console.db");
    let mut script = b"/open\n".to_vec();
    script.extend(std::iter::repeat_n(b'a', 32 << 20));
    script.extend_from_slice(b"\n/wait 1h\n");
    let out = run_console_bytes(&db, "en", &script);
    assert!(
        out.contains("Line 2 is longer than 16384 bytes and was not read"),
        "{out}"
    );
    assert!(out.contains("It is now"), "{out}");
    // Neither echoed nor saved: the whole output stays small.
    assert!(out.len() < 64 * 1024, "{} bytes of output", out.len());
    assert!(!out.contains(&"a".repeat(100)));
}

/// `run_console` for a script that is not text.
fn run_console_bytes(db: &std::path::Path, lang: &str, script: &[u8]) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
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
    let mut stdin = child.stdin.take().expect("a pipe");
    // Written from another thread: the console answers while it reads.
    let script = script.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&script));
    let out = child.wait_with_output().expect("the console ends");
    writer
        .join()
        .expect("the writer thread")
        .expect("the script is written whole");
    let stdout = String::from_utf8(out.stdout).expect("the console writes UTF-8");
    assert!(
        out.status.success(),
        "exit {:?}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}
