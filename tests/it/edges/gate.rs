//! `suivi check` is the start gate: it fails, with the message `run` gives, on whatever would
//! stop `run` — no token, a token file others can read or that holds more than the token, an
//! empty `database`, a file or folder that cannot be written, damaged pages — and passes on a
//! fresh machine (no database yet, a folder that can be written).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use super::{migrated, suivi, texts};

/// The problem lines of `check` and of `run` for the same setting: they must be the same.
fn check_and_run(set: impl Fn(&mut Command)) -> (String, String) {
    let mut lines = Vec::new();
    for cmd in ["check", "run"] {
        let dir = tempfile::tempdir().expect("a folder");
        let mut c = suivi(&dir.path().join("suivi.db"));
        c.arg(cmd);
        set(&mut c);
        let out = c.output().expect("runs");
        assert!(!out.status.success(), "{cmd} passed: {:?}", texts(&out));
        lines.push(texts(&out).1);
    }
    let run = lines.pop().unwrap_or_default();
    let check = lines.pop().unwrap_or_default();
    (check, run)
}

#[test]
fn no_token_at_all_fails_check_as_it_fails_run() {
    let (check, run) = check_and_run(|c| {
        c.env_remove("DISCORD_TOKEN");
    });
    assert!(check.contains("no bot token"), "{check}");
    assert_eq!(check, run);
}

#[test]
fn token_files_are_read_strictly_and_errors_name_token_file() {
    let dir = tempfile::tempdir().expect("a folder");
    let token = dir.path().join("token");
    for (text, mode, expected) in [
        ("", 0o600, "token_file: the token file"),
        ("", 0o600, "is empty"),
        ("\n", 0o600, "is empty"),
        ("TOKEN\r\nsecond-line\n", 0o600, "holds more than one line"),
        ("TO\tKEN\n", 0o600, "holds control characters"),
        ("TOKEN\r", 0o600, "holds control characters"),
        ("TOKEN\n", 0o644, "chmod 600"),
    ] {
        std::fs::write(&token, text).expect("write");
        std::fs::set_permissions(&token, std::fs::Permissions::from_mode(mode)).expect("chmod");
        let (check, run) = check_and_run(|c| {
            c.env_remove("DISCORD_TOKEN")
                .env("SUIVI_TOKEN_FILE", &token);
        });
        assert!(check.contains(expected), "{text:?}: {check}");
        assert!(!check.contains("DISCORD_TOKEN"), "{text:?}: {check}");
        assert!(
            !check.contains("TOKEN\n") && !check.contains("KEN"),
            "never the token"
        );
        assert_eq!(check, run, "{text:?}");
    }
    // One line with its line break (either kind) is a token.
    std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    for text in ["TOKEN\n", "TOKEN\r\n", "TOKEN"] {
        std::fs::write(&token, text).expect("write");
        let (db_dir, db) = migrated();
        let out = suivi(&db)
            .arg("check")
            .env_remove("DISCORD_TOKEN")
            .env("SUIVI_TOKEN_FILE", &token)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{text:?}: {:?}", texts(&out));
        drop(db_dir);
    }
}

#[test]
fn an_empty_database_setting_fails_check_as_it_fails_run() {
    let (check, run) = check_and_run(|c| {
        c.env("SUIVI_DATABASE", "");
    });
    assert!(check.contains("no database file is named"), "{check}");
    assert_eq!(check, run);
}

#[test]
fn damaged_pages_fail_check() {
    let (_dir, db) = migrated();
    let mut bytes = std::fs::read(&db).expect("read");
    let page = 4096;
    assert!(bytes.len() > 6 * page, "{}", bytes.len());
    for b in &mut bytes[3 * page..5 * page] {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).expect("write");
    let out = suivi(&db).arg("check").output().expect("runs");
    let (_, stderr) = texts(&out);
    assert!(!out.status.success());
    assert!(stderr.contains("is damaged"), "{stderr}");
    assert!(stderr.contains("restore the latest backup"), "{stderr}");
    // `run` stops at its start with the same line, before connecting to anything.
    let run = suivi(&db).arg("run").output().expect("runs");
    assert!(!run.status.success());
    assert_eq!(texts(&run).1, stderr);
    assert_eq!(std::fs::read(&db).expect("read"), bytes, "nothing written");
}

/// The effective user: tests as root run the binary as `nobody`, who, unlike root, is
/// refused a file without write permission.
fn uid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").map_or(0, |m| m.uid())
}

/// `suivi check` on `db` as a user the permissions apply to.
fn check_as_user(dir: &Path, db: &Path) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut c = suivi(db);
    c.arg("check");
    if uid() == 0 {
        const NOBODY: u32 = 65534;
        let config = dir.join("bot.toml");
        std::fs::copy(super::root().join("bot.toml"), &config).expect("copy");
        chown_all(dir, NOBODY);
        c.arg("--config").arg(&config).uid(NOBODY).gid(NOBODY);
    }
    c.output().expect("runs")
}

fn chown_all(dir: &Path, id: u32) {
    std::os::unix::fs::chown(dir, Some(id), Some(id)).expect("chown");
    for e in std::fs::read_dir(dir).expect("a folder").flatten() {
        std::os::unix::fs::chown(e.path(), Some(id), Some(id)).expect("chown");
    }
}

#[test]
fn a_database_file_or_folder_that_cannot_be_written_fails_check() {
    // The file.
    let (dir, db) = migrated();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    let out = check_as_user(dir.path(), &db);
    let (_, stderr) = texts(&out);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("cannot be written"), "{stderr}");
    assert!(stderr.contains(&db.display().to_string()), "{stderr}");

    // The folder (SQLite creates its journal files there), with or without a file yet.
    for with_file in [true, false] {
        let (dir, db) = migrated();
        if !with_file {
            std::fs::remove_file(&db).expect("rm");
        }
        let sub = dir.path();
        let out = {
            std::fs::set_permissions(sub, std::fs::Permissions::from_mode(0o500)).expect("chmod");
            let out = check_as_user(sub, &db);
            std::fs::set_permissions(sub, std::fs::Permissions::from_mode(0o700)).expect("chmod");
            out
        };
        let (_, stderr) = texts(&out);
        assert!(!out.status.success(), "{with_file}: {stderr}");
        assert!(
            stderr.contains("files cannot be created in the folder"),
            "{with_file}: {stderr}"
        );
    }
}

#[test]
fn a_fresh_machine_passes_check_and_check_creates_nothing() {
    let dir = tempfile::tempdir().expect("a folder");
    let db = dir.path().join("suivi.db");
    let out = suivi(&db).arg("check").output().expect("runs");
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("does not exist yet"), "{stdout}");
    assert_eq!(super::names(dir.path()), Vec::<String>::new());
}
