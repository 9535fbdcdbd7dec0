//! `/digest now [server]` and `/digest settings [day] [time] [timezone]` (`/resume maintenant`,
//! `/resume reglages`): an advisor's digest of where their beneficiaries stand, sent by direct
//! message (it holds confidential texts, never shown in a channel), at once or on the day and
//! hour they choose. A coordinator (the role set with `/setup`) may ask for the whole server's.

use chrono::{NaiveTime, Weekday};

use super::{caller, facts, Call};
use crate::discord::{Ctx, Error};

/// A day of the week.
#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum Day {
    #[name = "Monday"]
    #[name_localized("fr", "lundi")]
    Monday,
    #[name = "Tuesday"]
    #[name_localized("fr", "mardi")]
    Tuesday,
    #[name = "Wednesday"]
    #[name_localized("fr", "mercredi")]
    Wednesday,
    #[name = "Thursday"]
    #[name_localized("fr", "jeudi")]
    Thursday,
    #[name = "Friday"]
    #[name_localized("fr", "vendredi")]
    Friday,
    #[name = "Saturday"]
    #[name_localized("fr", "samedi")]
    Saturday,
    #[name = "Sunday"]
    #[name_localized("fr", "dimanche")]
    Sunday,
}

impl From<Day> for Weekday {
    fn from(d: Day) -> Weekday {
        match d {
            Day::Monday => Weekday::Mon,
            Day::Tuesday => Weekday::Tue,
            Day::Wednesday => Weekday::Wed,
            Day::Thursday => Weekday::Thu,
            Day::Friday => Weekday::Fri,
            Day::Saturday => Weekday::Sat,
            Day::Sunday => Weekday::Sun,
        }
    }
}

/// Your digest of where your beneficiaries stand.
#[poise::command(slash_command, subcommands("now", "settings"), subcommand_required)]
pub async fn digest(_ctx: Ctx<'_>) -> Result<(), Error> {
    Ok(())
}

/// Send me my digest now, by direct message.
#[poise::command(slash_command)]
pub async fn now(
    ctx: Ctx<'_>,
    #[description = "Every advisor of this server (coordinators)"] server: Option<bool>,
) -> Result<(), Error> {
    let call = Call::new(ctx).await;
    let me = facts(&ctx).await;
    let asked = call
        .data
        .desk
        .digest_asked(call.guild(), &me, server.unwrap_or(false));
    let text = match asked.await {
        Ok(()) => call.text("digest-on-its-way"),
        Err(e) => call.render(&e.msg()),
    };
    call.reply(&text).await
}

/// Choose when your digest comes: day, time, time zone.
#[poise::command(slash_command)]
pub async fn settings(
    ctx: Ctx<'_>,
    #[description = "The day"] day: Option<Day>,
    #[description = "The time, HH:MM (e.g. 09:00)"] time: Option<String>,
    #[description = "An IANA time zone, e.g. Europe/Paris"] timezone: Option<String>,
) -> Result<(), Error> {
    let call = Call::new(ctx).await;
    let (lang, data) = (call.lang, call.data);
    let time = match time.as_deref().map(str::trim) {
        Some(t) => match NaiveTime::parse_from_str(t, "%H:%M") {
            Ok(t) => Some(t),
            Err(_) => {
                let text = call.text_with("digest-bad-time", &[("value", t)]);
                return call.reply(&text).await;
            }
        },
        None => None,
    };
    let tz = match timezone.as_deref().map(str::trim) {
        Some(z) => match z.parse::<chrono_tz::Tz>() {
            Ok(z) => Some(z),
            Err(_) => {
                let text = call.text_with("discord-bad-timezone", &[("value", z)]);
                return call.reply(&text).await;
            }
        },
        None => None,
    };
    let me = caller(&ctx).id;
    let next = data
        .desk
        .set_digest_settings(me, day.map(Weekday::from), time, tz)
        .await?;
    let shown_tz = match tz {
        Some(z) => z,
        None => data.desk.timezone_of(me, 0).await?,
    };
    let local = next.with_timezone(&shown_tz);
    let day_name = data.i18n.text(
        lang,
        &format!(
            "weekday-{}",
            chrono::Datelike::weekday(&local).number_from_monday()
        ),
    );
    let text = data.i18n.text_with(
        lang,
        "digest-scheduled",
        &[
            ("day", &day_name),
            (
                "time",
                &data.i18n.time_of_day(
                    lang,
                    chrono::Timelike::hour(&local),
                    chrono::Timelike::minute(&local),
                ),
            ),
            ("timezone", &data.i18n.zone(lang, shown_tz)),
            ("next", &data.i18n.when(lang, next, shown_tz)),
        ],
    );
    call.reply(&text).await
}
