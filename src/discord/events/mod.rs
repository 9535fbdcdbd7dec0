//! What people do outside slash commands: direct messages (free-text answers), clicks on
//! buttons and selects, modal submissions. Each is turned into one [`Input`] for the
//! conversation service; refusals are answered privately in the person's language: an
//! interaction's in its reply (Discord wants it within 3 s), a direct message's through the
//! outbox like every other message.
//!
//! Every interaction is acknowledged at once (Discord allows 3 s), then processed; the buttons
//! of an answered prompt are removed so a second click cannot answer twice.

use serenity::all::{
    ComponentInteraction, ComponentInteractionDataKind, Context, CreateAllowedMentions,
    CreateInteractionResponse, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    EditInteractionResponse, FullEvent, Message,
};

mod after;
mod forms;
mod in_progress;

use super::ids::{parse_custom_id, Action};
use super::{Data, Error};
use crate::conversation::{Chosen, Decision, DeskError, Sent, Who};
use crate::domain::talk::{Input, Pick, Write};
use crate::i18n::Lang;

/// Entry point for gateway events poise does not handle itself.
pub async fn handle(ctx: &Context, event: &FullEvent, data: &Data) -> Result<(), Error> {
    data.desk.heard_from_platform().await;
    match event {
        FullEvent::Message { new_message } => on_message(new_message, data).await,
        FullEvent::InteractionCreate { interaction } => {
            if let Some(ci) = interaction.as_message_component() {
                on_component(ctx, ci, data).await
            } else if let Some(mi) = interaction.as_modal_submit() {
                if mi.data.custom_id.starts_with(after::FORM) {
                    return after::submit(ctx, mi, data).await;
                }
                forms::submit(ctx, mi, data).await
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

/// A direct message: a free-text answer to the person's active conversation.
async fn on_message(msg: &Message, data: &Data) -> Result<(), Error> {
    if msg.author.bot || msg.guild_id.is_some() {
        return Ok(());
    }
    let who = Who {
        id: msg.author.id.get(),
        name: msg.author.name.clone(),
        locale: None,
    };
    // What the answer sends, or what a refused message is told, is planned in the outbox; the
    // dispatcher sends it (nothing is sent from here: a restart must not lose it).
    if let Err(e) = data
        .desk
        .direct_message(&who, msg.id.get(), &msg.content)
        .await
    {
        log_desk_error(&e);
    }
    Ok(())
}

pub(super) fn who_of(user: &serenity::all::User, locale: &str) -> Who {
    Who {
        id: user.id.get(),
        name: user.name.clone(),
        locale: Some(locale.to_owned()),
    }
}

pub(super) fn lang_of_locale(locale: &str, data: &Data) -> Lang {
    Lang::parse(locale).unwrap_or(data.desk.config().language)
}

pub(super) fn log_desk_error(e: &DeskError) {
    match e {
        DeskError::Store(s) => tracing::error!(error = %s, "store error while handling an input"),
        other => tracing::debug!(reason = %other, "input refused"),
    }
}

async fn on_component(ctx: &Context, ci: &ComponentInteraction, data: &Data) -> Result<(), Error> {
    if let Some(rest) = ci.data.custom_id.strip_prefix("rights:") {
        return super::commands::mydata::on_button(ctx, ci, rest, data).await;
    }
    let Some(click) = parse_custom_id(&ci.data.custom_id) else {
        return Ok(());
    };
    let conversation = click.conversation;
    let who = who_of(&ci.user, &ci.locale);
    let lang = lang_of_locale(&ci.locale, data);
    let input = match click.action.clone() {
        Action::Start => return start(ctx, ci, conversation, &who, lang, data).await,
        Action::Answer => return forms::open(ctx, ci, &click, Write::Answer, data).await,
        Action::Choice(id) => match Chosen::from_id(&id) {
            Chosen::Talk(Pick::Input(input)) => input,
            Chosen::Talk(Pick::Write(kind)) => {
                return forms::open(ctx, ci, &click, kind, data).await
            }
            Chosen::Reschedule { proposal, decision } => {
                return decide(ctx, ci, proposal, decision, &who, lang, data).await;
            }
            Chosen::After { outcome, choice } => {
                return after::on_click(ctx, ci, outcome, choice, &who, lang, data).await;
            }
        },
        Action::Many | Action::OneOfMany => {
            let values = match &ci.data.kind {
                ComponentInteractionDataKind::StringSelect { values } => values.clone(),
                _ => Vec::new(),
            };
            if click.action == Action::Many {
                Input::Choices(values)
            } else {
                Input::Choice(values.into_iter().next().unwrap_or_default())
            }
        }
        Action::Back => Input::Back,
        Action::Skip => Input::Skip,
        Action::Pause => Input::Pause,
        // Answers to "a closing is in progress" (see `commands/session.rs`).
        Action::Resume | Action::Restart(_) => {
            return in_progress::choose(ctx, ci, &click, &who, lang, data).await
        }
    };
    ci.create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
        .await?;
    let sent = Sent::With(click.question);
    match data.desk.answer(conversation, &who, input, sent).await {
        Ok(_planned) => clear_buttons(ctx, ci).await,
        Err(e) => {
            if matches!(e, DeskError::Stale) {
                // An older question: its buttons go too; the current one was sent again.
                clear_buttons(ctx, ci).await;
            }
            refuse_followup(ctx, &ci.token, lang, &e, data).await?;
        }
    }
    Ok(())
}

/// The prompt is answered (or over): its buttons go, so it cannot be answered twice.
pub(super) async fn clear_buttons(ctx: &Context, ci: &ComponentInteraction) {
    let cleared = EditInteractionResponse::new().components(Vec::new());
    if let Err(e) = ci.edit_response(&ctx.http, cleared).await {
        tracing::debug!(error = %e, "could not clear the answered prompt's buttons");
    }
}

/// An answer to a proposed change of date or rhythm.
async fn decide(
    ctx: &Context,
    ci: &ComponentInteraction,
    proposal: i64,
    decision: Decision,
    who: &Who,
    lang: Lang,
    data: &Data,
) -> Result<(), Error> {
    ci.create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
        .await?;
    match data.desk.decide_reschedule(proposal, who, decision).await {
        Ok(msg) => {
            let cleared = EditInteractionResponse::new().components(Vec::new());
            if let Err(e) = ci.edit_response(&ctx.http, cleared).await {
                tracing::debug!(error = %e, "could not clear the answered proposal's buttons");
            }
            let follow = CreateInteractionResponseFollowup::new()
                .content(crate::discord::render::text(&data.i18n, lang, &msg))
                .ephemeral(true)
                .allowed_mentions(CreateAllowedMentions::new());
            ctx.http
                .create_followup_message(&ci.token, &follow, Vec::new())
                .await?;
        }
        Err(e) => refuse_followup(ctx, &ci.token, lang, &e, data).await?,
    }
    Ok(())
}

/// The beneficiary's Start button on the public message: their DM opens now.
async fn start(
    ctx: &Context,
    ci: &ComponentInteraction,
    conversation: i64,
    who: &Who,
    lang: Lang,
    data: &Data,
) -> Result<(), Error> {
    // Only the conversation's beneficiary begins it: the service decides.
    if let Err(e) = data.desk.may_start(conversation, who.id).await {
        let text = data.i18n.text(lang, e.message_id());
        let reply = CreateInteractionResponseMessage::new()
            .content(text)
            .ephemeral(true);
        ci.create_response(&ctx.http, CreateInteractionResponse::Message(reply))
            .await?;
        return Ok(());
    }
    ci.defer_ephemeral(&ctx.http).await?;
    if let Err(e) = data.desk.current(conversation, who).await {
        log_desk_error(&e);
        let text = data.i18n.text(lang, e.message_id());
        ci.edit_response(&ctx.http, private_edit(text)).await?;
        return Ok(());
    }
    // The first question is in the outbox: wait (briefly) for the dispatcher to send it, to
    // say where it went.
    data.desk.settle(std::time::Duration::from_secs(2)).await;
    use crate::outbox::PromptFate;
    let sent = data.desk.latest_prompt(conversation, who.id).await?;
    let id = match sent {
        Some(PromptFate::InThread) => "discord-start-thread",
        Some(PromptFate::Failed) => "discord-start-dms-closed",
        _ => "discord-start-check-dms",
    };
    ci.edit_response(&ctx.http, private_edit(data.i18n.text(lang, id)))
        .await?;
    Ok(())
}

fn private_edit(text: String) -> EditInteractionResponse {
    EditInteractionResponse::new()
        .content(text)
        .allowed_mentions(CreateAllowedMentions::new())
}

pub(super) async fn refuse_followup(
    ctx: &Context,
    token: &str,
    lang: Lang,
    e: &DeskError,
    data: &Data,
) -> Result<(), Error> {
    log_desk_error(e);
    private_followup(ctx, token, data.i18n.text(lang, e.message_id())).await
}

/// A follow-up to an interaction that only the person who acted sees, pinging no one.
pub(super) async fn private_followup(
    ctx: &Context,
    token: &str,
    text: String,
) -> Result<(), Error> {
    let follow = CreateInteractionResponseFollowup::new()
        .content(text)
        .ephemeral(true)
        .allowed_mentions(CreateAllowedMentions::new());
    ctx.http
        .create_followup_message(token, &follow, Vec::new())
        .await?;
    Ok(())
}
