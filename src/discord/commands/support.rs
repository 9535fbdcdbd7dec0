//! `/support pause|resume|end [person]` (`/appui pause|reprendre|fin`): the advisor, or the
//! beneficiary for their own support, pauses, resumes or ends it. A pause or an end stops
//! every planned message at once; the other side is told.

use serenity::all::User;

use super::{caller, Call};
use crate::conversation::Change;
use crate::discord::{Ctx, Error};

/// Pause, resume or end a support.
#[poise::command(
    slash_command,
    subcommands("pause", "resume", "end"),
    subcommand_required
)]
pub async fn support(_ctx: Ctx<'_>) -> Result<(), Error> {
    Ok(())
}

/// Pause the support: no reminder until it resumes.
#[poise::command(slash_command)]
pub async fn pause(
    ctx: Ctx<'_>,
    #[description = "The other person (if you have several supports)"] person: Option<User>,
) -> Result<(), Error> {
    change(ctx, person, Change::Pause, "followup-you-paused").await
}

/// Resume a paused support.
#[poise::command(slash_command)]
pub async fn resume(
    ctx: Ctx<'_>,
    #[description = "The other person (if you have several supports)"] person: Option<User>,
) -> Result<(), Error> {
    change(ctx, person, Change::Resume, "followup-you-resumed").await
}

/// End the support: no more messages about it.
#[poise::command(slash_command)]
pub async fn end(
    ctx: Ctx<'_>,
    #[description = "The other person (if you have several supports)"] person: Option<User>,
) -> Result<(), Error> {
    change(ctx, person, Change::End, "followup-you-ended").await
}

async fn change(
    ctx: Ctx<'_>,
    person: Option<User>,
    change: Change,
    done: &str,
) -> Result<(), Error> {
    let call = Call::new(ctx).await;
    let other = person.map(|u| u.id.get());
    let changed = call
        .data
        .desk
        .change_support(call.guild_or_dm(), &caller(&ctx), other, change)
        .await;
    let id = changed.map_or_else(|e| e.message_id(), |_| done);
    call.reply(&call.text(id)).await
}
