//! Faults of the conversation itself: two processes answering the same question at once, a
//! message that arrives after its question changed, a conversation over that is written to
//! again, refusals that must not pile up in the outbox, and a refused direct message that goes
//! through the outbox like every other message. Real SQLite files, the real service (and, for
//! Discord, the real client against the double), a clock the tests move.

mod console;
mod late;
mod over;
mod races;
mod refusals;

use suivi::conversation::{Desk, Outgoing};
use suivi::domain::closing::Input;
use suivi::i18n::Lang;

use crate::common::*;

/// The conversation's (version, asked_version, status).
pub(crate) async fn versions(desk: &Desk, conversation: i64) -> (i64, i64, String) {
    sqlx::query_as("SELECT version, asked_version, status FROM conversations WHERE id = $1")
        .bind(conversation)
        .fetch_one(desk.store().pool())
        .await
        .unwrap()
}

/// Every (field, value) of the answers log of a conversation.
pub(crate) async fn answers(desk: &Desk, conversation: i64) -> Vec<(String, String)> {
    sqlx::query_as("SELECT field, value FROM answers WHERE conversation_id = $1 ORDER BY field")
        .bind(conversation)
        .fetch_all(desk.store().pool())
        .await
        .unwrap()
}

/// How many deliveries there are, whatever their status.
pub(crate) async fn delivery_count(desk: &Desk) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM deliveries")
        .fetch_one(desk.store().pool())
        .await
        .unwrap();
    n
}

/// The version stamped on the question the beneficiary was last shown in `out`.
pub(crate) fn asked_in(out: &[Outgoing]) -> i64 {
    out.iter()
        .rev()
        .find(|o| o.to == BENEFICIARY)
        .and_then(|o| o.prompt.asked)
        .expect("a question for the beneficiary, stamped")
}

/// A closing (a fresh one each call: the one before is replaced) walked to its first
/// question answered in words ("the next step"). Returns its id and what the beneficiary saw.
pub(crate) async fn closing_at_next_step(env: &Env) -> (i64, Vec<Outgoing>) {
    let me = beneficiary(Lang::Fr);
    let (closing, _) = env
        .desk
        .between(GUILD, &advisor(Lang::Fr), &me)
        .restart(suivi::conversation::Begin::Close { synthesis: false })
        .await
        .unwrap();
    env.choose(closing, Lang::Fr, "yes").await;
    env.say(closing, &me, Input::Skip).await.unwrap();
    let out = env
        .say(closing, &me, Input::Choice("yes".into()))
        .await
        .unwrap();
    assert_eq!(env.step(closing).await, "next_step");
    (closing, out)
}
