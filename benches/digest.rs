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
//! closings driven through `Desk::input` (the 17 inputs of `benches/closing_step.rs`, same
//! scripts). Check-in side: a support with an agreement of three tasks; each check-in is
//! started with `Desk::begin_checkin` on a claimed `checkin` delivery (not timed), then its
//! five answers go through `Desk::input` (status choices, a blocker in the beneficiary's
//! words, a task added or skipped). Each timed step is `Desk::input` plus rendering every
//! returned prompt. The sides alternate in blocks. At the end of each conversation the
//! prompts it planned are marked sent, as the dispatcher would have done (not timed).

use std::collections::HashSet;
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Duration as Span, NaiveDateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use suivi::clock::ManualClock;
use suivi::config::Config;
use suivi::conversation::{CheckInStart, Desk, DigestScope, Who};
use suivi::discord::limits;
use suivi::domain::access::Actor;
use suivi::domain::agreement::{Choice, Continue};
use suivi::domain::cadence::{Cadence, Schedule};
use suivi::domain::checkin::TaskStatus;
use suivi::domain::closing::Input;
use suivi::domain::digest::{digest, Missed, Standing};
use suivi::domain::prompt::Role;
use suivi::i18n::{I18n, Lang};
use suivi::scheduler::Payload;
use suivi::store::{Claimed, MissedRow, StandingRow, Store};

// ---------------------------------------------------------------------------------------------
// Sizes

/// Beneficiaries of the advisor whose digest is measured.
const SUPPORTS: usize = 500;
/// Other advisors of the same server, and how many beneficiaries each follows.
const OTHER_ADVISORS: usize = 3;
const OTHER_SUPPORTS: usize = 100;
/// Timed digests per side; blocks of the five sides alternate.
const DIGEST_RUNS: usize = 40;
const DIGEST_BLOCK: usize = 5;
const DIGEST_WARM_UP: usize = 2;

/// Timed conversation steps per side; blocks of the two sides alternate.
const STEPS: usize = 5_000;
const BLOCK: usize = 500;
const WARM_UP: usize = 250;

const GUILD: u64 = 900;
const ADVISOR: u64 = 501;
/// The closing side's beneficiary (the same pair as `benches/closing_step.rs`).
const BENEFICIARY: u64 = 502;
/// The check-in side's beneficiary.
const CHECKIN_BENEFICIARY: u64 = 503;

/// Saturday 28 November 2026, 11:00 in Paris.
fn start() -> DateTime<Utc> {
    "2026-11-28T10:00:00Z"
        .parse()
        .expect("the benchmark's start instant is valid RFC 3339")
}

/// As the store writes instants.
fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

// ---------------------------------------------------------------------------------------------
// Statistics

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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A small deterministic generator (splitmix64): the same database every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// In `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u64) as usize]
    }
}

// ---------------------------------------------------------------------------------------------
// Part 1: the digest

const FIRST_NAMES: [&str; 40] = [
    "Awa", "Moussa", "Fatou", "Ibrahima", "Aminata", "Mamadou", "Claire", "Julien", "Sophie",
    "Thomas", "Nadia", "Karim", "Léa", "Hugo", "Inès", "Yanis", "Camille", "Lucas", "Emma",
    "Louis", "Chloé", "Nathan", "Manon", "Enzo", "Sarah", "Mathis", "Jade", "Rayan", "Lina",
    "Adam", "Zoé", "Noah", "Aïcha", "Ousmane", "Mariam", "Cheikh", "Hélène", "Pierre", "Anaïs",
    "Bastien",
];
const LAST_NAMES: [&str; 30] = [
    "Diallo", "Ndiaye", "Sow", "Fall", "Diop", "Ba", "Martin", "Bernard", "Dubois", "Thomas",
    "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre",
    "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard",
    "André", "Mercier",
];
const TASKS: [&str; 16] = [
    "écrire au maire de Thiès pour proposer une visio",
    "préparer le budget prévisionnel sur trois ans",
    "réunir le bureau de l'association en décembre",
    "écrire la fiche de mission des bénévoles",
    "appeler l'assureur de l'association",
    "faire l'inventaire des outils du local",
    "relire la convention avec la commune partenaire",
    "monter le dossier de subvention de la région",
    "organiser la réunion publique de restitution",
    "trouver un traducteur pour les échanges en wolof",
    "mettre à jour les statuts de l'association",
    "préparer le compte rendu de la mission de novembre",
    "contacter le réseau régional de solidarité internationale",
    "chiffrer l'achat du matériel de l'atelier",
    "rédiger l'appel à bénévoles pour le printemps",
    "ouvrir un compte bancaire dédié au projet",
];
const BLOCKERS: [&str; 10] = [
    "Je n'ai pas encore eu de réponse de la mairie et je ne sais pas qui relancer là-bas.",
    "Le trésorier est absent jusqu'en janvier et personne d'autre n'a accès aux comptes.",
    "Je ne sais pas comment présenter les cofinancements dans le tableau demandé par la région.",
    "Il faudrait un avis juridique sur la convention et nous n'avons personne pour ça.",
    "Le bureau n'est pas d'accord sur le calendrier, on tourne en rond depuis deux réunions.",
    "Je manque de temps avec mon travail, les soirées ne suffisent pas pour avancer.",
    "L'assureur demande des documents que je ne comprends pas bien, je n'ose pas le rappeler.",
    "Le local a été fermé après un dégât des eaux, nous ne pouvons plus y accéder pour l'instant.",
    "Nos partenaires sur place n'ont plus de connexion internet stable depuis un mois.",
    "Je ne sais pas par où commencer pour le budget : les montants changent tout le temps et \
     chaque partenaire me donne des chiffres différents, alors je n'arrive pas à stabiliser le \
     tableau ni à savoir ce que la région acceptera de financer.",
];
const SYNTHESES: [&str; 6] = [
    "On commence par la convention, ensuite le budget, puis le calendrier commun avec la commune et les bénévoles.",
    "D'abord les bénévoles et l'assurance, ensuite l'inventaire, et l'appel à projets seulement au printemps.",
    "La priorité est de relancer la mairie avant les fêtes ; le dossier de subvention attendra la réponse du bureau.",
    "Nous avons convenu de simplifier le projet : un seul chantier cette année, bien préparé, plutôt que trois à moitié.",
    "Le budget est presque prêt ; il reste à vérifier les cofinancements avec le réseau régional et à le faire voter en assemblée générale. \
     Ensuite seulement, nous écrirons à la région, avec les devis du matériel et le calendrier des chantiers, pour une réponse avant l'été.",
    "Très bon échange : l'association a clarifié ses rôles (présidence, trésorerie, suivi sur place) et chacun sait ce qu'il a à faire d'ici \
     la prochaine fois. Points de vigilance : la disponibilité du trésorier en décembre, la connexion des partenaires à Thiès, et le \
     risque de vouloir tout faire en même temps. Nous reparlerons du budget en janvier, une fois les devis reçus, et de la réunion \
     publique de restitution au printemps, si le calendrier de la commune le permet.",
];
const TEXT_ANSWERS: [&str; 6] = [
    "Comprendre comment monter un partenariat avec une commune et savoir par où commencer",
    "Est-ce qu'il faut une assurance particulière pour accueillir des mineurs le samedi matin ?",
    "Rédiger une convention de partenariat et la faire relire par le bureau avant la fin du mois",
    "Un traducteur wolof, deux jours de bénévolat par mois et les contacts du réseau régional",
    "Envoyer le projet de convention avant le prochain échange et prévenir en cas de changement",
    "Relire la convention sous huit jours et transmettre deux contacts de bailleurs",
];
/// The fields a closing writes in `answers` (`domain::closing::Step` ids).
const CLOSING_FIELDS: [&str; 15] = [
    "review_match",
    "review_questions",
    "review_continue",
    "next_step",
    "tasks",
    "means",
    "future_needs",
    "called_on_for",
    "relay",
    "frequency",
    "first_exchange",
    "exchange_means",
    "commitments",
    "synthesis",
    "advisor_commitments",
];
const CADENCES: [&str; 3] = [
    r#"{"unit":"weeks","every":2}"#,
    r#"{"unit":"weeks","every":1}"#,
    r#"{"unit":"months","every":1}"#,
];
const ZONES: [&str; 3] = ["Europe/Paris", "Africa/Dakar", "America/Montreal"];

/// SQL text literal.
fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Rows of one table, inserted in multi-row statements.
struct Rows {
    head: &'static str,
    rows: Vec<String>,
}

impl Rows {
    fn new(head: &'static str) -> Rows {
        Rows {
            head,
            rows: Vec::new(),
        }
    }

    fn push(&mut self, values: String) {
        self.rows.push(values);
    }

    async fn insert(&self, tx: &mut sqlx::SqliteConnection) {
        for chunk in self.rows.chunks(400) {
            let sql = format!("{} VALUES {}", self.head, chunk.join(",\n"));
            sqlx::query(&sql)
                .execute(&mut *tx)
                .await
                .unwrap_or_else(|e| panic!("seeding with `{}`: {e}", self.head));
        }
    }
}

/// What the seed put in the measured advisor's digest, to check the digest against.
#[derive(Default, Debug)]
struct Expected {
    supports: usize,
    blocked_tasks: usize,
    blocked_with_words: usize,
    waiting: usize,
    paused: usize,
    syntheses: usize,
    rows: usize,
}

/// Seeds the file with the measured advisor's 500 supports and the other advisors'.
async fn seed(store: &Store, now: DateTime<Utc>, since: DateTime<Utc>) -> Expected {
    let mut rng = Rng(0x005e_edd1_6e57);
    let mut people = Rows::new(
        "INSERT INTO people (id, display_name, lang, last_locale, timezone, created_at, updated_at)",
    );
    let mut guilds = Rows::new("INSERT INTO guilds (id, lang, timezone, updated_at)");
    let mut supports = Rows::new(
        "INSERT INTO supports (id, guild_id, advisor_id, beneficiary_id, status, created_at, updated_at, last_contact_at)",
    );
    let mut sessions = Rows::new(
        "INSERT INTO work_sessions (id, support_id, opened_at, expectations, expectations_at, closed_at)",
    );
    let mut conversations = Rows::new(
        "INSERT INTO conversations (id, session_id, kind, step, state, status, created_at, updated_at, version, origin)",
    );
    let mut answers = Rows::new("INSERT INTO answers (conversation_id, field, value, answered_at)");
    let mut agreements = Rows::new(
        "INSERT INTO agreements (id, support_id, conversation_id, cadence, first_exchange_local, first_exchange_utc,
           timezone, means, beneficiary_commitments, advisor_commitments, relay_consent, relay_consent_at,
           beneficiary_confirmed_at, advisor_confirmed_at, status, created_at, next_plan_at)",
    );
    let mut tasks = Rows::new(
        "INSERT INTO tasks (id, support_id, agreement_id, position, text, status, updated_at, blocker, blocker_at)",
    );
    let mut deliveries = Rows::new(
        "INSERT INTO deliveries (id, key, kind, recipient_id, support_id, conversation_id, series, due_at, expires_at,
           payload, status, attempts, last_error, route, sent_at, created_at)",
    );
    let mut consents =
        Rows::new("INSERT INTO consent_events (id, support_id, person_id, relay, at)");
    let mut digests = Rows::new(
        "INSERT INTO digest_settings (advisor_id, day, time, timezone, next_at, last_sent_at)",
    );

    let (mut session_id, mut conversation_id, mut agreement_id) = (0i64, 0i64, 0i64);
    let (mut task_id, mut delivery_id, mut consent_id) = (0i64, 0i64, 0i64);
    let mut expected = Expected::default();
    let t = ts(now - Span::days(400));
    guilds.push(format!("({GUILD}, 'fr', 'Europe/Paris', {})", q(&t)));

    let advisors: Vec<(u64, usize)> = std::iter::once((ADVISOR, SUPPORTS))
        .chain((0..OTHER_ADVISORS).map(|k| (ADVISOR + 100 + k as u64, OTHER_SUPPORTS)))
        .collect();
    let mut support_id = 0i64;
    let mut beneficiary = 10_000u64;
    for (advisor, count) in advisors {
        let measured = advisor == ADVISOR;
        people.push(format!(
            "({advisor}, {}, 'fr', 'fr', 'Europe/Paris', {}, {})",
            q(&format!("Conseiller {advisor}")),
            q(&t),
            q(&t)
        ));
        digests.push(format!(
            "({advisor}, NULL, NULL, NULL, {}, {})",
            q(&ts(now + Span::days(2))),
            q(&ts(since))
        ));
        for _ in 0..count {
            support_id += 1;
            beneficiary += 1;
            let n = (beneficiary - 10_001) as usize;
            let name = format!(
                "{} {}",
                FIRST_NAMES[n % FIRST_NAMES.len()],
                LAST_NAMES[(n / FIRST_NAMES.len()) % LAST_NAMES.len()]
            );
            let locale = if rng.chance(80) { "'fr'" } else { "'en-US'" };
            people.push(format!(
                "({beneficiary}, {}, NULL, {locale}, NULL, {}, {})",
                q(&name),
                q(&t),
                q(&t)
            ));
            let paused = rng.chance(5);
            if measured {
                expected.supports += 1;
                expected.paused += usize::from(paused);
            }
            // A closing every two to five weeks, for one to eight sessions: the last one
            // may fall in the week since the last digest.
            let history = 1 + rng.below(8) as i64;
            let recent = rng.chance(35);
            let gap = 14 + rng.below(21) as i64;
            let last_closing = if recent {
                now - Span::hours(2 + rng.below(150) as i64)
            } else {
                since - Span::days(1 + rng.below(20) as i64)
            };
            let first_closing = last_closing - Span::days(gap * (history - 1));
            let created = first_closing - Span::days(7);
            supports.push(format!(
                "({support_id}, {GUILD}, {advisor}, {beneficiary}, {}, {}, {}, {})",
                if paused { "'paused'" } else { "'active'" },
                q(&ts(created)),
                q(&ts(last_closing)),
                q(&ts(last_closing))
            ));
            let cadence = rng.pick(&CADENCES);
            let zone = rng.pick(&ZONES);
            let relay = rng.chance(70);
            let continue_ = match rng.below(100) {
                0..=84 => "yes",
                85..=94 => "not_sure",
                _ => "no",
            };
            for k in 0..history {
                let closed = first_closing + Span::days(gap * k);
                let opened = closed - Span::hours(1);
                let last = k == history - 1;
                session_id += 1;
                sessions.push(format!(
                    "({session_id}, {support_id}, {}, {}, {}, {})",
                    q(&ts(opened)),
                    q(rng.pick(&TEXT_ANSWERS)),
                    q(&ts(opened)),
                    q(&ts(closed))
                ));
                // The closing, done, with its answers.
                conversation_id += 1;
                let closing = conversation_id;
                conversations.push(format!(
                    "({closing}, {session_id}, 'closing', 'agreed', '{{}}', 'done', {}, {}, 17, NULL)",
                    q(&ts(opened)),
                    q(&ts(closed))
                ));
                let synthesis = rng.pick(&SYNTHESES);
                for (f, field) in CLOSING_FIELDS.iter().enumerate() {
                    let at = opened + Span::minutes(3 * f as i64 + 1);
                    let value = match *field {
                        "review_match" => "partly".to_owned(),
                        "review_continue" => if last { continue_ } else { "yes" }.to_owned(),
                        "called_on_for" => "next".to_owned(),
                        "relay" => if relay { "yes" } else { "no" }.to_owned(),
                        "frequency" => "biweekly".to_owned(),
                        "exchange_means" => "email,discord".to_owned(),
                        "synthesis" => synthesis.to_owned(),
                        _ => rng.pick(&TEXT_ANSWERS).to_owned(),
                    };
                    answers.push(format!(
                        "({closing}, {}, {}, {})",
                        q(field),
                        q(&value),
                        q(&ts(at))
                    ));
                }
                if measured && last && closed > since {
                    expected.syntheses += 1;
                }
                // Its agreement: the last one active, the earlier ones superseded.
                agreement_id += 1;
                let first_local = (closed + Span::days(7))
                    .naive_utc()
                    .date()
                    .and_hms_opt(10, 0, 0)
                    .expect("10:00 exists")
                    .format("%Y-%m-%dT%H:%M:%S")
                    .to_string();
                agreements.push(format!(
                    "({agreement_id}, {support_id}, {closing}, {}, {}, {}, {}, 'email,discord', {}, {}, {}, {}, {}, {}, {}, {}, {})",
                    q(cadence),
                    q(&first_local),
                    q(&format!("{first_local}.000Z")),
                    q(zone),
                    q(rng.pick(&TEXT_ANSWERS)),
                    q(rng.pick(&TEXT_ANSWERS)),
                    i32::from(relay),
                    q(&ts(closed)),
                    q(&ts(closed)),
                    q(&ts(closed)),
                    if last { "'active'" } else { "'superseded'" },
                    q(&ts(closed)),
                    if last { q(&ts(closed + Span::days(7))) } else { "NULL".to_owned() }
                ));
                consent_id += 1;
                consents.push(format!(
                    "({consent_id}, {support_id}, {beneficiary}, {}, {})",
                    i32::from(relay),
                    q(&ts(closed))
                ));
                // Its 3–5 tasks.
                let count = 3 + rng.below(3);
                let mut these = Vec::new();
                for p in 0..count {
                    task_id += 1;
                    these.push(task_id);
                    let status = match rng.below(100) {
                        0..=34 => "done",
                        35..=64 => "in_progress",
                        65..=84 => "not_started",
                        _ => "blocked",
                    };
                    let words = status == "blocked" && rng.chance(80);
                    let (blocker, blocker_at) = if words {
                        (q(rng.pick(&BLOCKERS)), q(&ts(closed + Span::days(5))))
                    } else {
                        ("NULL".to_owned(), "NULL".to_owned())
                    };
                    if measured && last && status == "blocked" {
                        expected.blocked_tasks += 1;
                        expected.blocked_with_words += usize::from(words);
                    }
                    tasks.push(format!(
                        "({task_id}, {support_id}, {agreement_id}, {p}, {}, {}, {}, {blocker}, {blocker_at})",
                        q(rng.pick(&TASKS)),
                        q(status),
                        q(&ts(closed))
                    ));
                }
                // A check-in half-way to the next closing (after the last one, only if its
                // time has come): done, or for some of the last ones still waiting.
                let checkin_at = closed + Span::days(gap / 2);
                if checkin_at < now {
                    conversation_id += 1;
                    let waiting = last && rng.chance(18);
                    let updated = checkin_at + Span::minutes(4);
                    let stale = now - updated >= Span::hours(48);
                    if measured && waiting && stale {
                        expected.waiting += 1;
                    }
                    conversations.push(format!(
                        "({conversation_id}, {session_id}, 'checkin', {}, '{{}}', {}, {}, {}, 3, {})",
                        if waiting { "'task_1'" } else { "'done'" },
                        if waiting { "'active'" } else { "'done'" },
                        q(&ts(checkin_at)),
                        q(&ts(updated)),
                        q(&format!("checkin:{support_id}:{}:{beneficiary}", ts(checkin_at)))
                    ));
                    let answered = if waiting { 1 } else { these.len() };
                    for (i, task) in these.iter().take(answered).enumerate() {
                        answers.push(format!(
                            "({conversation_id}, {}, 'in_progress', {})",
                            q(&format!("task-{task}")),
                            q(&ts(checkin_at + Span::minutes(i as i64)))
                        ));
                    }
                }
                // What the outbox sent for this session: the closing's prompts to both sides,
                // reminders, the check-in's questions.
                for (i, (kind, to, status)) in (0..17)
                    .map(|_| ("prompt", beneficiary, "sent"))
                    .chain((0..2).map(|_| ("prompt", advisor, "sent")))
                    .chain((0..4).map(|i| {
                        (
                            "reminder",
                            if i % 2 == 0 { beneficiary } else { advisor },
                            "sent",
                        )
                    }))
                    .chain((0..6).map(|_| ("prompt", beneficiary, "sent")))
                    .enumerate()
                {
                    delivery_id += 1;
                    let due = opened + Span::minutes(2 * i as i64);
                    deliveries.push(format!(
                        "({delivery_id}, {}, {}, {to}, {support_id}, NULL, NULL, {}, NULL, '{{}}', {}, 1, NULL, 'dm', {}, {})",
                        q(&format!("seed:{delivery_id}")),
                        q(kind),
                        q(&ts(due)),
                        q(status),
                        q(&ts(due)),
                        q(&ts(due))
                    ));
                }
            }
            // Deliveries skipped or failed: some in the week since the last digest (counted),
            // some older (not counted), and notices (never counted).
            let missed_recent = if rng.chance(15) { 1 + rng.below(3) } else { 0 };
            for m in 0..missed_recent + u64::from(rng.chance(20)) + u64::from(rng.chance(10)) {
                delivery_id += 1;
                let (due, kind, status) = if m < missed_recent {
                    (
                        now - Span::hours(6 + rng.below(150) as i64),
                        rng.pick(&["reminder", "prompt", "nudge"]),
                        rng.pick(&["skipped", "failed"]),
                    )
                } else if m == missed_recent {
                    (since - Span::days(3), "reminder", "skipped")
                } else {
                    (now - Span::hours(10), "notice", "failed")
                };
                deliveries.push(format!(
                    "({delivery_id}, {}, {}, {beneficiary}, {support_id}, NULL, NULL, {}, NULL, '{{}}', {}, 3, 'dm_closed', NULL, NULL, {})",
                    q(&format!("seed:{delivery_id}")),
                    q(kind),
                    q(&ts(due)),
                    q(status),
                    q(&ts(due))
                ));
            }
        }
    }
    for rows in [
        &people,
        &guilds,
        &supports,
        &sessions,
        &conversations,
        &answers,
        &agreements,
        &tasks,
        &deliveries,
        &consents,
        &digests,
    ] {
        expected.rows += rows.rows.len();
    }
    let mut tx = store.pool().begin().await.expect("a seeding transaction");
    for rows in [
        &people,
        &guilds,
        &supports,
        &sessions,
        &conversations,
        &answers,
        &agreements,
        &tasks,
        &deliveries,
        &consents,
        &digests,
    ] {
        rows.insert(&mut tx).await;
    }
    tx.commit().await.expect("committing the seed");
    println!(
        "  seeded {} rows: {} supports, {} sessions, {} conversations, {} answers, {} agreements, {} tasks, {} deliveries",
        expected.rows,
        supports.rows.len(),
        sessions.rows.len(),
        conversations.rows.len(),
        answers.rows.len(),
        agreements.rows.len(),
        tasks.rows.len(),
        deliveries.rows.len()
    );
    expected
}

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
        paused: row.status == "paused",
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

/// The answers of one closing, in French (the scripts of `benches/closing_step.rs`).
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
fn closing_inputs(s: &Script) -> Vec<(Role, Input)> {
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

/// The answers of one check-in of three tasks, two variants that alternate: every status, a
/// blocker in the beneficiary's words, a task added or the question skipped.
fn checkin_inputs() -> [Vec<Input>; 2] {
    let choice = |c: &str| Input::Choice(c.to_owned());
    [
        vec![
            choice("done"),
            choice("blocked"),
            Input::Text(
                "Le trésorier est absent jusqu'en janvier et personne d'autre n'a accès aux comptes de l'association"
                    .to_owned(),
            ),
            choice("in_progress"),
            Input::Text("Demander à la mairie une salle pour la réunion publique de janvier".to_owned()),
        ],
        vec![
            choice("in_progress"),
            choice("not_started"),
            choice("blocked"),
            Input::Text(
                "Le bureau n'est pas d'accord sur la date, on en reparle à la prochaine assemblée générale"
                    .to_owned(),
            ),
            Input::Skip,
        ],
    ]
}

const CHECKIN_INPUT_NAMES: [[&str; 5]; 2] = [
    [
        "task 1: done",
        "task 2: blocked",
        "blocker text (+alert)",
        "task 3: in progress",
        "new task text (+note)",
    ],
    [
        "task 1: in progress",
        "task 2: not started",
        "task 3: blocked",
        "blocker text (+alert)",
        "skip new task (+note)",
    ],
];

fn who(id: u64) -> Who {
    let name = match id {
        ADVISOR => "Claire",
        BENEFICIARY => "Moussa",
        _ => "Awa",
    };
    Who {
        id,
        name: name.to_owned(),
        locale: Some("fr".to_owned()),
    }
}

/// What both parts share.
struct Shared {
    config: Arc<Config>,
    i18n: Arc<I18n>,
    clock: Arc<ManualClock>,
}

/// The second file: one desk, the closing and check-in sides on two supports of one advisor.
struct Steps {
    desk: Desk,
    i18n: Arc<I18n>,
    closings: Vec<Vec<(Role, Input)>>,
    checkins: [Vec<Input>; 2],
    /// Closing side: the conversation in progress, closings done, position.
    closing: Option<i64>,
    closings_done: usize,
    closing_at: usize,
    /// Check-in side.
    checkin_support: i64,
    checkin: Option<i64>,
    checkins_done: usize,
    checkin_at: usize,
    /// `Desk::begin_checkin` on a claimed delivery, timed on the side (not a step).
    begin_times: Vec<Duration>,
}

impl Steps {
    async fn open(path: &Path, shared: &Shared) -> Steps {
        let (store, _) = Store::open(path)
            .await
            .expect("opening and migrating the steps' database file");
        let desk = Desk::new(
            store,
            shared.i18n.clone(),
            shared.config.clone(),
            shared.clock.clone(),
        );
        let mut steps = Steps {
            desk,
            i18n: shared.i18n.clone(),
            closings: SCRIPTS.iter().map(closing_inputs).collect(),
            checkins: checkin_inputs(),
            closing: None,
            closings_done: 0,
            closing_at: 0,
            checkin_support: 0,
            checkin: None,
            checkins_done: 0,
            checkin_at: 0,
            begin_times: Vec::new(),
        };
        // The check-in side's support: one real closing, agreed, with three tasks.
        let cid = steps.begin_closing(CHECKIN_BENEFICIARY, 0).await;
        for (role, input) in steps.closings[0].clone() {
            let person = match role {
                Role::Advisor => who(ADVISOR),
                Role::Beneficiary => who(CHECKIN_BENEFICIARY),
            };
            steps
                .desk
                .input(cid, &person, input)
                .await
                .expect("the check-in side's closing");
        }
        let row = steps
            .desk
            .conversation(cid)
            .await
            .expect("reading the closing")
            .expect("it exists");
        assert_eq!(row.status, "done");
        steps.checkin_support = row.support_id;
        steps
    }

    /// Opens a session, states the expectations and starts the closing (not timed).
    async fn begin_closing(&self, beneficiary: u64, script: usize) -> i64 {
        let s = &SCRIPTS[script];
        let (advisor, beneficiary) = (who(ADVISOR), who(beneficiary));
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

    /// Puts the tasks back as the closing left them and starts a check-in (not timed).
    async fn begin_checkin(&mut self) -> i64 {
        let pool = self.desk.store().pool();
        sqlx::query(
            "UPDATE tasks SET status = 'not_started', blocker = NULL, blocker_at = NULL WHERE support_id = ?",
        )
        .bind(self.checkin_support)
        .execute(pool)
        .await
        .expect("resetting the tasks");
        sqlx::query("DELETE FROM tasks WHERE support_id = ? AND position >= 3")
            .bind(self.checkin_support)
            .execute(pool)
            .await
            .expect("removing the added task");
        let due = start();
        let claimed = Claimed {
            id: 0,
            key: format!(
                "checkin:{}:{}:{CHECKIN_BENEFICIARY}",
                self.checkin_support, self.checkins_done
            ),
            kind: suivi::store::DeliveryKind::Checkin,
            recipient_id: CHECKIN_BENEFICIARY as i64,
            support_id: Some(self.checkin_support),
            conversation_id: None,
            due_at: ts(due),
            payload: Payload::CheckIn.to_json(),
            attempts: 1,
            claim_token: String::new(),
        };
        let t = Instant::now();
        let started = self
            .desk
            .begin_checkin(&claimed)
            .await
            .expect("starting the check-in");
        self.begin_times.push(t.elapsed());
        match started {
            CheckInStart::Started(cid) => cid,
            other => panic!("the check-in did not start: {other:?}"),
        }
    }

    /// One timed closing step: its position, and its time.
    async fn closing_step(&mut self) -> (usize, Duration) {
        let script = self.closings_done % SCRIPTS.len();
        let conversation = match self.closing {
            Some(c) => c,
            None => {
                let c = self.begin_closing(BENEFICIARY, script).await;
                *self.closing.insert(c)
            }
        };
        let position = self.closing_at;
        let (role, input) = self.closings[script][position].clone();
        let person = match role {
            Role::Advisor => who(ADVISOR),
            Role::Beneficiary => who(BENEFICIARY),
        };
        let elapsed = self.timed(conversation, &person, input).await;
        self.closing_at += 1;
        if self.closing_at == self.closings[script].len() {
            self.finished(conversation).await;
            self.closing = None;
            self.closing_at = 0;
            self.closings_done += 1;
        }
        (position, elapsed)
    }

    /// One timed check-in step: its variant and position, and its time.
    async fn checkin_step(&mut self) -> ((usize, usize), Duration) {
        let variant = self.checkins_done % 2;
        let conversation = match self.checkin {
            Some(c) => c,
            None => {
                let c = self.begin_checkin().await;
                *self.checkin.insert(c)
            }
        };
        let position = self.checkin_at;
        let input = self.checkins[variant][position].clone();
        let elapsed = self
            .timed(conversation, &who(CHECKIN_BENEFICIARY), input)
            .await;
        self.checkin_at += 1;
        if self.checkin_at == self.checkins[variant].len() {
            self.finished(conversation).await;
            self.check_tasks(variant).await;
            self.checkin = None;
            self.checkin_at = 0;
            self.checkins_done += 1;
        }
        ((variant, position), elapsed)
    }

    /// `Desk::input`, then every returned prompt rendered: the step a person waits for.
    async fn timed(&self, conversation: i64, person: &Who, input: Input) -> Duration {
        let t = Instant::now();
        let out = self
            .desk
            .input(conversation, person, input)
            .await
            .expect("the scripted input is accepted");
        let mut rendered = 0;
        for o in &out {
            rendered += black_box(self.i18n.prompt_body(o.lang, &o.prompt)).len();
        }
        let elapsed = t.elapsed();
        assert!(rendered > 0, "a step always sends something");
        assert!(out.iter().all(|o| o.lang == Lang::Fr));
        elapsed
    }

    /// Checks the conversation ended, then does what the dispatcher would have done by now
    /// (not timed): the prompts planned so far are sent. Without it every prompt would stay
    /// `planned`, and starting a conversation, which cancels the planned prompts of the one it
    /// replaces through the `(status, due_at)` index, would scan more of them at every start.
    async fn finished(&self, conversation: i64) {
        let row = self
            .desk
            .conversation(conversation)
            .await
            .expect("reading the conversation")
            .expect("it exists");
        assert_eq!(row.status, "done", "the scripted conversation ends done");
        sqlx::query(
            "UPDATE deliveries SET status = 'sent', attempts = 1, route = 'dm', sent_at = ?
             WHERE status = 'planned' AND kind = 'prompt'",
        )
        .bind(ts(start()))
        .execute(self.desk.store().pool())
        .await
        .expect("sending the planned prompts");
    }

    /// The check-in's answers reached the tasks.
    async fn check_tasks(&self, variant: usize) {
        let rows: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT status, blocker FROM tasks WHERE support_id = ? ORDER BY position",
        )
        .bind(self.checkin_support)
        .fetch_all(self.desk.store().pool())
        .await
        .expect("reading the tasks");
        let statuses: Vec<&str> = rows.iter().map(|(s, _)| s.as_str()).collect();
        let want: &[&str] = if variant == 0 {
            &["done", "blocked", "in_progress", "not_started"]
        } else {
            &["in_progress", "not_started", "blocked"]
        };
        assert_eq!(statuses, want, "the check-in's statuses are saved");
        assert!(rows.iter().any(|(s, b)| s == "blocked" && b.is_some()));
    }
}

async fn steps_part(path: &Path, shared: &Shared) {
    let mut steps = Steps::open(path, shared).await;
    for _ in 0..WARM_UP {
        steps.closing_step().await;
        steps.checkin_step().await;
    }
    steps.begin_times.clear();
    let mut closing_times = Vec::with_capacity(STEPS);
    let mut checkin_times = Vec::with_capacity(STEPS);
    let mut checkin_by_input = vec![vec![Vec::new(); 5]; 2];
    let (closings_before, checkins_before) = (steps.closings_done, steps.checkins_done);
    let began = Instant::now();
    while closing_times.len() < STEPS {
        for _ in 0..BLOCK.min(STEPS - checkin_times.len()) {
            let ((v, at), t) = steps.checkin_step().await;
            checkin_times.push(t);
            checkin_by_input[v][at].push(t);
        }
        for _ in 0..BLOCK.min(STEPS - closing_times.len()) {
            let (_, t) = steps.closing_step().await;
            closing_times.push(t);
        }
    }
    let wall = began.elapsed();
    let ci = Summary::of(&checkin_times);
    let cl = Summary::of(&closing_times);
    println!(
        "  {STEPS} timed steps per side, blocks of {BLOCK}, {WARM_UP} warm-up steps per side; {} check-ins and {} closings; {:.1} s",
        steps.checkins_done - checkins_before,
        steps.closings_done - closings_before,
        wall.as_secs_f64()
    );
    println!();
    println!(
        "| {:<34} | {:>10} | {:>10} | {:>10} | {:>10} |",
        "µs per step (file database)", "median", "p90", "p99", "max"
    );
    println!(
        "|{:-<36}|{:->12}|{:->12}|{:->12}|{:->12}|",
        "", "", "", "", ""
    );
    for (name, s) in [
        ("check-in step (Desk::input)", &ci),
        ("closing step (Desk::input)", &cl),
    ] {
        println!(
            "| {:<34} | {:>10.1} | {:>10.1} | {:>10.1} | {:>10.1} |",
            name,
            us(s.median),
            us(s.p90),
            us(s.p99),
            us(s.max)
        );
    }
    println!();
    println!(
        "  ratios (check-in / closing): median {:.2}x, p99 {:.2}x",
        us(ci.median) / us(cl.median),
        us(ci.p99) / us(cl.p99)
    );
    let b = Summary::of(&steps.begin_times);
    println!(
        "  Desk::begin_checkin (not a step; {} starts): median {:.1} µs, p99 {:.1} µs",
        steps.begin_times.len(),
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

/// The machine's load average (1, 5, 15 minutes), as `/proc/loadavg` says.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".to_owned())
}

async fn run() {
    let config = Config::parse(include_str!("../bot.toml"), &[])
        .expect("the example bot.toml is a valid configuration");
    let i18n = I18n::load().expect("the embedded locales load");
    let shared = Shared {
        config: Arc::new(config),
        i18n: Arc::new(i18n),
        clock: Arc::new(ManualClock::new(start())),
    };
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
