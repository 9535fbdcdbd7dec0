//! The recap both sides read: at the end of the closing, in `/plan`, and, for a closing not
//! finished, what it holds so far.

use crate::domain::agreement::Choice;
use crate::domain::answer::Answer;
use crate::domain::cadence::{Cadence, Schedule};
use crate::domain::closing::Closing;
use crate::domain::prompt::{Arg, Expect, Msg, Prompt, Role};

/// What each side reads when both confirmed: that it is agreed, and where to read the
/// agreement again (`/plan`). Not the recap once more: the beneficiary read it to confirm it,
/// the advisor to review it; sent again here it was the third and fourth copy on one screen.
pub fn agreed(c: &Closing, to: Role) -> Prompt {
    let first = if c.stops() {
        "closing-agreed-ending"
    } else {
        "closing-agreed"
    };
    let mut body = vec![Msg::new(first)];
    // The one fact to act on now: when the first exchange is.
    if let (Some(schedule), Some(first), false) =
        (c.schedule(), &c.answers.first_exchange, c.stops())
    {
        let at = schedule.exchange(0).unwrap_or(first.utc);
        body.push(Msg::new("closing-agreed-first").arg("first", Arg::When(at, first.tz)));
    }
    Prompt::new(to, body, Expect::Nothing)
}

/// The recap paragraphs. The confidential parts stay in these DMs only.
pub fn recap(c: &Closing, _to: Role) -> Vec<Msg> {
    let mut out = vec![Msg::new("recap-title")];
    out.extend(lines(c, false));
    out
}

/// What a closing not finished holds so far: only the answers given (for `/plan`).
pub fn so_far(c: &Closing) -> Vec<Msg> {
    lines(c, true)
}

/// The recap's paragraphs; `partial`: leave out what was not answered.
fn lines(c: &Closing, partial: bool) -> Vec<Msg> {
    let a = &c.answers;
    let mut out = Vec::new();
    // A choice reaches the recap as its stable id ("none" when not answered yet): the
    // messages select on it to write a sentence, not a label.
    fn choice_id<C: Choice>(c: Option<C>) -> Arg {
        Arg::Text(c.map_or("none", Choice::id).to_owned())
    }
    let reviewed = a.review_match.is_some() || a.wants_continue.is_some();
    if reviewed || !partial {
        out.push(
            Msg::new("recap-review")
                .arg("match", choice_id(a.review_match))
                .arg("continue", choice_id(a.wants_continue)),
        );
    }
    // A stated absence ("non", "aucun", "nothing for now") reads as a sentence
    // (`<id>-none`), never as the raw word.
    let text =
        |id: &str, v: &Option<Answer>| v.as_ref().map(|v| Msg::new(id).text("text", v.as_str()));
    let said = |id: &str, v: &Option<Answer>| match v {
        Some(v) if v.is_absence() => Some(Msg::new(format!("{id}-none"))),
        _ => text(id, v),
    };
    out.extend(said("recap-questions", &a.questions));
    if c.stops() {
        // The support stops here: nothing about what would have come next.
        out.extend(text("recap-synthesis", &a.synthesis));
        return out;
    }
    out.extend(text("recap-next-step", &a.next_step));
    if !a.tasks.is_empty() {
        out.push(
            Msg::new("recap-tasks")
                .arg("count", Arg::Num(a.tasks.len() as i64))
                .arg(
                    "tasks",
                    Arg::Lines(a.tasks.iter().map(|t| t.as_str().to_owned()).collect()),
                ),
        );
    }
    out.extend(said("recap-means", &a.means));
    out.extend(said("recap-future-needs", &a.future_needs));
    if a.relay.is_some() || !partial {
        out.push(Msg::new("recap-relay").arg("relay", choice_id(a.relay)));
    }
    if let (Some(cad), Some(first)) = (a.cadence, &a.first_exchange) {
        // The first exchange of the series: "the 2nd Tuesday of each month" typed with a date
        // that is not one starts at the next such day.
        let schedule = c
            .schedule()
            .unwrap_or_else(|| Schedule::new(first.local, first.tz, cad));
        let first_at = schedule.exchange(0).unwrap_or(first.utc);
        let means = means_msgs(c);
        // "Moyens d'échange : ." is never shown: no means chosen yet is said.
        let id = match means.is_empty() {
            true => "recap-exchanges-no-means",
            false => "recap-exchanges",
        };
        out.push(
            Msg::new(id)
                .arg("cadence", Arg::Msg(Box::new(cadence_msg(cad))))
                .arg("first", Arg::When(first_at, first.tz))
                .arg("means", Arg::Msgs(means)),
        );
    }
    out.extend(text("recap-commitments", &a.commitments));
    match &a.advisor_commitments {
        Some(t) => out.push(Msg::new("recap-advisor-commitments").text("text", t.as_str())),
        None if !partial => out.push(Msg::new("recap-advisor-commitments-pending")),
        None => {}
    }
    out.extend(text("recap-synthesis", &a.synthesis));
    out
}

/// The means of exchange as they read: labels, and the other means in the beneficiary's words.
pub fn means_msgs(c: &Closing) -> Vec<Msg> {
    let other = c.answers.other_means.as_ref().map(|a| a.as_str());
    c.answers
        .exchange_means
        .iter()
        .map(|m| m.msg(other))
        .collect()
}

/// "every 2 weeks", "the last Friday of every month until 30 June 2027", as a message.
pub fn cadence_msg(c: Cadence) -> Msg {
    c.describe()
}
