//! Operator commands tell the truth: an erasure for nobody says so, ids out of range are
//! refused instead of wrapping, only exports that were handed over are audited, calendar files
//! are never overwritten without `--force`, and every command takes `--db FILE`.

use super::{migrated, suivi, texts};

fn audit(db: &std::path::Path) -> String {
    let out = suivi(db).arg("audit").output().expect("runs");
    assert!(out.status.success(), "{:?}", texts(&out));
    texts(&out).0
}

#[test]
fn erasing_someone_nothing_is_held_about_says_so_and_erases_nothing() {
    let (_dir, db) = migrated();
    let out = suivi(&db)
        .args(["data", "erase", "--user", "99", "--yes"])
        .output()
        .expect("runs");
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("Nothing is held about user 99: nothing was erased and nobody was told"),
        "{stderr}"
    );
    assert!(!stdout.contains("Erased") && !stdout.contains("advisors are told"));
    assert!(audit(&db).contains("The audit log is empty."));
}

#[test]
fn ids_from_two_to_the_63_are_refused_not_wrapped() {
    let (_dir, db) = migrated();
    for args in [
        vec!["data", "erase", "--user", "9223372036854775808", "--yes"],
        vec!["data", "export", "--user", "18446744073709551615"],
        vec!["audit", "--user", "9223372036854775808"],
        vec!["data", "erase", "--user", "0", "--yes"],
    ] {
        let out = suivi(&db).args(&args).output().expect("runs");
        let (_, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("--user"), "{stderr}");
    }
    let text = audit(&db);
    assert!(text.contains("The audit log is empty."), "{text}");
    assert!(!text.contains("person -1"), "{text}");
    // The largest id there can be is taken as it is.
    let out = suivi(&db)
        .args(["data", "export", "--user", "9223372036854775807"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{:?}", texts(&out));
    let text = audit(&db);
    assert!(
        text.contains("export of the data of person 9223372036854775807"),
        "{text}"
    );
}

#[test]
fn a_failed_export_is_not_audited_and_never_overwrites() {
    let (dir, db) = migrated();
    let existing = dir.path().join("export.json");
    std::fs::write(&existing, "kept").expect("write");
    let missing = dir.path().join("no/such/folder/export.json");
    for out_file in [&existing, &missing] {
        let out = suivi(&db)
            .args(["data", "export", "--user", "502", "--out"])
            .arg(out_file)
            .output()
            .expect("runs");
        let (_, stderr) = texts(&out);
        assert!(!out.status.success(), "{stderr}");
        assert!(stderr.contains(&out_file.display().to_string()), "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(&existing).expect("read"), "kept");
    assert!(audit(&db).contains("The audit log is empty."));
    let written = dir.path().join("fresh.json");
    let out = suivi(&db)
        .args(["data", "export", "--user", "502", "--out"])
        .arg(&written)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{:?}", texts(&out));
    assert_eq!(
        audit(&db)
            .matches("export of the data of person 502")
            .count(),
        1
    );
}

#[test]
fn schedule_preview_never_replaces_a_calendar_file_without_force() {
    let dir = tempfile::tempdir().expect("a folder");
    let ics = dir.path().join("plan.ics");
    std::fs::write(&ics, "mine").expect("write");
    let preview = |force: bool| {
        let mut c = suivi(&dir.path().join("unused.db"));
        c.args([
            "schedule",
            "preview",
            "--every",
            "every 2 weeks",
            "--at",
            "2027-03-02 10:00",
            "--tz",
            "Europe/Paris",
            "--count",
            "3",
            "--ics",
        ])
        .arg(&ics);
        if force {
            c.arg("--force");
        }
        c.output().expect("runs")
    };
    let out = preview(false);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&ics).expect("read"), "mine");
    let out = preview(true);
    assert!(out.status.success(), "{:?}", texts(&out));
    assert!(std::fs::read_to_string(&ics)
        .expect("read")
        .starts_with("BEGIN:VCALENDAR"));
}

#[tokio::test]
async fn the_console_never_overwrites_a_calendar_file() {
    let dir = tempfile::tempdir().expect("a folder");
    let db = dir.path().join("console.db");
    crate::console::run_console(&db, "en", &crate::console::script("console-en.txt"));
    let ics = dir.path().join("plan.ics");
    std::fs::write(&ics, "mine").expect("write");
    let out = crate::console::run_console(&db, "en", &format!("/ics {}\n/quit\n", ics.display()));
    assert!(
        out.contains("already exists: give another file name"),
        "{out}"
    );
    assert_eq!(std::fs::read_to_string(&ics).expect("read"), "mine");
    let fresh = dir.path().join("fresh.ics");
    let out = crate::console::run_console(&db, "en", &format!("/ics {}\n/quit\n", fresh.display()));
    assert!(out.contains("Calendar written to"), "{out}");
    assert!(std::fs::read_to_string(&fresh)
        .expect("read")
        .starts_with("BEGIN:VCALENDAR"));
}

#[test]
fn status_audit_data_and_backup_take_db() {
    let (dir, db) = migrated();
    let elsewhere = dir.path().join("not-this-one.db");
    let copy = dir.path().join("copy.db").display().to_string();
    for args in [
        vec!["status"],
        vec!["status", "--health"],
        vec!["audit"],
        vec!["data", "export", "--user", "502"],
        vec!["backup", &copy],
    ] {
        let out = suivi(&elsewhere)
            .args(&args)
            .arg("--db")
            .arg(&db)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{args:?}: {:?}", texts(&out));
    }
    assert!(!elsewhere.exists());
    let out = suivi(&elsewhere)
        .args(["data", "erase", "--user", "502", "--yes", "--db"])
        .arg(&db)
        .output()
        .expect("runs");
    assert!(texts(&out).1.contains("Nothing is held about user 502"));
}

/// The README's Commands table says which commands take `--db`, and the binary agrees.
#[test]
fn the_readme_commands_table_matches_the_binary() {
    let readme = std::fs::read_to_string(super::root().join("README.md")).expect("README");
    for (row, command) in [
        ("| `suivi status", vec!["status"]),
        ("| `suivi audit", vec!["audit"]),
        ("| `suivi backup", vec!["backup"]),
        ("| `suivi data export", vec!["data", "export"]),
        ("| `suivi data erase", vec!["data", "erase"]),
        ("| `suivi migrate", vec!["migrate"]),
        ("| `suivi console", vec!["console"]),
    ] {
        let line = readme
            .lines()
            .find(|l| l.starts_with(row))
            .unwrap_or_else(|| panic!("no README row for {row}"));
        assert!(line.contains("[--db FILE]"), "{line}");
        let out = suivi(std::path::Path::new("unused.db"))
            .args(&command)
            .arg("--help")
            .output()
            .expect("runs");
        assert!(texts(&out).0.contains("--db <DB>"), "{command:?}");
    }
    let line = readme
        .lines()
        .find(|l| l.starts_with("| `suivi schedule preview"))
        .expect("the preview row");
    assert!(line.contains("--force"), "{line}");
}
