//! `suivi status --health` with several processes on one PostgreSQL database (the real binary
//! twice, the loopback Discord): each process on its own line; one killed with SIGKILL is said
//! gone, with its shards, once it has missed three heartbeats (one second each here, through
//! `SUIVI_HEALTH_HEARTBEAT_SECONDS`), and the probe exits 1.

use std::path::Path;
use std::process::{Child, Command, Output};
use std::time::Duration;

use crate::discord::{World, T};
use crate::pg_schema::fresh_pg;
use crate::shards_process::{sharded, stop};

/// A process of the test, killed if the test fails before it stops it.
struct Running(Option<Child>);

impl Running {
    fn child(&mut self) -> &mut Child {
        self.0.as_mut().expect("running")
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `suivi status --health` on `url`, in `lang`: its exit code, standard output and error.
fn health(url: &str, lang: &str) -> (Option<i32>, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_suivi"))
        .arg("--config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bot.toml"))
        .args(["status", "--health"])
        .env("SUIVI_DATABASE", url)
        .env("LANG", lang)
        .env_remove("SUIVI_TEST_DATABASE")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    (
        status.code(),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

/// Asks `--health` until `done` holds of its answer, at most `within`; the last answer.
async fn health_until(
    url: &str,
    within: Duration,
    done: impl Fn(&(Option<i32>, String, String)) -> bool,
) -> (Option<i32>, String, String) {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let said = health(url, "en_US.UTF-8");
        if done(&said) {
            return said;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "--health never said it: {said:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_lists_each_process_and_says_which_shards_a_killed_one_leaves_down() {
    let Some(pg) = fresh_pg().await else {
        return;
    };
    let url = pg.url.clone();
    let w = World::bare().await;
    let dir = tempfile::tempdir().unwrap();
    let (log0, log1) = (dir.path().join("zero.log"), dir.path().join("one.log"));
    let spawn = |log: &Path, shard: &str| {
        Running(Some(
            sharded(&w, log, shard, "2")
                .env("SUIVI_DATABASE", &url)
                .env("SUIVI_HEALTH_HEARTBEAT_SECONDS", "1")
                .spawn()
                .unwrap(),
        ))
    };
    let mut zero = spawn(&log0, "0");
    let mut one = spawn(&log1, "1");
    w.double
        .wait_shards_ready(&[(0, 2), (1, 2)], Duration::from_secs(60))
        .await
        .unwrap();

    // Both ready: exit 0, nothing on standard error, one line per process.
    let (zero_pid, one_pid) = (zero.child().id(), one.child().id());
    let ready = |pid: u32, shard: u32| {
        move |out: &str| {
            out.lines().any(|l| {
                l.starts_with(&format!("Shard {shard} of 2: process {pid} on "))
                    && l.contains(", ready since ")
            })
        }
    };
    let (code, out, err) = health_until(&url, T, |(_, out, _)| {
        ready(zero_pid, 0)(out) && ready(one_pid, 1)(out)
    })
    .await;
    assert_eq!((code, err.as_str()), (Some(0), ""), "{out}");
    let processes = out.lines().filter(|l| l.starts_with("Shard")).count();
    assert_eq!(
        processes, 2,
        "after the server's line, one per process: {out}"
    );

    // kill -9 of the second: within three heartbeats (plus the probe's pace), shard 1 is
    // said gone, by its process, and the probe fails.
    one.child().kill().unwrap();
    one.child().wait().unwrap();
    let killed = std::time::Instant::now();
    let (_, out, err) = health_until(&url, Duration::from_secs(30), |(code, _, _)| {
        *code == Some(1)
    })
    .await;
    assert!(
        killed.elapsed() < Duration::from_secs(10),
        "said within the stale window"
    );
    assert!(
        err.starts_with(&format!("Unhealthy: shard 1 of 2: process {one_pid} on "))
            && err.contains("three heartbeats missed"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "shard 0 is fine: {err}");
    assert!(ready(zero_pid, 0)(&out), "{out}");
    assert!(
        out.contains(&format!("Shard 1 of 2: process {one_pid} on ")) && out.contains("(gone)"),
        "{out}"
    );
    let (code, out, err) = health(&url, "fr_FR.UTF-8");
    assert_eq!(code, Some(1));
    assert!(
        err.starts_with(&format!(
            "En mauvaise santé\u{202f}: shard 1 sur 2, le processus {one_pid} sur "
        )),
        "{err}"
    );
    assert!(
        out.contains(&format!("Shard 0 sur 2\u{202f}: processus {zero_pid} sur ")),
        "{out}"
    );

    stop(zero.0.take().expect("running"), &log0).await;
    w.double.assert_no_violations();
    drop(pg);
}
