//! Data rights on Discord, end to end: `/mydata export` (`/mesdonnees exporter`) and
//! `/mydata delete` (`/mesdonnees effacer`) with their confirmation buttons, through the real
//! serenity/poise client against the loopback Discord, every body validated against
//! `DISCORD_OPENAPI`. What a person sees (ephemeral replies, the JSON file, the advisor's DM)
//! and what the database holds afterwards, in French and English.

use std::collections::BTreeSet;

use discord_double::{SentKind, SentMessage, SlashSpec, UserSpec};
use serde_json::{json, Value};

use crate::discord::{
    advisor, beneficiary, stranger, whole_closing, Words, World, CHANNEL, FRENCH, GUILD, ROLE,
};
use crate::discord_followup::{dm_containing, dm_of, first_exchange, idle};

/// The English closing of `discord::the_whole_closing_in_english` (three tasks).
const ENGLISH: Words = Words {
    locale: "en-GB",
    expectations: "Understand how to set up a partnership with a town",
    next_step: "Draft a partnership agreement with the town of Thiès",
    tasks: "write to the mayor; prepare the budget; gather the board",
    means: "A translator and two volunteer days",
    first: "tuesday 10am",
    commitments: "Send the draft agreement before the next exchange",
    synthesis: "First the agreement, then the budget",
    advisor_commitments: "Review the agreement and pass on two contacts",
};

/// What one language shows, and what its people type.
struct Case {
    words: &'static Words,
    /// The tasks as the closing split them.
    tasks: &'static [&'static str],
    /// What is in the way of the second task, typed at the check-in.
    blocker: &'static str,
    /// The first check-in question starts with this.
    first_task: &'static str,
    /// Another beneficiary of the same advisor (Eve): what she expects of her first session.
    other_expectations: &'static str,
    /// The beneficiary's summary, given the number of their answers.
    summary_beneficiary: fn(usize) -> String,
    /// The advisor's summary (two supports followed, nothing as a beneficiary).
    summary_advisor: &'static str,
    /// The summary of an export after erasure: nothing.
    summary_nothing: &'static str,
    ask: &'static str,
    erase_button: &'static str,
    keep_button: &'static str,
    not_yours: &'static str,
    kept: &'static str,
    erased: &'static str,
    /// The advisor's DM after the erasure.
    told: &'static str,
}

const FR: Case = Case {
    words: &FRENCH,
    tasks: &["écrire au maire", "préparer le budget"],
    blocker: "Le secrétariat de la mairie ne répond pas et je ne sais pas à qui écrire",
    first_task: "Tâche 1 sur 2",
    other_expectations: "Trouver un local pour l’atelier de couture à Ziguinchor",
    summary_beneficiary: |answers| {
        format!(
            "Vos données\u{202f}: 1 appui comme bénéficiaire ({answers} réponses, 2 tâches, 1 accord, \
             relais\u{202f}: accepté une fois), 0 appui suivi comme chargé·e de mission. \
             Tout est dans le fichier JSON."
        )
    },
    summary_advisor:
        "Vos données\u{202f}: 0 appui comme bénéficiaire (0 réponse, 0 tâche, 0 accord, \
                      aucun choix de relais enregistré), 2 appuis suivis comme chargé·e de mission. \
                      Tout est dans le fichier JSON.",
    summary_nothing:
        "Vos données\u{202f}: 0 appui comme bénéficiaire (0 réponse, 0 tâche, 0 accord, \
                      aucun choix de relais enregistré), 0 appui suivi comme chargé·e de mission. \
                      Tout est dans le fichier JSON.",
    ask: "Cela efface tout ce que suivi conserve sur vous",
    erase_button: "Tout effacer",
    keep_button: "Garder mes données",
    not_yours: "Seule la personne qui l’a demandé peut confirmer.",
    kept: "Rien n’a été effacé.",
    erased: "C’est fait\u{202f}: tout ce que suivi conservait sur vous est effacé.",
    told: "Moussa a mis fin à l’appui et fait effacer ses données. Rien de ce qu’il contenait \
           n’est conservé.",
};

const EN: Case = Case {
    words: &ENGLISH,
    tasks: &[
        "write to the mayor",
        "prepare the budget",
        "gather the board",
    ],
    blocker: "The town hall's office never answers and I do not know whom to write to",
    first_task: "Task 1 of 3",
    other_expectations: "Find premises for the sewing workshop in Ziguinchor",
    summary_beneficiary: |answers| {
        format!(
            "Your data: 1 support as a beneficiary ({answers} answers, 3 tasks, 1 agreement, \
             relay: accepted once), 0 supports followed as an advisor. Everything is in the JSON file."
        )
    },
    summary_advisor: "Your data: 0 supports as a beneficiary (0 answers, 0 tasks, 0 agreements, \
                      no relay choice recorded), 2 supports followed as an advisor. Everything is in the \
                      JSON file.",
    summary_nothing: "Your data: 0 supports as a beneficiary (0 answers, 0 tasks, 0 agreements, \
                      no relay choice recorded), 0 supports followed as an advisor. Everything is in the \
                      JSON file.",
    ask: "This erases everything suivi holds about you",
    erase_button: "Erase everything",
    keep_button: "Keep my data",
    not_yours: "Only the person who asked can confirm this.",
    kept: "Nothing was erased.",
    erased: "Done: everything suivi held about you is erased.",
    told: "Moussa ended the support and had their data erased. Nothing of what it held is kept.",
};

impl Case {
    /// Everything the beneficiary (Moussa) typed, and the advisor's commitments to him.
    fn typed(&self) -> Vec<&'static str> {
        let w = self.words;
        let mut all = vec![
            w.expectations,
            w.next_step,
            w.means,
            w.commitments,
            w.synthesis,
            w.advisor_commitments,
            self.blocker,
        ];
        all.extend(self.tasks);
        all
    }
}

/// The closing, then the check-in half-way to the second exchange: the first task done, the
/// second blocked (its blocker typed as a DM), the others done, no new task.
async fn closing_and_a_blocked_checkin(w: &World, c: &Case) {
    let b = beneficiary();
    whole_closing(w, c.words).await;
    idle(w).await;
    w.set_time(first_exchange());
    idle(w).await;
    w.set_time("2026-12-08T09:00:00Z".parse().unwrap());
    let mut q = dm_containing(w, &b, c.first_task).await;
    for i in 1..=c.tasks.len() {
        if i == 2 {
            w.click(&b, &q, ":c:blocked", c.words.locale).await;
            let why = w.prompt(&b).await;
            assert!(why.content.contains(c.tasks[1]), "{}", why.content);
            q = w.dm(c.blocker).await;
        } else {
            w.click(&b, &q, ":c:done", c.words.locale).await;
            q = w.prompt(&b).await;
        }
    }
    // "A task to add?": skipped; then the thanks.
    w.click(&b, &q, ":skip", c.words.locale).await;
    w.prompt(&b).await;
    idle(w).await;
    let blocked: Vec<(String,)> =
        sqlx::query_as("SELECT blocker FROM tasks WHERE status = 'blocked'")
            .fetch_all(w.store().pool())
            .await
            .unwrap();
    assert_eq!(blocked, [(c.blocker.to_owned(),)]);
}

/// The advisor opens a session with Eve, who says what she expects: a second support.
async fn another_support(w: &World, c: &Case) {
    let eve = stranger();
    let locale = c.words.locale;
    w.double
        .slash(
            SlashSpec::guild(GUILD, CHANNEL, &advisor(), "session")
                .roles(&[ROLE])
                .locale(locale)
                .options(json!([{"name": "open", "options": [
                    {"name": "beneficiary", "type": 6, "value": eve.id.to_string()}
                ]}])),
        )
        .await;
    let public = loop {
        let m = w.reply(&advisor()).await;
        if matches!(m.kind, SentKind::InteractionReply { .. }) {
            break m;
        }
    };
    assert!(public.content.contains(&format!("<@{}>", eve.id)));
    w.click(&eve, &public, ":start", locale).await;
    w.prompt(&eve).await;
    w.double.dm(&eve, c.other_expectations).await;
    w.prompt(&eve).await;
    idle(w).await;
}

/// `user` runs `/mydata <sub>` (`/mesdonnees …`) in the guild's channel; returns the
/// interaction and the number of requests the bot had made before.
async fn mydata(w: &World, user: &UserSpec, sub: &str, locale: &str) -> (u64, usize) {
    let before = w.double.requests().len();
    let roles: &[u64] = if user.id == advisor().id {
        &[ROLE]
    } else {
        &[]
    };
    let it = w
        .double
        .slash(
            SlashSpec::guild(GUILD, CHANNEL, user, "mydata")
                .roles(roles)
                .locale(locale)
                .options(json!([{"name": sub, "options": []}])),
        )
        .await;
    (it.id, before)
}

/// What `/mydata export` gave `user`: the private summary and the JSON file, as the double
/// received it. Checks that nothing of it was shown publicly.
async fn export(w: &World, user: &UserSpec, locale: &str) -> (SentMessage, Value) {
    let (interaction, before) = mydata(w, user, "export", locale).await;
    let reply = reply_where(w, user, |m| m.kind == SentKind::Followup).await;
    assert!(reply.ephemeral, "the export is shown to its owner alone");
    let names: Vec<&str> = reply.attachments.iter().map(|(n, _)| n.as_str()).collect();
    let expected = if locale == "fr" {
        "suivi-mes-donnees.json"
    } else {
        "suivi-my-data.json"
    };
    assert_eq!(names, [expected]);

    let requests = &w.double.requests()[before..];
    // Acknowledged privately first (a public "thinking…" would show in the channel)...
    let deferral = requests
        .iter()
        .find(|r| r.matches("POST", &format!("/interactions/{interaction}/*/callback")))
        .expect("the command was answered");
    let body = deferral.body.as_ref().unwrap();
    assert_eq!(body["type"], json!(5), "{body}");
    assert_eq!(
        body["data"]["flags"].as_u64().unwrap_or(0) & 64,
        64,
        "{body}"
    );
    // ...then the file, as an ephemeral follow-up: the bytes parsed here are the ones sent.
    let app = w.double.application_id();
    let with_file: Vec<_> = requests
        .iter()
        .filter(|r| !r.attachments.is_empty())
        .collect();
    assert_eq!(with_file.len(), 1, "{with_file:#?}");
    let sent = with_file[0];
    assert!(
        sent.matches("POST", &format!("/webhooks/{app}/*")),
        "{} {}",
        sent.method,
        sent.path
    );
    assert_eq!(sent.status, 200);
    let flags = sent.body.as_ref().unwrap()["flags"].as_u64().unwrap_or(0);
    assert_eq!(flags & 64, 64, "the follow-up is ephemeral");
    let (name, bytes) = &sent.attachments[0];
    assert_eq!(name, expected);
    assert_eq!(bytes, &reply.attachments[0].1);
    let doc: Value = serde_json::from_slice(bytes).expect("the file is JSON");
    let errors: Vec<String> = crate::rights::schema()
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{doc:#}");
    assert_eq!(doc["user_id"], json!(user.id.to_string()));

    // Nothing posted publicly: nothing but interaction answers since the command, and
    // nothing of it in the channel.
    for r in requests {
        assert!(
            !r.path.starts_with("/channels/") || r.method == "GET",
            "{} {} during the export",
            r.method,
            r.path
        );
    }
    for m in w.double.messages_in(CHANNEL) {
        assert!(m.attachments.is_empty(), "{m:?}");
        assert!(!m.content.contains(&reply.content), "{}", m.content);
    }
    (reply, doc)
}

/// The next private answer to `user` of the kind awaited, passing over earlier ones (the
/// "check your DMs" notes of Start buttons, which come after the first question).
async fn reply_where(
    w: &World,
    user: &UserSpec,
    kind: impl Fn(&SentMessage) -> bool,
) -> SentMessage {
    loop {
        let m = w.reply(user).await;
        if kind(&m) {
            return m;
        }
    }
}

/// The reply to interaction `id`.
fn answers(id: u64) -> impl Fn(&SentMessage) -> bool {
    move |m| m.kind == SentKind::InteractionReply { interaction_id: id }
}

fn strings(doc: &Value, section: &str, field: &str) -> BTreeSet<String> {
    doc[section]
        .as_array()
        .unwrap_or_else(|| panic!("{section}: {doc:#}"))
        .iter()
        .filter_map(|v| v[field].as_str().map(str::to_owned))
        .collect()
}

fn len(doc: &Value, section: &str) -> usize {
    doc[section].as_array().map_or(0, Vec::len)
}

async fn count(w: &World, sql: &str, id: i64) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql)
        .bind(id)
        .fetch_one(w.store().pool())
        .await
        .unwrap();
    n
}

/// Every `table.column` of the database holding `needle` in some row.
async fn holding(w: &World, needle: &str) -> Vec<String> {
    let pool = w.store().pool();
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut found = Vec::new();
    for (table,) in tables {
        let columns: Vec<(String,)> = sqlx::query_as("SELECT name FROM pragma_table_info($1)")
            .bind(&table)
            .fetch_all(pool)
            .await
            .unwrap();
        for (column,) in columns {
            let sql = format!(
                "SELECT COUNT(*) FROM \"{table}\" WHERE instr(CAST(\"{column}\" AS TEXT), $1) > 0"
            );
            let (n,): (i64,) = sqlx::query_as(&sql)
                .bind(needle)
                .fetch_one(pool)
                .await
                .unwrap();
            if n > 0 {
                found.push(format!("{table}.{column}"));
            }
        }
    }
    found
}

// 1. The beneficiary takes their data away.

async fn the_beneficiary_exports(c: &Case) {
    let w = World::new(false).await;
    let b = beneficiary();
    closing_and_a_blocked_checkin(&w, c).await;
    let answers = count(
        &w,
        "SELECT COUNT(*) FROM answers a JOIN conversations c ON c.id = a.conversation_id
         JOIN work_sessions s ON s.id = c.session_id JOIN supports p ON p.id = s.support_id
         WHERE p.beneficiary_id = $1",
        b.id as i64,
    )
    .await as usize;
    assert!(answers >= 5, "{answers}");

    let (reply, doc) = export(&w, &b, c.words.locale).await;
    assert_eq!(reply.content, (c.summary_beneficiary)(answers));
    // Their answers, in their own words.
    let said = strings(&doc, "answers", "value");
    assert_eq!(len(&doc, "answers"), answers);
    for typed in [
        c.words.next_step,
        c.words.means,
        c.words.commitments,
        c.words.synthesis,
    ] {
        assert!(said.contains(typed), "{typed:?} not in {said:#?}");
    }
    assert_eq!(
        strings(&doc, "work_sessions", "expectations"),
        BTreeSet::from([c.words.expectations.to_owned()])
    );
    // Their tasks, the blocked one with what is in the way; the check-in; the agreement and
    // the relay consent, with dates.
    let tasks: Vec<(&str, &str, Option<&str>)> = doc["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["text"].as_str().unwrap(),
                t["status"].as_str().unwrap(),
                t["blocker"].as_str(),
            )
        })
        .collect();
    let expected: Vec<(&str, &str, Option<&str>)> = c
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if i == 1 {
                (*t, "blocked", Some(c.blocker))
            } else {
                (*t, "done", None)
            }
        })
        .collect();
    assert_eq!(tasks, expected);
    assert_eq!(
        strings(&doc, "check_ins", "status"),
        BTreeSet::from(["done".to_owned()])
    );
    assert_eq!(len(&doc, "agreements"), 1);
    let agreement = &doc["agreements"][0];
    assert_eq!(
        agreement["beneficiary_commitments"],
        json!(c.words.commitments)
    );
    assert_eq!(agreement["relay_consent"], json!(true));
    assert_eq!(doc["consents"][0]["relay"], json!(true));
    assert!(doc["consents"][0]["at"].is_string());
    assert_eq!(len(&doc, "beneficiary_supports"), 1);
    assert_eq!(len(&doc, "advisor_supports"), 0);
    assert_eq!(doc["person"]["display_name"], json!("Moussa"));
    // The export is audited, without its content.
    let audit = w.store().audit_lines(Some(b.id), None).await.unwrap();
    assert_eq!(
        (audit[0].1, audit[0].2.as_str()),
        (Some(b.id as i64), "export")
    );
    assert!(c.typed().iter().all(|t| !audit[0].4.contains(t)));
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_beneficiary_exports_their_data_privately_in_french() {
    the_beneficiary_exports(&FR).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_beneficiary_exports_their_data_privately_in_english() {
    the_beneficiary_exports(&EN).await;
}

// 2. The beneficiary has their data erased, after confirming it themselves.

async fn the_beneficiary_erases(c: &Case) {
    let w = World::new(false).await;
    let (b, a, eve) = (beneficiary(), advisor(), stranger());
    let locale = c.words.locale;
    closing_and_a_blocked_checkin(&w, c).await;
    another_support(&w, c).await;
    let (support,): (i64,) = sqlx::query_as("SELECT id FROM supports WHERE beneficiary_id = $1")
        .bind(b.id as i64)
        .fetch_one(w.store().pool())
        .await
        .unwrap();
    let conversations: Vec<(i64,)> = sqlx::query_as(
        "SELECT c.id FROM conversations c JOIN work_sessions s ON s.id = c.session_id
         WHERE s.support_id = $1",
    )
    .bind(support)
    .fetch_all(w.store().pool())
    .await
    .unwrap();
    let conversations: Vec<String> = conversations.iter().map(|(i,)| i.to_string()).collect();
    let conversations = conversations.join(",");
    assert!(!conversations.is_empty());
    // What is held about the beneficiary, counted the same way before and after.
    let bid = b.id as i64;
    let held = |w: &World| {
        let pool = w.store().pool().clone();
        let conversations = conversations.clone();
        async move {
            let sql = format!(
                "SELECT (SELECT COUNT(*) FROM answers WHERE conversation_id IN ({conversations})),
                        (SELECT COUNT(*) FROM conversations WHERE id IN ({conversations})),
                        (SELECT COUNT(*) FROM tasks WHERE support_id = $1),
                        (SELECT COUNT(*) FROM agreements WHERE support_id = $1),
                        (SELECT COUNT(*) FROM work_sessions WHERE support_id = $1),
                        (SELECT COUNT(*) FROM consent_events WHERE support_id = $1 OR person_id = $2),
                        (SELECT COUNT(*) FROM deliveries WHERE support_id = $1 OR recipient_id = $2),
                        (SELECT COUNT(*) FROM supports WHERE id = $1),
                        (SELECT COUNT(*) FROM people WHERE id = $2)"
            );
            let row: (i64, i64, i64, i64, i64, i64, i64, i64, i64) = sqlx::query_as(&sql)
                .bind(support)
                .bind(bid)
                .fetch_one(&pool)
                .await
                .unwrap();
            row
        }
    };
    let before = held(&w).await;
    // The scan below finds what is there.
    assert!(holding(&w, c.blocker)
        .await
        .contains(&"tasks.blocker".to_owned()));
    assert!(before.0 >= 5 && before.1 >= 3, "{before:?}");
    assert_eq!(
        (before.2, before.3, before.7, before.8),
        (c.tasks.len() as i64, 1, 1, 1)
    );
    assert!(before.6 > 0, "deliveries to the beneficiary");
    let other_support = || async {
        let row: (String, Option<String>) = sqlx::query_as(
            "SELECT p.status, s.expectations FROM supports p JOIN work_sessions s
             ON s.support_id = p.id WHERE p.beneficiary_id = $1",
        )
        .bind(eve.id as i64)
        .fetch_one(w.store().pool())
        .await
        .unwrap();
        row
    };
    assert_eq!(
        other_support().await,
        ("active".to_owned(), Some(c.other_expectations.to_owned()))
    );

    // `/mydata delete`: a private question with two buttons.
    let (it, _) = mydata(&w, &b, "delete", locale).await;
    let ask = reply_where(&w, &b, answers(it)).await;
    assert!(ask.ephemeral);
    assert!(ask.content.starts_with(c.ask), "{}", ask.content);
    assert_eq!(ask.button_labels(), [c.erase_button, c.keep_button]);
    assert!(w
        .double
        .messages_in(CHANNEL)
        .iter()
        .all(|m| !m.content.contains(c.ask)));

    // Someone else clicks "erase": refused, to them alone; nothing erased, the buttons stay.
    let erase_id = format!("rights:erase:{}", b.id);
    let it = w.double.click(&eve, &ask, &erase_id, locale).await;
    let refused = reply_where(&w, &eve, |m| {
        matches!(
            m.kind,
            SentKind::InteractionReply { .. } | SentKind::UpdateMessage
        )
    })
    .await;
    assert_eq!(
        refused.kind,
        SentKind::InteractionReply {
            interaction_id: it.id
        },
        "{refused:?}"
    );
    assert!(refused.ephemeral);
    assert_eq!(refused.content, c.not_yours);
    assert_eq!(held(&w).await, before);
    let still = w
        .double
        .message(ask.id)
        .expect("the question is still there");
    assert_eq!(still["components"].as_array().map_or(0, Vec::len), 1);

    // The beneficiary keeps their data: nothing erased, the buttons go.
    w.click(&b, &ask, &format!("rights:keep:{}", b.id), locale)
        .await;
    let kept = reply_where(&w, &b, |m| {
        m.kind == SentKind::UpdateMessage && m.id == ask.id
    })
    .await;
    assert_eq!(kept.id, ask.id);
    assert_eq!(kept.content, c.kept);
    assert!(kept.components.is_empty());
    assert_eq!(held(&w).await, before);

    // They ask again and erase.
    let (it, _) = mydata(&w, &b, "delete", locale).await;
    let ask = reply_where(&w, &b, answers(it)).await;
    assert!(ask.content.starts_with(c.ask), "{}", ask.content);
    w.click(&b, &ask, &erase_id, locale).await;
    let done = reply_where(&w, &b, |m| {
        m.kind == SentKind::UpdateMessage && m.id == ask.id
    })
    .await;
    assert_eq!(done.content, c.erased);
    assert!(done.components.is_empty());

    // Their advisor is told by DM that the support ended, not what it held.
    let told = dm_containing(&w, &a, "Moussa").await;
    assert_eq!(told.channel_id, Some(dm_of(&w, &a)));
    assert_eq!(told.content, c.told);
    for typed in c.typed() {
        assert!(
            !told.text().contains(typed),
            "{typed:?} told to the advisor"
        );
    }
    idle(&w).await;

    // Nothing of the beneficiary's is left: no answers, tasks, agreements, conversations,
    // sessions, consents, deliveries, support or person row; none of their words anywhere.
    assert_eq!(held(&w).await, (0, 0, 0, 0, 0, 0, 0, 0, 0));
    for typed in c.typed() {
        assert_eq!(holding(&w, typed).await, Vec::<String>::new(), "{typed:?}");
    }
    // The advisor's own row, Eve's row and her support with what she said stay.
    for person in [&a, &eve] {
        let n = count(
            &w,
            "SELECT COUNT(*) FROM people WHERE id = $1",
            person.id as i64,
        )
        .await;
        assert_eq!(n, 1, "{}", person.name);
    }
    assert_eq!(
        other_support().await,
        ("active".to_owned(), Some(c.other_expectations.to_owned()))
    );
    let audit = w.store().audit_lines(Some(b.id), None).await.unwrap();
    assert_eq!(
        (audit[0].1, audit[0].2.as_str()),
        (Some(b.id as i64), "erase")
    );

    // What the beneficiary would now take away: nothing.
    let (reply, doc) = export(&w, &b, locale).await;
    assert_eq!(reply.content, c.summary_nothing);
    for section in [
        "beneficiary_supports",
        "work_sessions",
        "answers",
        "agreements",
        "tasks",
        "check_ins",
        "consents",
        "advisor_supports",
        "pending_deliveries",
    ] {
        assert_eq!(len(&doc, section), 0, "{section}: {doc:#}");
    }
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erasure_is_confirmed_by_its_owner_alone_and_tells_the_advisor_nothing_in_french() {
    the_beneficiary_erases(&FR).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erasure_is_confirmed_by_its_owner_alone_and_tells_the_advisor_nothing_in_english() {
    the_beneficiary_erases(&EN).await;
}

// 3. The advisor takes their own side away, not their beneficiaries' answers.

async fn the_advisor_exports(c: &Case) {
    let w = World::new(false).await;
    let (a, b, eve) = (advisor(), beneficiary(), stranger());
    closing_and_a_blocked_checkin(&w, c).await;
    another_support(&w, c).await;

    let (reply, doc) = export(&w, &a, c.words.locale).await;
    assert_eq!(reply.content, c.summary_advisor);
    assert_eq!(doc["person"]["display_name"], json!("Claire"));
    // Their supports, with their own commitments.
    let followed: BTreeSet<String> = doc["advisor_supports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["beneficiary_id"].to_string().trim_matches('"').to_owned())
        .collect();
    assert_eq!(
        followed,
        BTreeSet::from([b.id.to_string(), eve.id.to_string()])
    );
    assert_eq!(
        strings(&doc, "advisor_supports", "advisor_commitments"),
        BTreeSet::from([c.words.advisor_commitments.to_owned()])
    );
    // Nothing of what their beneficiaries said.
    for section in [
        "beneficiary_supports",
        "work_sessions",
        "answers",
        "agreements",
        "tasks",
        "check_ins",
        "consents",
    ] {
        assert_eq!(len(&doc, section), 0, "{section}: {doc:#}");
    }
    let text = doc.to_string();
    let mut theirs = c.typed();
    theirs.retain(|t| *t != c.words.advisor_commitments);
    theirs.push(c.other_expectations);
    for said in theirs {
        assert!(!text.contains(said), "{said:?} in the advisor's export");
    }
    let audit = w.store().audit_lines(Some(a.id), None).await.unwrap();
    assert_eq!(
        (audit[0].1, audit[0].2.as_str()),
        (Some(a.id as i64), "export")
    );
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_advisor_exports_their_own_side_not_the_answers_in_french() {
    the_advisor_exports(&FR).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_advisor_exports_their_own_side_not_the_answers_in_english() {
    the_advisor_exports(&EN).await;
}

/// The French names people see.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mydata_is_mesdonnees_in_french() {
    let w = World::new(false).await;
    let cmds = w.double.commands(None);
    let cmd = cmds
        .iter()
        .find(|c| c["name"] == "mydata")
        .expect("/mydata registered");
    assert_eq!(cmd["name_localizations"]["fr"], json!("mesdonnees"));
    let subs: BTreeSet<(String, String)> = cmd["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["name"].as_str().unwrap().to_owned(),
                o["name_localizations"]["fr"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        subs,
        BTreeSet::from([
            ("delete".to_owned(), "effacer".to_owned()),
            ("export".to_owned(), "exporter".to_owned())
        ])
    );
    w.double.assert_no_violations();
}
