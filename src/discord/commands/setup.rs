//! `/setup`: a guild admin sets the advisor role, the fallback channel (private threads when a
//! beneficiary's direct messages are closed), the guild's language and time zone, and the text
//! "what an advisor can be called on for", one per language, and the coordinator role (its
//! members see the digests of every advisor, without what is confidential).

use serenity::all::{ChannelId, RoleId};

use super::settings::{timezone_autocomplete, Language};
use super::{facts, Call};
use crate::conversation::{DeskError, ServerSetup};
use crate::discord::{Ctx, Error};
use crate::i18n::Lang;

// Only members who may manage the server see it (Discord hides it from the others); the
// service checks it too, for servers that change the command's permissions.
/// Configure suivi for this server (admins).
#[poise::command(slash_command, guild_only, default_member_permissions = "MANAGE_GUILD")]
#[allow(clippy::too_many_arguments)]
pub async fn setup(
    ctx: Ctx<'_>,
    #[description = "Members with this role can open and close work sessions"] advisor_role: Option<
        RoleId,
    >,
    #[description = "Where private threads open when direct messages are closed"]
    #[channel_types("Text")]
    fallback_channel: Option<ChannelId>,
    #[description = "The server's language"] language: Option<Language>,
    #[description = "The server's time zone, e.g. Europe/Paris"]
    #[autocomplete = "timezone_autocomplete"]
    timezone: Option<String>,
    #[description = "What an advisor can be called on for, in French"] called_on_for_fr: Option<
        String,
    >,
    #[description = "What an advisor can be called on for, in English"] called_on_for_en: Option<
        String,
    >,
    #[description = "Members with this role see the digests of every advisor"]
    coordinator_role: Option<RoleId>,
) -> Result<(), Error> {
    let call = Call::new(ctx).await;
    let Some(guild) = call.guild() else {
        return Ok(());
    };
    let timezone = match timezone.as_deref().map(str::trim) {
        Some(z) => match z.parse::<chrono_tz::Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                let value = crate::discord::markdown::escape(z);
                let text = call.text_with("discord-bad-timezone", &[("value", &value)]);
                return call.reply(&text).await;
            }
        },
        None => None,
    };
    let change = ServerSetup {
        advisor_role: advisor_role.map(|r| r.get()),
        coordinator_role: coordinator_role.map(|r| r.get()),
        fallback_channel: fallback_channel.map(|c| c.get()),
        lang: language.map(Lang::from),
        timezone,
        called_on_for_fr,
        called_on_for_en,
    };
    let locale = super::guild_locale(&ctx);
    let set = match call
        .data
        .desk
        .setup(guild, &facts(&ctx).await, change, locale)
        .await
    {
        Ok(set) => set,
        Err(e @ DeskError::Invalid(_)) => return call.reply(&call.text(e.message_id())).await,
        Err(e) => return Err(e.into()),
    };
    let none = call.text("discord-setup-unset");
    let role = set
        .advisor_role
        .map_or(none.clone(), |r| format!("<@&{r}>"));
    let channel = set.fallback_channel.map_or(none, |c| format!("<#{c}>"));
    // The language everyone in the server reads, by its name: the one chosen here, else the
    // server's own Discord language.
    let language = call.text(set.lang.name_id());
    let text = call.text_with(
        "discord-setup-saved",
        &[
            ("role", &role),
            ("channel", &channel),
            ("language", &language),
            ("timezone", set.timezone.name()),
        ],
    );
    call.reply(&text).await
}
