//! `/session open @beneficiary` and `/session close @beneficiary [synthesis]`: an advisor opens
//! and closes work sessions. The bot posts a short public message with a Start button; the
//! beneficiary's direct messages are opened only after their click, as Discord asks. Nothing
//! personal is written in the channel.

use serenity::all::{ButtonStyle, CreateActionRow, CreateButton, User};

use super::{caller, is_advisor, lang, reply_private};
use crate::conversation::Who;
use crate::discord::ids::{custom_id, Action};
use crate::discord::{limits, Ctx, Error};

/// Work sessions with a beneficiary.
#[poise::command(
    slash_command,
    guild_only,
    subcommands("open", "close"),
    subcommand_required
)]
pub async fn session(_ctx: Ctx<'_>) -> Result<(), Error> {
    Ok(())
}

/// Open a work session: the beneficiary states their expectations.
#[poise::command(slash_command, guild_only)]
pub async fn open(
    ctx: Ctx<'_>,
    #[description = "The beneficiary"] beneficiary: User,
) -> Result<(), Error> {
    begin(ctx, beneficiary, None).await
}

/// Close the work session: the beneficiary restates the next steps in their own words.
#[poise::command(slash_command, guild_only)]
pub async fn close(
    ctx: Ctx<'_>,
    #[description = "The beneficiary"] beneficiary: User,
    #[description = "Ask for a synthesis of the method points"] synthesis: Option<bool>,
) -> Result<(), Error> {
    begin(ctx, beneficiary, Some(synthesis.unwrap_or(false))).await
}

/// `closing`: `None` opens a session, `Some(synthesis)` starts the closing.
async fn begin(ctx: Ctx<'_>, beneficiary: User, closing: Option<bool>) -> Result<(), Error> {
    let lang = lang(&ctx).await;
    let i18n = &ctx.data().i18n;
    if !is_advisor(&ctx).await {
        return reply_private(&ctx, &i18n.text(lang, "discord-not-advisor")).await;
    }
    if beneficiary.bot || beneficiary.id == ctx.author().id {
        return reply_private(&ctx, &i18n.text(lang, "discord-bad-beneficiary")).await;
    }
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    let advisor = caller(&ctx);
    let b = Who::new(beneficiary.id.get(), beneficiary.name.clone());
    let desk = &ctx.data().desk;
    let started = match closing {
        None => desk.open_session(guild.get(), &advisor, &b).await,
        Some(synthesis) => {
            desk.start_closing(guild.get(), &advisor, &b, synthesis)
                .await
        }
    };
    let conversation = match started {
        Ok((cid, _)) => cid,
        Err(e) => {
            tracing::error!(error = %e, "could not start a conversation");
            return reply_private(&ctx, &i18n.text(lang, e.message_id())).await;
        }
    };
    // The public message is in the guild's language: the beneficiary reads it too.
    let public_lang = desk.lang_of(0, guild.get(), None).await.unwrap_or(lang);
    let mention = format!("<@{}>", beneficiary.id.get());
    let id = if closing.is_some() {
        "discord-closing-started"
    } else {
        "discord-session-opened"
    };
    let text = i18n.text_with(
        public_lang,
        id,
        &[
            ("advisor", &format!("<@{}>", advisor.id)),
            ("beneficiary", &mention),
        ],
    );
    let button = CreateButton::new(custom_id(conversation, None, &Action::Start))
        .label(limits::label(
            &i18n.text(public_lang, "discord-start-button"),
            limits::BUTTON_LABEL,
        ))
        .style(ButtonStyle::Success);
    ctx.send(
        poise::CreateReply::default()
            .content(text)
            .components(vec![CreateActionRow::Buttons(vec![button])]),
    )
    .await?;
    Ok(())
}
