//! Forms (modals): the beneficiary's answer typed in a fallback thread (where the bot cannot
//! read messages), the advisor's commitments, a change the advisor proposes. A form opened from
//! an older question is not opened: the person is told privately and shown the current one.
//! Once an answer typed in a form is taken, the "Write my answer" button it came from goes.

use serenity::all::{
    ActionRowComponent, ComponentInteraction, Context, CreateActionRow, CreateAllowedMentions,
    CreateInputText, CreateInteractionResponse, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, CreateModal, EditMessage, InputTextStyle, MessageId,
    ModalInteraction,
};

use super::{lang_of_locale, log_desk_error, refuse_followup, who_of};
use crate::conversation::{DeskError, Sent};
use crate::discord::ids::{modal_id, parse_modal_id, Click};
use crate::discord::{limits, Data, Error};
use crate::domain::talk::Write;

/// Opens the form a button asks for, if its question is still the one asked.
pub(super) async fn open(
    ctx: &Context,
    ci: &ComponentInteraction,
    click: &Click,
    kind: Write,
    data: &Data,
) -> Result<(), Error> {
    let lang = lang_of_locale(&ci.locale, data);
    let sent = Sent::With(click.question);
    let probe = kind.input(String::new());
    if let Err(e) = data.desk.accepts(click.conversation, &probe, sent).await {
        log_desk_error(&e);
        let text = data.i18n.text(lang, e.message_id());
        if matches!(e, DeskError::Stale) {
            // The message's buttons go; the person is told, and the current question comes
            // again through the outbox.
            let cleared = CreateInteractionResponseMessage::new().components(Vec::new());
            ci.create_response(&ctx.http, CreateInteractionResponse::UpdateMessage(cleared))
                .await?;
            let follow = CreateInteractionResponseFollowup::new()
                .content(text)
                .ephemeral(true)
                .allowed_mentions(CreateAllowedMentions::new());
            ctx.http
                .create_followup_message(&ci.token, &follow, Vec::new())
                .await?;
            let who = who_of(&ci.user, &ci.locale);
            if let Err(e) = data.desk.current(click.conversation, &who).await {
                log_desk_error(&e);
            }
        } else {
            let reply = CreateInteractionResponseMessage::new()
                .content(text)
                .ephemeral(true)
                .allowed_mentions(CreateAllowedMentions::new());
            ci.create_response(&ctx.http, CreateInteractionResponse::Message(reply))
                .await?;
        }
        return Ok(());
    }
    let (title, label) = match kind {
        Write::Commitments => (
            "discord-modal-commitments-title",
            "discord-modal-commitments-label",
        ),
        Write::Proposal => ("discord-modal-propose-title", "discord-modal-propose-label"),
        Write::Answer => ("discord-modal-answer-title", "discord-modal-answer-label"),
    };
    let max = data
        .desk
        .config()
        .own_words
        .max_chars
        .min(limits::TEXT_INPUT) as u16;
    let input = CreateInputText::new(
        InputTextStyle::Paragraph,
        limits::label(&data.i18n.text(lang, label), limits::INPUT_LABEL),
        "text",
    )
    .max_length(max)
    .required(true);
    let id = modal_id(
        click.conversation,
        click.question,
        kind,
        Some(ci.message.id.get()),
    );
    let modal = CreateModal::new(
        id,
        limits::label(&data.i18n.text(lang, title), limits::MODAL_TITLE),
    )
    .components(vec![CreateActionRow::InputText(input)]);
    ci.create_response(&ctx.http, CreateInteractionResponse::Modal(modal))
        .await?;
    Ok(())
}

/// What was typed in a form (its one text field; empty when there is none).
pub(super) fn form_text(mi: &ModalInteraction) -> String {
    mi.data
        .components
        .iter()
        .flat_map(|row| row.components.iter())
        .find_map(|c| match c {
            ActionRowComponent::InputText(t) => t.value.clone(),
            _ => None,
        })
        .unwrap_or_default()
}

/// A form sent: its text becomes one input, for the question the form was opened with.
pub(super) async fn submit(ctx: &Context, mi: &ModalInteraction, data: &Data) -> Result<(), Error> {
    let Some(form) = parse_modal_id(&mi.data.custom_id) else {
        return Ok(());
    };
    let text = form_text(mi);
    let who = who_of(&mi.user, &mi.locale);
    let lang = lang_of_locale(&mi.locale, data);
    mi.create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
        .await?;
    let input = form.kind.input(text);
    // The advisor may enter their commitments again at any time: an input bound to no
    // question leaves its button in place.
    let bound = input.bound();
    let sent = Sent::With(form.question);
    let result = data.desk.answer(form.conversation, &who, input, sent).await;
    // The answer is in (or its question is over): the button that opened the form goes.
    let done = matches!(&result, Ok(_) | Err(DeskError::Stale));
    if done && bound {
        let opened_from = mi
            .message
            .as_ref()
            .map(|m| m.id)
            .or(form.message.map(MessageId::new));
        if let Some(message) = opened_from {
            let cleared = EditMessage::new().components(Vec::new());
            if let Err(e) = mi
                .channel_id
                .edit_message(&ctx.http, message, cleared)
                .await
            {
                tracing::debug!(error = %e, "could not clear the answered form's button");
            }
        }
    }
    if let Err(e) = result {
        refuse_followup(ctx, &mi.token, lang, &e, data).await?;
    }
    Ok(())
}
