//! `/setup`: a guild admin sets the advisor role, the fallback channel (private threads when a
//! beneficiary's direct messages are closed), the guild's language and time zone, and the text
//! "what an advisor can be called on for", one per language, and the coordinator role (its
//! members see the digests of every advisor, without what is confidential).

use serenity::all::{ChannelId, RoleId};

use super::settings::{timezone_autocomplete, Language};
use super::{is_admin, lang, reply_private};
use crate::discord::{Ctx, Error};
use crate::i18n::Lang;

// Only members who may manage the server see it (Discord hides it from the others); the check
// below stays, for servers that change the command's permissions.
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
    let lang = lang(&ctx).await;
    let data = ctx.data();
    if !is_admin(&ctx).await {
        return reply_private(&ctx, &data.i18n.text(lang, "discord-not-admin")).await;
    }
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let mut row = data.desk.guild_settings(guild.get()).await?;
    if let Some(r) = advisor_role {
        row.advisor_role_id = Some(r.get() as i64);
    }
    if let Some(c) = fallback_channel {
        row.fallback_channel_id = Some(c.get() as i64);
    }
    if let Some(l) = language {
        row.lang = Some(Lang::from(l).code().to_owned());
    }
    if let Some(tz) = timezone {
        match tz.trim().parse::<chrono_tz::Tz>() {
            Ok(tz) => row.timezone = Some(tz.name().to_owned()),
            Err(_) => {
                return reply_private(
                    &ctx,
                    &data.i18n.text_with(
                        lang,
                        "discord-bad-timezone",
                        &[("value", &crate::discord::markdown::escape(tz.trim()))],
                    ),
                )
                .await
            }
        }
    }
    // Each language has its own text; a reader whose language has none gets the other's.
    for (text, slot) in [
        (called_on_for_fr, &mut row.called_on_for_fr),
        (called_on_for_en, &mut row.called_on_for_en),
    ] {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            *slot = Some(text.trim().to_owned());
        }
    }
    data.desk.save_guild_settings(&row).await?;
    if let Some(r) = coordinator_role {
        data.desk
            .set_coordinator_role(guild.get(), Some(r.get()))
            .await?;
    }
    let none = data.i18n.text(lang, "discord-setup-unset");
    let role = row
        .advisor_role_id
        .map_or(none.clone(), |r| format!("<@&{r}>"));
    let channel = row
        .fallback_channel_id
        .map_or(none.clone(), |c| format!("<#{c}>"));
    let tz = row
        .timezone
        .clone()
        .unwrap_or_else(|| data.desk.config().timezone.name().to_owned());
    // The language everyone in the server reads, by its name: the one chosen here, else the
    // server's own Discord language.
    let shown = data
        .desk
        .guild_lang(guild.get(), super::guild_locale(&ctx))
        .await?;
    let language = data.i18n.text(lang, shown.name_id());
    let text = data.i18n.text_with(
        lang,
        "discord-setup-saved",
        &[
            ("role", &role),
            ("channel", &channel),
            ("language", &language),
            ("timezone", &tz),
        ],
    );
    reply_private(&ctx, &text).await
}
