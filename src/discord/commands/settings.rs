//! `/settings language` and `/settings timezone`: a person's own preferences. Dates are shown
//! and read in their time zone; messages come in their language.

use super::{reply_private, Call};
use crate::discord::{Ctx, Error};
use crate::i18n::Lang;

/// The languages offered.
#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum Language {
    #[name = "Français"]
    Fr,
    #[name = "English (US)"]
    En,
    /// The English texts, dates day first and times on 24 hours.
    #[name = "English (UK)"]
    EnGb,
}

impl From<Language> for Lang {
    fn from(l: Language) -> Lang {
        match l {
            Language::Fr => Lang::Fr,
            Language::En => Lang::En,
            Language::EnGb => Lang::EnGb,
        }
    }
}

/// Your language and time zone.
#[poise::command(
    slash_command,
    subcommands("language", "timezone"),
    subcommand_required
)]
pub async fn settings(_ctx: Ctx<'_>) -> Result<(), Error> {
    Ok(())
}

/// Choose the language suivi speaks to you.
#[poise::command(slash_command)]
pub async fn language(
    ctx: Ctx<'_>,
    #[description = "Your language"] language: Language,
) -> Result<(), Error> {
    let chosen = Lang::from(language);
    let data = ctx.data();
    data.desk
        .set_language(ctx.author().id.get(), chosen)
        .await?;
    reply_private(&ctx, &data.i18n.text(chosen, "discord-language-saved")).await
}

/// Time zones matching what was typed, for autocompletion (Discord shows 25 at most): cities
/// first ("dak" offers "Dakar — Africa/Dakar"), then IANA ids.
pub async fn timezone_autocomplete(
    _ctx: Ctx<'_>,
    partial: &str,
) -> serenity::all::CreateAutocompleteResponse {
    let choices = crate::domain::when::zone_choices(partial, 25)
        .into_iter()
        .map(|(label, id)| serenity::all::AutocompleteChoice::new(label, id))
        .collect();
    serenity::all::CreateAutocompleteResponse::new().set_choices(choices)
}

/// Choose your time zone (dates are shown and read in it).
#[poise::command(slash_command)]
pub async fn timezone(
    ctx: Ctx<'_>,
    #[description = "A city or an IANA time zone, e.g. Dakar or Europe/Paris"]
    #[autocomplete = "timezone_autocomplete"]
    timezone: String,
) -> Result<(), Error> {
    let call = Call::new(ctx).await;
    let Some(tz) = crate::domain::when::zone_named(&timezone) else {
        let text = call.text_with("discord-bad-timezone", &[("value", timezone.trim())]);
        return call.reply(&text).await;
    };
    call.data
        .desk
        .set_timezone(&super::caller(&ctx), tz)
        .await?;
    let zone = call.data.i18n.zone(call.lang, tz);
    let text = call.text_with(
        "discord-timezone-saved",
        &[("zone", &zone), ("timezone", tz.name())],
    );
    call.reply(&text).await
}
