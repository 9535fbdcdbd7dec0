//! The advisor digest for 500 beneficiaries, and a check-in step beside a closing step, on
//! SQLite files.
//!
//! Run with `cargo bench --bench digest` (a plain `main`, no harness). See `BENCHMARKS.md` for
//! the figures and how to read them.
//!
//! **Digest.** A database file is seeded, in one transaction of multi-row inserts, with an
//! advisor following 500 beneficiaries (and three other advisors following 100 each, so the
//! tables hold a server's worth of other rows): months of history per support (closings with
//! their answers, check-ins, agreements superseded by newer ones, 3–5 tasks per agreement with
//! a mix of statuses and blockers, sent, skipped and failed deliveries, relay consents), some
//! check-ins waiting for an answer, new answers and syntheses since the last digest. Five
//! sides alternate in blocks:
//! - `Desk::digest_prompt` (the store's reads for every support, the conversion to
//!   `Standing`, the pure digest);
//! - the store's reads alone (`Store::standings`: every support at once);
//! - the store's reads as `digest_prompt` made them before `Store::standings` (the list of
//!   supports, then `Store::standing` per support, six queries each), checked to return the
//!   same rows;
//! - the desk's conversion of those rows to `Standing` (next exchange, dates), copied here;
//! - baseline: the pure `domain::digest::digest` on the same `Standing` values, already
//!   loaded (checked equal, message for message, to what `digest_prompt` returns).
//!
//! Each digest is then rendered as Discord sends it (`I18n::prompt_body`, then
//! `discord::limits::split(text, 2000)`), and every split is checked: no message over 2,000
//! characters, and no beneficiary's paragraph cut across two messages.
//!
//! **Check-in step beside closing step.** One `Desk` on a second file. Closing side: whole
//! closings driven through `Desk::input` (the 18 inputs of `benches/closing_step.rs`, same
//! scripts, from `benches/fixture/closing.rs`). Check-in side: a support with an agreement of three tasks; each check-in is
//! started with `Desk::begin_checkin` on a claimed `checkin` delivery (not timed), then its
//! five answers go through `Desk::input` (status choices, a blocker in the beneficiary's
//! words, a task added or skipped). Each timed step is `Desk::input` plus rendering every
//! returned prompt. The sides alternate in blocks. At the end of each conversation the
//! prompts it planned are marked sent, as the dispatcher would have done (not timed).

#[allow(dead_code)]
#[path = "fixture/mod.rs"]
mod fixture;

use std::collections::HashSet;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Duration as Span, NaiveDateTime, Utc};
use chrono_tz::Tz;
use fixture::checkin::{CheckIns, CHECKIN_INPUT_NAMES};
use fixture::closing::Closings;
use fixture::seed::FIRST_NAMES;
use fixture::seed_digest::{seed, SUPPORTS};
use fixture::stats::{ms, table_us, us, Summary};
use fixture::{load, start, Shared, ADVISOR, BENEFICIARY};
use suivi::conversation::{Desk, DigestScope};
use suivi::discord::limits;
use suivi::domain::access::Actor;
use suivi::domain::agreement::{Choice, Continue};
use suivi::domain::cadence::{Cadence, Schedule};
use suivi::domain::checkin::TaskStatus;
use suivi::domain::digest::{digest, Missed, Standing};
use suivi::domain::prompt::Role;
use suivi::i18n::Lang;
use suivi::store::{MissedRow, StandingRow, Store};

/// Timed digests per side; blocks of the five sides alternate.
const DIGEST_RUNS: usize = 40;
const DIGEST_BLOCK: usize = 5;
const DIGEST_WARM_UP: usize = 2;

/// Timed conversation steps per side; blocks of the two sides alternate.
const STEPS: usize = 5_000;
const BLOCK: usize = 500;
const WARM_UP: usize = 250;

/// `Desk::digest_prompt`'s conversion of a store row, made here so that the baseline digests
/// the very same values (checked equal below).
fn standing_of(
    row: &StandingRow,
    missed: &[MissedRow],
    now: DateTime<Utc>,
    nudge_hours: u32,
) -> Standing {
    let parse = |s: &str| {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    };
    let (next_exchange, relay) = match &row.agreement {
        Some((cadence, first, zone, relay, at, from)) => {
            let schedule = (|| {
                let cadence: Cadence = serde_json::from_str(cadence).ok()?;
                let anchor = NaiveDateTime::parse_from_str(first, "%Y-%m-%dT%H:%M:%S").ok()?;
                let tz: Tz = zone.parse().ok()?;
                Some(match from {
                    Some(from) => Schedule::with_first(
                        anchor,
                        NaiveDateTime::parse_from_str(from, "%Y-%m-%dT%H:%M:%S").ok()?,
                        tz,
                        cadence,
                    ),
                    None => Schedule::new(anchor, tz, cadence),
                })
            })();
            (
                schedule.and_then(|s| s.upcoming(now, 1).first().copied()),
                parse(at).map(|t| (*relay, t)),
            )
        }
        None => (None, None),
    };
    Standing {
        name: row.beneficiary_name.clone(),
        advisor_name: row.advisor_name.clone(),
        own: true,
        paused: row.status == suivi::store::SupportStatus::Paused,
        tasks: row
            .tasks
            .iter()
            .map(|(t, s, b)| {
                (
                    t.clone(),
                    TaskStatus::from_id(s).unwrap_or(TaskStatus::NotStarted),
                    b.clone(),
                )
            })
            .collect(),
        waiting_since: row
            .waiting_since
            .as_deref()
            .and_then(parse)
            .filter(|t| now - *t >= Span::hours(i64::from(nudge_hours))),
        missed: u32::try_from(row.missed).unwrap_or(u32::MAX),
        wants: row
            .wants_continue
            .as_deref()
            .and_then(Continue::from_id)
            .filter(|c| *c != Continue::Yes),
        next_exchange,
        new_answers: u32::try_from(row.new_answers).unwrap_or(u32::MAX),
        relay,
        synthesis: row.synthesis.clone(),
        // The seeded supports are all in recent contact: no purge is near.
        purge_on: None,
        not_held: Vec::new(),
        checkins_missed: Vec::new(),
        missed_what: missed
            .iter()
            .filter(|m| m.support == row.support)
            .map(|m| Missed {
                kind: m.kind.clone(),
                to_beneficiary: m.to_beneficiary,
                count: u32::try_from(m.count).unwrap_or(u32::MAX),
            })
            .collect(),
        next_step_unsure: row.next_step_unsure,
    }
}

/// What a split of the rendered digest looks like.
struct SplitCheck {
    messages: usize,
    longest: usize,
    paragraphs: usize,
    longest_paragraph: usize,
    cut: usize,
}

/// Checks that every message is within the limit and made of whole paragraphs: a paragraph
/// of the text that is not, whole, one of the paragraphs of some message was cut.
fn check_split(text: &str, parts: &[String]) -> SplitCheck {
    let paragraphs: Vec<&str> = text.trim_end().split("\n\n").map(str::trim_end).collect();
    let pieces: HashSet<&str> = parts
        .iter()
        .flat_map(|p| p.split("\n\n").map(str::trim_end))
        .collect();
    // Nothing is lost or reordered: the messages hold the text, in order.
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    assert_eq!(
        squeeze(&parts.concat()),
        squeeze(text),
        "the split keeps the text"
    );
    SplitCheck {
        messages: parts.len(),
        longest: parts.iter().map(|p| p.chars().count()).max().unwrap_or(0),
        paragraphs: paragraphs.len(),
        longest_paragraph: paragraphs
            .iter()
            .map(|p| p.chars().count())
            .max()
            .unwrap_or(0),
        cut: paragraphs.iter().filter(|p| !pieces.contains(*p)).count(),
    }
}

/// How `Desk::digest_prompt` read the store before `Store::standings`: the list of supports,
/// then six queries per support.
async fn per_support(store: &Store, since: DateTime<Utc>) -> Vec<StandingRow> {
    let ids = store
        .supports_for_digest(Some(ADVISOR), None)
        .await
        .expect("listing the supports");
    let mut rows = Vec::with_capacity(ids.len());
    for s in ids {
        rows.extend(store.standing(s, Some(since)).await.expect("a standing"));
    }
    rows
}

async fn digest_part(path: &Path, shared: &Shared) {
    let now = start();
    let since = now - Span::days(7);
    let (store, _) = Store::open(path)
        .await
        .expect("opening and migrating the digest's database file");
    let seeding = Instant::now();
    let expected = seed(&store, now, since).await;
    store.checkpoint().await.expect("checkpointing the seed");
    println!(
        "  seeding took {:.1} s (one transaction); file {:.1} MiB",
        seeding.elapsed().as_secs_f64(),
        std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) as f64 / 1048576.0
    );
    let desk = Desk::new(
        store.clone(),
        shared.i18n.clone(),
        shared.config.clone(),
        shared.clock.clone(),
    );
    let reader = Actor::person(ADVISOR);
    let tz: Tz = chrono_tz::Europe::Paris;

    // The baseline's input: the same rows, loaded once; read all at once (as the desk reads
    // them) and one support at a time (as it read them before), they are the same.
    let rows = store
        .standings(Some(ADVISOR), None, Some(since))
        .await
        .expect("reading the standings");
    assert_eq!(rows.len(), SUPPORTS);
    assert_eq!(
        rows,
        per_support(&store, since).await,
        "the reads at once are the reads one support at a time"
    );
    let missed = store
        .missed_by_kind(Some(ADVISOR), None, Some(since))
        .await
        .expect("reading what was not delivered");
    let standings: Vec<Standing> = rows
        .iter()
        .map(|r| standing_of(r, &missed, now, shared.config.nudge_delay_hours))
        .collect();

    // What the desk builds is what the baseline builds, and what the seed put in.
    let prompt = desk
        .digest_prompt(&reader, DigestScope::Mine, Some(since))
        .await
        .expect("building the digest");
    assert_eq!(
        prompt.body,
        digest(standings.clone(), tz, false, Some(since)),
        "the baseline digests the same values as Desk::digest_prompt"
    );
    assert_eq!(
        prompt.body.len(),
        SUPPORTS + 1,
        "a title and one item per beneficiary"
    );
    let text = shared.i18n.prompt_body(Lang::Fr, &prompt);
    let count = |needle: &str| text.matches(needle).count();
    assert_eq!(
        count("⚠ Bloqué"),
        expected.blocked_tasks,
        "every blocked task shows"
    );
    assert_eq!(
        count("(confidentiel)"),
        expected.blocked_with_words,
        "every blocker shows"
    );
    assert_eq!(
        count("⏳"),
        expected.waiting,
        "every waiting question shows"
    );
    assert_eq!(count("⏸"), expected.paused, "every paused support shows");
    assert_eq!(
        count("Synthèse à lire"),
        expected.syntheses,
        "every new synthesis shows"
    );
    let first_names: HashSet<&str> = FIRST_NAMES.iter().copied().collect();
    assert!(first_names.iter().any(|n| text.contains(n)));
    println!(
        "  digest of {} beneficiaries: {} blocked tasks ({} with the beneficiary's words), {} questions waiting, {} paused, {} new syntheses, {} skipped or failed deliveries, {} wish to stop or are unsure",
        expected.supports,
        expected.blocked_tasks,
        expected.blocked_with_words,
        expected.waiting,
        expected.paused,
        expected.syntheses,
        standings.iter().map(|s| s.missed).sum::<u32>(),
        standings.iter().filter(|s| s.wants.is_some()).count()
    );

    // Timed: five sides in alternating blocks.
    let mut desk_times = Vec::new();
    let mut store_times = Vec::new();
    let mut one_by_one_times = Vec::new();
    let mut convert_times = Vec::new();
    let mut pure_times = Vec::new();
    let mut render_times = Vec::new();
    let mut split_times = Vec::new();
    let mut checks = Vec::new();
    let began = Instant::now();
    for round in 0..DIGEST_WARM_UP + DIGEST_RUNS / DIGEST_BLOCK {
        let warm = round < DIGEST_WARM_UP;
        let runs = if warm { 1 } else { DIGEST_BLOCK };
        for _ in 0..runs {
            let t = Instant::now();
            let p = desk
                .digest_prompt(&reader, DigestScope::Mine, Some(since))
                .await
                .expect("building the digest");
            let built = t.elapsed();
            let t = Instant::now();
            let text = shared.i18n.prompt_body(Lang::Fr, &p);
            let rendered = t.elapsed();
            let t = Instant::now();
            let parts = limits::split(&text, limits::CONTENT);
            let split = t.elapsed();
            if !warm {
                desk_times.push(built);
                render_times.push(rendered);
                split_times.push(split);
                checks.push(check_split(&text, &parts));
            }
        }
        for _ in 0..runs {
            let t = Instant::now();
            black_box(
                store
                    .standings(Some(ADVISOR), None, Some(since))
                    .await
                    .expect("reading the standings"),
            );
            if !warm {
                store_times.push(t.elapsed());
            }
        }
        for _ in 0..runs {
            let t = Instant::now();
            black_box(per_support(&store, since).await);
            if !warm {
                one_by_one_times.push(t.elapsed());
            }
        }
        for _ in 0..runs {
            let items = standings.clone();
            let t = Instant::now();
            black_box(digest(items, tz, false, Some(since)));
            if !warm {
                pure_times.push(t.elapsed());
            }
        }
        for _ in 0..runs {
            let t = Instant::now();
            for r in &rows {
                black_box(standing_of(
                    r,
                    &missed,
                    now,
                    shared.config.nudge_delay_hours,
                ));
            }
            if !warm {
                convert_times.push(t.elapsed());
            }
        }
    }
    let wall = began.elapsed();

    let d = Summary::of(&desk_times);
    let s = Summary::of(&store_times);
    let o = Summary::of(&one_by_one_times);
    let cv = Summary::of(&convert_times);
    let p = Summary::of(&pure_times);
    let r = Summary::of(&render_times);
    let sp = Summary::of(&split_times);
    println!(
        "  {DIGEST_RUNS} timed digests per side, blocks of {DIGEST_BLOCK}, {DIGEST_WARM_UP} warm-up rounds; {:.1} s",
        wall.as_secs_f64()
    );
    println!();
    println!(
        "| {:<40} | {:>10} | {:>10} | {:>10} | {:>10} |",
        "ms per digest (500 beneficiaries)", "median", "p90", "p99", "max"
    );
    println!(
        "|{:-<42}|{:->12}|{:->12}|{:->12}|{:->12}|",
        "", "", "", "", ""
    );
    for (name, x) in [
        ("Desk::digest_prompt (file database)", &d),
        ("store reads alone: Store::standings", &s),
        ("before: 1 + 500 × Store::standing", &o),
        ("rows to Standing (the desk's conversion)", &cv),
        ("baseline: domain::digest on Standing", &p),
        ("render: I18n::prompt_body", &r),
        ("split: limits::split(text, 2000)", &sp),
    ] {
        println!(
            "| {:<40} | {:>10.2} | {:>10.2} | {:>10.2} | {:>10.2} |",
            name,
            ms(x.median),
            ms(x.p90),
            ms(x.p99),
            ms(x.max)
        );
    }
    println!();
    println!(
        "  ratios: digest_prompt / pure digest: median {:.1}x, p99 {:.1}x; store reads are {:.0}% of digest_prompt (median)",
        us(d.median) / us(p.median),
        us(d.p99) / us(p.p99),
        100.0 * us(s.median) / us(d.median),
    );
    println!(
        "  reads one support at a time / at once: median {:.1}x, p99 {:.1}x ({:.0} µs per support before)",
        us(o.median) / us(s.median),
        us(o.p99) / us(s.p99),
        us(o.median) / SUPPORTS as f64
    );
    let c = &checks[0];
    assert!(
        checks
            .iter()
            .all(|x| x.messages == c.messages && x.cut == c.cut),
        "every run splits the same way"
    );
    println!(
        "  rendered: {} characters, {} paragraphs (title + one per beneficiary), longest paragraph {} characters",
        text.chars().count(),
        c.paragraphs,
        c.longest_paragraph
    );
    println!(
        "  split: {} messages of at most 2,000 characters (longest {}); paragraphs cut across two messages: {}",
        c.messages, c.longest, c.cut
    );
    assert!(
        c.longest <= limits::CONTENT,
        "no message over Discord's limit"
    );

    // The longest item the answers' limit allows: what happens to it.
    let max_chars = shared.config.own_words.max_chars;
    let mut worst = standings[0].clone();
    worst.tasks = vec![
        (
            "budget".into(),
            TaskStatus::Blocked,
            Some("b ".repeat(max_chars / 2)),
        ),
        (
            "convention".into(),
            TaskStatus::Blocked,
            Some("c ".repeat(max_chars / 2)),
        ),
    ];
    worst.synthesis = Some("s ".repeat(max_chars / 2));
    let mut items = standings.clone();
    items.push(worst);
    let p = suivi::domain::prompt::Prompt {
        to: Role::Advisor,
        body: digest(items, tz, false, Some(since)),
        expect: suivi::domain::prompt::Expect::Nothing,
        controls: Default::default(),
        token: None,
        asked: None,
    };
    let text = shared.i18n.prompt_body(Lang::Fr, &p);
    let parts = limits::split(&text, limits::CONTENT);
    let c = check_split(&text, &parts);
    println!(
        "  with one more beneficiary whose synthesis and two blockers are at the answers' limit ({max_chars} characters each): {} messages (longest {}), that paragraph {} characters, paragraphs cut: {}",
        c.messages, c.longest, c.longest_paragraph, c.cut
    );
}

// ---------------------------------------------------------------------------------------------
// Part 2: a check-in step beside a closing step

async fn steps_part(path: &Path, shared: &Shared) {
    let desk = shared.desk(path).await;
    let i18n = &shared.i18n;
    let mut checkins = CheckIns::prepare(&desk).await;
    let mut closings = Closings::new(BENEFICIARY, true);
    for _ in 0..WARM_UP {
        closings.step(&desk, i18n).await;
        checkins.step(&desk, i18n).await;
    }
    checkins.begin_times.clear();
    let mut closing_times = Vec::with_capacity(STEPS);
    let mut checkin_times = Vec::with_capacity(STEPS);
    let mut checkin_by_input = vec![vec![Vec::new(); 5]; 2];
    let (closings_before, checkins_before) = (closings.cursor.closings, checkins.done);
    let began = Instant::now();
    while closing_times.len() < STEPS {
        for _ in 0..BLOCK.min(STEPS - checkin_times.len()) {
            let ((v, at), t) = checkins.step(&desk, i18n).await;
            checkin_times.push(t);
            checkin_by_input[v][at].push(t);
        }
        for _ in 0..BLOCK.min(STEPS - closing_times.len()) {
            let (_, t) = closings.step(&desk, i18n).await;
            closing_times.push(t);
        }
    }
    let wall = began.elapsed();
    let ci = Summary::of(&checkin_times);
    let cl = Summary::of(&closing_times);
    println!(
        "  {STEPS} timed steps per side, blocks of {BLOCK}, {WARM_UP} warm-up steps per side; {} check-ins and {} closings; {:.1} s",
        checkins.done - checkins_before,
        closings.cursor.closings - closings_before,
        wall.as_secs_f64()
    );
    println!();
    table_us(
        "µs per step (file database)",
        34,
        &[
            ("check-in step (Desk::input)", &ci),
            ("closing step (Desk::input)", &cl),
        ],
    );
    println!();
    println!(
        "  ratios (check-in / closing): median {:.2}x, p99 {:.2}x",
        us(ci.median) / us(cl.median),
        us(ci.p99) / us(cl.p99)
    );
    let b = Summary::of(&checkins.begin_times);
    println!(
        "  Desk::begin_checkin (not a step; {} starts): median {:.1} µs, p99 {:.1} µs",
        checkins.begin_times.len(),
        us(b.median),
        us(b.p99)
    );
    println!();
    println!("  check-in by input (µs):");
    println!(
        "| {:<24} | {:>6} | {:>9} | {:>9} |",
        "input", "steps", "median", "p99"
    );
    println!("|{:-<26}|{:->8}|{:->11}|{:->11}|", "", "", "", "");
    for (v, names) in CHECKIN_INPUT_NAMES.iter().enumerate() {
        for (at, name) in names.iter().enumerate() {
            let sample = &checkin_by_input[v][at];
            let s = Summary::of(sample);
            println!(
                "| {:<24} | {:>6} | {:>9.1} | {:>9.1} |",
                name,
                sample.len(),
                us(s.median),
                us(s.p99)
            );
        }
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("building the tokio runtime");
    runtime.block_on(run());
}

async fn run() {
    let shared = Shared::new(start());
    let dir = tempfile::tempdir().expect("creating a temporary folder for the databases");
    println!(
        "digest: an advisor with {SUPPORTS} beneficiaries, on a SQLite file (load average {})",
        load()
    );
    digest_part(&dir.path().join("digest.db"), &shared).await;
    println!();
    println!(
        "check-in step beside closing step, on one SQLite file (load average {})",
        load()
    );
    steps_part(&dir.path().join("steps.db"), &shared).await;
    println!();
    println!("load average at the end: {}", load());
}
