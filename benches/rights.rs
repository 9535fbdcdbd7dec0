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

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use suivi::clock::{Clock, ManualClock};
use suivi::config::Config;
use suivi::conversation::{CheckInStart, Desk, Who};
use suivi::domain::closing::Input;
use suivi::i18n::I18n;
use suivi::store::{Claimed, Store};

/// Weeks of follow-up of the person erased.
const WEEKS: i64 = 104;
/// Weeks between two closings (check-ins in between).
const CYCLE: i64 = 4;
/// Other supports in the erasure's database.
const OTHERS: i64 = 300;
/// Copies of the template erased one by one.
const COPIES: usize = 5;
/// Active agreements in the backup's database.
const AGREEMENTS: i64 = 100_000;
/// Backups, each after a window of inputs without one.
const ROUNDS: usize = 3;
/// The window of inputs without a backup before each backup.
const QUIET_WINDOW: Duration = Duration::from_secs(5);
/// One input every so often, as people answering.
const PACE: Duration = Duration::from_millis(10);

const GUILD: u64 = 900;
const ADVISOR: u64 = 501;
const PERSON: u64 = 502;
/// The person with a closing in progress in the backup's database, erased during a backup.
const TYPIST: u64 = 503;
/// The person whose closing the timed inputs are applied to.
const ANSWERER: u64 = 504;
/// The same, through another pool (as the bot while the shell erases).
const ANSWERER_ELSEWHERE: u64 = 505;
/// The person erased while a reader holds one snapshot for longer than the busy timeout.
const TYPIST_LONG: u64 = 506;
/// The person erased with no reader (the baseline of part 3).
const TYPIST_QUIET: u64 = 507;
/// Ids of the other supports' people and of the bulk rows start here.
const OTHER_PEOPLE: i64 = 10_000;
const OTHER_ADVISORS: i64 = 20_000;
/// Id shift between copies of the history.
const STRIDE: i64 = 100_000;
const BULK: i64 = 1_000_000;

/// What the erased person typed, more than once, in their answers and blockers.
const SENTENCE: &str = "Le hangar de la rue des Tanneurs restera ferme tant que Mamadou ne rendra pas les cles de la chambre froide";
/// Pieces of it searched for as well: a sentence may straddle two pages of the file.
const PIECES: [&str; 3] = ["rue des Tanneurs", "Mamadou ne rendra", "la chambre froide"];
/// What the other supports say instead (their copies of the history).
const OTHER_SENTENCE: &str =
    "La salle polyvalente reste reservee par le club de judo tous les samedis matin";
/// What the person with the closing in progress typed (erasure during a backup).
const TYPED: &str = "Notre tresoriere Genevieve Abdallah part a Lyon en mars et personne ne veut reprendre les comptes";
const TYPED_PIECES: [&str; 3] = [
    "Genevieve Abdallah",
    "part a Lyon en mars",
    "reprendre les comptes",
];
/// What the person erased during a long read typed.
const TYPED_LONG: &str = "Le cousin de Yannick Oberlin a promis la sono gratuite mais seulement si on decale au vingt juin";
const TYPED_LONG_PIECES: [&str; 3] = ["Yannick Oberlin", "la sono gratuite", "au vingt juin"];
/// What the person erased with no reader typed.
const TYPED_QUIET: &str =
    "Mon associe Thibault Nkemelu veut tout arreter si la banque refuse le pret en avril";
const TYPED_QUIET_PIECES: [&str; 3] = ["Thibault Nkemelu", "veut tout arreter", "refuse le pret"];
/// How long the long reader holds its snapshot (a backup on a slower disk, or of a bigger
/// file): longer than the store's busy timeout (5 s).
const LONG_READ: Duration = Duration::from_secs(8);

/// Monday 25 November 2024, 09:00 UTC: two years before the end of the history.
fn start() -> DateTime<Utc> {
    "2024-11-25T09:00:00Z"
        .parse()
        .expect("the benchmark's start instant is valid RFC 3339")
}

fn week(w: i64) -> chrono::Duration {
    chrono::Duration::weeks(w)
}

/// The answers of one closing, in French.
struct Script {
    expectations: &'static str,
    review: &'static str,
    questions: &'static str,
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

const SCRIPTS: [Script; 3] = [
    Script {
        expectations: "Comprendre comment monter un partenariat avec une commune au Sénégal et savoir par où commencer",
        review: "partly",
        questions: "Comment trouver des financements européens pour la suite, et faut-il passer par la région ou directement par l'Union ?",
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
        next_step: "Écrire la fiche de mission des bénévoles et la diffuser dans les deux maisons de quartier avant les vacances",
        tasks: "écrire la fiche de mission des bénévoles; appeler l'assureur de l'association; faire l'inventaire des outils du local",
        means: "Une heure avec la trésorière pour le budget, l'accès à la photocopieuse de la mairie et un modèle de charte",
        future: "Un accompagnement pour répondre à l'appel à projets de la métropole au printemps, si l'atelier tourne bien",
        frequency: "monthly",
        first: "jeudi 14h30",
        exchange_means: &["phone", "shared_documents", "discord"],
        commitments: "Faire valider la fiche de mission par le conseil d'administration et revenir avec la réponse de l'assureur",
        synthesis: "D'abord les bénévoles et l'assurance, ensuite l'inventaire, et l'appel à projets seulement au printemps",
        advisor_commitments: "Envoyer un modèle de charte des bénévoles et vérifier auprès de la fédération les règles pour l'accueil des mineurs",
    },
    Script {
        expectations: "Trouver un endroit pour stocker le matériel de la fête de quartier et organiser la logistique avec les bénévoles",
        review: "partly",
        questions: "Est-ce que la mairie peut prêter un local en attendant, et qui faut-il contacter au service des associations ?",
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

/// The inputs of one closing, in order: who acts and what they do.
fn closing_inputs(s: &Script) -> Vec<(bool, Input)> {
    let text = |t: &str| Input::Text(t.to_owned());
    let choice = |c: &str| Input::Choice(c.to_owned());
    vec![
        (false, choice(s.review)),
        (false, text(s.questions)),
        (false, choice("yes")),
        (false, text(s.next_step)),
        (false, text(s.tasks)),
        (false, text(s.means)),
        (false, text(s.future)),
        (false, choice("next")),
        (false, choice("yes")),
        (false, choice(s.frequency)),
        (false, text(s.first)),
        (false, choice("date_ok")),
        (
            false,
            Input::Choices(s.exchange_means.iter().map(|m| (*m).to_owned()).collect()),
        ),
        (false, text(s.commitments)),
        (false, text(s.synthesis)),
        // The advisor enters their commitments before the beneficiary confirms a recap that
        // holds both sides'.
        (
            true,
            Input::AdvisorCommitments(s.advisor_commitments.to_owned()),
        ),
        (false, choice("confirm")),
        (true, Input::AdvisorConfirm),
    ]
}

/// What blocks a task, in the person's words; every third week, the sentence searched for.
fn blocker(w: i64) -> String {
    const OTHERS: [&str; 3] = [
        "La trésorière est absente jusqu'à la fin du mois et personne d'autre ne peut signer le chèque de caution",
        "Le bureau ne s'est pas réuni, deux membres sont malades et la date de l'assemblée générale a encore changé",
        "La mairie n'a pas répondu à nos deux courriers et le standard nous renvoie toujours vers le même service",
    ];
    if w % 3 == 0 {
        format!("{SENTENCE}, donc rien ne peut avancer avant son retour de vacances")
    } else {
        OTHERS[(w % 3) as usize].to_owned()
    }
}

fn who(id: u64, name: &str) -> Who {
    Who {
        id,
        name: name.to_owned(),
        locale: Some("fr".to_owned()),
    }
}

/// What the benchmark's sides share.
struct Shared {
    config: Arc<Config>,
    i18n: Arc<I18n>,
}

impl Shared {
    async fn desk(&self, path: &Path, now: DateTime<Utc>) -> (Desk, Arc<ManualClock>) {
        let (store, _) = Store::open(path)
            .await
            .expect("opening and migrating the benchmark's database file");
        let clock = Arc::new(ManualClock::new(now));
        let desk = Desk::new(store, self.i18n.clone(), self.config.clone(), clock.clone());
        (desk, clock)
    }
}

/// One closing lived through the desk: opening, expectations, the 17 inputs. Returns the
/// closing's conversation id.
async fn live_closing(
    desk: &Desk,
    clock: &ManualClock,
    advisor: &Who,
    person: &Who,
    s: &Script,
) -> i64 {
    let (opening, _) = desk
        .open_session(GUILD, advisor, person)
        .await
        .expect("opening a work session");
    desk.input(opening, person, Input::Text(s.expectations.to_owned()))
        .await
        .expect("stating the expectations");
    let (closing, _) = desk
        .start_closing(GUILD, advisor, person, true)
        .await
        .expect("starting the closing");
    for (by_advisor, input) in closing_inputs(s) {
        clock.advance(chrono::Duration::minutes(1));
        let by = if by_advisor { advisor } else { person };
        desk.input(closing, by, input)
            .await
            .expect("the scripted input is accepted");
    }
    let row = desk
        .conversation(closing)
        .await
        .expect("reading the closing")
        .expect("the closing exists");
    assert_eq!(row.status, "done", "the scripted closing ends agreed");
    closing
}

/// One check-in lived through the desk, as the scheduler starts it.
async fn live_checkin(desk: &Desk, clock: &ManualClock, support: i64, person: &Who, w: i64) {
    let due = Claimed {
        id: 0,
        key: format!("checkin:{support}:{w}"),
        kind: suivi::store::DeliveryKind::Checkin,
        recipient_id: person.id as i64,
        support_id: Some(support),
        conversation_id: None,
        due_at: clock.now().to_rfc3339(),
        payload: r#"{"type":"check_in"}"#.to_owned(),
        attempts: 1,
        claim_token: String::new(),
    };
    let CheckInStart::Started(conversation) =
        desk.begin_checkin(&due).await.expect("starting a check-in")
    else {
        panic!("the check-in of week {w} did not start");
    };
    let statuses = ["in_progress", "not_started", "blocked", "done"];
    let mut n = 0;
    loop {
        let row = desk
            .conversation(conversation)
            .await
            .expect("reading the check-in")
            .expect("the check-in exists");
        if row.status != "active" {
            break;
        }
        let input = if let Some(i) = row.step.strip_prefix("task_") {
            let i: i64 = i.parse().expect("a task index");
            // Weeks 4c+2 and 4c+3 each leave a task blocked, with what blocks it.
            Input::Choice(statuses[((w * 3 + i) % 4) as usize].to_owned())
        } else if row.step.starts_with("blocker_") {
            Input::Text(blocker(w))
        } else if row.step == "new_task" {
            if w % 5 == 0 {
                Input::Text(
                    "Demander au voisin du local s'il peut garder les tables pliantes".to_owned(),
                )
            } else {
                Input::Skip
            }
        } else {
            panic!("unexpected check-in step {}", row.step);
        };
        clock.advance(chrono::Duration::minutes(2));
        desk.input(conversation, person, input)
            .await
            .expect("the check-in input is accepted");
        n += 1;
        assert!(n < 40, "the check-in ends");
    }
}

/// Two years of one person's follow-up, lived through the desk. Returns the support's id.
async fn live_history(desk: &Desk, clock: &ManualClock) -> i64 {
    let (advisor, person) = (who(ADVISOR, "Claire"), who(PERSON, "Moussa"));
    let mut support = None;
    for w in 0..WEEKS {
        clock.set(start() + week(w) + chrono::Duration::hours((w % 3) * 2));
        if w % CYCLE == 0 {
            let s = &SCRIPTS[((w / CYCLE) % 3) as usize];
            live_closing(desk, clock, &advisor, &person, s).await;
            let id = desk
                .store()
                .find_support(GUILD, ADVISOR, PERSON)
                .await
                .expect("finding the support")
                .expect("the support exists");
            support = Some(id);
        } else {
            let support = support.expect("a closing came first");
            live_checkin(desk, clock, support, &person, w).await;
        }
        if w % 26 == 13 {
            // Relay consent withdrawn, then given again two days later.
            desk.set_relay_consent(GUILD, &person, false)
                .await
                .expect("withdrawing consent");
            clock.advance(chrono::Duration::days(2));
            desk.set_relay_consent(GUILD, &person, true)
                .await
                .expect("giving consent again");
        }
        // The dispatcher sent what was due.
        sqlx::query(
            "UPDATE deliveries SET status = 'sent', sent_at = due_at, route = 'dm', attempts = 1
             WHERE status IN ('planned', 'claimed') AND due_at <= ?",
        )
        .bind(
            clock
                .now()
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        )
        .execute(desk.store().pool())
        .await
        .expect("marking deliveries sent");
    }
    support.expect("the history has a support")
}

/// SQL that puts `text`'s column through the replacements of copy `k`.
fn scrub(col: &str) -> String {
    format!(
        "replace(replace({col}, '{SENTENCE}', '{OTHER_SENTENCE}'), 'Moussa', 'Personne ' || ?2)"
    )
}

/// Copies the last `weeks` of the person's history as the support of another person `k`
/// (ids shifted by `k * STRIDE`), under advisor `advisor`.
async fn copy_history(
    tx: &mut sqlx::SqliteConnection,
    source: i64,
    k: i64,
    advisor: i64,
    cutoff: &str,
) {
    let shift = k * STRIDE;
    let person = OTHER_PEOPLE + k;
    let support = STRIDE * 1000 + k;
    let statements = [
        // ?1 shift, ?2 k, ?3 cutoff, ?4 source support, ?5 new support, ?6 person, ?7 advisor
        "INSERT INTO people (id, display_name, lang, last_locale, timezone, created_at, updated_at)
         SELECT ?6, 'Personne ' || ?2, lang, last_locale, timezone, ?3, updated_at FROM people WHERE id = 502"
            .to_owned(),
        "INSERT INTO supports (id, guild_id, advisor_id, beneficiary_id, status, created_at, updated_at, last_contact_at, ended_at)
         SELECT ?5, guild_id, ?7, ?6, status, ?3, updated_at, last_contact_at, ended_at FROM supports WHERE id = ?4"
            .to_owned(),
        format!(
            "INSERT INTO work_sessions (id, support_id, opened_at, expectations, expectations_at, closed_at)
             SELECT id + ?1, ?5, opened_at, {}, expectations_at, closed_at FROM work_sessions
             WHERE support_id = ?4 AND opened_at >= ?3",
            scrub("expectations")
        ),
        format!(
            "INSERT INTO conversations (id, session_id, kind, step, state, status, created_at, updated_at, version, origin)
             SELECT c.id + ?1, c.session_id + ?1, c.kind, c.step, {}, c.status, c.created_at, c.updated_at, c.version,
                    CASE WHEN c.origin IS NULL THEN NULL ELSE c.origin || '#' || ?2 END
             FROM conversations c JOIN work_sessions w ON w.id = c.session_id
             WHERE w.support_id = ?4 AND w.opened_at >= ?3",
            scrub("c.state")
        ),
        format!(
            "INSERT INTO answers (conversation_id, field, value, answered_at)
             SELECT a.conversation_id + ?1, a.field, {}, a.answered_at
             FROM answers a JOIN conversations c ON c.id = a.conversation_id JOIN work_sessions w ON w.id = c.session_id
             WHERE w.support_id = ?4 AND w.opened_at >= ?3",
            scrub("a.value")
        ),
        format!(
            "INSERT INTO agreements (id, support_id, conversation_id, cadence, first_exchange_local, first_exchange_utc,
               timezone, means, beneficiary_commitments, advisor_commitments, relay_consent, relay_consent_at,
               beneficiary_confirmed_at, advisor_confirmed_at, status, created_at, next_plan_at)
             SELECT id + ?1, ?5, conversation_id + ?1, cadence, first_exchange_local, first_exchange_utc, timezone, means,
               {}, advisor_commitments, relay_consent, relay_consent_at, beneficiary_confirmed_at,
               advisor_confirmed_at, status, created_at, next_plan_at
             FROM agreements WHERE support_id = ?4 AND created_at >= ?3",
            scrub("beneficiary_commitments")
        ),
        format!(
            "INSERT INTO tasks (id, support_id, agreement_id, position, text, status, updated_at, blocker, blocker_at)
             SELECT t.id + ?1, ?5, t.agreement_id + ?1, t.position, {}, t.status, t.updated_at, {}, t.blocker_at
             FROM tasks t JOIN agreements a ON a.id = t.agreement_id WHERE t.support_id = ?4 AND a.created_at >= ?3",
            scrub("t.text"),
            scrub("t.blocker")
        ),
        format!(
            "INSERT INTO deliveries (id, key, kind, recipient_id, support_id, conversation_id, series, due_at, expires_at,
               payload, status, attempts, claimed_until, last_error, route, sent_at, created_at)
             SELECT id + ?1, key || '#' || ?2, kind,
               CASE recipient_id WHEN 502 THEN ?6 WHEN 501 THEN ?7 ELSE recipient_id END,
               ?5, CASE WHEN conversation_id IS NULL THEN NULL ELSE conversation_id + ?1 END,
               CASE WHEN series IS NULL THEN NULL ELSE series || '#' || ?2 END, due_at, expires_at,
               {}, status, attempts, claimed_until, last_error, route, sent_at, created_at
             FROM deliveries WHERE support_id = ?4 AND created_at >= ?3",
            scrub("payload")
        ),
        "INSERT INTO consent_events (id, support_id, person_id, relay, at)
         SELECT id + ?1, ?5, ?6, relay, at FROM consent_events WHERE support_id = ?4 AND at >= ?3"
            .to_owned(),
        // The latest agreement kept is the current one.
        "UPDATE agreements SET status = 'active' WHERE id = (SELECT MAX(id) FROM agreements WHERE support_id = ?5)"
            .to_owned(),
    ];
    for sql in &statements {
        sqlx::query(sql)
            .bind(shift)
            .bind(k)
            .bind(cutoff)
            .bind(source)
            .bind(support)
            .bind(person)
            .bind(advisor)
            .execute(&mut *tx)
            .await
            .expect("copying the history");
    }
}

/// Counts of `needle` in `hay`.
fn count(hay: &[u8], needle: &str) -> usize {
    let n = needle.as_bytes();
    let first = n[0];
    let mut hits = 0;
    let mut i = 0;
    while let Some(p) = hay[i..].iter().position(|&b| b == first) {
        let at = i + p;
        if hay[at..].starts_with(n) {
            hits += 1;
        }
        i = at + 1;
        if i + n.len() > hay.len() {
            break;
        }
    }
    hits
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// What a search of the database file and its WAL found.
#[derive(Debug, Clone, Copy)]
struct Scan {
    db_bytes: u64,
    wal_bytes: u64,
    /// Hits of the sentence, then of each piece.
    db: [usize; 4],
    wal: [usize; 4],
    /// Hits of a sentence that must stay (another person's).
    control: usize,
}

impl Scan {
    fn of(path: &Path, sentence: &str, pieces: &[&str; 3], control: &str) -> Scan {
        let db = std::fs::read(path).unwrap_or_default();
        let wal = std::fs::read(with_suffix(path, "-wal")).unwrap_or_default();
        let hits = |bytes: &[u8]| {
            [
                count(bytes, sentence),
                count(bytes, pieces[0]),
                count(bytes, pieces[1]),
                count(bytes, pieces[2]),
            ]
        };
        Scan {
            db_bytes: db.len() as u64,
            wal_bytes: wal.len() as u64,
            db: hits(&db),
            wal: hits(&wal),
            control: count(&db, control) + count(&wal, control),
        }
    }

    fn found(&self) -> usize {
        self.db.iter().sum::<usize>() + self.wal.iter().sum::<usize>()
    }
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Median, p99 and max of a sample, nearest rank.
struct Summary {
    n: usize,
    min: Duration,
    median: Duration,
    p99: Duration,
    max: Duration,
}

impl Summary {
    fn of(sample: &[Duration]) -> Summary {
        let mut s = sample.to_vec();
        s.sort_unstable();
        let rank = |q: f64| s[((q * s.len() as f64).ceil() as usize).clamp(1, s.len()) - 1];
        Summary {
            n: s.len(),
            min: s[0],
            median: rank(0.5),
            p99: rank(0.99),
            max: s[s.len() - 1],
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

async fn scalar(store: &Store, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql)
        .fetch_one(store.pool())
        .await
        .expect("a count");
    n
}

/// Part 1: the template database with the person's two years and the other supports.
async fn build_history(shared: &Shared, path: &Path) -> i64 {
    let t = Instant::now();
    let (desk, clock) = shared.desk(path, start()).await;
    let support = live_history(&desk, &clock).await;
    let lived = t.elapsed();
    let store = desk.store().clone();
    let mut tx = store.pool().begin().await.expect("a transaction");
    let end = start() + week(WEEKS);
    for k in 1..=OTHERS {
        // 4 to 52 weeks, whole cycles; one advisor in twelve is the person's own.
        let weeks = CYCLE * (1 + (k * 7) % 13);
        let cutoff = (end - week(weeks)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let advisor = if k % 12 == 0 {
            ADVISOR as i64
        } else {
            OTHER_ADVISORS + k % 12
        };
        if k <= 12 && advisor != ADVISOR as i64 {
            sqlx::query(
                "INSERT INTO people (id, display_name, lang, created_at, updated_at)
                 VALUES (?1, 'Conseil ' || ?1, 'fr', ?2, ?2)",
            )
            .bind(advisor)
            .bind(start().to_rfc3339())
            .execute(&mut *tx)
            .await
            .expect("an advisor");
        }
        copy_history(&mut tx, support, k, advisor, &cutoff).await;
    }
    tx.commit().await.expect("committing the copies");
    store.truncate_wal().await.expect("checkpoint");
    let counts = [
        "SELECT COUNT(*) FROM supports",
        "SELECT COUNT(*) FROM answers",
        "SELECT COUNT(*) FROM deliveries",
    ];
    let mut all = Vec::new();
    for c in counts {
        all.push(scalar(&store, c).await);
    }
    let person = |sql: &str| sql.replace("?", &support.to_string());
    let mine = [
        person("SELECT COUNT(*) FROM agreements WHERE support_id = ?"),
        person("SELECT COUNT(*) FROM agreements WHERE support_id = ? AND status = 'superseded'"),
        person("SELECT COUNT(*) FROM conversations c JOIN work_sessions w ON w.id = c.session_id WHERE w.support_id = ? AND c.kind = 'checkin'"),
        person("SELECT COUNT(*) FROM answers a JOIN conversations c ON c.id = a.conversation_id JOIN work_sessions w ON w.id = c.session_id WHERE w.support_id = ?"),
        person("SELECT COUNT(*) FROM tasks WHERE support_id = ? AND blocker IS NOT NULL"),
        person("SELECT COUNT(*) FROM tasks WHERE support_id = ?"),
        person("SELECT COUNT(*) FROM deliveries WHERE support_id = ?"),
        person("SELECT COUNT(*) FROM consent_events WHERE support_id = ?"),
    ];
    let mut m = Vec::new();
    for c in &mine {
        m.push(scalar(&store, c).await);
    }
    store.close().await;
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "history: the person's {WEEKS} weeks lived through the desk in {:.1} s, {OTHERS} other supports copied; file {:.1} MiB",
        lived.as_secs_f64(),
        mib(size)
    );
    println!(
        "  the person: {} agreements ({} superseded), {} check-ins, {} answers, {} tasks ({} with a blocker), {} deliveries, {} consent events",
        m[0], m[1], m[2], m[3], m[5], m[4], m[6], m[7]
    );
    println!(
        "  the file: {} supports, {} answers, {} deliveries",
        all[0], all[1], all[2]
    );
    support
}

/// A person with four weeks of history in the same file (the baseline erasure).
const SHORT: i64 = OTHER_PEOPLE + 13;

/// What one copy's erasures measured.
struct Erasure {
    took: Duration,
    /// The baseline: the person with four weeks of history, on the same copy.
    short: Duration,
    before: Scan,
    after: Scan,
}

/// Opens a copy of the template; the person types one more answer, so that their words are
/// in the write-ahead log too.
async fn prepare_copy(shared: &Shared, template: &Path, copy: &Path) -> Desk {
    std::fs::copy(template, copy).expect("copying the template");
    let end = start() + week(WEEKS) + chrono::Duration::days(1);
    let (desk, _clock) = shared.desk(copy, end).await;
    let (advisor, person) = (who(ADVISOR, "Claire"), who(PERSON, "Moussa"));
    let (opening, _) = desk
        .open_session(GUILD, &advisor, &person)
        .await
        .expect("opening a session");
    desk.input(
        opening,
        &person,
        Input::Text(format!(
            "{SENTENCE} : sans ce local il faut tout revoir pour la fête de juin"
        )),
    )
    .await
    .expect("stating the expectations");
    desk
}

/// Part 1: erase the person (and the baseline person) on one copy of the template.
async fn erase_one(shared: &Shared, template: &Path, copy: &Path, short_first: bool) -> Erasure {
    let desk = prepare_copy(shared, template, copy).await;
    let before = Scan::of(copy, SENTENCE, &PIECES, OTHER_SENTENCE);
    let erase = |user: u64| {
        let desk = &desk;
        async move {
            let t = Instant::now();
            let erased = desk
                .erase_data(user, Some(user))
                .await
                .expect("erasing a person");
            assert_eq!(erased.supports, 1);
            t.elapsed()
        }
    };
    let (took, short) = if short_first {
        let short = erase(SHORT as u64).await;
        (erase(PERSON).await, short)
    } else {
        let took = erase(PERSON).await;
        (took, erase(SHORT as u64).await)
    };
    let after = Scan::of(copy, SENTENCE, &PIECES, OTHER_SENTENCE);
    let store = desk.store().clone();
    let left = scalar(
        &store,
        "SELECT (SELECT COUNT(*) FROM supports WHERE beneficiary_id IN (502, 10013))
              + (SELECT COUNT(*) FROM people WHERE id IN (502, 10013))
              + (SELECT COUNT(*) FROM consent_events WHERE person_id IN (502, 10013))
              + (SELECT COUNT(*) FROM deliveries WHERE recipient_id IN (502, 10013))",
    )
    .await;
    assert_eq!(left, 0, "no row of theirs is left");
    store.close().await;
    Erasure {
        took,
        short,
        before,
        after,
    }
}

/// The statements of `Store::erase_person`, in its order, timed one by one on a copy (kept in
/// step with `src/store/rights.rs` by hand; the notices and the audit line are left out).
async fn erase_breakdown(shared: &Shared, template: &Path, copy: &Path) -> Vec<(String, Duration)> {
    let desk = prepare_copy(shared, template, copy).await;
    let store = desk.store().clone();
    let mut phases = Vec::new();
    let mut conn = store.pool().acquire().await.expect("a connection");
    let t = Instant::now();
    sqlx::query("BEGIN")
        .execute(&mut *conn)
        .await
        .expect("begin");
    phases.push(("BEGIN".to_owned(), t.elapsed()));
    for (name, sql) in [
        ("deliveries to them (no index on recipient)", "DELETE FROM deliveries WHERE recipient_id = ?"),
        ("their supports, with everything cascading", "DELETE FROM supports WHERE beneficiary_id = ?"),
        ("advisor commitments blanked", "UPDATE agreements SET advisor_commitments = '' WHERE support_id IN (SELECT id FROM supports WHERE advisor_id = ?)"),
        ("advisor answers", "DELETE FROM answers WHERE field IN ('advisor_commitments', 'advisor_proposal') AND conversation_id IN
               (SELECT c.id FROM conversations c JOIN work_sessions w ON w.id = c.session_id
                JOIN supports s ON s.id = w.support_id WHERE s.advisor_id = ?)"),
        ("digest settings", "DELETE FROM digest_settings WHERE advisor_id = ?"),
        ("consent events (no index on person)", "DELETE FROM consent_events WHERE person_id = ?"),
        ("reschedules (no index on proposer)", "DELETE FROM reschedules WHERE proposed_by = ?"),
        ("person row", "DELETE FROM people WHERE id = ?"),
    ] {
        let t = Instant::now();
        sqlx::query(sql)
            .bind(PERSON as i64)
            .execute(&mut *conn)
            .await
            .expect("an erasure statement");
        phases.push((name.to_owned(), t.elapsed()));
    }
    let t = Instant::now();
    sqlx::query("COMMIT")
        .execute(&mut *conn)
        .await
        .expect("commit");
    phases.push(("COMMIT".to_owned(), t.elapsed()));
    let wal_after = std::fs::metadata(with_suffix(copy, "-wal")).map_or(0, |m| m.len());
    let t = Instant::now();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut *conn)
        .await
        .expect("checkpoint");
    phases.push((
        format!(
            "wal_checkpoint(TRUNCATE) of {:.1} MiB of log",
            mib(wal_after)
        ),
        t.elapsed(),
    ));
    drop(conn);
    store.close().await;
    phases
}

/// The history of one real closing, used as the template of the bulk rows.
struct Template {
    conversation: i64,
    agreement: i64,
}

/// Part 2: 100,000 active agreements, by bulk SQL in one transaction.
async fn build_bulk(shared: &Shared, path: &Path) -> (Desk, Arc<ManualClock>, i64) {
    let now: DateTime<Utc> = "2026-11-28T10:00:00Z".parse().expect("an instant");
    let (desk, clock) = shared.desk(path, now).await;
    let advisor = who(ADVISOR, "Claire");
    let closing = live_closing(&desk, &clock, &advisor, &who(PERSON, "Moussa"), &SCRIPTS[0]).await;
    let (agreement,): (i64,) =
        sqlx::query_as("SELECT id FROM agreements WHERE conversation_id = ?")
            .bind(closing)
            .fetch_one(desk.store().pool())
            .await
            .expect("the template agreement");
    let template = Template {
        conversation: closing,
        agreement,
    };
    // Closings in progress: those the timed inputs are applied to, and those of the people
    // erased during a read (their words already in them).
    for (person, typed) in [
        (who(ANSWERER, "Awa"), None),
        (who(ANSWERER_ELSEWHERE, "Léa"), None),
        (who(TYPIST, "Binta"), Some(TYPED)),
        (who(TYPIST_LONG, "Chloé"), Some(TYPED_LONG)),
        (who(TYPIST_QUIET, "Inès"), Some(TYPED_QUIET)),
    ] {
        let (opening, _) = desk
            .open_session(GUILD, &advisor, &person)
            .await
            .expect("opening a session");
        let expectations = match typed {
            Some(t) => format!("{t}, il faut trouver une solution"),
            None => "Préparer le dossier de subvention pour la région et comprendre les critères de sélection".to_owned(),
        };
        desk.input(opening, &person, Input::Text(expectations))
            .await
            .expect("stating the expectations");
        let (active, _) = desk
            .start_closing(GUILD, &advisor, &person, true)
            .await
            .expect("starting the closing");
        let question = match typed {
            Some(t) => format!("{t} : comment faire sans perdre de temps ?"),
            None => "Faut-il déjà avoir un cofinancement de la commune pour déposer le dossier à la région ?".to_owned(),
        };
        for input in [
            Input::Choice("partly".to_owned()),
            Input::Text(question),
            Input::Choice("yes".to_owned()),
        ] {
            desk.input(active, &person, input)
                .await
                .expect("an answer of a closing in progress");
        }
    }

    let t = Instant::now();
    let store = desk.store().clone();
    let mut tx = store.pool().begin().await.expect("a transaction");
    let c = template.conversation;
    let a = template.agreement;
    let statements = vec![
        "CREATE TEMP TABLE seq AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) SELECT i FROM n".to_owned(),
        "INSERT INTO people (id, display_name, lang, created_at, updated_at)
         SELECT ?2 + 500000 + i, 'Conseil ' || i, 'fr', ?3, ?3 FROM seq WHERE i <= 400".to_owned(),
        "INSERT INTO people (id, display_name, lang, last_locale, created_at, updated_at)
         SELECT ?2 + i, 'Personne ' || i, 'fr', 'fr', ?3, ?3 FROM seq".to_owned(),
        "INSERT INTO supports (id, guild_id, advisor_id, beneficiary_id, status, created_at, updated_at, last_contact_at)
         SELECT ?2 + i, 900, ?2 + 500000 + 1 + i % 400, ?2 + i, 'active', ?3, ?3, ?3 FROM seq".to_owned(),
        format!(
            "INSERT INTO work_sessions (id, support_id, opened_at, expectations, expectations_at, closed_at)
             SELECT ?2 + i, ?2 + i, w.opened_at, w.expectations || ' (' || i || ')', w.expectations_at, w.closed_at
             FROM seq, work_sessions w WHERE w.id = (SELECT session_id FROM conversations WHERE id = {c})"
        ),
        format!(
            "INSERT INTO conversations (id, session_id, kind, step, state, status, created_at, updated_at, version)
             SELECT ?2 + i, ?2 + i, c.kind, c.step, replace(c.state, 'Moussa', 'Personne ' || i), c.status,
                    c.created_at, c.updated_at, c.version
             FROM seq, conversations c WHERE c.id = {c}"
        ),
        format!(
            "INSERT INTO answers (conversation_id, field, value, answered_at)
             SELECT ?2 + i, a.field, a.value || ' (' || i || ')', a.answered_at FROM seq, answers a WHERE a.conversation_id = {c}"
        ),
        format!(
            "INSERT INTO agreements (id, support_id, conversation_id, cadence, first_exchange_local, first_exchange_utc,
               timezone, means, beneficiary_commitments, advisor_commitments, relay_consent, relay_consent_at,
               beneficiary_confirmed_at, advisor_confirmed_at, status, created_at, next_plan_at)
             SELECT ?2 + i, ?2 + i, ?2 + i, cadence, first_exchange_local, first_exchange_utc, timezone, means,
               beneficiary_commitments || ' (' || i || ')', advisor_commitments, relay_consent, relay_consent_at,
               beneficiary_confirmed_at, advisor_confirmed_at, 'active', created_at, next_plan_at
             FROM seq, agreements WHERE id = {a}"
        ),
        format!(
            "INSERT INTO tasks (id, support_id, agreement_id, position, text, status, updated_at)
             SELECT ?2 + i * 10 + t.position, ?2 + i, ?2 + i, t.position, t.text, t.status, t.updated_at
             FROM seq, tasks t WHERE t.agreement_id = {a}"
        ),
        format!(
            "INSERT INTO consent_events (support_id, person_id, relay, at)
             SELECT ?2 + i, ?2 + i, relay, at FROM seq, consent_events WHERE support_id = (SELECT support_id FROM agreements WHERE id = {a})"
        ),
        // The next exchange's reminders, planned for both sides.
        "INSERT INTO deliveries (key, kind, recipient_id, support_id, series, due_at, expires_at, payload, status, created_at)
         SELECT 'reminder:' || (?2 + i) || ':' || r.lead || ':' || r.side, 'reminder',
                CASE r.side WHEN 'a' THEN ?2 + 500000 + 1 + i % 400 ELSE ?2 + i END, ?2 + i,
                'reminder:' || (?2 + i) || ':' || r.side,
                strftime('%Y-%m-%dT%H:%M:%fZ', ?3, '+' || (1 + i % 13) || ' days', '-' || r.lead || ' minutes'),
                strftime('%Y-%m-%dT%H:%M:%fZ', ?3, '+' || (1 + i % 13) || ' days'),
                '{\"type\":\"reminder\",\"exchange\":\"' || strftime('%Y-%m-%dT%H:%M:%SZ', ?3, '+' || (1 + i % 13) || ' days') || '\",\"lead_minutes\":' || r.lead || '}',
                'planned', ?3
         FROM seq, (SELECT 1440 AS lead, 'a' AS side UNION ALL SELECT 60, 'a' UNION ALL SELECT 1440, 'b' UNION ALL SELECT 60, 'b') r"
            .to_owned(),
        "INSERT INTO digest_settings (advisor_id, next_at) SELECT ?2 + 500000 + i, ?3 FROM seq WHERE i <= 400".to_owned(),
        "DROP TABLE seq".to_owned(),
    ];
    let at = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    for sql in &statements {
        sqlx::query(sql)
            .bind(AGREEMENTS)
            .bind(BULK)
            .bind(&at)
            .execute(&mut *tx)
            .await
            .expect("bulk seeding");
    }
    tx.commit().await.expect("committing the bulk rows");
    store.truncate_wal().await.expect("checkpoint");
    let seeded = t.elapsed();
    let active = scalar(
        &store,
        "SELECT COUNT(*) FROM agreements WHERE status = 'active'",
    )
    .await;
    assert!(active > AGREEMENTS, "{active}");
    let rows = [
        scalar(&store, "SELECT COUNT(*) FROM answers").await,
        scalar(&store, "SELECT COUNT(*) FROM tasks").await,
        scalar(&store, "SELECT COUNT(*) FROM deliveries").await,
    ];
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "backup database: {active} active agreements, {} answers, {} tasks, {} deliveries; file {:.1} MiB; bulk SQL {:.1} s",
        rows[0],
        rows[1],
        rows[2],
        mib(size),
        seeded.as_secs_f64()
    );
    (desk, clock, active)
}

/// `suivi` with the benchmark's database and English messages.
fn suivi(db: &Path) -> Command {
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
fn run_backup(db: &Path, target: &Path) -> (Duration, Option<Duration>) {
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

/// Applies paced inputs to the closing in progress until `stop` says so (or `limit` passes);
/// returns each input's time.
async fn paced_inputs(
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
async fn active_closing(desk: &Desk, person: u64) -> i64 {
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
    let config = Config::parse(include_str!("../bot.toml"), &[])
        .expect("the example bot.toml is a valid configuration");
    let shared = Shared {
        config: Arc::new(config),
        i18n: Arc::new(I18n::load().expect("the embedded locales load")),
    };
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

/// Part 1.
async fn erasure(shared: &Shared, dir: &Path) {
    println!("== 1. erasing a person with two years of history ==");
    let template = dir.join("history.db");
    build_history(shared, &template).await;
    let mut times = Vec::new();
    let mut shorts = Vec::new();
    for i in 0..COPIES {
        let copy = dir.join(format!("copy-{i}.db"));
        let e = erase_one(shared, &template, &copy, i % 2 == 1).await;
        let (before, after) = (&e.before, &e.after);
        println!(
            "  copy {i}: erase_data {:.1} ms (4-week person: {:.1} ms) | before: db {:.1} MiB, sentence {} times (pieces {:?}); wal {:.2} MiB, sentence {} times (pieces {:?}) | after: db {:.1} MiB, {} hits; wal {} bytes, {} hits; another person's sentence still {} times",
            ms(e.took),
            ms(e.short),
            mib(before.db_bytes),
            before.db[0],
            &before.db[1..],
            mib(before.wal_bytes),
            before.wal[0],
            &before.wal[1..],
            mib(after.db_bytes),
            after.db.iter().sum::<usize>(),
            after.wal_bytes,
            after.wal.iter().sum::<usize>(),
            after.control,
        );
        assert!(
            before.db[0] > 0,
            "the sentence is in the database file before"
        );
        assert!(before.wal[0] > 0, "the sentence is in the WAL before");
        assert_eq!(after.found(), 0, "the sentence is gone after");
        assert!(after.control > 0, "the other people's words stay");
        times.push(e.took);
        shorts.push(e.short);
        remove_db(&copy);
    }
    let (s, b) = (Summary::of(&times), Summary::of(&shorts));
    println!(
        "  erase_data, two years: median {:.1} ms (min {:.1}, max {:.1}) over {} copies; four weeks (baseline, same files): median {:.1} ms (min {:.1}, max {:.1}); ratio of medians {:.2}x",
        ms(s.median),
        ms(s.min),
        ms(s.max),
        s.n,
        ms(b.median),
        ms(b.min),
        ms(b.max),
        s.median.as_secs_f64() / b.median.as_secs_f64()
    );
    let copy = dir.join("copy-breakdown.db");
    println!("  the statements of erase_person, one by one (one more copy):");
    for (name, took) in erase_breakdown(shared, &template, &copy).await {
        println!("    {:<52} {:>8.1} ms", name, ms(took));
    }
    remove_db(&copy);
    let _ = std::fs::remove_file(&template);
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
}

/// Part 2.
async fn backup(shared: &Shared, dir: &Path, big: &Path) -> Desk {
    println!();
    println!("== 2. suivi backup with {AGREEMENTS} agreements while inputs are applied ==");
    let (desk, _clock, _) = build_bulk(shared, big).await;
    let conversation = active_closing(&desk, ANSWERER).await;
    let answerer = who(ANSWERER, "Awa");
    let mut paused = false;
    // Warm-up.
    paced_inputs(
        &desk,
        &answerer,
        conversation,
        &mut paused,
        None,
        Duration::from_secs(1),
    )
    .await;
    let mut quiet = Vec::new();
    let mut during = Vec::new();
    let mut failed = 0;
    let mut walls = Vec::new();
    let mut reported = Vec::new();
    let mut rounds = Vec::new();
    for r in 0..ROUNDS {
        let (q, f) = paced_inputs(
            &desk,
            &answerer,
            conversation,
            &mut paused,
            None,
            QUIET_WINDOW,
        )
        .await;
        failed += f;
        let target = dir.join(format!("backup-{r}.db"));
        let done = Arc::new(AtomicBool::new(false));
        let thread = {
            let (big, target, done) = (big.to_owned(), target.clone(), done.clone());
            std::thread::spawn(move || {
                let out = run_backup(&big, &target);
                done.store(true, Ordering::Release);
                out
            })
        };
        let (d, f) = paced_inputs(
            &desk,
            &answerer,
            conversation,
            &mut paused,
            Some(&done),
            Duration::from_secs(600),
        )
        .await;
        failed += f;
        let (wall, inside) = thread.join().expect("the backup thread");
        let copy_size = std::fs::metadata(&target).map_or(0, |m| m.len());
        // The copy is whole: every agreement is in it.
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", target.display()))
            .await
            .expect("opening the copy");
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM agreements WHERE status = 'active'")
                .fetch_one(&pool)
                .await
                .expect("counting the copy's agreements");
        pool.close().await;
        let (qs, ds) = (Summary::of(&q), Summary::of(&d));
        println!(
            "  round {r}: backup {:.2} s wall ({} reported for the copy), copy {:.1} MiB with {n} active agreements | without: {} inputs, median {:.2} ms, p99 {:.2} ms | during: {} inputs, median {:.2} ms, p99 {:.2} ms, max {:.1} ms",
            wall.as_secs_f64(),
            inside.map_or("?".to_owned(), |d| format!("{:.2} s", d.as_secs_f64())),
            mib(copy_size),
            qs.n,
            ms(qs.median),
            ms(qs.p99),
            ds.n,
            ms(ds.median),
            ms(ds.p99),
            ms(ds.max),
        );
        rounds.push((qs, ds));
        quiet.extend(q);
        during.extend(d);
        walls.push(wall);
        if let Some(d) = inside {
            reported.push(d);
        }
        let _ = std::fs::remove_file(&target);
    }
    let (qs, ds) = (Summary::of(&quiet), Summary::of(&during));
    let ws = Summary::of(&walls);
    let size = std::fs::metadata(big).map_or(0, |m| m.len());
    println!(
        "  suivi backup: median {:.2} s wall (min {:.2}, max {:.2}){}; {:.0} MiB/s of database",
        ws.median.as_secs_f64(),
        ws.min.as_secs_f64(),
        ws.max.as_secs_f64(),
        if reported.is_empty() {
            String::new()
        } else {
            format!(
                ", {:.2} s reported for the copy itself",
                Summary::of(&reported).median.as_secs_f64()
            )
        },
        mib(size) / ws.median.as_secs_f64()
    );
    println!();
    println!(
        "| {:<22} | {:>7} | {:>11} | {:>11} | {:>11} |",
        "ms per input", "inputs", "median", "p99", "max"
    );
    println!(
        "|{:-<24}|{:->9}|{:->13}|{:->13}|{:->13}|",
        "", "", "", "", ""
    );
    for (name, s) in [("no backup running", &qs), ("during suivi backup", &ds)] {
        println!(
            "| {:<22} | {:>7} | {:>11.2} | {:>11.2} | {:>11.2} |",
            name,
            s.n,
            ms(s.median),
            ms(s.p99),
            ms(s.max)
        );
    }
    println!(
        "  ratios (during / without): median {:.2}x, p99 {:.2}x; inputs failed: {failed}",
        ds.median.as_secs_f64() / qs.median.as_secs_f64(),
        ds.p99.as_secs_f64() / qs.p99.as_secs_f64()
    );
    desk
}

/// What holds a snapshot of the file while a person is erased.
#[derive(Clone, Copy)]
enum Reader {
    /// Nothing but the inputs (the baseline).
    Nothing,
    /// `suivi backup` (its own process).
    Backup,
    /// A read transaction held for [`LONG_READ`] by another pool.
    Long,
}

/// Part 3: erase `person` while `reader` reads the file; inputs go on meanwhile through the
/// same desk and through another one (another pool).
async fn erase_during(
    shared: &Shared,
    desk: &Desk,
    big: &Path,
    dir: &Path,
    (person, name, typed, pieces): (u64, &str, &'static str, [&'static str; 3]),
    reader: Reader,
) {
    // One more answer of theirs, so that their words are in the log too.
    let theirs = active_closing(desk, person).await;
    desk.input(
        theirs,
        &who(person, name),
        Input::Text(format!("{typed}, et personne ne sait encore quoi faire")),
    )
    .await
    .expect("an answer");
    let scan = |path: PathBuf| async move {
        tokio::task::spawn_blocking(move || Scan::of(&path, typed, &pieces, "Personne 99999"))
            .await
            .expect("scanning")
    };
    let before = scan(big.to_owned()).await;
    let (elsewhere, _) = shared.desk(big, desk.clock().now()).await;
    let (here_who, there_who) = (who(ANSWERER, "Awa"), who(ANSWERER_ELSEWHERE, "Léa"));
    let here_conv = active_closing(desk, ANSWERER).await;
    let there_conv = active_closing(&elsewhere, ANSWERER_ELSEWHERE).await;
    let (mut p1, mut p2) = (false, false);
    let stop = AtomicBool::new(false);
    let target = dir.join("backup-erase.db");
    let here = paced_inputs(
        desk,
        &here_who,
        here_conv,
        &mut p1,
        Some(&stop),
        Duration::from_secs(600),
    );
    let there = paced_inputs(
        &elsewhere,
        &there_who,
        there_conv,
        &mut p2,
        Some(&stop),
        Duration::from_secs(600),
    );
    let erase = async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let done = Arc::new(AtomicBool::new(false));
        let read_began = Instant::now();
        let (thread, holder) = match reader {
            Reader::Nothing => {
                done.store(true, Ordering::Release);
                (None, None)
            }
            Reader::Backup => {
                let thread = {
                    let (big, target, done) = (big.to_owned(), target.clone(), done.clone());
                    std::thread::spawn(move || {
                        let out = run_backup(&big, &target);
                        done.store(true, Ordering::Release);
                        out
                    })
                };
                // Let the copy begin reading.
                while !target.exists() && !done.load(Ordering::Acquire) {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                (Some(thread), None)
            }
            Reader::Long => {
                let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", big.display()))
                    .await
                    .expect("another pool");
                let done = done.clone();
                let holder = tokio::spawn(async move {
                    let mut conn = pool.acquire().await.expect("a connection");
                    sqlx::query("BEGIN")
                        .execute(&mut *conn)
                        .await
                        .expect("begin");
                    let (_n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM people")
                        .fetch_one(&mut *conn)
                        .await
                        .expect("a read");
                    tokio::time::sleep(LONG_READ).await;
                    sqlx::query("COMMIT")
                        .execute(&mut *conn)
                        .await
                        .expect("commit");
                    drop(conn);
                    pool.close().await;
                    done.store(true, Ordering::Release);
                    read_began.elapsed()
                });
                (None, Some(holder))
            }
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        let started = Instant::now();
        let erased = desk.erase_data(person, Some(person)).await;
        let took = started.elapsed();
        let running = !done.load(Ordering::Acquire);
        let after = scan(big.to_owned()).await;
        while !done.load(Ordering::Acquire) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let mut read_took = Duration::ZERO;
        if let Some(t) = thread {
            read_took = t.join().expect("the backup thread").0;
        }
        if let Some(h) = holder {
            read_took = h.await.expect("the long reader");
        }
        // An erasure that said it could not finish is asked again, as its caller would.
        let again = if erased.is_err() {
            let t = Instant::now();
            let r = desk.erase_data(person, Some(person)).await;
            Some((r.map(|e| e.supports), t.elapsed()))
        } else {
            None
        };
        let later = scan(big.to_owned()).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        stop.store(true, Ordering::Release);
        (erased, took, running, after, read_took, again, later)
    };
    let ((t1, f1), (t2, f2), (erased, took, running, after, read_took, again, later)) =
        tokio::join!(here, there, erase);
    elsewhere.store().close().await;
    let _ = std::fs::remove_file(&target);
    println!(
        "  erase_data: {} in {:.1} ms; the reader was {} when it returned; it read for {:.2} s",
        match &erased {
            Ok(e) => format!("ok ({} support)", e.supports),
            Err(e) => format!("error \"{e}\""),
        },
        ms(took),
        if running { "still reading" } else { "done" },
        read_took.as_secs_f64()
    );
    if let Some((r, t)) = again {
        println!(
            "  erase_data again once the reader had ended: {:?} in {:.1} ms",
            r.map_err(|e| e.to_string()),
            ms(t)
        );
    }
    for (name, s) in [
        ("before", &before),
        ("when erase_data returned", &after),
        ("after the reader ended (and any retry)", &later),
    ] {
        println!(
            "  {name}: db {:.1} MiB, sentence and pieces {:?}; wal {:.2} MiB, sentence and pieces {:?}",
            mib(s.db_bytes),
            s.db,
            mib(s.wal_bytes),
            s.wal
        );
    }
    for (name, times, failed) in [("same desk", &t1, f1), ("another pool", &t2, f2)] {
        let s = Summary::of(times);
        println!(
            "  inputs meanwhile ({name}): {}, median {:.2} ms, p99 {:.2} ms, max {:.1} ms, failed {failed}",
            s.n,
            ms(s.median),
            ms(s.p99),
            ms(s.max)
        );
    }
}
