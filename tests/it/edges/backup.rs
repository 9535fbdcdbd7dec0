//! Backups that never expose: the copy is private from its first byte, a killed or stopped
//! backup leaves nothing readable behind and does not block the next one, and a missing
//! folder is said plainly.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use super::{migrated, names, sql, suivi, texts};

/// A database big enough for `VACUUM INTO` to take a while (about 60 MB).
async fn big() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = migrated();
    sql(
        &db,
        &[
            "CREATE TABLE ballast (x BLOB)",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000)
             INSERT INTO ballast SELECT randomblob(2000) FROM n",
        ],
    )
    .await;
    (dir, db)
}

/// Files in `dir` other than the database and its journals.
fn others(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| !n.starts_with("suivi.db"))
        .collect()
}

fn mode(path: &Path) -> Option<u32> {
    std::fs::metadata(path)
        .ok()
        .map(|m| m.permissions().mode() & 0o777)
}

fn start_backup(db: &Path, target: &Path) -> Child {
    suivi(db)
        .arg("backup")
        .arg(target)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("suivi runs")
}

/// Waits until a partial copy shows in `dir`; its name.
fn partial_appears(dir: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(p) = others(dir).into_iter().find(|n| n.contains(".partial-")) {
            if std::fs::metadata(dir.join(&p)).is_ok_and(|m| m.len() > 0) {
                return p;
            }
        }
        assert!(Instant::now() < deadline, "no partial copy appeared");
        std::thread::yield_now();
    }
}

#[tokio::test]
async fn every_file_a_backup_writes_is_private_from_its_first_byte() {
    let (dir, db) = big().await;
    let target = dir.path().join("copy.db");
    let mut child = start_backup(&db, &target);
    let mut samples = 0;
    let mut saw_partial = false;
    while child.try_wait().expect("wait").is_none() {
        for name in others(dir.path()) {
            if let Some(m) = mode(&dir.path().join(&name)) {
                assert_eq!(m & 0o077, 0, "{name} has mode {m:o} while the copy runs");
                samples += 1;
                saw_partial |= name.contains(".partial-");
            }
        }
    }
    let out = child.wait_with_output().expect("output");
    assert!(out.status.success(), "{:?}", texts(&out));
    assert!(
        saw_partial,
        "the copy was sampled while written ({samples} samples)"
    );
    assert_eq!(mode(&target), Some(0o600));
    assert_eq!(others(dir.path()), vec!["copy.db".to_owned()]);
}

#[tokio::test]
async fn a_killed_backup_leaves_nothing_readable_and_does_not_block_the_next() {
    let (dir, db) = big().await;
    let target = dir.path().join("copy.db");
    let mut child = start_backup(&db, &target);
    let partial = partial_appears(dir.path());
    child.kill().expect("SIGKILL");
    child.wait().expect("ended");
    assert!(!target.exists(), "no copy under the final name");
    for name in others(dir.path()) {
        let m = mode(&dir.path().join(&name)).unwrap_or(0);
        assert_eq!(m & 0o077, 0, "{name} is readable by others ({m:o})");
    }
    // The next backup to the same name is not blocked by what the killed one left.
    let out = suivi(&db)
        .arg("backup")
        .arg(&target)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{:?}", texts(&out));
    assert_eq!(mode(&target), Some(0o600));
    let _ = partial;
}

#[tokio::test]
async fn a_backup_stopped_by_sigterm_removes_its_partial_copy() {
    let (dir, db) = big().await;
    let target = dir.path().join("copy.db");
    let child = start_backup(&db, &target);
    partial_appears(dir.path());
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let out = child.wait_with_output().expect("ended");
    let (_, stderr) = texts(&out);
    assert!(!out.status.success());
    assert!(
        stderr.contains("interrupted: the partial copy was removed"),
        "{stderr}"
    );
    assert_eq!(others(dir.path()), Vec::<String>::new(), "nothing left");
}

#[test]
fn a_backup_into_a_missing_folder_says_so_and_names_it() {
    let (dir, db) = migrated();
    let target = dir.path().join("nowhere/copy.db");
    let out = suivi(&db)
        .arg("backup")
        .arg(&target)
        .output()
        .expect("runs");
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1));
    let folder = dir.path().join("nowhere").display().to_string();
    assert!(
        stderr.contains(&format!("Backup: the folder {folder} does not exist")),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("mkdir -p {folder}")), "{stderr}");
    assert!(!stderr.contains("Database problem"), "{stderr}");
}

/// A destination that takes no more bytes (a file size limit standing for a full disk): the
/// copy fails naming the destination, is not called a database problem, and leaves nothing.
#[tokio::test]
async fn a_backup_that_cannot_be_written_out_names_the_destination_and_leaves_nothing() {
    let (dir, db) = big().await;
    let target = dir.path().join("copy.db");
    let binary = env!("CARGO_BIN_EXE_suivi");
    // Writes past 1 MB fail (SIGXFSZ ignored, so the write returns an error instead).
    let script = format!(
        "trap '' XFSZ; ulimit -f 2048; exec '{binary}' --config '{}' backup '{}'",
        super::root().join("bot.toml").display(),
        target.display()
    );
    let c = suivi(&db);
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .envs(
            c.get_envs()
                .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))),
        )
        .env_remove("DISCORD_TOKEN")
        .output()
        .expect("runs");
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&target.display().to_string()), "{stderr}");
    assert!(!stderr.contains("Database problem"), "{stderr}");
    assert!(stderr.contains("partial copy was removed"), "{stderr}");
    assert_eq!(others(dir.path()), Vec::<String>::new(), "nothing left");
    let before = std::fs::metadata(&db).expect("db").len();
    assert!(
        before > 2048 * 1024,
        "the database is bigger than the limit"
    );
}
