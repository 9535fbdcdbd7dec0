//! One closing step and one check-in step — an answer in, persisted, the next prompt
//! rendered — on SQLite files, each against the same step on the engine alone.
//!
//! Run with `cargo bench --bench closing_step` (a plain `main`, no harness). See
//! `BENCHMARKS.md` for the figures and how to read them. `SUIVI_BENCH_STEPS=N` times `N`
//! steps per side instead of 10,000 (a shorter run, as `benches/side_by_side.sh` makes).
//!
//! - **file database**: `Desk::input` (load the state, run the engine, save in one
//!   transaction, negotiate each recipient's language) then every returned prompt rendered to
//!   text with `I18n::prompt_body`.
//! - **engine only**: the same inputs applied to the engine directly (`Closing::apply`,
//!   `CheckIn`'s `Conversation::apply`), the same prompts rendered; no store, nothing
//!   serialized.
//!
//! Closing sides drive whole closings (18 inputs each: 16 from the beneficiary up to the recap
//! confirmation, then the advisor's commitments and confirmation) again and again; opening the
//! session, stating the expectations and `start_closing` are set-up, not timed steps. Check-in
//! sides, on a second file, answer check-ins of three tasks (five answers, two variants; each
//! started with `Desk::begin_checkin` on a claimed delivery, timed apart, not a step; the
//! prompts it planned marked sent at its end, as the dispatcher would). The four sides
//! alternate in blocks so that machine noise falls on all alike. A last, shorter pass times
//! the phases of the closing's file-database step one by one (the same calls `Desk::input`
//! makes, made from here) to show where the time goes.

/// Only the parts of `benches/fixture/` this bench uses (an inline module: its `mod` items
/// are read from `benches/fixture/`): the seeding modules name today's store types, and
/// `benches/side_by_side.sh` builds this bench against the revision before issue 16 too.
#[allow(dead_code)]
mod fixture {
    pub mod checkin;
    pub mod closing;
    pub mod stats;

    include!("fixture/common.rs");
}

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use fixture::checkin::{CheckInEngine, CheckIns, CHECKIN_INPUT_NAMES};
use fixture::closing::{ctx, Closings, Engine, INPUT_NAMES};
use fixture::stats::{table_us, us, Summary};
use fixture::{load, start, steps_from_env, Shared, BENEFICIARY};
use suivi::domain::closing::Closing;
use suivi::domain::prompt::Role;
use suivi::store::StepSave;

/// Timed steps per side (unless `SUIVI_BENCH_STEPS` says otherwise).
const STEPS: usize = 10_000;
/// Steps per block; blocks of the sides alternate.
const BLOCK: usize = 1_000;
/// Untimed steps per side before measuring.
const WARM_UP: usize = 300;
/// Steps of the phase breakdown pass, per 10,000 timed steps.
const BREAKDOWN_STEPS: usize = 3_000;
/// The p99 goal of the issue.
const GOAL: Duration = Duration::from_millis(5);

/// The phases of one file-database step, timed separately.
const PHASES: [&str; 8] = [
    "load row",
    "touch person (now in the save)",
    "state from JSON",
    "engine",
    "state to JSON",
    "save (transaction)",
    "negotiate languages",
    "render",
];

/// Replays the file-database step phase by phase on its own database file: the calls
/// `Desk::input` makes, in the same order. The state is written as the bare `Closing` (the desk
/// wraps it in a tagged enum, 18 bytes more), which the next step reads back.
async fn breakdown(path: &Path, shared: &Shared, steps: usize) -> Vec<Vec<Duration>> {
    let desk = shared.desk(path).await;
    let mut side = Closings::new(BENEFICIARY, false);
    let store = desk.store().clone();
    let ctx = ctx(shared);
    let now = start();
    let mut phases = vec![Vec::with_capacity(steps); PHASES.len()];
    for i in 0..WARM_UP + steps {
        let conversation = side.conversation(&desk).await;
        let script = &side.scripts[side.cursor.script()];
        let (role, input) = script[side.cursor.at].clone();
        let person = side.actor(role);

        let t0 = Instant::now();
        let row = store
            .conversation(conversation)
            .await
            .expect("loading the conversation")
            .expect("the conversation exists");
        let t1 = Instant::now();
        // The person is recorded inside the save's transaction now (no phase of its own).
        let t2 = Instant::now();
        let mut state: Closing = serde_json::from_str(&row.state).expect("reading the state");
        let t3 = Instant::now();
        let outcome = state
            .apply(person.id, input, &ctx)
            .expect("the scripted input is accepted");
        let t4 = Instant::now();
        let json = serde_json::to_string(&state).expect("writing the state");
        let t5 = Instant::now();
        let answer = outcome.recorded.as_ref().map(|(s, v)| (s.id(), v.as_str()));
        store
            .save_step(
                StepSave {
                    conversation,
                    session: row.session_id,
                    support: row.support_id,
                    actor: (person.id, &person.name, person.locale.as_deref()),
                    step: &state.step.id(),
                    state: &json,
                    done: state.is_agreed(),
                    answer: answer.as_ref().map(|(f, v)| (f.as_str(), *v)),
                    expectations: None,
                    agreement: outcome.agreement.as_ref(),
                    version: row.version,
                    asked_version: row.version + 1,
                    // The phase breakdown measures the save alone; the outbox rows a step
                    // plans are in the end-to-end figure (`Desk::input`).
                    deliveries: &[],
                    reminders: &[],
                    next_plan_at: None,
                    end_support: false,
                    tasks: &[],
                },
                now,
            )
            .await
            .expect("saving the step");
        let t6 = Instant::now();
        let mut langs = Vec::with_capacity(outcome.prompts.len());
        for p in &outcome.prompts {
            let to = match p.to {
                Role::Advisor => row.advisor_id as u64,
                Role::Beneficiary => row.beneficiary_id as u64,
            };
            // As `Desk::input` does: from the loaded row, no query.
            let (saved, last) = if to == row.advisor_id as u64 {
                (&row.advisor_lang, &row.advisor_locale)
            } else {
                (&row.beneficiary_lang, &row.beneficiary_locale)
            };
            let last = if to == person.id {
                &person.locale
            } else {
                last
            };
            let guild = row.guild_lang.as_deref().or(row.guild_locale.as_deref());
            langs.push(suivi::i18n::negotiate(
                saved.as_deref(),
                last.as_deref(),
                guild,
                desk.config().language,
            ));
        }
        let t7 = Instant::now();
        for (p, lang) in outcome.prompts.iter().zip(&langs) {
            black_box(shared.i18n.prompt_body(*lang, p));
        }
        let t8 = Instant::now();

        let len = script.len();
        if side.cursor.next(len) {
            assert!(state.is_agreed(), "the scripted closing ends agreed");
            side.current = None;
        }
        if i >= WARM_UP {
            let marks = [t0, t1, t2, t3, t4, t5, t6, t7, t8];
            for (i, w) in marks.windows(2).enumerate() {
                phases[i].push(w[1] - w[0]);
            }
        }
    }
    phases
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("building the tokio runtime");
    runtime.block_on(run());
}

/// The samples of one side: all, and by input.
struct Side {
    all: Vec<Duration>,
    by_input: Vec<Vec<Duration>>,
}

impl Side {
    fn new(inputs: usize, steps: usize) -> Side {
        Side {
            all: Vec::with_capacity(steps),
            by_input: vec![Vec::new(); inputs],
        }
    }

    fn push(&mut self, at: usize, t: Duration) {
        self.all.push(t);
        self.by_input[at].push(t);
    }
}

/// The per-input table of a file-database side beside its engine side.
fn by_input(names: &[&str], db: &Side, en: &Side) {
    println!(
        "| {:>2} | {:<22} | {:>9} | {:>9} | {:>9} | {:>9} | {:>6} |",
        "#", "input", "db median", "db p99", "en median", "en p99", "> goal"
    );
    println!(
        "|{:->4}|{:-<24}|{:->11}|{:->11}|{:->11}|{:->11}|{:->8}|",
        "", "", "", "", "", "", ""
    );
    for (at, (d, e)) in db.by_input.iter().zip(&en.by_input).enumerate() {
        let (ds, es) = (Summary::of(d), Summary::of(e));
        println!(
            "| {:>2} | {:<22} | {:>9.1} | {:>9.1} | {:>9.1} | {:>9.1} | {:>6} |",
            at + 1,
            names.get(at).copied().unwrap_or("?"),
            us(ds.median),
            us(ds.p99),
            us(es.median),
            us(es.p99),
            d.iter().filter(|t| **t >= GOAL).count()
        );
    }
}

/// Ratios to the engine and the goal, for one kind of step.
fn verdict(what: &str, db: &Summary, en: &Summary) {
    println!(
        "{what} ratios: median {:.1}x, p99 {:.1}x (file database / engine)",
        us(db.median) / us(en.median),
        us(db.p99) / us(en.p99)
    );
    println!(
        "{what} goal p99 < {} ms on the file database: {} ({:.2} ms)",
        GOAL.as_millis(),
        if db.p99 < GOAL { "MET" } else { "NOT MET" },
        db.p99.as_secs_f64() * 1e3
    );
}

async fn run() {
    let steps = steps_from_env(STEPS);
    let shared = Shared::new(start());
    let dir = tempfile::tempdir().expect("creating a temporary folder for the database");
    println!("closing_step: load average {} at the start", load());

    let closing_desk = shared.desk(&dir.path().join("suivi.db")).await;
    let checkin_desk = shared.desk(&dir.path().join("checkin.db")).await;
    let mut closings = Closings::new(BENEFICIARY, false);
    let mut engine = Engine::default();
    let mut checkins = CheckIns::prepare(&checkin_desk).await;
    let mut checkin_engine = CheckInEngine::default();
    let scripts = closings.scripts.clone();
    let checkin_inputs = checkins.inputs.clone();
    // The check-in's inputs, numbered across both variants for the per-input tables.
    let checkin_at = |(v, at): (usize, usize)| v * CHECKIN_INPUT_NAMES[0].len() + at;
    let checkin_names: Vec<&str> = CHECKIN_INPUT_NAMES.iter().flatten().copied().collect();

    for _ in 0..WARM_UP {
        closings.step(&closing_desk, &shared.i18n).await;
        engine.step(&shared, &scripts);
        checkins.step(&checkin_desk, &shared.i18n).await;
        checkin_engine.step(&shared, &checkin_inputs);
    }
    checkins.begin_times.clear();
    let mut db = Side::new(INPUT_NAMES.len(), steps);
    let mut en = Side::new(INPUT_NAMES.len(), steps);
    let mut cdb = Side::new(checkin_names.len(), steps);
    let mut cen = Side::new(checkin_names.len(), steps);
    let began = Instant::now();
    while db.all.len() < steps {
        let block = BLOCK.min(steps - db.all.len());
        for _ in 0..block {
            let (at, t) = closings.step(&closing_desk, &shared.i18n).await;
            db.push(at, t);
        }
        for _ in 0..block {
            let (at, t) = engine.step(&shared, &scripts);
            en.push(at, t);
        }
        for _ in 0..block {
            let (at, t) = checkins.step(&checkin_desk, &shared.i18n).await;
            cdb.push(checkin_at(at), t);
        }
        for _ in 0..block {
            let (at, t) = checkin_engine.step(&shared, &checkin_inputs);
            cen.push(checkin_at(at), t);
        }
    }
    let wall = began.elapsed();

    let (d, e) = (Summary::of(&db.all), Summary::of(&en.all));
    let (cd, ce) = (Summary::of(&cdb.all), Summary::of(&cen.all));
    println!(
        "closing_step: {steps} timed steps per side, blocks of {BLOCK}, {WARM_UP} warm-up steps"
    );
    println!(
        "  {} closings on the file database, {} on the engine; {} check-ins on the file database, {} on the engine; tokio current_thread; {:.1} s",
        closings.cursor.closings,
        engine.cursor.closings,
        checkins.done,
        checkin_engine.done,
        wall.as_secs_f64()
    );
    println!();
    println!("closing step:");
    table_us(
        "µs per step",
        14,
        &[("file database", &d), ("engine only", &e)],
    );
    println!();
    verdict("closing", &d, &e);
    println!();
    println!("check-in step:");
    table_us(
        "µs per step",
        23,
        &[
            ("check-in: file database", &cd),
            ("check-in: engine only", &ce),
        ],
    );
    println!();
    verdict("check-in", &cd, &ce);
    let b = Summary::of(&checkins.begin_times);
    println!(
        "  Desk::begin_checkin (not a step; {} starts): median {:.1} µs, p99 {:.1} µs",
        b.n,
        us(b.median),
        us(b.p99)
    );
    println!(
        "  check-in / closing, file database: median {:.2}x, p99 {:.2}x",
        us(cd.median) / us(d.median),
        us(cd.p99) / us(d.p99)
    );

    println!();
    println!("closing by input (position in the closing; µs per step):");
    by_input(&INPUT_NAMES, &db, &en);
    println!();
    println!("check-in by input (µs per step):");
    by_input(&checkin_names, &cdb, &cen);

    let breakdown_steps = BREAKDOWN_STEPS * steps / STEPS;
    let phases = breakdown(&dir.path().join("breakdown.db"), &shared, breakdown_steps).await;
    println!();
    println!(
        "where a closing's file-database step goes ({breakdown_steps} steps, phases timed one by one):"
    );
    println!(
        "| {:<20} | {:>10} | {:>10} | {:>10} |",
        "µs per phase", "median", "p99", "mean"
    );
    println!("|{:-<22}|{:->12}|{:->12}|{:->12}|", "", "", "", "");
    for (name, sample) in PHASES.iter().zip(&phases) {
        let s = Summary::of(sample);
        let mean = sample.iter().sum::<Duration>() / sample.len().max(1) as u32;
        println!(
            "| {:<20} | {:>10.1} | {:>10.1} | {:>10.1} |",
            name,
            us(s.median),
            us(s.p99),
            us(mean)
        );
    }
    println!();
    println!("closing_step: load average {} at the end", load());
}
