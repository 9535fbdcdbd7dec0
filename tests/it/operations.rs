//! Running suivi for real, through the binary: a token file others can read is refused with
//! the fix; `backup` copies a database that is being written to, and the copy passes
//! `check`; `status --health` tells a service manager whether deliveries are late; `data
//! export` writes a file that follows the schema, `data erase` needs a confirmation.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use chrono::Utc;
use suivi::clock::ManualClock;

use crate::common::*;
use suivi::i18n::Lang;

fn suivi(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_suivi"));
    c.arg("--config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bot.toml"))
        .env("SUIVI_DATABASE", db)
        .env("LANG", "en_US.UTF-8")
        .env_remove("DISCORD_TOKEN")
        .env_remove("RUST_LOG");
    c
}

#[test]
fn a_token_file_others_can_read_is_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, "secret-token-123\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = suivi(&dir.path().join("x.db"))
        .arg("run")
        .env("SUIVI_TOKEN_FILE", &token)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("chmod 600"), "{err}");
    assert!(
        !err.contains("secret-token-123"),
        "the token is never printed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_answers_are_written_restores_and_checks() {
    let env = env().await;
    let (closing, _) = to_recap(&env, Lang::Fr, &FR, false).await;
    let path = env.path.clone();
    // Another process's pool keeps writing while the backup runs.
    let writer = {
        let clock = Arc::new(ManualClock::new(start()));
        let (desk, _) = desk_on(&path, clock).await;
        tokio::spawn(async move {
            for i in 0..200 {
                let who = beneficiary(Lang::Fr);
                let input = if i % 2 == 0 {
                    suivi::domain::closing::Input::Pause
                } else {
                    suivi::domain::closing::Input::Resume
                };
                let _ = desk.input(closing, &who, input).await;
            }
        })
    };
    let copy = env._dir.path().join("copy.db");
    let out = suivi(&path).arg("backup").arg(&copy).output().unwrap();
    writer.await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let check = suivi(&copy)
        .arg("check")
        .env("DISCORD_TOKEN", "restore-token")
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // The copy holds the closing's answers.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", copy.display()))
        .await
        .unwrap();
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM answers")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(n >= 10, "{n}");
    // A backup never overwrites.
    let again = suivi(&path).arg("backup").arg(&copy).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
}

#[tokio::test]
async fn status_health_says_when_deliveries_are_late() {
    let env = env().await;
    let (_closing, _) = to_recap(&env, Lang::En, &EN, false).await;
    // Nothing due in the past on the real clock: the test's clock is in 2026.
    sqlx::query("UPDATE deliveries SET status = 'sent'")
        .execute(env.desk.store().pool())
        .await
        .unwrap();
    let ok = suivi(&env.path)
        .args(["status", "--health"])
        .output()
        .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let full = suivi(&env.path).arg("status").output().unwrap();
    let text = String::from_utf8_lossy(&full.stdout);
    assert!(text.contains("conversations in progress: 1"), "{text}");
    // A delivery due ten minutes ago and still planned: the dispatcher is not running.
    let late = (Utc::now() - chrono::Duration::minutes(10))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    sqlx::query("UPDATE deliveries SET status = 'planned', due_at = $1 WHERE id = (SELECT MIN(id) FROM deliveries)")
        .bind(late)
        .execute(env.desk.store().pool())
        .await
        .unwrap();
    let bad = suivi(&env.path)
        .args(["status", "--health"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("Unhealthy"));
}

#[tokio::test]
async fn data_export_and_erase_from_the_shell() {
    let env = env().await;
    let (closing, _) = to_recap(&env, Lang::Fr, &FR, false).await;
    agree(&env, closing, Lang::Fr, Lang::Fr, &FR).await;
    let file = env._dir.path().join("export.json");
    let out = suivi(&env.path)
        .args([
            "data",
            "export",
            "--user",
            &BENEFICIARY.to_string(),
            "--out",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/export-schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert!(jsonschema::validator_for(&schema).unwrap().is_valid(&doc));
    assert!(doc.to_string().contains(FR.next_step));
    // Without a terminal and without --yes: refused, nothing erased.
    let refused = suivi(&env.path)
        .args(["data", "erase", "--user", &BENEFICIARY.to_string()])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let erased = suivi(&env.path)
        .args(["data", "erase", "--user", &BENEFICIARY.to_string(), "--yes"])
        .output()
        .unwrap();
    assert!(erased.status.success());
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM answers")
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    assert_eq!(n, 0);
    let audit = suivi(&env.path).arg("audit").output().unwrap();
    let text = String::from_utf8_lossy(&audit.stdout);
    assert!(
        text.contains("erasure of the data of person") && text.contains("export of the data"),
        "{text}"
    );
    assert!(!text.contains(FR.next_step), "no content in the audit");
}
