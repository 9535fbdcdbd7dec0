//! Confidentiality, end to end: the real binary against the loopback Discord, logging at
//! `suivi=debug`, through a closing with a synthesis and a check-in with a blocked task and
//! what is in its way (the last question of which falls back to a private thread). Every
//! message the bot showed outside DMs — guild channels, interaction replies that are not
//! ephemeral, the fallback thread's name — and every log line is scanned for the texts people
//! typed and for the bot token: any hit fails. Blockers and the synthesis may not appear even
//! in the beneficiary's fallback thread: only in DMs between the beneficiary and their advisor.

use std::path::Path;
use std::process::{Child, Command, Stdio};

use chrono::{Duration, SecondsFormat, Utc};
use discord_double::{Failure, SentKind, SentMessage};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::SqlitePool;
use suivi::outbox::plan::{check_in, Sides};
use suivi::store::Store;

use crate::discord::{
    admin, advisor, beneficiary, stranger, whole_closing, World, CHANNEL, FALLBACK, FRENCH, GUILD,
    T,
};
use crate::discord_followup::{dm_containing, dm_of, eventually};

/// Shaped like a bot token, and nowhere else.
const TOKEN: &str = "MTE4NzY1NDMyMTA5ODc2NTQzMg.GsUiVi.leak-scan-token-never-printed";
const BLOCKER: &str = "Je n'ose pas dire au maire que notre trésorier est parti avec la caisse";
const NEW_TASK: &str = "Trouver une personne de confiance pour reprendre la trésorerie";
const UNASKED: &str = "Au fait, ma fille est malade et je serai moins disponible ce mois-ci";

/// `suivi run` on the World's database, against its double, logging at debug into `log`.
fn spawn(w: &World, log: &Path) -> Child {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    Command::new(env!("CARGO_BIN_EXE_suivi"))
        .arg("--config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bot.toml"))
        .arg("run")
        .env("DISCORD_TOKEN", TOKEN)
        .env("SUIVI_DISCORD_API_BASE", w.double.proxy_url())
        .env("SUIVI_DATABASE", &w.db)
        .env("RUST_LOG", "suivi=debug")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap()
}

/// Waits for a fresh Identify (after `before` of them) and its READY.
async fn connected(w: &World, before: usize) {
    eventually("the binary to identify", || async {
        (w.double.identify_count() > before).then_some(())
    })
    .await;
    w.double.wait_ready(T).await.unwrap();
}

/// SIGTERM, and a clean exit.
async fn stop(mut bot: Child) {
    let killed = Command::new("kill")
        .args(["-TERM", &bot.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = eventually("the binary to stop", || {
        let s = bot.try_wait().unwrap();
        async move { s }
    })
    .await;
    assert!(status.success(), "{status:?}");
}

/// Waits until the binary (on the system clock) has sent everything due.
async fn quiet(pool: &SqlitePool) {
    eventually("the binary's outbox to be idle", || async {
        let now = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM deliveries
             WHERE status = 'claimed' OR (status = 'planned' AND due_at <= $1)",
        )
        .bind(now)
        .fetch_one(pool)
        .await
        .unwrap();
        (n == 0).then_some(())
    })
    .await;
}

/// Where `needle` shows in `hay`: the whole text, or its first 24 characters (a text cut
/// short is still a leak).
fn leaks(hay: &str, needle: &str) -> bool {
    let head: String = needle.chars().take(24).collect();
    hay.contains(needle) || hay.contains(&head)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_typed_in_confidence_nor_the_token_leaves_dms_or_reaches_the_logs() {
    let w = World::bare().await;
    let (b, a) = (beneficiary(), advisor());
    let log = w.file("bot.log");
    let bot = spawn(&w, &log);
    connected(&w, 0).await;
    w.setup(true).await;
    let pool = SqlitePool::connect_with(SqliteConnectOptions::new().filename(&w.db))
        .await
        .unwrap();

    // The whole closing, with a synthesis, in DMs.
    whole_closing(&w, &FRENCH).await;
    quiet(&pool).await;
    stop(bot).await;

    // The binary runs on the system clock: its check-in is planned (by the planner's own
    // function) to fall due now rather than half-way to the second exchange, and the binary
    // started again to take it.
    let (support, adv, ben): (i64, i64, i64) =
        sqlx::query_as("SELECT id, advisor_id, beneficiary_id FROM supports")
            .fetch_one(&pool)
            .await
            .unwrap();
    let (store, _) = Store::open(&w.db).await.unwrap();
    let now = Utc::now();
    let sides = Sides {
        support,
        advisor: adv as u64,
        beneficiary: ben as u64,
    };
    store
        .plan(&[check_in(sides, now, now + Duration::days(7))], now)
        .await
        .unwrap();
    store.close().await;
    let identifies = w.double.identify_count();
    let bot = spawn(&w, &log);
    connected(&w, identifies).await;

    // Task 1 blocked, what is in the way typed in DM: the advisor is alerted in theirs.
    let q1 = dm_containing(&w, &b, "Tâche 1 sur 2").await;
    w.click(&b, &q1, ":c:blocked", "fr").await;
    dm_containing(&w, &b, "Qu’est-ce qui bloque").await;
    let q2 = w.dm(BLOCKER).await;
    assert!(q2.content.contains("Tâche 2 sur 2"), "{}", q2.content);
    let alert = dm_containing(&w, &a, "est bloqué·e").await;
    assert!(alert.content.contains(BLOCKER), "{}", alert.content);
    assert_eq!(alert.channel_id, Some(dm_of(&w, &a)));

    // The beneficiary's DMs close: the next question goes to a private fallback thread, and
    // the task to add is typed in a modal there.
    w.double
        .fail_next("POST", "/channels/*/messages", Failure::DmClosed);
    w.click(&b, &q2, ":c:in_progress", "fr").await;
    w.double
        .wait_for(T, |r| {
            r.matches("POST", &format!("/channels/{FALLBACK}/threads"))
        })
        .await
        .unwrap();
    let thread = eventually("the beneficiary added to a thread", || async {
        w.double.requests().iter().rev().find_map(|r| {
            r.path
                .strip_prefix("/channels/")
                .and_then(|p| p.split_once("/thread-members/"))
                .map(|(t, _)| t.parse::<u64>().unwrap())
        })
    })
    .await;
    let q3 = w.double.next_message_in(thread, T).await.unwrap();
    assert!(
        q3.content.contains("Souhaitez-vous ajouter une tâche"),
        "{}",
        q3.content
    );
    w.click(&b, &q3, ":answer", "fr").await;
    let custom_id = loop {
        let m = w.reply(&b).await;
        match m.kind {
            SentKind::Modal { custom_id, .. } => break custom_id,
            // The answered question's buttons cleared.
            _ => continue,
        }
    };
    let custom_id = &custom_id;
    w.double
        .submit_modal(
            &b,
            custom_id,
            &[("text", NEW_TASK)],
            "fr",
            Some((GUILD, thread)),
        )
        .await;
    // (The answered question's "Write my answer" button is cleared first: an edit.)
    let thanks = loop {
        let m = w.double.next_message_in(thread, T).await.unwrap();
        if !m.content.contains("Souhaitez-vous ajouter une tâche") {
            break m;
        }
    };
    assert!(
        thanks.content.starts_with("Merci\u{202f}!"),
        "{}\n{:#?}",
        thanks.content,
        w.double
            .messages_in(thread)
            .iter()
            .map(|m| m.content.clone())
            .collect::<Vec<_>>()
    );
    dm_containing(&w, &a, "a répondu au point d’étape").await;
    // Inputs refused (logged at debug): a button of the finished check-in, and a message
    // when nothing waits for an answer.
    w.click(&b, &q1, ":c:done", "fr").await;
    w.reply(&b).await;
    w.double.dm(&b, UNASKED).await;
    dm_containing(&w, &b, "").await;
    quiet(&pool).await;
    stop(bot).await;
    let (blocker, added): (Option<String>, i64) = sqlx::query_as(
        "SELECT (SELECT blocker FROM tasks WHERE status = 'blocked'),
                (SELECT COUNT(*) FROM tasks WHERE text = $1)",
    )
    .bind(NEW_TASK)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((blocker.as_deref(), added), (Some(BLOCKER), 1));

    // What was typed, by anyone; what only DMs between the two may carry; the token.
    let mut typed: Vec<&str> = vec![
        FRENCH.expectations,
        FRENCH.next_step,
        FRENCH.means,
        FRENCH.commitments,
        FRENCH.synthesis,
        FRENCH.advisor_commitments,
        BLOCKER,
        NEW_TASK,
        UNASKED,
    ];
    typed.extend(FRENCH.tasks.lines());
    let confidential = [FRENCH.synthesis, BLOCKER];

    let dms: Vec<u64> = [admin(), a.clone(), b.clone(), stranger()]
        .iter()
        .filter_map(|u| w.double.dm_channel_of(u.id))
        .collect();
    let mut hits = Vec::new();
    let mut public = 0;
    let mut in_thread = 0;
    for m in w.double.shown() {
        let private = m.ephemeral
            || matches!(
                m.kind,
                SentKind::Modal { .. } | SentKind::Deferred { .. } | SentKind::Autocomplete { .. }
            )
            || m.channel_id.is_some_and(|c| dms.contains(&c));
        if private {
            continue;
        }
        let text = shown_text(&m);
        let (what, scope): (&[&str], &str) = if m.channel_id == Some(thread) {
            in_thread += 1;
            (&confidential, "the fallback thread")
        } else {
            public += 1;
            (&typed, "outside DMs")
        };
        for s in what.iter().chain([&TOKEN]) {
            if leaks(&text, s) {
                hits.push(format!("{s:?} in {scope} ({:?}): {text}", m.kind));
            }
        }
    }
    // Names and settings given to channels and threads, and anything sent about the guild.
    let mut named = 0;
    for r in w.double.requests() {
        let about_channels = (r.method == "POST" && r.path.ends_with("/threads"))
            || (r.method == "PATCH" && r.path.matches('/').count() == 2)
            || r.path.starts_with("/guilds/");
        let Some(body) = r.body.as_ref().filter(|_| about_channels) else {
            continue;
        };
        named += usize::from(r.path.ends_with("/threads"));
        let text = body.to_string();
        for s in typed.iter().chain([&TOKEN]) {
            if leaks(&text, s) {
                hits.push(format!("{s:?} in {} {}: {text}", r.method, r.path));
            }
        }
    }
    let log = std::fs::read_to_string(&log).unwrap();
    for (n, line) in log.lines().enumerate() {
        for s in typed.iter().chain([&TOKEN]) {
            if leaks(line, s) {
                hits.push(format!("{s:?} in log line {}: {line}", n + 1));
            }
        }
    }
    assert!(
        hits.is_empty(),
        "{} leak(s):\n{}",
        hits.len(),
        hits.join("\n")
    );

    // The scan looked at something: public messages (the Start buttons), the thread, its
    // name, both runs' logs; and the confidential texts did reach the advisor's DMs.
    assert!(public >= 2, "{public} public messages");
    assert!(in_thread >= 2, "{in_thread} thread messages");
    assert_eq!(named, 1);
    assert!(
        w.double
            .messages_in(CHANNEL)
            .iter()
            .any(|m| m.content.contains(&format!("<@{}>", b.id))),
        "the Start message"
    );
    assert_eq!(log.matches("scheduler started").count(), 2, "{log}");
    assert!(log.contains("trying the fallback"), "{log}");
    assert!(log.matches("DEBUG").count() >= 2, "{log}");
    let a_dm: String = w
        .double
        .messages_in(dm_of(&w, &a))
        .iter()
        .map(|m| m.content.as_str())
        .collect();
    assert!(a_dm.contains(BLOCKER) && a_dm.contains(FRENCH.synthesis));
    w.double.assert_no_violations();
}

/// Everything a message shows: its content, embeds and components (labels, placeholders).
fn shown_text(m: &SentMessage) -> String {
    format!("{}\n{}", m.content, m.raw)
}
