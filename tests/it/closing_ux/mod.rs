//! The closing as people live it, through the service: "what an advisor can be called on for"
//! in the reader's language, the other means of exchange, the order of commitments, stale
//! answers, a second closing while one is in progress, a state saved by the previous release.

mod commitments;
mod earlier_release;
mod languages_and_means;
mod stale_and_in_progress;

use suivi::domain::closing::Input;
use suivi::i18n::Lang;

use crate::common::*;

/// Starts a closing in `lang` and answers up to "what your advisor can be called on for";
/// returns the closing and what the beneficiary then read.
pub async fn to_called_on_for(env: &Env, lang: Lang) -> (i64, String) {
    let s = if lang == Lang::Fr { &FR } else { &EN };
    let (closing, _) = env
        .desk
        .between(GUILD, &advisor(lang), &beneficiary(lang))
        .start_closing(false)
        .await
        .unwrap();
    env.choose(closing, lang, "yes").await;
    env.say(closing, &beneficiary(lang), Input::Skip)
        .await
        .unwrap();
    env.choose(closing, lang, "yes").await;
    env.text(closing, lang, s.next_step).await;
    env.text(closing, lang, s.tasks).await;
    env.text(closing, lang, s.means).await;
    let out = env
        .say(closing, &beneficiary(lang), Input::Skip)
        .await
        .unwrap();
    assert_eq!(env.step(closing).await, "called_on_for");
    (closing, env.shown(&out))
}

/// From "what your advisor can be called on for" to the means of exchange.
pub async fn to_exchange_means(env: &Env, lang: Lang) -> i64 {
    let s = if lang == Lang::Fr { &FR } else { &EN };
    let (closing, _) = to_called_on_for(env, lang).await;
    env.choose(closing, lang, "next").await;
    env.choose(closing, lang, "yes").await;
    env.choose(closing, lang, "biweekly").await;
    env.text(closing, lang, s.first).await;
    env.choose(closing, lang, "date_ok").await;
    assert_eq!(env.step(closing).await, "exchange_means");
    closing
}
