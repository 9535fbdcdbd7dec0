//! Honest counts in the digest (issue 15 item 6): the first one counts from the start of the
//! support, on-demand and weekly ones from the same weekly mark and say which; what could not
//! be delivered is named with whom it was for (never its text); a zone changed after a digest
//! never gives a second one the same week.

use chrono::Duration;
use suivi::conversation::DigestScope;
use suivi::domain::access::Actor;
use suivi::i18n::Lang;
use suivi::outbox::SendError;
use suivi::store::DeliveryKind::Digest;

use crate::common::*;

/// The advisor's weekly mark as the digest words it.
fn weekly_mark(env: &Env, lang: Lang, at: chrono::DateTime<chrono::Utc>) -> String {
    let when = env.i18n.when(lang, at, chrono_tz::Europe::Paris);
    match lang {
        Lang::Fr => format!("depuis le résumé hebdomadaire du {when}"),
        Lang::En | Lang::EnGb => format!("since the weekly digest of {when}"),
    }
}

async fn last_sent(env: &Env) -> chrono::DateTime<chrono::Utc> {
    let settings = env
        .desk
        .store()
        .digest_settings(ADVISOR)
        .await
        .expect("the digest settings")
        .expect("a digest was planned");
    at(&settings.last_sent_at.expect("a digest was sent"))
}

#[tokio::test]
async fn weekly_and_on_demand_digests_count_from_the_same_mark_and_say_it() {
    for (lang, start) in [
        (
            Lang::Fr,
            "Votre résumé depuis le début de l’accompagnement\u{202f}:",
        ),
        (Lang::En, "Your digest since the support began:"),
    ] {
        let (env, live) = agreed(lang, lang).await;
        // Saturday 28 November → Monday 30 November, 9:00: the first weekly digest.
        live.run_for(Duration::days(3)).await;
        let sent = live.notifier.sent(ADVISOR, Digest);
        assert_eq!(sent.len(), 1, "{sent:#?}");
        assert!(sent[0].text.starts_with(start), "{}", sent[0].text);
        for wrong in ["précédent", "since the last", "previous"] {
            assert!(!sent[0].text.contains(wrong), "{}", sent[0].text);
        }
        let mark = weekly_mark(&env, lang, last_sent(&env).await);
        // Asked for on Tuesday: counted from Monday's weekly digest, and said so.
        live.run_for(Duration::days(1)).await;
        live.desk
            .request_digest(&Actor::person(ADVISOR), DigestScope::Mine)
            .await
            .expect("a digest on demand");
        live.settle().await;
        let sent = live.notifier.sent(ADVISOR, Digest);
        assert_eq!(sent.len(), 2, "{sent:#?}");
        assert!(sent[1].text.contains(&mark), "{mark}\n{}", sent[1].text);
        // The next weekly one counts from the same mark: on-demand digests do not move it.
        live.run_for(Duration::days(6)).await;
        let sent = live.notifier.sent(ADVISOR, Digest);
        assert_eq!(sent.len(), 3, "{sent:#?}");
        assert!(sent[2].text.contains(&mark), "{mark}\n{}", sent[2].text);
    }
}

#[tokio::test]
async fn a_message_that_could_not_be_delivered_is_named_with_whom_it_was_for() {
    for (lang, line) in [
        (
            Lang::Fr,
            "✉ 1 message n’a pas pu être remis ou est arrivé trop tard\u{202f}: une question de la conversation pour Moussa.",
        ),
        (
            Lang::En,
            "✉ 1 message could not be delivered or came too late: a question of the conversation for Moussa.",
        ),
    ] {
        let env = env().await;
        let live = Live::start(&env).await;
        live.notifier
            .fail(Some(BENEFICIARY), 1, SendError::DmClosed);
        started(&env, lang).await;
        live.settle().await;
        let digest = live
            .desk
            .digest_prompt(&Actor::person(ADVISOR), DigestScope::Mine, None)
            .await
            .expect("a digest");
        let text = env.i18n.prompt_body(lang, &digest);
        assert!(text.contains(line), "{text}");
    }
}

#[tokio::test]
async fn a_zone_changed_after_a_digest_never_gives_a_second_one_that_week() {
    for lang in [Lang::Fr, Lang::En] {
        let (env, live) = agreed(lang, lang).await;
        live.run_for(Duration::days(3)).await;
        assert_eq!(live.notifier.sent(ADVISOR, Digest).len(), 1);
        let first = last_sent(&env).await;
        // Monday 9:00 in New York is still ahead on this Monday: not this week, the next.
        let next = live
            .desk
            .set_digest_settings(ADVISOR, None, None, Some(chrono_tz::America::New_York))
            .await
            .expect("the new zone is saved");
        assert!(next - first >= Duration::days(6), "{first} then {next}");
        live.run_for(Duration::days(6)).await;
        assert_eq!(live.notifier.sent(ADVISOR, Digest).len(), 1);
        live.run_for(Duration::days(2)).await;
        let sent = live.notifier.sent(ADVISOR, Digest);
        assert_eq!(sent.len(), 2, "{sent:#?}");
        let held = env
            .desk
            .store()
            .digest_settings(ADVISOR)
            .await
            .expect("the digest settings")
            .expect("a digest is planned");
        assert_eq!(held.timezone.as_deref(), Some("America/New_York"));
    }
}

#[tokio::test]
async fn the_consoles_digest_counts_from_the_weekly_mark_and_names_it() {
    for (lang, file, weekly, start) in [
        (
            "fr",
            "console-fr.txt",
            "depuis le résumé hebdomadaire du",
            "depuis le début de l’accompagnement",
        ),
        (
            "en",
            "console-en.txt",
            "since the weekly digest of",
            "since the support began",
        ),
    ] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = dir.path().join("console.db");
        crate::console::run_console(&db, lang, &crate::console::script(file));
        // Eight days on, a weekly digest has gone out: `/digest` counts from it and says so.
        let out = crate::console::run_console(&db, lang, "/wait 8d\n/digest\n/quit\n");
        let asked = out
            .split("> /digest")
            .nth(1)
            .unwrap_or_else(|| panic!("{out}"));
        assert!(asked.contains(weekly), "{out}");
        assert!(!asked.contains(start), "{out}");
    }
}
