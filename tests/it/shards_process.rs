//! Sharding with the real binary: `suivi run --shards A-B --shard-count N`.
//!
//! - bad values of the flags are refused with a clear message and exit code 2;
//! - a second process on the same SQLite file is refused, and told that several processes
//!   need PostgreSQL (SQLite keeps one `suivi run` per file);
//! - on PostgreSQL (when `SUIVI_TEST_DATABASE` names a server), two processes, shard 0 and
//!   shard 1 of 2, on one database: each guild's command reaches the process of its shard and
//!   is answered once; a DM (shard 0) is answered once.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::discord::{stranger, suivi_run, World, T};
use crate::faults_start::{exit_within, terminate};
use crate::pg_schema::fresh_pg;
use crate::shards::{admin_b, answers, saved, setup_guild_b, stray_dm};

/// `suivi run` on the World's database and double, running `shards` of `count`.
pub(crate) fn sharded(w: &World, log: &Path, shards: &str, count: &str) -> Command {
    let mut cmd = suivi_run(w, log);
    cmd.args(["--shards", shards, "--shard-count", count])
        // The test's own setting, not one of suivi's.
        .env_remove("SUIVI_TEST_DATABASE");
    cmd
}

/// Stops the process with SIGTERM; it must stop cleanly.
pub(crate) async fn stop(mut child: Child, log: &Path) {
    terminate(&child);
    let status = exit_within(&mut child, T).await;
    let said = std::fs::read_to_string(log).unwrap_or_default();
    assert!(status.is_some_and(|s| s.success()), "{status:?}\n{said}");
    assert!(
        !said.contains("test-token"),
        "the token never reaches the logs"
    );
}

#[test]
fn bad_shard_flags_are_refused_and_say_what_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &["--shards", "2-4", "--shard-count", "4"],
            "goes past --shard-count 4: shards are numbered from 0 to 3",
            "dépasse --shard-count 4\u{202f}: les shards sont numérotés de 0 à 3",
        ),
        (
            &["--shards", "0-1"],
            "--shards also needs --shard-count",
            "--shards demande aussi --shard-count",
        ),
        (
            &["--shards", "1-0", "--shard-count", "4"],
            "names neither a shard nor a range",
            "ne désigne ni un shard ni une plage",
        ),
        (
            &["--shard-count", "0"],
            "is not a number of shards",
            "n’est pas un nombre de shards",
        ),
        (
            &["--shards", "0", "--shard-count", "auto"],
            "cannot be combined with --shards",
            "ne se combine pas avec --shards",
        ),
    ];
    for (args, en, fr) in cases {
        for (lang, expected) in [("en_US.UTF-8", en), ("fr_FR.UTF-8", fr)] {
            let out = Command::new(env!("CARGO_BIN_EXE_suivi"))
                .arg("--config")
                .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bot.toml"))
                .arg("run")
                .args(args)
                .env("DISCORD_TOKEN", "test-token")
                .env("SUIVI_DATABASE", dir.path().join("x.db"))
                .env("LANG", lang)
                .env_remove("RUST_LOG")
                .output()
                .unwrap();
            let err = String::from_utf8(out.stderr).unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains(expected), "{args:?} {lang}: {err}");
            assert!(
                !dir.path().join("x.db").exists(),
                "nothing is created for a refused command line"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_process_on_one_sqlite_file_is_told_that_several_need_postgresql() {
    let w = World::bare().await;
    let dir = tempfile::tempdir().unwrap();
    // A SQLite file, whatever backend the rest of the suite runs on.
    let file = dir.path().join("one.db");
    let log = dir.path().join("first.log");
    let first = sharded(&w, &log, "0", "2")
        .env("SUIVI_DATABASE", &file)
        .env("LANG", "en_US.UTF-8")
        .spawn()
        .unwrap();
    w.double.wait_shards_ready(&[(0, 2)], T).await.unwrap();
    for (lang, expected) in [
        ("en_US.UTF-8", "Several processes sharing the gateway (--shards) need a PostgreSQL database: database = \"postgres://…\""),
        ("fr_FR.UTF-8", "Plusieurs processus qui se partagent la passerelle (--shards) ont besoin d’une base PostgreSQL\u{202f}: database = \"postgres://…\""),
    ] {
        let out = sharded(&w, &dir.path().join("second.log"), "1", "2")
            .env("SUIVI_DATABASE", &file)
            .env("LANG", lang)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(expected), "{err}");
        assert!(
            err.contains(&first.id().to_string()),
            "names the process holding the file: {err}"
        );
    }
    assert!(
        !w.double.identified_shards().contains(&(1, 2)),
        "the refused process never connected"
    );
    let said = std::fs::read_to_string(&log).unwrap();
    assert!(said.contains("gateway: running shard 0 of 2"), "{said}");
    stop(first, &log).await;
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_postgresql_each_answer_the_guilds_of_their_shard() {
    // Without a server: one line says PostgreSQL was not tested, and how to test it.
    let Some(pg) = fresh_pg().await else {
        return;
    };
    let url = pg.url.clone();
    let w = World::bare().await;
    let dir = tempfile::tempdir().unwrap();
    let (log0, log1) = (dir.path().join("zero.log"), dir.path().join("one.log"));
    let mut zero = sharded(&w, &log0, "0", "2")
        .env("SUIVI_DATABASE", &url)
        .spawn()
        .unwrap();
    let mut one = sharded(&w, &log1, "1", "2")
        .env("SUIVI_DATABASE", &url)
        .spawn()
        .unwrap();
    // Both connected; a process that stops instead fails the test at once, with its log.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    let both = [(0, 2), (1, 2)];
    while w
        .double
        .wait_shards_ready(&both, Duration::from_millis(200))
        .await
        .is_err()
    {
        for (child, log) in [(&mut zero, &log0), (&mut one, &log1)] {
            if let Some(status) = child.try_wait().unwrap() {
                let said = std::fs::read_to_string(log).unwrap_or_default();
                panic!("a process stopped ({status}):\n{said}");
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "both shards never connected"
        );
    }
    let mut identified = w.double.identified_shards();
    identified.sort_unstable();
    assert_eq!(identified, [(0, 2), (1, 2)], "one connection per process");

    // GUILD is on shard 0 (the first process), GUILD_B on shard 1 (the second).
    w.setup(false).await;
    let b = setup_guild_b(&w.double).await;
    saved(&w.double, &admin_b()).await;
    let to_b = w.double.routed_of(b.id).unwrap();
    assert_eq!(to_b.shard, (1, 2));
    assert_eq!(answers(&w.double, &b), 1, "answered once");
    let dm = stray_dm(&w.double).await;
    assert_eq!(w.double.routed_of(dm).unwrap().shard, (0, 2));
    assert!(
        w.double
            .next_message_to(stranger().id, Duration::from_millis(500))
            .await
            .is_err(),
        "the refusal went out once, whichever process sent it"
    );
    for (log, shard) in [(&log0, 0), (&log1, 1)] {
        let said = std::fs::read_to_string(log).unwrap();
        let expected = format!("gateway: running shard {shard} of 2");
        assert!(said.contains(&expected), "{said}");
    }
    stop(zero, &log0).await;
    stop(one, &log1).await;
    w.double.assert_no_violations();
    drop(pg);
}
