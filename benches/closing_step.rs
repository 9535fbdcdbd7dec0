//! One closing step — an answer in, persisted, the next prompt rendered — on a SQLite file,
//! against the same step on the engine alone.
//!
//! Run with `cargo bench --bench closing_step` (a plain `main`, no harness). See
//! `BENCHMARKS.md` for the figures and how to read them.
//!
//! - **file database**: `Desk::input` (load the state, touch the person, run the engine, save
//!   in one transaction, negotiate each recipient's language) then every returned prompt
//!   rendered to text with `I18n::prompt_body`.
//! - **engine only**: the same inputs applied to `Closing::apply` directly, the same prompts
//!   rendered; no store, nothing serialized.
//!
//! Both sides drive whole closings (18 inputs each: 16 from the beneficiary up to the recap
//! confirmation, then the advisor's commitments and confirmation) again and again; opening the
//! session, stating the expectations and `start_closing` are set-up, not timed steps. The two
//! measurements alternate in blocks so that machine noise falls on both alike. A third, shorter
//! pass times the phases of the file-database step one by one (the same calls `Desk::input`
//! makes, made from here) to show where the time goes.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use suivi::clock::ManualClock;
use suivi::config::Config;
use suivi::conversation::{Desk, Who};
use suivi::domain::closing::{Closing, Ctx, Input};
use suivi::domain::prompt::Role;
use suivi::i18n::{I18n, Lang};
use suivi::store::{StepSave, Store};

/// Timed steps per side.
const STEPS: usize = 10_000;
/// Steps per block; blocks of the two sides alternate.
const BLOCK: usize = 1_000;
/// Untimed steps per side before measuring.
const WARM_UP: usize = 300;
/// Steps of the phase breakdown pass.
const BREAKDOWN_STEPS: usize = 3_000;
/// The p99 goal of the issue.
const GOAL: Duration = Duration::from_millis(5);

const GUILD: u64 = 900;
const ADVISOR: u64 = 501;
const BENEFICIARY: u64 = 502;

/// Saturday 28 November 2026, 11:00 in Paris.
fn start() -> DateTime<Utc> {
    "2026-11-28T10:00:00Z"
        .parse()
        .expect("the benchmark's start instant is valid RFC 3339")
}

/// The answers of one closing, in French, as a beneficiary and an advisor would type them.
struct Script {
    expectations: &'static str,
    review: &'static str,
    questions: &'static str,
    wants_continue: &'static str,
    next_step: &'static str,
    tasks: &'static str,
    means: &'static str,
    future: &'static str,
    frequency: &'static str,
    first: &'static str,
    exchange_means: &'static [&'static str],
    commitments: &'static str,
    synthesis: &'static str,
    advisor_commitments: &'static str,
}

const SCRIPTS: [Script; 2] = [
    Script {
        expectations: "Comprendre comment monter un partenariat avec une commune au Sénégal et savoir par où commencer",
        review: "partly",
        questions: "Comment trouver des financements européens pour la suite, et faut-il passer par la région ou directement par l'Union ?",
        wants_continue: "yes",
        next_step: "Rédiger une convention de partenariat avec la commune de Thiès et la faire relire par le bureau avant la fin du mois",
        tasks: "- écrire au maire de Thiès pour proposer une visio\n- préparer le budget prévisionnel sur trois ans\n- réunir le bureau de l'association en décembre",
        means: "Un traducteur wolof, deux jours de bénévolat par mois et les contacts du réseau régional de solidarité internationale",
        future: "Former un binôme pour le suivi sur place l'an prochain, et peut-être un appui pour chercher des cofinancements",
        frequency: "biweekly",
        first: "mardi 10h",
        exchange_means: &["email", "in_person"],
        commitments: "Envoyer le projet de convention avant le prochain échange et prévenir si le bureau demande des changements importants",
        synthesis: "On commence par la convention, ensuite le budget, puis le calendrier commun avec la commune et les bénévoles",
        advisor_commitments: "Relire la convention sous huit jours et transmettre deux contacts de bailleurs qui financent la coopération décentralisée",
    },
    Script {
        expectations: "Savoir comment structurer l'atelier de réparation de vélos et trouver des bénévoles qui viennent chaque semaine",
        review: "yes",
        questions: "Est-ce qu'il faut une assurance particulière pour accueillir des mineurs dans l'atelier le samedi matin ?",
        wants_continue: "yes",
        next_step: "Écrire la fiche de mission des bénévoles et la diffuser dans les deux maisons de quartier avant les vacances",
        tasks: "écrire la fiche de mission des bénévoles; appeler l'assureur de l'association; faire l'inventaire des outils du local",
        means: "Une heure avec la trésorière pour le budget, l'accès à la photocopieuse de la mairie et un modèle de charte",
        future: "Un accompagnement pour répondre à l'appel à projets de la métropole au printemps, si l'atelier tourne bien",
        frequency: "monthly",
        first: "jeudi 3 décembre 14h30",
        exchange_means: &["phone", "shared_documents", "discord"],
        commitments: "Faire valider la fiche de mission par le conseil d'administration et revenir avec la réponse de l'assureur",
        synthesis: "D'abord les bénévoles et l'assurance, ensuite l'inventaire, et l'appel à projets seulement au printemps",
        advisor_commitments: "Envoyer un modèle de charte des bénévoles et vérifier auprès de la fédération les règles pour l'accueil des mineurs",
    },
];

/// The inputs of one closing, in order: who acts and what they do.
fn inputs(s: &Script) -> Vec<(Role, Input)> {
    use Role::{Advisor as A, Beneficiary as B};
    let text = |t: &str| Input::Text(t.to_owned());
    let choice = |c: &str| Input::Choice(c.to_owned());
    vec![
        (B, choice(s.review)),
        (B, text(s.questions)),
        (B, choice(s.wants_continue)),
        (B, text(s.next_step)),
        (B, text(s.tasks)),
        (B, text(s.means)),
        (B, text(s.future)),
        (B, choice("next")),
        (B, choice("yes")),
        (B, choice(s.frequency)),
        (B, text(s.first)),
        // The date read back in full, confirmed.
        (B, choice("date_ok")),
        (
            B,
            Input::Choices(s.exchange_means.iter().map(|m| (*m).to_owned()).collect()),
        ),
        (B, text(s.commitments)),
        (B, text(s.synthesis)),
        // The advisor enters their commitments before the beneficiary confirms a recap that
        // holds both sides'.
        (
            A,
            Input::AdvisorCommitments(s.advisor_commitments.to_owned()),
        ),
        (B, choice("confirm")),
        (A, Input::AdvisorConfirm),
    ]
}

/// What each input of [`inputs`] answers, for the per-input table.
const INPUT_NAMES: [&str; 18] = [
    "review_match (choice)",
    "review_questions",
    "review_continue (ch.)",
    "next_step",
    "tasks",
    "means",
    "future_needs",
    "called_on_for (next)",
    "relay (choice)",
    "frequency (choice)",
    "first_exchange (date)",
    "date read back: ok",
    "exchange_means (ch.)",
    "commitments",
    "synthesis",
    "recap: confirm",
    "advisor commitments",
    "advisor confirm",
];

fn who(role: Role) -> Who {
    let (id, name) = match role {
        Role::Advisor => (ADVISOR, "Claire"),
        Role::Beneficiary => (BENEFICIARY, "Moussa"),
    };
    Who {
        id,
        name: name.to_owned(),
        locale: Some("fr".to_owned()),
    }
}

/// What both sides share.
struct Shared {
    config: Arc<Config>,
    i18n: Arc<I18n>,
    clock: Arc<ManualClock>,
    scripts: Vec<Vec<(Role, Input)>>,
}

/// Where a side is in its endless series of closings.
#[derive(Default)]
struct Cursor {
    closings: usize,
    at: usize,
}

impl Cursor {
    fn script(&self) -> usize {
        self.closings % SCRIPTS.len()
    }

    /// Moves to the next input; true when the closing just ended.
    fn next(&mut self, len: usize) -> bool {
        self.at += 1;
        if self.at == len {
            self.at = 0;
            self.closings += 1;
            return true;
        }
        false
    }
}

/// The file-database side.
struct FileDb {
    desk: Desk,
    i18n: Arc<I18n>,
    closing: Option<i64>,
    cursor: Cursor,
}

impl FileDb {
    async fn open(path: &Path, shared: &Shared) -> Self {
        let (store, _) = Store::open(path)
            .await
            .expect("opening and migrating the benchmark's database file");
        let desk = Desk::new(
            store,
            shared.i18n.clone(),
            shared.config.clone(),
            shared.clock.clone(),
        );
        FileDb {
            desk,
            i18n: shared.i18n.clone(),
            closing: None,
            cursor: Cursor::default(),
        }
    }

    /// Opens a session, states the expectations and starts the closing (not timed).
    async fn begin(&mut self) -> i64 {
        let s = &SCRIPTS[self.cursor.script()];
        let (advisor, beneficiary) = (who(Role::Advisor), who(Role::Beneficiary));
        let (opening, _) = self
            .desk
            .open_session(GUILD, &advisor, &beneficiary)
            .await
            .expect("opening a work session");
        self.desk
            .input(
                opening,
                &beneficiary,
                Input::Text(s.expectations.to_owned()),
            )
            .await
            .expect("stating the expectations");
        let (closing, _) = self
            .desk
            .start_closing(GUILD, &advisor, &beneficiary, true)
            .await
            .expect("starting the closing");
        closing
    }

    /// One timed step: the input's position in the closing, and its time.
    async fn step(&mut self, shared: &Shared) -> (usize, Duration) {
        let conversation = match self.closing {
            Some(c) => c,
            None => {
                let c = self.begin().await;
                self.closing = Some(c);
                c
            }
        };
        let script = &shared.scripts[self.cursor.script()];
        let position = self.cursor.at;
        let (role, input) = script[position].clone();
        let person = who(role);

        let t = Instant::now();
        let out = self
            .desk
            .input(conversation, &person, input)
            .await
            .expect("the scripted input is accepted");
        let mut rendered = 0;
        for o in &out {
            rendered += black_box(self.i18n.prompt_body(o.lang, &o.prompt)).len();
        }
        let elapsed = t.elapsed();

        assert!(rendered > 0, "a step always sends something");
        assert!(
            out.iter().all(|o| o.lang == Lang::Fr),
            "everyone is addressed in French"
        );
        if self.cursor.next(script.len()) {
            let row = self
                .desk
                .conversation(conversation)
                .await
                .expect("reading the finished closing")
                .expect("the closing exists");
            assert_eq!(row.status, "done", "the scripted closing ends agreed");
            self.closing = None;
        }
        (position, elapsed)
    }
}

/// The engine-only side.
struct Engine {
    closing: Option<Closing>,
    cursor: Cursor,
}

impl Engine {
    fn step(&mut self, shared: &Shared) -> (usize, Duration) {
        let s = &SCRIPTS[self.cursor.script()];
        let closing = self.closing.get_or_insert_with(|| {
            Closing::new(
                ADVISOR,
                BENEFICIARY,
                Some(s.expectations.to_owned()),
                true,
                shared.config.called_on_for.clone(),
                shared.config.timezone,
            )
        });
        let script = &shared.scripts[self.cursor.script()];
        let position = self.cursor.at;
        let (role, input) = script[position].clone();
        let actor = who(role).id;
        let ctx = Ctx {
            now: start(),
            policy: &shared.config.own_words,
            texts: &*shared.i18n,
            order: suivi::domain::when::DateOrder::DayFirst,
        };

        let t = Instant::now();
        let outcome = closing
            .apply(actor, input, &ctx)
            .expect("the scripted input is accepted");
        let mut rendered = 0;
        for p in &outcome.prompts {
            rendered += black_box(shared.i18n.prompt_body(Lang::Fr, p)).len();
        }
        let elapsed = t.elapsed();

        assert!(rendered > 0, "a step always sends something");
        black_box(&outcome);
        if self.cursor.next(script.len()) {
            assert!(closing.is_agreed(), "the scripted closing ends agreed");
            self.closing = None;
        }
        (position, elapsed)
    }
}

/// Median, p90, p99 and max of a sample, nearest rank.
struct Summary {
    median: Duration,
    p90: Duration,
    p99: Duration,
    max: Duration,
}

impl Summary {
    fn of(sample: &[Duration]) -> Summary {
        let mut s = sample.to_vec();
        s.sort_unstable();
        let rank = |q: f64| s[((q * s.len() as f64).ceil() as usize).clamp(1, s.len()) - 1];
        Summary {
            median: rank(0.5),
            p90: rank(0.9),
            p99: rank(0.99),
            max: s[s.len() - 1],
        }
    }
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

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
async fn breakdown(path: &Path, shared: &Shared) -> Vec<Vec<Duration>> {
    let mut side = FileDb::open(path, shared).await;
    let store = side.desk.store().clone();
    let ctx = Ctx {
        now: start(),
        policy: &shared.config.own_words,
        texts: &*shared.i18n,
        order: suivi::domain::when::DateOrder::DayFirst,
    };
    let now = start();
    let mut phases = vec![Vec::with_capacity(BREAKDOWN_STEPS); PHASES.len()];
    let mut closing = None;
    for i in 0..WARM_UP + BREAKDOWN_STEPS {
        let conversation = match closing {
            Some(c) => c,
            None => *closing.insert(side.begin().await),
        };
        let script = &shared.scripts[side.cursor.script()];
        let (role, input) = script[side.cursor.at].clone();
        let person = who(role);

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
                side.desk.config().language,
            ));
        }
        let t7 = Instant::now();
        for (p, lang) in outcome.prompts.iter().zip(&langs) {
            black_box(shared.i18n.prompt_body(*lang, p));
        }
        let t8 = Instant::now();

        if side.cursor.next(script.len()) {
            assert!(state.is_agreed(), "the scripted closing ends agreed");
            closing = None;
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

async fn run() {
    let config = Config::parse(include_str!("../bot.toml"), &[])
        .expect("the example bot.toml is a valid configuration");
    let i18n = I18n::load().expect("the embedded locales load");
    let shared = Shared {
        config: Arc::new(config),
        i18n: Arc::new(i18n),
        clock: Arc::new(ManualClock::new(start())),
        scripts: SCRIPTS.iter().map(inputs).collect(),
    };
    let dir = tempfile::tempdir().expect("creating a temporary folder for the database");

    let mut file_db = FileDb::open(&dir.path().join("suivi.db"), &shared).await;
    let mut engine = Engine {
        closing: None,
        cursor: Cursor::default(),
    };

    for _ in 0..WARM_UP {
        file_db.step(&shared).await;
        engine.step(&shared);
    }
    let mut db_times = Vec::with_capacity(STEPS);
    let mut engine_times = Vec::with_capacity(STEPS);
    let positions = shared.scripts[0].len();
    let mut db_by_input = vec![Vec::new(); positions];
    let mut engine_by_input = vec![Vec::new(); positions];
    let began = Instant::now();
    while db_times.len() < STEPS {
        for _ in 0..BLOCK.min(STEPS - db_times.len()) {
            let (at, t) = file_db.step(&shared).await;
            db_times.push(t);
            db_by_input[at].push(t);
        }
        for _ in 0..BLOCK.min(STEPS - engine_times.len()) {
            let (at, t) = engine.step(&shared);
            engine_times.push(t);
            engine_by_input[at].push(t);
        }
    }
    let wall = began.elapsed();

    let db = Summary::of(&db_times);
    let en = Summary::of(&engine_times);
    println!(
        "closing_step: {STEPS} timed steps per side, blocks of {BLOCK}, {WARM_UP} warm-up steps"
    );
    println!(
        "  {} closings on the file database, {} on the engine; tokio current_thread; {:.1} s",
        file_db.cursor.closings,
        engine.cursor.closings,
        wall.as_secs_f64()
    );
    println!();
    println!(
        "| {:<14} | {:>10} | {:>10} | {:>10} | {:>10} |",
        "µs per step", "median", "p90", "p99", "max"
    );
    println!(
        "|{:-<16}|{:->12}|{:->12}|{:->12}|{:->12}|",
        "", "", "", "", ""
    );
    for (name, s) in [("file database", &db), ("engine only", &en)] {
        println!(
            "| {:<14} | {:>10.1} | {:>10.1} | {:>10.1} | {:>10.1} |",
            name,
            us(s.median),
            us(s.p90),
            us(s.p99),
            us(s.max)
        );
    }
    println!();
    println!(
        "ratios: median {:.1}x, p99 {:.1}x (file database / engine)",
        us(db.median) / us(en.median),
        us(db.p99) / us(en.p99)
    );
    let met = db.p99 < GOAL;
    println!(
        "goal p99 < {} ms on the file database: {} ({:.2} ms)",
        GOAL.as_millis(),
        if met { "MET" } else { "NOT MET" },
        db.p99.as_secs_f64() * 1e3
    );

    println!();
    println!("by input (position in the closing; µs per step):");
    println!(
        "| {:>2} | {:<22} | {:>9} | {:>9} | {:>9} | {:>9} | {:>6} |",
        "#", "input", "db median", "db p99", "en median", "en p99", "> goal"
    );
    println!(
        "|{:->4}|{:-<24}|{:->11}|{:->11}|{:->11}|{:->11}|{:->8}|",
        "", "", "", "", "", "", ""
    );
    for (at, (d, e)) in db_by_input.iter().zip(&engine_by_input).enumerate() {
        let (ds, es) = (Summary::of(d), Summary::of(e));
        println!(
            "| {:>2} | {:<22} | {:>9.1} | {:>9.1} | {:>9.1} | {:>9.1} | {:>6} |",
            at + 1,
            INPUT_NAMES.get(at).copied().unwrap_or("?"),
            us(ds.median),
            us(ds.p99),
            us(es.median),
            us(es.p99),
            d.iter().filter(|t| **t >= GOAL).count()
        );
    }

    let phases = breakdown(&dir.path().join("breakdown.db"), &shared).await;
    println!();
    println!("where a file-database step goes ({BREAKDOWN_STEPS} steps, phases timed one by one):");
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
}
