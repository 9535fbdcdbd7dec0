//! Check-ins between exchanges, through the real service, a real SQLite file, the real
//! dispatcher and a clock the tests move: planned half-way between two exchanges once the
//! first has passed, started when due, asked task by task in the beneficiary's language; a
//! blocked task alerts the advisor once, by DM; a restart, a crash, a check-in falling due at
//! the wrong moment, an unanswered question; and the console, scripted.

use chrono::{DateTime, Duration, Utc};
use suivi::conversation::{Change, CheckInStart, Who};
use suivi::domain::closing::Input;
use suivi::i18n::Lang;
use suivi::store::Audience;
use suivi::store::DeliveryKind::{Checkin, Nudge, Prompt};
use suivi::store::DeliveryStatus;

use crate::common::*;

/// The agreed exchanges are every two weeks from Tuesday 1 December 2026, 10:00 in Paris.
fn first() -> DateTime<Utc> {
    at("2026-12-01T09:00:00Z")
}

/// Half-way to the second exchange (15 December), at the agreed hour: Tuesday 8 December.
fn checkin_at() -> DateTime<Utc> {
    at("2026-12-08T09:00:00Z")
}

const BLOCKER_FR: &str = "Le trésorier ne répond plus et personne ne sait lire un budget";
const BLOCKER_FR_AGAIN: &str =
    "Personne au bureau ne sait construire un budget, le trésorier est absent";
const NEW_TASK_FR: &str = "Demander un rendez-vous à la région pour le cofinancement";
const BLOCKER_EN: &str = "Our treasurer left and nobody on the board can read a budget";

fn choice(id: &str) -> Input {
    Input::Choice(id.into())
}

/// The letters that reached `to` since the `from`-th try.
/// What `to` was sent since try `from` (the advisor's weekly digest aside: it is tested on
/// its own).
fn since(live: &Live, from: usize, to: u64) -> Vec<Seen> {
    live.notifier.tries()[from..]
        .iter()
        .filter(|s| s.ok && s.to == to && s.kind != suivi::store::DeliveryKind::Digest)
        .filter(|s| !crate::after_exchange::is_after_question(s))
        .cloned()
        .collect()
}

fn texts(seen: &[Seen]) -> Vec<&str> {
    seen.iter().map(|s| s.text.as_str()).collect()
}

/// `who` gives `input` to the check-in (through the dispatcher's own service); once what it
/// planned was sent, what each side received: (beneficiary, advisor).
async fn act(live: &Live, cid: i64, who: &Who, input: Input) -> (Vec<Seen>, Vec<Seen>) {
    let from = live.notifier.tries().len();
    live.desk.input(cid, who, input).await.unwrap();
    live.settle().await;
    (since(live, from, BENEFICIARY), since(live, from, ADVISOR))
}

/// The beneficiary writes in their DMs (the service finds the conversation waiting for them).
async fn write(live: &Live, who: &Who, text: &str) -> (Vec<Seen>, Vec<Seen>) {
    let from = live.notifier.tries().len();
    live.desk.text_from(who, text).await.unwrap();
    live.settle().await;
    (since(live, from, BENEFICIARY), since(live, from, ADVISOR))
}

/// The one letter in `seen`, which must contain every one of `parts`.
fn only<'a>(seen: &'a [Seen], parts: &[&str]) -> &'a Seen {
    assert_eq!(seen.len(), 1, "{seen:#?}");
    for p in parts {
        assert!(seen[0].text.contains(p), "{p:?} not in:\n{}", seen[0].text);
    }
    &seen[0]
}

/// (position, text, status, blocker, blocker_at) of every task, in order.
type TaskRow = (i64, String, String, Option<String>, Option<String>);

async fn tasks(live: &Live) -> Vec<TaskRow> {
    sqlx::query_as(
        "SELECT position, text, status, blocker, blocker_at FROM tasks ORDER BY agreement_id, position",
    )
    .fetch_all(live.desk.store().pool())
    .await
    .unwrap()
}

fn task(
    position: i64,
    text: &str,
    status: &str,
    blocker: Option<&str>,
    at: Option<&str>,
) -> TaskRow {
    (
        position,
        text.into(),
        status.into(),
        blocker.map(Into::into),
        at.map(Into::into),
    )
}

/// (kind, step, status, origin) of every check-in conversation.
async fn checkins(live: &Live) -> Vec<(String, String, Option<String>)> {
    sqlx::query_as(
        "SELECT step, status, origin FROM conversations WHERE kind = 'checkin' ORDER BY id",
    )
    .fetch_all(live.desk.store().pool())
    .await
    .unwrap()
}

/// (status, last_error, route) of the check-in deliveries, oldest due first.
async fn checkin_rows(
    live: &Live,
) -> Vec<(String, DeliveryStatus, Option<String>, Option<String>)> {
    deliveries(live.desk.store(), BENEFICIARY, Checkin)
        .await
        .into_iter()
        .map(|d| (d.due_at, d.status, d.last_error, d.route))
        .collect()
}

/// A closing agreed in `lang` (the advisor reading `advisor_lang`), the dispatcher run to the
/// first exchange: the check-in is planned half-way to the second.
async fn past_first_exchange(lang: Lang, advisor_lang: Lang) -> (Env, Live) {
    let (env, live) = agreed(lang, advisor_lang).await;
    // Before the first exchange no interval is running: no check-in.
    assert_eq!(count_kind(live.desk.store(), Checkin).await, 0);
    live.run_until(first() - Duration::seconds(1)).await;
    assert_eq!(count_kind(live.desk.store(), Checkin).await, 0);
    live.run_until(first()).await;
    let planned = deliveries(live.desk.store(), BENEFICIARY, Checkin).await;
    assert_eq!(planned.len(), 1, "{planned:#?}");
    assert_eq!(
        (planned[0].due_at.as_str(), planned[0].status),
        ("2026-12-08T09:00:00.000Z", DeliveryStatus::Planned)
    );
    assert_eq!(
        planned[0].key,
        format!(
            "checkin:{}:2026-12-08T09:00:00Z:{BENEFICIARY}",
            planned[0].support_id.unwrap()
        )
    );
    (env, live)
}

/// As [`past_first_exchange`], then on to the check-in: returns its id and its first letter.
async fn at_checkin(lang: Lang, advisor_lang: Lang) -> (Env, Live, i64, Seen) {
    let (env, live) = past_first_exchange(lang, advisor_lang).await;
    let from = live.notifier.tries().len();
    live.run_until(checkin_at() - Duration::seconds(1)).await;
    assert!(since(&live, from, BENEFICIARY).is_empty());
    live.run_until(checkin_at()).await;
    let got = since(&live, from, BENEFICIARY);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!((got[0].at, got[0].kind), (checkin_at(), Prompt));
    assert!(
        since(&live, from, ADVISOR).is_empty(),
        "the advisor is told nothing yet"
    );
    let cid = got[0].conversation.expect("a question of the check-in");
    assert_eq!(
        checkin_rows(&live).await,
        [(
            "2026-12-08T09:00:00.000Z".to_owned(),
            DeliveryStatus::Sent,
            None,
            Some("started".to_owned())
        )]
    );
    (env, live, cid, got[0].clone())
}

#[tokio::test]
async fn a_french_checkin_goes_task_by_task_and_alerts_the_advisor_once() {
    // The beneficiary reads French, the advisor English.
    let (_env, live, cid, q1) = at_checkin(Lang::Fr, Lang::En).await;
    let moussa = beneficiary(Lang::Fr);
    assert!(
        q1.text.starts_with(
            "Un petit point d’étape avant votre prochain échange\u{202f}: 3 tâches à passer en revue"
        ),
        "{}",
        q1.text
    );
    assert!(
        q1.text.ends_with(
            "Tâche 1 sur 3\u{202f}: «\u{202f}écrire au maire de Thiès\u{202f}». Où en êtes-vous\u{202f}?"
        ),
        "{}",
        q1.text
    );
    let statuses = ["Faite", "En cours", "Pas commencée", "Bloquée"];
    assert_eq!(q1.choices, statuses);

    let (b, a) = act(&live, cid, &moussa, choice("done")).await;
    let q2 = only(&b, &["Tâche 2 sur 3", "préparer le budget prévisionnel"]);
    assert_eq!(q2.choices, statuses);
    assert!(!q2.text.contains("point d’étape"), "the intro is said once");
    assert!(a.is_empty());

    let (b, a) = act(&live, cid, &moussa, choice("blocked")).await;
    let why = only(
        &b,
        &[
            "Qu’est-ce qui bloque pour «\u{202f}préparer le budget prévisionnel\u{202f}»",
            "seul·e votre chargé·e de mission le lira",
        ],
    );
    assert!(why.choices.is_empty(), "answered in their own words");
    assert!(a.is_empty(), "no alert before they say what blocks");

    // A filler is not what is in the way: asked again, nothing recorded, nobody alerted.
    let (b, a) = write(&live, &moussa, "ok").await;
    only(
        &b,
        &[
            "Pouvez-vous en dire un peu plus",
            "Qu’est-ce qui bloque pour",
        ],
    );
    assert!(a.is_empty());
    assert_eq!(tasks(&live).await[1].3, None);

    // An hour later, they say it.
    live.run_until(checkin_at() + Duration::hours(1)).await;
    let (b, a) = write(&live, &moussa, BLOCKER_FR).await;
    only(&b, &["Tâche 3 sur 3", "réunir le bureau de l'association"]);
    let alert = only(&a, &[]);
    assert_eq!(
        alert.text,
        format!(
            "Moussa is blocked on \"préparer le budget prévisionnel\". In their words (confidential): {BLOCKER_FR}"
        )
    );
    assert_eq!(alert.kind, Prompt);
    assert_eq!(alert.at, checkin_at() + Duration::hours(1));

    // Back to what is in the way, said again in other words: recorded, no second alert.
    let (b, a) = act(&live, cid, &moussa, Input::Back).await;
    only(
        &b,
        &["Qu’est-ce qui bloque pour «\u{202f}préparer le budget prévisionnel"],
    );
    assert!(a.is_empty());
    live.run_until(checkin_at() + Duration::hours(2)).await;
    let (b, a) = write(&live, &moussa, BLOCKER_FR_AGAIN).await;
    only(&b, &["Tâche 3 sur 3"]);
    assert!(a.is_empty(), "alerted once: {a:#?}");
    // Back to the task's status, blocked again, nothing more said: still no second alert.
    act(&live, cid, &moussa, Input::Back).await;
    let (b, _) = act(&live, cid, &moussa, Input::Back).await;
    only(&b, &["Tâche 2 sur 3"]);
    let (_, a1) = act(&live, cid, &moussa, choice("blocked")).await;
    let (b, a2) = act(&live, cid, &moussa, Input::Skip).await;
    only(&b, &["Tâche 3 sur 3"]);
    assert!(a1.is_empty() && a2.is_empty(), "{a1:#?} {a2:#?}");

    let (b, a) = act(&live, cid, &moussa, choice("in_progress")).await;
    only(
        &b,
        &["Souhaitez-vous ajouter une tâche, avec vos propres mots"],
    );
    assert!(a.is_empty());
    // The task to add is theirs, in their own words: a filler is refused.
    let (b, _) = write(&live, &moussa, "ok").await;
    only(
        &b,
        &[
            "Pouvez-vous en dire un peu plus",
            "Souhaitez-vous ajouter une tâche",
        ],
    );
    let (b, a) = write(&live, &moussa, NEW_TASK_FR).await;
    only(
        &b,
        &["Merci\u{202f}! Votre chargé·e de mission verra où vous en êtes."],
    );
    let summary = only(&a, &[]);
    assert_eq!(
        summary.text,
        "Moussa answered the check-in: 1 of 3 tasks done, 1 blocked, 1 added."
    );

    // The advisor had exactly one alert, and the beneficiary never saw it nor their own
    // blocker repeated back.
    let to_advisor = live.notifier.sent(ADVISOR, Prompt);
    let alerts: Vec<&Seen> = to_advisor
        .iter()
        .filter(|s| s.text.contains("is blocked on"))
        .collect();
    assert_eq!(alerts.len(), 1, "{alerts:#?}");
    for s in live.notifier.tries().iter().filter(|s| s.to == BENEFICIARY) {
        for secret in [BLOCKER_FR, BLOCKER_FR_AGAIN, "confidenti"] {
            assert!(
                !s.text.contains(secret),
                "{secret:?} sent to the beneficiary:\n{}",
                s.text
            );
        }
    }

    // The alert was sent: the outbox keeps no text of it (the blocker stays in its task only).
    for secret in [BLOCKER_FR, BLOCKER_FR_AGAIN] {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM deliveries WHERE payload LIKE '%' || $1 || '%'")
                .bind(secret)
                .fetch_one(live.desk.store().pool())
                .await
                .unwrap();
        assert_eq!(n, 0, "{secret:?} left in the outbox");
    }

    // What the database holds: statuses, the latest blocker with when it was said, the task
    // added; the check-in done.
    assert_eq!(
        tasks(&live).await,
        [
            task(0, "écrire au maire de Thiès", "done", None, None),
            task(
                1,
                "préparer le budget prévisionnel",
                "blocked",
                Some(BLOCKER_FR_AGAIN),
                Some("2026-12-08T11:00:00.000Z")
            ),
            task(
                2,
                "réunir le bureau de l'association",
                "in_progress",
                None,
                None
            ),
            task(3, NEW_TASK_FR, "not_started", None, None),
        ]
    );
    let support = live
        .desk
        .support_of(GUILD, BENEFICIARY, None)
        .await
        .unwrap();
    assert_eq!(
        checkins(&live).await,
        [(
            "done".to_owned(),
            "done".to_owned(),
            Some(format!(
                "checkin:{}:2026-12-08T09:00:00Z:{BENEFICIARY}",
                support.id
            ))
        )]
    );

    // The next check-in, half-way to the third exchange, asks only about what is not done.
    let from = live.notifier.tries().len();
    live.run_until(at("2026-12-22T09:00:00Z")).await;
    let next = since(&live, from, BENEFICIARY);
    let next: Vec<&Seen> = next.iter().filter(|s| s.kind == Prompt).collect();
    assert_eq!(next.len(), 1, "{next:#?}");
    assert!(next[0].text.contains("3 tâches"), "{}", next[0].text);
    assert!(
        next[0]
            .text
            .contains("Tâche 1 sur 3\u{202f}: «\u{202f}préparer le budget prévisionnel\u{202f}»"),
        "{}",
        next[0].text
    );
    assert_ne!(next[0].conversation, Some(cid));
}

#[tokio::test]
async fn an_english_checkin_with_back_pause_and_a_near_copy_refused() {
    // The beneficiary reads English, the advisor French.
    let (_env, live, cid, q1) = at_checkin(Lang::En, Lang::Fr).await;
    let moussa = beneficiary(Lang::En);
    assert_eq!(
        q1.text,
        "Time for a quick check-in before your next exchange: 3 tasks to look at, one at a time. \
         It only takes a minute.\n\nTask 1 of 3: \"write to the mayor of Thiès\". Where are you with it?"
    );
    assert_eq!(
        q1.choices,
        ["Done", "In progress", "Not started", "Blocked"]
    );

    let (b, _) = act(&live, cid, &moussa, choice("not_started")).await;
    only(&b, &["Task 2 of 3: \"prepare the budget\""]);
    let (b, _) = act(&live, cid, &moussa, choice("blocked")).await;
    only(
        &b,
        &["What is in the way of \"prepare the budget\"? Say it in your own words: only your advisor will read it."],
    );
    // The task's own words again are not what is in the way.
    let (b, a) = write(&live, &moussa, "Prepare the budget").await;
    only(&b, &["almost word for word", "What is in the way of"]);
    assert!(a.is_empty());
    let (b, a) = write(&live, &moussa, BLOCKER_EN).await;
    only(&b, &["Task 3 of 3: \"gather the association's board\""]);
    let alert = only(&a, &[]);
    assert_eq!(
        alert.text,
        format!(
            "Moussa est bloqué·e sur «\u{202f}prepare the budget\u{202f}». Avec ses mots (confidentiel)\u{202f}: {BLOCKER_EN}"
        )
    );

    // They change their mind twice: in progress after all, then blocked again, saying why.
    act(&live, cid, &moussa, Input::Back).await;
    let (b, _) = act(&live, cid, &moussa, Input::Back).await;
    only(&b, &["Task 2 of 3"]);
    act(&live, cid, &moussa, choice("in_progress")).await;
    assert_eq!(
        tasks(&live).await[1],
        task(1, "prepare the budget", "in_progress", None, None)
    );
    act(&live, cid, &moussa, Input::Back).await;
    act(&live, cid, &moussa, choice("blocked")).await;
    let (b, a) = write(&live, &moussa, BLOCKER_EN).await;
    only(&b, &["Task 3 of 3"]);
    assert!(a.is_empty(), "one alert per blocked task: {a:#?}");

    // A pause, then an answer: the question is asked again, nothing taken.
    let (b, _) = act(&live, cid, &moussa, Input::Pause).await;
    only(&b, &["Paused. Nothing is lost"]);
    let (b, a) = act(&live, cid, &moussa, choice("done")).await;
    only(&b, &["Task 3 of 3"]);
    assert!(a.is_empty());
    assert_eq!(tasks(&live).await[2].2, "not_started");
    act(&live, cid, &moussa, choice("done")).await;
    let (b, a) = act(&live, cid, &moussa, Input::Skip).await;
    only(&b, &["Thank you! Your advisor will see where you stand."]);
    assert_eq!(
        only(&a, &[]).text,
        "Moussa a répondu au point d’étape\u{202f}: 1 tâche faite sur 3, 1 bloquée."
    );
    let alerts = live
        .notifier
        .sent(ADVISOR, Prompt)
        .into_iter()
        .filter(|s| s.text.contains(BLOCKER_EN))
        .count();
    assert_eq!(alerts, 1);
    assert_eq!(
        tasks(&live).await,
        [
            task(0, "write to the mayor of Thiès", "not_started", None, None),
            task(
                1,
                "prepare the budget",
                "blocked",
                Some(BLOCKER_EN),
                Some("2026-12-08T09:00:00.000Z")
            ),
            task(2, "gather the association's board", "done", None, None),
        ]
    );
}

#[tokio::test]
async fn a_new_process_resumes_the_checkin_where_it_stopped() {
    let (env, live, cid, _) = at_checkin(Lang::Fr, Lang::Fr).await;
    let moussa = beneficiary(Lang::Fr);
    act(&live, cid, &moussa, choice("done")).await;
    act(&live, cid, &moussa, choice("blocked")).await;
    // The process stops while the blocker question waits; another starts on the same file
    // the next morning, with its own service and dispatcher.
    let (desk, _) = live.stop().await;
    drop(desk);
    env.clock.set(checkin_at() + Duration::hours(20));
    let live = Live::start_on(&env, live_desk(&env).await, TestNotifier::new(&env));
    live.settle().await;
    assert!(
        live.notifier.tries().is_empty(),
        "nothing is sent again by itself"
    );
    // The beneficiary asks where they were: the question they were at.
    let (b, _) = act(&live, cid, &moussa, Input::Show).await;
    only(
        &b,
        &["Qu’est-ce qui bloque pour «\u{202f}préparer le budget prévisionnel"],
    );
    // Their next message in DMs answers it; the new process alerts the advisor.
    let (b, a) = write(&live, &moussa, BLOCKER_FR).await;
    only(&b, &["Tâche 3 sur 3"]);
    only(&a, &["Moussa est bloqué·e sur", BLOCKER_FR]);
    let (b, _) = act(&live, cid, &moussa, choice("not_started")).await;
    only(&b, &["Souhaitez-vous ajouter une tâche"]);
    let (_, a) = act(&live, cid, &moussa, Input::Skip).await;
    only(
        &a,
        &["Moussa a répondu au point d’étape\u{202f}: 1 tâche faite sur 3, 1 bloquée."],
    );
    assert_eq!(
        tasks(&live).await,
        [
            task(0, "écrire au maire de Thiès", "done", None, None),
            task(
                1,
                "préparer le budget prévisionnel",
                "blocked",
                Some(BLOCKER_FR),
                Some("2026-12-09T05:00:00.000Z")
            ),
            task(
                2,
                "réunir le bureau de l'association",
                "not_started",
                None,
                None
            ),
        ]
    );
    let rows = checkins(&live).await;
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].0.as_str(), rows[0].1.as_str()), ("done", "done"));
}

#[tokio::test]
async fn a_checkin_whose_start_crashed_is_started_once() {
    let (env, live) = past_first_exchange(Lang::Fr, Lang::Fr).await;
    live.run_until(checkin_at() - Duration::minutes(1)).await;
    let (desk, _) = live.stop().await;
    // A dispatcher claims the due check-in and starts it, then dies before recording that
    // it did.
    env.clock.set(checkin_at());
    let claimed = desk
        .store()
        .claim(checkin_at(), Duration::seconds(120), 8, Audience::All)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1, "{claimed:#?}");
    assert_eq!(claimed[0].kind, suivi::store::DeliveryKind::Checkin);
    let CheckInStart::Started(cid) = desk.begin_checkin(&claimed[0]).await.unwrap() else {
        panic!("the check-in starts")
    };
    drop(desk);
    // The lease runs out; another process starts on the file.
    env.clock.set(checkin_at() + Duration::minutes(5));
    let live = Live::start_on(&env, live_desk(&env).await, TestNotifier::new(&env));
    live.settle().await;
    let rows = checkins(&live).await;
    assert_eq!(rows.len(), 1, "one check-in: {rows:#?}");
    assert_eq!(rows[0].1, "active");
    let row = deliveries(live.desk.store(), BENEFICIARY, Checkin).await;
    assert_eq!(
        (
            row[0].status,
            row[0].last_error.as_deref(),
            row[0].route.as_deref(),
            row[0].attempts
        ),
        (DeliveryStatus::Sent, None, Some("started"), 2),
        "recorded as started, not as skipped for the check-in itself"
    );
    // Its first question, planned with it, reaches the beneficiary once.
    let asked = live.notifier.sent(BENEFICIARY, Prompt);
    assert_eq!(asked.len(), 1, "{asked:#?}");
    assert_eq!(asked[0].conversation, Some(cid));
    assert!(asked[0].text.contains("Tâche 1 sur 3"), "{}", asked[0].text);
    // Started a third time by hand, it is found, not duplicated.
    assert_eq!(
        live.desk.begin_checkin(&claimed[0]).await.unwrap(),
        CheckInStart::AlreadyStarted
    );
    assert_eq!(checkins(&live).await.len(), 1);
}

#[tokio::test]
async fn a_checkin_due_while_a_new_closing_is_in_progress_is_skipped() {
    let (_env, live) = past_first_exchange(Lang::Fr, Lang::Fr).await;
    // On 3 December the advisor closes another work session; the beneficiary has not
    // started it yet.
    live.run_until(at("2026-12-03T14:00:00Z")).await;
    let (closing, _) = live
        .desk
        .between(GUILD, &advisor(Lang::Fr), &beneficiary(Lang::Fr))
        .start_closing(false)
        .await
        .unwrap();
    live.settle().await;
    let from = live.notifier.tries().len();
    live.run_until(checkin_at() + Duration::days(1)).await;
    let sent: Vec<_> = live.notifier.tries()[from..]
        .iter()
        .filter(|s| s.kind != suivi::store::DeliveryKind::Digest)
        .cloned()
        .collect();
    assert!(sent.is_empty(), "nothing sent: {sent:#?}");
    assert_eq!(
        checkin_rows(&live).await,
        [(
            "2026-12-08T09:00:00.000Z".to_owned(),
            DeliveryStatus::Skipped,
            Some("conversation_in_progress".to_owned()),
            None
        )]
    );
    assert!(checkins(&live).await.is_empty());
    // The closing is still there, where it was.
    let row = live.desk.conversation(closing).await.unwrap().unwrap();
    assert_eq!(
        (row.status, row.kind.as_str()),
        (suivi::store::ConversationStatus::Active, "closing")
    );
}

#[tokio::test]
async fn a_checkin_is_not_started_for_a_paused_support() {
    // Paused before it falls due: the planned check-in is cancelled with the reminders.
    let (_env, live) = past_first_exchange(Lang::Fr, Lang::Fr).await;
    live.run_until(at("2026-12-03T14:00:00Z")).await;
    live.desk
        .change_support(GUILD, &beneficiary(Lang::Fr), None, Change::Pause)
        .await
        .unwrap();
    live.settle().await;
    let from = live.notifier.tries().len();
    live.run_until(checkin_at() + Duration::days(1)).await;
    assert!(since(&live, from, BENEFICIARY).is_empty());
    assert_eq!(checkin_rows(&live).await[0].1, DeliveryStatus::Cancelled);
    assert!(checkins(&live).await.is_empty());

    // Claimed by a dispatcher that stopped before starting it, and paused meanwhile: when
    // the next one takes it, it is skipped, with the reason.
    let (env, live) = past_first_exchange(Lang::Fr, Lang::Fr).await;
    live.run_until(checkin_at() - Duration::minutes(1)).await;
    let (desk, _) = live.stop().await;
    env.clock.set(checkin_at());
    let claimed = desk
        .store()
        .claim(checkin_at(), Duration::seconds(120), 8, Audience::All)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    desk.change_support(GUILD, &beneficiary(Lang::Fr), None, Change::Pause)
        .await
        .unwrap();
    env.clock.set(checkin_at() + Duration::minutes(5));
    let live = Live::start_on(&env, desk, TestNotifier::new(&env));
    live.run_for(Duration::days(1)).await;
    assert_eq!(
        checkin_rows(&live).await,
        [(
            "2026-12-08T09:00:00.000Z".to_owned(),
            DeliveryStatus::Skipped,
            Some("support_not_active".to_owned()),
            None
        )]
    );
    assert!(checkins(&live).await.is_empty());
    assert!(
        live.notifier.sent(BENEFICIARY, Prompt).is_empty()
            && live.notifier.sent(BENEFICIARY, Nudge).is_empty(),
        "{:#?}",
        live.notifier.tries()
    );
}

#[tokio::test]
async fn an_unanswered_checkin_question_is_asked_again_once_after_48_hours() {
    let (_env, live, cid, q1) = at_checkin(Lang::Fr, Lang::Fr).await;
    live.run_until(checkin_at() + Duration::hours(48) - Duration::seconds(1))
        .await;
    assert!(live.notifier.sent(BENEFICIARY, Nudge).is_empty());
    live.run_until(checkin_at() + Duration::hours(48)).await;
    let nudges = live.notifier.sent(BENEFICIARY, Nudge);
    assert_eq!(nudges.len(), 1);
    let n = &nudges[0];
    assert_eq!(
        (n.at, n.conversation),
        (checkin_at() + Duration::hours(48), Some(cid))
    );
    assert!(
        n.text
            .starts_with("Petit rappel\u{202f}: cette question attend toujours votre réponse"),
        "{}",
        n.text
    );
    assert!(n.text.contains("Tâche 1 sur 3"), "{}", n.text);
    assert_eq!(n.choices, q1.choices);
    // Never a second time: until the next exchange, nothing more to the beneficiary but its
    // reminder.
    live.run_until(at("2026-12-14T23:00:00Z")).await;
    assert_eq!(live.notifier.sent(BENEFICIARY, Nudge).len(), 1);
    let asked: Vec<Seen> = live
        .notifier
        .sent(BENEFICIARY, Prompt)
        .into_iter()
        .filter(|s| s.conversation == Some(cid))
        .collect();
    assert_eq!(texts(&asked), [q1.text.as_str()]);
    let rows = deliveries(live.desk.store(), BENEFICIARY, Nudge).await;
    let of_checkin: Vec<DeliveryStatus> = rows
        .iter()
        .filter(|r| r.conversation_id == Some(cid))
        .map(|r| r.status)
        .collect();
    assert_eq!(of_checkin, [DeliveryStatus::Sent]);
}

#[tokio::test]
async fn a_scripted_console_run_reaches_the_checkin_and_answers_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("console.db");
    // The French closing of the example, then fifteen days: the first exchange is at most a
    // week ahead (next Tuesday, 10:00), the check-in a week after it (an hour later in UTC
    // at most, across a change of daylight saving time), so within the wait whatever the day
    // and hour the test runs. (The console's clock is the real one, shifted by `/wait`.)
    let closing: Vec<String> = crate::console::script("console-fr.txt")
        .lines()
        .take_while(|l| !l.starts_with("/plan"))
        .map(str::to_owned)
        .collect();
    let first_run = format!(
        "{}\n/wait 15d\n1\n4\nok\n{BLOCKER_FR}\n/quit\n",
        closing.join("\n")
    );
    let out = crate::console::run_console(&db, "fr", &first_run);
    let checkin = out
        .find("Un petit point d’étape")
        .unwrap_or_else(|| panic!("no check-in:\n{out}"));
    let out = &out[checkin..];
    for expected in [
        "Tâche 1 sur 3\u{202f}: «\u{202f}écrire au maire de Thiès\u{202f}»",
        "  1. Faite\n  2. En cours\n  3. Pas commencée\n  4. Bloquée",
        "Tâche 2 sur 3\u{202f}: «\u{202f}préparer le budget prévisionnel\u{202f}»",
        "Qu’est-ce qui bloque pour «\u{202f}préparer le budget prévisionnel\u{202f}»",
        "Pouvez-vous en dire un peu plus",
        &format!("(confidentiel)\u{202f}: {BLOCKER_FR}"),
        "Tâche 3 sur 3\u{202f}: «\u{202f}réunir le bureau de l'association\u{202f}»",
    ] {
        assert!(out.contains(expected), "{expected:?} not in:\n{out}");
    }
    // Quit in the middle; the next run resumes the check-in where it stopped.
    let out = crate::console::run_console(&db, "fr", &format!("2\n{NEW_TASK_FR}\n/quit\n"));
    for expected in [
        "Reprise",
        "Tâche 3 sur 3\u{202f}: «\u{202f}réunir le bureau de l'association\u{202f}»",
        "Souhaitez-vous ajouter une tâche",
        "Merci\u{202f}! Votre chargé·e de mission verra où vous en êtes.",
        "a répondu au point d’étape\u{202f}: 1 tâche faite sur 3, 1 bloquée, 1 ajoutée.",
    ] {
        assert!(out.contains(expected), "{expected:?} not in:\n{out}");
    }
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(&db))
            .await
            .unwrap();
    let rows: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT text, status, blocker FROM tasks ORDER BY position")
            .fetch_all(&pool)
            .await
            .unwrap();
    let row = |t: &str, s: &str, b: Option<&str>| (t.to_owned(), s.to_owned(), b.map(Into::into));
    assert_eq!(
        rows,
        [
            row("écrire au maire de Thiès", "done", None),
            row(
                "préparer le budget prévisionnel",
                "blocked",
                Some(BLOCKER_FR)
            ),
            row("réunir le bureau de l'association", "in_progress", None),
            row(NEW_TASK_FR, "not_started", None),
        ]
    );
    let (status,): (String,) =
        sqlx::query_as("SELECT status FROM conversations WHERE kind = 'checkin'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(status, "done");
}
