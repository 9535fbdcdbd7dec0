//! The slash commands are registered beside the handlers, with retries: a Discord that fails
//! a few times delays nothing else; one that refuses for good stops the process with one clear
//! line and a non-zero exit, instead of a bot that looks connected and does nothing.

use discord_double::Failure;
use suivi::discord::Fatal;

use super::*;

fn commands_path(w: &World) -> String {
    format!("/applications/{}/commands", w.double.application_id())
}

/// The statuses the double answered to the registrations, in order.
fn registrations(w: &World) -> Vec<u16> {
    let path = commands_path(w);
    w.double
        .requests()
        .iter()
        .filter(|r| r.matches("PUT", &path))
        .map(|r| r.status)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_failing_five_times_is_retried_and_the_bot_then_answers_commands() {
    let mut w = World::bare().await;
    for _ in 0..5 {
        w.double
            .fail_next("PUT", "/applications/*/commands", Failure::ServerError(503));
    }
    let bot = start_with(&w, quick(10)).await.unwrap();
    w.bot = Some(bot);
    w.double.wait_ready(T).await.unwrap();
    let deadline = tokio::time::Instant::now() + T;
    while registrations(&w).len() < 6 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "registrations: {:?}",
            registrations(&w)
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(registrations(&w), [503, 503, 503, 503, 503, 200]);
    assert!(!w.double.commands(None).is_empty());
    // The commands work: an admin's /setup is answered.
    w.setup(false).await;
    let mut bot = w.bot.take().unwrap();
    assert_eq!(bot.fatal_within(Duration::from_millis(50)).await, None);
    bot.shutdown().await;
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_refused_for_good_is_fatal_while_the_dispatcher_already_runs() {
    let w = World::bare().await;
    w.double.fail_next(
        "PUT",
        "/applications/*/commands",
        Failure::Custom {
            status: 403,
            code: 50001,
            message: "Missing Access".into(),
        },
    );
    let mut bot = start_with(&w, quick(10)).await.unwrap();
    // The dispatcher does not wait for the commands: it completes a pass on its own.
    assert!(bot.scheduler.settle(T).await, "the dispatcher never ran");
    let fatal = bot.fatal_within(T).await;
    assert_eq!(
        fatal,
        Some(Fatal::RegistrationRefused {
            status: 403,
            reason: "Missing Access".into()
        })
    );
    // One try only: a 403 does not change by retrying.
    assert_eq!(registrations(&w), [403]);
    bot.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_failing_every_try_gives_up_after_the_last_one() {
    let w = World::bare().await;
    for _ in 0..3 {
        w.double
            .fail_next("PUT", "/applications/*/commands", Failure::ServerError(502));
    }
    let mut bot = start_with(&w, quick(3)).await.unwrap();
    match bot.fatal_within(T).await {
        Some(Fatal::RegistrationFailed { tries, .. }) => assert_eq!(tries, 3),
        other => panic!("expected the registration to give up, got {other:?}"),
    }
    assert_eq!(registrations(&w), [502, 502, 502]);
    bot.shutdown().await;
}

/// The real binary: a refused registration ends `suivi run` with exit 1 and one line that
/// says what to do, and its lock is gone with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_exits_non_zero_with_one_clear_line_when_discord_refuses_the_commands() {
    let w = World::bare().await;
    w.double.fail_next(
        "PUT",
        "/applications/*/commands",
        Failure::Custom {
            status: 401,
            code: 0,
            message: "401: Unauthorized".into(),
        },
    );
    let log = w.file("bot.log");
    let mut bot = spawn(&w, &log);
    let status = exit_within(&mut bot, T).await;
    let text = std::fs::read_to_string(&log).unwrap();
    let status = status.unwrap_or_else(|| {
        let _ = bot.kill();
        panic!("suivi run kept running after Discord refused its commands:\n{text}")
    });
    assert_eq!(status.code(), Some(1), "{text}");
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("Discord refused the slash commands"))
        .filter(|l| !l.contains(" ERROR ") && !l.contains(" INFO "))
        .collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(
        lines[0].contains("HTTP 401") && lines[0].contains("Check the token"),
        "{}",
        lines[0]
    );
    assert!(!text.contains("test-token"), "the token reached the log");
}

/// With `api_base` set, the gateway is never looked for anywhere else: a loopback Discord
/// whose `GET /gateway` fails, or answers Discord's own host, stops the start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_api_base_the_gateway_is_loopback_or_nothing() {
    let w = World::bare().await;
    for _ in 0..2 {
        w.double
            .fail_next("GET", "/gateway", Failure::ServerError(502));
    }
    match start_with(&w, quick(2)).await {
        Err(suivi::app::AppError::Start(e)) => {
            assert!(e.to_string().contains("could not be found"), "{e}")
        }
        Err(e) => panic!("unexpected error: {e}"),
        Ok(_) => panic!("started without a loopback gateway"),
    }
    assert_eq!(w.double.identify_count(), 0);

    w.double.set_gateway_url(Some("wss://gateway.discord.gg"));
    match start_with(&w, quick(2)).await {
        Err(suivi::app::AppError::Start(e)) => {
            assert!(e.to_string().contains("not a loopback address"), "{e}")
        }
        Err(e) => panic!("unexpected error: {e}"),
        Ok(_) => panic!("started with Discord's own gateway"),
    }
    // Back to the loopback gateway: it starts, and identifies there.
    w.double.set_gateway_url(None);
    let bot = start_with(&w, quick(2)).await.unwrap();
    w.double.wait_ready(T).await.unwrap();
    assert_eq!(w.double.identify_count(), 1);
    bot.shutdown().await;
}
