//! `/reschedule [when] [rhythm] [person]` (`/replanifier`): either side proposes a new date
//! for the next exchange, a new rhythm, or both, typed as people type them ("mardi 14h",
//! "toutes les 3 semaines"). The other side accepts or declines with a button in their DMs.

use serenity::all::User;

use super::{caller, lang, reply_private};
use crate::discord::{Ctx, Error};

/// Propose a new date or rhythm for your exchanges.
#[poise::command(slash_command)]
pub async fn reschedule(
    ctx: Ctx<'_>,
    #[description = "The new date and time, e.g. \"tuesday 2pm\""] when: Option<String>,
    #[description = "The new rhythm, e.g. \"every 3 weeks\""] rhythm: Option<String>,
    #[description = "The other person (if you have several supports)"] person: Option<User>,
) -> Result<(), Error> {
    let lang = lang(&ctx).await;
    let data = ctx.data();
    let guild = ctx.guild_id().map_or(0, |g| g.get());
    let other = person.map(|u| u.id.get());
    let text = match data
        .desk
        .propose_reschedule(
            guild,
            &caller(&ctx),
            other,
            when.as_deref(),
            rhythm.as_deref(),
        )
        .await
    {
        Ok(msg) => crate::discord::render::text(&data.i18n, lang, &msg),
        Err(e) => crate::discord::render::text(&data.i18n, lang, &e.msg()),
    };
    reply_private(&ctx, &text).await
}
