//! The advisor's answer to "did the exchange take place?" (see `conversation/after.rs`): a
//! click on one of its three buttons. "Yes" and "It did not take place" are answered at once;
//! "It was moved" opens a form for the new date, proposed to the beneficiary on submit. The
//! question's buttons go once it is answered; a click on an answered question is refused
//! privately, saying what was answered.
//!
//! The form's `custom_id` is `after:moved:<exchange row>:<message>`, the message being the
//! question (its buttons go once the proposal is made).

use serenity::all::{
    ComponentInteraction, Context, CreateActionRow, CreateAllowedMentions, CreateInputText,
    CreateInteractionResponse, CreateInteractionResponseMessage, CreateModal, EditMessage,
    InputTextStyle, MessageId, ModalInteraction,
};

use super::{lang_of_locale, log_desk_error, who_of};
use crate::conversation::{AfterChoice, AfterDone, DeskError, Who};
use crate::discord::{limits, render, Data, Error};
use crate::domain::prompt::Msg;
use crate::i18n::Lang;

/// The prefix of the form's `custom_id`.
pub(super) const FORM: &str = "after:moved:";

/// A click on one of the question's buttons (`choice`, about the exchange `outcome`).
pub(super) async fn on_click(
    ctx: &Context,
    ci: &ComponentInteraction,
    outcome: i64,
    choice: AfterChoice,
    who: &Who,
    lang: Lang,
    data: &Data,
) -> Result<(), Error> {
    if choice == AfterChoice::Moved {
        // A form must be the interaction's first answer: decided before anything is sent.
        return match data.desk.answer_after(outcome, who, choice).await {
            Ok(_) => open_form(ctx, ci, outcome, lang, data).await,
            Err(e) => {
                log_desk_error(&e);
                let reply = CreateInteractionResponseMessage::new()
                    .content(render::text(&data.i18n, lang, &e.msg()))
                    .ephemeral(true)
                    .allowed_mentions(CreateAllowedMentions::new());
                ci.create_response(&ctx.http, CreateInteractionResponse::Message(reply))
                    .await?;
                Ok(())
            }
        };
    }
    ci.create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
        .await?;
    let said = match data.desk.answer_after(outcome, who, choice).await {
        Ok(AfterDone::Closing { msg, .. } | AfterDone::Recorded(msg)) => {
            super::clear_buttons(ctx, ci).await;
            msg
        }
        Ok(AfterDone::Moved { msg, .. }) => msg,
        Err(e) => {
            log_desk_error(&e);
            if matches!(e, DeskError::Rejected(_)) {
                // Answered already: its buttons go.
                super::clear_buttons(ctx, ci).await;
            }
            e.msg()
        }
    };
    follow_up(ctx, &ci.token, lang, &said, data).await
}

/// The form asking for the new date.
async fn open_form(
    ctx: &Context,
    ci: &ComponentInteraction,
    outcome: i64,
    lang: Lang,
    data: &Data,
) -> Result<(), Error> {
    let input = CreateInputText::new(
        InputTextStyle::Short,
        limits::label(
            &data.i18n.text(lang, "after-modal-label"),
            limits::INPUT_LABEL,
        ),
        "text",
    )
    .max_length(200)
    .required(true);
    let id = format!("{FORM}{outcome}:{}", ci.message.id.get());
    let modal = CreateModal::new(
        id,
        limits::label(
            &data.i18n.text(lang, "after-modal-title"),
            limits::MODAL_TITLE,
        ),
    )
    .components(vec![CreateActionRow::InputText(input)]);
    ci.create_response(&ctx.http, CreateInteractionResponse::Modal(modal))
        .await?;
    Ok(())
}

/// The new date typed in the form: proposed to the beneficiary; the question's buttons go.
pub(super) async fn submit(ctx: &Context, mi: &ModalInteraction, data: &Data) -> Result<(), Error> {
    let Some(rest) = mi.data.custom_id.strip_prefix(FORM) else {
        return Ok(());
    };
    let (outcome, message) = match rest.split_once(':') {
        Some((o, m)) => (o.parse::<i64>().ok(), m.parse::<u64>().ok()),
        None => (rest.parse().ok(), None),
    };
    let Some(outcome) = outcome else {
        return Ok(());
    };
    let text = super::forms::form_text(mi);
    let who = who_of(&mi.user, &mi.locale);
    let lang = lang_of_locale(&mi.locale, data);
    mi.create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
        .await?;
    let said = match data.desk.propose_after(outcome, &who, &text).await {
        Ok(msg) => {
            let question = mi
                .message
                .as_ref()
                .map(|m| m.id)
                .or(message.map(MessageId::new));
            if let Some(question) = question {
                let cleared = EditMessage::new().components(Vec::new());
                if let Err(e) = mi
                    .channel_id
                    .edit_message(&ctx.http, question, cleared)
                    .await
                {
                    tracing::debug!(error = %e, "could not clear the answered question's buttons");
                }
            }
            msg
        }
        Err(e) => {
            // The buttons stay: "It was moved" opens the form again.
            log_desk_error(&e);
            e.msg()
        }
    };
    follow_up(ctx, &mi.token, lang, &said, data).await
}

/// A private answer to the person who acted.
async fn follow_up(
    ctx: &Context,
    token: &str,
    lang: Lang,
    msg: &Msg,
    data: &Data,
) -> Result<(), Error> {
    super::private_followup(ctx, token, render::text(&data.i18n, lang, msg)).await
}
