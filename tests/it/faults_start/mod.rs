//! Always on: suivi starts or fails loudly, stops when asked, never steps on another `suivi
//! run`, and says when it is unwell. The real serenity client (in process, or the real binary)
//! against the loopback Discord of `crates/discord-double`.

mod health;
mod registration;
mod stop;

use std::path::Path;
use std::process::{Child, Command};
use std::time::Duration;

use suivi::app::{Bot, Options};
use suivi::config::Token;
use suivi::discord::Retry;

use crate::common::config;
use crate::discord::{World, T};

/// Retries fast enough for a test (the product waits 1 s, 2 s … 60 s).
pub(crate) fn quick(tries: u32) -> Options {
    Options {
        registration: Retry {
            first: Duration::from_millis(20),
            longest: Duration::from_millis(100),
            tries,
        },
        ..Options::default()
    }
}

/// Starts the bot in process on the World's database and double, with `options`.
pub(crate) async fn start_with(w: &World, options: Options) -> Result<Bot, suivi::app::AppError> {
    let mut cfg = config();
    cfg.database = w.db.clone();
    cfg.discord_api_base = Some(w.double.proxy_url());
    Bot::start_with(cfg, &Token::new("test-token"), w.clock.clone(), options).await
}

/// `suivi run` (the real binary) on the World's database and double, speaking English; its
/// standard error goes to `log`.
pub(crate) fn spawn(w: &World, log: &Path) -> Child {
    crate::discord::suivi_run(w, log)
        .env("LANG", "en_US.UTF-8")
        .spawn()
        .unwrap()
}

/// Waits (at most `within`) for the child to end; `None` if it is still running then.
pub(crate) async fn exit_within(
    child: &mut Child,
    within: Duration,
) -> Option<std::process::ExitStatus> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return Some(s);
        }
        if tokio::time::Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Sends SIGTERM to the child.
pub(crate) fn terminate(child: &Child) {
    let sent = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

/// Waits until the binary identified on the double and was answered READY.
pub(crate) async fn identified(w: &World, before: usize) {
    let deadline = tokio::time::Instant::now() + T;
    while w.double.identify_count() <= before {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the bot never identified"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    w.double.wait_ready(T).await.unwrap();
}
