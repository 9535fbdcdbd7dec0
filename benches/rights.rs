//! Data rights and operations on a file database: erasing a person with two years of history
//! (time, and proof that their text is gone from the database file and its write-ahead log),
//! and `suivi backup` of a database with 100,000 agreements while the bot answers (backup time,
//! and the answer latency during it beside without).
//!
//! Run with `cargo bench --bench rights` (a plain `main`, no harness). See `BENCHMARKS.md`
//! for the figures and how to read them.
//!
//! 1. **Erasure.** One beneficiary's two years of weekly follow-up are lived through the real
//!    `Desk` with a manual clock: a closing every four weeks (opening, expectations, the 17
//!    closing inputs, a new agreement superseding the last), a check-in the other weeks (each
//!    task's status, what blocks, sometimes a new task), consent withdrawn and given again.
//!    Their deliveries are marked sent as a dispatcher would. A few hundred other supports are
//!    then copied from that history by SQL (ids shifted, their text replaced, the most recent
//!    4 to 52 weeks kept), under a dozen advisors, B's among them. That file is the template.
//!    Each of several copies is opened with `Store::open`; the person types one more answer (so
//!    that their words are in the WAL too); the database file and its `-wal` are searched for
//!    a sentence they typed; `Desk::erase_data` is timed; both files are searched again.
//! 2. **Backup.** 100,000 supports with an active agreement (and its closing conversation,
//!    answers, tasks, consent, planned reminders) are written by bulk SQL in one transaction,
//!    copied from one closing lived through the `Desk`. One more closing is left in progress.
//!    Then, in alternating windows: paced inputs (`Pause`/`Resume`, one every 10 ms) through
//!    `Desk::input` with no backup running; the same while the real `suivi backup FILE` runs as
//!    its own process on the same file. Each input is timed alone.
//! 3. **Erasure during a backup.** The person with the closing in progress is erased while a
//!    `suivi backup` is reading the same file: how long the erasure takes, and whether their
//!    words are still in the files when it returns and once the backup has ended.

#[allow(dead_code)]
#[path = "fixture/mod.rs"]
mod fixture;

#[path = "rights/backup.rs"]
mod backup;
#[path = "rights/during.rs"]
mod during;
#[path = "rights/erasure.rs"]
mod erasure;

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use fixture::closing::{begin_closing, closing_inputs, Script, SCRIPTS as CLOSING_SCRIPTS};
use fixture::Shared;
use suivi::clock::ManualClock;
use suivi::conversation::{Desk, Who};
use suivi::domain::closing::Input;
use suivi::domain::prompt::Role;
use suivi::store::Store;

use backup::backup;
use during::{erase_during, Reader};
use erasure::erasure;

/// Weeks of follow-up of the person erased.
pub const WEEKS: i64 = 104;
/// Weeks between two closings (check-ins in between).
pub const CYCLE: i64 = 4;
/// Other supports in the erasure's database.
pub const OTHERS: i64 = 300;
/// Copies of the template erased one by one.
pub const COPIES: usize = 5;
/// Active agreements in the backup's database.
pub const AGREEMENTS: i64 = 100_000;
/// Backups, each after a window of inputs without one.
pub const ROUNDS: usize = 3;
/// The window of inputs without a backup before each backup.
pub const QUIET_WINDOW: Duration = Duration::from_secs(5);
/// One input every so often, as people answering.
pub const PACE: Duration = Duration::from_millis(10);

pub const PERSON: u64 = 502;
/// The person with a closing in progress in the backup's database, erased during a backup.
pub const TYPIST: u64 = 503;
/// The person whose closing the timed inputs are applied to.
pub const ANSWERER: u64 = 504;
/// The same, through another pool (as the bot while the shell erases).
pub const ANSWERER_ELSEWHERE: u64 = 505;
/// The person erased while a reader holds one snapshot for longer than the busy timeout.
pub const TYPIST_LONG: u64 = 506;
/// The person erased with no reader (the baseline of part 3).
pub const TYPIST_QUIET: u64 = 507;
/// Ids of the other supports' advisors, and of the bulk rows, start here.
pub const OTHER_ADVISORS: i64 = 20_000;
pub const BULK: i64 = 1_000_000;

/// Pieces of it searched for as well: a sentence may straddle two pages of the file.
pub const PIECES: [&str; 3] = ["rue des Tanneurs", "Mamadou ne rendra", "la chambre froide"];
/// What the person with the closing in progress typed (erasure during a backup).
pub const TYPED: &str = "Notre tresoriere Genevieve Abdallah part a Lyon en mars et personne ne veut reprendre les comptes";
pub const TYPED_PIECES: [&str; 3] = [
    "Genevieve Abdallah",
    "part a Lyon en mars",
    "reprendre les comptes",
];
/// What the person erased during a long read typed.
pub const TYPED_LONG: &str = "Le cousin de Yannick Oberlin a promis la sono gratuite mais seulement si on decale au vingt juin";
pub const TYPED_LONG_PIECES: [&str; 3] = ["Yannick Oberlin", "la sono gratuite", "au vingt juin"];
/// What the person erased with no reader typed.
pub const TYPED_QUIET: &str =
    "Mon associe Thibault Nkemelu veut tout arreter si la banque refuse le pret en avril";
pub const TYPED_QUIET_PIECES: [&str; 3] =
    ["Thibault Nkemelu", "veut tout arreter", "refuse le pret"];
/// How long the long reader holds its snapshot (a backup on a slower disk, or of a bigger
/// file): longer than the store's busy timeout (5 s).
pub const LONG_READ: Duration = Duration::from_secs(8);

/// Monday 25 November 2024, 09:00 UTC: two years before the end of the history.
pub fn start() -> DateTime<Utc> {
    "2024-11-25T09:00:00Z"
        .parse()
        .expect("the benchmark's start instant is valid RFC 3339")
}

pub fn week(w: i64) -> chrono::Duration {
    chrono::Duration::weeks(w)
}

/// The closings lived here: the two of `benches/closing_step.rs` (the second with its first
/// exchange on a weekday, not a date) and one that holds the sentence searched for.
const SCRIPTS: [Script; 3] = [
    CLOSING_SCRIPTS[0],
    Script {
        first: "jeudi 14h30",
        ..CLOSING_SCRIPTS[1]
    },
    Script {
        expectations: "Trouver un endroit pour stocker le matériel de la fête de quartier et organiser la logistique avec les bénévoles",
        review: "partly",
        questions: "Est-ce que la mairie peut prêter un local en attendant, et qui faut-il contacter au service des associations ?",
        wants_continue: "yes",
        next_step: "Le hangar de la rue des Tanneurs restera ferme tant que Mamadou ne rendra pas les cles de la chambre froide : il faut relancer le syndic et prévoir un repli",
        tasks: "- relancer le syndic pour récupérer les clés\n- demander un local provisoire à la mairie\n- prévenir les bénévoles du changement de lieu",
        means: "Le carnet d'adresses du comité des fêtes, une camionnette prêtée par la régie de quartier et deux après-midi de bénévoles",
        future: "Un coup de main pour écrire la demande de subvention de la fête de l'an prochain, avec un budget plus réaliste",
        frequency: "biweekly",
        first: "lundi 18h",
        exchange_means: &["phone", "discord"],
        commitments: "Appeler le syndic cette semaine et envoyer la liste du matériel à stocker avant le prochain échange",
        synthesis: "D'abord récupérer les clés ou trouver un repli, ensuite le transport du matériel, enfin prévenir tout le monde",
        advisor_commitments: "Demander au service des associations de la mairie quels locaux sont libres en juin et transmettre la réponse",
    },
];

/// One closing lived through the desk: opening, expectations, the 17 inputs. Returns the
/// closing's conversation id.
pub async fn live_closing(
    desk: &Desk,
    clock: &ManualClock,
    advisor: &Who,
    person: &Who,
    s: &Script,
) -> i64 {
    let closing = begin_closing(desk, advisor, person, s.expectations).await;
    for (role, input) in closing_inputs(s) {
        clock.advance(chrono::Duration::minutes(1));
        let by = match role {
            Role::Advisor => advisor,
            Role::Beneficiary => person,
        };
        desk.input(closing, by, input)
            .await
            .expect("the scripted input is accepted");
    }
    let row = desk
        .conversation(closing)
        .await
        .expect("reading the closing")
        .expect("the closing exists");
    assert_eq!(
        row.status,
        suivi::store::ConversationStatus::Done,
        "the scripted closing ends agreed"
    );
    closing
}

pub async fn scalar(store: &Store, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql)
        .fetch_one(store.pool())
        .await
        .expect("a count");
    n
}

/// `suivi` with the benchmark's database and English messages.
pub fn suivi(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_suivi"));
    c.arg("--config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bot.toml"))
        .env("SUIVI_DATABASE", db)
        .env("LANG", "en_US.UTF-8")
        .env_remove("DISCORD_TOKEN")
        .env_remove("RUST_LOG");
    c
}

/// A backup as an operator runs it: (wall time of the process, the time it reports for the
/// copy itself).
pub fn run_backup(db: &Path, target: &Path) -> (Duration, Option<Duration>) {
    let t = Instant::now();
    let out = suivi(db)
        .arg("backup")
        .arg(target)
        .stdin(Stdio::null())
        .output()
        .expect("running suivi backup");
    let wall = t.elapsed();
    assert!(
        out.status.success(),
        "suivi backup failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    // "Backup written to FILE in N ms (mode 0600)..."
    let reported = text
        .split(" in ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse::<u64>().ok())
        .map(Duration::from_millis);
    (wall, reported)
}

/// `suivi backup` of `big` into `target` on its own thread; `done` is set when it has ended.
pub fn spawn_backup(
    big: &Path,
    target: &Path,
    done: &Arc<AtomicBool>,
) -> std::thread::JoinHandle<(Duration, Option<Duration>)> {
    let (big, target, done) = (big.to_owned(), target.to_owned(), done.clone());
    std::thread::spawn(move || {
        let out = run_backup(&big, &target);
        done.store(true, Ordering::Release);
        out
    })
}

/// Applies paced inputs to the closing in progress until `stop` says so (or `limit` passes);
/// returns each input's time.
pub async fn paced_inputs(
    desk: &Desk,
    person: &Who,
    conversation: i64,
    paused: &mut bool,
    stop: Option<&AtomicBool>,
    limit: Duration,
) -> (Vec<Duration>, usize) {
    let mut times = Vec::new();
    let mut failed = 0;
    let mut tick = tokio::time::interval(PACE);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let began = Instant::now();
    loop {
        tick.tick().await;
        if stop.is_some_and(|s| s.load(Ordering::Acquire)) || began.elapsed() > limit {
            break;
        }
        let input = if *paused { Input::Resume } else { Input::Pause };
        let t = Instant::now();
        match desk.input(conversation, person, input).await {
            Ok(_) => {
                times.push(t.elapsed());
                *paused = !*paused;
            }
            Err(e) => {
                failed += 1;
                eprintln!("  an input failed: {e}");
            }
        }
    }
    (times, failed)
}

/// The closing in progress of `person` in the backup's database.
pub async fn active_closing(desk: &Desk, person: u64) -> i64 {
    let row = desk
        .store()
        .active_conversation_for(person)
        .await
        .expect("reading")
        .expect("the closing in progress");
    row.id
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("building the tokio runtime");
    runtime.block_on(run());
}

async fn run() {
    let shared = Shared::new(start());
    let dir = tempfile::tempdir().expect("a temporary folder");
    let began = Instant::now();
    erasure(&shared, dir.path()).await;
    let big = dir.path().join("big.db");
    let desk = backup(&shared, dir.path(), &big).await;
    println!();
    println!(
        "== 3. erasing a person from the 100,000-agreement file, with no reader (baseline) =="
    );
    erase_during(
        &shared,
        &desk,
        &big,
        dir.path(),
        (TYPIST_QUIET, "Inès", TYPED_QUIET, TYPED_QUIET_PIECES),
        Reader::Nothing,
    )
    .await;
    println!();
    println!("== 3a. the same while suivi backup reads the file ==");
    erase_during(
        &shared,
        &desk,
        &big,
        dir.path(),
        (TYPIST, "Binta", TYPED, TYPED_PIECES),
        Reader::Backup,
    )
    .await;
    println!();
    println!(
        "== 3b. erasing a person while another pool holds one snapshot for {} s ==",
        LONG_READ.as_secs()
    );
    erase_during(
        &shared,
        &desk,
        &big,
        dir.path(),
        (TYPIST_LONG, "Chloé", TYPED_LONG, TYPED_LONG_PIECES),
        Reader::Long,
    )
    .await;
    desk.store().close().await;
    println!();
    println!("total {:.0} s", began.elapsed().as_secs_f64());
}
