//! A signal always stops suivi, within a bound, whatever the gateway does; and one `suivi run`
//! per database file.

use super::*;

/// Discord's gateway unreachable (every connection refused): serenity's shard queuer retries
/// forever. SIGTERM still ends the process, cleanly (exit 0), well within the 10 s bound.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_with_the_gateway_unreachable_stops_within_the_bound() {
    let w = World::bare().await;
    w.double.set_gateway_down(true).await;
    let log = w.file("bot.log");
    let mut bot = spawn(&w, &log);
    // It is trying: the gateway refused it at least once.
    w.double.wait_gateway_refusals(1, T).await.unwrap();
    let asked = std::time::Instant::now();
    terminate(&bot);
    let status = exit_within(&mut bot, Duration::from_secs(15)).await;
    let took = asked.elapsed();
    let text = std::fs::read_to_string(&log).unwrap();
    let status = status.unwrap_or_else(|| {
        let _ = bot.kill();
        panic!("still running 15 s after SIGTERM:\n{text}")
    });
    assert!(status.success(), "{status:?}\n{text}");
    assert!(took < Duration::from_secs(11), "took {took:?}\n{text}");
    assert!(text.contains("stopped cleanly"), "{text}");
    assert_eq!(w.double.identify_count(), 0);
}

/// A second `suivi run` on the same database exits at once, naming the first; once the first
/// is gone (even killed), the next one starts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_run_on_the_same_file_is_refused_and_names_the_first() {
    let w = World::bare().await;
    let log = w.file("bot.log");
    let mut first = spawn(&w, &log);
    identified(&w, 0).await;
    let log2 = w.file("bot.second.log");
    let mut second = spawn(&w, &log2);
    let status = exit_within(&mut second, T).await;
    let text = std::fs::read_to_string(&log2).unwrap();
    let status = status.unwrap_or_else(|| {
        let _ = second.kill();
        panic!("the second suivi run did not stop:\n{text}")
    });
    assert_eq!(status.code(), Some(1), "{text}");
    let expected = format!(
        "Another suivi run (process {}) is already using {}",
        first.id(),
        w.db.display()
    );
    assert!(text.contains(&expected), "{text}");
    // It never connected: one identify, the first one's.
    assert_eq!(w.double.identify_count(), 1);

    // The first killed outright: the lock goes with it, the next start is accepted.
    first.kill().unwrap();
    first.wait().unwrap();
    let mut third = spawn(&w, &log);
    identified(&w, 1).await;
    terminate(&third);
    let status = exit_within(&mut third, T).await.expect("stops on SIGTERM");
    assert!(status.success());
}
