//! Every first-exchange date of the closing is read back in full (weekday, date, time, zone)
//! before the next question, with a way to correct it there; a first date off the agreed
//! rhythm is said so, and the person chooses (issue 14, items 1 and 2). Through the service,
//! the console and the Discord double, in both languages, and a property test tying the
//! read-back to what is stored, shown by `/plan`, reminded and exported to the calendar.

mod console;
mod desk;
mod discord;
mod property;

use suivi::domain::closing::Input;
use suivi::i18n::Lang;

use crate::common::*;

/// Starts a closing in `lang` and answers up to the first-exchange question with the rhythm
/// `rhythm`: a preset (`weekly`, `biweekly`, `monthly`) or words typed after "another rhythm".
pub async fn to_first_exchange(env: &Env, lang: Lang, rhythm: &str) -> i64 {
    let (closing, _) = crate::closing_ux::to_called_on_for(env, lang).await;
    env.choose(closing, lang, "next").await;
    env.choose(closing, lang, "yes").await;
    if ["weekly", "biweekly", "monthly"].contains(&rhythm) {
        env.choose(closing, lang, rhythm).await;
    } else {
        env.choose(closing, lang, "custom").await;
        env.text(closing, lang, rhythm).await;
    }
    assert_eq!(env.step(closing).await, "first_exchange");
    closing
}

/// From the read-back confirmed to both sides' agreement (means, commitments, recap).
pub async fn finish(env: &Env, closing: i64, lang: Lang) {
    let s = if lang == Lang::Fr { &FR } else { &EN };
    assert_eq!(env.step(closing).await, "exchange_means");
    env.say(
        closing,
        &beneficiary(lang),
        Input::Choices(vec!["email".into()]),
    )
    .await
    .unwrap();
    env.say(
        closing,
        &advisor(lang),
        Input::AdvisorCommitments(s.advisor_commitments.into()),
    )
    .await
    .unwrap();
    env.text(closing, lang, s.commitments).await;
    agree(env, closing, lang, lang, s).await;
}

/// The active agreement as stored: (first exchange local, its instant, where the rhythm
/// starts when the first exchange is off it).
pub async fn stored(env: &Env) -> (String, String, Option<String>) {
    sqlx::query_as(
        "SELECT first_exchange_local, first_exchange_utc, rhythm_from_local
         FROM agreements WHERE status = 'active'",
    )
    .fetch_one(env.desk.store().pool())
    .await
    .unwrap()
}

/// What `/plan` shows the beneficiary.
pub async fn plan(env: &Env, lang: Lang) -> String {
    let p = env.desk.plan(BENEFICIARY, GUILD).await.unwrap().unwrap();
    env.i18n.prompt_body(lang, &p)
}

/// The instants of the exchanges the planned reminders are about, earliest first.
pub async fn reminded(env: &Env) -> Vec<chrono::DateTime<chrono::Utc>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT expires_at FROM deliveries WHERE kind = 'reminder' ORDER BY expires_at",
    )
    .fetch_all(env.desk.store().pool())
    .await
    .unwrap();
    rows.into_iter().map(|(t,)| at(&t)).collect()
}

/// The events' `DTSTART` lines of the calendar file, in order (not the time zone's).
pub async fn ics_starts(env: &Env, lang: Lang) -> Vec<String> {
    let cal = env
        .desk
        .calendar_of(BENEFICIARY, GUILD)
        .await
        .unwrap()
        .unwrap();
    cal.ics(&env.i18n, lang)
        .lines()
        .filter(|l| l.starts_with("DTSTART;TZID="))
        .map(str::to_owned)
        .collect()
}

/// The labels of the options a prompt offers, in `lang`.
pub fn labels(env: &Env, lang: Lang, out: &[suivi::conversation::Outgoing]) -> Vec<String> {
    use suivi::domain::prompt::Expect;
    out.iter()
        .filter(|o| o.to == BENEFICIARY)
        .flat_map(|o| match &o.prompt.expect {
            Expect::One(opts) | Expect::OneOrText(opts) | Expect::Many(opts) => opts.clone(),
            _ => Vec::new(),
        })
        .map(|o| env.i18n.msg(lang, &o.label))
        .collect()
}
