//! Schema honesty: a file written by a newer suivi is refused by every command with one line
//! naming both versions; a failed migration stops with instructions and writes no further
//! backup however often it is started; only `migrate`, `run` and `console` migrate — the other
//! commands leave the file as it is and say when it needs migrating.

use std::path::Path;

use super::{fingerprint, migrated, names, sql, suivi, texts};

/// Every command, with what it needs to reach the database.
fn commands(dir: &Path) -> Vec<Vec<String>> {
    let copy = dir.join("copy.db").display().to_string();
    [
        vec!["migrate"],
        vec!["check"],
        vec!["status"],
        vec!["status", "--health"],
        vec!["audit"],
        vec!["data", "export", "--user", "502"],
        vec!["data", "erase", "--user", "502", "--yes"],
        vec!["backup", &copy],
        vec!["console", "--lang", "en"],
        vec!["run"],
    ]
    .into_iter()
    .map(|c| c.into_iter().map(str::to_owned).collect())
    .collect()
}

#[tokio::test]
async fn a_database_from_a_newer_suivi_is_refused_by_every_command_naming_both_versions() {
    let (dir, db) = migrated();
    sql(
        &db,
        &["INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time)
           VALUES (29991231000001, 'from the future', '2999-12-31', 1, x'00', 1)"],
    )
    .await;
    let before = fingerprint(&db);
    let ours = suivi::store::latest_schema().to_string();
    for args in commands(dir.path()) {
        let out = suivi(&db).args(&args).output().expect("runs");
        let (stdout, stderr) = texts(&out);
        assert!(!out.status.success(), "{args:?}: {stdout}{stderr}");
        let line = stderr
            .lines()
            .find(|l| l.contains("newer suivi"))
            .unwrap_or_else(|| panic!("{args:?}: {stderr}"));
        assert!(
            line.contains("29991231000001") && line.contains(&ours),
            "{line}"
        );
        assert_eq!(fingerprint(&db).0, before.0, "{args:?} changed the file");
    }
    assert!(!dir.path().join("copy.db").exists());
}

/// The newest migration is taken back and cannot be applied again (a trigger refuses it):
/// each start fails with the instructions, and at most one backup copy is ever written.
#[tokio::test]
async fn a_failed_migration_started_three_times_writes_one_backup_at_most() {
    let (dir, db) = migrated();
    let newest = suivi::store::latest_schema();
    sql(
        &db,
        &[
            &format!("DELETE FROM _sqlx_migrations WHERE version = {newest}"),
            "CREATE TRIGGER refuse_migrations BEFORE INSERT ON _sqlx_migrations
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
        ],
    )
    .await;
    for _ in 0..3 {
        let out = suivi(&db).arg("migrate").output().expect("runs");
        let (_, stderr) = texts(&out);
        assert!(!out.status.success());
        assert!(
            stderr.contains(&format!("failed at migration {newest}")),
            "{stderr}"
        );
        assert!(stderr.contains("no further backup is written"), "{stderr}");
    }
    let backups = names(dir.path())
        .into_iter()
        .filter(|n| n.contains(".backup-"))
        .count();
    assert!(backups <= 1, "{:?}", names(dir.path()));

    // A migration left marked failed is refused at once, by every command, with no copy.
    sql(
        &db,
        &[
            "DROP TRIGGER refuse_migrations",
            &format!(
                "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time)
                 VALUES ({newest}, 'half-way', '2026-12-03', 0, x'00', 1)"
            ),
        ],
    )
    .await;
    for args in commands(dir.path()) {
        let out = suivi(&db).args(&args).output().expect("runs");
        let (_, stderr) = texts(&out);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            stderr.contains(&format!("failed at migration {newest}")),
            "{args:?}: {stderr}"
        );
    }
    let after = names(dir.path())
        .into_iter()
        .filter(|n| n.contains(".backup-"))
        .count();
    assert_eq!(after, backups);
}

#[tokio::test]
async fn only_migrate_run_and_console_migrate_the_others_leave_the_file_and_say_so() {
    let (dir, db) = migrated();
    let newest = suivi::store::latest_schema();
    // The file as an older suivi left it, as far as the schema table says.
    sql(
        &db,
        &[&format!(
            "DELETE FROM _sqlx_migrations WHERE version = {newest}"
        )],
    )
    .await;
    let before = fingerprint(&db);
    for args in [
        vec!["status"],
        vec!["status", "--health"],
        vec!["audit"],
        vec!["data", "export", "--user", "502"],
        vec!["data", "erase", "--user", "502", "--yes"],
    ] {
        let out = suivi(&db).args(&args).output().expect("runs");
        let (_, stderr) = texts(&out);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            stderr.contains("one migration to apply") && stderr.contains("suivi migrate"),
            "{args:?}: {stderr}"
        );
        assert_eq!(fingerprint(&db), before, "{args:?} changed the file");
    }
    // `check` reports it (`run` would migrate), and `backup` copies it as it is.
    let out = suivi(&db).arg("check").output().expect("runs");
    let (stdout, _) = texts(&out);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("one migration to apply"), "{stdout}");
    let copy = dir.path().join("before-upgrade.db");
    let out = suivi(&db).arg("backup").arg(&copy).output().expect("runs");
    assert!(out.status.success(), "{:?}", texts(&out));
    assert_eq!(
        fingerprint(&db),
        before,
        "check and backup changed the file"
    );
}

#[test]
fn read_only_commands_leave_a_current_file_byte_for_byte() {
    let (dir, db) = migrated();
    let before = fingerprint(&db);
    let copy = dir.path().join("copy.db").display().to_string();
    for args in [
        vec!["status"],
        vec!["status", "--health"],
        vec!["check"],
        vec!["audit"],
        vec!["backup", &copy],
    ] {
        let out = suivi(&db).args(&args).output().expect("runs");
        assert!(out.status.success(), "{args:?}: {:?}", texts(&out));
        assert_eq!(fingerprint(&db), before, "{args:?} changed the file");
    }
}
