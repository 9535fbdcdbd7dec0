//! Part 1: erasing a person with two years of history, lived through the desk.

use std::path::Path;
use std::time::{Duration, Instant};

use suivi::clock::{Clock, ManualClock};
use suivi::conversation::{CheckInStart, Desk, Who};
use suivi::domain::closing::Input;
use suivi::store::Claimed;

use crate::fixture::files::{remove_db, with_suffix, Scan};
use crate::fixture::seed_history::{copy_history, OTHER_PEOPLE, OTHER_SENTENCE, SENTENCE};
use crate::fixture::stats::{mib, ms, Summary};
use crate::fixture::{who, Shared, ADVISOR, GUILD};
use crate::{
    live_closing, scalar, start, week, COPIES, CYCLE, OTHERS, OTHER_ADVISORS, PERSON, PIECES,
    SCRIPTS, WEEKS,
};

/// What blocks a task, in the person's words; every third week, the sentence searched for.
pub fn blocker(w: i64) -> String {
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

/// One check-in lived through the desk, as the scheduler starts it.
pub async fn live_checkin(desk: &Desk, clock: &ManualClock, support: i64, person: &Who, w: i64) {
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
        if row.status != suivi::store::ConversationStatus::Active {
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
pub async fn live_history(desk: &Desk, clock: &ManualClock) -> i64 {
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
             WHERE status IN ('planned', 'claimed') AND due_at <= $1",
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

/// Part 1: the template database with the person's two years and the other supports.
pub async fn build_history(shared: &Shared, path: &Path) -> i64 {
    let t = Instant::now();
    let (desk, clock) = shared.desk_at(path, start()).await;
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
                 VALUES ($1, 'Conseil ' || $1, 'fr', $2, $2)",
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
    let person = |sql: &str| sql.replace("$1", &support.to_string());
    let mine = [
        person("SELECT COUNT(*) FROM agreements WHERE support_id = $1"),
        person("SELECT COUNT(*) FROM agreements WHERE support_id = $1 AND status = 'superseded'"),
        person("SELECT COUNT(*) FROM conversations c JOIN work_sessions w ON w.id = c.session_id WHERE w.support_id = $1 AND c.kind = 'checkin'"),
        person("SELECT COUNT(*) FROM answers a JOIN conversations c ON c.id = a.conversation_id JOIN work_sessions w ON w.id = c.session_id WHERE w.support_id = $1"),
        person("SELECT COUNT(*) FROM tasks WHERE support_id = $1 AND blocker IS NOT NULL"),
        person("SELECT COUNT(*) FROM tasks WHERE support_id = $1"),
        person("SELECT COUNT(*) FROM deliveries WHERE support_id = $1"),
        person("SELECT COUNT(*) FROM consent_events WHERE support_id = $1"),
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
pub struct Erasure {
    took: Duration,
    /// The baseline: the person with four weeks of history, on the same copy.
    short: Duration,
    before: Scan,
    after: Scan,
}

/// Opens a copy of the template; the person types one more answer, so that their words are
/// in the write-ahead log too.
pub async fn prepare_copy(shared: &Shared, template: &Path, copy: &Path) -> Desk {
    std::fs::copy(template, copy).expect("copying the template");
    let end = start() + week(WEEKS) + chrono::Duration::days(1);
    let (desk, _clock) = shared.desk_at(copy, end).await;
    let (advisor, person) = (who(ADVISOR, "Claire"), who(PERSON, "Moussa"));
    let (opening, _) = desk
        .between(GUILD, &advisor, &person)
        .open_session()
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
pub async fn erase_one(
    shared: &Shared,
    template: &Path,
    copy: &Path,
    short_first: bool,
) -> Erasure {
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
pub async fn erase_breakdown(
    shared: &Shared,
    template: &Path,
    copy: &Path,
) -> Vec<(String, Duration)> {
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
        ("deliveries to them (no index on recipient)", "DELETE FROM deliveries WHERE recipient_id = $1"),
        ("their supports, with everything cascading", "DELETE FROM supports WHERE beneficiary_id = $1"),
        ("advisor commitments blanked", "UPDATE agreements SET advisor_commitments = '' WHERE support_id IN (SELECT id FROM supports WHERE advisor_id = $1)"),
        ("advisor answers", "DELETE FROM answers WHERE field IN ('advisor_commitments', 'advisor_proposal') AND conversation_id IN
               (SELECT c.id FROM conversations c JOIN work_sessions w ON w.id = c.session_id
                JOIN supports s ON s.id = w.support_id WHERE s.advisor_id = $1)"),
        ("digest settings", "DELETE FROM digest_settings WHERE advisor_id = $1"),
        ("consent events (no index on person)", "DELETE FROM consent_events WHERE person_id = $1"),
        ("reschedules (no index on proposer)", "DELETE FROM reschedules WHERE proposed_by = $1"),
        ("person row", "DELETE FROM people WHERE id = $1"),
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

/// Part 1.
pub async fn erasure(shared: &Shared, dir: &Path) {
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
