//! Discord round trips, measured against the loopback Discord (`crates/discord-double`) with the
//! real `suivi` binary as a separate process (so its memory is its own):
//!
//! 1. process start → READY (and → commands registered), over several starts, beside the
//!    start-to-exit time of `suivi --version` (the floor of starting a process) as baseline;
//! 2. "DM answer received → next prompt sent", over 1,000 answers, beside the engine-only step
//!    (the closing engine and rendering, no store, no Discord) measured in the same run;
//! 3. resident memory (VmRSS) after READY and after those 1,000 answers.
//!
//! Run: `DISCORD_OPENAPI=../shared/discord/openapi.json cargo bench --bench discord_roundtrip`
//! (without the variable the double skips schema validation, which is then not in the figures).

#[allow(dead_code)]
#[path = "fixture/mod.rs"]
mod fixture;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use discord_double::{Double, GuildSpec, SentKind, SentMessage, SlashSpec, UserSpec};
use fixture::bot::{spawn_bot, stop};
use serde_json::json;
use suivi::domain::closing::{Closing, Ctx, Input};
use suivi::i18n::{I18n, Lang};

const T: Duration = Duration::from_secs(30);
const STARTS: usize = 10;
const ANSWERS: usize = 1_000;
const GUILD: u64 = 7000;
const CHANNEL: u64 = 7001;
const ROLE: u64 = 7100;

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn summary(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    (quantile(&v, 0.5), quantile(&v, 0.99), quantile(&v, 1.0))
}

async fn commands_registered(double: &Double) {
    let app = double.application_id();
    double
        .wait_for(T, |r| {
            r.matches("PUT", &format!("/applications/{app}/commands"))
        })
        .await
        .expect("commands registered");
}

/// The next channel message shown to `user` (skips acknowledgements and cleared buttons).
async fn prompt(double: &Double, user: &UserSpec) -> SentMessage {
    loop {
        let m = double.next_message_to(user.id, T).await.expect("a prompt");
        if m.kind == SentKind::ChannelMessage {
            return m;
        }
    }
}

async fn click(double: &Double, user: &UserSpec, msg: &SentMessage, suffix: &str) {
    let id = msg
        .custom_ids()
        .into_iter()
        .find(|c| c.ends_with(suffix))
        .expect("the button");
    double.click(user, msg, &id, "fr").await;
}

/// Engine-only baseline: the same answer applied to the closing engine and rendered.
fn engine_step_us(i18n: &I18n, samples: usize) -> Vec<f64> {
    let policy = suivi::domain::answer::OwnWordsPolicy::default();
    let now = "2026-11-28T10:00:00Z".parse().expect("instant");
    let ctx = Ctx {
        now,
        policy: &policy,
        texts: i18n,
        order: suivi::domain::when::DateOrder::DayFirst,
    };
    let mut c = Closing::new(1, 2, None, false, "rien".into(), chrono_tz::Europe::Paris);
    for input in [
        Input::Choice("yes".into()),
        Input::Skip,
        Input::Choice("yes".into()),
    ] {
        c.apply(2, input, &ctx).expect("setup step");
    }
    let mut out = Vec::with_capacity(samples);
    for i in 0..samples {
        let answer =
            format!("Rencontrer la mairie de Thiès pour préparer la convention, version {i}");
        let t = Instant::now();
        let o = c.apply(2, Input::Text(answer), &ctx).expect("answer");
        let text: usize = o
            .prompts
            .iter()
            .map(|p| i18n.prompt_body(Lang::Fr, p).len())
            .sum();
        out.push(t.elapsed().as_secs_f64() * 1e6);
        std::hint::black_box(text);
        c.apply(2, Input::Back, &ctx).expect("back");
    }
    out
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let i18n = Arc::new(I18n::load().expect("locales"));

    // 1. Start to READY, beside the start-to-exit of `suivi --version`.
    let mut version_ms = Vec::new();
    let mut ready_ms = Vec::new();
    let mut registered_ms = Vec::new();
    for i in 0..STARTS {
        let t = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_suivi"))
            .arg("--version")
            .stdout(Stdio::null())
            .status();
        assert!(status.expect("suivi --version").success());
        version_ms.push(t.elapsed().as_secs_f64() * 1e3);

        let double = Double::start().await;
        let db = dir.path().join(format!("start-{i}.db"));
        let t = Instant::now();
        let child = spawn_bot(&double, &db);
        double.wait_ready(T).await.expect("READY");
        ready_ms.push(t.elapsed().as_secs_f64() * 1e3);
        commands_registered(&double).await;
        registered_ms.push(t.elapsed().as_secs_f64() * 1e3);
        stop(child);
    }

    // 2 and 3. One bot process, 1,000 DM answers.
    let double = Double::start().await;
    let child = spawn_bot(&double, &dir.path().join("answers.db"));
    double.wait_ready(T).await.expect("READY");
    commands_registered(&double).await;
    let rss_ready = rss_kib(child.id());
    let (admin, advisor, ben) = (
        UserSpec::new(8001, "Admin"),
        UserSpec::new(8002, "Claire"),
        UserSpec::new(8003, "Moussa"),
    );
    double
        .add_guild(
            GuildSpec::new(GUILD, "Coop", admin.id)
                .locale("fr")
                .text_channel(CHANNEL, "seances")
                .role(ROLE, "cm", "0")
                .member(&admin, &[])
                .member(&advisor, &[ROLE])
                .member(&ben, &[]),
        )
        .await;
    double
        .slash(
            SlashSpec::guild(GUILD, CHANNEL, &admin, "setup")
                .permissions("8")
                .locale("fr")
                .options(json!([
                    {"name": "advisor_role", "type": 8, "value": ROLE.to_string()}
                ])),
        )
        .await;
    double
        .next_message_to(admin.id, T)
        .await
        .expect("setup saved");
    double
        .slash(SlashSpec::guild(GUILD, CHANNEL, &advisor, "session").roles(&[ROLE]).locale("fr").options(json!([
            {"name": "close", "options": [{"name": "beneficiary", "type": 6, "value": ben.id.to_string()}]}
        ])))
        .await;
    let public = loop {
        let m = double
            .next_message_to(advisor.id, T)
            .await
            .expect("public message");
        if matches!(m.kind, SentKind::InteractionReply { .. }) {
            break m;
        }
    };
    click(&double, &ben, &public, ":start").await;
    let review = prompt(&double, &ben).await;
    click(&double, &ben, &review, ":c:yes").await;
    let questions = prompt(&double, &ben).await;
    click(&double, &ben, &questions, ":skip").await;
    let cont = prompt(&double, &ben).await;
    click(&double, &ben, &cont, ":c:yes").await;
    prompt(&double, &ben).await; // the next-step question

    let mut dm_us = Vec::with_capacity(ANSWERS);
    let mut engine_us = Vec::with_capacity(ANSWERS);
    // Interleave blocks so machine noise hits both alike.
    for block in 0..10 {
        engine_us.extend(engine_step_us(&i18n, ANSWERS / 10));
        for i in 0..ANSWERS / 10 {
            let text = format!(
                "Rencontrer la mairie de Thiès pour préparer la convention, version {block}-{i}"
            );
            let t = Instant::now();
            double.dm(&ben, &text).await;
            let tasks = prompt(&double, &ben).await;
            dm_us.push(t.elapsed().as_secs_f64() * 1e6);
            assert!(tasks.content.contains("tâches"), "{}", tasks.content);
            click(&double, &ben, &tasks, ":back").await;
            prompt(&double, &ben).await;
        }
    }
    let rss_after = rss_kib(child.id());
    let violations = double.violations();
    stop(child);

    let (v50, v99, _) = summary(version_ms);
    let (r50, r99, rmax) = summary(ready_ms);
    let (c50, _, _) = summary(registered_ms);
    let (d50, d99, dmax) = summary(dm_us);
    let (e50, e99, emax) = summary(engine_us);
    println!(
        "discord_roundtrip — {} starts, {} DM answers (loopback Discord, real suivi binary)",
        STARTS, ANSWERS
    );
    println!();
    println!("| measure | median | p99 | max |");
    println!("|---|---|---|---|");
    println!("| baseline: `suivi --version`, spawn to exit | {v50:.1} ms | {v99:.1} ms | |");
    println!("| process start → READY (new database, migrated) | {r50:.1} ms | {r99:.1} ms | {rmax:.1} ms |");
    println!("| process start → commands registered | {c50:.1} ms | | |");
    println!("| baseline: engine-only step (apply + render) | {e50:.1} µs | {e99:.1} µs | {emax:.1} µs |");
    println!(
        "| DM answer received → next prompt sent | {d50:.1} µs | {d99:.1} µs | {dmax:.1} µs |"
    );
    println!();
    println!("ratios: start→READY / `--version` = {:.1}× (median); DM round trip / engine step = {:.0}× (median), {:.0}× (p99)", r50 / v50, d50 / e50, d99 / e99);
    println!(
        "resident memory (VmRSS): after READY {} KiB, after {} answers {} KiB",
        rss_ready, ANSWERS, rss_after
    );
    println!("double violations during the run: {}", violations.len());
    for v in violations.iter().take(5) {
        println!("  {v}");
    }
}
