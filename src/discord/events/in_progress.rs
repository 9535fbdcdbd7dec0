//! The advisor's answer when they ran `/session open|close` while a closing was in progress:
//! resume it (its current question goes to the beneficiary again) or start again (it is left,
//! still readable in `/plan`, and the new conversation gets its public Start message).

use serenity::all::{
    ComponentInteraction, Context, CreateAllowedMentions, CreateInteractionResponse,
    CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
};

use super::log_desk_error;
use crate::conversation::{Begin, InProgress, Who};
use crate::discord::commands::session::start_message;
use crate::discord::ids::{Action, Click, Restart};
use crate::discord::{Data, Error};
use crate::i18n::Lang;

pub(super) async fn choose(
    ctx: &Context,
    ci: &ComponentInteraction,
    click: &Click,
    who: &Who,
    lang: Lang,
    data: &Data,
) -> Result<(), Error> {
    // Only the closing's advisor chooses: the service decides (`domain::access`).
    let InProgress { guild, beneficiary } =
        match data.desk.in_progress_for(click.conversation, who.id).await {
            Ok(p) => p,
            Err(e) => return answer(ctx, ci, data.i18n.text(lang, e.message_id())).await,
        };
    let name = beneficiary.name.clone();
    match click.action {
        Action::Resume => {
            let text = match data.desk.resume_closing(click.conversation, who).await {
                Ok(()) => data
                    .i18n
                    .text_with(lang, "discord-resumed", &[("beneficiary", &name)]),
                Err(e) => {
                    log_desk_error(&e);
                    data.i18n.text(lang, e.message_id())
                }
            };
            answer(ctx, ci, text).await
        }
        Action::Restart(r) => {
            let what = match r {
                Restart::Open => Begin::Open,
                Restart::Close { synthesis } => Begin::Close { synthesis },
            };
            let conversation = match data
                .desk
                .between(guild, who, &beneficiary)
                .restart(what)
                .await
            {
                Ok((cid, _)) => cid,
                Err(e) => {
                    log_desk_error(&e);
                    return answer(ctx, ci, data.i18n.text(lang, e.message_id())).await;
                }
            };
            answer(ctx, ci, data.i18n.text(lang, "discord-restarted")).await?;
            let closing = matches!(what, Begin::Close { .. });
            let (text, row) = start_message(
                data,
                guild,
                lang,
                conversation,
                who.id,
                beneficiary.id,
                closing,
            )
            .await;
            let public = CreateInteractionResponseFollowup::new()
                .content(text)
                .components(vec![row])
                .allowed_mentions(CreateAllowedMentions::new());
            ctx.http
                .create_followup_message(&ci.token, &public, Vec::new())
                .await?;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Replaces the private question with the outcome (its buttons go).
async fn answer(ctx: &Context, ci: &ComponentInteraction, text: String) -> Result<(), Error> {
    let update = CreateInteractionResponseMessage::new()
        .content(text)
        .components(Vec::new())
        .allowed_mentions(CreateAllowedMentions::new());
    ci.create_response(&ctx.http, CreateInteractionResponse::UpdateMessage(update))
        .await?;
    Ok(())
}
