//! Safe at the edges: a full disk, backups that never expose, schema honesty, `suivi check`
//! as the start gate, operator commands that tell the truth, and deployment files that start.
//! Real files, the real binary; nothing mocked.

mod backup;
mod compose;
mod deploy;
mod disk;
mod gate;
mod schema;
mod truths;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root.
pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary on `db`, with the example `bot.toml`, English messages, a token from the
/// environment and no other setting inherited.
pub(crate) fn suivi(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_suivi"));
    c.arg("--config")
        .arg(root().join("bot.toml"))
        .env("SUIVI_DATABASE", db)
        .env("LANG", "en_US.UTF-8")
        .env("DISCORD_TOKEN", "edge-token")
        // Should anything get as far as connecting: a loopback port nobody listens on.
        .env("SUIVI_DISCORD_API_BASE", "http://127.0.0.1:9")
        .env_remove("SUIVI_CONFIG")
        .env_remove("SUIVI_LANGUAGE")
        .env_remove("SUIVI_TOKEN_FILE")
        .env_remove("LC_ALL")
        .env_remove("RUST_LOG")
        .stdin(Stdio::null());
    c
}

/// Standard output and error as text, French narrow spaces read as plain ones.
pub(crate) fn texts(out: &Output) -> (String, String) {
    let plain = |b: &[u8]| String::from_utf8_lossy(b).replace(['\u{202f}', '\u{a0}'], " ");
    (plain(&out.stdout), plain(&out.stderr))
}

/// A migrated database in a fresh folder.
pub(crate) fn migrated() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("suivi.db");
    let out = suivi(&db).arg("migrate").output().expect("suivi runs");
    assert!(out.status.success(), "{:?}", texts(&out));
    (dir, db)
}

/// What a file is, to tell whether a command changed it: its bytes and modification time.
pub(crate) fn fingerprint(path: &Path) -> (Vec<u8>, std::time::SystemTime) {
    let bytes = std::fs::read(path).expect("readable");
    let at = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("a modification time");
    (bytes, at)
}

/// The files in `dir`, by name.
pub(crate) fn names(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .expect("a folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// Runs SQL on `db` with a connection of its own.
pub(crate) async fn sql(db: &Path, statements: &[&str]) {
    use sqlx::Connection;
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .expect("open");
    for s in statements {
        sqlx::query(s).execute(&mut conn).await.expect(s);
    }
    conn.close().await.expect("close");
}
