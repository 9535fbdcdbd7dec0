//! Shared set-up: a fresh database per test, the example configuration, a manual clock.
//!
//! The database is a file in the test's folder, or, when `SUIVI_TEST_DATABASE` names a
//! PostgreSQL server (`postgres://postgres@127.0.0.1:54329/postgres`), a database of its own
//! created on that server ([`fresh_database`]): the same tests run on both backends.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use suivi::clock::ManualClock;
use suivi::config::Config;
use suivi::conversation::{Desk, DeskError, Outgoing, Who};
use suivi::domain::closing::Input;
use suivi::i18n::{I18n, Lang};
use suivi::store::Store;

/// The months as the messages name them, for tests that read a date back.
pub const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub const GUILD: u64 = 900;
pub const ADVISOR: u64 = 501;
pub const BENEFICIARY: u64 = 502;
pub const STRANGER: u64 = 503;

/// Saturday 28 November 2026, 11:00 in Paris.
pub fn start() -> DateTime<Utc> {
    "2026-11-28T10:00:00Z".parse().unwrap()
}

pub fn config() -> Config {
    Config::parse(include_str!("../../bot.toml"), &[]).unwrap()
}

/// The PostgreSQL server the suite runs on, if `SUIVI_TEST_DATABASE` names one.
pub fn test_server() -> Option<String> {
    std::env::var("SUIVI_TEST_DATABASE")
        .ok()
        .filter(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"))
}

/// The database setting for a new test: `dir/file`, or the URL of a database created empty
/// for this test on the server of `SUIVI_TEST_DATABASE`.
pub async fn fresh_database(dir: &Path, file: &str) -> PathBuf {
    match test_server() {
        None => dir.join(file),
        Some(server) => PathBuf::from(create_database(&server).await),
    }
}

/// A pool of its own on the database `setting` names (a file or a server's URL), beside the
/// one the service holds: what a test reads while the real binary runs.
pub async fn side_pool(setting: &Path) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    let text = setting.display().to_string();
    let url = if text.starts_with("postgres") {
        text
    } else {
        format!("sqlite://{text}")
    };
    sqlx::AnyPool::connect(&url).await.unwrap()
}

/// Creates `suivi_t_<unique>` on `server` and returns its URL.
pub async fn create_database(server: &str) -> String {
    use sqlx::Connection;
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let name = format!(
        "suivi_t_{}_{}_{nanos}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = sqlx::PgConnection::connect(server).await.unwrap();
    sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    admin.close().await.unwrap();
    let (scheme, rest) = server.split_once("://").unwrap();
    let authority = rest.split(['/', '?']).next().unwrap();
    let query = rest
        .split_once('?')
        .map_or(String::new(), |(_, q)| format!("?{q}"));
    format!("{scheme}://{authority}/{name}{query}")
}

pub struct Env {
    /// Kept so the folder lives as long as the test.
    pub _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub clock: Arc<ManualClock>,
    pub desk: Desk,
    pub i18n: Arc<I18n>,
}

pub async fn desk_on(path: &Path, clock: Arc<ManualClock>) -> (Desk, Arc<I18n>) {
    let (store, _) = Store::open(path).await.unwrap();
    let i18n = Arc::new(I18n::load().unwrap());
    (
        Desk::new(store, i18n.clone(), Arc::new(config()), clock),
        i18n,
    )
}

pub async fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let path = fresh_database(dir.path(), "suivi.db").await;
    env_at(dir, path).await
}

/// An [`Env`] on a SQLite file whatever `SUIVI_TEST_DATABASE` says: for tests of the file
/// itself (its disk filling up, its pages, its journal).
pub async fn file_env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("suivi.db");
    env_at(dir, path).await
}

async fn env_at(dir: tempfile::TempDir, path: PathBuf) -> Env {
    let clock = Arc::new(ManualClock::new(start()));
    let (desk, i18n) = desk_on(&path, clock.clone()).await;
    Env {
        _dir: dir,
        path,
        clock,
        desk,
        i18n,
    }
}

pub fn advisor(lang: Lang) -> Who {
    Who {
        id: ADVISOR,
        name: "Claire".into(),
        locale: Some(lang.code().into()),
    }
}

pub fn beneficiary(lang: Lang) -> Who {
    Who {
        id: BENEFICIARY,
        name: "Moussa".into(),
        locale: Some(lang.code().into()),
    }
}

impl Env {
    /// A closing between the advisor and the beneficiary, both reading `lang`, without a
    /// synthesis asked: its id.
    pub async fn start_closing(&self, lang: Lang) -> i64 {
        let (closing, _) = self
            .desk
            .between(GUILD, &advisor(lang), &beneficiary(lang))
            .start_closing(false)
            .await
            .unwrap();
        closing
    }

    /// Renders what each person was sent, in the language chosen for them.
    pub fn shown(&self, out: &[Outgoing]) -> String {
        out.iter()
            .map(|o| self.i18n.prompt_body(o.lang, &o.prompt))
            .collect::<Vec<_>>()
            .join("\n---\n")
    }

    /// What `to` was sent in this batch.
    pub fn shown_to(&self, out: &[Outgoing], to: u64) -> String {
        let mine: Vec<Outgoing> = out.iter().filter(|o| o.to == to).cloned().collect();
        self.shown(&mine)
    }

    pub async fn say(
        &self,
        conversation: i64,
        who: &Who,
        input: Input,
    ) -> Result<Vec<Outgoing>, DeskError> {
        self.desk.input(conversation, who, input).await
    }

    /// The beneficiary types text; the outgoing prompts must exist.
    pub async fn text(&self, conversation: i64, lang: Lang, text: &str) -> String {
        let out = self
            .say(conversation, &beneficiary(lang), Input::Text(text.into()))
            .await
            .unwrap();
        self.shown(&out)
    }

    pub async fn choose(&self, conversation: i64, lang: Lang, id: &str) -> String {
        let out = self
            .say(conversation, &beneficiary(lang), Input::Choice(id.into()))
            .await
            .unwrap();
        self.shown(&out)
    }

    pub async fn step(&self, conversation: i64) -> String {
        let (step,): (String,) = sqlx::query_as("SELECT step FROM conversations WHERE id = $1")
            .bind(conversation)
            .fetch_one(self.desk.store().pool())
            .await
            .unwrap();
        step
    }

    pub async fn answer(&self, conversation: i64, field: &str) -> Option<String> {
        sqlx::query_as::<_, (String,)>(
            "SELECT value FROM answers WHERE conversation_id = $1 AND field = $2",
        )
        .bind(conversation)
        .bind(field)
        .fetch_optional(self.desk.store().pool())
        .await
        .unwrap()
        .map(|(v,)| v)
    }
}

/// Answers of a typical closing, in one language.
pub struct Script {
    pub expectations: &'static str,
    pub questions: &'static str,
    pub next_step: &'static str,
    pub tasks: &'static str,
    pub means: &'static str,
    pub future: &'static str,
    pub first: &'static str,
    pub commitments: &'static str,
    pub synthesis: &'static str,
    pub advisor_commitments: &'static str,
}

pub const FR: Script = Script {
    expectations: "Comprendre comment monter un partenariat avec une commune au Sénégal",
    questions: "Comment trouver des financements européens pour la suite ?",
    next_step: "Rédiger une convention de partenariat avec la commune de Thiès",
    tasks: "- écrire au maire de Thiès\n- préparer le budget prévisionnel\n- réunir le bureau de l'association",
    means: "Un traducteur wolof, deux jours de bénévolat et les contacts du réseau régional",
    future: "Former un binôme pour le suivi sur place l'an prochain",
    first: "mardi 10h",
    commitments: "Envoyer le projet de convention avant le prochain échange",
    synthesis: "On commence par la convention, ensuite le budget, puis le calendrier commun",
    advisor_commitments: "Relire la convention et transmettre deux contacts de bailleurs",
};

pub const EN: Script = Script {
    expectations: "Understand how to set up a partnership with a town in Senegal",
    questions: "How can we find European funding afterwards?",
    next_step: "Draft a partnership agreement with the town of Thiès",
    tasks: "write to the mayor of Thiès; prepare the budget; gather the association's board",
    means: "A Wolof translator, two volunteer days and the regional network's contacts",
    future: "Train a pair of volunteers for follow-up on site next year",
    first: "tuesday 10am",
    commitments: "Send the draft agreement before the next exchange",
    synthesis: "First the agreement, then the budget, then a shared calendar",
    advisor_commitments: "Review the agreement and pass on two funders' contacts",
};

/// Opens a session, states expectations, starts the closing and answers up to the recap; the
/// advisor enters their commitments when asked (as the beneficiary reaches theirs), so the
/// recap is complete. Returns the closing's id and the recap the beneficiary saw.
pub async fn to_recap(env: &Env, lang: Lang, s: &Script, synthesis: bool) -> (i64, String) {
    let (opening, out) = env
        .desk
        .between(GUILD, &advisor(lang), &beneficiary(lang))
        .open_session()
        .await
        .unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].to, BENEFICIARY);
    env.text(opening, lang, s.expectations).await;
    let (closing, _) = env
        .desk
        .between(GUILD, &advisor(lang), &beneficiary(lang))
        .start_closing(synthesis)
        .await
        .unwrap();
    env.choose(closing, lang, "partly").await;
    env.text(closing, lang, s.questions).await;
    env.choose(closing, lang, "yes").await;
    env.text(closing, lang, s.next_step).await;
    env.text(closing, lang, s.tasks).await;
    env.text(closing, lang, s.means).await;
    env.text(closing, lang, s.future).await;
    env.choose(closing, lang, "next").await;
    env.choose(closing, lang, "yes").await;
    env.choose(closing, lang, "biweekly").await;
    env.text(closing, lang, s.first).await;
    // The date is read back: confirmed as is.
    env.choose(closing, lang, "date_ok").await;
    let out = env
        .say(
            closing,
            &beneficiary(lang),
            Input::Choices(vec!["email".into(), "in_person".into()]),
        )
        .await
        .unwrap();
    assert!(!out.is_empty());
    assert!(
        out.iter().any(|o| o.to == ADVISOR),
        "the advisor is asked for their commitments"
    );
    env.say(
        closing,
        &advisor(lang),
        Input::AdvisorCommitments(s.advisor_commitments.into()),
    )
    .await
    .unwrap();
    let mut recap = env.text(closing, lang, s.commitments).await;
    if synthesis {
        recap = env.text(closing, lang, s.synthesis).await;
    }
    assert_eq!(env.step(closing).await, "recap");
    (closing, recap)
}

// ---------------------------------------------------------------------------------------------
// The follow-up: a notifier that records what people would see, and a running dispatcher.
// ---------------------------------------------------------------------------------------------

use std::sync::Mutex;

use chrono::{Duration, SecondsFormat};
use suivi::outbox::{Dispatcher, Letter, Notifier, Route, SendError, Sending, Tuning};
use suivi::store::{DeliveryKind, DeliveryRow};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// One try to send a letter, as the test notifier saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub delivery: i64,
    pub to: u64,
    pub kind: DeliveryKind,
    /// Every prompt of the letter rendered in the reader's language, joined by blank lines.
    pub text: String,
    /// The clock's time when it was handed over.
    pub at: DateTime<Utc>,
    pub nonce: String,
    /// `false`: the notifier failed this try on purpose.
    pub ok: bool,
    /// The conversation the letter's prompts belong to (their buttons carry it).
    pub conversation: Option<i64>,
    /// The options offered (buttons or a select), labelled in the reader's language.
    pub choices: Vec<String>,
}

/// What the notifier does with the next tries to one person (or anyone).
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    Fail(SendError),
    /// Never returns: a crash while sending.
    Hang,
}

/// Records every letter; can be told to fail the next tries.
pub struct TestNotifier {
    i18n: Arc<I18n>,
    clock: Arc<ManualClock>,
    tries: Mutex<Vec<Seen>>,
    faults: Mutex<Vec<(Option<u64>, usize, Fault)>>,
    /// How many tries so far, to wait on.
    count: watch::Sender<usize>,
}

impl TestNotifier {
    pub fn new(env: &Env) -> Arc<TestNotifier> {
        Arc::new(TestNotifier {
            i18n: env.i18n.clone(),
            clock: env.clock.clone(),
            tries: Mutex::new(Vec::new()),
            faults: Mutex::new(Vec::new()),
            count: watch::channel(0).0,
        })
    }

    /// The next `n` tries to `to` (anyone when `None`) meet `fault`; `usize::MAX`: forever.
    pub fn fault(&self, to: Option<u64>, n: usize, fault: Fault) {
        self.faults.lock().unwrap().push((to, n, fault));
    }

    pub fn fail(&self, to: Option<u64>, n: usize, e: SendError) {
        self.fault(to, n, Fault::Fail(e));
    }

    /// Waits until at least `n` tries were made (a hung send never settles the dispatcher).
    pub async fn wait_tries(&self, n: usize) {
        let mut rx = self.count.subscribe();
        tokio::time::timeout(std::time::Duration::from_secs(20), rx.wait_for(|c| *c >= n))
            .await
            .expect("the tries were made")
            .unwrap();
    }

    /// Every try, failed ones included, in order.
    pub fn tries(&self) -> Vec<Seen> {
        self.tries.lock().unwrap().clone()
    }

    /// What reached `to`, of `kind`, in order.
    pub fn sent(&self, to: u64, kind: DeliveryKind) -> Vec<Seen> {
        self.tries()
            .into_iter()
            .filter(|s| s.ok && s.to == to && s.kind == kind)
            .collect()
    }
}

impl Notifier for TestNotifier {
    fn send<'a>(&'a self, letter: &'a Letter) -> Sending<'a> {
        let fault = {
            let mut faults = self.faults.lock().unwrap();
            let hit = faults
                .iter_mut()
                .find(|(to, left, _)| *left > 0 && to.is_none_or(|t| t == letter.to));
            hit.map(|(_, left, f)| {
                *left = left.saturating_sub(1);
                *f
            })
        };
        let text = letter
            .prompts
            .iter()
            .map(|p| self.i18n.prompt_body(letter.lang, p))
            .collect::<Vec<_>>()
            .join("\n\n");
        let choices = letter
            .prompts
            .iter()
            .flat_map(|p| match &p.expect {
                suivi::domain::prompt::Expect::One(o) | suivi::domain::prompt::Expect::Many(o) => o
                    .iter()
                    .map(|o| self.i18n.msg(letter.lang, &o.label))
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        self.tries.lock().unwrap().push(Seen {
            delivery: letter.delivery,
            to: letter.to,
            kind: letter.kind,
            text,
            at: suivi::clock::Clock::now(&*self.clock),
            nonce: letter.nonce.clone(),
            ok: fault.is_none(),
            conversation: letter.conversation,
            choices,
        });
        self.count.send_modify(|c| *c += 1);
        Box::pin(async move {
            match fault {
                None => Ok(Route::Dm),
                Some(Fault::Fail(e)) => Err(e),
                Some(Fault::Hang) => std::future::pending().await,
            }
        })
    }
}

/// The dispatcher running on its own `Desk` over the test's file and clock (the service a bot
/// process runs), sending through a [`TestNotifier`].
pub struct Live {
    pub desk: Arc<Desk>,
    pub notifier: Arc<TestNotifier>,
    pub scheduler: Arc<Dispatcher>,
    clock: Arc<ManualClock>,
    stop: CancellationToken,
    task: JoinHandle<()>,
}

/// A second service on the test's file, shared by what follows (a restart keeps it).
pub async fn live_desk(env: &Env) -> Arc<Desk> {
    Arc::new(desk_on(&env.path, env.clock.clone()).await.0)
}

/// A service on the Env's file writing as the console does (its own audience of the outbox),
/// as `suivi console` opens it.
pub async fn console_desk(env: &Env) -> Arc<Desk> {
    let (store, _) = Store::open(&env.path).await.unwrap();
    let store = store.for_audience(suivi::store::Audience::Console);
    Arc::new(Desk::new(
        store,
        env.i18n.clone(),
        Arc::new(config()),
        env.clock.clone(),
    ))
}

impl Live {
    pub async fn start(env: &Env) -> Live {
        let desk = live_desk(env).await;
        Live::start_on(env, desk, TestNotifier::new(env))
    }

    /// Starts a dispatcher (again, after a stop) on `desk`, sending through `notifier`.
    pub fn start_on(env: &Env, desk: Arc<Desk>, notifier: Arc<TestNotifier>) -> Live {
        Live::start_tuned(env, desk, notifier, Tuning::default())
    }

    /// Starts a dispatcher with `tuning` (its pace, its lease…).
    pub fn start_tuned(
        env: &Env,
        desk: Arc<Desk>,
        notifier: Arc<TestNotifier>,
        tuning: Tuning,
    ) -> Live {
        let scheduler = Dispatcher::new(desk.clone(), notifier.clone(), tuning);
        let stop = CancellationToken::new();
        let task = tokio::spawn(scheduler.clone().run(stop.clone()));
        Live {
            desk,
            notifier,
            scheduler,
            clock: env.clock.clone(),
            stop,
            task,
        }
    }

    /// Waits until everything due now was handled (a bound for a busy machine: on PostgreSQL
    /// each statement is a round trip, a thousand agreements take seconds there).
    pub async fn settle(&self) {
        assert!(
            self.scheduler
                .settle(std::time::Duration::from_secs(60))
                .await,
            "the scheduler did not settle"
        );
    }

    /// Stops the dispatcher cleanly; returns what it needs to start again.
    pub async fn stop(self) -> (Arc<Desk>, Arc<TestNotifier>) {
        self.stop.cancel();
        tokio::time::timeout(std::time::Duration::from_secs(20), self.task)
            .await
            .expect("the scheduler stops")
            .unwrap();
        (self.desk, self.notifier)
    }

    /// Kills the dispatcher where it stands (a crash).
    pub async fn crash(self) -> (Arc<Desk>, Arc<TestNotifier>) {
        self.task.abort();
        let _ = self.task.await;
        (self.desk, self.notifier)
    }

    /// Moves the clock to `until`, stopping at every instant the dispatcher has something to do
    /// on the way, so each letter is sent at its due time.
    pub async fn run_until(&self, until: DateTime<Utc>) {
        loop {
            self.settle_through(until).await;
            let now = suivi::clock::Clock::now(&*self.clock);
            // The dispatcher's own next wake too: a burst of reminders starts before its due time.
            let early = self.scheduler.next_wake().await.ok().flatten();
            let next = next_due_after(self.desk.store(), now).await;
            match next.into_iter().chain(early.filter(|t| *t > now)).min() {
                Some(next) if next <= until => self.clock.set(next),
                _ => break,
            }
        }
        if until > suivi::clock::Clock::now(&*self.clock) {
            self.clock.set(until);
        }
        self.settle_through(until).await;
    }

    pub async fn run_for(&self, d: Duration) {
        let now = suivi::clock::Clock::now(&*self.clock);
        self.run_until(now + d).await;
    }
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The next instant strictly after `now` at which a delivery falls due, a lease runs out or an
/// agreement must be planned further.
pub async fn next_due_after(store: &Store, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let (next,): (Option<String>,) = sqlx::query_as(
        "SELECT MIN(t) FROM (
           SELECT due_at AS t FROM deliveries WHERE status = 'planned' AND due_at > $1
           UNION ALL SELECT claimed_until FROM deliveries WHERE status = 'claimed' AND claimed_until > $1
           UNION ALL SELECT next_plan_at FROM agreements WHERE status = 'active' AND next_plan_at > $1) due",
    )
    .bind(stamp(now))
    .fetch_one(store.pool())
    .await
    .unwrap();
    next.map(|t| t.parse().unwrap())
}

/// The deliveries of `kind` to `to`, oldest due first.
pub async fn deliveries(store: &Store, to: u64, kind: DeliveryKind) -> Vec<DeliveryRow> {
    store
        .deliveries_to(to)
        .await
        .unwrap()
        .into_iter()
        .filter(|d| d.kind == kind)
        .collect()
}

/// How many deliveries of `kind` exist, whatever their status.
pub async fn count_kind(store: &Store, kind: DeliveryKind) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM deliveries WHERE kind = $1")
        .bind(kind.as_str())
        .fetch_one(store.pool())
        .await
        .unwrap();
    n
}

pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// The advisor (in `advisor_lang`) enters their commitments (the same text again changes
/// nothing), the beneficiary confirms the recap, the advisor confirms: the agreement is active.
pub async fn agree(env: &Env, closing: i64, lang: Lang, advisor_lang: Lang, s: &Script) {
    let a = advisor(advisor_lang);
    env.say(
        closing,
        &a,
        Input::AdvisorCommitments(s.advisor_commitments.into()),
    )
    .await
    .unwrap();
    env.choose(closing, lang, "confirm").await;
    env.say(closing, &a, Input::AdvisorConfirm).await.unwrap();
    assert_eq!(env.step(closing).await, "agreed");
}

/// A closing in `lang` agreed by both sides (every 2 weeks from Tuesday 1 December 2026, 10:00
/// Paris, by email and in person), with the dispatcher running and caught up.
pub async fn agreed(lang: Lang, advisor_lang: Lang) -> (Env, Live) {
    agreed_in(env().await, lang, advisor_lang).await
}

/// [`agreed`] in `env` (a [`file_env`] for tests of the file itself).
pub async fn agreed_in(env: Env, lang: Lang, advisor_lang: Lang) -> (Env, Live) {
    let live = Live::start(&env).await;
    let s = if lang == Lang::Fr { &FR } else { &EN };
    let (closing, _) = to_recap(&env, lang, s, false).await;
    agree(&env, closing, lang, advisor_lang, s).await;
    live.settle().await;
    (env, live)
}

/// A closing started in `lang`; the beneficiary pressed Start, so its first question is in the
/// outbox. Returns the closing and when.
pub async fn started(env: &Env, lang: Lang) -> (i64, DateTime<Utc>) {
    let (closing, _) = env
        .desk
        .between(GUILD, &advisor(lang), &beneficiary(lang))
        .start_closing(false)
        .await
        .unwrap();
    env.desk.current(closing, &beneficiary(lang)).await.unwrap();
    (closing, suivi::clock::Clock::now(&*env.clock))
}

impl TestNotifier {
    /// Every fault still pending is forgotten: the platform answers again.
    pub fn heal(&self) {
        self.faults.lock().unwrap().clear();
    }
}

impl Live {
    /// Waits until everything due now was handled, moving the clock through the instants the
    /// dispatcher waits for its turn at the global pace (more than 50 letters at once go out at
    /// 50 a second), never past `until`: returns early if the dispatcher is still busy then.
    pub async fn settle_through(&self, until: DateTime<Utc>) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let sleepers = self.clock.sleepers();
        loop {
            // Settled as before; only a dispatcher that stays busy is waiting for its turn.
            if self
                .scheduler
                .settle(std::time::Duration::from_millis(100))
                .await
            {
                return;
            }
            let now = suivi::clock::Clock::now(&*self.clock);
            let next = *sleepers.borrow();
            match next {
                Some(t) if t > until => return,
                Some(t) if t > now => self.clock.set(t),
                _ => assert!(
                    std::time::Instant::now() < deadline,
                    "the scheduler did not settle"
                ),
            }
        }
    }
}
