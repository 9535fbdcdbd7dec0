//! `/session open @beneficiary` and `/session close @beneficiary [synthesis]`: an advisor opens
//! and closes work sessions. The bot posts a short public message with a Start button; the
//! beneficiary's direct messages are opened only after their click, as Discord asks. Nothing
//! personal is written in the channel. While a closing the beneficiary has begun is not
//! finished, the advisor is asked (privately) whether to resume it or to start again.

use serenity::all::{ButtonStyle, CreateActionRow, CreateButton, User};

use super::{caller, facts, Call};
use crate::conversation::{Begin, DeskError, Who};
use crate::discord::ids::{custom_id, Action, Restart};
use crate::discord::{limits, Ctx, Data, Error};
use crate::i18n::Lang;

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
    begin(ctx, beneficiary, Begin::Open).await
}

/// Close the work session: the beneficiary restates the next steps in their own words.
#[poise::command(slash_command, guild_only)]
pub async fn close(
    ctx: Ctx<'_>,
    #[description = "The beneficiary"] beneficiary: User,
    #[description = "Ask for a synthesis of the method points"] synthesis: Option<bool>,
) -> Result<(), Error> {
    let synthesis = synthesis.unwrap_or(false);
    begin(ctx, beneficiary, Begin::Close { synthesis }).await
}

/// Opens a session or starts the closing; the service decides whether the caller may.
async fn begin(ctx: Ctx<'_>, beneficiary: User, what: Begin) -> Result<(), Error> {
    let call = Call::new(ctx).await;
    let (lang, i18n) = (call.lang, &call.data.i18n);
    // A bot is no one's beneficiary: Discord tells, the service never sees one.
    if beneficiary.bot {
        return call.reply(&call.text("discord-bad-beneficiary")).await;
    }
    let Some(guild) = call.guild() else {
        return Ok(());
    };
    let advisor = caller(&ctx);
    let b = Who::new(beneficiary.id.get(), beneficiary.name.clone());
    let desk = &call.data.desk;
    let started = desk
        .lead(guild, &facts(&ctx).await, &advisor, &b, what)
        .await;
    let conversation = match started {
        Ok((cid, _)) => cid,
        Err(DeskError::InProgress(in_progress)) => {
            // Nothing is discarded without the advisor's choice.
            let restart = match what {
                Begin::Open => Restart::Open,
                Begin::Close { synthesis } => Restart::Close { synthesis },
            };
            let text = i18n.text_with(
                lang,
                "discord-closing-in-progress",
                &[(
                    "beneficiary",
                    &crate::discord::markdown::escape(&beneficiary.name),
                )],
            );
            let buttons = vec![
                CreateButton::new(custom_id(in_progress, None, &Action::Resume))
                    .label(limits::label(
                        &i18n.text(lang, "discord-resume-button"),
                        limits::BUTTON_LABEL,
                    ))
                    .style(ButtonStyle::Primary),
                CreateButton::new(custom_id(in_progress, None, &Action::Restart(restart)))
                    .label(limits::label(
                        &i18n.text(lang, "discord-restart-button"),
                        limits::BUTTON_LABEL,
                    ))
                    .style(ButtonStyle::Secondary),
            ];
            ctx.send(
                poise::CreateReply::default()
                    .content(text)
                    .ephemeral(true)
                    .components(vec![CreateActionRow::Buttons(buttons)]),
            )
            .await?;
            return Ok(());
        }
        Err(e @ DeskError::Invalid(_)) => return call.reply(&call.text(e.message_id())).await,
        Err(e) => {
            tracing::error!(error = %e, "could not start a conversation");
            return call.reply(&call.text(e.message_id())).await;
        }
    };
    let (text, row) = start_message(
        call.data,
        guild,
        lang,
        conversation,
        advisor.id,
        beneficiary.id.get(),
        matches!(what, Begin::Close { .. }),
    )
    .await;
    ctx.send(
        poise::CreateReply::default()
            .content(text)
            .components(vec![row]),
    )
    .await?;
    Ok(())
}

/// The short public message that begins a conversation: who opens or closes the session with
/// whom, and the Start button for the beneficiary. Nothing personal. In the guild's language:
/// the beneficiary reads it too.
pub(crate) async fn start_message(
    data: &Data,
    guild: u64,
    fallback: Lang,
    conversation: i64,
    advisor: u64,
    beneficiary: u64,
    closing: bool,
) -> (String, CreateActionRow) {
    let i18n = &data.i18n;
    let lang = data.desk.lang_of(0, guild, None).await.unwrap_or(fallback);
    let id = if closing {
        "discord-closing-started"
    } else {
        "discord-session-opened"
    };
    let text = i18n.text_with(
        lang,
        id,
        &[
            ("advisor", &format!("<@{advisor}>")),
            ("beneficiary", &format!("<@{beneficiary}>")),
        ],
    );
    let button = CreateButton::new(custom_id(conversation, None, &Action::Start))
        .label(limits::label(
            &i18n.text(lang, "discord-start-button"),
            limits::BUTTON_LABEL,
        ))
        .style(ButtonStyle::Success);
    (text, CreateActionRow::Buttons(vec![button]))
}
