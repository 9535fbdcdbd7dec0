//! `/mydata export` and `/mydata delete` (`/mesdonnees exporter`, `/mesdonnees effacer`): a
//! person takes away everything suivi holds about them (a JSON file with a readable summary,
//! shown to them alone), or has it erased after confirming with a button. Only the caller's
//! own data, in every case.

use serenity::all::{
    ButtonStyle, ComponentInteraction, Context, CreateActionRow, CreateAttachment, CreateButton,
    CreateInteractionResponse, CreateInteractionResponseMessage,
};

use super::Call;
use crate::conversation::Desk;
use crate::discord::{Ctx, Data, Error};
use crate::i18n::Lang;

/// Your data: take it away, or have it erased.
#[poise::command(slash_command, subcommands("export", "delete"), subcommand_required)]
pub async fn mydata(_ctx: Ctx<'_>) -> Result<(), Error> {
    Ok(())
}

/// Everything suivi holds about you, as a file only you see.
#[poise::command(slash_command)]
pub async fn export(ctx: Ctx<'_>) -> Result<(), Error> {
    let call = Call::new(ctx).await;
    let (lang, data) = (call.lang, call.data);
    let me = ctx.author().id.get();
    ctx.defer_ephemeral().await?;
    let doc = data.desk.export_data(me, Some(me)).await?;
    let json = serde_json::to_vec_pretty(&doc)?;
    let summary = call.render(&Desk::export_summary(&doc));
    ctx.send(
        poise::CreateReply::default()
            .content(summary)
            .attachment(CreateAttachment::bytes(
                json,
                match lang {
                    Lang::Fr => "suivi-mes-donnees.json",
                    Lang::En | Lang::EnGb => "suivi-my-data.json",
                },
            ))
            .ephemeral(true),
    )
    .await?;
    Ok(())
}

/// Erase everything suivi holds about you (you will be asked to confirm).
#[poise::command(slash_command)]
pub async fn delete(ctx: Ctx<'_>) -> Result<(), Error> {
    let call = Call::new(ctx).await;
    let me = ctx.author().id.get();
    let buttons = vec![
        CreateButton::new(format!("rights:erase:{me}"))
            .label(call.text("rights-erase-confirm"))
            .style(ButtonStyle::Danger),
        CreateButton::new(format!("rights:keep:{me}"))
            .label(call.text("rights-erase-cancel"))
            .style(ButtonStyle::Secondary),
    ];
    ctx.send(
        poise::CreateReply::default()
            .content(call.text("rights-erase-ask"))
            .components(vec![CreateActionRow::Buttons(buttons)])
            .ephemeral(true),
    )
    .await?;
    Ok(())
}

/// The confirmation buttons (`rights:erase:<user>`, `rights:keep:<user>`): only that user's
/// click erases.
pub async fn on_button(
    ctx: &Context,
    ci: &ComponentInteraction,
    rest: &str,
    data: &Data,
) -> Result<(), Error> {
    let lang = Lang::parse(&ci.locale).unwrap_or(data.desk.config().language);
    let (what, user) = rest.split_once(':').unwrap_or((rest, ""));
    // Whose buttons these are, the service decides: only the person who asked acts on them.
    let clicker = ci.user.id.get();
    let owner = user.parse::<u64>().unwrap_or(0);
    let mine = data.desk.own_data(clicker, owner);
    let id = match (what, &mine) {
        (_, Err(e)) => e.message_id(),
        ("erase", Ok(())) => match data.desk.erase_data(owner, Some(clicker)).await {
            Ok(_) => "rights-erased",
            Err(e) => {
                tracing::error!(error = %e, "erasure failed");
                "desk-store-error"
            }
        },
        _ => "rights-erase-kept",
    };
    let reply = CreateInteractionResponseMessage::new()
        .content(data.i18n.text(lang, id))
        .components(Vec::new());
    let response = if mine.is_ok() {
        CreateInteractionResponse::UpdateMessage(reply)
    } else {
        CreateInteractionResponse::Message(reply.ephemeral(true))
    };
    ci.create_response(&ctx.http, response).await?;
    Ok(())
}
