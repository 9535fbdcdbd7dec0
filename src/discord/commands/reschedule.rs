//! `/reschedule [when] [rhythm] [person]` (`/replanifier`): either side proposes a new date
//! for the next exchange, a new rhythm, or both, typed as people type them ("mardi 14h",
//! "toutes les 3 semaines"). The other side accepts or declines with a button in their DMs.

use serenity::all::User;

use super::{caller, Call};
use crate::discord::{Ctx, Error};

/// Propose a new date or rhythm for your exchanges.
#[poise::command(slash_command)]
pub async fn reschedule(
    ctx: Ctx<'_>,
    #[description = "The new date and time, e.g. \"tuesday 2pm\""] when: Option<String>,
    #[description = "The new rhythm, e.g. \"every 3 weeks\""] rhythm: Option<String>,
    #[description = "The other person (if you have several supports)"] person: Option<User>,
) -> Result<(), Error> {
    let call = Call::new(ctx).await;
    let other = person.map(|u| u.id.get());
    let (when, rhythm) = (when.as_deref(), rhythm.as_deref());
    let desk = &call.data.desk;
    let said = desk
        .propose_reschedule(call.guild_or_dm(), &caller(&ctx), other, when, rhythm)
        .await;
    call.reply(&call.render(&said.unwrap_or_else(|e| e.msg())))
        .await
}
