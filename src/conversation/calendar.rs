//! The agreement's calendar file as people read it in their calendar: the event names both
//! participants, its note names the means of exchange, and a series longer than the file says
//! where the file stops. The text generation itself is `domain::ics`.

use super::{Calendar, CALENDAR_EXCHANGES};
use crate::domain::cadence::Schedule;
use crate::domain::prompt::{Arg, Msg};
use crate::i18n::{I18n, Lang};

/// The `.ics` text of `cal`, in `lang`.
pub(super) fn ics(cal: &Calendar, i18n: &I18n, lang: Lang) -> String {
    let summary = match &cal.people {
        Some((advisor, beneficiary)) => i18n.msg(
            lang,
            &Msg::new("ics-summary-between")
                .text("advisor", advisor.clone())
                .text("beneficiary", beneficiary.clone()),
        ),
        None => i18n.text(lang, "ics-summary"),
    };
    let mut note = Vec::new();
    if let Some((advisor, beneficiary)) = &cal.people {
        note.push(
            i18n.msg(
                lang,
                &Msg::new("ics-people")
                    .text("advisor", advisor.clone())
                    .text("beneficiary", beneficiary.clone()),
            ),
        );
    }
    if !cal.means.is_empty() {
        note.push(i18n.msg(
            lang,
            &Msg::new("ics-means").arg("means", Arg::Msgs(cal.means.clone())),
        ));
    }
    note.push(i18n.text(lang, "ics-description"));
    note.extend(cap_note(&cal.schedule, i18n, lang, CALENDAR_EXCHANGES));
    crate::domain::ics::calendar(
        &cal.schedule,
        CALENDAR_EXCHANGES,
        &cal.uid,
        &summary,
        &note.join("\n\n"),
        cal.stamp,
    )
}

/// The paragraph that says a calendar file lists only the first `count` exchanges of a series
/// that goes on, and until when; `None` when it lists them all.
pub fn cap_note(schedule: &Schedule, i18n: &I18n, lang: Lang, count: u32) -> Option<String> {
    let (listed, last) = crate::domain::ics::cap(schedule, count)?;
    let msg = Msg::new("ics-series-capped")
        .arg("count", Arg::Num(i64::from(listed)))
        .arg("last", Arg::When(last, schedule.tz()));
    Some(i18n.msg(lang, &msg))
}
