//! The first exchange's read-back: every date the beneficiary types is read back in full
//! (weekday, date, time, zone) before the next question, with a way to correct it right there
//! (a choice, or typing another date, read back in turn).
//!
//! When the date typed does not fall on the agreed rhythm ("mardi 10 h" with "tous les premiers
//! lundis du mois"), the read-back says so and the person chooses: that date first, then the
//! rhythm (the agreement keeps both, see [`Agreement::rhythm_from`]), or the next date on the
//! rhythm, named in full. Never the latter in silence.
//!
//! Pure, as the rest of the engine: no I/O, "now" comes with the context.
//!
//! [`Agreement::rhythm_from`]: crate::domain::agreement::Agreement::rhythm_from

use chrono::{Datelike, NaiveDateTime};

use super::recap::Step;
use super::{Closing, Ctx, Input};
use crate::domain::agreement::FirstExchange;
use crate::domain::answer::{says_no, says_yes};
use crate::domain::cadence::{resolve_local, Cadence, Schedule};
use crate::domain::prompt::{Arg, Expect, Msg, Opt};
use crate::domain::when;

/// The choices of the read-back (stable ids, sent back as [`Input::Choice`]).
pub const DATE_OK: &str = "date_ok";
/// Correct the date: the date question is asked again.
pub const DATE_CHANGE: &str = "date_change";
/// Off the rhythm: keep the date typed, then the rhythm.
pub const DATE_KEEP: &str = "date_keep";
/// Off the rhythm: take the rhythm's next date instead.
pub const DATE_TAKE: &str = "date_take";

/// Where the rhythm starts when the first exchange `first` is not on it: the next date on the
/// rhythm, at the same time of day; `None` when `first` is on the rhythm. A weekly rhythm
/// named by its weekday ("tous les mardis") is on it on that weekday; a weekday of the month
/// ("le premier lundi du mois") on such a day.
pub fn rhythm_start(
    first: &FirstExchange,
    cadence: Cadence,
    weekday: Option<chrono::Weekday>,
) -> Option<NaiveDateTime> {
    let rhythm = when::Rhythm { cadence, weekday };
    if let Err(next) = rhythm.on_rhythm(first.local.date()) {
        return Some(next.and_time(first.local.time()));
    }
    let start = Schedule::new(first.local, first.tz, cadence).local_exchange(0)?;
    (start != first.local).then_some(start)
}

impl Closing {
    /// The series as answered so far: the first exchange, then the rhythm (from where the
    /// person chose it to start, if the first exchange is off it).
    pub fn schedule(&self) -> Option<Schedule> {
        let a = &self.answers;
        let (cadence, first) = (a.cadence?, a.first_exchange.as_ref()?);
        Some(match a.rhythm_from {
            Some(from) => Schedule::with_first(first.local, from, first.tz, cadence),
            None => Schedule::new(first.local, first.tz, cadence),
        })
    }

    /// Reads a typed first exchange and stores it (not yet confirmed: the read-back follows).
    pub(super) fn take_first_exchange(&mut self, text: &str, ctx: &Ctx<'_>) -> Result<(), Msg> {
        let offered = self.answers.passed_suggestion.take();
        let m = match (
            offered,
            when::parse_moment_for(text, ctx.now, self.tz, ctx.order),
        ) {
            (_, Ok(m)) => m,
            // "Vouliez-vous dire le 3 décembre 2027 ?" — "oui": that date, read back in turn.
            (Some(local), Err(_)) if says_yes(text) => when::Moment {
                local,
                tz: self.tz,
                utc: resolve_local(local, self.tz),
            },
            (_, Err(e)) => {
                if let when::WhenError::Passed { typed, suggestion } = &e {
                    self.answers.passed_suggestion = Some(suggestion.and_time(typed.time()));
                }
                return Err(e.msg());
            }
        };
        if let Some(cadence) = self.answers.cadence {
            // An end typed with the rhythm must leave this first exchange in the series.
            Schedule::try_new(m.local, m.tz, cadence).map_err(|e| e.msg())?;
        }
        self.answers.first_exchange = Some(FirstExchange {
            local: m.local,
            tz: m.tz,
            utc: m.utc,
        });
        self.answers.rhythm_from = None;
        Ok(())
    }

    /// Where the rhythm would start if the first exchange answered is off it.
    pub(super) fn off_rhythm(&self) -> Option<NaiveDateTime> {
        let a = &self.answers;
        rhythm_start(a.first_exchange.as_ref()?, a.cadence?, a.rhythm_weekday)
    }

    /// An answer at the read-back: confirmed (or, off the rhythm, which of the two dates),
    /// corrected (the date question again), or another date typed (read back in turn). A
    /// confirmation records the first exchange as agreed, under the read-back's step (the
    /// answers log files it as the first exchange).
    pub(super) fn date_check(
        &mut self,
        input: Input,
        ctx: &Ctx<'_>,
    ) -> Result<Option<(Step, String)>, Msg> {
        let off = self.off_rhythm();
        let id = match input {
            // "oui" to "Est-ce bien cela ?" confirms a date on the rhythm; "non" corrects it.
            Input::Text(t) if off.is_none() && says_yes(&t) => DATE_OK.to_owned(),
            Input::Text(t) if says_no(&t) => DATE_CHANGE.to_owned(),
            Input::Text(t) => {
                self.take_first_exchange(&t, ctx)?;
                let utc = self.answers.first_exchange.as_ref().map(|f| f.utc);
                return Ok(Some((
                    Step::FirstExchange,
                    utc.map(|u| u.to_rfc3339()).unwrap_or_default(),
                )));
            }
            Input::Choice(id) => id,
            _ => return Err(Msg::new("closing-choose-an-option")),
        };
        let confirmed = |c: &Closing| {
            let utc = c.answers.first_exchange.as_ref().map(|f| f.utc);
            Some((
                Step::FirstExchangeCheck,
                utc.map(|u| u.to_rfc3339()).unwrap_or_default(),
            ))
        };
        match (id.as_str(), off) {
            (DATE_CHANGE, _) => {
                if self.history.last() == Some(&Step::FirstExchange) {
                    self.history.pop();
                }
                self.step = Step::FirstExchange;
                Ok(None)
            }
            (DATE_OK, None) => Ok(confirmed(self)),
            (DATE_KEEP, Some(from)) => {
                self.answers.rhythm_from = Some(from);
                Ok(confirmed(self))
            }
            (DATE_TAKE, Some(from)) => {
                if let Some(first) = &mut self.answers.first_exchange {
                    first.local = from;
                    first.utc = resolve_local(from, first.tz);
                }
                self.answers.rhythm_from = None;
                Ok(confirmed(self))
            }
            _ => Err(Msg::new("closing-choose-an-option")),
        }
    }

    /// The read-back the beneficiary sees: the date in full, whether it is on the rhythm, and
    /// the choices.
    pub(crate) fn date_check_question(&self) -> (Vec<Msg>, Expect) {
        let Some(first) = &self.answers.first_exchange else {
            // Nothing to read back (a state edited by hand): the date question again.
            let q = Msg::new("closing-first-exchange").arg("zone", Arg::Zone(self.tz));
            return (vec![q], Expect::Text);
        };
        let mut body =
            vec![Msg::new("closing-date-readback").arg("when", Arg::When(first.utc, first.tz))];
        let change = opt(DATE_CHANGE, Msg::new("choice-date-change"));
        let (Some(from), Some(cadence)) = (self.off_rhythm(), self.answers.cadence) else {
            body.push(Msg::new("closing-date-check"));
            let ok = opt(DATE_OK, Msg::new("choice-date-ok"));
            return (body, Expect::OneOrText(vec![ok, change]));
        };
        let next = resolve_local(from, first.tz);
        body.push(
            Msg::new("closing-date-off-rhythm")
                .arg("rhythm", Arg::Msg(Box::new(cadence.describe())))
                .arg("next", Arg::When(next, first.tz)),
        );
        body.push(Msg::new("closing-date-choose"));
        let day = first.local.date();
        let keep = Msg::new("choice-date-keep")
            .arg(
                "weekday",
                Arg::Msg(Box::new(Msg::new(format!(
                    "weekday-{}",
                    day.weekday().number_from_monday()
                )))),
            )
            .arg("day", Arg::Num(i64::from(day.day())))
            .arg(
                "month",
                Arg::Msg(Box::new(Msg::new(format!("month-{}", day.month())))),
            );
        let take = Msg::new("choice-date-take").arg("when", Arg::When(next, first.tz));
        (
            body,
            Expect::OneOrText(vec![opt(DATE_KEEP, keep), opt(DATE_TAKE, take), change]),
        )
    }
}

fn opt(id: &str, label: Msg) -> Opt {
    Opt {
        id: id.to_owned(),
        label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cadence::Nth;
    use chrono::Weekday;
    use chrono_tz::Europe::Paris;

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn first(s: &str) -> FirstExchange {
        let l = local(s);
        FirstExchange {
            local: l,
            tz: Paris,
            utc: resolve_local(l, Paris),
        }
    }

    #[test]
    fn a_tuesday_is_off_the_first_monday_of_the_month_until_the_next_one() {
        let cadence = Cadence::monthly_weekday(1, Nth::First, Weekday::Mon).unwrap();
        assert_eq!(
            rhythm_start(&first("2026-12-08 10:00"), cadence, None),
            Some(local("2027-01-04 10:00"))
        );
        assert_eq!(
            rhythm_start(&first("2026-12-07 10:00"), cadence, None),
            None
        );
        assert_eq!(
            rhythm_start(&first("2026-12-03 10:00"), Cadence::BIWEEKLY, None),
            None
        );
        assert_eq!(
            rhythm_start(
                &first("2026-12-03 10:00"),
                Cadence::WEEKLY,
                Some(Weekday::Tue)
            ),
            Some(local("2026-12-08 10:00"))
        );
    }

    #[test]
    fn a_first_exchange_kept_off_the_rhythm_comes_first_then_the_rhythm() {
        let cadence = Cadence::monthly_weekday(1, Nth::First, Weekday::Mon).unwrap();
        let s = Schedule::with_first(
            local("2026-12-08 10:00"),
            local("2027-01-04 10:00"),
            Paris,
            cadence,
        );
        let locals: Vec<_> = (0..4).filter_map(|n| s.local_exchange(n)).collect();
        assert_eq!(
            locals,
            [
                local("2026-12-08 10:00"),
                local("2027-01-04 10:00"),
                local("2027-02-01 10:00"),
                local("2027-03-01 10:00"),
            ]
        );
        assert_eq!(s.anchor(), local("2026-12-08 10:00"));
        let after_first = resolve_local(local("2026-12-08 10:00"), Paris);
        assert_eq!(
            s.next_exchange_after(after_first - chrono::Duration::minutes(1)),
            Some(after_first)
        );
        assert_eq!(
            s.next_exchange_after(after_first),
            Some(resolve_local(local("2027-01-04 10:00"), Paris))
        );
        // A check-in falls between the first exchange and the rhythm's first.
        let mid = s.next_check_in_after(after_first).unwrap();
        assert!(mid > after_first && mid < resolve_local(local("2027-01-04 10:00"), Paris));
    }
}
