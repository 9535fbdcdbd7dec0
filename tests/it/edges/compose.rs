//! `deploy/compose.yaml` starts as written: its bots' command lines are ones `suivi` accepts,
//! their shards cover the gateway once, and — on a PostgreSQL server (`SUIVI_TEST_DATABASE`) —
//! each bot's environment, as the file gives it (the server's host moved to the test server,
//! the secrets' paths into a folder), passes `suivi migrate`, `suivi check` and the image's
//! health check, `suivi status --health`.

use std::collections::BTreeMap;
use std::process::Command;

use clap::Parser;
use suivi::discord::{Plan, Shards};

use super::{root, texts};
use crate::pg_schema::fresh_pg;

/// A bot service of the compose file: its command line and its environment.
#[derive(Debug, Default)]
struct Bot {
    command: Vec<String>,
    environment: BTreeMap<String, String>,
}

/// The services named `bot-…`, read line by line (the file keeps to plain block mappings and
/// flow sequences of strings, which this reads; anything else fails the test).
fn bots(compose: &str) -> BTreeMap<String, Bot> {
    let mut bots: BTreeMap<String, Bot> = BTreeMap::new();
    let (mut current, mut in_env) = (None::<String>, false);
    for line in compose.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if indent == 2 {
            in_env = false;
            current = trimmed
                .strip_suffix(':')
                .filter(|n| n.starts_with("bot-"))
                .map(str::to_owned);
            continue;
        }
        if indent == 0 {
            current = None;
            continue;
        }
        let Some(name) = &current else { continue };
        let bot = bots.entry(name.clone()).or_default();
        if indent == 4 {
            in_env = trimmed == "environment:";
            if let Some(list) = trimmed.strip_prefix("command:") {
                bot.command =
                    serde_json::from_str(list.trim()).expect("command is a JSON-style list");
            }
        } else if in_env && indent == 6 {
            let (k, v) = trimmed.split_once(':').expect("KEY: value");
            bot.environment
                .insert(k.trim().to_owned(), v.trim().to_owned());
        }
    }
    bots
}

fn compose() -> BTreeMap<String, Bot> {
    let text =
        std::fs::read_to_string(root().join("deploy/compose.yaml")).expect("the compose file");
    bots(&text)
}

#[test]
fn the_bots_command_lines_are_accepted_and_cover_every_shard_once() {
    let bots = compose();
    assert_eq!(bots.len(), 2, "{bots:?}");
    let mut covered = Vec::new();
    let mut totals = Vec::new();
    for (name, bot) in &bots {
        assert_eq!(
            bot.command.first().map(String::as_str),
            Some("suivi"),
            "{name}"
        );
        let cli =
            suivi::cli::Cli::try_parse_from(&bot.command).unwrap_or_else(|e| panic!("{name}: {e}"));
        let suivi::cli::Command::Run {
            shards,
            shard_count,
        } = cli.command
        else {
            panic!("{name} does not run the bot");
        };
        let parsed = Shards::parse(shards.as_deref(), shard_count.as_deref())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let Shards::Range(Plan { first, last, total }) = parsed else {
            panic!("{name}: {parsed:?}");
        };
        covered.extend(first..=last);
        totals.push(total);
        assert!(
            bot.environment["SUIVI_DATABASE"].starts_with("postgres://"),
            "several processes need PostgreSQL: {name}"
        );
        let user = bot.environment["SUIVI_DATABASE"]
            .split_once("://")
            .and_then(|(_, rest)| rest.split_once('@'))
            .map(|(user, _)| user.to_owned())
            .unwrap_or_default();
        assert!(
            !user.contains(':'),
            "{name}: no password in the URL ({user})"
        );
    }
    covered.sort_unstable();
    totals.dedup();
    assert_eq!(totals.len(), 1, "one shard count for every bot");
    assert_eq!(
        covered,
        (0..totals[0]).collect::<Vec<_>>(),
        "every shard exactly once"
    );
}

#[tokio::test]
async fn each_bot_passes_migrate_check_and_health_on_a_server() {
    let Some(pg) = fresh_pg().await else {
        return;
    };
    let secrets = tempfile::tempdir().unwrap();
    for (file, content) in [
        ("token", "compose-test-token\n"),
        ("pgpass", "*:*:*:*:unused\n"),
    ] {
        let path = secrets.path().join(file);
        std::fs::write(&path, content).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let config = secrets.path().join("bot.toml");
    std::fs::copy(root().join("bot.toml"), &config).unwrap();
    // The server of the file (`postgres:5432/suivi`) is the test server's database here.
    let server = pg.url.split_once("://").unwrap().1;
    for (name, bot) in compose() {
        let mut c = Command::new(env!("CARGO_BIN_EXE_suivi"));
        c.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", secrets.path())
            .env("SUIVI_CONFIG", &config)
            .current_dir(secrets.path());
        for (k, v) in &bot.environment {
            let v = v
                .replace("suivi@postgres:5432/suivi", server)
                .replace("/run/secrets/", &format!("{}/", secrets.path().display()));
            c.env(k, v);
        }
        for args in [&["migrate"][..], &["check"], &["status", "--health"]] {
            let out = c.args(args).output().expect("suivi runs");
            let (stdout, stderr) = texts(&out);
            assert!(out.status.success(), "{name} {args:?}: {stdout}\n{stderr}");
            assert!(!format!("{stdout}{stderr}").contains("compose-test-token"));
            c = rebuild(&c);
        }
    }
}

/// The same command, without its arguments (std keeps adding them).
fn rebuild(c: &Command) -> Command {
    let mut n = Command::new(c.get_program());
    n.env_clear();
    for (k, v) in c.get_envs() {
        if let Some(v) = v {
            n.env(k, v);
        }
    }
    if let Some(d) = c.get_current_dir() {
        n.current_dir(d);
    }
    n
}
