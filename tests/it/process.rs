//! The `suivi` binary as an operator runs it: a missing token, and a clean stop on SIGTERM
//! while connected to the loopback Discord.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use discord_double::Double;

fn binary() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_suivi"));
    c.arg("--config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bot.toml"));
    c.env_remove("DISCORD_TOKEN").env_remove("RUST_LOG");
    c
}

#[test]
fn run_without_a_token_exits_at_once_and_says_how_to_give_one() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, expected) in [
        ("en_US.UTF-8", "no bot token"),
        ("fr_FR.UTF-8", "aucun jeton de bot"),
    ] {
        let out = binary()
            .arg("run")
            .env("SUIVI_DATABASE", dir.path().join("x.db"))
            .env("SUIVI_LANGUAGE", &lang[..2])
            .env("LANG", lang)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(expected), "{err}");
        assert!(
            err.contains("DISCORD_TOKEN") && err.contains("token_file"),
            "{err}"
        );
        assert!(
            !dir.path().join("x.db").exists(),
            "nothing is created before the token is known"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_closes_the_gateway_and_the_database_cleanly() {
    let double = Double::start().await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("run.db");
    let mut child = binary()
        .arg("run")
        .env("DISCORD_TOKEN", "test-token")
        .env("SUIVI_DISCORD_API_BASE", double.proxy_url())
        .env("SUIVI_DATABASE", &db)
        .env("RUST_LOG", "suivi=info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    double.wait_ready(Duration::from_secs(30)).await.unwrap();
    let app = double.application_id();
    double
        .wait_for(Duration::from_secs(30), |r| {
            r.matches("PUT", &format!("/applications/{app}/commands"))
        })
        .await
        .unwrap();
    let token = double.last_identify().unwrap();
    assert_eq!(token["token"], "Bot test-token");
    let intents = token["intents"].as_u64().unwrap();
    assert_eq!(
        intents,
        (1 << 0) | (1 << 12),
        "GUILDS and DIRECT_MESSAGES only"
    );

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "suivi did not stop after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "{status:?}\n{stderr}");
    assert!(stderr.contains("stopped cleanly"), "{stderr}");
    assert!(
        !stderr.contains("test-token"),
        "the token never reaches the logs"
    );
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(&db))
            .await
            .unwrap();
    let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(check, "ok");
}
